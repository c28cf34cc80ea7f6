//! Random secrets from the OS source, and digests of tokens for storage.

use rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};
use trellis_core::sensitive::Sensitive;

/// No look-alike characters (0/O, 1/l/I), so a password read aloud or typed from a
/// screen survives the trip.
const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/// PU-5: 20 random characters in groups of five (≈ 116 bits), e.g. `Hq7mZ-c3WpK-...`.
pub fn temporary_password() -> Sensitive<String> {
    grouped_random()
}

/// SEC-4: an invitation code, in the same shape (≈ 116 bits): guessing one is hopeless,
/// and it survives being read out or retyped.
pub fn invitation_code() -> Sensitive<String> {
    grouped_random()
}

fn grouped_random() -> Sensitive<String> {
    let mut out = String::with_capacity(23);
    let mut i = 0;
    while i < 20 {
        let mut byte = [0u8; 1];
        OsRng.fill_bytes(&mut byte);
        // Rejection sampling keeps every character equally likely.
        let limit = 256 - (256 % ALPHABET.len());
        if (byte[0] as usize) < limit {
            if i > 0 && i % 5 == 0 {
                out.push('-');
            }
            out.push(ALPHABET[byte[0] as usize % ALPHABET.len()] as char);
            i += 1;
        }
    }
    Sensitive::new(out)
}

/// A remembered-session token: 32 random bytes, hex.
pub fn new_session_token() -> Sensitive<String> {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    Sensitive::new(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// What the database keeps of a token: its SHA-256, so a copied database file does not
/// hand out sessions.
pub fn token_digest(token: &Sensitive<String>) -> String {
    Sha256::digest(token.expose().as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_passwords_are_long_random_and_pass_the_policy() {
        let a = temporary_password();
        let b = temporary_password();
        assert_ne!(a.expose(), b.expose());
        assert_eq!(a.expose().chars().count(), 23);
        let policy = trellis_core::password::PasswordPolicy::default();
        assert!(trellis_core::password::check(a.expose(), policy, &[]).ok);
    }

    #[test]
    fn token_digest_is_stable_and_not_the_token() {
        let t = new_session_token();
        assert_eq!(token_digest(&t), token_digest(&t));
        assert_ne!(token_digest(&t), *t.expose());
        assert_eq!(t.expose().len(), 64);
    }
}
