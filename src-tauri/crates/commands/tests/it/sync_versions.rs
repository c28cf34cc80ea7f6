//! Sync across versions and outages (issue 17): an app one version behind never writes to
//! a newer shared schema — its changes wait, and go out once it is upgraded; the
//! background loop resumes by itself once the server is back, and the status says what
//! happened meanwhile.

use crate::support::pg_cluster::Server;
use crate::support::*;
use std::time::Duration;
use trellis_commands::sync::remote_request;
use trellis_commands::Trellis;

/// A published workspace on `server`, opened at `dir`.
async fn published(dir: &std::path::Path, server: &Server) -> Trellis {
    let a = fresh_in(dir).await;
    a.sync_connect(remote_request(&server.url("postgres", server.port), "unused".into()).unwrap()).await.unwrap();
    a.sync_publish().await.unwrap();
    a
}

#[tokio::test]
async fn an_app_behind_the_shared_schema_keeps_its_changes_until_upgraded() {
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let a = published(dir.path(), &server).await;
    let admin = server.admin().await;
    // Another desktop, newer, upgraded the shared schema.
    sqlx::query("UPDATE trellis_meta SET value = value + 1 WHERE key = 'schema'").execute(&admin).await.unwrap();
    a.role_create(internal_role("Made while behind", &["leads.read"])).await.unwrap();
    let e = a.sync_now().await.unwrap_err();
    assert!(e.message.to_lowercase().contains("newer"), "{e:?}");
    let before: i64 = sqlx::query_scalar("SELECT count(*) FROM trellis_log").fetch_one(&admin).await.unwrap();
    assert_eq!(a.sync_status().await.to_send, 1, "the change waits");
    drop(a);
    let a = Trellis::open(&dir.path().join("trellis.db")).await.unwrap();
    assert_eq!(a.sync_status().await.to_send, 1, "and survives a restart");
    let after: i64 = sqlx::query_scalar("SELECT count(*) FROM trellis_log").fetch_one(&admin).await.unwrap();
    assert_eq!(before, after, "nothing was written to the newer schema");
    // The app is upgraded (here: the schema is the one it knows again): it goes out.
    sqlx::query("UPDATE trellis_meta SET value = value - 1 WHERE key = 'schema'").execute(&admin).await.unwrap();
    assert_eq!(a.sync_unattended().await.unwrap().sent, 1);
    assert_eq!(a.sync_status().await.to_send, 0);
}

#[tokio::test]
async fn the_background_loop_resumes_by_itself_when_the_server_is_back() {
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let a = published(dir.path(), &server).await;
    server.stop();
    a.role_create(internal_role("Made offline", &["leads.read"])).await.unwrap();
    let poll = Duration::from_millis(200);
    let mut poke = None;
    a.sync_watch(&mut poke, poll).await;
    let down = a.sync_status().await;
    assert!(down.offline_since.is_some() && down.last_error.is_some(), "the status says it is offline: {down:?}");
    assert_eq!(down.to_send, 1);

    server.up();
    let a = std::sync::Arc::new(a);
    let looping = {
        let a = a.clone();
        tokio::spawn(async move {
            let mut poke = None;
            loop {
                a.sync_watch(&mut poke, poll).await;
            }
        })
    };
    // Wait for the fact (not for a guessed time): the loop sends the change by itself.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    loop {
        let s = a.sync_status().await;
        if s.to_send == 0 && s.last_error.is_none() {
            assert!(s.offline_since.is_none(), "{s:?}");
            assert!(s.last_sync_at.unwrap() >= down.last_sync_at.unwrap_or(0));
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "sync never resumed: {s:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    looping.abort();
    let logged: i64 = sqlx::query_scalar("SELECT count(*) FROM trellis_log WHERE envelope LIKE '%Made offline%'")
        .fetch_one(&server.admin().await)
        .await
        .unwrap();
    assert_eq!(logged, 1);
}
