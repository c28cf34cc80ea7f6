-- RPT-6: every journal row carries its link in a hash chain (core::chain), and the file
-- keeps the shared log's chain at its head.
ALTER TABLE journal ADD COLUMN hash BLOB;

-- Rows written before this version get their link once, in order, when the file is
-- opened (Store::open); after that a row is never changed again.
DROP TRIGGER journal_no_update;
CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal
WHEN OLD.hash IS NOT NULL
  OR NEW.seq IS NOT OLD.seq OR NEW.at IS NOT OLD.at OR NEW.actor IS NOT OLD.actor
  OR NEW.actor_label IS NOT OLD.actor_label OR NEW.action IS NOT OLD.action
  OR NEW.target IS NOT OLD.target OR NEW.op IS NOT OLD.op OR NEW.changes IS NOT OLD.changes
BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;

-- The shared log's chain as far as this file has computed it: the link after position
-- `log_chain_head` (0 with no link: not started). Behind `head` after an upgrade, a join
-- or a sync cut short; the next sync catches it up from the log itself.
ALTER TABLE sync_remote ADD COLUMN log_chain_head INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sync_remote ADD COLUMN log_hash BLOB;
