//! The session cookie (PORT-4): `HttpOnly`, `SameSite=Strict`, `Path=/`; `Secure` with the
//! `__Host-` prefix when served over TLS (browsers refuse `__Host-` without `Secure`).

use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue};
use trellis_commands::PortalToken;
use trellis_core::sensitive::Sensitive;

pub fn name(secure: bool) -> &'static str {
    if secure {
        "__Host-trellis_portal"
    } else {
        "trellis_portal"
    }
}

/// The session id the browser sent, if any (only ours: hex, of the right length).
pub fn read(headers: &HeaderMap, secure: bool) -> Option<PortalToken> {
    let wanted = name(secure);
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == wanted)
        .map(|(_, v)| v.trim())
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
        .map(|v| PortalToken(Sensitive::new(v.to_owned())))
}

fn header(value: String) -> HeaderValue {
    HeaderValue::from_str(&value).expect("a cookie of hex digits and fixed words")
}

/// Sets the session cookie (a browser session cookie: the server ends it anyway).
pub fn set(headers: &mut HeaderMap, token: &PortalToken, secure: bool) {
    let secure_attr = if secure { "; Secure" } else { "" };
    let v = format!("{}={}; Path=/; HttpOnly; SameSite=Strict{secure_attr}", name(secure), token.0.expose());
    headers.append(SET_COOKIE, header(v));
}

/// Removes the session cookie from the browser.
pub fn clear(headers: &mut HeaderMap, secure: bool) {
    let secure_attr = if secure { "; Secure" } else { "" };
    let v = format!("{}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{secure_attr}", name(secure));
    headers.append(SET_COOKIE, header(v));
}
