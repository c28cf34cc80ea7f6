//! CRED-1: argon2id, PHC strings, at least the OWASP parameters (19 MiB, t = 2, p = 1).
//! Slow on purpose: callers run these on a blocking thread, never the UI thread.

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use trellis_core::password::normalized;
use trellis_core::sensitive::Sensitive;

pub const ARGON2_M_KIB: u32 = 19 * 1024;
pub const ARGON2_T: u32 = 2;
pub const ARGON2_P: u32 = 1;

fn argon2() -> Argon2<'static> {
    let params = Params::new(ARGON2_M_KIB, ARGON2_T, ARGON2_P, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// A PHC string (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`) of the password's NFKC
/// form (CRED-3), with a fresh random salt.
pub fn hash_password(password: &Sensitive<String>) -> Result<String, String> {
    let salt = SaltString::generate(&mut OsRng);
    let form = Sensitive::new(normalized(password.expose()));
    argon2().hash_password(form.expose().as_bytes(), &salt).map(|h| h.to_string()).map_err(|e| e.to_string())
}

/// How a password matched its hash.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verified {
    No,
    Yes,
    /// It matched as typed, not in NFKC: a hash made before passwords were normalised.
    /// The caller rehashes it (the next successful sign-in upgrades it).
    Legacy,
}

fn matches(phc: &PasswordHash<'_>, bytes: &[u8]) -> bool {
    argon2().verify_password(bytes, phc).is_ok()
}

/// Constant-time verification (argon2's own comparison); the parameters come from the
/// PHC string, so hashes made with stronger settings later still verify. The NFKC form is
/// tried first; the form as typed only when it differs (older hashes).
pub fn verify_normalized(phc: &str, password: &Sensitive<String>) -> Verified {
    let Ok(parsed) = PasswordHash::new(phc) else { return Verified::No };
    let form = Sensitive::new(normalized(password.expose()));
    if matches(&parsed, form.expose().as_bytes()) {
        Verified::Yes
    } else if form.expose() != password.expose() && matches(&parsed, password.expose().as_bytes()) {
        Verified::Legacy
    } else {
        Verified::No
    }
}

pub fn verify_password(phc: &str, password: &Sensitive<String>) -> bool {
    verify_normalized(phc, password) != Verified::No
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_phc_with_owasp_parameters_and_verify() {
        let pw = Sensitive::new("correct horse battery staple".to_owned());
        let phc = hash_password(&pw).unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        assert!(verify_password(&phc, &pw));
        assert!(!verify_password(&phc, &Sensitive::new("correct horse battery stapler".to_owned())));
        assert!(!verify_password("not a phc string", &pw));
        let again = hash_password(&pw).unwrap();
        assert_ne!(phc, again, "every hash has its own salt");
    }

    /// CRED-3: "café" with a combining accent is "café"; hashes made of the form as typed
    /// (before normalising) still verify, flagged for an upgrade.
    #[test]
    fn passwords_match_in_nfkc_and_old_hashes_still_verify() {
        let composed = Sensitive::new("un café au lait, s'il vous plaît".to_owned());
        let combining = Sensitive::new("un cafe\u{301} au lait, s'il vous plai\u{302}t".to_owned());
        assert_ne!(composed.expose(), combining.expose());
        let phc = hash_password(&combining).unwrap();
        assert_eq!(verify_normalized(&phc, &composed), Verified::Yes);
        assert_eq!(verify_normalized(&phc, &combining), Verified::Yes);
        // A hash of the raw combining form, as made before normalisation.
        let salt = SaltString::generate(&mut OsRng);
        let old = argon2().hash_password(combining.expose().as_bytes(), &salt).unwrap().to_string();
        assert_eq!(verify_normalized(&old, &combining), Verified::Legacy);
        assert_eq!(verify_normalized(&old, &Sensitive::new("something else entirely".to_owned())), Verified::No);
    }
}
