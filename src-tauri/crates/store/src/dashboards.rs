//! Dashboards (RPT-3): rows in, entities out. The row keeps the whole dashboard as JSON.

use sqlx::{Row, SqliteConnection, SqlitePool};
use trellis_core::dashboards::Dashboard;
use trellis_core::Event;

type Result<T> = std::result::Result<T, sqlx::Error>;

/// Writes a dashboard event; false when `event` is about something else.
pub async fn write(conn: &mut SqliteConnection, event: &Event) -> Result<bool> {
    match event {
        Event::DashboardSaved { after, .. } => {
            let body = serde_json::to_string(after).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
            sqlx::query(
                "INSERT INTO dashboards (id, name, body, version) VALUES (?, ?, ?, ?)
                 ON CONFLICT (id) DO UPDATE SET name = excluded.name, body = excluded.body, version = excluded.version",
            )
            .bind(after.id.to_string())
            .bind(&after.name)
            .bind(body)
            .bind(after.version as i64)
            .execute(conn)
            .await?;
        }
        Event::DashboardDeleted { before } => {
            sqlx::query("DELETE FROM dashboards WHERE id = ?").bind(before.id.to_string()).execute(conn).await?;
        }
        other => return crate::reviews::write(conn, other).await,
    }
    Ok(true)
}

pub async fn load(pool: &SqlitePool) -> Result<Vec<Dashboard>> {
    let rows = sqlx::query("SELECT body FROM dashboards ORDER BY name").fetch_all(pool).await?;
    rows.iter()
        .map(|r| serde_json::from_str(r.get::<&str, _>("body")).map_err(|e| sqlx::Error::Decode(Box::new(e))))
        .collect()
}
