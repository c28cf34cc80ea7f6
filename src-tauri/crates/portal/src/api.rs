//! `POST /api/<command>`: the portal commands with the JSON the preview window sends
//! (`{"req": …}`), answered by the same command layer. The table below says what each
//! needs; a test walks it (PORT-3: a user who must change their password reaches only
//! the `Session` commands).

use crate::errors::Refused;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;
use trellis_commands::{PortalSignedIn, PortalUser, Trellis};
use trellis_core::RuleError;

/// What a command needs before it runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gate {
    /// Anyone: signing in.
    Public,
    /// A signed-in user, even one who must change their password first (PORT-3).
    Session,
    /// A signed-in user who has no password to change.
    Full,
}

/// Every command the server answers, and its gate.
pub const COMMANDS: &[(&str, Gate)] = &[
    ("portal_sign_in", Gate::Public),
    ("portal_invitation", Gate::Public),
    ("portal_accept_invitation", Gate::Public),
    ("portal_forgot_password", Gate::Public),
    ("portal_whoami", Gate::Session),
    ("portal_change_password", Gate::Session),
    ("portal_sign_out", Gate::Session),
    ("portal_sign_out_everywhere", Gate::Session),
    ("portal_session", Gate::Full),
    ("portal_home", Gate::Full),
    ("portal_home_arrange", Gate::Full),
    ("portal_records", Gate::Full),
    ("portal_record_create", Gate::Full),
    ("portal_record_update", Gate::Full),
    ("portal_items", Gate::Full),
    ("portal_my_access", Gate::Full),
    ("portal_users", Gate::Full),
    ("portal_user_add", Gate::Full),
    ("portal_user_set_roles", Gate::Full),
];

/// The server's own commands (signing in and out, PORT-1..PORT-4; the preview has none),
/// with their request and answer types as the UI sees them: `ui/src/gen/server_commands.ts`
/// is rendered from this (see the test below), so each is declared once, here.
#[cfg_attr(not(test), expect(dead_code, reason = "read by the test that generates the UI's types"))]
pub const SERVER_SIGNATURES: &[(&str, Option<&str>, &str)] = &[
    ("portal_sign_in", Some("PortalSignInRequest"), "PortalWhoami"),
    ("portal_invitation", Some("PortalInvitationRequest"), "PortalInvitee"),
    ("portal_accept_invitation", Some("PortalAcceptRequest"), "PortalWhoami"),
    ("portal_forgot_password", Some("PortalForgotRequest"), "PortalForgotAnswer"),
    ("portal_whoami", None, "PortalWhoami"),
    ("portal_change_password", Some("PortalChangePasswordRequest"), "PortalWhoami"),
    ("portal_sign_out", None, "()"),
    ("portal_sign_out_everywhere", None, "u64"),
];

/// The commands that change something: their change is pushed at once.
pub const WRITES: &[&str] =
    &["portal_record_create", "portal_record_update", "portal_user_add", "portal_user_set_roles"];

pub fn gate(command: &str) -> Option<Gate> {
    COMMANDS.iter().find(|(c, _)| *c == command).map(|(_, g)| *g)
}

/// PORT-3: what a user who must change their password is told on every other command.
pub fn must_change() -> RuleError {
    RuleError::new(trellis_core::ErrorCode::Session, Some("must_change"), "Change your password before you go on")
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Body<T> {
    req: T,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NoBody {}

/// The request as a command's type: malformed JSON, bad UTF-8, a wrong type or an
/// unknown field is refused naming the field, before anything runs.
pub fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, Refused> {
    let body = if body.iter().all(u8::is_ascii_whitespace) { b"{}".as_slice() } else { body };
    let de = &mut serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let inner = e.inner().to_string();
        let unknown = inner.strip_prefix("unknown field `").and_then(|r| r.split('`').next());
        let path = e.path().to_string();
        let field = match unknown {
            Some(f) => f.to_owned(),
            None => path.rsplit('.').next().filter(|s| !s.is_empty() && *s != "?").unwrap_or("req").to_owned(),
        };
        let message = match unknown {
            Some(f) => format!("The request has a field this command does not take: {f}"),
            None if e.inner().is_syntax() || e.inner().is_eof() => "The request is not valid JSON".to_owned(),
            None => format!("The request's {field} is not what this command takes: {inner}"),
        };
        Refused::from(RuleError::invalid(&field, message))
    })
}

fn json<T: serde::Serialize>(value: T) -> Result<Value, Refused> {
    serde_json::to_value(value).map_err(|e| {
        tracing::error!("portal: an answer did not serialize: {e}");
        Refused::from(RuleError::internal("The portal could not answer; nothing was changed"))
    })
}

/// Runs a `Full` or `Session` command (not sign-in or sign-out, which touch the cookie)
/// for the signed-in user.
pub async fn run(t: &Trellis, command: &str, who: PortalSignedIn, body: &[u8]) -> Result<Value, Refused> {
    let user = PortalUser::SignedIn(who.contact);
    macro_rules! bare {
        ($f:ident) => {{
            parse::<NoBody>(body)?;
            json(t.$f(user).await?)
        }};
    }
    macro_rules! with {
        ($f:ident) => {{
            let req = parse::<Body<_>>(body)?.req;
            json(t.$f(user, req).await?)
        }};
    }
    match command {
        "portal_whoami" => {
            parse::<NoBody>(body)?;
            json(t.portal_whoami(who).await?)
        }
        "portal_sign_out_everywhere" => {
            parse::<NoBody>(body)?;
            json(t.portal_sign_out_everywhere(who).await?)
        }
        "portal_session" => bare!(portal_session),
        "portal_home" => bare!(portal_home),
        "portal_home_arrange" => with!(portal_home_arrange),
        "portal_records" => with!(portal_records),
        "portal_record_create" => with!(portal_record_create),
        "portal_record_update" => with!(portal_record_update),
        "portal_items" => bare!(portal_items),
        "portal_my_access" => bare!(portal_my_access),
        "portal_users" => bare!(portal_users),
        "portal_user_add" => with!(portal_user_add),
        "portal_user_set_roles" => with!(portal_user_set_roles),
        other => Err(Refused::from(RuleError::not_found("command", format!("No portal command {other}")))),
    }
}

/// The body of a command that takes a request.
pub fn request<T: DeserializeOwned>(body: &[u8]) -> Result<T, Refused> {
    parse::<Body<T>>(body).map(|b| b.req)
}

/// The body of a command that takes none.
pub fn no_request(body: &[u8]) -> Result<(), Refused> {
    parse::<NoBody>(body).map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names inside `export const NAME = [ … ]` of the page's generated command lists.
    fn ts_list(name: &str) -> Vec<String> {
        let file = if name == "SERVER_COMMANDS" { "server_commands" } else { "commands" };
        let path = format!("{}/../../../ui/src/gen/{file}.ts", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).expect("the generated command list");
        let start = text.find(&format!("export const {name} = [")).expect("the list") + name.len();
        let body = &text[start..start + text[start..].find("] as const").expect("its end")];
        body.split('"').skip(1).step_by(2).map(str::to_owned).collect()
    }

    /// The page can call exactly what the server answers (the preview-only `portal_end`
    /// aside), and every command the server answers has a gate.
    #[test]
    fn the_page_and_the_server_name_the_same_commands() {
        let mut page: Vec<String> = ts_list("PORTAL_COMMANDS").into_iter().filter(|c| c != "portal_end").collect();
        page.extend(ts_list("SERVER_COMMANDS"));
        page.sort();
        let mut served: Vec<String> = COMMANDS.iter().map(|(c, _)| (*c).to_owned()).collect();
        served.sort();
        assert_eq!(page, served);
        for w in WRITES {
            assert_eq!(gate(w), Some(Gate::Full), "{w}");
        }
    }

    #[test]
    fn a_bad_body_names_the_field_it_is_about() {
        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Q {
            kind: u32,
        }
        let field = |body: &[u8]| request::<Q>(body).unwrap_err().error.field.unwrap();
        assert_eq!(field(br#"{"req":{"kind":"x"}}"#), "kind");
        assert_eq!(field(br#"{"req":{"kind":1,"who":2}}"#), "who");
        assert_eq!(field(br#"{"req":{"kind":1},"as":2}"#), "as");
        assert_eq!(field(b"{"), "req");
        assert_eq!(field(b""), "req");
        assert!(no_request(b"").is_ok() && no_request(b"{}").is_ok());
    }
}

#[cfg(test)]
mod generated {
    use super::*;
    use trellis_core::wire::ts_commands::{render, Group};

    /// The server-only commands are exactly those a browser may call before it holds a full
    /// session; the UI's list and types of them are generated and committed (issue 22).
    #[test]
    fn server_commands_are_declared_once_and_generated_for_the_ui() {
        let served: Vec<&str> = COMMANDS.iter().filter(|(_, g)| *g != Gate::Full).map(|(c, _)| *c).collect();
        let declared: Vec<&str> = SERVER_SIGNATURES.iter().map(|(c, _, _)| *c).collect();
        assert_eq!(served, declared);
        let gen = format!("{}/../../../ui/src/gen", env!("CARGO_MANIFEST_DIR"));
        let group = Group {
            doc: "The portal server's own commands (signing in and out); the preview has none of them.",
            interface: "ServerCommands",
            list: "SERVER_COMMANDS",
            commands: SERVER_SIGNATURES.to_vec(),
        };
        let regenerate = "TRELLIS_WRITE_TS=1 cargo test -p trellis-portal --lib generated";
        let exists = |name: &str| std::path::Path::new(&format!("{gen}/{name}.ts")).exists();
        let text = render("src-tauri/crates/portal/src/api.rs", regenerate, &[group], exists).unwrap();
        let path = format!("{gen}/server_commands.ts");
        if std::env::var_os("TRELLIS_WRITE_TS").is_some() {
            std::fs::write(&path, &text).unwrap();
        }
        assert!(std::fs::read_to_string(&path).unwrap_or_default() == text, "{path} is stale: run {regenerate}");
    }
}
