//! What the native shell tells us about the phone: a call in progress, a
//! screen being shared, a shake. The shells implement [`PhoneSignals`]
//! (Android `TelephonyManager` / `MediaProjection`, iOS `CXCallObserver` /
//! `UIScreen.isCaptured`); the desktop has none, and every signal is then
//! "not known".
//!
//! Decided here:
//! - a transfer's risk check counts a call or screen sharing the shell
//!   reports, whatever the screen passed in ([`Companion::with_phone_signals`]);
//! - binding a phone, resetting the PIN and turning on biometric or
//!   voiceprint login are refused during a call: a caller coaching an elder
//!   through these is how accounts are taken over ([`CompanionError::OnCall`]);
//! - shakes are debounced ([`ShakeGate`]): a phone shaken for two seconds
//!   opens the voice assistant once.

mod facade;

/// The shell's view of the phone.
pub trait PhoneSignals: Send + Sync {
    /// A phone or VoIP call is in progress.
    fn on_call(&self) -> bool;
    /// The screen is being shared, recorded or mirrored.
    fn screen_shared(&self) -> bool;
}

/// Shakes closer together than this are one shake.
pub const SHAKE_DEBOUNCE_MS: i64 = 2_000;

/// Turns a stream of shake events into voice-assistant requests.
#[derive(Debug, Default)]
pub struct ShakeGate {
    last_accepted_ms: Option<i64>,
}

impl ShakeGate {
    /// A shake at `now_ms`: `true` when it should open the voice assistant.
    pub fn accept(&mut self, now_ms: i64) -> bool {
        match self.last_accepted_ms {
            Some(last) if now_ms - last < SHAKE_DEBOUNCE_MS && now_ms >= last => false,
            _ => {
                self.last_accepted_ms = Some(now_ms);
                true
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_shake_opens_the_assistant_once() {
        let mut gate = ShakeGate::default();
        assert!(gate.accept(10_000));
        assert!(!gate.accept(10_400));
        assert!(!gate.accept(11_999));
        assert!(gate.accept(12_000));
        // A clock that stepped back does not swallow shakes for ever.
        assert!(gate.accept(1_000));
    }
}
