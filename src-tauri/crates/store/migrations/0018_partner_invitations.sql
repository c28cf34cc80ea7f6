-- PU-2, PORT-1: a partner user's pending invitation link (its code's digest and expiry,
-- JSON); the portal's public address for those links.
ALTER TABLE contacts ADD COLUMN invitation TEXT;
ALTER TABLE workspace ADD COLUMN portal_url TEXT;
