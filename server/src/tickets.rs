//! Warning tickets: a warning's acknowledgement is something the bank
//! issued, not something the phone says.
//!
//! When the bank's own risk check answers `warn` or `cosign`, it issues a
//! ticket with the warning: for this customer, this phone and these very
//! terms (from, to, amount, delay, note), for this decision and these
//! reasons. The transfer goes ahead only with a ticket that is
//! - the bank's own (only its SHA-256 is kept; an unknown one is no ticket),
//! - ready: the warning's wait has passed, in seconds that really passed at
//!   the bank (the sandbox's moved clock counts too), so a script cannot
//!   answer faster than an elder can read; until then 409 `warning_wait`,
//! - unused: it is spent in the same database transaction that moves the
//!   money, so it works once, and
//! - still right: the bank's check now is the same decision with no reason
//!   the ticket did not carry.
//!
//! Echoing `{decision, reasons}` is no acknowledgement: it gets the warning
//! and a fresh ticket back. Tickets live 15 minutes.

use crate::AppState;
use crate::http::{ApiError, sha256_hex};
use happylife_core::bank::wire::Ticket;
use happylife_core::transfers::{Assessment, Decision, Delay};
use rand::RngCore;
use serde_json::json;

type Tx<'a> = sqlx::Transaction<'a, sqlx::Any>;

/// How long a ticket can be used, once issued.
pub const TICKET_LIFETIME_SECS: i64 = 15 * 60;

/// What a ticket is bound to: the transfer's terms, as the bank resolved
/// them.
pub struct Terms<'a> {
    /// The debit account the money leaves.
    pub from: i64,
    /// The payee's account (normalised digits).
    pub payee_account: &'a str,
    /// In fen.
    pub amount: i64,
    /// Delayed arrival.
    pub delay: Delay,
    /// The note, trimmed.
    pub note: &'a str,
}

impl Terms<'_> {
    fn digest(&self, customer: &str, device: &str) -> String {
        let canonical = json!([
            customer,
            device,
            self.from,
            self.payee_account,
            self.amount,
            self.delay.code(),
            self.note
        ]);
        sha256_hex(canonical.to_string().as_bytes())
    }
}

#[derive(sqlx::FromRow)]
struct TicketRow {
    customer_id: String,
    device_id: String,
    terms: String,
    decision: String,
    reasons: String,
    ready_ms: i64,
    expires_ms: i64,
    used_at: Option<i64>,
}

/// What a ticket the phone sent is worth.
pub enum Redeemable {
    /// Good: spend it (by its stored id) with the money.
    Ready(String),
    /// Good, but the warning has been on her screen for too short a time.
    Early {
        /// Seconds still to wait.
        secs_left: i64,
    },
    /// No ticket, not the bank's, used, expired, for other terms, or for a
    /// milder answer than the bank's now.
    No,
}

/// Milliseconds that really passed at the bank (plus the sandbox's moved
/// clock): a fixed demo clock must not make a wait endless, nor a wrong
/// phone clock make it short.
fn bank_ms(state: &AppState) -> i64 {
    let real = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0);
    real.saturating_add(state.clock_offset_secs().saturating_mul(1000))
}

/// Issues a ticket for this warning: `{id, ready_in_secs, expires_in_secs}`
/// for the phone (the id is shown once; only its hash is kept).
pub async fn issue(
    state: &AppState,
    customer: &str,
    device: &str,
    terms: &Terms<'_>,
    a: &Assessment,
) -> Result<Ticket, ApiError> {
    let mut raw = [0u8; 32];
    rand::rng().fill_bytes(&mut raw);
    let ticket = hex::encode(raw);
    let now = bank_ms(state);
    let wait = i64::from(a.wait_seconds);
    let reasons: Vec<&str> = a.reasons.iter().map(|r| r.code()).collect();
    // Old tickets of hers go: nothing keeps them past their life.
    sqlx::query("DELETE FROM warning_tickets WHERE customer_id = $1 AND expires_ms < $2")
        .bind(customer)
        .bind(now)
        .execute(&state.db.pool)
        .await?;
    sqlx::query(
        "INSERT INTO warning_tickets (id, customer_id, device_id, terms, decision, reasons, ready_ms, expires_ms) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(sha256_hex(ticket.as_bytes()))
    .bind(customer)
    .bind(device)
    .bind(terms.digest(customer, device))
    .bind(a.decision.code())
    .bind(reasons.join(","))
    .bind(now + wait * 1000)
    .bind(now + TICKET_LIFETIME_SECS * 1000)
    .execute(&state.db.pool)
    .await?;
    Ok(Ticket {
        id: ticket,
        ready_in_secs: wait,
        expires_in_secs: TICKET_LIFETIME_SECS,
    })
}

/// Whether `ticket` (as the phone sent it) acknowledges the bank's answer
/// `a` to these terms now. Reads only.
pub async fn check(
    state: &AppState,
    customer: &str,
    device: &str,
    terms: &Terms<'_>,
    a: &Assessment,
    ticket: Option<&str>,
) -> Result<Redeemable, ApiError> {
    let Some(ticket) = ticket else {
        return Ok(Redeemable::No);
    };
    let id = sha256_hex(ticket.as_bytes());
    let row: Option<TicketRow> = sqlx::query_as(
        "SELECT customer_id, device_id, terms, decision, reasons, ready_ms, expires_ms, used_at \
         FROM warning_tickets WHERE id = $1",
    )
    .bind(&id)
    .fetch_optional(&state.db.pool)
    .await?;
    let Some(t) = row else {
        return Ok(Redeemable::No);
    };
    let now = bank_ms(state);
    let carried: Vec<&str> = t.reasons.split(',').filter(|r| !r.is_empty()).collect();
    let still_right =
        t.decision == a.decision.code() && a.reasons.iter().all(|r| carried.contains(&r.code()));
    if t.customer_id != customer
        || t.device_id != device
        || t.terms != terms.digest(customer, device)
        || t.used_at.is_some()
        || now >= t.expires_ms
        || !still_right
    {
        return Ok(Redeemable::No);
    }
    let ready_ms = t.ready_ms;
    if now < ready_ms {
        return Ok(Redeemable::Early {
            secs_left: (ready_ms - now + 999) / 1000,
        });
    }
    Ok(Redeemable::Ready(id))
}

/// Spends a ready ticket inside the transaction that moves the money:
/// false if another request spent it first (then nothing may be written).
pub async fn spend(tx: &mut Tx<'_>, id: &str, now: i64) -> Result<bool, ApiError> {
    let done =
        sqlx::query("UPDATE warning_tickets SET used_at = $1 WHERE id = $2 AND used_at IS NULL")
            .bind(now)
            .bind(id)
            .execute(&mut **tx)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// Whether this answer needs a ticket to go ahead.
pub fn needed(a: &Assessment) -> bool {
    matches!(a.decision, Decision::Warn | Decision::Cosign)
}
