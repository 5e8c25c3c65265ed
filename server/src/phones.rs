//! Her phones (设置 → 我的手机): the phones bound to her account, and
//! removing one, which ends its device token and every session it has at
//! once (a lost or stolen phone, or one a "helper" bound for her).
//!
//! - `GET /v1/phones` (session) → `{phones: [{id, name, bound_at, last_used_at, this}]}`
//! - `POST /v1/phones/{id}/remove` (session) → `{removed: id, sessions_ended}`;
//!   404 `unknown_phone` for a phone that is not hers (or removed already)

use crate::AppState;
use crate::auth::session_of;
use crate::http::{ApiError, ErrorBody};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use happylife_core::bank::wire::{PhoneInfo, PhoneRemoved, Phones, wire_body};
use serde_json::Value;

/// `GET /v1/phones`.
#[utoipa::path(
    get,
    path = "/v1/phones",
    tag = "auth",
    summary = "The phones bound to her account",
    security(("session" = [])),
    responses(
        (status = 200, description = "her phones, the newest first", body = Phones),
        (status = 401, description = "no valid token, or a wrong code or signature", body = ErrorBody)
    )
)]
pub async fn list(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    let caller = session_of(&state, &headers).await?;
    let rows: Vec<(String, String, i64, Option<i64>)> = sqlx::query_as(
        "SELECT id, name, created_at, last_used_at FROM devices \
         WHERE customer_id = $1 AND removed_at IS NULL ORDER BY created_at DESC, id",
    )
    .bind(&caller.customer)
    .fetch_all(&state.db.pool)
    .await?;
    let phones = rows
        .into_iter()
        .map(|(id, name, bound_at, last_used_at)| PhoneInfo {
            this: id == caller.device,
            id,
            name,
            bound_at,
            last_used_at,
        })
        .collect();
    Ok(Json(wire_body(&Phones { phones })))
}

/// `POST /v1/phones/{id}/remove`.
#[utoipa::path(
    post,
    path = "/v1/phones/{id}/remove",
    tag = "auth",
    summary = "Remove one of her phones: its token and sessions end at once",
    params(
        ("id" = String, Path, description = "the phone's id", max_length = 64)
    ),
    security(("session" = [])),
    responses(
        (status = 200, description = "removed", body = PhoneRemoved),
        (status = 401, description = "no valid token, or a wrong code or signature", body = ErrorBody),
        (status = 404, description = "no such thing (for this customer)", body = ErrorBody)
    )
)]
pub async fn remove(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let caller = session_of(&state, &headers).await?;
    let now = state.now();
    let mut tx = state.db.begin().await?;
    let removed = sqlx::query(
        "UPDATE devices SET removed_at = $1 WHERE id = $2 AND customer_id = $3 AND removed_at IS NULL",
    )
    .bind(now)
    .bind(&id)
    .bind(&caller.customer)
    .execute(&mut *tx)
    .await?;
    if removed.rows_affected() == 0 {
        return Err(ApiError::not_found(
            "unknown_phone",
            "no such phone on this account",
        ));
    }
    let ended =
        sqlx::query("UPDATE sessions SET ended_at = $1 WHERE device_id = $2 AND ended_at IS NULL")
            .bind(now)
            .bind(&id)
            .execute(&mut *tx)
            .await?;
    tx.commit().await?;
    tracing::info!(this = id == caller.device, "phone removed");
    Ok(Json(wire_body(&PhoneRemoved {
        removed: id,
        sessions_ended: ended.rows_affected(),
    })))
}
