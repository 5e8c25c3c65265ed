//! The transfers' rows: reading one, logging it for the customer's devices,
//! and its changes of state after it was made: a delayed transfer arriving,
//! one cancelled by a scam report, a co-sign transfer approved or not.

use crate::AppState;
use crate::db::insert_change;
use crate::http::ApiError;
use crate::ledger;
use happylife_core::bank::wire::Transfer;
use happylife_core::family::{self, AlertKind};
use serde_json::Value;

type Tx<'a> = sqlx::Transaction<'a, sqlx::Any>;

pub(crate) fn last4(account: &str) -> String {
    account[account.len().saturating_sub(4)..].to_string()
}

#[derive(sqlx::FromRow)]
pub(super) struct TransferRow {
    pub(super) id: i64,
    pub(super) client_key: String,
    pub(super) from_account_id: i64,
    pub(super) payee_name: String,
    pub(super) payee_account: String,
    pub(super) amount_fen: i64,
    pub(super) note: String,
    pub(super) status: String,
    pub(super) decision: String,
    pub(super) reasons: String,
    pub(super) arrive_at: Option<i64>,
    pub(super) created_at: i64,
}

impl TransferRow {
    /// As devices receive it: the payee's last four digits only.
    pub(super) fn wire(&self) -> Transfer {
        Transfer {
            id: self.id,
            client_key: Some(self.client_key.clone()),
            from_account_id: self.from_account_id,
            payee_name: self.payee_name.clone(),
            last4: last4(&self.payee_account),
            amount_fen: self.amount_fen,
            note: self.note.clone(),
            status: self.status.clone(),
            decision: self.decision.clone(),
            reasons: serde_json::from_str(&self.reasons).unwrap_or_default(),
            arrive_at: self.arrive_at,
            created_at: self.created_at,
        }
    }

    /// The same, as JSON (for the change log).
    pub(super) fn json(&self) -> Value {
        serde_json::to_value(self.wire()).unwrap_or(Value::Null)
    }
}

pub(super) const TRANSFER_COLUMNS: &str = "id, client_key, from_account_id, payee_name, payee_account, amount_fen, note, status, \
                                decision, reasons, arrive_at, created_at";

pub(super) async fn load_by(
    tx: &mut Tx<'_>,
    customer: &str,
    id: i64,
) -> Result<Option<TransferRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {TRANSFER_COLUMNS} FROM transfers WHERE customer_id = $1 AND id = $2"
    )))
    .bind(customer)
    .bind(id)
    .fetch_optional(&mut **tx)
    .await
}

/// Re-reads a transfer after it changed and logs it for the customer's
/// devices (caller holds the change-log lock).
pub(super) async fn log_transfer(
    tx: &mut Tx<'_>,
    customer: &str,
    id: i64,
    now: i64,
) -> Result<TransferRow, ApiError> {
    let row = load_by(tx, customer, id)
        .await?
        .ok_or_else(ApiError::internal)?;
    insert_change(tx, customer, "transfer", &id.to_string(), &row.json(), now).await?;
    Ok(row)
}

/// Marks delayed transfers whose time has come as arrived.
pub async fn settle_due(state: &AppState, customer: &str) -> Result<(), ApiError> {
    let now = state.now();
    let due: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM transfers WHERE customer_id = $1 AND status = 'scheduled' AND arrive_at <= $2",
    )
    .bind(customer)
    .bind(now)
    .fetch_all(&state.db.pool)
    .await?;
    if due.is_empty() {
        return Ok(());
    }
    let mut tx = state.db.begin().await?;
    state.db.lock_change_log(&mut tx).await?;
    for id in due {
        let done = sqlx::query(
            "UPDATE transfers SET status = 'completed' WHERE id = $1 AND status = 'scheduled'",
        )
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 1 {
            log_transfer(&mut tx, customer, id, now).await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// 我被骗了: every transfer of hers still waiting (for its delay, or for a
/// guardian) is cancelled and delayed money comes back (caller holds the
/// change-log lock). The number cancelled.
pub(crate) async fn cancel_waiting(
    tx: &mut Tx<'_>,
    customer: &str,
    now: i64,
) -> Result<u64, ApiError> {
    let waiting: Vec<(i64, String, i64, i64, String)> = sqlx::query_as(
        "SELECT id, status, from_account_id, amount_fen, payee_name FROM transfers WHERE customer_id = $1 \
         AND (status = 'awaiting_cosign' OR (status = 'scheduled' AND arrive_at > $2)) ORDER BY id",
    )
    .bind(customer)
    .bind(now)
    .fetch_all(&mut **tx)
    .await?;
    for (id, status, from, amount, payee) in &waiting {
        if status == "scheduled" {
            ledger::post(
                tx,
                customer,
                *from,
                *amount,
                "transfer_returned",
                payee,
                now,
            )
            .await?;
        }
        sqlx::query("UPDATE transfers SET status = 'cancelled' WHERE id = $1")
            .bind(id)
            .execute(&mut **tx)
            .await?;
        log_transfer(tx, customer, *id, now).await?;
        crate::family::close_for_transfer(tx, *id, now).await?;
    }
    Ok(waiting.len() as u64)
}

/// A guardian (and, where needed, the elder) approved a co-sign transfer:
/// the money goes now, if it is still there (caller holds the lock).
pub(crate) async fn complete_cosigned(
    tx: &mut Tx<'_>,
    customer: &str,
    id: i64,
    now: i64,
) -> Result<(), ApiError> {
    let row = load_by(tx, customer, id)
        .await?
        .ok_or_else(ApiError::internal)?;
    if row.status != "awaiting_cosign" {
        return Err(ApiError::conflict(
            "approval_closed",
            "this transfer is no longer waiting",
        ));
    }
    ledger::require_funds(tx, row.from_account_id, row.amount_fen).await?;
    ledger::post(
        tx,
        customer,
        row.from_account_id,
        -row.amount_fen,
        "transfer_out",
        &row.payee_name,
        now,
    )
    .await?;
    // The delay she chose still holds: the money is taken now and can be
    // cancelled until it arrives.
    let delay: i64 = sqlx::query_scalar("SELECT delay_secs FROM transfers WHERE id = $1")
        .bind(id)
        .fetch_one(&mut **tx)
        .await?;
    if delay > 0 {
        sqlx::query("UPDATE transfers SET status = 'scheduled', arrive_at = $1 WHERE id = $2")
            .bind(now + delay)
            .bind(id)
            .execute(&mut **tx)
            .await?;
    } else {
        sqlx::query("UPDATE transfers SET status = 'completed' WHERE id = $1")
            .bind(id)
            .execute(&mut **tx)
            .await?;
    }
    log_transfer(tx, customer, id, now).await?;
    if row.amount_fen >= family::LARGE_TRANSFER_ALERT_FEN {
        crate::family::alert(
            tx,
            customer,
            AlertKind::LargeTransfer,
            Some(row.amount_fen),
            Some(&row.payee_name),
            now,
        )
        .await?;
    }
    Ok(())
}

/// A co-sign transfer rejected or left to expire: cancelled, no money moved.
pub(crate) async fn cancel_cosigned(
    tx: &mut Tx<'_>,
    customer: &str,
    id: i64,
    now: i64,
) -> Result<(), ApiError> {
    let done = sqlx::query(
        "UPDATE transfers SET status = 'cancelled' WHERE id = $1 AND status = 'awaiting_cosign'",
    )
    .bind(id)
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() == 1 {
        log_transfer(tx, customer, id, now).await?;
    }
    Ok(())
}
