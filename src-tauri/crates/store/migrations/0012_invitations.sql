-- SEC-4: an invitation is accepted with a secret code, single-use and time-limited. Only
-- the code's SHA-256 is kept; issuing a new one (resend) replaces the old.
CREATE TABLE invitations (
    member_id TEXT PRIMARY KEY,
    code_digest TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
