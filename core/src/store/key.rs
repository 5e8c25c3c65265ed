//! The database key: 32 random bytes made on the first open and kept in the
//! platform keystore, given to SQLCipher as a raw key (no passphrase
//! stretching: the key is already random).
//!
//! Beside the file, `companion.db.keyid` holds a one-way id of the key the
//! file was encrypted with. It tells a file whose own key no longer opens it
//! (damaged: moved aside, as any damaged file) from a file that our key has
//! never opened (a wrong key: an error, the file untouched), and a file
//! whose key has gone from the keystore (an error, the file untouched).

use crate::auth::keystore::{Keystore, KeystoreError, write_atomically};
use sha2::{Digest, Sha256};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};
use std::path::{Path, PathBuf};

/// Name of the database key of the data directory `dir` in the keystore:
/// `database-key/` and a one-way id of the folder, so one keystore can keep
/// the keys of several folders (profiles, tests) apart.
pub fn key_name(dir: &Path) -> String {
    let place = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let mut h = Sha256::new();
    h.update(place.as_os_str().as_encoded_bytes());
    format!("database-key/{}", hex::encode(&h.finalize()[..8]))
}
/// File beside the database with the id of its key.
pub const KEY_ID_FILE: &str = "companion.db.keyid";
/// Where a plain file from an earlier version is encrypted before it
/// replaces the original.
const ENCRYPTING_SUFFIX: &str = ".encrypting";

/// The raw key. Never logged: `Debug` shows only its id.
#[derive(Clone)]
pub struct DbKey([u8; 32]);

impl std::fmt::Debug for DbKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("DbKey").field(&self.id()).finish()
    }
}

impl DbKey {
    /// The key as the keystore keeps it; `None` if it is not 32 bytes.
    pub fn from_secret(secret: Vec<u8>) -> Option<DbKey> {
        secret.try_into().ok().map(DbKey)
    }

    /// A new key under `name`, kept in the keystore before it is returned.
    pub fn create(keystore: &Keystore, name: &str) -> Result<DbKey, KeystoreError> {
        let secret = keystore.get_or_create(name, 32)?;
        DbKey::from_secret(secret)
            .ok_or_else(|| KeystoreError::Unavailable("database key has the wrong size".into()))
    }

    /// A one-way id of the key (it reveals nothing of the key).
    pub fn id(&self) -> String {
        let mut h = Sha256::new();
        h.update(b"happylife-database-key-id-v1");
        h.update(self.0);
        hex::encode(&h.finalize()[..16])
    }

    /// SQLCipher's raw-key form: `x'…'`.
    fn raw(&self) -> String {
        format!("x'{}'", hex::encode(self.0))
    }

    /// Connect options that open the file with this key (sqlx sends `key`
    /// before any other pragma, as SQLCipher needs). SQLCipher's own log
    /// is silenced: a refused key is our error to report, in words. So is
    /// sqlx's log of statements on these connections: it writes the
    /// connection's opening pragmas, the key among them, at DEBUG, and
    /// nothing lets that one statement out of it (slow statements are still
    /// logged, as sqlx does, at WARN).
    pub fn apply(&self, options: SqliteConnectOptions) -> SqliteConnectOptions {
        options
            .pragma("key", format!("\"{}\"", self.raw()))
            .pragma("cipher_log_level", "NONE")
            .disable_statement_logging()
    }
}

/// The key id recorded beside the file, if any.
pub fn recorded_key_id(path: &Path) -> Option<String> {
    std::fs::read_to_string(path)
        .ok()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

/// Records the key's id beside the file (atomically; only when it changes).
pub fn record_key_id(path: &Path, key: &DbKey) -> std::io::Result<()> {
    let id = key.id();
    if recorded_key_id(path).as_deref() == Some(id.as_str()) {
        return Ok(());
    }
    write_atomically(path, id.as_bytes())
}

fn encrypting_path(db: &Path) -> PathBuf {
    PathBuf::from(format!("{}{ENCRYPTING_SUFFIX}", db.display()))
}

/// Removes what an encryption cut off by a killed process left behind (the
/// original is still whole beside it).
pub fn remove_leftovers(db: &Path) {
    let tmp = encrypting_path(db);
    for p in [
        tmp.clone(),
        PathBuf::from(format!("{}-journal", tmp.display())),
        PathBuf::from(format!("{}-wal", tmp.display())),
        PathBuf::from(format!("{}-shm", tmp.display())),
    ] {
        if p.exists() {
            tracing::warn!("removing an encryption cut off by a restart");
            let _ = std::fs::remove_file(p);
        }
    }
}

/// Encrypts a plain database file in place: the whole file is copied
/// encrypted beside it, synced, and renamed over the original. A process
/// killed at any point leaves the plain original, or the encrypted copy.
pub async fn encrypt_in_place(db: &Path, key: &DbKey) -> Result<(), sqlx::Error> {
    let tmp = encrypting_path(db);
    // Create allowed: ATTACH makes the encrypted copy with this
    // connection's flags.
    let mut conn = SqliteConnectOptions::new()
        .filename(db)
        .create_if_missing(true)
        .connect()
        .await?;
    // Everything into the main file first, so the copy is complete.
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(&mut conn)
        .await?;
    let app_id: i64 = sqlx::query_scalar("PRAGMA application_id")
        .fetch_one(&mut conn)
        .await?;
    sqlx::query("ATTACH DATABASE ? AS encrypted KEY ?")
        .bind(tmp.to_string_lossy().into_owned())
        .bind(key.raw())
        .execute(&mut conn)
        .await?;
    sqlx::query("SELECT sqlcipher_export('encrypted')")
        .execute(&mut conn)
        .await?;
    // The copy is in WAL mode before it replaces the original, as the app
    // opens it: switching later would write its header under a rollback
    // journal, and a kill then leaves a hot journal beside the real file.
    sqlx::query("PRAGMA encrypted.journal_mode = WAL")
        .execute(&mut conn)
        .await?;
    // An integer we read ourselves: nothing to inject.
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "PRAGMA encrypted.application_id = {app_id}"
    )))
    .execute(&mut conn)
    .await?;
    sqlx::query("DETACH DATABASE encrypted")
        .execute(&mut conn)
        .await?;
    // Back to a rollback journal so the plain file has no WAL beside it
    // when it is replaced.
    sqlx::query("PRAGMA journal_mode = DELETE")
        .execute(&mut conn)
        .await?;
    conn.close().await?;
    std::fs::File::open(&tmp)?.sync_all()?;
    // The copy's own WAL was checkpointed into it when it was detached.
    for suffix in ["-wal", "-shm"] {
        let side = PathBuf::from(format!("{}{suffix}", tmp.display()));
        if side.exists() {
            std::fs::remove_file(side)?;
        }
    }
    for suffix in ["-wal", "-shm"] {
        let side = PathBuf::from(format!("{}{suffix}", db.display()));
        if side.exists() {
            std::fs::remove_file(side)?;
        }
    }
    std::fs::rename(&tmp, db)?;
    if let Some(dir) = db.parent()
        && let Ok(d) = std::fs::File::open(dir)
    {
        let _ = d.sync_all();
    }
    tracing::info!("database encrypted in place");
    Ok(())
}
