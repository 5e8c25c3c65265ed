//! The ledger: money on the customers' accounts. Posting a transaction
//! (the balance moves, and both the transaction and the account reach the
//! customer's devices through the change log), the balance a payment needs,
//! and what a customer has sent today against her daily transfer limit.
//! Transfers, bills and wealth orders all move money through here, inside
//! their request's transaction (which holds the change-log lock).

use crate::db::insert_change;
use crate::http::ApiError;
use happylife_core::bank::wire::{self, wire_body};

type Tx<'a> = sqlx::Transaction<'a, sqlx::Any>;

/// Posts a transaction on an account, moves its balance, and logs both changes.
pub(crate) async fn post(
    tx: &mut Tx<'_>,
    customer: &str,
    account_id: i64,
    amount_fen: i64,
    category: &str,
    counterparty: &str,
    now: i64,
) -> Result<i64, ApiError> {
    let balance: i64 = sqlx::query_scalar(
        "UPDATE accounts SET balance_fen = balance_fen + $1 WHERE id = $2 AND customer_id = $3 RETURNING balance_fen",
    )
    .bind(amount_fen)
    .bind(account_id)
    .bind(customer)
    .fetch_one(&mut **tx)
    .await?;
    let id: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) + 1 FROM transactions")
        .fetch_one(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO transactions (id, account_id, posted_at, amount_fen, balance_after_fen, category, counterparty) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id)
    .bind(account_id)
    .bind(now)
    .bind(amount_fen)
    .bind(balance)
    .bind(category)
    .bind(counterparty)
    .execute(&mut **tx)
    .await?;
    let t = wire::Transaction {
        id,
        account_id,
        posted_at: now,
        amount_fen,
        balance_after_fen: balance,
        category: category.into(),
        counterparty: Some(counterparty.into()),
    };
    insert_change(
        tx,
        customer,
        "transaction",
        &id.to_string(),
        &wire_body(&t),
        now,
    )
    .await?;
    // The account's own change carries the new balance.
    let (kind, l4, opened, order, details): (String, String, String, i64, String) = sqlx::query_as(
        "SELECT kind, number_last4, opened_on, sort_order, details FROM accounts WHERE id = $1",
    )
    .bind(account_id)
    .fetch_one(&mut **tx)
    .await?;
    let a = wire::Account {
        id: account_id,
        kind,
        last4: l4,
        currency: "CNY".into(),
        balance_fen: balance,
        opened_on: opened,
        sort_order: order,
        details: serde_json::from_str(&details).unwrap_or_default(),
    };
    insert_change(
        tx,
        customer,
        "account",
        &account_id.to_string(),
        &wire_body(&a),
        now,
    )
    .await?;
    Ok(balance)
}

/// Refuses (422 `insufficient_funds`) unless the account holds `amount_fen`.
pub(crate) async fn require_funds(
    tx: &mut Tx<'_>,
    account_id: i64,
    amount_fen: i64,
) -> Result<(), ApiError> {
    let have: i64 = sqlx::query_scalar("SELECT balance_fen FROM accounts WHERE id = $1")
        .bind(account_id)
        .fetch_one(&mut **tx)
        .await?;
    if have < amount_fen {
        return Err(ApiError::unprocessable(
            "insufficient_funds",
            "the balance is lower than the amount",
        ));
    }
    Ok(())
}

/// What the customer's transfers of today (China's day of `now_at`) add up
/// to: those done, scheduled, or waiting for a co-sign, as her daily limit
/// counts them.
pub(crate) async fn sent_today(
    tx: &mut Tx<'_>,
    customer: &str,
    now_at: chrono::DateTime<chrono::FixedOffset>,
) -> Result<i64, sqlx::Error> {
    let (start, end) = happylife_core::transfers::china_day(now_at);
    sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(amount_fen), 0) AS BIGINT) FROM transfers WHERE customer_id = $1 \
         AND status IN ('completed', 'scheduled', 'awaiting_cosign') AND created_at >= $2 AND created_at < $3",
    )
    .bind(customer)
    .bind(start)
    .bind(end)
    .fetch_one(&mut **tx)
    .await
}
