//! How a portal server runs: where it listens, the address partners use, and its limits.

use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Clone, Debug)]
pub struct PortalConfig {
    pub listen: SocketAddr,
    /// The address partners type, e.g. `https://partners.example.com`. Links in mail and
    /// the CSRF origin check use it. Defaults to `http://<listen>`.
    pub public_url: String,
    /// Served over TLS (here or by a proxy in front): cookies are `Secure` and `__Host-`,
    /// and HSTS is sent.
    pub secure: bool,
    /// The built UI (`ui/dist`): `portal.html` and `assets/`.
    pub ui_dir: PathBuf,
    /// Requests per second per client address, with a burst (tower_governor).
    pub per_ip_per_second: u64,
    pub per_ip_burst: u32,
    /// Sign-ins per minute per account (email), on top of the lockout (ASVS 2.2.1).
    pub sign_ins_per_minute: u32,
    /// How often to look at the shared log when no poke arrives.
    pub poll: std::time::Duration,
    /// How often to look at the outbox when nothing is queued here (MAIL-2).
    pub mail_every: std::time::Duration,
}

impl PortalConfig {
    pub fn new(listen: SocketAddr, ui_dir: PathBuf) -> PortalConfig {
        PortalConfig {
            listen,
            public_url: format!("http://{listen}"),
            secure: false,
            ui_dir,
            per_ip_per_second: 50,
            per_ip_burst: 200,
            sign_ins_per_minute: 10,
            poll: std::time::Duration::from_secs(5),
            mail_every: std::time::Duration::from_secs(10),
        }
    }

    /// The origins a browser may send requests from: the public address's, and on a
    /// loopback listener both names of the loopback.
    pub fn origins(&self) -> Vec<String> {
        let origin = origin_of(&self.public_url);
        let mut out = vec![origin.clone()];
        if self.listen.ip().is_loopback() {
            let port = self.listen.port();
            for host in ["127.0.0.1", "localhost"] {
                let o = format!("{}://{host}:{port}", if self.secure { "https" } else { "http" });
                if !out.contains(&o) {
                    out.push(o);
                }
            }
        }
        out
    }
}

/// `scheme://host[:port]` of a URL, without path or trailing slash.
fn origin_of(url: &str) -> String {
    let url = url.trim().trim_end_matches('/');
    match url.split_once("://") {
        Some((scheme, rest)) => {
            let host = rest.split('/').next().unwrap_or(rest);
            format!("{}://{}", scheme.to_ascii_lowercase(), host.to_ascii_lowercase())
        }
        None => url.to_ascii_lowercase(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_the_public_address_and_the_loopback_names() {
        let mut c = PortalConfig::new("127.0.0.1:8080".parse().unwrap(), PathBuf::from("ui/dist"));
        assert_eq!(c.origins(), ["http://127.0.0.1:8080", "http://localhost:8080"]);
        c.public_url = "HTTPS://Partners.Example.com/portal/".into();
        c.secure = true;
        assert_eq!(c.origins()[0], "https://partners.example.com");
        assert!(!c.origins().contains(&"http://127.0.0.1:8080".to_owned()));
    }
}
