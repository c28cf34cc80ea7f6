-- MAIL-1: how the workspace sends email (JSON of trellis_core::mail::MailSettings; no secret).
ALTER TABLE workspace ADD COLUMN mail TEXT;

-- MAIL-2: the outbox becomes a queue that is actually sent. A message names what it is
-- about (kind, about) and carries a code only sealed to the workspace's mail key; the
-- sender words and addresses it from its own state. When the workspace is shared, a
-- message moves to the shared database's queue once the change that queued it is in the
-- log ('shared' here).
CREATE TABLE outbox_new (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    uid          TEXT    NOT NULL UNIQUE,
    kind         TEXT    NOT NULL,
    about        TEXT,
    to_email     TEXT    NOT NULL,
    subject      TEXT    NOT NULL,
    body         TEXT,
    sealed       TEXT,
    digest       TEXT,
    message_id   TEXT    NOT NULL,
    status       TEXT    NOT NULL DEFAULT 'queued' CHECK (status IN
                   ('queued', 'held', 'withdrawn', 'sending', 'sent', 'failed', 'cancelled', 'superseded', 'shared')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    next_at      INTEGER NOT NULL,
    lease_until  INTEGER,
    sender       TEXT,
    last_error   TEXT,
    server_reply TEXT,
    created_at   INTEGER NOT NULL,
    sent_at      INTEGER,
    op_id        TEXT
);
INSERT INTO outbox_new (id, uid, kind, to_email, subject, body, message_id, status, next_at, created_at, sent_at, op_id)
SELECT id,
       lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-a'
             || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))),
       'legacy', to_email, subject, body, '', CASE WHEN sent_at IS NULL THEN status ELSE 'sent' END,
       created_at, created_at, sent_at, op_id
FROM outbox;
UPDATE outbox_new SET message_id = '<' || replace(uid, '-', '') || '@trellis.invalid>';
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_op ON outbox (op_id) WHERE op_id IS NOT NULL;
CREATE INDEX outbox_due ON outbox (next_at) WHERE status IN ('queued', 'sending');
