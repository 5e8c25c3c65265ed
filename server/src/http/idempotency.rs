//! Idempotent requests: the `Idempotency-Key` header, the answer kept for
//! each key inside the request's transaction, and the stored answer given
//! again (`Idempotent-Replayed: true`) when the same key and body come
//! back; the same key with another body is a 409.

use super::{ApiError, authenticate, json_body, sha256_hex};
use crate::AppState;
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

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
