//! Where the shared database is. The password is not here: it lives in the OS keyring
//! (SYNC-4) and is passed to `connect` as a `Sensitive` only for the connection.

use serde::{Deserialize, Serialize};
use sqlx::postgres::{PgConnectOptions, PgSslMode};
use std::path::PathBuf;
use trellis_core::sensitive::Sensitive;
use trellis_core::wire::RemoteTls;
use trellis_core::RuleError;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemoteConfig {
    pub host: String,
    pub port: u16,
    pub database: String,
    pub user: String,
    pub tls: RemoteTls,
    #[serde(default)]
    pub ca_file: Option<PathBuf>,
}

impl RemoteConfig {
    /// Checks every field, naming the one at fault (SEC-3).
    pub fn validate(&self) -> Result<(), RuleError> {
        let plain = |field: &str, v: &str, max: usize| {
            if v.trim().is_empty() {
                return Err(RuleError::invalid(field, format!("Enter the {}", field.replace('_', " "))));
            }
            if v.len() > max || v.chars().any(|c| c.is_control() || c.is_whitespace()) {
                return Err(RuleError::invalid(field, format!("The {} is not valid", field.replace('_', " "))));
            }
            Ok(())
        };
        plain("host", &self.host, 253)?;
        plain("database", &self.database, 63)?;
        plain("user", &self.user, 63)?;
        if self.port == 0 {
            return Err(RuleError::invalid("port", "The port is between 1 and 65535"));
        }
        if self.tls == RemoteTls::VerifyFull && self.ca_file.as_ref().is_none_or(|p| !p.is_file()) {
            return Err(RuleError::invalid("ca_file", "verify-full needs the CA certificate file of the server"));
        }
        Ok(())
    }

    /// Parses `postgres://user@host:port/database?sslmode=…` (no password: it is read
    /// separately and kept in the keyring).
    pub fn from_url(url: &str) -> Result<RemoteConfig, RuleError> {
        let bad =
            || RuleError::invalid("url", "Use postgres://USER@HOST:PORT/DATABASE (the password is asked separately)");
        let rest = url
            .trim()
            .strip_prefix("postgres://")
            .or_else(|| url.trim().strip_prefix("postgresql://"))
            .ok_or_else(bad)?;
        let (rest, query) = rest.split_once('?').unwrap_or((rest, ""));
        let (auth, rest) = rest.split_once('@').ok_or_else(bad)?;
        if auth.contains(':') {
            return Err(RuleError::invalid(
                "url",
                "Leave the password out of the address: Trellis asks for it and keeps it in the OS keyring",
            ));
        }
        let (hostport, database) = rest.split_once('/').ok_or_else(bad)?;
        let (host, port) = match hostport.rsplit_once(':') {
            Some((h, p)) => {
                (h, p.parse::<u16>().map_err(|_| RuleError::invalid("port", "The port is between 1 and 65535"))?)
            }
            None => (hostport, 5432),
        };
        let mut tls = RemoteTls::Require;
        let mut ca_file = None;
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            match pair.split_once('=') {
                Some(("sslmode", "disable")) => tls = RemoteTls::Disable,
                Some(("sslmode", "require")) => tls = RemoteTls::Require,
                Some(("sslmode", "verify-full")) => tls = RemoteTls::VerifyFull,
                Some(("sslrootcert", path)) => ca_file = Some(PathBuf::from(path)),
                _ => {
                    return Err(RuleError::invalid(
                        "url",
                        format!("Unknown option {pair}: use sslmode and sslrootcert"),
                    ))
                }
            }
        }
        let config = RemoteConfig {
            host: host.to_owned(),
            port,
            database: database.to_owned(),
            user: auth.to_owned(),
            tls,
            ca_file,
        };
        config.validate()?;
        Ok(config)
    }

    /// The address without the password, for display.
    pub fn display(&self) -> String {
        format!("{}@{}:{}/{}", self.user, self.host, self.port, self.database)
    }

    pub(crate) fn options(&self, password: &Sensitive<String>) -> PgConnectOptions {
        let mut o = PgConnectOptions::new()
            .host(&self.host)
            .port(self.port)
            .database(&self.database)
            .username(&self.user)
            .password(password.expose())
            .application_name("trellis");
        o = match self.tls {
            RemoteTls::Disable => o.ssl_mode(PgSslMode::Disable),
            RemoteTls::Require => o.ssl_mode(PgSslMode::Require),
            RemoteTls::VerifyFull => {
                let o = o.ssl_mode(PgSslMode::VerifyFull);
                match &self.ca_file {
                    Some(ca) => o.ssl_root_cert(ca),
                    None => o,
                }
            }
        };
        o
    }
}
