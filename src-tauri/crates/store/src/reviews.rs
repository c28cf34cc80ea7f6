//! Access reviews (RPT-4): rows in, entities out. Each row keeps its entity whole as JSON.

use sqlx::{Row, SqliteConnection, SqlitePool};
use trellis_core::reviews::{item_key, Review, ReviewItem};
use trellis_core::Event;

type Result<T> = std::result::Result<T, sqlx::Error>;

fn body<T: serde::Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| sqlx::Error::Encode(Box::new(e)))
}

/// Writes a campaign's items with one statement reused for every row (SQLite's own API:
/// a query each through sqlx cost a second for 10,000 items).
pub fn write_items(raw: &crate::raw::Raw, items: &[&ReviewItem]) -> crate::raw::Result<()> {
    let mut stmt = raw.prepare(
        "INSERT INTO review_items (id, review_id, body) VALUES (?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET body = excluded.body",
    )?;
    for item in items {
        stmt.text(1, &item_key(item))?;
        stmt.text(2, &item.review.to_string())?;
        stmt.text(3, &serde_json::to_string(item).map_err(|e| e.to_string())?)?;
        stmt.run()?;
    }
    Ok(())
}

/// Writes a review event (its items go through `write_items`); false when `event` is about
/// something else.
pub async fn write(conn: &mut SqliteConnection, event: &Event) -> Result<bool> {
    match event {
        Event::ReviewSaved { after, .. } => {
            sqlx::query(
                "INSERT INTO reviews (id, name, body) VALUES (?, ?, ?)
                 ON CONFLICT (id) DO UPDATE SET name = excluded.name, body = excluded.body",
            )
            .bind(after.id.to_string())
            .bind(&after.name)
            .bind(body(after)?)
            .execute(conn)
            .await?;
        }
        _ => return Ok(false),
    }
    Ok(true)
}

fn parse<T: serde::de::DeserializeOwned>(text: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

pub async fn load(pool: &SqlitePool) -> Result<(Vec<Review>, Vec<ReviewItem>)> {
    let reviews = sqlx::query("SELECT body FROM reviews").fetch_all(pool).await?;
    let items = sqlx::query("SELECT body FROM review_items").fetch_all(pool).await?;
    Ok((
        reviews.iter().map(|r| parse(r.get::<&str, _>("body"))).collect::<Result<_>>()?,
        items.iter().map(|r| parse(r.get::<&str, _>("body"))).collect::<Result<_>>()?,
    ))
}

/// What the journal says about people's access since `after` (RPT-4's items): each
/// forward change of a member's role or a contact's access, and each desktop sign-in.
#[derive(Debug, Default)]
pub struct AccessFacts {
    /// (entity kind, entity id, when, who made the change), oldest first.
    pub given: Vec<(String, String, i64, String)>,
    /// (actor JSON, when) of desktop sign-ins, oldest first.
    pub sign_ins: Vec<(String, i64)>,
    /// (actor JSON, when) of each actor's newest change that is not a sign-in or sign-out.
    pub changes: Vec<(String, i64)>,
    /// (review id, when) of reminders sent to a campaign's reviewers (`review.remind`).
    pub reminded: Vec<(String, i64)>,
    /// The newest journal position read.
    pub seq: i64,
}

impl crate::Store {
    pub async fn access_facts(&self, after: i64) -> std::result::Result<AccessFacts, crate::StoreError> {
        use sqlx::Row;
        let head: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) FROM journal").fetch_one(self.pool()).await?;
        // Undone, set-aside and refused rows moved nothing forward (`history::direction`).
        let rows = sqlx::query(
            "SELECT seq, at, actor, actor_label, action, changes FROM journal
             WHERE seq > ? AND seq <= ? AND action NOT IN ('sync.undo_own', 'sync.set_aside', 'sync.keep_theirs', 'sync.refused')
               AND (action = 'auth.sign_in' OR instr(changes, '\"role\"') > 0 OR instr(changes, '\"access\"') > 0)
             ORDER BY seq",
        )
        .bind(after)
        .bind(head)
        .fetch_all(self.pool())
        .await?;
        let changes: Vec<(String, i64)> = sqlx::query_as(
            "SELECT actor, MAX(at) FROM journal WHERE seq > ? AND seq <= ? AND action NOT LIKE 'auth.%' GROUP BY actor",
        )
        .bind(after)
        .bind(head)
        .fetch_all(self.pool())
        .await?;
        let reminders: Vec<(i64, String)> = sqlx::query_as(
            "SELECT at, changes FROM journal WHERE seq > ? AND seq <= ? AND action = 'review.remind' ORDER BY seq",
        )
        .bind(after)
        .bind(head)
        .fetch_all(self.pool())
        .await?;
        let reminded = reminders
            .into_iter()
            .filter_map(|(at, changes)| {
                let list: Vec<serde_json::Value> = serde_json::from_str(&changes).ok()?;
                Some((list.first()?["id"].as_str()?.to_owned(), at))
            })
            .collect();
        let mut out = AccessFacts { seq: head, changes, reminded, ..AccessFacts::default() };
        for r in rows {
            let at: i64 = r.get("at");
            if r.get::<&str, _>("action") == "auth.sign_in" {
                out.sign_ins.push((r.get::<String, _>("actor"), at));
                continue;
            }
            let Ok(changes) = serde_json::from_str::<Vec<serde_json::Value>>(r.get::<&str, _>("changes")) else {
                continue;
            };
            let label: String = r.get("actor_label");
            for c in changes {
                let kind = c["kind"].as_str().unwrap_or_default();
                let field = match kind {
                    "member" => "role",
                    "contact" => "access",
                    _ => continue,
                };
                // The journal keeps only the fields that changed (or the whole new entity).
                if c["after"].get(field).is_some() || c["before"].get(field).is_some() {
                    let id = c["id"].as_str().unwrap_or_default().to_owned();
                    out.given.push((kind.to_owned(), id, at, label.clone()));
                }
            }
        }
        Ok(out)
    }

    /// When each partner user last signed in to the portal, as the last sync learnt it.
    pub async fn portal_sign_ins(&self) -> std::result::Result<Vec<(String, i64)>, crate::StoreError> {
        Ok(sqlx::query_as("SELECT contact_id, at FROM portal_sign_ins").fetch_all(self.pool()).await?)
    }

    pub async fn note_portal_sign_ins(&self, list: &[(String, i64)]) -> std::result::Result<(), crate::StoreError> {
        let mut tx = self.pool().begin().await?;
        for (contact, at) in list {
            sqlx::query(
                "INSERT INTO portal_sign_ins (contact_id, at) VALUES (?, ?)
                 ON CONFLICT (contact_id) DO UPDATE SET at = max(at, excluded.at)",
            )
            .bind(contact)
            .bind(at)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

impl crate::Store {
    /// The journal entry that completed review `id` (RPT-4's evidence): its position and link.
    pub async fn completion_link(
        &self,
        id: &str,
    ) -> std::result::Result<Option<(i64, Option<[u8; 32]>)>, crate::StoreError> {
        let row: Option<(i64, Option<Vec<u8>>)> = sqlx::query_as(
            "SELECT seq, hash FROM journal WHERE action = 'review.complete' AND instr(op, ?) > 0
             ORDER BY seq DESC LIMIT 1",
        )
        .bind(format!("\"review\":\"{id}\""))
        .fetch_optional(self.pool())
        .await?;
        Ok(row.map(|(seq, hash)| (seq, hash.and_then(|h| <[u8; 32]>::try_from(h.as_slice()).ok()))))
    }
}
