//! The complaints filed from this phone, as kept on it (`complaints`).

use super::Filed;
use crate::bank::wire;
use crate::store::StoreError;
use serde::Deserialize;
use serde_json::Value;
use sqlx::SqliteConnection;

/// Keeps a complaint queued under `outbox_key` as waiting.
pub(crate) async fn insert(
    conn: &mut SqliteConnection,
    outbox_key: &str,
    category: &str,
    text: &str,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO complaints (outbox_key, category, text, status, created_at) VALUES (?, ?, ?, 'waiting', ?)")
        .bind(outbox_key)
        .bind(category)
        .bind(text)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(())
}

/// Every complaint, newest first.
pub(crate) async fn list(conn: &mut SqliteConnection) -> Result<Vec<Filed>, StoreError> {
    let rows: Vec<(String, String, String, Option<String>, i64)> = sqlx::query_as(
        "SELECT category, text, status, reply, created_at FROM complaints ORDER BY created_at DESC, local_id DESC",
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(category, text, status, reply, created_at)| Filed {
            category,
            text,
            status,
            reply,
            created_at,
        })
        .collect())
}

/// Applies a `complaint` change: ours (matched by the outbox key, even if
/// the push reply was lost) or another device's; `None` when it is not
/// understood.
pub(crate) async fn apply(
    conn: &mut SqliteConnection,
    d: &Value,
) -> Option<Result<(), StoreError>> {
    let c = wire::Complaint::deserialize(d).ok()?;
    let updated = sqlx::query(
        "UPDATE complaints SET server_id = ?, status = ?, reply = ?, updated_at = ? WHERE outbox_key = ? OR server_id = ?",
    )
    .bind(c.id)
    .bind(&c.status)
    .bind(c.reply())
    .bind(c.updated_at)
    .bind(&c.client_key)
    .bind(c.id)
    .execute(&mut *conn)
    .await;
    match updated {
        Err(e) => return Some(Err(e.into())),
        Ok(u) if u.rows_affected() > 0 => return Some(Ok(())),
        Ok(_) => {}
    }
    // Another device's complaint, new to this one: it needs its category.
    let category = c.category.as_deref()?;
    Some(
        sqlx::query(
            "INSERT INTO complaints (server_id, outbox_key, category, text, status, created_at, reply, updated_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(c.id)
        .bind(&c.client_key)
        .bind(category)
        .bind(&c.text)
        .bind(&c.status)
        .bind(c.created_at)
        .bind(c.reply())
        .bind(c.updated_at)
        .execute(conn)
        .await
        .map(|_| ())
        .map_err(StoreError::from),
    )
}
