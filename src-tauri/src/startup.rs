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
