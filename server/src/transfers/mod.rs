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
//!
//! `routes` has the handlers, `rules` the bank's checks of a request
//! (its fields, and the risk check with what only the bank knows), `store`
//! the transfers' rows and their changes of state (also those the family's
//! co-sign and a scam report cause). The request and every answer are
//! the wire contract's (`happylife_core::bank::wire`). Money itself moves
//! through [`crate::ledger`].

pub mod routes;
mod rules;
mod store;

pub use store::settle_due;
pub(crate) use store::{cancel_cosigned, cancel_waiting, complete_cosigned, last4};
