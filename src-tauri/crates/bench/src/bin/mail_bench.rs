//! Mail delivery, measured (issue 19): 1,000 queued messages delivered to a real SMTP
//! server on this machine (aiosmtpd, `scripts/smtp_server.py`) over one reused
//! connection — from the file's own queue (a local workspace) and from the shared
//! database's queue (a shared one) — next to the same 1,000 messages handed to SMTP with
//! no queue at all. The queue's bookkeeping is the difference.
//!
//! Usage: `keyctl session - cargo run --release -p trellis-bench --bin trellis-mail-bench`
//! (the sending secrets live in the OS keyring; keyutils needs a session keyring).

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use trellis_commands::Trellis;
use trellis_core::mail::{MailKind, MailSecurity, QueuedMail};
use trellis_core::wire::{CreateWorkspaceRequest, MailSettingsRequest};

const N: usize = 1000;

fn smtp_server(dir: &std::path::Path) -> (std::process::Child, u16) {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../scripts/smtp_server.py");
    let mut child = Command::new("/usr/bin/python3")
        .args([script, "--port", "0", "--maildir"])
        .arg(dir)
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3-aiosmtpd (scripts/setup.sh installs it)");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let port = line.trim().trim_start_matches("listening on ").parse().expect("the server's port");
    (child, port)
}

fn message(about: uuid::Uuid) -> QueuedMail {
    let id = uuid::Uuid::now_v7();
    let message_id = trellis_mail::new_message_id(id, "partners@acme.test");
    QueuedMail { message_id, ..QueuedMail::new(id, MailKind::Test, Some(about), "olivia@acme.test", "bench", 0) }
}

fn rate(d: Duration) -> String {
    format!("{:.0} messages/s ({:.2} s for {N})", N as f64 / d.as_secs_f64(), d.as_secs_f64())
}

async fn workspace(dir: &std::path::Path, port: u16) -> Trellis {
    let t = Trellis::open(&dir.join("bench.db")).await.unwrap();
    t.workspace_create(CreateWorkspaceRequest {
        workspace_name: "Acme Channel".into(),
        owner_name: "Olivia Owner".into(),
        owner_email: "olivia@acme.test".into(),
        password: "a long owner passphrase".into(),
    })
    .await
    .unwrap();
    let settings = MailSettingsRequest {
        host: "127.0.0.1".into(),
        port,
        security: MailSecurity::None,
        user: None,
        password: None,
        from_name: "Acme Partner Team".into(),
        from_address: "partners@acme.test".into(),
    };
    t.settings_set_email(settings).await.expect("the OS keyring (run under `keyctl session -`)");
    t
}

async fn drain(t: &Trellis) -> Duration {
    let start = Instant::now();
    let mut sent = 0;
    while sent < N as u32 {
        let r = t.mail_deliver(N as u32).await.unwrap();
        assert_eq!((r.failed, r.retried), (0, 0), "{r:?}");
        sent += r.sent;
    }
    start.elapsed()
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().unwrap();
    let (mut server, port) = smtp_server(&dir.path().join("mail"));
    let t = workspace(dir.path(), port).await;
    let settings = t.session_info().await;
    let olivia = settings.me.unwrap().id.0;
    let mail = t.settings_email().await.unwrap();
    println!("SMTP server: aiosmtpd on 127.0.0.1:{port}; {N} messages each run");

    // No queue: render, build and send over one connection.
    let ws_settings = trellis_core::mail::MailSettings {
        host: "127.0.0.1".into(),
        port,
        security: MailSecurity::None,
        user: None,
        from_name: mail.from_name.clone().unwrap(),
        from_address: mail.from_address.clone().unwrap(),
        seal_key: String::new(),
    };
    let smtp = trellis_mail::Smtp::new(&ws_settings, None).unwrap();
    let to = trellis_mail::Recipient { name: "Olivia Owner", email: "olivia@acme.test" };
    let start = Instant::now();
    for _ in 0..N {
        let m = message(olivia);
        let ctx =
            serde_json::json!({ "workspace": "Acme Channel", "name": "Olivia Owner", "from": "partners@acme.test" });
        let words = trellis_mail::render(MailKind::Test, &ctx).unwrap();
        smtp.send(trellis_mail::build(&ws_settings, &to, &m.message_id, &words).unwrap()).await.unwrap();
    }
    let bare = start.elapsed();
    println!("SMTP alone (no queue):        {}", rate(bare));

    // The file's queue (a local workspace).
    let writes: Vec<_> = (0..N).map(|_| trellis_store::CredentialWrite::Mail(Box::new(message(olivia)))).collect();
    let actor = trellis_core::Actor::Bootstrap;
    let event = trellis_store::SecurityEvent {
        actor: &actor,
        actor_label: "bench",
        at: 0,
        action: "bench.queue",
        target: "bench",
        changes: Vec::new(),
    };
    t.store().record(event, &writes).await.unwrap();
    let local = drain(&t).await;
    println!(
        "local queue (SQLite):         {}; bookkeeping {:.2}× the SMTP time",
        rate(local),
        (local.as_secs_f64() - bare.as_secs_f64()).max(0.0) / bare.as_secs_f64()
    );

    // The shared queue (PostgreSQL), when a server can be started.
    let pg = trellis_bench::pg::server();
    let db = format!("mailbench_{}", &uuid::Uuid::now_v7().simple().to_string()[20..]);
    let admin = sqlx::postgres::PgPoolOptions::new().max_connections(1).connect(&pg.url).await.unwrap();
    sqlx::query(&format!("CREATE DATABASE {db}")).execute(&admin).await.unwrap();
    let url = pg.url.replace("/postgres?", &format!("/{db}?"));
    t.sync_connect(trellis_commands::sync::remote_request(&url, "unused".into()).unwrap()).await.unwrap();
    t.sync_publish().await.unwrap();
    let config = trellis_sync::RemoteConfig::from_url(&url).unwrap();
    let remote = trellis_sync::Remote::connect(&config, &"unused".into()).await.unwrap();
    let ws = remote.workspaces().await.unwrap()[0].id;
    let batch: Vec<_> = (0..N).map(|_| message(olivia)).collect();
    remote.outbox_put(ws, &batch).await.unwrap();
    let shared = drain(&t).await;
    println!(
        "shared queue (PostgreSQL):    {}; bookkeeping {:.2}× the SMTP time",
        rate(shared),
        (shared.as_secs_f64() - bare.as_secs_f64()).max(0.0) / bare.as_secs_f64()
    );
    let _ = server.kill();
    let _ = server.wait();
}
