-- PU-8: departments, locations and classes — on records, and as limits on portal roles.
ALTER TABLE records ADD COLUMN department TEXT;
ALTER TABLE records ADD COLUMN location TEXT;
ALTER TABLE records ADD COLUMN class TEXT;
ALTER TABLE roles ADD COLUMN segments TEXT NOT NULL DEFAULT '{}';
