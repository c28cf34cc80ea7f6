//! One list of commands (`src-tauri/src/command_names.rs`, which build.rs declares to
//! Tauri's ACL) agrees with everything else that names them: the shell's handler, the
//! window's typed lists (`ui/src/ipc/index.ts`, `ui/src/portal/ipc.ts`), the command
//! layer's authorisation tables, and the capability files. A command added on one side
//! without the others fails here.

use std::collections::BTreeSet;
use trellis_app::command_names::{ADMIN_COMMANDS, PORTAL_COMMANDS};

fn set<'a>(names: impl IntoIterator<Item = &'a str>) -> BTreeSet<String> {
    names.into_iter().map(str::to_owned).collect()
}

fn ts_list(path: &str, start: &str) -> BTreeSet<String> {
    let text = std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let from = text.find(start).unwrap_or_else(|| panic!("{start} in {path}"));
    let to = from + text[from..].find("] as const").expect("end of the list");
    set(text[from..to].split('"').skip(1).step_by(2))
}

fn capability(name: &str) -> (BTreeSet<String>, Vec<String>) {
    let path = format!("{}/src-tauri/capabilities/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let permissions = json["permissions"].as_array().unwrap().iter().map(|p| p.as_str().unwrap().to_owned());
    let windows = json["windows"].as_array().unwrap().iter().map(|w| w.as_str().unwrap().to_owned()).collect();
    (permissions.collect(), windows)
}

#[test]
fn the_handler_serves_exactly_the_declared_commands() {
    let declared = set(ADMIN_COMMANDS.iter().chain(PORTAL_COMMANDS).copied());
    assert_eq!(declared.len(), ADMIN_COMMANDS.len() + PORTAL_COMMANDS.len(), "a command is listed twice");
    assert_eq!(set(trellis_app::commands::NAMES.iter().copied()), declared);
}

#[test]
fn each_window_declares_the_commands_of_its_list() {
    assert_eq!(ts_list("ui/src/ipc/index.ts", "export const COMMANDS = ["), set(ADMIN_COMMANDS.iter().copied()));
    assert_eq!(
        ts_list("ui/src/portal/ipc.ts", "export const PORTAL_COMMANDS = ["),
        set(PORTAL_COMMANDS.iter().copied())
    );
}

/// SEC-1: a command the window can call but the authorisation table does not list (and so
/// `authorization.rs` never checks) fails here.
#[test]
fn every_command_has_an_authorisation_entry() {
    assert_eq!(set(trellis_commands::authz::COMMANDS.iter().map(|(n, _)| *n)), set(ADMIN_COMMANDS.iter().copied()));
    assert_eq!(set(trellis_commands::authz::PORTAL_COMMANDS.iter().copied()), set(PORTAL_COMMANDS.iter().copied()));
}

/// PREV-3: the main window is granted the admin commands, preview windows the portal
/// commands, and nothing else (no core defaults for a preview).
#[test]
fn capabilities_grant_each_window_its_own_list() {
    let allow = |names: &[&str]| {
        set(names
            .iter()
            .map(|n| format!("allow-{}", n.replace('_', "-")))
            .collect::<Vec<_>>()
            .iter()
            .map(String::as_str))
    };
    let (main, main_windows) = capability("main");
    let mut expected = allow(ADMIN_COMMANDS);
    expected.insert("core:default".into());
    assert_eq!(main, expected);
    assert_eq!(main_windows, ["main"]);
    let (preview, preview_windows) = capability("preview");
    assert_eq!(preview, allow(PORTAL_COMMANDS));
    assert_eq!(preview_windows, [format!("{}*", trellis_commands::PREVIEW_LABEL_PREFIX)]);
}
