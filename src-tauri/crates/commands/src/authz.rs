//! What each command needs (SEC-1), in one table. The shell's command list must equal it
//! (`tests/ipc_contract.rs`), and `tests/it/authorization.rs` runs every entry as every
//! built-in role, no role, a removed member and a locked session.

use trellis_core::{Action, Permission, Resource, Special};

const MANAGE_ACCESS: Permission = Permission::Special(Special::ManagePartnerAccess);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Needs {
    /// Anyone: first run, sign-in, the policy checklist, and invitees accepting
    /// (authorised by their invitation).
    Public,
    /// A signed-in, unlocked session, whatever its role.
    SignedIn,
    /// A signed-in, unlocked session whose role holds every one of these.
    All(&'static [Permission]),
    /// A signed-in, unlocked session whose role holds at least one of the first list and
    /// every one of the second (a report that shows each kind of person its reader may
    /// read, and exports it with Export).
    Any(&'static [Permission], &'static [Permission]),
}

const fn p(r: Resource, a: Action) -> Permission {
    Permission::Crud(r, a)
}

use Action::*;
use Resource::{AuditLog, Customers, Items, Members, Opportunities, PartnerUsers, Partners, Reports, Roles, Settings};

pub const COMMANDS: &[(&str, Needs)] = &[
    ("session_info", Needs::Public),
    ("app_first_screen", Needs::Public),
    ("app_take_link", Needs::Public),
    ("password_check", Needs::Public),
    ("auth_sign_in", Needs::Public),
    ("auth_sign_out", Needs::Public),
    ("auth_unlock", Needs::Public),
    ("auth_activity", Needs::Public),
    ("auth_lock", Needs::SignedIn),
    ("auth_change_password", Needs::SignedIn),
    ("auth_set_idle_lock", Needs::SignedIn),
    ("workspace_create", Needs::Public),
    ("workspace_create_demo", Needs::Public),
    ("permission_catalog", Needs::Public),
    ("member_accept_invite", Needs::Public),
    ("member_list", Needs::All(&[p(Members, Read)])),
    ("member_invite", Needs::All(&[p(Members, Create)])),
    ("member_resend_invite", Needs::All(&[p(Members, Create)])),
    ("member_revoke_invite", Needs::All(&[p(Members, Delete)])),
    ("member_change_role", Needs::All(&[p(Members, Update)])),
    ("member_remove", Needs::All(&[p(Members, Delete)])),
    ("member_reset_password", Needs::All(&[p(Members, Update)])),
    ("member_require_password_change", Needs::All(&[p(Members, Update)])),
    ("member_send_reset", Needs::All(&[p(Members, Update)])),
    // The emailed link is the proof: whoever is at the desk may use it.
    ("member_reset_with_link", Needs::Public),
    ("role_list", Needs::All(&[p(Roles, Read)])),
    ("role_create", Needs::All(&[p(Roles, Create)])),
    ("role_update", Needs::All(&[p(Roles, Update)])),
    ("role_clone", Needs::All(&[p(Roles, Create)])),
    ("role_delete", Needs::All(&[p(Roles, Delete)])),
    ("settings_set_password_policy", Needs::All(&[p(Settings, Update)])),
    ("settings_set_partner_features", Needs::All(&[p(Settings, Update)])),
    ("hierarchy_list", Needs::All(&[p(Roles, Read)])),
    ("hierarchy_role_create", Needs::All(&[p(Roles, Create)])),
    ("member_set_hierarchy_role", Needs::All(&[p(Members, Update)])),
    ("partner_list", Needs::All(&[p(Partners, Read)])),
    ("partner_create", Needs::All(&[p(Partners, Create)])),
    ("partner_rename", Needs::All(&[p(Partners, Update)])),
    ("partner_enable", Needs::All(&[p(Partners, Update), MANAGE_ACCESS])),
    ("partner_disable", Needs::All(&[p(Partners, Update), MANAGE_ACCESS])),
    ("partner_people", Needs::All(&[p(PartnerUsers, Read)])),
    ("contact_create", Needs::All(&[p(PartnerUsers, Create)])),
    ("partner_give_access", Needs::All(&[p(PartnerUsers, Create), MANAGE_ACCESS])),
    ("partner_revoke_access", Needs::All(&[p(PartnerUsers, Update), MANAGE_ACCESS])),
    ("partner_update_access", Needs::All(&[p(PartnerUsers, Update), MANAGE_ACCESS])),
    ("partner_set_password", Needs::All(&[p(PartnerUsers, Update), MANAGE_ACCESS])),
    ("partner_require_password_change", Needs::All(&[p(PartnerUsers, Update), MANAGE_ACCESS])),
    ("outbox_list", Needs::All(&[p(PartnerUsers, Read)])),
    ("outbox_resend", Needs::All(&[p(PartnerUsers, Update)])),
    ("outbox_cancel", Needs::All(&[p(PartnerUsers, Update)])),
    ("outbox_send_now", Needs::All(&[p(PartnerUsers, Update)])),
    ("partner_change_owner", Needs::All(&[p(Partners, Update)])),
    ("partner_set_licence_share", Needs::All(&[p(Partners, Update), MANAGE_ACCESS])),
    ("hierarchy_add_partner_role", Needs::All(&[p(Partners, Update)])),
    ("hierarchy_delete_partner_roles", Needs::All(&[p(Partners, Update)])),
    ("hierarchy_tree", Needs::All(&[p(Roles, Read)])),
    ("item_list", Needs::All(&[p(Items, Read)])),
    ("item_create", Needs::All(&[p(Items, Create)])),
    ("item_set_availability", Needs::All(&[p(Items, Update)])),
    ("sharing_rule_list", Needs::All(&[p(Partners, Read)])),
    ("sharing_rule_save", Needs::All(&[p(Partners, Update), MANAGE_ACCESS])),
    ("sharing_rule_delete", Needs::All(&[p(Partners, Update), MANAGE_ACCESS])),
    ("visibility_report", Needs::All(&[p(PartnerUsers, Read)])),
    // PREV: opening, listing and ending previews from the main window. What happens inside
    // a preview is in PORTAL_COMMANDS.
    ("preview_start", Needs::All(&[Permission::Special(Special::LogInAsPartner)])),
    ("preview_list", Needs::All(&[Permission::Special(Special::LogInAsPartner)])),
    ("preview_close", Needs::All(&[Permission::Special(Special::LogInAsPartner)])),
    ("settings_set_preview_max", Needs::All(&[p(Settings, Update)])),
    // PORT-5: linking the portal service also needs the right to manage partner access.
    ("settings_set_portal_login", Needs::All(&[p(Settings, Update), MANAGE_ACCESS])),
    ("settings_set_portal_idle", Needs::All(&[p(Settings, Update)])),
    ("settings_set_portal_address", Needs::All(&[p(Settings, Update)])),
    ("settings_email", Needs::All(&[p(Settings, Read)])),
    ("settings_set_email", Needs::All(&[p(Settings, Update)])),
    ("settings_clear_email", Needs::All(&[p(Settings, Update)])),
    ("settings_email_test", Needs::All(&[p(Settings, Update)])),
    ("partner_invite", Needs::All(&[p(PartnerUsers, Update), MANAGE_ACCESS])),
    ("audit_list", Needs::All(&[p(AuditLog, Read)])),
    ("audit_anchor", Needs::All(&[p(AuditLog, Read)])),
    ("access_report", Needs::Any(&[p(Members, Read), p(PartnerUsers, Read)], &[])),
    (
        "access_report_export",
        Needs::Any(&[p(Members, Read), p(PartnerUsers, Read)], &[Permission::Special(Special::Export)]),
    ),
    ("audit_verify", Needs::All(&[p(AuditLog, Read)])),
    // RPT-4: running a campaign needs the right to change the access it reviews (the rules
    // ask for partner users' or members' as its scope says); any member may be a reviewer
    // (an account's owner), so reading and deciding need a session — the rules decide whose
    // items each may decide.
    ("review_start", Needs::Any(&[p(Members, Update), p(PartnerUsers, Update)], &[])),
    ("review_list", Needs::SignedIn),
    ("review_items", Needs::SignedIn),
    ("review_decide", Needs::SignedIn),
    ("review_complete", Needs::Any(&[p(Members, Update), p(PartnerUsers, Update)], &[])),
    ("review_remind", Needs::Any(&[p(Members, Update), p(PartnerUsers, Update)], &[])),
    ("review_findings", Needs::Any(&[p(Members, Update), p(PartnerUsers, Update)], &[])),
    ("review_finding_draft", Needs::Any(&[p(Members, Update), p(PartnerUsers, Update)], &[])),
    ("review_evidence_export", Needs::All(&[p(AuditLog, Read), Permission::Special(Special::Export)])),
    ("audit_export", Needs::All(&[p(AuditLog, Read), Permission::Special(Special::Export)])),
    // Issue 17: a backup holds the whole workspace; reading Settings is what it takes.
    ("workspace_backup_now", Needs::All(&[p(Settings, Read)])),
    ("settings_backup_info", Needs::All(&[p(Settings, Read)])),
    ("report_activity_summary", Needs::All(&[p(Reports, Read)])),
    ("dashboard_list", Needs::All(&[p(Reports, Read)])),
    ("dashboard_save", Needs::All(&[p(Reports, Update), MANAGE_ACCESS])),
    ("dashboard_delete", Needs::All(&[p(Reports, Delete), MANAGE_ACCESS])),
    ("report_activity_detail", Needs::All(&[p(Reports, Read)])),
    ("report_activity_export", Needs::All(&[p(Reports, Read), Permission::Special(Special::Export)])),
    ("activity_save", Needs::All(&[p(Opportunities, Create)])),
    ("customer_choices", Needs::All(&[p(Customers, Read)])),
    // SYNC: anyone signed in sees sync and settles their own parked changes; where the
    // shared database is, and publishing to it, are settings. Joining is the first run's.
    ("sync_overview", Needs::SignedIn),
    ("sync_now", Needs::SignedIn),
    ("sync_queue", Needs::SignedIn),
    ("sync_resolve", Needs::SignedIn),
    ("sync_connect", Needs::All(&[p(Settings, Update)])),
    ("sync_publish", Needs::All(&[p(Settings, Update)])),
    ("sync_join_here", Needs::Public),
    ("sync_join_progress", Needs::Public),
    ("member_set_db_login", Needs::All(&[p(Members, Update)])),
    // DRAFT: reading roles is enough to prepare and look; each change in a draft is
    // checked by the rules as its author's, and again as the publisher's at publish.
    ("draft_create", Needs::All(&[p(Roles, Read)])),
    ("draft_list", Needs::All(&[p(Roles, Read)])),
    ("draft_show", Needs::All(&[p(Roles, Read)])),
    ("draft_open", Needs::All(&[p(Roles, Read)])),
    ("draft_close", Needs::SignedIn),
    ("draft_remove_change", Needs::All(&[p(Roles, Read)])),
    ("draft_approve", Needs::All(&[p(Roles, Update)])),
    ("draft_discard", Needs::All(&[p(Roles, Read)])),
    ("draft_rebase", Needs::All(&[p(Roles, Read)])),
    ("draft_publish", Needs::All(&[p(Roles, Read)])),
    ("draft_effect", Needs::All(&[p(Roles, Read)])),
    ("draft_effect_person", Needs::All(&[p(Roles, Read)])),
    ("draft_effect_export", Needs::All(&[p(Roles, Read)])),
    ("why_permission", Needs::All(&[p(Roles, Read)])),
    ("why_record", Needs::All(&[p(Roles, Read)])),
    ("settings_set_four_eyes", Needs::All(&[p(Settings, Update)])),
];

/// PREV-3: the commands a preview window may call, and nothing else. Each takes its
/// identity from the calling window's label: the session bound to it needs the manager's
/// *log in as partner* (checked on every call) and acts with the partner user's rights.
pub const PORTAL_COMMANDS: &[&str] = &[
    "portal_session",
    "portal_home",
    "portal_home_arrange",
    "portal_records",
    "portal_record_create",
    "portal_record_update",
    "portal_items",
    "portal_my_access",
    "portal_users",
    "portal_user_add",
    "portal_user_set_roles",
    "portal_end",
];
