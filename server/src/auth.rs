//! Login with the device key (challenge and response). The rule that
//! checks an answer lives in `happylife_core::auth`; this is the bank's
//! bookkeeping: single-use challenges and expiring sessions.
//!
//! - `POST /v1/auth/challenge` `{device_id}` → 201 `{challenge_id, nonce, expires_at}`
//! - `POST /v1/auth/session` `{challenge_id, signature}` → 201 `{session, expires_at}`;
//!   409 `challenge_used` (a replay), 410 `challenge_expired`, 401
//!   `wrong_signature` (the challenge is spent either way)
//! - `GET /v1/auth/session` with `Authorization: Bearer <session>` → who it is;
//!   401 `session_expired` after [`SESSION_TTL_SECS`].

use crate::AppState;
use crate::api::{bearer, json_body, sha256_hex};
use crate::error::ApiError;
use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use happylife_core::auth::{self, AuthError, CHALLENGE_TTL_SECS, SESSION_TTL_SECS};
use rand::RngCore;
use serde_json::{Value, json};

fn refused(status: StatusCode, code: &'static str, message: &str) -> ApiError {
    ApiError {
        status,
        code,
        message: message.into(),
    }
}

/// `POST /v1/auth/challenge`.
pub async fn challenge(
    State(state): State<AppState>,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<Response, ApiError> {
    let body = json_body(body)?;
    let device = body
        .get("device_id")
        .and_then(Value::as_str)
        .filter(|d| (1..=64).contains(&d.len()))
        .ok_or_else(|| ApiError::unprocessable("invalid_field", "device_id is needed"))?;
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
        "INSERT INTO auth_challenges (device_id, nonce, used, expires_at, created_at) \
         VALUES ($1, $2, 0, $3, $4) RETURNING id",
    )
    .bind(device)
    .bind(&nonce)
    .bind(expires_at)
    .bind(now)
    .fetch_one(&state.db.pool)
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "challenge_id": id, "nonce": nonce, "expires_at": expires_at })),
    )
        .into_response())
}

/// `POST /v1/auth/session`: a signed challenge opens a session.
pub async fn open_session(
    State(state): State<AppState>,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<Response, ApiError> {
    let body = json_body(body)?;
    let (Some(challenge_id), Some(signature)) = (
        body.get("challenge_id").and_then(Value::as_i64),
        body.get("signature").and_then(Value::as_str),
    ) else {
        return Err(ApiError::unprocessable(
            "invalid_field",
            "challenge_id and signature are needed",
        ));
    };
    let now = state.now();
    let mut tx = state.db.pool.begin().await?;
    let row: Option<(String, String, i64, Option<String>)> = sqlx::query_as(
        "SELECT c.device_id, c.nonce, c.expires_at, d.public_key FROM auth_challenges c \
         JOIN devices d ON d.id = c.device_id WHERE c.id = $1",
    )
    .bind(challenge_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((device, nonce, expires_at, Some(public_key))) = row else {
        return Err(ApiError::not_found(
            "unknown_challenge",
            "no such login challenge",
        ));
    };
    // Spent now, whatever the answer: one try per challenge.
    let spent = sqlx::query("UPDATE auth_challenges SET used = 1 WHERE id = $1 AND used = 0")
        .bind(challenge_id)
        .execute(&mut *tx)
        .await?;
    if spent.rows_affected() == 0 {
        return Err(refused(
            StatusCode::CONFLICT,
            "challenge_used",
            "this challenge was answered already",
        ));
    }
    let outcome = if now >= expires_at {
        Err(refused(
            StatusCode::GONE,
            "challenge_expired",
            "this challenge has expired; ask for a new one",
        ))
    } else {
        match auth::verify_login(&public_key, &device, &nonce, signature) {
            Ok(()) => Ok(()),
            Err(AuthError::InvalidSignature) => Err(ApiError::unprocessable(
                "invalid_signature",
                "signature must be 128 hex digits",
            )),
            Err(_) => Err(refused(
                StatusCode::UNAUTHORIZED,
                "wrong_signature",
                "the signature does not match this device's key",
            )),
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
        "INSERT INTO sessions (token_hash, device_id, expires_at, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(sha256_hex(token.as_bytes()))
    .bind(&device)
    .bind(session_expires)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    tracing::info!("session opened");
    Ok((
        StatusCode::CREATED,
        Json(json!({ "session": token, "expires_at": session_expires })),
    )
        .into_response())
}

/// The device and customer behind a live session token.
pub async fn session_of(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<(String, String, i64), ApiError> {
    let token = bearer(headers)?;
    let row: Option<(String, String, i64)> = sqlx::query_as(
        "SELECT s.device_id, d.customer_id, s.expires_at FROM sessions s \
         JOIN devices d ON d.id = s.device_id WHERE s.token_hash = $1",
    )
    .bind(sha256_hex(token.as_bytes()))
    .fetch_optional(&state.db.pool)
    .await?;
    match row {
        None => Err(ApiError::unauthorized()),
        Some((_, _, expires)) if state.now() >= expires => Err(refused(
            StatusCode::UNAUTHORIZED,
            "session_expired",
            "the session has expired; log in again",
        )),
        Some(r) => Ok(r),
    }
}

/// `GET /v1/auth/session`.
pub async fn whoami(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    let (device, customer, expires_at) = session_of(&state, &headers).await?;
    Ok(Json(
        json!({ "device_id": device, "customer_id": customer, "expires_at": expires_at }),
    ))
}
