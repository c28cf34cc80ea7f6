//! Human and JSON output. JSON is the typed wire shape, the same the window receives.

use serde::Serialize;
use trellis_core::wire::*;
use trellis_core::RuleError;
use trellis_store::JournalEntry;

fn json_out<T: Serialize>(v: &T) {
    println!("{}", serde_json::to_string_pretty(v).unwrap_or_default());
}

/// `value` as JSON under `--json`, else what `text` prints.
/// RPT-6: each chain checked, intact or where it breaks.
pub fn verification(v: &AuditVerification) {
    let one = |name: &str, c: &ChainCheck| {
        let anchored = if c.anchored { ", anchor matched" } else { "" };
        match (&c.problem, &c.head) {
            (None, Some(h)) => {
                println!("✓ {name}: {} entries intact{anchored}; head {} {}", c.entries, h.position, h.link)
            }
            (None, None) => println!("✓ {name}: empty"),
            (Some(p), _) => println!("✗ {name}: {p}"),
        }
    };
    one("journal", &v.journal);
    if let Some(s) = &v.shared_log {
        one("shared log", s);
    }
}

pub fn out<T: Serialize>(json: bool, value: &T, text: impl FnOnce()) {
    if json {
        json_out(value);
    } else {
        text();
    }
}

/// What one person sees, and why (members and partner users alike).
pub fn visibility(json: bool, r: &VisibilityReport) {
    out(json, r, || {
        println!("{}: {} — {} records", r.person, r.scope, r.total);
        for row in &r.rows {
            println!("  {:<40} {:<10} {}", row.name, if row.write { "read/write" } else { "read" }, row.reason);
        }
    });
}

pub fn error(json: bool, e: &RuleError) {
    if json {
        println!("{}", serde_json::to_string(e).unwrap_or_default());
    } else {
        match &e.field {
            Some(f) => eprintln!("error ({:?}, field {f}): {}", e.code, e.message),
            None => eprintln!("error ({:?}): {}", e.code, e.message),
        }
    }
}

pub fn session(json: bool, s: &SessionInfo) {
    if json {
        return json_out(s);
    }
    match (&s.workspace, &s.me) {
        (Some(w), Some(me)) => println!(
            "{} — {} members\nsigned in as {} <{}> ({}), {} permissions",
            w.name,
            w.member_count,
            me.name,
            me.email,
            me.role_name.as_deref().unwrap_or("no role"),
            me.permissions.len()
        ),
        (Some(w), None) => println!("{} — nobody signed in", w.name),
        _ => println!("No workspace yet: run `trellis init` or `trellis demo`"),
    }
}

fn member_line(m: &MemberRow) -> String {
    format!("{:<36} {:<28} {:<22} {:?}", m.email, m.name, m.role_name.as_deref().unwrap_or("—"), m.status)
}

pub fn members(json: bool, page: &MemberPage) {
    if json {
        return json_out(page);
    }
    let tabs: Vec<String> = page.tabs.iter().map(|t| format!("{} {}", t.label, t.count)).collect();
    println!("{}", tabs.join(" · "));
    for m in &page.rows {
        println!("{}", member_line(m));
    }
    if (page.rows.len() as u32) < page.total {
        println!("… {} of {} shown", page.rows.len(), page.total);
    }
}

pub fn member(json: bool, verb: &str, m: &MemberRow) {
    if json {
        return json_out(m);
    }
    println!("{verb} {}", member_line(m));
}

/// SEC-4: the code is shown this once; Trellis sends nothing, the manager passes it on.
pub fn invitation(json: bool, verb: &str, i: &InvitationIssued) {
    if json {
        return json_out(i);
    }
    println!("{verb} {}", member_line(&i.member));
    println!("Invitation code (shown once; give it to them — Trellis sends no email): {}", i.code);
    println!("They accept with: trellis members accept --code   (then the code and their new password on stdin)");
    println!("Valid until {}", crate::print::local_time(i.expires_at));
}

pub fn bulk(json: bool, verb: &str, o: &BulkOutcome) {
    if json {
        return json_out(o);
    }
    println!("{verb}: {} changed, {} already so", o.changed, o.unchanged);
}

pub fn roles(json: bool, rows: &[RoleRow]) {
    if json {
        return json_out(&rows);
    }
    for r in rows {
        let kind = if r.builtin { "built-in" } else { "custom" };
        println!(
            "{:<28} {:<9} {:<8} {:>6} members  {:>2} permissions",
            r.name,
            format!("{:?}", r.audience).to_lowercase(),
            kind,
            r.member_count,
            r.permissions.len()
        );
    }
}

pub fn role(json: bool, verb: &str, r: &RoleRow) {
    if json {
        return json_out(r);
    }
    println!("{verb} role '{}' ({} permissions)", r.name, r.permissions.len());
}

pub fn deleted(json: bool, name: &str, d: &RoleDeleted) {
    if json {
        return json_out(d);
    }
    println!("Deleted role '{name}'; {} members now have no role", d.members_without_role);
}

pub fn matrix(json: bool, r: &RoleRow, c: &PermissionCatalog) {
    if json {
        return json_out(r);
    }
    println!("{} — {}", r.name, r.description);
    println!("{:<22} {}", "", c.actions.iter().map(|a| format!("{:<7}", a.label)).collect::<String>());
    let keys = r.permissions.keys();
    for res in &c.resources {
        let cells: String = c
            .actions
            .iter()
            .map(|a| format!("{:<7}", if keys.contains(&format!("{}.{}", res.key, a.key)) { "  ✓" } else { "  ·" }))
            .collect();
        println!("{:<22} {cells}", res.label);
    }
    for s in &c.specials {
        let on = keys.contains(&format!("special.{}", s.key));
        println!("{} {}", if on { "✓" } else { "·" }, s.label);
    }
}

pub fn catalog(json: bool, c: &PermissionCatalog) {
    if json {
        return json_out(c);
    }
    for r in &c.resources {
        println!("{}.{{read,create,update,delete}}  {}", r.key, r.description);
    }
    for s in &c.specials {
        println!("special.{}  {}", s.key, s.description);
    }
}

pub fn journal_raw(entries: &[JournalEntry]) {
    json_out(&entries)
}

/// Each entry at local time, who, what and on what, then each change before → after.
pub fn journal(rows: &[AuditRow]) {
    for r in rows {
        println!("#{:<5} {}  {}  {}  {}", r.seq, local_time(r.at), r.actor, r.action, r.target);
        for c in &r.changes {
            println!("        {} {}: {} → {}", c.kind, c.label, c.before, c.after);
        }
        if r.more_changes > 0 {
            println!("        … and {} more changes", r.more_changes);
        }
    }
}

/// Milliseconds since the epoch as this computer's local date and time.
pub fn local_time(ms: i64) -> String {
    use chrono::TimeZone;
    match chrono::Local.timestamp_millis_opt(ms) {
        chrono::LocalResult::Single(t) | chrono::LocalResult::Ambiguous(t, _) => {
            t.format("%Y-%m-%d %H:%M:%S").to_string()
        }
        chrono::LocalResult::None => ms.to_string(),
    }
}
