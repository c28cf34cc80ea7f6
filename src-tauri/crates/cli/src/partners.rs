//! `trellis partners …`: partner accounts, access for their people, owner change and the
//! hierarchy, over the same commands as the window.

use crate::cli::PasswordDelivery;
use crate::print::out;
use clap::Subcommand;
use trellis_commands::{ApiResult, Trellis};
use trellis_core::wire::*;
use trellis_core::{Audience, RuleError};

#[derive(Subcommand, Debug)]
pub enum PartnerCmd {
    /// Partner accounts, with the licence pool.
    List {
        #[arg(long)]
        search: Option<String>,
        #[arg(long, default_value_t = 0)]
        offset: u32,
        #[arg(long, default_value_t = 100)]
        limit: u32,
        /// Order by name, kind, owner, parent or status (the table's columns); by name if absent.
        #[arg(long, value_parser = crate::cli::sort_key::<PartnerSortKey>)]
        sort: Option<PartnerSortKey>,
        /// Reverse the order.
        #[arg(long)]
        desc: bool,
    },
    /// The account record: owner, partner roles, contacts and users.
    Show {
        account: String,
    },
    /// PA-1: enable as partner (each unmet prerequisite is named).
    Enable {
        account: String,
    },
    /// PA-2: disable (never delete); frees its users' licences.
    Disable {
        account: String,
    },
    /// PA-3: a new owner; the account's partner roles move under their hierarchy role.
    Owner {
        account: String,
        email: String,
    },
    /// WS-3: the account's share of the licence pool: a number, or `none` for no share of
    /// its own. Lowering it below what its users hold takes nobody's access away.
    Share {
        account: String,
        share: String,
    },
    /// PU-1: give a contact portal access. Default delivery: an access notification (PU-2).
    GiveAccess {
        email: String,
        #[arg(long, default_value = "Advanced Partner Center")]
        portal_role: String,
        #[arg(long)]
        agent_role: Option<String>,
        #[arg(long)]
        admin_role: Option<String>,
        /// One of the account's partner roles (not for its first user, HIER-1).
        #[arg(long)]
        hierarchy_role: Option<String>,
        #[command(flatten)]
        delivery: PasswordDelivery,
    },
    /// PU-6: revoke a partner user's access; the licence is freed.
    Revoke {
        email: String,
    },
    /// What a partner user sees, and why.
    Sees {
        email: String,
        /// As it was at a past moment: 2026-03-03 (the end of that day, UTC) or an ISO time.
        #[arg(long)]
        at: Option<String>,
    },
    /// The role hierarchy with every account's partner branch.
    Tree {
        #[arg(long)]
        search: Option<String>,
    },
    /// PA-1: a partner account (business or person), owned by a member, under a parent.
    Create {
        name: String,
        #[arg(long, value_enum, default_value = "business")]
        kind: KindArg,
        /// The owning member's email (default: you).
        #[arg(long)]
        owner: Option<String>,
        #[arg(long)]
        parent: Option<String>,
    },
    Rename {
        account: String,
        new_name: String,
    },
    /// A contact at an account (no access until given).
    Contact {
        account: String,
        name: String,
        email: String,
    },
    /// ROLE-6, HIER-1, PA-4: change a partner user's roles, hierarchy role or subpartner right
    /// (unchanged where not given).
    Access {
        email: String,
        #[arg(long)]
        portal_role: Option<String>,
        #[arg(long)]
        agent_role: Option<String>,
        #[arg(long, conflicts_with = "agent_role")]
        no_agent: bool,
        #[arg(long)]
        admin_role: Option<String>,
        #[arg(long)]
        hierarchy_role: Option<String>,
        #[arg(long)]
        subpartners: Option<bool>,
    },
    /// PU-3, PU-5: a typed password (stdin) or a temporary one, printed once.
    SetPassword {
        email: String,
        #[command(flatten)]
        delivery: PasswordDelivery,
    },
    /// PU-4: must change the password at the next sign-in.
    RequireChange {
        email: String,
    },
    /// PU-2, PORT-1: a new one-time link to set the portal password (the old one stops working).
    Invite {
        email: String,
    },
    /// HIER-3: a new partner role on top of an account's branch.
    AddRole {
        account: String,
    },
    /// HIER-3: delete partner roles; their users move to `--move-to`.
    DeleteRoles {
        account: String,
        roles: Vec<String>,
        #[arg(long)]
        move_to: Option<String>,
    },
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum KindArg {
    Business,
    Person,
}

async fn partner_role(t: &Trellis, name: Option<&str>) -> ApiResult<Option<String>> {
    match name {
        Some(n) => Ok(Some(t.resolve_role(Audience::Partner, n).await?.to_string())),
        None => Ok(None),
    }
}

fn record(json: bool, r: &AccountPeople) {
    out(json, r, || {
        let a = &r.account;
        println!(
            "{} — {} — owner {} ({})",
            a.name,
            if a.enabled { "enabled" } else { "not enabled" },
            a.owner_name,
            r.owner_role.as_deref().unwrap_or("no hierarchy role")
        );
        match a.licence_share {
            Some(s) => println!("licences: {} used of its share of {s}", a.licences_used),
            None => println!("licences: {} used (no share of its own)", a.licences_used),
        }
        let branch: Vec<&str> = r.branch.iter().map(|b| b.name.as_str()).collect();
        println!("partner roles: {}", if branch.is_empty() { "none yet".into() } else { branch.join(" › ") });
        for c in &r.contacts {
            let access = if c.access {
                "has access"
            } else if c.revoked {
                "revoked"
            } else {
                "no access"
            };
            println!("  {:<32} {:<12} {}", c.email, access, c.hierarchy_role.as_deref().unwrap_or(""));
        }
    });
}

pub async fn run(t: &Trellis, json: bool, cmd: PartnerCmd) -> ApiResult<()> {
    match cmd {
        PartnerCmd::List { search, offset, limit, sort, desc } => {
            let page = t
                .partner_list(PartnerListQuery {
                    search: search.unwrap_or_default(),
                    status: PartnerStatusFilter::All,
                    kind: None,
                    owner_id: None,
                    offset,
                    limit: Some(limit),
                    sort: sort.map(|by| PartnerSort { by, descending: desc }),
                })
                .await?;
            out(json, &page, || {
                println!("licences: {} of {} used", page.licences_used, page.features.licences);
                let shown = page.offset as usize + page.rows.len();
                println!("accounts {}–{} of {}", page.offset as usize + 1, shown, page.total);
                for r in &page.rows {
                    println!(
                        "{:<32} {:<12} {}",
                        r.name,
                        if r.enabled { "enabled" } else { "not enabled" },
                        r.owner_name
                    );
                }
            });
        }
        PartnerCmd::Show { account } => {
            let id = t.resolve_account(&account).await?.to_string();
            record(json, &t.partner_people(AccountQuery::of(id)).await?);
        }
        PartnerCmd::Enable { account } => {
            let id = t.resolve_account(&account).await?.to_string();
            let row = t.partner_enable(PartnerRef { account_id: id }).await?;
            out(json, &row, || println!("{} is enabled as a partner", row.name));
        }
        PartnerCmd::Disable { account } => {
            let id = t.resolve_account(&account).await?.to_string();
            let row = t.partner_disable(PartnerRef { account_id: id }).await?;
            out(json, &row, || println!("{} is disabled", row.name));
        }
        PartnerCmd::Owner { account, email } => {
            let id = t.resolve_account(&account).await?;
            let version = t.partner_people(AccountQuery::of(id.to_string())).await?.account.version;
            let owner_id = t.resolve_member(&email).await?.to_string();
            let r =
                t.partner_change_owner(PartnerOwnerRequest { account_id: id.to_string(), version, owner_id }).await?;
            record(json, &r);
        }
        PartnerCmd::Share { account, share } => {
            let id = t.resolve_account(&account).await?;
            let version = t.partner_people(AccountQuery::of(id.to_string())).await?.account.version;
            let share = match share.trim() {
                "none" => None,
                n => Some(n.parse::<u32>().map_err(|_| {
                    RuleError::invalid("licence_share", format!("'{n}' is not a number of licences (or 'none')"))
                })?),
            };
            let req = PartnerLicenceShareRequest { account_id: id.to_string(), version, share };
            record(json, &t.partner_set_licence_share(req).await?);
        }
        PartnerCmd::GiveAccess { email, portal_role, agent_role, admin_role, hierarchy_role, delivery } => {
            let contact = t.resolve_contact(&email).await?;
            let account = t.contact_account(contact).await?;
            let hierarchy_role_id = match hierarchy_role {
                Some(n) => Some(t.resolve_partner_role(account, &n).await?),
                None => None,
            };
            let delivery = match delivery.typed()? {
                Some(password) => Delivery::Manual { password, require_change: delivery.require_change },
                None if delivery.temporary => Delivery::Temporary,
                None => Delivery::Notification,
            };
            let req = GiveAccessRequest {
                contact_id: contact.to_string(),
                portal_role_id: t.resolve_role(Audience::Partner, &portal_role).await?.to_string(),
                agent_role_id: partner_role(t, agent_role.as_deref()).await?,
                admin_role_id: partner_role(t, admin_role.as_deref()).await?,
                hierarchy_role_id,
                can_grant_subpartners: false,
                delivery,
            };
            let given = t.partner_give_access(req).await?;
            out(json, &given, || {
                println!("{} has portal access at {} ({})", given.email, given.hierarchy_role, given.roles.join(", "));
                match &given.temporary_password {
                    Some(p) => println!("temporary password (shown once, must be changed): {p}"),
                    None if given.delivery == "notification" => {
                        println!("access notification queued");
                        if let Some(i) = &given.invitation {
                            print_invitation(i);
                        }
                    }
                    None => println!("password set; pass it on by a channel other than email"),
                }
            });
        }
        PartnerCmd::Revoke { email } => {
            let contact = t.resolve_contact(&email).await?.to_string();
            record(json, &t.partner_revoke_access(ContactRef { contact_id: contact }).await?);
        }
        PartnerCmd::Sees { email, at } => {
            let contact = t.resolve_contact(&email).await?.to_string();
            let at = at.as_deref().map(crate::drafts::moment).transpose()?;
            let r = t
                .visibility_report(VisibilityQuery { contact_id: Some(contact), member_id: None, kind: None, at })
                .await?;
            crate::print::visibility(json, &r);
        }
        PartnerCmd::Create { name, kind, owner, parent } => {
            let owner_id = match owner {
                Some(e) => t.resolve_member(&e).await?.to_string(),
                None => t.session_info().await.me.map(|m| m.id.to_string()).unwrap_or_default(),
            };
            let parent_id = match parent {
                Some(p) => Some(t.resolve_account(&p).await?.to_string()),
                None => None,
            };
            let kind = match kind {
                KindArg::Business => trellis_core::AccountKind::Business,
                KindArg::Person => trellis_core::AccountKind::Person,
            };
            let row = t.partner_create(PartnerCreateRequest { name, kind, owner_id, parent_id }).await?;
            out(json, &row, || println!("Created {}", row.name));
        }
        PartnerCmd::Rename { account, new_name } => {
            let id = t.resolve_account(&account).await?.to_string();
            let version = t.partner_people(AccountQuery::of(id.clone())).await?.account.version;
            let row = t.partner_rename(PartnerRenameRequest { account_id: id, version, name: new_name }).await?;
            out(json, &row, || println!("Renamed to {}", row.name));
        }
        PartnerCmd::Contact { account, name, email } => {
            let account_id = t.resolve_account(&account).await?.to_string();
            record(json, &t.contact_create(ContactCreateRequest { account_id, name, email }).await?);
        }
        PartnerCmd::Access { email, portal_role, agent_role, no_agent, admin_role, hierarchy_role, subpartners } => {
            let contact = t.resolve_contact(&email).await?;
            let account = t.contact_account(contact).await?;
            let people = t.partner_people(AccountQuery::of(account.to_string())).await?;
            let row = people.contacts.iter().find(|c| c.id == contact).cloned().ok_or_else(|| {
                trellis_core::RuleError::not_found("email", format!("{email} is not on the first page of its account"))
            })?;
            let keep = |id: Option<trellis_core::RoleId>| id.map(|r| r.to_string());
            let req = UpdateAccessRequest {
                contact_id: contact.to_string(),
                version: row.version,
                portal_role_id: match portal_role {
                    Some(n) => t.resolve_role(Audience::Partner, &n).await?.to_string(),
                    None => keep(row.portal_role_id).unwrap_or_default(),
                },
                agent_role_id: match (agent_role, no_agent) {
                    (_, true) => None,
                    (Some(n), _) => partner_role(t, Some(&n)).await?,
                    (None, _) => keep(row.agent_role_id),
                },
                admin_role_id: match admin_role {
                    Some(n) => partner_role(t, Some(&n)).await?,
                    None => keep(row.admin_role_id),
                },
                hierarchy_role_id: match hierarchy_role {
                    Some(n) => t.resolve_partner_role(account, &n).await?,
                    None => row.hierarchy_role_id.map(|h| h.to_string()).unwrap_or_default(),
                },
                can_grant_subpartners: subpartners.unwrap_or(row.can_grant_subpartners),
            };
            record(json, &t.partner_update_access(req).await?);
        }
        PartnerCmd::SetPassword { email, delivery } => {
            let password = delivery.typed()?;
            let contact_id = t.resolve_contact(&email).await?.to_string();
            let require_change = delivery.require_change;
            let r = t.partner_set_password(PartnerPasswordRequest { contact_id, password, require_change }).await?;
            out(json, &r, || match &r.temporary_password {
                Some(p) => println!("Temporary password for {} (shown once, to be changed): {p}", r.email),
                None => println!("Password set for {}{}", r.email, if r.must_change { " (to be changed)" } else { "" }),
            });
        }
        PartnerCmd::Invite { email } => {
            let contact_id = t.resolve_contact(&email).await?.to_string();
            let r = t.partner_invite(ContactRef { contact_id }).await?;
            out(json, &r, || print_invitation(&r));
        }
        PartnerCmd::RequireChange { email } => {
            let contact_id = t.resolve_contact(&email).await?.to_string();
            let r = t.partner_require_password_change(ContactRef { contact_id }).await?;
            out(json, &r, || println!("{} must change their password at the next sign-in", r.email));
        }
        PartnerCmd::AddRole { account } => {
            let id = t.resolve_account(&account).await?.to_string();
            record(json, &t.hierarchy_add_partner_role(PartnerRef { account_id: id }).await?);
        }
        PartnerCmd::DeleteRoles { account, roles, move_to } => {
            let id = t.resolve_account(&account).await?;
            let mut role_ids = Vec::new();
            for r in &roles {
                role_ids.push(t.resolve_partner_role(id, r).await?);
            }
            let move_to = match move_to {
                Some(r) => Some(t.resolve_partner_role(id, &r).await?),
                None => None,
            };
            let req = DeletePartnerRolesRequest { account_id: id.to_string(), role_ids, move_to };
            record(json, &t.hierarchy_delete_partner_roles(req).await?);
        }
        PartnerCmd::Tree { search } => {
            let nodes = t.hierarchy_tree(HierarchyTreeQuery { search: search.unwrap_or_default() }).await?;
            out(json, &nodes, || {
                for n in &nodes {
                    println!("{}{} ({} here and below)", "  ".repeat(n.depth as usize), n.name, n.people_below);
                }
            });
        }
    }
    Ok(())
}

/// The invitation, shown once: the link (or the code, when no portal address is set).
fn print_invitation(i: &trellis_core::wire::PartnerInvitationIssued) {
    match &i.link {
        Some(link) => println!("invitation link for {} (shown once, works once, 7 days): {link}", i.email),
        None => println!(
            "invitation code for {} (shown once): {} — set the portal's address (`trellis settings portal-address URL`) for a link",
            i.email, i.code
        ),
    }
}
