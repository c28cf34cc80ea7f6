-- Sync with the team's shared PostgreSQL (SYNC-1..4).

-- The shared database login each member's changes travel under (the actor proof).
ALTER TABLE members ADD COLUMN db_login TEXT;

-- Where the shared database is (no password: it lives in the OS keyring), which shared
-- workspace this file follows, and how far.
CREATE TABLE sync_remote (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    config         TEXT    NOT NULL,
    workspace_id   TEXT,
    head           INTEGER NOT NULL DEFAULT 0,
    genesis_head   INTEGER NOT NULL DEFAULT 0,
    genesis_login  TEXT    NOT NULL DEFAULT '',
    last_sync_at   INTEGER,
    last_error     TEXT,
    offline_since  INTEGER
);

-- Own changes applied here and not yet in the shared log, in order, with their events
-- (what undoing them needs).
CREATE TABLE sync_pending (
    pos       INTEGER PRIMARY KEY,
    op_id     TEXT    NOT NULL UNIQUE,
    envelope  TEXT    NOT NULL,
    events    TEXT    NOT NULL
);

-- Own changes set aside as conflicts (SYNC-2) or refusals (SYNC-3), not applied, until
-- the manager retries or discards them.
CREATE TABLE sync_parked (
    op_id      TEXT    PRIMARY KEY,
    parked_at  INTEGER NOT NULL,
    envelope   TEXT    NOT NULL,
    events     TEXT    NOT NULL,
    reason     TEXT    NOT NULL
);
