//! The way back after 我被骗了: her cards are unfrozen at the bank a day
//! after she asks, never at once. Asking needs a PIN login (a session the
//! PIN opened) and a code the bank sends by SMS to her phone number; her
//! family is told at once; she can cancel it during the wait. After the
//! wait, the next request of hers completes it (her cards are unfrozen;
//! every lock stays on until she turns it off).
//!
//! - `POST /v1/unfreeze` (session from a PIN login) `{code_id, code}` → 201
//!   `{unfreeze: {id, status: "waiting", not_before, created_at}}`; 409
//!   `not_frozen`, 409 `unfreeze_waiting`, 403 `pin_login_needed`; the code
//!   errors of `crate::enrolment`
//! - `POST /v1/unfreeze/{id}/cancel` (session) → `{unfreeze: {…, status: "cancelled"}}`
//! - the sandbox: `POST /v1/sandbox/clock` `{advance_secs}` moves the
//!   sandbox's clock on (testers see a day's wait end)
//!
//! Devices hear of it by the change log (`unfreeze`, and the cards).

use crate::AppState;
use crate::auth::session_of;
use crate::db::insert_change;
use crate::http::{ApiError, ErrorBody, json_body};
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use happylife_core::auth::{CodePurpose, LoginMethod};
use happylife_core::bank::wire::{Unfreeze, UnfreezeAnswer, wire_body};
use happylife_core::family::AlertKind;
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

type Tx<'a> = sqlx::Transaction<'a, sqlx::Any>;

/// How long an unfreeze waits.
pub const UNFREEZE_WAIT_SECS: i64 = 24 * 3600;

type Row = (i64, String, i64, i64, Option<i64>);

async fn log(tx: &mut Tx<'_>, customer: &str, id: i64, now: i64) -> Result<Unfreeze, ApiError> {
    let (id, status, not_before, created_at, decided_at): Row = sqlx::query_as(
        "SELECT id, status, not_before, created_at, decided_at FROM unfreeze_requests WHERE id = $1",
    )
    .bind(id)
    .fetch_one(&mut **tx)
    .await?;
    let unfreeze = Unfreeze {
        id,
        status,
        not_before,
        created_at,
        decided_at,
    };
    let data = wire_body(&unfreeze);
    insert_change(tx, customer, "unfreeze", &id.to_string(), &data, now).await?;
    Ok(unfreeze)
}

/// The checked body of `POST /v1/unfreeze`: (code id, code).
pub(crate) fn unfreeze_request(body: &Value) -> Result<(i64, String), ApiError> {
    let (code, code_id) = crate::enrolment::pin_reset_code(body)?;
    Ok((code_id, code))
}

/// `POST /v1/unfreeze`.
#[utoipa::path(
    post,
    path = "/v1/unfreeze",
    tag = "cards",
    summary = "Ask to unfreeze her cards after 我被骗了 (done after a day; she can cancel)",
    request_body = happylife_core::bank::wire::CodeAnswer,
    security(("session" = [])),
    responses(
        (status = 201, description = "asked: it happens after the wait", body = UnfreezeAnswer),
        (status = 400, description = "malformed: not a JSON object, an unreadable query, a missing header", body = ErrorBody),
        (status = 401, description = "no valid token, or a wrong code or signature", body = ErrorBody),
        (status = 403, description = "not allowed for this customer, role or request", body = ErrorBody),
        (status = 404, description = "no such thing (for this customer)", body = ErrorBody),
        (status = 409, description = "conflicts with the current state, or the key was used with another request", body = ErrorBody),
        (status = 410, description = "expired", body = ErrorBody),
        (status = 422, description = "a field is missing or not acceptable", body = ErrorBody),
        (status = 429, description = "too soon; `retry_after` says how long to wait", body = ErrorBody)
    )
)]
pub async fn request(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<Response, ApiError> {
    let caller = session_of(&state, &headers).await?;
    if caller.method != LoginMethod::Pin {
        return Err(ApiError {
            status: StatusCode::FORBIDDEN,
            code: "pin_login_needed",
            message: "unfreezing needs a login with the PIN".into(),
            detail: None,
        });
    }
    let body = json_body(body)?;
    let (code_id, code) = unfreeze_request(&body)?;
    let now = state.now();
    let mut tx = state.db.begin().await?;
    state.db.lock_change_log(&mut tx).await?;
    let frozen: i64 =
        sqlx::query_scalar("SELECT count(*) FROM cards WHERE customer_id = $1 AND frozen = 1")
            .bind(&caller.customer)
            .fetch_one(&mut *tx)
            .await?;
    if frozen == 0 {
        return Err(ApiError::conflict(
            "not_frozen",
            "no card of hers is frozen",
        ));
    }
    let waiting: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM unfreeze_requests WHERE customer_id = $1 AND status = 'waiting'",
    )
    .bind(&caller.customer)
    .fetch_one(&mut *tx)
    .await?;
    if waiting > 0 {
        return Err(ApiError::conflict(
            "unfreeze_waiting",
            "an unfreeze is waiting already",
        ));
    }
    let taken =
        crate::enrolment::take_code(&state, &mut tx, code_id, &code, CodePurpose::Unfreeze, now)
            .await?;
    match taken {
        Ok(c) if c == caller.customer => {}
        Ok(_) => return Err(ApiError::not_found("unknown_code", "no such code")),
        Err(e) => {
            tx.commit().await?;
            return Err(e);
        }
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO unfreeze_requests (customer_id, device_id, status, not_before, created_at) \
         VALUES ($1, $2, 'waiting', $3, $4) RETURNING id",
    )
    .bind(&caller.customer)
    .bind(&caller.device)
    .bind(now + UNFREEZE_WAIT_SECS)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    let unfreeze = log(&mut tx, &caller.customer, id, now).await?;
    crate::family::alert(
        &mut tx,
        &caller.customer,
        AlertKind::UnfreezeRequested,
        None,
        None,
        now,
    )
    .await?;
    tx.commit().await?;
    tracing::warn!("unfreeze asked for: done after the wait unless cancelled");
    let answer = wire_body(&UnfreezeAnswer { unfreeze });
    Ok((StatusCode::CREATED, Json(answer)).into_response())
}

/// `POST /v1/unfreeze/{id}/cancel`.
#[utoipa::path(
    post,
    path = "/v1/unfreeze/{id}/cancel",
    tag = "cards",
    summary = "Cancel a waiting unfreeze: her cards stay frozen",
    params(
        ("id" = i64, Path, description = "the unfreeze")
    ),
    security(("session" = [])),
    responses(
        (status = 200, description = "cancelled", body = UnfreezeAnswer),
        (status = 401, description = "no valid token, or a wrong code or signature", body = ErrorBody),
        (status = 404, description = "no such thing (for this customer)", body = ErrorBody),
        (status = 409, description = "conflicts with the current state, or the key was used with another request", body = ErrorBody)
    )
)]
pub async fn cancel(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let caller = session_of(&state, &headers).await?;
    let id: i64 = id
        .parse()
        .map_err(|_| ApiError::not_found("unknown_unfreeze", "no such unfreeze"))?;
    settle(&state, &caller.customer).await?;
    let now = state.now();
    let mut tx = state.db.begin().await?;
    state.db.lock_change_log(&mut tx).await?;
    let status: Option<String> = sqlx::query_scalar(
        "SELECT status FROM unfreeze_requests WHERE id = $1 AND customer_id = $2",
    )
    .bind(id)
    .bind(&caller.customer)
    .fetch_optional(&mut *tx)
    .await?;
    match status.as_deref() {
        None => return Err(ApiError::not_found("unknown_unfreeze", "no such unfreeze")),
        Some("waiting") => {}
        Some(_) => {
            return Err(ApiError::conflict(
                "unfreeze_closed",
                "this unfreeze is done or cancelled already",
            ));
        }
    }
    sqlx::query("UPDATE unfreeze_requests SET status = 'cancelled', decided_at = $1 WHERE id = $2")
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let unfreeze = log(&mut tx, &caller.customer, id, now).await?;
    tx.commit().await?;
    tracing::info!("unfreeze cancelled");
    Ok(Json(wire_body(&UnfreezeAnswer { unfreeze })))
}

/// Completes her unfreeze whose wait is over: her cards are unfrozen (their
/// locks stay on), and her devices and family hear of it.
pub async fn settle(state: &AppState, customer: &str) -> Result<(), ApiError> {
    let now = state.now();
    let due: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM unfreeze_requests WHERE customer_id = $1 AND status = 'waiting' AND not_before <= $2",
    )
    .bind(customer)
    .bind(now)
    .fetch_all(&state.db.pool)
    .await?;
    if due.is_empty() {
        return Ok(());
    }
    let mut tx = state.db.begin().await?;
    state.db.lock_change_log(&mut tx).await?;
    for id in due {
        let done = sqlx::query(
            "UPDATE unfreeze_requests SET status = 'done', decided_at = $1 WHERE id = $2 AND status = 'waiting'",
        )
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            continue;
        }
        crate::cards::unfreeze_all(&mut tx, customer, now).await?;
        log(&mut tx, customer, id, now).await?;
        crate::family::alert(&mut tx, customer, AlertKind::CardUnlocked, None, None, now).await?;
        tracing::info!("cards unfrozen after the wait");
    }
    tx.commit().await?;
    Ok(())
}

/// `POST /v1/sandbox/clock` `{advance_secs}`: moves the sandbox bank's
/// clock on, so testers see a wait end (an unfreeze, a delayed transfer).
#[utoipa::path(
    post,
    path = "/v1/sandbox/clock",
    tag = "sandbox",
    summary = "Move the sandbox bank's clock on (testers)",
    request_body = ClockAdvance,
    responses(
        (status = 200, description = "the bank's time now", body = ClockNow),
        (status = 400, description = "malformed: not a JSON object, an unreadable query, a missing header", body = ErrorBody),
        (status = 422, description = "a field is missing or not acceptable", body = ErrorBody)
    )
)]
pub async fn sandbox_clock(
    State(state): State<AppState>,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<Json<ClockNow>, ApiError> {
    let secs = ClockAdvance::decode(&json_body(body)?)?.advance_secs;
    state.advance_clock(secs);
    tracing::info!(secs, "sandbox clock moved on");
    Ok(Json(ClockNow { now: state.now() }))
}

// The sandbox clock's body and answer (testers only).

/// Longest move of the sandbox clock: a year (366 days).
const MAX_CLOCK_ADVANCE_SECS: i64 = 366 * 24 * 3600;

/// `POST /v1/sandbox/clock`.
#[derive(ToSchema)]
pub struct ClockAdvance {
    /// Seconds to move on (1 s to a year).
    #[schema(minimum = 1, maximum = 31_622_400)]
    pub advance_secs: i64,
}

impl ClockAdvance {
    /// The move in `body` (`invalid_field`).
    fn decode(body: &Value) -> Result<ClockAdvance, ApiError> {
        body.get("advance_secs")
            .and_then(Value::as_i64)
            .filter(|s| (1..=MAX_CLOCK_ADVANCE_SECS).contains(s))
            .map(|advance_secs| ClockAdvance { advance_secs })
            .ok_or_else(|| {
                ApiError::unprocessable("invalid_field", "advance_secs must be 1 second to a year")
            })
    }
}

/// The sandbox bank's time.
#[derive(Serialize, ToSchema)]
pub struct ClockNow {
    /// Unix seconds.
    pub now: i64,
}
