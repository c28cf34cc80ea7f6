//! Sync, the pure part: how one desktop's working copy follows the team's shared log.
//!
//! The shared log is one ordered stream of [`Envelope`]s per workspace. Every desktop
//! applies the same envelopes in the same order with the same `apply`, so all reach the
//! same state (SYNC-1). A desktop's own changes are applied at once and kept *pending*
//! until the log holds them; when others' changes arrive first, the pending ones are
//! taken off, others' go underneath, and the pending ones are re-applied on top — merged
//! field by field, or parked as a conflict (SYNC-2) or a refusal (SYNC-3) for the manager
//! to settle. Nothing here does I/O: the store and the PostgreSQL client persist what
//! [`Replica`] decides.

mod proof;
mod rebase;
mod replica;
mod touch;

pub use proof::{credential_writer_ok, prove, CredentialKind, Genesis};
pub use rebase::{rebase, rebase_as};
pub use replica::{effect_free, Integration, ParkReason, Parked, Pending, Replica, Verdict};
pub use touch::{accumulate, conflicts, subject, touches, value_at, FieldConflict, Touch};

use crate::ids::{MemberId, Millis, OpId};
use crate::op::{Actor, Op};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Version of the envelope format and of the log's meaning. A desktop refuses a shared
/// database whose protocol is newer than this and never writes to it.
pub const PROTOCOL: u32 = 1;

/// One change as it travels: the op with everything needed to replay it anywhere.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Envelope {
    pub id: OpId,
    pub actor: Actor,
    /// The member who really acted when `actor` is a partner user (a manager acting as a
    /// partner admin, PC-4): their login is what the log must prove.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via: Option<MemberId>,
    pub at: Millis,
    /// Changes published together (a draft) share a group: accepted whole or not at all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<Uuid>,
    pub op: Op,
}

impl Envelope {
    /// What stands for a log row that cannot be read (not JSON, or not this version's, or
    /// its id is not the row's): a change nobody may make, so every desktop skips it alike.
    pub fn unreadable(id: OpId) -> Envelope {
        Envelope {
            id,
            actor: Actor::Bootstrap,
            via: None,
            at: 0,
            group: None,
            op: Op::SetPasswordPolicy { policy: crate::password::PasswordPolicy::default() },
        }
    }

    /// Whether this is [`Envelope::unreadable`]'s stand-in, not a change someone made.
    pub fn is_unreadable(&self) -> bool {
        *self == Envelope::unreadable(self.id)
    }
}

/// A row of the shared log: its place, the database login that appended it (recorded by
/// the database, not claimed by the client), and the change.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Logged {
    pub seq: u64,
    pub login: String,
    pub envelope: Envelope,
}
