//! Devices syncing with the real gateway on 127.0.0.1 (SQLite and
//! PostgreSQL), with the network failing in the ways it does.
//!
//! The other flows against the gateway are modules of this one test binary.

mod attacks;
mod auth;
mod blocklist;
mod cards;
mod chat;
mod converge;
mod elder_services;
mod events;
mod family;
mod family_matrix;
mod reports;
mod tls;
mod transfers;
mod voice;
mod voiceprint;

use happylife_core::accounts::demo::{self, DEFAULT_SEED, DEMO_CUSTOMER_ID};
use happylife_core::sync::outbox::OutboxState;
use happylife_core::transfers::{ContextFacts, Delay, PayeeChoice, TransferDraft};
use happylife_core::{AccountId, Clock, CompanionError, Connection, Language};
use happylife_tests::{Proxy, backends, clock, device, gateway, local_transaction_count};
use std::net::SocketAddr;
use std::sync::atomic::Ordering;

fn any_port() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 0))
}

async fn server_count(gw: &happylife_server::Running, sql: &str) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_string()))
        .fetch_one(&gw.state.db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn two_devices_get_the_bank_and_each_others_complaints() {
    let expected = demo::generate(DEFAULT_SEED, clock().now());
    for (url, _keep) in backends().await {
        let gw = gateway(&url, any_port()).await;
        let (da, db) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let (a, b) = (device(da.path()).await, device(db.path()).await);
        assert_eq!(
            a.accounts().await.unwrap().len(),
            0,
            "no local demo bank: data comes by sync"
        );
        assert_eq!(a.sync().await, Err(CompanionError::NotConnected));
        for (bound, d) in [&a, &b].into_iter().enumerate() {
            d.bind_in_sandbox(&gw.url(), DEMO_CUSTOMER_ID, "phone")
                .await
                .unwrap();
            let report = d.sync().await.unwrap();
            let cards = happylife_core::cards::store::demo_cards(&expected).len();
            let payees = happylife_server::seed::DEMO_PAYEES.len();
            // Elder services: 4 utilities and the card as bill accounts, 2
            // bills each and the card's statement, the electricity agreement,
            // 6 products.
            let services = 5 + (4 * 2 + 1) + 1 + 6;
            // Each of her phones bound so far, this one too.
            let phones = bound + 1;
            assert_eq!(
                report.pulled as usize,
                1 + 4 + expected.transactions.len() + cards + payees + services + phones,
                "{url}: the customer, her accounts, history, cards, saved payees, bills, products and phones"
            );
            assert!(matches!(d.connection(), Connection::Online { .. }));
        }
        let accounts = a.accounts().await.unwrap();
        assert_eq!(accounts.len(), 4);
        assert_eq!(accounts[0].balance.fen(), expected.accounts[0].balance_fen);
        assert_eq!(
            a.transactions(AccountId(1), 0, 10).await.unwrap(),
            b.transactions(AccountId(1), 0, 10).await.unwrap()
        );
        let fresh = a.freshness().await.unwrap().unwrap();
        assert_eq!(
            fresh.line(&a.i18n(), Language::ZhCn, a.now()),
            "已更新 · 今天 09:30"
        );

        a.file_complaint("service", "取款机吞卡").await.unwrap();
        a.set_text_scale(150).await.unwrap();
        assert_eq!(a.complaints().await.unwrap()[0].status, "waiting");
        let report = a.sync().await.unwrap();
        assert_eq!((report.pushed, report.refused), (2, 0), "{url}");
        assert_eq!(a.complaints().await.unwrap()[0].status, "received");
        b.sync().await.unwrap();
        let seen = b.complaints().await.unwrap();
        assert_eq!(
            seen.iter()
                .map(|c| (c.category.as_str(), c.text.as_str(), c.status.as_str()))
                .collect::<Vec<_>>(),
            [("service", "取款机吞卡", "received")],
            "{url}"
        );
        assert_eq!(
            b.settings().text_scale.percent(),
            100,
            "display settings stay with their device"
        );
        // Syncing again changes nothing.
        assert_eq!(a.sync().await.unwrap().pushed, 0);
        assert_eq!(a.complaints().await.unwrap().len(), 1);
        gw.stop().await;
    }
}

#[tokio::test]
async fn offline_actions_wait_and_are_sent_once_when_the_bank_is_back() {
    for (url, _keep) in backends().await {
        let gw = gateway(&url, any_port()).await;
        let addr = gw.addr;
        let dir = tempfile::tempdir().unwrap();
        let d = device(dir.path()).await;
        d.bind_in_sandbox(&gw.url(), DEMO_CUSTOMER_ID, "phone")
            .await
            .unwrap();
        d.sync().await.unwrap();
        gw.stop().await; // airplane mode

        d.file_complaint("fees", "年费没有提前告知").await.unwrap();
        d.set_high_contrast(true).await.unwrap();
        assert_eq!(d.sync().await, Err(CompanionError::Offline));
        assert_eq!(d.connection(), Connection::Offline);
        let waiting = d.unsettled_actions().await.unwrap();
        assert_eq!(waiting.len(), 2);
        assert!(waiting.iter().all(|w| w.state == OutboxState::Pending));
        assert_eq!(
            d.accounts().await.unwrap().len(),
            4,
            "everything stays readable offline"
        );
        let line = d
            .freshness()
            .await
            .unwrap()
            .unwrap()
            .line(&d.i18n(), Language::ZhCn, d.now());
        assert_eq!(line, "离线 · 数据更新于 今天 09:30");
        assert_eq!(
            d.sync().await,
            Err(CompanionError::Offline),
            "retrying while down is harmless"
        );

        let gw = gateway(&url, addr).await; // back, same address
        let report = d.sync().await.unwrap();
        assert_eq!(report.pushed, 2, "{url}");
        assert!(d.unsettled_actions().await.unwrap().is_empty());
        assert_eq!(
            server_count(&gw, "SELECT count(*) FROM complaints").await,
            1,
            "{url}: sent exactly once"
        );
        assert_eq!(
            server_count(
                &gw,
                "SELECT count(*) FROM settings WHERE key = 'high_contrast' AND value = '1'"
            )
            .await,
            1
        );
        gw.stop().await;
    }
}

#[tokio::test]
async fn a_lost_reply_is_retried_and_the_bank_does_it_once() {
    for (url, _keep) in backends().await {
        let gw = gateway(&url, any_port()).await;
        let proxy = Proxy::start(gw.addr).await;
        let dir = tempfile::tempdir().unwrap();
        let d = device(dir.path()).await;
        d.bind_in_sandbox(&proxy.url(), DEMO_CUSTOMER_ID, "phone")
            .await
            .unwrap();
        d.sync().await.unwrap();

        d.file_complaint("app", "字太小看不清").await.unwrap();
        proxy
            .faults
            .lose_next_command_reply
            .store(true, Ordering::SeqCst);
        assert_eq!(d.sync().await, Err(CompanionError::Offline), "{url}");
        assert_eq!(
            server_count(&gw, "SELECT count(*) FROM complaints").await,
            1,
            "the bank did commit"
        );
        assert_eq!(
            d.unsettled_actions().await.unwrap().len(),
            1,
            "the device does not know yet"
        );
        assert_eq!(d.complaints().await.unwrap()[0].status, "waiting");

        let report = d.sync().await.unwrap();
        assert_eq!(report.pushed, 1);
        assert_eq!(
            server_count(&gw, "SELECT count(*) FROM complaints").await,
            1,
            "{url}: not twice"
        );
        assert_eq!(
            server_count(&gw, "SELECT count(*) FROM commands").await,
            1,
            "{url}"
        );
        let complaints = d.complaints().await.unwrap();
        assert_eq!(
            complaints.len(),
            1,
            "{url}: the pulled change matched the local complaint"
        );
        assert_eq!(complaints[0].status, "received");
        gw.stop().await;
    }
}

#[tokio::test]
async fn a_pull_cut_off_midway_resumes_without_applying_anything_twice() {
    let expected = demo::generate(DEFAULT_SEED, clock().now());
    for (url, _keep) in backends().await {
        let gw = gateway(&url, any_port()).await;
        let proxy = Proxy::start(gw.addr).await;
        let dir = tempfile::tempdir().unwrap();
        let d = device(dir.path()).await;
        d.bind_in_sandbox(&proxy.url(), DEMO_CUSTOMER_ID, "phone")
            .await
            .unwrap();
        proxy.faults.pages_before_outage.store(1, Ordering::SeqCst);
        assert_eq!(d.sync().await, Err(CompanionError::Offline), "{url}");
        let partial = d
            .transactions(AccountId(1), 0, 10)
            .await
            .map(|p| p.total)
            .unwrap_or(0);
        let all_debit = expected
            .transactions
            .iter()
            .filter(|t| t.account_id == 1)
            .count() as u32;
        assert!(
            partial < all_debit,
            "{url}: the pull really was cut ({partial})"
        );

        proxy.faults.down.store(false, Ordering::SeqCst);
        proxy.faults.pages_before_outage.store(-1, Ordering::SeqCst);
        let report = d.sync().await.unwrap();
        assert!(report.pulled > 0);
        assert_eq!(
            d.transactions(AccountId(1), 0, 10).await.unwrap().total,
            all_debit,
            "{url}"
        );
        let pool_total = local_transaction_count(&d).await;
        assert_eq!(
            pool_total as usize,
            expected.transactions.len(),
            "{url}: every transaction exactly once"
        );
        gw.stop().await;
    }
}

const KILL_CHILD: &str = "HAPPYLIFE_SYNC_KILL_CHILD";

/// The device process of the kill test: file a complaint, sync, again and
/// again, until it is killed.
async fn kill_child(dir: &str, server: &str) {
    let d = device(std::path::Path::new(dir)).await;
    let tag = std::process::id();
    for i in 0.. {
        if d.bind_in_sandbox(server, DEMO_CUSTOMER_ID, "phone")
            .await
            .is_err()
        {
            continue;
        }
        happylife_tests::phase("outbox: queueing a complaint");
        d.file_complaint("other", &format!("{tag}-{i}"))
            .await
            .unwrap();
        happylife_tests::phase("sync: outbox push, then pull");
        let _ = d.sync().await;
        happylife_tests::phase("transfer submission");
        // ¥1 to her daughter: killed mid-request, it must be found, never doubled.
        let _ = d
            .send_transfer(
                &TransferDraft {
                    from_account_id: 1,
                    payee: PayeeChoice::Saved { id: 1 },
                    amount: happylife_core::Money::cny(100),
                    note: String::new(),
                    delay: Delay::None,
                },
                ContextFacts::default(),
                None,
                None,
            )
            .await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_killed_at_hundreds_of_points_loses_nothing_and_doubles_nothing() {
    if let (Ok(dir), Ok(server)) = (
        std::env::var(KILL_CHILD),
        std::env::var("HAPPYLIFE_SYNC_KILL_SERVER"),
    ) {
        kill_child(&dir, &server).await;
        return;
    }
    let points: u64 = std::env::var("HAPPYLIFE_KILL_POINTS")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(200);
    let (url, _keep) = backends().await.swap_remove(0);
    let gw = gateway(&url, any_port()).await;
    let dir = tempfile::tempdir().unwrap();
    {
        // Bound first: a child killed between asking for the SMS code and
        // binding would leave that code pending, and the frozen bank clock
        // would refuse every later child a new one (the test then did no work).
        let d = device(dir.path()).await;
        d.bind_in_sandbox(&gw.url(), DEMO_CUSTOMER_ID, "phone")
            .await
            .unwrap();
        d.close().await;
    }
    let dir_text = dir.path().display().to_string();
    let server = gw.url();
    let landed = happylife_tests::kill_repeatedly(
        "a_device_killed_at_hundreds_of_points_loses_nothing_and_doubles_nothing",
        &[
            (KILL_CHILD, &dir_text),
            ("HAPPYLIFE_SYNC_KILL_SERVER", &server),
        ],
        dir.path(),
        points,
        0x2545_f491_4f6c_dd1d,
        0,
        400,
        "transfer submission",
    )
    .await;

    // Recovery: the device opens cleanly and one sync settles everything.
    let d = device(dir.path()).await;
    assert!(d.notices().is_empty(), "{:?}", d.notices());
    d.bind_in_sandbox(&gw.url(), DEMO_CUSTOMER_ID, "phone")
        .await
        .unwrap();
    d.sync().await.unwrap();
    assert!(
        d.unsettled_actions().await.unwrap().is_empty(),
        "nothing left waiting"
    );

    let local = d.complaints().await.unwrap();
    let mut server_texts: Vec<String> =
        sqlx::query_scalar("SELECT text FROM complaints ORDER BY text")
            .fetch_all(&gw.state.db.pool)
            .await
            .unwrap();
    let mut local_texts: Vec<String> = local.iter().map(|c| c.text.clone()).collect();
    local_texts.sort();
    assert!(
        local.iter().all(|c| c.status == "received"),
        "every complaint confirmed"
    );
    let before = server_texts.len();
    server_texts.dedup();
    assert_eq!(
        server_texts.len(),
        before,
        "no complaint reached the bank twice"
    );
    assert_eq!(
        local_texts, server_texts,
        "the device and the bank agree on every complaint"
    );
    assert!(!local_texts.is_empty(), "the children did get work done");

    let server_txns: i64 = sqlx::query_scalar("SELECT count(*) FROM transactions")
        .fetch_one(&gw.state.db.pool)
        .await
        .unwrap();
    let local_txns = local_transaction_count(&d).await;
    assert_eq!(local_txns, server_txns, "every transaction exactly once");

    // Transfers: none left in doubt, each one the bank made is on the
    // device once, and the balances agree to the fen.
    assert!(d.unresolved_transfers().await.unwrap().is_empty());
    let server_transfers: i64 = sqlx::query_scalar("SELECT count(*) FROM transfers")
        .fetch_one(&gw.state.db.pool)
        .await
        .unwrap();
    assert!(server_transfers > 0, "the children did send transfers");
    let server_balance: i64 = sqlx::query_scalar("SELECT balance_fen FROM accounts WHERE id = 1")
        .fetch_one(&gw.state.db.pool)
        .await
        .unwrap();
    assert_eq!(
        d.account(AccountId(1)).await.unwrap().balance.fen(),
        server_balance
    );
    let distinct_keys: i64 = sqlx::query_scalar("SELECT count(DISTINCT client_key) FROM transfers")
        .fetch_one(&gw.state.db.pool)
        .await
        .unwrap();
    assert_eq!(
        distinct_keys, server_transfers,
        "no request made two transfers"
    );
    // The scam list survived every kill: the bank's version, whole.
    assert_eq!(d.blocklist_info().version, 1);
    let (_, value, category) =
        happylife_core::fraud::demo::synthetic_item(happylife_server::BLOCKLIST_SEED, 4_321);
    assert_eq!(d.check_text(&value).await.unwrap().category, Some(category));
    d.close().await;
    let pool = happylife_core::store::Store::sandbox_pool(dir.path())
        .await
        .unwrap();
    let check: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(check, "ok");
    let local_transfers: i64 = sqlx::query_scalar("SELECT count(*) FROM transfers")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(
        local_transfers, server_transfers,
        "each transfer on the device once"
    );
    println!(
        "{points} kill points, {} complaints, all once; where the kills landed: {landed:?}",
        local_texts.len()
    );
    for phase in ["sync: outbox push, then pull", "transfer submission"] {
        assert!(
            landed.get(phase).copied().unwrap_or(0) > 0,
            "some kills land in {phase}: {landed:?}"
        );
    }
    gw.stop().await;
}
