-- RPT-5: the state rebuilt from the journal, kept every so many entries so a question
-- about a late moment replays from the nearest one instead of from the first entry.
-- `link` is the journal's chain link at `seq` (RPT-6): a checkpoint whose link no longer
-- matches the journal is not used. `max_at` is the latest time among entries 1..seq
-- (entries from other desktops carry their own times). `body` is the rebuild, deflated.
CREATE TABLE history_checkpoints (
    seq     INTEGER PRIMARY KEY,
    max_at  INTEGER NOT NULL,
    link    BLOB    NOT NULL,
    body    BLOB    NOT NULL
);
