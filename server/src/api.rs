//! The HTTP API, version 1. Every input is checked before anything is
//! written; each write is one database transaction, so a refused or failed
//! request leaves nothing behind.
//!
//! - `POST /v1/devices`: binding a phone, see [`crate::enrolment`]
//! - `GET /v1/changes?after=SEQ&limit=N` → `{changes: [{seq, entity, id, data}], next, more}`
//! - `POST /v1/commands` with `Idempotency-Key` → the command's result; the
//!   same key and body again → the stored result (`Idempotent-Replayed: true`);
//!   the same key with another body → 409.

use crate::AppState;
use crate::db::insert_change;
use crate::error::ApiError;
use crate::error::ErrorBody;
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use happylife_core::{Language, TextScale};
use serde::Deserialize;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use utoipa::ToSchema;

/// Most changes one pull page may carry.
pub const MAX_PAGE: i64 = 1000;
/// Page size when the device does not say.
pub const DEFAULT_PAGE: i64 = 500;

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

pub(crate) fn short_text(
    value: Option<&Value>,
    field: &'static str,
    max: usize,
) -> Result<String, ApiError> {
    let text = value
        .and_then(Value::as_str)
        .map(str::trim)
        .unwrap_or_default();
    if text.is_empty() || text.chars().count() > max || text.chars().any(char::is_control) {
        return Err(ApiError::unprocessable(
            "invalid_field",
            format!("{field} must be 1–{max} characters of text"),
        ));
    }
    Ok(text.to_string())
}

/// Whether `text` can be an id the client names (a customer, a device, a
/// key): 1–`max` bytes and no control character. PostgreSQL refuses text
/// with a NUL byte outright, which answered such a request with a 500.
pub(crate) fn plain_id(text: &str, max: usize) -> bool {
    !text.is_empty() && text.len() <= max && !text.chars().any(char::is_control)
}

pub(crate) fn json_body(body: Result<Json<Value>, JsonRejection>) -> Result<Value, ApiError> {
    match body {
        Ok(Json(v)) if v.is_object() => Ok(v),
        Ok(_) => Err(ApiError::bad_request(
            "bad_json",
            "the body must be a JSON object",
        )),
        Err(e) => Err(ApiError::bad_request(
            "bad_json",
            format!("the body is not valid JSON: {}", e.body_text()),
        )),
    }
}

/// The bearer token of a request (1–128 characters).
pub(crate) fn bearer(headers: &HeaderMap) -> Result<&str, ApiError> {
    headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .filter(|t| !t.is_empty() && t.len() <= 128)
        .ok_or_else(ApiError::unauthorized)
}

/// The caller of a customer route, by a live session (a login the bank
/// checked): (device id, customer id). 401 `session_required` without one.
pub(crate) async fn authenticate(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<(String, String), ApiError> {
    let caller = crate::auth::session_of(state, headers).await?;
    Ok((caller.device, caller.customer))
}

fn int_param(
    params: &HashMap<String, String>,
    name: &str,
    default: i64,
    min: i64,
    max: i64,
    code: &'static str,
) -> Result<i64, ApiError> {
    match params.get(name) {
        None => Ok(default),
        Some(text) => text
            .parse::<i64>()
            .ok()
            .filter(|v| (min..=max).contains(v))
            .ok_or_else(|| {
                ApiError::bad_request(
                    code,
                    format!("{name} must be a whole number from {min} to {max}"),
                )
            }),
    }
}

/// `GET /v1/changes`: one page of the customer's change log after a cursor.
#[utoipa::path(
    get,
    path = "/v1/changes",
    tag = "sync",
    summary = "One page of the customer's change log after a cursor",
    params(
        ("after" = Option<i64>, Query, description = "the last `seq` applied (0 for all)", minimum = 0),
        ("limit" = Option<i64>, Query, description = "most changes in the page (default 500)", minimum = 1, maximum = 1000)
    ),
    security(("device" = [])),
    responses(
        (status = 200, description = "the page", body = ChangePage),
        (status = 400, description = "malformed: not a JSON object, an unreadable query, a missing header", body = ErrorBody),
        (status = 401, description = "no valid token, or a wrong code or signature", body = ErrorBody)
    )
)]
pub async fn changes(
    State(state): State<AppState>,
    headers: HeaderMap,
    params: Result<Query<HashMap<String, String>>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let (_, customer_id) = authenticate(&state, &headers).await?;
    crate::transfers::settle_due(&state, &customer_id).await?;
    crate::unfreeze::settle(&state, &customer_id).await?;
    crate::bills::settle_autopay(&state, &customer_id).await?;
    crate::family::expire_approvals(&state).await?;
    let Query(params) = params
        .map_err(|_| ApiError::bad_request("bad_query", "the query string cannot be read"))?;
    let after = int_param(&params, "after", 0, 0, i64::MAX, "bad_cursor")?;
    let limit = int_param(&params, "limit", DEFAULT_PAGE, 1, MAX_PAGE, "bad_limit")?;
    let rows: Vec<(i64, String, String, String)> = sqlx::query_as(
        "SELECT seq, entity, entity_id, data FROM changes WHERE customer_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
    )
    .bind(&customer_id)
    .bind(after)
    .bind(limit + 1)
    .fetch_all(&state.db.pool)
    .await?;
    let more = rows.len() as i64 > limit;
    let page: Vec<Value> = rows
        .into_iter()
        .take(limit as usize)
        .map(|(seq, entity, id, data)| {
            let data: Value = serde_json::from_str(&data).unwrap_or(Value::Null);
            json!({ "seq": seq, "entity": entity, "id": id, "data": data })
        })
        .collect();
    let next = page.last().and_then(|c| c["seq"].as_i64()).unwrap_or(after);
    Ok(Json(json!({ "changes": page, "next": next, "more": more })))
}

/// A command after validation.
pub(crate) enum Command {
    Setting {
        key: &'static str,
        value: String,
    },
    Complaint {
        category: String,
        text: String,
    },
    CardLock {
        card_id: i64,
        lock: happylife_core::cards::Lock,
        on: bool,
    },
    ScamReport,
    AutopayCancel {
        agreement_id: i64,
    },
    RiskProfile {
        answers: Vec<u8>,
    },
}

pub(crate) fn parse_command(body: &Value) -> Result<Command, ApiError> {
    match body.get("kind").and_then(Value::as_str) {
        Some("settings") => {
            let key = body.get("key").and_then(Value::as_str).unwrap_or_default();
            let value = body
                .get("value")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let (key, ok) = match key {
                "language" => ("language", Language::from_tag(value).is_some()),
                "text_scale" => (
                    "text_scale",
                    value
                        .parse::<u16>()
                        .ok()
                        .and_then(|p| TextScale::new(p).ok())
                        .is_some(),
                ),
                "high_contrast" => ("high_contrast", value == "0" || value == "1"),
                _ => {
                    return Err(ApiError::unprocessable(
                        "unknown_setting",
                        "key must be language, text_scale or high_contrast",
                    ));
                }
            };
            if !ok {
                return Err(ApiError::unprocessable(
                    "invalid_setting",
                    format!("{key} cannot be set to that value"),
                ));
            }
            Ok(Command::Setting {
                key,
                value: value.to_string(),
            })
        }
        Some("complaint") => {
            let category = body
                .get("category")
                .and_then(Value::as_str)
                .unwrap_or_default();
            if !happylife_core::complaints::CATEGORIES.contains(&category) {
                return Err(ApiError::unprocessable(
                    "invalid_field",
                    "category must be service, fraud, fees, app or other",
                ));
            }
            let text = short_text(
                body.get("text"),
                "text",
                happylife_core::complaints::MAX_CHARS,
            )?;
            Ok(Command::Complaint {
                category: category.to_string(),
                text,
            })
        }
        Some("card_lock") => {
            let (card_id, lock, on) = crate::cards::parse_lock(body)?;
            Ok(Command::CardLock { card_id, lock, on })
        }
        Some("scam_report") => Ok(Command::ScamReport),
        Some("autopay_cancel") => Ok(Command::AutopayCancel {
            agreement_id: crate::bills::parse_cancel(body)?,
        }),
        Some("risk_profile") => Ok(Command::RiskProfile {
            answers: crate::wealth::parse_answers(body)?,
        }),
        _ => Err(ApiError::unprocessable(
            "unknown_command",
            "kind must be settings, complaint, card_lock, scam_report, autopay_cancel or risk_profile",
        )),
    }
}

/// The request's `Idempotency-Key` (1–255 visible characters).
pub(crate) fn idempotency_key(headers: &HeaderMap) -> Result<String, ApiError> {
    Ok(headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .filter(|k| (1..=255).contains(&k.len()) && k.bytes().all(|b| b.is_ascii_graphic()))
        .ok_or_else(|| {
            ApiError::bad_request(
                "missing_idempotency_key",
                "an Idempotency-Key header (1–255 visible characters) is needed",
            )
        })?
        .to_string())
}

/// An idempotent money request, authenticated and checked for a replay:
/// what its handler needs, and how it ends.
pub(crate) struct Idempotent {
    /// The phone that sent it.
    pub device_id: String,
    /// Its customer.
    pub customer: String,
    /// Its `Idempotency-Key`.
    pub key: String,
    /// Hash of what was asked (scope and body).
    pub hash: String,
    /// The JSON body.
    pub body: Value,
}

impl Idempotent {
    /// Authenticates, reads the key and the body; `Err(response)` inside the
    /// `Ok` is the stored answer of a request already made with this key.
    /// `scope` keeps one endpoint's keys from matching another's requests.
    pub(crate) async fn begin(
        state: &AppState,
        headers: &HeaderMap,
        body: Result<Json<Value>, JsonRejection>,
        scope: &str,
    ) -> Result<Result<Idempotent, Response>, ApiError> {
        let (device_id, customer) = authenticate(state, headers).await?;
        let key = idempotency_key(headers)?;
        let body = json_body(body)?;
        let hash = sha256_hex(format!("{scope}/{body}").as_bytes());
        if let Some(replay) = stored_response(state, &device_id, &key, &hash).await? {
            return Ok(Err(replay));
        }
        Ok(Ok(Idempotent {
            device_id,
            customer,
            key,
            hash,
            body,
        }))
    }

    /// Keeps `answer` for this key in the request's transaction, commits,
    /// and answers 201 with it.
    pub(crate) async fn created(
        &self,
        mut tx: sqlx::Transaction<'_, sqlx::Any>,
        answer: Value,
        now: i64,
    ) -> Result<Response, ApiError> {
        store_response(
            &mut tx,
            &self.device_id,
            &self.key,
            &self.hash,
            StatusCode::CREATED,
            &answer,
            now,
        )
        .await?;
        tx.commit().await?;
        Ok((StatusCode::CREATED, Json(answer)).into_response())
    }
}

/// Stores the answer to an idempotent request inside its transaction.
pub(crate) async fn store_response(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    device_id: &str,
    key: &str,
    request_hash: &str,
    status: StatusCode,
    body: &Value,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO idempotency_keys (device_id, key, request_hash, status, response, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(device_id)
    .bind(key)
    .bind(request_hash)
    .bind(i64::from(status.as_u16()))
    .bind(body.to_string())
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// `POST /v1/commands`: runs one user intent from a device's outbox, once.
#[utoipa::path(
    post,
    path = "/v1/commands",
    tag = "sync",
    summary = "Run one user intent from a device's outbox, once",
    params(
        ("Idempotency-Key" = String, Header, description = "1–255 visible ASCII characters, new for each request; the same key and body again replay the stored answer", min_length = 1, max_length = 255, pattern = "^[!-~]+$")
    ),
    request_body = CommandBody,
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
    let command = parse_command(&body)?;
    let now = state.now();
    let mut tx = state.db.begin().await?;
    state.db.lock_change_log(&mut tx).await?;
    let kind = match &command {
        Command::Setting { .. } => "settings",
        Command::Complaint { .. } => "complaint",
        Command::CardLock { .. } => "card_lock",
        Command::ScamReport => "scam_report",
        Command::AutopayCancel { .. } => "autopay_cancel",
        Command::RiskProfile { .. } => "risk_profile",
    };
    let command_id: i64 = sqlx::query_scalar("INSERT INTO commands (device_id, kind, body, created_at) VALUES ($1, $2, $3, $4) RETURNING id")
        .bind(&device_id)
        .bind(kind)
        .bind(body.to_string())
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
    let result = match command {
        Command::Setting { key, value } => {
            sqlx::query(
                "INSERT INTO settings (device_id, key, value) VALUES ($1, $2, $3) \
                 ON CONFLICT (device_id, key) DO UPDATE SET value = excluded.value",
            )
            .bind(&device_id)
            .bind(key)
            .bind(&value)
            .execute(&mut *tx)
            .await?;
            let data = json!({ "device_id": device_id, "key": key, "value": value });
            insert_change(
                &mut tx,
                &customer_id,
                "setting",
                &format!("{device_id}/{key}"),
                &data,
                now,
            )
            .await?;
            json!({ "command_id": command_id, "status": "applied", "setting": data })
        }
        Command::Complaint { category, text } => {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO complaints (device_id, category, text, status, created_at) VALUES ($1, $2, $3, 'received', $4) RETURNING id",
            )
            .bind(&device_id)
            .bind(&category)
            .bind(&text)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            let data = json!({
                "id": id, "category": category, "text": text, "status": "received",
                "created_at": now, "client_key": key,
            });
            insert_change(
                &mut tx,
                &customer_id,
                "complaint",
                &id.to_string(),
                &data,
                now,
            )
            .await?;
            json!({ "command_id": command_id, "status": "received", "complaint": data })
        }
        Command::CardLock { card_id, lock, on } => {
            crate::cards::set_lock(&mut tx, &customer_id, card_id, lock, on, now).await?
        }
        Command::ScamReport => {
            crate::cards::report_scam(&mut tx, &customer_id, &device_id, &key, now).await?
        }
        Command::AutopayCancel { agreement_id } => {
            crate::bills::cancel(&mut tx, &customer_id, agreement_id, now).await?
        }
        Command::RiskProfile { answers } => {
            crate::wealth::set_profile(&mut tx, &customer_id, &answers, now).await?
        }
    };
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

pub(crate) async fn stored_response(
    state: &AppState,
    device_id: &str,
    key: &str,
    request_hash: &str,
) -> Result<Option<Response>, ApiError> {
    let row: Option<(String, i64, String)> =
        sqlx::query_as("SELECT request_hash, status, response FROM idempotency_keys WHERE device_id = $1 AND key = $2")
            .bind(device_id)
            .bind(key)
            .fetch_optional(&state.db.pool)
            .await?;
    let Some((hash, status, response)) = row else {
        return Ok(None);
    };
    if hash != request_hash {
        return Err(ApiError::key_reused());
    }
    let status = u16::try_from(status)
        .ok()
        .and_then(|s| StatusCode::from_u16(s).ok())
        .unwrap_or(StatusCode::OK);
    let body: Value = serde_json::from_str(&response).unwrap_or(Value::Null);
    let mut resp = (status, Json(body)).into_response();
    resp.headers_mut()
        .insert("idempotent-replayed", HeaderValue::from_static("true"));
    Ok(Some(resp))
}

/// Deletes idempotency keys older than `keep_secs` (at least a day is kept).
pub async fn expire_keys(state: &AppState, keep_secs: i64) -> Result<u64, sqlx::Error> {
    let keep = keep_secs.max(24 * 3600);
    let done = sqlx::query("DELETE FROM idempotency_keys WHERE created_at < $1")
        .bind(state.now() - keep)
        .execute(&state.db.pool)
        .await?;
    Ok(done.rows_affected())
}

// The wire shapes, for the OpenAPI document (`crate::openapi`).

/// One page of the change log.
#[derive(ToSchema)]
pub struct ChangePage {
    /// In `seq` order.
    pub changes: Vec<Change>,
    /// The cursor for the next page.
    pub next: i64,
    /// Whether more changes follow.
    pub more: bool,
}

/// One change: the new state of one entity.
#[derive(ToSchema)]
pub struct Change {
    /// Position in the customer's log.
    pub seq: i64,
    /// `account`, `transaction`, `card`, `payee`, `transfer`, `bill`, `family_link`…
    pub entity: String,
    /// The entity's id.
    pub id: String,
    /// The entity as devices keep it.
    #[schema(value_type = Object)]
    pub data: Value,
}

/// A setting a device may change.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SettingKey {
    /// `zh-CN`, `zh-TW` or `en`.
    Language,
    /// 100–200 (per cent).
    TextScale,
    /// `0` or `1`.
    HighContrast,
}

/// A complaint's kind.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ComplaintCategory {
    /// Service.
    Service,
    /// Fraud.
    Fraud,
    /// Fees.
    Fees,
    /// The app.
    App,
    /// Anything else.
    Other,
}

/// `POST /v1/commands`: one of the commands a device may queue.
#[derive(Deserialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CommandBody {
    /// Change a setting of this device.
    Settings {
        /// Which.
        key: SettingKey,
        /// Its new value, as text.
        #[schema(min_length = 1, max_length = 8)]
        value: String,
    },
    /// File a complaint (事事有回应).
    Complaint {
        /// Its kind.
        category: ComplaintCategory,
        /// 1–2000 characters.
        #[schema(min_length = 1, max_length = 2000)]
        text: String,
    },
    /// Turn one lock of a card on or off.
    CardLock {
        /// The card.
        card_id: i64,
        /// Which lock.
        #[schema(value_type = happylife_core::cards::Lock)]
        lock: String,
        /// On or off.
        on: bool,
    },
    /// "I've been scammed": every card frozen, every lock on.
    ScamReport {},
    /// End an auto-pay agreement.
    AutopayCancel {
        /// The agreement.
        #[schema(minimum = 1)]
        agreement_id: i64,
    },
    /// The risk questionnaire's answers.
    RiskProfile {
        /// Five answers, each 1–4.
        #[schema(min_items = 5, max_items = 5)]
        answers: Vec<u8>,
    },
}

/// What a command did.
#[derive(ToSchema)]
pub struct CommandDone {
    /// The bank's record of the command (not for card locks).
    pub command_id: Option<i64>,
    /// `applied`, `received` or `cancelled`.
    pub status: String,
    /// The setting as kept (`settings`).
    #[schema(value_type = Option<Object>)]
    pub setting: Option<Value>,
    /// The complaint (`complaint`).
    #[schema(value_type = Option<Object>)]
    pub complaint: Option<Value>,
    /// The card (`card_lock`).
    #[schema(value_type = Option<Object>)]
    pub card: Option<Value>,
    /// The report (`scam_report`).
    #[schema(value_type = Option<Object>)]
    pub scam_report: Option<Value>,
    /// The agreement (`autopay_cancel`).
    #[schema(value_type = Option<Object>)]
    pub autopay: Option<Value>,
    /// The profile (`risk_profile`).
    #[schema(value_type = Option<Object>)]
    pub risk_profile: Option<Value>,
}

/// How far the bank got with a complaint.
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
pub enum ComplaintProgress {
    /// Being looked at.
    InProgress,
    /// Answered (a reply is needed).
    Answered,
}
