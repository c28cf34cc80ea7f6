//! The embedded SQLite working copy (WAL): entities, the append-only journal, and the
//! load path that rebuilds `State`. Holds no rules: it persists what `apply` decided.

mod backlog;
pub mod backup;
mod chain;
mod codec;
mod contacts;
mod credentials;
mod dashboards;
mod drafts;
mod history;
mod journal;
mod mail_queue;
mod members;
pub mod migrations;
mod persist;
mod previews;
mod raw;
mod records;
mod revert;
mod reviews;
pub mod salvage;
mod shared_credentials;
mod store;
mod sync;

pub use chain::{Anchor, Break, Verification};
pub use credentials::{CredentialRow, CredentialWrite};
pub use drafts::Publishing;
pub use history::{Past, Until, CHECKPOINT_EVERY};
pub use journal::{Change, JournalEntry};
pub use previews::OpenPreview;
pub use reviews::AccessFacts;
pub use shared_credentials::CredentialOut;
pub use store::{JournalFilter, SecurityEvent, Store, StoreError};
pub use sync::SyncRow;
