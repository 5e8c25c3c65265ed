//! The bank's checks of a transfer request: its fields (nothing read from
//! the database), whom it is to, and the risk check with what only the
//! bank knows (the whole list, the history, the phone's age, the PIN's
//! last reset). Nothing here writes.

use crate::AppState;
use crate::http::ApiError;
use crate::tickets;
use happylife_core::bank::wire::{PayeeOrder, Risk, TransferRequest, TransferTerms};
use happylife_core::fraud::{self, Kind};
use happylife_core::transfers::risk::{CustomerFacts, PayeeFacts, TransferFacts};
use happylife_core::transfers::{self, assess};
use serde_json::Value;

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
    let new = match TransferRequest::payee_order(body)? {
        PayeeOrder::New(p) => Payee {
            id: None,
            name: p.name,
            account: p.account,
            relationship: p.relationship,
            save: p.save,
        },
        PayeeOrder::Saved(id) => {
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

    pub(super) fn risk(&self) -> Risk {
        Risk {
            decision: self.a.decision.code().to_string(),
            reasons: reason_codes(&self.a)
                .into_iter()
                .map(String::from)
                .collect(),
            category: self.a.category.map(|c| c.code().to_string()),
            wait_seconds: self.a.wait_seconds,
        }
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
    let from = TransferRequest::from_account(body)?;
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
    let terms = TransferRequest::terms(body)?;
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
