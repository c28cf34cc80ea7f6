-- The working copy of the access-control state and its append-only journal.

CREATE TABLE workspace (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    name        TEXT    NOT NULL,
    created_at  INTEGER NOT NULL
);

CREATE TABLE roles (
    id           TEXT    PRIMARY KEY,
    name         TEXT    NOT NULL,
    description  TEXT    NOT NULL,
    audience     TEXT    NOT NULL CHECK (audience IN ('internal', 'partner')),
    grp          TEXT    NOT NULL,
    builtin      TEXT,
    permissions  TEXT    NOT NULL,  -- JSON array of permission keys
    version      INTEGER NOT NULL
);
CREATE UNIQUE INDEX roles_name_per_audience ON roles (audience, lower(name));

CREATE TABLE members (
    id            TEXT    PRIMARY KEY,
    email         TEXT    NOT NULL,
    name          TEXT    NOT NULL,
    role_id       TEXT    REFERENCES roles (id),
    status        TEXT    NOT NULL CHECK (status IN ('pending', 'active', 'removed')),
    invited_at    INTEGER NOT NULL,
    joined_at     INTEGER,
    removed_at    INTEGER,
    invites_sent  INTEGER NOT NULL,
    version       INTEGER NOT NULL
);
-- MEM-2, a second line of defence behind the rules: emails are ASCII (validated), so
-- SQLite's ASCII lower() is exact here.
CREATE UNIQUE INDEX members_current_email ON members (lower(email)) WHERE status <> 'removed';

-- SEC-2: every applied op, who, when, and before → after of each entity it changed.
CREATE TABLE journal (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    at           INTEGER NOT NULL,
    actor        TEXT    NOT NULL,  -- JSON Actor
    actor_label  TEXT    NOT NULL,
    action       TEXT    NOT NULL,
    target       TEXT    NOT NULL,
    op           TEXT    NOT NULL,  -- JSON Op: replaying these rebuilds the state
    changes      TEXT    NOT NULL   -- JSON array of { kind, id, label, before, after }
);
CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal
BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal
BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
