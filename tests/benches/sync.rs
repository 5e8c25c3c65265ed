//! Sync benchmark (`cargo xtask bench`): prints figures, asserts nothing
//! about time.
//!
//! 1. Initial sync of 100,000 transactions from the gateway (a separate
//!    process on 127.0.0.1, SQLite) into a fresh device: rows per second,
//!    and the client's peak memory (VmHWM of this process, which holds only
//!    the device).
//! 2. A raw SQLite bulk insert of the same rows into the same device schema
//!    in the same run, and the ratio.
//! 3. Incremental sync of one change: round trip, median of 50.

use happylife_core::{Companion, OpenOptions};
use happylife_tests::bench::{figure, free_port, release_gateway, stop};
use std::time::Instant;

const ROWS: i64 = 100_000;
/// The gateway's own default list size, as when run alone.
const GATEWAY_BLOCKLIST: u64 = 5_000_000;

fn vm_hwm_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn synthetic_rows() -> Vec<Row> {
    (0..ROWS)
        .map(|i| {
            let id = 1_000_000 + i;
            (
                id,
                1 + i % 3,
                1_700_000_000 + i * 60,
                -(1_000 + i % 9_000),
                5_000_000 - i,
                "groceries",
                "东门菜市场",
            )
        })
        .collect()
}

type Row = (i64, i64, i64, i64, i64, &'static str, &'static str);

/// SQLCipher's own floor: the same rows into the same kind of encrypted
/// file (the store's key, WAL, `synchronous = FULL`), one prepared
/// statement in one transaction, straight through SQLite's C API with no
/// runtime between: what no sync can beat on this machine.
fn sqlcipher_floor(dir: &std::path::Path, rows: &[Row]) -> f64 {
    use happylife_core::auth::keystore::{Keystore, SANDBOX_FILE};
    let keystore = Keystore::sandbox_file(dir.join(SANDBOX_FILE));
    let secret = keystore
        .get(&happylife_core::store::key::key_name(dir))
        .expect("keystore")
        .expect("the store's key");
    let mut db = rusqlite::Connection::open(dir.join(happylife_core::store::DB_FILE))
        .expect("open the encrypted file");
    db.execute_batch(&format!(
        "PRAGMA key = \"x'{}'\"; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;",
        hex::encode(&secret)
    ))
    .expect("unlock");
    db.execute_batch(
        "INSERT INTO customers (id, name, birth_date) VALUES ('c', 'n', '1954-03-08');
         INSERT INTO accounts (id, customer_id, kind, number_last4, currency, balance_fen, opened_on, sort_order)
           VALUES (1, 'c', 'debit', '0000', 'CNY', 0, '2024-01-01', 1),
                  (2, 'c', 'debit', '0000', 'CNY', 0, '2024-01-01', 2),
                  (3, 'c', 'debit', '0000', 'CNY', 0, '2024-01-01', 3);",
    )
    .expect("accounts");
    let start = Instant::now();
    let tx = db.transaction().expect("tx");
    {
        let mut insert = tx
            .prepare("INSERT INTO transactions (id, account_id, posted_at, amount_fen, balance_after_fen, category, counterparty) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
            .expect("prepare");
        for (id, account, at, amount, after, category, place) in rows {
            insert
                .execute(rusqlite::params![
                    id, account, at, amount, after, category, place
                ])
                .expect("floor insert");
        }
    }
    tx.commit().expect("commit");
    rows.len() as f64 / start.elapsed().as_secs_f64()
}

#[tokio::main]
async fn main() {
    let work = tempfile::tempdir().expect("tempdir");
    let db = work.path().join("gateway.db");
    let port = free_port();

    // The gateway writes its demo bank, then 100,000 more transactions are
    // added to its change log directly.
    let gateway_url = format!("sqlite://{}?mode=rwc", db.display());
    stop(release_gateway(&gateway_url, port, GATEWAY_BLOCKLIST));
    let url = format!("sqlite://{}", db.display());
    let pool = sqlx::SqlitePool::connect(&url).await.expect("gateway db");
    let rows = synthetic_rows();
    let mut tx = pool.begin().await.expect("tx");
    for (id, account, at, amount, after, category, place) in &rows {
        let data = serde_json::json!({
            "id": id, "account_id": account, "posted_at": at, "amount_fen": amount,
            "balance_after_fen": after, "category": category, "counterparty": place,
        });
        sqlx::query("INSERT INTO changes (customer_id, entity, entity_id, data, created_at) VALUES ('demo-elder-0001', 'transaction', ?, ?, 0)")
            .bind(id.to_string())
            .bind(data.to_string())
            .execute(&mut *tx)
            .await
            .expect("insert change");
    }
    tx.commit().await.expect("commit");
    pool.close().await;
    let server = release_gateway(&gateway_url, port, GATEWAY_BLOCKLIST);
    let server_url = format!("http://127.0.0.1:{port}");

    // 1. Initial sync.
    let device_dir = work.path().join("device");
    let options = OpenOptions {
        demo_seed: None,
        ..OpenOptions::default()
    };
    let device = Companion::open_with(&device_dir, options.clone())
        .await
        .expect("device");
    device.trust_list_key(happylife_core::fraud::wire::test_public_key());
    device
        .bind_in_sandbox(&server_url, "demo-elder-0001", "bench")
        .await
        .expect("connect");
    // Counted after the binding, which adds her phone to her change log.
    let pool = sqlx::SqlitePool::connect(&url).await.expect("gateway db");
    let total_changes: i64 =
        sqlx::query_scalar("SELECT count(*) FROM changes WHERE customer_id = 'demo-elder-0001'")
            .fetch_one(&pool)
            .await
            .expect("count");
    pool.close().await;
    let hwm_before = vm_hwm_kib();
    let start = Instant::now();
    let report = device.sync().await.expect("initial sync");
    let secs = start.elapsed().as_secs_f64();
    let hwm_after = vm_hwm_kib();
    assert_eq!(i64::from(report.pulled), total_changes);
    let sync_rate = f64::from(report.pulled) / secs;

    // 2. Raw SQLite bulk insert of the same rows into the same schema.
    let raw_dir = work.path().join("raw");
    let raw = Companion::open_with(&raw_dir, options.clone())
        .await
        .expect("raw device");
    raw.close().await;
    let raw_pool = happylife_core::store::Store::sandbox_pool(&raw_dir)
        .await
        .expect("raw db");
    sqlx::query("INSERT INTO customers (id, name, birth_date) VALUES ('c', 'n', '1954-03-08')")
        .execute(&raw_pool)
        .await
        .expect("customer");
    for id in 1..=3 {
        sqlx::query("INSERT INTO accounts (id, customer_id, kind, number_last4, currency, balance_fen, opened_on, sort_order) VALUES (?, 'c', 'debit', '0000', 'CNY', 0, '2024-01-01', ?)")
            .bind(id)
            .bind(id)
            .execute(&raw_pool)
            .await
            .expect("account");
    }
    let start = Instant::now();
    let mut tx = raw_pool.begin().await.expect("tx");
    for (id, account, at, amount, after, category, place) in &rows {
        sqlx::query("INSERT INTO transactions (id, account_id, posted_at, amount_fen, balance_after_fen, category, counterparty) VALUES (?, ?, ?, ?, ?, ?, ?)")
            .bind(id)
            .bind(account)
            .bind(at)
            .bind(amount)
            .bind(after)
            .bind(category)
            .bind(place)
            .execute(&mut *tx)
            .await
            .expect("raw insert");
    }
    tx.commit().await.expect("commit");
    let raw_rate = ROWS as f64 / start.elapsed().as_secs_f64();

    // SQLCipher's own floor for the same rows.
    let floor_dir = work.path().join("floor");
    Companion::open_with(&floor_dir, options.clone())
        .await
        .expect("floor device")
        .close()
        .await;
    let floor_rate = sqlcipher_floor(&floor_dir, &rows);

    // 3. Incremental sync of one change made by another device.
    let other = Companion::open_with(work.path().join("other"), options)
        .await
        .expect("other device");
    other
        .bind_in_sandbox(&server_url, "demo-elder-0001", "bench-2")
        .await
        .expect("connect");
    // The second phone's binding is in her change log too.
    device.sync().await.expect("the binding");
    let mut rtts = Vec::new();
    for i in 0..50 {
        other
            .file_complaint("other", &format!("bench {i}"))
            .await
            .expect("complaint");
        other.sync().await.expect("push");
        let start = Instant::now();
        let r = device.sync().await.expect("incremental");
        rtts.push(start.elapsed());
        assert_eq!(r.pulled, 1);
    }
    rtts.sort();
    stop(server);

    println!(
        "initial sync: {} changes in {secs:.2} s = {sync_rate:.0} rows/s",
        report.pulled
    );
    println!(
        "raw SQLite bulk insert of the same {ROWS} rows: {raw_rate:.0} rows/s (sync reaches {:.0} % of it)",
        100.0 * sync_rate / raw_rate
    );
    println!(
        "SQLCipher floor (one prepared statement, one transaction, C API) for the same {ROWS} rows: {floor_rate:.0} rows/s (sync reaches {:.0} % of it)",
        100.0 * sync_rate / floor_rate
    );
    println!(
        "client peak memory (VmHWM): {} MiB before sync, {} MiB after",
        hwm_before / 1024,
        hwm_after / 1024
    );
    println!(
        "incremental sync of one change: median {:.2} ms, p90 {:.2} ms (50 runs)",
        rtts[25].as_secs_f64() * 1000.0,
        rtts[45].as_secs_f64() * 1000.0
    );
    figure("sync_rows_per_s", sync_rate);
    figure("sync_vs_raw_pct", 100.0 * sync_rate / raw_rate);
    figure("sync_floor_rows_per_s", floor_rate);
    figure("sync_vs_floor_pct", 100.0 * sync_rate / floor_rate);
    figure("sync_peak_mib", (hwm_after / 1024) as f64);
    figure("sync_one_change_ms", rtts[25].as_secs_f64() * 1000.0);
}
