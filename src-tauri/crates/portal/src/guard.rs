//! Web hardening for every response and request: security headers (CSP without inline
//! script, no framing, no sniffing, no referrer, HSTS over TLS) and the CSRF check — a
//! state-changing request must come from the portal's own origin (with SameSite=Strict
//! cookies, the second lock on the door).

use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method};
use trellis_core::RuleError;

/// The portal page needs its own scripts and styles only; Mantine sets inline styles.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
     img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; \
     base-uri 'none'; form-action 'self'; object-src 'none'";

pub fn security_headers(headers: &mut HeaderMap, secure: bool) {
    let mut set = |name: HeaderName, value: &'static str| {
        headers.insert(name, HeaderValue::from_static(value));
    };
    set(header::CONTENT_SECURITY_POLICY, CSP);
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(header::X_FRAME_OPTIONS, "DENY");
    set(header::REFERRER_POLICY, "no-referrer");
    set(HeaderName::from_static("cross-origin-opener-policy"), "same-origin");
    set(HeaderName::from_static("cross-origin-resource-policy"), "same-origin");
    if secure {
        set(header::STRICT_TRANSPORT_SECURITY, "max-age=31536000; includeSubDomains");
    }
}

/// CSRF: a request that may change something must say it comes from one of `origins`.
/// Browsers send `Origin` with every POST; a request without one is refused too.
pub fn same_origin(method: &Method, headers: &HeaderMap, origins: &[String]) -> Result<(), RuleError> {
    if method == Method::GET || method == Method::HEAD {
        return Ok(());
    }
    let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()).map(str::to_ascii_lowercase);
    match origin {
        Some(o) if origins.contains(&o) => Ok(()),
        _ => Err(RuleError::forbidden("This request did not come from the partner portal's own page")),
    }
}
