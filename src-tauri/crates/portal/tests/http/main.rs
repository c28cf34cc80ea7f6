//! The portal server over real HTTP, on a real PostgreSQL (PORT-1..6): sessions and
//! cookies, sign-in answers and lockouts across processes, the must-change gate over the
//! route table, CSRF and headers, bad bodies, and partner changes checked on every desktop.
mod changes;
mod fuzz;
mod invitations;
mod mail;
mod sessions;
mod sign_in;
mod support;
mod tls;
// The mail tests' real SMTP server (aiosmtpd), shared with the command layer's tests.
#[path = "../../../commands/tests/it/support/smtp.rs"]
#[allow(dead_code)]
mod smtp;
mod web;
