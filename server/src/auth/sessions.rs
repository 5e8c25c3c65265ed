//! The two credentials: the device token (which phone) and the session (a
//! login the bank checked); opening a session, ending them, logout and
//! `GET /v1/auth/session`.

use crate::AppState;
use crate::http::{ApiError, ErrorBody, bearer, sha256_hex};
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use happylife_core::auth::{LoginMethod, SESSION_MAX_SECS, SESSION_TTL_SECS};
use happylife_core::bank::wire::{LoggedOut, SessionInfo, SessionOpened, wire_body};
use rand::RngCore;
use serde_json::Value;

pub(super) type Tx<'a> = sqlx::Transaction<'a, sqlx::Any>;

/// A session's last use is written at most this often (each request
/// would otherwise write): the idle wait is exact to within it.
const TOUCH_EVERY_SECS: i64 = 30;

pub(super) fn refused(status: StatusCode, code: &'static str, message: &str) -> ApiError {
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
    pub(super) token_hash: String,
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
pub(super) async fn open(
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

pub(super) fn opened(token: String, expires_at: i64) -> Response {
    (
        StatusCode::CREATED,
        Json(wire_body(&SessionOpened {
            session: token,
            expires_at,
        })),
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
    Ok(Json(wire_body(&LoggedOut {
        session: "ended".into(),
    })))
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
    Ok(Json(wire_body(&SessionInfo {
        device_id: c.device,
        customer_id: c.customer,
        expires_at: c.expires_at,
        method: c.method,
    })))
}
