//! `trellis`: the command line over the same command layer as the window.
//! Every subcommand is a thin adapter; `--json` prints the typed result or error.

/// `trellis … | head` closes stdout early: a broken pipe ends the program quietly (it
/// panicked). Shadows std's `println!` in every module below.
macro_rules! println {
    () => { $crate::emit(format_args!("")) };
    ($($arg:tt)*) => { $crate::emit(format_args!($($arg)*)) };
}

mod access;
mod admin;
mod bench;
mod bench_app;
mod cli;
#[cfg(test)]
mod coverage;
mod dashboards;
mod drafts;
mod mail;
mod partners;
mod portal;
mod print;
mod reports;
mod reviews;
mod sync;

use clap::Parser;
use cli::{Cli, Command, MemberCmd, RoleCmd};
use std::process::ExitCode;
use trellis_commands::{ApiResult, Trellis};
use trellis_core::sensitive::Sensitive;
use trellis_core::wire::*;
use trellis_core::Audience;

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_env("TRELLIS_LOG"))
        .with_writer(std::io::stderr)
        .init();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return argument_error(e),
    };
    let json = cli.json;
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            print::error(json, &err);
            ExitCode::from(2)
        }
    }
}

pub(crate) fn emit(args: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_fmt(args).and_then(|()| out.write_all(b"\n")) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("cannot write the output: {e}");
        std::process::exit(1);
    }
}

/// A mistyped command line: under `--json` the error is JSON too, like every other.
fn argument_error(e: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    let wants_json = std::env::args().any(|a| a == "--json");
    if !wants_json || matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        e.exit();
    }
    let field = match e.get(clap::error::ContextKind::InvalidArg) {
        Some(clap::error::ContextValue::String(arg)) => Some(arg.trim_start_matches('-').to_owned()),
        Some(clap::error::ContextValue::Strings(args)) => args.first().map(|a| a.trim_start_matches('-').to_owned()),
        _ => None,
    };
    // "--sort <SORT>" names the option `sort`; a positional "<ACCOUNT>" names `account`.
    let field = field
        .and_then(|f| f.split_whitespace().next().map(str::to_owned))
        .map(|f| f.trim_matches(['<', '>']).to_lowercase().replace('-', "_"));
    let rendered = e.render().to_string();
    let message: Vec<&str> = rendered
        .lines()
        .take_while(|l| !l.starts_with("Usage:") && !l.starts_with("For more information"))
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let message = message.join(" ").trim_start_matches("error: ").to_owned();
    let err = trellis_core::RuleError::new(trellis_core::ErrorCode::Invalid, field.as_deref(), message);
    print::error(true, &err);
    ExitCode::from(2)
}

/// The invitation's code as pasted: the code itself, or the email's whole trellis:// link
/// (read as strictly as the app reads it).
fn invitation_code(pasted: Sensitive<String>) -> ApiResult<Sensitive<String>> {
    let text = pasted.expose().trim();
    if !text.get(..8).is_some_and(|head| head.eq_ignore_ascii_case("trellis:")) {
        return Ok(pasted);
    }
    match trellis_core::wire::DeepLink::parse(text) {
        Ok(trellis_core::wire::DeepLink::Accept { code }) => Ok(Sensitive::new(code)),
        Ok(trellis_core::wire::DeepLink::Reset { .. }) => {
            Err(trellis_core::RuleError::invalid("code", "This is a reset link: use `members reset`"))
        }
        Err(why) => Err(trellis_core::RuleError::invalid("code", why)),
    }
}

/// One line from stdin: passwords never go on the command line (shell history, `ps`).
pub(crate) fn read_password() -> ApiResult<Sensitive<String>> {
    read_secret("password")
}

/// One line of stdin, kept out of the terminal history and the process list.
pub(crate) fn read_secret(field: &str) -> ApiResult<Sensitive<String>> {
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .map_err(|e| trellis_core::RuleError::invalid(field, format!("cannot read the {field} from stdin: {e}")))?;
    Ok(Sensitive::new(line.trim_end_matches(['\r', '\n']).to_owned()))
}

fn default_db() -> std::path::PathBuf {
    if let Some(p) = std::env::var_os("TRELLIS_DB") {
        return p.into();
    }
    let base = std::env::var_os("XDG_DATA_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| std::path::PathBuf::from(h).join(".local/share")))
        .unwrap_or_else(|| ".".into());
    base.join("app.trellis.desktop").join("trellis.db")
}

async fn run(cli: Cli) -> ApiResult<()> {
    if let Command::Bench(args) = &cli.command {
        if cli.draft.is_some() {
            return Err(trellis_core::RuleError::invalid("draft", "--draft does not apply to `bench`"));
        }
        return bench::run(args).await;
    }
    let db = cli.db.clone().unwrap_or_else(default_db);
    if let Command::Restore { file } = &cli.command {
        if cli.draft.is_some() {
            return Err(trellis_core::RuleError::invalid("draft", "--draft does not apply to `restore`"));
        }
        let restored = Trellis::workspace_restore(file, &db).await?;
        let previous = restored.previous.as_ref().map(|p| p.display().to_string());
        if cli.json {
            let out =
                serde_json::json!({ "workspace": restored.workspace, "schema": restored.schema, "previous": previous });
            println!("{out}");
        } else {
            println!("restored “{}” into {}", restored.workspace, db.display());
            if let Some(p) = previous {
                println!("the file that was there is kept as {p}");
            }
        }
        return Ok(());
    }
    if let Command::Sync(sync::SyncCmd::Join { url, workspace }) = &cli.command {
        return sync::join(&db, cli.json, url, workspace.as_deref()).await;
    }
    if let Command::Sync(sync::SyncCmd::Rescue { damaged, url, workspace }) = &cli.command {
        return sync::rescue(&db, cli.json, damaged, url, workspace.as_deref()).await;
    }
    // Only `init` and `demo` (and `sync join`, above) make a new database: a mistyped
    // --db must not leave an empty workspace file behind.
    if !matches!(cli.command, Command::Init { .. } | Command::Demo { .. }) && !db.exists() {
        return Err(trellis_core::RuleError::not_found(
            "db",
            format!(
                "No workspace database at {}: check --db (or TRELLIS_DB), or create one with `trellis init` or `trellis demo`",
                db.display()
            ),
        ));
    }
    let t = Trellis::open(&db).await?;
    if let Command::Portal(cmd) = cli.command {
        if cli.draft.is_some() {
            return Err(trellis_core::RuleError::invalid("draft", "--draft does not apply to `portal`"));
        }
        return portal::run(t, cli.json, cmd).await;
    }
    let outcome = command(&t, cli).await;
    settle(&t).await;
    outcome
}

/// Members changed in bulk reach their table before this short-lived process ends (the
/// change is already committed; the next start would overlay it otherwise).
pub(crate) async fn settle(t: &Trellis) {
    if let Err(e) = t.store().settle().await {
        tracing::warn!("member backlog left for the next start: {e}");
    }
}

enum DraftUse {
    /// Its changes go to the draft, or it reads what the draft would make (`--draft NAME`
    /// opens it first).
    Edits,
    /// It reads the draft itself.
    Reads,
    /// It has nothing to do with drafts: the flag is an error, named.
    Refused(&'static str),
}

fn draft_use(command: &Command) -> DraftUse {
    match command {
        Command::Members(_)
        | Command::Roles(_)
        | Command::Partners(_)
        | Command::Settings(_)
        | Command::Items(_)
        | Command::Sharing(_)
        | Command::Dashboards(_)
        | Command::Hierarchy(_) => DraftUse::Edits,
        Command::Why { .. } => DraftUse::Reads,
        Command::Init { .. } => DraftUse::Refused("init"),
        Command::Demo { .. } => DraftUse::Refused("demo"),
        Command::Whoami => DraftUse::Refused("whoami"),
        Command::SignOut => DraftUse::Refused("sign-out"),
        Command::Sync(_) => DraftUse::Refused("sync"),
        Command::Drafts(_) => DraftUse::Refused("drafts (it names its draft itself)"),
        Command::Audit(_) => DraftUse::Refused("audit"),
        Command::Reports(_) => DraftUse::Refused("reports"),
        Command::Access(_) => DraftUse::Edits,
        Command::Reviews(_) => DraftUse::Refused("reviews (access reviews happen live)"),
        Command::Outbox { .. } => DraftUse::Refused("outbox"),
        Command::Password(_) => DraftUse::Refused("password"),
        Command::Journal { .. } => DraftUse::Refused("journal"),
        Command::Backup { .. } => DraftUse::Refused("backup"),
        Command::Bench(_) | Command::Restore { .. } => unreachable!("handled before the workspace opens"),
        Command::Portal(_) => DraftUse::Refused("portal"),
    }
}

/// Runs one command on the open workspace.
async fn command(t: &Trellis, cli: Cli) -> ApiResult<()> {
    if let Some(email) = &cli.as_member {
        let password = read_password()?;
        t.auth_sign_in(SignInRequest { email: email.clone(), password, remember: false }).await?;
    }
    let json = cli.json;
    // DRAFT-1: the commands that change access work in the named draft (what a draft
    // cannot hold is refused there, naming `draft`); `why` reads it; every other command
    // refuses the flag rather than quietly acting live (issue 17).
    if let Some(name) = &cli.draft {
        match draft_use(&cli.command) {
            DraftUse::Edits => {
                let draft_id = t.resolve_draft(name).await?;
                t.draft_open(DraftRef { draft_id }).await?;
            }
            DraftUse::Reads => {}
            DraftUse::Refused(command) => {
                return Err(trellis_core::RuleError::invalid(
                    "draft",
                    format!("--draft does not apply to `{command}`: run it without --draft"),
                ))
            }
        }
    }
    match cli.command {
        Command::Bench(_) | Command::Restore { .. } | Command::Portal(_) => unreachable!("handled above"),
        Command::Backup { file } => {
            let made = t.workspace_backup(&file).await?;
            if json {
                println!("{}", serde_json::to_string(&made).unwrap_or_default());
            } else {
                println!("backup written to {} ({} bytes)", made.path, made.bytes);
            }
        }
        Command::Drafts(cmd) => drafts::run(t, json, cmd).await?,
        Command::Why { email, permission, record, at } => {
            let at = at.as_deref().map(drafts::moment).transpose()?;
            drafts::why(t, json, &email, permission, record, cli.draft.as_deref(), at).await?
        }
        Command::Init { workspace, name, email } => {
            let password = read_password()?;
            let info = t
                .workspace_create(CreateWorkspaceRequest {
                    workspace_name: workspace,
                    owner_name: name,
                    owner_email: email,
                    password,
                })
                .await?;
            print::session(json, &info);
        }
        Command::Demo { members } => {
            let info = t.workspace_create_demo(DemoRequest { members: Some(members) }).await?;
            print::session(json, &info);
            if !json {
                println!("demo Owner password: {}", trellis_commands::DEMO_PASSWORD);
            }
        }
        Command::Whoami => print::session(json, &t.session_info().await),
        Command::SignOut => print::session(json, &t.auth_sign_out().await?),
        Command::Members(cmd) => members(t, json, cmd).await?,
        Command::Roles(cmd) => roles(t, json, cmd).await?,
        Command::Partners(cmd) => partners::run(t, json, cmd).await?,
        Command::Sync(cmd) => sync::run(t, json, cmd).await?,
        Command::Settings(cmd) => admin::settings(t, json, cmd).await?,
        Command::Items(cmd) => admin::items(t, json, cmd).await?,
        Command::Sharing(cmd) => admin::sharing(t, json, cmd).await?,
        Command::Hierarchy(cmd) => admin::hierarchy(t, json, cmd).await?,
        Command::Audit(cmd) => admin::audit(t, json, cmd).await?,
        Command::Reports(cmd) => reports::run(t, json, cmd).await?,
        Command::Access(cmd) => access::access(t, json, cmd).await?,
        Command::Reviews(cmd) => reviews::reviews(t, json, cmd).await?,
        Command::Dashboards(cmd) => dashboards::run(t, json, cmd).await?,
        Command::Outbox { cmd } => mail::outbox(t, json, cmd).await?,
        Command::Password(cmd) => admin::password(t, json, cmd).await?,
        Command::Journal { limit } => {
            // SEC-1: the audit log is read through the command layer, with its permission.
            let page = t.audit_list(AuditQuery { limit, ..AuditQuery::default() }).await?;
            if json {
                // Raw values (epoch milliseconds, the op, JSON before → after) for scripts.
                let entries =
                    t.store().journal(0, limit).await.map_err(|e| trellis_core::RuleError::internal(e.to_string()))?;
                print::journal_raw(&entries);
            } else {
                print::journal(&page.rows);
            }
        }
    }
    Ok(())
}

async fn ids(t: &Trellis, emails: &[String]) -> ApiResult<Vec<String>> {
    let mut out = Vec::with_capacity(emails.len());
    for e in emails {
        out.push(t.resolve_member(e).await?.to_string());
    }
    Ok(out)
}

async fn role(t: &Trellis, name: Option<&str>) -> ApiResult<Option<String>> {
    match name {
        Some(n) => Ok(Some(t.resolve_role(Audience::Internal, n).await?.to_string())),
        None => Ok(None),
    }
}

async fn members(t: &Trellis, json: bool, cmd: MemberCmd) -> ApiResult<()> {
    match cmd {
        MemberCmd::List { role: r, no_role, search, removed, limit, sort, desc } => {
            let tab = if no_role {
                MemberTab::NoRole
            } else if let Some(id) = role(t, r.as_deref()).await? {
                MemberTab::Role { role_id: id }
            } else {
                MemberTab::All
            };
            let page = t
                .member_list(MemberListQuery {
                    tab,
                    search: search.unwrap_or_default(),
                    removed,
                    offset: 0,
                    limit,
                    sort: sort.map(|by| MemberSort { by, descending: desc }),
                })
                .await?;
            print::members(json, &page);
        }
        MemberCmd::Invite { email, name, role: r } => {
            let row = t
                .member_invite(InviteRequest {
                    email,
                    name: name.unwrap_or_default(),
                    role_id: role(t, r.as_deref()).await?,
                })
                .await?;
            print::invitation(json, "Invited", &row);
        }
        MemberCmd::DbLogin { email, login } => {
            let member_id = t.resolve_member(&email).await?.to_string();
            let row = t.member_set_db_login(MemberLoginRequest { member_id, login }).await?;
            print::member(json, "Linked", &row);
        }
        MemberCmd::ResetPassword { email, delivery } => {
            let password = delivery.typed()?;
            let member_id = t.resolve_member(&email).await?.to_string();
            let require_change = delivery.require_change;
            let r = t.member_reset_password(ResetPasswordRequest { member_id, password, require_change }).await?;
            print::out(json, &r, || match &r.temporary_password {
                Some(p) => println!("Temporary password for {} (shown once, to be changed): {p}", r.email),
                None => println!("Password set for {}", r.email),
            });
        }
        MemberCmd::RequireChange { email } => {
            let member_id = t.resolve_member(&email).await?.to_string();
            print::member(
                json,
                "Must change the password:",
                &t.member_require_password_change(MemberRef { member_id }).await?,
            );
        }
        MemberCmd::Sees { email } => {
            let member_id = t.resolve_member(&email).await?.to_string();
            let r = t
                .visibility_report(VisibilityQuery {
                    contact_id: None,
                    member_id: Some(member_id),
                    kind: None,
                    at: None,
                })
                .await?;
            print::visibility(json, &r);
        }
        MemberCmd::Accept { code: _, name } => {
            let code = invitation_code(read_secret("code")?)?;
            let password = read_password()?;
            let req = AcceptInviteRequest { code, name: name.unwrap_or_default(), password };
            let row = t.member_accept_invite(req).await?;
            print::member(json, "Accepted", &row);
        }
        MemberCmd::SendReset { email } => {
            let id = t.resolve_member(&email).await?.to_string();
            let sent = t.member_send_reset(MemberRef { member_id: id }).await?;
            print::out(json, &sent, || {
                println!("Reset link emailed to {} (works until {})", sent.email, print::local_time(sent.expires_at))
            });
        }
        MemberCmd::Reset => {
            let code = read_secret("code")?;
            let password = read_password()?;
            let row = t.member_reset_with_link(ResetWithLinkRequest { code, password }).await?;
            print::member(json, "New password set for", &row);
        }
        MemberCmd::Resend { email } => {
            let id = t.resolve_member(&email).await?.to_string();
            print::invitation(json, "New invitation for", &t.member_resend_invite(MemberRef { member_id: id }).await?);
        }
        MemberCmd::Revoke { email } => {
            let id = t.resolve_member(&email).await?.to_string();
            print::member(json, "Invitation revoked for", &t.member_revoke_invite(MemberRef { member_id: id }).await?);
        }
        MemberCmd::ChangeRole { role: r, no_role, emails } => {
            let role_id = if no_role { None } else { role(t, r.as_deref()).await? };
            let out = t.member_change_role(ChangeRoleRequest { member_ids: ids(t, &emails).await?, role_id }).await?;
            print::bulk(json, "Role changed", &out);
        }
        MemberCmd::Remove { emails } => {
            let out = t.member_remove(RemoveMembersRequest { member_ids: ids(t, &emails).await? }).await?;
            print::bulk(json, "Removed", &out);
        }
    }
    Ok(())
}

async fn roles(t: &Trellis, json: bool, cmd: RoleCmd) -> ApiResult<()> {
    match cmd {
        RoleCmd::List { audience } => {
            print::roles(json, &t.role_list(RoleListQuery { audience: audience.map(Into::into) }).await?)
        }
        RoleCmd::Show { name, partner } => {
            let id = t.resolve_role(if partner { Audience::Partner } else { Audience::Internal }, &name).await?;
            let rows = t.role_list(RoleListQuery { audience: None }).await?;
            let row = rows.into_iter().find(|r| r.id == id).expect("resolved role is listed");
            print::matrix(json, &row, &t.permission_catalog().await?);
        }
        RoleCmd::Create { name, description, partner, permissions } => {
            let audience = if partner { Audience::Partner } else { Audience::Internal };
            let row = t
                .role_create(RoleCreateRequest {
                    name,
                    description: description.unwrap_or_default(),
                    audience,
                    permissions,
                    group: None,
                    restriction: None,
                    segments: None,
                })
                .await?;
            print::role(json, "Created", &row);
        }
        RoleCmd::Edit { name, new_name, description, permissions } => {
            let id = t.resolve_role(Audience::Internal, &name).await?;
            let current =
                t.role_list(RoleListQuery { audience: None }).await?.into_iter().find(|r| r.id == id).expect("listed");
            let permissions = match permissions {
                Some(p) => p,
                None => current.permissions.keys(),
            };
            let req = RoleUpdateRequest {
                role_id: id.to_string(),
                version: current.version,
                name: new_name.unwrap_or(current.name),
                description: description.unwrap_or(current.description),
                permissions,
                restriction: None,
                segments: None,
            };
            print::role(json, "Saved", &t.role_update(req).await?);
        }
        RoleCmd::Clone { source, name, partner } => {
            let id = t.resolve_role(if partner { Audience::Partner } else { Audience::Internal }, &source).await?;
            print::role(json, "Created", &t.role_clone(RoleCloneRequest { source_id: id.to_string(), name }).await?);
        }
        RoleCmd::Delete { name } => {
            let id = t.resolve_role(Audience::Internal, &name).await?;
            let out = t.role_delete(RoleRef { role_id: id.to_string() }).await?;
            print::deleted(json, &name, &out);
        }
        RoleCmd::Permissions => print::catalog(json, &t.permission_catalog().await?),
    }
    Ok(())
}
