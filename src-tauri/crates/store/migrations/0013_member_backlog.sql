-- Changes to existing members committed in bulk, as compact after-images, not yet
-- written into `members` (see src/backlog.rs): `members` with these applied over it in
-- `seq` order is the committed state.
CREATE TABLE member_backlog (
    seq  INTEGER PRIMARY KEY AUTOINCREMENT,
    rows BLOB    NOT NULL
);
