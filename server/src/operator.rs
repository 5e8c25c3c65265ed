//! What the bank's own staff do, behind the operator credential in both
//! modes: publishing scam-list entries (`crate::blocklist::publish`) and
//! answering complaints (here).
//!
//! The credential is a token from the server's configuration or
//! environment (`HAPPYLIFE_OPERATOR_TOKEN`), sent as `Authorization:
//! Bearer …` and compared in constant time with what is configured (both
//! hashed first, so neither the length nor any prefix shows in the time).
//! With no token configured every operator request is refused.
//!
//! - `POST /v1/operator/complaints/{id}/answer` `{status, reply?}` → 200

use crate::AppState;
use crate::db::insert_change;
use crate::http::{ApiError, ErrorBody, json_body, short_text};
use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::{HeaderMap, StatusCode};
use happylife_core::bank::wire::{self, wire_body};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::sync::Arc;
use subtle::ConstantTimeEq;
use utoipa::ToSchema;

/// The configured operator credential (its SHA-256), if any.
#[derive(Clone, Default)]
pub struct Credential(Option<Arc<[u8; 32]>>);

impl Credential {
    /// From the configured token; an empty one counts as none.
    pub fn new(token: Option<&str>) -> Credential {
        Credential(
            token
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(|t| Arc::new(Sha256::digest(t.as_bytes()).into())),
        )
    }

    /// Whether the request carries the operator credential: 401
    /// `operator_required` otherwise (also when none is configured).
    pub fn check(&self, headers: &HeaderMap) -> Result<(), ApiError> {
        let given = headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(|t| -> [u8; 32] { Sha256::digest(t.as_bytes()).into() });
        let ok = match (&self.0, given) {
            (Some(want), Some(given)) => bool::from(want.as_slice().ct_eq(given.as_slice())),
            _ => false,
        };
        if ok {
            return Ok(());
        }
        tracing::warn!("operator action refused: no operator credential");
        Err(ApiError {
            status: StatusCode::UNAUTHORIZED,
            code: "operator_required",
            message: "this is an operator action: the operator credential is needed".into(),
            detail: None,
        })
    }
}

/// How far the bank got with a complaint.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ComplaintProgress {
    /// Being looked at.
    InProgress,
    /// Answered (a reply is needed).
    Answered,
}

impl ComplaintProgress {
    /// Its code, as the body and the complaint name it.
    pub fn code(self) -> &'static str {
        match self {
            ComplaintProgress::InProgress => "in_progress",
            ComplaintProgress::Answered => "answered",
        }
    }
}

/// `POST /v1/operator/complaints/{id}/answer`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ComplaintAnswer {
    /// The new status.
    pub status: ComplaintProgress,
    /// The reply, needed with `answered` (1–2000 characters, trimmed).
    #[serde(default)]
    #[schema(min_length = 1, max_length = 2000)]
    pub reply: Option<String>,
}

/// The complaint as answered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ComplaintAnswered {
    /// The complaint, as devices receive it.
    pub complaint: wire::Complaint,
}

/// The checked body of a complaint answer.
pub(crate) fn complaint_answer(body: &Value) -> Result<ComplaintAnswer, ApiError> {
    let status = body
        .get("status")
        .and_then(|s| ComplaintProgress::deserialize(s).ok())
        .ok_or_else(|| {
            ApiError::unprocessable("invalid_field", "status must be in_progress or answered")
        })?;
    let reply = match body.get("reply") {
        None | Some(Value::Null) if status == ComplaintProgress::InProgress => None,
        v => Some(short_text(
            v,
            "reply",
            happylife_core::complaints::MAX_REPLY_CHARS,
        )?),
    };
    Ok(ComplaintAnswer { status, reply })
}

/// `POST /v1/operator/complaints/{id}/answer` `{status: in_progress|answered, reply?}`:
/// the bank's side of 事事有回应, by an operator. An answer needs a reply.
#[utoipa::path(
    post,
    path = "/v1/operator/complaints/{id}/answer",
    tag = "operator",
    summary = "The bank's answer to a complaint (operator)",
    security(("operator" = [])),
    params(
        ("id" = i64, Path, description = "complaint id")
    ),
    request_body = ComplaintAnswer,
    responses(
        (status = 200, description = "the complaint as answered", body = ComplaintAnswered),
        (status = 400, description = "malformed: not a JSON object, an unreadable query, a missing header", body = ErrorBody),
        (status = 401, description = "no valid token, or a wrong code or signature", body = ErrorBody),
        (status = 404, description = "no such thing (for this customer)", body = ErrorBody),
        (status = 422, description = "a field is missing or not acceptable", body = ErrorBody)
    )
)]
pub async fn answer_complaint(
    State(state): State<AppState>,
    headers: HeaderMap,
    axum::extract::Path(id): axum::extract::Path<String>,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<Json<ComplaintAnswered>, ApiError> {
    state.operator.check(&headers)?;
    let id: i64 = id
        .parse()
        .map_err(|_| ApiError::not_found("complaint_not_found", "no such complaint"))?;
    let body = json_body(body)?;
    let ComplaintAnswer { status, reply } = complaint_answer(&body)?;
    let status = status.code();
    let now = state.now();
    let mut tx = state.db.begin().await?;
    state.db.lock_change_log(&mut tx).await?;
    let row: Option<(String, String, String, i64, String)> = sqlx::query_as(
        "SELECT c.category, c.text, c.device_id, c.created_at, d.customer_id FROM complaints c \
         JOIN devices d ON d.id = c.device_id WHERE c.id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    let (category, text, _device, created, customer) =
        row.ok_or_else(|| ApiError::not_found("complaint_not_found", "no such complaint"))?;
    sqlx::query("UPDATE complaints SET status = $1, reply = $2, updated_at = $3 WHERE id = $4")
        .bind(status)
        .bind(&reply)
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let complaint = wire::Complaint {
        id,
        category: Some(category),
        text,
        status: status.into(),
        created_at: created,
        client_key: None,
        // Sent even when there is none yet (`null`).
        reply: Some(reply),
        updated_at: Some(now),
    };
    insert_change(
        &mut tx,
        &customer,
        "complaint",
        &id.to_string(),
        &wire_body(&complaint),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(Json(ComplaintAnswered { complaint }))
}
