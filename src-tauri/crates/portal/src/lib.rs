//! The partner portal server (PORT-1..6): the command layer's second host. It serves the
//! portal page the preview window shows and answers the same portal commands over HTTP
//! (`POST /api/<command>` with the JSON the window sends), for partner users who signed
//! in here. Who acts comes from the server-side session behind the cookie, never from a
//! request. The working copy is a headless replica of the shared workspace: it syncs in
//! the background, so a manager's change reaches the next request.

mod api;
mod config;
mod cookie;
mod errors;
mod guard;
mod memory;
mod server;
pub mod tls;

pub use api::{Gate, COMMANDS};
pub use config::PortalConfig;
pub use server::{router, serve, serve_with, Portal};
