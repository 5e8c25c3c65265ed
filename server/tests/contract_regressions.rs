//! What the contract test (tests/contract) found: each 5xx it provoked,
//! pinned here as an ordinary Rust test, so it stays fixed.

use happylife_core::accounts::demo;
use happylife_server::{Config, Running, start};
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn gateway(dir: &tempfile::TempDir) -> Running {
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("gateway.db").display()
    );
    start(Config::local(url)).await.expect("gateway starts")
}

/// A phone bound to the demo elder: its device token.
async fn bind(base: &str) -> String {
    let (code_id, code) = happylife_core::sync::gateway::Gateway::new(base)
        .sandbox_bind_code(demo::DEMO_CUSTOMER_ID)
        .await
        .unwrap();
    let key = happylife_core::auth::DeviceKey::generate();
    let r = reqwest::Client::new()
        .post(format!("{base}/v1/devices"))
        .json(&json!({ "code_id": code_id, "code": code, "name": "测试", "public_key": key.public_hex() }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    r.json::<Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_string()
}

/// Wrong invite codes sent at once (each counted in a transaction that
/// reads, then writes) were answered 500 "database is locked" on SQLite:
/// a deferred transaction cannot wait for the write lock once it has
/// read. Transactions now take the lock first (`BEGIN IMMEDIATE`).
#[tokio::test]
async fn concurrent_writes_on_sqlite_wait_for_each_other_instead_of_failing() {
    let dir = tempfile::tempdir().unwrap();
    let running = gateway(&dir).await;
    let base = running.url();
    let tokens = [bind(&base).await, bind(&base).await];
    let http = reqwest::Client::new();
    let mut calls = Vec::new();
    for i in 0..24 {
        let http = http.clone();
        let token = tokens[i % 2].clone();
        let base = base.clone();
        calls.push(tokio::spawn(async move {
            let r = if i % 3 == 0 {
                http.post(format!("{base}/v1/commands"))
                    .bearer_auth(&token)
                    .header("Idempotency-Key", format!("k-{i}"))
                    .json(&json!({ "kind": "settings", "key": "text_scale", "value": "150" }))
                    .send()
                    .await
            } else {
                http.post(format!("{base}/v1/family/invites/accept"))
                    .bearer_auth(&token)
                    .json(&json!({ "code": format!("{:06}", 100_000 + i) }))
                    .send()
                    .await
            };
            r.unwrap().status()
        }));
    }
    for call in calls {
        let status = call.await.unwrap();
        assert!(
            [
                StatusCode::CREATED,
                StatusCode::NOT_FOUND,
                StatusCode::TOO_MANY_REQUESTS
            ]
            .contains(&status),
            "{status}"
        );
    }
    running.stop().await;
}
