//! The portal server over real HTTP, on a real PostgreSQL (PORT-1..6): sessions and
//! cookies, sign-in answers and lockouts across processes, the must-change gate over the
//! route table, CSRF and headers, bad bodies, and partner changes checked on every desktop.
mod changes;
mod fuzz;
mod invitations;
mod sessions;
mod sign_in;
mod support;
mod web;
