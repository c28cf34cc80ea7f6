//! Secrets: argon2id password hashes (CRED-1), temporary passwords from the OS random
//! source (PU-5), session tokens, and the OS keyring (CRED-2, SYNC-4).
//! Everything secret travels as `Sensitive`, which cannot be serialised or printed.

mod hashing;
mod keyring_store;
mod tokens;

pub use hashing::{hash_password, verify_normalized, verify_password, Verified, ARGON2_M_KIB, ARGON2_P, ARGON2_T};
pub use keyring_store::{Backend, SecretStore, SecretStoreError};
pub use tokens::{invitation_code, new_session_token, temporary_password, token_digest};
pub use trellis_core::sensitive::Sensitive;
