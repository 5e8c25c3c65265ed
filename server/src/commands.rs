//! `POST /v1/commands` with `Idempotency-Key` → the command's result: the
//! dispatcher of the intents a device's outbox pushes (settings and
//! complaints here; card locks, scam reports, auto-pay and the risk
//! questionnaire in their features). The same key and body again → the
//! stored result (`Idempotent-Replayed: true`); the same key with another
//! body → 409. Each command is one database transaction, so a refused or
//! failed one leaves nothing behind.

use crate::AppState;
use crate::db::insert_change;
use crate::http::{
    ApiError, ErrorBody, authenticate, idempotency_key, json_body, sha256_hex, stored_response,
};
use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use happylife_core::bank::wire::{self, Command, CommandDone, wire_body};
use serde_json::Value;

/// `POST /v1/commands`: runs one user intent from a device's outbox, once.
#[utoipa::path(
    post,
    path = "/v1/commands",
    tag = "sync",
    summary = "Run one user intent from a device's outbox, once",
    params(
        ("Idempotency-Key" = String, Header, description = "1–255 visible ASCII characters, new for each request; the same key and body again replay the stored answer", min_length = 1, max_length = 255, pattern = "^[!-~]+$")
    ),
    request_body = Command,
    security(("device" = [])),
    responses(
        (status = 201, description = "done (or, with `Idempotent-Replayed: true`, the stored answer)", body = CommandDone),
        (status = 400, description = "malformed: not a JSON object, an unreadable query, a missing header", body = ErrorBody),
        (status = 401, description = "no valid token, or a wrong code or signature", body = ErrorBody),
        (status = 404, description = "no such thing (for this customer)", body = ErrorBody),
        (status = 409, description = "conflicts with the current state, or the key was used with another request", body = ErrorBody),
        (status = 422, description = "a field is missing or not acceptable", body = ErrorBody)
    )
)]
pub async fn command(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<Response, ApiError> {
    let (device_id, customer_id) = authenticate(&state, &headers).await?;
    let key = idempotency_key(&headers)?;
    let body = json_body(body)?;
    // serde_json maps keep keys sorted, so equal bodies hash equal.
    let request_hash = sha256_hex(body.to_string().as_bytes());

    if let Some(replay) = stored_response(&state, &device_id, &key, &request_hash).await? {
        return Ok(replay);
    }
    let command = Command::decode(&body)?;
    let now = state.now();
    let mut tx = state.db.begin().await?;
    state.db.lock_change_log(&mut tx).await?;
    let kind = command.kind();
    let command_id: i64 = sqlx::query_scalar("INSERT INTO commands (device_id, kind, body, created_at) VALUES ($1, $2, $3, $4) RETURNING id")
        .bind(&device_id)
        .bind(kind)
        .bind(body.to_string())
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
    let result = match command {
        Command::Settings { key, value } => {
            let code = key.code();
            sqlx::query(
                "INSERT INTO settings (device_id, key, value) VALUES ($1, $2, $3) \
                 ON CONFLICT (device_id, key) DO UPDATE SET value = excluded.value",
            )
            .bind(&device_id)
            .bind(code)
            .bind(&value)
            .execute(&mut *tx)
            .await?;
            let setting = wire::Setting {
                device_id: device_id.clone(),
                key,
                value,
            };
            insert_change(
                &mut tx,
                &customer_id,
                "setting",
                &format!("{device_id}/{code}"),
                &wire_body(&setting),
                now,
            )
            .await?;
            CommandDone {
                command_id: Some(command_id),
                setting: Some(setting),
                ..CommandDone::new("applied")
            }
        }
        Command::Complaint { category, text } => {
            let category = category.code();
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO complaints (device_id, category, text, status, created_at) VALUES ($1, $2, $3, 'received', $4) RETURNING id",
            )
            .bind(&device_id)
            .bind(category)
            .bind(&text)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            let complaint = wire::Complaint {
                id,
                category: Some(category.into()),
                text,
                status: "received".into(),
                created_at: now,
                client_key: Some(key.clone()),
                reply: None,
                updated_at: None,
            };
            insert_change(
                &mut tx,
                &customer_id,
                "complaint",
                &id.to_string(),
                &wire_body(&complaint),
                now,
            )
            .await?;
            CommandDone {
                command_id: Some(command_id),
                complaint: Some(complaint),
                ..CommandDone::new("received")
            }
        }
        Command::CardLock { card_id, lock, on } => {
            crate::cards::set_lock(&mut tx, &customer_id, card_id, lock, on, now).await?
        }
        Command::ScamReport {} => {
            crate::cards::report_scam(&mut tx, &customer_id, &device_id, &key, now).await?
        }
        Command::AutopayCancel { agreement_id } => {
            crate::bills::cancel(&mut tx, &customer_id, agreement_id, now).await?
        }
        Command::RiskProfile { answers } => {
            crate::wealth::set_profile(&mut tx, &customer_id, &answers, now).await?
        }
        Command::FraudReport { target, note } => {
            let report =
                crate::reports::received(&mut tx, &customer_id, &target, &note, &key, now).await?;
            CommandDone {
                fraud_report: Some(report),
                ..CommandDone::new("received")
            }
        }
        Command::ChatMessage { text } => {
            let today = state.at().date_naive();
            let line =
                crate::chat::customer_line(&mut tx, &customer_id, &text, &key, now, today).await?;
            CommandDone {
                chat_line: Some(line),
                ..CommandDone::new("applied")
            }
        }
    };
    let result = wire_body(&result);
    let stored = sqlx::query(
        "INSERT INTO idempotency_keys (device_id, key, request_hash, status, response, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&device_id)
    .bind(&key)
    .bind(&request_hash)
    .bind(201i64)
    .bind(result.to_string())
    .bind(now)
    .execute(&mut *tx)
    .await;
    if stored.is_err() {
        // The same key committed concurrently: undo ours, answer with theirs.
        tx.rollback().await?;
        return stored_response(&state, &device_id, &key, &request_hash)
            .await?
            .ok_or_else(ApiError::internal);
    }
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(result)).into_response())
}
