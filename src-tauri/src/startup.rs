//! The first screen's report: how long start-up took and how much memory the app holds,
//! read by `trellis bench` (which launches the app with `EXIT_AFTER_FIRST_SCREEN` set).

use std::sync::OnceLock;
use std::time::Instant;
use trellis_commands::Loaded;

pub const EXIT_AFTER_FIRST_SCREEN: &str = "TRELLIS_EXIT_AFTER_FIRST_SCREEN";

static LAUNCHED: OnceLock<Instant> = OnceLock::new();

/// Called first thing in `run`.
pub fn mark_launch() {
    LAUNCHED.get_or_init(Instant::now);
}

/// A line of `key=value` pairs (the bench parses it): time from `run` to the first screen,
/// the state load, the members, this process's resident memory and its web content
/// processes' (WebKit runs the page in child processes).
pub fn report(loaded: &Loaded) -> String {
    let since_launch = LAUNCHED.get().map_or(0.0, |t| t.elapsed().as_secs_f64() * 1000.0);
    let me = std::process::id();
    format!(
        "trellis-first-screen ms={since_launch:.0} state_load_ms={:.1} members={} rss_kib={} children_rss_kib={}",
        loaded.state_load.as_secs_f64() * 1000.0,
        loaded.members,
        rss_kib(me).unwrap_or(0),
        children(me).iter().filter_map(|pid| rss_kib(*pid)).sum::<u64>()
    )
}

/// VmRSS of a process, from /proc (Linux).
pub fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Processes whose parent is `pid`.
fn children(pid: u32) -> Vec<u32> {
    let Ok(dir) = std::fs::read_dir("/proc") else { return Vec::new() };
    dir.filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|child| {
            let stat = std::fs::read_to_string(format!("/proc/{child}/stat")).unwrap_or_default();
            // "pid (comm) state ppid …": comm may hold spaces, so read after the last ')'.
            let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
            after.split_whitespace().nth(1).and_then(|p| p.parse::<u32>().ok()) == Some(pid)
        })
        .collect()
}

/// Holds the window's calls until the workspace is open, so the window need not wait for
/// it: Tauri builds the window and the web view loads the page while the state loads
/// (0.2–0.5 s at 100,000 members), and the first calls are answered once it is there.
pub struct Gate<R: tauri::Runtime> {
    waiting: std::sync::Mutex<Option<Vec<tauri::ipc::Invoke<R>>>>,
    handler: Box<dyn Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync>,
}

impl<R: tauri::Runtime> Gate<R> {
    pub fn new(handler: impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static) -> std::sync::Arc<Self> {
        std::sync::Arc::new(Gate { waiting: std::sync::Mutex::new(Some(Vec::new())), handler: Box::new(handler) })
    }

    /// Serves a call now if the workspace is open, else when it opens.
    pub fn invoke(&self, invoke: tauri::ipc::Invoke<R>) -> bool {
        let mut waiting = self.waiting.lock().unwrap_or_else(|e| e.into_inner());
        match waiting.as_mut() {
            Some(queue) => {
                queue.push(invoke);
                true
            }
            None => {
                drop(waiting);
                (self.handler)(invoke)
            }
        }
    }

    /// The workspace is open (managed): the calls held so far are served, in order.
    pub fn open(&self) {
        let held = self.waiting.lock().unwrap_or_else(|e| e.into_inner()).take().unwrap_or_default();
        for invoke in held {
            (self.handler)(invoke);
        }
    }
}
