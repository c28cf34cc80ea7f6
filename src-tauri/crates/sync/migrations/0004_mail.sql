-- MAIL-2: the outbox of a shared workspace. Every desktop and portal process that sends
-- claims from here (FOR UPDATE SKIP LOCKED, with a lease), so each message has one
-- sender. A row names what the message is about; the sender words and addresses it from
-- its own state. A code travels only sealed to the workspace's mail key, with its digest.
CREATE TABLE trellis_outbox (
    id            uuid        PRIMARY KEY,
    workspace_id  uuid        NOT NULL REFERENCES trellis_workspaces (id),
    kind          text        NOT NULL,
    about         uuid,
    to_email      text        NOT NULL,
    subject       text        NOT NULL,
    body          text,
    sealed        text,
    digest        text,
    message_id    text        NOT NULL,
    status        text        NOT NULL DEFAULT 'queued' CHECK (status IN
                    ('queued', 'held', 'withdrawn', 'sending', 'sent', 'failed', 'cancelled', 'superseded')),
    attempts      integer     NOT NULL DEFAULT 0,
    next_at       timestamptz NOT NULL DEFAULT now(),
    lease_until   timestamptz,
    sender        text,
    last_error    text,
    server_reply  text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    sent_at       timestamptz
);
CREATE INDEX trellis_outbox_due ON trellis_outbox (workspace_id, next_at) WHERE status IN ('queued', 'sending');
CREATE INDEX trellis_outbox_list ON trellis_outbox (workspace_id, created_at DESC);

REVOKE ALL ON trellis_outbox FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE ON trellis_outbox TO trellis_client;
GRANT SELECT, INSERT, UPDATE ON trellis_outbox TO trellis_portal;

UPDATE trellis_meta SET value = 4 WHERE key = 'schema';
