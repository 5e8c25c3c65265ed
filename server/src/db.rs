//! The gateway's database: SQLite by default, PostgreSQL when the URL says
//! so. One set of queries (`$1` placeholders work on both), two migration
//! folders with the same meaning, transactions, and the change log every
//! feature appends to. (The sandbox's demo bank is [`crate::seed`]'s.)

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
    /// Connects and migrates.
    pub async fn open(url: &str) -> Result<Db, DbError> {
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
        if backend == Backend::Sqlite {
            // The process waits at exit for a connection still closing.
            happylife_core::store::exit::wait_at_exit();
        }
        match backend {
            Backend::Sqlite => SQLITE.run(&pool).await?,
            Backend::Postgres => POSTGRES.run(&pool).await?,
        }
        Ok(Db { pool, backend })
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
