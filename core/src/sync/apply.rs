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

/// Transactions written by one statement: a run of them (most of an
/// initial sync) costs one round trip to SQLite per batch, not per row
/// (7 parameters each, well under SQLite's 32,766).
const TRANSACTION_BATCH: usize = 500;

/// Applies one page inside the caller's transaction and moves the cursor.
/// Changes are applied in order: a run of transactions is written in
/// batches, each before the next change of another kind.
pub async fn apply_page(conn: &mut SqliteConnection, page: &ChangePage) -> Result<(), ApplyError> {
    let mut run: Vec<wire::Transaction> = Vec::new();
    for change in &page.changes {
        if change.entity == "transaction" {
            run.push(transaction(change)?);
            if run.len() == TRANSACTION_BATCH {
                upsert_transactions(conn, &mut run).await?;
            }
        } else {
            upsert_transactions(conn, &mut run).await?;
            apply_change(conn, change).await?;
        }
    }
    upsert_transactions(conn, &mut run).await?;
    set_meta(conn, META_CURSOR, &page.next.to_string()).await?;
    Ok(())
}

/// A pulled transaction, checked.
fn transaction(c: &Change) -> Result<wire::Transaction, ApplyError> {
    wire::Transaction::deserialize(&c.data)
        .ok()
        .filter(|t| Category::from_code(&t.category).is_some())
        .ok_or_else(|| ApplyError::NotUnderstood {
            seq: c.seq,
            entity: c.entity.clone(),
        })
}

/// Writes (or updates) `run` in one statement, in order (a later change of
/// the same transaction wins), and empties it.
async fn upsert_transactions(
    conn: &mut SqliteConnection,
    run: &mut Vec<wire::Transaction>,
) -> Result<(), ApplyError> {
    if run.is_empty() {
        return Ok(());
    }
    let mut q = sqlx::QueryBuilder::new(
        "INSERT INTO transactions (id, account_id, posted_at, amount_fen, balance_after_fen, category, counterparty) ",
    );
    q.push_values(run.iter(), |mut row, t| {
        row.push_bind(t.id)
            .push_bind(t.account_id)
            .push_bind(t.posted_at)
            .push_bind(t.amount_fen)
            .push_bind(t.balance_after_fen)
            .push_bind(t.category.as_str())
            .push_bind(t.counterparty.as_deref());
    });
    q.push(
        " ON CONFLICT(id) DO UPDATE SET account_id = excluded.account_id, posted_at = excluded.posted_at, \
         amount_fen = excluded.amount_fen, balance_after_fen = excluded.balance_after_fen, \
         category = excluded.category, counterparty = excluded.counterparty",
    );
    q.build().execute(&mut *conn).await?;
    run.clear();
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
            let mut one = vec![transaction(c)?];
            upsert_transactions(conn, &mut one).await?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;
    use serde_json::json;

    fn change(seq: i64, entity: &str, data: Value) -> Change {
        Change {
            seq,
            entity: entity.into(),
            id: seq.to_string(),
            data,
        }
    }

    fn spend(id: i64, amount_fen: i64) -> Value {
        json!({"id": id, "account_id": 1, "posted_at": 1_700_000_000 + id, "amount_fen": amount_fen,
               "balance_after_fen": 0, "category": "groceries", "counterparty": "东门菜市场"})
    }

    /// A page longer than a batch, with a transaction changed twice (once
    /// in another batch) and other changes between: the store ends as if
    /// each change had been applied alone, in order; a change it cannot
    /// read stops the page.
    #[tokio::test]
    async fn a_page_of_transactions_is_written_in_batches_in_order() {
        let store = Store::temporary().await.unwrap();
        let mut tx = store.begin().await.unwrap();
        let mut changes = vec![
            change(
                1,
                "customer",
                json!({"id": "c1", "name": "王秀兰", "birth_date": "1954-03-08"}),
            ),
            change(
                2,
                "account",
                json!({"id": 1, "kind": "debit", "last4": "6688", "currency": "CNY",
                       "balance_fen": 0, "opened_on": "2020-01-01", "sort_order": 1, "details": {}}),
            ),
        ];
        let mut seq = 3;
        for id in 1..=1_200 {
            changes.push(change(seq, "transaction", spend(id, -100)));
            seq += 1;
            if id == 700 {
                changes.push(change(seq, "setting", json!({})));
                seq += 1;
            }
        }
        // Transaction 5 again, in a later batch; 1,100 twice in one batch.
        changes.push(change(seq, "transaction", spend(5, -500)));
        changes.push(change(seq + 1, "transaction", spend(1_100, -700)));
        changes.push(change(seq + 2, "transaction", spend(1_100, -900)));
        let page = ChangePage {
            changes,
            next: seq + 2,
            more: false,
        };
        apply_page(&mut tx, &page).await.unwrap();
        let rows: Vec<(i64, i64)> =
            sqlx::query_as("SELECT id, amount_fen FROM transactions ORDER BY id")
                .fetch_all(&mut *tx)
                .await
                .unwrap();
        assert_eq!(rows.len(), 1_200);
        assert_eq!(rows[4], (5, -500));
        assert_eq!(rows[1_099], (1_100, -900));
        assert_eq!(rows[0], (1, -100));
        assert_eq!(cursor(&mut tx).await.unwrap(), seq + 2);

        let mut bad = spend(2_000, -100);
        bad["category"] = json!("not-a-category");
        let page = ChangePage {
            changes: vec![
                change(seq + 3, "transaction", spend(1_999, -100)),
                change(seq + 4, "transaction", bad),
            ],
            next: seq + 4,
            more: false,
        };
        let e = apply_page(&mut tx, &page).await.unwrap_err();
        assert!(
            matches!(e, ApplyError::NotUnderstood { seq: s, .. } if s == seq + 4),
            "{e}"
        );
    }
}
