//! Transfers at the sandbox bank. The bank re-runs the core's risk engine
//! with what only it knows (the whole list, the full history) and has the
//! last word; money moves only inside one transaction holding the
//! change-log lock, after the balance and the daily limit are checked.
//!
//! - `POST /v1/transfers` with `Idempotency-Key`:
//!   `{from_account_id, payee_id | payee: {account, name, relationship?, save?},
//!     amount_fen, note?, delay?: none|2h|24h, acknowledged?, context?}`
//!   → 201 completed or scheduled; 202 awaiting co-sign; 403 `transfer_blocked`
//!   (with reasons); 409 `needs_confirmation` (a warning or co-sign with no
//!   ticket that acknowledges it: the warning and a fresh ticket, nothing
//!   else written); 409 `warning_wait` (the ticket's wait is not over);
//!   422 `insufficient_funds` / `daily_limit_exceeded` / bad fields.
//!   `acknowledged: {ticket}` is the ticket the bank issued with the warning
//!   (see [`crate::tickets`]).
//! - `POST /v1/transfers/check`: the bank's own risk check of the same body,
//!   nothing moved: `{risk, ticket?}` (the ticket for a warning or co-sign,
//!   so her wait starts while she reads).
//! - `POST /v1/transfers/{id}/cancel`: a delayed transfer, before it arrives.
//! - `GET /v1/transfers/by-key/{key}`: what became of a request whose reply
//!   was lost (never re-sends it).

use crate::AppState;
use crate::api::{
    authenticate, idempotency_key, json_body, sha256_hex, store_response, stored_response,
};
use crate::db::insert_change;
use crate::error::ApiError;
use crate::error::ErrorBody;
use crate::tickets;
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use happylife_core::family::{self, AlertKind};
use happylife_core::fraud::{self, Kind, normalize};
use happylife_core::transfers::request::ContextJson;
use happylife_core::transfers::risk::{CustomerFacts, PayeeFacts, TransferFacts};
use happylife_core::transfers::{self, Decision, Delay, assess};
use serde_json::{Value, json};
use utoipa::ToSchema;

type Tx<'a> = sqlx::Transaction<'a, sqlx::Any>;

/// Longest payee name.
const MAX_NAME: usize = 40;

fn bad(code: &'static str, message: &str) -> ApiError {
    ApiError::unprocessable(code, message)
}

fn last4(account: &str) -> String {
    account[account.len().saturating_sub(4)..].to_string()
}

#[derive(sqlx::FromRow)]
struct TransferRow {
    id: i64,
    client_key: String,
    from_account_id: i64,
    payee_name: String,
    payee_account: String,
    amount_fen: i64,
    note: String,
    status: String,
    decision: String,
    reasons: String,
    arrive_at: Option<i64>,
    created_at: i64,
}

impl TransferRow {
    /// As devices receive it: the payee's last four digits only.
    fn json(&self) -> Value {
        json!({
            "id": self.id, "client_key": self.client_key, "from_account_id": self.from_account_id,
            "payee_name": self.payee_name, "last4": last4(&self.payee_account),
            "amount_fen": self.amount_fen, "note": self.note, "status": self.status,
            "decision": self.decision,
            "reasons": serde_json::from_str::<Value>(&self.reasons).unwrap_or(json!([])),
            "arrive_at": self.arrive_at, "created_at": self.created_at,
        })
    }
}

const TRANSFER_COLUMNS: &str = "id, client_key, from_account_id, payee_name, payee_account, amount_fen, note, status, \
                                decision, reasons, arrive_at, created_at";

async fn load_by(
    tx: &mut Tx<'_>,
    customer: &str,
    id: i64,
) -> Result<Option<TransferRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {TRANSFER_COLUMNS} FROM transfers WHERE customer_id = $1 AND id = $2"
    )))
    .bind(customer)
    .bind(id)
    .fetch_optional(&mut **tx)
    .await
}

/// Re-reads a transfer after it changed and logs it for the customer's
/// devices (caller holds the change-log lock).
async fn log_transfer(
    tx: &mut Tx<'_>,
    customer: &str,
    id: i64,
    now: i64,
) -> Result<TransferRow, ApiError> {
    let row = load_by(tx, customer, id)
        .await?
        .ok_or_else(ApiError::internal)?;
    insert_change(tx, customer, "transfer", &id.to_string(), &row.json(), now).await?;
    Ok(row)
}

/// Posts a transaction on an account, moves its balance, and logs both changes.
pub(crate) async fn post(
    tx: &mut Tx<'_>,
    customer: &str,
    account_id: i64,
    amount_fen: i64,
    category: &str,
    counterparty: &str,
    now: i64,
) -> Result<i64, ApiError> {
    let balance: i64 = sqlx::query_scalar(
        "UPDATE accounts SET balance_fen = balance_fen + $1 WHERE id = $2 AND customer_id = $3 RETURNING balance_fen",
    )
    .bind(amount_fen)
    .bind(account_id)
    .bind(customer)
    .fetch_one(&mut **tx)
    .await?;
    let id: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) + 1 FROM transactions")
        .fetch_one(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO transactions (id, account_id, posted_at, amount_fen, balance_after_fen, category, counterparty) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id)
    .bind(account_id)
    .bind(now)
    .bind(amount_fen)
    .bind(balance)
    .bind(category)
    .bind(counterparty)
    .execute(&mut **tx)
    .await?;
    let t = json!({
        "id": id, "account_id": account_id, "posted_at": now, "amount_fen": amount_fen,
        "balance_after_fen": balance, "category": category, "counterparty": counterparty,
    });
    insert_change(tx, customer, "transaction", &id.to_string(), &t, now).await?;
    // The account's own change carries the new balance.
    let (kind, l4, opened, order, details): (String, String, String, i64, String) = sqlx::query_as(
        "SELECT kind, number_last4, opened_on, sort_order, details FROM accounts WHERE id = $1",
    )
    .bind(account_id)
    .fetch_one(&mut **tx)
    .await?;
    let a = json!({
        "id": account_id, "kind": kind, "last4": l4, "currency": "CNY", "balance_fen": balance,
        "opened_on": opened, "sort_order": order,
        "details": serde_json::from_str::<Value>(&details).unwrap_or(json!({})),
    });
    insert_change(tx, customer, "account", &account_id.to_string(), &a, now).await?;
    Ok(balance)
}

/// Marks delayed transfers whose time has come as arrived.
pub async fn settle_due(state: &AppState, customer: &str) -> Result<(), ApiError> {
    let now = state.now();
    let due: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM transfers WHERE customer_id = $1 AND status = 'scheduled' AND arrive_at <= $2",
    )
    .bind(customer)
    .bind(now)
    .fetch_all(&state.db.pool)
    .await?;
    if due.is_empty() {
        return Ok(());
    }
    let mut tx = state.db.begin().await?;
    state.db.lock_change_log(&mut tx).await?;
    for id in due {
        let done = sqlx::query(
            "UPDATE transfers SET status = 'completed' WHERE id = $1 AND status = 'scheduled'",
        )
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 1 {
            log_transfer(&mut tx, customer, id, now).await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

pub(crate) struct Payee {
    id: Option<i64>,
    name: String,
    account: String,
    relationship: Option<String>,
    save: bool,
}

async fn resolve_payee(state: &AppState, customer: &str, body: &Value) -> Result<Payee, ApiError> {
    type SavedPayee = (i64, String, String, Option<String>);
    let new = match payee_choice(body)? {
        PayeeChoice::New(p) => p,
        PayeeChoice::Saved(id) => {
            let row: Option<SavedPayee> = sqlx::query_as(
                "SELECT id, name, account, relationship FROM payees WHERE id = $1 AND customer_id = $2",
            )
            .bind(id)
            .bind(customer)
            .fetch_optional(&state.db.pool)
            .await?;
            let (id, name, account, relationship) =
                row.ok_or_else(|| ApiError::not_found("unknown_payee", "no such saved payee"))?;
            return Ok(Payee {
                id: Some(id),
                name,
                account,
                relationship,
                save: false,
            });
        }
    };
    // An account already saved is that payee, whatever it was typed as.
    let saved: Option<SavedPayee> = sqlx::query_as(
        "SELECT id, name, account, relationship FROM payees WHERE account = $1 AND customer_id = $2",
    )
    .bind(&new.account)
    .bind(customer)
    .fetch_optional(&state.db.pool)
    .await?;
    if let Some((id, saved_name, account, saved_rel)) = saved {
        return Ok(Payee {
            id: Some(id),
            name: saved_name,
            account,
            relationship: saved_rel,
            save: false,
        });
    }
    Ok(new)
}

/// `from_account_id` of a transfer (an id; the database says whose).
pub(crate) fn from_account(body: &Value) -> Result<i64, ApiError> {
    body.get("from_account_id")
        .and_then(Value::as_i64)
        .ok_or_else(|| bad("invalid_field", "from_account_id must be an account id"))
}

/// What a transfer asks for, checked: everything of the body but the
/// accounts.
pub(crate) struct TransferTerms {
    /// 1 fen to [`transfers::request::MAX_AMOUNT_FEN`].
    pub amount: i64,
    /// Trimmed, up to 200 characters.
    pub note: String,
    /// Delayed arrival.
    pub delay: Delay,
    /// The warning ticket the bank issued and the elder went on from.
    pub ticket: Option<String>,
    /// The phone's signals.
    pub context: happylife_core::transfers::ContextFacts,
}

/// Checks the terms of `POST /v1/transfers` (nothing read from the database).
pub(crate) fn transfer_terms(body: &Value) -> Result<TransferTerms, ApiError> {
    let amount = body
        .get("amount_fen")
        .and_then(Value::as_i64)
        .filter(|a| (1..=transfers::request::MAX_AMOUNT_FEN).contains(a))
        .ok_or_else(|| {
            bad(
                "invalid_amount",
                "amount_fen must be a whole number of fen above 0",
            )
        })?;
    let note = match body.get("note") {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(n))
            if n.chars().count() <= transfers::request::MAX_NOTE_CHARS
                && !n.chars().any(char::is_control) =>
        {
            n.trim().to_string()
        }
        Some(_) => {
            return Err(bad(
                "invalid_note",
                "the note must be up to 200 characters of text",
            ));
        }
    };
    let delay = match body.get("delay") {
        None | Some(Value::Null) => Delay::None,
        Some(v) => v
            .as_str()
            .and_then(Delay::from_code)
            .ok_or_else(|| bad("invalid_field", "delay must be none, 2h or 24h"))?,
    };
    // The ticket the bank issued with the warning she read. An echoed
    // `{decision, reasons}` (what phones sent before tickets) is read as
    // no acknowledgement: the answer is the warning with a ticket.
    let ticket = match body.get("acknowledged") {
        None | Some(Value::Null) => None,
        Some(a) if a.is_object() => match a.get("ticket") {
            None | Some(Value::Null) => None,
            Some(Value::String(t))
                if (1..=128).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_graphic()) =>
            {
                Some(t.clone())
            }
            Some(_) => {
                return Err(bad(
                    "invalid_field",
                    "acknowledged.ticket must be the ticket the bank issued with the warning",
                ));
            }
        },
        Some(_) => {
            return Err(bad(
                "invalid_field",
                "acknowledged must be {ticket} as the bank issued it with the warning",
            ));
        }
    };
    let context: ContextJson = match body.get("context") {
        None | Some(Value::Null) => ContextJson::default(),
        Some(v) => serde_json::from_value(v.clone())
            .map_err(|e| bad("invalid_field", &format!("context: {e}")))?,
    };
    let context = context
        .facts()
        .map_err(|_| bad("invalid_field", "context hours must be 0 or more"))?;
    Ok(TransferTerms {
        amount,
        note,
        delay,
        ticket,
        context,
    })
}

/// Whom a transfer is to, as the body says.
pub(crate) enum PayeeChoice {
    /// A saved payee, by id.
    Saved(i64),
    /// Someone typed in.
    New(Payee),
}

/// Checks the payee part of `POST /v1/transfers` (nothing read from the database).
pub(crate) fn payee_choice(body: &Value) -> Result<PayeeChoice, ApiError> {
    if let Some(id) = body.get("payee_id") {
        let id = id
            .as_i64()
            .ok_or_else(|| bad("invalid_field", "payee_id must be a number"))?;
        return Ok(PayeeChoice::Saved(id));
    }
    let p = body
        .get("payee")
        .filter(|p| p.is_object())
        .ok_or_else(|| bad("invalid_field", "give payee_id or payee {account, name}"))?;
    let account = p
        .get("account")
        .and_then(Value::as_str)
        .and_then(normalize::account)
        .ok_or_else(|| {
            bad(
                "invalid_account",
                "the account number must be 12 to 25 digits",
            )
        })?
        .value;
    let name = p
        .get("name")
        .and_then(Value::as_str)
        .map(str::trim)
        .unwrap_or_default();
    if name.is_empty() || name.chars().count() > MAX_NAME || name.chars().any(char::is_control) {
        return Err(bad(
            "invalid_name",
            "the payee's name must be 1 to 40 characters",
        ));
    }
    let relationship = match p.get("relationship") {
        None | Some(Value::Null) => None,
        Some(Value::String(r)) if r.chars().count() <= 20 && !r.chars().any(char::is_control) => {
            Some(r.trim().to_string()).filter(|r| !r.is_empty())
        }
        Some(_) => {
            return Err(bad(
                "invalid_field",
                "relationship must be up to 20 characters",
            ));
        }
    };
    let save = p.get("save").and_then(Value::as_bool).unwrap_or(false);
    Ok(PayeeChoice::New(Payee {
        id: None,
        name: name.to_string(),
        account,
        relationship,
        save,
    }))
}

/// 409 `needs_confirmation`: the warning, and the ticket that will
/// acknowledge it once it has been read.
fn needs_confirmation(risk: &Value, ticket: Value) -> Response {
    let body = json!({ "error": {
        "code": "needs_confirmation",
        "message": "this transfer has a warning the customer must read and confirm",
        "risk": risk, "ticket": ticket,
    }});
    (StatusCode::CONFLICT, Json(body)).into_response()
}

/// 409 `warning_wait`: the ticket is right but its wait is not over.
fn warning_wait(risk: &Value, secs_left: i64) -> Response {
    let body = json!({ "error": {
        "code": "warning_wait",
        "message": "the warning must stay on the customer's screen for its whole wait",
        "risk": risk, "secs_left": secs_left,
    }});
    (StatusCode::CONFLICT, Json(body)).into_response()
}

/// The bank's own risk check of a transfer body, with what only it knows
/// (the whole list, the history, the phone's age, the PIN's last reset);
/// nothing written.
struct Checked {
    from: i64,
    terms: TransferTerms,
    payee: Payee,
    a: happylife_core::transfers::Assessment,
    /// Her daily transfer limit.
    limit: i64,
    now: i64,
    now_at: chrono::DateTime<chrono::FixedOffset>,
}

impl Checked {
    /// What a warning ticket is bound to.
    fn ticket_terms(&self) -> tickets::Terms<'_> {
        tickets::Terms {
            from: self.from,
            payee_account: &self.payee.account,
            amount: self.terms.amount,
            delay: self.terms.delay,
            note: &self.terms.note,
        }
    }

    fn risk(&self) -> Value {
        json!({
            "decision": self.a.decision.code(), "reasons": reason_codes(&self.a),
            "category": self.a.category.map(|c| c.code()), "wait_seconds": self.a.wait_seconds,
        })
    }
}

/// The decision's reasons as their wire codes.
fn reason_codes(a: &happylife_core::transfers::Assessment) -> Vec<&'static str> {
    a.reasons.iter().map(|r| r.code()).collect()
}

async fn bank_check(
    state: &AppState,
    customer: &str,
    device_id: &str,
    body: &Value,
) -> Result<Checked, ApiError> {
    let from = from_account(body)?;
    let kind: Option<String> =
        sqlx::query_scalar("SELECT kind FROM accounts WHERE id = $1 AND customer_id = $2")
            .bind(from)
            .bind(customer)
            .fetch_optional(&state.db.pool)
            .await?;
    if kind.as_deref() != Some("debit") {
        return Err(bad(
            "invalid_account",
            "transfers leave from one of your debit accounts",
        ));
    }
    let terms = transfer_terms(body)?;
    let (amount, note) = (terms.amount, terms.note.clone());
    let payee = resolve_payee(state, customer, body).await?;

    // What only the bank knows: the whole list, the history, the age.
    let listed = state
        .blocklist
        .lookup(state, fraud::key(Kind::Account, &payee.account))
        .await?;
    // A payee is new for a day after the first payment to it (or after it
    // was saved), whatever that payment's size.
    let first_paid: Option<i64> = sqlx::query_scalar(
        "SELECT min(created_at) FROM transfers WHERE customer_id = $1 AND payee_account = $2 \
         AND status IN ('completed', 'scheduled')",
    )
    .bind(customer)
    .bind(&payee.account)
    .fetch_one(&state.db.pool)
    .await?;
    let saved_at: Option<i64> = sqlx::query_scalar(
        "SELECT min(created_at) FROM payees WHERE customer_id = $1 AND account = $2",
    )
    .bind(customer)
    .bind(&payee.account)
    .fetch_one(&state.db.pool)
    .await?;
    let now = state.now();
    let is_new = transfers::risk::payee_is_new(first_paid.into_iter().chain(saved_at).min(), now);
    // The phone's age and the PIN's last reset are the bank's facts; the
    // phone's word can only make them look more recent.
    let bound_at: i64 = sqlx::query_scalar("SELECT created_at FROM devices WHERE id = $1")
        .bind(device_id)
        .fetch_one(&state.db.pool)
        .await?;
    let reset_at: Option<i64> =
        sqlx::query_scalar("SELECT reset_at FROM customer_pins WHERE customer_id = $1")
            .bind(customer)
            .fetch_optional(&state.db.pool)
            .await?
            .flatten();
    let hours = |since: i64| (now - since).max(0) as f64 / 3600.0;
    let context = terms
        .context
        .with_bank_facts(Some(hours(bound_at)), reset_at.map(hours));
    let past: Vec<i64> = sqlx::query_scalar(
        "SELECT t.amount_fen FROM transactions t JOIN accounts a ON a.id = t.account_id \
         WHERE a.customer_id = $1 AND t.category = 'transfer_out'",
    )
    .bind(customer)
    .fetch_all(&state.db.pool)
    .await?;
    let (birth, limit): (String, i64) =
        sqlx::query_as("SELECT birth_date, daily_limit_fen FROM customers WHERE id = $1")
            .bind(customer)
            .fetch_one(&state.db.pool)
            .await?;
    let now_at = state.at();
    let recent_reports: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM scam_reports WHERE customer_id = $1 AND created_at >= $2",
    )
    .bind(customer)
    .bind(now_at.timestamp() - transfers::risk::SCAM_REPORT_WINDOW_SECS)
    .fetch_one(&state.db.pool)
    .await?;
    let age = chrono::NaiveDate::parse_from_str(&birth, "%Y-%m-%d")
        .map(|b| happylife_core::accounts::age_on(b, now_at.date_naive()))
        .unwrap_or(0);
    let facts = TransferFacts {
        amount_fen: amount,
        payee: PayeeFacts {
            is_new,
            relationship: payee.relationship.clone(),
        },
        note: note.clone(),
        at: now_at,
        customer: CustomerFacts {
            age,
            median_transfer_fen: transfers::median_fen(past.into_iter().map(|a| -a).collect()),
        },
        context,
        payee_listed: listed.is_some(),
        payee_category: listed,
        payee_name: payee.name.clone(),
        recent_scam_report: recent_reports > 0,
    };
    let a = assess(&facts);
    Ok(Checked {
        from,
        terms,
        payee,
        a,
        limit,
        now,
        now_at,
    })
}

/// `POST /v1/transfers`.
#[utoipa::path(
    post,
    path = "/v1/transfers",
    tag = "transfers",
    summary = "Send money (the bank re-runs the risk engine and has the last word)",
    params(
        ("Idempotency-Key" = String, Header, description = "1–255 visible ASCII characters, new for each request; the same key and body again replay the stored answer", min_length = 1, max_length = 255, pattern = "^[!-~]+$")
    ),
    request_body = TransferRequest,
    security(("device" = [])),
    responses(
        (status = 201, description = "completed, or scheduled to arrive later", body = TransferDone),
        (status = 202, description = "waiting for a guardian's co-sign", body = TransferDone),
        (status = 400, description = "malformed: not a JSON object, an unreadable query, a missing header", body = ErrorBody),
        (status = 401, description = "no valid token, or a wrong code or signature", body = ErrorBody),
        (status = 403, description = "not allowed for this customer, role or request", body = ErrorBody),
        (status = 404, description = "no such thing (for this customer)", body = ErrorBody),
        (status = 409, description = "conflicts with the current state, or the key was used with another request", body = ErrorBody),
        (status = 422, description = "a field is missing or not acceptable", body = ErrorBody)
    )
)]
pub async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<Response, ApiError> {
    let (device_id, customer) = authenticate(&state, &headers).await?;
    let key = idempotency_key(&headers)?;
    let body = json_body(body)?;
    let request_hash = sha256_hex(body.to_string().as_bytes());
    if let Some(replay) = stored_response(&state, &device_id, &key, &request_hash).await? {
        return Ok(replay);
    }
    settle_due(&state, &customer).await?;
    // A co-sign that lapsed no longer counts against today's limit.
    crate::family::expire_approvals(&state).await?;

    let checked = bank_check(&state, &customer, &device_id, &body).await?;
    let risk = checked.risk();
    // A warning or a co-sign goes ahead only with the ticket the bank
    // issued with it, after its wait, once.
    let mut ticket = None;
    if tickets::needed(&checked.a) {
        let bound = checked.ticket_terms();
        let sent = checked.terms.ticket.as_deref();
        match tickets::check(&state, &customer, &device_id, &bound, &checked.a, sent).await? {
            tickets::Redeemable::Ready(id) => ticket = Some(id),
            tickets::Redeemable::Early { secs_left } => {
                return Ok(warning_wait(&risk, secs_left));
            }
            tickets::Redeemable::No => {
                let issued =
                    tickets::issue(&state, &customer, &device_id, &bound, &checked.a).await?;
                return Ok(needs_confirmation(&risk, issued));
            }
        }
    }
    let mut tx = state.db.begin().await?;
    state.db.lock_change_log(&mut tx).await?;
    if let Some(id) = ticket {
        // Spent with the money, under the change-log lock: a second request
        // with the same ticket finds it used and gets the warning again.
        if !tickets::spend(&mut tx, &id, checked.now).await? {
            drop(tx);
            let bound = checked.ticket_terms();
            let issued = tickets::issue(&state, &customer, &device_id, &bound, &checked.a).await?;
            return Ok(needs_confirmation(&risk, issued));
        }
    }
    let reasons = reason_codes(&checked.a);
    let Checked {
        from,
        terms,
        payee,
        a,
        limit,
        now,
        now_at,
    } = checked;
    let TransferTerms {
        amount,
        note,
        delay,
        ..
    } = terms;
    let (status, code) = match a.decision {
        Decision::Block => ("blocked", StatusCode::FORBIDDEN),
        Decision::Cosign => ("awaiting_cosign", StatusCode::ACCEPTED),
        Decision::Allow | Decision::Warn if delay == Delay::None => {
            ("completed", StatusCode::CREATED)
        }
        Decision::Allow | Decision::Warn => ("scheduled", StatusCode::CREATED),
    };
    let moves_money = matches!(status, "completed" | "scheduled");
    let mut balance = None;
    if moves_money {
        let have: i64 = sqlx::query_scalar("SELECT balance_fen FROM accounts WHERE id = $1")
            .bind(from)
            .fetch_one(&mut *tx)
            .await?;
        if have < amount {
            return Err(bad(
                "insufficient_funds",
                "the balance is lower than the amount",
            ));
        }
    }
    if status != "blocked" {
        let (start, end) = transfers::china_day(now_at);
        let today: i64 = sqlx::query_scalar(
            "SELECT CAST(COALESCE(SUM(amount_fen), 0) AS BIGINT) FROM transfers WHERE customer_id = $1 \
             AND status IN ('completed', 'scheduled', 'awaiting_cosign') AND created_at >= $2 AND created_at < $3",
        )
        .bind(&customer)
        .bind(start)
        .bind(end)
        .fetch_one(&mut *tx)
        .await?;
        if today + amount > limit {
            let body = json!({ "error": {
                "code": "daily_limit_exceeded",
                "message": "this would pass today's transfer limit",
                "limit_fen": limit, "remaining_fen": (limit - today).max(0),
            }});
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response());
        }
    }
    let mut payee_id = payee.id;
    if moves_money && payee.save && payee_id.is_none() {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO payees (customer_id, name, account, relationship, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(&customer)
        .bind(&payee.name)
        .bind(&payee.account)
        .bind(&payee.relationship)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        let p = json!({ "id": id, "name": payee.name, "relationship": payee.relationship, "last4": last4(&payee.account) });
        insert_change(&mut tx, &customer, "payee", &id.to_string(), &p, now).await?;
        payee_id = Some(id);
    }
    if moves_money {
        balance = Some(
            post(
                &mut tx,
                &customer,
                from,
                -amount,
                "transfer_out",
                &payee.name,
                now,
            )
            .await?,
        );
    }
    let arrive_at = (status == "scheduled").then(|| now + delay.seconds());
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO transfers (customer_id, device_id, client_key, from_account_id, payee_id, payee_name, payee_account, \
         amount_fen, note, status, decision, reasons, arrive_at, created_at, delay_secs) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id",
    )
    .bind(&customer)
    .bind(&device_id)
    .bind(&key)
    .bind(from)
    .bind(payee_id)
    .bind(&payee.name)
    .bind(&payee.account)
    .bind(amount)
    .bind(&note)
    .bind(status)
    .bind(a.decision.code())
    .bind(json!(reasons).to_string())
    .bind(arrive_at)
    .bind(now)
    .bind(delay.seconds())
    .fetch_one(&mut *tx)
    .await?;
    let row = log_transfer(&mut tx, &customer, id, now).await?;
    // The family hears about it; a co-sign waits for a guardian.
    let mut approval = None;
    let alert = match status {
        "blocked" => Some(AlertKind::TransferBlocked),
        "awaiting_cosign" => {
            approval = Some(
                crate::family::open_approval(&mut tx, &customer, id, amount, &payee.name, now)
                    .await?,
            );
            None
        }
        _ if a.decision == Decision::Warn => Some(AlertKind::TransferWarned),
        _ if amount >= family::LARGE_TRANSFER_ALERT_FEN => Some(AlertKind::LargeTransfer),
        _ => None,
    };
    if let Some(kind) = alert {
        crate::family::alert(
            &mut tx,
            &customer,
            kind,
            Some(amount),
            Some(&payee.name),
            now,
        )
        .await?;
    }
    let answer = if status == "blocked" {
        json!({ "error": {
            "code": "transfer_blocked",
            "message": "the bank stopped this transfer to protect the customer",
            "risk": risk, "transfer": row.json(),
        }})
    } else {
        json!({ "transfer": row.json(), "balance_fen": balance, "risk": risk, "approval": approval })
    };
    store_response(&mut tx, &device_id, &key, &request_hash, code, &answer, now).await?;
    tx.commit().await?;
    tracing::info!(
        transfer = id,
        status,
        decision = a.decision.code(),
        "transfer handled"
    );
    Ok((code, Json(answer)).into_response())
}

/// `POST /v1/transfers/check`.
#[utoipa::path(
    post,
    path = "/v1/transfers/check",
    tag = "transfers",
    summary = "The bank's own risk check of a transfer, nothing moved (a warning comes with its ticket)",
    request_body = TransferRequest,
    security(("device" = [])),
    responses(
        (status = 200, description = "the bank's answer, and for a warning or co-sign the ticket that acknowledges it after its wait", body = TransferChecked),
        (status = 400, description = "malformed: not a JSON object", body = ErrorBody),
        (status = 401, description = "no live session", body = ErrorBody),
        (status = 404, description = "no such payee (for this customer)", body = ErrorBody),
        (status = 422, description = "a field is missing or not acceptable", body = ErrorBody)
    )
)]
pub async fn check(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<Response, ApiError> {
    let (device_id, customer) = authenticate(&state, &headers).await?;
    let body = json_body(body)?;
    let checked = bank_check(&state, &customer, &device_id, &body).await?;
    let ticket = if tickets::needed(&checked.a) {
        let bound = checked.ticket_terms();
        Some(tickets::issue(&state, &customer, &device_id, &bound, &checked.a).await?)
    } else {
        None
    };
    Ok(Json(json!({ "risk": checked.risk(), "ticket": ticket })).into_response())
}

/// `POST /v1/transfers/{id}/cancel`.
#[utoipa::path(
    post,
    path = "/v1/transfers/{id}/cancel",
    tag = "transfers",
    summary = "Cancel a delayed transfer before it arrives",
    params(
        ("id" = i64, Path, description = "transfer id")
    ),
    security(("device" = [])),
    responses(
        (status = 200, description = "cancelled (the money is back)", body = TransferCancelled),
        (status = 401, description = "no valid token, or a wrong code or signature", body = ErrorBody),
        (status = 404, description = "no such thing (for this customer)", body = ErrorBody),
        (status = 409, description = "conflicts with the current state, or the key was used with another request", body = ErrorBody)
    )
)]
pub async fn cancel(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let (_, customer) = authenticate(&state, &headers).await?;
    let id: i64 = id
        .parse()
        .map_err(|_| ApiError::not_found("unknown_transfer", "no such transfer"))?;
    settle_due(&state, &customer).await?;
    let now = state.now();
    let mut tx = state.db.begin().await?;
    state.db.lock_change_log(&mut tx).await?;
    let row = load_by(&mut tx, &customer, id)
        .await?
        .ok_or_else(|| ApiError::not_found("unknown_transfer", "no such transfer"))?;
    let mut balance = None;
    match row.status.as_str() {
        "cancelled" => {}
        "scheduled" if row.arrive_at.is_some_and(|at| now < at) => {
            balance = Some(
                post(
                    &mut tx,
                    &customer,
                    row.from_account_id,
                    row.amount_fen,
                    "transfer_returned",
                    &row.payee_name,
                    now,
                )
                .await?,
            );
        }
        "awaiting_cosign" => {}
        "scheduled" | "completed" => {
            return Err(ApiError::conflict(
                "too_late_to_cancel",
                "the money has already arrived",
            ));
        }
        _ => {
            return Err(ApiError::conflict(
                "not_cancellable",
                "this transfer cannot be cancelled",
            ));
        }
    }
    let row = if row.status == "cancelled" {
        row
    } else {
        sqlx::query("UPDATE transfers SET status = 'cancelled' WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let row = log_transfer(&mut tx, &customer, id, now).await?;
        // A co-sign she withdrew herself no longer waits for the family.
        crate::family::close_for_transfer(&mut tx, id, now).await?;
        row
    };
    tx.commit().await?;
    Ok(Json(
        json!({ "transfer": row.json(), "balance_fen": balance }),
    ))
}

/// 我被骗了: every transfer of hers still waiting (for its delay, or for a
/// guardian) is cancelled and delayed money comes back (caller holds the
/// change-log lock). The number cancelled.
pub(crate) async fn cancel_waiting(
    tx: &mut Tx<'_>,
    customer: &str,
    now: i64,
) -> Result<u64, ApiError> {
    let waiting: Vec<(i64, String, i64, i64, String)> = sqlx::query_as(
        "SELECT id, status, from_account_id, amount_fen, payee_name FROM transfers WHERE customer_id = $1 \
         AND (status = 'awaiting_cosign' OR (status = 'scheduled' AND arrive_at > $2)) ORDER BY id",
    )
    .bind(customer)
    .bind(now)
    .fetch_all(&mut **tx)
    .await?;
    for (id, status, from, amount, payee) in &waiting {
        if status == "scheduled" {
            post(
                tx,
                customer,
                *from,
                *amount,
                "transfer_returned",
                payee,
                now,
            )
            .await?;
        }
        sqlx::query("UPDATE transfers SET status = 'cancelled' WHERE id = $1")
            .bind(id)
            .execute(&mut **tx)
            .await?;
        log_transfer(tx, customer, *id, now).await?;
        crate::family::close_for_transfer(tx, *id, now).await?;
    }
    Ok(waiting.len() as u64)
}

/// A guardian (and, where needed, the elder) approved a co-sign transfer:
/// the money goes now, if it is still there (caller holds the lock).
pub(crate) async fn complete_cosigned(
    tx: &mut Tx<'_>,
    customer: &str,
    id: i64,
    now: i64,
) -> Result<(), ApiError> {
    let row = load_by(tx, customer, id)
        .await?
        .ok_or_else(ApiError::internal)?;
    if row.status != "awaiting_cosign" {
        return Err(ApiError::conflict(
            "approval_closed",
            "this transfer is no longer waiting",
        ));
    }
    let have: i64 = sqlx::query_scalar("SELECT balance_fen FROM accounts WHERE id = $1")
        .bind(row.from_account_id)
        .fetch_one(&mut **tx)
        .await?;
    if have < row.amount_fen {
        return Err(bad(
            "insufficient_funds",
            "the balance is lower than the amount",
        ));
    }
    post(
        tx,
        customer,
        row.from_account_id,
        -row.amount_fen,
        "transfer_out",
        &row.payee_name,
        now,
    )
    .await?;
    // The delay she chose still holds: the money is taken now and can be
    // cancelled until it arrives.
    let delay: i64 = sqlx::query_scalar("SELECT delay_secs FROM transfers WHERE id = $1")
        .bind(id)
        .fetch_one(&mut **tx)
        .await?;
    if delay > 0 {
        sqlx::query("UPDATE transfers SET status = 'scheduled', arrive_at = $1 WHERE id = $2")
            .bind(now + delay)
            .bind(id)
            .execute(&mut **tx)
            .await?;
    } else {
        sqlx::query("UPDATE transfers SET status = 'completed' WHERE id = $1")
            .bind(id)
            .execute(&mut **tx)
            .await?;
    }
    log_transfer(tx, customer, id, now).await?;
    if row.amount_fen >= family::LARGE_TRANSFER_ALERT_FEN {
        crate::family::alert(
            tx,
            customer,
            AlertKind::LargeTransfer,
            Some(row.amount_fen),
            Some(&row.payee_name),
            now,
        )
        .await?;
    }
    Ok(())
}

/// A co-sign transfer rejected or left to expire: cancelled, no money moved.
pub(crate) async fn cancel_cosigned(
    tx: &mut Tx<'_>,
    customer: &str,
    id: i64,
    now: i64,
) -> Result<(), ApiError> {
    let done = sqlx::query(
        "UPDATE transfers SET status = 'cancelled' WHERE id = $1 AND status = 'awaiting_cosign'",
    )
    .bind(id)
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() == 1 {
        log_transfer(tx, customer, id, now).await?;
    }
    Ok(())
}

/// `GET /v1/transfers/by-key/{key}`.
#[utoipa::path(
    get,
    path = "/v1/transfers/by-key/{key}",
    tag = "transfers",
    summary = "What became of a transfer whose answer was lost",
    params(
        ("key" = String, Path, description = "the request's Idempotency-Key")
    ),
    security(("device" = [])),
    responses(
        (status = 200, description = "the transfer", body = TransferFound),
        (status = 401, description = "no valid token, or a wrong code or signature", body = ErrorBody),
        (status = 404, description = "no such thing (for this customer)", body = ErrorBody)
    )
)]
pub async fn by_key(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(key): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let (_, customer) = authenticate(&state, &headers).await?;
    if !crate::api::plain_id(&key, 255) {
        return Err(ApiError::not_found(
            "unknown_transfer",
            "the bank has no transfer with this key",
        ));
    }
    settle_due(&state, &customer).await?;
    let row: Option<TransferRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {TRANSFER_COLUMNS} FROM transfers WHERE customer_id = $1 AND client_key = $2"
    )))
    .bind(&customer)
    .bind(&key)
    .fetch_optional(&state.db.pool)
    .await?;
    let row = row.ok_or_else(|| {
        ApiError::not_found("unknown_transfer", "the bank has no transfer with this key")
    })?;
    Ok(Json(json!({ "transfer": row.json() })))
}

/// Writes the demo bank's saved payees (caller holds the change-log lock).
pub async fn seed(tx: &mut Tx<'_>, customer: &str, at: i64) -> Result<(), sqlx::Error> {
    for (name, account, relationship) in DEMO_PAYEES {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO payees (customer_id, name, account, relationship, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(customer)
        .bind(name)
        .bind(account)
        .bind(relationship)
        // Saved long ago: the demo bank's payees are known ones.
        .bind(at - 365 * 24 * 3600)
        .fetch_one(&mut **tx)
        .await?;
        let p = json!({ "id": id, "name": name, "relationship": relationship, "last4": last4(account) });
        insert_change(tx, customer, "payee", &id.to_string(), &p, at).await?;
    }
    Ok(())
}

/// The demo elder's saved payees: her daughter and her grandson.
pub const DEMO_PAYEES: [(&str, &str, &str); 2] = [
    (
        happylife_core::accounts::demo::DAUGHTER.name,
        happylife_core::accounts::demo::DAUGHTER_ACCOUNT.1,
        "女儿",
    ),
    ("李小明", "6222021234567890", "孙子"),
];

// The wire shapes, for the OpenAPI document (`crate::openapi`).

/// `POST /v1/transfers`: to a saved payee (`payee_id`) or a new one (`payee`).
#[derive(ToSchema)]
pub struct TransferRequest {
    /// One of the customer's debit accounts.
    pub from_account_id: i64,
    /// A saved payee.
    pub payee_id: Option<i64>,
    /// A new payee (when there is no `payee_id`).
    pub payee: Option<NewPayee>,
    /// The amount, in fen.
    #[schema(minimum = 1, maximum = 10_000_000_000_i64)]
    pub amount_fen: i64,
    /// Up to 200 characters.
    #[schema(max_length = 200)]
    pub note: Option<String>,
    /// When the money arrives.
    pub delay: Option<Delay>,
    /// The warning she read and went on from (its ticket).
    pub acknowledged: Option<Acknowledged>,
    /// What the phone knows (a call in progress, screen sharing…).
    pub context: Option<happylife_core::transfers::request::ContextJson>,
}

/// A payee typed in.
#[derive(ToSchema)]
pub struct NewPayee {
    /// 12 to 25 digits.
    #[schema(example = "6222021234567890")]
    pub account: String,
    /// 1 to 40 characters.
    #[schema(min_length = 1, max_length = 40)]
    pub name: String,
    /// Up to 20 characters (女儿).
    #[schema(max_length = 20)]
    pub relationship: Option<String>,
    /// Keep as a saved payee once the money goes.
    pub save: Option<bool>,
}

/// The warning the customer read, as the bank issued it.
#[derive(ToSchema)]
pub struct Acknowledged {
    /// The ticket from `needs_confirmation` or `POST /v1/transfers/check`.
    pub ticket: String,
}

/// A transfer as devices receive it (the payee's last four digits only).
#[derive(ToSchema)]
pub struct Transfer {
    /// Id.
    pub id: i64,
    /// The request's Idempotency-Key.
    pub client_key: String,
    /// From.
    pub from_account_id: i64,
    /// To whom.
    pub payee_name: String,
    /// The payee account's last four digits.
    pub last4: String,
    /// Fen.
    pub amount_fen: i64,
    /// The note.
    pub note: String,
    /// `completed`, `scheduled`, `awaiting_cosign`, `blocked`, `cancelled`.
    pub status: String,
    /// The risk decision.
    pub decision: String,
    /// Its reason codes.
    pub reasons: Vec<String>,
    /// When a scheduled transfer arrives (unix seconds).
    pub arrive_at: Option<i64>,
    /// Unix seconds.
    pub created_at: i64,
}

/// The bank's risk answer.
#[derive(ToSchema)]
pub struct Risk {
    /// `allow`, `warn`, `cosign`, `block`.
    pub decision: String,
    /// Reason codes.
    pub reasons: Vec<String>,
    /// The scam type explained, if any.
    pub category: Option<String>,
    /// Seconds to wait before confirming a warning.
    pub wait_seconds: u32,
}

/// The bank's check of a transfer (`POST /v1/transfers/check`).
#[derive(ToSchema)]
pub struct TransferChecked {
    /// The bank's decision and its reasons.
    pub risk: Risk,
    /// For a warning or co-sign: what acknowledges it.
    pub ticket: Option<Ticket>,
}

/// A warning ticket: send `{ticket: id}` as `acknowledged` once its wait
/// is over; it works once, for these terms, from this phone.
#[derive(ToSchema)]
pub struct Ticket {
    /// The ticket (kept by the bank only as a hash).
    pub id: String,
    /// Seconds until it can be used.
    pub ready_in_secs: i64,
    /// Seconds until it lapses.
    pub expires_in_secs: i64,
}

/// A transfer made (or waiting for a co-sign).
#[derive(ToSchema)]
pub struct TransferDone {
    /// The transfer.
    pub transfer: Transfer,
    /// The account's balance after it (none while it waits).
    pub balance_fen: Option<i64>,
    /// Why it went as it did.
    pub risk: Risk,
    /// The co-sign request, when it waits for one.
    #[schema(value_type = Option<Object>)]
    pub approval: Option<Value>,
}

/// A transfer cancelled.
#[derive(ToSchema)]
pub struct TransferCancelled {
    /// The transfer.
    pub transfer: Transfer,
    /// The balance with the money back (none if none had left).
    pub balance_fen: Option<i64>,
}

/// A transfer looked up.
#[derive(ToSchema)]
pub struct TransferFound {
    /// The transfer.
    pub transfer: Transfer,
}
