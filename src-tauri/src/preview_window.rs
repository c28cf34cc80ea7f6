//! PREV-3: the preview window. It shows `portal.html` (the portal feature area, which calls
//! only portal commands), navigates nowhere outside the app, opens no other window, has no
//! devtools, and keeps its web data in a directory of its own, removed when it closes.

use tauri::webview::NewWindowResponse;
use tauri::{Manager, Runtime, WebviewUrl, WebviewWindowBuilder};
use trellis_commands::PREVIEW_LABEL_PREFIX;
use trellis_core::wire::PreviewStarted;

pub fn is_preview(label: &str) -> bool {
    label.starts_with(PREVIEW_LABEL_PREFIX)
}

/// Pages of the app itself: the custom protocol (`tauri://localhost`, or
/// `http://tauri.localhost` where the platform needs it).
fn is_app_url(url: &tauri::Url) -> bool {
    url.scheme() == "tauri" || url.host_str() == Some("tauri.localhost")
}

fn data_dir<R: Runtime>(app: &tauri::AppHandle<R>, label: &str) -> Option<std::path::PathBuf> {
    app.path().app_local_data_dir().ok().map(|d| d.join("previews").join(label))
}

pub fn open<R: Runtime>(app: &tauri::AppHandle<R>, started: &PreviewStarted) -> tauri::Result<()> {
    let mut builder = WebviewWindowBuilder::new(app, &started.label, WebviewUrl::App("portal.html".into()))
        .title(&started.title)
        .inner_size(1180.0, 780.0)
        .min_inner_size(720.0, 520.0)
        .devtools(false)
        .on_navigation(is_app_url)
        .on_new_window(|_, _| NewWindowResponse::Deny);
    // WebKitGTK allows one automation context per process: under WebDriver (the end-to-end
    // tests) the preview shares the main window's web context so the driver can reach it.
    // Its ACL does not depend on this: capabilities bind to the window label.
    let automation = std::env::var("TAURI_WEBVIEW_AUTOMATION").as_deref() == Ok("true");
    if let Some(dir) = data_dir(app, &started.label).filter(|_| !automation) {
        builder = builder.data_directory(dir);
    }
    builder.build()?;
    Ok(())
}

/// Closes a preview's window (its session already ended).
pub fn close<R: Runtime>(app: &tauri::AppHandle<R>, label: &str) {
    if let Some(w) = app.get_webview_window(label) {
        if let Err(e) = w.close() {
            tracing::warn!("cannot close preview window {label}: {e}");
        }
    }
}

/// After a preview window is gone: its web data goes too.
pub fn forget<R: Runtime>(app: &tauri::AppHandle<R>, label: &str) {
    if let Some(dir) = data_dir(app, label) {
        let _ = std::fs::remove_dir_all(dir);
    }
}
