//! The gateway under load on PostgreSQL (127.0.0.1), bounded in time
//! (`HAPPYLIFE_LOAD_SECS`, 8 s by default): phones pulling their changes
//! and sending ¥1 transfers at once. No request may fail (5xx or no
//! answer), and afterwards the database must hold exactly what the answers
//! said: one transfer row per transfer the bank answered "made", its
//! transaction, and the balance down by their sum to the fen. The figures
//! are printed; `cargo xtask bench` measures the same on a release build.

use happylife_core::accounts::demo::DEMO_CUSTOMER_ID;
use happylife_tests::loadgen::{Load, run};
use happylife_tests::{gateway, postgres_database, raw_session};
use std::net::SocketAddr;
use std::time::Duration;

async fn one(gw: &happylife_server::Running, sql: &str) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .fetch_one(&gw.state.db.pool)
        .await
        .expect(sql)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn under_load_every_answer_is_kept_exactly_once_in_the_database() {
    let Some(url) = postgres_database().await else {
        eprintln!("no PostgreSQL (HAPPYLIFE_TEST_POSTGRES_URL): skipped");
        return;
    };
    let secs: u64 = std::env::var("HAPPYLIFE_LOAD_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(8);
    let gw = gateway(&url, SocketAddr::from(([127, 0, 0, 1], 0))).await;
    let base = gw.url();
    let token = raw_session(&base, DEMO_CUSTOMER_ID).await;
    let transfers_before = one(&gw, "SELECT count(*) FROM transfers").await;
    let debits_before = one(
        &gw,
        "SELECT count(*) FROM transactions WHERE account_id = 1 AND category = 'transfer_out'",
    )
    .await;
    let balance_before = one(&gw, "SELECT balance_fen FROM accounts WHERE id = 1").await;

    let report = run(
        &base,
        &token,
        &Load {
            pullers: 4,
            senders: 4,
            duration: Duration::from_secs(secs),
            page: 200,
        },
    )
    .await;
    for line in report.lines() {
        println!("{line}");
    }

    assert_eq!(report.pulls.failures(), 0, "{:?}", report.pulls.statuses);
    assert_eq!(
        report.transfers.failures(),
        0,
        "{:?}",
        report.transfers.statuses
    );
    assert!(report.pulls.requests > 0 && !report.made.is_empty());
    assert_eq!(
        report.pulls.statuses.keys().copied().collect::<Vec<_>>(),
        vec![200],
        "every pull answered"
    );
    // ¥1 to her daughter, a saved payee: each one made, nothing refused.
    assert_eq!(
        report.transfers.statuses.get(&201).copied(),
        Some(report.transfers.requests),
        "{:?}",
        report.transfers.statuses
    );

    let made = report.made.len() as i64;
    assert_eq!(
        one(&gw, "SELECT count(*) FROM transfers").await - transfers_before,
        made,
        "one transfer row per transfer made"
    );
    assert_eq!(
        one(
            &gw,
            "SELECT count(DISTINCT client_key) FROM transfers WHERE client_key LIKE 'load-%'"
        )
        .await,
        made,
        "each under its own key, none twice"
    );
    let keys: Vec<String> =
        sqlx::query_scalar("SELECT client_key FROM transfers WHERE client_key LIKE 'load-%'")
            .fetch_all(&gw.state.db.pool)
            .await
            .unwrap();
    let mut keys = keys;
    keys.sort();
    let mut answered = report.made.clone();
    answered.sort();
    assert_eq!(keys, answered, "the database holds what the answers said");
    assert_eq!(
        one(
            &gw,
            "SELECT count(*) FROM transactions WHERE account_id = 1 AND category = 'transfer_out'"
        )
        .await
            - debits_before,
        made,
        "one debit per transfer"
    );
    assert_eq!(
        balance_before - one(&gw, "SELECT balance_fen FROM accounts WHERE id = 1").await,
        report.made_fen,
        "the balance is down by their sum, to the fen"
    );
    println!(
        "{made} transfers made, {} pulls: the row counts agree",
        report.pulls.requests
    );
    gw.stop().await;
}
