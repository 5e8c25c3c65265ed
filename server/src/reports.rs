//! 举报, the bank's side: a customer's report arrives as a `fraud_report`
//! command (once, by its key); staff see the received ones in the console,
//! confirm one (it is published into the signed scam list at once, with
//! the scam it is used for) or reject it; the reporter's phone hears either
//! way through her change log. Staff routes: the operator credential at the
//! bank, open in the sandbox (as the agents' console).

use crate::AppState;
use crate::db::insert_change;
use crate::http::{ApiError, ErrorBody, json_body};
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use happylife_core::bank::wire::{FraudReportLine, wire_body};
use happylife_core::fraud::ScamCategory;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

type Tx<'a> = sqlx::Transaction<'a, sqlx::Any>;

/// Keeps a report as received and logs it for her phones.
pub(crate) async fn received(
    tx: &mut Tx<'_>,
    customer: &str,
    target: &str,
    note: &str,
    key: &str,
    now: i64,
) -> Result<FraudReportLine, ApiError> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO fraud_reports (customer_id, target, note, status, client_key, created_at) \
         VALUES ($1, $2, $3, 'received', $4, $5) RETURNING id",
    )
    .bind(customer)
    .bind(target)
    .bind(note)
    .bind(key)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    let line = FraudReportLine {
        id,
        target: target.to_string(),
        note: note.to_string(),
        status: "received".into(),
        created_at: now,
        client_key: Some(key.to_string()),
    };
    insert_change(
        tx,
        customer,
        "fraud_report",
        &id.to_string(),
        &wire_body(&line),
        now,
    )
    .await?;
    Ok(line)
}

/// One report in the staff's queue (who reported it is not shown).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct QueuedReport {
    /// Id.
    pub id: i64,
    /// What was reported.
    pub target: String,
    /// What happened, in the customer's words.
    pub note: String,
    /// `received`, `confirmed` or `rejected`.
    pub status: String,
    /// How many reports name the same target (the list key).
    pub reports: i64,
    /// Unix seconds.
    pub created_at: i64,
}

/// The staff's report queue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ReportQueue {
    /// Received ones first (oldest first), then the 20 latest decided.
    pub reports: Vec<QueuedReport>,
}

/// A confirmation: the scam the target is used for.
#[derive(ToSchema)]
pub struct Confirmation {
    /// The scam.
    pub category: ScamCategory,
}

/// `GET /v1/operator/reports`
#[utoipa::path(
    get,
    path = "/v1/operator/reports",
    tag = "operator",
    summary = "The staff's queue of 举报 reports (operator)",
    security(("operator" = [])),
    responses(
        (status = 200, description = "the queue", body = ReportQueue),
        (status = 401, description = "no valid token, or a wrong code or signature", body = ErrorBody)
    )
)]
pub async fn queue(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<ReportQueue>, ApiError> {
    crate::chat::agent(&state, &headers)?;
    let rows: Vec<(i64, String, String, String, i64)> = sqlx::query_as(
        "SELECT id, target, note, status, created_at FROM (\
           SELECT id, target, note, status, created_at, 0 AS grp FROM fraud_reports WHERE status = 'received' \
           UNION ALL \
           SELECT * FROM (SELECT id, target, note, status, created_at, 1 AS grp FROM fraud_reports \
             WHERE status != 'received' ORDER BY decided_at DESC, id DESC LIMIT 20) decided\
         ) q ORDER BY grp, created_at, id",
    )
    .fetch_all(&state.db.pool)
    .await?;
    let all: Vec<String> = sqlx::query_scalar("SELECT target FROM fraud_reports")
        .fetch_all(&state.db.pool)
        .await?;
    let keys: Vec<Option<u64>> = all
        .iter()
        .map(|t| crate::blocklist::report_key(t))
        .collect();
    let reports = rows
        .into_iter()
        .map(|(id, target, note, status, created_at)| {
            let key = crate::blocklist::report_key(&target);
            let reports = keys.iter().filter(|k| **k == key && key.is_some()).count() as i64;
            QueuedReport {
                id,
                target,
                note,
                status,
                reports: reports.max(1),
                created_at,
            }
        })
        .collect();
    Ok(Json(ReportQueue { reports }))
}

fn report_id(text: &str) -> Result<i64, ApiError> {
    text.parse()
        .map_err(|_| ApiError::not_found("report_not_found", "no such report"))
}

/// Decides a received report: (customer, target, note, created).
async fn decide(
    tx: &mut Tx<'_>,
    id: i64,
    status: &str,
    category: Option<&str>,
    now: i64,
) -> Result<FraudReportLine, ApiError> {
    let row: Option<(String, String, String, i64, String, Option<String>)> = sqlx::query_as(
        "SELECT customer_id, target, note, created_at, status, client_key FROM fraud_reports WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    let (customer, target, note, created_at, was, key) =
        row.ok_or_else(|| ApiError::not_found("report_not_found", "no such report"))?;
    if was != "received" {
        return Err(ApiError::conflict(
            "report_decided",
            "this report has been decided already",
        ));
    }
    sqlx::query(
        "UPDATE fraud_reports SET status = $1, category = $2, decided_at = $3 WHERE id = $4",
    )
    .bind(status)
    .bind(category)
    .bind(now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    let line = FraudReportLine {
        id,
        target,
        note,
        status: status.into(),
        created_at,
        client_key: key,
    };
    insert_change(
        tx,
        &customer,
        "fraud_report",
        &id.to_string(),
        &wire_body(&line),
        now,
    )
    .await?;
    Ok(line)
}

/// `POST /v1/operator/reports/{id}/confirm`
#[utoipa::path(
    post,
    path = "/v1/operator/reports/{id}/confirm",
    tag = "operator",
    summary = "Staff confirm a report: it is published into the signed scam list at once (operator)",
    security(("operator" = [])),
    params(("id" = i64, Path, description = "report id")),
    request_body = Confirmation,
    responses(
        (status = 200, description = "the report as confirmed", body = FraudReportLine),
        (status = 400, description = "malformed: not a JSON object, an unreadable query, a missing header", body = ErrorBody),
        (status = 401, description = "no valid token, or a wrong code or signature", body = ErrorBody),
        (status = 404, description = "no such thing (for this customer)", body = ErrorBody),
        (status = 409, description = "conflicts with the current state, or the key was used with another request", body = ErrorBody),
        (status = 422, description = "a field is missing or not acceptable", body = ErrorBody)
    )
)]
pub async fn confirm(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<Json<FraudReportLine>, ApiError> {
    crate::chat::agent(&state, &headers)?;
    let id = report_id(&id)?;
    let body = json_body(body)?;
    let category = body
        .get("category")
        .and_then(Value::as_str)
        .and_then(ScamCategory::from_code)
        .ok_or_else(|| {
            ApiError::unprocessable("invalid_category", "category must be one of the scam kinds")
        })?;
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT target, status FROM fraud_reports WHERE id = $1")
            .bind(id)
            .fetch_optional(&state.db.pool)
            .await?;
    let (target, status) =
        row.ok_or_else(|| ApiError::not_found("report_not_found", "no such report"))?;
    if status != "received" {
        return Err(ApiError::conflict(
            "report_decided",
            "this report has been decided already",
        ));
    }
    let key = crate::blocklist::report_key(&target).ok_or_else(|| {
        ApiError::unprocessable("invalid_entry", "the report names no number or address")
    })?;
    // Published first (the list has its own writer): a report is marked
    // confirmed only once its entry is out. Adding a listed key again only
    // sets its category, so a retry after a failure below is harmless.
    crate::blocklist::publish_change(&state, vec![(key, category)], vec![]).await?;
    let now = state.now();
    let mut tx = state.db.begin().await?;
    state.db.lock_change_log(&mut tx).await?;
    let line = decide(&mut tx, id, "confirmed", Some(category.code()), now).await?;
    tx.commit().await?;
    Ok(Json(line))
}

/// `POST /v1/operator/reports/{id}/reject`
#[utoipa::path(
    post,
    path = "/v1/operator/reports/{id}/reject",
    tag = "operator",
    summary = "Staff reject a report (operator)",
    security(("operator" = [])),
    params(("id" = i64, Path, description = "report id")),
    responses(
        (status = 200, description = "the report as rejected", body = FraudReportLine),
        (status = 401, description = "no valid token, or a wrong code or signature", body = ErrorBody),
        (status = 404, description = "no such thing (for this customer)", body = ErrorBody),
        (status = 409, description = "conflicts with the current state, or the key was used with another request", body = ErrorBody)
    )
)]
pub async fn reject(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<FraudReportLine>, ApiError> {
    crate::chat::agent(&state, &headers)?;
    let id = report_id(&id)?;
    let now = state.now();
    let mut tx = state.db.begin().await?;
    state.db.lock_change_log(&mut tx).await?;
    let line = decide(&mut tx, id, "rejected", None, now).await?;
    tx.commit().await?;
    Ok(Json(line))
}
