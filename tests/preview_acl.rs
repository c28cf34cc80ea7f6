//! PREV-3 against Tauri's real ACL: the app's own context (its capabilities and the
//! permissions build.rs declares) on the mock runtime. The main window cannot reach portal
//! commands; a preview window reaches nothing but them; a portal command acts as the
//! preview's partner user whatever the request says, and only while the preview lasts.

mod common;

use common::{demo_app, MockApp as Fixture};
use serde_json::{json, Value};
use tauri::test::MockRuntime;
use tauri::{Manager, WebviewUrl, WebviewWindow, WebviewWindowBuilder};
use trellis_commands::Trellis;
use trellis_core::{ContactId, Person};

fn fixture() -> Fixture {
    demo_app(12)
}

/// A refusal as the text the page would see.
fn invoke(w: &WebviewWindow<MockRuntime>, cmd: &str, body: Value) -> Result<Value, String> {
    common::invoke(w, cmd, body).map_err(|e| e.to_string())
}

fn trellis(f: &Fixture) -> tauri::State<'_, Trellis> {
    f.app.state::<Trellis>()
}

fn contact(f: &Fixture, email: &str) -> ContactId {
    let state = tauri::async_runtime::block_on(trellis(f).snapshot());
    state.contact_by_email(email).unwrap_or_else(|| panic!("demo has {email}")).id
}

/// Opens a preview from the main window, as the UI does; returns its window.
fn open_preview(f: &Fixture, email: &str) -> WebviewWindow<MockRuntime> {
    let req =
        json!({ "req": { "contact_id": contact(f, email).to_string(), "reason": "Ticket 4711: cannot see leads" } });
    let started = invoke(&f.main, "preview_start", req).expect("main may open a preview");
    let label = started["label"].as_str().unwrap().to_owned();
    assert!(label.starts_with("preview-"));
    f.app.get_webview_window(&label).expect("the shell opened the preview window")
}

#[test]
fn a_preview_window_reaches_no_admin_command() {
    let f = fixture();
    let preview = open_preview(&f, "lena.vogel@contoso.example");
    assert!(invoke(&preview, "portal_session", json!({})).is_ok(), "the preview's own commands work");
    for (cmd, body) in [
        ("member_list", json!({ "req": {} })),
        ("session_info", json!({})),
        ("partner_set_password", json!({ "req": { "contact_id": "x" } })),
        ("preview_start", json!({ "req": { "contact_id": "x", "reason": "nested" } })),
        ("sync_connect", json!({ "req": {} })),
        ("audit_export", json!({ "req": {} })),
        ("plugin:event|emit", json!({ "event": "x", "payload": null })),
        ("plugin:webview|create_webview_window", json!({})),
    ] {
        let err = invoke(&preview, cmd, body).expect_err(cmd);
        assert!(err.contains("not allowed"), "{cmd} from a preview: {err}");
    }
}

#[test]
fn the_main_window_reaches_no_portal_command() {
    let f = fixture();
    let _preview = open_preview(&f, "lena.vogel@contoso.example");
    for cmd in trellis_app::command_names::PORTAL_COMMANDS {
        let err = invoke(&f.main, cmd, json!({ "req": {} })).expect_err(cmd);
        assert!(err.contains("not allowed"), "{cmd} from main: {err}");
    }
    assert!(invoke(&f.main, "session_info", json!({})).is_ok(), "main's own commands work");
}

#[test]
fn a_portal_command_needs_a_live_preview_bound_to_its_window() {
    let f = fixture();
    // A window that merely has a preview-like label, but no session.
    let stray = WebviewWindowBuilder::new(&f.app, "preview-forged", WebviewUrl::default()).build().unwrap();
    let err = invoke(&stray, "portal_session", json!({})).unwrap_err();
    assert!(err.contains("preview has ended"), "{err}");

    let preview = open_preview(&f, "lena.vogel@contoso.example");
    let session = invoke(&preview, "portal_session", json!({})).unwrap();
    assert_eq!(session["user_email"], "lena.vogel@contoso.example");
    invoke(&preview, "portal_end", json!({})).unwrap();
    let err = invoke(&preview, "portal_home", json!({})).unwrap_err();
    assert!(err.contains("preview has ended"), "{err}");
}

#[test]
fn a_partner_id_slipped_into_a_request_changes_nothing_about_who_acts() {
    let f = fixture();
    let marcus = contact(&f, "marcus.hale@contoso.example");
    let priya = contact(&f, "priya.raman@contoso.example");
    let preview = open_preview(&f, "marcus.hale@contoso.example");
    // Marcus may create opportunities; the request names Priya, the Global admin, every way
    // a page could try.
    let body = json!({ "req": {
        "kind": "opportunity", "name": "Slipped", "owner": { "kind": "contact", "id": priya.to_string() },
        "contact_id": priya.to_string(), "as_contact_id": priya.to_string(),
    }, "contact_id": priya.to_string(), "label": "preview-other" });
    // Portal requests take no field they do not know (issue 18): refused, nothing made.
    let err = invoke(&preview, "portal_record_create", body).unwrap_err();
    assert!(err.contains("unknown field"), "{err}");
    let before = tauri::async_runtime::block_on(trellis(&f).snapshot());
    assert!(before.records().all(|r| r.name != "Slipped"));
    // Around the request, the same ids change nothing about who acts.
    let body = json!({ "req": { "kind": "opportunity", "name": "Slipped" },
        "contact_id": priya.to_string(), "label": "preview-other" });
    let row = invoke(&preview, "portal_record_create", body).expect("Marcus creates his own opportunity");
    assert_eq!(row["owner"].as_str().unwrap(), "Marcus Hale (Contoso Networks)");
    let state = tauri::async_runtime::block_on(trellis(&f).snapshot());
    let made = state.records().find(|r| r.name == "Slipped").unwrap();
    assert_eq!(made.owner, Person::Contact(marcus));
    // Marcus is no user admin: naming the Global admin does not make her one.
    let err = invoke(&preview, "portal_users", json!({ "as_contact_id": priya.to_string() })).unwrap_err();
    assert!(err.contains("Global admin or User management admin"), "{err}");
}
