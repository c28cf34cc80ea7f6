//! What went wrong with the shared database, in words a manager can act on. Details go
//! to the log; the password never does.

use trellis_core::{ErrorCode, RuleError};

#[derive(Debug, thiserror::Error)]
pub enum RemoteError {
    #[error("The shared database at {0} cannot be reached: {1}")]
    Unreachable(String, String),
    #[error("The shared database refused the user name or password")]
    Authentication,
    #[error("The secure connection (TLS) to the shared database failed: {0}")]
    Tls(String),
    #[error("The shared database has no Trellis schema yet: publish a workspace to it first")]
    NoSchema,
    #[error("The shared database uses an older Trellis schema (version {0}); sync once from the desktop whose database login owns it, which upgrades it")]
    SchemaOlder(i32),
    #[error("The shared database was set up by a newer Trellis (schema {0}, protocol {1}); update Trellis to sync with it. Nothing was written to it")]
    SchemaNewer(i32, i32),
    #[error("The shared database has no workspace {0}")]
    NoWorkspace(uuid::Uuid),
    #[error("The shared database already holds this workspace")]
    AlreadyPublished,
    #[error("Your database login may not do this: {0}")]
    Forbidden(String),
    /// The log moved on since the caller's head (another desktop appended first).
    #[error("Another desktop changed the shared log meanwhile")]
    Behind,
    #[error("A change was already in the shared log")]
    Duplicate,
    #[error("The shared log holds a row this Trellis cannot read (seq {0})")]
    Unreadable(u64),
    #[error("The shared database failed: {0}")]
    Db(String),
}

impl RemoteError {
    pub fn from_sqlx(e: sqlx::Error, address: &str) -> RemoteError {
        use sqlx::Error as E;
        match &e {
            E::Io(io) => RemoteError::Unreachable(address.to_owned(), io.to_string()),
            E::PoolTimedOut => RemoteError::Unreachable(address.to_owned(), "timed out".into()),
            E::Tls(t) => RemoteError::Tls(t.to_string()),
            E::Database(db) => match db.code().as_deref() {
                Some("28P01") | Some("28000") => RemoteError::Authentication,
                Some("3D000") => RemoteError::Unreachable(address.to_owned(), "no such database".into()),
                Some("42501") => RemoteError::Forbidden(db.message().to_owned()),
                Some("40001") => RemoteError::Behind,
                Some("23505") if db.message().contains("trellis_workspaces_pkey") => RemoteError::AlreadyPublished,
                Some("23505") => RemoteError::Duplicate,
                Some("P0002") => RemoteError::NoWorkspace(uuid::Uuid::nil()),
                Some("42P01") => RemoteError::NoSchema,
                _ => RemoteError::Db(db.message().to_owned()),
            },
            other => {
                let text = other.to_string();
                if text.to_lowercase().contains("tls") || text.to_lowercase().contains("ssl") {
                    RemoteError::Tls(text)
                } else {
                    RemoteError::Db(text)
                }
            }
        }
    }

    /// Whether trying again later may succeed without anyone changing anything.
    pub fn is_transient(&self) -> bool {
        matches!(self, RemoteError::Unreachable(..) | RemoteError::Behind | RemoteError::Db(_))
    }

    pub fn to_rule_error(&self) -> RuleError {
        let code = match self {
            RemoteError::Authentication | RemoteError::Forbidden(_) => ErrorCode::Forbidden,
            RemoteError::SchemaNewer(..) | RemoteError::SchemaOlder(_) | RemoteError::NoSchema => ErrorCode::Rule,
            RemoteError::NoWorkspace(_) => ErrorCode::NotFound,
            RemoteError::AlreadyPublished | RemoteError::Duplicate => ErrorCode::Conflict,
            RemoteError::Behind => ErrorCode::Stale,
            _ => ErrorCode::Internal,
        };
        RuleError::new(code, Some("remote"), self.to_string())
    }
}
