//! The phone part of the [`Companion`] facade: the shell hands over its
//! signals and capabilities; the risk check and the account-changing steps
//! ask the signals, the UI asks here whether it may offer a capability and
//! has it used.

use crate::phone::*;
use crate::{Companion, CompanionError};
use std::sync::Arc;

impl Companion {
    /// Gives the companion the shell's phone signals.
    pub fn use_phone_signals(&self, signals: Arc<dyn PhoneSignals>) {
        self.inner.phone.set(signals);
    }

    fn phone(&self) -> Option<Arc<dyn PhoneSignals>> {
        self.inner.phone.get()
    }

    /// A shake the shell felt: `true` when it opens the voice assistant (a
    /// long shake counts once, [`ShakeGate`]); the UI hears of it through
    /// [`Companion::assistant_requests`].
    pub fn shake_felt(&self) -> bool {
        let now = self.now().timestamp_millis();
        let open = self
            .inner
            .shakes
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .accept(now);
        if open {
            self.inner.assistant.send_modify(|n| *n += 1);
        }
        open
    }

    /// Changes each time the voice assistant is asked for by a shake: the
    /// UI opens it.
    pub fn assistant_requests(&self) -> tokio::sync::watch::Receiver<u64> {
        self.inner.assistant.subscribe()
    }

    /// 来电预警: the shell says a call is ringing (or has been answered)
    /// from `number`. It is checked against the scam list on this phone,
    /// offline; a listed one raises the warning the UI shows over
    /// everything, and is answered with its scam. Nothing is sent anywhere.
    pub async fn incoming_call(
        &self,
        number: &str,
    ) -> Result<Option<crate::fraud::ScamCategory>, CompanionError> {
        let looked = self.check_text(number).await?;
        let listed = looked.category.filter(|_| {
            looked
                .item
                .as_ref()
                .is_some_and(|i| i.kind == crate::fraud::normalize::Kind::Phone)
        });
        if let Some(category) = listed {
            tracing::warn!(category = category.code(), "a listed number is calling");
            self.inner
                .call_warning
                .send_replace(Some(super::CallWarning {
                    number: number.trim().to_string(),
                    category,
                }));
        }
        Ok(listed)
    }

    /// The call ended (or she pressed 知道了): the warning goes.
    pub fn call_ended(&self) {
        self.inner.call_warning.send_replace(None);
    }

    /// The warning about the call ringing now, if any (the UI watches it).
    pub fn call_warnings(&self) -> tokio::sync::watch::Receiver<Option<super::CallWarning>> {
        self.inner.call_warning.subscribe()
    }

    /// Asks the shell to end the call: `false` when it cannot (she ends it
    /// with the phone's own red button).
    pub fn hang_up(&self) -> bool {
        let ended = self.inner.phone.get().is_some_and(|p| p.hang_up());
        if ended {
            self.call_ended();
        }
        ended
    }

    /// Gives the companion the shell's dialer.
    pub fn use_dialer(&self, dialer: Arc<dyn Dialer>) {
        self.inner.dialer.set(dialer);
    }

    /// Gives the companion the shell's voice.
    pub fn use_speech_output(&self, voice: Arc<dyn SpeechOutput>) {
        self.inner.voice.set(voice);
    }

    /// Gives the companion the shell's share sheet.
    pub fn use_sharer(&self, sharer: Arc<dyn Sharer>) {
        self.inner.sharer.set(sharer);
    }

    /// Whether the shell can share or print (else the UI offers neither).
    pub fn can_share(&self) -> bool {
        self.inner.sharer.is_set()
    }

    /// Opens the shell's share sheet with `text`: `false` when it has none.
    pub fn share(&self, title: &str, text: &str) -> bool {
        let sharer = self.inner.sharer.get();
        match sharer {
            Some(s) => {
                s.share(title, text);
                true
            }
            None => false,
        }
    }

    /// Whether the shell can share or print a file (a statement's PDF).
    pub fn can_share_file(&self) -> bool {
        self.inner.sharer.is_set()
    }

    /// Opens the shell's share sheet with a file: `false` when it has
    /// none; a name that is not a plain file name is refused.
    pub fn share_file(
        &self,
        title: &str,
        file_name: &str,
        mime: &str,
        bytes: &[u8],
    ) -> Result<bool, CompanionError> {
        let plain = !file_name.is_empty()
            && file_name.chars().count() <= 120
            && !file_name.contains(['/', '\\', '\0'])
            && !file_name.starts_with('.');
        if !plain || bytes.len() > super::MAX_SHARED_FILE_BYTES {
            return Err(CompanionError::Statement(
                crate::statements::StatementError::Failed,
            ));
        }
        Ok(match self.inner.sharer.get() {
            Some(s) => {
                s.share_file(title, file_name, mime, bytes);
                true
            }
            None => false,
        })
    }

    /// Whether the shell can open its dialer (else the UI shows a `tel:` link).
    pub fn can_dial(&self) -> bool {
        self.inner.dialer.is_set()
    }

    /// Opens the shell's dialer with `number` (as the app shows it). `Ok(false)`:
    /// there is no dialer. A number that is not a phone number is refused.
    pub fn dial(&self, number: &str) -> Result<bool, CompanionError> {
        let digits = dial_digits(number).ok_or(CompanionError::NotAPhoneNumber)?;
        let dialer = self.inner.dialer.get();
        Ok(match dialer {
            Some(d) => {
                d.dial(&digits);
                true
            }
            None => false,
        })
    }

    /// Says `text` with the shell's voice, in the app's language: `false`
    /// when the shell has none (the UI then uses its own).
    pub fn speak(&self, text: &str) -> bool {
        match self.registered_voice() {
            Some(v) => {
                let s = self.settings();
                v.speak(text, s.language, s.speech);
                true
            }
            None => false,
        }
    }

    /// Stops the shell's voice: `false` when the shell has none.
    pub fn hush(&self) -> bool {
        match self.registered_voice() {
            Some(v) => {
                v.stop();
                true
            }
            None => false,
        }
    }

    fn registered_voice(&self) -> Option<Arc<dyn SpeechOutput>> {
        self.inner.voice.get()
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
