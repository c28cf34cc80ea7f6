-- The partner portal server's shared state (PORT-1, PORT-4): sessions and sign-in
-- lockouts live here, so any number of portal processes serve any session and a lock
-- holds across all of them. Times are the database's clock, the one all processes share.

CREATE TABLE trellis_portal_sessions (
    -- SHA-256 of the session id (hex); the id itself exists only in the browser's cookie.
    id_digest     text        PRIMARY KEY,
    workspace_id  uuid        NOT NULL REFERENCES trellis_workspaces (id),
    contact       uuid        NOT NULL,
    must_change   boolean     NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_seen     timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL,
    ended_at      timestamptz,
    ended_why     text
);
CREATE INDEX trellis_portal_sessions_by_contact ON trellis_portal_sessions (workspace_id, contact);

-- ASVS 2.2.1: failed sign-ins per account (by normalised email, known or not).
CREATE TABLE trellis_portal_lockouts (
    workspace_id  uuid        NOT NULL REFERENCES trellis_workspaces (id),
    email         text        NOT NULL,
    failures      integer     NOT NULL DEFAULT 0,
    locked_until  timestamptz,
    PRIMARY KEY (workspace_id, email)
);

-- PORT-1: invitation links spent, by their code's digest: a link works once, whichever
-- portal process sees it first.
CREATE TABLE trellis_portal_spent_invitations (
    workspace_id  uuid        NOT NULL REFERENCES trellis_workspaces (id),
    digest        text        NOT NULL,
    spent_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, digest)
);

-- Last sign-in per partner user (access reviews read it).
CREATE TABLE trellis_portal_sign_ins (
    workspace_id  uuid        NOT NULL REFERENCES trellis_workspaces (id),
    contact       uuid        NOT NULL,
    last_at       timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, contact)
);

-- The portal's login is a member of trellis_client (it reads the log and appends through
-- the functions) and of trellis_portal (it keeps sessions). Managers read last sign-ins.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'trellis_portal') THEN
        CREATE ROLE trellis_portal NOLOGIN;
    END IF;
END $$;
REVOKE ALL ON trellis_portal_sessions, trellis_portal_lockouts, trellis_portal_sign_ins,
    trellis_portal_spent_invitations FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON trellis_portal_sessions, trellis_portal_lockouts, trellis_portal_sign_ins,
    trellis_portal_spent_invitations TO trellis_portal;
GRANT SELECT ON trellis_portal_sign_ins TO trellis_client;

UPDATE trellis_meta SET value = 3 WHERE key = 'schema';
