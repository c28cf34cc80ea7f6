//! The command layer's tests, one binary: each module was its own test binary, and each
//! linked the whole command layer again (13 links and as many copies of the same generic
//! code on a cold build). nextest still runs every test in a process of its own.

mod support;

mod auth;
mod authorization;
mod backup;
mod crash;
mod dashboards;
mod drafts;
mod integrity;
mod invitations;
mod lookalikes;
mod mail;
mod member_reset;
mod partner_access;
mod partners;
mod preview;
mod reports;
mod rescue;
mod reviews;
mod scenarios;
mod secret_scan;
mod sync;
mod sync_faults;
mod sync_versions;
mod time_travel;
