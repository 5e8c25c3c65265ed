//! 举报: she reports a number, account or site with a few words of what
//! happened. The report is kept at once (waiting, if offline) and sent once
//! by the outbox; the bank's staff confirm it and publish it into the
//! signed scam list, which every phone then finds offline after its next
//! sync. She sees where each of her reports stands.

use crate::bank::wire::{self, Command};
use crate::store::StoreError;
use crate::{Companion, CompanionError, sync};
use serde::Deserialize;
use serde_json::Value;
use sqlx::SqliteConnection;

/// One of her reports, with where it stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    /// What she reported.
    pub target: String,
    /// What happened, in her words.
    pub note: String,
    /// `waiting` (not sent yet), `received`, `confirmed` (on the scam list),
    /// `rejected`.
    pub status: String,
    /// Unix seconds.
    pub created_at: i64,
}

impl Companion {
    /// Reports a number, account or site: kept at once, sent when online.
    pub async fn report_fraud(&self, target: &str, note: &str) -> Result<(), CompanionError> {
        let plain = |t| crate::bank::wire::plain_text(t, super::MAX_REPORT_CHARS);
        let target = plain(target)
            .filter(|t| super::normalize::normalize(t).is_some())
            .ok_or(CompanionError::InvalidReportTarget)?;
        let note = plain(note).ok_or(CompanionError::InvalidReportNote)?;
        self.inner.store.ensure_writable()?;
        let now = self.now().timestamp();
        let mut tx = self.inner.store.begin().await?;
        let command = Command::FraudReport {
            target: target.to_string(),
            note: note.to_string(),
        };
        let key = sync::outbox::enqueue(&mut tx, &command, now).await?;
        sqlx::query(
            "INSERT INTO fraud_reports (outbox_key, target, note, status, created_at) VALUES (?, ?, ?, 'waiting', ?)",
        )
        .bind(&key)
        .bind(target)
        .bind(note)
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from)?;
        tx.commit().await.map_err(StoreError::from)?;
        Ok(())
    }

    /// Her reports, newest first.
    pub async fn fraud_reports(&self) -> Result<Vec<Report>, CompanionError> {
        let mut conn = self.inner.store.acquire().await?;
        let rows: Vec<(String, String, String, i64)> = sqlx::query_as(
            "SELECT target, note, status, created_at FROM fraud_reports ORDER BY created_at DESC, local_id DESC",
        )
        .fetch_all(&mut *conn)
        .await
        .map_err(StoreError::from)?;
        Ok(rows
            .into_iter()
            .map(|(target, note, status, created_at)| Report {
                target,
                note,
                status,
                created_at,
            })
            .collect())
    }
}

/// Applies a `fraud_report` change (hers, matched by the outbox key or the
/// bank's id; another phone's is added). `None` when not understood.
pub(crate) async fn apply(
    conn: &mut SqliteConnection,
    d: &Value,
) -> Option<Result<(), StoreError>> {
    let r = wire::FraudReportLine::deserialize(d).ok()?;
    if !["received", "confirmed", "rejected"].contains(&r.status.as_str()) {
        return None;
    }
    let updated = sqlx::query(
        "UPDATE fraud_reports SET server_id = ?, status = ? WHERE outbox_key = ? OR server_id = ?",
    )
    .bind(r.id)
    .bind(&r.status)
    .bind(&r.client_key)
    .bind(r.id)
    .execute(&mut *conn)
    .await;
    match updated {
        Err(e) => return Some(Err(e.into())),
        Ok(u) if u.rows_affected() > 0 => return Some(Ok(())),
        Ok(_) => {}
    }
    Some(
        sqlx::query(
            "INSERT INTO fraud_reports (server_id, outbox_key, target, note, status, created_at) VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(r.id)
        .bind(&r.client_key)
        .bind(&r.target)
        .bind(&r.note)
        .bind(&r.status)
        .bind(r.created_at)
        .execute(conn)
        .await
        .map(|_| ())
        .map_err(StoreError::from),
    )
}
