//! Logins at the bank: two credentials, and the PIN checked here.
//!
//! - The **device token** (from `POST /v1/devices`) says which phone this is.
//!   It only starts a login, takes a PIN-reset code, and sets a first PIN.
//! - A **session** comes from a login the bank checked itself: the PIN
//!   (OPAQUE, `happylife_core::auth::bank_pin`, with the device key's
//!   signature on the same login), the biometric-bound key, or the voice
//!   key. Every route that reads her data or moves money needs one
//!   ([`session_of`]): 401 `session_required` otherwise. A session ends
//!   after [`SESSION_TTL_SECS`] without use (and [`SESSION_MAX_SECS`] in
//!   all), at logout, at the phone's relock, and when the phone is removed.
//!
//! The bank counts PIN tries by its own clock (`customer_pins`): a try is
//! counted when the bank answers a login start and cleared by a proof that
//! checks, so moving the phone's clock unlocks nothing.
//!
//! - `POST /v1/auth/pin/start` (device) `{request}` → 201 `{login_id, response, nonce, tries_left}`;
//!   409 `pin_not_set`; 429 `pin_locked` with `until`
//! - `POST /v1/auth/pin/finish` (device) `{login_id, proof, signature}` → 201 `{session, expires_at}`;
//!   401 `wrong_pin` with `tries_left`, 401 `wrong_signature`; 409 `challenge_used`; 410 `challenge_expired`
//! - `POST /v1/auth/pin/register/start` and `/finish` (device or session)
//!   `{request}` → `{response, reason}`, then `{upload}` → `{pin: "set", reason}`:
//!   a first PIN (the customer has none), a reset (this phone's PIN-reset
//!   code was taken in the last
//!   [`happylife_core::auth::PIN_RESET_GRANT_SECS`]), or a change (a
//!   session from a PIN login of the last [`PIN_CHANGE_WINDOW_SECS`]);
//!   403 `old_pin_needed` otherwise
//! - `POST /v1/auth/challenge` (device) `{method: biometric|voiceprint}` → 201 `{challenge_id, nonce, expires_at}`
//! - `POST /v1/auth/session` (device) `{challenge_id, signature}` → 201 `{session, expires_at}`;
//!   409 `challenge_used` (a replay), 410 `challenge_expired`, 401
//!   `wrong_signature` (the challenge is spent either way), 401
//!   `no_biometric_key` / `no_voice_key`
//! - `POST /v1/auth/biometric-key`, `/v1/auth/voice-key` (session)
//!   `{challenge_id, public_key, signature}`; `…/remove` (session)
//! - `POST /v1/auth/logout` (session) → 200
//! - `GET /v1/auth/session` (session) → who it is

use crate::AppState;
use crate::api::{bearer, json_body, sha256_hex};
use crate::error::ApiError;
use crate::error::ErrorBody;
use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use happylife_core::auth::bank_pin;
use happylife_core::auth::pin::{Attempts, MAX_TRIES, PinError};
use happylife_core::auth::{
    self, AuthError, CHALLENGE_TTL_SECS, LoginMethod, PIN_CHANGE_WINDOW_SECS, SESSION_MAX_SECS,
    SESSION_TTL_SECS,
};
use rand::RngCore;
use serde_json::{Value, json};
use utoipa::ToSchema;

type Tx<'a> = sqlx::Transaction<'a, sqlx::Any>;

/// A session's last use is written at most this often (each request
/// would otherwise write): the idle wait is exact to within it.
const TOUCH_EVERY_SECS: i64 = 30;

fn refused(status: StatusCode, code: &'static str, message: &str) -> ApiError {
    ApiError {
        status,
        code,
        message: message.into(),
        detail: None,
    }
}

/// The 401 of a customer route without a live session (no token, a device
/// token, a token the bank never issued or has ended).
pub fn session_required() -> ApiError {
    refused(
        StatusCode::UNAUTHORIZED,
        "session_required",
        "log in first: this needs a session from a PIN, biometric or voiceprint login",
    )
}

fn session_expired() -> ApiError {
    refused(
        StatusCode::UNAUTHORIZED,
        "session_expired",
        "the session has ended; log in again",
    )
}

/// Who is calling, by a live session.
#[derive(Clone, Debug)]
pub struct Caller {
    /// The phone.
    pub device: String,
    /// Its customer.
    pub customer: String,
    /// How the session was opened.
    pub method: LoginMethod,
    /// When (unix seconds).
    pub opened_at: i64,
    /// When it ends if unused from now.
    pub expires_at: i64,
    token_hash: String,
}

type SessionRow = (String, String, String, i64, i64, Option<i64>, Option<i64>);

/// The live session behind the bearer token, its last use moved to now.
pub async fn session_of(state: &AppState, headers: &HeaderMap) -> Result<Caller, ApiError> {
    let token = bearer(headers).map_err(|_| session_required())?;
    let hash = sha256_hex(token.as_bytes());
    let row: Option<SessionRow> = sqlx::query_as(
        "SELECT s.device_id, d.customer_id, s.method, s.created_at, \
         COALESCE(s.last_used_at, s.created_at), s.ended_at, d.removed_at \
         FROM sessions s JOIN devices d ON d.id = s.device_id WHERE s.token_hash = $1",
    )
    .bind(&hash)
    .fetch_optional(&state.db.pool)
    .await?;
    let Some((device, customer, method, created, last_used, ended, removed)) = row else {
        return Err(session_required());
    };
    let now = state.now();
    let expires_at = (last_used + SESSION_TTL_SECS).min(created + SESSION_MAX_SECS);
    if ended.is_some() || removed.is_some() || now >= expires_at {
        return Err(session_expired());
    }
    let method = LoginMethod::from_code(&method).unwrap_or(LoginMethod::DeviceKey);
    if method == LoginMethod::DeviceKey {
        // A session from before the bank checked the PIN proves no person.
        return Err(session_expired());
    }
    if now - last_used >= TOUCH_EVERY_SECS {
        sqlx::query("UPDATE sessions SET last_used_at = $1 WHERE token_hash = $2")
            .bind(now)
            .bind(&hash)
            .execute(&state.db.pool)
            .await?;
        sqlx::query("UPDATE devices SET last_used_at = $1 WHERE id = $2")
            .bind(now)
            .bind(&device)
            .execute(&state.db.pool)
            .await?;
    }
    Ok(Caller {
        device,
        customer,
        method,
        opened_at: created,
        expires_at: (now + SESSION_TTL_SECS).min(created + SESSION_MAX_SECS),
        token_hash: hash,
    })
}

/// A bound phone, by its device token.
#[derive(Clone, Debug)]
pub struct Phone {
    /// Its id.
    pub device: String,
    /// Its customer.
    pub customer: String,
    /// The device key (Ed25519, hex).
    pub public_key: Option<String>,
}

/// The phone behind the bearer device token (not removed).
pub async fn device_of(state: &AppState, headers: &HeaderMap) -> Result<Phone, ApiError> {
    let token = bearer(headers)?;
    let row: Option<(String, String, Option<String>)> = sqlx::query_as(
        "SELECT id, customer_id, public_key FROM devices WHERE token_hash = $1 AND removed_at IS NULL",
    )
    .bind(sha256_hex(token.as_bytes()))
    .fetch_optional(&state.db.pool)
    .await?;
    let (device, customer, public_key) = row.ok_or_else(|| {
        refused(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "this needs the bound phone's device token",
        )
    })?;
    Ok(Phone {
        device,
        customer,
        public_key,
    })
}

/// Opens a session for `device` (in `tx`): (token, expires at).
async fn open(
    tx: &mut Tx<'_>,
    device: &str,
    method: LoginMethod,
    now: i64,
) -> Result<(String, i64), ApiError> {
    let mut raw = [0u8; 32];
    rand::rng().fill_bytes(&mut raw);
    let token = hex::encode(raw);
    sqlx::query(
        "INSERT INTO sessions (token_hash, device_id, expires_at, created_at, method, last_used_at) \
         VALUES ($1, $2, $3, $4, $5, $4)",
    )
    .bind(sha256_hex(token.as_bytes()))
    .bind(device)
    .bind(now + SESSION_MAX_SECS)
    .bind(now)
    .bind(method.code())
    .execute(&mut **tx)
    .await?;
    sqlx::query("UPDATE devices SET last_used_at = $1 WHERE id = $2")
        .bind(now)
        .bind(device)
        .execute(&mut **tx)
        .await?;
    Ok((token, now + SESSION_TTL_SECS))
}

fn opened(token: String, expires_at: i64) -> Response {
    (
        StatusCode::CREATED,
        Json(json!({ "session": token, "expires_at": expires_at })),
    )
        .into_response()
}

/// Ends every session of `customer`'s phones but `keep` (a token hash).
pub async fn end_sessions(
    tx: &mut Tx<'_>,
    customer: &str,
    keep: Option<&str>,
    now: i64,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE sessions SET ended_at = $1 WHERE ended_at IS NULL AND token_hash <> $3 \
         AND device_id IN (SELECT id FROM devices WHERE customer_id = $2)",
    )
    .bind(now)
    .bind(customer)
    .bind(keep.unwrap_or(""))
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected())
}

fn hex_field<'a>(body: &'a Value, field: &'static str, max: usize) -> Result<&'a str, ApiError> {
    body.get(field)
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty() && t.len() <= max && t.bytes().all(|b| b.is_ascii_hexdigit()))
        .ok_or_else(|| {
            ApiError::unprocessable(
                "invalid_field",
                format!("{field} must be hex (at most {max} digits)"),
            )
        })
}

/// The checked body of `POST /v1/auth/pin/start` and `…/register/start`:
/// the blinded PIN.
pub(crate) fn pin_request(body: &Value) -> Result<&str, ApiError> {
    hex_field(body, "request", 512)
}

/// The checked body of `POST /v1/auth/pin/finish`: (login id, proof, signature).
pub(crate) fn pin_proof(body: &Value) -> Result<(i64, &str, &str), ApiError> {
    let login_id = body
        .get("login_id")
        .and_then(Value::as_i64)
        .ok_or_else(|| ApiError::unprocessable("invalid_field", "login_id is needed"))?;
    Ok((
        login_id,
        hex_field(body, "proof", 512)?,
        hex_field(body, "signature", 256)?,
    ))
}

/// The checked body of `POST /v1/auth/pin/register/finish`: the envelope.
pub(crate) fn pin_upload(body: &Value) -> Result<&str, ApiError> {
    hex_field(body, "upload", 1024)
}

fn unreadable_pin_message() -> ApiError {
    ApiError::unprocessable(
        "invalid_pin_message",
        "the PIN exchange message cannot be read",
    )
}

/// `POST /v1/auth/pin/start`.
#[utoipa::path(
    post,
    path = "/v1/auth/pin/start",
    tag = "auth",
    summary = "Start a PIN login (OPAQUE): the bank's answer to the blinded PIN",
    request_body = PinStart,
    security(("device" = [])),
    responses(
        (status = 201, description = "the bank's answer; a try is counted until the proof checks", body = PinStarted),
        (status = 400, description = "malformed: not a JSON object, an unreadable query, a missing header", body = ErrorBody),
        (status = 401, description = "no valid token, or a wrong code or signature", body = ErrorBody),
        (status = 409, description = "conflicts with the current state, or the key was used with another request", body = ErrorBody),
        (status = 422, description = "a field is missing or not acceptable", body = ErrorBody),
        (status = 429, description = "too soon; `retry_after` says how long to wait", body = ErrorBody)
    )
)]
pub async fn pin_start(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<Response, ApiError> {
    let phone = device_of(&state, &headers).await?;
    let body = json_body(body)?;
    let request = pin_request(&body)?;
    let now = state.now();
    let mut tx = state.db.begin().await?;
    let row: Option<(String, i64, Option<i64>)> = sqlx::query_as(
        "SELECT record, failures, locked_until FROM customer_pins WHERE customer_id = $1",
    )
    .bind(&phone.customer)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((record, failures, locked_until)) = row else {
        return Err(ApiError::conflict(
            "pin_not_set",
            "no PIN is set for this customer yet; set one first",
        ));
    };
    let attempts = Attempts {
        failures: u32::try_from(failures).unwrap_or(u32::MAX),
        locked_until,
    };
    if let Err(PinError::Locked { until }) = attempts.may_try(now) {
        return Err(refused(
            StatusCode::TOO_MANY_REQUESTS,
            "pin_locked",
            "too many wrong PINs; wait before trying again",
        )
        .with("until", until)
        .with("retry_after", until - now));
    }
    let (bank_state, response) =
        bank_pin::login_response(state.secrets.opaque(), &record, request, &phone.customer)
            .map_err(|_| unreadable_pin_message())?;
    // Counted now, as a wrong try, and cleared by a proof that checks: a
    // phone that never sends its proof (it found the PIN wrong) has used
    // its try.
    let (next, _) = attempts.after_wrong(now);
    sqlx::query("UPDATE customer_pins SET failures = $1, locked_until = $2 WHERE customer_id = $3")
        .bind(i64::from(next.failures))
        .bind(next.locked_until)
        .bind(&phone.customer)
        .execute(&mut *tx)
        .await?;
    let nonce = auth::new_nonce();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO auth_challenges (device_id, nonce, used, expires_at, created_at, method, opaque_state) \
         VALUES ($1, $2, 0, $3, $4, $5, $6) RETURNING id",
    )
    .bind(&phone.device)
    .bind(&nonce)
    .bind(now + CHALLENGE_TTL_SECS)
    .bind(now)
    .bind(LoginMethod::Pin.code())
    .bind(&bank_state)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    let tries_left = MAX_TRIES.saturating_sub(next.failures.min(MAX_TRIES));
    Ok((
        StatusCode::CREATED,
        Json(json!({
            "login_id": id, "response": response, "nonce": nonce,
            "expires_at": now + CHALLENGE_TTL_SECS, "tries_left": tries_left,
        })),
    )
        .into_response())
}

/// `POST /v1/auth/pin/finish`.
#[utoipa::path(
    post,
    path = "/v1/auth/pin/finish",
    tag = "auth",
    summary = "Finish a PIN login: the proof and the device key's signature open a session",
    request_body = PinProof,
    security(("device" = [])),
    responses(
        (status = 201, description = "the session token", body = SessionOpened),
        (status = 400, description = "malformed: not a JSON object, an unreadable query, a missing header", body = ErrorBody),
        (status = 401, description = "no valid token, or a wrong code or signature", body = ErrorBody),
        (status = 404, description = "no such thing (for this customer)", body = ErrorBody),
        (status = 409, description = "conflicts with the current state, or the key was used with another request", body = ErrorBody),
        (status = 410, description = "expired", body = ErrorBody),
        (status = 422, description = "a field is missing or not acceptable", body = ErrorBody)
    )
)]
pub async fn pin_finish(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<Response, ApiError> {
    let phone = device_of(&state, &headers).await?;
    let body = json_body(body)?;
    let (login_id, proof, signature) = pin_proof(&body)?;
    let now = state.now();
    let mut tx = state.db.begin().await?;
    let row: Option<(String, String, i64, String, Option<String>)> = sqlx::query_as(
        "SELECT device_id, nonce, expires_at, method, opaque_state FROM auth_challenges WHERE id = $1",
    )
    .bind(login_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((_, nonce, expires_at, _, Some(bank_state))) =
        row.filter(|r| r.0 == phone.device && r.3 == LoginMethod::Pin.code())
    else {
        return Err(ApiError::not_found(
            "unknown_challenge",
            "no such PIN login for this phone",
        ));
    };
    spend(&mut tx, login_id).await?;
    if now >= expires_at {
        tx.commit().await?;
        return Err(expired());
    }
    if bank_pin::login_verify(&bank_state, proof).is_err() {
        tx.commit().await?;
        let failures: i64 =
            sqlx::query_scalar("SELECT failures FROM customer_pins WHERE customer_id = $1")
                .bind(&phone.customer)
                .fetch_optional(&state.db.pool)
                .await?
                .unwrap_or(0);
        tracing::warn!("PIN proof refused");
        return Err(refused(
            StatusCode::UNAUTHORIZED,
            "wrong_pin",
            "the PIN is not right",
        )
        .with("tries_left", (i64::from(MAX_TRIES) - failures).max(0)));
    }
    let key = phone.public_key.as_deref().unwrap_or_default();
    if let Err(e) = checked(auth::verify_signed(
        LoginMethod::Pin,
        key,
        &phone.device,
        &nonce,
        signature,
    )) {
        tx.commit().await?;
        tracing::warn!(code = e.code, "PIN login without the device's signature");
        return Err(e);
    }
    sqlx::query(
        "UPDATE customer_pins SET failures = 0, locked_until = NULL WHERE customer_id = $1",
    )
    .bind(&phone.customer)
    .execute(&mut *tx)
    .await?;
    let (token, expires) = open(&mut tx, &phone.device, LoginMethod::Pin, now).await?;
    tx.commit().await?;
    tracing::info!(method = "pin", "session opened");
    Ok(opened(token, expires))
}

/// Why a phone may set the customer's PIN now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PinSetting {
    /// The customer has none (her first phone).
    First,
    /// This phone's PIN-reset code (voice, ID number, SMS) was taken.
    Reset,
    /// She logged in with the old PIN moments ago.
    Change,
}

impl PinSetting {
    fn code(self) -> &'static str {
        match self {
            PinSetting::First => "first",
            PinSetting::Reset => "reset",
            PinSetting::Change => "change",
        }
    }
}

/// The phone asking to set a PIN (by its session, or its device token),
/// and why it may: 403 `old_pin_needed` when it may not.
async fn pin_setter(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<(Phone, Option<Caller>, PinSetting), ApiError> {
    let (phone, caller) = match session_of(state, headers).await {
        Ok(c) => (
            Phone {
                device: c.device.clone(),
                customer: c.customer.clone(),
                public_key: None,
            },
            Some(c),
        ),
        Err(_) => (device_of(state, headers).await?, None),
    };
    let now = state.now();
    let has_pin: Option<i64> =
        sqlx::query_scalar("SELECT set_at FROM customer_pins WHERE customer_id = $1")
            .bind(&phone.customer)
            .fetch_optional(&state.db.pool)
            .await?;
    let reset_until: Option<i64> =
        sqlx::query_scalar("SELECT pin_reset_until FROM devices WHERE id = $1")
            .bind(&phone.device)
            .fetch_optional(&state.db.pool)
            .await?
            .flatten();
    let why = if has_pin.is_none() {
        PinSetting::First
    } else if reset_until.is_some_and(|until| now < until) {
        PinSetting::Reset
    } else if caller.as_ref().is_some_and(|c| {
        c.method == LoginMethod::Pin && now - c.opened_at <= PIN_CHANGE_WINDOW_SECS
    }) {
        PinSetting::Change
    } else {
        return Err(refused(
            StatusCode::FORBIDDEN,
            "old_pin_needed",
            "a PIN is set: changing it needs a login with the old one, or the reset",
        ));
    };
    Ok((phone, caller, why))
}

/// `POST /v1/auth/pin/register/start`.
#[utoipa::path(
    post,
    path = "/v1/auth/pin/register/start",
    tag = "auth",
    summary = "Set the PIN (OPAQUE registration), step 1: the bank's answer to the blinded PIN",
    request_body = PinStart,
    security(("device" = []), ("session" = [])),
    responses(
        (status = 200, description = "the bank's answer", body = PinRegistering),
        (status = 400, description = "malformed: not a JSON object, an unreadable query, a missing header", body = ErrorBody),
        (status = 401, description = "no valid token, or a wrong code or signature", body = ErrorBody),
        (status = 403, description = "not allowed for this customer, role or request", body = ErrorBody),
        (status = 422, description = "a field is missing or not acceptable", body = ErrorBody)
    )
)]
pub async fn pin_register_start(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let (phone, _, why) = pin_setter(&state, &headers).await?;
    let body = json_body(body)?;
    let request = pin_request(&body)?;
    let response =
        bank_pin::registration_response(state.secrets.opaque(), request, &phone.customer)
            .map_err(|_| unreadable_pin_message())?;
    Ok(Json(json!({ "response": response, "reason": why.code() })))
}

/// `POST /v1/auth/pin/register/finish`.
#[utoipa::path(
    post,
    path = "/v1/auth/pin/register/finish",
    tag = "auth",
    summary = "Set the PIN (OPAQUE registration), step 2: the sealed envelope",
    request_body = PinUpload,
    security(("device" = []), ("session" = [])),
    responses(
        (status = 200, description = "the PIN is set", body = PinSet),
        (status = 400, description = "malformed: not a JSON object, an unreadable query, a missing header", body = ErrorBody),
        (status = 401, description = "no valid token, or a wrong code or signature", body = ErrorBody),
        (status = 403, description = "not allowed for this customer, role or request", body = ErrorBody),
        (status = 422, description = "a field is missing or not acceptable", body = ErrorBody)
    )
)]
pub async fn pin_register_finish(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let (phone, caller, why) = pin_setter(&state, &headers).await?;
    let body = json_body(body)?;
    let upload = pin_upload(&body)?;
    let record = bank_pin::registration_record(upload).map_err(|_| unreadable_pin_message())?;
    let now = state.now();
    let mut tx = state.db.begin().await?;
    sqlx::query(
        "INSERT INTO customer_pins (customer_id, record, failures, locked_until, set_at, reset_at) \
         VALUES ($1, $2, 0, NULL, $3, $4) ON CONFLICT (customer_id) DO UPDATE SET \
         record = excluded.record, failures = 0, locked_until = NULL, set_at = excluded.set_at, \
         reset_at = COALESCE(excluded.reset_at, customer_pins.reset_at)",
    )
    .bind(&phone.customer)
    .bind(&record)
    .bind(now)
    .bind((why == PinSetting::Reset).then_some(now))
    .execute(&mut *tx)
    .await?;
    if why == PinSetting::Reset {
        // Whoever knew the old PIN is logged out everywhere.
        end_sessions(&mut tx, &phone.customer, None, now).await?;
        sqlx::query("UPDATE devices SET pin_reset_until = NULL WHERE id = $1")
            .bind(&phone.device)
            .execute(&mut *tx)
            .await?;
    } else if why == PinSetting::Change {
        // Her other phones log in again with the new PIN.
        let keep = caller.as_ref().map(|c| c.token_hash.as_str());
        end_sessions(&mut tx, &phone.customer, keep, now).await?;
    }
    tx.commit().await?;
    tracing::info!(reason = why.code(), "PIN set at the bank");
    Ok(Json(json!({ "pin": "set", "reason": why.code() })))
}

/// The checked body of `POST /v1/auth/challenge`: the method.
pub(crate) fn challenge_request(body: &Value) -> Result<LoginMethod, ApiError> {
    match body
        .get("method")
        .and_then(Value::as_str)
        .and_then(LoginMethod::from_code)
    {
        Some(m @ (LoginMethod::Biometric | LoginMethod::Voiceprint)) => Ok(m),
        _ => Err(ApiError::unprocessable(
            "invalid_field",
            "method is biometric or voiceprint (a PIN login starts at /v1/auth/pin/start)",
        )),
    }
}

/// `POST /v1/auth/challenge`.
#[utoipa::path(
    post,
    path = "/v1/auth/challenge",
    tag = "auth",
    summary = "A single-use login challenge for the phone's biometric or voice key",
    request_body = ChallengeRequest,
    security(("device" = [])),
    responses(
        (status = 201, description = "the challenge to sign", body = LoginChallenge),
        (status = 400, description = "malformed: not a JSON object, an unreadable query, a missing header", body = ErrorBody),
        (status = 401, description = "no valid token, or a wrong code or signature", body = ErrorBody),
        (status = 422, description = "a field is missing or not acceptable", body = ErrorBody)
    )
)]
pub async fn challenge(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<Response, ApiError> {
    let phone = device_of(&state, &headers).await?;
    let body = json_body(body)?;
    let method = challenge_request(&body)?;
    let now = state.now();
    let nonce = auth::new_nonce();
    let expires_at = now + CHALLENGE_TTL_SECS;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO auth_challenges (device_id, nonce, used, expires_at, created_at, method) \
         VALUES ($1, $2, 0, $3, $4, $5) RETURNING id",
    )
    .bind(&phone.device)
    .bind(&nonce)
    .bind(expires_at)
    .bind(now)
    .bind(method.code())
    .fetch_one(&state.db.pool)
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "challenge_id": id, "nonce": nonce, "expires_at": expires_at })),
    )
        .into_response())
}

/// The checked body of `POST /v1/auth/session`: (challenge id, signature).
pub(crate) fn signed_challenge(body: &Value) -> Result<(i64, &str), ApiError> {
    let (Some(challenge_id), Some(signature)) = (
        body.get("challenge_id").and_then(Value::as_i64),
        body.get("signature").and_then(Value::as_str),
    ) else {
        return Err(ApiError::unprocessable(
            "invalid_field",
            "challenge_id and signature are needed",
        ));
    };
    Ok((challenge_id, signature))
}

/// `POST /v1/auth/session`: a challenge signed by the biometric or voice
/// key opens a session.
#[utoipa::path(
    post,
    path = "/v1/auth/session",
    tag = "auth",
    summary = "A challenge signed by the biometric or voice key opens a session",
    request_body = SignedChallenge,
    security(("device" = [])),
    responses(
        (status = 201, description = "the session token", body = SessionOpened),
        (status = 400, description = "malformed: not a JSON object, an unreadable query, a missing header", body = ErrorBody),
        (status = 401, description = "no valid token, or a wrong code or signature", body = ErrorBody),
        (status = 404, description = "no such thing (for this customer)", body = ErrorBody),
        (status = 409, description = "conflicts with the current state, or the key was used with another request", body = ErrorBody),
        (status = 410, description = "expired", body = ErrorBody),
        (status = 422, description = "a field is missing or not acceptable", body = ErrorBody)
    )
)]
pub async fn open_session(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<Response, ApiError> {
    let phone = device_of(&state, &headers).await?;
    let body = json_body(body)?;
    let (challenge_id, signature) = signed_challenge(&body)?;
    let now = state.now();
    let mut tx = state.db.begin().await?;
    let row: Option<ChallengeRow> = sqlx::query_as(
        "SELECT c.device_id, c.nonce, c.expires_at, c.method, d.biometric_key, d.voice_key \
         FROM auth_challenges c JOIN devices d ON d.id = c.device_id WHERE c.id = $1",
    )
    .bind(challenge_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((device, nonce, expires_at, method, biometric_key, voice_key)) =
        row.filter(|r| r.0 == phone.device)
    else {
        // Another phone's challenge is as good as none.
        return Err(ApiError::not_found(
            "unknown_challenge",
            "no such login challenge for this phone",
        ));
    };
    let method = LoginMethod::from_code(&method).unwrap_or(LoginMethod::DeviceKey);
    spend(&mut tx, challenge_id).await?;
    let outcome = if now >= expires_at {
        Err(expired())
    } else {
        match method {
            LoginMethod::Biometric => match &biometric_key {
                None => Err(refused(
                    StatusCode::UNAUTHORIZED,
                    "no_biometric_key",
                    "biometric login is not turned on for this phone",
                )),
                Some(k) => checked(auth::verify_biometric(k, &device, &nonce, signature)),
            },
            LoginMethod::Voiceprint => match &voice_key {
                None => Err(refused(
                    StatusCode::UNAUTHORIZED,
                    "no_voice_key",
                    "voiceprint login is not turned on for this phone",
                )),
                Some(k) => checked(auth::verify_signed(
                    LoginMethod::Voiceprint,
                    k,
                    &device,
                    &nonce,
                    signature,
                )),
            },
            // A PIN login is answered at /v1/auth/pin/finish.
            _ => Err(ApiError::not_found(
                "unknown_challenge",
                "no such login challenge for this phone",
            )),
        }
    };
    if let Err(e) = outcome {
        tx.commit().await?;
        tracing::warn!(code = e.code, "login refused");
        return Err(e);
    }
    let (token, expires) = open(&mut tx, &device, method, now).await?;
    tx.commit().await?;
    tracing::info!(method = method.code(), "session opened");
    Ok(opened(token, expires))
}

type ChallengeRow = (String, String, i64, String, Option<String>, Option<String>);

/// Spends a challenge, whatever its answer: one try per challenge.
async fn spend(tx: &mut Tx<'_>, challenge_id: i64) -> Result<(), ApiError> {
    let spent = sqlx::query("UPDATE auth_challenges SET used = 1 WHERE id = $1 AND used = 0")
        .bind(challenge_id)
        .execute(&mut **tx)
        .await?;
    if spent.rows_affected() == 0 {
        return Err(refused(
            StatusCode::CONFLICT,
            "challenge_used",
            "this challenge was answered already",
        ));
    }
    Ok(())
}

fn expired() -> ApiError {
    refused(
        StatusCode::GONE,
        "challenge_expired",
        "this challenge has expired; ask for a new one",
    )
}

/// A signature check in the answer's terms.
fn checked(r: Result<(), AuthError>) -> Result<(), ApiError> {
    match r {
        Ok(()) => Ok(()),
        Err(AuthError::InvalidSignature) => Err(ApiError::unprocessable(
            "invalid_signature",
            "signature must be hex of the key's signature",
        )),
        Err(_) => Err(refused(
            StatusCode::UNAUTHORIZED,
            "wrong_signature",
            "the signature does not match this phone's key",
        )),
    }
}

/// The checked body of `POST /v1/auth/biometric-key`: (challenge id,
/// public key, signature); the key must be a P-256 key.
pub(crate) fn biometric_key_request(body: &Value) -> Result<(i64, &str, &str), ApiError> {
    let (challenge_id, public_key, signature) = key_request(body)?;
    auth::parse_biometric_key(public_key).map_err(|_| {
        ApiError::unprocessable(
            "invalid_public_key",
            "public_key must be a P-256 key (SEC1 or SubjectPublicKeyInfo) in hex",
        )
    })?;
    Ok((challenge_id, public_key, signature))
}

/// The checked body of `POST /v1/auth/voice-key`: (challenge id, public
/// key, signature); the key must be an Ed25519 key.
pub(crate) fn voice_key_request(body: &Value) -> Result<(i64, &str, &str), ApiError> {
    let (challenge_id, public_key, signature) = key_request(body)?;
    auth::parse_public_key(public_key).map_err(|_| {
        ApiError::unprocessable(
            "invalid_public_key",
            "public_key must be an Ed25519 key in 64 hex digits",
        )
    })?;
    Ok((challenge_id, public_key, signature))
}

fn key_request(body: &Value) -> Result<(i64, &str, &str), ApiError> {
    let (Some(challenge_id), Some(public_key), Some(signature)) = (
        body.get("challenge_id").and_then(Value::as_i64),
        body.get("public_key").and_then(Value::as_str),
        body.get("signature").and_then(Value::as_str),
    ) else {
        return Err(ApiError::unprocessable(
            "invalid_field",
            "challenge_id, public_key and signature are needed",
        ));
    };
    Ok((challenge_id, public_key, signature))
}

/// Turns a login key on for the session's phone, once the new key has
/// signed a challenge of its method for that same phone.
async fn register_key(
    state: &AppState,
    headers: &HeaderMap,
    body: Result<Json<Value>, JsonRejection>,
    method: LoginMethod,
) -> Result<(), ApiError> {
    let caller = session_of(state, headers).await?;
    let body = json_body(body)?;
    let (challenge_id, public_key, signature) = match method {
        LoginMethod::Biometric => biometric_key_request(&body)?,
        _ => voice_key_request(&body)?,
    };
    let now = state.now();
    let mut tx = state.db.begin().await?;
    let row: Option<(String, String, i64, String)> = sqlx::query_as(
        "SELECT device_id, nonce, expires_at, method FROM auth_challenges WHERE id = $1",
    )
    .bind(challenge_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((device, nonce, expires_at, challenge_method)) = row.filter(|r| r.0 == caller.device)
    else {
        // Another phone's challenge is as good as none.
        return Err(ApiError::not_found(
            "unknown_challenge",
            "no such login challenge for this phone",
        ));
    };
    if challenge_method != method.code() {
        return Err(ApiError::unprocessable(
            "wrong_challenge",
            "a login key is proved with a challenge of its own method",
        ));
    }
    spend(&mut tx, challenge_id).await?;
    let outcome = if now >= expires_at {
        Err(expired())
    } else if method == LoginMethod::Biometric {
        checked(auth::verify_biometric(
            public_key, &device, &nonce, signature,
        ))
    } else {
        checked(auth::verify_signed(
            method, public_key, &device, &nonce, signature,
        ))
    };
    if let Err(e) = outcome {
        tx.commit().await?;
        tracing::warn!(code = e.code, method = method.code(), "login key refused");
        return Err(e);
    }
    let column = if method == LoginMethod::Biometric {
        "UPDATE devices SET biometric_key = $1 WHERE id = $2"
    } else {
        "UPDATE devices SET voice_key = $1 WHERE id = $2"
    };
    sqlx::query(column)
        .bind(public_key.to_ascii_lowercase())
        .bind(&device)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    tracing::info!(method = method.code(), "login key turned on");
    Ok(())
}

/// `POST /v1/auth/biometric-key`.
#[utoipa::path(
    post,
    path = "/v1/auth/biometric-key",
    tag = "auth",
    summary = "Turn biometric login on for the session's phone",
    request_body = BiometricKey,
    security(("session" = [])),
    responses(
        (status = 200, description = "biometric login is on", body = BiometricState),
        (status = 400, description = "malformed: not a JSON object, an unreadable query, a missing header", body = ErrorBody),
        (status = 401, description = "no valid token, or a wrong code or signature", body = ErrorBody),
        (status = 404, description = "no such thing (for this customer)", body = ErrorBody),
        (status = 409, description = "conflicts with the current state, or the key was used with another request", body = ErrorBody),
        (status = 410, description = "expired", body = ErrorBody),
        (status = 422, description = "a field is missing or not acceptable", body = ErrorBody)
    )
)]
pub async fn register_biometric_key(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    register_key(&state, &headers, body, LoginMethod::Biometric).await?;
    Ok(Json(json!({ "biometric": "on" })))
}

/// `POST /v1/auth/biometric-key/remove`.
#[utoipa::path(
    post,
    path = "/v1/auth/biometric-key/remove",
    tag = "auth",
    summary = "Turn biometric login off for the session's phone",
    security(("session" = [])),
    responses(
        (status = 200, description = "biometric login is off", body = BiometricState),
        (status = 401, description = "no valid token, or a wrong code or signature", body = ErrorBody)
    )
)]
pub async fn remove_biometric_key(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    let caller = session_of(&state, &headers).await?;
    sqlx::query("UPDATE devices SET biometric_key = NULL WHERE id = $1")
        .bind(&caller.device)
        .execute(&state.db.pool)
        .await?;
    tracing::info!("biometric login turned off");
    Ok(Json(json!({ "biometric": "off" })))
}

/// `POST /v1/auth/voice-key`.
#[utoipa::path(
    post,
    path = "/v1/auth/voice-key",
    tag = "auth",
    summary = "Turn voiceprint login on for the session's phone (its voice key)",
    request_body = BiometricKey,
    security(("session" = [])),
    responses(
        (status = 200, description = "voiceprint login is on", body = VoiceKeyState),
        (status = 400, description = "malformed: not a JSON object, an unreadable query, a missing header", body = ErrorBody),
        (status = 401, description = "no valid token, or a wrong code or signature", body = ErrorBody),
        (status = 404, description = "no such thing (for this customer)", body = ErrorBody),
        (status = 409, description = "conflicts with the current state, or the key was used with another request", body = ErrorBody),
        (status = 410, description = "expired", body = ErrorBody),
        (status = 422, description = "a field is missing or not acceptable", body = ErrorBody)
    )
)]
pub async fn register_voice_key(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    register_key(&state, &headers, body, LoginMethod::Voiceprint).await?;
    Ok(Json(json!({ "voiceprint": "on" })))
}

/// `POST /v1/auth/voice-key/remove`.
#[utoipa::path(
    post,
    path = "/v1/auth/voice-key/remove",
    tag = "auth",
    summary = "Turn voiceprint login off for the session's phone",
    security(("session" = [])),
    responses(
        (status = 200, description = "voiceprint login is off", body = VoiceKeyState),
        (status = 401, description = "no valid token, or a wrong code or signature", body = ErrorBody)
    )
)]
pub async fn remove_voice_key(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    let caller = session_of(&state, &headers).await?;
    sqlx::query("UPDATE devices SET voice_key = NULL WHERE id = $1")
        .bind(&caller.device)
        .execute(&state.db.pool)
        .await?;
    tracing::info!("voiceprint login turned off");
    Ok(Json(json!({ "voiceprint": "off" })))
}

/// `POST /v1/auth/logout`: ends the session at the bank.
#[utoipa::path(
    post,
    path = "/v1/auth/logout",
    tag = "auth",
    summary = "End the session (logout, or the phone's relock)",
    security(("session" = [])),
    responses(
        (status = 200, description = "the session has ended", body = LoggedOut),
        (status = 401, description = "no valid token, or a wrong code or signature", body = ErrorBody)
    )
)]
pub async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    let caller = session_of(&state, &headers).await?;
    sqlx::query("UPDATE sessions SET ended_at = $1 WHERE token_hash = $2")
        .bind(state.now())
        .bind(&caller.token_hash)
        .execute(&state.db.pool)
        .await?;
    tracing::info!("logged out");
    Ok(Json(json!({ "session": "ended" })))
}

/// `GET /v1/auth/session`.
#[utoipa::path(
    get,
    path = "/v1/auth/session",
    tag = "auth",
    summary = "Who the session is",
    security(("session" = [])),
    responses(
        (status = 200, description = "the session", body = SessionInfo),
        (status = 401, description = "no valid token, or a wrong code or signature", body = ErrorBody)
    )
)]
pub async fn whoami(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    let c = session_of(&state, &headers).await?;
    Ok(Json(json!({
        "device_id": c.device, "customer_id": c.customer, "expires_at": c.expires_at,
        "method": c.method.code(),
    })))
}

/// Gives the sandbox's demo customers the demo PIN
/// ([`happylife_core::accounts::demo::DEMO_PIN`]) at the bank, once.
pub async fn seed_demo_pins(state: &AppState) -> Result<(), sqlx::Error> {
    use happylife_core::accounts::demo::{DAUGHTER, DEMO_CUSTOMER_ID, DEMO_PIN};
    for customer in [DEMO_CUSTOMER_ID, DAUGHTER.id] {
        let exists: i64 = sqlx::query_scalar("SELECT count(*) FROM customers WHERE id = $1")
            .bind(customer)
            .fetch_one(&state.db.pool)
            .await?;
        if exists == 0 {
            continue;
        }
        let keys = state.secrets.clone();
        let who = customer.to_string();
        let record = tokio::task::spawn_blocking(move || {
            bank_pin::register_here(keys.opaque(), &who, DEMO_PIN)
        })
        .await
        .ok()
        .and_then(Result::ok);
        let Some(record) = record else {
            tracing::error!("the demo PIN could not be registered");
            continue;
        };
        sqlx::query(
            "INSERT INTO customer_pins (customer_id, record, failures, set_at) VALUES ($1, $2, 0, $3) \
             ON CONFLICT (customer_id) DO NOTHING",
        )
        .bind(customer)
        .bind(record)
        .bind(state.now())
        .execute(&state.db.pool)
        .await?;
    }
    Ok(())
}

// The wire shapes, for the OpenAPI document (`crate::openapi`).

/// `POST /v1/auth/pin/start` and `…/register/start`.
#[derive(ToSchema)]
pub struct PinStart {
    /// The blinded PIN (an OPAQUE request), in hex.
    #[schema(min_length = 1, max_length = 512, pattern = "^[0-9a-fA-F]+$")]
    pub request: String,
}

/// The bank's answer to a PIN login start.
#[derive(ToSchema)]
pub struct PinStarted {
    /// The login's id.
    pub login_id: i64,
    /// The bank's OPAQUE answer, in hex.
    pub response: String,
    /// What the device key signs with the proof.
    pub nonce: String,
    /// Unix seconds.
    pub expires_at: i64,
    /// Tries left if this one turns out wrong.
    pub tries_left: i64,
}

/// `POST /v1/auth/pin/finish`.
#[derive(ToSchema)]
pub struct PinProof {
    /// From [`PinStarted`].
    pub login_id: i64,
    /// The OPAQUE proof, in hex.
    #[schema(min_length = 1, max_length = 512, pattern = "^[0-9a-fA-F]+$")]
    pub proof: String,
    /// The device key's signature on the login, in hex.
    #[schema(min_length = 1, max_length = 256, pattern = "^[0-9a-fA-F]+$")]
    pub signature: String,
}

/// The bank's answer to a PIN registration start.
#[derive(ToSchema)]
pub struct PinRegistering {
    /// The bank's OPAQUE answer, in hex.
    pub response: String,
    /// `first`, `reset` or `change`.
    pub reason: String,
}

/// `POST /v1/auth/pin/register/finish`.
#[derive(ToSchema)]
pub struct PinUpload {
    /// The sealed envelope (an OPAQUE upload), in hex.
    #[schema(min_length = 1, max_length = 1024, pattern = "^[0-9a-fA-F]+$")]
    pub upload: String,
}

/// The PIN is set.
#[derive(ToSchema)]
pub struct PinSet {
    /// Always `set`.
    pub pin: String,
    /// `first`, `reset` or `change`.
    pub reason: String,
}

/// `POST /v1/auth/challenge`.
#[derive(ToSchema)]
pub struct ChallengeRequest {
    /// `biometric` or `voiceprint`.
    pub method: LoginMethod,
}

/// A login challenge.
#[derive(ToSchema)]
pub struct LoginChallenge {
    /// Its id.
    pub challenge_id: i64,
    /// What to sign (with the device id).
    pub nonce: String,
    /// Unix seconds.
    pub expires_at: i64,
}

/// `POST /v1/auth/session`.
#[derive(ToSchema)]
pub struct SignedChallenge {
    /// From [`LoginChallenge`].
    pub challenge_id: i64,
    /// The key's signature, in hex.
    pub signature: String,
}

/// A session.
#[derive(ToSchema)]
pub struct SessionOpened {
    /// The session token (`Authorization: Bearer …`).
    pub session: String,
    /// Unix seconds: when it ends if not used before.
    pub expires_at: i64,
}

/// Who a session is.
#[derive(ToSchema)]
pub struct SessionInfo {
    /// The device.
    pub device_id: String,
    /// Its customer.
    pub customer_id: String,
    /// Unix seconds: when it ends if not used before.
    pub expires_at: i64,
    /// How it was opened.
    pub method: LoginMethod,
}

/// `POST /v1/auth/biometric-key` and `/v1/auth/voice-key`.
#[derive(ToSchema)]
pub struct BiometricKey {
    /// A challenge of the same phone and method.
    pub challenge_id: i64,
    /// The key: P-256 (SEC1 or SubjectPublicKeyInfo) for biometric, Ed25519 for the voice key, in hex.
    pub public_key: String,
    /// Its signature of the challenge, in hex.
    pub signature: String,
}

/// Whether biometric login is on.
#[derive(ToSchema)]
pub struct BiometricState {
    /// `on` or `off`.
    pub biometric: String,
}

/// Whether voiceprint login is on.
#[derive(ToSchema)]
pub struct VoiceKeyState {
    /// `on` or `off`.
    pub voiceprint: String,
}

/// The session has ended.
#[derive(ToSchema)]
pub struct LoggedOut {
    /// Always `ended`.
    pub session: String,
}
