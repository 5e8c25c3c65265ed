//! The anti-fraud list travelling from the gateway to devices: a first
//! snapshot, signed deltas published later, and a damaged delta replaced by
//! a snapshot, on SQLite and PostgreSQL.

use happylife_core::accounts::demo::DEMO_CUSTOMER_ID;
use happylife_core::fraud::{ScamCategory, demo};
use happylife_tests::{backends, device, gateway};
use serde_json::json;
use std::net::SocketAddr;

fn any_port() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 0))
}

async fn publish(gw: &happylife_server::Running, body: serde_json::Value) -> reqwest::Response {
    reqwest::Client::new()
        .post(format!("{}/v1/blocklist/entries", gw.url()))
        .bearer_auth(happylife_tests::OPERATOR_TOKEN)
        .json(&body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn devices_get_the_list_then_its_deltas_and_check_offline() {
    for (url, _keep) in backends().await {
        let gw = gateway(&url, any_port()).await;
        let dir = tempfile::tempdir().unwrap();
        let d = device(dir.path()).await;
        assert_eq!(
            d.blocklist_info().version,
            0,
            "built-in list before any sync"
        );
        d.bind_in_sandbox(&gw.url(), DEMO_CUSTOMER_ID, "test phone")
            .await
            .unwrap();
        let report = d.sync().await.unwrap();
        assert_eq!(report.blocklist_files, 1, "one snapshot");
        let info = d.blocklist_info();
        assert_eq!(info.version, 1);
        assert!(
            info.count >= happylife_server::DEFAULT_TEST_BLOCKLIST,
            "{}",
            info.count
        );
        // A synthetic entry and a named one are both listed on the device.
        let (_, value, category) = demo::synthetic_item(happylife_server::BLOCKLIST_SEED, 777);
        assert_eq!(d.check_text(&value).await.unwrap().category, Some(category));
        assert_eq!(
            d.check_text("400 123 4567").await.unwrap().category,
            Some(ScamCategory::ServiceRefund)
        );

        // The bank lists a new number and delists one.
        let resp = publish(
            &gw,
            json!({"add": [{"value": "+86 138 0013 8000", "category": "lottery"}],
                   "remove": ["400-123-4567"]}),
        )
        .await;
        assert_eq!(resp.status(), 201);
        let report = d.sync().await.unwrap();
        assert_eq!(report.blocklist_files, 1, "one delta");
        assert_eq!(d.blocklist_info().version, 2);
        assert_eq!(d.blocklist_info().count, info.count);
        assert_eq!(
            d.check_text("13800138000").await.unwrap().category,
            Some(ScamCategory::Lottery)
        );
        assert_eq!(d.check_text("4001234567").await.unwrap().category, None);
        assert_eq!(d.sync().await.unwrap().blocklist_files, 0, "nothing new");

        // Offline: the gateway is gone, lookups still answer.
        gw.stop().await;
        assert_eq!(
            d.check_text("tel:13800138000").await.unwrap().category,
            Some(ScamCategory::Lottery)
        );
        d.close().await;
    }
}

#[tokio::test]
async fn a_damaged_delta_is_replaced_by_a_snapshot() {
    for (url, _keep) in backends().await {
        let gw = gateway(&url, any_port()).await;
        let dir = tempfile::tempdir().unwrap();
        let d = device(dir.path()).await;
        d.bind_in_sandbox(&gw.url(), DEMO_CUSTOMER_ID, "test phone")
            .await
            .unwrap();
        d.sync().await.unwrap();
        assert_eq!(
            publish(
                &gw,
                json!({"add": [{"value": "lucky-draw.example.com", "category": "lottery"}]})
            )
            .await
            .status(),
            201
        );
        // The stored delta is damaged (one byte) after it was published.
        let bytes: Vec<u8> =
            sqlx::query_scalar("SELECT delta FROM blocklist_versions WHERE version = 2")
                .fetch_one(&gw.state.db.pool)
                .await
                .unwrap();
        let mut bad = bytes.clone();
        bad[60] ^= 0xff;
        sqlx::query("UPDATE blocklist_versions SET delta = $1 WHERE version = 2")
            .bind(bad)
            .execute(&gw.state.db.pool)
            .await
            .unwrap();
        let report = d.sync().await.unwrap();
        assert_eq!(
            report.blocklist_files, 1,
            "the snapshot, not the damaged delta"
        );
        assert_eq!(d.blocklist_info().version, 2);
        assert_eq!(
            d.check_text("https://www.lucky-draw.example.com/win")
                .await
                .unwrap()
                .category,
            Some(ScamCategory::Lottery)
        );
        d.close().await;
        gw.stop().await;
    }
}

#[tokio::test]
async fn bad_publications_are_refused_whole() {
    for (url, _keep) in backends().await {
        let gw = gateway(&url, any_port()).await;
        for (body, code) in [
            (json!({}), "empty_change"),
            (json!({"add": "13800138000"}), "invalid_field"),
            (
                json!({"add": [{"value": "hello", "category": "lottery"}]}),
                "invalid_entry",
            ),
            (
                json!({"add": [{"value": "13800138000", "category": "nope"}]}),
                "invalid_category",
            ),
            (
                json!({"add": [{"value": "13800138000", "category": "lottery"}], "remove": [42]}),
                "invalid_entry",
            ),
        ] {
            let resp = publish(&gw, body.clone()).await;
            assert_eq!(resp.status(), 422, "{body}");
            let answer: serde_json::Value = resp.json().await.unwrap();
            assert_eq!(answer["error"]["code"], code, "{body}");
        }
        let manifest: serde_json::Value = reqwest::get(format!("{}/v1/blocklist", gw.url()))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(manifest["version"], 1, "nothing was published");
        let resp = reqwest::get(format!("{}/v1/blocklist/delta?from=1", gw.url()))
            .await
            .unwrap();
        assert_eq!(resp.status(), 404);
        let resp = reqwest::get(format!("{}/v1/blocklist/delta?from=-3", gw.url()))
            .await
            .unwrap();
        assert_eq!(resp.status(), 400);
        gw.stop().await;
    }
}

/// A body the bank adds to its real-site table reaches the phone at the
/// next sync: a lookalike of it is flagged from then on, offline, and after
/// the app restarts. A table signed with another key is refused and the
/// phone keeps its own, and the sync still finishes.
#[tokio::test]
async fn the_bank_s_newer_real_site_table_reaches_the_phone_and_a_forged_one_does_not() {
    use happylife_core::fraud::sites::{Body, BodyKind, Names};
    use happylife_core::fraud::{Sites, Verdict};
    let new_bank = Body {
        code: "happybank".into(),
        kind: BodyKind::Bank,
        name: Names {
            zh_cn: "幸福银行".into(),
            zh_tw: "幸福銀行".into(),
            en: "Happy Bank".into(),
        },
        domains: vec!["happybank.com.cn".into()],
        marks: vec!["happybank".into()],
        numbers: vec!["95599".into()],
        aliases: vec!["幸福银行".into()],
    };
    // The bank's table is newer than the one the app shipped with.
    let newer = Sites::built_in().version + 1;
    let table = Sites::json_with(newer, 1_797_000_000, std::slice::from_ref(&new_bank));
    let sms = "【幸福银行】您的账户存在异常，请登录 happybank-verify.top 核实";
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gw.db");
    let url = format!("sqlite://{}?mode=rwc", db.display());
    let gw = happylife_server::start(happylife_server::Config {
        listen: any_port(),
        list_signing_key: Some(happylife_tests::test_list_signing_key()),
        real_sites: Some(table.clone()),
        ..happylife_server::Config::local(&url)
    })
    .await
    .unwrap();
    let phone_dir = dir.path().join("phone");
    let d = device(&phone_dir).await;
    let before = d.check_message(sms).await.unwrap();
    assert!(
        !before.signals.iter().any(|s| s.code() == "lookalike_site"),
        "the built-in table does not know 幸福银行"
    );
    d.bind_in_sandbox(&gw.url(), DEMO_CUSTOMER_ID, "test phone")
        .await
        .unwrap();
    d.sync().await.unwrap();
    assert_eq!(d.real_sites().version, newer);
    gw.stop().await;
    let after = d.check_message(sms).await.unwrap();
    assert_eq!(after.verdict, Verdict::Suspicious);
    let sites = d.real_sites();
    let lookalike = after
        .signals
        .iter()
        .find(|s| s.code() == "lookalike_site")
        .expect("a lookalike of the new bank");
    assert_eq!(
        lookalike.body(&sites).map(|b| b.code.as_str()),
        Some("happybank")
    );
    drop(d);
    let d = device(&phone_dir).await;
    assert_eq!(d.real_sites().version, newer, "kept across a restart");

    // Another gateway signs a still newer one with a key the phone does not trust.
    let dir2 = tempfile::tempdir().unwrap();
    let url2 = format!("sqlite://{}?mode=rwc", dir2.path().join("gw.db").display());
    let forged = happylife_server::start(happylife_server::Config {
        listen: any_port(),
        list_signing_key: Some(hex::encode([7u8; 32])),
        real_sites: Some(Sites::json_with(newer + 1, 1_797_000_000, &[])),
        ..happylife_server::Config::local(&url2)
    })
    .await
    .unwrap();
    let dir3 = tempfile::tempdir().unwrap();
    let d3 = device(dir3.path()).await;
    d3.bind_in_sandbox(&forged.url(), DEMO_CUSTOMER_ID, "test phone")
        .await
        .unwrap();
    // The scam list itself is refused too (same key); the table never lands.
    let _ = d3.sync().await;
    assert_eq!(d3.real_sites().version, Sites::built_in().version);
    forged.stop().await;

    // A table a phone would not read stops the gateway at start.
    let bad = happylife_server::start(happylife_server::Config {
        listen: any_port(),
        real_sites: Some(b"{\"version\": 2, \"bodies\": []}".to_vec()),
        ..happylife_server::Config::local(&url2)
    })
    .await;
    assert!(matches!(
        bad,
        Err(happylife_server::StartError::RealSites(_))
    ));
}
