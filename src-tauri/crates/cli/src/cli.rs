use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Parser)]
#[command(name = "trellis", version, about = "Trellis — partner program administration, from the command line")]
pub struct Cli {
    /// The workspace database (default: $TRELLIS_DB, else the app's data folder).
    #[arg(long, global = true)]
    pub db: Option<PathBuf>,
    /// Sign in as this member first (password on stdin). Without it, the session the app
    /// remembered in the OS keyring is used, if any.
    #[arg(long = "as", global = true, value_name = "EMAIL")]
    pub as_member: Option<String>,
    /// Print results and errors as JSON.
    #[arg(long, global = true)]
    pub json: bool,
    /// Make role and assignment changes in this draft instead of live (DRAFT-1); `why`
    /// answers inside it.
    #[arg(long, global = true, value_name = "NAME")]
    pub draft: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Create the workspace and its Owner (first run); the password is read from stdin.
    Init {
        #[arg(long)]
        workspace: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        email: String,
    },
    /// Create a demo workspace (realistic names, custom roles, pending invites).
    Demo {
        #[arg(long, default_value_t = 50)]
        members: u32,
    },
    /// Who is signed in, with which permissions.
    Whoami,
    /// Sign out: forgets the session remembered in the OS keyring.
    SignOut,
    /// Admin › Users.
    #[command(subcommand)]
    Members(MemberCmd),
    /// Partners: accounts, access, owners, the hierarchy (same rules as the window).
    #[command(subcommand)]
    Partners(crate::partners::PartnerCmd),
    /// Sync with the team's shared PostgreSQL (publish, now, status, conflicts).
    #[command(subcommand)]
    Sync(crate::sync::SyncCmd),
    /// Admin › Permissions.
    #[command(subcommand)]
    Roles(RoleCmd),
    /// The partner portal server, for partners' browsers (PORT-1..6).
    #[command(subcommand)]
    Portal(crate::portal::PortalCmd),
    /// Drafts: prepare access changes, see their effect, approve, publish (DRAFT-1..5).
    #[command(subcommand)]
    Drafts(crate::drafts::DraftCmd),
    /// Settings: partner features and licences, password policy, four eyes, previews.
    #[command(subcommand)]
    Settings(crate::admin::SettingsCmd),
    /// Items and their availability in Partner Center (ITEM-1).
    #[command(subcommand)]
    Items(crate::admin::ItemCmd),
    /// Sharing rules (SHARE-1).
    #[command(subcommand)]
    Sharing(crate::admin::SharingCmd),
    /// The channel team's hierarchy positions (HIER-1).
    #[command(subcommand)]
    Hierarchy(crate::admin::HierarchyCmd),
    /// Reports: partner activity summary and detail, CSV (RPT-1); log an activity.
    #[command(subcommand)]
    Reports(crate::reports::ReportCmd),
    /// Who holds which permission, and why — now or at a past moment (RPT-2, RPT-5).
    #[command(subcommand)]
    Access(crate::access::AccessCmd),
    /// Access reviews: campaigns where account owners keep, revoke or change access (RPT-4).
    #[command(subcommand)]
    Reviews(crate::reviews::ReviewCmd),
    /// Dashboards published to portal roles (RPT-3); with --draft, publishing waits.
    #[command(subcommand)]
    Dashboards(crate::dashboards::DashboardCmd),
    /// The audit log and its CSV export (SEC-2).
    #[command(subcommand)]
    Audit(crate::admin::AuditCmd),
    /// The outbox (MAIL-2): invitations and notifications, sent, waiting or failed.
    Outbox {
        #[command(subcommand)]
        cmd: Option<crate::mail::OutboxCmd>,
    },
    /// Check a password against the policy, or change your own.
    #[command(subcommand)]
    Password(crate::admin::PasswordCmd),
    /// Why a person holds a permission, or sees a record (DRAFT-4).
    Why {
        email: String,
        /// A permission key such as `leads.delete` (see `roles permissions`).
        permission: Option<String>,
        #[arg(long, conflicts_with = "permission")]
        record: Option<String>,
        /// RPT-5: the answer at a past moment, replayed from the journal: 2026-03-03
        /// (the end of that day, UTC) or 2026-03-03T14:00:00Z.
        #[arg(long)]
        at: Option<String>,
    },
    /// The newest journal entries (who, when, what, before → after).
    Journal {
        #[arg(long, default_value_t = 20)]
        limit: u32,
    },
    /// Measure load, filter and bulk-change speed on a generated workspace.
    Bench(BenchArgs),
    /// Write a consistent copy of the workspace to FILE, even while the app runs.
    Backup { file: std::path::PathBuf },
    /// Make the database (--db) from the backup FILE. Refuses a damaged backup, one from a
    /// newer Trellis, and a database that holds another workspace (one holding the same
    /// workspace is kept aside as <db>.before-restore-<time>).
    Restore { file: std::path::PathBuf },
}

#[derive(Args)]
pub struct BenchArgs {
    #[arg(long, default_value_t = 100_000)]
    pub members: u32,
    #[arg(long, default_value_t = 10_000)]
    pub bulk: u32,
    /// The desktop app to launch for the first-screen and memory figures (default: the
    /// `trellis-app` next to this program; skipped when there is none or no display).
    #[arg(long)]
    pub app: Option<std::path::PathBuf>,
}

#[derive(Subcommand)]
pub enum MemberCmd {
    List {
        #[arg(long, conflicts_with = "no_role")]
        role: Option<String>,
        #[arg(long)]
        no_role: bool,
        #[arg(long)]
        search: Option<String>,
        #[arg(long)]
        removed: bool,
        #[arg(long, default_value_t = 100)]
        limit: u32,
        /// Order by name, role, status or invited (the table's columns); by name if absent.
        #[arg(long, value_parser = crate::cli::sort_key::<trellis_core::wire::MemberSortKey>)]
        sort: Option<trellis_core::wire::MemberSortKey>,
        /// Reverse the order.
        #[arg(long)]
        desc: bool,
    },
    Invite {
        email: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        role: Option<String>,
    },
    /// Accept an invitation with the code the manager passed on (SEC-4): the code (or the
    /// email's whole trellis:// link), then the new password, each on a line of stdin.
    Accept {
        /// Read the invitation code from stdin (required: an invitation is accepted only
        /// with its code).
        #[arg(long, required = true)]
        code: bool,
        #[arg(long)]
        name: Option<String>,
    },
    Resend {
        email: String,
    },
    Revoke {
        email: String,
    },
    ChangeRole {
        #[arg(long, required_unless_present = "no_role")]
        role: Option<String>,
        #[arg(long)]
        no_role: bool,
        #[arg(required = true)]
        emails: Vec<String>,
    },
    Remove {
        #[arg(required = true)]
        emails: Vec<String>,
    },
    /// The shared database login a member's changes travel under (none: unlinks).
    DbLogin {
        email: String,
        login: Option<String>,
    },
    /// PU-3, PU-5 for a member: a typed password (stdin) or a temporary one, printed once.
    ResetPassword {
        email: String,
        #[command(flatten)]
        delivery: PasswordDelivery,
    },
    /// PU-4: must change the password at the next sign-in.
    RequireChange {
        email: String,
    },
    /// Email the member a link to choose a new password (works once, for an hour).
    SendReset {
        email: String,
    },
    /// Set a new password with an emailed reset link: the link (or its code), then the new
    /// password, each on a line of stdin.
    Reset,
    /// What a member sees, and why (HIER-2, PU-6).
    Sees {
        email: String,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum AudienceArg {
    Internal,
    Partner,
}

impl From<AudienceArg> for trellis_core::Audience {
    fn from(a: AudienceArg) -> Self {
        match a {
            AudienceArg::Internal => trellis_core::Audience::Internal,
            AudienceArg::Partner => trellis_core::Audience::Partner,
        }
    }
}

#[derive(Subcommand)]
pub enum RoleCmd {
    List {
        #[arg(long)]
        audience: Option<AudienceArg>,
    },
    /// The permission matrix of a role.
    Show {
        name: String,
        #[arg(long)]
        partner: bool,
    },
    Create {
        name: String,
        #[arg(long)]
        description: Option<String>,
        #[arg(long)]
        partner: bool,
        /// Permission keys such as `leads.read` or `special.export` (see `roles permissions`).
        #[arg(long = "permission")]
        permissions: Vec<String>,
    },
    Edit {
        name: String,
        #[arg(long)]
        new_name: Option<String>,
        #[arg(long)]
        description: Option<String>,
        #[arg(long = "permission", num_args = 0..)]
        permissions: Option<Vec<String>>,
    },
    Clone {
        source: String,
        name: String,
        #[arg(long)]
        partner: bool,
    },
    Delete {
        name: String,
    },
    /// Every permission key, explained.
    Permissions,
}

/// How a new password is delivered (PU-3..PU-5), for every command that sets one.
#[derive(Args, Debug)]
pub struct PasswordDelivery {
    /// PU-5: generate a temporary password, printed once.
    #[arg(long, conflicts_with = "password_stdin")]
    pub temporary: bool,
    /// PU-3: read the password from stdin.
    #[arg(long)]
    pub password_stdin: bool,
    /// PU-4: the password must be changed at the first sign-in.
    #[arg(long)]
    pub require_change: bool,
}

impl PasswordDelivery {
    /// The typed password, read from stdin, if one was asked for. `--require-change` goes
    /// with a typed password only: it is an error, not ignored, without one.
    pub fn typed(&self) -> trellis_commands::ApiResult<Option<trellis_core::sensitive::Sensitive<String>>> {
        if self.require_change && !self.password_stdin {
            return Err(trellis_core::RuleError::invalid(
                "require_change",
                "--require-change goes with --password-stdin (a temporary password must always be changed; a notification lets them choose one)",
            ));
        }
        self.password_stdin.then(crate::read_password).transpose()
    }
}

/// A table column named as the window's IPC names it (`invited`, `owner`…).
pub fn sort_key<K: serde::de::DeserializeOwned>(text: &str) -> Result<K, String> {
    serde_json::from_value(serde_json::Value::String(text.to_owned())).map_err(|e| e.to_string())
}
