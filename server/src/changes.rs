//! `GET /v1/changes?after=SEQ&limit=N` → `{changes: [{seq, entity, id, data}], next, more}`:
//! the customer's change log, one page after a cursor. What became due
//! since the last pull (delayed transfers, unfreezes, auto-pay, lapsed
//! co-sign requests) is settled first.

use crate::AppState;
use crate::http::{ApiError, ErrorBody, authenticate};
use axum::Json;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use happylife_core::bank::wire::{Change, ChangePage};
use serde_json::Value;
use std::collections::HashMap;

/// Most changes one pull page may carry.
pub const MAX_PAGE: i64 = 1000;
/// Page size when the device does not say.
pub const DEFAULT_PAGE: i64 = 500;

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
) -> Result<Json<ChangePage>, ApiError> {
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
    let changes: Vec<Change> = rows
        .into_iter()
        .take(limit as usize)
        .map(|(seq, entity, id, data)| Change {
            seq,
            entity,
            id,
            data: serde_json::from_str(&data).unwrap_or(Value::Null),
        })
        .collect();
    let next = changes.last().map_or(after, |c| c.seq);
    Ok(Json(ChangePage {
        changes,
        next,
        more,
    }))
}
