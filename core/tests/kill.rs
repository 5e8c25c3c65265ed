//! Kill the process at any moment: the database is still consistent.
//!
//! The test re-runs its own binary as a child that opens a fresh companion
//! (writing the demo bank) and then keeps changing settings; the parent
//! kills it with SIGKILL after a growing delay and checks what is on disk:
//! either no bank at all or the whole bank, balances matching history, and
//! never a damaged file.

use happylife_core::accounts::demo::{self, DEFAULT_SEED};
use happylife_core::store::{DB_FILE, Store};
use happylife_core::{Clock, Companion, FixedClock, OpenOptions};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

mod common;

const CHILD_ENV: &str = "HAPPYLIFE_KILL_TEST_CHILD_DIR";
const ENCRYPT_CHILD_ENV: &str = "HAPPYLIFE_KILL_TEST_ENCRYPT_DIR";

fn clock() -> Arc<FixedClock> {
    Arc::new(FixedClock::at(2026, 11, 25, 9, 30).unwrap())
}

fn options() -> OpenOptions {
    OpenOptions {
        clock: clock(),
        ..OpenOptions::default()
    }
}

#[test]
fn killed_at_any_moment_leaves_all_or_nothing() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    if let Ok(dir) = std::env::var(CHILD_ENV) {
        rt.block_on(async {
            let c = Companion::open_with(&dir, options()).await.unwrap();
            println!("OPENED");
            let mut p = 100;
            loop {
                p = if p >= 200 { 100 } else { p + 10 };
                c.set_text_scale(p).await.unwrap();
            }
        });
        return;
    }
    let expected = demo::generate(DEFAULT_SEED, clock().now());
    let mut saw_full = false;
    for delay_ms in (0..30).map(|i| i * 12) {
        let dir = tempfile::tempdir().unwrap();
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "killed_at_any_moment_leaves_all_or_nothing",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_ENV, dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        child.kill().unwrap(); // SIGKILL: no destructor, no checkpoint.
        child.wait().unwrap();

        if !dir.path().join(DB_FILE).exists() {
            continue;
        }
        rt.block_on(async {
            let pool = Store::sandbox_pool(dir.path()).await.unwrap();
            let check: String = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(&pool).await.unwrap();
            assert_eq!(check, "ok", "after {delay_ms} ms");
            let has_schema: i64 =
                sqlx::query_scalar("SELECT count(*) FROM sqlite_master WHERE name = 'customers'").fetch_one(&pool).await.unwrap();
            let customers: i64 = if has_schema == 1 {
                sqlx::query_scalar("SELECT count(*) FROM customers").fetch_one(&pool).await.unwrap()
            } else {
                0
            };
            if customers == 0 {
                let txns: i64 = if has_schema == 1 {
                    sqlx::query_scalar("SELECT count(*) FROM transactions").fetch_one(&pool).await.unwrap()
                } else {
                    0
                };
                assert_eq!(txns, 0, "half a bank after {delay_ms} ms");
            } else {
                let txns: i64 = sqlx::query_scalar("SELECT count(*) FROM transactions").fetch_one(&pool).await.unwrap();
                assert_eq!(txns as usize, expected.transactions.len(), "after {delay_ms} ms");
                let mismatched: i64 = sqlx::query_scalar(
                    "SELECT count(*) FROM accounts a WHERE a.balance_fen != COALESCE((SELECT balance_after_fen FROM transactions t \
                     WHERE t.account_id = a.id ORDER BY posted_at DESC, id DESC LIMIT 1), a.balance_fen)",
                )
                .fetch_one(&pool)
                .await
                .unwrap();
                assert_eq!(mismatched, 0, "balances disagree with history after {delay_ms} ms");
                saw_full = true;
            }
            pool.close().await;
            // And the app opens it as its own, with no notice.
            let c = Companion::open_with(dir.path(), options()).await.unwrap();
            assert!(c.notices().is_empty(), "after {delay_ms} ms: {:?}", c.notices());
            assert_eq!(c.accounts().await.unwrap().len(), 4);
            let p = c.settings().text_scale.percent();
            assert!((100..=200).contains(&p));
        });
    }
    assert!(
        saw_full,
        "the child never finished writing the bank: delays too short"
    );
}

#[test]
fn killed_while_encrypting_an_earlier_versions_file_loses_nothing() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    if let Ok(dir) = std::env::var(ENCRYPT_CHILD_ENV) {
        rt.block_on(async {
            // Opening encrypts the plain file in place.
            let c = Companion::open_with(&dir, options()).await.unwrap();
            c.close().await;
            println!("ENCRYPTED");
        });
        return;
    }
    // An earlier version's plain file with the whole demo bank.
    let template = tempfile::tempdir().unwrap();
    rt.block_on(async {
        let c = Companion::open_with(template.path(), options())
            .await
            .unwrap();
        c.set_text_scale(150).await.unwrap();
        c.close().await;
        common::make_plain(template.path()).await;
    });
    let expected = demo::generate(DEFAULT_SEED, clock().now())
        .transactions
        .len();
    let (mut plain_after, mut encrypted_after) = (0, 0);
    // Every 8 ms from the start, until a few kills came after the switch
    // (a slow machine takes longer to get there).
    let mut delay_ms = 0;
    while delay_ms < 200 || (encrypted_after < 3 && delay_ms < 5_000) {
        delay_ms += 8;
        let dir = tempfile::tempdir().unwrap();
        std::fs::copy(template.path().join(DB_FILE), dir.path().join(DB_FILE)).unwrap();
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "killed_while_encrypting_an_earlier_versions_file_loses_nothing",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(ENCRYPT_CHILD_ENV, dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        child.kill().unwrap();
        child.wait().unwrap();
        let header = std::fs::read(dir.path().join(DB_FILE)).unwrap();
        if &header[..16] == b"SQLite format 3\0" {
            plain_after += 1;
        } else {
            encrypted_after += 1;
        }
        rt.block_on(async {
            // Whatever the moment, the next start has all of it.
            let c = Companion::open_with(dir.path(), options()).await.unwrap();
            assert!(
                c.notices().is_empty(),
                "after {delay_ms} ms: {:?}",
                c.notices()
            );
            assert_eq!(
                c.settings().text_scale.percent(),
                150,
                "after {delay_ms} ms"
            );
            let mut txns = 0;
            for a in c.accounts().await.unwrap() {
                txns += c.transactions(a.id, 0, 1).await.unwrap().total as usize;
            }
            assert_eq!(txns, expected, "after {delay_ms} ms");
            c.close().await;
            let now = std::fs::read(dir.path().join(DB_FILE)).unwrap();
            assert_ne!(
                &now[..16],
                b"SQLite format 3\0",
                "encrypted by the next start"
            );
            assert!(!dir.path().join("companion.db.encrypting").exists());
        });
    }
    println!("killed {plain_after} times before the switch, {encrypted_after} after");
    assert!(
        plain_after > 0 && encrypted_after > 0,
        "the kills missed the encryption: {plain_after} / {encrypted_after}"
    );
}
