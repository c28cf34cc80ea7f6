-- WS-2, WS-3: partner features and the licence pool.
ALTER TABLE workspace ADD COLUMN partner_access INTEGER NOT NULL DEFAULT 0;
ALTER TABLE workspace ADD COLUMN advanced_partner_access INTEGER NOT NULL DEFAULT 0;
ALTER TABLE workspace ADD COLUMN partner_licences INTEGER NOT NULL DEFAULT 0;

-- PA-1..PA-4: partner companies. Never deleted, only disabled (PA-2).
CREATE TABLE partner_accounts (
    id         TEXT    PRIMARY KEY,
    name       TEXT    NOT NULL,
    kind       TEXT    NOT NULL CHECK (kind IN ('business', 'person')),
    owner_id   TEXT    NOT NULL REFERENCES members (id),
    parent_id  TEXT    REFERENCES partner_accounts (id),
    enabled    INTEGER NOT NULL,
    version    INTEGER NOT NULL
);
CREATE UNIQUE INDEX partner_accounts_name ON partner_accounts (lower(name));

-- HIER-1..HIER-4: the role hierarchy; partner branches name their account.
CREATE TABLE hierarchy_roles (
    id          TEXT    PRIMARY KEY,
    name        TEXT    NOT NULL,
    parent_id   TEXT    REFERENCES hierarchy_roles (id),
    account_id  TEXT    REFERENCES partner_accounts (id),
    version     INTEGER NOT NULL
);

ALTER TABLE members ADD COLUMN hierarchy_role_id TEXT REFERENCES hierarchy_roles (id);
