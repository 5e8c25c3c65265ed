//! Binding a phone to a customer, and the one-time codes (by SMS) behind it
//! and behind a PIN reset. The rules (lifetime, tries, resend wait) are in
//! `happylife_core::auth`; this is the bank's bookkeeping.
//!
//! - `POST /v1/enrolment/codes` `{id_number, purpose: "bind"}` → 201
//!   `{code_id, phone, expires_at, resend_after}`: a 6-digit code goes by SMS
//!   to the mobile number the bank has for that ID number (`phone` is
//!   masked). An ID number the bank does not know is answered the same way
//!   (a decoy code that no SMS carries and no answer opens), so the answer
//!   tells nobody who is a customer. `purpose: "pin_reset"` needs the bound
//!   phone's device token (`Authorization: Bearer`) and that customer's ID
//!   number (403 `id_number_mismatch` otherwise). 429 `code_too_soon` with
//!   `retry_after` (seconds) while the last code for the same purpose is
//!   under a minute old and still waiting to be used; 429 `too_many_codes`
//!   with `retry_after` after [`CODES_PER_DAY`] codes for one ID number (or
//!   [`CODES_PER_PHONE_PER_DAY`] for one phone), or [`WRONG_CODES_PER_DAY`]
//!   wrong answers across its codes, in a day. A new code withdraws the one
//!   before it. Codes are kept only as a keyed hash (the bank's pepper).
//! - `POST /v1/devices` `{code_id, code, name, public_key}` → 201
//!   `{device_id, token, customer_id, pin_set}`. 401 `wrong_code` with
//!   `tries_left`; 410 `code_expired` (too late, or too many wrong tries);
//!   409 `code_used`; 429 `too_many_codes` (the day's wrong answers are
//!   used up). A wrong code is counted in its own committed transaction
//!   before the refusal is sent. `pin_set` says whether the customer has a
//!   PIN at the bank (the new phone logs in with it) or not (it sets one).
//!
//! - `POST /v1/auth/pin-reset` `{code_id, code}` with the bound phone's
//!   device token → 200: the PIN-reset code of that phone's customer,
//!   taken; the phone may set a new PIN for [`PIN_RESET_GRANT_SECS`].
//!
//! Sandbox only (testers stand in for the customer's phone):
//! - `GET /v1/sandbox/customers/{id}` → `{id_number, phone, demo_pin}`
//! - `GET /v1/sandbox/sms?customer_id=…` (or `?code_id=…`) → `{messages: [{phone, body, created_at}]}`, newest first

use crate::AppState;
use crate::auth::device_of;
use crate::http::{ApiError, ErrorBody, json_body, plain_id, sha256_hex};
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use happylife_core::auth::id_number::IdNumber;
use happylife_core::auth::{
    self, CODE_RESEND_SECS, CODE_TRIES, CODE_TTL_SECS, CODES_PER_DAY, CODES_PER_PHONE_PER_DAY,
    CodePurpose, PIN_RESET_GRANT_SECS, WRONG_CODES_PER_DAY,
};
use happylife_core::bank::wire::{
    BindDevice, CodeAnswer, CodeRequest, CodeSent, DeviceBound, PhoneBound, PinResetTaken,
    wire_body,
};
use rand::{Rng, RngCore};
use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;
use utoipa::ToSchema;

type Tx<'a> = sqlx::Transaction<'a, sqlx::Any>;

/// How a code is kept: a keyed hash under the bank's pepper (a copy of
/// the database does not give the codes back by trying every six digits).
fn code_hash(state: &AppState, code_id: i64, code: &str) -> String {
    state
        .secrets
        .keyed_hash(&["one-time-code", &code_id.to_string(), code])
}

/// Whose codes these are, for the daily counts: a keyed hash of the ID
/// number (known to the bank or not).
fn subject_of(state: &AppState, id_number: &IdNumber) -> String {
    state.secrets.keyed_hash(&["id-number", id_number.as_str()])
}

/// A masked mobile number for an ID number the bank does not know: the
/// same every time for the same ID number, and shaped like a real one.
fn decoy_phone(state: &AppState, id_number: &IdNumber) -> String {
    let h = hex::decode(
        state
            .secrets
            .keyed_hash(&["decoy-phone", id_number.as_str()]),
    )
    .unwrap_or_default();
    let d = |i: usize| h.get(i).copied().unwrap_or(0);
    let second = [b'3', b'5', b'7', b'8', b'9'][usize::from(d(0)) % 5] as char;
    format!(
        "1{second}{}****{}{}{}{}",
        d(1) % 10,
        d(2) % 10,
        d(3) % 10,
        d(4) % 10,
        d(5) % 10
    )
}

fn too_many_codes(retry_after: i64) -> ApiError {
    ApiError {
        status: StatusCode::TOO_MANY_REQUESTS,
        code: "too_many_codes",
        message: "too many codes or wrong answers today; try again later or visit a branch".into(),
        detail: None,
    }
    .with("retry_after", retry_after.max(1))
}

/// Refuses when the day's codes, or wrong answers, for this ID number are
/// used up: 429 `too_many_codes` with how long until the oldest counted
/// one leaves the day. A code that did its job (a phone bound, a PIN
/// reset) does not count: only codes nobody could use (withdrawn, dead,
/// guessed at, or still waiting).
async fn day_allows(tx: &mut Tx<'_>, subject: &str, now: i64) -> Result<(), ApiError> {
    let since = now - 24 * 3600;
    let (codes, wrong, oldest): (i64, i64, Option<i64>) = sqlx::query_as(
        "SELECT CAST(COALESCE(sum(CASE WHEN used = 1 THEN 0 ELSE 1 END), 0) AS BIGINT), \
         CAST(COALESCE(sum(failures), 0) AS BIGINT), min(created_at) FROM one_time_codes \
         WHERE subject = $1 AND created_at > $2",
    )
    .bind(subject)
    .bind(since)
    .fetch_one(&mut **tx)
    .await?;
    if codes >= CODES_PER_DAY || wrong >= WRONG_CODES_PER_DAY {
        tracing::warn!("one-time codes for an ID number used up for the day");
        return Err(too_many_codes(oldest.unwrap_or(now) + 24 * 3600 - now));
    }
    Ok(())
}

/// The SMS text, in the customer's language (简体中文 for the sandbox).
fn sms_text(purpose: CodePurpose, code: &str) -> String {
    static I18N: std::sync::OnceLock<Option<happylife_core::I18n>> = std::sync::OnceLock::new();
    let id = match purpose {
        CodePurpose::Bind => "sms-code-bind",
        CodePurpose::PinReset => "sms-code-pin-reset",
        CodePurpose::Unfreeze => "sms-code-unfreeze",
    };
    match I18N.get_or_init(|| happylife_core::I18n::embedded().ok()) {
        Some(i18n) => i18n.tr_args(
            happylife_core::Language::ZhCn,
            id,
            &[
                ("code", code.into()),
                ("minutes", (CODE_TTL_SECS / 60).to_string().into()),
            ],
        ),
        None => code.to_string(),
    }
}

/// The checked body of `POST /v1/enrolment/codes`: `{purpose, id_number}`.
pub(crate) fn code_request(body: &Value) -> Result<(CodePurpose, IdNumber), ApiError> {
    Ok(CodeRequest::decode(body)?)
}

/// `POST /v1/enrolment/codes`.
#[utoipa::path(
    post,
    path = "/v1/enrolment/codes",
    tag = "enrolment",
    summary = "Send a one-time code by SMS (to bind a phone, or to reset the PIN)",
    request_body = CodeRequest,
    responses(
        (status = 201, description = "the code was sent", body = CodeSent),
        (status = 400, description = "malformed: not a JSON object, an unreadable query, a missing header", body = ErrorBody),
        (status = 401, description = "no valid token, or a wrong code or signature", body = ErrorBody),
        (status = 403, description = "not allowed for this customer, role or request", body = ErrorBody),
        (status = 404, description = "no such thing (for this customer)", body = ErrorBody),
        (status = 422, description = "a field is missing or not acceptable", body = ErrorBody),
        (status = 429, description = "too soon; `retry_after` says how long to wait", body = ErrorBody)
    )
)]
pub async fn request_code(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<Response, ApiError> {
    let body = json_body(body)?;
    let (purpose, id_number) = code_request(&body)?;
    let row: Option<(String, Option<String>)> =
        sqlx::query_as("SELECT id, phone FROM customers WHERE id_number = $1")
            .bind(id_number.as_str())
            .fetch_optional(&state.db.pool)
            .await?;
    let mut device = None;
    if purpose != CodePurpose::Bind {
        // Only from the phone already bound, and only for its own customer.
        let phone = device_of(&state, &headers).await?;
        if row.as_ref().map(|r| &r.0) != Some(&phone.customer) {
            tracing::warn!("PIN reset asked with an ID number of someone else");
            return Err(ApiError {
                status: StatusCode::FORBIDDEN,
                code: "id_number_mismatch",
                message: "this ID number is not the phone's customer's".into(),
                detail: None,
            });
        }
        device = Some(phone.device);
    }
    // A customer without a mobile number is as unknown as a stranger: a
    // decoy, answered the same way.
    let customer = row.and_then(|(id, phone)| phone.map(|p| (id, p)));
    let subject = subject_of(&state, &id_number);
    let now = state.now();
    let mut tx = state.db.begin().await?;
    state.db.lock_change_log(&mut tx).await?;
    // The wait is for a code still waiting to be used: once it was used
    // (a phone bound), or has died, another may be sent at once.
    let last: Option<i64> = sqlx::query_scalar(
        "SELECT max(created_at) FROM one_time_codes WHERE subject = $1 AND purpose = $2 \
         AND used = 0 AND expires_at > $3 AND failures < $4",
    )
    .bind(&subject)
    .bind(purpose.code())
    .bind(now)
    .bind(CODE_TRIES)
    .fetch_one(&mut *tx)
    .await?;
    if let Some(last) = last
        && now < last + CODE_RESEND_SECS
    {
        return Err(ApiError {
            status: StatusCode::TOO_MANY_REQUESTS,
            code: "code_too_soon",
            message: "a code was sent a moment ago; wait before asking again".into(),
            detail: None,
        }
        .with("retry_after", last + CODE_RESEND_SECS - now));
    }
    day_allows(&mut tx, &subject, now).await?;
    if let Some(device) = &device {
        let (asked, oldest): (i64, Option<i64>) = sqlx::query_as(
            "SELECT CAST(COALESCE(sum(CASE WHEN used = 1 THEN 0 ELSE 1 END), 0) AS BIGINT), \
             min(created_at) FROM one_time_codes WHERE device_id = $1 AND created_at > $2",
        )
        .bind(device)
        .bind(now - 24 * 3600)
        .fetch_one(&mut *tx)
        .await?;
        if asked >= CODES_PER_PHONE_PER_DAY {
            tracing::warn!("one-time codes for a phone used up for the day");
            return Err(too_many_codes(oldest.unwrap_or(now) + 24 * 3600 - now));
        }
    }
    // An earlier code for the same purpose dies with the new one
    // (withdrawn: 2; 1 is a code that did its job).
    sqlx::query(
        "UPDATE one_time_codes SET used = 2 WHERE subject = $1 AND purpose = $2 AND used = 0",
    )
    .bind(&subject)
    .bind(purpose.code())
    .execute(&mut *tx)
    .await?;
    let code = format!("{:06}", rand::rng().random_range(0..1_000_000u32));
    let expires_at = now + CODE_TTL_SECS;
    let code_id: i64 = sqlx::query_scalar(
        "INSERT INTO one_time_codes (customer_id, subject, device_id, purpose, code_hash, failures, used, expires_at, created_at) \
         VALUES ($1, $2, $3, $4, '', 0, 0, $5, $6) RETURNING id",
    )
    .bind(customer.as_ref().map(|c| c.0.clone()))
    .bind(&subject)
    .bind(&device)
    .bind(purpose.code())
    .bind(expires_at)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    // A decoy's hash is of a code nobody was sent: no answer opens it.
    let kept = match &customer {
        Some(_) => code_hash(&state, code_id, &code),
        None => code_hash(&state, code_id, &auth::new_nonce()),
    };
    sqlx::query("UPDATE one_time_codes SET code_hash = $1 WHERE id = $2")
        .bind(kept)
        .bind(code_id)
        .execute(&mut *tx)
        .await?;
    let shown = match &customer {
        Some((customer_id, phone)) => {
            sqlx::query(
                "INSERT INTO sandbox_sms (customer_id, code_id, phone, body, created_at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(customer_id)
            .bind(code_id)
            .bind(phone)
            .bind(sms_text(purpose, &code))
            .bind(now)
            .execute(&mut *tx)
            .await?;
            auth::mask_phone(phone)
        }
        None => decoy_phone(&state, &id_number),
    };
    tx.commit().await?;
    tracing::info!(purpose = purpose.code(), "one-time code sent");
    Ok((
        StatusCode::CREATED,
        Json(wire_body(&CodeSent {
            code_id,
            phone: shown,
            expires_at,
            resend_after: now + CODE_RESEND_SECS,
        })),
    )
        .into_response())
}

/// Takes a one-time code inside `tx`: the customer it was sent to, with the
/// code spent. A wrong code is counted in `tx` and refused: the caller
/// commits `tx` before answering, so the count holds. Once the day's wrong
/// answers for the code's ID number are used up, no code of it is taken.
pub(crate) async fn take_code(
    state: &AppState,
    tx: &mut Tx<'_>,
    code_id: i64,
    code: &str,
    purpose: CodePurpose,
    now: i64,
) -> Result<Result<String, ApiError>, sqlx::Error> {
    type CodeRow = (Option<String>, String, String, String, i64, i64, i64);
    let row: Option<CodeRow> = sqlx::query_as(
        "SELECT customer_id, subject, purpose, code_hash, failures, used, expires_at \
         FROM one_time_codes WHERE id = $1",
    )
    .bind(code_id)
    .fetch_optional(&mut **tx)
    .await?;
    let Some((customer, subject, _, hash, failures, used, expires_at)) =
        row.filter(|r| r.2 == purpose.code())
    else {
        return Ok(Err(ApiError::not_found("unknown_code", "no such code")));
    };
    if used != 0 {
        return Ok(Err(ApiError::conflict(
            "code_used",
            "this code was used already, or a newer one was sent",
        )));
    }
    if now >= expires_at || failures >= CODE_TRIES {
        return Ok(Err(ApiError {
            status: StatusCode::GONE,
            code: "code_expired",
            message: "this code has expired; ask for a new one".into(),
            detail: None,
        }));
    }
    if let Err(e) = day_allows_answers(tx, &subject, now).await? {
        return Ok(Err(e));
    }
    let right = code_hash(state, code_id, code.trim()) == hash;
    let Some(customer) = customer.filter(|_| right) else {
        sqlx::query("UPDATE one_time_codes SET failures = failures + 1 WHERE id = $1")
            .bind(code_id)
            .execute(&mut **tx)
            .await?;
        let left = (CODE_TRIES - failures - 1).max(0);
        tracing::warn!(tries_left = left, "wrong one-time code");
        let e = if left == 0 {
            ApiError {
                status: StatusCode::GONE,
                code: "code_expired",
                message: "too many wrong tries; ask for a new code".into(),
                detail: None,
            }
        } else {
            ApiError {
                status: StatusCode::UNAUTHORIZED,
                code: "wrong_code",
                message: "the code is not right".into(),
                detail: None,
            }
            .with("tries_left", left)
        };
        return Ok(Err(e));
    };
    sqlx::query("UPDATE one_time_codes SET used = 1 WHERE id = $1")
        .bind(code_id)
        .execute(&mut **tx)
        .await?;
    Ok(Ok(customer))
}

/// The day's wrong answers for an ID number, across its codes: refused once
/// [`WRONG_CODES_PER_DAY`] are used up (a fresh code does not start again).
async fn day_allows_answers(
    tx: &mut Tx<'_>,
    subject: &str,
    now: i64,
) -> Result<Result<(), ApiError>, sqlx::Error> {
    let (wrong, oldest): (i64, Option<i64>) = sqlx::query_as(
        "SELECT CAST(COALESCE(sum(failures), 0) AS BIGINT), min(created_at) FROM one_time_codes WHERE subject = $1 AND created_at > $2",
    )
    .bind(subject)
    .bind(now - 24 * 3600)
    .fetch_one(&mut **tx)
    .await?;
    if wrong >= WRONG_CODES_PER_DAY {
        tracing::warn!("wrong one-time codes for an ID number used up for the day");
        return Ok(Err(too_many_codes(oldest.unwrap_or(now) + 24 * 3600 - now)));
    }
    Ok(Ok(()))
}

/// Checks the body of `POST /v1/devices` (nothing read from the database).
pub(crate) fn registration(body: &Value) -> Result<BindDevice, ApiError> {
    Ok(BindDevice::decode(body)?)
}

/// `POST /v1/devices`: binds a phone, with a one-time code.
#[utoipa::path(
    post,
    path = "/v1/devices",
    tag = "enrolment",
    summary = "Bind a phone with a one-time code",
    request_body = BindDevice,
    responses(
        (status = 201, description = "the phone is bound; `token` is its device token", body = DeviceBound),
        (status = 400, description = "malformed: not a JSON object, an unreadable query, a missing header", body = ErrorBody),
        (status = 401, description = "no valid token, or a wrong code or signature", body = ErrorBody),
        (status = 404, description = "no such thing (for this customer)", body = ErrorBody),
        (status = 409, description = "conflicts with the current state, or the key was used with another request", body = ErrorBody),
        (status = 410, description = "expired", body = ErrorBody),
        (status = 422, description = "a field is missing or not acceptable", body = ErrorBody)
    )
)]
pub async fn register(
    State(state): State<AppState>,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<Response, ApiError> {
    let body = json_body(body)?;
    let BindDevice {
        name,
        code,
        code_id,
        public_key,
    } = registration(&body)?;
    let now = state.now();
    let mut tx = state.db.begin().await?;
    state.db.lock_change_log(&mut tx).await?;
    let customer_id =
        match take_code(&state, &mut tx, code_id, &code, CodePurpose::Bind, now).await? {
            Ok(c) => c,
            Err(e) => {
                tx.commit().await?;
                return Err(e);
            }
        };
    let mut raw = [0u8; 32];
    rand::rng().fill_bytes(&mut raw);
    let token = hex::encode(raw);
    rand::rng().fill_bytes(&mut raw[..16]);
    let device_id = format!("dev-{}", hex::encode(&raw[..16]));
    let earlier: i64 = sqlx::query_scalar("SELECT count(*) FROM devices WHERE customer_id = $1")
        .bind(&customer_id)
        .fetch_one(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO devices (id, customer_id, name, token_hash, created_at, public_key) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(&device_id)
        .bind(&customer_id)
        .bind(&name)
        .bind(sha256_hex(token.as_bytes()))
        .bind(now)
        .bind(&public_key)
        .execute(&mut *tx)
        .await?;
    let pin_set: i64 =
        sqlx::query_scalar("SELECT count(*) FROM customer_pins WHERE customer_id = $1")
            .bind(&customer_id)
            .fetch_one(&mut *tx)
            .await?;
    // Every phone of hers hears of it: the others show "a new phone was
    // bound" until she says it is hers (and learn their own place in the
    // order of binding from their own entry).
    crate::db::insert_change(
        &mut tx,
        &customer_id,
        "phone_bound",
        &device_id,
        &wire_body(&PhoneBound {
            id: device_id.clone(),
            name: name.clone(),
            bound_at: now,
        }),
        now,
    )
    .await?;
    if earlier > 0 {
        crate::family::alert(
            &mut tx,
            &customer_id,
            happylife_core::family::AlertKind::NewDevice,
            None,
            None,
            now,
        )
        .await?;
    }
    tx.commit().await?;
    tracing::info!("device registered");
    Ok((
        StatusCode::CREATED,
        Json(wire_body(&DeviceBound {
            device_id,
            token,
            customer_id,
            pin_set: pin_set > 0,
        })),
    )
        .into_response())
}

/// The checked body of `POST /v1/auth/pin-reset`: (code, code id).
pub(crate) fn pin_reset_code(body: &Value) -> Result<(String, i64), ApiError> {
    let a = CodeAnswer::decode(body)?;
    Ok((a.code, a.code_id))
}

/// `POST /v1/auth/pin-reset` `{code_id, code}` with the bound phone's
/// device token: takes a PIN-reset code sent to this phone's customer; the
/// phone may then set a new PIN at the bank (the phone checks the
/// voiceprint before it asks).
#[utoipa::path(
    post,
    path = "/v1/auth/pin-reset",
    tag = "enrolment",
    summary = "Take the PIN-reset code on the bound phone",
    request_body = CodeAnswer,
    security(("device" = [])),
    responses(
        (status = 200, description = "the code was right and is spent", body = PinResetTaken),
        (status = 400, description = "malformed: not a JSON object, an unreadable query, a missing header", body = ErrorBody),
        (status = 401, description = "no valid token, or a wrong code or signature", body = ErrorBody),
        (status = 404, description = "no such thing (for this customer)", body = ErrorBody),
        (status = 409, description = "conflicts with the current state, or the key was used with another request", body = ErrorBody),
        (status = 410, description = "expired", body = ErrorBody),
        (status = 422, description = "a field is missing or not acceptable", body = ErrorBody)
    )
)]
pub async fn confirm_pin_reset(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let phone = device_of(&state, &headers).await?;
    let body = json_body(body)?;
    let (code, code_id) = pin_reset_code(&body)?;
    let now = state.now();
    let mut tx = state.db.begin().await?;
    let taken = take_code(&state, &mut tx, code_id, &code, CodePurpose::PinReset, now).await?;
    let customer = match taken {
        Ok(c) if c == phone.customer => c,
        Ok(_) => {
            // Another customer's code: as good as none, and not spent.
            return Err(ApiError::not_found("unknown_code", "no such code"));
        }
        Err(e) => {
            tx.commit().await?;
            return Err(e);
        }
    };
    let _ = customer;
    // This phone may now set a new PIN at the bank, for a little while.
    sqlx::query("UPDATE devices SET pin_reset_until = $1 WHERE id = $2")
        .bind(now + PIN_RESET_GRANT_SECS)
        .bind(&phone.device)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    tracing::info!("PIN reset code taken");
    Ok(Json(wire_body(&PinResetTaken { pin_reset: true })))
}

/// `GET /v1/sandbox/customers/{id}` (sandbox): what the customer would
/// know by heart.
#[utoipa::path(
    get,
    path = "/v1/sandbox/customers/{id}",
    tag = "sandbox",
    summary = "What a demo customer knows by heart (sandbox)",
    params(
        ("id" = String, Path, description = "customer id", max_length = 64)
    ),
    responses(
        (status = 200, description = "the customer", body = SandboxCustomer),
        (status = 404, description = "no such thing (for this customer)", body = ErrorBody)
    )
)]
pub async fn sandbox_customer(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<SandboxCustomer>, ApiError> {
    if !plain_id(&id, 64) {
        return Err(ApiError::not_found(
            "unknown_customer",
            "no customer with this id",
        ));
    }
    let row: Option<(Option<String>, Option<String>)> =
        sqlx::query_as("SELECT id_number, phone FROM customers WHERE id = $1")
            .bind(&id)
            .fetch_optional(&state.db.pool)
            .await?;
    let (id_number, phone) =
        row.ok_or_else(|| ApiError::not_found("unknown_customer", "no customer with this id"))?;
    use happylife_core::accounts::demo::{DAUGHTER, DEMO_CUSTOMER_ID, DEMO_PIN};
    let demo_pin = [DEMO_CUSTOMER_ID, DAUGHTER.id]
        .contains(&id.as_str())
        .then_some(DEMO_PIN);
    Ok(Json(SandboxCustomer {
        id_number,
        phone,
        demo_pin: demo_pin.map(str::to_string),
    }))
}

/// `GET /v1/sandbox/sms?customer_id=…` or `?code_id=…` (sandbox): the
/// messages the bank sent to the customer's phone, newest first (or the
/// one that carried that code).
#[utoipa::path(
    get,
    path = "/v1/sandbox/sms",
    tag = "sandbox",
    summary = "The text messages the bank sent (sandbox), newest first",
    params(
        ("customer_id" = Option<String>, Query, description = "whose messages (or give code_id)", min_length = 1, max_length = 64),
        ("code_id" = Option<i64>, Query, description = "the message that carried this code")
    ),
    responses(
        (status = 200, description = "the messages", body = SandboxSms),
        (status = 400, description = "malformed: not a JSON object, an unreadable query, a missing header", body = ErrorBody)
    )
)]
pub async fn sandbox_sms(
    State(state): State<AppState>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Json<SandboxSms>, ApiError> {
    let rows: Vec<(String, String, i64)> = match (params.get("customer_id"), params.get("code_id")) {
        (Some(customer), None) if plain_id(customer, 64) => {
            sqlx::query_as(
                "SELECT phone, body, created_at FROM sandbox_sms WHERE customer_id = $1 ORDER BY id DESC LIMIT 20",
            )
            .bind(customer)
            .fetch_all(&state.db.pool)
            .await?
        }
        (None, Some(code)) => {
            let code: i64 = code
                .parse()
                .map_err(|_| ApiError::bad_request("invalid_field", "code_id is a number"))?;
            sqlx::query_as("SELECT phone, body, created_at FROM sandbox_sms WHERE code_id = $1")
                .bind(code)
                .fetch_all(&state.db.pool)
                .await?
        }
        _ => {
            return Err(ApiError::bad_request(
                "invalid_field",
                "customer_id or code_id is needed",
            ));
        }
    };
    let messages = rows
        .into_iter()
        .map(|(phone, body, created_at)| Sms {
            phone: auth::mask_phone(&phone),
            body,
            created_at,
        })
        .collect();
    Ok(Json(SandboxSms { messages }))
}

/// Gives the demo customers their ID numbers and mobile numbers (also to a
/// bank written before binding needed them).
pub async fn seed(tx: &mut Tx<'_>) -> Result<(), sqlx::Error> {
    use happylife_core::accounts::demo::{DAUGHTER, DEMO_CUSTOMER_ID};
    for (id, region, sequence, phone) in [
        (DEMO_CUSTOMER_ID, "110105", 2, "13800006688"),
        (DAUGHTER.id, "310104", 24, "13900001234"),
    ] {
        let birth: Option<String> = sqlx::query_scalar(
            "SELECT birth_date FROM customers WHERE id = $1 AND id_number IS NULL",
        )
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
        let Some(birth) =
            birth.and_then(|b| chrono::NaiveDate::parse_from_str(&b, "%Y-%m-%d").ok())
        else {
            continue;
        };
        sqlx::query("UPDATE customers SET id_number = $1, phone = $2 WHERE id = $3")
            .bind(IdNumber::from_parts(region, birth, sequence).as_str())
            .bind(phone)
            .bind(id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

// The sandbox's answers (testers only; the phone never asks for them).

/// A demo customer's ID number and mobile number (sandbox).
#[derive(Serialize, ToSchema)]
pub struct SandboxCustomer {
    /// Resident ID number.
    pub id_number: Option<String>,
    /// Mobile number.
    pub phone: Option<String>,
    /// The PIN the sandbox gave a demo customer (none for others).
    pub demo_pin: Option<String>,
}

/// Text messages (sandbox).
#[derive(Serialize, ToSchema)]
pub struct SandboxSms {
    /// Newest first.
    pub messages: Vec<Sms>,
}

/// One text message.
#[derive(Serialize, ToSchema)]
pub struct Sms {
    /// Masked.
    pub phone: String,
    /// The text, in 简体中文.
    pub body: String,
    /// Unix seconds.
    pub created_at: i64,
}
