//! RPT-5: the state at a past moment, rebuilt from the journal's changes (`core::history`).

use crate::store::{Store, StoreError};
use trellis_core::history::{Change, Rebuild};
use trellis_core::{Millis, State};

/// How far to replay.
#[derive(Clone, Copy, Debug)]
pub enum Until {
    /// Through this journal entry.
    Entry(i64),
    /// The journal up to its first entry after this moment (entries from other desktops
    /// carry the time they were made there, so times are not always in entry order).
    Time(Millis),
}

/// A rebuilt state and where in the journal it stands.
pub struct Past {
    pub state: State,
    /// The last entry replayed (0: none — before the workspace existed).
    pub seq: i64,
    pub at: Option<Millis>,
}

impl Store {
    /// Replays the journal's changes from the start up to `until` (SQLite's own API for
    /// the read, as `journal_verify`).
    pub async fn state_at(&self, until: Until) -> Result<Past, StoreError> {
        let mut conn = self.pool().acquire().await?;
        let mut handle = conn.lock_handle().await?;
        let raw = crate::raw::Raw::new(&mut handle);
        let mut rebuild = Rebuild::default();
        let mut last = (0i64, None);
        let mut read = || -> crate::raw::Result<()> {
            let mut rows = raw.prepare("SELECT seq, at, action, changes FROM journal ORDER BY seq")?;
            while rows.next()? {
                let (seq, at) = (rows.col_int(0), rows.col_int(1));
                let stop = match until {
                    Until::Entry(s) => seq > s,
                    Until::Time(t) => at > t,
                };
                if stop {
                    break;
                }
                let action = rows.col_str(2)?;
                let changes: Vec<Change> = match trellis_core::history::direction(action) {
                    trellis_core::history::Direction::None => Vec::new(),
                    _ => serde_json::from_str(rows.col_str(3)?).map_err(|e| format!("entry {seq}: {e}"))?,
                };
                rebuild.apply(action, changes);
                last = (seq, Some(at));
            }
            Ok(())
        };
        read().map_err(|e| StoreError::Corrupt(format!("journal: {e}")))?;
        drop(handle);
        let state = rebuild.into_state().map_err(StoreError::Corrupt)?;
        Ok(Past { state, seq: last.0, at: last.1 })
    }
}
