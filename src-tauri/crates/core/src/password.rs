//! The password policy (WS-4, following NIST SP 800-63B rev. 4): a minimum length
//! (default 15), a maximum of at least 64, every Unicode code point counted, no
//! composition rules, no truncation, and a check against common and breached passwords.
//! Pure: the live checklist in the window and the final check on save are this function.

use crate::error::RuleError;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::sync::OnceLock;
use ts_rs::TS;

pub const DEFAULT_MIN_LENGTH: u32 = 15;
pub const DEFAULT_MAX_LENGTH: u32 = 128;
/// NIST: verifiers should permit at least 64 characters.
pub const LOWEST_MAX_LENGTH: u32 = 64;
/// NIST allows 8 as a floor where a second factor exists; never lower.
pub const LOWEST_MIN_LENGTH: u32 = 8;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PasswordPolicy {
    pub min_length: u32,
    pub max_length: u32,
}

impl Default for PasswordPolicy {
    fn default() -> Self {
        PasswordPolicy { min_length: DEFAULT_MIN_LENGTH, max_length: DEFAULT_MAX_LENGTH }
    }
}

impl PasswordPolicy {
    pub fn validate(self) -> Result<Self, RuleError> {
        if self.min_length < LOWEST_MIN_LENGTH {
            return Err(RuleError::invalid(
                "min_length",
                format!("The minimum length cannot be below {LOWEST_MIN_LENGTH}"),
            ));
        }
        if self.max_length < LOWEST_MAX_LENGTH.max(self.min_length) {
            return Err(RuleError::invalid(
                "max_length",
                format!("The maximum length must be at least {} (and not below the minimum)", LOWEST_MAX_LENGTH),
            ));
        }
        Ok(self)
    }
}

/// One line of the live checklist.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PolicyRule {
    /// `min_length`, `max_length`, `not_common`, `not_personal`.
    pub id: String,
    pub label: String,
    pub passed: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PasswordCheck {
    pub ok: bool,
    pub length: u32,
    pub rules: Vec<PolicyRule>,
}

fn common() -> &'static HashSet<&'static str> {
    static LIST: OnceLock<HashSet<&'static str>> = OnceLock::new();
    LIST.get_or_init(|| include_str!("../data/common-passwords.txt").lines().filter(|l| !l.is_empty()).collect())
}

/// How many entries the common-password list holds.
pub fn common_list_len() -> usize {
    common().len()
}

/// Whether the password is one short unit repeated ("aaaaaaaaaaaaaaaa",
/// "passwordpassword", "abcabcabcabcabc"): NIST's "repetitive characters".
fn is_repetitive(lower: &str) -> bool {
    let chars: Vec<char> = lower.chars().collect();
    let n = chars.len();
    (1..=n / 2).any(|unit| n.is_multiple_of(unit) && chars.chunks(unit).all(|c| c == &chars[..unit]))
}

/// Whether `password` is a common, breached or repetitive password (case-insensitively,
/// and ignoring a trailing run of digits or punctuation, the usual way lists are gamed).
pub fn is_common(password: &str) -> bool {
    let lower = password.to_lowercase();
    if is_repetitive(&lower) {
        return true;
    }
    let list = common();
    if list.contains(lower.as_str()) {
        return true;
    }
    let stem = lower.trim_end_matches(|c: char| c.is_ascii_digit() || c.is_ascii_punctuation());
    stem.len() >= 4 && stem.len() < lower.len() && list.contains(stem)
}

/// Checks `password` against `policy`. `personal` holds words the password must not be
/// built on: the person's email, its local part, their name, the workspace name.
/// CRED-3, NIST SP 800-63B §5.1.1.2: passwords are compared in NFKC, so "café" typed
/// with a combining accent is the same password as with "é". Hashing, verifying and the
/// policy's length all see this form.
pub fn normalized(password: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    password.nfkc().collect()
}

pub fn check(password: &str, policy: PasswordPolicy, personal: &[&str]) -> PasswordCheck {
    let password = &normalized(password);
    let length = password.chars().count() as u32;
    let lower = password.to_lowercase();
    let personal_hit = personal.iter().map(|w| w.trim().to_lowercase()).filter(|w| w.chars().count() >= 4).any(|w| {
        lower.contains(&w)
            || (w.contains('@') && w.split('@').next().is_some_and(|local| local.len() >= 4 && lower.contains(local)))
    });
    let rules = vec![
        PolicyRule {
            id: "min_length".into(),
            label: format!("At least {} characters", policy.min_length),
            passed: length >= policy.min_length,
        },
        PolicyRule {
            id: "max_length".into(),
            label: format!("At most {} characters", policy.max_length),
            passed: length <= policy.max_length,
        },
        PolicyRule {
            id: "not_common".into(),
            label: "Not a common, breached or repetitive password".into(),
            passed: !password.is_empty() && !is_common(password),
        },
        PolicyRule {
            id: "not_personal".into(),
            label: "Not based on your name or email".into(),
            passed: !password.is_empty() && !personal_hit,
        },
    ];
    PasswordCheck { ok: rules.iter().all(|r| r.passed), length, rules }
}

/// The same check as an error naming the first rule that failed, for saving.
pub fn require(field: &str, password: &str, policy: PasswordPolicy, personal: &[&str]) -> Result<(), RuleError> {
    let result = check(password, policy, personal);
    match result.rules.iter().find(|r| !r.passed) {
        None => Ok(()),
        Some(rule) => {
            let why = match rule.id.as_str() {
                "min_length" => format!(
                    "Password is too short: {} characters, at least {} (WS-4)",
                    result.length, policy.min_length
                ),
                "max_length" => {
                    format!("Password is too long: {} characters, at most {} (WS-4)", result.length, policy.max_length)
                }
                "not_common" => "Password is on the list of common or breached passwords; choose another (WS-4)".into(),
                _ => "Password must not be based on your name or email (WS-4)".into(),
            };
            Err(RuleError::new(crate::ErrorCode::Invalid, Some(field), why))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: PasswordPolicy = PasswordPolicy { min_length: 15, max_length: 128 };

    #[test]
    fn the_shipped_list_is_large_and_catches_the_classics() {
        assert!(common_list_len() >= 10_000, "{}", common_list_len());
        for p in ["password", "Password", "qwerty", "letmein", "iloveyou", "dragon", "trustno1", "Password123!"] {
            assert!(is_common(p), "{p}");
        }
        assert!(!is_common("correct horse battery staple"));
        for p in ["passwordpassword", "aaaaaaaaaaaaaaaa", "abcabcabcabcabc"] {
            assert!(is_common(p), "repetitive: {p}");
        }
    }

    #[test]
    fn length_is_counted_per_code_point_without_truncation() {
        let emoji = "🔐🌳🦊🎈🚲🍋🎸🧭🪁🌵🐙🎲🧩🚀🌈"; // 60 bytes, 15 code points
        assert!(check(emoji, P, &[]).ok);
        assert!(!check("éàèùâêîôûëïüçœ", P, &[]).ok, "14 code points, 28 bytes: too short");
        let long = "a long passphrase ".repeat(10); // 180 characters
        let c = check(&long, P, &[]);
        assert!(!c.ok && !c.rules[1].passed, "over the maximum is refused, never truncated");
    }

    #[test]
    fn no_composition_rules() {
        assert!(check("all lower case words here", P, &[]).ok, "no digit, capital or symbol is required");
    }

    #[test]
    fn personal_words_are_refused() {
        let c = check("olivia.owner-forever-2026", P, &["olivia.owner@acme.test"]);
        assert!(!c.ok);
        assert_eq!(
            require("password", "olivia.owner-forever-2026", P, &["olivia.owner@acme.test"])
                .unwrap_err()
                .field
                .as_deref(),
            Some("password")
        );
    }

    #[test]
    fn errors_name_the_failed_rule() {
        let e = require("password", "short", P, &[]).unwrap_err();
        assert!(e.message.contains("too short"), "{}", e.message);
        let e = require("password", "password", PasswordPolicy { min_length: 8, max_length: 64 }, &[]).unwrap_err();
        assert!(e.message.contains("common"), "{}", e.message);
    }

    #[test]
    fn policy_bounds() {
        assert!(PasswordPolicy { min_length: 7, max_length: 64 }.validate().is_err());
        assert!(PasswordPolicy { min_length: 15, max_length: 63 }.validate().is_err());
        assert!(PasswordPolicy { min_length: 15, max_length: 64 }.validate().is_ok());
    }
}
