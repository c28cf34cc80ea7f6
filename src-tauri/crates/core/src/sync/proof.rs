//! The actor proof: a change counts as a member's only when the shared database says the
//! member's own login appended it. The database fills the login in; a client cannot.

use super::Logged;
use crate::access::require;
use crate::error::{RuleError, RuleResult};
use crate::op::Actor;
use crate::permissions::{Permission, Special};
use crate::state::State;
use serde::{Deserialize, Serialize};

/// The history a workspace was published with: the first `head` rows of the log, appended
/// by the publisher's login in the same transaction that created the shared workspace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Genesis {
    pub head: u64,
    pub login: String,
}

/// Whether `row` may be applied as its actor's change (before the rules are checked).
pub fn prove(state: &State, genesis: &Genesis, row: &Logged) -> RuleResult<()> {
    if row.seq <= genesis.head {
        return if row.login == genesis.login {
            Ok(())
        } else {
            Err(forged(&row.login, "the workspace's published history"))
        };
    }
    let e = &row.envelope;
    match e.actor {
        Actor::Bootstrap => Err(forged(&row.login, "the first run")),
        Actor::Member(id) => {
            let member = state.member(id).ok_or_else(|| forged(&row.login, "an unknown member"))?;
            if member.db_login.as_deref() == Some(row.login.as_str()) {
                Ok(())
            } else {
                Err(forged(&row.login, &member.email))
            }
        }
        // PORT-5: the portal service acts for partner users who have access at this point
        // of the log; what they may do, the rules check next.
        Actor::Partner(contact) if e.via.is_none() && crate::rules::logins::is_portal_login(state, &row.login) => {
            match crate::visibility::viewer(state, crate::records::Person::Contact(contact)) {
                Some(_) => Ok(()),
                None => Err(forged(&row.login, "a partner user without portal access")),
            }
        }
        Actor::Partner(_) => {
            let via = e.via.ok_or_else(|| forged(&row.login, "a partner user with no manager behind it"))?;
            let member = state.member(via).ok_or_else(|| forged(&row.login, "an unknown member"))?;
            if member.db_login.as_deref() != Some(row.login.as_str()) {
                return Err(forged(&row.login, &member.email));
            }
            require(state, &Actor::Member(via), Permission::Special(Special::LogInAsPartner)).map(|_| ())
        }
    }
}

fn forged(login: &str, claimed: &str) -> RuleError {
    RuleError::forbidden(format!(
        "The database login {login} appended this change in the name of {claimed}; it is not theirs, so no desktop applies it"
    ))
}

/// Whose password a shared credential row sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CredentialKind {
    Member,
    Contact,
}

/// Whether a password hash written to the shared database under `login` may be taken in:
/// a member's own login may set their password; a manager's login may set it when they
/// may edit members (a reset, an invitation accepted at their desk) — or, for a partner
/// user, when they manage partner access or act as a partner admin (PC-5).
pub fn credential_writer_ok(state: &State, kind: CredentialKind, subject: uuid::Uuid, login: &str) -> bool {
    use crate::permissions::{Action, Resource};
    if kind == CredentialKind::Member
        && state.member(crate::ids::MemberId(subject)).is_some_and(|m| m.db_login.as_deref() == Some(login))
    {
        return true;
    }
    if kind == CredentialKind::Contact && state.contact(crate::ids::ContactId(subject)).is_none() {
        return false;
    }
    // PORT-5: the portal service sets partner users' passwords (their own change, an
    // invitation accepted, a partner admin's new colleague) — never a member's.
    if crate::rules::logins::is_portal_login(state, login) {
        return kind == CredentialKind::Contact;
    }
    let Some(writer) = state.member_by_db_login(login) else {
        return false;
    };
    let perms = crate::access::effective_permissions(state, writer);
    match kind {
        CredentialKind::Member => perms.contains(Permission::Crud(Resource::Members, Action::Update)),
        CredentialKind::Contact => {
            (perms.contains(Permission::Crud(Resource::PartnerUsers, Action::Update))
                && perms.contains(Permission::Special(Special::ManagePartnerAccess)))
                || perms.contains(Permission::Special(Special::LogInAsPartner))
        }
    }
}
