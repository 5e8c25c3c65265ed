//! The real gateway on 127.0.0.1, over HTTP, against an SQLite file and (when
//! `HAPPYLIFE_TEST_POSTGRES_URL` names a server, as `cargo xtask test` and CI
//! arrange) a real PostgreSQL database made for the run.

use happylife_core::accounts::demo::{self, DEFAULT_SEED};
use happylife_core::{Clock, FixedClock};
use happylife_server::{Config, Running, start};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::sync::Arc;

fn clock() -> Arc<FixedClock> {
    Arc::new(FixedClock::at(2026, 11, 25, 9, 30).unwrap())
}

/// The database URLs to run each test against.
async fn backends() -> Vec<(String, Option<tempfile::TempDir>)> {
    let dir = tempfile::tempdir().unwrap();
    let sqlite = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("gateway.db").display()
    );
    let mut out = vec![(sqlite, Some(dir))];
    match std::env::var("HAPPYLIFE_TEST_POSTGRES_URL") {
        Ok(admin) => {
            use sqlx::Connection;
            let name = format!("hl_{}", std::process::id()) + &format!("_{}", rand_suffix());
            let mut conn = sqlx::PgConnection::connect(&admin)
                .await
                .expect("PostgreSQL reachable");
            sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                .execute(&mut conn)
                .await
                .unwrap();
            let base = admin.rsplit_once('/').map(|(b, _)| b.to_string()).unwrap();
            out.push((format!("{base}/{name}"), None));
        }
        Err(_) => assert!(
            std::env::var("CI").is_err(),
            "CI must run these tests on PostgreSQL too: set HAPPYLIFE_TEST_POSTGRES_URL (cargo xtask test does)"
        ),
    }
    out
}

fn rand_suffix() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    u64::from(nanos) * 1000 + N.fetch_add(1, Ordering::Relaxed)
}

async fn gateway(url: &str) -> Running {
    start(Config {
        clock: clock(),
        ..Config::local(url)
    })
    .await
    .expect("gateway starts")
}

struct Device {
    http: reqwest::Client,
    base: String,
    token: String,
}

impl Device {
    async fn register(base: &str) -> Device {
        let http = reqwest::Client::new();
        let (code_id, code) = happylife_core::bank::client::Gateway::new(base)
            .sandbox_bind_code(demo::DEMO_CUSTOMER_ID)
            .await
            .unwrap();
        let key = happylife_core::auth::DeviceKey::generate();
        let r = http
            .post(format!("{base}/v1/devices"))
            .json(&json!({ "code_id": code_id, "code": code, "name": "王阿姨的手机", "public_key": key.public_hex() }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::CREATED);
        let body: Value = r.json().await.unwrap();
        let device_id = body["device_id"].as_str().unwrap();
        assert!(device_id.starts_with("dev-"));
        // Every customer route needs a session: a PIN login with the demo PIN.
        let (session, _) = happylife_core::bank::client::Gateway::new(base)
            .pin_login(
                device_id,
                body["token"].as_str().unwrap(),
                &key,
                demo::DEMO_PIN,
            )
            .await
            .unwrap();
        Device {
            http,
            base: base.to_string(),
            token: session,
        }
    }

    async fn pull(&self, after: i64, limit: i64) -> Value {
        let r = self
            .http
            .get(format!(
                "{}/v1/changes?after={after}&limit={limit}",
                self.base
            ))
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        r.json().await.unwrap()
    }

    async fn pull_all(&self, after: i64) -> Vec<Value> {
        let mut cursor = after;
        let mut all = Vec::new();
        loop {
            let page = self.pull(cursor, 400).await;
            all.extend(page["changes"].as_array().unwrap().iter().cloned());
            cursor = page["next"].as_i64().unwrap();
            if !page["more"].as_bool().unwrap() {
                return all;
            }
        }
    }

    async fn command(&self, key: &str, body: Value) -> (StatusCode, Option<String>, Value) {
        let r = self
            .http
            .post(format!("{}/v1/commands", self.base))
            .bearer_auth(&self.token)
            .header("Idempotency-Key", key)
            .json(&body)
            .send()
            .await
            .unwrap();
        let replayed = r
            .headers()
            .get("idempotent-replayed")
            .map(|v| v.to_str().unwrap().to_string());
        (r.status(), replayed, r.json().await.unwrap())
    }
}

fn error_code(body: &Value) -> &str {
    body["error"]["code"].as_str().unwrap_or("(none)")
}

#[tokio::test]
async fn a_device_pulls_the_whole_demo_bank_in_pages() {
    let expected = demo::generate(DEFAULT_SEED, clock().now());
    for (url, _keep) in backends().await {
        let gw = gateway(&url).await;
        let mut device = Device::register(&gw.url()).await;
        let changes = device.pull_all(0).await;
        let count = |entity: &str| changes.iter().filter(|c| c["entity"] == entity).count();
        assert_eq!(count("customer"), 1, "{url}");
        assert_eq!(count("account"), 4, "{url}");
        assert_eq!(count("transaction"), expected.transactions.len(), "{url}");
        let seqs: Vec<i64> = changes.iter().map(|c| c["seq"].as_i64().unwrap()).collect();
        assert!(
            seqs.windows(2).all(|w| w[0] < w[1]),
            "cursor strictly increases"
        );
        let debit = changes
            .iter()
            .find(|c| c["entity"] == "account" && c["id"] == "1")
            .unwrap();
        assert_eq!(
            debit["data"]["balance_fen"].as_i64(),
            Some(expected.accounts[0].balance_fen)
        );
        // Nothing after the end; a restart does not write the bank twice.
        let last = *seqs.last().unwrap();
        let tail = device.pull(last, 10).await;
        assert_eq!(tail["changes"].as_array().unwrap().len(), 0);
        assert_eq!(tail["next"].as_i64(), Some(last));
        gw.stop().await;
        let gw = gateway(&url).await;
        device.base = gw.url(); // a new port; the same token still works
        assert_eq!(
            device.pull(last, 10).await["changes"]
                .as_array()
                .unwrap()
                .len(),
            0,
            "{url}: no second bank"
        );
        gw.stop().await;
    }
}

#[tokio::test]
async fn the_same_key_does_a_thing_once_and_another_body_is_refused() {
    for (url, _keep) in backends().await {
        let gw = gateway(&url).await;
        let phone = Device::register(&gw.url()).await;
        let tablet = Device::register(&gw.url()).await;
        let start = phone.pull_all(0).await.last().unwrap()["seq"]
            .as_i64()
            .unwrap();

        let complaint =
            json!({ "kind": "complaint", "category": "service", "text": "柜台排队太久" });
        let (s1, r1, b1) = phone.command("key-0001", complaint.clone()).await;
        assert_eq!(
            (s1, r1.as_deref()),
            (StatusCode::CREATED, None),
            "{url}: {b1}"
        );
        let (s2, r2, b2) = phone.command("key-0001", complaint.clone()).await;
        assert_eq!(
            (s2, r2.as_deref()),
            (StatusCode::CREATED, Some("true")),
            "{url}"
        );
        assert_eq!(b1, b2, "{url}: the stored response is replayed");

        let other = json!({ "kind": "complaint", "category": "service", "text": "另一件事" });
        let (s3, _, b3) = phone.command("key-0001", other).await;
        assert_eq!(
            (s3, error_code(&b3)),
            (StatusCode::CONFLICT, "idempotency_key_reused"),
            "{url}"
        );

        // Keys belong to a device: the tablet's key-0001 is its own.
        let (s4, r4, _) = tablet.command("key-0001", complaint.clone()).await;
        assert_eq!((s4, r4), (StatusCode::CREATED, None), "{url}");

        let new: Vec<Value> = tablet.pull_all(start).await;
        let complaints = new.iter().filter(|c| c["entity"] == "complaint").count();
        assert_eq!(complaints, 2, "{url}: one complaint per device, not three");
        gw.stop().await;
    }
}

#[tokio::test]
async fn a_setting_from_one_device_reaches_the_other() {
    for (url, _keep) in backends().await {
        let gw = gateway(&url).await;
        let phone = Device::register(&gw.url()).await;
        let tablet = Device::register(&gw.url()).await;
        let start = tablet.pull_all(0).await.last().unwrap()["seq"]
            .as_i64()
            .unwrap();
        let (s, _, _) = phone
            .command(
                "set-1",
                json!({ "kind": "settings", "key": "text_scale", "value": "150" }),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED);
        let seen = tablet.pull_all(start).await;
        assert_eq!(seen.len(), 1, "{url}");
        assert_eq!(seen[0]["entity"], "setting");
        assert_eq!(seen[0]["data"]["value"], "150");
        gw.stop().await;
    }
}

#[tokio::test]
async fn bad_input_gets_a_stable_code_and_writes_nothing() {
    for (url, _keep) in backends().await {
        let gw = gateway(&url).await;
        let base = gw.url();
        let http = reqwest::Client::new();
        let device = Device::register(&base).await;
        let before = device.pull_all(0).await.len();

        let key = happylife_core::auth::DeviceKey::generate().public_hex();
        let r = http
            .post(format!("{base}/v1/devices"))
            .json(&json!({ "code_id": 424242, "code": "123456", "name": "x", "public_key": key }))
            .send()
            .await
            .unwrap();
        assert_eq!(
            (r.status(), error_code(&r.json().await.unwrap()).to_string()),
            (StatusCode::NOT_FOUND, "unknown_code".into())
        );
        let r = http
            .post(format!("{base}/v1/devices"))
            .header("content-type", "application/json")
            .body("{not json")
            .send()
            .await
            .unwrap();
        assert_eq!(
            (r.status(), error_code(&r.json().await.unwrap()).to_string()),
            (StatusCode::BAD_REQUEST, "bad_json".into())
        );
        let r = http
            .post(format!("{base}/v1/devices"))
            .json(&json!({ "code_id": 1, "code": "123456", "name": "", "public_key": key }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);

        for query in [
            "limit=0",
            "limit=5000",
            "limit=abc",
            "after=-1",
            "after=1e3",
        ] {
            let r = http
                .get(format!("{base}/v1/changes?{query}"))
                .bearer_auth(&device.token)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{url} {query}");
            let code = error_code(&r.json().await.unwrap()).to_string();
            assert!(
                code == "bad_limit" || code == "bad_cursor",
                "{query}: {code}"
            );
        }
        let r = http.get(format!("{base}/v1/changes")).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        let r = http
            .get(format!("{base}/v1/changes"))
            .bearer_auth("forged")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);

        let bad_commands = [
            (
                json!({ "kind": "settings", "key": "text_scale", "value": "500" }),
                "invalid_setting",
            ),
            (
                json!({ "kind": "settings", "key": "language", "value": "xx" }),
                "invalid_setting",
            ),
            (
                json!({ "kind": "settings", "key": "pin", "value": "1234" }),
                "unknown_setting",
            ),
            (
                json!({ "kind": "transfer", "amount_fen": 100 }),
                "unknown_command",
            ),
            (
                json!({ "kind": "complaint", "category": "service", "text": "字".repeat(2001) }),
                "invalid_field",
            ),
            (
                json!({ "kind": "complaint", "category": "nonsense", "text": "x" }),
                "invalid_field",
            ),
        ];
        for (i, (body, code)) in bad_commands.into_iter().enumerate() {
            let (s, _, b) = device.command(&format!("bad-{i}"), body).await;
            assert_eq!(
                (s, error_code(&b)),
                (StatusCode::UNPROCESSABLE_ENTITY, code),
                "{url}"
            );
        }
        let r = http
            .post(format!("{base}/v1/commands"))
            .bearer_auth(&device.token)
            .json(&json!({ "kind": "complaint", "category": "app", "text": "x" }))
            .send()
            .await
            .unwrap();
        assert_eq!(
            (r.status(), error_code(&r.json().await.unwrap()).to_string()),
            (StatusCode::BAD_REQUEST, "missing_idempotency_key".into())
        );
        let r = http.get(format!("{base}/v1/nothing")).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND);

        assert_eq!(
            device.pull_all(0).await.len(),
            before,
            "{url}: no partial write"
        );
        let commands: i64 = sqlx::query_scalar("SELECT count(*) FROM commands")
            .fetch_one(&gw.state.db.pool)
            .await
            .unwrap();
        assert_eq!(commands, 0, "{url}");
        gw.stop().await;
    }
}
