//! A large, deterministic workspace for benchmarks — 2,000 partner accounts, 200,000
//! partner users, 1,000,000 records by default — and the same access model expressed for
//! casbin, so both answer the same questions side by side.

pub mod casbin_model;
pub mod generate;
pub mod pg;
pub mod timing;

pub use generate::{generate, Generated, Size};
