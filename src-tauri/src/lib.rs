//! The Tauri shell: opens the workspace database, registers the commands, opens and closes
//! preview windows, nothing more. Every command is a thin adapter over
//! `trellis_commands::Trellis` (see `commands.rs`).

pub mod command_names;
pub mod commands;
pub mod preview_window;
pub mod single_instance;
pub mod startup;

use std::path::PathBuf;
use tauri::{Manager, Runtime};
use trellis_commands::{PreviewEnd, Trellis};
use trellis_core::wire::DeepLink;

/// `TRELLIS_DB` overrides the database file (tests use a fresh one per run).
fn database_path(app: &tauri::App) -> PathBuf {
    if let Some(p) = std::env::var_os("TRELLIS_DB") {
        return PathBuf::from(p);
    }
    let dir = app.path().app_data_dir().unwrap_or_else(|_| PathBuf::from("."));
    dir.join("trellis.db")
}

/// The app as the tests build it too (with the mock runtime): its commands and what
/// happens when a window goes away. The database and the runtime are the caller's.
pub fn configure<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    with_window_events(builder.invoke_handler(commands::handler()))
}

fn with_window_events<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder.on_window_event(|window, event| {
        if !matches!(event, tauri::WindowEvent::Destroyed) {
            return;
        }
        let label = window.label().to_owned();
        let app = window.app_handle().clone();
        if preview_window::is_preview(&label) {
            // PREV-5: however a preview window goes, its end is audited (once).
            tauri::async_runtime::spawn(async move {
                if let Some(t) = app.try_state::<Trellis>() {
                    if let Err(e) = t.preview_end(&label, PreviewEnd::WindowClosed).await {
                        tracing::error!("cannot record the end of preview {label}: {}", e.message);
                    }
                }
                preview_window::forget(&app, &label);
            });
        } else if label == "main" {
            // Closing the administration window quits Trellis; open previews end with it.
            app.exit(0);
        }
    })
}

pub fn run() {
    startup::mark_launch();
    let filter = tracing_subscriber::EnvFilter::try_from_env("TRELLIS_LOG").unwrap_or_else(|_| "warn".into());
    // TRELLIS_LOG_FILE: the log goes to that file instead of stderr (the window tests keep
    // it next to their screenshots: WebDriver swallows the app's stderr).
    let file = std::env::var_os("TRELLIS_LOG_FILE")
        .and_then(|p| std::fs::OpenOptions::new().create(true).append(true).open(p).ok());
    match file {
        Some(file) => tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_ansi(false)
            .with_writer(std::sync::Mutex::new(file))
            .init(),
        None => tracing_subscriber::fmt().with_env_filter(filter).init(),
    }
    // A second launch on the same workspace file (a trellis:// link from an email, or
    // Trellis started again) hands its link to the running app and ends here.
    let (link, listener) = match claim_workspace() {
        Some(claimed) => claimed,
        None => return,
    };
    // Tauri creates the window before setup runs. The workspace opens on its own thread
    // (the state load: ~0.2–0.5 s at 100,000 members) while the web view loads the page;
    // the window's calls wait at the gate until it is open.
    let gate = startup::Gate::new(commands::handler());
    let serve = gate.clone();
    let app = with_window_events(tauri::Builder::default().invoke_handler(move |invoke| serve.invoke(invoke)))
        .setup(move |app| {
            let path = database_path(app);
            tracing::info!("opening workspace database {}", path.display());
            let handle = app.handle().clone();
            std::thread::spawn(move || match tauri::async_runtime::block_on(Trellis::open(&path)) {
                Ok(trellis) => {
                    if let Some(link) = link {
                        trellis.offer_link(link);
                    }
                    handle.manage(trellis);
                    gate.open();
                    if let Some(listener) = listener {
                        let app = handle.clone();
                        single_instance::serve(listener, move |message| second_launch(&app, &message));
                    }
                    spawn_background_sync(handle.clone());
                    spawn_mail_delivery(handle.clone());
                    spawn_preview_sweep(handle);
                }
                Err(e) => {
                    let why = format!("cannot open the workspace database {}: {}", path.display(), e.message);
                    tracing::error!("{why}");
                    eprintln!("Trellis: {why}");
                    // REL-2: what a manager can do about a damaged file.
                    eprintln!(
                        "If the file is damaged: `trellis --db NEW.db restore BACKUP` restores a backup, and a desktop \
                         following a shared workspace rejoins keeping its unsent changes with \
                         `trellis --db NEW.db sync rescue {} URL`.",
                        path.display()
                    );
                    handle.exit(1);
                }
            });
            Ok(())
        })
        .build(tauri::generate_context!())
        .expect("error while building Trellis");
    app.run(|app, event| {
        if let tauri::RunEvent::Exit = event {
            if let Some(t) = app.try_state::<Trellis>() {
                if let Err(e) = tauri::async_runtime::block_on(t.preview_end_all(PreviewEnd::AppClosed)) {
                    tracing::error!("cannot record the end of open previews: {}", e.message);
                }
                // Members changed in bulk reach their table before the process ends
                // (committed already: the next start would overlay them otherwise).
                if let Err(e) = tauri::async_runtime::block_on(t.store().settle()) {
                    tracing::warn!("member backlog left for the next start: {e}");
                }
            }
        }
    });
}

/// The event that tells the window a link waits (`app_take_link`).
pub const LINK_EVENT: &str = "trellis:link-offered";

/// The link this launch was given (the desktop passes it as the one argument), and this
/// process's claim on its workspace file; `None` when another app on the file took over.
fn claim_workspace() -> Option<(Option<DeepLink>, Option<std::os::unix::net::UnixListener>)> {
    let given = std::env::args().skip(1).find(|a| a.get(..8).is_some_and(|head| head.eq_ignore_ascii_case("trellis:")));
    let link = given.as_deref().and_then(|url| match DeepLink::parse(url) {
        Ok(link) => Some(link),
        Err(why) => {
            tracing::warn!("not opening the link given at launch: {why}");
            None
        }
    });
    let message = single_instance::message(link.as_ref().and(given.as_deref()));
    // The running app answers once its workspace is open (well under a second).
    match single_instance::claim(&instance_key(), &message, std::time::Duration::from_secs(30)) {
        single_instance::Claim::HandedOver => {
            tracing::info!("Trellis already runs on this workspace: handed over to it");
            None
        }
        single_instance::Claim::First(listener) => Some((link, Some(listener))),
        single_instance::Claim::Alone(why) => {
            tracing::warn!("a second launch will not reach this one: {why}");
            Some((link, None))
        }
    }
}

/// Which workspace file this launch opens, as a name for its claim.
fn instance_key() -> String {
    match std::env::var_os("TRELLIS_DB") {
        Some(p) => {
            let p = PathBuf::from(p);
            let p = std::fs::canonicalize(&p).unwrap_or_else(|_| std::env::current_dir().unwrap_or_default().join(p));
            p.to_string_lossy().into_owned()
        }
        None => "default".into(),
    }
}

/// Another launch on this workspace: its link (if any) waits for the window, which comes
/// to the front and is told to take it.
fn second_launch(app: &tauri::AppHandle, message: &str) {
    use tauri::Emitter;
    let offered = single_instance::link_of(message).and_then(|url| match DeepLink::parse(url) {
        Ok(link) => Some(link),
        Err(why) => {
            tracing::warn!("not opening a link from another launch: {why}");
            None
        }
    });
    let Some(window) = app.get_webview_window("main") else { return };
    let _ = window.unminimize();
    let _ = window.show();
    let _ = window.set_focus();
    if let Some(link) = offered {
        app.state::<Trellis>().offer_link(link);
        if let Err(e) = window.emit(LINK_EVENT, ()) {
            tracing::warn!("cannot tell the window about the link: {e}");
        }
    }
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

/// MAIL-2: a desktop that holds the workspace's sending secrets delivers the outbox — at
/// once when a message is queued, every 15 s otherwise (retries fall due).
fn spawn_mail_delivery(app: tauri::AppHandle) {
    tauri::async_runtime::spawn(async move {
        loop {
            let trellis = app.state::<Trellis>();
            trellis.mail_watch(std::time::Duration::from_secs(15)).await;
        }
    });
}

/// PREV-5: previews whose time is up end (audited); any preview window whose session
/// ended — time, sign-out, a lost permission, "End preview" — closes; and a preview whose
/// window is gone without a `Destroyed` event (a webview closed under it) ends too.
///
/// A preview's session starts before its window is built, which can take seconds under
/// load: only previews whose window was built count (counting them all, and even waiting
/// for two sightings, closed previews as they showed), and a window missing at two sweeps
/// in a row is gone.
fn spawn_preview_sweep(app: tauri::AppHandle) {
    tauri::async_runtime::spawn(async move {
        let mut missing_before: std::collections::HashSet<String> = std::collections::HashSet::new();
        loop {
            tokio::time::sleep(std::time::Duration::from_secs(2)).await;
            let trellis = app.state::<Trellis>();
            if let Err(e) = trellis.preview_sweep().await {
                tracing::error!("preview sweep: {}", e.message);
            }
            let windows = app.webview_windows();
            for label in windows.keys() {
                if preview_window::is_preview(label) && !trellis.preview_is_open(label) {
                    // Said in the log: a window closing under the person is worth explaining.
                    tracing::warn!("closing preview window {label}: its preview has ended");
                    preview_window::close(&app, label);
                }
            }
            let missing: std::collections::HashSet<String> =
                trellis.preview_labels_with_windows().into_iter().filter(|l| !windows.contains_key(l)).collect();
            for label in missing.intersection(&missing_before) {
                tracing::warn!("ending preview {label}: its window was missing at two sweeps");
                if let Err(e) = trellis.preview_end(label, PreviewEnd::WindowClosed).await {
                    tracing::error!("cannot record the end of preview {label}: {}", e.message);
                }
            }
            missing_before = missing;
        }
    });
}
