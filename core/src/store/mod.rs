//! The device's own SQLite database: opening it safely, migrating it, and
//! recovering from a file that is damaged or not ours without losing it.
//!
//! Owns: the connection pool (WAL, one writer and several readers,
//! `synchronous = FULL` so a killed process never leaves half a change),
//! the embedded migrations, the `meta` table, and the decision of what to do
//! when the file at the database path cannot be used:
//!
//! | what is found                         | what happens                                  |
//! |---------------------------------------|-----------------------------------------------|
//! | no file                               | a new store                                   |
//! | our file                              | opened and migrated                           |
//! | a damaged file, or someone else's     | moved aside untouched, a new store, a notice  |
//! | a file we may read but not write      | opened read-only, a notice                    |
//! | a folder we cannot create or write in | a temporary in-memory store, a notice         |
//!
//! Nothing of the user's is ever deleted: a file we cannot use is renamed
//! beside the new one (`companion.db.damaged-20261125-093000`).
//!
//! **Encrypted at rest** ([`key`]): the file is SQLCipher, keyed with 32
//! random bytes kept in the platform keystore. A file our key cannot open
//! is never replaced: a wrong or missing key is an error
//! ([`StoreError::WrongKey`], [`StoreError::KeyMissing`]) and the file stays
//! as it is. A plain file from an earlier version is encrypted in place on
//! its first open, whole or not at all.

pub mod exit;
pub mod key;

use crate::auth::keystore::{Keystore, KeystoreError};
use crate::clock::Clock;
use key::DbKey;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Row, SqlitePool};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// File name of the database inside the data directory.
pub const DB_FILE: &str = "companion.db";

/// `PRAGMA application_id` of our files: "HLC1".
pub const APPLICATION_ID: i64 = 0x484C_4331;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// How the store could be opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StoreMode {
    /// Normal: reads and writes go to the file.
    ReadWrite,
    /// The file could be read but not written: nothing is saved.
    ReadOnly,
    /// No usable file: an in-memory store that is lost on close.
    Temporary,
}

/// Something about the stored data the elder should be told at start-up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreNotice {
    /// The file was damaged; it was kept under a new name.
    DamagedMovedAside {
        /// The file name it was kept as (no directory: no personal paths in text).
        kept_as: String,
    },
    /// The file was not ours; it was kept under a new name.
    ForeignMovedAside {
        /// The file name it was kept as.
        kept_as: String,
    },
    /// The data directory could not be used: data is temporary.
    Temporary,
    /// The file is read-only.
    ReadOnly,
}

/// Internal store failures. Mapped to [`crate::CompanionError`] at the facade.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite or the pool failed.
    #[error("database: {0}")]
    Sqlx(#[from] sqlx::Error),
    /// A migration failed.
    #[error("migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A write was attempted on a read-only store.
    #[error("store is read-only")]
    ReadOnly,
    /// The stored data broke an invariant (a bad enum value, a bad date).
    #[error("stored data is invalid: {0}")]
    Invalid(&'static str),
    /// The keystore could not give or keep the database key.
    #[error("keystore: {0}")]
    Keystore(#[from] KeystoreError),
    /// The file was encrypted with another key than the keystore holds.
    #[error("the database key does not open this file")]
    WrongKey,
    /// The file is encrypted but the keystore no longer has its key.
    #[error("the database key is missing from the keystore")]
    KeyMissing,
    /// A file operation on the database failed.
    #[error("file: {0}")]
    Io(#[from] std::io::Error),
}

/// The open store.
#[derive(Clone, Debug)]
pub struct Store {
    pool: SqlitePool,
    mode: StoreMode,
    /// Writers' turns (see [`Store::begin`]).
    writers: std::sync::Arc<tokio::sync::Mutex<()>>,
}

enum FileState {
    Missing,
    /// Ours; `plain` when still unencrypted (from an earlier version).
    Ours {
        plain: bool,
    },
    /// Holds nothing of anyone's (a first start cut short); `plain` as above.
    Empty {
        plain: bool,
    },
    Foreign,
    Damaged,
    /// Encrypted, and our key does not open it though it once did not.
    WrongKey,
    /// Encrypted by us, and the key is gone from the keystore.
    KeyMissing,
}

impl Store {
    /// Opens (creating if needed) the store in `dir`, keyed from
    /// `keystore`. Never fails for a bad file or directory: it falls back
    /// as the module docs describe and returns the notice to show. It does
    /// fail, touching nothing, when the file is encrypted and the key does
    /// not open it, or when the keystore cannot be used.
    pub async fn open(
        dir: &Path,
        clock: &dyn Clock,
        keystore: &Keystore,
    ) -> Result<(Store, Option<StoreNotice>), StoreError> {
        if std::fs::create_dir_all(dir).is_err() || !dir.is_dir() {
            tracing::warn!("data directory unusable; using a temporary store");
            return Ok((Store::temporary().await?, Some(StoreNotice::Temporary)));
        }
        let path = dir.join(DB_FILE);
        let key_id_path = dir.join(key::KEY_ID_FILE);
        key::remove_leftovers(&path);
        let key_name = key::key_name(dir);
        let stored = keystore.get(&key_name)?.map(DbKey::from_secret);
        let stored = match stored {
            Some(Some(k)) => Some(k),
            Some(None) => return Err(StoreError::WrongKey),
            None => None,
        };
        let mut notice = None;
        let state = inspect(&path, stored.as_ref(), &key_id_path).await;
        let plain = matches!(
            state,
            FileState::Ours { plain: true } | FileState::Empty { plain: true }
        );
        match state {
            FileState::Missing | FileState::Empty { .. } | FileState::Ours { .. } => {}
            FileState::WrongKey => {
                tracing::error!("the database key does not open the database; nothing touched");
                return Err(StoreError::WrongKey);
            }
            FileState::KeyMissing => {
                tracing::error!("the database key is gone from the keystore; nothing touched");
                return Err(StoreError::KeyMissing);
            }
            state @ (FileState::Foreign | FileState::Damaged) => {
                let kept_as = format!(
                    "{DB_FILE}.{}-{}",
                    if matches!(state, FileState::Foreign) {
                        "foreign"
                    } else {
                        "damaged"
                    },
                    clock.now().format("%Y%m%d-%H%M%S")
                );
                if move_aside(&path, &dir.join(&kept_as)).is_err() {
                    tracing::warn!(
                        "could not move an unusable database aside; using a temporary store"
                    );
                    return Ok((Store::temporary().await?, Some(StoreNotice::Temporary)));
                }
                tracing::warn!(kept_as, "unusable database moved aside");
                notice = Some(if matches!(state, FileState::Foreign) {
                    StoreNotice::ForeignMovedAside { kept_as }
                } else {
                    StoreNotice::DamagedMovedAside { kept_as }
                });
            }
        }
        let now = clock.now().to_rfc3339();
        // The key is kept (keystore, then its id beside the file) before any
        // byte is encrypted with it.
        let db_key = match stored {
            Some(k) => k,
            None => DbKey::create(keystore, &key_name)?,
        };
        let keyed = key::record_key_id(&key_id_path, &db_key).is_ok()
            && (!plain || {
                let r = key::encrypt_in_place(&path, &db_key).await;
                if let Err(e) = &r {
                    tracing::warn!(error = %e, "encrypting the plain database failed");
                }
                r.is_ok()
            });
        if keyed {
            match Store::open_file(&path, false, &now, Some(&db_key)).await {
                Ok(store) => return Ok((store, notice)),
                Err(e) => tracing::warn!(error = %e, "opening for writing failed"),
            }
        } else {
            tracing::warn!("the database could not be encrypted here; trying read-only");
        }
        let read_key = if plain { None } else { Some(&db_key) };
        if path.exists()
            && let Ok(store) = Store::open_file(&path, true, &now, read_key).await
        {
            return Ok((store, Some(StoreNotice::ReadOnly)));
        }
        Ok((Store::temporary().await?, Some(StoreNotice::Temporary)))
    }

    async fn open_file(
        path: &Path,
        read_only: bool,
        now: &str,
        db_key: Option<&DbKey>,
    ) -> Result<Store, StoreError> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        let options = match db_key {
            Some(k) => k.apply(options),
            None => options,
        };
        let options = if read_only {
            // A file we may not write: no journal change, no WAL index, and
            // SQLite told the file will not change under it.
            options.read_only(true).immutable(true)
        } else {
            options
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Full)
        };
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await?;
        exit::wait_at_exit();
        if read_only {
            // A read-only store cannot migrate; it must already be current.
            let applied: i64 = sqlx::query_scalar("SELECT count(*) FROM _sqlx_migrations")
                .fetch_one(&pool)
                .await?;
            if applied < MIGRATOR.iter().count() as i64 {
                return Err(StoreError::ReadOnly);
            }
            return Ok(Store {
                pool,
                mode: StoreMode::ReadOnly,
                writers: Default::default(),
            });
        }
        MIGRATOR.run(&pool).await?;
        // SQLite quietly opens a write-protected file read-only; a real
        // write (the time of this opening) proves we can save.
        let probe = sqlx::query(
            "INSERT INTO meta (key, value) VALUES ('last_opened_at', ?) \
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        )
        .bind(now)
        .execute(&pool)
        .await;
        if let Err(e) = probe {
            tracing::warn!(error = %e, "database cannot be written");
            pool.close().await;
            return Err(StoreError::ReadOnly);
        }
        Ok(Store {
            pool,
            mode: StoreMode::ReadWrite,
            writers: Default::default(),
        })
    }

    /// An in-memory store (one connection: each in-memory connection would
    /// otherwise be its own empty database).
    pub async fn temporary() -> Result<Store, StoreError> {
        let options = SqliteConnectOptions::new()
            .in_memory(true)
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            .connect_with(options)
            .await?;
        exit::wait_at_exit();
        MIGRATOR.run(&pool).await?;
        Ok(Store {
            pool,
            mode: StoreMode::Temporary,
            writers: Default::default(),
        })
    }

    /// Connect options for the database file in `dir`, unlocked with its
    /// key from `keystore`: for tools and tests that open the file
    /// themselves. `None` when the keystore has no key for it.
    pub fn file_options(
        dir: &Path,
        keystore: &Keystore,
    ) -> Result<Option<SqliteConnectOptions>, StoreError> {
        let Some(secret) = keystore.get(&key::key_name(dir))? else {
            return Ok(None);
        };
        let db_key = DbKey::from_secret(secret).ok_or(StoreError::WrongKey)?;
        Ok(Some(db_key.apply(
            SqliteConnectOptions::new().filename(dir.join(DB_FILE)),
        )))
    }

    /// A pool on the database file of a desktop data directory, unlocked
    /// with the key in its sandbox keystore: for tools and tests that read
    /// the file themselves.
    pub async fn sandbox_pool(dir: &Path) -> Result<SqlitePool, StoreError> {
        let keystore = Keystore::sandbox_file(dir.join(crate::auth::keystore::SANDBOX_FILE));
        let options = Store::file_options(dir, &keystore)?.ok_or(StoreError::KeyMissing)?;
        let pool = SqlitePoolOptions::new().connect_with(options).await?;
        exit::wait_at_exit();
        Ok(pool)
    }

    /// The pool, for feature modules' SQL.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Starts a write transaction. Writers take turns in the order they
    /// asked (a fair queue in front of SQLite's own lock), so a setting
    /// tapped during a big download waits for one short batch, never for
    /// the whole download, and quick changes are saved in order.
    pub async fn begin(&self) -> Result<WriteTx, StoreError> {
        let turn = self.writers.clone().lock_owned().await;
        Ok(WriteTx {
            tx: self.pool.begin().await?,
            _turn: turn,
        })
    }

    /// A connection for reads (or a single-statement write).
    pub async fn acquire(&self) -> Result<sqlx::pool::PoolConnection<sqlx::Sqlite>, StoreError> {
        Ok(self.pool.acquire().await?)
    }

    /// How the store was opened.
    pub fn mode(&self) -> StoreMode {
        self.mode
    }

    /// Fails with [`StoreError::ReadOnly`] unless writes are possible.
    pub fn ensure_writable(&self) -> Result<(), StoreError> {
        match self.mode {
            StoreMode::ReadOnly => Err(StoreError::ReadOnly),
            StoreMode::ReadWrite | StoreMode::Temporary => Ok(()),
        }
    }

    /// Reads a `meta` value.
    pub async fn meta(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(sqlx::query_scalar("SELECT value FROM meta WHERE key = ?")
            .bind(key)
            .fetch_optional(&self.pool)
            .await?)
    }

    /// Closes the pool, checkpointing the WAL.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// A write transaction holding its turn among the store's writers. Use it
/// as the connection (`&mut tx`, `&mut *tx`); [`WriteTx::commit`] to keep it;
/// dropping it rolls back.
pub struct WriteTx {
    tx: sqlx::Transaction<'static, sqlx::Sqlite>,
    _turn: tokio::sync::OwnedMutexGuard<()>,
}

impl WriteTx {
    /// Commits, then lets the next writer in.
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.tx.commit().await
    }
}

impl std::ops::Deref for WriteTx {
    type Target = sqlx::SqliteConnection;
    fn deref(&self) -> &Self::Target {
        &self.tx
    }
}

impl std::ops::DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.tx
    }
}

/// Reads a `meta` value inside a caller's transaction.
pub async fn meta_in(
    conn: &mut sqlx::SqliteConnection,
    key: &str,
) -> Result<Option<String>, StoreError> {
    Ok(sqlx::query_scalar("SELECT value FROM meta WHERE key = ?")
        .bind(key)
        .fetch_optional(conn)
        .await?)
}

/// Writes a `meta` value inside a caller's transaction.
pub async fn set_meta(
    tx: &mut sqlx::SqliteConnection,
    key: &str,
    value: &str,
) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
        .bind(key)
        .bind(value)
        .execute(tx)
        .await?;
    Ok(())
}

/// Deletes a `meta` value.
pub async fn delete_meta(tx: &mut sqlx::SqliteConnection, key: &str) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM meta WHERE key = ?")
        .bind(key)
        .execute(tx)
        .await?;
    Ok(())
}

async fn inspect(path: &Path, db_key: Option<&DbKey>, key_id_path: &Path) -> FileState {
    let Ok(meta) = std::fs::metadata(path) else {
        return FileState::Missing;
    };
    if !meta.is_file() {
        return FileState::Foreign;
    }
    if meta.len() == 0 {
        return FileState::Empty { plain: false };
    }
    let mut header = [0u8; 16];
    let read = std::fs::File::open(path).and_then(|mut f| {
        use std::io::Read;
        f.read_exact(&mut header)
    });
    if read.is_err() {
        return FileState::Damaged;
    }
    let plain = &header == b"SQLite format 3\0";
    if !plain {
        // Encrypted (or garbage): only our key can tell.
        let recorded = key::recorded_key_id(key_id_path);
        let Some(db_key) = db_key else {
            // A file we encrypted whose key is gone is not "damaged": it is
            // locked, and it is kept exactly as it is.
            return if recorded.is_some() {
                FileState::KeyMissing
            } else {
                FileState::Damaged
            };
        };
        let ours = recorded.as_deref() == Some(db_key.id().as_str());
        return match read_state(path, Some(db_key), ours).await {
            Some(state) => state,
            None if ours => FileState::Damaged,
            None if recorded.is_some() => FileState::WrongKey,
            None => FileState::Damaged,
        };
    }
    read_state(path, None, false)
        .await
        .unwrap_or(FileState::Damaged)
}

/// How [`read_state`] opens a file.
#[derive(Clone, Copy, PartialEq)]
enum ReadMode {
    /// As it is, WAL included, writing nothing.
    ReadOnly,
    /// Read-write, so SQLite rolls back a hot journal that a write killed
    /// midway left (only for a file our own key opens).
    Recover,
    /// A file we may not write, read as it is on disk.
    Immutable,
}

/// Opens the file (with `db_key` if given) and says what it is; `None`
/// when it cannot be read at all. `recover`: the file is ours by its key id,
/// and a hot journal beside it may be rolled back.
async fn read_state(path: &Path, db_key: Option<&DbKey>, recover: bool) -> Option<FileState> {
    for mode in [ReadMode::ReadOnly, ReadMode::Recover, ReadMode::Immutable] {
        if mode == ReadMode::Recover && !recover {
            continue;
        }
        if let Some(state) = read_state_as(path, db_key, mode).await {
            return Some(state);
        }
    }
    None
}

async fn read_state_as(path: &Path, db_key: Option<&DbKey>, mode: ReadMode) -> Option<FileState> {
    let options = SqliteConnectOptions::new()
        .filename(path)
        .read_only(mode != ReadMode::Recover)
        .immutable(mode == ReadMode::Immutable);
    let options = match db_key {
        Some(k) => k.apply(options),
        None => options,
    };
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .ok()?;
    let state = async {
        let app_id: i64 = sqlx::query_scalar("PRAGMA application_id")
            .fetch_one(&pool)
            .await?;
        // sqlx creates its bookkeeping table before the first migration's
        // transaction: a file killed in between holds only that, and is ours.
        let tables: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM sqlite_master WHERE name NOT IN ('_sqlx_migrations', 'sqlite_sequence') \
             AND name NOT LIKE 'sqlite_autoindex%'",
        )
            .fetch_one(&pool)
            .await?;
        let check = sqlx::query("PRAGMA quick_check").fetch_all(&pool).await?;
        let intact = check.len() == 1 && check[0].try_get::<String, _>(0).is_ok_and(|s| s == "ok");
        Ok::<_, sqlx::Error>(if !intact {
            FileState::Damaged
        } else if app_id == APPLICATION_ID {
            FileState::Ours {
                plain: db_key.is_none(),
            }
        } else if app_id == 0 && tables == 0 {
            FileState::Empty {
                plain: db_key.is_none(),
            }
        } else {
            FileState::Foreign
        })
    }
    .await;
    pool.close().await;
    match state {
        Ok(s) => Some(s),
        // Key-opened but unreadable from the first page: the key is not its.
        Err(_) if db_key.is_some() => None,
        Err(_) => Some(FileState::Damaged),
    }
}

/// Renames the database and its WAL/SHM companions (a WAL belongs to its file).
pub(crate) fn move_aside(path: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::rename(path, to)?;
    for suffix in ["-wal", "-shm"] {
        let side = PathBuf::from(format!("{}{suffix}", path.display()));
        if side.exists() {
            std::fs::rename(&side, format!("{}{suffix}", to.display()))?;
        }
    }
    Ok(())
}
