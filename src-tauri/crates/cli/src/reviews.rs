//! `trellis reviews`: access-review campaigns (RPT-4) — start one, list them, show and
//! decide their items (one by one or every item a filter shows that you review), complete
//! one into a draft, and write its evidence.

use crate::print::out;
use clap::{Args, Subcommand, ValueEnum};
use trellis_commands::{ApiResult, Trellis};
use trellis_core::reviews::ReviewPeople;
use trellis_core::validate::name_key;
use trellis_core::wire::*;
use trellis_core::{Audience, RuleError};

#[derive(Subcommand)]
pub enum ReviewCmd {
    /// Every campaign, newest first, with how far it got.
    List,
    /// Start a campaign over the people in scope who hold access now.
    Start {
        name: String,
        #[arg(long, value_enum, default_value = "partners")]
        people: PeopleArg,
        /// Partner users of this account, by name (repeat for several).
        #[arg(long)]
        account: Vec<String>,
        /// People holding this role, by name (repeat for several).
        #[arg(long)]
        role: Vec<String>,
        /// Only people whose access changed since a completed review last decided it.
        #[arg(long)]
        changed_only: bool,
        /// When decisions are due: 2026-12-20 (the end of that day, UTC) or an ISO time.
        #[arg(long)]
        due: String,
        /// Reviews members and the accounts whose owner cannot (default: you), by email.
        #[arg(long)]
        fallback: Option<String>,
    },
    /// A campaign's items: each person's roles, last sign-in, who gave the access, decision.
    Show {
        name: String,
        #[command(flatten)]
        filter: FilterArgs,
        #[arg(long, default_value_t = 0)]
        offset: u32,
        #[arg(long, default_value_t = 100)]
        limit: u32,
    },
    /// Keep, revoke or change: for the people named by --email, or (--all) every item the
    /// filter shows that you review.
    Decide {
        name: String,
        #[arg(long, value_enum)]
        verdict: VerdictArg,
        /// The role to change to, by name (with --verdict change).
        #[arg(long)]
        role: Option<String>,
        #[arg(long, default_value = "")]
        comment: String,
        /// A person by email (repeat for several).
        #[arg(long)]
        email: Vec<String>,
        /// Every item the filter shows that you review.
        #[arg(long, conflicts_with = "email")]
        all: bool,
        #[command(flatten)]
        filter: FilterArgs,
    },
    /// Close the campaign: its revocations and changes become a draft; undecided people
    /// keep their access.
    Complete { name: String },
    /// Email every reviewer who still has undecided items how many wait, and by when.
    Remind { name: String },
    /// Access that looks unused (quiet partner users, unused invitations, accounts nobody
    /// uses, accounts over their licence share, members' unused powers); with --draft, a
    /// draft that ends one kind of it.
    Findings {
        /// Days without a sign-in or a change that make someone quiet.
        #[arg(long, default_value_t = 30)]
        quiet_days: u32,
        #[arg(long, value_enum)]
        draft: Option<FindingArg>,
    },
    /// Every item, decision, reviewer, time and comment, and the completing journal entry's
    /// chain link, as CSV (refused if the file exists).
    Evidence {
        name: String,
        #[arg(long)]
        out: std::path::PathBuf,
    },
}

#[derive(Args, Default)]
pub struct FilterArgs {
    /// Part of a name or email.
    #[arg(long, default_value = "")]
    search: String,
    /// undecided, keep, revoke or change.
    #[arg(long)]
    decision: Option<String>,
    /// Only the items you review.
    #[arg(long)]
    mine: bool,
    /// Only people whose roles changed since the campaign started.
    #[arg(long)]
    changed: bool,
}

impl FilterArgs {
    fn filter(self) -> ReviewItemFilter {
        ReviewItemFilter {
            search: self.search,
            account_ids: vec![],
            role_ids: vec![],
            mine: self.mine,
            decision: self.decision,
            changed: self.changed,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub enum PeopleArg {
    Partners,
    Members,
    Everyone,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum FindingArg {
    QuietPartnerUsers,
    UnusedInvitations,
    AccountsWithoutUsers,
    AccountsOverShare,
    UnusedPowers,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum VerdictArg {
    Keep,
    Revoke,
    Change,
}

async fn review_id(t: &Trellis, name: &str) -> ApiResult<String> {
    let key = name_key(name);
    t.review_list()
        .await?
        .into_iter()
        .find(|r| name_key(&r.name) == key)
        .map(|r| r.id.to_string())
        .ok_or_else(|| RuleError::not_found("name", format!("No access review named '{name}'")))
}

/// A role by name, internal first, then partner.
async fn role_id(t: &Trellis, name: &str) -> ApiResult<String> {
    let id = match t.resolve_role(Audience::Internal, name).await {
        Ok(id) => id,
        Err(_) => t.resolve_role(Audience::Partner, name).await?,
    };
    Ok(id.to_string())
}

fn when(at: i64) -> String {
    jiff::Timestamp::from_millisecond(at).map_or(at.to_string(), |t| t.strftime("%Y-%m-%d").to_string())
}

fn print_row(r: &ReviewRow) {
    let state = match (r.status, r.overdue, r.due_soon) {
        (trellis_core::reviews::ReviewStatus::Completed, _, _) => "completed",
        (_, true, _) => "overdue",
        (_, _, true) => "due soon",
        _ => "open",
    };
    let reminded = r.reminded_at.map(|at| format!(", reminded {}", when(at))).unwrap_or_default();
    println!(
        "{}  [{state}, due {}{reminded}]  {} of {} decided (keep {}, revoke {}, change {}); {} undecided you may decide — {}",
        r.name,
        when(r.due),
        r.counts.items - r.counts.undecided,
        r.counts.items,
        r.counts.keep,
        r.counts.revoke,
        r.counts.change,
        r.mine_undecided,
        r.scope
    );
}

pub async fn reviews(t: &Trellis, json: bool, cmd: ReviewCmd) -> ApiResult<()> {
    match cmd {
        ReviewCmd::List => {
            let rows = t.review_list().await?;
            out(json, &rows, || rows.iter().for_each(print_row));
        }
        ReviewCmd::Start { name, people, account, role, changed_only, due, fallback } => {
            let mut account_ids = Vec::new();
            for a in &account {
                let id = t.resolve_account(a).await.map_err(|e| RuleError { field: Some("account".into()), ..e })?;
                account_ids.push(id.to_string());
            }
            let mut role_ids = Vec::new();
            for r in &role {
                role_ids.push(role_id(t, r).await?);
            }
            let fallback_id = match fallback {
                Some(email) => Some(
                    t.resolve_member(&email).await.map_err(|e| RuleError { field: Some("fallback".into()), ..e })?,
                ),
                None => None,
            };
            let req = ReviewStartRequest {
                name,
                people: match people {
                    PeopleArg::Partners => ReviewPeople::PartnerUsers,
                    PeopleArg::Members => ReviewPeople::Members,
                    PeopleArg::Everyone => ReviewPeople::Everyone,
                },
                account_ids,
                role_ids,
                changed_only,
                due: crate::drafts::moment(&due).map_err(|e| RuleError { field: Some("due".into()), ..e })?,
                fallback_id: fallback_id.map(|m| m.to_string()),
            };
            let row = t.review_start(req).await?;
            out(json, &row, || print_row(&row));
        }
        ReviewCmd::Show { name, filter, offset, limit } => {
            let q = ReviewItemsQuery {
                review_id: review_id(t, &name).await?,
                filter: filter.filter(),
                offset,
                limit: Some(limit),
            };
            let page = t.review_items(q).await?;
            out(json, &page, || {
                print_row(&page.review);
                for r in &page.rows {
                    let roles: Vec<&str> = r.roles.iter().map(|x| x.name.as_str()).collect();
                    let decision = match &r.decision {
                        None => "undecided".to_owned(),
                        Some(d) => {
                            let what = match d.verdict {
                                trellis_core::reviews::Verdict::Keep => "keep".to_owned(),
                                trellis_core::reviews::Verdict::Revoke => "revoke".to_owned(),
                                trellis_core::reviews::Verdict::ChangeRole(_) => {
                                    format!("change to {}", d.role.as_deref().unwrap_or("?"))
                                }
                            };
                            format!("{what} by {} on {} “{}”", d.by, when(d.at), d.comment)
                        }
                    };
                    let seen =
                        r.last_sign_in.map_or("never seen here".to_owned(), |at| format!("last in {}", when(at)));
                    let given = match (&r.given_by, r.given_at) {
                        (Some(by), Some(at)) => format!("given by {by} on {}", when(at)),
                        _ => "given before the journal".to_owned(),
                    };
                    println!(
                        "{} ({})  [{}]{}  reviewer {}  {seen}, {given}  → {decision}",
                        r.email,
                        r.account,
                        roles.join(", "),
                        if r.changed { " (changed since it started)" } else { "" },
                        r.reviewer
                    );
                }
                eprintln!("{} shown", page.total);
            });
        }
        ReviewCmd::Decide { name, verdict, role, comment, email, all, filter } => {
            let review_id = review_id(t, &name).await?;
            let mut people = Vec::new();
            for e in &email {
                people.push(t.resolve_person(e).await.map_err(|err| RuleError { field: Some("email".into()), ..err })?);
            }
            if people.is_empty() && !all {
                return Err(RuleError::invalid(
                    "email",
                    "Name people with --email, or decide every item shown with --all",
                ));
            }
            let role_id = match role {
                Some(r) => Some(role_id(t, &r).await.map_err(|e| RuleError { field: Some("role".into()), ..e })?),
                None => None,
            };
            let req = ReviewDecideRequest {
                review_id,
                people,
                filter: all.then(|| filter.filter()),
                verdict: match verdict {
                    VerdictArg::Keep => "keep",
                    VerdictArg::Revoke => "revoke",
                    VerdictArg::Change => "change",
                }
                .into(),
                role_id,
                comment,
            };
            let done = t.review_decide(req).await?;
            out(json, &done, || {
                println!("{} decided", done.decided);
                print_row(&done.review);
            });
        }
        ReviewCmd::Complete { name } => {
            let done = t.review_complete(ReviewRef { review_id: review_id(t, &name).await? }).await?;
            out(json, &done, || {
                match &done.draft {
                    Some(d) => println!(
                        "Completed. Draft '{}' holds {} change(s): see `trellis drafts effect '{}'`, then publish it.",
                        d.row.name,
                        d.steps.len(),
                        d.row.name
                    ),
                    None => println!("Completed. Every decision kept access: nothing to publish."),
                }
                println!("{} undecided: their access stays as it is.", done.undecided);
            });
        }
        ReviewCmd::Remind { name } => {
            let done = t.review_remind(ReviewRef { review_id: review_id(t, &name).await? }).await?;
            out(json, &done, || {
                println!("Reminder queued for {} reviewer(s): {}", done.reviewers.len(), done.reviewers.join(", "));
            });
        }
        ReviewCmd::Findings { quiet_days, draft: Some(kind) } => {
            let kind = match kind {
                FindingArg::QuietPartnerUsers => FindingKind::QuietPartnerUsers,
                FindingArg::UnusedInvitations => FindingKind::UnusedInvitations,
                FindingArg::AccountsWithoutUsers => FindingKind::AccountsWithoutUsers,
                FindingArg::AccountsOverShare => FindingKind::AccountsOverShare,
                FindingArg::UnusedPowers => FindingKind::UnusedPowers,
            };
            let d = t.review_finding_draft(FindingDraftRequest { kind, quiet_days: Some(quiet_days) }).await?;
            out(json, &d, || {
                println!(
                    "Draft '{}' holds {} change(s): see `trellis drafts effect '{}'`.",
                    d.row.name,
                    d.steps.len(),
                    d.row.name
                )
            });
        }
        ReviewCmd::Findings { quiet_days, draft: None } => {
            let f = t.review_findings(ReviewFindingsQuery { quiet_days: Some(quiet_days) }).await?;
            out(json, &f, || {
                for x in &f.findings {
                    println!("{} — {} ({})", x.title, x.total, x.remedy);
                    for r in &x.rows {
                        println!("    {} ({}): {}", r.name, r.detail, r.why);
                    }
                }
            });
        }
        ReviewCmd::Evidence { name, out: path } => {
            let review_id = review_id(t, &name).await?;
            let file = crate::admin::create_new(&path, "out")?;
            match t.review_evidence_csv(ReviewRef { review_id }, file).await {
                Ok(rows) => eprintln!("{rows} items written to {}", path.display()),
                Err(e) => {
                    let _ = std::fs::remove_file(&path);
                    return Err(e);
                }
            }
        }
    }
    Ok(())
}
