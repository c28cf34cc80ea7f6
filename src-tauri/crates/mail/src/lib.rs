//! Email for Trellis (MAIL): templates, codes sealed for the queue, SMTP delivery. No
//! queue and no state here — the command layer decides what to send and records it.

pub mod render;
pub mod seal;
pub mod smtp;

pub use render::{render, Rendered};
pub use seal::{new_key_pair, open, public_of, seal, SealError};
pub use smtp::{build, new_message_id, Recipient, SendError, Smtp};
