//! Reports computed in Rust over what the viewer may see (RPT-1, RPT-3), and the access
//! report over everyone (RPT-2).

pub mod access;
pub mod activity;
pub mod period;
