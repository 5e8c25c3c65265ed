//! The gateway's database: SQLite by default, PostgreSQL when the URL says
//! so. One set of queries (`$1` placeholders work on both), two migration
//! folders with the same meaning, and the demo bank written on first start.

use happylife_core::AccountKind;
use happylife_core::accounts::demo::{self, DemoAccount};
use serde_json::json;
use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{AnyPool, Executor};

static SQLITE: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// Which database is behind the pool.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// An SQLite file.
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

/// The pool and what it talks to.
#[derive(Clone, Debug)]
pub struct Db {
    /// The connection pool.
    pub pool: AnyPool,
    /// The backend.
    pub backend: Backend,
}

/// Why the database could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// The URL is neither `sqlite:` nor `postgres:`.
    #[error("DATABASE_URL must start with sqlite: or postgres:")]
    UnsupportedUrl,
    /// Connecting failed.
    #[error("cannot connect to the database: {0}")]
    Connect(#[from] sqlx::Error),
    /// A migration failed.
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl Db {
    /// Connects, migrates, and writes the demo bank if there is no customer.
    pub async fn open(
        url: &str,
        demo_seed: Option<u64>,
        now: chrono::DateTime<chrono::FixedOffset>,
    ) -> Result<Db, DbError> {
        install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else {
            return Err(DbError::UnsupportedUrl);
        };
        let pool = AnyPoolOptions::new()
            .max_connections(if backend == Backend::Sqlite { 4 } else { 10 })
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        conn.execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;")
                            .await?;
                    }
                    Ok(())
                })
            })
            .connect(url)
            .await?;
        match backend {
            Backend::Sqlite => SQLITE.run(&pool).await?,
            Backend::Postgres => POSTGRES.run(&pool).await?,
        }
        let db = Db { pool, backend };
        if let Some(seed) = demo_seed {
            db.seed_demo(seed, now).await?;
        }
        Ok(db)
    }

    /// Begins a transaction. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`): a deferred transaction that read first and then
    /// writes, while another connection committed in between, fails at once
    /// with "database is locked" (the busy timeout does not apply to that
    /// upgrade), which answered concurrent requests with a 500. Waiting for
    /// the lock at the start instead lets the busy timeout do its work.
    pub async fn begin(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.pool.begin().await,
        }
    }

    /// Serialises writers to the change log, so `seq` order is commit order
    /// and a pulling device never skips a change that commits late.
    pub async fn lock_change_log(
        &self,
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    ) -> Result<(), sqlx::Error> {
        if self.backend == Backend::Postgres {
            sqlx::query("SELECT pg_advisory_xact_lock(7310)")
                .execute(&mut **tx)
                .await?;
        }
        Ok(())
    }

    async fn seed_demo(
        &self,
        seed: u64,
        now: chrono::DateTime<chrono::FixedOffset>,
    ) -> Result<(), sqlx::Error> {
        let mut tx = self.begin().await?;
        self.lock_change_log(&mut tx).await?;
        let existing: i64 = sqlx::query_scalar("SELECT count(*) FROM customers")
            .fetch_one(&mut *tx)
            .await?;
        if existing > 0 {
            // A bank written before the family demo existed gets it now,
            // and one from before binding codes gets the ID numbers.
            crate::family::seed(&mut tx, now.timestamp()).await?;
            crate::enrolment::seed(&mut tx).await?;
            seed_elder_services(&mut tx, now).await?;
            return tx.commit().await;
        }
        let bank = demo::generate(seed, now);
        let c = &bank.customer;
        let at = now.timestamp();
        let expires = id_expiry(now);
        sqlx::query(
            "INSERT INTO customers (id, name, birth_date, id_expires_on) VALUES ($1, $2, $3, $4)",
        )
        .bind(&c.id)
        .bind(&c.name)
        .bind(c.birth_date.to_string())
        .bind(&expires)
        .execute(&mut *tx)
        .await?;
        let customer_json = json!({
            "id": c.id, "name": c.name, "birth_date": c.birth_date.to_string(), "id_expires_on": expires,
        });
        insert_change(&mut tx, &c.id, "customer", &c.id, &customer_json, at).await?;
        for (order, a) in bank.accounts.iter().enumerate() {
            let details = account_details(a);
            sqlx::query(
                "INSERT INTO accounts (id, customer_id, kind, number_last4, currency, balance_fen, opened_on, sort_order, details) \
                 VALUES ($1, $2, $3, $4, 'CNY', $5, $6, $7, $8)",
            )
            .bind(a.id)
            .bind(&c.id)
            .bind(kind_code(&a.kind))
            .bind(&a.last4)
            .bind(a.balance_fen)
            .bind(a.opened_on.to_string())
            .bind(order as i64)
            .bind(details.to_string())
            .execute(&mut *tx)
            .await?;
            let data = json!({
                "id": a.id, "kind": kind_code(&a.kind), "last4": a.last4, "currency": "CNY",
                "balance_fen": a.balance_fen, "opened_on": a.opened_on.to_string(), "sort_order": order, "details": details,
            });
            insert_change(&mut tx, &c.id, "account", &a.id.to_string(), &data, at).await?;
        }
        for (i, t) in bank.transactions.iter().enumerate() {
            let id = i as i64 + 1;
            sqlx::query(
                "INSERT INTO transactions (id, account_id, posted_at, amount_fen, balance_after_fen, category, counterparty) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(id)
            .bind(t.account_id)
            .bind(t.posted_at)
            .bind(t.amount_fen)
            .bind(t.balance_after_fen)
            .bind(t.category.code())
            .bind(t.counterparty.clone())
            .execute(&mut *tx)
            .await?;
            let data = json!({
                "id": id, "account_id": t.account_id, "posted_at": t.posted_at, "amount_fen": t.amount_fen,
                "balance_after_fen": t.balance_after_fen, "category": t.category.code(), "counterparty": t.counterparty,
            });
            insert_change(&mut tx, &c.id, "transaction", &id.to_string(), &data, at).await?;
        }
        crate::cards::seed(&mut tx, &bank, at).await?;
        crate::transfers::seed(&mut tx, &c.id, at).await?;
        crate::family::seed(&mut tx, at).await?;
        crate::enrolment::seed(&mut tx).await?;
        seed_elder_services(&mut tx, now).await?;
        tx.commit().await?;
        tracing::info!(transactions = bank.transactions.len(), "demo bank written");
        Ok(())
    }
}

/// The demo elder's ID card expires in 56 days (so 提醒 has it to say).
fn id_expiry(now: chrono::DateTime<chrono::FixedOffset>) -> String {
    (now.with_timezone(&happylife_core::clock::china_offset())
        .date_naive()
        + chrono::Days::new(56))
    .to_string()
}

/// The demo elder's bills, the product shelf and her ID document's expiry
/// (in 56 days, so 提醒 has something to say). Each part is written once,
/// also into a bank from before they existed.
async fn seed_elder_services(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    now: chrono::DateTime<chrono::FixedOffset>,
) -> Result<(), sqlx::Error> {
    let today = now
        .with_timezone(&happylife_core::clock::china_offset())
        .date_naive();
    let at = now.timestamp();
    let elder: Option<(String, String, String, Option<String>)> =
        sqlx::query_as("SELECT id, name, birth_date, id_expires_on FROM customers WHERE id = $1")
            .bind(demo::DEMO_CUSTOMER_ID)
            .fetch_optional(&mut **tx)
            .await?;
    let Some((id, name, birth, expires)) = elder else {
        return Ok(());
    };
    if expires.is_none() {
        let expires = id_expiry(now);
        sqlx::query("UPDATE customers SET id_expires_on = $1 WHERE id = $2")
            .bind(&expires)
            .bind(&id)
            .execute(&mut **tx)
            .await?;
        let c = json!({ "id": id, "name": name, "birth_date": birth, "id_expires_on": expires });
        insert_change(tx, &id, "customer", &id, &c, at).await?;
    }
    crate::bills::seed(tx, &id, today, at).await?;
    crate::wealth::seed(tx, &[demo::DEMO_CUSTOMER_ID, demo::DAUGHTER.id], at).await?;
    Ok(())
}

/// Appends one change for a customer (caller holds the change-log lock).
pub async fn insert_change(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    customer_id: &str,
    entity: &str,
    entity_id: &str,
    data: &serde_json::Value,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO changes (customer_id, entity, entity_id, data, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(customer_id)
        .bind(entity)
        .bind(entity_id)
        .bind(data.to_string())
        .bind(at)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

fn kind_code(kind: &AccountKind) -> &'static str {
    match kind {
        AccountKind::Debit => "debit",
        AccountKind::Pension { .. } => "pension",
        AccountKind::TimeDeposit { .. } => "time_deposit",
        AccountKind::CreditCard { .. } => "credit_card",
    }
}

fn account_details(a: &DemoAccount) -> serde_json::Value {
    match &a.kind {
        AccountKind::Debit => json!({}),
        AccountKind::Pension {
            monthly,
            next_credit_on,
        } => {
            json!({ "monthly_fen": monthly.fen(), "next_credit_on": next_credit_on.to_string() })
        }
        AccountKind::TimeDeposit {
            maturity_on,
            rate_bp,
        } => {
            json!({ "maturity_on": maturity_on.to_string(), "rate_bp": rate_bp })
        }
        AccountKind::CreditCard {
            limit,
            statement,
            min_payment,
            due_on,
        } => {
            // What she owes now is this month's statement when the last one
            // was repaid (the card and its 提醒 agree).
            let (statement, min_payment) =
                crate::bills::current_statement(statement.fen(), min_payment.fen(), a.balance_fen);
            json!({
                "limit_fen": limit.fen(), "statement_fen": statement,
                "min_payment_fen": min_payment, "due_on": due_on.to_string(),
            })
        }
    }
}
