//! Applying pulled pages: each page, and the cursor after it, in one local
//! transaction. Data the device cannot understand stops the pull before
//! anything of that page is written.

use crate::accounts::Category;
use crate::bank::wire::{Change, ChangePage};
use crate::store::{StoreError, set_meta};
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

fn i(v: &Value, k: &str) -> Option<i64> {
    v.get(k).and_then(Value::as_i64)
}

async fn apply_change(conn: &mut SqliteConnection, c: &Change) -> Result<(), ApplyError> {
    let bad = || ApplyError::NotUnderstood {
        seq: c.seq,
        entity: c.entity.clone(),
    };
    let d = &c.data;
    match c.entity.as_str() {
        "customer" => {
            let expires = match d.get("id_expires_on") {
                None | Some(Value::Null) => None,
                Some(v) => Some(
                    v.as_str()
                        .filter(|t| chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d").is_ok())
                        .ok_or_else(bad)?,
                ),
            };
            sqlx::query(
                "INSERT INTO customers (id, name, birth_date, id_expires_on) VALUES (?, ?, ?, ?) \
                 ON CONFLICT(id) DO UPDATE SET name = excluded.name, birth_date = excluded.birth_date, \
                 id_expires_on = excluded.id_expires_on",
            )
            .bind(s(d, "id").ok_or_else(bad)?)
            .bind(s(d, "name").ok_or_else(bad)?)
            .bind(s(d, "birth_date").ok_or_else(bad)?)
            .bind(expires)
            .execute(&mut *conn)
            .await?;
        }
        "account" => {
            let kind = s(d, "kind")
                .filter(|k| ["debit", "pension", "time_deposit", "credit_card"].contains(k));
            let details = d.get("details").ok_or_else(bad)?;
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
            .bind(i(d, "id").ok_or_else(bad)?)
            .bind(customer.ok_or_else(bad)?)
            .bind(kind.ok_or_else(bad)?)
            .bind(s(d, "last4").filter(|l| l.len() == 4).ok_or_else(bad)?)
            .bind(s(d, "currency").ok_or_else(bad)?)
            .bind(i(d, "balance_fen").ok_or_else(bad)?)
            .bind(s(d, "opened_on").ok_or_else(bad)?)
            .bind(i(d, "sort_order").ok_or_else(bad)?)
            .bind(s(details, "maturity_on"))
            .bind(i(details, "rate_bp"))
            .bind(i(details, "monthly_fen"))
            .bind(s(details, "next_credit_on"))
            .bind(i(details, "limit_fen"))
            .bind(i(details, "statement_fen"))
            .bind(i(details, "min_payment_fen"))
            .bind(s(details, "due_on"))
            .execute(&mut *conn)
            .await?;
        }
        "transaction" => {
            let category = s(d, "category").filter(|c| Category::from_code(c).is_some());
            sqlx::query(
                "INSERT INTO transactions (id, account_id, posted_at, amount_fen, balance_after_fen, category, counterparty) \
                 VALUES (?, ?, ?, ?, ?, ?, ?) \
                 ON CONFLICT(id) DO UPDATE SET account_id = excluded.account_id, posted_at = excluded.posted_at, \
                 amount_fen = excluded.amount_fen, balance_after_fen = excluded.balance_after_fen, \
                 category = excluded.category, counterparty = excluded.counterparty",
            )
            .bind(i(d, "id").ok_or_else(bad)?)
            .bind(i(d, "account_id").ok_or_else(bad)?)
            .bind(i(d, "posted_at").ok_or_else(bad)?)
            .bind(i(d, "amount_fen").ok_or_else(bad)?)
            .bind(i(d, "balance_after_fen").ok_or_else(bad)?)
            .bind(category.ok_or_else(bad)?)
            .bind(s(d, "counterparty"))
            .execute(&mut *conn)
            .await?;
        }
        "complaint" => {
            let server_id = i(d, "id").ok_or_else(bad)?;
            let status = s(d, "status").ok_or_else(bad)?;
            let key = s(d, "client_key");
            // Ours (matched by the outbox key, even if the push reply was lost) or another device's.
            let reply = s(d, "reply");
            let updated = sqlx::query(
                "UPDATE complaints SET server_id = ?, status = ?, reply = ?, updated_at = ? WHERE outbox_key = ? OR server_id = ?",
            )
            .bind(server_id)
            .bind(status)
            .bind(reply)
            .bind(i(d, "updated_at"))
            .bind(key)
            .bind(server_id)
            .execute(&mut *conn)
            .await?;
            if updated.rows_affected() == 0 {
                sqlx::query(
                    "INSERT INTO complaints (server_id, outbox_key, category, text, status, created_at, reply, updated_at) \
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                )
                .bind(server_id)
                .bind(key)
                .bind(s(d, "category").ok_or_else(bad)?)
                .bind(s(d, "text").unwrap_or_default())
                .bind(status)
                .bind(i(d, "created_at").unwrap_or_default())
                .bind(reply)
                .bind(i(d, "updated_at"))
                .execute(&mut *conn)
                .await?;
            }
        }
        "card" => {
            let kind = s(d, "kind")
                .and_then(crate::cards::CardKind::from_code)
                .ok_or_else(bad)?;
            let flag = |k: &str| d.get(k).and_then(Value::as_bool).ok_or_else(bad);
            let state = crate::cards::CardState {
                id: i(d, "id").ok_or_else(bad)?,
                locks: crate::cards::Locks {
                    region: flag("region_lock")?,
                    overseas: flag("overseas_lock")?,
                    night: flag("night_lock")?,
                    online: flag("online_lock")?,
                },
                frozen: flag("frozen")?,
                home_region: s(d, "home_region").ok_or_else(bad)?.to_string(),
                night_from: i(d, "night_from")
                    .and_then(|v| u16::try_from(v).ok())
                    .ok_or_else(bad)?,
                night_to: i(d, "night_to")
                    .and_then(|v| u16::try_from(v).ok())
                    .ok_or_else(bad)?,
            };
            let last4 = s(d, "last4").filter(|l| l.len() == 4).ok_or_else(bad)?;
            crate::cards::store::upsert(
                conn,
                state.id,
                i(d, "account_id").ok_or_else(bad)?,
                kind,
                last4,
                &state,
            )
            .await?;
        }
        "scam_report" => {
            let server_id = i(d, "id").ok_or_else(bad)?;
            let updated = sqlx::query(
                "UPDATE scam_reports SET server_id = ?, status = 'received' WHERE outbox_key = ? OR server_id = ?",
            )
            .bind(server_id)
            .bind(s(d, "client_key"))
            .bind(server_id)
            .execute(&mut *conn)
            .await?;
            if updated.rows_affected() == 0 {
                sqlx::query(
                    "INSERT INTO scam_reports (server_id, outbox_key, created_at, status) VALUES (?, ?, ?, 'received')",
                )
                .bind(server_id)
                .bind(s(d, "client_key"))
                .bind(i(d, "created_at").unwrap_or_default())
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
