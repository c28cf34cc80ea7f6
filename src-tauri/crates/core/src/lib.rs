//! Trellis core: the model, the ops, the rules (`apply`) and access evaluation.
//!
//! No I/O, no clock, no randomness: everything a rule needs is in the `State` or the `Op`,
//! so the same journal replays to the same state on every device.

pub mod access;
pub mod builtins;
pub mod chain;
pub mod dashboards;
pub mod draft;
pub mod effect;
pub mod error;
pub mod event;
pub mod history;
pub mod ids;
pub mod mail;
pub mod model;
pub mod naming;
pub mod op;
pub mod partner_query;
pub mod partners;
pub mod password;
pub mod permissions;
pub mod query;
pub mod records;
pub mod reports;
pub mod reviews;
pub mod rules;
pub mod sensitive;
pub mod state;
pub mod sync;
pub mod tree;
pub mod validate;
pub mod visibility;
pub mod why;
pub mod wire;

pub use error::{ErrorCode, RuleError, RuleResult};
pub use event::Event;
pub use ids::{
    ContactId, DashboardId, DraftId, HierarchyRoleId, ItemId, MemberId, Millis, OpId, PartnerAccountId, RecordId,
    ReviewId, RoleId, SharingRuleId,
};
pub use model::{Audience, Builtin, Member, MemberStatus, Role, RoleGroup, Workspace};
pub use op::{Actor, ImportedMember, Op};
pub use partners::{
    AccountKind, Contact, HierarchyRole, PartnerAccount, PartnerFeatures, PartnerRestriction, PortalAccess,
};
pub use permissions::{Action, Permission, PermissionSet, PortalFeature, Resource, Special};
pub use records::{
    ActivityFacts, ActivityType, Grantee, Item, Person, Record, RecordKind, SegmentFilter, Segments, ShareAccess,
    SharingRule,
};
pub use rules::{apply, apply_and_commit};
pub use state::State;
