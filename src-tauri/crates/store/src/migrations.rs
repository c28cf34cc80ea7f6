//! The schema's migrations, embedded in the binary. Listed here rather than found by
//! `sqlx::migrate!`: that macro brings sqlx's compile-time machinery, which compiles
//! SQLite's C source a second time for the macro's own use — about two minutes of a cold
//! build on two cores, for a list of files. Versions, descriptions and checksums (SHA-384
//! of the SQL text) are exactly those `migrate!` gives, so every database it migrated
//! opens as before; a test keeps this list and the folder the same.

use sqlx::migrate::{Migration, MigrationType, Migrator};
use std::borrow::Cow;

/// (version, description, SQL), as `migrate!` reads them from `NNNN_description.sql`.
const MIGRATIONS: &[(i64, &str, &str)] = &[
    (1, "members roles", include_str!("../migrations/0001_members_roles.sql")),
    (2, "credentials", include_str!("../migrations/0002_credentials.sql")),
    (3, "partners", include_str!("../migrations/0003_partners.sql")),
    (4, "contacts", include_str!("../migrations/0004_contacts.sql")),
    (5, "records sharing", include_str!("../migrations/0005_records_sharing.sql")),
    (6, "partner credentials outbox", include_str!("../migrations/0006_partner_credentials_outbox.sql")),
    (7, "segments", include_str!("../migrations/0007_segments.sql")),
    (8, "sync", include_str!("../migrations/0008_sync.sql")),
    (9, "shared credentials", include_str!("../migrations/0009_shared_credentials.sql")),
    (10, "drafts", include_str!("../migrations/0010_drafts.sql")),
    (11, "preview", include_str!("../migrations/0011_preview.sql")),
    (12, "invitations", include_str!("../migrations/0012_invitations.sql")),
    (13, "member backlog", include_str!("../migrations/0013_member_backlog.sql")),
    (14, "preview owner", include_str!("../migrations/0014_preview_owner.sql")),
    (15, "outbox op", include_str!("../migrations/0015_outbox_op.sql")),
    (16, "backups", include_str!("../migrations/0016_backups.sql")),
    (17, "portal service", include_str!("../migrations/0017_portal_service.sql")),
    (18, "partner invitations", include_str!("../migrations/0018_partner_invitations.sql")),
    (19, "mail", include_str!("../migrations/0019_mail.sql")),
    (20, "activities", include_str!("../migrations/0020_activities.sql")),
    (21, "dashboards", include_str!("../migrations/0021_dashboards.sql")),
    (22, "journal chain", include_str!("../migrations/0022_journal_chain.sql")),
    (23, "reviews", include_str!("../migrations/0023_reviews.sql")),
    (24, "history checkpoints", include_str!("../migrations/0024_history_checkpoints.sql")),
    (25, "licence shares", include_str!("../migrations/0025_licence_shares.sql")),
    (26, "member resets", include_str!("../migrations/0026_member_resets.sql")),
];

/// The newest schema version this build knows (a backup from a newer one is refused).
pub fn newest() -> i64 {
    MIGRATIONS.last().map_or(0, |m| m.0)
}

pub fn migrator() -> Migrator {
    let migrations = MIGRATIONS
        .iter()
        .map(|&(version, description, sql)| {
            Migration::new(version, Cow::Borrowed(description), MigrationType::Simple, Cow::Borrowed(sql), false)
        })
        .collect();
    // `migrate!` builds the same value (with the migrations borrowed instead of owned).
    Migrator { migrations: Cow::Owned(migrations), ..Migrator::DEFAULT }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every file of the folder, and nothing else, with the version, description and text
    /// `migrate!` would read from it.
    #[test]
    fn the_list_is_the_migrations_folder() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
        let mut on_disk: Vec<(i64, String, String)> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "sql"))
            .map(|p| {
                let name = p.file_name().unwrap().to_str().unwrap().to_owned();
                let (version, rest) = name.split_once('_').unwrap();
                let description = rest.trim_end_matches(".sql").replace('_', " ");
                (version.parse().unwrap(), description, std::fs::read_to_string(&p).unwrap())
            })
            .collect();
        on_disk.sort();
        let listed: Vec<(i64, String, String)> =
            MIGRATIONS.iter().map(|&(v, d, s)| (v, d.to_owned(), s.to_owned())).collect();
        assert_eq!(listed, on_disk);
        assert!(migrator().migrations.iter().all(|m| !m.no_tx && m.migration_type == MigrationType::Simple));
    }
}
