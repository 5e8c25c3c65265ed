//! The outbox: user intents waiting to be sent, written in the same local
//! transaction as their effect on the device.

use crate::bank::wire::Command;
use crate::store::StoreError;
use rand::RngCore;
use serde::Deserialize;
use serde_json::Value;
use sqlx::SqliteConnection;

/// Where an action stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutboxState {
    /// Waiting for a connection (等待联网后发送).
    Pending,
    /// The bank confirmed it.
    Sent,
    /// The bank refused it; the reason is kept.
    Refused,
}

/// One queued action, as the screens show it.
#[derive(Clone, Debug, PartialEq)]
pub struct OutboxItem {
    /// Local order.
    pub id: i64,
    /// Its idempotency key.
    pub key: String,
    /// `settings`, `complaint`...
    pub kind: String,
    /// The body sent.
    pub body: Value,
    /// Where it stands.
    pub state: OutboxState,
    /// Send attempts so far.
    pub attempts: i64,
    /// The bank's reason when refused.
    pub result_code: Option<String>,
}

/// A fresh random idempotency key (128 bits, hex).
pub fn new_key() -> String {
    let mut raw = [0u8; 16];
    rand::rng().fill_bytes(&mut raw);
    raw.iter().map(|b| format!("{b:02x}")).collect()
}

/// Queues an action inside the caller's transaction; returns its key.
pub async fn enqueue(
    conn: &mut SqliteConnection,
    command: &Command,
    now: i64,
) -> Result<String, StoreError> {
    let key = new_key();
    sqlx::query("INSERT INTO outbox (idempotency_key, kind, body, created_at) VALUES (?, ?, ?, ?)")
        .bind(&key)
        .bind(command.kind())
        .bind(command.to_json().to_string())
        .bind(now)
        .execute(conn)
        .await?;
    Ok(key)
}

/// Every action not yet confirmed (pending or refused), oldest first.
pub async fn unsettled(conn: &mut SqliteConnection) -> Result<Vec<OutboxItem>, StoreError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: i64,
        idempotency_key: String,
        kind: String,
        body: String,
        state: String,
        attempts: i64,
        result_code: Option<String>,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, idempotency_key, kind, body, state, attempts, result_code FROM outbox WHERE state != 'sent' ORDER BY id",
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| OutboxItem {
            id: r.id,
            key: r.idempotency_key,
            kind: r.kind,
            body: serde_json::from_str(&r.body).unwrap_or(Value::Null),
            state: match r.state.as_str() {
                "refused" => OutboxState::Refused,
                "sent" => OutboxState::Sent,
                _ => OutboxState::Pending,
            },
            attempts: r.attempts,
            result_code: r.result_code,
        })
        .collect())
}

/// Marks an action confirmed, applying what the answer says.
pub async fn mark_sent(
    conn: &mut SqliteConnection,
    item: &OutboxItem,
    answer: &Value,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE outbox SET state = 'sent', attempts = attempts + 1, sent_at = ? WHERE id = ?",
    )
    .bind(now)
    .bind(item.id)
    .execute(&mut *conn)
    .await?;
    if item.kind == "complaint" {
        let filed = crate::bank::wire::CommandDone::deserialize(answer)
            .ok()
            .and_then(|done| done.complaint);
        sqlx::query("UPDATE complaints SET server_id = ?, status = ? WHERE outbox_key = ?")
            .bind(filed.as_ref().map(|c| c.id))
            .bind(filed.as_ref().map_or("received", |c| c.status.as_str()))
            .bind(&item.key)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Marks an action refused, keeping the bank's reason.
pub async fn mark_refused(
    conn: &mut SqliteConnection,
    item: &OutboxItem,
    code: &str,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE outbox SET state = 'refused', attempts = attempts + 1, result_code = ? WHERE id = ?")
        .bind(code)
        .bind(item.id)
        .execute(&mut *conn)
        .await?;
    let table = match item.kind.as_str() {
        "complaint" => Some("UPDATE complaints SET status = 'refused' WHERE outbox_key = ?"),
        "scam_report" => Some("UPDATE scam_reports SET status = 'refused' WHERE outbox_key = ?"),
        // The agreement stands as the bank has it; the answers were not taken.
        "autopay_cancel" => Some("UPDATE autopay SET cancel_key = NULL WHERE cancel_key = ?"),
        "risk_profile" => Some(
            "UPDATE risk_profile SET pending_level = NULL, pending_key = NULL WHERE pending_key = ?",
        ),
        _ => None,
    };
    if let Some(sql) = table {
        sqlx::query(sql).bind(&item.key).execute(&mut *conn).await?;
    }
    Ok(())
}

/// Counts a failed attempt (no answer): the action stays pending.
pub async fn mark_attempt(
    conn: &mut SqliteConnection,
    item: &OutboxItem,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE outbox SET attempts = attempts + 1 WHERE id = ?")
        .bind(item.id)
        .execute(conn)
        .await?;
    Ok(())
}
