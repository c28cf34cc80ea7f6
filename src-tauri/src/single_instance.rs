//! One running app per workspace file (issue 19): a second launch on the same file — the
//! desktop opening a `trellis://` link from an email, or the person starting Trellis again —
//! hands its link to the running app over a Unix socket and exits, and the running window
//! comes to the front with the link.
//!
//! Not `tauri-plugin-single-instance`: it allows one process per *app identifier* (a D-Bus
//! name), which would stop a manager from running two workspaces side by side (and the
//! two-desktop sync tests from running at all). Here the claim is per database file.
//!
//! The socket lives in `$XDG_RUNTIME_DIR/trellis` (or a private folder in the temp dir),
//! a folder only this user may enter; a folder that is not theirs or not private is not
//! used, and the app then simply runs on its own.

use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// What a second launch says: bring the window forward, and maybe open a link.
pub const FOCUS: &str = "focus";
const OPEN: &str = "open ";
/// Longer than any link Trellis sends; a longer line is cut and refused.
const MAX_LINE: u64 = 2048;

pub enum Claim {
    /// This is the first app on the file: serve the others from this socket.
    First(UnixListener),
    /// Another app runs on the file and took the message: this one should exit.
    HandedOver,
    /// No private place for the socket: run on alone.
    Alone(String),
}

/// A second launch's message: `focus`, or `open <url>`.
pub fn message(url: Option<&str>) -> String {
    url.map_or_else(|| FOCUS.to_owned(), |u| format!("{OPEN}{u}"))
}

/// The link a message asks to open, if any.
pub fn link_of(message: &str) -> Option<&str> {
    message.strip_prefix(OPEN)
}

/// Claims the workspace file `key` for this process, or hands `message` to the process
/// that holds it. `wait` bounds how long the holder may take to answer (it answers once
/// its workspace is open).
pub fn claim(key: &str, message: &str, wait: Duration) -> Claim {
    let dir = match private_dir() {
        Ok(d) => d,
        Err(why) => return Claim::Alone(why),
    };
    let path = dir.join(format!("{:016x}.sock", fnv1a(key.as_bytes())));
    for _ in 0..2 {
        match UnixStream::connect(&path) {
            Ok(stream) => match hand_over(stream, message, wait) {
                Ok(()) => return Claim::HandedOver,
                Err(e) => return Claim::Alone(format!("the running Trellis did not answer: {e}")),
            },
            // Nobody listens: a socket left by an app that ended without cleaning up.
            Err(_) => {
                let _ = std::fs::remove_file(&path);
            }
        }
        match UnixListener::bind(&path) {
            Ok(listener) => return Claim::First(listener),
            // Another launch bound it between our two steps: hand over to it instead.
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => continue,
            Err(e) => return Claim::Alone(format!("cannot listen at {}: {e}", path.display())),
        }
    }
    Claim::Alone("two launches raced for the workspace".into())
}

fn hand_over(mut stream: UnixStream, message: &str, wait: Duration) -> std::io::Result<()> {
    stream.set_read_timeout(Some(wait))?;
    stream.write_all(message.as_bytes())?;
    stream.write_all(b"\n")?;
    let mut answer = String::new();
    BufReader::new(stream).take(16).read_line(&mut answer)?;
    if answer.trim() == "ok" {
        Ok(())
    } else {
        Err(std::io::Error::other(format!("unexpected answer {:?}", answer.trim())))
    }
}

/// Serves later launches on its own thread: each message goes to `on_message`, then the
/// launch is told "ok" (so it exits only once the running app has the link).
pub fn serve(listener: UnixListener, on_message: impl Fn(String) + Send + 'static) {
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
            let mut line = String::new();
            let mut reader = BufReader::new(&stream).take(MAX_LINE);
            if reader.read_line(&mut line).is_err() || !line.ends_with('\n') {
                continue;
            }
            on_message(line.trim_end().to_owned());
            let _ = (&stream).write_all(b"ok\n");
        }
    });
}

/// `$XDG_RUNTIME_DIR/trellis`, else `<temp>/trellis-<uid>`: made private, and refused if
/// another user owns it or others may enter it.
fn private_dir() -> Result<PathBuf, String> {
    let uid = own_uid()?;
    let dir = match std::env::var_os("XDG_RUNTIME_DIR").filter(|d| !d.is_empty()) {
        Some(run) => Path::new(&run).join("trellis"),
        None => std::env::temp_dir().join(format!("trellis-{uid}")),
    };
    match std::fs::DirBuilder::new().mode(0o700).create(&dir) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(format!("cannot make {}: {e}", dir.display())),
    }
    let meta = std::fs::symlink_metadata(&dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    if !meta.is_dir() || meta.uid() != uid || meta.permissions().mode() & 0o077 != 0 {
        return Err(format!("{} is not a private folder of this user", dir.display()));
    }
    Ok(dir)
}

/// This process's user id, read from /proc (no libc call needed).
fn own_uid() -> Result<u32, String> {
    std::fs::metadata("/proc/self").map(|m| m.uid()).map_err(|e| format!("cannot read /proc/self: {e}"))
}

/// FNV-1a: a stable name for the file's socket (the same in every build of the app).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_claim_hands_its_message_to_the_first() {
        let key = format!("test-{}-{:?}", std::process::id(), std::time::Instant::now());
        let Claim::First(listener) = claim(&key, FOCUS, Duration::from_secs(5)) else { panic!("first claim") };
        let (tx, rx) = std::sync::mpsc::channel();
        serve(listener, move |m| tx.send(m).unwrap());
        let url = "trellis://accept?code=ABCDE-12345";
        assert!(matches!(claim(&key, &message(Some(url)), Duration::from_secs(5)), Claim::HandedOver));
        let got = rx.recv_timeout(Duration::from_secs(5)).unwrap();
        assert_eq!(link_of(&got), Some(url));
        assert!(matches!(claim(&key, FOCUS, Duration::from_secs(5)), Claim::HandedOver));
        assert_eq!(rx.recv_timeout(Duration::from_secs(5)).unwrap(), FOCUS);
        // Another file is another claim.
        assert!(matches!(claim(&format!("{key}-other"), FOCUS, Duration::from_secs(5)), Claim::First(_)));
    }

    #[test]
    fn a_socket_left_behind_is_claimed_again() {
        let key = format!("stale-{}-{:?}", std::process::id(), std::time::Instant::now());
        let Claim::First(listener) = claim(&key, FOCUS, Duration::from_secs(5)) else { panic!("first claim") };
        drop(listener); // the app ended without removing its socket
        assert!(matches!(claim(&key, FOCUS, Duration::from_secs(5)), Claim::First(_)));
    }
}
