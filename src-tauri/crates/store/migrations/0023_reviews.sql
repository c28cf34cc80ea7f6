-- RPT-4: access-review campaigns and their items, each kept whole as JSON (read whole,
-- never queried by field). An item's id is "<review id>/<member|contact>:<person id>".
CREATE TABLE reviews (
    id    TEXT PRIMARY KEY,
    name  TEXT NOT NULL,
    body  TEXT NOT NULL
);

CREATE TABLE review_items (
    id         TEXT PRIMARY KEY,
    review_id  TEXT NOT NULL,
    body       TEXT NOT NULL
);
CREATE INDEX review_items_by_review ON review_items (review_id);

-- When each partner user last signed in to the portal, copied from the shared database at
-- each sync so a review made offline still shows it.
CREATE TABLE portal_sign_ins (
    contact_id  TEXT    PRIMARY KEY,
    at          INTEGER NOT NULL
);
