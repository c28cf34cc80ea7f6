//! The one error shape every caller sees: `{ code, field?, message }` (SEC-3).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Stable machine-readable error codes; the UI switches on these.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// Input failed validation (format, length, emptiness).
    Invalid,
    /// An id does not name anything that exists.
    NotFound,
    /// A uniqueness rule was broken (email, role name).
    Conflict,
    /// Nobody is signed in, the app is locked, or the password must be changed first.
    Session,
    /// The actor lacks the permission the action needs (SEC-1, MEM-1, MEM-6).
    Forbidden,
    /// The action breaks a product rule (last Owner, built-in role, audience...).
    Rule,
    /// The caller edited an out-of-date version.
    Stale,
    /// No workspace yet, or one already exists.
    Workspace,
    /// Something failed outside the rules (database, file system). Details are logged.
    Internal,
}

/// An error from rules or commands. `field` names the input at fault, when there is one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct RuleError {
    pub code: ErrorCode,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub field: Option<String>,
    pub message: String,
}

impl RuleError {
    pub fn new(code: ErrorCode, field: Option<&str>, message: impl Into<String>) -> Self {
        Self { code, field: field.map(str::to_owned), message: message.into() }
    }
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Invalid, Some(field), message)
    }
    pub fn not_found(field: &str, message: impl Into<String>) -> Self {
        Self::new(ErrorCode::NotFound, Some(field), message)
    }
    pub fn conflict(field: &str, message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Conflict, Some(field), message)
    }
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Forbidden, None, message)
    }
    pub fn rule(field: Option<&str>, message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Rule, field, message)
    }
    pub fn session(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Session, None, message)
    }
    pub fn stale(field: &str, message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Stale, Some(field), message)
    }
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Internal, None, message)
    }
}

pub type RuleResult<T> = Result<T, RuleError>;
