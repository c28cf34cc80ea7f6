//! Which process owns a portal preview (PREV-5, issue 17). A process that opens a preview
//! first takes an exclusive lock on a file of its own, `<database>.owners/<id>.lock`, and
//! records `<id>` with the preview. The kernel releases the lock however the process ends
//! (quit, crash, kill -9, power cut), so another process can tell a live owner's preview —
//! whose end is not its to write — from an orphan, which it closes in the audit log.
//! A process that never opens a preview (the CLI, mostly) makes no file.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

pub(crate) struct PreviewOwner {
    dir: PathBuf,
    held: Mutex<Option<(String, File)>>,
}

impl PreviewOwner {
    pub(crate) fn new(db: &Path) -> Self {
        let mut dir = db.as_os_str().to_owned();
        dir.push(".owners");
        PreviewOwner { dir: dir.into(), held: Mutex::new(None) }
    }

    fn path(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.lock"))
    }

    /// This process's owner id, taking its lock the first time.
    pub(crate) fn id(&self) -> std::io::Result<String> {
        let mut held = self.held.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((id, _)) = held.as_ref() {
            return Ok(id.clone());
        }
        std::fs::create_dir_all(&self.dir)?;
        let id = uuid::Uuid::now_v7().simple().to_string();
        let file = OpenOptions::new().create(true).truncate(false).write(true).open(self.path(&id))?;
        file.try_lock().map_err(|e| match e {
            TryLockError::Error(e) => e,
            TryLockError::WouldBlock => std::io::Error::other("a fresh owner lock is held by someone else"),
        })?;
        *held = Some((id.clone(), file));
        Ok(id)
    }

    fn mine(&self, id: &str) -> bool {
        self.held.lock().unwrap_or_else(|e| e.into_inner()).as_ref().is_some_and(|(m, _)| m == id)
    }

    /// Whether the process that owns previews under `owner` is provably gone: no owner
    /// recorded (a row from before owners), no lock file, or a lock nobody holds. A lock
    /// that cannot be checked counts as held: an open preview is never ended on a guess.
    pub(crate) fn is_gone(&self, owner: &str) -> bool {
        if owner.is_empty() {
            return true;
        }
        if self.mine(owner) || !owner.bytes().all(|b| b.is_ascii_hexdigit()) {
            return false;
        }
        let path = self.path(owner);
        let file = match File::open(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return true,
            Err(e) => {
                tracing::warn!("cannot check preview owner {owner}: {e}");
                return false;
            }
        };
        match file.try_lock() {
            Ok(()) => {
                let _ = std::fs::remove_file(&path);
                true
            }
            Err(TryLockError::WouldBlock) => false,
            Err(TryLockError::Error(e)) => {
                tracing::warn!("cannot check preview owner {owner}: {e}");
                false
            }
        }
    }
}

impl Drop for PreviewOwner {
    fn drop(&mut self) {
        // Still locked while removed: nobody takes a live owner's file for a dead one's.
        if let Some((id, file)) = self.held.get_mut().unwrap_or_else(|e| e.into_inner()).take() {
            let _ = std::fs::remove_file(self.path(&id));
            drop(file);
        }
    }
}
