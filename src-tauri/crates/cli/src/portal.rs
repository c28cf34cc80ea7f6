//! `trellis portal serve`: the partner portal server on this working copy (PORT-1..6).

use clap::{Args, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use trellis_commands::{ApiResult, Trellis};
use trellis_core::RuleError;
use trellis_portal::{Portal, PortalConfig};

#[derive(Subcommand)]
pub enum PortalCmd {
    /// Serve the partner portal to partners' browsers. The working copy (--db) must follow
    /// a shared workspace (`trellis sync join`) under the login a manager linked as the
    /// portal service (`trellis settings portal-login LOGIN`). Ctrl+C stops it.
    Serve(ServeArgs),
}

#[derive(Args)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, env = "TRELLIS_PORTAL_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// The address partners use (links, the CSRF origin check); default http://<listen>.
    #[arg(long)]
    pub public_url: Option<String>,
    /// A TLS-terminating proxy in front serves it over https: cookies become Secure and
    /// __Host-, and HSTS is sent.
    #[arg(long, conflicts_with = "tls_cert")]
    pub behind_tls_proxy: bool,
    /// Serve TLS here: the certificate chain (PEM). With --tls-key.
    #[arg(long, requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// The certificate's private key (PEM). With --tls-cert.
    #[arg(long, requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
    /// The built UI folder holding portal.html (default: ui/dist, or $TRELLIS_PORTAL_UI).
    #[arg(long, env = "TRELLIS_PORTAL_UI", default_value = "ui/dist")]
    pub ui: PathBuf,
    /// Sign-in attempts per minute per email (on top of the 5-failure lockout).
    #[arg(long, default_value_t = 10)]
    pub sign_ins_per_minute: u32,
    /// Requests per second per client address.
    #[arg(long, default_value_t = 50)]
    pub per_ip_per_second: u64,
    /// MAIL: the sending secrets (from `trellis settings email export-secret`), so the
    /// portal delivers the outbox — reset links above all — while no desktop is open.
    #[arg(long, env = "TRELLIS_MAIL_SECRET_FILE")]
    pub mail_secret_file: Option<PathBuf>,
}

pub async fn run(t: Trellis, json: bool, cmd: PortalCmd) -> ApiResult<()> {
    let PortalCmd::Serve(args) = cmd;
    let mut config = PortalConfig::new(args.listen, args.ui.clone());
    if let Some(url) = args.public_url {
        config.public_url = url;
    }
    let tls = match (&args.tls_cert, &args.tls_key) {
        (Some(cert), Some(key)) => {
            Some(trellis_portal::tls::acceptor(cert, key).map_err(|(field, why)| RuleError::invalid(field, why))?)
        }
        _ => None,
    };
    if tls.is_some() && !config.public_url.starts_with("https://") {
        config.public_url = format!("https://{}", args.listen);
    }
    config.secure = tls.is_some() || args.behind_tls_proxy || config.public_url.starts_with("https://");
    config.sign_ins_per_minute = args.sign_ins_per_minute;
    config.per_ip_per_second = args.per_ip_per_second;
    if !args.ui.join("portal.html").exists() {
        return Err(RuleError::invalid(
            "ui",
            format!(
                "No portal page in {}: build the UI first (cd ui && npm run build), or pass --ui",
                args.ui.display()
            ),
        ));
    }
    if let Some(file) = args.mail_secret_file {
        t.set_mail_secret_file(file);
    }
    let t = Arc::new(t);
    // A first sync, so the portal starts from the shared log's present.
    if let Err(e) = t.sync_unattended().await {
        tracing::warn!("first sync failed; serving what this copy holds: {}", e.message);
    }
    let portal = Portal::new(t.clone(), config.clone()).await?;
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|e| RuleError::invalid("listen", format!("Cannot listen on {}: {e}", config.listen)))?;
    let bound = listener.local_addr().map_err(|e| RuleError::internal(e.to_string()))?;
    if json {
        println!("{}", serde_json::json!({ "listening": bound.to_string(), "public_url": config.public_url }));
    } else {
        println!("partner portal listening on {bound}; partners open {}", config.public_url);
    }
    let stop = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    trellis_portal::serve_with(listener, tls, portal, stop)
        .await
        .map_err(|e| RuleError::internal(format!("the portal server stopped: {e}")))?;
    crate::settle(&t).await;
    Ok(())
}
