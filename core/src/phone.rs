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

use crate::{Companion, CompanionError};
use std::sync::Arc;

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

impl Companion {
    /// Gives the companion the shell's phone signals.
    pub fn use_phone_signals(&self, signals: Arc<dyn PhoneSignals>) {
        *self.inner.phone.write().unwrap_or_else(|e| e.into_inner()) = Some(signals);
    }

    fn phone(&self) -> Option<Arc<dyn PhoneSignals>> {
        self.inner
            .phone
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Adds what the shell knows (a call, screen sharing) to a transfer's
    /// context. A signal can only be added, never taken away.
    pub fn with_phone_signals(
        &self,
        mut context: crate::transfers::ContextFacts,
    ) -> crate::transfers::ContextFacts {
        if let Some(p) = self.phone() {
            context.on_call |= p.on_call();
            context.screen_sharing |= p.screen_shared();
        }
        context
    }

    /// Refuses an account-security change while a call is in progress.
    pub(crate) fn refuse_during_call(&self) -> Result<(), CompanionError> {
        match self.phone() {
            Some(p) if p.on_call() => {
                tracing::warn!("a security change was asked for during a call; refused");
                Err(CompanionError::OnCall)
            }
            _ => Ok(()),
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
