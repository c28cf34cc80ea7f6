-- Issue 17, found 5: a queued message belongs to the change that queued it. When sync sets
-- that change aside (refused by a rule, or in conflict) the message is held, not sent:
-- released if the manager applies the change again, withdrawn if they keep theirs.
ALTER TABLE outbox ADD COLUMN op_id TEXT;
ALTER TABLE outbox ADD COLUMN status TEXT NOT NULL DEFAULT 'queued'
    CHECK (status IN ('queued', 'held', 'withdrawn'));
CREATE INDEX outbox_op ON outbox (op_id) WHERE op_id IS NOT NULL;
