//! `trellis drafts …` and `trellis why …` (DRAFT-1..5): prepare, look at the effect,
//! approve and publish from the command line, over the same commands as the window.

use clap::Subcommand;
use trellis_commands::{ApiResult, Trellis};
use trellis_core::wire::*;

#[derive(Subcommand)]
pub enum DraftCmd {
    /// A new draft (then `--draft NAME` on role and member commands adds to it).
    New {
        name: String,
        #[arg(long, default_value = "")]
        description: String,
    },
    List,
    /// Its changes, conflicts with live (base / live / draft), warnings and blockers.
    Show {
        name: String,
    },
    /// Who gains and who loses what (DRAFT-2).
    Effect {
        name: String,
        #[arg(long)]
        search: Option<String>,
        #[arg(long, value_parser = filter)]
        filter: Option<EffectFilter>,
        /// Every change, one line each, as CSV.
        #[arg(long)]
        csv: bool,
        #[arg(long, default_value_t = 100)]
        limit: u32,
    },
    /// Four eyes: approve another manager's draft.
    Approve {
        name: String,
    },
    /// Applies the whole draft, re-checked against live, or nothing.
    Publish {
        name: String,
    },
    /// Re-records the draft over live as it is now (its own values win).
    Rebase {
        name: String,
    },
    Discard {
        name: String,
    },
    /// Take change number N (as `show` numbers them, from 1) out of the draft.
    RemoveChange {
        name: String,
        number: u32,
    },
    /// One person in the draft's effect: permissions gained and lost, each record.
    Person {
        name: String,
        email: String,
    },
}

/// `--filter`: the window's effect filters, by their wire names (`partner-users` too).
fn filter(text: &str) -> Result<EffectFilter, String> {
    serde_json::from_value(serde_json::Value::String(text.replace('-', "_")))
        .map_err(|_| "one of: all, gaining, losing, records, items, members, partner-users".to_owned())
}

fn out<T: serde::Serialize>(v: &T) {
    println!("{}", serde_json::to_string_pretty(v).unwrap_or_default());
}

fn state(s: DraftState) -> &'static str {
    match s {
        DraftState::Editing => "editing",
        DraftState::Stale => "stale",
        DraftState::Ready => "ready",
        DraftState::Published => "published",
        DraftState::Discarded => "discarded",
    }
}

fn detail(json: bool, d: &DraftDetail) {
    if json {
        return out(d);
    }
    let r = &d.row;
    println!("{} — {} · {} change(s) · by {}", r.name, state(r.state), r.changes, r.author);
    if !r.description.is_empty() {
        println!("  {}", r.description);
    }
    if let Some(a) = &r.approved_by {
        println!("  approved by {a}");
    }
    for s in &d.steps {
        println!("  {}. {} ({})", s.index + 1, s.description, s.by);
    }
    for c in &d.conflicts {
        println!("  conflict: {} {} — base {} · live {} · draft {}", c.label, c.field, c.base, c.theirs, c.mine);
    }
    for w in &d.warnings {
        println!("  warning: {w}");
    }
    // A published or discarded draft's "blocker" is its state, already shown above.
    if !matches!(r.state, DraftState::Published | DraftState::Discarded) {
        for b in &d.blockers {
            println!("  cannot publish yet: {b}");
        }
    }
}

pub async fn run(t: &Trellis, json: bool, cmd: DraftCmd) -> ApiResult<()> {
    let by_name = |name: String| async move { t.resolve_draft(&name).await.map(|draft_id| DraftRef { draft_id }) };
    match cmd {
        DraftCmd::New { name, description } => {
            detail(json, &t.draft_create(DraftCreateRequest { name, description }).await?)
        }
        DraftCmd::List => {
            let rows = t.draft_list().await?;
            if json {
                out(&rows);
                return Ok(());
            }
            if rows.is_empty() {
                println!("No drafts: `trellis drafts new NAME`");
            }
            for r in rows {
                println!("{:<28} {:<10} {:>3} change(s)  by {}", r.name, state(r.state), r.changes, r.author);
            }
        }
        DraftCmd::Show { name } => detail(json, &t.draft_show(by_name(name).await?).await?),
        DraftCmd::Effect { name, search, filter, csv, limit } => {
            let r = by_name(name).await?;
            if csv {
                println!("{}", t.draft_effect_csv(r).await?.csv.trim_end_matches('\n'));
                return Ok(());
            }
            let q = DraftEffectQuery {
                draft_id: r.draft_id,
                search,
                filter,
                permission: None,
                offset: None,
                limit: Some(limit),
            };
            let page = t.draft_effect(q).await?;
            if json {
                out(&page);
                return Ok(());
            }
            let s = &page.summary;
            println!("{} people: {} gain, {} lose, {} see other records", s.people, s.gaining, s.losing, s.records);
            for p in &s.by_permission {
                println!("  {:<40} +{} −{}", p.label, p.gained, p.lost);
            }
            for w in &s.warnings {
                println!("  warning: {w}");
            }
            for p in &page.people {
                let mut what: Vec<String> = p.gained.iter().map(|x| format!("+{}", x.label())).collect();
                what.extend(p.lost.iter().map(|x| format!("−{}", x.label())));
                if p.records_change {
                    what.push("records change".into());
                }
                what.extend(p.items_shown.iter().map(|i| format!("+item {i}")));
                what.extend(p.items_hidden.iter().map(|i| format!("−item {i}")));
                println!("{} <{}>: {}", p.name, p.email, what.join(", "));
            }
        }
        DraftCmd::Approve { name } => detail(json, &t.draft_approve(by_name(name).await?).await?),
        DraftCmd::Publish { name } => detail(json, &t.draft_publish(by_name(name).await?).await?),
        DraftCmd::Rebase { name } => detail(json, &t.draft_rebase(by_name(name).await?).await?),
        DraftCmd::Discard { name } => detail(json, &t.draft_discard(by_name(name).await?).await?),
        DraftCmd::RemoveChange { name, number } => {
            let draft_id = by_name(name).await?.draft_id;
            let index = number.checked_sub(1).ok_or_else(|| {
                trellis_core::RuleError::invalid("number", "Changes are numbered from 1, as `drafts show` lists them")
            })?;
            detail(json, &t.draft_remove_change(DraftChangeRef { draft_id, index }).await?)
        }
        DraftCmd::Person { name, email } => {
            let draft_id = by_name(name).await?.draft_id;
            let person = t.resolve_person(&email).await?;
            let d = t.draft_effect_person(DraftPersonQuery { draft_id, person }).await?;
            if json {
                out(&d);
            } else {
                if let Some(e) = &d.effect {
                    let names = |set: &trellis_core::PermissionSet| {
                        set.iter().map(|p| p.label()).collect::<Vec<_>>().join(", ")
                    };
                    println!("gains: {}", names(&e.gained));
                    println!("loses: {}", names(&e.lost));
                }
                for r in &d.records {
                    println!("  {:<40} {}: {} → {}", r.change.name, r.becomes, r.before, r.after);
                }
            }
        }
    }
    Ok(())
}

/// RPT-5: a moment as the CLI takes it — ISO 8601, `2026-03-03T14:00:00Z` (or with an
/// offset), or a date alone, `2026-03-03`, meaning the end of that day (UTC): "on 3 March".
pub fn moment(text: &str) -> ApiResult<trellis_core::Millis> {
    let text = text.trim();
    if let Ok(t) = text.parse::<jiff::Timestamp>() {
        return Ok(t.as_millisecond());
    }
    if let Ok(d) = text.parse::<jiff::civil::Date>() {
        if let Ok(z) = d.to_datetime(jiff::civil::Time::MAX).in_tz("UTC") {
            return Ok(z.timestamp().as_millisecond());
        }
    }
    Err(trellis_core::RuleError::invalid(
        "at",
        format!(
            "'{}' is not a date (2026-03-03) or a moment (2026-03-03T14:00:00Z)",
            trellis_core::validate::shorten(text)
        ),
    ))
}

/// `trellis why EMAIL PERMISSION` / `trellis why EMAIL --record NAME` (DRAFT-4).
pub async fn why(
    t: &Trellis,
    json: bool,
    email: &str,
    permission: Option<String>,
    record: Option<String>,
    draft: Option<&str>,
    at: Option<trellis_core::Millis>,
) -> ApiResult<()> {
    let person = t.resolve_person(email).await?;
    let draft_id = match draft {
        Some(name) => Some(t.resolve_draft(name).await?),
        None => None,
    };
    let answer = match (permission, record) {
        (_, Some(name)) => {
            let record_id = t.resolve_record(&name).await?;
            t.why_record(WhyRecordQuery { person, record_id, draft_id, at }).await?
        }
        (Some(permission), None) => t.why_permission(WhyPermissionQuery { person, permission, draft_id, at }).await?,
        (None, None) => {
            return Err(trellis_core::RuleError::invalid(
                "permission",
                "Name a permission (e.g. leads.read) or --record NAME",
            ))
        }
    };
    if json {
        out(&answer);
        return Ok(());
    }
    println!("{} {}", if answer.granted { "yes:" } else { "no:" }, answer.summary);
    for step in &answer.chain {
        println!("  · {step}");
    }
    Ok(())
}
