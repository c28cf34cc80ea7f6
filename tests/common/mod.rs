//! The app as its window-level tests need it: a demo workspace on a real SQLite file,
//! served by the app's own builder and context (its capabilities and the permissions
//! build.rs declares) on Tauri's mock runtime, and a way to call a command from a window.

use serde_json::Value;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{Manager, WebviewUrl, WebviewWindow, WebviewWindowBuilder};
use trellis_commands::Trellis;
use trellis_core::wire::DemoRequest;

pub struct MockApp {
    /// Keeps the database folder alive as long as the app.
    pub _dir: tempfile::TempDir,
    pub app: tauri::App<MockRuntime>,
    pub main: WebviewWindow<MockRuntime>,
}

/// A demo workspace of `members` members, signed in as its Owner, with the main window.
pub fn demo_app(members: u32) -> MockApp {
    let dir = tempfile::tempdir().unwrap();
    let trellis = tauri::async_runtime::block_on(async {
        let t = Trellis::open(&dir.path().join("trellis.db")).await.unwrap();
        t.workspace_create_demo(DemoRequest { members: Some(members) }).await.unwrap();
        t
    });
    let app = trellis_app::configure(mock_builder()).manage(trellis).build(tauri::generate_context!()).unwrap();
    let main = match app.get_webview_window("main") {
        Some(w) => w,
        None => WebviewWindowBuilder::new(&app, "main", WebviewUrl::default()).build().unwrap(),
    };
    MockApp { _dir: dir, app, main }
}

/// Calls `cmd` from window `w` as its page would (a local origin), through the ACL.
pub fn invoke(w: &WebviewWindow<MockRuntime>, cmd: &str, body: Value) -> Result<Value, Value> {
    let request = InvokeRequest {
        cmd: cmd.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: "tauri://localhost".parse().unwrap(),
        body: InvokeBody::Json(body),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    };
    get_ipc_response(w, request).map(|b| b.deserialize::<Value>().unwrap_or(Value::Null))
}
