//! The Tauri shell: opens the workspace database, registers the commands, nothing more.
//! Every command is a thin adapter over `trellis_commands::Trellis` (see `commands.rs`).

pub mod commands;

use std::path::PathBuf;
use tauri::Manager;
use trellis_commands::Trellis;

/// `TRELLIS_DB` overrides the database file (tests use a fresh one per run).
fn database_path(app: &tauri::App) -> PathBuf {
    if let Some(p) = std::env::var_os("TRELLIS_DB") {
        return PathBuf::from(p);
    }
    let dir = app.path().app_data_dir().unwrap_or_else(|_| PathBuf::from("."));
    dir.join("trellis.db")
}

pub fn run() {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_env("TRELLIS_LOG").unwrap_or_else(|_| "warn".into()))
        .init();
    tauri::Builder::default()
        .setup(|app| {
            let path = database_path(app);
            tracing::info!("opening workspace database {}", path.display());
            let trellis = tauri::async_runtime::block_on(Trellis::open(&path))
                .map_err(|e| format!("cannot open the workspace database {}: {}", path.display(), e.message))?;
            app.manage(trellis);
            spawn_background_sync(app.handle().clone());
            Ok(())
        })
        .invoke_handler(commands::handler())
        .run(tauri::generate_context!())
        .expect("error while running Trellis");
}

/// SYNC-1: while the app runs, a file that follows a shared workspace pushes and pulls in
/// the background — at once on another desktop's poke, every few seconds otherwise.
fn spawn_background_sync(app: tauri::AppHandle) {
    let poll = std::env::var("TRELLIS_SYNC_POLL_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map_or(std::time::Duration::from_secs(10), std::time::Duration::from_millis);
    tauri::async_runtime::spawn(async move {
        let mut poke = None;
        loop {
            let trellis = app.state::<Trellis>();
            trellis.sync_watch(&mut poke, poll).await;
        }
    });
}
