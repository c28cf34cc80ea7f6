-- RPT-3: dashboards published to portal roles. The body is the dashboard as JSON (tiles,
-- roles, publish_to, locked, existing): read whole, never queried by field.
CREATE TABLE dashboards (
    id      TEXT    PRIMARY KEY,
    name    TEXT    NOT NULL,
    body    TEXT    NOT NULL,
    version INTEGER NOT NULL
);

-- The tiles each partner user hid on changeable dashboards (JSON: dashboard id → tiles).
ALTER TABLE contacts ADD COLUMN hidden_tiles TEXT;
