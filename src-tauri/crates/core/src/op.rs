//! Operations: every change a person can make, as data. Ids, times and generated values
//! are decided by the caller and carried here, so replaying a journal is deterministic.

use crate::ids::{ContactId, HierarchyRoleId, MemberId, Millis, PartnerAccountId, RoleId};
use crate::model::Audience;
use crate::permissions::PermissionSet;
use serde::{Deserialize, Serialize};

/// Who performs an op.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Actor {
    /// The person creating a workspace on first run, before any member exists (WS-1).
    Bootstrap,
    Member(MemberId),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Op {
    CreateWorkspace {
        name: String,
        owner: MemberId,
        owner_name: String,
        owner_email: String,
        at: Millis,
    },
    SetPasswordPolicy {
        policy: crate::password::PasswordPolicy,
    },
    InviteMember {
        id: MemberId,
        email: String,
        name: String,
        role: Option<RoleId>,
        at: Millis,
    },
    ResendInvite {
        member: MemberId,
        at: Millis,
    },
    RevokeInvite {
        member: MemberId,
        at: Millis,
    },
    AcceptInvite {
        member: MemberId,
        name: String,
        at: Millis,
    },
    /// Members added straight from a directory or a file (and the demo): already active.
    ImportMembers {
        members: Vec<ImportedMember>,
        at: Millis,
    },
    ChangeRoles {
        members: Vec<MemberId>,
        role: Option<RoleId>,
    },
    RemoveMembers {
        members: Vec<MemberId>,
        at: Millis,
    },
    CreateRole {
        id: RoleId,
        name: String,
        description: String,
        audience: Audience,
        permissions: PermissionSet,
    },
    UpdateRole {
        id: RoleId,
        version: u32,
        name: String,
        description: String,
        permissions: PermissionSet,
    },
    CloneRole {
        source: RoleId,
        id: RoleId,
        name: String,
    },
    DeleteRole {
        id: RoleId,
    },
    /// WS-2, WS-3.
    SetPartnerFeatures {
        features: crate::partners::PartnerFeatures,
    },
    CreateHierarchyRole {
        id: HierarchyRoleId,
        name: String,
        parent: Option<HierarchyRoleId>,
    },
    SetMemberHierarchyRole {
        member: MemberId,
        role: Option<HierarchyRoleId>,
    },
    CreatePartnerAccount {
        id: PartnerAccountId,
        name: String,
        kind: crate::partners::AccountKind,
        owner: MemberId,
        parent: Option<PartnerAccountId>,
    },
    RenamePartnerAccount {
        id: PartnerAccountId,
        version: u32,
        name: String,
    },
    EnablePartnerAccount {
        id: PartnerAccountId,
    },
    DisablePartnerAccount {
        id: PartnerAccountId,
    },
    CreateContact {
        id: ContactId,
        account: PartnerAccountId,
        name: String,
        email: String,
    },
    /// PU-1. `branch` carries the ids for HIER-1's three roles, used if this is the
    /// account's first partner user.
    GiveAccess {
        contact: ContactId,
        portal_role: RoleId,
        hierarchy_role: Option<HierarchyRoleId>,
        branch: [HierarchyRoleId; 3],
        can_grant_subpartners: bool,
    },
    /// PU-6: the licence is freed and the user's records stop rolling up.
    RevokeAccess {
        contact: ContactId,
    },
}

impl Op {
    /// The audit-log action name, `<domain>.<verb>`.
    pub fn action(&self) -> &'static str {
        match self {
            Op::CreateWorkspace { .. } => "workspace.create",
            Op::SetPasswordPolicy { .. } => "settings.password_policy",
            Op::InviteMember { .. } => "member.invite",
            Op::ResendInvite { .. } => "member.resend_invite",
            Op::RevokeInvite { .. } => "member.revoke_invite",
            Op::AcceptInvite { .. } => "member.accept_invite",
            Op::ImportMembers { .. } => "member.import",
            Op::ChangeRoles { .. } => "member.change_role",
            Op::RemoveMembers { .. } => "member.remove",
            Op::CreateRole { .. } => "role.create",
            Op::UpdateRole { .. } => "role.update",
            Op::CloneRole { .. } => "role.clone",
            Op::DeleteRole { .. } => "role.delete",
            Op::SetPartnerFeatures { .. } => "settings.partner_features",
            Op::CreateHierarchyRole { .. } => "hierarchy.create_role",
            Op::SetMemberHierarchyRole { .. } => "member.set_hierarchy_role",
            Op::CreatePartnerAccount { .. } => "partner.create",
            Op::RenamePartnerAccount { .. } => "partner.rename",
            Op::EnablePartnerAccount { .. } => "partner.enable",
            Op::DisablePartnerAccount { .. } => "partner.disable",
            Op::CreateContact { .. } => "contact.create",
            Op::GiveAccess { .. } => "partner_user.give_access",
            Op::RevokeAccess { .. } => "partner_user.revoke_access",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportedMember {
    pub id: MemberId,
    pub email: String,
    pub name: String,
    pub role: Option<RoleId>,
}
