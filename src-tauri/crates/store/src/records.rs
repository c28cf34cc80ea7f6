//! Records, items and sharing rules: rows in, entities out.

use crate::codec::{from_text, to_text};
use crate::raw::Raw;
use sqlx::{Row, SqliteConnection, SqlitePool};
use trellis_core::{
    ActivityFacts, ContactId, Event, Grantee, HierarchyRoleId, Item, ItemId, MemberId, PartnerAccountId, Person,
    Record, RecordId, Segments, SharingRule, SharingRuleId,
};
use uuid::Uuid;

type Result<T> = std::result::Result<T, sqlx::Error>;

fn uuid(text: &str) -> Result<Uuid> {
    Uuid::parse_str(text).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

fn decode<T: serde::de::DeserializeOwned>(text: &str) -> Result<T> {
    from_text(text).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

fn person_parts(p: Person) -> (&'static str, String) {
    match p {
        Person::Member(id) => ("member", id.to_string()),
        Person::Contact(id) => ("contact", id.to_string()),
    }
}

/// Writes one record, item or sharing-rule event; returns false for other events.
pub async fn write(conn: &mut SqliteConnection, event: &Event) -> Result<bool> {
    match event {
        Event::RecordSaved { after, .. } => {
            let (owner_kind, owner_id) = person_parts(after.owner);
            sqlx::query(
                "INSERT INTO records (id, kind, name, owner_kind, owner_id, version, department, location, class,
                   activity_type, activity_at, customer_id)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                 ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name = excluded.name,
                   owner_kind = excluded.owner_kind, owner_id = excluded.owner_id, version = excluded.version,
                   department = excluded.department, location = excluded.location, class = excluded.class,
                   activity_type = excluded.activity_type, activity_at = excluded.activity_at,
                   customer_id = excluded.customer_id",
            )
            .bind(after.id.to_string())
            .bind(to_text(&after.kind))
            .bind(&after.name)
            .bind(owner_kind)
            .bind(owner_id)
            .bind(after.version as i64)
            .bind(&after.segments.department)
            .bind(&after.segments.location)
            .bind(&after.segments.class)
            .bind(after.activity.as_ref().map(|a| to_text(&a.kind)))
            .bind(after.activity.as_ref().map(|a| a.at))
            .bind(after.activity.as_ref().and_then(|a| a.customer).map(|c| c.to_string()))
            .execute(conn)
            .await?;
        }
        Event::ItemSaved { after, .. } => {
            sqlx::query(
                "INSERT INTO items (id, name, available_in_partner_center, version) VALUES (?, ?, ?, ?)
                 ON CONFLICT (id) DO UPDATE SET name = excluded.name,
                   available_in_partner_center = excluded.available_in_partner_center, version = excluded.version",
            )
            .bind(after.id.to_string())
            .bind(&after.name)
            .bind(after.available_in_partner_center)
            .bind(after.version as i64)
            .execute(conn)
            .await?;
        }
        Event::SharingRuleSaved { after, .. } => {
            let (grantee_kind, grantee_id) = match after.grantee {
                Grantee::Account(a) => ("account", a.to_string()),
                Grantee::Role(r) => ("role", r.to_string()),
            };
            sqlx::query(
                "INSERT INTO sharing_rules (id, name, kind, source_role_id, grantee_kind, grantee_id, access, version)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                 ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind,
                   source_role_id = excluded.source_role_id, grantee_kind = excluded.grantee_kind,
                   grantee_id = excluded.grantee_id, access = excluded.access, version = excluded.version",
            )
            .bind(after.id.to_string())
            .bind(&after.name)
            .bind(to_text(&after.kind))
            .bind(after.source.to_string())
            .bind(grantee_kind)
            .bind(grantee_id)
            .bind(to_text(&after.access))
            .bind(after.version as i64)
            .execute(conn)
            .await?;
        }
        Event::SharingRuleDeleted { before } => {
            sqlx::query("DELETE FROM sharing_rules WHERE id = ?").bind(before.id.to_string()).execute(conn).await?;
        }
        other => return crate::dashboards::write(conn, other).await,
    }
    Ok(true)
}

fn raw_text<T: serde::de::DeserializeOwned>(text: &str) -> std::result::Result<T, String> {
    from_text(text).map_err(|e| format!("{text:?}: {e}"))
}

/// Every record, a row at a time through SQLite's own API. Read through sqlx, a million
/// rows were held all at once while their records were built, and the records' names
/// landed between the rows' freed pages: the process kept 2.5 GiB for 0.4 GiB of state.
pub fn load_records(raw: &Raw) -> std::result::Result<Vec<Record>, String> {
    let mut stmt = raw.prepare(
        "SELECT id, kind, name, owner_kind, owner_id, version, department, location, class,
               activity_type, activity_at, customer_id FROM records",
    )?;
    let id = |text: &str| Uuid::parse_str(text).map_err(|e| format!("id {text:?}: {e}"));
    let owned = |t: Option<&str>| t.map(str::to_owned);
    let mut records = Vec::new();
    while stmt.next()? {
        let owner_id = id(stmt.col_str(4)?)?;
        let owner = match stmt.col_str(3)? {
            "member" => Person::Member(MemberId(owner_id)),
            _ => Person::Contact(ContactId(owner_id)),
        };
        let activity = match (stmt.col_text(9)?, stmt.col_opt_int(10)) {
            (Some(kind), Some(at)) => {
                let customer = stmt.col_text(11)?.map(id).transpose()?.map(RecordId);
                Some(ActivityFacts { kind: raw_text(kind)?, at, customer })
            }
            _ => None,
        };
        records.push(Record {
            id: RecordId(id(stmt.col_str(0)?)?),
            kind: raw_text(stmt.col_str(1)?)?,
            name: stmt.col_str(2)?.to_owned(),
            owner,
            segments: Segments {
                department: owned(stmt.col_text(6)?),
                location: owned(stmt.col_text(7)?),
                class: owned(stmt.col_text(8)?),
            },
            activity,
            version: stmt.col_int(5) as u32,
        });
    }
    records.shrink_to_fit();
    Ok(records)
}

/// Items and sharing rules (few rows: sqlx reads them).
pub async fn load_rest(pool: &SqlitePool) -> Result<(Vec<Item>, Vec<SharingRule>)> {
    let mut items = Vec::new();
    for r in sqlx::query("SELECT id, name, available_in_partner_center, version FROM items").fetch_all(pool).await? {
        items.push(Item {
            id: ItemId(uuid(r.get("id"))?),
            name: r.get("name"),
            available_in_partner_center: r.get("available_in_partner_center"),
            version: r.get::<i64, _>("version") as u32,
        });
    }
    let mut rules = Vec::new();
    for r in sqlx::query(
        "SELECT id, name, kind, source_role_id, grantee_kind, grantee_id, access, version FROM sharing_rules",
    )
    .fetch_all(pool)
    .await?
    {
        let grantee_id = uuid(r.get("grantee_id"))?;
        let grantee = match r.get::<&str, _>("grantee_kind") {
            "account" => Grantee::Account(PartnerAccountId(grantee_id)),
            _ => Grantee::Role(HierarchyRoleId(grantee_id)),
        };
        rules.push(SharingRule {
            id: SharingRuleId(uuid(r.get("id"))?),
            name: r.get("name"),
            kind: decode(r.get("kind"))?,
            source: HierarchyRoleId(uuid(r.get("source_role_id"))?),
            grantee,
            access: decode(r.get("access"))?,
            version: r.get::<i64, _>("version") as u32,
        });
    }
    Ok((items, rules))
}
