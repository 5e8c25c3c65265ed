//! Login with the device key against the real gateway (SQLite and
//! PostgreSQL): a signed challenge opens a session; a replayed, expired or
//! wrongly signed challenge does not; sessions expire.

use happylife_core::accounts::demo::DEMO_CUSTOMER_ID;
use happylife_core::auth::{CHALLENGE_TTL_SECS, DeviceKey, SESSION_TTL_SECS};
use happylife_core::{Clock, FixedClock};
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

fn code(v: &Value) -> &str {
    v["error"]["code"].as_str().unwrap_or("")
}

async fn register(http: &Client, base: &str, key: &DeviceKey) -> String {
    let (status, v) = post(
        http,
        format!("{base}/v1/devices"),
        json!({ "customer_id": DEMO_CUSTOMER_ID, "name": "phone", "public_key": key.public_hex() }),
    )
    .await;
    assert_eq!(status, 201, "{v}");
    v["device_id"].as_str().unwrap().to_string()
}

async fn challenge(http: &Client, base: &str, device: &str) -> (i64, String) {
    let (status, v) = post(
        http,
        format!("{base}/v1/auth/challenge"),
        json!({ "device_id": device }),
    )
    .await;
    assert_eq!(status, 201, "{v}");
    (
        v["challenge_id"].as_i64().unwrap(),
        v["nonce"].as_str().unwrap().to_string(),
    )
}

async fn answer(http: &Client, base: &str, id: i64, signature: &str) -> (u16, Value) {
    post(
        http,
        format!("{base}/v1/auth/session"),
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

#[tokio::test]
async fn a_signed_challenge_opens_a_session_once_and_only_in_time() {
    for (url, _keep) in backends().await {
        let bank_clock: Arc<FixedClock> = clock();
        let gw = gateway_with_clock(&url, any_port(), bank_clock.clone()).await;
        let base = gw.url();
        let http = Client::new();
        let key = DeviceKey::generate();
        let device = register(&http, &base, &key).await;

        // The right key signs: a session that says whose it is.
        let (id, nonce) = challenge(&http, &base, &device).await;
        let signature = key.sign_login(&device, &nonce);
        let (status, v) = answer(&http, &base, id, &signature).await;
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

        // The same answer again (a replay) is refused.
        let (status, v) = answer(&http, &base, id, &signature).await;
        assert_eq!((status, code(&v)), (409, "challenge_used"), "{v}");

        // Another device's key cannot answer for this one, and the
        // challenge is spent by the wrong try.
        let (id, nonce) = challenge(&http, &base, &device).await;
        let thief = DeviceKey::generate();
        let (status, v) = answer(&http, &base, id, &thief.sign_login(&device, &nonce)).await;
        assert_eq!((status, code(&v)), (401, "wrong_signature"), "{v}");
        let (status, v) = answer(&http, &base, id, &key.sign_login(&device, &nonce)).await;
        assert_eq!((status, code(&v)), (409, "challenge_used"), "{v}");

        // A signature over another challenge's nonce does not fit.
        let (id, _) = challenge(&http, &base, &device).await;
        let (status, v) = answer(&http, &base, id, &signature).await;
        assert_eq!((status, code(&v)), (401, "wrong_signature"), "{v}");

        // Too late: a minute has passed.
        let (id, nonce) = challenge(&http, &base, &device).await;
        bank_clock.set(clock().now() + chrono::Duration::seconds(CHALLENGE_TTL_SECS));
        let (status, v) = answer(&http, &base, id, &key.sign_login(&device, &nonce)).await;
        assert_eq!((status, code(&v)), (410, "challenge_expired"), "{v}");

        // Sessions end: 15 minutes after it opened, the session is refused.
        bank_clock.set(clock().now() + chrono::Duration::seconds(SESSION_TTL_SECS));
        let (status, v) = whoami(&http, &base, &session).await;
        assert_eq!((status, code(&v)), (401, "session_expired"), "{v}");

        // Bad input gets a clear error and writes nothing.
        let (status, v) = answer(&http, &base, id, "xyz").await;
        assert_eq!((status, code(&v)), (409, "challenge_used"), "{v}");
        let (id, _) = challenge(&http, &base, &device).await;
        let (status, v) = answer(&http, &base, id, "xyz").await;
        assert_eq!((status, code(&v)), (422, "invalid_signature"), "{v}");
        let (status, v) = answer(&http, &base, 999_999, &signature).await;
        assert_eq!((status, code(&v)), (404, "unknown_challenge"), "{v}");
        let (status, v) = post(
            &http,
            format!("{base}/v1/auth/challenge"),
            json!({ "device_id": "dev-nobody" }),
        )
        .await;
        assert_eq!((status, code(&v)), (404, "unknown_device"), "{v}");
        let (status, v) = post(
            &http,
            format!("{base}/v1/devices"),
            json!({ "customer_id": DEMO_CUSTOMER_ID, "name": "phone", "public_key": "00ff" }),
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
    d.connect(gw_url, DEMO_CUSTOMER_ID, "phone").await.unwrap();
    d
}

#[tokio::test]
async fn pin_login_opens_a_session_and_five_wrong_pins_lock_even_across_a_restart() {
    use happylife_core::CompanionError;
    use happylife_core::auth::keystore::Keystore;
    use happylife_core::auth::pin::PinError;
    for (url, _keep) in backends().await {
        let gw = happylife_tests::gateway(&url, any_port()).await;
        let dir = tempfile::tempdir().unwrap();
        let ks = Keystore::in_memory().unwrap();
        let d = keyed_phone(&gw.url(), dir.path(), &ks).await;

        assert!(!d.pin_is_set().await.unwrap());
        assert_eq!(
            d.login_with_pin("583920").await.unwrap_err(),
            CompanionError::Pin(PinError::NotSet)
        );
        assert_eq!(
            d.set_pin("123456").await.unwrap_err(),
            CompanionError::Pin(PinError::TooEasy)
        );
        d.set_pin("583920").await.unwrap();
        let s = d.login_with_pin("583920").await.unwrap();
        assert_eq!(
            s.expires_at,
            clock().now().timestamp() + SESSION_TTL_SECS,
            "a session from the real bank"
        );
        assert_eq!(d.session(), Some(s.clone()));
        assert!(
            !format!("{s:?}").contains(&s.token),
            "the token is never shown"
        );
        // The bank knows the session.
        let (status, me) = whoami(&Client::new(), &gw.url(), &s.token).await;
        assert_eq!(status, 200, "{me}");
        d.logout();
        assert_eq!(d.session(), None);

        for left in (1..5).rev() {
            assert_eq!(
                d.login_with_pin("583921").await.unwrap_err(),
                CompanionError::Pin(PinError::Wrong { left })
            );
        }
        let until = clock().now().timestamp() + 60;
        assert_eq!(
            d.login_with_pin("583921").await.unwrap_err(),
            CompanionError::Pin(PinError::Locked { until })
        );
        // Closing and opening the app again gives no try back.
        d.close().await;
        drop(d);
        let d = happylife_tests::device(dir.path()).await;
        d.use_keystore(ks.clone());
        assert_eq!(
            d.login_with_pin("583920").await.unwrap_err(),
            CompanionError::Pin(PinError::Locked { until }),
            "locked even with the right PIN"
        );
        d.close().await;

        // A phone whose keystore lost the key must be bound again.
        let other = tempfile::tempdir().unwrap();
        let d2 = keyed_phone(&gw.url(), other.path(), &Keystore::in_memory().unwrap()).await;
        d2.set_pin("770412").await.unwrap();
        d2.use_keystore(Keystore::in_memory().unwrap());
        assert_eq!(
            d2.login_with_pin("770412").await.unwrap_err(),
            CompanionError::NoDeviceKey
        );
        d2.close().await;
        gw.stop().await;
    }
}
