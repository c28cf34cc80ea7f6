-- WS-3: a partner account's share of the licence pool (NULL: no share of its own).
ALTER TABLE partner_accounts ADD COLUMN licence_share INTEGER CHECK (licence_share IS NULL OR licence_share >= 0);
