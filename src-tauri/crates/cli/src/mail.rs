//! `trellis settings email …` and `trellis outbox …` (MAIL): thin adapters over the
//! command layer.

use crate::print::{self, out};
use clap::{Subcommand, ValueEnum};
use trellis_commands::{ApiResult, Trellis};
use trellis_core::mail::{MailSecurity, MailStatus};
use trellis_core::wire::{MailInfo, MailSettingsRequest, OutboxRef};

#[derive(Clone, Copy, ValueEnum)]
pub enum Security {
    /// STARTTLS, required (port 587).
    Starttls,
    /// Implicit TLS (port 465).
    Tls,
    /// None: a server on this machine only.
    None,
}

#[derive(Subcommand)]
pub enum EmailCmd {
    /// How the workspace sends email, and whether this desktop sends it.
    Show,
    /// MAIL-1: set the SMTP server and sender. With --password-stdin, the SMTP password is
    /// read from stdin into this desktop's OS keyring (never the database).
    Set {
        #[arg(long)]
        host: String,
        #[arg(long)]
        port: u16,
        #[arg(long, value_enum, default_value = "starttls")]
        security: Security,
        #[arg(long)]
        user: Option<String>,
        #[arg(long)]
        password_stdin: bool,
        #[arg(long)]
        from_name: String,
        #[arg(long)]
        from_address: String,
    },
    /// Send a test message to yourself, straight to the server; prints its answer.
    Test,
    /// Stop sending email (this desktop's sending secrets are removed too).
    Clear,
    /// Write this desktop's sending secrets to FILE (mode 600) for a portal process to send
    /// with (`TRELLIS_MAIL_SECRET_FILE=FILE trellis portal serve …`).
    ExportSecret { file: std::path::PathBuf },
    /// Send from this desktop too: keep the secrets FILE holds (from export-secret) in
    /// this desktop's OS keyring.
    ImportSecret { file: std::path::PathBuf },
}

#[derive(Subcommand)]
pub enum OutboxCmd {
    /// The messages, newest first (the default).
    List,
    /// Deliver what is due now, once (the app and the portal do it by themselves).
    Send {
        #[arg(long, default_value_t = 1000)]
        limit: u32,
    },
    /// Send a failed or cancelled message again (or a queued one now).
    Resend { id: String },
    /// Cancel a message not sent yet.
    Cancel { id: String },
}

fn print_info(i: &MailInfo) {
    match (&i.host, i.port, i.security) {
        (Some(h), Some(p), Some(s)) => {
            let s = match s {
                MailSecurity::StartTls => "STARTTLS",
                MailSecurity::Tls => "TLS",
                MailSecurity::None => "no encryption",
            };
            println!("SMTP: {h}:{p} ({s}){}", i.user.as_ref().map(|u| format!(", user {u}")).unwrap_or_default());
            println!(
                "from: {} <{}>",
                i.from_name.as_deref().unwrap_or_default(),
                i.from_address.as_deref().unwrap_or_default()
            );
            match &i.secrets_in {
                Some(w) if i.sends_here => println!("this desktop sends (secrets in {w})"),
                _ => println!("this desktop does not send (another desktop or the portal does)"),
            }
        }
        _ => println!("email: not set up (`trellis settings email set …`)"),
    }
    println!("links point to: {}", i.portal_url.as_deref().unwrap_or("no portal address set"));
}

pub async fn email(t: &Trellis, json: bool, cmd: EmailCmd) -> ApiResult<()> {
    match cmd {
        EmailCmd::Show => {
            let info = t.settings_email().await?;
            out(json, &info, || print_info(&info));
        }
        EmailCmd::Set { host, port, security, user, password_stdin, from_name, from_address } => {
            let password = if password_stdin { Some(crate::read_password()?) } else { None };
            let security = match security {
                Security::Starttls => MailSecurity::StartTls,
                Security::Tls => MailSecurity::Tls,
                Security::None => MailSecurity::None,
            };
            let req = MailSettingsRequest { host, port, security, user, password, from_name, from_address };
            let info = t.settings_set_email(req).await?;
            out(json, &info, || print_info(&info));
        }
        EmailCmd::Test => {
            let r = t.settings_email_test().await?;
            out(json, &r, || println!("sent to {}; the server said: {}", r.to, r.server_reply));
        }
        EmailCmd::Clear => {
            t.settings_clear_email().await?;
            if !json {
                println!("email: not set up");
            }
        }
        EmailCmd::ImportSecret { file } => {
            let info = t.settings_email_import_secret(&file).await?;
            out(json, &info, || print_info(&info));
        }
        EmailCmd::ExportSecret { file } => {
            t.settings_email_export_secret(&file).await?;
            if !json {
                println!(
                    "wrote {} (readable by you only): give it to the portal as TRELLIS_MAIL_SECRET_FILE",
                    file.display()
                );
            }
        }
    }
    Ok(())
}

fn status(s: MailStatus) -> &'static str {
    match s {
        MailStatus::Queued => "queued",
        MailStatus::Held => "held (its change was set aside by sync)",
        MailStatus::Withdrawn => "withdrawn (its change was dropped)",
        MailStatus::Sending => "sending",
        MailStatus::Sent => "sent",
        MailStatus::Failed => "failed",
        MailStatus::Cancelled => "cancelled",
        MailStatus::Superseded => "not sent (no longer needed)",
    }
}

pub async fn outbox(t: &Trellis, json: bool, cmd: Option<OutboxCmd>) -> ApiResult<()> {
    match cmd.unwrap_or(OutboxCmd::List) {
        OutboxCmd::List => {
            let rows = t.outbox_list().await?;
            out(json, &rows, || {
                for m in &rows {
                    let why = m.last_error.as_ref().map(|e| format!(" — {e}")).unwrap_or_default();
                    println!(
                        "{}  {}  {}  {}  {}{why}",
                        m.id,
                        print::local_time(m.queued_at),
                        m.to,
                        m.subject,
                        status(m.status)
                    );
                }
            });
        }
        OutboxCmd::Send { limit } => {
            let r = t.mail_deliver(limit).await?;
            out(json, &r, || match &r.idle {
                Some(why) => println!("nothing sent: {why}"),
                None => println!(
                    "{} sent, {} to retry, {} failed, {} no longer needed",
                    r.sent, r.retried, r.failed, r.superseded
                ),
            });
        }
        OutboxCmd::Resend { id } => {
            let m = t.outbox_resend(OutboxRef { id }).await?;
            out(json, &m, || println!("{} to {}: {}", m.id, m.to, status(m.status)));
        }
        OutboxCmd::Cancel { id } => {
            let m = t.outbox_cancel(OutboxRef { id }).await?;
            out(json, &m, || println!("{} to {}: {}", m.id, m.to, status(m.status)));
        }
    }
    Ok(())
}
