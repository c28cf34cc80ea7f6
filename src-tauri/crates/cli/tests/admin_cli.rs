//! The commands the CLI gained in issue 11, end to end as a script would run them:
//! settings, items, hierarchy, partner accounts and users, sharing rules, passwords, the
//! audit log and the outbox — each through the command layer, with --json results.

#[path = "../../commands/tests/it/support/smtp.rs"]
#[allow(dead_code)]
mod smtp;
mod support;

use support::{as_olivia, init_acme, json, trellis, OLIVIA_PW};

#[test]
fn the_whole_admin_surface_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("admin.db");
    let pw = "quiet harbour lanterns\n";
    let out = trellis(&db, &["init", "--workspace", "Acme", "--name", "Olivia", "--email", "olivia@acme.test"], pw);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let run = |args: &[&str]| {
        let mut all = vec!["--json", "--as", "olivia@acme.test"];
        all.extend_from_slice(args);
        let out = trellis(&db, &all, pw);
        assert!(out.status.success(), "trellis {}: {}", args.join(" "), String::from_utf8_lossy(&out.stdout));
        json(&out)
    };

    let s = run(&["settings", "partner-features", "--partner-access", "on", "--advanced", "on", "--licences", "5"]);
    assert_eq!(s["partner_features"]["licences"], 5);
    assert_eq!(run(&["settings", "four-eyes", "on"])["four_eyes"], true);
    assert_eq!(run(&["settings", "preview-max", "90"])["preview_max_minutes"], 90);
    assert_eq!(run(&["settings", "password-policy", "--min", "16"])["password_policy"]["min_length"], 16);

    let items = run(&["items", "create", "Edge Router", "--available"]);
    assert_eq!(items[0]["available_in_partner_center"], true);
    assert_eq!(run(&["items", "available", "edge router", "off"])[0]["available_in_partner_center"], false);

    let rows = run(&["hierarchy", "create", "Channel Manager"]);
    assert!(rows.as_array().unwrap().iter().any(|r| r["name"] == "Channel Manager"));
    run(&["hierarchy", "place", "olivia@acme.test", "--role", "Channel Manager"]);
    let rows = run(&["hierarchy", "list"]);
    let cm = rows.as_array().unwrap().iter().find(|r| r["name"] == "Channel Manager").unwrap().clone();
    assert_eq!(cm["member_count"], 1);

    assert_eq!(run(&["partners", "create", "Globex"])["name"], "Globex");
    assert_eq!(run(&["partners", "rename", "Globex", "Globex Corp"])["name"], "Globex Corp");
    run(&["partners", "enable", "Globex Corp"]);
    run(&["partners", "contact", "Globex Corp", "Ann Lee", "ann@globex.test"]);
    run(&["partners", "give-access", "ann@globex.test", "--portal-role", "Advanced Partner Center"]);
    let r = run(&["partners", "access", "ann@globex.test", "--admin-role", "Global admin", "--subpartners", "true"]);
    let ann = r["contacts"].as_array().unwrap().iter().find(|c| c["email"] == "ann@globex.test").unwrap().clone();
    assert_eq!((ann["admin_role"].clone(), ann["can_grant_subpartners"].clone()), ("Global admin".into(), true.into()));
    let reset = run(&["partners", "set-password", "ann@globex.test", "--temporary"]);
    assert!(reset["temporary_password"].as_str().unwrap().len() >= 15 && reset["must_change"] == true);
    run(&["partners", "require-change", "ann@globex.test"]);
    let shrunk = run(&["partners", "delete-roles", "Globex Corp", "Globex Corp Partner Manager"]);
    assert_eq!(shrunk["branch"].as_array().unwrap().len(), 2);
    let grown = run(&["partners", "add-role", "Globex Corp"]);
    assert_eq!(grown["branch"].as_array().unwrap().len(), 3);

    let rules = run(&[
        "sharing",
        "save",
        "Leads for Globex",
        "--kind",
        "lead",
        "--source",
        "Channel Manager",
        "--account",
        "Globex Corp",
    ]);
    assert_eq!(rules[0]["name"], "Leads for Globex");
    assert!(run(&["sharing", "delete", "leads for globex"]).as_array().unwrap().is_empty());

    let member = run(&["members", "invite", "bo@acme.test", "--role", "Member"]);
    let code = member["code"].as_str().unwrap().to_owned();
    let accept =
        trellis(&db, &["--json", "members", "accept", "--code"], &format!("{code}\nbos own long passphrase\n"));
    assert!(accept.status.success());
    let reset = run(&["members", "reset-password", "bo@acme.test", "--temporary"]);
    assert_eq!(reset["must_change"], true);
    let sees = run(&["members", "sees", "bo@acme.test"]);
    assert!(sees["scope"].is_string());

    let audit = run(&["audit", "list", "--action", "partner.rename"]);
    assert_eq!(audit["rows"].as_array().unwrap().len(), 1);
    let csv = trellis(&db, &["--as", "olivia@acme.test", "audit", "export", "--action", "item."], pw);
    assert!(String::from_utf8_lossy(&csv.stdout).contains("Edge Router"));
    assert!(run(&["outbox"]).as_array().unwrap().iter().any(|m| m["to"] == "ann@globex.test"));
    let check = trellis(&db, &["--json", "password", "check"], "short\n");
    assert_eq!(json(&check)["ok"], false);
}

/// Issue 17: `trellis backup FILE` and `trellis --db TARGET restore FILE` as a script uses
/// them; `settings show` says when the last backup was made.
#[test]
fn backup_and_restore_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    init_acme(&db);
    let shown = trellis(&db, &["--as", "olivia@acme.test", "settings", "show"], OLIVIA_PW);
    assert!(String::from_utf8_lossy(&shown.stdout).contains("last backup: never"));
    let file = dir.path().join("acme-backup.db");
    let made = as_olivia(&db, &["backup", file.to_str().unwrap()]);
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stdout));
    assert!(json(&made)["bytes"].as_u64().unwrap() > 0);
    let shown = trellis(&db, &["--as", "olivia@acme.test", "settings", "show"], OLIVIA_PW);
    assert!(
        String::from_utf8_lossy(&shown.stdout).contains("acme-backup.db"),
        "{}",
        String::from_utf8_lossy(&shown.stdout)
    );

    let target = dir.path().join("restored.db");
    let restored = trellis(&target, &["--json", "restore", file.to_str().unwrap()], "");
    assert!(restored.status.success(), "{}", String::from_utf8_lossy(&restored.stdout));
    assert_eq!(json(&restored)["workspace"], "Acme");
    let who = as_olivia(&target, &["whoami"]);
    assert!(who.status.success(), "the restored file signs Olivia in: {}", String::from_utf8_lossy(&who.stdout));
    let missing = trellis(&target, &["--json", "restore", "/no/such/backup.db"], "");
    assert!(!missing.status.success());
    assert_eq!(json(&missing)["field"], "file");
}

/// Issue 18: the portal's settings from the command line, and a portal server started on a
/// file that follows no shared workspace says what to do instead of serving.
#[test]
fn portal_settings_and_a_portal_that_cannot_serve_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    init_acme(&db);
    let linked = as_olivia(&db, &["settings", "portal-login", "trellis_portal_web"]);
    assert!(linked.status.success(), "{}", String::from_utf8_lossy(&linked.stdout));
    assert_eq!(json(&linked)["portal_login"], "trellis_portal_web");
    let bad = as_olivia(&db, &["settings", "portal-address", "ftp://partners.example.com"]);
    assert!(!bad.status.success());
    assert_eq!(json(&bad)["field"], "portal_url");
    let set = as_olivia(&db, &["settings", "portal-address", "https://partners.example.com/"]);
    assert_eq!(json(&set)["portal_url"], "https://partners.example.com", "kept without the trailing slash");
    let idle = as_olivia(&db, &["settings", "portal-idle", "2"]);
    assert_eq!(json(&idle)["field"], "portal_idle_minutes");
    let ui = dir.path().join("ui");
    std::fs::create_dir_all(&ui).unwrap();
    std::fs::write(ui.join("portal.html"), "<!doctype html>").unwrap();
    let serve =
        trellis(&db, &["--json", "portal", "serve", "--listen", "127.0.0.1:0", "--ui", ui.to_str().unwrap()], "");
    assert!(!serve.status.success(), "it must not serve");
    let err = json(&serve);
    assert_eq!(err["field"], "db", "{err}");
    assert!(err["message"].as_str().unwrap().contains("trellis sync join"), "{err}");
    let no_ui = trellis(&db, &["--json", "portal", "serve", "--ui", "/no/such/ui"], "");
    assert_eq!(json(&no_ui)["field"], "ui");
}

/// MAIL from the command line: settings name the bad field, a test message reaches the
/// member, an invitation is queued and `outbox send` delivers it; a refused recipient
/// fails with the server's reason and can be cancelled.
#[test]
fn email_settings_and_the_outbox_from_the_command_line() {
    let smtp = smtp::SmtpServer::start();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    init_acme(&db);
    let port = smtp.port.to_string();
    let set = |security: &str, from: &str| {
        let args = ["settings", "email", "set", "--host", "127.0.0.1", "--port", &port, "--security", security];
        let mut all = args.to_vec();
        all.extend_from_slice(&["--from-name", "Acme Partner Team", "--from-address", from]);
        as_olivia(&db, &all)
    };
    let bad = set("none", "partners@acme");
    assert!(!bad.status.success());
    assert_eq!(json(&bad)["field"], "from_address");
    let ok = set("none", "partners@acme.test");
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stdout));
    assert_eq!(json(&ok)["sends_here"], true);
    let test = as_olivia(&db, &["settings", "email", "test"]);
    assert!(json(&test)["server_reply"].as_str().unwrap().starts_with("250"), "{}", json(&test));

    let invite = as_olivia(&db, &["members", "invite", "ines@acme.test", "--name", "Ines"]);
    assert!(invite.status.success(), "{}", String::from_utf8_lossy(&invite.stdout));
    let refused = as_olivia(&db, &["members", "invite", "refuse-me@acme.test", "--name", "Rex"]);
    assert!(refused.status.success());
    let sent = as_olivia(&db, &["outbox", "send"]);
    assert_eq!((json(&sent)["sent"].as_u64(), json(&sent)["failed"].as_u64()), (Some(1), Some(1)), "{}", json(&sent));
    let mut got: Vec<_> = smtp.received().into_iter().map(|m| m.to).collect();
    got.sort();
    assert_eq!(got, ["ines@acme.test", "olivia@acme.test"], "the test message and the invitation");
    let list = json(&as_olivia(&db, &["outbox"]));
    let failed = list.as_array().unwrap().iter().find(|m| m["to"] == "refuse-me@acme.test").unwrap().clone();
    assert_eq!(failed["status"], "failed");
    assert!(failed["last_error"].as_str().unwrap().contains("User unknown"), "{failed}");
    let cancel = as_olivia(&db, &["outbox", "cancel", failed["id"].as_str().unwrap()]);
    assert_eq!(json(&cancel)["status"], "cancelled");
    let unknown = as_olivia(&db, &["outbox", "resend", "nope"]);
    assert_eq!(json(&unknown)["field"], "id");

    // Issue 19: a reset link emailed to a member, used at the CLI (the link pasted whole).
    let mailed = as_olivia(&db, &["members", "send-reset", "olivia@acme.test"]);
    assert_eq!(json(&mailed)["email"], "olivia@acme.test", "{}", String::from_utf8_lossy(&mailed.stdout));
    as_olivia(&db, &["outbox", "send"]);
    let mail = smtp.received().into_iter().find(|m| m.text.contains("trellis://reset?")).expect("the reset email");
    let link = mail.text.lines().map(str::trim).find(|l| l.starts_with("trellis://reset?")).unwrap().to_owned();
    let new_pw = "a harbour lantern from the link";
    let reset = trellis(&db, &["--json", "members", "reset"], &format!("{link}\n{new_pw}\n"));
    assert_eq!(json(&reset)["email"], "olivia@acme.test", "{}", String::from_utf8_lossy(&reset.stdout));
    let again = trellis(&db, &["--json", "members", "reset"], &format!("{link}\nyet another passphrase here\n"));
    assert_eq!(json(&again)["field"], "code", "a link works once");
    let old = as_olivia(&db, &["whoami"]);
    assert_eq!(json(&old)["field"], "password", "the old password no longer signs in");
    let new = trellis(&db, &["--json", "--as", "olivia@acme.test", "whoami"], &format!("{new_pw}\n"));
    assert!(new.status.success(), "{}", String::from_utf8_lossy(&new.stdout));
}
