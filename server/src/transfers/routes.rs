//! The transfer endpoints: `POST /v1/transfers`, `POST
//! /v1/transfers/check`, `POST /v1/transfers/{id}/cancel` and `GET
//! /v1/transfers/by-key/{key}`.

use super::rules::{Checked, bank_check, reason_codes};
use super::store::{TRANSFER_COLUMNS, TransferRow, last4, load_by, log_transfer, settle_due};
use crate::AppState;
use crate::db::insert_change;
use crate::http::{
    ApiError, ErrorBody, authenticate, idempotency_key, json_body, sha256_hex, store_response,
    stored_response,
};
use crate::ledger;
use crate::tickets;
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use happylife_core::bank::wire::TransferTerms;
use happylife_core::bank::wire::{
    self, Risk, Ticket, TransferCancelled, TransferChecked, TransferDone, TransferFound,
    TransferRequest, wire_body,
};
use happylife_core::family::{self, AlertKind};
use happylife_core::transfers::{Decision, Delay};
use serde_json::{Value, json};

/// 409 `needs_confirmation`: the warning, and the ticket that will
/// acknowledge it once it has been read.
fn needs_confirmation(risk: &Risk, ticket: Ticket) -> Response {
    let body = json!({ "error": {
        "code": "needs_confirmation",
        "message": "this transfer has a warning the customer must read and confirm",
        "risk": risk, "ticket": ticket,
    }});
    (StatusCode::CONFLICT, Json(body)).into_response()
}

/// 409 `warning_wait`: the ticket is right but its wait is not over.
fn warning_wait(risk: &Risk, secs_left: i64) -> Response {
    let body = json!({ "error": {
        "code": "warning_wait",
        "message": "the warning must stay on the customer's screen for its whole wait",
        "risk": risk, "secs_left": secs_left,
    }});
    (StatusCode::CONFLICT, Json(body)).into_response()
}

/// `POST /v1/transfers`.
#[utoipa::path(
    post,
    path = "/v1/transfers",
    tag = "transfers",
    summary = "Send money (the bank re-runs the risk engine and has the last word)",
    params(
        ("Idempotency-Key" = String, Header, description = "1–255 visible ASCII characters, new for each request; the same key and body again replay the stored answer", min_length = 1, max_length = 255, pattern = "^[!-~]+$")
    ),
    request_body = TransferRequest,
    security(("device" = [])),
    responses(
        (status = 201, description = "completed, or scheduled to arrive later", body = TransferDone),
        (status = 202, description = "waiting for a guardian's co-sign", body = TransferDone),
        (status = 400, description = "malformed: not a JSON object, an unreadable query, a missing header", body = ErrorBody),
        (status = 401, description = "no valid token, or a wrong code or signature", body = ErrorBody),
        (status = 403, description = "not allowed for this customer, role or request", body = ErrorBody),
        (status = 404, description = "no such thing (for this customer)", body = ErrorBody),
        (status = 409, description = "conflicts with the current state, or the key was used with another request", body = ErrorBody),
        (status = 422, description = "a field is missing or not acceptable", body = ErrorBody)
    )
)]
pub async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<Response, ApiError> {
    let (device_id, customer) = authenticate(&state, &headers).await?;
    let key = idempotency_key(&headers)?;
    let body = json_body(body)?;
    let request_hash = sha256_hex(body.to_string().as_bytes());
    if let Some(replay) = stored_response(&state, &device_id, &key, &request_hash).await? {
        return Ok(replay);
    }
    settle_due(&state, &customer).await?;
    // A co-sign that lapsed no longer counts against today's limit.
    crate::family::expire_approvals(&state).await?;

    let checked = bank_check(&state, &customer, &device_id, &body).await?;
    let risk = checked.risk();
    // A warning or a co-sign goes ahead only with the ticket the bank
    // issued with it, after its wait, once.
    let mut ticket = None;
    if tickets::needed(&checked.a) {
        let bound = checked.ticket_terms();
        let sent = checked.terms.ticket.as_deref();
        match tickets::check(&state, &customer, &device_id, &bound, &checked.a, sent).await? {
            tickets::Redeemable::Ready(id) => ticket = Some(id),
            tickets::Redeemable::Early { secs_left } => {
                return Ok(warning_wait(&risk, secs_left));
            }
            tickets::Redeemable::No => {
                let issued =
                    tickets::issue(&state, &customer, &device_id, &bound, &checked.a).await?;
                return Ok(needs_confirmation(&risk, issued));
            }
        }
    }
    let mut tx = state.db.begin().await?;
    state.db.lock_change_log(&mut tx).await?;
    if let Some(id) = ticket {
        // Spent with the money, under the change-log lock: a second request
        // with the same ticket finds it used and gets the warning again.
        if !tickets::spend(&mut tx, &id, checked.now).await? {
            drop(tx);
            let bound = checked.ticket_terms();
            let issued = tickets::issue(&state, &customer, &device_id, &bound, &checked.a).await?;
            return Ok(needs_confirmation(&risk, issued));
        }
    }
    let reasons = reason_codes(&checked.a);
    let Checked {
        from,
        terms,
        payee,
        a,
        limit,
        now,
        now_at,
    } = checked;
    let TransferTerms {
        amount,
        note,
        delay,
        ..
    } = terms;
    let (status, code) = match a.decision {
        Decision::Block => ("blocked", StatusCode::FORBIDDEN),
        Decision::Cosign => ("awaiting_cosign", StatusCode::ACCEPTED),
        Decision::Allow | Decision::Warn if delay == Delay::None => {
            ("completed", StatusCode::CREATED)
        }
        Decision::Allow | Decision::Warn => ("scheduled", StatusCode::CREATED),
    };
    let moves_money = matches!(status, "completed" | "scheduled");
    let mut balance = None;
    if moves_money {
        ledger::require_funds(&mut tx, from, amount).await?;
    }
    if status != "blocked" {
        let today = ledger::sent_today(&mut tx, &customer, now_at).await?;
        if today + amount > limit {
            let body = json!({ "error": {
                "code": "daily_limit_exceeded",
                "message": "this would pass today's transfer limit",
                "limit_fen": limit, "remaining_fen": (limit - today).max(0),
            }});
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response());
        }
    }
    let mut payee_id = payee.id;
    if moves_money && payee.save && payee_id.is_none() {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO payees (customer_id, name, account, relationship, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(&customer)
        .bind(&payee.name)
        .bind(&payee.account)
        .bind(&payee.relationship)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        let p = wire::Payee {
            id,
            name: payee.name.clone(),
            relationship: payee.relationship.clone(),
            last4: last4(&payee.account),
        };
        insert_change(
            &mut tx,
            &customer,
            "payee",
            &id.to_string(),
            &wire_body(&p),
            now,
        )
        .await?;
        payee_id = Some(id);
    }
    if moves_money {
        balance = Some(
            ledger::post(
                &mut tx,
                &customer,
                from,
                -amount,
                "transfer_out",
                &payee.name,
                now,
            )
            .await?,
        );
    }
    let arrive_at = (status == "scheduled").then(|| now + delay.seconds());
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO transfers (customer_id, device_id, client_key, from_account_id, payee_id, payee_name, payee_account, \
         amount_fen, note, status, decision, reasons, arrive_at, created_at, delay_secs) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id",
    )
    .bind(&customer)
    .bind(&device_id)
    .bind(&key)
    .bind(from)
    .bind(payee_id)
    .bind(&payee.name)
    .bind(&payee.account)
    .bind(amount)
    .bind(&note)
    .bind(status)
    .bind(a.decision.code())
    .bind(json!(reasons).to_string())
    .bind(arrive_at)
    .bind(now)
    .bind(delay.seconds())
    .fetch_one(&mut *tx)
    .await?;
    let row = log_transfer(&mut tx, &customer, id, now).await?;
    // The family hears about it; a co-sign waits for a guardian.
    let mut approval = None;
    let alert = match status {
        "blocked" => Some(AlertKind::TransferBlocked),
        "awaiting_cosign" => {
            approval = Some(
                crate::family::open_approval(&mut tx, &customer, id, amount, &payee.name, now)
                    .await?,
            );
            None
        }
        _ if a.decision == Decision::Warn => Some(AlertKind::TransferWarned),
        _ if amount >= family::LARGE_TRANSFER_ALERT_FEN => Some(AlertKind::LargeTransfer),
        _ => None,
    };
    if let Some(kind) = alert {
        crate::family::alert(
            &mut tx,
            &customer,
            kind,
            Some(amount),
            Some(&payee.name),
            now,
        )
        .await?;
    }
    let answer = if status == "blocked" {
        json!({ "error": {
            "code": "transfer_blocked",
            "message": "the bank stopped this transfer to protect the customer",
            "risk": risk, "transfer": row.wire(),
        }})
    } else {
        serde_json::to_value(TransferDone {
            transfer: row.wire(),
            balance_fen: balance,
            risk,
            approval,
        })
        .map_err(|_| ApiError::internal())?
    };
    store_response(&mut tx, &device_id, &key, &request_hash, code, &answer, now).await?;
    tx.commit().await?;
    tracing::info!(
        transfer = id,
        status,
        decision = a.decision.code(),
        "transfer handled"
    );
    Ok((code, Json(answer)).into_response())
}

/// `POST /v1/transfers/check`.
#[utoipa::path(
    post,
    path = "/v1/transfers/check",
    tag = "transfers",
    summary = "The bank's own risk check of a transfer, nothing moved (a warning comes with its ticket)",
    request_body = TransferRequest,
    security(("device" = [])),
    responses(
        (status = 200, description = "the bank's answer, and for a warning or co-sign the ticket that acknowledges it after its wait", body = TransferChecked),
        (status = 400, description = "malformed: not a JSON object", body = ErrorBody),
        (status = 401, description = "no live session", body = ErrorBody),
        (status = 404, description = "no such payee (for this customer)", body = ErrorBody),
        (status = 422, description = "a field is missing or not acceptable", body = ErrorBody)
    )
)]
pub async fn check(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<Response, ApiError> {
    let (device_id, customer) = authenticate(&state, &headers).await?;
    let body = json_body(body)?;
    let checked = bank_check(&state, &customer, &device_id, &body).await?;
    let ticket = if tickets::needed(&checked.a) {
        let bound = checked.ticket_terms();
        Some(tickets::issue(&state, &customer, &device_id, &bound, &checked.a).await?)
    } else {
        None
    };
    Ok(Json(TransferChecked {
        risk: checked.risk(),
        ticket,
    })
    .into_response())
}

/// `POST /v1/transfers/{id}/cancel`.
#[utoipa::path(
    post,
    path = "/v1/transfers/{id}/cancel",
    tag = "transfers",
    summary = "Cancel a delayed transfer before it arrives",
    params(
        ("id" = i64, Path, description = "transfer id")
    ),
    security(("device" = [])),
    responses(
        (status = 200, description = "cancelled (the money is back)", body = TransferCancelled),
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
    let (_, customer) = authenticate(&state, &headers).await?;
    let id: i64 = id
        .parse()
        .map_err(|_| ApiError::not_found("unknown_transfer", "no such transfer"))?;
    settle_due(&state, &customer).await?;
    let now = state.now();
    let mut tx = state.db.begin().await?;
    state.db.lock_change_log(&mut tx).await?;
    let row = load_by(&mut tx, &customer, id)
        .await?
        .ok_or_else(|| ApiError::not_found("unknown_transfer", "no such transfer"))?;
    let mut balance = None;
    match row.status.as_str() {
        "cancelled" => {}
        "scheduled" if row.arrive_at.is_some_and(|at| now < at) => {
            balance = Some(
                ledger::post(
                    &mut tx,
                    &customer,
                    row.from_account_id,
                    row.amount_fen,
                    "transfer_returned",
                    &row.payee_name,
                    now,
                )
                .await?,
            );
        }
        "awaiting_cosign" => {}
        "scheduled" | "completed" => {
            return Err(ApiError::conflict(
                "too_late_to_cancel",
                "the money has already arrived",
            ));
        }
        _ => {
            return Err(ApiError::conflict(
                "not_cancellable",
                "this transfer cannot be cancelled",
            ));
        }
    }
    let row = if row.status == "cancelled" {
        row
    } else {
        sqlx::query("UPDATE transfers SET status = 'cancelled' WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let row = log_transfer(&mut tx, &customer, id, now).await?;
        // A co-sign she withdrew herself no longer waits for the family.
        crate::family::close_for_transfer(&mut tx, id, now).await?;
        row
    };
    tx.commit().await?;
    Ok(Json(
        serde_json::to_value(TransferCancelled {
            transfer: row.wire(),
            balance_fen: balance,
        })
        .map_err(|_| ApiError::internal())?,
    ))
}

/// `GET /v1/transfers/by-key/{key}`.
#[utoipa::path(
    get,
    path = "/v1/transfers/by-key/{key}",
    tag = "transfers",
    summary = "What became of a transfer whose answer was lost",
    params(
        ("key" = String, Path, description = "the request's Idempotency-Key")
    ),
    security(("device" = [])),
    responses(
        (status = 200, description = "the transfer", body = TransferFound),
        (status = 401, description = "no valid token, or a wrong code or signature", body = ErrorBody),
        (status = 404, description = "no such thing (for this customer)", body = ErrorBody)
    )
)]
pub async fn by_key(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(key): Path<String>,
) -> Result<Json<TransferFound>, ApiError> {
    let (_, customer) = authenticate(&state, &headers).await?;
    if !crate::http::plain_id(&key, 255) {
        return Err(ApiError::not_found(
            "unknown_transfer",
            "the bank has no transfer with this key",
        ));
    }
    settle_due(&state, &customer).await?;
    let row: Option<TransferRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {TRANSFER_COLUMNS} FROM transfers WHERE customer_id = $1 AND client_key = $2"
    )))
    .bind(&customer)
    .bind(&key)
    .fetch_optional(&state.db.pool)
    .await?;
    let row = row.ok_or_else(|| {
        ApiError::not_found("unknown_transfer", "the bank has no transfer with this key")
    })?;
    Ok(Json(TransferFound {
        transfer: row.wire(),
    }))
}
