-- Drafts (DRAFT-1..5): prepared access changes that affect nobody until published.
ALTER TABLE workspace ADD COLUMN four_eyes INTEGER NOT NULL DEFAULT 0;

-- One row per draft; `body` is the whole draft as JSON (its changes with the events each
-- produced where it was made). Rewritten in one transaction with every edit.
CREATE TABLE drafts (
    id          TEXT    PRIMARY KEY,
    name        TEXT    NOT NULL,
    status      TEXT    NOT NULL CHECK (status IN ('editing', 'published', 'discarded')),
    updated_at  INTEGER NOT NULL,
    body        TEXT    NOT NULL
);
-- Open drafts are found by name (the CLI's --draft NAME): one open draft per name.
CREATE UNIQUE INDEX drafts_open_name ON drafts (lower(name)) WHERE status = 'editing';
