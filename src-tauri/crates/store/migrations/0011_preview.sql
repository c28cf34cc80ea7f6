-- PREV-5: the longest a portal preview may last (minutes), and the previews open now, so
-- one left open when Trellis stopped is closed in the audit log at the next start.
ALTER TABLE workspace ADD COLUMN preview_max_minutes INTEGER NOT NULL DEFAULT 60;

CREATE TABLE open_previews (
    label TEXT PRIMARY KEY,
    manager TEXT NOT NULL,
    contact TEXT NOT NULL,
    target TEXT NOT NULL,
    started_at INTEGER NOT NULL
);
