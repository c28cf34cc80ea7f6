//! Backups and restore (issue 17) on real files: a backup made while the workspace is
//! being written is whole and consistent; restore makes a working database from it and
//! refuses, naming the field, a damaged backup (truncated, garbage pages), one from a
//! newer Trellis, and a target that holds another workspace.

use crate::support::*;
use trellis_commands::Trellis;
use trellis_core::wire::*;
use trellis_core::Audience;

async fn role_names(t: &Trellis) -> Vec<String> {
    let q = RoleListQuery { audience: Some(Audience::Internal) };
    t.role_list(q).await.unwrap().into_iter().map(|r| r.name).collect()
}

#[tokio::test]
async fn a_backup_made_while_writing_restores_to_a_consistent_workspace() {
    let (dir, t) = fresh().await;
    let t = std::sync::Arc::new(t);
    // Another task keeps writing while the backup is made.
    let writer = {
        let t = t.clone();
        tokio::spawn(async move {
            for i in 0..60 {
                t.role_create(internal_role(&format!("Busy {i}"), &["leads.read"])).await.unwrap();
            }
        })
    };
    let file = dir.path().join("backup.db");
    let made = t.workspace_backup(&file).await.unwrap();
    writer.await.unwrap();
    assert!(made.bytes > 0);
    assert_eq!(t.workspace_last_backup().await.unwrap().unwrap().1, file.display().to_string());
    // Settings › Backup shows it: when and where, and this desktop's own file.
    let info = t.settings_backup_info().await.unwrap();
    assert_eq!((info.last_at, info.last_path.as_deref()), (Some(made.at), Some(file.to_str().unwrap())));
    assert_eq!(info.database, t.store().path().display().to_string());
    let again = t.workspace_backup(&file).await.unwrap_err();
    assert_eq!(again.field.as_deref(), Some("file"), "an existing file is never overwritten: {again:?}");
    let log = t.audit_list(AuditQuery { action: "workspace.backup".into(), limit: 5, ..Default::default() });
    assert_eq!(log.await.unwrap().rows.len(), 1, "the backup is journaled");

    // Restored, it opens, and holds a prefix of the writes: Busy 0..k, nothing torn.
    let target = dir.path().join("restored.db");
    let restored = Trellis::workspace_restore(&file, &target).await.unwrap();
    assert_eq!(restored.workspace, "Acme Channel");
    let r = owner_signed_in(&target).await;
    let names = role_names(&r).await;
    let busy = names.iter().filter(|n| n.starts_with("Busy ")).count();
    for i in 0..busy {
        assert!(names.contains(&format!("Busy {i}")), "the backup is a prefix of the writes: {names:?}");
    }
    assert!(r.snapshot().await.members().count() == t.snapshot().await.members().count());

    // Restoring onto the same workspace keeps the file that was there.
    drop(r);
    let again = Trellis::workspace_restore(&file, &target).await.unwrap();
    assert!(again.previous.as_ref().is_some_and(|p| p.exists()), "{again:?}");
}

#[tokio::test]
async fn restore_refuses_damaged_newer_and_foreign_files_naming_the_field() {
    let (dir, t) = fresh().await;
    let file = dir.path().join("backup.db");
    t.workspace_backup(&file).await.unwrap();

    // Truncated to half.
    let half = dir.path().join("half.db");
    let bytes = std::fs::read(&file).unwrap();
    std::fs::write(&half, &bytes[..bytes.len() / 2]).unwrap();
    let e = Trellis::workspace_restore(&half, &dir.path().join("a.db")).await.unwrap_err();
    assert_eq!(e.field.as_deref(), Some("file"), "{e:?}");
    assert!(!dir.path().join("a.db").exists(), "nothing made from a damaged backup");

    // Garbage over some pages past the header.
    let garbage = dir.path().join("garbage.db");
    let mut damaged = bytes.clone();
    for b in damaged.iter_mut().skip(4096).take(8192) {
        *b = 0xA5;
    }
    std::fs::write(&garbage, &damaged).unwrap();
    let e = Trellis::workspace_restore(&garbage, &dir.path().join("b.db")).await.unwrap_err();
    assert_eq!(e.field.as_deref(), Some("file"), "{e:?}");
    assert!(e.message.contains("damaged") || e.message.contains("cannot be read"), "{e:?}");

    // Written by a newer Trellis.
    let newer = dir.path().join("newer.db");
    std::fs::copy(&file, &newer).unwrap();
    {
        use sqlx::Connection;
        let url = format!("sqlite://{}", newer.display());
        let mut c = sqlx::SqliteConnection::connect(&url).await.unwrap();
        sqlx::query("INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) VALUES (9999, 'future', 1, x'00', 0)")
            .execute(&mut c)
            .await
            .unwrap();
        c.close().await.unwrap();
    }
    let e = Trellis::workspace_restore(&newer, &dir.path().join("c.db")).await.unwrap_err();
    assert_eq!(e.field.as_deref(), Some("file"), "{e:?}");
    assert!(e.message.contains("newer Trellis"), "{e:?}");

    // A target holding another workspace is never overwritten.
    let other = tempfile::tempdir().unwrap();
    let o = fresh_in(other.path()).await;
    o.settings_set_four_eyes(FourEyesRequest { on: true }).await.unwrap();
    drop(o);
    let target = other.path().join("trellis.db");
    let e = Trellis::workspace_restore(&file, &target).await.unwrap_err();
    assert_eq!(e.field.as_deref(), Some("db"), "{e:?}");
    assert!(owner_signed_in(&target).await.session_info().await.four_eyes, "the other workspace is untouched");
}
