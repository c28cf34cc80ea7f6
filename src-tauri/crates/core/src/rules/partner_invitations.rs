//! PU-2, PORT-1: invitation links for partner users. A manager (or a partner's own user
//! admin, PC-4) issues one for a user with access; the portal spends it when the user sets
//! their password with it. Only the code's digest is in the state and the log; the code is
//! shown once to whoever issued it and travels only inside the link.

use crate::access::require;
use crate::error::{RuleError, RuleResult};
use crate::event::Event;
use crate::ids::{ContactId, Millis};
use crate::op::Actor;
use crate::partners::PartnerInvitation;
use crate::permissions::{Action, Permission, Resource, Special};
use crate::state::State;

fn link_gone() -> RuleError {
    RuleError::invalid("code", "This invitation link is not valid any more: ask your partner manager for a new one")
}

/// PU-2, PORT-1: access given (or a user added) together with their first link: the
/// link's digest goes on the contact the op saved. One op, so sync accepts or parks the
/// access and its link together.
pub fn attach(
    mut events: Vec<Event>,
    contact: ContactId,
    invitation: Option<&PartnerInvitation>,
) -> RuleResult<Vec<Event>> {
    let Some(invitation) = invitation else { return Ok(events) };
    check_digest(&invitation.digest)?;
    let saved = events.iter_mut().rev().find_map(|e| match e {
        Event::ContactSaved { after, .. } if after.id == contact => Some(after),
        _ => None,
    });
    if let Some(after) = saved {
        after.invitation =
            Some(PartnerInvitation { digest: invitation.digest.to_ascii_lowercase(), expires: invitation.expires });
    }
    Ok(events)
}

fn check_digest(digest: &str) -> RuleResult<()> {
    if digest.len() != 64 || !digest.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(RuleError::invalid("digest", "An invitation is kept as a SHA-256 digest"));
    }
    Ok(())
}

/// Issues (or replaces) `contact`'s link. A member needs to update partner users and manage
/// partner access; a partner user must be a user admin of the contact's account, or the
/// contact themselves (forgot password).
pub fn invite(
    state: &State,
    actor: &Actor,
    contact: ContactId,
    digest: &str,
    expires: Millis,
) -> RuleResult<Vec<Event>> {
    match actor {
        // SEC-6: a partner user who forgot their password issues their own link (the
        // portal makes it last an hour and mails it; the answer never says who exists).
        Actor::Partner(me) if *me == contact => {}
        Actor::Partner(admin) => {
            let managed = super::partner_admin::managed_accounts(state, *admin);
            let account = state.contact(contact).map(|c| c.account);
            if !account.is_some_and(|a| managed.contains(&a)) {
                return Err(RuleError::forbidden("You may invite only users of the accounts you manage (PC-4)"));
            }
        }
        _ => {
            require(state, actor, Permission::Crud(Resource::PartnerUsers, Action::Update))?;
            require(state, actor, Permission::Special(Special::ManagePartnerAccess))?;
        }
    }
    let before = state
        .contact(contact)
        .ok_or_else(|| RuleError::not_found("contact_id", format!("No contact with id {contact}")))?;
    if !before.has_access() {
        return Err(RuleError::rule(
            Some("contact_id"),
            format!("{} has no portal access: give access first", before.email),
        ));
    }
    check_digest(digest)?;
    let mut after = before.clone();
    after.invitation = Some(PartnerInvitation { digest: digest.to_ascii_lowercase(), expires });
    Ok(vec![Event::ContactSaved { before: Some(before.clone()), after }])
}

/// The user set their password with the link at `at` (the portal checked the code): the
/// link is spent. Only the user themselves, with access, before it expires.
pub fn accept(state: &State, actor: &Actor, contact: ContactId, at: Millis) -> RuleResult<Vec<Event>> {
    if *actor != Actor::Partner(contact) {
        return Err(RuleError::forbidden("Only the invited partner user accepts their invitation"));
    }
    let before = state.contact(contact).filter(|c| c.has_access()).ok_or_else(link_gone)?;
    match &before.invitation {
        Some(i) if i.expires > at => {}
        _ => return Err(link_gone()),
    }
    let mut after = before.clone();
    after.invitation = None;
    Ok(vec![Event::ContactSaved { before: Some(before.clone()), after }])
}
