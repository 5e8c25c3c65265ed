//! The device's copy of bills and agreements: applied from the bank's change
//! log, read by every bills screen with no network.

use super::{Autopay, Bill, BillAccount, BillKind, BillStatus, PaidBy};
use crate::bank::wire;
use crate::money::Money;
use crate::store::StoreError;
use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::Value;
use sqlx::{Row, SqliteConnection};

fn date(t: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(t, "%Y-%m-%d").ok()
}

/// Applies a `bill_account` change; `None` when it is not understood.
pub async fn upsert_account(
    conn: &mut SqliteConnection,
    d: &Value,
) -> Option<Result<(), StoreError>> {
    let a = wire::BillAccount::deserialize(d).ok()?;
    let (id, provider) = (a.id, &a.provider);
    let kind = BillKind::from_code(&a.kind)?;
    let last4 = Some(a.last4.as_str()).filter(|l| l.chars().count() == 4)?;
    Some(
        sqlx::query(
            "INSERT INTO bill_accounts (id, kind, provider, last4) VALUES (?, ?, ?, ?) \
             ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, provider = excluded.provider, last4 = excluded.last4",
        )
        .bind(id)
        .bind(kind.code())
        .bind(provider)
        .bind(last4)
        .execute(conn)
        .await
        .map(|_| ())
        .map_err(StoreError::from),
    )
}

/// Applies a `bill` change (a paid bill settles the payment sent from here).
pub async fn upsert_bill(conn: &mut SqliteConnection, d: &Value) -> Option<Result<(), StoreError>> {
    let b = wire::Bill::deserialize(d).ok()?;
    let (id, account, period, paid_at) = (b.id, b.bill_account_id, &b.period, b.paid_at);
    let amount = Some(b.amount_fen).filter(|a| *a > 0)?;
    let issued = date(&b.issued_on)?;
    let due = date(&b.due_on)?;
    let status = Some(b.status.as_str()).filter(|s| ["unpaid", "paid"].contains(s))?;
    let paid_by = match b.paid_by.as_deref() {
        None => None,
        Some(p @ ("customer" | "autopay" | "family")) => Some(p),
        Some(_) => return None,
    };
    Some(
        async {
            sqlx::query(
                "INSERT INTO bills (id, bill_account_id, period, amount_fen, issued_on, due_on, status, paid_by, paid_at) \
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET bill_account_id = excluded.bill_account_id, \
                 period = excluded.period, amount_fen = excluded.amount_fen, issued_on = excluded.issued_on, \
                 due_on = excluded.due_on, status = excluded.status, paid_by = excluded.paid_by, paid_at = excluded.paid_at",
            )
            .bind(id)
            .bind(account)
            .bind(period)
            .bind(amount)
            .bind(issued.to_string())
            .bind(due.to_string())
            .bind(status)
            .bind(paid_by)
            .bind(paid_at)
            .execute(&mut *conn)
            .await?;
            if status == "paid" {
                sqlx::query("DELETE FROM live_attempts WHERE what = 'bill' AND ref_id = ?")
                    .bind(id)
                    .execute(&mut *conn)
                    .await?;
            }
            Ok::<(), sqlx::Error>(())
        }
        .await
        .map_err(StoreError::from),
    )
}

/// Applies an `autopay` change (and settles the attempt that signed it).
pub async fn upsert_autopay(
    conn: &mut SqliteConnection,
    d: &Value,
) -> Option<Result<(), StoreError>> {
    let a = wire::Autopay::deserialize(d).ok()?;
    let (id, account, from, limit, created) = (
        a.id,
        a.bill_account_id,
        a.from_account_id,
        a.limit_fen,
        a.created_at,
    );
    let status = Some(a.status.as_str()).filter(|s| ["active", "cancelled"].contains(s))?;
    Some(
        async {
            sqlx::query(
                "INSERT INTO autopay (id, bill_account_id, from_account_id, limit_fen, status, created_at) \
                 VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET bill_account_id = excluded.bill_account_id, \
                 from_account_id = excluded.from_account_id, limit_fen = excluded.limit_fen, status = excluded.status, \
                 created_at = excluded.created_at, \
                 cancel_key = CASE WHEN excluded.status = 'cancelled' THEN NULL ELSE autopay.cancel_key END",
            )
            .bind(id)
            .bind(account)
            .bind(from)
            .bind(limit)
            .bind(status)
            .bind(created)
            .execute(&mut *conn)
            .await?;
            sqlx::query("DELETE FROM live_attempts WHERE what = 'autopay' AND ref_id = ?")
                .bind(account)
                .execute(&mut *conn)
                .await?;
            Ok::<(), sqlx::Error>(())
        }
        .await
        .map_err(StoreError::from),
    )
}

fn account_of(r: &sqlx::sqlite::SqliteRow) -> BillAccount {
    BillAccount {
        id: r.get("account_id"),
        kind: BillKind::from_code(r.get::<&str, _>("kind")).unwrap_or(BillKind::Water),
        provider: r.get("provider"),
        last4: r.get("last4"),
    }
}

/// Every bill kept here: open ones first (soonest due first), then paid ones
/// (latest first).
pub async fn bills(conn: &mut SqliteConnection) -> Result<Vec<Bill>, StoreError> {
    let rows = sqlx::query(
        "SELECT b.id, b.bill_account_id AS account_id, a.kind, a.provider, a.last4, b.period, b.amount_fen, \
         b.issued_on, b.due_on, b.status, b.paid_by, b.paid_at, \
         EXISTS (SELECT 1 FROM live_attempts l WHERE l.what = 'bill' AND l.ref_id = b.id) AS checking \
         FROM bills b JOIN bill_accounts a ON a.id = b.bill_account_id \
         ORDER BY b.status = 'paid', CASE WHEN b.status = 'paid' THEN -b.paid_at ELSE 0 END, b.due_on, b.id",
    )
    .fetch_all(&mut *conn)
    .await?;
    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default();
    Ok(rows
        .iter()
        .map(|r| {
            let status = match (r.get::<&str, _>("status"), r.get::<bool, _>("checking")) {
                ("paid", _) => BillStatus::Paid {
                    by: match r.get::<Option<&str>, _>("paid_by") {
                        Some("autopay") => PaidBy::Autopay,
                        Some("family") => PaidBy::Family,
                        _ => PaidBy::Customer,
                    },
                    at: r.get::<Option<i64>, _>("paid_at").unwrap_or_default(),
                },
                (_, true) => BillStatus::Checking,
                _ => BillStatus::Unpaid,
            };
            Bill {
                id: r.get("id"),
                account: account_of(r),
                period: r.get("period"),
                amount: Money::cny(r.get("amount_fen")),
                issued_on: day(r.get("issued_on")),
                due_on: day(r.get("due_on")),
                status,
            }
        })
        .collect())
}

/// The utility accounts (credit cards excluded), in the order of 缴费.
pub async fn accounts(conn: &mut SqliteConnection) -> Result<Vec<BillAccount>, StoreError> {
    let rows = sqlx::query(
        "SELECT id AS account_id, kind, provider, last4 FROM bill_accounts WHERE kind != 'credit_card' \
         ORDER BY CASE kind WHEN 'water' THEN 1 WHEN 'electricity' THEN 2 WHEN 'gas' THEN 3 ELSE 4 END, id",
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.iter().map(account_of).collect())
}

/// Active agreements (including ones cancelled here and not yet confirmed).
pub async fn autopays(conn: &mut SqliteConnection) -> Result<Vec<Autopay>, StoreError> {
    let rows = sqlx::query(
        "SELECT p.id, p.bill_account_id AS account_id, a.kind, a.provider, a.last4, p.from_account_id, p.limit_fen, \
         p.created_at, p.cancel_key IS NOT NULL AS cancel_waiting \
         FROM autopay p JOIN bill_accounts a ON a.id = p.bill_account_id WHERE p.status = 'active' ORDER BY p.id",
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .iter()
        .map(|r| Autopay {
            id: r.get("id"),
            account: account_of(r),
            from_account_id: r.get("from_account_id"),
            limit: Money::cny(r.get("limit_fen")),
            created_at: r.get("created_at"),
            cancel_waiting: r.get("cancel_waiting"),
        })
        .collect())
}
