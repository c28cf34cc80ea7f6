//! MAIL-3: a queued message that must carry a code (an invitation or a reset link) keeps
//! it sealed to the workspace's mail key: an X25519 sealed box (anonymous sender, fresh
//! ephemeral key per message). Anyone may seal — the public half is in the workspace's
//! settings — but only a process holding the opening key (a sending desktop's OS keyring,
//! the portal's secret file) can read it. The shared database, the SQLite file, its WAL
//! and the logs only ever hold ciphertext and the code's digest.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use crypto_box::aead::OsRng;
use crypto_box::{PublicKey, SecretKey};
use trellis_core::sensitive::Sensitive;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SealError {
    #[error("the mail key is not a 32-byte key in base64")]
    BadKey,
    #[error("this message was sealed for another mail key (the key changed since it was queued)")]
    WrongKey,
}

/// A new key pair: the public half (base64) for the settings, the opening half for the
/// senders' secret stores.
pub fn new_key_pair() -> (String, Sensitive<String>) {
    let secret = SecretKey::generate(&mut OsRng);
    let public = STANDARD.encode(secret.public_key().as_bytes());
    (public, Sensitive::new(STANDARD.encode(secret.to_bytes())))
}

fn key32(b64: &str) -> Result<[u8; 32], SealError> {
    let bytes = STANDARD.decode(b64.trim()).map_err(|_| SealError::BadKey)?;
    bytes.try_into().map_err(|_| SealError::BadKey)
}

/// The public half of an opening key, to check that a sender holds the workspace's key.
pub fn public_of(opening: &Sensitive<String>) -> Result<String, SealError> {
    let secret = SecretKey::from(key32(opening.expose())?);
    Ok(STANDARD.encode(secret.public_key().as_bytes()))
}

/// Seals `code` to `public` (base64 of the sealed box).
pub fn seal(public: &str, code: &Sensitive<String>) -> Result<String, SealError> {
    let key = PublicKey::from(key32(public)?);
    let sealed = key.seal(&mut OsRng, code.expose().as_bytes()).map_err(|_| SealError::BadKey)?;
    Ok(STANDARD.encode(sealed))
}

/// Opens what `seal` made, with the opening key.
pub fn open(opening: &Sensitive<String>, sealed: &str) -> Result<Sensitive<String>, SealError> {
    let secret = SecretKey::from(key32(opening.expose())?);
    let bytes = STANDARD.decode(sealed).map_err(|_| SealError::WrongKey)?;
    let plain = secret.unseal(&bytes).map_err(|_| SealError::WrongKey)?;
    String::from_utf8(plain).map(Sensitive::new).map_err(|_| SealError::WrongKey)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_code_opens_with_its_key_only() {
        let (public, opening) = new_key_pair();
        assert_eq!(public_of(&opening).unwrap(), public);
        let code = Sensitive::new("K7Q2-9XZ4-ABCD-EFGH".to_owned());
        let sealed = seal(&public, &code).unwrap();
        assert!(!sealed.contains("K7Q2"));
        assert_ne!(sealed, seal(&public, &code).unwrap(), "each seal has its own ephemeral key");
        assert_eq!(open(&opening, &sealed).unwrap().expose(), code.expose());
        let (_, other) = new_key_pair();
        assert_eq!(open(&other, &sealed).unwrap_err(), SealError::WrongKey);
        assert_eq!(seal("not a key", &code).unwrap_err(), SealError::BadKey);
    }
}
