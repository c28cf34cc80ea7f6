//! Running the `trellis` binary as a script would: arguments, stdin, and JSON output.
#![allow(dead_code)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

pub fn trellis(db: &std::path::Path, args: &[&str], stdin: &str) -> Output {
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

pub fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

/// Olivia's password in the workspaces `init_acme` makes (stdin, one line).
pub const OLIVIA_PW: &str = "quiet harbour lanterns\n";

/// A new workspace "Acme" at `db`, Olivia its Owner.
pub fn init_acme(db: &std::path::Path) {
    let args = ["--json", "init", "--workspace", "Acme", "--name", "Olivia", "--email", "olivia@acme.test"];
    let out = trellis(db, &args, OLIVIA_PW);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// `trellis --json --as olivia@acme.test ARGS` on `db`.
pub fn as_olivia(db: &std::path::Path, args: &[&str]) -> Output {
    let mut all = vec!["--json", "--as", "olivia@acme.test"];
    all.extend_from_slice(args);
    trellis(db, &all, OLIVIA_PW)
}
