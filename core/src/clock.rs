//! Time, injected: every rule that depends on "now" (freshness, maturity,
//! due dates, and later night locks and expiries) asks a [`Clock`], so tests
//! can set the hour.

use chrono::{DateTime, FixedOffset, TimeZone, Utc};

const UTC_PLUS_8: i32 = 8 * 3600;
use std::sync::Mutex;

/// China Standard Time (UTC+8, no daylight saving): the bank's calendar.
pub fn china_offset() -> FixedOffset {
    // `east_opt` only fails beyond ±24 h.
    FixedOffset::east_opt(UTC_PLUS_8).expect("UTC+8 is a valid offset")
}

/// A source of the current time.
pub trait Clock: Send + Sync + 'static {
    /// The current instant, in China Standard Time.
    fn now(&self) -> DateTime<FixedOffset>;
}

/// The real clock of the device.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<FixedOffset> {
        Utc::now().with_timezone(&china_offset())
    }
}

/// A clock that stays where it is put, for tests and demos.
#[derive(Debug)]
pub struct FixedClock {
    now: Mutex<DateTime<FixedOffset>>,
}

impl FixedClock {
    /// A clock showing `now`.
    pub fn new(now: DateTime<FixedOffset>) -> Self {
        FixedClock {
            now: Mutex::new(now),
        }
    }

    /// A clock at the given China Standard Time wall-clock moment.
    /// Returns `None` for an impossible date.
    pub fn at(year: i32, month: u32, day: u32, hour: u32, minute: u32) -> Option<Self> {
        china_offset()
            .with_ymd_and_hms(year, month, day, hour, minute, 0)
            .single()
            .map(FixedClock::new)
    }

    /// Moves the clock to `now`.
    pub fn set(&self, now: DateTime<FixedOffset>) {
        *self.now.lock().unwrap_or_else(|e| e.into_inner()) = now;
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<FixedOffset> {
        *self.now.lock().unwrap_or_else(|e| e.into_inner())
    }
}
