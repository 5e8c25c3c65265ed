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

/// A phone bound to the demo elder, logged in with the demo PIN: its session.
async fn bind(base: &str) -> String {
    let (code_id, code) = happylife_core::bank::client::Gateway::new(base)
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
    let bound: Value = r.json().await.unwrap();
    happylife_core::bank::client::Gateway::new(base)
        .pin_login(
            bound["device_id"].as_str().unwrap(),
            bound["token"].as_str().unwrap(),
            &key,
            demo::DEMO_PIN,
        )
        .await
        .unwrap()
        .0
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

/// The database URLs: an SQLite file, and a fresh PostgreSQL database when
/// `HAPPYLIFE_TEST_POSTGRES_URL` names a server (`cargo xtask test` does).
async fn backends(dir: &tempfile::TempDir) -> Vec<String> {
    let mut out = vec![format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("nul.db").display()
    )];
    if let Ok(admin) = std::env::var("HAPPYLIFE_TEST_POSTGRES_URL") {
        use sqlx::Connection;
        let name = format!("hl_nul_{}", std::process::id());
        let mut conn = sqlx::PgConnection::connect(&admin).await.unwrap();
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&mut conn)
            .await
            .unwrap();
        let base = admin.rsplit_once('/').map(|(b, _)| b.to_string()).unwrap();
        out.push(format!("{base}/{name}"));
    }
    out
}

/// A NUL byte in an id the client names (a query, a path, a body field)
/// reached PostgreSQL, which refuses such text: a 500 (found by the
/// contract test on GET /v1/sandbox/sms). Such ids are now refused as what
/// they are: nobody's.
#[tokio::test]
async fn a_nul_byte_in_an_id_is_nobodys_id_not_a_server_error() {
    let dir = tempfile::tempdir().unwrap();
    for url in backends(&dir).await {
        let running = start(Config::local(url.clone())).await.unwrap();
        let base = running.url();
        let token = bind(&base).await;
        let http = reqwest::Client::new();
        let nul = "%00";
        let cases = [
            (
                http.get(format!("{base}/v1/sandbox/sms?customer_id=a{nul}b")),
                StatusCode::BAD_REQUEST,
                "invalid_field",
            ),
            (
                http.get(format!("{base}/v1/sandbox/customers/a{nul}b")),
                StatusCode::NOT_FOUND,
                "unknown_customer",
            ),
            (
                http.get(format!("{base}/v1/transfers/by-key/k{nul}")),
                StatusCode::NOT_FOUND,
                "unknown_transfer",
            ),
            (
                http.get(format!("{base}/v1/family/elders/e{nul}/accounts")),
                StatusCode::FORBIDDEN,
                "not_linked",
            ),
            (
                http.get(format!("{base}/v1/family/elders/e{nul}/transactions")),
                StatusCode::FORBIDDEN,
                "not_linked",
            ),
            (
                http.post(format!("{base}/v1/family/elders/e{nul}/daily-limit"))
                    .json(&json!({ "limit_fen": 50_000 })),
                StatusCode::FORBIDDEN,
                "not_linked",
            ),
        ];
        for (request, status, code) in cases {
            let r = request.bearer_auth(&token).send().await.unwrap();
            let url = r.url().to_string();
            assert_eq!(r.status(), status, "{url} on {}", &running.url());
            let body: Value = r.json().await.unwrap();
            assert_eq!(body["error"]["code"], code, "{url}");
        }
        running.stop().await;
    }
}
