//! `trellis drafts …`, `--draft NAME` and `trellis why` (DRAFT-1..4) as a script uses them.

mod support;

use support::{as_olivia, init_acme, json, trellis};

#[test]
fn a_draft_from_the_command_line_changes_nobody_until_published() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    let run = |args: &[&str]| as_olivia(&db, args);
    init_acme(&db);
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

/// Issue 17, found 3: `--draft NAME` is honoured by every command that changes access
/// (the change lands in the draft, live stays as it was) and refused, naming the flag, by
/// every other — never silently ignored while the command acts live.
#[test]
fn draft_flag_is_honoured_or_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    let run = |args: &[&str]| json(&as_olivia(&db, args));
    init_acme(&db);
    run(&["drafts", "new", "Desk"]);

    // Positions (and sharing rules, items, partner access) go to the draft.
    run(&["--draft", "Desk", "hierarchy", "create", "Channel Manager"]);
    let live = run(&["hierarchy", "list"]);
    assert!(!live.to_string().contains("Channel Manager"), "live unchanged: {live}");
    let drafted = run(&["--draft", "Desk", "hierarchy", "list"]);
    assert!(drafted.to_string().contains("Channel Manager"), "in the draft: {drafted}");
    assert_eq!(run(&["drafts", "show", "Desk"])["steps"].as_array().unwrap().len(), 1);

    // A change a draft cannot hold is refused there, not done live.
    let e = run(&["--draft", "Desk", "settings", "four-eyes", "on"]);
    assert_eq!(e["field"], "draft", "{e}");
    assert_eq!(run(&["settings", "show"])["four_eyes"], false, "live unchanged");
    // Commands that have nothing to do with drafts refuse the flag by name.
    for args in
        [&["audit", "list"][..], &["outbox"], &["journal"], &["whoami"], &["drafts", "list"], &["sync", "status"]]
    {
        let mut all = vec!["--draft", "Desk"];
        all.extend_from_slice(args);
        let e = run(&all);
        assert_eq!(e["field"], "draft", "{args:?}: {e}");
        assert!(e["message"].as_str().unwrap().contains("--draft"), "{e}");
    }
    assert_eq!(run(&["drafts", "show", "Desk"])["steps"].as_array().unwrap().len(), 1, "the draft is as it was");
}

/// RPT-3 from the command line: a dashboard published to a portal role, listed with its
/// reach; publishing inside a draft leaves live alone; withdraw and delete by name; a
/// role that is not a portal role is refused naming `roles`.
#[test]
fn dashboards_are_published_withdrawn_and_can_wait_in_a_draft() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    let run = |args: &[&str]| as_olivia(&db, args);
    init_acme(&db);
    let saved = json(&run(&[
        "dashboards",
        "save",
        "Partner home",
        "--tile",
        "activities-by-type",
        "--tile",
        "open-opportunities",
        "--role",
        "Advanced Partner Center",
        "--locked",
    ]));
    assert_eq!(saved[0]["name"], "Partner home", "{saved}");
    assert_eq!(saved[0]["roles"][0]["name"], "Advanced Partner Center");
    assert_eq!(saved[0]["locked"], true);
    let bad = json(&run(&["dashboards", "save", "Internal", "--tile", "activity-trend", "--role", "Owner"]));
    assert_eq!(bad["field"], "role", "only portal roles are offered by name: {bad}");

    let out = run(&["drafts", "new", "Quiet Q3"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    let inside = json(&run(&["--draft", "Quiet Q3", "dashboards", "withdraw", "Partner home"]));
    assert_eq!(inside[0]["roles"].as_array().unwrap().len(), 0, "{inside}");
    let live = json(&run(&["dashboards", "list"]));
    assert_eq!(live[0]["roles"].as_array().unwrap().len(), 1, "live is unchanged: {live}");
    let shown = json(&run(&["drafts", "show", "Quiet Q3"]));
    assert!(shown["steps"][0]["description"].as_str().unwrap().contains("Withdraw dashboard"), "{shown}");

    let withdrawn = json(&run(&["dashboards", "withdraw", "Partner home"]));
    assert_eq!(withdrawn[0]["reach"], 0);
    let gone = json(&run(&["dashboards", "delete", "partner HOME"]));
    assert_eq!(gone.as_array().unwrap().len(), 0);
    let missing = json(&run(&["dashboards", "delete", "Partner home"]));
    assert_eq!(missing["field"], "name");
}

/// RPT-4 from the command line on the demo: a campaign over Contoso's partner users, two
/// revoked by email, the rest kept in bulk by filter, completion into a draft that changes
/// nobody until published, the evidence file, and `--draft` refused by name.
#[test]
fn an_access_review_from_the_command_line_ends_in_a_published_draft() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    assert!(trellis(&db, &["--json", "demo", "--members", "10"], "").status.success());
    let pw = "northwind trellis demo\n";
    let run = |args: &[&str]| {
        let mut all = vec!["--json", "--as", "dana.whitfield@northwind-channel.example"];
        all.extend_from_slice(args);
        trellis(&db, &all, pw)
    };
    let ok = |args: &[&str]| {
        let out = run(args);
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stdout));
        json(&out)
    };
    let started = ok(&["reviews", "start", "Contoso Q4", "--account", "Contoso Networks", "--due", "2099-01-31"]);
    assert_eq!(started["counts"]["items"], 4, "{started}");
    let refused = json(&run(&["reviews", "start", "Late", "--due", "2001-01-01"]));
    assert_eq!(refused["field"], "due");
    let drafted = json(&run(&["--draft", "Anything", "reviews", "list"]));
    assert_eq!(drafted["field"], "draft", "reviews happen live: {drafted}");
    let revoke = [
        "reviews",
        "decide",
        "Contoso Q4",
        "--verdict",
        "revoke",
        "--email",
        "marcus.hale@contoso.example",
        "--email",
        "lena.vogel@contoso.example",
        "--comment",
        "Left Contoso",
    ];
    assert_eq!(ok(&revoke)["decided"], 2);
    let keep = ok(&["reviews", "decide", "Contoso Q4", "--verdict", "keep", "--all", "--decision", "undecided"]);
    assert_eq!((keep["decided"].clone(), keep["review"]["counts"]["undecided"].clone()), (2.into(), 0.into()));
    let shown = ok(&["reviews", "show", "Contoso Q4", "--decision", "revoke"]);
    assert_eq!(shown["total"], 2);
    let done = ok(&["reviews", "complete", "Contoso Q4"]);
    let draft = done["draft"]["row"]["name"].as_str().unwrap().to_owned();
    assert_eq!(done["draft"]["steps"].as_array().unwrap().len(), 2);
    let people = ok(&["partners", "show", "Contoso Networks"]);
    let has = |p: &serde_json::Value, email: &str| {
        p["contacts"].as_array().unwrap().iter().any(|c| c["email"] == email && c["access"] == true)
    };
    assert!(has(&people, "lena.vogel@contoso.example"), "nobody changes before the draft is published");
    ok(&["drafts", "publish", &draft]);
    let people = ok(&["partners", "show", "Contoso Networks"]);
    assert!(!has(&people, "lena.vogel@contoso.example") && !has(&people, "marcus.hale@contoso.example"));
    assert!(has(&people, "priya.raman@contoso.example"), "kept");
    let evidence = dir.path().join("evidence.csv");
    assert!(run(&["reviews", "evidence", "Contoso Q4", "--out", evidence.to_str().unwrap()]).status.success());
    let text = std::fs::read_to_string(&evidence).unwrap();
    assert_eq!(text.lines().count(), 5, "a header and four items: {text}");
    assert!(text.contains("Left Contoso"));
}
