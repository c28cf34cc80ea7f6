//! `trellis://` links (issue 19): what an email's link asks the running app to open. Read
//! strictly: one kind of link, one parameter, the characters an invitation code has;
//! anything else is refused and the app opens nothing.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub const LINK_SCHEME: &str = "trellis";
/// Longer than any code Trellis issues (23 characters), short enough to refuse junk early.
const MAX_CODE: usize = 64;

/// A link the app was asked to open, for the window to act on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DeepLink {
    /// `trellis://accept?code=…`: the invitee's *Accept an invitation*, the code filled in.
    Accept { code: String },
    /// `trellis://reset?code=…`: a member's *Set a new password*, from the reset link an
    /// administrator had emailed to them.
    Reset { code: String },
}

impl DeepLink {
    /// The link an invitation email carries for `code`.
    pub fn accept_url(code: &str) -> String {
        format!("{LINK_SCHEME}://accept?code={code}")
    }

    /// The link a member's reset email carries for `code`.
    pub fn reset_url(code: &str) -> String {
        format!("{LINK_SCHEME}://reset?code={code}")
    }

    /// Reads a `trellis://` link; the error says what is wrong (never echoing the code).
    pub fn parse(url: &str) -> Result<DeepLink, &'static str> {
        let rest = url
            .get(..LINK_SCHEME.len() + 3)
            .filter(|head| head.eq_ignore_ascii_case("trellis://"))
            .map(|_| &url[LINK_SCHEME.len() + 3..])
            .ok_or("not a trellis:// link")?;
        let (target, query) = rest.split_once('?').unwrap_or((rest, ""));
        // Browsers and mail clients may add a slash after the host: "accept/".
        let target = target.trim_end_matches('/');
        let reset = target.eq_ignore_ascii_case("reset");
        if !reset && !target.eq_ignore_ascii_case("accept") {
            return Err("Trellis opens only invitation and reset links (trellis://accept, trellis://reset)");
        }
        let mut code = None;
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            match pair.split_once('=') {
                Some(("code", value)) if code.is_none() => code = Some(value),
                _ => return Err("an invitation link carries its code and nothing else"),
            }
        }
        let code = code.ok_or("the link has no invitation code")?;
        let valid =
            !code.is_empty() && code.len() <= MAX_CODE && code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        if !valid {
            return Err("the link's invitation code is malformed");
        }
        let code = code.to_owned();
        Ok(if reset { DeepLink::Reset { code } } else { DeepLink::Accept { code } })
    }
}

#[cfg(test)]
mod tests {
    use super::DeepLink;

    fn accept(code: &str) -> Result<DeepLink, &'static str> {
        Ok(DeepLink::Accept { code: code.into() })
    }

    #[test]
    fn reads_the_link_an_invitation_carries() {
        let url = DeepLink::accept_url("ABCDE-FGHJK-LMNPQ-RSTUV");
        assert_eq!(DeepLink::parse(&url), accept("ABCDE-FGHJK-LMNPQ-RSTUV"));
        assert_eq!(DeepLink::parse("TRELLIS://Accept/?code=ab12"), accept("ab12"));
        let reset = DeepLink::reset_url("ZYXWV-12345");
        assert_eq!(DeepLink::parse(&reset), Ok(DeepLink::Reset { code: "ZYXWV-12345".into() }));
    }

    #[test]
    fn refuses_anything_else_without_echoing_it() {
        for url in [
            "",
            "trellis:",
            "https://accept?code=ABC",
            "trellis://settings?code=ABC",
            "trellis://accept",
            "trellis://accept?code=",
            "trellis://accept?code=ABC&code=DEF",
            "trellis://accept?code=ABC&next=https://evil.example",
            "trellis://accept?code=AB%0AC",
            "trellis://accept?code=<script>",
            "trellis://accept?code=ABC DEF",
            &format!("trellis://accept?code={}", "A".repeat(65)),
            "trellis://accept?token=ABC",
            "trellis://reset?code=AB%0AC",
            "trellis://resets?code=ABC",
            "trellis://ünïcode?code=A",
        ] {
            let err = DeepLink::parse(url).expect_err(url);
            assert!(!err.contains("ABC") && !err.contains("script"), "{url}: {err}");
        }
    }
}
