//! Messages from templates (minijinja): a plain-text and an HTML part from the same
//! context, the HTML one escaped by the engine (templates named `*.html`), never by hand.

use minijinja::Environment;
use std::sync::OnceLock;
use trellis_core::mail::MailKind;

/// A message's words: subject, plain text, HTML.
#[derive(Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

impl std::fmt::Debug for Rendered {
    // The parts may carry a code: never in a log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Rendered({:?})", self.subject)
    }
}

const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("button.html", include_str!("../templates/button.html")),
    ("member_invitation.txt", include_str!("../templates/member_invitation.txt")),
    ("member_invitation.html", include_str!("../templates/member_invitation.html")),
    ("partner_access.txt", include_str!("../templates/partner_access.txt")),
    ("partner_access.html", include_str!("../templates/partner_access.html")),
    ("password_reset.txt", include_str!("../templates/password_reset.txt")),
    ("password_reset.html", include_str!("../templates/password_reset.html")),
    ("password_changed.txt", include_str!("../templates/password_changed.txt")),
    ("password_changed.html", include_str!("../templates/password_changed.html")),
    ("test.txt", include_str!("../templates/test.txt")),
    ("test.html", include_str!("../templates/test.html")),
    ("legacy.txt", include_str!("../templates/legacy.txt")),
    ("legacy.html", include_str!("../templates/legacy.html")),
    ("review_reminder.txt", include_str!("../templates/review_reminder.txt")),
    ("review_reminder.html", include_str!("../templates/review_reminder.html")),
    ("member_reset.txt", include_str!("../templates/member_reset.txt")),
    ("member_reset.html", include_str!("../templates/member_reset.html")),
];

fn environment() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        // Auto-escaping follows the name: `.html` escaped, `.txt` as is.
        for (name, source) in TEMPLATES {
            env.add_template(name, source).expect("the mail templates parse (a test renders each)");
        }
        env
    })
}

/// The subject line for `kind` (plain text; the header encoding is lettre's).
pub fn subject(kind: MailKind, workspace: &str) -> String {
    let s = match kind {
        MailKind::MemberInvitation => format!("Your invitation to {workspace} in Trellis"),
        MailKind::PartnerAccess => format!("Your {workspace} partner portal access"),
        MailKind::PasswordReset => format!("Reset your {workspace} partner portal password"),
        MailKind::PasswordChanged => format!("Your {workspace} password was changed"),
        MailKind::MemberReset => format!("Reset your Trellis password for {workspace}"),
        MailKind::Test => format!("Trellis test message for {workspace}"),
        MailKind::Legacy => format!("A message from {workspace}"),
        MailKind::ReviewReminder => format!("An access review in {workspace} waits for your decisions"),
    };
    one_line(&s)
}

/// Control characters out of a header value (defence in depth: names are checked when
/// saved, and lettre encodes headers).
pub fn one_line(s: &str) -> String {
    s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

#[derive(Debug, thiserror::Error)]
#[error("the {kind} template failed: {reason}")]
pub struct RenderError {
    kind: &'static str,
    reason: String,
}

/// Renders `kind` with `context` (a JSON object: workspace, name, link, code, …).
pub fn render(kind: MailKind, context: &serde_json::Value) -> Result<Rendered, RenderError> {
    let env = environment();
    let workspace = context.get("workspace").and_then(|w| w.as_str()).unwrap_or_default();
    let err = |e: minijinja::Error| RenderError { kind: kind.as_str(), reason: e.to_string() };
    let name = kind.as_str();
    let context = minijinja::Value::from(minijinja::value::Serde(context));
    let text = env.get_template(&format!("{name}.txt")).and_then(|t| t.render(&context)).map_err(err)?;
    let html = env.get_template(&format!("{name}.html")).and_then(|t| t.render(&context)).map_err(err)?;
    Ok(Rendered { subject: subject(kind, workspace), text, html })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn context() -> serde_json::Value {
        json!({
            "workspace": "Contoso <Partners>",
            "name": "Nina <script>alert(1)</script>",
            "account": "Fabrikam",
            "email": "nina@fabrikam.example",
            "link": "https://partners.example.com/accept#code=AB12-CD34",
            "code": "AB12-CD34",
            "expires": "9 December 2026",
            "when": "2 December 2026 at 21:00 UTC",
            "from": "partners@contoso.example",
            "body": "Hello <b>Nina</b>",
        })
    }

    #[test]
    fn every_template_renders_and_html_is_escaped_by_the_engine() {
        for kind in MailKind::ALL {
            let r = render(kind, &context()).unwrap();
            assert!(!r.subject.is_empty());
            assert!(!r.html.contains("<script>"), "{kind:?}: {}", r.html);
            if kind != MailKind::Legacy {
                assert!(r.text.contains("Nina <script>"), "plain text stays as written: {kind:?}");
                assert!(r.html.contains("Nina &lt;script&gt;"), "{kind:?}");
            }
        }
    }

    #[test]
    fn links_and_codes_reach_the_words() {
        let r = render(MailKind::PartnerAccess, &context()).unwrap();
        assert!(r.text.contains("https://partners.example.com/accept#code=AB12-CD34"));
        // The engine escapes "/" too (as &#x2f;), which a browser reads back in an href.
        assert!(r.html.contains("partners.example.com&#x2f;accept#code=AB12-CD34\""), "{}", r.html);
        let mut no_link = context();
        no_link["link"] = serde_json::Value::Null;
        let r = render(MailKind::PartnerAccess, &no_link).unwrap();
        assert!(r.text.contains("AB12-CD34") && !r.text.contains("https://"));
        no_link["code"] = serde_json::Value::Null;
        let r = render(MailKind::PartnerAccess, &no_link).unwrap();
        assert!(r.text.contains("sends you the link") && !r.text.contains("none"), "{}", r.text);
        let r = render(MailKind::MemberInvitation, &context()).unwrap();
        assert!(r.text.contains("AB12-CD34") && r.text.contains("Contoso <Partners>"));
    }

    #[test]
    fn subjects_have_no_line_breaks() {
        let s = subject(MailKind::Test, "Contoso\r\nBcc: everyone@example.com");
        assert!(!s.contains('\r') && !s.contains('\n'));
    }
}
