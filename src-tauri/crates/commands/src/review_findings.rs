//! RPT-4's findings: access that looks unused, each with a draft that ends it — partner
//! users quiet for N days (default 30), invitation links expired or never used, enabled
//! accounts where nobody has access, accounts whose users hold more licences than the
//! account's share (WS-3; the share was lowered under them), and members whose role can
//! change things who changed nothing. A finding only proposes: its draft shows the effect,
//! four eyes apply, nothing changes until it is published.

use crate::engine::{now, Trellis};
use crate::reviews::Facts;
use crate::ApiResult;
use trellis_core::model::{Builtin, MemberStatus};
use trellis_core::permissions::{Action, Permission};
use trellis_core::wire::*;
use trellis_core::{Actor, Millis, Op, Person, RuleError, State};

const DAY: Millis = 24 * 3600 * 1000;
const DEFAULT_QUIET_DAYS: u32 = 30;
const SHOWN: usize = 200;

fn quiet_days(asked: Option<u32>) -> ApiResult<u32> {
    match asked.unwrap_or(DEFAULT_QUIET_DAYS) {
        0 => Err(RuleError::invalid("quiet_days", "Quiet days must be at least 1")),
        n if n > 3650 => Err(RuleError::invalid("quiet_days", "Quiet days can be at most 3,650 (ten years)")),
        n => Ok(n),
    }
}

fn day(at: Millis) -> String {
    jiff::Timestamp::from_millisecond(at).map_or_else(|_| at.to_string(), |t| t.strftime("%Y-%m-%d").to_string())
}

/// One finding: its rows (and the ops of its draft).
struct Found {
    kind: FindingKind,
    title: String,
    remedy: String,
    rows: Vec<FindingRow>,
    ops: Vec<Op>,
}

fn person_row(state: &State, p: Person, why: String) -> FindingRow {
    let (name, detail) = match p {
        Person::Member(id) => state.member(id).map(|m| (m.display_name().to_owned(), m.email.clone())),
        Person::Contact(id) => state.contact(id).map(|c| {
            let account = state.account(c.account).map(|a| a.name.as_str()).unwrap_or_default();
            (c.name.clone(), format!("{} · {account}", c.email))
        }),
    }
    .unwrap_or_default();
    FindingRow { person: Some(p), account_id: None, name, detail, why }
}

/// Every finding, over `state` at `at`, with the journal's facts.
fn findings(state: &State, facts: &Facts, days: u32, at: Millis, me: Option<trellis_core::MemberId>) -> Vec<Found> {
    let since = at - days as i64 * DAY;
    let mut quiet = Found {
        kind: FindingKind::QuietPartnerUsers,
        title: format!("Partner users with no portal sign-in for {days} days"),
        remedy: "Revoke their portal access".into(),
        rows: vec![],
        ops: vec![],
    };
    let mut invited = Found {
        kind: FindingKind::UnusedInvitations,
        title: format!("Invitations expired, or not used in {days} days"),
        remedy: "Revoke the access they were invited to".into(),
        rows: vec![],
        ops: vec![],
    };
    for c in state.contacts().filter(|c| c.has_access()) {
        let p = Person::Contact(c.id);
        let seen = facts.portal.get(&p).copied();
        let given = facts.given(p).map(|g| g.0);
        if let Some(inv) = &c.invitation {
            let why = if inv.expires <= at {
                format!("link expired {}", day(inv.expires))
            } else if given.is_some_and(|g| g <= since) {
                format!("invited {}, link never used", day(given.unwrap_or_default()))
            } else {
                String::new()
            };
            if !why.is_empty() {
                invited.rows.push(person_row(state, p, why));
                invited.ops.push(Op::RevokeAccess { contact: c.id });
                continue;
            }
        }
        // Access given within the quiet days is not quiet yet.
        let old_enough = given.is_none_or(|g| g <= since);
        match seen {
            Some(s) if s <= since => {
                quiet.rows.push(person_row(state, p, format!("last portal sign-in {}", day(s))));
                quiet.ops.push(Op::RevokeAccess { contact: c.id });
            }
            None if old_enough && c.invitation.is_none() => {
                let why = given.map_or("never signed in to the portal".to_owned(), |g| {
                    format!("never signed in to the portal since access on {}", day(g))
                });
                quiet.rows.push(person_row(state, p, why));
                quiet.ops.push(Op::RevokeAccess { contact: c.id });
            }
            _ => {}
        }
    }
    // Contacts come in hash order: the lists are shown, and drafted, by name.
    for f in [&mut quiet, &mut invited] {
        let mut pairs: Vec<(FindingRow, Op)> = f.rows.drain(..).zip(f.ops.drain(..)).collect();
        pairs.sort_by(|a, b| (a.0.name.to_lowercase(), &a.0.detail).cmp(&(b.0.name.to_lowercase(), &b.0.detail)));
        (f.rows, f.ops) = pairs.into_iter().unzip();
    }
    let mut empty = Found {
        kind: FindingKind::AccountsWithoutUsers,
        title: "Enabled partner accounts where nobody has access".into(),
        remedy: "Disable the accounts".into(),
        rows: vec![],
        ops: vec![],
    };
    for a in state.accounts().filter(|a| a.enabled) {
        if state.contacts_of(a.id).any(|c| c.has_access()) {
            continue;
        }
        let owner = state.member(a.owner).map(|m| m.display_name().to_owned()).unwrap_or_default();
        empty.rows.push(FindingRow {
            person: None,
            account_id: Some(a.id.to_string()),
            name: a.name.clone(),
            detail: format!("owner {owner}"),
            why: "no partner user has access".into(),
        });
        empty.ops.push(Op::DisablePartnerAccount { id: a.id });
    }
    empty.rows.sort_by_key(|r| r.name.to_lowercase());
    let over = over_share(state, facts);
    let mut powers = Found {
        kind: FindingKind::UnusedPowers,
        title: format!("Members who can change things and changed nothing in {days} days"),
        remedy: "Make them Viewers (they keep reading)".into(),
        rows: vec![],
        ops: vec![],
    };
    let mut viewers = Vec::new();
    for m in state.members().filter(|m| m.status == MemberStatus::Active && Some(m.id) != me) {
        let Some(role) = m.role.and_then(|r| state.role(r)) else { continue };
        // Owners stay (the last one must); Viewers have nothing to take away.
        if role.builtin == Some(Builtin::Owner) || role.id == Builtin::Viewer.id() {
            continue;
        }
        let writes = role.permissions.iter().any(|p| !matches!(p, Permission::Crud(_, Action::Read)));
        let last = facts.changed.get(&m.id).copied();
        let joined_long_ago = m.joined_at.unwrap_or(m.invited_at) <= since;
        if writes && joined_long_ago && last.is_none_or(|l| l <= since) {
            let why = last.map_or(format!("{} — never changed anything", role.name), |l| {
                format!("{} — last change {}", role.name, day(l))
            });
            powers.rows.push(person_row(state, Person::Member(m.id), why));
            viewers.push(m.id);
        }
    }
    powers.rows.sort_by_key(|r| r.name.to_lowercase());
    viewers.sort();
    if !viewers.is_empty() {
        powers.ops.push(Op::ChangeRoles { members: viewers, role: Some(Builtin::Viewer.id()) });
    }
    vec![quiet, invited, empty, over, powers]
}

/// WS-3: for each account over its share, the users beyond it — those who signed in to
/// the portal longest ago, never first — whose access the draft would revoke.
fn over_share(state: &State, facts: &Facts) -> Found {
    let mut over = Found {
        kind: FindingKind::AccountsOverShare,
        title: "Partner accounts over their licence share".into(),
        remedy: "Revoke the access of the users beyond the share".into(),
        rows: vec![],
        ops: vec![],
    };
    let mut accounts: Vec<_> = state.accounts().filter(|a| a.licence_share.is_some()).collect();
    accounts.sort_by_key(|a| a.name.to_lowercase());
    for a in accounts {
        let share = a.licence_share.unwrap_or_default();
        let mut users: Vec<_> = state
            .contacts_of(a.id)
            .filter(|c| c.has_access())
            .map(|c| (facts.portal.get(&Person::Contact(c.id)).copied(), c))
            .collect();
        if users.len() as u32 <= share {
            continue;
        }
        let held = users.len();
        // Never signed in (None) sorts first, then the oldest sign-in; by name for ties.
        users.sort_by_key(|x| (x.0, x.1.name.to_lowercase()));
        for (seen, c) in users.into_iter().take(held - share as usize) {
            let last =
                seen.map_or("never signed in to the portal".to_owned(), |s| format!("last portal sign-in {}", day(s)));
            let why = format!("{held} users hold licences; share {share} — {last}");
            over.rows.push(person_row(state, Person::Contact(c.id), why));
            over.ops.push(Op::RevokeAccess { contact: c.id });
        }
    }
    over
}

impl Trellis {
    /// Every finding on live, for the review page.
    pub async fn review_findings(&self, q: ReviewFindingsQuery) -> ApiResult<ReviewFindings> {
        self.review_findings_at(q, now()).await
    }

    /// As `review_findings`, as if it were `at` (tests: weeks pass in a second).
    #[doc(hidden)]
    pub async fn review_findings_at(&self, q: ReviewFindingsQuery, at: Millis) -> ApiResult<ReviewFindings> {
        self.require_review_runner().await?;
        let days = quiet_days(q.quiet_days)?;
        let me = match self.actor().await? {
            Actor::Member(m) => Some(m),
            _ => None,
        };
        let facts = self.facts().await?;
        let inner = self.read().await;
        let list = findings(&inner.state, &facts, days, at, me)
            .into_iter()
            .map(|f| {
                let total = f.rows.len() as u32;
                Finding {
                    kind: f.kind,
                    title: f.title,
                    remedy: f.remedy,
                    rows: f.rows.into_iter().take(SHOWN).collect(),
                    total,
                }
            })
            .collect();
        Ok(ReviewFindings { quiet_days: days, findings: list })
    }

    /// A draft that carries out one finding's remedy (checked over live first).
    pub async fn review_finding_draft(&self, req: FindingDraftRequest) -> ApiResult<DraftDetail> {
        self.review_finding_draft_at(req, now()).await
    }

    #[doc(hidden)]
    pub async fn review_finding_draft_at(&self, req: FindingDraftRequest, at: Millis) -> ApiResult<DraftDetail> {
        self.require_review_runner().await?;
        self.require_live()?;
        let days = quiet_days(req.quiet_days)?;
        let actor = self.actor().await?;
        let Actor::Member(me) = actor else { return Err(RuleError::forbidden("Only a member makes a draft")) };
        let facts = self.facts().await?;
        let (title, short, steps) = {
            let inner = self.read().await;
            let found = findings(&inner.state, &facts, days, at, Some(me))
                .into_iter()
                .find(|f| f.kind == req.kind)
                .ok_or_else(|| RuleError::not_found("kind", "No such finding"))?;
            if found.ops.is_empty() {
                return Err(RuleError::rule(Some("kind"), "Nothing to do: this finding is empty"));
            }
            let title = format!("{} — {}.", found.title, found.remedy.to_lowercase());
            let short = match found.kind {
                FindingKind::QuietPartnerUsers => "quiet partner users",
                FindingKind::UnusedInvitations => "unused invitations",
                FindingKind::AccountsWithoutUsers => "accounts nobody uses",
                FindingKind::AccountsOverShare => "accounts over their licence share",
                FindingKind::UnusedPowers => "unused member powers",
            };
            (title, short, crate::draft_build::dry_run(&inner.state, &actor, found.ops)?)
        };
        drop(facts);
        let description = format!("Made from the access review findings: {title}");
        self.draft_from_steps(&format!("Findings: {short}"), &description, me, steps).await
    }
}
