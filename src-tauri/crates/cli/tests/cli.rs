//! The `trellis` binary as a script would use it: passwords on stdin, `--json` results and
//! errors naming their field, and the bench command running end to end.

mod support;

use support::{json, trellis};

#[test]
fn init_sign_in_invite_and_refusals_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    let pw = "quiet harbour lanterns\n";
    let out = trellis(
        &db,
        &["--json", "init", "--workspace", "Acme", "--name", "Olivia", "--email", "olivia@acme.test"],
        "short\n",
    );
    assert!(!out.status.success());
    assert_eq!(json(&out)["field"], "password");
    let out =
        trellis(&db, &["--json", "init", "--workspace", "Acme", "--name", "Olivia", "--email", "olivia@acme.test"], pw);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(json(&out)["me"]["role_name"], "Owner");
    // A new process has no session unless it signs in (or one is remembered).
    let out = trellis(&db, &["--json", "members", "list"], "");
    assert_eq!(json(&out)["code"], "session");
    let out = trellis(
        &db,
        &["--json", "--as", "olivia@acme.test", "members", "invite", "ana@acme.test", "--role", "Member"],
        pw,
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    let invited = json(&out);
    assert_eq!(invited["member"]["status"], "pending");
    let code = invited["code"].as_str().unwrap().to_owned();
    // SEC-4: nobody accepts by naming the email any more; a wrong code changes nothing.
    let out = trellis(&db, &["--json", "members", "accept", "ana@acme.test"], "anas own passphrase\n");
    assert!(!out.status.success());
    let out =
        trellis(&db, &["--json", "members", "accept", "--code"], "AAAAA-BBBBB-CCCCC-DDDDD\nanas own passphrase\n");
    assert_eq!((json(&out)["code"].clone(), json(&out)["field"].clone()), ("invalid".into(), "code".into()));
    // Issue 19: the email's link pasted whole works as its code; a link that is not one
    // is refused at the code, naming what is wrong.
    let out =
        trellis(&db, &["--json", "members", "accept", "--code"], "trellis://settings?code=X\nanas own passphrase\n");
    assert_eq!((json(&out)["code"].clone(), json(&out)["field"].clone()), ("invalid".into(), "code".into()));
    let link = format!("trellis://accept?code={code}");
    let out = trellis(&db, &["--json", "members", "accept", "--code"], &format!("{link}\nanas own passphrase\n"));
    assert_eq!(json(&out)["status"], "active", "{}", String::from_utf8_lossy(&out.stdout));
    let out = trellis(&db, &["--json", "--as", "olivia@acme.test", "members", "invite", "ANA@acme.test"], pw);
    assert_eq!((json(&out)["code"].clone(), json(&out)["field"].clone()), ("conflict".into(), "email".into()));
    let out = trellis(&db, &["--json", "--as", "olivia@acme.test", "members", "list", "--role", "Member"], pw);
    assert_eq!(json(&out)["total"], 1);
    let out = trellis(&db, &["--json", "--as", "ana@acme.test", "members", "list"], "anas own passphrase\n");
    assert_eq!(json(&out)["code"], "forbidden", "signed in, as a Member who may not list members");
    let out = trellis(&db, &["--json", "--as", "olivia@acme.test", "members", "list"], "wrong password entirely\n");
    assert_eq!(json(&out)["field"], "password");

    // The journal: local times and each change before → after; signed in, with the
    // permission; --json keeps raw values.
    let out = trellis(&db, &["--json", "journal"], "");
    assert_eq!(json(&out)["code"], "session", "the audit log is not for anyone at the desk");
    let out = trellis(&db, &["--as", "olivia@acme.test", "journal", "--limit", "20"], pw);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    let accepted = text.lines().position(|l| l.contains("member.accept_invite")).expect("the acceptance is listed");
    let line = text.lines().nth(accepted).unwrap();
    let year = line.split_whitespace().nth(1).unwrap();
    assert!(year.len() == 10 && year.starts_with("20") && year.chars().nth(4) == Some('-'), "a local date: {line}");
    let epoch = |w: &str| w.len() == 13 && w.chars().all(|c| c.is_ascii_digit());
    assert!(!line.split_whitespace().any(epoch), "no epoch milliseconds: {line}");
    assert!(text.lines().skip(accepted + 1).take(4).any(|l| l.contains("→")), "changes follow the entry:\n{text}");
    let raw = json(&trellis(&db, &["--json", "--as", "olivia@acme.test", "journal", "--limit", "3"], pw));
    assert!(raw[0]["at"].is_i64(), "--json keeps epoch milliseconds: {raw}");
}

#[test]
fn bench_runs_and_reports_every_figure() {
    let dir = tempfile::tempdir().unwrap();
    let out = trellis(&dir.path().join("unused.db"), &["bench", "--members", "3000", "--bulk", "500"], "");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}{}", String::from_utf8_lossy(&out.stderr));
    for line in
        ["state load from SQLite", "worst filter", "raw insert of", "bulk / raw ratio", "catching up", "argon2id hash"]
    {
        assert!(text.contains(line), "missing '{line}' in:\n{text}");
    }
}

/// The partner commands on the demo workspace: list, give access with a temporary password
/// (PU-5), a refusal naming its field (PU-1 on a disabled account), owner change (PA-3)
/// seen on the tree, and the visibility explainer.
#[test]
fn partners_give_access_change_owner_and_explain() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    let out = trellis(&db, &["--json", "demo", "--members", "50"], "");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let pw = "northwind trellis demo\n";
    let dana = "dana.whitfield@northwind-channel.example";
    let run = |args: &[&str]| {
        let mut all = vec!["--json", "--as", dana];
        all.extend_from_slice(args);
        trellis(&db, &all, pw)
    };
    let list = json(&run(&["partners", "list"]));
    assert_eq!(list["rows"].as_array().unwrap().len(), 5);
    // The table's order (PA-1): by a column, either way; an unknown column names the choices.
    let names = |l: &serde_json::Value| -> Vec<String> {
        l["rows"].as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap().to_owned()).collect()
    };
    let mut by_name = names(&list);
    let desc = names(&json(&run(&["partners", "list", "--sort", "name", "--desc"])));
    by_name.reverse();
    assert_eq!(desc, by_name);
    let by_status = json(&run(&["partners", "list", "--sort", "status"]));
    let enabled: Vec<bool> =
        by_status["rows"].as_array().unwrap().iter().map(|r| r["enabled"].as_bool().unwrap()).collect();
    assert!(enabled.windows(2).all(|w| w[0] >= w[1]), "enabled accounts first: {enabled:?}");
    let bad = run(&["partners", "list", "--sort", "colour"]);
    assert!(!bad.status.success());
    let bad = json(&bad);
    assert_eq!(bad["field"], "sort", "the option is named, not its usage: {bad}");
    assert!(bad["message"].as_str().unwrap().contains("`owner`"), "{bad}");
    let given = run(&[
        "partners",
        "give-access",
        "sofia.lind@contoso.example",
        "--hierarchy-role",
        "Contoso Networks Partner User",
        "--temporary",
    ]);
    assert!(given.status.success(), "{}", String::from_utf8_lossy(&given.stdout));
    let given = json(&given);
    assert_eq!(given["delivery"], "temporary");
    assert!(given["temporary_password"].as_str().unwrap().len() >= 15);
    let refused = json(&run(&["partners", "give-access", "noor.aziz@litware.example"]));
    assert_eq!((refused["code"].clone(), refused["field"].clone()), ("rule".into(), "account_id".into()));
    let moved = json(&run(&["partners", "owner", "Contoso Networks", dana]));
    assert_eq!(moved["owner_role"], "VP Channel");
    let tree = json(&run(&["partners", "tree", "--search", "Contoso Networks Partner Executive"]));
    let nodes = tree.as_array().unwrap();
    assert_eq!(nodes[0]["name"], "VP Channel", "the branch now hangs directly under the new owner's role");
    assert_eq!(nodes[1]["name"], "Contoso Networks Partner Executive");
    let sees = json(&run(&["partners", "sees", "sofia.lind@contoso.example"]));
    assert!(sees["scope"].as_str().unwrap().contains("Contoso Networks Partner User"));
}

/// A mistyped --db is an error naming the field, and leaves no file behind: only `init`,
/// `demo` and `sync join` create a database.
#[test]
fn a_missing_database_is_refused_not_created() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("typo.db");
    let out = trellis(&db, &["--json", "members", "list"], "");
    assert!(!out.status.success());
    assert_eq!(json(&out)["field"], "db");
    assert!(!db.exists(), "no empty database was created");
    let out = trellis(&db, &["--json", "demo", "--members", "10"], "");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(db.exists());
}

/// Issue 11's rough edges: `| head` (a closed pipe) ends quietly; argument errors under
/// `--json` are JSON naming the argument; `--require-change` without a typed password is
/// an error; a role looked up in the wrong audience says where it looked and where it is.
#[test]
fn pipes_argument_errors_and_lookups_behave() {
    use std::io::Read;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    assert!(trellis(&db, &["demo", "--members", "3000"], "").status.success());
    let dana = ["--as", "dana.whitfield@northwind-channel.example"];
    let pw = "northwind trellis demo\n";

    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_trellis"))
        .arg("--db")
        .arg(&db)
        .args(dana)
        .args(["members", "list", "--limit", "3000"])
        .env("TRELLIS_KEYRING", "keyutils")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), pw.as_bytes()).unwrap();
    let mut first = [0u8; 64];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap(); // then the pipe closes, like `head`
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && !stderr.contains("panicked"), "{:?} {stderr}", out.status);

    let out = trellis(&db, &["--json", "members", "list", "--bogus"], "");
    assert_eq!((json(&out)["code"].clone(), json(&out)["field"].clone()), ("invalid".into(), "bogus".into()));
    let out = trellis(&db, &["--json", "members", "invite"], "");
    assert_eq!(json(&out)["field"], "email", "{}", String::from_utf8_lossy(&out.stdout));

    let mut args = vec!["--json"];
    args.extend(dana);
    args.extend(["partners", "give-access", "noor.aziz@litware.example", "--portal-role", "Advanced Partner Center"]);
    args.push("--require-change");
    assert_eq!(json(&trellis(&db, &args, pw))["field"], "require_change");

    let mut args = vec!["--json"];
    args.extend(dana);
    args.extend(["partners", "give-access", "noor.aziz@litware.example", "--portal-role", "Member"]);
    let err = json(&trellis(&db, &args, pw));
    let message = err["message"].as_str().unwrap();
    assert!(message.contains("among the partner roles") && message.contains("one of the internal roles"), "{message}");
}

/// A bulk change from the CLI reaches the members table before the process ends: the
/// member backlog it committed to is drained, not left for the next start.
#[test]
fn a_bulk_change_from_the_cli_leaves_no_backlog_behind() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    let out = trellis(&db, &["--json", "demo", "--members", "700"], "");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let owner = "dana.whitfield@northwind-channel.example";
    let pw = format!("{}\n", trellis_commands::DEMO_PASSWORD);
    let list = json(&trellis(&db, &["--json", "--as", owner, "members", "list", "--limit", "1000"], &pw));
    let emails: Vec<&str> = list["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["email"].as_str().unwrap())
        .filter(|e| *e != owner)
        .take(600)
        .collect();
    assert_eq!(emails.len(), 600);
    let change = |role: &[&str]| {
        let mut args = vec!["--json", "--as", owner, "members", "change-role"];
        args.extend(role);
        args.extend(&emails);
        let out = trellis(&db, &args, &pw);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
        json(&out)
    };
    change(&["--role", "Viewer"]);
    // All 600 move (Viewer → no role): a batch for the backlog.
    assert_eq!(change(&["--no-role"])["changed"], 600);
    let (backlog, without_role) = tokio::runtime::Runtime::new().unwrap().block_on(async {
        let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", db.display())).await.unwrap();
        let count = |sql: &'static str| sqlx::query_scalar::<_, i64>(sql).fetch_one(&pool);
        let backlog = count("SELECT count(*) FROM member_backlog").await.unwrap();
        let without_role = count("SELECT count(*) FROM members WHERE role_id IS NULL").await.unwrap();
        (backlog, without_role)
    });
    assert_eq!(backlog, 0, "the CLI drained its backlog before exiting");
    assert!(without_role >= 600, "the table itself holds the change: {without_role} without a role");
}
