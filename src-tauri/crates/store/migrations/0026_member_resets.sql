-- Issue 19: a member's reset link, emailed by an administrator: single use, one hour. Only
-- the code's SHA-256 is kept; sending a new link replaces the old.
CREATE TABLE member_resets (
    member_id TEXT PRIMARY KEY,
    code_digest TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
