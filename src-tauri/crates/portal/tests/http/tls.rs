//! Issue 18: TLS served by the portal process itself. A client that trusts the certificate
//! gets the portal over HTTPS with HSTS; plain HTTP to the port and a client that does not
//! trust the certificate get nothing; a key that does not fit is refused naming `tls_key`.
use crate::support::*;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, ServerName};
use tokio_rustls::rustls::{ClientConfig, RootCertStore};
use trellis_portal::{Portal, PortalConfig};

/// A self-signed certificate for 127.0.0.1 and localhost (openssl, as an operator would).
fn certificate(dir: &Path, name: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    let (cert, key) = (dir.join(format!("{name}.crt")), dir.join(format!("{name}.key")));
    // A config of its own: the system's would make it a CA, which no client accepts as a
    // server's certificate.
    let config = dir.join("openssl.cnf");
    std::fs::write(&config, "[req]\ndistinguished_name = dn\n[dn]\n").unwrap();
    let out = Command::new("openssl")
        .args(["req", "-x509", "-config"])
        .arg(&config)
        .args(["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1"])
        .args(["-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"])
        .args(["-addext", "basicConstraints=critical,CA:FALSE"])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .output()
        .expect("openssl (scripts/setup.sh --test installs it)");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    (cert, key)
}

fn client(trusting: Option<&Path>) -> tokio_rustls::TlsConnector {
    let mut roots = RootCertStore::empty();
    if let Some(cert) = trusting {
        for c in CertificateDer::pem_file_iter(cert).unwrap() {
            roots.add(c.unwrap()).unwrap();
        }
    }
    let provider = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    tokio_rustls::TlsConnector::from(Arc::new(config))
}

/// One HTTP/1.1 request over TLS; the whole answer as text, or the handshake's error.
async fn get(addr: std::net::SocketAddr, connector: &tokio_rustls::TlsConnector, path: &str) -> Result<String, String> {
    let tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
    let mut tls = connector.connect(ServerName::IpAddress(addr.ip().into()), tcp).await.map_err(|e| e.to_string())?;
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    tls.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    let _ = tls.read_to_end(&mut answer).await;
    Ok(String::from_utf8_lossy(&answer).into_owned())
}

#[tokio::test]
async fn the_portal_serves_https_itself() {
    let w = World::new().await;
    let (cert, key) = certificate(w.dir.path(), "portal");
    let (_, other_key) = certificate(w.dir.path(), "other");
    let refused = trellis_portal::tls::acceptor(&cert, &other_key).err().expect("a key that does not fit");
    assert_eq!(refused.0, "tls_key", "{refused:?}");
    let missing = trellis_portal::tls::acceptor(&w.dir.path().join("none.crt"), &key).err().unwrap();
    assert_eq!(missing.0, "tls_cert", "{missing:?}");

    let acceptor = trellis_portal::tls::acceptor(&cert, &key).unwrap();
    let t = Arc::new(w.replica("tls").await);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let mut config = PortalConfig::new(addr, w.dir.path().join("no-ui"));
    config.public_url = format!("https://{addr}");
    config.secure = true;
    let portal = Portal::new(t, config).await.unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(trellis_portal::serve_with(listener, Some(acceptor), portal, async move {
        let _ = stopped.await;
    }));

    let answer = get(addr, &client(Some(&cert)), "/healthz").await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.trim_end().ends_with("ok"), "{answer}");
    assert!(answer.to_ascii_lowercase().contains("strict-transport-security:"), "HSTS over TLS: {answer}");
    // A client that does not trust the certificate stops at the handshake.
    let untrusted = get(addr, &client(None), "/healthz").await;
    assert!(untrusted.is_err(), "{untrusted:?}");
    // Plain HTTP to the TLS port gets no HTTP answer.
    let mut plain = tokio::net::TcpStream::connect(addr).await.unwrap();
    plain.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").await.unwrap();
    let mut got = Vec::new();
    let _ = plain.read_to_end(&mut got).await;
    assert!(!String::from_utf8_lossy(&got).contains("200 OK"), "{}", String::from_utf8_lossy(&got));
    // The server still answers a good client after those two, and stops when told.
    assert!(get(addr, &client(Some(&cert)), "/healthz").await.unwrap().starts_with("HTTP/1.1 200"));
    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
}
