-- Sign in anywhere: which password hashes this desktop still has to send to the shared
-- database (0), and how far it has read the shared ones.
ALTER TABLE credentials ADD COLUMN shared INTEGER NOT NULL DEFAULT 0;
ALTER TABLE partner_credentials ADD COLUMN shared INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sync_remote ADD COLUMN credentials_head INTEGER NOT NULL DEFAULT 0;
