//! Input validation shared by every op. Each failure names its field (SEC-3).

use crate::{RuleError, RuleResult};

pub const MAX_NAME_CHARS: usize = 100;
pub const MAX_DESCRIPTION_CHARS: usize = 500;
pub const MAX_EMAIL_CHARS: usize = 254;

/// Cuts a hostile or huge input down before it is echoed in an error message.
pub fn shorten(text: &str) -> String {
    let clean: String = text.chars().filter(|c| !c.is_control()).take(40).collect();
    if text.chars().count() > 40 {
        format!("{clean}…")
    } else {
        clean
    }
}

/// A display name: trimmed, not empty, at most `MAX_NAME_CHARS` characters, no control characters.
pub fn name(field: &str, label: &str, value: &str) -> RuleResult<String> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(RuleError::invalid(field, format!("{label} is required")));
    }
    let n = trimmed.chars().count();
    if n > MAX_NAME_CHARS {
        return Err(RuleError::invalid(
            field,
            format!("{label} is too long ({n} characters; at most {MAX_NAME_CHARS})"),
        ));
    }
    if trimmed.chars().any(char::is_control) {
        return Err(RuleError::invalid(field, format!("{label} contains control characters")));
    }
    if let Some(c) = trimmed.chars().find(|c| invisible(*c)) {
        return Err(RuleError::invalid(
            field,
            format!("{label} contains an invisible or direction-changing character (U+{:04X})", c as u32),
        ));
    }
    Ok(trimmed.to_owned())
}

/// Zero-width characters, bidi overrides and isolates, soft hyphens, BOMs: the characters
/// Unicode says to render as nothing (Default_Ignorable, TS #39), which let "Adm\u{200B}in"
/// or "Admin\u{202E}" sit next to the real Admin.
pub fn invisible(c: char) -> bool {
    use unicode_security::general_security_profile::{GeneralSecurityProfile, IdentifierType};
    c.identifier_type() == Some(IdentifierType::Default_Ignorable)
}

/// What two names are compared by for uniqueness: NFKC, lower case, then the Unicode
/// TS #39 confusable skeleton — so "Аdmin" (Cyrillic А), "ADMIN" and "Admin" are one name.
pub fn name_key(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let folded: String = name.trim().nfkc().flat_map(char::to_lowercase).collect();
    unicode_security::skeleton(&folded).collect()
}

/// An optional free-text description.
pub fn description(field: &str, value: &str) -> RuleResult<String> {
    let trimmed = value.trim();
    let n = trimmed.chars().count();
    if n > MAX_DESCRIPTION_CHARS {
        return Err(RuleError::invalid(
            field,
            format!("Description is too long ({n} characters; at most {MAX_DESCRIPTION_CHARS})"),
        ));
    }
    if trimmed.chars().any(|c| c.is_control() && c != '\n') {
        return Err(RuleError::invalid(field, "Description contains control characters"));
    }
    Ok(trimmed.to_owned())
}

/// A work email address. Deliberately strict about shape, not about exotic RFC 5322 forms:
/// one `@`, a local part and a dotted domain of letters, digits and hyphens.
pub fn email(field: &str, value: &str) -> RuleResult<String> {
    let trimmed = value.trim();
    let bad =
        |why: &str| RuleError::invalid(field, format!("'{}' is not a valid email address: {why}", shorten(trimmed)));
    if trimmed.is_empty() {
        return Err(RuleError::invalid(field, "Email address is required"));
    }
    if trimmed.chars().count() > MAX_EMAIL_CHARS {
        return Err(RuleError::invalid(
            field,
            format!("Email address is too long (at most {MAX_EMAIL_CHARS} characters)"),
        ));
    }
    let (local, domain) = trimmed.split_once('@').ok_or_else(|| bad("it has no '@'"))?;
    if domain.contains('@') {
        return Err(bad("it has more than one '@'"));
    }
    if local.is_empty() || local.len() > 64 {
        return Err(bad("the part before '@' must be 1 to 64 characters"));
    }
    let local_ok = local.chars().all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c));
    if !local_ok || local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return Err(bad("the part before '@' has characters that are not allowed"));
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 {
        return Err(bad("the domain needs a dot, as in example.com"));
    }
    for label in &labels {
        let ok = !label.is_empty()
            && label.len() <= 63
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !label.starts_with('-')
            && !label.ends_with('-');
        if !ok {
            return Err(bad("the domain is not valid"));
        }
    }
    if labels.last().is_some_and(|tld| tld.len() < 2 || tld.chars().all(|c| c.is_ascii_digit())) {
        return Err(bad("the domain is not valid"));
    }
    Ok(trimmed.to_owned())
}

/// The key emails are compared by: unique case-insensitively (MEM-2).
pub fn email_key(email: &str) -> String {
    email.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_ordinary_addresses() {
        for ok in ["ana@example.com", "Ana.Lopez+partners@sub.example.co.uk", "x_y-z@a-b.io"] {
            assert!(email("email", ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn refuses_malformed_addresses_naming_the_field() {
        for bad in [
            "",
            "ana",
            "ana@",
            "@example.com",
            "ana@example",
            "a@@b.com",
            "a b@c.com",
            "ana@exa_mple.com",
            "ana@.com",
            ".ana@x.com",
            "ana@x.c",
            "<script>@x.com",
        ] {
            let err = email("email", bad).unwrap_err();
            assert_eq!(err.field.as_deref(), Some("email"), "{bad}");
        }
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(name("name", "Name", "  Ana  ").unwrap(), "Ana");
        assert!(name("name", "Name", "   ").is_err());
        assert!(name("name", "Name", &"x".repeat(101)).is_err());
        assert!(name("name", "Name", &"é".repeat(100)).is_ok(), "counted per character, not byte");
        assert!(name("name", "Name", "a\u{0}b").is_err());
    }

    #[test]
    fn shorten_strips_controls_and_cuts() {
        assert_eq!(shorten("a\u{7}b"), "ab");
        assert!(shorten(&"y".repeat(500)).ends_with('…'));
    }
}
