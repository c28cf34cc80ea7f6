-- PU-3..PU-5 for partner users: argon2id PHC strings, never in the journal or any other table.
CREATE TABLE partner_credentials (
    contact_id   TEXT    PRIMARY KEY REFERENCES contacts (id),
    phc          TEXT    NOT NULL,
    must_change  INTEGER NOT NULL DEFAULT 0,  -- PU-4's one-shot flag
    updated_at   INTEGER NOT NULL
);

-- PU-2: access notifications waiting to be sent. Never holds a password or a token.
CREATE TABLE outbox (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    to_email    TEXT    NOT NULL,
    subject     TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    sent_at     INTEGER
);
