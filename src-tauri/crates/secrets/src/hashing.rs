//! CRED-1: argon2id, PHC strings, at least the OWASP parameters (19 MiB, t = 2, p = 1).
//! Slow on purpose: callers run these on a blocking thread, never the UI thread.

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use trellis_core::sensitive::Sensitive;

pub const ARGON2_M_KIB: u32 = 19 * 1024;
pub const ARGON2_T: u32 = 2;
pub const ARGON2_P: u32 = 1;

fn argon2() -> Argon2<'static> {
    let params = Params::new(ARGON2_M_KIB, ARGON2_T, ARGON2_P, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// A PHC string (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`) with a fresh random salt.
pub fn hash_password(password: &Sensitive<String>) -> Result<String, String> {
    let salt = SaltString::generate(&mut OsRng);
    argon2().hash_password(password.expose().as_bytes(), &salt).map(|h| h.to_string()).map_err(|e| e.to_string())
}

/// Constant-time verification (argon2's own comparison); the parameters come from the
/// PHC string, so hashes made with stronger settings later still verify.
pub fn verify_password(phc: &str, password: &Sensitive<String>) -> bool {
    match PasswordHash::new(phc) {
        Ok(parsed) => argon2().verify_password(password.expose().as_bytes(), &parsed).is_ok(),
        Err(_) => false,
    }
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
}
