-- PU-1..PU-8: people at partner accounts and their portal access (NULL role: no access).
CREATE TABLE contacts (
    id                     TEXT    PRIMARY KEY,
    account_id             TEXT    NOT NULL REFERENCES partner_accounts (id),
    name                   TEXT    NOT NULL,
    email                  TEXT    NOT NULL,
    access_enabled         INTEGER NOT NULL DEFAULT 0,
    portal_role_id         TEXT    REFERENCES roles (id),
    hierarchy_role_id      TEXT    REFERENCES hierarchy_roles (id),
    can_grant_subpartners  INTEGER NOT NULL DEFAULT 0,
    version                INTEGER NOT NULL
);
CREATE UNIQUE INDEX contacts_email ON contacts (lower(email));
CREATE INDEX contacts_account ON contacts (account_id);
