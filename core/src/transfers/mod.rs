//! Transfers: the risk check before every confirmation screen, the shapes
//! a transfer takes (delay, daily limit), and the device's side of sending
//! one (see `Companion::send_transfer`).
//!
//! Rules of money movement (DESIGN.md):
//! - a transfer needs a live connection and a fresh risk check; offline it
//!   is kept as a draft that must be checked and confirmed again;
//! - the idempotency key is written on the device before the request
//!   leaves, so a lost reply is resolved by asking the bank about that key,
//!   never by sending again;
//! - the bank re-runs the same risk engine and has the last word.

pub mod device;
mod facade;
pub mod request;
pub mod risk;

pub use device::{Draft, Payee, PayeeChoice, TransferDraft, TransferRecord, TransferStatus};
pub use risk::{Assessment, ContextFacts, Decision, Reason, TransferFacts, WarningTicket, assess};

/// What happened when the elder confirmed a transfer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TransferOutcome {
    /// Sent: completed, or scheduled to arrive later (see its status).
    Sent(TransferRecord),
    /// Waiting for a guardian's approval; no money has moved.
    AwaitingCosign(TransferRecord),
    /// The bank stopped it; why.
    Blocked(Assessment),
    /// The bank found a warning the elder has not seen: show it, then send
    /// again with the warning acknowledged.
    NeedsConfirmation(Assessment),
    /// No connection: kept as a draft, to be checked and confirmed again.
    SavedAsDraft,
    /// Sent, but the answer was lost: the device asks the bank about it at
    /// the next sync and never sends it again.
    Unknown,
}

/// Default daily transfer limit per customer: ¥50,000.
pub const DEFAULT_DAILY_LIMIT_FEN: i64 = 5_000_000;

/// When the money arrives (延时到账), for new payees especially: a delay
/// leaves time to cancel if it was a scam.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Delay {
    /// At once.
    #[default]
    #[cfg_attr(feature = "openapi", schema(rename = "none"))]
    #[serde(rename = "none")]
    None,
    /// In two hours.
    #[cfg_attr(feature = "openapi", schema(rename = "2h"))]
    #[serde(rename = "2h")]
    TwoHours,
    /// In twenty-four hours.
    #[cfg_attr(feature = "openapi", schema(rename = "24h"))]
    #[serde(rename = "24h")]
    OneDay,
}

impl Delay {
    /// Every choice, in screen order.
    pub const ALL: [Delay; 3] = [Delay::None, Delay::TwoHours, Delay::OneDay];

    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            Delay::None => "none",
            Delay::TwoHours => "2h",
            Delay::OneDay => "24h",
        }
    }

    /// Parses [`Delay::code`].
    pub fn from_code(code: &str) -> Option<Delay> {
        Delay::ALL.into_iter().find(|d| d.code() == code)
    }

    /// Seconds until arrival.
    pub fn seconds(self) -> i64 {
        match self {
            Delay::None => 0,
            Delay::TwoHours => 2 * 3600,
            Delay::OneDay => 24 * 3600,
        }
    }
}

/// The median of past transfer amounts (fen, positive); 0 for none.
pub fn median_fen(mut amounts: Vec<i64>) -> i64 {
    amounts.retain(|a| *a > 0);
    if amounts.is_empty() {
        return 0;
    }
    amounts.sort_unstable();
    let n = amounts.len();
    if n % 2 == 1 {
        amounts[n / 2]
    } else {
        (amounts[n / 2 - 1] + amounts[n / 2]) / 2
    }
}

/// Unix seconds of the start and end of the China calendar day holding `at`
/// (the daily limit counts per day in Beijing time).
pub fn china_day(at: chrono::DateTime<chrono::FixedOffset>) -> (i64, i64) {
    let local = at.with_timezone(&crate::clock::china_offset());
    let start = local
        .date_naive()
        .and_hms_opt(0, 0, 0)
        .expect("midnight")
        .and_local_timezone(crate::clock::china_offset())
        .single()
        .expect("fixed offset")
        .timestamp();
    (start, start + 24 * 3600)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_past_transfers() {
        assert_eq!(median_fen(vec![]), 0);
        assert_eq!(median_fen(vec![100_000]), 100_000);
        assert_eq!(median_fen(vec![300, 100, 200]), 200);
        assert_eq!(median_fen(vec![400, 100, 200, 300]), 250);
        assert_eq!(median_fen(vec![0, -5, 700]), 700);
    }

    #[test]
    fn the_day_is_the_beijing_day() {
        let at = chrono::DateTime::parse_from_rfc3339("2026-11-25T17:30:00+00:00").unwrap();
        // 01:30 on the 26th in Beijing.
        let (start, end) = china_day(at);
        let start_bj = chrono::DateTime::parse_from_rfc3339("2026-11-26T00:00:00+08:00").unwrap();
        assert_eq!(start, start_bj.timestamp());
        assert_eq!(end - start, 86_400);
    }

    #[test]
    fn delays_round_trip() {
        for d in Delay::ALL {
            assert_eq!(Delay::from_code(d.code()), Some(d));
        }
        assert_eq!(Delay::from_code("1h"), None);
        assert_eq!(Delay::OneDay.seconds(), 86_400);
    }
}
