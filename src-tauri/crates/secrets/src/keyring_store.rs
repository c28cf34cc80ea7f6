//! The OS keyring (CRED-2, SYNC-4): Secret Service where a desktop session offers an
//! unlocked one, the kernel's keyutils otherwise (headless, CI). Chosen at run time and
//! named, so the app can say where its secrets are.

use keyring::keyutils::KeyutilsCredential;
use keyring::secret_service::SsCredential;
use keyring::Entry;
use trellis_core::sensitive::Sensitive;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    SecretService,
    KernelKeyutils,
}

impl Backend {
    pub fn label(self) -> &'static str {
        match self {
            Backend::SecretService => "Secret Service",
            Backend::KernelKeyutils => "kernel keyutils",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SecretStoreError {
    #[error("no OS keyring is available: {0}")]
    Unavailable(String),
    #[error("the OS keyring ({backend}) failed: {reason}")]
    Failed { backend: &'static str, reason: String },
}

/// A namespace of secrets in the OS keyring (`service` is the namespace, e.g. per build).
pub struct SecretStore {
    backend: Backend,
    service: String,
}

impl std::fmt::Debug for SecretStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SecretStore({}, {})", self.service, self.backend.label())
    }
}

const PROBE: &str = "trellis-probe";

impl SecretStore {
    /// Opens the best keyring this session has. `TRELLIS_KEYRING=keyutils` or
    /// `=secret-service` forces one. Blocking (D-Bus): call off the async runtime.
    pub fn open(service: &str) -> Result<SecretStore, SecretStoreError> {
        let forced = std::env::var("TRELLIS_KEYRING").ok();
        let mut candidates = Vec::new();
        match forced.as_deref() {
            Some("keyutils") => candidates.push(Backend::KernelKeyutils),
            Some("secret-service") => candidates.push(Backend::SecretService),
            _ => {
                if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some() {
                    candidates.push(Backend::SecretService);
                }
                candidates.push(Backend::KernelKeyutils);
            }
        }
        let mut reasons = Vec::new();
        for backend in candidates {
            let store = SecretStore { backend, service: service.to_owned() };
            match store.probe() {
                Ok(()) => {
                    tracing::info!("secrets are kept in the OS keyring ({})", backend.label());
                    return Ok(store);
                }
                Err(e) => reasons.push(format!("{}: {e}", backend.label())),
            }
        }
        Err(SecretStoreError::Unavailable(reasons.join("; ")))
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    fn probe(&self) -> Result<(), SecretStoreError> {
        self.set(PROBE, &Sensitive::new("ok".to_owned()))?;
        let read = self.get(PROBE)?;
        self.delete(PROBE)?;
        match read {
            Some(v) if v.expose() == "ok" => Ok(()),
            _ => Err(self.failed("the probe secret did not read back")),
        }
    }

    fn failed(&self, reason: impl ToString) -> SecretStoreError {
        SecretStoreError::Failed { backend: self.backend.label(), reason: reason.to_string() }
    }

    fn entry(&self, name: &str) -> Result<Entry, SecretStoreError> {
        let credential: Box<keyring::credential::Credential> = match self.backend {
            Backend::SecretService => {
                Box::new(SsCredential::new_with_target(None, &self.service, name).map_err(|e| self.failed(e))?)
            }
            Backend::KernelKeyutils => {
                Box::new(KeyutilsCredential::new_with_target(None, &self.service, name).map_err(|e| self.failed(e))?)
            }
        };
        Ok(Entry::new_with_credential(credential))
    }

    pub fn set(&self, name: &str, secret: &Sensitive<String>) -> Result<(), SecretStoreError> {
        self.entry(name)?.set_password(secret.expose()).map_err(|e| self.failed(e))
    }

    pub fn get(&self, name: &str) -> Result<Option<Sensitive<String>>, SecretStoreError> {
        match self.entry(name)?.get_password() {
            Ok(v) => Ok(Some(Sensitive::new(v))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(self.failed(e)),
        }
    }

    pub fn delete(&self, name: &str) -> Result<(), SecretStoreError> {
        match self.entry(name)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(self.failed(e)),
        }
    }
}
