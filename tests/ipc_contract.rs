//! The window's typed command list (`ui/src/ipc/index.ts`) and the shell's handler agree:
//! a command added on one side without the other fails here.

#[test]
fn ui_and_shell_declare_the_same_commands() {
    let ipc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/ui/src/ipc/index.ts")).unwrap();
    let start = ipc.find("export const COMMANDS = [").expect("COMMANDS list in ipc");
    let end = start + ipc[start..].find("] as const").expect("end of COMMANDS");
    let mut ui: Vec<&str> = ipc[start..end].split('"').skip(1).step_by(2).collect();
    let mut shell: Vec<&str> = trellis_app::commands::NAMES.to_vec();
    ui.sort_unstable();
    shell.sort_unstable();
    assert!(shell.len() >= 16);
    assert_eq!(ui, shell);
}

/// SEC-1: a command the window can call but the authorisation table does not list (and so
/// `authorization.rs` never checks) fails here.
#[test]
fn every_shell_command_has_an_authorisation_entry() {
    let mut table: Vec<&str> = trellis_commands::authz::COMMANDS.iter().map(|(n, _)| *n).collect();
    let mut shell: Vec<&str> = trellis_app::commands::NAMES.to_vec();
    table.sort_unstable();
    shell.sort_unstable();
    assert_eq!(shell, table);
}
