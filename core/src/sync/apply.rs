//! Applying pulled pages: each page, and the cursor after it, in one local
//! transaction. Data the device cannot understand stops the pull before
//! anything of that page is written.

use crate::accounts::Category;
use crate::bank::wire::{self, Change, ChangePage};
use crate::store::{StoreError, set_meta};
use serde::Deserialize;
use serde_json::Value;
use sqlx::SqliteConnection;

/// Meta key of the last applied cursor.
pub const META_CURSOR: &str = "sync_cursor";

/// Why a pulled change cannot be applied.
#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    /// The change does not have the shape this version understands.
    #[error("change {seq} ({entity}) is not understood")]
    NotUnderstood {
        /// Its cursor.
        seq: i64,
        /// Its entity.
        entity: String,
    },
    /// The local store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for ApplyError {
    fn from(e: sqlx::Error) -> Self {
        ApplyError::Store(StoreError::Sqlx(e))
    }
}

/// The cursor of the last applied change (0 before the first pull).
pub async fn cursor(conn: &mut SqliteConnection) -> Result<i64, StoreError> {
    let v: Option<String> = sqlx::query_scalar("SELECT value FROM meta WHERE key = ?")
        .bind(META_CURSOR)
        .fetch_optional(conn)
        .await?;
    Ok(v.and_then(|v| v.parse().ok()).unwrap_or(0))
}

/// Applies one page inside the caller's transaction and moves the cursor.
pub async fn apply_page(conn: &mut SqliteConnection, page: &ChangePage) -> Result<(), ApplyError> {
    for change in &page.changes {
        apply_change(conn, change).await?;
    }
    set_meta(conn, META_CURSOR, &page.next.to_string()).await?;
    Ok(())
}

fn s<'a>(v: &'a Value, k: &str) -> Option<&'a str> {
    v.get(k).and_then(Value::as_str)
}

async fn apply_change(conn: &mut SqliteConnection, c: &Change) -> Result<(), ApplyError> {
    let bad = || ApplyError::NotUnderstood {
        seq: c.seq,
        entity: c.entity.clone(),
    };
    let d = &c.data;
    match c.entity.as_str() {
        "customer" => {
            let customer = wire::Customer::deserialize(d).map_err(|_| bad())?;
            let dated = |t: &str| chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d").is_ok();
            if customer.id_expires_on.as_deref().is_some_and(|t| !dated(t)) {
                return Err(bad());
            }
            sqlx::query(
                "INSERT INTO customers (id, name, birth_date, id_expires_on) VALUES (?, ?, ?, ?) \
                 ON CONFLICT(id) DO UPDATE SET name = excluded.name, birth_date = excluded.birth_date, \
                 id_expires_on = excluded.id_expires_on",
            )
            .bind(&customer.id)
            .bind(&customer.name)
            .bind(&customer.birth_date)
            .bind(&customer.id_expires_on)
            .execute(&mut *conn)
            .await?;
        }
        "account" => {
            let a = wire::Account::deserialize(d).map_err(|_| bad())?;
            if !["debit", "pension", "time_deposit", "credit_card"].contains(&a.kind.as_str())
                || a.last4.len() != 4
            {
                return Err(bad());
            }
            let details = &a.details;
            let customer: Option<String> = sqlx::query_scalar("SELECT id FROM customers LIMIT 1")
                .fetch_optional(&mut *conn)
                .await?;
            sqlx::query(
                "INSERT INTO accounts (id, customer_id, kind, number_last4, currency, balance_fen, opened_on, sort_order, \
                 maturity_on, rate_bp, monthly_fen, next_credit_on, limit_fen, statement_fen, min_payment_fen, due_on) \
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
                 ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, number_last4 = excluded.number_last4, \
                 currency = excluded.currency, balance_fen = excluded.balance_fen, opened_on = excluded.opened_on, \
                 sort_order = excluded.sort_order, maturity_on = excluded.maturity_on, rate_bp = excluded.rate_bp, \
                 monthly_fen = excluded.monthly_fen, next_credit_on = excluded.next_credit_on, limit_fen = excluded.limit_fen, \
                 statement_fen = excluded.statement_fen, min_payment_fen = excluded.min_payment_fen, due_on = excluded.due_on",
            )
            .bind(a.id)
            .bind(customer.ok_or_else(bad)?)
            .bind(&a.kind)
            .bind(&a.last4)
            .bind(&a.currency)
            .bind(a.balance_fen)
            .bind(&a.opened_on)
            .bind(a.sort_order)
            .bind(&details.maturity_on)
            .bind(details.rate_bp)
            .bind(details.monthly_fen)
            .bind(&details.next_credit_on)
            .bind(details.limit_fen)
            .bind(details.statement_fen)
            .bind(details.min_payment_fen)
            .bind(&details.due_on)
            .execute(&mut *conn)
            .await?;
        }
        "transaction" => {
            let t = wire::Transaction::deserialize(d)
                .ok()
                .filter(|t| Category::from_code(&t.category).is_some())
                .ok_or_else(bad)?;
            sqlx::query(
                "INSERT INTO transactions (id, account_id, posted_at, amount_fen, balance_after_fen, category, counterparty) \
                 VALUES (?, ?, ?, ?, ?, ?, ?) \
                 ON CONFLICT(id) DO UPDATE SET account_id = excluded.account_id, posted_at = excluded.posted_at, \
                 amount_fen = excluded.amount_fen, balance_after_fen = excluded.balance_after_fen, \
                 category = excluded.category, counterparty = excluded.counterparty",
            )
            .bind(t.id)
            .bind(t.account_id)
            .bind(t.posted_at)
            .bind(t.amount_fen)
            .bind(t.balance_after_fen)
            .bind(&t.category)
            .bind(&t.counterparty)
            .execute(&mut *conn)
            .await?;
        }
        "fraud_report" => crate::fraud::reports::apply(conn, d)
            .await
            .ok_or_else(bad)??,
        "chat_message" => crate::chat::apply(conn, d).await.ok_or_else(bad)??,
        "complaint" => crate::complaints::store::apply(conn, d)
            .await
            .ok_or_else(bad)??,
        "card" => crate::cards::store::apply(conn, d)
            .await
            .ok_or_else(bad)??,
        "scam_report" => {
            let r = wire::ScamReport::deserialize(d).map_err(|_| bad())?;
            let updated = sqlx::query(
                "UPDATE scam_reports SET server_id = ?, status = 'received' WHERE outbox_key = ? OR server_id = ?",
            )
            .bind(r.id)
            .bind(&r.client_key)
            .bind(r.id)
            .execute(&mut *conn)
            .await?;
            if updated.rows_affected() == 0 {
                sqlx::query(
                    "INSERT INTO scam_reports (server_id, outbox_key, created_at, status) VALUES (?, ?, ?, 'received')",
                )
                .bind(r.id)
                .bind(&r.client_key)
                .bind(r.created_at)
                .execute(&mut *conn)
                .await?;
            }
        }
        "payee" => crate::transfers::device::upsert_payee(conn, d)
            .await
            .ok_or_else(bad)??,
        "transfer" => crate::transfers::device::upsert_transfer(conn, d)
            .await
            .ok_or_else(bad)??,
        "family_link" => {
            crate::family::store::upsert_link(conn, d)
                .await
                .ok_or_else(bad)??;
            // A member whose link ended keeps nothing of that elder; one who
            // is no longer a guardian keeps no approvals to decide.
            let ended = matches!(s(d, "status"), Some("revoked" | "declined"));
            let guardian = s(d, "role") == Some("guardian");
            if ended || !guardian {
                let me: Option<String> = sqlx::query_scalar("SELECT id FROM customers LIMIT 1")
                    .fetch_optional(&mut *conn)
                    .await?;
                let tables: &[&str] = if ended {
                    &["family_alerts", "approvals"]
                } else {
                    &["approvals"]
                };
                if me.as_deref() == s(d, "member_id") {
                    for table in tables {
                        sqlx::query(sqlx::AssertSqlSafe(format!(
                            "DELETE FROM {table} WHERE elder_id = ?"
                        )))
                        .bind(s(d, "elder_id"))
                        .execute(&mut *conn)
                        .await?;
                    }
                }
            }
        }
        "family_alert" => crate::family::store::insert_alert(conn, d)
            .await
            .ok_or_else(bad)??,
        "approval" => crate::family::store::upsert_approval(conn, d)
            .await
            .ok_or_else(bad)??,
        "family_audit" => crate::family::store::insert_audit(conn, d)
            .await
            .ok_or_else(bad)??,
        "bill_account" => crate::bills::store::upsert_account(conn, d)
            .await
            .ok_or_else(bad)??,
        "bill" => crate::bills::store::upsert_bill(conn, d)
            .await
            .ok_or_else(bad)??,
        "autopay" => crate::bills::store::upsert_autopay(conn, d)
            .await
            .ok_or_else(bad)??,
        "product" => crate::wealth::store::upsert_product(conn, d)
            .await
            .ok_or_else(bad)??,
        "risk_profile" => crate::wealth::store::upsert_profile(conn, d)
            .await
            .ok_or_else(bad)??,
        "holding" => crate::wealth::store::upsert_holding(conn, d)
            .await
            .ok_or_else(bad)??,
        // Display settings belong to each device (see the module rules).
        "unfreeze" => crate::cards::unfreeze::upsert(conn, d)
            .await
            .ok_or_else(bad)??,
        "phone_bound" => crate::auth::phones::upsert_bound(conn, c.seq, d)
            .await
            .ok_or_else(bad)??,
        "setting" => {}
        _ => return Err(bad()),
    }
    Ok(())
}
