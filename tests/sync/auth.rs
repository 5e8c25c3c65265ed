//! Logins against the real gateway (SQLite and PostgreSQL): the bank
//! checks the PIN itself (OPAQUE) with the device key's signature on the
//! same login; a replayed, expired or wrongly signed login does not open a
//! session; sessions end after 15 minutes without use, after 12 hours in
//! all, and at logout; the device token alone opens nothing.

use happylife_core::accounts::demo::{DEMO_CUSTOMER_ID, DEMO_PIN};
use happylife_core::auth::{
    CHALLENGE_TTL_SECS, DeviceKey, LoginMethod, SESSION_MAX_SECS, SESSION_TTL_SECS, bank_pin,
};
use happylife_core::bank::client::Gateway;
use happylife_core::{Clock, FixedClock};
use happylife_tests::test_key::{TestKey, stranger_signature};
use happylife_tests::{backends, clock, gateway_with_clock};
use reqwest::Client;
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::sync::Arc;

fn any_port() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 0))
}

async fn post(http: &Client, url: String, body: Value) -> (u16, Value) {
    let r = http.post(url).json(&body).send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

async fn post_as(http: &Client, url: String, token: &str, body: Value) -> (u16, Value) {
    let r = http
        .post(url)
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

fn code(v: &Value) -> &str {
    v["error"]["code"].as_str().unwrap_or("")
}

/// A phone bound by hand: (device id, device token).
async fn register(http: &Client, base: &str, key: &DeviceKey) -> (String, String) {
    let (code_id, code) = Gateway::new(base)
        .sandbox_bind_code(DEMO_CUSTOMER_ID)
        .await
        .unwrap();
    let (status, v) = post(
        http,
        format!("{base}/v1/devices"),
        json!({ "code_id": code_id, "code": code, "name": "phone", "public_key": key.public_hex() }),
    )
    .await;
    assert_eq!(status, 201, "{v}");
    assert_eq!(v["pin_set"], true, "the demo elder has a PIN at the bank");
    (
        v["device_id"].as_str().unwrap().to_string(),
        v["token"].as_str().unwrap().to_string(),
    )
}

/// A biometric or voiceprint challenge for the phone with `token`.
async fn challenge(http: &Client, base: &str, token: &str, method: &str) -> (i64, String) {
    let (status, v) = post_as(
        http,
        format!("{base}/v1/auth/challenge"),
        token,
        json!({ "method": method }),
    )
    .await;
    assert_eq!(status, 201, "{v}");
    (
        v["challenge_id"].as_i64().unwrap(),
        v["nonce"].as_str().unwrap().to_string(),
    )
}

async fn answer(http: &Client, base: &str, token: &str, id: i64, signature: &str) -> (u16, Value) {
    post_as(
        http,
        format!("{base}/v1/auth/session"),
        token,
        json!({ "challenge_id": id, "signature": signature }),
    )
    .await
}

async fn whoami(http: &Client, base: &str, session: &str) -> (u16, Value) {
    let r = http
        .get(format!("{base}/v1/auth/session"))
        .bearer_auth(session)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

/// A PIN login's first step by hand: (the phone's state, login id, nonce, the bank's answer).
async fn pin_start(
    http: &Client,
    base: &str,
    token: &str,
    pin: &str,
) -> (bank_pin::PhoneLogin, i64, String, String) {
    let (state, request) = bank_pin::login_start(pin).unwrap();
    let (status, v) = post_as(
        http,
        format!("{base}/v1/auth/pin/start"),
        token,
        json!({ "request": request }),
    )
    .await;
    assert_eq!(status, 201, "{v}");
    (
        state,
        v["login_id"].as_i64().unwrap(),
        v["nonce"].as_str().unwrap().to_string(),
        v["response"].as_str().unwrap().to_string(),
    )
}

async fn pin_finish(
    http: &Client,
    base: &str,
    token: &str,
    login_id: i64,
    proof: &str,
    signature: &str,
) -> (u16, Value) {
    post_as(
        http,
        format!("{base}/v1/auth/pin/finish"),
        token,
        json!({ "login_id": login_id, "proof": proof, "signature": signature }),
    )
    .await
}

#[tokio::test]
async fn a_pin_login_opens_a_session_once_only_in_time_and_sessions_end() {
    for (url, _keep) in backends().await {
        let bank_clock: Arc<FixedClock> = clock();
        let gw = gateway_with_clock(&url, any_port(), bank_clock.clone()).await;
        let base = gw.url();
        let http = Client::new();
        let key = DeviceKey::generate();
        let (device, token) = register(&http, &base, &key).await;
        let sign = |nonce: &str| key.sign_for(LoginMethod::Pin, &device, nonce);

        // The device token alone reads nothing and moves nothing.
        let r = http
            .get(format!("{base}/v1/changes"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 401);
        let v: Value = r.json().await.unwrap();
        assert_eq!(code(&v), "session_required", "{v}");
        // And the device key alone opens no session.
        let (status, v) = post_as(
            &http,
            format!("{base}/v1/auth/challenge"),
            &token,
            json!({ "method": "device_key" }),
        )
        .await;
        assert_eq!((status, code(&v)), (422, "invalid_field"), "{v}");

        // The right PIN, signed by another phone's key: refused, and spent.
        let (state, id, nonce, response) = pin_start(&http, &base, &token, DEMO_PIN).await;
        let proof = bank_pin::login_finish(state, DEMO_PIN, &response).unwrap();
        let thief = DeviceKey::generate();
        let (status, v) = pin_finish(
            &http,
            &base,
            &token,
            id,
            &proof,
            &thief.sign_for(LoginMethod::Pin, &device, &nonce),
        )
        .await;
        assert_eq!((status, code(&v)), (401, "wrong_signature"), "{v}");
        let (status, v) = pin_finish(&http, &base, &token, id, &proof, &sign(&nonce)).await;
        assert_eq!((status, code(&v)), (409, "challenge_used"), "{v}");

        // The right PIN and the phone's own key: a session that says whose it is.
        let (state, id, nonce, response) = pin_start(&http, &base, &token, DEMO_PIN).await;
        let proof = bank_pin::login_finish(state, DEMO_PIN, &response).unwrap();
        let (status, v) = pin_finish(&http, &base, &token, id, &proof, &sign(&nonce)).await;
        assert_eq!(status, 201, "{v}");
        let session = v["session"].as_str().unwrap().to_string();
        assert_eq!(
            v["expires_at"].as_i64(),
            Some(bank_clock.now().timestamp() + SESSION_TTL_SECS)
        );
        let (status, me) = whoami(&http, &base, &session).await;
        assert_eq!(status, 200, "{me}");
        assert_eq!(me["device_id"], device.as_str());
        assert_eq!(me["customer_id"], DEMO_CUSTOMER_ID);
        assert_eq!(me["method"], "pin");
        // The same proof again (a replay) is refused.
        let (status, v) = pin_finish(&http, &base, &token, id, &proof, &sign(&nonce)).await;
        assert_eq!((status, code(&v)), (409, "challenge_used"), "{v}");
        // A proof from one login does not open another.
        let (_, id2, nonce2, _) = pin_start(&http, &base, &token, DEMO_PIN).await;
        let (status, v) = pin_finish(&http, &base, &token, id2, &proof, &sign(&nonce2)).await;
        assert_eq!((status, code(&v)), (401, "wrong_pin"), "{v}");
        // The session token is no device token: it starts no login.
        let (status, v) = post_as(
            &http,
            format!("{base}/v1/auth/pin/start"),
            &session,
            json!({ "request": "00" }),
        )
        .await;
        assert_eq!((status, code(&v)), (401, "unauthorized"), "{v}");

        // Too late: a minute has passed since the bank answered.
        let (state, id, nonce, response) = pin_start(&http, &base, &token, DEMO_PIN).await;
        let proof = bank_pin::login_finish(state, DEMO_PIN, &response).unwrap();
        let t0 = clock().now();
        bank_clock.set(t0 + chrono::Duration::seconds(CHALLENGE_TTL_SECS));
        let (status, v) = pin_finish(&http, &base, &token, id, &proof, &sign(&nonce)).await;
        assert_eq!((status, code(&v)), (410, "challenge_expired"), "{v}");

        // A session in use lives on; 15 minutes without use end it.
        bank_clock.set(t0 + chrono::Duration::seconds(10 * 60));
        assert_eq!(whoami(&http, &base, &session).await.0, 200);
        bank_clock.set(t0 + chrono::Duration::seconds(24 * 60));
        assert_eq!(
            whoami(&http, &base, &session).await.0,
            200,
            "used at 10 min"
        );
        bank_clock.set(t0 + chrono::Duration::seconds(24 * 60 + SESSION_TTL_SECS));
        let (status, v) = whoami(&http, &base, &session).await;
        assert_eq!((status, code(&v)), (401, "session_expired"), "{v}");

        // However much it is used, a session ends after 12 hours.
        let t1 = t0 + chrono::Duration::seconds(3600);
        bank_clock.set(t1);
        let s2 = Gateway::new(&base)
            .pin_login(&device, &token, &key, DEMO_PIN)
            .await
            .unwrap()
            .0;
        let mut at = 0;
        while at + 600 < SESSION_MAX_SECS {
            at += 600;
            bank_clock.set(t1 + chrono::Duration::seconds(at));
            assert_eq!(whoami(&http, &base, &s2).await.0, 200, "at {at} s");
        }
        bank_clock.set(t1 + chrono::Duration::seconds(SESSION_MAX_SECS));
        assert_eq!(whoami(&http, &base, &s2).await.0, 401);

        // Logout ends it at the bank at once.
        let s3 = Gateway::new(&base)
            .pin_login(&device, &token, &key, DEMO_PIN)
            .await
            .unwrap()
            .0;
        Gateway::new(&base).logout(&s3).await.unwrap();
        let (status, v) = whoami(&http, &base, &s3).await;
        assert_eq!((status, code(&v)), (401, "session_expired"), "{v}");

        // Bad input gets a clear error and writes nothing.
        let (_, id, nonce, _) = pin_start(&http, &base, &token, DEMO_PIN).await;
        let (status, v) = pin_finish(&http, &base, &token, id, "xyz", &sign(&nonce)).await;
        assert_eq!((status, code(&v)), (422, "invalid_field"), "{v}");
        let (status, v) = pin_finish(&http, &base, &token, 999_999, "00", &sign(&nonce)).await;
        assert_eq!((status, code(&v)), (404, "unknown_challenge"), "{v}");
        let (status, v) = post_as(
            &http,
            format!("{base}/v1/auth/pin/start"),
            &token,
            json!({ "request": "not hex" }),
        )
        .await;
        assert_eq!((status, code(&v)), (422, "invalid_field"), "{v}");
        let (status, v) = post_as(
            &http,
            format!("{base}/v1/auth/pin/start"),
            &token,
            json!({ "request": "00ff" }),
        )
        .await;
        assert_eq!((status, code(&v)), (422, "invalid_pin_message"), "{v}");
        let (status, v) = post(
            &http,
            format!("{base}/v1/auth/pin/start"),
            json!({ "request": "00ff" }),
        )
        .await;
        assert_eq!((status, code(&v)), (401, "unauthorized"), "{v}");
        let (code_id, good) = Gateway::new(&base)
            .sandbox_bind_code(DEMO_CUSTOMER_ID)
            .await
            .unwrap();
        let (status, v) = post(
            &http,
            format!("{base}/v1/devices"),
            json!({ "code_id": code_id, "code": good, "name": "phone", "public_key": "00ff" }),
        )
        .await;
        assert_eq!((status, code(&v)), (422, "invalid_public_key"), "{v}");
        let (status, _) = whoami(&http, &base, "not-a-session").await;
        assert_eq!(status, 401);

        gw.stop().await;
    }
}

/// A device that keeps its login key in a keystore (the in-memory one).
async fn keyed_phone(
    gw_url: &str,
    dir: &std::path::Path,
    ks: &happylife_core::auth::keystore::Keystore,
) -> happylife_core::Companion {
    let d = happylife_tests::device(dir).await;
    d.use_keystore(ks.clone());
    d.bind_in_sandbox(gw_url, DEMO_CUSTOMER_ID, "phone")
        .await
        .unwrap();
    d
}

#[tokio::test]
async fn the_bank_checks_the_pin_counts_wrong_ones_by_its_own_clock_and_keeps_the_lock() {
    use happylife_core::CompanionError;
    use happylife_core::auth::keystore::Keystore;
    use happylife_core::auth::pin::PinError;
    for (url, _keep) in backends().await {
        let bank_clock = clock();
        let gw = gateway_with_clock(&url, any_port(), bank_clock.clone()).await;
        let phone_clock = clock();
        let http = Client::new();

        // A phone whose keystore lost the key must be bound again.
        let other = tempfile::tempdir().unwrap();
        let d2 = keyed_phone(&gw.url(), other.path(), &Keystore::in_memory().unwrap()).await;
        d2.use_keystore(Keystore::in_memory().unwrap());
        assert_eq!(
            d2.login_with_pin(DEMO_PIN).await.unwrap_err(),
            CompanionError::NoDeviceKey
        );
        d2.close().await;

        let dir = tempfile::tempdir().unwrap();
        let ks = Keystore::in_memory().unwrap();
        let d = happylife_tests::device_with_clock(dir.path(), phone_clock.clone()).await;
        d.use_keystore(ks.clone());
        d.bind_in_sandbox(&gw.url(), DEMO_CUSTOMER_ID, "phone")
            .await
            .unwrap();
        // The testers' shortcut logged in with the demo PIN, which the
        // phone keeps for her offline copy.
        assert!(d.pin_is_set().await.unwrap());
        d.logout();
        assert_eq!(d.session(), None);
        let s = d.login_with_pin(DEMO_PIN).await.unwrap();
        assert_eq!(
            s.expires_at,
            bank_clock.now().timestamp() + SESSION_TTL_SECS,
            "a session from the real bank"
        );
        assert_eq!(d.session(), Some(s.clone()));
        assert!(
            !format!("{s:?}").contains(&s.token),
            "the token is never shown"
        );
        let (status, me) = whoami(&http, &gw.url(), &s.token).await;
        assert_eq!((status, me["method"].as_str()), (200, Some("pin")), "{me}");
        // The session lives in the keystore, not in the database.
        let device = d.device_id().await.unwrap().unwrap();
        assert!(ks.get(&format!("session/{device}")).unwrap().is_some());
        assert!(ks.get(&format!("device-token/{device}")).unwrap().is_some());
        let db = std::fs::read(dir.path().join(happylife_core::store::DB_FILE)).unwrap();
        assert!(
            !db.windows(s.token.len()).any(|w| w == s.token.as_bytes()),
            "no session in the database file"
        );

        // A guessable PIN is refused; a change needs the old PIN first.
        assert_eq!(
            d.set_pin("123456").await.unwrap_err(),
            CompanionError::Pin(PinError::TooEasy)
        );
        assert_eq!(
            d.change_pin("583921", "770412").await.unwrap_err(),
            CompanionError::Pin(PinError::Wrong { left: 4 })
        );
        d.change_pin(DEMO_PIN, "770412").await.unwrap();
        // Long after the login, the bank wants the old PIN again.
        bank_clock.set(clock().now() + chrono::Duration::seconds(6 * 60));
        phone_clock.set(clock().now() + chrono::Duration::seconds(6 * 60));
        assert_eq!(
            d.set_pin("102938").await.unwrap_err(),
            CompanionError::Pin(PinError::OldPinNeeded)
        );
        d.logout();
        // Another phone of hers that knows only the old PIN: its next
        // login asks for the new one, and its copy follows.
        let d3dir = tempfile::tempdir().unwrap();
        let d3 = happylife_tests::device(d3dir.path()).await;
        let (code_id, code) = Gateway::new(&gw.url())
            .sandbox_bind_code(DEMO_CUSTOMER_ID)
            .await
            .unwrap();
        d3.bind(&gw.url(), code_id, &code, "phone 3").await.unwrap();
        assert_eq!(d3.bank_has_pin().await.unwrap(), Some(true));
        assert!(!d3.pin_is_set().await.unwrap());
        d3.login_with_pin("770412").await.unwrap();
        assert!(d3.pin_is_set().await.unwrap());
        d3.check_pin("770412").await.unwrap();
        d3.close().await;

        assert_eq!(
            d.login_with_pin(DEMO_PIN).await.unwrap_err(),
            CompanionError::Pin(PinError::Wrong { left: 4 }),
            "the old PIN no longer opens anything"
        );
        // Wrong PINs are counted by the bank: the count goes on from the
        // one above, and the fifth locks.
        for left in (1..4).rev() {
            assert_eq!(
                d.login_with_pin("583921").await.unwrap_err(),
                CompanionError::Pin(PinError::Wrong { left })
            );
        }
        let until = bank_clock.now().timestamp() + 60;
        assert_eq!(
            d.login_with_pin("583921").await.unwrap_err(),
            CompanionError::Pin(PinError::Locked {
                until: phone_clock.now().timestamp() + 60
            })
        );
        assert_eq!(
            d.login_with_pin("770412").await.unwrap_err(),
            CompanionError::Pin(PinError::Locked { until }),
            "locked at the bank even with the right PIN"
        );
        // Moving the phone's clock on unlocks nothing: the bank keeps time.
        phone_clock.set(clock().now() + chrono::Duration::seconds(6 * 3600));
        assert_eq!(
            d.login_with_pin("770412").await.unwrap_err(),
            CompanionError::Pin(PinError::Locked { until }),
        );
        // Closing and opening the app again gives no try back.
        d.close().await;
        drop(d);
        let d = happylife_tests::device_with_clock(dir.path(), phone_clock.clone()).await;
        d.use_keystore(ks.clone());
        assert_eq!(
            d.login_with_pin("770412").await.unwrap_err(),
            CompanionError::Pin(PinError::Locked { until }),
        );
        // Once the bank's minute is over, the right PIN opens.
        bank_clock.set(clock().now() + chrono::Duration::seconds(6 * 60 + 61));
        d.login_with_pin("770412").await.unwrap();
        d.close().await;
        gw.stop().await;
    }
}

/// Every SMS the sandbox bank sent the customer, newest first.
async fn sms(base: &str, customer: &str) -> Vec<String> {
    Gateway::new(base).sandbox_sms(customer).await.unwrap()
}

/// The customer's ID number, as she knows it by heart.
async fn id_number_of(base: &str, customer: &str) -> String {
    Gateway::new(base).sandbox_customer(customer).await.unwrap()["id_number"]
        .as_str()
        .unwrap()
        .to_string()
}

/// The phone's signals, as a test sets them.
#[derive(Default)]
struct Phone {
    on_call: std::sync::atomic::AtomicBool,
}

impl happylife_core::phone::PhoneSignals for Phone {
    fn on_call(&self) -> bool {
        self.on_call.load(std::sync::atomic::Ordering::SeqCst)
    }
    fn screen_shared(&self) -> bool {
        false
    }
}

#[tokio::test]
async fn a_phone_is_bound_only_with_the_code_the_bank_sent_by_sms() {
    use happylife_core::CompanionError;
    use happylife_core::auth::enrol::{EnrolError, code_in};
    use happylife_core::auth::id_number::{IdNumber, IdNumberError};
    fn e<T: std::fmt::Debug>(r: Result<T, CompanionError>) -> EnrolError {
        match r {
            Err(CompanionError::Enrol(e)) => e,
            other => panic!("{other:?}"),
        }
    }
    for (url, _keep) in backends().await {
        let bank_clock = clock();
        let gw = gateway_with_clock(&url, any_port(), bank_clock.clone()).await;
        let base = gw.url();
        let dir = tempfile::tempdir().unwrap();
        let d = happylife_tests::device(dir.path()).await;
        let phone = Arc::new(Phone::default());
        d.use_phone_signals(phone.clone());
        let id = id_number_of(&base, DEMO_CUSTOMER_ID).await;

        // Typing slips are named before anything reaches the bank.
        assert_eq!(
            e(d.request_bind_code(&base, "1101051954").await),
            EnrolError::IdNumber(IdNumberError::Length)
        );
        let slip = format!("{}{}", &id[..17], if &id[17..] == "1" { "2" } else { "1" });
        assert_eq!(
            e(d.request_bind_code(&base, &slip).await),
            EnrolError::IdNumber(IdNumberError::Check)
        );
        let nobody = IdNumber::from_parts(
            "650102",
            chrono::NaiveDate::from_ymd_opt(1950, 1, 1).unwrap(),
            7,
        );
        // An ID number the bank does not know is answered like any other:
        // nobody learns who is a customer. No SMS goes anywhere, and no
        // code opens it.
        let decoy = d.request_bind_code(&base, nobody.as_str()).await.unwrap();
        assert!(decoy.phone_masked.contains("****"), "{decoy:?}");
        assert_eq!(
            d.request_bind_code(&base, nobody.as_str())
                .await
                .unwrap_err(),
            CompanionError::Enrol(EnrolError::TooSoon { retry_after: 60 }),
            "the same wait as a real customer's"
        );
        assert_eq!(
            e(d.bind(&base, decoy.code_id, "000000", "phone").await),
            EnrolError::WrongCode { tries_left: 4 }
        );
        assert!(
            sms(&base, DEMO_CUSTOMER_ID).await.is_empty(),
            "no SMS for slips"
        );

        // During a call nothing is sent: a caller coaching her through
        // binding is how phones get taken over.
        phone
            .on_call
            .store(true, std::sync::atomic::Ordering::SeqCst);
        assert_eq!(
            d.request_bind_code(&base, &id).await.unwrap_err(),
            CompanionError::OnCall
        );
        phone
            .on_call
            .store(false, std::sync::atomic::Ordering::SeqCst);
        assert!(sms(&base, DEMO_CUSTOMER_ID).await.is_empty());

        // Typed with spaces, full-width: the SMS goes to her number.
        let wide: String = format!("{} {}", &id[..6], &id[6..])
            .chars()
            .map(|c| {
                if c.is_ascii_digit() {
                    char::from_u32(c as u32 + 0xFEE0).unwrap()
                } else {
                    c
                }
            })
            .collect();
        let sent = d.request_bind_code(&base, &wide).await.unwrap();
        let now = bank_clock.now().timestamp();
        assert_eq!(sent.phone_masked, "138****6688");
        assert_eq!(sent.expires_at, now + happylife_core::auth::CODE_TTL_SECS);
        let text = sms(&base, DEMO_CUSTOMER_ID).await.remove(0);
        assert!(text.contains("银行工作人员不会向您要验证码"), "{text}");
        let code = code_in(&text).unwrap();
        // Asking again at once is refused with the wait.
        assert_eq!(
            e(d.request_bind_code(&base, &id).await),
            EnrolError::TooSoon { retry_after: 60 }
        );

        // A code that is not six digits never reaches the bank; wrong ones
        // count down, and the fifth kills the code, even for the right one.
        assert_eq!(
            e(d.bind(&base, sent.code_id, "12345", "phone").await),
            EnrolError::CodeFormat
        );
        let wrong = format!("{:06}", (code.parse::<u32>().unwrap() + 1) % 1_000_000);
        for left in (1..5).rev() {
            assert_eq!(
                e(d.bind(&base, sent.code_id, &wrong, "phone").await),
                EnrolError::WrongCode { tries_left: left }
            );
        }
        assert_eq!(
            e(d.bind(&base, sent.code_id, &wrong, "phone").await),
            EnrolError::CodeExpired
        );
        assert_eq!(
            e(d.bind(&base, sent.code_id, &code, "phone").await),
            EnrolError::CodeExpired
        );
        assert!(!d.is_bound().await.unwrap());

        // A dead code does not make her wait; a newer code withdraws the
        // older one; an old code is dead after five minutes.
        let first = d.request_bind_code(&base, &id).await.unwrap();
        let first_code = code_in(&sms(&base, DEMO_CUSTOMER_ID).await[0]).unwrap();
        bank_clock.set(clock().now() + chrono::Duration::seconds(61));
        let second = d.request_bind_code(&base, &id).await.unwrap();
        let second_code = code_in(&sms(&base, DEMO_CUSTOMER_ID).await[0]).unwrap();
        assert_eq!(
            e(d.bind(&base, first.code_id, &first_code, "phone").await),
            EnrolError::CodeExpired,
            "withdrawn by the newer code"
        );
        bank_clock.set(clock().now() + chrono::Duration::seconds(61 + 300));
        assert_eq!(
            e(d.bind(&base, second.code_id, &second_code, "phone").await),
            EnrolError::CodeExpired,
            "five minutes are over"
        );

        // The right code, typed with a space: bound, and her data arrives.
        let sent = d.request_bind_code(&base, &id).await.unwrap();
        let code = code_in(&sms(&base, DEMO_CUSTOMER_ID).await[0]).unwrap();
        d.bind(
            &base,
            sent.code_id,
            &format!("{} {}", &code[..3], &code[3..]),
            "phone",
        )
        .await
        .unwrap();
        assert!(d.is_bound().await.unwrap());
        // Bound is not logged in: nothing of hers comes without her PIN,
        // the one she has at the bank.
        assert_eq!(d.sync().await, Err(CompanionError::LoginNeeded));
        assert_eq!(d.bank_has_pin().await.unwrap(), Some(true));
        d.login_with_pin(DEMO_PIN).await.unwrap();
        d.sync().await.unwrap();
        assert_eq!(d.accounts().await.unwrap().len(), 4);
        assert_eq!(
            e(d.request_bind_code(&base, &id).await),
            EnrolError::AlreadyBound
        );
        // The same code on another phone: used.
        let other = tempfile::tempdir().unwrap();
        let d2 = happylife_tests::device(other.path()).await;
        assert_eq!(
            e(d2.bind(&base, sent.code_id, &code, "phone 2").await),
            EnrolError::CodeExpired
        );
        assert!(!d2.is_bound().await.unwrap());

        // Bad input at the bank: a clear error, nothing written.
        let http = Client::new();
        for body in [
            json!({ "purpose": "bind" }),
            json!({ "id_number": id, "purpose": "open_sesame" }),
            json!({ "id_number": slip, "purpose": "bind" }),
        ] {
            let (status, v) = post(&http, format!("{base}/v1/enrolment/codes"), body).await;
            assert_eq!(status, 422, "{v}");
        }
        // A PIN-reset code needs the phone's own token.
        let (status, v) = post(
            &http,
            format!("{base}/v1/enrolment/codes"),
            json!({ "id_number": id, "purpose": "pin_reset" }),
        )
        .await;
        assert_eq!((status, code_of(&v)), (401, "unauthorized"), "{v}");
        d.close().await;
        d2.close().await;
        gw.stop().await;
    }
}

fn code_of(v: &Value) -> &str {
    code(v)
}

/// The phone's biometric hardware, as a test plays it: a P-256 key that
/// only "the owner" unlocks.
struct Hardware {
    key: TestKey,
    act: std::sync::Mutex<Act>,
    reasons: std::sync::Mutex<Vec<String>>,
}

#[derive(Clone, Copy, PartialEq)]
enum Act {
    /// The owner's finger: the key signs.
    Owner,
    /// The person cancels.
    Cancel,
    /// A new fingerprint was enrolled: the key is gone.
    EnrolmentChanged,
    /// A tampered shell that "says yes" with a key of its own.
    SaysYes,
}

impl Hardware {
    fn new() -> Arc<Hardware> {
        Hardware::with_key(TestKey::default())
    }
    fn with_key(key: TestKey) -> Arc<Hardware> {
        Arc::new(Hardware {
            key,
            act: std::sync::Mutex::new(Act::Owner),
            reasons: std::sync::Mutex::new(Vec::new()),
        })
    }
    fn set(&self, act: Act) {
        *self.act.lock().unwrap() = act;
    }
}

impl happylife_core::auth::biometric::BiometricSigner for Hardware {
    fn create_key(&self) -> Result<Vec<u8>, happylife_core::auth::biometric::BiometricError> {
        Ok(self.key.create())
    }
    fn sign(
        &self,
        reason: &str,
        message: &[u8],
    ) -> Result<Vec<u8>, happylife_core::auth::biometric::BiometricError> {
        use happylife_core::auth::biometric::BiometricError;
        self.reasons.lock().unwrap().push(reason.to_string());
        let act = *self.act.lock().unwrap();
        match act {
            Act::Cancel => Err(BiometricError::Cancelled),
            Act::EnrolmentChanged => {
                self.key.forget();
                Err(BiometricError::EnrolmentChanged)
            }
            Act::SaysYes => Ok(stranger_signature(message)),
            Act::Owner => self
                .key
                .sign(message)
                .ok_or(BiometricError::EnrolmentChanged),
        }
    }
}

#[tokio::test]
async fn biometric_login_needs_the_hardware_keys_own_signature() {
    use happylife_core::CompanionError;
    use happylife_core::auth::biometric::{BiometricError, BiometricState};
    use happylife_core::auth::keystore::Keystore;
    for (url, _keep) in backends().await {
        let gw = happylife_tests::gateway(&url, any_port()).await;
        let base = gw.url();
        let http = Client::new();
        let dir = tempfile::tempdir().unwrap();
        let ks = Keystore::in_memory().unwrap();
        let d = keyed_phone(&base, dir.path(), &ks).await;
        let hw = Hardware::new();
        let device = d.device_id().await.unwrap().unwrap();
        let token =
            String::from_utf8(ks.get(&format!("device-token/{device}")).unwrap().unwrap()).unwrap();
        d.logout();

        // Off until turned on; turning it on needs the PIN first.
        assert_eq!(d.biometric_state().await.unwrap(), BiometricState::Off);
        assert_eq!(
            d.login_with_biometric(hw.clone()).await.unwrap_err(),
            CompanionError::Biometric(BiometricError::NotEnabled)
        );
        assert_eq!(
            d.enable_biometric(hw.clone()).await.unwrap_err(),
            CompanionError::LoginNeeded
        );
        d.login_with_pin("583920").await.unwrap();
        d.enable_biometric(hw.clone()).await.unwrap();
        assert_eq!(d.biometric_state().await.unwrap(), BiometricState::On);
        d.logout();

        // The owner's finger: a session the bank opened for a biometric login.
        let s = d.login_with_biometric(hw.clone()).await.unwrap();
        let (status, me) = whoami(&http, &base, &s.token).await;
        assert_eq!(
            (status, me["method"].as_str()),
            (200, Some("biometric")),
            "{me}"
        );
        assert_eq!(
            hw.reasons.lock().unwrap().last().map(String::as_str),
            Some("用指纹或面容登录幸福生活")
        );
        d.logout();

        // A shell that says "yes" without the key opens nothing.
        hw.set(Act::SaysYes);
        assert_eq!(
            d.login_with_biometric(hw.clone()).await.unwrap_err(),
            CompanionError::Biometric(BiometricError::NotRecognised)
        );
        assert_eq!(d.session(), None);
        hw.set(Act::Cancel);
        assert_eq!(
            d.login_with_biometric(hw.clone()).await.unwrap_err(),
            CompanionError::Biometric(BiometricError::Cancelled)
        );
        assert_eq!(d.biometric_state().await.unwrap(), BiometricState::On);

        // (A copy of the key as it was, to try again later.)
        let old_hw = Hardware::with_key(TestKey::copy_of(&hw.key));
        // A new fingerprint on the phone: paused, also after a restart,
        // until the PIN is given and it is turned on again with a new key.
        hw.set(Act::EnrolmentChanged);
        assert_eq!(
            d.login_with_biometric(hw.clone()).await.unwrap_err(),
            CompanionError::Biometric(BiometricError::EnrolmentChanged)
        );
        d.close().await;
        drop(d);
        let d = happylife_tests::device(dir.path()).await;
        d.use_keystore(ks.clone());
        assert_eq!(d.biometric_state().await.unwrap(), BiometricState::Paused);
        hw.set(Act::Owner);
        assert_eq!(
            d.login_with_biometric(hw.clone()).await.unwrap_err(),
            CompanionError::Biometric(BiometricError::Paused)
        );
        d.login_with_pin("583920").await.unwrap();
        d.enable_biometric(hw.clone()).await.unwrap();
        d.logout();
        d.login_with_biometric(hw.clone()).await.unwrap();
        d.logout();
        // The key from before the change opens nothing any more.
        assert_eq!(
            d.login_with_biometric(old_hw.clone()).await.unwrap_err(),
            CompanionError::Biometric(BiometricError::NotRecognised)
        );

        // Turned off: the bank forgets the key.
        d.login_with_pin("583920").await.unwrap();
        d.disable_biometric().await.unwrap();
        assert_eq!(d.biometric_state().await.unwrap(), BiometricState::Off);
        let (status, v) = post_as(
            &http,
            format!("{base}/v1/auth/challenge"),
            &token,
            json!({ "method": "biometric" }),
        )
        .await;
        assert_eq!(status, 201, "{v}");
        let nonce = v["nonce"].as_str().unwrap().to_string();
        let message = happylife_core::auth::login_message(
            happylife_core::auth::LoginMethod::Biometric,
            &device,
            &nonce,
        );
        use happylife_core::auth::biometric::BiometricSigner;
        let sig = hex::encode(hw.sign("", &message).unwrap());
        let (status, v) = answer(
            &http,
            &base,
            &token,
            v["challenge_id"].as_i64().unwrap(),
            &sig,
        )
        .await;
        assert_eq!((status, code(&v)), (401, "no_biometric_key"), "{v}");

        // Proving a key: only with a biometric challenge of the same device,
        // only with a session, and a replayed proof is refused.
        let session = d.session().unwrap().token;
        let key_hex = hex::encode(hw.create_key().unwrap());
        let (id, nonce) = challenge(&http, &base, &token, "voiceprint").await;
        let m = happylife_core::auth::login_message(
            happylife_core::auth::LoginMethod::Biometric,
            &device,
            &nonce,
        );
        let sig = hex::encode(hw.sign("", &m).unwrap());
        let enrol = |session: &str, id: i64, sig: &str| {
            let http = http.clone();
            let base = base.clone();
            let key_hex = key_hex.clone();
            let session = session.to_string();
            let sig = sig.to_string();
            async move {
                let r = http
                    .post(format!("{base}/v1/auth/biometric-key"))
                    .bearer_auth(session)
                    .json(&json!({ "challenge_id": id, "public_key": key_hex, "signature": sig }))
                    .send()
                    .await
                    .unwrap();
                let status = r.status().as_u16();
                (status, r.json::<Value>().await.unwrap_or(Value::Null))
            }
        };
        let (status, v) = enrol(&session, id, &sig).await;
        assert_eq!(
            (status, code(&v)),
            (422, "wrong_challenge"),
            "a voiceprint challenge: {v}"
        );
        let (status, v) = enrol("not-a-session", id, &sig).await;
        assert_eq!(status, 401, "{v}");
        let (status, v) = post_as(
            &http,
            format!("{base}/v1/auth/challenge"),
            &token,
            json!({ "method": "biometric" }),
        )
        .await;
        let id = v["challenge_id"].as_i64().unwrap();
        let m = happylife_core::auth::login_message(
            happylife_core::auth::LoginMethod::Biometric,
            &device,
            v["nonce"].as_str().unwrap(),
        );
        let sig = hex::encode(hw.sign("", &m).unwrap());
        assert_eq!(status, 201);
        let (status, v) = enrol(&session, id, &sig).await;
        assert_eq!(status, 200, "{v}");
        let (status, v) = enrol(&session, id, &sig).await;
        assert_eq!((status, code(&v)), (409, "challenge_used"), "{v}");
        let (status, v) = post_as(
            &http,
            format!("{base}/v1/auth/challenge"),
            &token,
            json!({ "method": "by-telepathy" }),
        )
        .await;
        assert_eq!(status, 422, "{v}");
        d.close().await;
        gw.stop().await;
    }
}

#[tokio::test]
async fn five_minutes_in_the_background_end_the_session() {
    for (url, _keep) in backends().await {
        let gw = happylife_tests::gateway(&url, any_port()).await;
        let dir = tempfile::tempdir().unwrap();
        let phone_clock = clock();
        let d = happylife_tests::device_with_clock(dir.path(), phone_clock.clone()).await;
        d.bind_in_sandbox(&gw.url(), DEMO_CUSTOMER_ID, "phone")
            .await
            .unwrap();
        let s = d.login_with_pin(DEMO_PIN).await.unwrap();
        // A glance at a message and back: still logged in.
        d.went_to_background();
        phone_clock.set(clock().now() + chrono::Duration::seconds(299));
        assert!(!d.came_to_foreground());
        assert!(d.session().is_some());
        // Coming back with nothing having gone away asks nothing.
        assert!(!d.came_to_foreground());
        // Five minutes away: the PIN again.
        d.went_to_background();
        phone_clock.set(clock().now() + chrono::Duration::seconds(299 + 300));
        assert!(d.came_to_foreground());
        assert_eq!(d.session(), None);
        // The relock ends the session at the bank too.
        let mut ended = false;
        for _ in 0..50 {
            if whoami(&Client::new(), &gw.url(), &s.token).await.0 == 401 {
                ended = true;
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert!(ended, "the bank still takes the relocked phone's session");
        d.close().await;
        gw.stop().await;
    }
}
