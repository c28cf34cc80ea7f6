//! How the app is launched with a trellis:// link (issue 19), tested without building the
//! app: the one-app-per-workspace-file claim (its module has no Tauri in it), the .deb's
//! desktop entry, and the development build's registration. The window test `deep_link`
//! drives the real thing.
#[path = "../src-tauri/src/single_instance.rs"]
#[allow(dead_code)] // the shell reads what the tests do not
mod single_instance;

use std::path::Path;
use std::process::Command;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The entry the .deb installs passes the link (`%u`; Tauri's default entry does not) and
/// claims the scheme.
#[test]
fn the_installed_desktop_entry_passes_the_link() {
    let conf: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(Path::new(ROOT).join("tauri.conf.json")).unwrap()).unwrap();
    let template = conf["bundle"]["linux"]["deb"]["desktopTemplate"].as_str().expect("a desktop template");
    let entry = std::fs::read_to_string(Path::new(ROOT).join(template)).unwrap();
    let exec = entry.lines().find(|l| l.starts_with("Exec=")).expect("an Exec line");
    assert_eq!(exec, "Exec={{exec}} %u");
    assert!(entry.lines().any(|l| l == "MimeType=x-scheme-handler/trellis;"), "{entry}");
}

/// `scripts/launch.sh` registers a development build: its entry runs this build on this
/// workspace file with the link, and the desktop's default for trellis:// is it.
#[test]
fn a_development_build_registers_itself_for_links() {
    let home = tempfile::tempdir().unwrap();
    let exe = home.path().join("my build/trellis-app");
    std::fs::create_dir_all(exe.parent().unwrap()).unwrap();
    std::fs::write(&exe, "").unwrap();
    let db = home.path().join("work.db");
    let run = Command::new("bash")
        .arg(Path::new(ROOT).join("scripts/register-links.sh"))
        .args([&exe, &db])
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let entry = std::fs::read_to_string(home.path().join("data/applications/trellis-dev.desktop")).unwrap();
    let exe = std::fs::canonicalize(&exe).unwrap();
    let db = std::fs::canonicalize(db.parent().unwrap()).unwrap().join("work.db");
    let expected = format!("Exec=env \"TRELLIS_DB={}\" \"{}\" %u", db.display(), exe.display());
    assert!(entry.lines().any(|l| l == expected), "{expected}\nin\n{entry}");
    assert!(entry.lines().any(|l| l == "MimeType=x-scheme-handler/trellis;"), "{entry}");
    if which("xdg-mime") {
        let query = Command::new("xdg-mime")
            .args(["query", "default", "x-scheme-handler/trellis"])
            .env("HOME", home.path())
            .env("XDG_DATA_HOME", home.path().join("data"))
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .output()
            .unwrap();
        assert_eq!(String::from_utf8_lossy(&query.stdout).trim(), "trellis-dev.desktop");
    }
}

fn which(program: &str) -> bool {
    Command::new("sh").args(["-c", &format!("command -v {program}")]).output().is_ok_and(|o| o.status.success())
}
