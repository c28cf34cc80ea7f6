//! `trellis partners …`: partner accounts, access for their people, owner change and the
//! hierarchy, over the same commands as the window.

use crate::read_password;
use clap::Subcommand;
use trellis_commands::{ApiResult, Trellis};
use trellis_core::wire::*;
use trellis_core::Audience;

#[derive(Subcommand, Debug)]
pub enum PartnerCmd {
    /// Partner accounts, with the licence pool.
    List {
        #[arg(long)]
        search: Option<String>,
    },
    /// The account record: owner, partner roles, contacts and users.
    Show { account: String },
    /// PA-1: enable as partner (each unmet prerequisite is named).
    Enable { account: String },
    /// PA-2: disable (never delete); frees its users' licences.
    Disable { account: String },
    /// PA-3: a new owner; the account's partner roles move under their hierarchy role.
    Owner { account: String, email: String },
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
        /// PU-5: generate a temporary password, printed once.
        #[arg(long, conflicts_with = "password_stdin")]
        temporary: bool,
        /// PU-3: read the password from stdin.
        #[arg(long)]
        password_stdin: bool,
        /// PU-4: the password must be changed at the first sign-in.
        #[arg(long)]
        require_change: bool,
    },
    /// PU-6: revoke a partner user's access; the licence is freed.
    Revoke { email: String },
    /// What a partner user sees, and why.
    Sees { email: String },
    /// The role hierarchy with every account's partner branch.
    Tree {
        #[arg(long)]
        search: Option<String>,
    },
}

async fn partner_role(t: &Trellis, name: Option<&str>) -> ApiResult<Option<String>> {
    match name {
        Some(n) => Ok(Some(t.resolve_role(Audience::Partner, n).await?.to_string())),
        None => Ok(None),
    }
}

fn out<T: serde::Serialize>(json: bool, value: &T, text: impl FnOnce()) {
    if json {
        println!("{}", serde_json::to_string_pretty(value).unwrap_or_default());
    } else {
        text();
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
        PartnerCmd::List { search } => {
            let page = t
                .partner_list(PartnerListQuery {
                    search: search.unwrap_or_default(),
                    status: PartnerStatusFilter::All,
                    kind: None,
                    owner_id: None,
                })
                .await?;
            out(json, &page, || {
                println!("licences: {} of {} used", page.licences_used, page.features.licences);
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
        PartnerCmd::GiveAccess {
            email,
            portal_role,
            agent_role,
            admin_role,
            hierarchy_role,
            temporary,
            password_stdin,
            require_change,
        } => {
            let contact = t.resolve_contact(&email).await?;
            let account = t.contact_account(contact).await?;
            let hierarchy_role_id = match hierarchy_role {
                Some(n) => Some(t.resolve_partner_role(account, &n).await?),
                None => None,
            };
            if require_change && !password_stdin {
                return Err(trellis_core::RuleError::invalid(
                    "require_change",
                    "--require-change goes with --password-stdin (a temporary password must always be changed; a notification lets them choose one)",
                ));
            }
            let delivery = if temporary {
                Delivery::Temporary
            } else if password_stdin {
                Delivery::Manual { password: read_password()?, require_change }
            } else {
                Delivery::Notification
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
                    None if given.delivery == "notification" => println!("access notification queued"),
                    None => println!("password set; pass it on by a channel other than email"),
                }
            });
        }
        PartnerCmd::Revoke { email } => {
            let contact = t.resolve_contact(&email).await?.to_string();
            record(json, &t.partner_revoke_access(ContactRef { contact_id: contact }).await?);
        }
        PartnerCmd::Sees { email } => {
            let contact = t.resolve_contact(&email).await?.to_string();
            let r =
                t.visibility_report(VisibilityQuery { contact_id: Some(contact), member_id: None, kind: None }).await?;
            out(json, &r, || {
                println!("{}: {} — {} records", r.person, r.scope, r.total);
                for row in &r.rows {
                    println!("  {:<40} {:<10} {}", row.name, if row.write { "read/write" } else { "read" }, row.reason);
                }
            });
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
