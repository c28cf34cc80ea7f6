//! A WebDriver server in a process group of its own, with everything it starts: killed
//! whole when a test ends, and listed when a session ends early, to say what went away.
//! Killing the driver alone left what it had started running, orphaned: a WebKitWebDriver
//! behind every window scenario (tauri-driver), and 800 Chromium processes holding 14 GB
//! after a 12-run soak (chromedriver). Shared by the window driver (tests/e2e/driver.rs)
//! and the portal's Chromium driver, which include this file with `#[path]`.

use std::process::Child;

/// Kills the group `driver` leads, once. The group is signalled before its leader is
/// reaped, so its id cannot have been reused.
pub fn stop(driver: &mut Option<Child>) {
    let Some(mut child) = driver.take() else { return };
    if let Ok(group) = libc::pid_t::try_from(child.id()) {
        // SAFETY: killpg only sends a signal, to the group the driver leads.
        unsafe { libc::killpg(group, libc::SIGKILL) };
    }
    let _ = child.wait();
}

/// The processes of group `group` still running, by name (`name (exited)` for one that
/// ended and waits to be reaped), read from /proc.
pub fn members(group: u32) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir("/proc") else { return Vec::new() };
    let mut found = Vec::new();
    for entry in entries.flatten() {
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else { continue };
        // "pid (name) state ppid pgrp …": the name may hold spaces and parentheses.
        let (Some(open), Some(close)) = (stat.find('('), stat.rfind(')')) else { continue };
        let mut rest = stat[close + 1..].split_whitespace();
        let (state, _ppid, pgrp) = (rest.next(), rest.next(), rest.next());
        if pgrp.and_then(|p| p.parse::<u32>().ok()) != Some(group) {
            continue;
        }
        let name = &stat[open + 1..close];
        found.push(if state == Some("Z") { format!("{name} (exited)") } else { name.to_owned() });
    }
    found.sort();
    found
}

#[cfg(test)]
mod tests {
    #[test]
    fn lists_this_test_process_in_its_own_group() {
        // SAFETY: getpgrp only reads this process's group id.
        let group = u32::try_from(unsafe { libc::getpgrp() }).unwrap();
        let names = super::members(group);
        let me = std::fs::read_to_string("/proc/self/comm").unwrap();
        assert!(names.iter().any(|n| n == me.trim()), "{names:?} should hold {me}");
        assert!(super::members(u32::MAX).is_empty());
    }
}
