//! What `apply` says changed. Events carry whole entities, before and after, so the store
//! can upsert rows and the journal can show before → after without reading anything back.

use crate::dashboards::Dashboard;
use crate::model::{Member, Role, Workspace};
use crate::partners::{Contact, HierarchyRole, PartnerAccount};
use crate::records::{Item, Record, SharingRule};
use crate::reviews::{Review, ReviewItem};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    WorkspaceCreated {
        workspace: Workspace,
        roles: Vec<Role>,
    },
    WorkspaceSaved {
        before: Workspace,
        after: Workspace,
    },
    MemberSaved {
        before: Option<Member>,
        after: Member,
    },
    RoleSaved {
        before: Option<Role>,
        after: Role,
    },
    RoleDeleted {
        before: Role,
    },
    HierarchyRoleSaved {
        before: Option<HierarchyRole>,
        after: HierarchyRole,
    },
    PartnerAccountSaved {
        before: Option<PartnerAccount>,
        after: PartnerAccount,
    },
    ContactSaved {
        before: Option<Contact>,
        after: Contact,
    },
    /// HIER-3: a partner hierarchy role deleted; its users moved first.
    HierarchyRoleDeleted {
        before: HierarchyRole,
    },
    RecordSaved {
        before: Option<Record>,
        after: Record,
    },
    ItemSaved {
        before: Option<Item>,
        after: Item,
    },
    SharingRuleSaved {
        before: Option<SharingRule>,
        after: SharingRule,
    },
    SharingRuleDeleted {
        before: SharingRule,
    },
    DashboardSaved {
        before: Option<Dashboard>,
        after: Dashboard,
    },
    DashboardDeleted {
        before: Dashboard,
    },
    /// RPT-4: a campaign started or completed.
    ReviewSaved {
        before: Option<Review>,
        after: Review,
    },
    /// RPT-4: an item chosen at the start, or decided.
    ReviewItemSaved {
        before: Option<ReviewItem>,
        after: ReviewItem,
    },
}
