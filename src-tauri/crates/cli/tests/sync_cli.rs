//! `trellis sync …` as a script would use it, against the PostgreSQL server the test
//! command starts: connect (password on stdin), publish, join into a new file, status
//! and sync as JSON, and a failing sync exiting non-zero with a JSON error.

mod support;

use support::{json, trellis};

/// A database of its own and a manager login for Bob; returns (superuser URL, Bob's URL).
fn database() -> (String, String) {
    let url = std::env::var("TRELLIS_TEST_PG").expect("run through scripts/test.sh (it starts PostgreSQL)");
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        use sqlx::postgres::PgPoolOptions;
        let name = format!("cli_{}", &uuid::Uuid::now_v7().simple().to_string()[20..]);
        let bob = format!("bob_{}", &name[4..]);
        let pool = PgPoolOptions::new().max_connections(1).connect(&url).await.unwrap();
        sqlx::query(&format!("CREATE DATABASE {name}")).execute(&pool).await.unwrap();
        let _ = sqlx::query("DO $$ BEGIN CREATE ROLE trellis_client NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$")
            .execute(&pool)
            .await;
        sqlx::query(&format!("CREATE ROLE {bob} LOGIN IN ROLE trellis_client")).execute(&pool).await.unwrap();
        let own = url.replace("/postgres?", &format!("/{name}?"));
        (own.clone(), own.replace("postgres@", &format!("{bob}@")))
    })
}

#[test]
fn connect_publish_join_sync_and_status_from_the_command_line() {
    let (url, bob_url) = database();
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.db"), dir.path().join("b.db"));
    let pw = "quiet harbour lanterns\n";
    let bob_pw = "bobs own long passphrase\n";
    let out = trellis(&a, &["init", "--workspace", "Acme", "--name", "Olivia", "--email", "olivia@acme.test"], pw);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let as_owner = ["--json", "--as", "olivia@acme.test"];
    let run = |db: &std::path::Path, args: &[&str], stdin: &str| {
        let mut all: Vec<&str> = as_owner.to_vec();
        all.extend_from_slice(args);
        trellis(db, &all, stdin)
    };
    let invited = json(&run(&a, &["members", "invite", "bob@acme.test", "--role", "Admin"], pw));
    let code = invited["code"].as_str().unwrap();
    assert!(trellis(&a, &["members", "accept", "--code"], &format!("{code}\n{bob_pw}")).status.success());
    let bob_login = bob_url.split("://").nth(1).unwrap().split('@').next().unwrap().to_owned();
    let out = run(&a, &["members", "db-login", "bob@acme.test", &bob_login], pw);
    assert_eq!(json(&out)["db_login"], bob_login.as_str());

    // Connect: a password in the address is refused, naming the field; then from stdin.
    let with_password = url.replace("postgres@", "postgres:secret@");
    let out = run(&a, &["sync", "connect", &with_password], &format!("{pw}x\n"));
    assert_eq!(json(&out)["field"], "url");
    let out = run(&a, &["sync", "connect", &url], &format!("{pw}unused\n"));
    assert!(json(&out)["message"].as_str().unwrap().contains("empty database"), "{}", json(&out));
    let out = run(&a, &["sync", "publish"], pw);
    assert!(json(&out)["workspace"].is_string(), "{}", json(&out));

    // Join into a new file as Bob; then sync and status, as JSON.
    let out = trellis(&b, &["--json", "sync", "join", &bob_url], "unused\n");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    assert!(json(&out)["received"].as_u64().unwrap() > 3);
    let out = trellis(&b, &["--json", "--as", "bob@acme.test", "members", "list"], bob_pw);
    assert_eq!(json(&out)["total"], 2, "Bob signs in on the joined desktop with his own password");
    let out = trellis(&b, &["--json", "sync", "now"], "");
    assert!(out.status.success());
    assert_eq!(json(&out)["sent"], 0);
    let out = trellis(&b, &["--json", "sync", "status"], "");
    assert_eq!(json(&out)["to_send"], 0);
    let out = trellis(&b, &["--json", "--as", "bob@acme.test", "sync", "conflicts"], bob_pw);
    assert_eq!(json(&out), serde_json::json!([]));

    // A file that follows nothing: `sync now` fails with a JSON error and a non-zero exit.
    let c = dir.path().join("c.db");
    let out = trellis(&c, &["init", "--workspace", "Solo", "--name", "Sam", "--email", "sam@solo.test"], pw);
    assert!(out.status.success());
    let out = trellis(&c, &["--json", "sync", "now"], "");
    assert!(!out.status.success());
    assert_eq!(json(&out)["field"], "remote");
}
