//! Shared by the integration tests of the store.

use happylife_core::auth::keystore::{Keystore, SANDBOX_FILE};
use happylife_core::store::{DB_FILE, Store};

/// Turns the (closed) encrypted database in `dir` into what an earlier
/// version left: the same data in a plain SQLite file, and no key anywhere.
pub async fn make_plain(dir: &std::path::Path) {
    let plain = dir.join("plain.db");
    let keystore = Keystore::sandbox_file(dir.join(SANDBOX_FILE));
    let options = Store::file_options(dir, &keystore)
        .unwrap()
        .unwrap()
        .create_if_missing(true);
    let pool = sqlx::sqlite::SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .unwrap();
    sqlx::query("ATTACH DATABASE ? AS plain KEY ''")
        .bind(plain.display().to_string())
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query("SELECT sqlcipher_export('plain')")
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query("PRAGMA plain.application_id = 1212957489")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    for f in [
        DB_FILE,
        "companion.db-wal",
        "companion.db-shm",
        SANDBOX_FILE,
        "companion.db.keyid",
    ] {
        let _ = std::fs::remove_file(dir.join(f));
    }
    std::fs::rename(&plain, dir.join(DB_FILE)).unwrap();
    assert_eq!(
        &std::fs::read(dir.join(DB_FILE)).unwrap()[..16],
        b"SQLite format 3\0"
    );
}
