//! RPT-4's reminders: each reviewer who still has undecided items in an open campaign is
//! emailed how many wait and by when (through the outbox, MAIL-2), and the journal says
//! who was reminded. The list shows when the last reminder went, and a campaign due within
//! `DUE_SOON_DAYS` as due soon. Nothing is decided or revoked by a reminder.

use crate::engine::Trellis;
use crate::ApiResult;
use std::collections::BTreeMap;
use trellis_core::mail::MailKind;
use trellis_core::model::MemberStatus;
use trellis_core::reviews::ReviewStatus;
use trellis_core::wire::{ReviewRef, ReviewReminded};
use trellis_core::{MemberId, Millis, ReviewId, RuleError};
use trellis_store::{Change, CredentialWrite};

/// A campaign due within this many days is shown as due soon.
pub const DUE_SOON_DAYS: i64 = 3;

impl Trellis {
    /// Queues a reminder to every reviewer with undecided items in the campaign.
    pub async fn review_remind(&self, req: ReviewRef) -> ApiResult<ReviewReminded> {
        self.require_review_runner().await?;
        let actor = self.actor().await?;
        Self::me(&actor)?;
        let id = ReviewId::parse(&req.review_id, "review_id")?;
        let at = crate::engine::now();
        let (name, writes, reviewers) = {
            let inner = self.read().await;
            let state = &inner.state;
            let r = state.reviews().find(id)?;
            if r.status != ReviewStatus::Open {
                return Err(RuleError::rule(Some("review_id"), format!("“{}” is completed: nobody to remind", r.name)));
            }
            // Each undecided item's reviewer, or the fallback reviewer when they are gone.
            let active = |m: MemberId| state.member(m).is_some_and(|x| x.status == MemberStatus::Active);
            let mut waiting: BTreeMap<MemberId, u32> = BTreeMap::new();
            for i in state.reviews().items(id).filter(|i| i.decision.is_none()) {
                let who = if active(i.reviewer) { i.reviewer } else { r.fallback };
                *waiting.entry(who).or_default() += 1;
            }
            if waiting.is_empty() {
                return Err(RuleError::rule(Some("review_id"), "Every item is decided: nobody to remind"));
            }
            let due = crate::mail_delivery::date(r.due);
            let mut writes = Vec::new();
            let mut reviewers = Vec::new();
            for (m, n) in waiting {
                let Some(member) = state.member(m).filter(|_| active(m)) else { continue };
                let when = if at > r.due { format!("was due on {due}") } else { format!("is due on {due}") };
                let items = if n == 1 { "1 of your items waits".to_owned() } else { format!("{n} of your items wait") };
                let body = format!("The access review “{}” {when}. {items} for a decision.", r.name);
                let mut mail = crate::mail::queued(state, MailKind::ReviewReminder, m.0, &member.email, None)?;
                if let CredentialWrite::Mail(q) = &mut mail {
                    q.body = Some(body);
                }
                writes.push(mail);
                reviewers.push(member.email.clone());
            }
            if reviewers.is_empty() {
                return Err(RuleError::rule(
                    Some("review_id"),
                    "Nobody active reviews the undecided items: choose a fallback reviewer who is",
                ));
            }
            (r.name.clone(), writes, reviewers)
        };
        let change = Change {
            kind: "review_reminder".into(),
            id: id.to_string(),
            label: name.clone(),
            before: None,
            after: Some(serde_json::json!({ "reviewers": reviewers })),
        };
        // The journal's time, which the list shows as "reminded".
        let at = self.security_event(actor, "review.remind", &name, vec![change], &writes).await?;
        self.mail_poke();
        Ok(ReviewReminded { reviewers, at })
    }

    /// When each campaign's reviewers were last reminded (from the journal).
    pub(crate) async fn reminded(&self) -> ApiResult<std::collections::HashMap<ReviewId, Millis>> {
        Ok(self.facts().await?.reminded.clone())
    }
}
