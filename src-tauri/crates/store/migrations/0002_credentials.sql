-- WS-4: the password policy lives with the workspace.
ALTER TABLE workspace ADD COLUMN password_min_length INTEGER NOT NULL DEFAULT 15;
ALTER TABLE workspace ADD COLUMN password_max_length INTEGER NOT NULL DEFAULT 128;

-- CRED-1: argon2id PHC strings, never in the journal or any other table.
CREATE TABLE credentials (
    member_id        TEXT    PRIMARY KEY REFERENCES members (id),
    phc              TEXT    NOT NULL,
    must_change      INTEGER NOT NULL DEFAULT 0,  -- PU-4's one-shot flag
    failed_attempts  INTEGER NOT NULL DEFAULT 0,
    locked_until     INTEGER,
    updated_at       INTEGER NOT NULL
);

-- Remembered sessions: only a SHA-256 of the token (the token itself is in the OS keyring).
CREATE TABLE sessions (
    token_digest  TEXT    PRIMARY KEY,
    member_id     TEXT    NOT NULL REFERENCES members (id),
    created_at    INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL
);
