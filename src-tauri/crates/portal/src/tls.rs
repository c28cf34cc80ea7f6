//! TLS served by the portal process itself (issue 18: no proxy needed in front). The
//! certificate chain and key are PEM files; rustls (with ring, as lettre already uses)
//! speaks TLS 1.2 and 1.3, HTTP/1.1 over it. Each connection's handshake runs in its own
//! task with a time limit, so a slow or silent client holds up nobody else.

use axum::extract::ConnectInfo;
use axum::Router;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::rustls::{self, ServerConfig};
use tokio_rustls::TlsAcceptor;

/// A client that has not finished its handshake by then is dropped.
const HANDSHAKE_TIME: Duration = Duration::from_secs(10);

/// The acceptor for a certificate chain and its private key (PEM). The error names which
/// file is wrong and why.
pub fn acceptor(cert: &Path, key: &Path) -> Result<TlsAcceptor, (&'static str, String)> {
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(cert)
        .and_then(|certs| certs.collect::<Result<_, _>>())
        .map_err(|e| ("tls_cert", format!("cannot read the certificate {}: {e}", cert.display())))?;
    if chain.is_empty() {
        return Err(("tls_cert", format!("no certificate in {}", cert.display())));
    }
    let key = PrivateKeyDer::from_pem_file(key)
        .map_err(|e| ("tls_key", format!("cannot read the private key {}: {e}", key.display())))?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| ("tls_cert", e.to_string()))?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .map_err(|e| ("tls_key", format!("the key does not fit the certificate: {e}")))?;
    let mut config = config;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(TlsAcceptor::from(Arc::new(config)))
}

/// Serves `app` over TLS until `shutdown` resolves; open connections finish first.
pub async fn serve(
    listener: tokio::net::TcpListener,
    acceptor: TlsAcceptor,
    app: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let (tcp, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                // A full descriptor table or an aborted connection: keep serving the others.
                Err(e) => {
                    tracing::warn!("accepting a connection failed: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = tcp.set_nodelay(true);
        let acceptor = acceptor.clone();
        // The peer's address for the per-address limit, as axum's connect info gives it
        // (`ConnectInfo<SocketAddr>`).
        let service = app.clone().layer(axum::Extension(ConnectInfo(peer)));
        let watcher = graceful.watcher();
        tokio::spawn(async move {
            let tls = match tokio::time::timeout(HANDSHAKE_TIME, acceptor.accept(tcp)).await {
                Ok(Ok(tls)) => tls,
                Ok(Err(e)) => return tracing::debug!("TLS handshake with {peer} failed: {e}"),
                Err(_) => return tracing::debug!("TLS handshake with {peer} took too long"),
            };
            let hyper_service = hyper_util::service::TowerToHyperService::new(service);
            let builder = auto::Builder::new(TokioExecutor::new());
            let conn = builder.serve_connection_with_upgrades(TokioIo::new(tls), hyper_service);
            if let Err(e) = watcher.watch(conn.into_owned()).await {
                tracing::debug!("connection from {peer}: {e}");
            }
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}
