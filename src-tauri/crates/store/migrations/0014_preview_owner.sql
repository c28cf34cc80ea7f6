-- PREV-5 (issue 17): which process owns an open preview. Only that process ends it; a
-- preview whose owner is provably gone (its lock released by the kernel) is an orphan.
-- Rows from before have no owner: they are orphans at the next start, as before.
ALTER TABLE open_previews ADD COLUMN owner TEXT NOT NULL DEFAULT '';
