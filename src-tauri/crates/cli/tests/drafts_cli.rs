//! `trellis drafts …`, `--draft NAME` and `trellis why` (DRAFT-1..4) as a script uses them.

mod support;

use support::{json, trellis};

#[test]
fn a_draft_from_the_command_line_changes_nobody_until_published() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    let pw = "quiet harbour lanterns\n";
    let run = |args: &[&str]| {
        let mut all = vec!["--json", "--as", "olivia@acme.test"];
        all.extend_from_slice(args);
        trellis(&db, &all, pw)
    };
    let out =
        trellis(&db, &["--json", "init", "--workspace", "Acme", "--name", "Olivia", "--email", "olivia@acme.test"], pw);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let invited = json(&run(&["members", "invite", "ana@acme.test", "--role", "Member"]));
    let code = invited["code"].as_str().unwrap();
    let accept = trellis(&db, &["--json", "members", "accept", "--code"], &format!("{code}\nanas own passphrase\n"));
    assert!(accept.status.success(), "{}", String::from_utf8_lossy(&accept.stdout));

    let out = run(&["drafts", "new", "Deal Desk", "--description", "Reps without delete"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    let out = run(&["--draft", "Deal Desk", "roles", "clone", "Member", "Deal Desk"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    let out = run(&["--draft", "Deal Desk", "members", "change-role", "--role", "Deal Desk", "ana@acme.test"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));

    // Live has neither the role nor the move.
    let roles = json(&run(&["roles", "list"]));
    assert!(!roles.as_array().unwrap().iter().any(|r| r["name"] == "Deal Desk"), "{roles}");
    let listed = json(&run(&["--draft", "Deal Desk", "roles", "list"]));
    assert!(listed.as_array().unwrap().iter().any(|r| r["name"] == "Deal Desk"));

    // A clone carries the same permissions: nobody gains or loses anything yet.
    let effect = json(&run(&["drafts", "effect", "Deal Desk"]));
    assert_eq!(effect["summary"]["people"], 0, "{effect}");
    let shown = json(&run(&["drafts", "show", "Deal Desk"]));
    assert_eq!(shown["steps"].as_array().unwrap().len(), 2);
    assert_eq!(shown["row"]["state"], "ready");

    let why = json(&run(&["why", "ana@acme.test", "leads.read", "--draft", "Deal Desk"]));
    assert_eq!(why["granted"], true);
    assert!(why["summary"].as_str().unwrap().contains("Deal Desk"), "{why}");
    let why = json(&run(&["why", "ana@acme.test", "leads.read"]));
    assert!(why["summary"].as_str().unwrap().contains("“Member”"), "{why}");
    let bad = json(&run(&["why", "ana@acme.test", "leads.fly"]));
    assert_eq!(bad["field"], "permission");
    let bad = json(&run(&["drafts", "publish", "No such draft"]));
    assert_eq!(bad["field"], "draft");

    let csv = run(&["drafts", "effect", "Deal Desk", "--csv"]);
    assert!(String::from_utf8_lossy(&csv.stdout).starts_with("\"name\",\"email\""));
    let out = run(&["drafts", "publish", "Deal Desk"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    assert_eq!(json(&out)["row"]["state"], "published");
    let members = json(&run(&["members", "list", "--role", "Deal Desk"]));
    assert_eq!(members["total"], 1);
    let done = json(&run(&["drafts", "effect", "Deal Desk"]));
    assert_eq!(done["field"], "draft_id", "a published draft's effect is history: {done}");
}
