-- PORT-5: the shared database login of the portal service; PORT-4: its idle timeout.
ALTER TABLE workspace ADD COLUMN portal_login TEXT;
ALTER TABLE workspace ADD COLUMN portal_idle_minutes INTEGER NOT NULL DEFAULT 30;
