//! Operations: every change a person can make, as data. Ids, times and generated values
//! are decided by the caller and carried here, so replaying a journal is deterministic.

use crate::dashboards::{PublishTo, TileKind};
use crate::ids::{
    ContactId, DashboardId, DraftId, HierarchyRoleId, ItemId, MemberId, Millis, PartnerAccountId, RecordId, ReviewId,
    RoleId, SharingRuleId,
};
use crate::model::{Audience, RoleGroup};
use crate::partners::AccessRoles;
use crate::partners::PartnerRestriction;
use crate::permissions::PermissionSet;
use crate::records::{ActivityFacts, Grantee, Person, RecordKind, SegmentFilter, Segments, ShareAccess};
use serde::{Deserialize, Serialize};

/// Who performs an op.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Actor {
    /// The person creating a workspace on first run, before any member exists (WS-1).
    Bootstrap,
    Member(MemberId),
    /// A partner user acting on the partner side (PC-4): only partner-side ops accept it.
    Partner(ContactId),
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
        /// ROLE-6: partner roles are portal, agent or admin roles; the default is the
        /// audience's first group.
        #[serde(default)]
        group: Option<RoleGroup>,
        permissions: PermissionSet,
        #[serde(default)]
        restriction: PartnerRestriction,
        #[serde(default)]
        segments: SegmentFilter,
    },
    UpdateRole {
        id: RoleId,
        version: u32,
        name: String,
        description: String,
        permissions: PermissionSet,
        #[serde(default)]
        restriction: PartnerRestriction,
        #[serde(default)]
        segments: SegmentFilter,
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
    /// WS-3: how many of the pool's licences the account's partner users may hold at once
    /// (none: no share of its own).
    SetLicenceShare {
        id: PartnerAccountId,
        version: u32,
        share: Option<u32>,
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
        #[serde(flatten)]
        roles: AccessRoles,
        hierarchy_role: Option<HierarchyRoleId>,
        branch: [HierarchyRoleId; 3],
        can_grant_subpartners: bool,
        /// PU-2: the one-time link's digest, when access comes with a notification.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        invitation: Option<crate::partners::PartnerInvitation>,
    },
    /// Changes an enabled partner user's roles (ROLE-6, PC-1) or hierarchy role (HIER-1).
    UpdateAccess {
        contact: ContactId,
        version: u32,
        #[serde(flatten)]
        roles: AccessRoles,
        hierarchy_role: HierarchyRoleId,
        can_grant_subpartners: bool,
    },
    /// PC-4, PC-5, PA-4: a partner-side admin adds a user to their account or a subpartner.
    /// The actor is a partner user; the contact is created with access in one step.
    AddPartnerUser {
        contact: ContactId,
        account: PartnerAccountId,
        name: String,
        email: String,
        #[serde(flatten)]
        roles: AccessRoles,
        hierarchy_role: Option<HierarchyRoleId>,
        /// HIER-1 ids, used if this is the account's first partner user.
        branch: [HierarchyRoleId; 3],
        /// PORT-1: the new user's one-time link (its digest) to set their password.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        invitation: Option<crate::partners::PartnerInvitation>,
    },
    /// PA-3: realignment — the account's branch moves under the new owner's role.
    ChangeAccountOwner {
        id: PartnerAccountId,
        version: u32,
        owner: MemberId,
    },
    /// HIER-3: a new partner role on top of the account's branch (at most three).
    AddPartnerHierarchyRole {
        account: PartnerAccountId,
        id: HierarchyRoleId,
    },
    /// HIER-3: delete one or more of an account's partner roles. Users of deleted roles
    /// move to `move_to`, which the manager must choose when there are any.
    DeletePartnerHierarchyRoles {
        account: PartnerAccountId,
        roles: Vec<HierarchyRoleId>,
        move_to: Option<HierarchyRoleId>,
    },
    CreateRecord {
        id: RecordId,
        kind: RecordKind,
        name: String,
        owner: Person,
        #[serde(default)]
        segments: Segments,
    },
    /// Renames a record or changes its segments, at the version the editor opened.
    UpdateRecord {
        id: RecordId,
        version: u32,
        name: String,
        #[serde(default)]
        segments: Segments,
    },
    /// RPT-1: a call, email, meeting or task with a customer, logged by whoever did it.
    LogActivity {
        id: RecordId,
        owner: Person,
        subject: String,
        facts: ActivityFacts,
        #[serde(default)]
        segments: Segments,
    },
    /// Changes an activity's subject, type, time or customer, at the version the editor opened.
    EditActivity {
        id: RecordId,
        version: u32,
        subject: String,
        facts: ActivityFacts,
    },
    /// PC-4, PA-4: a partner admin changes a colleague's portal, agent and admin roles.
    PartnerSetRoles {
        contact: ContactId,
        version: u32,
        roles: AccessRoles,
    },
    /// Moves a record to another owner; visibility follows the new owner.
    ReassignRecord {
        id: RecordId,
        owner: Person,
    },
    CreateItem {
        id: ItemId,
        name: String,
        available_in_partner_center: bool,
    },
    /// ITEM-1.
    SetItemAvailability {
        id: ItemId,
        available_in_partner_center: bool,
    },
    /// SHARE-1: creates the rule, or replaces it when `version` is given.
    SaveSharingRule {
        id: SharingRuleId,
        version: Option<u32>,
        name: String,
        kind: RecordKind,
        source: HierarchyRoleId,
        grantee: Grantee,
        access: ShareAccess,
    },
    DeleteSharingRule {
        id: SharingRuleId,
    },
    /// RPT-3: creates a dashboard, or changes it at `version`; publishing is naming roles,
    /// withdrawing is naming none.
    SaveDashboard {
        id: DashboardId,
        version: Option<u32>,
        name: String,
        tiles: Vec<TileKind>,
        roles: Vec<RoleId>,
        publish_to: PublishTo,
        locked: bool,
    },
    DeleteDashboard {
        id: DashboardId,
        version: u32,
    },
    /// RPT-3: a partner user hides tiles of a changeable dashboard on their own Home
    /// (an empty list shows them all again).
    ArrangeHome {
        contact: ContactId,
        dashboard: DashboardId,
        hidden: Vec<TileKind>,
    },
    /// RPT-4: an access review over the people `scope` names, due at `due`; its items are
    /// chosen from the state when it applies.
    StartReview {
        id: ReviewId,
        name: String,
        scope: crate::reviews::ReviewScope,
        due: Millis,
        /// Reviews what an account's owner cannot, and members; the starter when none.
        #[serde(default)]
        fallback: Option<MemberId>,
        at: Millis,
    },
    /// RPT-4: keep, revoke or change the access of some of a review's people.
    DecideReview {
        review: ReviewId,
        people: Vec<crate::records::Person>,
        verdict: crate::reviews::Verdict,
        comment: String,
        at: Millis,
    },
    /// RPT-4: no more decisions; revocations and changes go to a draft.
    CompleteReview {
        review: ReviewId,
        at: Millis,
    },
    /// PU-6: the licence is freed and the user's records stop rolling up.
    RevokeAccess {
        contact: ContactId,
    },
    /// PU-2, PORT-1: a one-time link for a partner user with access to set their portal
    /// password; replaces any earlier link. Only the code's digest travels.
    InvitePartnerUser {
        contact: ContactId,
        digest: String,
        expires: Millis,
    },
    /// PORT-1: the partner user used their link (the portal checked its code): it is spent.
    AcceptPartnerInvitation {
        contact: ContactId,
        at: Millis,
    },
    /// Links a member to the shared database's login their changes are appended under
    /// (the actor proof of sync), or unlinks them.
    SetDatabaseLogin {
        member: MemberId,
        login: Option<String>,
    },
    /// PORT-5: links (or unlinks) the shared database login the portal service appends
    /// partner users' changes under.
    SetPortalLogin {
        login: Option<String>,
    },
    /// The portal's public address, used in invitation links (or none).
    SetPortalAddress {
        url: Option<String>,
    },
    /// MAIL-1: how the workspace sends email (or, with none, that it sends none).
    SetMailSettings {
        mail: Option<crate::mail::MailSettings>,
    },
    /// PORT-4: how long an unused portal session lasts, in minutes.
    SetPortalIdle {
        minutes: u32,
    },
    /// PREV-5: the longest a portal preview may last, in minutes.
    SetPreviewMax {
        minutes: u32,
    },
    /// DRAFT-5.
    SetFourEyes {
        on: bool,
    },
    /// DRAFT-3: a draft's changes, applied in order as the publisher, all or none. One
    /// journal entry, one row of the shared log: accepted whole or not at all.
    PublishDraft {
        draft: DraftId,
        name: String,
        author: MemberId,
        /// DRAFT-5: who approved it, when the workspace asks for four eyes.
        approver: Option<MemberId>,
        /// DRAFT-5: everyone who made one of its changes (none of them may approve it).
        /// Absent in rows written before it was recorded.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        editors: Vec<MemberId>,
        ops: Vec<Op>,
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
            Op::SetLicenceShare { .. } => "partner.licence_share",
            Op::DisablePartnerAccount { .. } => "partner.disable",
            Op::CreateContact { .. } => "contact.create",
            Op::GiveAccess { .. } => "partner_user.give_access",
            Op::RevokeAccess { .. } => "partner_user.revoke_access",
            Op::InvitePartnerUser { .. } => "partner_user.invite",
            Op::AcceptPartnerInvitation { .. } => "partner_user.accept_invitation",
            Op::UpdateAccess { .. } => "partner_user.update_access",
            Op::AddPartnerUser { .. } => "partner_user.add_by_partner",
            Op::ChangeAccountOwner { .. } => "partner.change_owner",
            Op::AddPartnerHierarchyRole { .. } => "hierarchy.add_partner_role",
            Op::DeletePartnerHierarchyRoles { .. } => "hierarchy.delete_partner_roles",
            Op::CreateRecord { .. } => "record.create",
            Op::ReassignRecord { .. } => "record.reassign",
            Op::UpdateRecord { .. } => "record.update",
            Op::LogActivity { .. } => "activity.log",
            Op::EditActivity { .. } => "activity.edit",
            Op::PartnerSetRoles { .. } => "partner_user.set_roles_by_partner",
            Op::CreateItem { .. } => "item.create",
            Op::SetItemAvailability { .. } => "item.set_availability",
            Op::SaveSharingRule { .. } => "sharing_rule.save",
            Op::DeleteSharingRule { .. } => "sharing_rule.delete",
            Op::SaveDashboard { .. } => "dashboard.save",
            Op::DeleteDashboard { .. } => "dashboard.delete",
            Op::ArrangeHome { .. } => "dashboard.arrange",
            Op::StartReview { .. } => "review.start",
            Op::DecideReview { .. } => "review.decide",
            Op::CompleteReview { .. } => "review.complete",
            Op::SetDatabaseLogin { .. } => "member.set_db_login",
            Op::SetFourEyes { .. } => "settings.four_eyes",
            Op::SetPortalLogin { .. } => "settings.portal_login",
            Op::SetPortalIdle { .. } => "settings.portal_idle",
            Op::SetPortalAddress { .. } => "settings.portal_address",
            Op::SetMailSettings { .. } => "settings.email",
            Op::SetPreviewMax { .. } => "settings.preview_max",
            Op::PublishDraft { .. } => "draft.publish",
        }
    }

    /// DRAFT-1: whether this change may be part of a draft — everything that decides who
    /// may see and do what, and nothing else (no people created, no credentials, no
    /// records, no settings).
    pub fn draftable(&self) -> bool {
        matches!(
            self,
            Op::ChangeRoles { .. }
                | Op::CreateRole { .. }
                | Op::UpdateRole { .. }
                | Op::CloneRole { .. }
                | Op::DeleteRole { .. }
                | Op::CreateHierarchyRole { .. }
                | Op::SetMemberHierarchyRole { .. }
                | Op::GiveAccess { .. }
                | Op::RevokeAccess { .. }
                | Op::UpdateAccess { .. }
                | Op::ChangeAccountOwner { .. }
                | Op::SetLicenceShare { .. }
                | Op::DisablePartnerAccount { .. }
                | Op::AddPartnerHierarchyRole { .. }
                | Op::DeletePartnerHierarchyRoles { .. }
                | Op::SetItemAvailability { .. }
                | Op::SaveSharingRule { .. }
                | Op::DeleteSharingRule { .. }
                | Op::SaveDashboard { .. }
                | Op::DeleteDashboard { .. }
        )
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportedMember {
    pub id: MemberId,
    pub email: String,
    pub name: String,
    pub role: Option<RoleId>,
}
