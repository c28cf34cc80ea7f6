//! The team's shared PostgreSQL: the schema (embedded migrations), publishing a
//! workspace, fetching the log, and appending under the workspace's row lock. This crate
//! moves envelopes; whether they apply is `trellis_core::sync`'s to decide.

mod config;
mod credentials;
mod error;
mod migrations;
mod outbox;
mod portal;
mod remote;

pub use config::RemoteConfig;
pub use credentials::SharedCredential;
pub use error::RemoteError;
pub use portal::{PortalSessionRow, SessionEnd};
pub use remote::{Poke, Push, Remote, RemoteWorkspace, SchemaStatus, SCHEMA};
