//! The attacker's view of the real gateway (SQLite and PostgreSQL): each
//! chain an attacker would try with nothing but an HTTP client, refused
//! with the right status and code, and nothing written (every table's row
//! count is the same before and after).

use happylife_server::{Config, Running};
use happylife_tests::{OPERATOR_TOKEN, backends, clock};
use reqwest::{Client, Method};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn any_port() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 0))
}

/// The bank (no flags), with the tests' operator credential.
async fn bank(url: &str) -> Running {
    happylife_server::start(Config {
        clock: clock(),
        listen: any_port(),
        operator_token: Some(OPERATOR_TOKEN.into()),
        ..Config::bank(url)
    })
    .await
    .expect("the bank starts")
}

/// Every table's row count.
pub async fn row_counts(gw: &Running) -> BTreeMap<String, i64> {
    let list = match gw.state.db.backend {
        happylife_server::db::Backend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             AND name NOT LIKE '_sqlx%'"
        }
        happylife_server::db::Backend::Postgres => {
            "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public' \
             AND tablename NOT LIKE '_sqlx%'"
        }
    };
    let tables: Vec<String> = sqlx::query_scalar(list)
        .fetch_all(&gw.state.db.pool)
        .await
        .expect("table list");
    let mut out = BTreeMap::new();
    for t in tables {
        let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT count(*) FROM {t}")))
            .fetch_one(&gw.state.db.pool)
            .await
            .expect("count");
        out.insert(t, n);
    }
    out
}

/// One request as an attacker sends it: (status, error code).
async fn attempt(
    http: &Client,
    method: Method,
    url: String,
    token: Option<&str>,
    body: Option<Value>,
) -> (u16, String) {
    let mut r = http.request(method, url);
    if let Some(t) = token {
        r = r.bearer_auth(t);
    }
    if let Some(b) = body {
        r = r.json(&b);
    }
    let resp = r.send().await.expect("the gateway answers");
    let status = resp.status().as_u16();
    let body: Value = resp.json().await.unwrap_or(Value::Null);
    (
        status,
        body["error"]["code"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
    )
}

#[tokio::test]
async fn the_bank_has_no_sandbox_and_no_demo_customer() {
    for (url, _keep) in backends().await {
        let gw = bank(&url).await;
        let http = Client::new();
        let base = gw.url();
        let list: Value = http
            .get(format!("{base}/v1/blocklist"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(
            list["count"], 0,
            "{url}: no synthetic scam list at the bank"
        );
        // (The list's first, empty version is written on first use.)
        let before = row_counts(&gw).await;
        assert_eq!(
            before["customers"], 0,
            "{url}: nobody is seeded at the bank"
        );
        // The takeover chain of the issue, step by step: each is a 404.
        for (method, path, body) in [
            (Method::GET, "/v1/sandbox/customers/demo-elder-0001", None),
            (Method::GET, "/v1/sandbox/sms?code_id=1", None),
            (
                Method::GET,
                "/v1/sandbox/sms?customer_id=demo-elder-0001",
                None,
            ),
            (
                Method::POST,
                "/v1/cards/authorize",
                Some(
                    json!({"card_id": 1, "channel": "pos", "country": "CN", "region": "310000", "amount_fen": 100}),
                ),
            ),
            (
                Method::POST,
                "/v1/sandbox/bill-accounts/1/bills",
                Some(json!({"amount_fen": 100000, "period": "2026-11"})),
            ),
            (
                Method::POST,
                "/v1/sandbox/complaints/1/answer",
                Some(json!({"status": "answered", "reply": "x"})),
            ),
        ] {
            let got = attempt(&http, method.clone(), format!("{base}{path}"), None, body).await;
            assert_eq!(
                got,
                (404, "no_such_endpoint".to_string()),
                "{url}: {method} {path}"
            );
        }
        // The ID number of someone the bank does not know is no way in.
        let got = attempt(
            &http,
            Method::POST,
            format!("{base}/v1/enrolment/codes"),
            None,
            Some(json!({"id_number": "11010519551125002X", "purpose": "bind"})),
        )
        .await;
        assert_eq!(got.0 / 100, 4, "{url}: {got:?}");
        assert_eq!(row_counts(&gw).await, before, "{url}: nothing written");
        gw.stop().await;
    }
}

#[tokio::test]
async fn operator_actions_need_the_operator_credential_in_both_modes() {
    for (url, _keep) in backends().await {
        for sandbox in [false, true] {
            let gw = if sandbox {
                happylife_tests::gateway(&url, any_port()).await
            } else {
                bank(&url).await
            };
            let http = Client::new();
            let base = gw.url();
            let before = row_counts(&gw).await;
            let publish = json!({"add": [{"value": "186 0000 1234", "category": "investment"}]});
            let answer = json!({"status": "answered", "reply": "已处理"});
            for token in [None, Some("not-the-operator"), Some("")] {
                for (path, body) in [
                    ("/v1/blocklist/entries", &publish),
                    ("/v1/operator/complaints/1/answer", &answer),
                ] {
                    let got = attempt(
                        &http,
                        Method::POST,
                        format!("{base}{path}"),
                        token,
                        Some(body.clone()),
                    )
                    .await;
                    assert_eq!(
                        got,
                        (401, "operator_required".to_string()),
                        "{url} sandbox={sandbox}: {path} with {token:?}"
                    );
                }
            }
            assert_eq!(
                row_counts(&gw).await,
                before,
                "{url} sandbox={sandbox}: nothing written"
            );
            // With the credential, an operator publishes.
            let got = http
                .post(format!("{base}/v1/blocklist/entries"))
                .bearer_auth(OPERATOR_TOKEN)
                .json(&publish)
                .send()
                .await
                .unwrap();
            assert_eq!(got.status().as_u16(), 201, "{url} sandbox={sandbox}");
            gw.stop().await;
        }
    }
}

#[tokio::test]
async fn a_gateway_with_no_operator_credential_refuses_every_operator_action() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("g.db").display());
    let gw = happylife_server::start(Config {
        clock: clock(),
        ..Config::bank(url)
    })
    .await
    .unwrap();
    let http = Client::new();
    for token in [None, Some(""), Some(OPERATOR_TOKEN)] {
        let got = attempt(
            &http,
            Method::POST,
            format!("{}/v1/blocklist/entries", gw.url()),
            token,
            Some(json!({"add": [{"value": "186 0000 1234", "category": "investment"}]})),
        )
        .await;
        assert_eq!(got, (401, "operator_required".to_string()), "{token:?}");
    }
    gw.stop().await;
}

#[tokio::test]
async fn a_slow_client_that_never_finishes_its_headers_is_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("g.db").display());
    let gw = happylife_server::start(Config {
        clock: clock(),
        limits: happylife_server::edge::Limits {
            header_read: Duration::from_secs(1),
            ..Default::default()
        },
        ..Config::bank(url)
    })
    .await
    .unwrap();
    let mut slow = tokio::net::TcpStream::connect(gw.addr).await.unwrap();
    slow.write_all(b"GET /v1/blocklist HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        .await
        .unwrap();
    let started = std::time::Instant::now();
    let mut buf = [0u8; 512];
    // The gateway closes the connection (or answers 408 and closes) once
    // the header-read time is up; a generous bound, not a timing test.
    let read = tokio::time::timeout(Duration::from_secs(20), async {
        let mut all = Vec::new();
        loop {
            match slow.read(&mut buf).await {
                Ok(0) | Err(_) => return all,
                Ok(n) => all.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await
    .expect("the connection is closed, not held open");
    let text = String::from_utf8_lossy(&read);
    assert!(
        read.is_empty() || text.starts_with("HTTP/1.1 408"),
        "dropped without an answer, or with a 408: {text}"
    );
    assert!(started.elapsed() < Duration::from_secs(20));
    // Meanwhile a normal client is served.
    let ok = reqwest::get(format!("{}/v1/blocklist", gw.url()))
        .await
        .unwrap();
    assert_eq!(ok.status().as_u16(), 200);
    gw.stop().await;
}

#[tokio::test]
async fn a_loopback_gateway_answers_only_requests_for_this_machine() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("g.db").display());
    let gw = happylife_server::start(Config {
        clock: clock(),
        ..Config::bank(url)
    })
    .await
    .unwrap();
    let http = Client::new();
    for (host, want) in [
        ("evil.example", 421),
        ("127.0.0.1.evil.example:80", 421),
        ("localhost", 200),
        ("127.0.0.1:1", 200),
    ] {
        let got = http
            .get(format!("{}/v1/blocklist", gw.url()))
            .header("host", host)
            .send()
            .await
            .unwrap();
        assert_eq!(got.status().as_u16(), want, "Host: {host}");
        if want == 421 {
            let body: Value = got.json().await.unwrap();
            assert_eq!(body["error"]["code"], "wrong_host");
        }
    }
    gw.stop().await;
}
