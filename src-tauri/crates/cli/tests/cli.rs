//! The `trellis` binary as a script would use it: passwords on stdin, `--json` results and
//! errors naming their field, and the bench command running end to end.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn trellis(db: &std::path::Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_trellis"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("TRELLIS_KEYRING", "keyutils")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

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
    assert_eq!(json(&out)["status"], "pending");
    let out = trellis(&db, &["--json", "--as", "olivia@acme.test", "members", "invite", "ANA@acme.test"], pw);
    assert_eq!((json(&out)["code"].clone(), json(&out)["field"].clone()), ("conflict".into(), "email".into()));
    let out = trellis(&db, &["--json", "--as", "olivia@acme.test", "members", "list", "--role", "Member"], pw);
    assert_eq!(json(&out)["total"], 1);
    let out = trellis(&db, &["--json", "--as", "olivia@acme.test", "members", "list"], "wrong password entirely\n");
    assert_eq!(json(&out)["field"], "password");
}

#[test]
fn bench_runs_and_reports_every_figure() {
    let dir = tempfile::tempdir().unwrap();
    let out = trellis(&dir.path().join("unused.db"), &["bench", "--members", "3000", "--bulk", "500"], "");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}{}", String::from_utf8_lossy(&out.stderr));
    for line in ["state load from SQLite", "worst filter", "bulk / raw ratio", "argon2id hash / verify"] {
        assert!(text.contains(line), "missing '{line}' in:\n{text}");
    }
}
