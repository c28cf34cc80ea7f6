-- Issue 17: backups made of this file (`trellis backup`), so Settings can say when the
-- last one was made.
CREATE TABLE backups (
    at     INTEGER NOT NULL,
    path   TEXT    NOT NULL,
    bytes  INTEGER NOT NULL
);
