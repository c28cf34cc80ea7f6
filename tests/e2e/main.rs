//! End-to-end tests of the real app in a real window, over WebDriver. Run by
//! `scripts/test.sh` under Xvfb; screenshots of each screen go to artifacts/e2e/.

mod access_review;
mod axe;
mod credentials;
mod dashboards;
mod deep_link;
mod demo_tour;
mod drafts;
mod driver;
mod keyboard;
mod members_roles;
mod partners;
mod preview;
#[path = "../process_group.rs"]
mod process_group;
mod proxy;
mod reports;
mod reviews;
#[path = "../settled.rs"]
mod settled;
mod sync_two_windows;
// A real SMTP server (aiosmtpd), shared with the command layer's tests.
#[path = "../../src-tauri/crates/commands/tests/it/support/smtp.rs"]
#[allow(dead_code)]
mod smtp;
