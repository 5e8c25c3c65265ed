//! The bank's HTTP client (`happylife-server`'s API v1): one per
//! [`Companion`](crate::Companion), made on first use and kept (see
//! `Companion::gateway`), used by every feature.

use super::wire::{
    self, BindDevice, BiometricKey, ChallengeRequest, ChangePage, CodeAnswer, CodeRequest,
    PinProof, PinStart, PinUpload, SignedChallenge,
};
use serde::Deserialize;
use serde_json::{Value, json};
use std::time::Duration;

/// Why a call to the gateway did not succeed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GatewayError {
    /// No answer: no network, server down, connection dropped. Retry later.
    #[error("gateway unreachable")]
    Unreachable,
    /// The gateway answered with an error it will give again: do not retry.
    #[error("gateway refused: {status} {code}")]
    Refused {
        /// HTTP status.
        status: u16,
        /// The gateway's stable error code.
        code: String,
        /// The whole error object (`tries_left`, `retry_after`…).
        detail: Value,
    },
    /// The gateway failed (5xx) or answered something unreadable. Retry later.
    #[error("gateway failed: {0}")]
    Failed(String),
    /// Not sent: the address is not https (and not this machine), or the
    /// bank's certificate did not check out (expired, another name, an
    /// unknown issuer, not pinned). Retrying will not help.
    #[error("connection not safe")]
    Insecure,
    /// The bank wants a login first: the session is missing, ended or
    /// expired (401 `session_required` / `session_expired`). Nothing was
    /// done; the same request may succeed after a login.
    #[error("login needed")]
    LoginNeeded,
}

impl GatewayError {
    /// Whether the same request may succeed later.
    pub fn is_retryable(&self) -> bool {
        !matches!(self, GatewayError::Refused { .. } | GatewayError::Insecure)
    }
}

/// Whether a refusal means "log in first" (nothing was done).
pub fn is_login_needed(status: u16, code: &str) -> bool {
    status == 401 && matches!(code, "session_required" | "session_expired")
}

/// Called when the bank says the session is over, so the phone forgets it.
#[derive(Clone)]
pub struct SessionEnded(pub std::sync::Arc<dyn Fn() + Send + Sync>);

impl std::fmt::Debug for SessionEnded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SessionEnded")
    }
}

/// Longest event the phone reads from the bank's stream (they are tiny).
const MAX_EVENT_BYTES: usize = 16 * 1024;

/// A gateway at a base URL.
#[derive(Clone, Debug)]
pub struct Gateway {
    base: String,
    http: reqwest::Client,
    session_ended: Option<SessionEnded>,
}

impl Gateway {
    /// A client for `base` (`http://127.0.0.1:8787`): TLS only, except to
    /// this machine, with the pins of [`super::tls::configure`] (see
    /// [`super::tls`]).
    pub fn new(base: &str) -> Gateway {
        let builder = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(30))
            .https_only(!super::tls::is_loopback(base));
        // Trusting nothing: https only, and no root at all, so every
        // request is refused as not safe (see `read`) and nothing is sent.
        let trust_nothing = || {
            reqwest::Client::builder()
                .https_only(true)
                .tls_certs_only(Vec::new())
                .build()
                .unwrap_or_default()
        };
        let http = match super::tls::client_config() {
            super::tls::ClientTls::Default => builder.build().unwrap_or_else(|_| trust_nothing()),
            super::tls::ClientTls::Configured(config) => builder
                .tls_backend_preconfigured(*config)
                .build()
                .unwrap_or_else(|_| trust_nothing()),
            super::tls::ClientTls::TrustNothing => trust_nothing(),
        };
        Gateway {
            base: base.trim_end_matches('/').to_string(),
            http,
            session_ended: None,
        }
    }

    /// The same client (its connections shared) with no session hook: for
    /// requests that carry no session of this phone's (binding, recovery,
    /// a logout of a session already forgotten), whose 401 must not end a
    /// newer one.
    pub fn without_session_hook(&self) -> Gateway {
        Gateway {
            session_ended: None,
            ..self.clone()
        }
    }

    /// The same gateway, calling `hook` whenever the bank says the session
    /// is over.
    pub fn on_session_end(mut self, hook: SessionEnded) -> Gateway {
        self.session_ended = Some(hook);
        self
    }

    fn session_over(&self) {
        if let Some(hook) = &self.session_ended {
            (hook.0)();
        }
    }

    /// The base URL.
    pub fn base(&self) -> &str {
        &self.base
    }

    async fn read(
        &self,
        resp: Result<reqwest::Response, reqwest::Error>,
    ) -> Result<Value, GatewayError> {
        let resp = resp.map_err(|e| Gateway::unsent(&e))?;
        let status = resp.status();
        let body: Value = resp.json().await.map_err(|_| {
            if status.is_success() {
                GatewayError::Unreachable
            } else {
                GatewayError::Failed(status.to_string())
            }
        })?;
        if status.is_success() {
            return Ok(body);
        }
        if status.is_server_error() {
            return Err(GatewayError::Failed(status.to_string()));
        }
        let code = body["error"]["code"].as_str().unwrap_or("unknown");
        if is_login_needed(status.as_u16(), code) {
            self.session_over();
            return Err(GatewayError::LoginNeeded);
        }
        Err(GatewayError::Refused {
            status: status.as_u16(),
            code: code.to_string(),
            detail: body["error"].clone(),
        })
    }

    /// Why a request got no answer: refused on our side as not safe (not
    /// https, or the bank's certificate did not check out), or no answer.
    fn unsent(e: &reqwest::Error) -> GatewayError {
        if e.is_builder() || super::tls::is_certificate_error(e) {
            tracing::warn!("the bank's address or certificate is not safe: nothing was sent");
            GatewayError::Insecure
        } else {
            GatewayError::Unreachable
        }
    }

    /// The bank's current blocklist version: (version, published unix seconds).
    pub async fn blocklist_version(&self) -> Result<(u64, i64), GatewayError> {
        let m = self.blocklist_manifest().await?;
        Ok((m.version, m.published_at))
    }

    /// The bank's blocklist manifest (with the real-site table's version).
    pub async fn blocklist_manifest(&self) -> Result<super::wire::Manifest, GatewayError> {
        let body = self
            .read(
                self.http
                    .get(format!("{}/v1/blocklist", self.base))
                    .send()
                    .await,
            )
            .await?;
        super::wire::Manifest::deserialize(&body)
            .map_err(|_| GatewayError::Failed("unreadable blocklist manifest".into()))
    }

    /// The signed real-site table (`GET /v1/blocklist/sites`); the caller
    /// checks its signature.
    pub async fn real_sites_file(&self) -> Result<Vec<u8>, GatewayError> {
        let resp = self
            .http
            .get(format!("{}/v1/blocklist/sites", self.base))
            .send()
            .await
            .map_err(|_| GatewayError::Unreachable)?;
        if !resp.status().is_success() {
            return Err(GatewayError::Failed(resp.status().to_string()));
        }
        Ok(resp
            .bytes()
            .await
            .map_err(|_| GatewayError::Unreachable)?
            .to_vec())
    }

    /// Follows the bank's event stream (`GET /v1/events`, server-sent
    /// events) and calls `on_event` for each event, the first (`ready`)
    /// included, so whatever happened before it opened is pulled too.
    /// Returns when the bank ends the stream (within a minute: ask again).
    pub async fn follow_events(
        &self,
        token: &str,
        on_event: &(dyn Fn() + Send + Sync),
    ) -> Result<(), GatewayError> {
        let mut resp = self
            .http
            .get(format!("{}/v1/events", self.base))
            .bearer_auth(token)
            .header(reqwest::header::ACCEPT, "text/event-stream")
            // The bank ends a stream within a minute and says something
            // every 15 seconds; silence longer than this is a dead line.
            .timeout(Duration::from_secs(90))
            .send()
            .await
            .map_err(|e| Gateway::unsent(&e))?;
        let status = resp.status();
        if !status.is_success() {
            let body: Value = resp.json().await.unwrap_or(Value::Null);
            let code = body["error"]["code"].as_str().unwrap_or("unknown");
            if is_login_needed(status.as_u16(), code) {
                self.session_over();
                return Err(GatewayError::LoginNeeded);
            }
            return Err(GatewayError::Failed(status.to_string()));
        }
        let mut pending: Vec<u8> = Vec::new();
        while let Some(chunk) = resp.chunk().await.map_err(|_| GatewayError::Unreachable)? {
            pending.extend_from_slice(&chunk);
            // Events end with a blank line; a comment (`: keep-alive`) is
            // not an event.
            while let Some(end) = pending.windows(2).position(|w| w == b"\n\n") {
                let event: Vec<u8> = pending.drain(..end + 2).collect();
                if event
                    .split(|b| *b == b'\n')
                    .any(|l| l.starts_with(b"event:"))
                {
                    on_event();
                }
            }
            if pending.len() > MAX_EVENT_BYTES {
                return Err(GatewayError::Failed("an event too long".into()));
            }
        }
        Ok(())
    }

    /// A signed blocklist file: the snapshot (`from = None`) or the delta
    /// from a version. The bytes are verified by the caller.
    pub async fn blocklist_file(&self, from: Option<u64>) -> Result<Vec<u8>, GatewayError> {
        let url = match from {
            None => format!("{}/v1/blocklist/snapshot", self.base),
            Some(v) => format!("{}/v1/blocklist/delta?from={v}", self.base),
        };
        let resp = self
            .http
            .get(url)
            .timeout(Duration::from_secs(300))
            .send()
            .await
            .map_err(|_| GatewayError::Unreachable)?;
        let status = resp.status();
        if status.is_success() {
            return Ok(resp
                .bytes()
                .await
                .map_err(|_| GatewayError::Unreachable)?
                .to_vec());
        }
        if status.is_server_error() {
            return Err(GatewayError::Failed(status.to_string()));
        }
        let body: Value = resp.json().await.unwrap_or(Value::Null);
        Err(GatewayError::Refused {
            status: status.as_u16(),
            code: body["error"]["code"]
                .as_str()
                .unwrap_or("unknown")
                .to_string(),
            detail: body["error"].clone(),
        })
    }

    /// Asks the bank to send a one-time code by SMS. `device_token`: the
    /// bound phone's, for a PIN reset.
    pub async fn request_code(
        &self,
        id_number: &str,
        purpose: crate::auth::CodePurpose,
        device_token: Option<&str>,
    ) -> Result<Value, GatewayError> {
        let mut request = self
            .http
            .post(format!("{}/v1/enrolment/codes", self.base))
            .json(&CodeRequest {
                id_number: id_number.to_owned(),
                purpose,
            });
        if let Some(t) = device_token {
            request = request.bearer_auth(t);
        }
        self.read(request.send().await).await
    }

    /// Binds this phone with a one-time code.
    pub async fn register(
        &self,
        code_id: i64,
        code: &str,
        name: &str,
        public_key: &str,
    ) -> Result<Bound, GatewayError> {
        let body = self
            .read(
                self.http
                    .post(format!("{}/v1/devices", self.base))
                    .json(&BindDevice {
                        code_id,
                        code: code.to_owned(),
                        name: name.to_owned(),
                        public_key: public_key.to_owned(),
                    })
                    .send()
                    .await,
            )
            .await?;
        let bound = wire::DeviceBound::deserialize(&body)
            .map_err(|_| GatewayError::Failed("registration answer without a token".into()))?;
        Ok(Bound {
            device_id: bound.device_id,
            token: bound.token,
            customer_id: bound.customer_id,
            pin_set: bound.pin_set,
        })
    }

    /// Testers' shortcut against a sandbox bank: a bind code for
    /// `customer_id`, asked for with the customer's ID number and read from
    /// the sandbox's SMS outbox, as a tester holding the customer's phone
    /// would: (code id, code).
    pub async fn sandbox_bind_code(
        &self,
        customer_id: &str,
    ) -> Result<(i64, String), GatewayError> {
        let unreadable = || GatewayError::Failed("unreadable sandbox answer".into());
        let who = self.sandbox_customer(customer_id).await?;
        let id_number = who["id_number"].as_str().ok_or_else(unreadable)?;
        let sent = self
            .request_code(id_number, crate::auth::CodePurpose::Bind, None)
            .await?;
        let code_id = sent["code_id"].as_i64().ok_or_else(unreadable)?;
        let sms = self.sandbox_sms(customer_id).await?;
        let code = sms
            .first()
            .and_then(|body| crate::auth::enrol::code_in(body))
            .ok_or_else(unreadable)?;
        Ok((code_id, code))
    }

    /// A sandbox bank's demo PIN for a demo customer (`None` for others).
    pub async fn sandbox_demo_pin(
        &self,
        customer_id: &str,
    ) -> Result<Option<String>, GatewayError> {
        let who = self.sandbox_customer(customer_id).await?;
        Ok(who["demo_pin"].as_str().map(str::to_string))
    }

    /// Hands the bank a PIN-reset code from the bound phone.
    pub async fn confirm_pin_reset(
        &self,
        device_token: &str,
        code_id: i64,
        code: &str,
    ) -> Result<(), GatewayError> {
        self.read(
            self.http
                .post(format!("{}/v1/auth/pin-reset", self.base))
                .bearer_auth(device_token)
                .json(&CodeAnswer {
                    code_id,
                    code: code.to_owned(),
                })
                .send()
                .await,
        )
        .await
        .map(|_| ())
    }

    /// A sandbox bank's tester view: (ID number, mobile number) of a customer.
    pub async fn sandbox_customer(&self, customer_id: &str) -> Result<Value, GatewayError> {
        self.read(
            self.http
                .get(format!(
                    "{}/v1/sandbox/customers/{}",
                    self.base,
                    url::form_urlencoded::byte_serialize(customer_id.as_bytes())
                        .collect::<String>()
                ))
                .send()
                .await,
        )
        .await
    }

    /// A sandbox bank's SMS outbox for a customer, newest first.
    pub async fn sandbox_sms(&self, customer_id: &str) -> Result<Vec<String>, GatewayError> {
        let who: String = url::form_urlencoded::byte_serialize(customer_id.as_bytes()).collect();
        self.sandbox_sms_where(&format!("customer_id={who}")).await
    }

    /// The sandbox SMS that carried one code.
    pub async fn sandbox_sms_of_code(&self, code_id: i64) -> Result<Vec<String>, GatewayError> {
        self.sandbox_sms_where(&format!("code_id={code_id}")).await
    }

    async fn sandbox_sms_where(&self, query: &str) -> Result<Vec<String>, GatewayError> {
        let v = self
            .read(
                self.http
                    .get(format!("{}/v1/sandbox/sms?{query}", self.base))
                    .send()
                    .await,
            )
            .await?;
        Ok(v["messages"]
            .as_array()
            .map(|m| {
                m.iter()
                    .filter_map(|x| x["body"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default())
    }

    /// One page of changes after `after`.
    pub async fn changes(
        &self,
        token: &str,
        after: i64,
        limit: u32,
    ) -> Result<ChangePage, GatewayError> {
        let body = self
            .read(
                self.http
                    .get(format!(
                        "{}/v1/changes?after={after}&limit={limit}",
                        self.base
                    ))
                    .bearer_auth(token)
                    .send()
                    .await,
            )
            .await?;
        ChangePage::from_json(&body)
            .ok_or_else(|| GatewayError::Failed("unreadable change page".into()))
    }

    /// Sends one command with its idempotency key; returns the gateway's answer.
    pub async fn command(
        &self,
        token: &str,
        key: &str,
        body: &Value,
    ) -> Result<Value, GatewayError> {
        self.read(
            self.http
                .post(format!("{}/v1/commands", self.base))
                .bearer_auth(token)
                .header("Idempotency-Key", key)
                .json(body)
                .send()
                .await,
        )
        .await
    }

    /// Sends a transfer request. Answers with the HTTP status and body for
    /// every answer the bank gave (2xx and 4xx); a request that provably
    /// never left (no connection) is [`Sent::NotSent`], anything else
    /// without an answer is [`Sent::NoAnswer`].
    pub async fn post_transfer(&self, token: &str, key: &str, body: &Value) -> Sent {
        self.post_money("/v1/transfers", token, key, body).await
    }

    /// Sends any request that moves money (a transfer, a bill payment, an
    /// auto-pay agreement, a product order) to `path`, answered as
    /// [`Gateway::post_transfer`] is.
    pub async fn post_money(&self, path: &str, token: &str, key: &str, body: &Value) -> Sent {
        let resp = self
            .http
            .post(format!("{}{path}", self.base))
            .bearer_auth(token)
            .header("Idempotency-Key", key)
            .json(body)
            .send()
            .await;
        match resp {
            // Refused on our side (not https, a certificate that does not
            // check out): the request provably never reached the bank.
            Err(e) if e.is_builder() || super::tls::is_certificate_error(&e) => Sent::NotSent,
            Err(e) if e.is_connect() => Sent::NotSent,
            Err(_) => Sent::NoAnswer,
            Ok(r) => {
                let status = r.status().as_u16();
                match r.json::<Value>().await {
                    Ok(body)
                        if is_login_needed(
                            status,
                            body["error"]["code"].as_str().unwrap_or_default(),
                        ) =>
                    {
                        self.session_over();
                        Sent::LoginNeeded
                    }
                    Ok(body) if status < 500 => Sent::Answered { status, body },
                    _ => Sent::NoAnswer,
                }
            }
        }
    }

    /// What became of the transfer sent with `key` (`None`: the bank never got it).
    pub async fn transfer_by_key(
        &self,
        token: &str,
        key: &str,
    ) -> Result<Option<Value>, GatewayError> {
        match self
            .read(
                self.http
                    .get(format!("{}/v1/transfers/by-key/{key}", self.base))
                    .bearer_auth(token)
                    .send()
                    .await,
            )
            .await
        {
            Ok(v) => Ok(Some(v["transfer"].clone())),
            Err(GatewayError::Refused { status: 404, .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// A login challenge for this phone (its device token), to be answered
    /// by `method` (biometric or voiceprint): (id, nonce).
    pub async fn auth_challenge(
        &self,
        device_token: &str,
        method: crate::auth::LoginMethod,
    ) -> Result<(i64, String), GatewayError> {
        let v = self
            .read(
                self.http
                    .post(format!("{}/v1/auth/challenge", self.base))
                    .bearer_auth(device_token)
                    .json(&ChallengeRequest { method })
                    .send()
                    .await,
            )
            .await?;
        let c = wire::LoginChallenge::deserialize(&v)
            .map_err(|_| GatewayError::Failed("unreadable challenge".into()))?;
        Ok((c.challenge_id, c.nonce))
    }

    /// Answers a challenge: (session token, expires at).
    pub async fn auth_session(
        &self,
        device_token: &str,
        challenge_id: i64,
        signature: &str,
    ) -> Result<(String, i64), GatewayError> {
        let v = self
            .read(
                self.http
                    .post(format!("{}/v1/auth/session", self.base))
                    .bearer_auth(device_token)
                    .json(&SignedChallenge {
                        challenge_id,
                        signature: signature.to_owned(),
                    })
                    .send()
                    .await,
            )
            .await?;
        session_in(&v)
    }

    /// PIN login, step 1: the blinded PIN to the bank.
    pub async fn pin_start(
        &self,
        device_token: &str,
        request: &str,
    ) -> Result<PinStarted, GatewayError> {
        let v = self
            .read(
                self.http
                    .post(format!("{}/v1/auth/pin/start", self.base))
                    .bearer_auth(device_token)
                    .json(&PinStart {
                        request: request.to_owned(),
                    })
                    .send()
                    .await,
            )
            .await?;
        let s = wire::PinStarted::deserialize(&v)
            .map_err(|_| GatewayError::Failed("unreadable PIN login".into()))?;
        Ok(PinStarted {
            login_id: s.login_id,
            response: s.response,
            nonce: s.nonce,
            tries_left: u32::try_from(s.tries_left).unwrap_or(0),
        })
    }

    /// PIN login, step 2: the proof and the device key's signature; the
    /// session (token, expires at).
    pub async fn pin_finish(
        &self,
        device_token: &str,
        login_id: i64,
        proof: &str,
        signature: &str,
    ) -> Result<(String, i64), GatewayError> {
        let v = self
            .read(
                self.http
                    .post(format!("{}/v1/auth/pin/finish", self.base))
                    .bearer_auth(device_token)
                    .json(&PinProof {
                        login_id,
                        proof: proof.to_owned(),
                        signature: signature.to_owned(),
                    })
                    .send()
                    .await,
            )
            .await?;
        session_in(&v)
    }

    /// A whole PIN login as a plain client makes it (the tools and tests
    /// that talk to the bank without a phone's database): the session
    /// (token, expires at). A PIN the bank does not have is refused as 401
    /// `wrong_pin`, as the bank would refuse its proof.
    pub async fn pin_login(
        &self,
        device_id: &str,
        device_token: &str,
        key: &crate::auth::DeviceKey,
        pin: &str,
    ) -> Result<(String, i64), GatewayError> {
        use crate::auth::{LoginMethod, bank_pin};
        let unreadable = || GatewayError::Failed("unreadable PIN exchange".into());
        let (state, request) = bank_pin::login_start(pin).map_err(|_| unreadable())?;
        let started = self.pin_start(device_token, &request).await?;
        let proof = match bank_pin::login_finish(state, pin, &started.response) {
            Ok(p) => p,
            Err(bank_pin::BankPinError::WrongPin) => {
                return Err(GatewayError::Refused {
                    status: 401,
                    code: "wrong_pin".into(),
                    detail: json!({ "code": "wrong_pin", "tries_left": started.tries_left }),
                });
            }
            Err(_) => return Err(unreadable()),
        };
        let signature = key.sign_for(LoginMethod::Pin, device_id, &started.nonce);
        self.pin_finish(device_token, started.login_id, &proof, &signature)
            .await
    }

    /// Setting the PIN, step 1 (with the device token, or a session for a
    /// change): the bank's answer to the blinded PIN.
    pub async fn pin_register_start(
        &self,
        token: &str,
        request: &str,
    ) -> Result<String, GatewayError> {
        let v = self
            .read(
                self.http
                    .post(format!("{}/v1/auth/pin/register/start", self.base))
                    .bearer_auth(token)
                    .json(&PinStart {
                        request: request.to_owned(),
                    })
                    .send()
                    .await,
            )
            .await?;
        wire::PinRegistering::deserialize(&v)
            .map(|r| r.response)
            .map_err(|_| GatewayError::Failed("unreadable PIN registration".into()))
    }

    /// Setting the PIN, step 2: the sealed envelope.
    pub async fn pin_register_finish(&self, token: &str, upload: &str) -> Result<(), GatewayError> {
        self.read(
            self.http
                .post(format!("{}/v1/auth/pin/register/finish", self.base))
                .bearer_auth(token)
                .json(&PinUpload {
                    upload: upload.to_owned(),
                })
                .send()
                .await,
        )
        .await
        .map(|_| ())
    }

    /// The phones bound to her account.
    pub async fn phones(&self, session: &str) -> Result<Value, GatewayError> {
        self.read(
            self.http
                .get(format!("{}/v1/phones", self.base))
                .bearer_auth(session)
                .send()
                .await,
        )
        .await
    }

    /// Removes one of her phones (its token and sessions end at once).
    pub async fn remove_phone(&self, session: &str, id: &str) -> Result<(), GatewayError> {
        let id: String = url::form_urlencoded::byte_serialize(id.as_bytes()).collect();
        self.read(
            self.http
                .post(format!("{}/v1/phones/{id}/remove", self.base))
                .bearer_auth(session)
                .send()
                .await,
        )
        .await
        .map(|_| ())
    }

    /// Asks the bank to unfreeze her cards (after the wait), with the SMS code.
    pub async fn unfreeze(
        &self,
        session: &str,
        code_id: i64,
        code: &str,
    ) -> Result<Value, GatewayError> {
        self.read(
            self.http
                .post(format!("{}/v1/unfreeze", self.base))
                .bearer_auth(session)
                .json(&CodeAnswer {
                    code_id,
                    code: code.to_owned(),
                })
                .send()
                .await,
        )
        .await
    }

    /// Cancels her waiting unfreeze.
    pub async fn cancel_unfreeze(&self, session: &str, id: i64) -> Result<Value, GatewayError> {
        self.read(
            self.http
                .post(format!("{}/v1/unfreeze/{id}/cancel", self.base))
                .bearer_auth(session)
                .send()
                .await,
        )
        .await
    }

    /// Ends the session at the bank.
    pub async fn logout(&self, session: &str) -> Result<(), GatewayError> {
        self.read(
            self.http
                .post(format!("{}/v1/auth/logout", self.base))
                .bearer_auth(session)
                .send()
                .await,
        )
        .await
        .map(|_| ())
    }

    /// Gives the bank the public half of this phone's voice key, with its
    /// signature on a voiceprint challenge as proof.
    pub async fn register_voice_key(
        &self,
        session: &str,
        challenge_id: i64,
        public_key: &str,
        signature: &str,
    ) -> Result<(), GatewayError> {
        self.read(
            self.http
                .post(format!("{}/v1/auth/voice-key", self.base))
                .bearer_auth(session)
                .json(&BiometricKey {
                    challenge_id,
                    public_key: public_key.to_owned(),
                    signature: signature.to_owned(),
                })
                .send()
                .await,
        )
        .await
        .map(|_| ())
    }

    /// Tells the bank to forget this phone's voice key.
    pub async fn remove_voice_key(&self, session: &str) -> Result<(), GatewayError> {
        self.read(
            self.http
                .post(format!("{}/v1/auth/voice-key/remove", self.base))
                .bearer_auth(session)
                .send()
                .await,
        )
        .await
        .map(|_| ())
    }

    /// Gives the bank the public half of this phone's biometric-bound key,
    /// with its signature on a biometric challenge as proof.
    pub async fn register_biometric_key(
        &self,
        session: &str,
        challenge_id: i64,
        public_key: &str,
        signature: &str,
    ) -> Result<(), GatewayError> {
        self.read(
            self.http
                .post(format!("{}/v1/auth/biometric-key", self.base))
                .bearer_auth(session)
                .json(&BiometricKey {
                    challenge_id,
                    public_key: public_key.to_owned(),
                    signature: signature.to_owned(),
                })
                .send()
                .await,
        )
        .await
        .map(|_| ())
    }

    /// Tells the bank to forget this phone's biometric key.
    pub async fn remove_biometric_key(&self, session: &str) -> Result<(), GatewayError> {
        self.read(
            self.http
                .post(format!("{}/v1/auth/biometric-key/remove", self.base))
                .bearer_auth(session)
                .send()
                .await,
        )
        .await
        .map(|_| ())
    }

    /// A family request: `GET` when `body` is `None`, else `POST` with it.
    pub async fn family(
        &self,
        token: &str,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Value, GatewayError> {
        let url = format!("{}/v1/family/{path}", self.base);
        let request = match body {
            None => self.http.get(url),
            Some(b) => self.http.post(url).json(b),
        };
        self.read(request.bearer_auth(token).send().await).await
    }

    /// Where her conversation with the bank's agent stands (`GET /v1/chat`).
    pub async fn chat_state(&self, token: &str) -> Result<Value, GatewayError> {
        self.read(
            self.http
                .get(format!("{}/v1/chat", self.base))
                .bearer_auth(token)
                .send()
                .await,
        )
        .await
    }

    /// The bank's own risk check of a transfer body, nothing moved:
    /// `{risk, ticket?}`.
    pub async fn check_transfer(&self, session: &str, body: &Value) -> Result<Value, GatewayError> {
        self.read(
            self.http
                .post(format!("{}/v1/transfers/check", self.base))
                .bearer_auth(session)
                .json(body)
                .send()
                .await,
        )
        .await
    }

    /// Cancels a delayed transfer before it arrives.
    pub async fn cancel_transfer(&self, token: &str, id: i64) -> Result<Value, GatewayError> {
        self.read(
            self.http
                .post(format!("{}/v1/transfers/{id}/cancel", self.base))
                .bearer_auth(token)
                .send()
                .await,
        )
        .await
    }
}

/// What happened to a request that moves money.
#[derive(Clone, Debug, PartialEq)]
pub enum Sent {
    /// The bank answered (2xx or 4xx).
    Answered {
        /// HTTP status.
        status: u16,
        /// The JSON answer.
        body: Value,
    },
    /// It never left the device (no connection at all).
    NotSent,
    /// It may or may not have reached the bank (timeout, cut connection, 5xx).
    NoAnswer,
    /// The bank did nothing: it wants a login first (the session ended).
    LoginNeeded,
}

/// A phone just bound (`POST /v1/devices`).
#[derive(Clone, PartialEq, Eq)]
pub struct Bound {
    /// Its id at the bank.
    pub device_id: String,
    /// Its device token (a secret: never logged).
    pub token: String,
    /// Its customer.
    pub customer_id: String,
    /// Whether the customer has a PIN at the bank already.
    pub pin_set: bool,
}

impl std::fmt::Debug for Bound {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Bound")
            .field("pin_set", &self.pin_set)
            .finish_non_exhaustive()
    }
}

/// The bank's answer to a PIN login start.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PinStarted {
    /// The login's id.
    pub login_id: i64,
    /// The bank's OPAQUE answer (hex).
    pub response: String,
    /// What the device key signs with the proof.
    pub nonce: String,
    /// Tries left if this one is wrong.
    pub tries_left: u32,
}

fn session_in(v: &Value) -> Result<(String, i64), GatewayError> {
    wire::SessionOpened::deserialize(v)
        .map(|s| (s.session, s.expires_at))
        .map_err(|_| GatewayError::Failed("unreadable session".into()))
}
