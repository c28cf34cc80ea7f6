-- RPT-1: the facts of activity records (type, when, which customer); NULL on other kinds.
ALTER TABLE records ADD COLUMN activity_type TEXT;
ALTER TABLE records ADD COLUMN activity_at INTEGER;
ALTER TABLE records ADD COLUMN customer_id TEXT;
CREATE INDEX records_activity_at ON records (activity_at) WHERE activity_at IS NOT NULL;
