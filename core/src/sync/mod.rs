//! Offline-first sync with the bank gateway: pull what changed, push what
//! the elder did, and say how fresh the data is.
//!
//! Files: `mod.rs` freshness, connection state and the rules; `apply.rs`
//! applying pulled pages; `outbox.rs` the queue of user intents;
//! `facade.rs` one sync. The HTTP client is [`crate::bank`].
//!
//! ## Rules
//! - **Pull**: the gateway keeps a change log per customer with a strictly
//!   increasing cursor. Each page is applied in one local transaction
//!   together with the new cursor, so an interrupted pull resumes where it
//!   stopped and nothing is applied twice.
//! - **Push**: an action that may wait (settings, complaints; card locks and
//!   loss reports with the cards issue) is written to the `outbox` in the
//!   same transaction as its local effect, with a random idempotency key.
//!   Pushes go in order; the gateway stores the first answer to each key,
//!   so a retry after a lost reply never does a thing twice.
//! - **Conflicts, per kind of data**: money (accounts, balances,
//!   transactions) and card state: the server wins, always; the device
//!   never edits them, it only shows what it pulled. Complaints: the
//!   device's intent is replayed once; their status comes from the server.
//!   Display settings belong to the device (last writer on that device
//!   wins); the server keeps a copy and other devices do not take it over.
//!   The outbox replays intents ("set text size to 150 %", "file this
//!   complaint"), never row overwrites.
//! - Transfers are never queued (they need a live connection and a fresh
//!   risk check; that comes with the transfers issue).

pub mod apply;
mod facade;
pub mod outbox;

use crate::i18n::{Arg, I18n, Language};
use chrono::{DateTime, FixedOffset};
use std::time::Duration;

/// Whether the app can reach the bank now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Connection {
    /// No connection (or never tried): everything shown comes from the device.
    Offline,
    /// The last sync reached the bank at this moment.
    Online {
        /// When.
        at: DateTime<FixedOffset>,
    },
}

/// What the freshness line says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Freshness {
    /// Connection state.
    pub connection: Connection,
    /// When the data was last brought up to date.
    pub as_of: DateTime<FixedOffset>,
}

impl Freshness {
    /// The line in plain words: `已更新 · 今天 10:32` or
    /// `离线 · 数据更新于 昨天 18:05`.
    pub fn line(&self, i18n: &I18n, lang: Language, now: DateTime<FixedOffset>) -> String {
        match self.connection {
            Connection::Online { at } => i18n.tr_args(
                lang,
                "freshness-online",
                &[("when", Arg::Str(i18n.when(lang, at, now)))],
            ),
            Connection::Offline => i18n.tr_args(
                lang,
                "freshness-offline",
                &[("when", Arg::Str(i18n.when(lang, self.as_of, now)))],
            ),
        }
    }
}

/// Wait before retry number `attempt` (0-based): 1 s, 2 s, 4 s … at most 60 s.
pub fn backoff(attempt: u32) -> Duration {
    Duration::from_secs(1u64 << attempt.min(6)).min(Duration::from_secs(60))
}

/// What one sync did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SyncReport {
    /// Outbox actions the bank confirmed.
    pub pushed: u32,
    /// Outbox actions the bank refused (kept, with the reason, for the elder to see).
    pub refused: u32,
    /// Changes pulled and applied.
    pub pulled: u32,
    /// Blocklist files applied (deltas, or one snapshot).
    pub blocklist_files: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_stops_at_a_minute() {
        let secs: Vec<u64> = (0..9).map(|a| backoff(a).as_secs()).collect();
        assert_eq!(secs, [1, 2, 4, 8, 16, 32, 60, 60, 60]);
    }
}
