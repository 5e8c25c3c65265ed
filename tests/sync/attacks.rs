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
        assert_eq!(row_counts(&gw).await, before, "{url}: nothing written");
        gw.stop().await;
    }
}

#[tokio::test]
async fn operator_actions_need_the_operator_credential_in_both_modes() {
    for sandbox in [false, true] {
        for (url, _keep) in backends().await {
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

#[tokio::test]
async fn guessing_sms_codes_is_stopped_by_the_days_count_not_reset_by_a_fresh_code() {
    use happylife_core::Clock;
    use happylife_core::auth::{CODE_TRIES, WRONG_CODES_PER_DAY};
    for (url, _keep) in backends().await {
        let bank_clock = clock();
        let gw = happylife_tests::gateway_with_clock(&url, any_port(), bank_clock.clone()).await;
        let http = Client::new();
        let base = gw.url();
        let who = happylife_core::bank::client::Gateway::new(&base)
            .sandbox_customer(happylife_core::accounts::demo::DEMO_CUSTOMER_ID)
            .await
            .unwrap();
        let id_number = who["id_number"].as_str().unwrap().to_string();
        let ask = || {
            attempt(
                &http,
                Method::POST,
                format!("{base}/v1/enrolment/codes"),
                None,
                Some(json!({ "id_number": id_number, "purpose": "bind" })),
            )
        };
        // The attacker has her ID number but not her phone: each fresh code
        // gets five guesses, and the day's wrong answers add up across codes.
        let mut wrong = 0;
        let mut minutes = 0;
        let mut guess = 0u32;
        while wrong < WRONG_CODES_PER_DAY {
            minutes += 2;
            bank_clock.set(clock().now() + chrono::Duration::minutes(minutes));
            let r = http
                .post(format!("{base}/v1/enrolment/codes"))
                .json(&json!({ "id_number": id_number, "purpose": "bind" }))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status().as_u16(), 201, "code {}", wrong / CODE_TRIES);
            let code_id = r.json::<Value>().await.unwrap()["code_id"]
                .as_i64()
                .unwrap();
            for _ in 0..CODE_TRIES {
                guess += 1;
                let (status, _) = attempt(
                    &http,
                    Method::POST,
                    format!("{base}/v1/devices"),
                    None,
                    Some(json!({
                        "code_id": code_id, "code": format!("{:06}", guess * 7919 % 1_000_000),
                        "name": "attacker", "public_key": happylife_core::auth::DeviceKey::generate().public_hex(),
                    })),
                )
                .await;
                assert!(status == 401 || status == 410, "a guess: {status}");
                wrong += 1;
            }
        }
        // A fresh code would give five more guesses: it is not sent.
        bank_clock.set(clock().now() + chrono::Duration::minutes(minutes + 2));
        let before = row_counts(&gw).await;
        let (status, code) = ask().await;
        assert_eq!((status, code.as_str()), (429, "too_many_codes"), "{url}");
        assert_eq!(
            row_counts(&gw).await,
            before,
            "{url}: no code, no SMS written"
        );
        // Nor does a code sent before the count ran out take more guesses.
        assert_eq!(
            row_counts(&gw).await["devices"],
            0,
            "{url}: no phone was bound"
        );
        // A day later she may bind her own phone again.
        bank_clock.set(clock().now() + chrono::Duration::hours(25));
        assert_eq!(ask().await.0, 201, "{url}");
        gw.stop().await;
    }
}

#[tokio::test]
async fn an_unknown_id_number_is_answered_like_a_known_one() {
    for (url, _keep) in backends().await {
        let gw = bank(&url).await;
        let http = Client::new();
        let nobody = happylife_core::auth::id_number::IdNumber::from_parts(
            "650102",
            chrono::NaiveDate::from_ymd_opt(1950, 1, 1).unwrap(),
            7,
        );
        let r = http
            .post(format!("{}/v1/enrolment/codes", gw.url()))
            .json(&json!({ "id_number": nobody.as_str(), "purpose": "bind" }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 201, "{url}");
        let v: Value = r.json().await.unwrap();
        let mut keys: Vec<&String> = v.as_object().unwrap().keys().collect();
        keys.sort();
        assert_eq!(keys, ["code_id", "expires_at", "phone", "resend_after"]);
        let phone: Vec<char> = v["phone"].as_str().unwrap().chars().collect();
        assert!(
            phone.len() == 11
                && phone[0] == '1'
                && phone[1..3].iter().all(char::is_ascii_digit)
                && phone[3..7].iter().all(|c| *c == '*')
                && phone[7..].iter().all(char::is_ascii_digit),
            "masked like a real number: {v}"
        );
        // No SMS went anywhere, and no code opens it.
        let sms: i64 = sqlx::query_scalar("SELECT count(*) FROM sandbox_sms")
            .fetch_one(&gw.state.db.pool)
            .await
            .unwrap();
        assert_eq!(sms, 0);
        gw.stop().await;
    }
}

/// A transfer straight at the bank with `session`: (status, body).
async fn transfer(http: &Client, base: &str, session: &str, body: Value) -> (u16, Value) {
    let r = http
        .post(format!("{base}/v1/transfers"))
        .bearer_auth(session)
        .header("Idempotency-Key", happylife_core::sync::outbox::new_key())
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

fn decision(v: &Value) -> String {
    let risk = if v["risk"].is_null() {
        &v["error"]["risk"]
    } else {
        &v["risk"]
    };
    risk["decision"].as_str().unwrap_or_default().to_string()
}

fn reasons(v: &Value) -> Vec<String> {
    let risk = if v["risk"].is_null() {
        &v["error"]["risk"]
    } else {
        &v["risk"]
    };
    risk["reasons"]
        .as_array()
        .map(|r| {
            r.iter()
                .filter_map(|x| x.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn the_bank_counts_its_own_facts_and_the_phones_word_lowers_nothing() {
    use happylife_core::Clock;
    use happylife_core::accounts::demo::{DEMO_CUSTOMER_ID, DEMO_PIN};
    for (url, _keep) in backends().await {
        let bank_clock = clock();
        let gw = happylife_tests::gateway_with_clock(&url, any_port(), bank_clock.clone()).await;
        let base = gw.url();
        let http = Client::new();
        let phone = happylife_tests::raw_phone(&base, DEMO_CUSTOMER_ID).await;
        let session = happylife_tests::raw_login(&base, &phone, DEMO_PIN).await;
        // The phone says it was bound long ago, and nothing is going on.
        let says_old = json!({
            "new_device_hours": 10_000.0, "password_changed_hours": 10_000.0,
            "on_call": false, "screen_sharing": false, "by_agent": false,
        });
        let to_grandson = json!({
            "from_account_id": 1, "payee_id": 2, "amount_fen": 100, "context": says_old,
        });
        let (status, v) = transfer(&http, &base, &session, to_grandson.clone()).await;
        assert_eq!(status, 201, "{url}: {v}");
        assert_eq!(
            (decision(&v), reasons(&v)),
            ("allow".to_string(), vec![]),
            "{url}: a saved payee on a new phone (new phone alone weighs 2)"
        );
        let (_, v) = transfer(
            &http,
            &base,
            &session,
            json!({
                "from_account_id": 1, "payee": { "account": "6222 0300 1111 2222", "name": "张先生" },
                "amount_fen": 500_000, "context": says_old,
            }),
        )
        .await;
        assert!(
            reasons(&v).contains(&"new_device".to_string()),
            "{url}: the bank knows the phone was bound today: {v}"
        );

        // Payee grooming, on a phone bound days ago: 1 fen to a new account
        // ("先转 1 分钱验证"), then a large sum to the same account the same day.
        sqlx::query("UPDATE devices SET created_at = created_at - 172800")
            .execute(&gw.state.db.pool)
            .await
            .unwrap();
        let groomed = json!({ "account": "6222 0300 5555 6666", "name": "刘经理" });
        let (status, v) = transfer(
            &http,
            &base,
            &session,
            json!({ "from_account_id": 1, "payee": groomed, "amount_fen": 1, "context": says_old }),
        )
        .await;
        assert_eq!(
            (status, decision(&v).as_str()),
            (201, "allow"),
            "{url}: {v}"
        );
        bank_clock.set(clock().now() + chrono::Duration::hours(3));
        let session = happylife_tests::raw_login(&base, &phone, DEMO_PIN).await;
        let before = row_counts(&gw).await;
        let (status, v) = transfer(
            &http,
            &base,
            &session,
            json!({
                "from_account_id": 1, "payee": groomed, "amount_fen": 2_000_000,
                "context": says_old,
                // Echoing what the phone thinks the bank would say opens nothing.
                "acknowledged": { "decision": "allow", "reasons": [] },
            }),
        )
        .await;
        assert_eq!(status, 409, "{url}: {v}");
        assert_eq!(decision(&v), "cosign", "{url}: at least a co-sign: {v}");
        assert!(reasons(&v).contains(&"new_payee".to_string()), "{url}: {v}");
        let mut after = row_counts(&gw).await;
        assert_eq!(
            after.insert("warning_tickets".into(), before["warning_tickets"]),
            Some(before["warning_tickets"] + 1),
            "{url}: the warning's ticket is kept"
        );
        assert_eq!(after, before, "{url}: nothing else written");
        // A day after the first payment, the account is a known one.
        bank_clock.set(clock().now() + chrono::Duration::hours(27));
        let session = happylife_tests::raw_login(&base, &phone, DEMO_PIN).await;
        let (status, v) = transfer(
            &http,
            &base,
            &session,
            json!({ "from_account_id": 1, "payee": groomed, "amount_fen": 10_000, "context": says_old }),
        )
        .await;
        assert_eq!(
            (status, decision(&v).as_str()),
            (201, "allow"),
            "{url}: {v}"
        );
        gw.stop().await;
    }
}

#[tokio::test]
async fn a_removed_phone_loses_its_token_and_sessions_at_once() {
    use happylife_core::accounts::demo::{DEMO_CUSTOMER_ID, DEMO_PIN};
    for (url, _keep) in backends().await {
        let gw = happylife_tests::gateway(&url, any_port()).await;
        let base = gw.url();
        let http = Client::new();
        let hers = happylife_tests::raw_phone(&base, DEMO_CUSTOMER_ID).await;
        let hers_session = happylife_tests::raw_login(&base, &hers, DEMO_PIN).await;
        let stolen = happylife_tests::raw_phone(&base, DEMO_CUSTOMER_ID).await;
        let stolen_session = happylife_tests::raw_login(&base, &stolen, DEMO_PIN).await;
        let gateway = happylife_core::bank::client::Gateway::new(&base);
        let list = gateway.phones(&hers_session).await.unwrap();
        let phones = list["phones"].as_array().unwrap();
        assert_eq!(phones.len(), 2, "{url}: {list}");
        assert_eq!(
            phones.iter().filter(|p| p["this"] == true).count(),
            1,
            "{url}: {list}"
        );
        // Another customer's phone is nobody's to remove.
        let daughter =
            happylife_tests::raw_session(&base, happylife_core::accounts::demo::DAUGHTER.id).await;
        let got = attempt(
            &http,
            Method::POST,
            format!("{base}/v1/phones/{}/remove", stolen.device_id),
            Some(&daughter),
            None,
        )
        .await;
        assert_eq!(got, (404, "unknown_phone".to_string()), "{url}");
        gateway
            .remove_phone(&hers_session, &stolen.device_id)
            .await
            .unwrap();
        // Its session ends, its device token starts no login.
        let got = attempt(
            &http,
            Method::GET,
            format!("{base}/v1/changes"),
            Some(&stolen_session),
            None,
        )
        .await;
        assert_eq!(got, (401, "session_expired".to_string()), "{url}");
        let got = attempt(
            &http,
            Method::POST,
            format!("{base}/v1/auth/pin/start"),
            Some(&stolen.device_token),
            Some(json!({ "request": "00ff" })),
        )
        .await;
        assert_eq!(got, (401, "unauthorized".to_string()), "{url}");
        // Her own phone goes on; the list has one phone left.
        let list = gateway.phones(&hers_session).await.unwrap();
        assert_eq!(list["phones"].as_array().unwrap().len(), 1, "{url}");
        gw.stop().await;
    }
}

#[tokio::test]
async fn a_warning_goes_ahead_only_with_the_banks_own_ticket_after_its_wait_and_once() {
    use happylife_core::accounts::demo::{DEMO_CUSTOMER_ID, DEMO_PIN};
    for (url, _keep) in backends().await {
        let gw = happylife_tests::gateway(&url, any_port()).await;
        let base = gw.url();
        let http = Client::new();
        let phone = happylife_tests::raw_phone(&base, DEMO_CUSTOMER_ID).await;
        let session = happylife_tests::raw_login(&base, &phone, DEMO_PIN).await;
        // A phone bound days ago: a warning, not a co-sign.
        sqlx::query("UPDATE devices SET created_at = created_at - 172800")
            .execute(&gw.state.db.pool)
            .await
            .unwrap();
        let body = json!({
            "from_account_id": 1,
            "payee": { "account": "6230 5555 6666 7777", "name": "淘宝客服" },
            "amount_fen": 10_000, "note": "退款手续费",
        });
        // What counts: money, transfers, and everything but the tickets.
        let money = async || {
            let mut counts = row_counts(&gw).await;
            counts.remove("warning_tickets");
            let balances: Vec<i64> =
                sqlx::query_scalar("SELECT balance_fen FROM accounts ORDER BY id")
                    .fetch_all(&gw.state.db.pool)
                    .await
                    .unwrap();
            (counts, balances)
        };
        let daughter =
            happylife_tests::raw_session(&base, happylife_core::accounts::demo::DAUGHTER.id).await;

        // The bank's own check: a warning, with its ticket.
        let r = http
            .post(format!("{base}/v1/transfers/check"))
            .bearer_auth(&session)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{url}");
        let checked: Value = r.json().await.unwrap();
        assert_eq!(decision(&checked), "warn", "{url}: {checked}");
        let ticket = checked["ticket"]["id"].as_str().unwrap().to_string();
        assert_eq!(checked["ticket"]["ready_in_secs"], 15, "{url}: {checked}");
        // (After the list's first version, made at its first lookup.)
        let before = money().await;
        // The device token alone gets no check and no ticket.
        let got = attempt(
            &http,
            Method::POST,
            format!("{base}/v1/transfers/check"),
            Some(&phone.device_token),
            Some(body.clone()),
        )
        .await;
        assert_eq!(got, (401, "session_required".to_string()), "{url}");

        // 1. A pre-echoed acknowledgement (every reason the bank gives).
        let mut echoed = body.clone();
        echoed["acknowledged"] = json!({ "decision": "warn", "reasons": reasons(&checked) });
        let (status, v) = transfer(&http, &base, &session, echoed).await;
        assert_eq!(status, 409, "{url}: {v}");
        assert_eq!(v["error"]["code"], "needs_confirmation", "{url}: {v}");
        assert!(v["error"]["ticket"]["id"].is_string(), "{url}: {v}");
        // 2. A ticket the bank never issued.
        let mut forged = body.clone();
        forged["acknowledged"] = json!({ "ticket": "0".repeat(64) });
        let (status, v) = transfer(&http, &base, &session, forged).await;
        assert_eq!(
            (status, v["error"]["code"].as_str()),
            (409, Some("needs_confirmation")),
            "{url}: {v}"
        );
        // 3. The bank's ticket, before its wait is over.
        let mut with_ticket = body.clone();
        with_ticket["acknowledged"] = json!({ "ticket": ticket });
        let (status, v) = transfer(&http, &base, &session, with_ticket.clone()).await;
        assert_eq!(
            (status, v["error"]["code"].as_str()),
            (409, Some("warning_wait")),
            "{url}: {v}"
        );
        let left = v["error"]["secs_left"].as_i64().unwrap();
        assert!((1..=15).contains(&left), "{url}: {v}");
        // 4. The ticket for other terms (one fen more).
        gw.state.advance_clock(15);
        let mut other_terms = with_ticket.clone();
        other_terms["amount_fen"] = json!(10_001);
        let (status, v) = transfer(&http, &base, &session, other_terms).await;
        assert_eq!(
            (status, v["error"]["code"].as_str()),
            (409, Some("needs_confirmation")),
            "{url}: {v}"
        );
        // 5. Another customer's session with her ticket, on her terms.
        let (status, v) = transfer(&http, &base, &daughter, with_ticket.clone()).await;
        assert!(
            status == 409 || status == 422,
            "{url}: not hers to use: {status} {v}"
        );
        assert_eq!(
            money().await,
            before,
            "{url}: nothing moved, nothing written"
        );

        // After its wait, from her phone, on these terms: once.
        let (status, v) = transfer(&http, &base, &session, with_ticket.clone()).await;
        assert_eq!(status, 201, "{url}: {v}");
        let after = money().await;
        let (status, v) = transfer(&http, &base, &session, with_ticket).await;
        assert_eq!(
            (status, v["error"]["code"].as_str()),
            (409, Some("needs_confirmation")),
            "{url}: a used ticket: {v}"
        );
        assert_eq!(money().await, after, "{url}: the second use wrote nothing");
        gw.stop().await;
    }
}

#[tokio::test]
async fn her_other_phones_are_told_of_a_new_phone_until_she_says_it_is_hers() {
    use happylife_core::CompanionError;
    use happylife_core::accounts::demo::{DAUGHTER, DEMO_CUSTOMER_ID};
    for (url, _keep) in backends().await {
        let gw = happylife_tests::gateway(&url, any_port()).await;
        let dirs: Vec<_> = (0..4).map(|_| tempfile::tempdir().unwrap()).collect();
        let mut phones = Vec::new();
        for (dir, (customer, name)) in dirs.iter().zip([
            (DEMO_CUSTOMER_ID, "她的手机"),
            (DEMO_CUSTOMER_ID, "陌生手机"),
            (DEMO_CUSTOMER_ID, "平板"),
            (DAUGHTER.id, "女儿的手机"),
        ]) {
            let d = happylife_tests::device(dir.path()).await;
            d.bind_in_sandbox(&gw.url(), customer, name).await.unwrap();
            d.sync().await.unwrap();
            phones.push(d);
        }
        let [hers, stranger, tablet, daughter] = &phones[..] else {
            unreachable!()
        };
        let names = |v: Vec<happylife_core::auth::phones::NewPhone>| {
            v.into_iter().map(|p| p.name).collect::<Vec<_>>()
        };
        // Her first phone hears of both that came after it; a phone hears
        // nothing of those bound before it or of itself; her daughter's
        // account had no new phone.
        hers.sync().await.unwrap();
        stranger.sync().await.unwrap();
        assert_eq!(
            names(hers.new_phones().await.unwrap()),
            ["陌生手机", "平板"],
            "{url}"
        );
        assert_eq!(
            names(stranger.new_phones().await.unwrap()),
            ["平板"],
            "{url}"
        );
        assert!(tablet.new_phones().await.unwrap().is_empty(), "{url}");
        assert!(daughter.new_phones().await.unwrap().is_empty(), "{url}");
        let bound_at = hers.new_phones().await.unwrap()[0].bound_at;
        assert_eq!(bound_at, gw.state.now(), "{url}: the bank's own time");

        // The tablet is hers: its notice goes, on this phone, and stays
        // gone after the next pull and a restart.
        let tablet_id = tablet.device_id().await.unwrap().unwrap();
        hers.dismiss_new_phone(&tablet_id).await.unwrap();
        hers.sync().await.unwrap();
        assert_eq!(names(hers.new_phones().await.unwrap()), ["陌生手机"]);
        assert_eq!(
            hers.dismiss_new_phone("dev-nobody").await,
            Err(CompanionError::PhoneNotFound),
            "{url}"
        );
        // The stranger's phone is not hers: removing it answers the notice
        // too, and it is logged out at the bank.
        let stranger_id = stranger.device_id().await.unwrap().unwrap();
        hers.remove_phone(&stranger_id).await.unwrap();
        assert!(hers.new_phones().await.unwrap().is_empty(), "{url}");
        assert!(
            stranger.sync().await.is_err(),
            "{url}: the removed phone is out"
        );
        drop(phones);
        let again = happylife_tests::device(dirs[0].path()).await;
        assert!(again.new_phones().await.unwrap().is_empty(), "{url}");
        gw.stop().await;
    }
}
