//! Server load benchmark (`cargo xtask bench`): the release gateway as its
//! own process on 127.0.0.1, on PostgreSQL (`HAPPYLIFE_TEST_POSTGRES_URL`,
//! which `cargo xtask bench` starts), with 8 phones pulling their changes
//! and 8 sending ¥1 transfers for 15 s after a 2 s warm-up. Prints
//! requests/s and p50/p99 for each; asserts only that nothing failed (the
//! row counts are checked by the load test, `tests/sync/load.rs`).

use happylife_core::accounts::demo::DEMO_CUSTOMER_ID;
use happylife_tests::bench::{figure, free_port, release_gateway, stop};
use happylife_tests::loadgen::{Load, run};
use happylife_tests::{postgres_database, raw_session};
use std::time::Duration;

#[tokio::main]
async fn main() {
    let Some(url) = postgres_database().await else {
        println!("server load: no PostgreSQL (HAPPYLIFE_TEST_POSTGRES_URL), not measured");
        return;
    };
    let port = free_port();
    let server = release_gateway(&url, port, 200_000);
    let base = format!("http://127.0.0.1:{port}");
    let token = raw_session(&base, DEMO_CUSTOMER_ID).await;
    let load = |secs| Load {
        pullers: 8,
        senders: 8,
        duration: Duration::from_secs(secs),
        page: 200,
    };
    run(&base, &token, &load(2)).await;
    let report = run(&base, &token, &load(15)).await;
    stop(server);
    println!("server load on PostgreSQL, 8 + 8 phones over 127.0.0.1 (release build):");
    for line in report.lines() {
        println!("  {line}");
    }
    assert_eq!(report.pulls.failures() + report.transfers.failures(), 0);
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    figure("server_pull_rps", report.pulls.rate(report.secs));
    figure("server_pull_p99_ms", ms(report.pulls.quantile(0.99)));
    figure("server_transfer_rps", report.transfers.rate(report.secs));
    figure(
        "server_transfer_p99_ms",
        ms(report.transfers.quantile(0.99)),
    );
}
