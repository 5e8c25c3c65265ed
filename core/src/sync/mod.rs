//! How fresh the data on the device is, and (from the sync issue on) how it
//! is pulled from and pushed to the bank.
//!
//! Owns: the [`Freshness`] every screen shows. Today the device has no
//! connection to a bank yet: the data is the embedded demo bank, dated the
//! moment it was made, and the state is always [`Connection::Offline`].

use crate::i18n::{Arg, I18n, Language};
use chrono::{DateTime, FixedOffset};

/// Whether the app can reach the bank now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Connection {
    /// No connection: everything shown comes from the device.
    Offline,
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
    /// The line in plain words: `离线 · 数据更新于 昨天 18:05`.
    pub fn line(&self, i18n: &I18n, lang: Language, now: DateTime<FixedOffset>) -> String {
        let when = i18n.when(lang, self.as_of, now);
        match self.connection {
            Connection::Offline => {
                i18n.tr_args(lang, "freshness-offline", &[("when", Arg::Str(when))])
            }
        }
    }
}
