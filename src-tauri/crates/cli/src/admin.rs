//! Settings, items, sharing rules, the channel team's hierarchy, the audit log and the
//! outbox from the command line: each subcommand a thin adapter over the command layer.

use crate::print::{self, out};
use crate::read_password;
use clap::{Subcommand, ValueEnum};
use trellis_commands::{ApiResult, Trellis};
use trellis_core::validate::name_key;
use trellis_core::wire::*;
use trellis_core::{RecordKind, RuleError, ShareAccess};

#[derive(Clone, Copy, ValueEnum)]
pub enum OnOff {
    On,
    Off,
}

impl OnOff {
    fn on(self) -> bool {
        matches!(self, OnOff::On)
    }
}

#[derive(Subcommand)]
pub enum SettingsCmd {
    /// Show the workspace's settings.
    Show,
    /// WS-2, WS-3: Partner Access, Advanced Partner Access and licences (unchanged if not given).
    PartnerFeatures {
        #[arg(long)]
        partner_access: Option<OnOff>,
        #[arg(long)]
        advanced: Option<OnOff>,
        #[arg(long)]
        licences: Option<u32>,
    },
    /// WS-4: the password policy's minimum and maximum length.
    PasswordPolicy {
        #[arg(long)]
        min: Option<u32>,
        #[arg(long)]
        max: Option<u32>,
    },
    /// DRAFT-5: drafts need another manager's approval.
    FourEyes { state: OnOff },
    /// PREV-5: the longest a portal preview may last, in minutes.
    PreviewMax { minutes: u32 },
    /// PORT-5: the shared database login the partner portal serves under (`--clear` to unlink).
    PortalLogin {
        #[arg(required_unless_present = "clear")]
        login: Option<String>,
        #[arg(long, conflicts_with = "login")]
        clear: bool,
    },
    /// PORT-4: minutes an unused portal session lasts.
    PortalIdle { minutes: u32 },
    /// MAIL-1: how the workspace sends email.
    #[command(subcommand)]
    Email(crate::mail::EmailCmd),
    /// The portal's public address, used in invitation links (`--clear` for none).
    PortalAddress {
        #[arg(required_unless_present = "clear")]
        url: Option<String>,
        #[arg(long, conflicts_with = "url")]
        clear: bool,
    },
}

#[derive(Subcommand)]
pub enum ItemCmd {
    List,
    Create {
        name: String,
        /// ITEM-1: available in Partner Center.
        #[arg(long)]
        available: bool,
    },
    /// ITEM-1: make an item available in Partner Center, or not.
    Available {
        name: String,
        state: OnOff,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum AccessArg {
    Read,
    ReadWrite,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum KindArg {
    Lead,
    Opportunity,
    Customer,
    Activity,
}

#[derive(Subcommand)]
pub enum SharingCmd {
    List,
    /// SHARE-1: create a rule, or change the one with this name.
    Save {
        name: String,
        #[arg(long, value_enum)]
        kind: KindArg,
        /// Records owned at this hierarchy role and below…
        #[arg(long)]
        source: String,
        /// …are shared with every user of this partner account…
        #[arg(long, conflicts_with = "role")]
        account: Option<String>,
        /// …or with this partner role and those above it.
        #[arg(long)]
        role: Option<String>,
        #[arg(long, value_enum, default_value = "read")]
        access: AccessArg,
    },
    Delete {
        name: String,
    },
}

#[derive(Subcommand)]
pub enum HierarchyCmd {
    /// The channel team's positions.
    List,
    /// Add a position (under `--parent`).
    Create {
        name: String,
        #[arg(long)]
        parent: Option<String>,
    },
    /// Put a member at a position, or (`--none`) at none.
    Place {
        email: String,
        #[arg(long, conflicts_with = "none", required_unless_present = "none")]
        role: Option<String>,
        #[arg(long)]
        none: bool,
    },
}

#[derive(Subcommand)]
pub enum AuditCmd {
    /// The audit log, filtered (newest first).
    List {
        #[arg(long, default_value = "")]
        actor: String,
        #[arg(long, default_value = "")]
        action: String,
        #[arg(long, default_value = "")]
        target: String,
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
    /// SEC-2: the filtered audit log as CSV, to stdout.
    Export {
        #[arg(long, default_value = "")]
        actor: String,
        #[arg(long, default_value = "")]
        action: String,
    },
    /// RPT-6: the journal's head (and the shared log's) as JSON, to keep where this
    /// desktop cannot rewrite it; `audit verify --anchor` checks against it.
    Anchor {
        /// Write it to this file (refused if it exists) instead of stdout.
        #[arg(long)]
        out: Option<std::path::PathBuf>,
    },
    /// RPT-6: recompute the journal's hash chain and name the first entry that does not
    /// match; exits non-zero when one does not.
    Verify {
        /// An anchor saved by `audit anchor`: its entries must still be there, unchanged.
        #[arg(long)]
        anchor: Option<std::path::PathBuf>,
        /// Also read the shared log again and recompute its chain.
        #[arg(long)]
        shared: bool,
    },
}

#[derive(Subcommand)]
pub enum PasswordCmd {
    /// The policy checklist for a password read from stdin.
    Check {
        #[arg(long, default_value = "")]
        email: String,
        #[arg(long, default_value = "")]
        name: String,
    },
    /// Change your own password: the current one, then the new one, on stdin.
    Change,
}

pub async fn settings(t: &Trellis, json: bool, cmd: SettingsCmd) -> ApiResult<()> {
    let now = t.session_info().await;
    let last_backup = t.workspace_last_backup().await.ok().flatten();
    let info = match cmd {
        SettingsCmd::Email(cmd) => return crate::mail::email(t, json, cmd).await,
        SettingsCmd::Show => now,
        SettingsCmd::PartnerFeatures { partner_access, advanced, licences } => {
            let mut f = now.partner_features;
            f.partner_access = partner_access.map_or(f.partner_access, OnOff::on);
            f.advanced_partner_access = advanced.map_or(f.advanced_partner_access, OnOff::on);
            f.licences = licences.unwrap_or(f.licences);
            t.settings_set_partner_features(f).await?
        }
        SettingsCmd::PasswordPolicy { min, max } => {
            let mut p = now.password_policy;
            p.min_length = min.unwrap_or(p.min_length);
            p.max_length = max.unwrap_or(p.max_length);
            t.settings_set_password_policy(p).await?
        }
        SettingsCmd::FourEyes { state } => t.settings_set_four_eyes(FourEyesRequest { on: state.on() }).await?,
        SettingsCmd::PreviewMax { minutes } => t.settings_set_preview_max(PreviewMaxRequest { minutes }).await?,
        SettingsCmd::PortalLogin { login, .. } => {
            t.settings_set_portal_login(trellis_core::wire::PortalLoginRequest { login }).await?
        }
        SettingsCmd::PortalIdle { minutes } => {
            t.settings_set_portal_idle(trellis_core::wire::PortalIdleRequest { minutes }).await?
        }
        SettingsCmd::PortalAddress { url, .. } => {
            t.settings_set_portal_address(trellis_core::wire::PortalAddressRequest { url }).await?
        }
    };
    out(json, &info, || {
        let f = info.partner_features;
        println!(
            "partner access: {}, advanced: {}, licences: {}",
            f.partner_access, f.advanced_partner_access, f.licences
        );
        println!("password length: {} to {}", info.password_policy.min_length, info.password_policy.max_length);
        println!("four eyes: {}; longest preview: {} min", info.four_eyes, info.preview_max_minutes);
        match &info.portal_login {
            Some(l) => {
                println!("portal service: database login {l}; sessions end after {} idle min", info.portal_idle_minutes)
            }
            None => println!("portal service: none linked (`trellis settings portal-login LOGIN`)"),
        }
        println!(
            "portal address: {}",
            info.portal_url.as_deref().unwrap_or("none (`trellis settings portal-address URL`)")
        );
        match &last_backup {
            Some((at, path)) => println!("last backup: {} ({path})", print::local_time(*at)),
            None => println!("last backup: never (`trellis backup FILE`)"),
        }
    });
    Ok(())
}

fn items_out(json: bool, rows: &[ItemRow]) {
    out(json, &rows, || {
        for i in rows {
            println!("{:<40} {}", i.name, if i.available_in_partner_center { "in Partner Center" } else { "internal" });
        }
    });
}

pub async fn items(t: &Trellis, json: bool, cmd: ItemCmd) -> ApiResult<()> {
    let rows = match cmd {
        ItemCmd::List => t.item_list().await?,
        ItemCmd::Create { name, available } => {
            t.item_create(ItemCreateRequest { name, available_in_partner_center: available }).await?
        }
        ItemCmd::Available { name, state } => {
            let id = t
                .item_list()
                .await?
                .into_iter()
                .find(|i| name_key(&i.name) == name_key(&name))
                .ok_or_else(|| RuleError::not_found("item", format!("No item named '{name}'")))?
                .id;
            let req = ItemAvailabilityRequest { item_id: id.to_string(), available_in_partner_center: state.on() };
            t.item_set_availability(req).await?
        }
    };
    items_out(json, &rows);
    Ok(())
}

pub async fn sharing(t: &Trellis, json: bool, cmd: SharingCmd) -> ApiResult<()> {
    let find = |rows: &[SharingRuleRow], name: &str| rows.iter().find(|r| name_key(&r.name) == name_key(name)).cloned();
    let rows = match cmd {
        SharingCmd::List => t.sharing_rule_list().await?,
        SharingCmd::Save { name, kind, source, account, role, access } => {
            let existing = find(&t.sharing_rule_list().await?, &name);
            let (grantee_kind, grantee_id) = match (account, role) {
                (Some(a), _) => (GranteeKind::Account, t.resolve_account(&a).await?.to_string()),
                (None, Some(r)) => (GranteeKind::Role, t.resolve_hierarchy_role(&r).await?),
                (None, None) => return Err(RuleError::invalid("grantee", "Share with --account NAME or --role NAME")),
            };
            let req = SharingRuleSaveRequest {
                rule_id: existing.as_ref().map(|r| r.id.to_string()),
                version: existing.as_ref().map(|r| r.version),
                name,
                kind: match kind {
                    KindArg::Lead => RecordKind::Lead,
                    KindArg::Opportunity => RecordKind::Opportunity,
                    KindArg::Customer => RecordKind::Customer,
                    KindArg::Activity => RecordKind::Activity,
                },
                source_role_id: t.resolve_hierarchy_role(&source).await?,
                grantee_kind,
                grantee_id,
                access: match access {
                    AccessArg::Read => ShareAccess::Read,
                    AccessArg::ReadWrite => ShareAccess::ReadWrite,
                },
            };
            t.sharing_rule_save(req).await?
        }
        SharingCmd::Delete { name } => {
            let rule = find(&t.sharing_rule_list().await?, &name)
                .ok_or_else(|| RuleError::not_found("rule", format!("No sharing rule named '{name}'")))?;
            t.sharing_rule_delete(SharingRuleRef { rule_id: rule.id.to_string() }).await?
        }
    };
    out(json, &rows, || {
        for r in &rows {
            println!("{:<36} {:?}: {} → {} ({:?})", r.name, r.kind, r.source_name, r.grantee_name, r.access);
        }
    });
    Ok(())
}

pub async fn hierarchy(t: &Trellis, json: bool, cmd: HierarchyCmd) -> ApiResult<()> {
    match cmd {
        HierarchyCmd::List | HierarchyCmd::Create { .. } => {
            let rows = match cmd {
                HierarchyCmd::Create { name, parent } => {
                    let parent_id = match parent {
                        Some(p) => Some(t.resolve_hierarchy_role(&p).await?),
                        None => None,
                    };
                    t.hierarchy_role_create(HierarchyRoleCreateRequest { name, parent_id }).await?
                }
                _ => t.hierarchy_list().await?,
            };
            out(json, &rows, || {
                for r in &rows {
                    let parent = r.parent_id.and_then(|p| rows.iter().find(|x| x.id == p)).map(|p| p.name.as_str());
                    println!("{:<36} under {:<28} {} members", r.name, parent.unwrap_or("—"), r.member_count);
                }
            });
        }
        HierarchyCmd::Place { email, role, none: _ } => {
            let member_id = t.resolve_member(&email).await?.to_string();
            let hierarchy_role_id = match role {
                Some(r) => Some(t.resolve_hierarchy_role(&r).await?),
                None => None,
            };
            let row = t.member_set_hierarchy_role(MemberHierarchyRequest { member_id, hierarchy_role_id }).await?;
            print::member(json, "Placed", &row);
        }
    }
    Ok(())
}

pub async fn audit(t: &Trellis, json: bool, cmd: AuditCmd) -> ApiResult<()> {
    match cmd {
        AuditCmd::List { actor, action, target, limit } => {
            let page = t.audit_list(AuditQuery { actor, action, target, limit, ..AuditQuery::default() }).await?;
            out(json, &page, || print::journal(&page.rows));
        }
        AuditCmd::Export { actor, action } => {
            let export = t.audit_export(AuditQuery { actor, action, ..AuditQuery::default() }).await?;
            println!("{}", export.csv.trim_end_matches('\n'));
        }
        AuditCmd::Anchor { out: None } => {
            let anchor = t.audit_anchor().await?;
            println!("{}", serde_json::to_string_pretty(&anchor).map_err(|e| RuleError::internal(e.to_string()))?);
        }
        AuditCmd::Anchor { out: Some(path) } => {
            let anchor = t.audit_anchor().await?;
            let text = serde_json::to_string_pretty(&anchor).map_err(|e| RuleError::internal(e.to_string()))?;
            write_new(&path, &text)?;
            if let Some(j) = &anchor.journal {
                eprintln!("Anchor written to {}: journal entry {} {}", path.display(), j.position, j.link);
            }
        }
        AuditCmd::Verify { anchor, shared } => {
            let anchor = match anchor {
                Some(path) => {
                    let text = std::fs::read_to_string(&path).map_err(|e| {
                        RuleError::invalid("anchor", format!("Cannot read the anchor {}: {e}", path.display()))
                    })?;
                    Some(serde_json::from_str::<AuditAnchor>(&text).map_err(|e| {
                        RuleError::invalid(
                            "anchor",
                            format!("{} is not an anchor saved by `audit anchor`: {e}", path.display()),
                        )
                    })?)
                }
                None => None,
            };
            let v = t.audit_verify(AuditVerifyRequest { anchor, shared }).await?;
            out(json, &v, || print::verification(&v));
            let broken = [Some(&v.journal), v.shared_log.as_ref()].into_iter().flatten().find(|c| !c.intact);
            if let Some(c) = broken {
                return Err(RuleError::conflict("journal", c.problem.clone().unwrap_or_default()));
            }
        }
    }
    Ok(())
}

/// Creates a file that must not exist yet (an anchor, an export is never overwritten);
/// a refusal names `field`.
pub fn create_new(path: &std::path::Path, field: &str) -> ApiResult<std::fs::File> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| RuleError::invalid(field, format!("Cannot create {}: {e}", path.display())))
}

/// Writes `text` to a file that must not exist yet.
fn write_new(path: &std::path::Path, text: &str) -> ApiResult<()> {
    use std::io::Write;
    create_new(path, "out")?
        .write_all(format!("{text}\n").as_bytes())
        .map_err(|e| RuleError::invalid("out", format!("Cannot write {}: {e}", path.display())))
}

pub async fn password(t: &Trellis, json: bool, cmd: PasswordCmd) -> ApiResult<()> {
    match cmd {
        PasswordCmd::Check { email, name } => {
            let check = t.password_check(PasswordCheckRequest { password: read_password()?, email, name }).await?;
            out(json, &check, || {
                for r in &check.rules {
                    println!("{} {}", if r.passed { "✓" } else { "✗" }, r.label);
                }
            });
        }
        PasswordCmd::Change => {
            let current_password = read_password()?;
            let new_password = read_password()?;
            let info = t.auth_change_password(ChangePasswordRequest { current_password, new_password }).await?;
            print::session(json, &info);
        }
    }
    Ok(())
}
