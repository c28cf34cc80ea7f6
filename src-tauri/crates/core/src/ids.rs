//! Typed ids. Ids are UUIDv7, created *outside* `apply` and carried in the op, so a
//! journal replays to exactly the same state.

use serde::{Deserialize, Serialize};
use std::fmt;
use ts_rs::TS;
use uuid::Uuid;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
        #[ts(type = "string")]
        pub struct $name(pub Uuid);

        impl $name {
            /// A fresh time-ordered id. Call it in the command layer, never inside rules.
            pub fn new_v7() -> Self {
                Self(Uuid::now_v7())
            }

            /// Parses an id coming from outside (UI, CLI), naming `field` on failure.
            pub fn parse(text: &str, field: &str) -> Result<Self, crate::RuleError> {
                Uuid::parse_str(text.trim())
                    .map(Self)
                    .map_err(|_| crate::RuleError::invalid(field, format!("'{}' is not a valid id", crate::validate::shorten(text))))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.0)
            }
        }
    };
}

id_type!(
    /// An internal member of the workspace.
    MemberId
);
id_type!(
    /// A permission role (internal or partner audience).
    RoleId
);

/// Milliseconds since the Unix epoch. Passed into ops by the caller (rules read no clock).
pub type Millis = i64;
id_type!(
    /// A position in the role hierarchy (internal, or an account's partner branch).
    HierarchyRoleId
);
id_type!(
    /// A partner company.
    PartnerAccountId
);
id_type!(
    /// A person at a partner account (a partner user once given access).
    ContactId
);
id_type!(
    /// A business record: a lead, opportunity, customer or activity.
    RecordId
);
id_type!(
    /// A product or service (ITEM-1).
    ItemId
);
id_type!(
    /// A sharing rule (SHARE-1).
    SharingRuleId
);
id_type!(
    /// A dashboard published to portal roles (RPT-3).
    DashboardId
);
id_type!(
    /// An access-review campaign (RPT-4).
    ReviewId
);
id_type!(
    /// A named set of changes prepared before anyone's access changes (DRAFT-1).
    DraftId
);
id_type!(
    /// One change as it travels to the team's shared log: unique there, so a change sent
    /// twice (after a crash or a time-out) is stored once (SYNC-2).
    OpId
);

/// A map keyed by ids: a fast non-cryptographic hash. Ids are made by Trellis (UUIDv7), so
/// keys are not attacker-chosen text; maps keyed by names and emails keep the default hash.
pub type IdMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<rustc_hash::FxHasher>>;
/// A set of ids, hashed as `IdMap` does.
pub type IdSet<K> = std::collections::HashSet<K, std::hash::BuildHasherDefault<rustc_hash::FxHasher>>;
