//! Login with the device key against the real gateway (SQLite and
//! PostgreSQL): a signed challenge opens a session; a replayed, expired or
//! wrongly signed challenge does not; sessions expire.

use happylife_core::accounts::demo::DEMO_CUSTOMER_ID;
use happylife_core::auth::{CHALLENGE_TTL_SECS, DeviceKey, SESSION_TTL_SECS};
use happylife_core::sync::gateway::Gateway;
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

fn code(v: &Value) -> &str {
    v["error"]["code"].as_str().unwrap_or("")
}

async fn register(http: &Client, base: &str, key: &DeviceKey) -> String {
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
        assert_eq!(
            e(d.request_bind_code(&base, nobody.as_str()).await),
            EnrolError::UnknownCustomer
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
        d.set_pin("583920").await.unwrap();
        let hw = Hardware::new();

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
        let device = d.device_id().await.unwrap().unwrap();
        let (status, v) = post(
            &http,
            format!("{base}/v1/auth/challenge"),
            json!({ "device_id": device, "method": "biometric" }),
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
        let (status, v) = answer(&http, &base, v["challenge_id"].as_i64().unwrap(), &sig).await;
        assert_eq!((status, code(&v)), (401, "no_biometric_key"), "{v}");

        // Proving a key: only with a biometric challenge of the same device,
        // only with a session, and a replayed proof is refused.
        let session = d.session().unwrap().token;
        let key_hex = hex::encode(hw.create_key().unwrap());
        let (id, nonce) = challenge(&http, &base, &device).await;
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
            "a device-key challenge: {v}"
        );
        let (status, v) = enrol("not-a-session", id, &sig).await;
        assert_eq!(status, 401, "{v}");
        let (status, v) = post(
            &http,
            format!("{base}/v1/auth/challenge"),
            json!({ "device_id": device, "method": "biometric" }),
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
        let (status, v) = post(
            &http,
            format!("{base}/v1/auth/challenge"),
            json!({ "device_id": device, "method": "by-telepathy" }),
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
        d.set_pin("583920").await.unwrap();
        d.login_with_pin("583920").await.unwrap();
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
        d.close().await;
        gw.stop().await;
    }
}
