//! Family binding at the sandbox bank. Every request is checked here
//! against the link and the role table of `happylife_core::family` (a
//! hidden button is not a permission): no active link → 403 `not_linked`,
//! a role without the permission → 403 `not_permitted`.
//!
//! Elder (the customer behind the token is the elder):
//! - `POST /v1/family/invites` `{role}` → 201 `{invite: {id, code, role, expires_at}}`
//! - `POST /v1/family/links/{id}/consent` `{approve}`; `…/role` `{role}`;
//!   `…/remove` (the member may remove too: leaving)
//! - `POST /v1/family/approvals/{id}/confirm` `{approve}`: a guardian's
//!   approval of money to themselves above the limit
//!
//! Family member:
//! - `POST /v1/family/invites/accept` `{code}` → 201 `{link}` waiting for consent
//! - `GET /v1/family/elders/{elder}/accounts`, `…/transactions` (helper, guardian)
//! - `POST /v1/family/elders/{elder}/daily-limit` `{limit_fen}` (guardian)
//! - `POST /v1/family/approvals/{id}/decide` `{approve}` (guardian)
//!
//! Links, alerts, approvals and audit lines reach devices through the
//! change log (`family_link`, `family_alert`, `approval`, `family_audit`).

use crate::AppState;
use crate::api::{authenticate, json_body, sha256_hex};
use crate::db::insert_change;
use crate::error::ApiError;
use crate::error::ErrorBody;
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use happylife_core::family::{
    self, AlertKind, ApprovalStatus, AuditAction, FamilyError, LinkStatus, Permission, Role,
};
use happylife_core::fraud;
use rand::Rng;
use serde_json::{Value, json};
use utoipa::ToSchema;

type Tx<'a> = sqlx::Transaction<'a, sqlx::Any>;

fn refuse(e: FamilyError) -> ApiError {
    let message = match e {
        FamilyError::CodeFormat => "the invite code must be six digits",
        FamilyError::CodeNotValid => "no open invite has this code (wrong, used or expired)",
        FamilyError::TooManyAttempts => "too many wrong codes from this device; wait 10 minutes",
        FamilyError::OwnInvite => "this is your own invite",
        FamilyError::AlreadyLinked => "you are already linked to this person",
        FamilyError::TooManyMembers => "this customer has as many family members as allowed",
        FamilyError::NotLinked => "you are not linked to this customer",
        FamilyError::NotPermitted => "your family role does not allow this",
        FamilyError::ApprovalClosed => "this approval was already decided or has expired",
        FamilyError::NotFound => "no such family link or approval",
        FamilyError::InvalidLimit => "limit_fen must be from 10000 to 20000000",
        FamilyError::NeedsConnection => "the bank is not reachable",
        FamilyError::PayeeNowListed => {
            "the payee was reported as a scam account while the transfer waited; it was cancelled"
        }
    };
    ApiError {
        status: StatusCode::from_u16(e.http_status()).unwrap_or(StatusCode::BAD_REQUEST),
        code: e.code(),
        message: message.into(),
        detail: None,
    }
}

fn id_param(text: &str) -> Result<i64, ApiError> {
    text.parse().map_err(|_| refuse(FamilyError::NotFound))
}

pub(crate) fn approve_flag(body: &Value) -> Result<bool, ApiError> {
    body.get("approve")
        .and_then(Value::as_bool)
        .ok_or_else(|| ApiError::unprocessable("invalid_field", "approve must be true or false"))
}

pub(crate) fn role_field(body: &Value) -> Result<Role, ApiError> {
    body.get("role")
        .and_then(Value::as_str)
        .and_then(Role::from_code)
        .ok_or_else(|| {
            ApiError::unprocessable("invalid_field", "role must be viewer, helper or guardian")
        })
}

/// `limit_fen` of a daily-limit change, within the range a guardian may set.
pub(crate) fn limit_field(body: &Value) -> Result<i64, ApiError> {
    body.get("limit_fen")
        .and_then(Value::as_i64)
        .filter(|l| family::LIMIT_RANGE_FEN.contains(l))
        .ok_or_else(|| refuse(FamilyError::InvalidLimit))
}

/// The invite code of `POST /v1/family/invites/accept`.
pub(crate) fn invite_code(body: &Value) -> Result<String, ApiError> {
    family::parse_code(body.get("code").and_then(Value::as_str).unwrap_or("")).map_err(refuse)
}

async fn name_of(tx: &mut Tx<'_>, customer: &str) -> Result<String, sqlx::Error> {
    sqlx::query_scalar("SELECT name FROM customers WHERE id = $1")
        .bind(customer)
        .fetch_one(&mut **tx)
        .await
}

#[derive(sqlx::FromRow)]
struct Link {
    id: i64,
    elder_id: String,
    member_id: String,
    role: String,
    status: String,
    updated_at: i64,
}

async fn load_link(tx: &mut Tx<'_>, id: i64) -> Result<Option<Link>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, elder_id, member_id, role, status, updated_at FROM family_links WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut **tx)
    .await
}

/// Logs a link for both people (caller holds the change-log lock).
async fn log_link(tx: &mut Tx<'_>, id: i64, now: i64) -> Result<Value, ApiError> {
    let l = load_link(tx, id).await?.ok_or_else(ApiError::internal)?;
    let data = json!({
        "id": l.id, "elder_id": l.elder_id, "elder_name": name_of(tx, &l.elder_id).await?,
        "member_id": l.member_id, "member_name": name_of(tx, &l.member_id).await?,
        "role": l.role, "status": l.status, "updated_at": l.updated_at,
    });
    for who in [&l.elder_id, &l.member_id] {
        insert_change(tx, who, "family_link", &id.to_string(), &data, now).await?;
    }
    Ok(data)
}

/// The role of `member` for `elder`, if they are actively linked.
async fn role_of(
    pool_or_tx: &mut Tx<'_>,
    member: &str,
    elder: &str,
) -> Result<Option<Role>, sqlx::Error> {
    let role: Option<String> = sqlx::query_scalar(
        "SELECT role FROM family_links WHERE member_id = $1 AND elder_id = $2 AND status = 'active'",
    )
    .bind(member)
    .bind(elder)
    .fetch_optional(&mut **pool_or_tx)
    .await?;
    Ok(role.as_deref().and_then(Role::from_code))
}

/// Refuses unless `member` is actively linked to `elder` with a role that
/// allows `p`.
async fn require(
    tx: &mut Tx<'_>,
    member: &str,
    elder: &str,
    p: Permission,
) -> Result<Role, ApiError> {
    if !crate::api::plain_id(elder, 64) {
        // Not an id anyone has: no link to it.
        return Err(refuse(FamilyError::NotLinked));
    }
    match role_of(tx, member, elder).await? {
        None => Err(refuse(FamilyError::NotLinked)),
        Some(role) if !role.allows(p) => Err(refuse(FamilyError::NotPermitted)),
        Some(role) => Ok(role),
    }
}

/// Tells every family member of `elder` (all roles receive alerts), through
/// their change log (caller holds the change-log lock).
pub(crate) async fn alert(
    tx: &mut Tx<'_>,
    elder: &str,
    kind: AlertKind,
    amount_fen: Option<i64>,
    payee_name: Option<&str>,
    now: i64,
) -> Result<(), ApiError> {
    let members: Vec<String> = sqlx::query_scalar(
        "SELECT member_id FROM family_links WHERE elder_id = $1 AND status = 'active' ORDER BY id",
    )
    .bind(elder)
    .fetch_all(&mut **tx)
    .await?;
    if members.is_empty() {
        return Ok(());
    }
    let elder_name = name_of(tx, elder).await?;
    for member in members {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO family_alerts (elder_id, member_id, kind, amount_fen, payee_name, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(elder)
        .bind(&member)
        .bind(kind.code())
        .bind(amount_fen)
        .bind(payee_name)
        .bind(now)
        .fetch_one(&mut **tx)
        .await?;
        let data = json!({
            "id": id, "elder_id": elder, "elder_name": elder_name, "kind": kind.code(),
            "amount_fen": amount_fen, "payee_name": payee_name, "created_at": now,
        });
        insert_change(tx, &member, "family_alert", &id.to_string(), &data, now).await?;
    }
    tracing::info!(kind = kind.code(), "family alerted");
    Ok(())
}

/// Writes a line in the elder's audit list and sends it to her devices.
async fn audit(
    tx: &mut Tx<'_>,
    elder: &str,
    member: &str,
    action: AuditAction,
    amount_fen: Option<i64>,
    payee_name: Option<&str>,
    now: i64,
) -> Result<(), ApiError> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO family_audit (elder_id, member_id, action, amount_fen, payee_name, at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(elder)
    .bind(member)
    .bind(action.code())
    .bind(amount_fen)
    .bind(payee_name)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    let data = json!({
        "id": id, "member_name": name_of(tx, member).await?, "action": action.code(),
        "amount_fen": amount_fen, "payee_name": payee_name, "at": now,
    });
    insert_change(tx, elder, "family_audit", &id.to_string(), &data, now).await?;
    Ok(())
}

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
async fn log_approval(tx: &mut Tx<'_>, id: i64, now: i64) -> Result<Value, ApiError> {
    let a = load_approval(tx, id)
        .await?
        .ok_or_else(ApiError::internal)?;
    let decided_by = match &a.guardian_id {
        Some(g) => Some(name_of(tx, g).await?),
        None => None,
    };
    let account = &a.payee_account;
    let data = json!({
        "id": a.id, "transfer_id": a.transfer_id, "elder_id": a.elder_id,
        "elder_name": name_of(tx, &a.elder_id).await?, "payee_name": a.payee_name,
        "last4": account[account.len().saturating_sub(4)..], "amount_fen": a.amount_fen,
        "reasons": serde_json::from_str::<Value>(&a.reasons).unwrap_or(json!([])),
        "status": a.status, "decided_by": decided_by, "decided_at": a.decided_at,
        "expires_at": a.expires_at, "created_at": a.created_at,
    });
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
    Ok(data)
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
) -> Result<Value, ApiError> {
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
) -> Result<Option<Value>, ApiError> {
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

/// `POST /v1/family/invites`.
#[utoipa::path(
    post,
    path = "/v1/family/invites",
    tag = "family",
    summary = "The elder invites a family member (a short code that expires)",
    request_body = RoleBody,
    security(("device" = [])),
    responses(
        (status = 201, description = "the invite", body = InviteCreated),
        (status = 400, description = "malformed: not a JSON object, an unreadable query, a missing header", body = ErrorBody),
        (status = 401, description = "no valid token, or a wrong code or signature", body = ErrorBody),
        (status = 409, description = "conflicts with the current state, or the key was used with another request", body = ErrorBody),
        (status = 422, description = "a field is missing or not acceptable", body = ErrorBody)
    )
)]
pub async fn create_invite(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<Response, ApiError> {
    let (_, elder) = authenticate(&state, &headers).await?;
    let body = json_body(body)?;
    let role = role_field(&body)?;
    let now = state.now();
    let mut tx = state.db.begin().await?;
    state.db.lock_change_log(&mut tx).await?;
    let members: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM family_links WHERE elder_id = $1 AND status IN ('pending_consent', 'active')",
    )
    .bind(&elder)
    .fetch_one(&mut *tx)
    .await?;
    if members >= family::MAX_MEMBERS {
        return Err(refuse(FamilyError::TooManyMembers));
    }
    // One open invite per elder: a new one withdraws the last.
    sqlx::query(
        "UPDATE family_invites SET status = 'withdrawn' WHERE elder_id = $1 AND status = 'open'",
    )
    .bind(&elder)
    .execute(&mut *tx)
    .await?;
    // A code no other open invite has.
    let mut code;
    loop {
        code = format!("{:06}", rand::rng().random_range(0..1_000_000u32));
        let clash: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM family_invites WHERE code_hash = $1 AND status = 'open' AND expires_at > $2",
        )
        .bind(sha256_hex(code.as_bytes()))
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        if clash == 0 {
            break;
        }
    }
    let expires_at = now + family::INVITE_TTL_SECS;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO family_invites (elder_id, code_hash, role, status, failed, expires_at, created_at) \
         VALUES ($1, $2, $3, 'open', 0, $4, $5) RETURNING id",
    )
    .bind(&elder)
    .bind(sha256_hex(code.as_bytes()))
    .bind(role.code())
    .bind(expires_at)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    tracing::info!(invite = id, "family invite created");
    Ok((
        StatusCode::CREATED,
        Json(json!({ "invite": { "id": id, "code": code, "role": role.code(), "expires_at": expires_at } })),
    )
        .into_response())
}

/// `POST /v1/family/invites/accept`.
#[utoipa::path(
    post,
    path = "/v1/family/invites/accept",
    tag = "family",
    summary = "A family member enters the elder's code",
    request_body = InviteCode,
    security(("device" = [])),
    responses(
        (status = 201, description = "linked, waiting for the elder's consent", body = LinkAnswer),
        (status = 400, description = "malformed: not a JSON object, an unreadable query, a missing header", body = ErrorBody),
        (status = 401, description = "no valid token, or a wrong code or signature", body = ErrorBody),
        (status = 404, description = "no such thing (for this customer)", body = ErrorBody),
        (status = 409, description = "conflicts with the current state, or the key was used with another request", body = ErrorBody),
        (status = 422, description = "a field is missing or not acceptable", body = ErrorBody),
        (status = 429, description = "too soon; `retry_after` says how long to wait", body = ErrorBody)
    )
)]
pub async fn accept_invite(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<Response, ApiError> {
    let (device, member) = authenticate(&state, &headers).await?;
    let body = json_body(body)?;
    let code = invite_code(&body)?;
    let now = state.now();
    let mut tx = state.db.begin().await?;
    state.db.lock_change_log(&mut tx).await?;
    let recent: i64 =
        sqlx::query_scalar("SELECT count(*) FROM family_attempts WHERE device_id = $1 AND at > $2")
            .bind(&device)
            .bind(now - family::FAILED_WINDOW_SECS)
            .fetch_one(&mut *tx)
            .await?;
    if recent >= family::MAX_FAILED_PER_DEVICE {
        return Err(refuse(FamilyError::TooManyAttempts));
    }
    let invite: Option<(i64, String, String)> = sqlx::query_as(
        "SELECT id, elder_id, role FROM family_invites WHERE code_hash = $1 AND status = 'open' AND expires_at > $2",
    )
    .bind(sha256_hex(code.as_bytes()))
    .bind(now)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((invite_id, elder, role)) = invite else {
        // A wrong code counts against this device and against every open
        // invite (so no code can be guessed at by many devices either).
        sqlx::query("INSERT INTO family_attempts (device_id, at) VALUES ($1, $2)")
            .bind(&device)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "UPDATE family_invites SET failed = failed + 1 WHERE status = 'open' AND expires_at > $1",
        )
        .bind(now)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE family_invites SET status = 'withdrawn' WHERE status = 'open' AND failed >= $1",
        )
        .bind(family::MAX_GUESSES_PER_INVITE)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        tracing::warn!("wrong family invite code");
        return Err(refuse(FamilyError::CodeNotValid));
    };
    if elder == member {
        return Err(refuse(FamilyError::OwnInvite));
    }
    let linked: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM family_links WHERE elder_id = $1 AND member_id = $2 AND status IN ('pending_consent', 'active')",
    )
    .bind(&elder)
    .bind(&member)
    .fetch_one(&mut *tx)
    .await?;
    if linked > 0 {
        return Err(refuse(FamilyError::AlreadyLinked));
    }
    sqlx::query("UPDATE family_invites SET status = 'used' WHERE id = $1")
        .bind(invite_id)
        .execute(&mut *tx)
        .await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO family_links (elder_id, member_id, role, status, invite_id, created_at, updated_at) \
         VALUES ($1, $2, $3, 'pending_consent', $4, $5, $5) RETURNING id",
    )
    .bind(&elder)
    .bind(&member)
    .bind(&role)
    .bind(invite_id)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    let link = log_link(&mut tx, id, now).await?;
    audit(
        &mut tx,
        &elder,
        &member,
        AuditAction::Joined,
        None,
        None,
        now,
    )
    .await?;
    tx.commit().await?;
    tracing::info!(link = id, "family invite accepted; waiting for consent");
    Ok((StatusCode::CREATED, Json(json!({ "link": link }))).into_response())
}

/// The link `id` if `customer` is its elder (or, with `member_ok`, its member).
async fn own_link(
    tx: &mut Tx<'_>,
    id: i64,
    customer: &str,
    member_ok: bool,
) -> Result<Link, ApiError> {
    let link = load_link(tx, id)
        .await?
        .ok_or_else(|| refuse(FamilyError::NotFound))?;
    if link.elder_id == customer || (member_ok && link.member_id == customer) {
        Ok(link)
    } else if link.member_id == customer {
        // The member cannot consent for the elder or change their own role.
        Err(refuse(FamilyError::NotPermitted))
    } else {
        Err(refuse(FamilyError::NotFound))
    }
}

/// `POST /v1/family/links/{id}/consent`: the elder's yes or no.
#[utoipa::path(
    post,
    path = "/v1/family/links/{id}/consent",
    tag = "family",
    summary = "The elder's yes or no to a new link",
    params(
        ("id" = i64, Path, description = "link id")
    ),
    request_body = ApproveBody,
    security(("device" = [])),
    responses(
        (status = 200, description = "the link", body = LinkAnswer),
        (status = 400, description = "malformed: not a JSON object, an unreadable query, a missing header", body = ErrorBody),
        (status = 401, description = "no valid token, or a wrong code or signature", body = ErrorBody),
        (status = 403, description = "not allowed for this customer, role or request", body = ErrorBody),
        (status = 404, description = "no such thing (for this customer)", body = ErrorBody),
        (status = 409, description = "conflicts with the current state, or the key was used with another request", body = ErrorBody),
        (status = 422, description = "a field is missing or not acceptable", body = ErrorBody)
    )
)]
pub async fn consent(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let (_, customer) = authenticate(&state, &headers).await?;
    let id = id_param(&id)?;
    let approve = approve_flag(&json_body(body)?)?;
    let now = state.now();
    let mut tx = state.db.begin().await?;
    state.db.lock_change_log(&mut tx).await?;
    let link = own_link(&mut tx, id, &customer, false).await?;
    if link.status != LinkStatus::PendingConsent.code() {
        return Err(ApiError::conflict(
            "not_pending",
            "this link is not waiting for consent",
        ));
    }
    let to = if approve {
        LinkStatus::Active
    } else {
        LinkStatus::Declined
    };
    sqlx::query("UPDATE family_links SET status = $1, updated_at = $2 WHERE id = $3")
        .bind(to.code())
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let link = log_link(&mut tx, id, now).await?;
    tx.commit().await?;
    Ok(Json(json!({ "link": link })))
}

/// `POST /v1/family/links/{id}/role`: the elder changes a role, at once.
#[utoipa::path(
    post,
    path = "/v1/family/links/{id}/role",
    tag = "family",
    summary = "The elder changes a member's role",
    params(
        ("id" = i64, Path, description = "link id")
    ),
    request_body = RoleBody,
    security(("device" = [])),
    responses(
        (status = 200, description = "the link", body = LinkAnswer),
        (status = 400, description = "malformed: not a JSON object, an unreadable query, a missing header", body = ErrorBody),
        (status = 401, description = "no valid token, or a wrong code or signature", body = ErrorBody),
        (status = 403, description = "not allowed for this customer, role or request", body = ErrorBody),
        (status = 404, description = "no such thing (for this customer)", body = ErrorBody),
        (status = 422, description = "a field is missing or not acceptable", body = ErrorBody)
    )
)]
pub async fn change_role(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let (_, customer) = authenticate(&state, &headers).await?;
    let id = id_param(&id)?;
    let role = role_field(&json_body(body)?)?;
    let now = state.now();
    let mut tx = state.db.begin().await?;
    state.db.lock_change_log(&mut tx).await?;
    let link = own_link(&mut tx, id, &customer, false).await?;
    if !matches!(link.status.as_str(), "active" | "pending_consent") {
        return Err(refuse(FamilyError::NotLinked));
    }
    sqlx::query("UPDATE family_links SET role = $1, updated_at = $2 WHERE id = $3")
        .bind(role.code())
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let link = log_link(&mut tx, id, now).await?;
    tx.commit().await?;
    Ok(Json(json!({ "link": link })))
}

/// `POST /v1/family/links/{id}/remove`: the elder removes a member, or the
/// member leaves. Access ends with this request.
#[utoipa::path(
    post,
    path = "/v1/family/links/{id}/remove",
    tag = "family",
    summary = "The elder removes a member, or the member leaves",
    params(
        ("id" = i64, Path, description = "link id")
    ),
    security(("device" = [])),
    responses(
        (status = 200, description = "the link", body = LinkAnswer),
        (status = 401, description = "no valid token, or a wrong code or signature", body = ErrorBody),
        (status = 403, description = "not allowed for this customer, role or request", body = ErrorBody),
        (status = 404, description = "no such thing (for this customer)", body = ErrorBody)
    )
)]
pub async fn remove(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let (_, customer) = authenticate(&state, &headers).await?;
    let id = id_param(&id)?;
    let now = state.now();
    let mut tx = state.db.begin().await?;
    state.db.lock_change_log(&mut tx).await?;
    let link = own_link(&mut tx, id, &customer, true).await?;
    if matches!(link.status.as_str(), "active" | "pending_consent") {
        sqlx::query("UPDATE family_links SET status = 'revoked', updated_at = $1 WHERE id = $2")
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if link.member_id == customer {
            audit(
                &mut tx,
                &link.elder_id,
                &customer,
                AuditAction::Left,
                None,
                None,
                now,
            )
            .await?;
        }
    }
    let link = log_link(&mut tx, id, now).await?;
    tx.commit().await?;
    tracing::info!(link = id, "family link removed");
    Ok(Json(json!({ "link": link })))
}

/// `GET /v1/family/elders/{elder}/accounts` (helper, guardian).
#[utoipa::path(
    get,
    path = "/v1/family/elders/{elder}/accounts",
    tag = "family",
    summary = "The elder's balances (helper, guardian)",
    params(
        ("elder" = String, Path, description = "the elder's customer id", max_length = 64)
    ),
    security(("device" = [])),
    responses(
        (status = 200, description = "the accounts", body = ElderAccounts),
        (status = 401, description = "no valid token, or a wrong code or signature", body = ErrorBody),
        (status = 403, description = "not allowed for this customer, role or request", body = ErrorBody)
    )
)]
pub async fn elder_accounts(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(elder): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let (_, member) = authenticate(&state, &headers).await?;
    let now = state.now();
    let mut tx = state.db.begin().await?;
    state.db.lock_change_log(&mut tx).await?;
    require(&mut tx, &member, &elder, Permission::ViewBalances).await?;
    let rows: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT kind, number_last4, balance_fen FROM accounts WHERE customer_id = $1 ORDER BY sort_order, id",
    )
    .bind(&elder)
    .fetch_all(&mut *tx)
    .await?;
    audit(
        &mut tx,
        &elder,
        &member,
        AuditAction::ViewedBalances,
        None,
        None,
        now,
    )
    .await?;
    tx.commit().await?;
    let accounts: Vec<Value> = rows
        .into_iter()
        .map(|(kind, last4, balance)| json!({ "kind": kind, "last4": last4, "balance_fen": balance }))
        .collect();
    Ok(Json(json!({ "accounts": accounts })))
}

/// `GET /v1/family/elders/{elder}/transactions` (helper, guardian): the last 20.
#[utoipa::path(
    get,
    path = "/v1/family/elders/{elder}/transactions",
    tag = "family",
    summary = "The elder's last 20 transactions (helper, guardian)",
    params(
        ("elder" = String, Path, description = "the elder's customer id", max_length = 64)
    ),
    security(("device" = [])),
    responses(
        (status = 200, description = "the transactions", body = ElderTransactions),
        (status = 401, description = "no valid token, or a wrong code or signature", body = ErrorBody),
        (status = 403, description = "not allowed for this customer, role or request", body = ErrorBody)
    )
)]
pub async fn elder_transactions(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(elder): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let (_, member) = authenticate(&state, &headers).await?;
    let now = state.now();
    let mut tx = state.db.begin().await?;
    state.db.lock_change_log(&mut tx).await?;
    require(&mut tx, &member, &elder, Permission::ViewTransactions).await?;
    let rows: Vec<(i64, i64, String, Option<String>)> = sqlx::query_as(
        "SELECT t.posted_at, t.amount_fen, t.category, t.counterparty FROM transactions t \
         JOIN accounts a ON a.id = t.account_id WHERE a.customer_id = $1 \
         ORDER BY t.posted_at DESC, t.id DESC LIMIT 20",
    )
    .bind(&elder)
    .fetch_all(&mut *tx)
    .await?;
    audit(
        &mut tx,
        &elder,
        &member,
        AuditAction::ViewedTransactions,
        None,
        None,
        now,
    )
    .await?;
    tx.commit().await?;
    let list: Vec<Value> = rows
        .into_iter()
        .map(|(at, amount, category, counterparty)| {
            json!({ "posted_at": at, "amount_fen": amount, "category": category, "counterparty": counterparty })
        })
        .collect();
    Ok(Json(json!({ "transactions": list })))
}

/// `POST /v1/family/elders/{elder}/daily-limit` (guardian).
#[utoipa::path(
    post,
    path = "/v1/family/elders/{elder}/daily-limit",
    tag = "family",
    summary = "A guardian sets the elder's daily transfer limit",
    params(
        ("elder" = String, Path, description = "the elder's customer id", max_length = 64)
    ),
    request_body = DailyLimitBody,
    security(("device" = [])),
    responses(
        (status = 200, description = "the new limit", body = DailyLimit),
        (status = 400, description = "malformed: not a JSON object, an unreadable query, a missing header", body = ErrorBody),
        (status = 401, description = "no valid token, or a wrong code or signature", body = ErrorBody),
        (status = 403, description = "not allowed for this customer, role or request", body = ErrorBody),
        (status = 422, description = "a field is missing or not acceptable", body = ErrorBody)
    )
)]
pub async fn set_limit(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(elder): Path<String>,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let (_, member) = authenticate(&state, &headers).await?;
    let body = json_body(body)?;
    let now = state.now();
    let mut tx = state.db.begin().await?;
    state.db.lock_change_log(&mut tx).await?;
    require(&mut tx, &member, &elder, Permission::SetLimit).await?;
    let limit = limit_field(&body)?;
    sqlx::query("UPDATE customers SET daily_limit_fen = $1 WHERE id = $2")
        .bind(limit)
        .bind(&elder)
        .execute(&mut *tx)
        .await?;
    audit(
        &mut tx,
        &elder,
        &member,
        AuditAction::ChangedLimit,
        Some(limit),
        None,
        now,
    )
    .await?;
    alert(
        &mut tx,
        &elder,
        AlertKind::LimitChanged,
        Some(limit),
        None,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(Json(json!({ "daily_limit_fen": limit })))
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
) -> Result<Json<Value>, ApiError> {
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
    Ok(Json(json!({ "approval": data })))
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
) -> Result<Json<Value>, ApiError> {
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
    Ok(Json(json!({ "approval": data })))
}

/// The demo family: the elder's daughter 李娜, a customer of the same bank
/// (her own debit account is the elder's saved payee), not linked yet.
pub async fn seed(tx: &mut Tx<'_>, at: i64) -> Result<(), sqlx::Error> {
    use happylife_core::accounts::demo::{DAUGHTER, DAUGHTER_ACCOUNT};
    let exists: i64 = sqlx::query_scalar("SELECT count(*) FROM customers WHERE id = $1")
        .bind(DAUGHTER.id)
        .fetch_one(&mut **tx)
        .await?;
    if exists > 0 {
        return Ok(());
    }
    sqlx::query("INSERT INTO customers (id, name, birth_date) VALUES ($1, $2, $3)")
        .bind(DAUGHTER.id)
        .bind(DAUGHTER.name)
        .bind(DAUGHTER.birth_date)
        .execute(&mut **tx)
        .await?;
    let c = json!({ "id": DAUGHTER.id, "name": DAUGHTER.name, "birth_date": DAUGHTER.birth_date });
    insert_change(tx, DAUGHTER.id, "customer", DAUGHTER.id, &c, at).await?;
    let (id, number, balance, opened) = DAUGHTER_ACCOUNT;
    let last4 = &number[number.len() - 4..];
    sqlx::query(
        "INSERT INTO accounts (id, customer_id, kind, number_last4, currency, balance_fen, opened_on, sort_order, details, number) \
         VALUES ($1, $2, 'debit', $3, 'CNY', $4, $5, 0, '{}', $6)",
    )
    .bind(id)
    .bind(DAUGHTER.id)
    .bind(last4)
    .bind(balance)
    .bind(opened)
    .bind(number)
    .execute(&mut **tx)
    .await?;
    let a = json!({
        "id": id, "kind": "debit", "last4": last4, "currency": "CNY", "balance_fen": balance,
        "opened_on": opened, "sort_order": 0, "details": {},
    });
    insert_change(tx, DAUGHTER.id, "account", &id.to_string(), &a, at).await?;
    Ok(())
}

// The wire shapes, for the OpenAPI document (`crate::openapi`).

/// A body with a role.
#[derive(ToSchema)]
pub struct RoleBody {
    /// The role.
    pub role: Role,
}

/// A body with a yes or no.
#[derive(ToSchema)]
pub struct ApproveBody {
    /// Yes or no.
    pub approve: bool,
}

/// `POST /v1/family/invites/accept`.
#[derive(ToSchema)]
pub struct InviteCode {
    /// The six digits on the elder's phone (spaces, dashes, full-width digits and the QR's link are fine).
    #[schema(example = "123456")]
    pub code: String,
}

/// An invite.
#[derive(ToSchema)]
pub struct InviteCreated {
    /// The invite.
    pub invite: Invite,
}

/// An open invite.
#[derive(ToSchema)]
pub struct Invite {
    /// Id.
    pub id: i64,
    /// Six digits.
    pub code: String,
    /// The role it gives.
    pub role: Role,
    /// Unix seconds.
    pub expires_at: i64,
}

/// A link as both people receive it.
#[derive(ToSchema)]
pub struct FamilyLink {
    /// Id.
    pub id: i64,
    /// The elder.
    pub elder_id: String,
    /// Her name.
    pub elder_name: String,
    /// The family member.
    pub member_id: String,
    /// Their name.
    pub member_name: String,
    /// The role.
    pub role: Role,
    /// `pending_consent`, `active`, `declined`, `revoked`.
    pub status: String,
    /// Unix seconds.
    pub updated_at: i64,
}

/// A link.
#[derive(ToSchema)]
pub struct LinkAnswer {
    /// The link.
    pub link: FamilyLink,
}

/// The elder's accounts as a family member sees them.
#[derive(ToSchema)]
pub struct ElderAccounts {
    /// Each account.
    pub accounts: Vec<ElderAccount>,
}

/// One account.
#[derive(ToSchema)]
pub struct ElderAccount {
    /// `debit`, `pension`, `time_deposit`, `credit_card`.
    pub kind: String,
    /// Last four digits.
    pub last4: String,
    /// Fen.
    pub balance_fen: i64,
}

/// The elder's last transactions.
#[derive(ToSchema)]
pub struct ElderTransactions {
    /// Newest first.
    pub transactions: Vec<ElderTransaction>,
}

/// One transaction.
#[derive(ToSchema)]
pub struct ElderTransaction {
    /// Unix seconds.
    pub posted_at: i64,
    /// Fen (negative when money left).
    pub amount_fen: i64,
    /// Plain category code.
    pub category: String,
    /// The other side.
    pub counterparty: Option<String>,
}

/// `POST /v1/family/elders/{elder}/daily-limit`.
#[derive(ToSchema)]
pub struct DailyLimitBody {
    /// Fen, from 10000 to 20000000.
    #[schema(minimum = 10_000, maximum = 20_000_000)]
    pub limit_fen: i64,
}

/// The new daily limit.
#[derive(ToSchema)]
pub struct DailyLimit {
    /// Fen.
    pub daily_limit_fen: i64,
}

/// A co-sign request as the elder and her guardians receive it.
#[derive(ToSchema)]
pub struct Approval {
    /// Id.
    pub id: i64,
    /// The transfer waiting.
    pub transfer_id: i64,
    /// The elder.
    pub elder_id: String,
    /// Her name.
    pub elder_name: String,
    /// To whom.
    pub payee_name: String,
    /// The payee account's last four digits.
    pub last4: String,
    /// Fen.
    pub amount_fen: i64,
    /// The risk reasons.
    pub reasons: Vec<String>,
    /// `pending`, `awaiting_elder`, `approved`, `rejected`, `expired`.
    pub status: String,
    /// The guardian who decided.
    pub decided_by: Option<String>,
    /// Unix seconds.
    pub decided_at: Option<i64>,
    /// Unix seconds.
    pub expires_at: i64,
    /// Unix seconds.
    pub created_at: i64,
}

/// An approval.
#[derive(ToSchema)]
pub struct ApprovalAnswer {
    /// The approval.
    pub approval: Approval,
}
