//! The 6-digit PIN: which PINs are accepted, how it is kept (Argon2id, a
//! PHC string; never the PIN itself), and the lockout after wrong tries.
//!
//! Rules taken from banking apps and NIST SP 800-63B: exactly six digits;
//! no PIN anyone would guess first (all one digit, a straight run up or
//! down, a repeated pair or triple such as 121212 / 123123); five wrong
//! tries lock the PIN, and each wrong try after a lockout locks it longer
//! (1 min, 5 min, 15 min, 1 h, then 24 h). A right PIN clears the count.
//! After [`RELOCK_AFTER_SECS`] in the background the PIN is asked again.

use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Argon2, PasswordHash};

/// Digits of a PIN.
pub const PIN_DIGITS: usize = 6;
/// Wrong tries before the first lockout.
pub const MAX_TRIES: u32 = 5;
/// The growing waits: the first lockout, then each wrong try after one.
pub const LOCKOUT_SECS: [i64; 5] = [60, 5 * 60, 15 * 60, 3600, 24 * 3600];
/// Ask for the PIN again after this long in the background.
pub const RELOCK_AFTER_SECS: i64 = 5 * 60;

/// Why a PIN cannot be set or used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PinError {
    /// Not six digits.
    #[error("a PIN is six digits")]
    NotSixDigits,
    /// Too easy to guess.
    #[error("too easy to guess")]
    TooEasy,
    /// Wrong; this many tries are left before a lockout.
    #[error("wrong PIN, {left} tries left")]
    Wrong {
        /// Tries left before the lockout.
        left: u32,
    },
    /// Locked until this moment (unix seconds).
    #[error("locked until {until}")]
    Locked {
        /// When the next try is allowed.
        until: i64,
    },
    /// No PIN has been set on this device.
    #[error("no PIN set")]
    NotSet,
    /// A PIN is set at the bank: changing it needs the old one first (or
    /// the reset with voice, ID number and SMS code).
    #[error("the old PIN is needed")]
    OldPinNeeded,
}

impl PinError {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            PinError::NotSixDigits => "pin_not_six_digits",
            PinError::TooEasy => "pin_too_easy",
            PinError::Wrong { .. } => "pin_wrong",
            PinError::Locked { .. } => "pin_locked",
            PinError::NotSet => "pin_not_set",
            PinError::OldPinNeeded => "pin_old_needed",
        }
    }

    /// Fluent id of the plain sentence (`$left`, `$time`).
    pub fn message_id(self) -> &'static str {
        match self {
            PinError::NotSixDigits => "error-pin-not-six-digits",
            PinError::TooEasy => "error-pin-too-easy",
            PinError::Wrong { .. } => "error-pin-wrong",
            PinError::Locked { .. } => "error-pin-locked",
            PinError::NotSet => "error-pin-not-set",
            PinError::OldPinNeeded => "error-pin-old-needed",
        }
    }
}

/// Checks a new PIN against the rules.
pub fn check_new(pin: &str) -> Result<(), PinError> {
    let d: Vec<u8> = pin.bytes().collect();
    if d.len() != PIN_DIGITS || !d.iter().all(u8::is_ascii_digit) {
        return Err(PinError::NotSixDigits);
    }
    let steps: Vec<i16> = d
        .windows(2)
        .map(|w| i16::from(w[1]) - i16::from(w[0]))
        .collect();
    let run = |s: i16| steps.iter().all(|x| *x == s);
    let repeats = |n: usize| d.chunks(n).all(|c| c == &d[..n]);
    if run(0) || run(1) || run(-1) || repeats(2) || repeats(3) {
        return Err(PinError::TooEasy);
    }
    Ok(())
}

/// The stored form of a PIN: an Argon2id PHC string with its own salt.
pub fn hash(pin: &str) -> String {
    Argon2::default()
        .hash_password(pin.as_bytes())
        .map(|h| h.to_string())
        .unwrap_or_default()
}

/// Whether `pin` is the one behind `stored`.
pub fn matches(stored: &str, pin: &str) -> bool {
    PasswordHash::new(stored)
        .map(|h| {
            Argon2::default()
                .verify_password(pin.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Wrong tries so far and the lock, as kept on the device.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Attempts {
    /// Wrong tries since the last right one.
    pub failures: u32,
    /// Locked until (unix seconds), if locked.
    pub locked_until: Option<i64>,
}

impl Attempts {
    /// Refuses a try while locked.
    pub fn may_try(&self, now: i64) -> Result<(), PinError> {
        match self.locked_until {
            Some(until) if now < until => Err(PinError::Locked { until }),
            _ => Ok(()),
        }
    }

    /// After a wrong try at `now`: the new state and what to say.
    pub fn after_wrong(self, now: i64) -> (Attempts, PinError) {
        let failures = self.failures + 1;
        if failures < MAX_TRIES {
            let next = Attempts {
                failures,
                locked_until: None,
            };
            return (
                next,
                PinError::Wrong {
                    left: MAX_TRIES - failures,
                },
            );
        }
        let step = (failures - MAX_TRIES) as usize;
        let until = now + LOCKOUT_SECS[step.min(LOCKOUT_SECS.len() - 1)];
        (
            Attempts {
                failures,
                locked_until: Some(until),
            },
            PinError::Locked { until },
        )
    }
}

/// Whether the PIN is asked again when the app comes back to the front.
pub fn relock_after_background(went_to_background: i64, now: i64) -> bool {
    now - went_to_background >= RELOCK_AFTER_SECS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guessable_pins_are_refused() {
        for easy in [
            "000000", "111111", "123456", "654321", "234567", "121212", "123123", "909090",
        ] {
            assert_eq!(check_new(easy), Err(PinError::TooEasy), "{easy}");
        }
        for bad in ["12345", "1234567", "12a456", "１２３４５６", ""] {
            assert_eq!(check_new(bad), Err(PinError::NotSixDigits), "{bad}");
        }
        for fine in ["583920", "102938", "770412"] {
            assert_eq!(check_new(fine), Ok(()), "{fine}");
        }
    }

    #[test]
    fn the_pin_is_kept_as_a_salted_hash() {
        let stored = hash("583920");
        assert!(stored.starts_with("$argon2id$"), "{stored}");
        assert!(!stored.contains("583920"));
        assert_ne!(stored, hash("583920"), "a new salt each time");
        assert!(matches(&stored, "583920"));
        assert!(!matches(&stored, "583921"));
        assert!(!matches("not a hash", "583920"));
    }

    #[test]
    fn five_wrong_tries_lock_and_each_further_one_locks_longer() {
        let mut a = Attempts::default();
        let now = 1_000_000;
        for left in (1..MAX_TRIES).rev() {
            let (next, said) = a.after_wrong(now);
            assert_eq!(said, PinError::Wrong { left });
            a = next;
        }
        let (a, said) = a.after_wrong(now);
        assert_eq!(said, PinError::Locked { until: now + 60 });
        assert_eq!(
            a.may_try(now + 59),
            Err(PinError::Locked { until: now + 60 })
        );
        assert_eq!(a.may_try(now + 60), Ok(()));
        let (a, said) = a.after_wrong(now + 60);
        assert_eq!(
            said,
            PinError::Locked {
                until: now + 60 + 300
            }
        );
        let mut a = a;
        for _ in 0..10 {
            a = a.after_wrong(now).0;
        }
        assert_eq!(
            a.locked_until,
            Some(now + 24 * 3600),
            "the wait stops growing at a day"
        );
    }

    #[test]
    fn the_pin_is_asked_again_after_five_minutes_away() {
        assert!(!relock_after_background(0, RELOCK_AFTER_SECS - 1));
        assert!(relock_after_background(0, RELOCK_AFTER_SECS));
    }
}
