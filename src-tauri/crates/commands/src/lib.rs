//! The command layer: one async function per user action, shared by the Tauri window,
//! the `trellis` CLI and the scenario tests. Each checks the signed-in actor's authority
//! (SEC-1) before it builds an op; `apply` checks every rule again; the store persists
//! events and the journal entry in one transaction before memory changes.

mod access_report;
mod account_record;
mod audit;
mod auth;
pub mod authz;
mod backup;
mod dashboards;
mod demo;
mod demo_activities;
mod demo_partners;
mod draft_build;
mod draft_effect;
mod drafts;
mod engine;
mod integrity;
mod invitations;
mod links;
mod lookup;
mod mail;
mod mail_delivery;
mod member_reset;
mod members;
mod partner_access;
mod partner_invitations;
mod partners;
mod portal;
mod portal_auth;
mod preview;
mod preview_owner;
mod records;
mod reports;
mod rescue;
mod review_completion;
mod review_findings;
mod review_reminders;
mod reviews;
mod roles;
mod session;
mod settings;
pub mod sync;
mod sync_decide;
mod sync_run;
mod time_travel;
mod workspace;

pub use access_report::{report as access_report_page, write_csv as write_access_csv};
pub use auth::{LOCK_MINUTES, MAX_FAILED_SIGN_INS, SIGN_IN_FAILED};
pub use demo::{demo_members, DemoSize, DEMO_PASSWORD};
pub use engine::{Loaded, Trellis};
pub use invitations::INVITATION_DAYS;
pub use portal_auth::{
    PortalSignedIn, PortalStarted, PortalToken, ACCESS_REMOVED, FORGOT_ANSWER, PORTAL_ABSOLUTE, RESET_MINUTES,
};
pub use preview::{PortalUser, PreviewEnd, PREVIEW_LABEL_PREFIX};
pub use reports::{time_zone, write_activity_csv};
pub use session::DEFAULT_IDLE_LOCK_MINUTES;
pub use trellis_core::{ErrorCode, RuleError as ApiError};

pub type ApiResult<T> = Result<T, ApiError>;
