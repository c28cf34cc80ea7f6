//! Reports computed in Rust over what the viewer may see (RPT-1, RPT-3).

pub mod activity;
pub mod period;
