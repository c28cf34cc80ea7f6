//! Every command of the command layer is reachable from `trellis` (issue 11): a
//! subcommand, a global flag, or — for the few that only mean something in the app's own
//! window — a stated reason. The test below fails when a command has no entry, when an
//! entry names a subcommand clap does not know, or when the exceptions grow.

/// (command, how the CLI reaches it).
pub const REACHED_BY: &[(&str, Way)] = &[
    ("session_info", Way::Sub("whoami")),
    // The window reports its first screen; `bench` launches the app and reads the report.
    ("app_first_screen", Way::Sub("bench")),
    // A trellis:// link opens the running window's Accept an invitation; at the CLI the
    // invitee pastes the same link (or its code) on stdin.
    ("app_take_link", Way::Sub("members accept")),
    ("password_check", Way::Sub("password check")),
    ("auth_sign_in", Way::Flag("--as")),
    ("auth_sign_out", Way::Sub("sign-out")),
    ("auth_change_password", Way::Sub("password change")),
    ("workspace_create", Way::Sub("init")),
    ("workspace_create_demo", Way::Sub("demo")),
    ("member_list", Way::Sub("members list")),
    ("member_invite", Way::Sub("members invite")),
    ("member_resend_invite", Way::Sub("members resend")),
    ("member_revoke_invite", Way::Sub("members revoke")),
    ("member_accept_invite", Way::Sub("members accept")),
    ("member_change_role", Way::Sub("members change-role")),
    ("member_remove", Way::Sub("members remove")),
    ("member_reset_password", Way::Sub("members reset-password")),
    ("member_require_password_change", Way::Sub("members require-change")),
    ("member_send_reset", Way::Sub("members send-reset")),
    ("member_reset_with_link", Way::Sub("members reset")),
    ("member_set_db_login", Way::Sub("members db-login")),
    ("visibility_report", Way::Sub("members sees")),
    ("role_list", Way::Sub("roles list")),
    ("role_create", Way::Sub("roles create")),
    ("role_update", Way::Sub("roles edit")),
    ("role_clone", Way::Sub("roles clone")),
    ("role_delete", Way::Sub("roles delete")),
    ("permission_catalog", Way::Sub("roles permissions")),
    ("settings_set_password_policy", Way::Sub("settings password-policy")),
    ("settings_set_partner_features", Way::Sub("settings partner-features")),
    ("settings_set_four_eyes", Way::Sub("settings four-eyes")),
    ("settings_set_preview_max", Way::Sub("settings preview-max")),
    ("settings_set_portal_login", Way::Sub("settings portal-login")),
    ("settings_set_portal_idle", Way::Sub("settings portal-idle")),
    ("settings_set_portal_address", Way::Sub("settings portal-address")),
    ("settings_email", Way::Sub("settings email show")),
    ("settings_set_email", Way::Sub("settings email set")),
    ("settings_clear_email", Way::Sub("settings email clear")),
    ("settings_email_test", Way::Sub("settings email test")),
    ("hierarchy_list", Way::Sub("hierarchy list")),
    ("hierarchy_role_create", Way::Sub("hierarchy create")),
    ("member_set_hierarchy_role", Way::Sub("hierarchy place")),
    ("hierarchy_tree", Way::Sub("partners tree")),
    ("partner_list", Way::Sub("partners list")),
    ("partner_create", Way::Sub("partners create")),
    ("partner_rename", Way::Sub("partners rename")),
    ("partner_enable", Way::Sub("partners enable")),
    ("partner_disable", Way::Sub("partners disable")),
    ("partner_people", Way::Sub("partners show")),
    ("contact_create", Way::Sub("partners contact")),
    ("partner_give_access", Way::Sub("partners give-access")),
    ("partner_revoke_access", Way::Sub("partners revoke")),
    ("partner_update_access", Way::Sub("partners access")),
    ("partner_set_password", Way::Sub("partners set-password")),
    ("partner_require_password_change", Way::Sub("partners require-change")),
    ("partner_invite", Way::Sub("partners invite")),
    ("partner_change_owner", Way::Sub("partners owner")),
    ("partner_set_licence_share", Way::Sub("partners share")),
    ("hierarchy_add_partner_role", Way::Sub("partners add-role")),
    ("hierarchy_delete_partner_roles", Way::Sub("partners delete-roles")),
    ("outbox_list", Way::Sub("outbox")),
    ("outbox_resend", Way::Sub("outbox resend")),
    ("outbox_cancel", Way::Sub("outbox cancel")),
    ("outbox_send_now", Way::Sub("outbox send")),
    ("item_list", Way::Sub("items list")),
    ("item_create", Way::Sub("items create")),
    ("item_set_availability", Way::Sub("items available")),
    ("sharing_rule_list", Way::Sub("sharing list")),
    ("sharing_rule_save", Way::Sub("sharing save")),
    ("sharing_rule_delete", Way::Sub("sharing delete")),
    ("audit_list", Way::Sub("audit list")),
    ("audit_anchor", Way::Sub("audit anchor")),
    ("access_report", Way::Sub("access report")),
    ("access_report_export", Way::Sub("access report")),
    ("audit_verify", Way::Sub("audit verify")),
    ("review_start", Way::Sub("reviews start")),
    ("review_list", Way::Sub("reviews list")),
    ("review_items", Way::Sub("reviews show")),
    ("review_decide", Way::Sub("reviews decide")),
    ("review_complete", Way::Sub("reviews complete")),
    ("review_remind", Way::Sub("reviews remind")),
    ("review_findings", Way::Sub("reviews findings")),
    ("review_finding_draft", Way::Sub("reviews findings")),
    ("review_evidence_export", Way::Sub("reviews evidence")),
    ("audit_export", Way::Sub("audit export")),
    ("workspace_backup_now", Way::Sub("backup")),
    ("settings_backup_info", Way::Sub("settings show")),
    ("report_activity_summary", Way::Sub("reports activity")),
    ("dashboard_list", Way::Sub("dashboards list")),
    ("dashboard_save", Way::Sub("dashboards save")),
    ("dashboard_delete", Way::Sub("dashboards delete")),
    ("report_activity_detail", Way::Sub("reports activity")),
    ("report_activity_export", Way::Sub("reports activity")),
    ("activity_save", Way::Sub("reports log")),
    ("customer_choices", Way::Sub("reports customers")),
    ("sync_overview", Way::Sub("sync status")),
    ("sync_connect", Way::Sub("sync connect")),
    ("sync_publish", Way::Sub("sync publish")),
    ("sync_now", Way::Sub("sync now")),
    ("sync_queue", Way::Sub("sync conflicts")),
    ("sync_resolve", Way::Sub("sync resolve")),
    ("sync_join_here", Way::Sub("sync join")),
    ("draft_create", Way::Sub("drafts new")),
    ("draft_list", Way::Sub("drafts list")),
    ("draft_show", Way::Sub("drafts show")),
    ("draft_open", Way::Flag("--draft")),
    ("draft_close", Way::Flag("--draft")),
    ("draft_remove_change", Way::Sub("drafts remove-change")),
    ("draft_approve", Way::Sub("drafts approve")),
    ("draft_discard", Way::Sub("drafts discard")),
    ("draft_rebase", Way::Sub("drafts rebase")),
    ("draft_publish", Way::Sub("drafts publish")),
    ("draft_effect", Way::Sub("drafts effect")),
    ("draft_effect_person", Way::Sub("drafts person")),
    ("draft_effect_export", Way::Sub("drafts effect")),
    ("why_permission", Way::Sub("why")),
    ("why_record", Way::Sub("why")),
    // The window's own lifecycle: a CLI process signs in per run and has no idle lock.
    ("auth_lock", Way::WindowOnly("locks the open window; a CLI run signs in each time")),
    ("auth_unlock", Way::WindowOnly("unlocks the open window")),
    ("auth_activity", Way::WindowOnly("the window's idle timer")),
    ("auth_set_idle_lock", Way::WindowOnly("the window's idle timer")),
    ("sync_join_progress", Way::WindowOnly("the join screen's progress bar; `sync join` prints its own")),
    // A preview is a window of the running app, bound to it; a CLI process has none.
    ("preview_start", Way::WindowOnly("opens a preview window in the running app")),
    ("preview_list", Way::WindowOnly("the running app's open preview windows")),
    ("preview_close", Way::WindowOnly("closes a preview window of the running app")),
];

#[derive(Clone, Copy, Debug)]
pub enum Way {
    Sub(&'static str),
    Flag(&'static str),
    WindowOnly(&'static str),
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn every_command_of_the_command_layer_has_a_cli_path() {
        let mut listed: Vec<&str> = REACHED_BY.iter().map(|(c, _)| *c).collect();
        listed.sort_unstable();
        let before = listed.len();
        listed.dedup();
        assert_eq!(listed.len(), before, "a command is listed twice");
        let mut commands: Vec<&str> = trellis_commands::authz::COMMANDS.iter().map(|(c, _)| *c).collect();
        commands.sort_unstable();
        assert_eq!(listed, commands, "every command (and only those) has a way in from `trellis`");

        let cli = crate::cli::Cli::command();
        for (command, way) in REACHED_BY {
            match way {
                Way::Sub(path) => {
                    let mut at = &cli;
                    for word in path.split(' ') {
                        at = at
                            .find_subcommand(word)
                            .unwrap_or_else(|| panic!("{command}: `trellis {path}` does not exist"));
                    }
                }
                Way::Flag(flag) => {
                    let long = flag.trim_start_matches("--");
                    assert!(cli.get_arguments().any(|a| a.get_long() == Some(long)), "{command}: no global {flag}");
                }
                Way::WindowOnly(why) => assert!(why.len() > 10, "{command}: say why it is window-only"),
            }
        }
        let window_only = REACHED_BY.iter().filter(|(_, w)| matches!(w, Way::WindowOnly(_))).count();
        assert!(window_only <= 8, "the exceptions grow ({window_only}): give the new command a CLI path");
    }
}
