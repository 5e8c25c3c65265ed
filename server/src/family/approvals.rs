//! Co-sign requests: a risky transfer of the elder waits for a guardian
//! (and, for money to that guardian above the limit, for the elder too).
//! Opening one, closing it (approved moves the money, anything else
//! cancels the transfer), lapsing ones nobody decided in time, and the
//! `POST /v1/family/approvals/{id}/decide` and `…/confirm` endpoints.

use super::rules::{approve_flag, id_param, refuse, require};
use super::store::{Tx, alert, audit, name_of};
use crate::AppState;
use crate::db::insert_change;
use crate::http::{ApiError, ErrorBody, authenticate, json_body};
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use happylife_core::bank::wire::{Approval, ApprovalAnswer, ApproveBody};
use happylife_core::family::{
    self, AlertKind, ApprovalStatus, AuditAction, FamilyError, Permission,
};
use happylife_core::fraud;
use serde_json::Value;

#[derive(sqlx::FromRow)]
struct ApprovalRow {
    id: i64,
    transfer_id: i64,
    elder_id: String,
    status: String,
    guardian_id: Option<String>,
    decided_at: Option<i64>,
    expires_at: i64,
    created_at: i64,
    payee_name: String,
    payee_account: String,
    amount_fen: i64,
    reasons: String,
}

async fn load_approval(tx: &mut Tx<'_>, id: i64) -> Result<Option<ApprovalRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT a.id, a.transfer_id, a.elder_id, a.status, a.guardian_id, a.decided_at, a.expires_at, a.created_at, \
         t.payee_name, t.payee_account, t.amount_fen, t.reasons \
         FROM approvals a JOIN transfers t ON t.id = a.transfer_id WHERE a.id = $1",
    )
    .bind(id)
    .fetch_optional(&mut **tx)
    .await
}

/// Logs an approval for the elder and every guardian (caller holds the lock).
async fn log_approval(tx: &mut Tx<'_>, id: i64, now: i64) -> Result<Approval, ApiError> {
    let a = load_approval(tx, id)
        .await?
        .ok_or_else(ApiError::internal)?;
    let decided_by = match &a.guardian_id {
        Some(g) => Some(name_of(tx, g).await?),
        None => None,
    };
    let account = &a.payee_account;
    let approval = Approval {
        id: a.id,
        transfer_id: a.transfer_id,
        elder_id: a.elder_id.clone(),
        elder_name: name_of(tx, &a.elder_id).await?,
        payee_name: a.payee_name.clone(),
        last4: account[account.len().saturating_sub(4)..].to_string(),
        amount_fen: a.amount_fen,
        reasons: serde_json::from_str(&a.reasons).unwrap_or_default(),
        status: ApprovalStatus::from_code(&a.status).ok_or_else(ApiError::internal)?,
        decided_by,
        decided_at: a.decided_at,
        expires_at: a.expires_at,
        created_at: a.created_at,
    };
    let data = serde_json::to_value(&approval).map_err(|_| ApiError::internal())?;
    let mut to: Vec<String> = sqlx::query_scalar(
        "SELECT member_id FROM family_links WHERE elder_id = $1 AND status = 'active' AND role = 'guardian'",
    )
    .bind(&a.elder_id)
    .fetch_all(&mut **tx)
    .await?;
    // (A guardian removed since gets nothing more of hers.)
    to.push(a.elder_id.clone());
    for who in to {
        insert_change(tx, &who, "approval", &id.to_string(), &data, now).await?;
    }
    Ok(approval)
}

/// Opens the approval of a co-sign transfer and tells the family (caller
/// holds the change-log lock).
pub(crate) async fn open_approval(
    tx: &mut Tx<'_>,
    elder: &str,
    transfer_id: i64,
    amount_fen: i64,
    payee_name: &str,
    now: i64,
) -> Result<Approval, ApiError> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO approvals (transfer_id, elder_id, status, expires_at, created_at) \
         VALUES ($1, $2, 'pending', $3, $4) RETURNING id",
    )
    .bind(transfer_id)
    .bind(elder)
    .bind(now + family::APPROVAL_TTL_SECS)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    let data = log_approval(tx, id, now).await?;
    alert(
        tx,
        elder,
        AlertKind::CosignNeeded,
        Some(amount_fen),
        Some(payee_name),
        now,
    )
    .await?;
    Ok(data)
}

/// Cancels the transfers of approvals nobody decided in time.
pub async fn expire_approvals(state: &AppState) -> Result<(), ApiError> {
    let now = state.now();
    let due: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM approvals WHERE status IN ('pending', 'awaiting_elder') AND expires_at <= $1",
    )
    .bind(now)
    .fetch_all(&state.db.pool)
    .await?;
    if due.is_empty() {
        return Ok(());
    }
    let mut tx = state.db.begin().await?;
    state.db.lock_change_log(&mut tx).await?;
    for id in due {
        close_approval(&mut tx, id, ApprovalStatus::Expired, None, now).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Ends an open approval: approved moves the money, anything else cancels
/// the transfer (awaiting the elder leaves it waiting). Returns the logged
/// approval, or `None` when it was already closed.
async fn close_approval(
    tx: &mut Tx<'_>,
    id: i64,
    to: ApprovalStatus,
    guardian: Option<&str>,
    now: i64,
) -> Result<Option<Approval>, ApiError> {
    let Some(a) = load_approval(tx, id).await? else {
        return Ok(None);
    };
    if !ApprovalStatus::from_code(&a.status).is_some_and(ApprovalStatus::is_open) {
        return Ok(None);
    }
    if to == ApprovalStatus::Approved {
        crate::transfers::complete_cosigned(tx, &a.elder_id, a.transfer_id, now).await?;
    } else if to != ApprovalStatus::AwaitingElder {
        crate::transfers::cancel_cosigned(tx, &a.elder_id, a.transfer_id, now).await?;
    }
    sqlx::query("UPDATE approvals SET status = $1 WHERE id = $2")
        .bind(to.code())
        .bind(id)
        .execute(&mut **tx)
        .await?;
    if let Some(g) = guardian {
        sqlx::query("UPDATE approvals SET guardian_id = $1, decided_at = $2 WHERE id = $3")
            .bind(g)
            .bind(now)
            .bind(id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(Some(log_approval(tx, id, now).await?))
}

/// Closes the open approval of a transfer the elder cancelled herself.
pub(crate) async fn close_for_transfer(
    tx: &mut Tx<'_>,
    transfer_id: i64,
    now: i64,
) -> Result<(), ApiError> {
    let id: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM approvals WHERE transfer_id = $1 AND status IN ('pending', 'awaiting_elder')",
    )
    .bind(transfer_id)
    .fetch_optional(&mut **tx)
    .await?;
    if let Some(id) = id {
        close_approval(tx, id, ApprovalStatus::Rejected, None, now).await?;
    }
    Ok(())
}

/// `POST /v1/family/approvals/{id}/decide` (guardian of that elder).
#[utoipa::path(
    post,
    path = "/v1/family/approvals/{id}/decide",
    tag = "family",
    summary = "A guardian decides a co-sign transfer",
    params(
        ("id" = i64, Path, description = "approval id")
    ),
    request_body = ApproveBody,
    security(("device" = [])),
    responses(
        (status = 200, description = "the approval", body = ApprovalAnswer),
        (status = 400, description = "malformed: not a JSON object, an unreadable query, a missing header", body = ErrorBody),
        (status = 401, description = "no valid token, or a wrong code or signature", body = ErrorBody),
        (status = 403, description = "not allowed for this customer, role or request", body = ErrorBody),
        (status = 404, description = "no such thing (for this customer)", body = ErrorBody),
        (status = 409, description = "conflicts with the current state, or the key was used with another request", body = ErrorBody),
        (status = 422, description = "a field is missing or not acceptable", body = ErrorBody)
    )
)]
pub async fn decide(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<Json<ApprovalAnswer>, ApiError> {
    let (_, guardian) = authenticate(&state, &headers).await?;
    let id = id_param(&id)?;
    let approve = approve_flag(&json_body(body)?)?;
    expire_approvals(&state).await?;
    // The list may have learned about the payee while the transfer waited.
    let payee: Option<String> = sqlx::query_scalar(
        "SELECT t.payee_account FROM approvals a JOIN transfers t ON t.id = a.transfer_id WHERE a.id = $1",
    )
    .bind(id)
    .fetch_optional(&state.db.pool)
    .await?;
    let listed = match (&payee, approve) {
        (Some(account), true) => state
            .blocklist
            .lookup(&state, fraud::key(fraud::Kind::Account, account))
            .await?
            .is_some(),
        _ => false,
    };
    let now = state.now();
    let mut tx = state.db.begin().await?;
    state.db.lock_change_log(&mut tx).await?;
    let a = load_approval(&mut tx, id)
        .await?
        .ok_or_else(|| refuse(FamilyError::NotFound))?;
    require(&mut tx, &guardian, &a.elder_id, Permission::CoSign).await?;
    if a.status != ApprovalStatus::Pending.code() {
        return Err(refuse(FamilyError::ApprovalClosed));
    }
    if a.expires_at <= now {
        close_approval(&mut tx, id, ApprovalStatus::Expired, None, now).await?;
        tx.commit().await?;
        return Err(refuse(FamilyError::ApprovalClosed));
    }
    if listed {
        close_approval(&mut tx, id, ApprovalStatus::Rejected, None, now).await?;
        alert(
            &mut tx,
            &a.elder_id,
            AlertKind::TransferBlocked,
            Some(a.amount_fen),
            Some(&a.payee_name),
            now,
        )
        .await?;
        tx.commit().await?;
        tracing::warn!(
            approval = id,
            "payee listed while waiting: co-sign transfer cancelled"
        );
        return Err(refuse(FamilyError::PayeeNowListed));
    }
    let to_self: i64 =
        sqlx::query_scalar("SELECT count(*) FROM accounts WHERE customer_id = $1 AND number = $2")
            .bind(&guardian)
            .bind(&a.payee_account)
            .fetch_one(&mut *tx)
            .await?;
    let (to, action) = if !approve {
        (ApprovalStatus::Rejected, AuditAction::Rejected)
    } else if family::approval_needs_elder(a.amount_fen, to_self > 0) {
        (
            ApprovalStatus::AwaitingElder,
            AuditAction::ApprovedNeedsElder,
        )
    } else {
        (ApprovalStatus::Approved, AuditAction::Approved)
    };
    let data = close_approval(&mut tx, id, to, Some(&guardian), now)
        .await?
        .ok_or_else(|| refuse(FamilyError::ApprovalClosed))?;
    audit(
        &mut tx,
        &a.elder_id,
        &guardian,
        action,
        Some(a.amount_fen),
        Some(&a.payee_name),
        now,
    )
    .await?;
    tx.commit().await?;
    tracing::info!(approval = id, status = to.code(), "co-sign decided");
    Ok(Json(ApprovalAnswer { approval: data }))
}

/// `POST /v1/family/approvals/{id}/confirm`: the elder's own word on a
/// transfer her guardian approved to themselves.
#[utoipa::path(
    post,
    path = "/v1/family/approvals/{id}/confirm",
    tag = "family",
    summary = "The elder confirms what her guardian approved to themselves",
    params(
        ("id" = i64, Path, description = "approval id")
    ),
    request_body = ApproveBody,
    security(("device" = [])),
    responses(
        (status = 200, description = "the approval", body = ApprovalAnswer),
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
) -> Result<Json<ApprovalAnswer>, ApiError> {
    let (_, elder) = authenticate(&state, &headers).await?;
    let id = id_param(&id)?;
    let approve = approve_flag(&json_body(body)?)?;
    expire_approvals(&state).await?;
    let now = state.now();
    let mut tx = state.db.begin().await?;
    state.db.lock_change_log(&mut tx).await?;
    let a = load_approval(&mut tx, id)
        .await?
        .filter(|a| a.elder_id == elder)
        .ok_or_else(|| refuse(FamilyError::NotFound))?;
    if a.status != ApprovalStatus::AwaitingElder.code() {
        return Err(refuse(FamilyError::ApprovalClosed));
    }
    if a.expires_at <= now {
        close_approval(&mut tx, id, ApprovalStatus::Expired, None, now).await?;
        tx.commit().await?;
        return Err(refuse(FamilyError::ApprovalClosed));
    }
    let to = if approve {
        ApprovalStatus::Approved
    } else {
        ApprovalStatus::Rejected
    };
    let data = close_approval(&mut tx, id, to, None, now)
        .await?
        .ok_or_else(|| refuse(FamilyError::ApprovalClosed))?;
    tx.commit().await?;
    Ok(Json(ApprovalAnswer { approval: data }))
}
