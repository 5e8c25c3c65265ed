//! The family's invite, link and elder-view endpoints: the elder invites
//! and consents, changes roles and removes; a member accepts, leaves, and
//! (as their role allows) sees her balances and transactions or sets her
//! daily limit.

use super::rules::{
    approve_flag, id_param, invite_code, limit_field, own_link, refuse, require, role_field,
};
use super::store::{alert, audit, log_link};
use crate::AppState;
use crate::http::{ApiError, ErrorBody, Idempotent, authenticate, json_body, sha256_hex};
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use happylife_core::bank::wire::{
    ApproveBody, BillPaid, DailyLimit, DailyLimitBody, ElderAccount, ElderAccounts, ElderBill,
    ElderBills, ElderDebit, ElderStatement, ElderStatementLine, ElderTransaction,
    ElderTransactions, Invite, InviteCode, InviteCreated, LinkAnswer, PayBill, RoleBody, wire_body,
};
use happylife_core::family::{self, AlertKind, AuditAction, FamilyError, LinkStatus, Permission};
use rand::Rng;
use serde_json::Value;

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
        Json(wire_body(&InviteCreated {
            invite: Invite {
                id,
                code,
                role,
                expires_at,
            },
        })),
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
    Ok((StatusCode::CREATED, Json(wire_body(&LinkAnswer { link }))).into_response())
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
    Ok(Json(wire_body(&LinkAnswer { link })))
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
    Ok(Json(wire_body(&LinkAnswer { link })))
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
    Ok(Json(wire_body(&LinkAnswer { link })))
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
    let accounts = rows
        .into_iter()
        .map(|(kind, last4, balance_fen)| ElderAccount {
            kind,
            last4,
            balance_fen,
        })
        .collect();
    Ok(Json(wire_body(&ElderAccounts { accounts })))
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
    let transactions = rows
        .into_iter()
        .map(
            |(posted_at, amount_fen, category, counterparty)| ElderTransaction {
                posted_at,
                amount_fen,
                category,
                counterparty,
            },
        )
        .collect();
    Ok(Json(wire_body(&ElderTransactions { transactions })))
}

/// `GET /v1/family/elders/{elder}/bills` (helper, guardian): her unpaid
/// bills and the debit account a payment would leave from.
#[utoipa::path(
    get,
    path = "/v1/family/elders/{elder}/bills",
    tag = "family",
    summary = "The elder's unpaid bills (helper, guardian)",
    params(
        ("elder" = String, Path, description = "the elder's customer id", max_length = 64)
    ),
    security(("device" = [])),
    responses(
        (status = 200, description = "the unpaid bills", body = ElderBills),
        (status = 401, description = "no valid token, or a wrong code or signature", body = ErrorBody),
        (status = 403, description = "not allowed for this customer, role or request", body = ErrorBody)
    )
)]
pub async fn elder_bills(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(elder): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let (_, member) = authenticate(&state, &headers).await?;
    let now = state.now();
    let mut tx = state.db.begin().await?;
    state.db.lock_change_log(&mut tx).await?;
    require(&mut tx, &member, &elder, Permission::PayBills).await?;
    let bills: Vec<(i64, String, String, String, i64, String)> = sqlx::query_as(
        "SELECT b.id, a.kind, a.provider, a.last4, b.amount_fen, b.due_on FROM bills b \
         JOIN bill_accounts a ON a.id = b.bill_account_id \
         WHERE a.customer_id = $1 AND b.status = 'unpaid' ORDER BY b.due_on, b.id",
    )
    .bind(&elder)
    .fetch_all(&mut *tx)
    .await?;
    let from: Option<(i64, String, i64)> = sqlx::query_as(
        "SELECT id, number_last4, balance_fen FROM accounts WHERE customer_id = $1 AND kind = 'debit' \
         ORDER BY sort_order, id LIMIT 1",
    )
    .bind(&elder)
    .fetch_optional(&mut *tx)
    .await?;
    audit(
        &mut tx,
        &elder,
        &member,
        AuditAction::ViewedBills,
        None,
        None,
        now,
    )
    .await?;
    tx.commit().await?;
    let bills = bills
        .into_iter()
        .map(
            |(id, kind, provider, last4, amount_fen, due_on)| ElderBill {
                id,
                kind,
                provider,
                last4,
                amount_fen,
                due_on,
            },
        )
        .collect();
    let from = from.map(|(id, last4, balance_fen)| ElderDebit {
        id,
        last4,
        balance_fen,
    });
    Ok(Json(wire_body(&ElderBills { bills, from })))
}

/// `POST /v1/family/elders/{elder}/bills/{id}/pay` (helper, guardian):
/// pays one of her bills from her debit account, once, and writes it in
/// her audit list.
#[utoipa::path(
    post,
    path = "/v1/family/elders/{elder}/bills/{id}/pay",
    tag = "family",
    summary = "A helper pays one of the elder's bills from her account, once",
    params(
        ("elder" = String, Path, description = "the elder's customer id", max_length = 64),
        ("id" = i64, Path, description = "bill id"),
        ("Idempotency-Key" = String, Header, description = "1–255 visible ASCII characters, new for each request; the same key and body again replay the stored answer", min_length = 1, max_length = 255, pattern = "^[!-~]+$")
    ),
    request_body = PayBill,
    security(("device" = [])),
    responses(
        (status = 201, description = "paid", body = BillPaid),
        (status = 400, description = "malformed: not a JSON object, an unreadable query, a missing header", body = ErrorBody),
        (status = 401, description = "no valid token, or a wrong code or signature", body = ErrorBody),
        (status = 403, description = "not allowed for this customer, role or request", body = ErrorBody),
        (status = 404, description = "no such thing (for this customer)", body = ErrorBody),
        (status = 409, description = "conflicts with the current state, or the key was used with another request", body = ErrorBody),
        (status = 422, description = "a field is missing or not acceptable", body = ErrorBody)
    )
)]
pub async fn pay_elder_bill(
    State(state): State<AppState>,
    Path((elder, bill_id)): Path<(String, String)>,
    headers: HeaderMap,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<Response, ApiError> {
    let req = match Idempotent::begin(
        &state,
        &headers,
        body,
        &format!("family/{elder}/bill/{bill_id}"),
    )
    .await?
    {
        Ok(req) => req,
        Err(replay) => return Ok(replay),
    };
    let member = req.customer.clone();
    let now = state.now();
    let mut tx = state.db.begin().await?;
    state.db.lock_change_log(&mut tx).await?;
    // The role first: to anyone else, nothing about her bills is said.
    require(&mut tx, &member, &elder, Permission::PayBills).await?;
    let bill_id: i64 = bill_id.parse().map_err(|_| {
        ApiError::not_found(
            happylife_core::bills::BillError::NotFound.code(),
            "no such bill or utility account for this customer",
        )
    })?;
    let (from, confirmed_fen) = crate::bills::bill_payment(&req.body)?;
    let bill = crate::bills::pay(
        &mut tx,
        &elder,
        bill_id,
        from,
        crate::bills::Payer::Family { confirmed_fen },
        now,
    )
    .await?;
    let provider: String = sqlx::query_scalar("SELECT provider FROM bill_accounts WHERE id = $1")
        .bind(bill.bill_account_id)
        .fetch_one(&mut *tx)
        .await?;
    audit(
        &mut tx,
        &elder,
        &member,
        AuditAction::PaidBill,
        Some(bill.amount_fen),
        Some(&provider),
        now,
    )
    .await?;
    req.created(tx, wire_body(&BillPaid { bill }), now).await
}

/// `GET /v1/family/elders/{elder}/statement?from=2025-01-01&to=2025-12-31`
/// (helper, guardian): her debit account's transactions for the period,
/// for 打印流水 on the helper's phone; her audit list records it.
#[utoipa::path(
    get,
    path = "/v1/family/elders/{elder}/statement",
    tag = "family",
    summary = "The elder's statement for a period (helper, guardian)",
    params(
        ("elder" = String, Path, description = "the elder's customer id", max_length = 64),
        ("from" = String, Query, description = "the first day, 2025-01-01"),
        ("to" = String, Query, description = "the last day, 2025-12-31 (at most five years after from)")
    ),
    security(("device" = [])),
    responses(
        (status = 200, description = "the statement's lines", body = ElderStatement),
        (status = 400, description = "malformed: not a JSON object, an unreadable query, a missing header", body = ErrorBody),
        (status = 401, description = "no valid token, or a wrong code or signature", body = ErrorBody),
        (status = 403, description = "not allowed for this customer, role or request", body = ErrorBody)
    )
)]
pub async fn elder_statement(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(elder): Path<String>,
    axum::extract::Query(query): axum::extract::Query<std::collections::HashMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    let (_, member) = authenticate(&state, &headers).await?;
    let now = state.now();
    let mut tx = state.db.begin().await?;
    state.db.lock_change_log(&mut tx).await?;
    require(&mut tx, &member, &elder, Permission::ViewTransactions).await?;
    let day = |name: &str| {
        query
            .get(name)
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
    };
    let (Some(from), Some(to)) = (day("from"), day("to")) else {
        return Err(ApiError::bad_request(
            "invalid_period",
            "from and to must be days, 2025-01-01",
        ));
    };
    if from > to || (to - from).num_days() >= happylife_core::statements::MAX_DAYS {
        return Err(ApiError::bad_request(
            "invalid_period",
            "from must not be after to, at most five years apart",
        ));
    }
    let account: Option<(i64, String, i64)> = sqlx::query_as(
        "SELECT id, number_last4, balance_fen FROM accounts WHERE customer_id = $1 AND kind = 'debit' \
         ORDER BY sort_order, id LIMIT 1",
    )
    .bind(&elder)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((account, last4, balance)) = account else {
        return Err(refuse(FamilyError::NotFound));
    };
    let zone = happylife_core::clock::china_offset();
    let at = |d: chrono::NaiveDate| {
        d.and_hms_opt(0, 0, 0)
            .and_then(|t| t.and_local_timezone(zone).single())
            .map(|t| t.timestamp())
            .unwrap_or_default()
    };
    let (start, end) = (at(from), at(to.succ_opt().unwrap_or(to)));
    let rows: Vec<(i64, i64, i64, String, Option<String>)> = sqlx::query_as(
        "SELECT posted_at, amount_fen, balance_after_fen, category, counterparty FROM transactions \
         WHERE account_id = $1 AND posted_at >= $2 AND posted_at < $3 ORDER BY posted_at, id",
    )
    .bind(account)
    .bind(start)
    .bind(end)
    .fetch_all(&mut *tx)
    .await?;
    // Before the first day: the balance after the last one before it,
    // else the balance now less everything since.
    let before: Option<i64> = sqlx::query_scalar(
        "SELECT balance_after_fen FROM transactions WHERE account_id = $1 AND posted_at < $2 \
         ORDER BY posted_at DESC, id DESC LIMIT 1",
    )
    .bind(account)
    .bind(start)
    .fetch_optional(&mut *tx)
    .await?;
    let since: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(amount_fen), 0) AS BIGINT) FROM transactions WHERE account_id = $1 AND posted_at >= $2",
    )
    .bind(account)
    .bind(start)
    .fetch_one(&mut *tx)
    .await?;
    let opening_fen = before.unwrap_or(balance - since);
    audit(
        &mut tx,
        &elder,
        &member,
        AuditAction::MadeStatement,
        None,
        Some(&format!("{from} – {to}")),
        now,
    )
    .await?;
    tx.commit().await?;
    let lines = rows
        .into_iter()
        .map(
            |(posted_at, amount_fen, balance_after_fen, category, counterparty)| {
                ElderStatementLine {
                    posted_at,
                    amount_fen,
                    balance_after_fen,
                    category,
                    counterparty,
                }
            },
        )
        .collect();
    Ok(Json(wire_body(&ElderStatement {
        last4,
        opening_fen,
        lines,
    })))
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
    Ok(Json(wire_body(&DailyLimit {
        daily_limit_fen: limit,
    })))
}
