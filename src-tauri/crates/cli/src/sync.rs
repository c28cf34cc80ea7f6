//! `trellis sync …`: the team's shared PostgreSQL (SYNC-1..4), over the same commands as
//! the window. Passwords come from stdin and go to the OS keyring.

use crate::read_password;
use clap::{Subcommand, ValueEnum};
use trellis_commands::sync::remote_request;
use trellis_commands::{ApiResult, Trellis};
use trellis_core::wire::{Keep, RemoteJoinRequest, SyncResolveRequest, SyncStatus};

#[derive(Subcommand, Debug)]
pub enum SyncCmd {
    /// Sets the shared database (postgres://USER@HOST:PORT/DATABASE?sslmode=…), testing
    /// the connection; the password is read from stdin and kept in the OS keyring.
    Connect { url: String },
    /// Publishes this workspace to the shared database (creates its schema if needed).
    Publish,
    /// Downloads a shared workspace into a new database file (`--db`); the shared
    /// database's password is read from stdin. Then each member signs in as themselves.
    Join {
        url: String,
        /// The workspace's name or id, when the database holds more than one.
        #[arg(long)]
        workspace: Option<String>,
    },
    /// REL-2: rejoins the shared workspace into a new database file (`--db`) keeping the
    /// changes a damaged file had not sent: they are read from DAMAGED and exported next to
    /// the new file first, then applied again after the join (and sent by the next sync).
    /// The shared database's password is read from stdin.
    Rescue {
        damaged: std::path::PathBuf,
        url: String,
        /// The workspace's name or id, when the database holds more than one.
        #[arg(long)]
        workspace: Option<String>,
    },
    /// Where sync stands: changes to send, conflicts, refusals, last sync.
    Status,
    /// Push then pull now; exits non-zero when it fails.
    Now,
    /// Own changes set aside: conflicts (base / theirs / mine) and refusals.
    Conflicts,
    /// Settles one: keep theirs (drop mine) or apply mine on top (re-checked).
    Resolve {
        id: String,
        #[arg(long, value_enum)]
        keep: KeepArg,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum KeepArg {
    Theirs,
    Mine,
}

fn print_status(json: bool, s: &SyncStatus) {
    if json {
        println!("{}", serde_json::to_string_pretty(s).unwrap_or_default());
        return;
    }
    match (&s.remote, s.workspace) {
        (None, _) => println!("Not connected to a shared database"),
        (Some(r), None) => println!("Connected to {r}; this workspace is not published there"),
        (Some(r), Some(ws)) => {
            println!("Shared workspace {ws} at {r}, log position {}", s.head);
            println!("{} to send · {} conflict(s) · {} refused", s.to_send, s.conflicts, s.refused);
        }
    }
    if let Some(e) = &s.last_error {
        println!("Last sync failed: {e}");
    }
}

pub async fn run(t: &Trellis, json: bool, cmd: SyncCmd) -> ApiResult<()> {
    match cmd {
        SyncCmd::Connect { url } => {
            let req = remote_request(&url, read_password()?)?;
            let said = t.sync_connect(req).await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&said).unwrap_or_default());
            } else {
                println!("{}", said.message);
            }
        }
        SyncCmd::Publish => print_status(json, &t.sync_publish().await?),
        SyncCmd::Join { .. } | SyncCmd::Rescue { .. } => unreachable!("handled before the database is opened"),
        SyncCmd::Status => print_status(json, &t.sync_status().await),
        SyncCmd::Now => {
            let r = t.sync_unattended().await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&r).unwrap_or_default());
            } else {
                println!(
                    "Received {} change(s) ({} refused), sent {}, {} set aside; log position {}",
                    r.received, r.skipped, r.sent, r.parked, r.head
                );
            }
        }
        SyncCmd::Conflicts => {
            let list = t.sync_queue().await?.parked;
            if json {
                println!("{}", serde_json::to_string_pretty(&list).unwrap_or_default());
            } else if list.is_empty() {
                println!("Nothing is waiting for a decision");
            } else {
                for c in list {
                    println!("{}  {}", c.id, c.action);
                    match c.reason {
                        trellis_core::sync::ParkReason::Refused { error } => println!("    refused: {}", error.message),
                        trellis_core::sync::ParkReason::Conflict { fields } => {
                            for f in fields {
                                println!(
                                    "    {} {} · {}: base {} · theirs {} · mine {}",
                                    f.kind, f.label, f.field, f.base, f.theirs, f.mine
                                );
                            }
                        }
                    }
                }
            }
        }
        SyncCmd::Resolve { id, keep } => {
            let keep = match keep {
                KeepArg::Theirs => Keep::Theirs,
                KeepArg::Mine => Keep::Mine,
            };
            print_status(json, &t.sync_resolve(SyncResolveRequest { id, keep }).await?);
        }
    }
    Ok(())
}

/// `trellis sync join`: the only sync command that creates its database file.
pub async fn join(db: &std::path::Path, json: bool, url: &str, workspace: Option<&str>) -> ApiResult<()> {
    let remote = remote_request(url, read_password()?)?;
    let req = RemoteJoinRequest { remote, workspace: workspace.map(str::to_owned) };
    let (t, report) = Trellis::sync_join(db, req).await?;
    let status = t.sync_status().await;
    if json {
        println!("{}", serde_json::json!({ "joined": status, "received": report.received }));
    } else {
        println!("Joined: {} change(s) downloaded into {}", report.received, db.display());
        print_status(false, &status);
    }
    crate::settle(&t).await;
    Ok(())
}

/// `sync rescue`: the join, then the damaged file's unsent changes applied again and sent.
pub async fn rescue(
    db: &std::path::Path,
    json: bool,
    damaged: &std::path::Path,
    url: &str,
    workspace: Option<&str>,
) -> ApiResult<()> {
    let remote = remote_request(url, read_password()?)?;
    let req = RemoteJoinRequest { remote, workspace: workspace.map(str::to_owned) };
    let (t, report) = Trellis::sync_rescue(db, damaged, req).await?;
    // Sent now when the shared database answers; otherwise they wait in the new file.
    let sent = t.sync_unattended().await;
    if json {
        let sent = sent.as_ref().map(|r| r.sent).ok();
        println!("{}", serde_json::json!({ "rescue": report, "sent": sent }));
    } else {
        println!("Joined: {} change(s) downloaded into {}", report.joined.received, db.display());
        println!(
            "Rescued from {}: {} change(s) found ({} unreadable), {} already shared, {} applied again",
            damaged.display(),
            report.found,
            report.unreadable,
            report.already_shared,
            report.reapplied
        );
        if let Some(problem) = &report.problem {
            println!("  {problem}");
        }
        for refused in &report.refused {
            println!("  refused now: {refused}");
        }
        println!("They were exported first to {}", report.export);
        match &sent {
            Ok(r) => println!("Sent {} change(s)", r.sent),
            Err(e) => println!("Not sent yet ({}): they wait in the new file", e.message),
        }
    }
    crate::settle(&t).await;
    Ok(())
}
