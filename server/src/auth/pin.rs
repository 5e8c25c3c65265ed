//! PIN logins (OPAQUE, with the device key's signature on the same login),
//! counted by the bank's own clock, and setting a PIN: a first one, a reset
//! after a PIN-reset code, or a change from a recent PIN login.

use super::keys::{checked, expired, spend};
use super::sessions::{Caller, Phone, device_of, end_sessions, open, opened, refused, session_of};
use crate::AppState;
use crate::http::{ApiError, ErrorBody, json_body};
use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use happylife_core::auth::bank_pin;
use happylife_core::auth::pin::{Attempts, MAX_TRIES, PinError};
use happylife_core::auth::{self, CHALLENGE_TTL_SECS, LoginMethod, PIN_CHANGE_WINDOW_SECS};
use happylife_core::bank::wire::{
    PinProof, PinRegistering, PinSet, PinStart, PinStarted, PinUpload, SessionOpened, wire_body,
};
use serde_json::Value;

/// The checked body of `POST /v1/auth/pin/start` and `…/register/start`:
/// the blinded PIN.
pub(crate) fn pin_request(body: &Value) -> Result<String, ApiError> {
    Ok(PinStart::decode(body)?.request)
}

/// The checked body of `POST /v1/auth/pin/finish`: (login id, proof, signature).
pub(crate) fn pin_proof(body: &Value) -> Result<(i64, String, String), ApiError> {
    let p = PinProof::decode(body)?;
    Ok((p.login_id, p.proof, p.signature))
}

/// The checked body of `POST /v1/auth/pin/register/finish`: the envelope.
pub(crate) fn pin_upload(body: &Value) -> Result<String, ApiError> {
    Ok(PinUpload::decode(body)?.upload)
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
        bank_pin::login_response(state.secrets.opaque(), &record, &request, &phone.customer)
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
        Json(wire_body(&PinStarted {
            login_id: id,
            response,
            nonce,
            expires_at: now + CHALLENGE_TTL_SECS,
            tries_left: i64::from(tries_left),
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
    if bank_pin::login_verify(&bank_state, &proof).is_err() {
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
        &signature,
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
        bank_pin::registration_response(state.secrets.opaque(), &request, &phone.customer)
            .map_err(|_| unreadable_pin_message())?;
    Ok(Json(wire_body(&PinRegistering {
        response,
        reason: why.code().into(),
    })))
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
    let record = bank_pin::registration_record(&upload).map_err(|_| unreadable_pin_message())?;
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
    Ok(Json(wire_body(&PinSet {
        pin: "set".into(),
        reason: why.code().into(),
    })))
}
