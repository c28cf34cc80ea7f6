-- PU-8: the partner restriction of a portal role.
ALTER TABLE roles ADD COLUMN restriction TEXT NOT NULL DEFAULT 'own_and_subordinates';

-- ROLE-6, PC-1: agent and admin roles of partner users; HIER-1: the first user's fixed role.
ALTER TABLE contacts ADD COLUMN agent_role_id TEXT REFERENCES roles (id);
ALTER TABLE contacts ADD COLUMN admin_role_id TEXT REFERENCES roles (id);
ALTER TABLE contacts ADD COLUMN fixed_hierarchy_role INTEGER NOT NULL DEFAULT 0;

-- HIER-2: business records, each with an owner (a member or a partner user).
CREATE TABLE records (
    id          TEXT    PRIMARY KEY,
    kind        TEXT    NOT NULL CHECK (kind IN ('lead', 'opportunity', 'customer', 'activity')),
    name        TEXT    NOT NULL,
    owner_kind  TEXT    NOT NULL CHECK (owner_kind IN ('member', 'contact')),
    owner_id    TEXT    NOT NULL,
    version     INTEGER NOT NULL
);
CREATE INDEX records_owner ON records (owner_id);

-- ITEM-1.
CREATE TABLE items (
    id                           TEXT    PRIMARY KEY,
    name                         TEXT    NOT NULL,
    available_in_partner_center  INTEGER NOT NULL DEFAULT 0,
    version                      INTEGER NOT NULL
);

-- SHARE-1.
CREATE TABLE sharing_rules (
    id              TEXT    PRIMARY KEY,
    name            TEXT    NOT NULL,
    kind            TEXT    NOT NULL,
    source_role_id  TEXT    NOT NULL REFERENCES hierarchy_roles (id),
    grantee_kind    TEXT    NOT NULL CHECK (grantee_kind IN ('account', 'role')),
    grantee_id      TEXT    NOT NULL,
    access          TEXT    NOT NULL CHECK (access IN ('read', 'read_write')),
    version         INTEGER NOT NULL
);
