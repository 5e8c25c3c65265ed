//! Login with the device key (challenge and response). The rule that
//! checks an answer lives in `happylife_core::auth`; this is the bank's
//! bookkeeping: single-use challenges and expiring sessions.
//!
//! - `POST /v1/auth/challenge` `{device_id, method?}` → 201 `{challenge_id, nonce, expires_at}`;
//!   `method` is `device_key` (the default) or `biometric`
//! - `POST /v1/auth/session` `{challenge_id, signature}` → 201 `{session, expires_at}`;
//!   409 `challenge_used` (a replay), 410 `challenge_expired`, 401
//!   `wrong_signature` (the challenge is spent either way), 401
//!   `no_biometric_key` (biometric login is not on for the device)
//! - `POST /v1/auth/biometric-key` with a session, `{challenge_id, public_key,
//!   signature}`: the phone's biometric-bound P-256 key, proved by its
//!   signature on a biometric challenge of the same device → 200
//! - `POST /v1/auth/biometric-key/remove` with a session → 200
//! - `GET /v1/auth/session` with `Authorization: Bearer <session>` → who it is;
//!   401 `session_expired` after [`SESSION_TTL_SECS`].

use crate::AppState;
use crate::api::{bearer, json_body, plain_id, sha256_hex};
use crate::error::ApiError;
use crate::error::ErrorBody;
use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use happylife_core::auth::{self, AuthError, CHALLENGE_TTL_SECS, LoginMethod, SESSION_TTL_SECS};
use rand::RngCore;
use serde_json::{Value, json};
use utoipa::ToSchema;

fn refused(status: StatusCode, code: &'static str, message: &str) -> ApiError {
    ApiError {
        status,
        code,
        message: message.into(),
        detail: None,
    }
}

/// The checked body of `POST /v1/auth/challenge`: (device id, method).
pub(crate) fn challenge_request(body: &Value) -> Result<(&str, LoginMethod), ApiError> {
    let device = body
        .get("device_id")
        .and_then(Value::as_str)
        .filter(|d| plain_id(d, 64))
        .ok_or_else(|| ApiError::unprocessable("invalid_field", "device_id is needed"))?;
    let method = match body.get("method") {
        None | Some(Value::Null) => LoginMethod::DeviceKey,
        Some(v) => v.as_str().and_then(LoginMethod::from_code).ok_or_else(|| {
            ApiError::unprocessable("invalid_field", "method is device_key or biometric")
        })?,
    };
    Ok((device, method))
}

/// `POST /v1/auth/challenge`.
#[utoipa::path(
    post,
    path = "/v1/auth/challenge",
    tag = "auth",
    summary = "A single-use login challenge for a device",
    request_body = ChallengeRequest,
    responses(
        (status = 201, description = "the challenge to sign", body = LoginChallenge),
        (status = 400, description = "malformed: not a JSON object, an unreadable query, a missing header", body = ErrorBody),
        (status = 404, description = "no such thing (for this customer)", body = ErrorBody),
        (status = 422, description = "a field is missing or not acceptable", body = ErrorBody)
    )
)]
pub async fn challenge(
    State(state): State<AppState>,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<Response, ApiError> {
    let body = json_body(body)?;
    let (device, method) = challenge_request(&body)?;
    let key: Option<Option<String>> =
        sqlx::query_scalar("SELECT public_key FROM devices WHERE id = $1")
            .bind(device)
            .fetch_optional(&state.db.pool)
            .await?;
    if key.flatten().is_none() {
        // The same answer for an unknown device and one without a key.
        return Err(ApiError::not_found(
            "unknown_device",
            "no device with a login key has this id",
        ));
    }
    let now = state.now();
    let nonce = auth::new_nonce();
    let expires_at = now + CHALLENGE_TTL_SECS;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO auth_challenges (device_id, nonce, used, expires_at, created_at, method) \
         VALUES ($1, $2, 0, $3, $4, $5) RETURNING id",
    )
    .bind(device)
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

/// `POST /v1/auth/session`: a signed challenge opens a session.
#[utoipa::path(
    post,
    path = "/v1/auth/session",
    tag = "auth",
    summary = "A signed challenge opens a session",
    request_body = SignedChallenge,
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
    body: Result<Json<Value>, JsonRejection>,
) -> Result<Response, ApiError> {
    let body = json_body(body)?;
    let (challenge_id, signature) = signed_challenge(&body)?;
    let now = state.now();
    let mut tx = state.db.begin().await?;
    let row: Option<ChallengeRow> = sqlx::query_as(
        "SELECT c.device_id, c.nonce, c.expires_at, c.method, d.public_key, d.biometric_key \
         FROM auth_challenges c JOIN devices d ON d.id = c.device_id WHERE c.id = $1",
    )
    .bind(challenge_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((device, nonce, expires_at, method, Some(public_key), biometric_key)) = row else {
        return Err(ApiError::not_found(
            "unknown_challenge",
            "no such login challenge",
        ));
    };
    let method = LoginMethod::from_code(&method).unwrap_or(LoginMethod::DeviceKey);
    spend(&mut tx, challenge_id).await?;
    let outcome = if now >= expires_at {
        Err(expired())
    } else {
        match method {
            LoginMethod::DeviceKey => {
                checked(auth::verify_login(&public_key, &device, &nonce, signature))
            }
            LoginMethod::Biometric => match &biometric_key {
                None => Err(refused(
                    StatusCode::UNAUTHORIZED,
                    "no_biometric_key",
                    "biometric login is not turned on for this device",
                )),
                Some(k) => checked(auth::verify_biometric(k, &device, &nonce, signature)),
            },
        }
    };
    if let Err(e) = outcome {
        tx.commit().await?;
        tracing::warn!(code = e.code, "login refused");
        return Err(e);
    }
    let mut raw = [0u8; 32];
    rand::rng().fill_bytes(&mut raw);
    let token = hex::encode(raw);
    let session_expires = now + SESSION_TTL_SECS;
    sqlx::query(
        "INSERT INTO sessions (token_hash, device_id, expires_at, created_at, method) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(sha256_hex(token.as_bytes()))
    .bind(&device)
    .bind(session_expires)
    .bind(now)
    .bind(method.code())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    tracing::info!(method = method.code(), "session opened");
    Ok((
        StatusCode::CREATED,
        Json(json!({ "session": token, "expires_at": session_expires })),
    )
        .into_response())
}

type ChallengeRow = (String, String, i64, String, Option<String>, Option<String>);

/// Spends a challenge, whatever its answer: one try per challenge.
async fn spend(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    challenge_id: i64,
) -> Result<(), ApiError> {
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
            "the signature does not match this device's key",
        )),
    }
}

/// The checked body of `POST /v1/auth/biometric-key`: (challenge id,
/// public key, signature); the key must be a P-256 key.
pub(crate) fn biometric_key_request(body: &Value) -> Result<(i64, &str, &str), ApiError> {
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
    auth::parse_biometric_key(public_key).map_err(|_| {
        ApiError::unprocessable(
            "invalid_public_key",
            "public_key must be a P-256 key (SEC1 or SubjectPublicKeyInfo) in hex",
        )
    })?;
    Ok((challenge_id, public_key, signature))
}

/// `POST /v1/auth/biometric-key`: turns biometric login on for the
/// session's device, once the new key has signed a biometric challenge of
/// that same device.
#[utoipa::path(
    post,
    path = "/v1/auth/biometric-key",
    tag = "auth",
    summary = "Turn biometric login on for the session's device",
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
    let (session_device, _, _) = session_of(&state, &headers).await?;
    let body = json_body(body)?;
    let (challenge_id, public_key, signature) = biometric_key_request(&body)?;
    let now = state.now();
    let mut tx = state.db.begin().await?;
    let row: Option<(String, String, i64, String)> = sqlx::query_as(
        "SELECT device_id, nonce, expires_at, method FROM auth_challenges WHERE id = $1",
    )
    .bind(challenge_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((device, nonce, expires_at, method)) = row.filter(|r| r.0 == session_device) else {
        // Another device's challenge is as good as none.
        return Err(ApiError::not_found(
            "unknown_challenge",
            "no such login challenge for this device",
        ));
    };
    if method != LoginMethod::Biometric.code() {
        return Err(ApiError::unprocessable(
            "wrong_challenge",
            "a biometric key is proved with a biometric challenge",
        ));
    }
    spend(&mut tx, challenge_id).await?;
    let outcome = if now >= expires_at {
        Err(expired())
    } else {
        checked(auth::verify_biometric(
            public_key, &device, &nonce, signature,
        ))
    };
    if let Err(e) = outcome {
        tx.commit().await?;
        tracing::warn!(code = e.code, "biometric key refused");
        return Err(e);
    }
    sqlx::query("UPDATE devices SET biometric_key = $1 WHERE id = $2")
        .bind(public_key.to_ascii_lowercase())
        .bind(&device)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    tracing::info!("biometric login turned on");
    Ok(Json(json!({ "biometric": "on" })))
}

/// `POST /v1/auth/biometric-key/remove`: forgets the session's device's
/// biometric key.
#[utoipa::path(
    post,
    path = "/v1/auth/biometric-key/remove",
    tag = "auth",
    summary = "Turn biometric login off for the session's device",
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
    let (device, _, _) = session_of(&state, &headers).await?;
    sqlx::query("UPDATE devices SET biometric_key = NULL WHERE id = $1")
        .bind(&device)
        .execute(&state.db.pool)
        .await?;
    tracing::info!("biometric login turned off");
    Ok(Json(json!({ "biometric": "off" })))
}

/// The device and customer behind a live session token, and when it ends.
pub async fn session_of(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<(String, String, i64), ApiError> {
    session_row(state, headers)
        .await
        .map(|(device, customer, expires, _)| (device, customer, expires))
}

/// The same, with the way the session was opened.
async fn session_row(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<(String, String, i64, String), ApiError> {
    let token = bearer(headers)?;
    let row: Option<(String, String, i64, String)> = sqlx::query_as(
        "SELECT s.device_id, d.customer_id, s.expires_at, s.method FROM sessions s \
         JOIN devices d ON d.id = s.device_id WHERE s.token_hash = $1",
    )
    .bind(sha256_hex(token.as_bytes()))
    .fetch_optional(&state.db.pool)
    .await?;
    match row {
        None => Err(ApiError::unauthorized()),
        Some((_, _, expires, _)) if state.now() >= expires => Err(refused(
            StatusCode::UNAUTHORIZED,
            "session_expired",
            "the session has expired; log in again",
        )),
        Some(r) => Ok(r),
    }
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
    let (device, customer, expires_at, method) = session_row(&state, &headers).await?;
    Ok(Json(
        json!({ "device_id": device, "customer_id": customer, "expires_at": expires_at, "method": method }),
    ))
}

// The wire shapes, for the OpenAPI document (`crate::openapi`).

/// `POST /v1/auth/challenge`.
#[derive(ToSchema)]
pub struct ChallengeRequest {
    /// The bound device.
    #[schema(min_length = 1, max_length = 64)]
    pub device_id: String,
    /// Which key will answer (`device_key` by default).
    pub method: Option<LoginMethod>,
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
    /// Unix seconds.
    pub expires_at: i64,
}

/// Who a session is.
#[derive(ToSchema)]
pub struct SessionInfo {
    /// The device.
    pub device_id: String,
    /// Its customer.
    pub customer_id: String,
    /// Unix seconds.
    pub expires_at: i64,
    /// How it was opened.
    pub method: LoginMethod,
}

/// `POST /v1/auth/biometric-key`.
#[derive(ToSchema)]
pub struct BiometricKey {
    /// A biometric challenge of the same device.
    pub challenge_id: i64,
    /// The P-256 key (SEC1 or SubjectPublicKeyInfo), in hex.
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
