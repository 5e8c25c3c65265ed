//! The bank's checks of a transfer request: its fields (nothing read from
//! the database), whom it is to, and the risk check with what only the
//! bank knows (the whole list, the history, the phone's age, the PIN's
//! last reset). Nothing here writes.

use crate::AppState;
use crate::http::ApiError;
use crate::tickets;
use happylife_core::fraud::{self, Kind, normalize};
use happylife_core::transfers::request::ContextJson;
use happylife_core::transfers::risk::{CustomerFacts, PayeeFacts, TransferFacts};
use happylife_core::transfers::{self, Delay, assess};
use serde_json::{Value, json};

/// Longest payee name.
const MAX_NAME: usize = 40;

fn bad(code: &'static str, message: &str) -> ApiError {
    ApiError::unprocessable(code, message)
}

pub(crate) struct Payee {
    pub(super) id: Option<i64>,
    pub(super) name: String,
    pub(super) account: String,
    pub(super) relationship: Option<String>,
    pub(super) save: bool,
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

/// The bank's own risk check of a transfer body, with what only it knows
/// (the whole list, the history, the phone's age, the PIN's last reset);
/// nothing written.
pub(super) struct Checked {
    pub(super) from: i64,
    pub(super) terms: TransferTerms,
    pub(super) payee: Payee,
    pub(super) a: happylife_core::transfers::Assessment,
    /// Her daily transfer limit.
    pub(super) limit: i64,
    pub(super) now: i64,
    pub(super) now_at: chrono::DateTime<chrono::FixedOffset>,
}

impl Checked {
    /// What a warning ticket is bound to.
    pub(super) fn ticket_terms(&self) -> tickets::Terms<'_> {
        tickets::Terms {
            from: self.from,
            payee_account: &self.payee.account,
            amount: self.terms.amount,
            delay: self.terms.delay,
            note: &self.terms.note,
        }
    }

    pub(super) fn risk(&self) -> Value {
        json!({
            "decision": self.a.decision.code(), "reasons": reason_codes(&self.a),
            "category": self.a.category.map(|c| c.code()), "wait_seconds": self.a.wait_seconds,
        })
    }
}

/// The decision's reasons as their wire codes.
pub(super) fn reason_codes(a: &happylife_core::transfers::Assessment) -> Vec<&'static str> {
    a.reasons.iter().map(|r| r.code()).collect()
}

pub(super) async fn bank_check(
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
