//! RPT-4: completing a campaign and its evidence. Completing turns the decided
//! revocations and role changes into a draft — checked on a copy of live before the
//! campaign closes, so a decision the rules refuse (the last Owner) stops it with nothing
//! changed. Undecided items stay as they are: nothing is revoked without a decision.

use crate::audit::require_export;
use crate::engine::{internal, now, Trellis};
use crate::reports::guard_formula;
use crate::reviews::review_row;
use crate::ApiResult;
use std::collections::BTreeMap;
use std::io::Write;
use trellis_core::model::{Builtin, RoleGroup};
use trellis_core::partners::AccessRoles;
use trellis_core::reviews::{roles_now, ReviewItem, Verdict};
use trellis_core::wire::*;
use trellis_core::{Actor, MemberId, Millis, Op, Permission, Person, ReviewId, RoleId, RuleError, State};

/// The ops that carry out a campaign's decisions, and how many needed nothing.
fn decision_ops(state: &State, items: &[&ReviewItem]) -> (Vec<Op>, u32) {
    let mut ops = Vec::new();
    let mut done = 0;
    // Members' changes go in one op per target role (None: no role).
    let mut members: BTreeMap<Option<RoleId>, Vec<MemberId>> = BTreeMap::new();
    for item in items {
        let Some(verdict) = item.decision.as_ref().map(|d| d.verdict).filter(|v| v.changes_access()) else {
            continue;
        };
        if roles_now(state, item.person).is_empty() {
            done += 1; // their access already went
            continue;
        }
        match (item.person, verdict) {
            (Person::Member(m), Verdict::Revoke) => members.entry(None).or_default().push(m),
            (Person::Member(m), Verdict::ChangeRole(r)) => {
                if state.member(m).is_some_and(|x| x.role == Some(r)) {
                    done += 1;
                } else {
                    members.entry(Some(r)).or_default().push(m);
                }
            }
            (Person::Contact(c), Verdict::Revoke) => ops.push(Op::RevokeAccess { contact: c }),
            (Person::Contact(c), Verdict::ChangeRole(r)) => {
                let (Some(contact), Some(role)) = (state.contact(c), state.role(r)) else { continue };
                let Some(access) = contact.access.as_ref() else { continue };
                let no_admin = Builtin::NoAdmin.id();
                let mut roles = AccessRoles {
                    portal_role: access.portal_role,
                    agent_role: access.agent_role,
                    admin_role: Some(access.admin_role).filter(|a| *a != no_admin),
                };
                match role.group {
                    RoleGroup::Portal => roles.portal_role = r,
                    RoleGroup::Agent => roles.agent_role = Some(r),
                    RoleGroup::Admin => roles.admin_role = Some(r).filter(|a| *a != no_admin),
                    RoleGroup::Workspace => continue,
                }
                let now_roles = AccessRoles {
                    portal_role: access.portal_role,
                    agent_role: access.agent_role,
                    admin_role: Some(access.admin_role).filter(|a| *a != no_admin),
                };
                if roles == now_roles {
                    done += 1;
                    continue;
                }
                ops.push(Op::UpdateAccess {
                    contact: c,
                    version: contact.version,
                    roles,
                    hierarchy_role: access.hierarchy_role,
                    can_grant_subpartners: access.can_grant_subpartners,
                });
            }
            (_, Verdict::Keep) => {}
        }
    }
    for (role, list) in members {
        ops.insert(0, Op::ChangeRoles { members: list, role });
    }
    (ops, done)
}

fn when(at: Millis) -> String {
    jiff::Timestamp::from_millisecond(at).map_or_else(|_| at.to_string(), |t| t.to_string())
}

impl Trellis {
    /// Closes a campaign; its revocations and changes become a draft to review and publish.
    pub async fn review_complete(&self, req: ReviewRef) -> ApiResult<ReviewCompleted> {
        self.require_review_runner().await?;
        self.require_live().map_err(|_| {
            RuleError::rule(Some("draft"), "Access reviews happen live: leave the draft to complete one")
        })?;
        let actor = self.actor().await?;
        let Actor::Member(me) = actor else { return Err(RuleError::forbidden("Only a member completes a review")) };
        let id = ReviewId::parse(&req.review_id, "review_id")?;
        let at = now();
        // Checked on a copy of live first: the campaign closes only if its draft can be made.
        let (name, steps, undecided, already_done) = {
            let inner = self.read().await;
            let state = &inner.state;
            let probe = Op::CompleteReview { review: id, at };
            trellis_core::apply(state, &actor, &probe)?;
            let review = state.reviews().review(id).ok_or_else(|| internal("checked above"))?;
            let items: Vec<&ReviewItem> = state.reviews().items(id).collect();
            let undecided = items.iter().filter(|i| i.decision.is_none()).count() as u32;
            let (ops, done) = decision_ops(state, &items);
            let steps = crate::draft_build::dry_run(state, &actor, ops)?;
            (review.name.clone(), steps, undecided, done)
        };
        self.execute(Op::CompleteReview { review: id, at }).await?;
        let draft = if steps.is_empty() {
            None
        } else {
            let kept = match undecided {
                0 => String::new(),
                1 => " The one person nobody decided keeps their access as it is.".to_owned(),
                n => format!(" The {n} people nobody decided keep their access as it is."),
            };
            let description = format!("The revocations and role changes decided in the access review “{name}”.{kept}");
            Some(self.draft_from_steps(&format!("Access review: {name}"), &description, me, steps).await?)
        };
        let inner = self.read().await;
        let r = inner.state.reviews().review(id).ok_or_else(|| internal("the review is missing"))?;
        Ok(ReviewCompleted { review: review_row(&inner.state, r, me, now()), draft, undecided, already_done })
    }

    /// RPT-4's evidence: every item with its decision, reviewer, time and comment, and the
    /// journal entry that completed the campaign with its chain link (RPT-6).
    pub async fn review_evidence_csv(&self, req: ReviewRef, out: impl Write) -> ApiResult<u32> {
        let perms = self.session_permissions().await?;
        require_export(perms)?;
        if !perms.contains(Permission::Crud(trellis_core::Resource::AuditLog, trellis_core::Action::Read)) {
            return Err(RuleError::forbidden(
                "Your role does not allow this: the evidence needs the permission to read the audit log",
            ));
        }
        let id = ReviewId::parse(&req.review_id, "review_id")?;
        let completed = self.store().completion_link(&id.to_string()).await.map_err(internal)?;
        let (seq, link) = completed.map_or((String::new(), String::new()), |(s, l)| {
            (s.to_string(), l.map(|l| trellis_core::chain::hex(&l)).unwrap_or_default())
        });
        let inner = self.read().await;
        let state = &inner.state;
        let review = state.reviews().find(id)?;
        let failed = |e: csv::Error| RuleError::internal(format!("Could not write the evidence: {e}"));
        let mut w = csv::Writer::from_writer(std::io::BufWriter::new(out));
        w.write_record([
            "Review",
            "Kind",
            "Name",
            "Email",
            "Partner account",
            "Roles when the review started",
            "Reviewer",
            "Decision",
            "New role",
            "Comment",
            "Decided by",
            "Decided at (UTC)",
            "Completed at (UTC)",
            "Completing journal entry",
            "Its chain link (SHA-256)",
        ])
        .map_err(failed)?;
        let name_of = |m: MemberId| state.member(m).map(|x| x.email.clone()).unwrap_or_default();
        let role_of = |r: RoleId| state.role(r).map(|x| x.name.clone()).unwrap_or_else(|| r.to_string());
        let completed_at = review.completed_at.map(when).unwrap_or_default();
        let mut rows = 0;
        for item in state.reviews().items(id) {
            let (kind, name, email) = match item.person {
                Person::Member(m) => {
                    let x = state.member(m);
                    ("member", x.map(|x| x.name.clone()), x.map(|x| x.email.clone()))
                }
                Person::Contact(c) => {
                    let x = state.contact(c);
                    ("partner user", x.map(|x| x.name.clone()), x.map(|x| x.email.clone()))
                }
            };
            let account = item.account.and_then(|a| state.account(a)).map(|a| a.name.clone()).unwrap_or_default();
            let roles: Vec<String> = item.roles.iter().map(|r| role_of(*r)).collect();
            let d = item.decision.as_ref();
            let (decision, new_role) = match d.map(|d| d.verdict) {
                None => ("undecided (unchanged)", String::new()),
                Some(Verdict::Keep) => ("keep", String::new()),
                Some(Verdict::Revoke) => ("revoke", String::new()),
                Some(Verdict::ChangeRole(r)) => ("change role", role_of(r)),
            };
            w.write_record([
                guard_formula(&review.name).as_ref(),
                kind,
                guard_formula(&name.unwrap_or_default()).as_ref(),
                guard_formula(&email.unwrap_or_default()).as_ref(),
                guard_formula(&account).as_ref(),
                guard_formula(&roles.join("; ")).as_ref(),
                &name_of(item.reviewer),
                decision,
                guard_formula(&new_role).as_ref(),
                guard_formula(d.map_or("", |d| d.comment.as_str())).as_ref(),
                &d.map(|d| name_of(d.by)).unwrap_or_default(),
                &d.map(|d| when(d.at)).unwrap_or_default(),
                &completed_at,
                &seq,
                &link,
            ])
            .map_err(failed)?;
            rows += 1;
        }
        w.flush().map_err(|e| RuleError::internal(format!("Could not write the evidence: {e}")))?;
        Ok(rows)
    }
}
