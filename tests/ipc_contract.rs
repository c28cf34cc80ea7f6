//! One list of commands (`src-tauri/src/command_names.rs`, which build.rs declares to
//! Tauri's ACL) agrees with everything else that names them: the shell's handler, the
//! window's generated command map (`ui/src/gen/commands.ts`), the command layer's
//! authorisation tables, and the capability files. A command added on one side
//! without the others fails here.

use std::collections::BTreeSet;
use trellis_app::command_names::{ADMIN_COMMANDS, PORTAL_COMMANDS};

fn set<'a>(names: impl IntoIterator<Item = &'a str>) -> BTreeSet<String> {
    names.into_iter().map(str::to_owned).collect()
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

/// Issue 22: a command is declared once. The UI's lists and the request/answer type of each
/// command are generated from `commands.rs` into `ui/src/gen/commands.ts` (committed);
/// `TRELLIS_WRITE_TS=1 cargo test --test ipc_contract` rewrites it, and this fails on drift.
#[test]
fn the_ui_command_map_is_generated_from_the_rust_declarations() {
    use trellis_app::commands::SIGNATURES;
    use trellis_core::wire::ts_commands::{render, Group};
    let group = |names: &[&'static str], portal: bool| -> Vec<(&'static str, Option<&'static str>, &'static str)> {
        names
            .iter()
            .map(|n| {
                let s = SIGNATURES.iter().find(|s| s.name == *n && s.portal == portal);
                let s = s.unwrap_or_else(|| panic!("{n} has no signature in commands.rs"));
                (s.name, s.req, s.res)
            })
            .collect()
    };
    assert_eq!(SIGNATURES.len(), ADMIN_COMMANDS.len() + PORTAL_COMMANDS.len(), "a signature names no listed command");
    let gen = format!("{}/ui/src/gen", env!("CARGO_MANIFEST_DIR"));
    let groups = [
        Group {
            doc: "The administration window's commands (capabilities/main.json).",
            interface: "AdminCommands",
            list: "ADMIN_COMMANDS",
            commands: group(ADMIN_COMMANDS, false),
        },
        Group {
            doc: "PREV-3: the commands a preview window may call (capabilities/preview.json).",
            interface: "PortalCommands",
            list: "PORTAL_COMMANDS",
            commands: group(PORTAL_COMMANDS, true),
        },
    ];
    let exists = |name: &str| std::path::Path::new(&format!("{gen}/{name}.ts")).exists();
    let regenerate = "TRELLIS_WRITE_TS=1 cargo test --test ipc_contract";
    let text = render("src-tauri/src/commands.rs", regenerate, &groups, exists).unwrap();
    let path = format!("{gen}/commands.ts");
    if std::env::var_os("TRELLIS_WRITE_TS").is_some() {
        std::fs::write(&path, &text).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(committed == text, "ui/src/gen/commands.ts is stale: run {regenerate}");
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
