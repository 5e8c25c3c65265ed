//! The complaints filed from this phone, as kept on it (`complaints`).

use super::Filed;
use crate::store::StoreError;
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
