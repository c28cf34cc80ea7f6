//! Password hashes on the shared database (sign in anywhere): written through
//! `trellis_put_credentials`, which records the writer's login; read in order.

use serde::{Deserialize, Serialize};
use sqlx::Row;
use trellis_core::sync::CredentialKind;
use uuid::Uuid;

/// One shared password hash. `Debug` never shows it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedCredential {
    pub seq: u64,
    pub kind: CredentialKind,
    pub subject: Uuid,
    pub phc: String,
    pub must_change: bool,
    /// Who wrote it, as the database recorded.
    pub login: String,
}

impl std::fmt::Debug for SharedCredential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedCredential")
            .field("seq", &self.seq)
            .field("kind", &self.kind)
            .field("subject", &self.subject)
            .field("phc", &"[redacted]")
            .field("must_change", &self.must_change)
            .field("login", &self.login)
            .finish()
    }
}

fn kind_text(k: CredentialKind) -> &'static str {
    match k {
        CredentialKind::Member => "member",
        CredentialKind::Contact => "contact",
    }
}

pub(crate) async fn put(
    conn: &mut sqlx::PgConnection,
    ws: Uuid,
    list: &[SharedCredential],
) -> Result<u64, sqlx::Error> {
    let kinds: Vec<&str> = list.iter().map(|c| kind_text(c.kind)).collect();
    let subjects: Vec<Uuid> = list.iter().map(|c| c.subject).collect();
    let phcs: Vec<&str> = list.iter().map(|c| c.phc.as_str()).collect();
    let flags: Vec<bool> = list.iter().map(|c| c.must_change).collect();
    let last: i64 = sqlx::query_scalar("SELECT trellis_put_credentials($1, $2, $3, $4, $5)")
        .bind(ws)
        .bind(&kinds)
        .bind(&subjects)
        .bind(&phcs)
        .bind(&flags)
        .fetch_one(conn)
        .await?;
    Ok(last as u64)
}

pub(crate) async fn fetch(
    conn: &mut sqlx::PgConnection,
    ws: Uuid,
    after: u64,
) -> Result<Vec<SharedCredential>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT seq, kind, subject, phc, must_change, login::text AS login FROM trellis_credentials
         WHERE workspace_id = $1 AND seq > $2 ORDER BY seq",
    )
    .bind(ws)
    .bind(after as i64)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .iter()
        .map(|r| SharedCredential {
            seq: r.get::<i64, _>("seq") as u64,
            kind: if r.get::<&str, _>("kind") == "contact" { CredentialKind::Contact } else { CredentialKind::Member },
            subject: r.get("subject"),
            phc: r.get("phc"),
            must_change: r.get("must_change"),
            login: r.get("login"),
        })
        .collect())
}
