//! 举报 against the real gateway (SQLite and PostgreSQL): a report written
//! offline waits on the phone and reaches the bank once; staff confirm it
//! from their queue; it is published into the signed scam list, her phone
//! hears it was confirmed, and another phone finds the number offline after
//! its next sync. Bad reports are refused in words.

use happylife_core::accounts::demo::{DAUGHTER, DEMO_CUSTOMER_ID};
use happylife_core::fraud::ScamCategory;
use happylife_core::{Companion, CompanionError};
use happylife_tests::{Proxy, backends, device, gateway};
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::sync::atomic::Ordering;

fn any_port() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 0))
}

async fn phone(url: &str, dir: &std::path::Path, customer: &str) -> Companion {
    let d = device(dir).await;
    d.bind_in_sandbox(url, customer, "phone").await.unwrap();
    d.sync().await.unwrap();
    d
}

/// A site nobody has reported yet.
const NUMBER: &str = "yanglao-buzhu.top";

#[tokio::test]
async fn a_report_is_confirmed_published_and_found_offline_by_another_phone() {
    for (url, _keep) in backends().await {
        let gw = gateway(&url, any_port()).await;
        let base = gw.url();
        let proxy = Proxy::start(gw.addr).await;
        let (de, dd) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let elder = phone(&proxy.url(), de.path(), DEMO_CUSTOMER_ID).await;
        let daughter = phone(&base, dd.path(), DAUGHTER.id).await;
        assert_eq!(
            daughter.check_text(NUMBER).await.unwrap().category,
            None,
            "{url}"
        );

        // Bad reports: said in words, nothing queued.
        assert_eq!(
            elder.report_fraud("不知道", "他骗我").await,
            Err(CompanionError::InvalidReportTarget)
        );
        assert_eq!(
            elder.report_fraud(NUMBER, "  ").await,
            Err(CompanionError::InvalidReportNote)
        );
        assert!(elder.fraud_reports().await.unwrap().is_empty());

        // Offline: it waits; back (the answer lost once): sent once.
        proxy.faults.down.store(true, Ordering::SeqCst);
        elder
            .report_fraud(NUMBER, "短信说领养老补贴，点进去要填银行卡和验证码")
            .await
            .unwrap();
        assert!(elder.sync().await.is_err());
        assert_eq!(elder.fraud_reports().await.unwrap()[0].status, "waiting");
        proxy.faults.down.store(false, Ordering::SeqCst);
        proxy
            .faults
            .lose_next_command_reply
            .store(true, Ordering::SeqCst);
        assert_eq!(elder.sync().await, Err(CompanionError::Offline));
        elder.sync().await.unwrap();
        assert_eq!(elder.fraud_reports().await.unwrap()[0].status, "received");
        let client = reqwest::Client::new();
        let queue: Value = client
            .get(format!("{base}/v1/operator/reports"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let reports = queue["reports"].as_array().unwrap();
        assert_eq!(reports.len(), 1, "{url}: sent once");
        assert_eq!(reports[0]["target"], NUMBER);
        assert_eq!(reports[0]["status"], "received");
        let id = reports[0]["id"].as_i64().unwrap();

        // Staff confirm it: published into the signed list at once.
        let version = elder.blocklist_info().version;
        let r = client
            .post(format!("{base}/v1/operator/reports/{id}/confirm"))
            .json(&json!({ "category": "elder_care" }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 200);
        // Twice: refused, nothing published twice.
        let again = client
            .post(format!("{base}/v1/operator/reports/{id}/confirm"))
            .json(&json!({ "category": "elder_care" }))
            .send()
            .await
            .unwrap();
        assert_eq!(again.status().as_u16(), 409);

        elder.sync().await.unwrap();
        assert_eq!(elder.fraud_reports().await.unwrap()[0].status, "confirmed");
        assert_eq!(elder.blocklist_info().version, version + 1);
        daughter.sync().await.unwrap();
        // The daughter's phone, with the bank gone: found offline.
        gw.stop().await;
        let found = daughter
            .check_text("https://www.yanglao-buzhu.top/lingqu?id=7")
            .await
            .unwrap();
        assert_eq!(found.category, Some(ScamCategory::ElderCare), "{url}");
        elder.close().await;
        daughter.close().await;
    }
}
