//! What the native shell tells us about the phone, and what it can do for
//! the UI: a call in progress, a screen being shared, a shake
//! ([`PhoneSignals`]: Android `TelephonyManager` / `MediaProjection`, iOS
//! `CXCallObserver` / `UIScreen.isCaptured`); the phone app with a number
//! filled in ([`Dialer`]); its voice ([`SpeechOutput`]); its microphone
//! and recogniser ([`VoiceCapture`]); its share sheet ([`Sharer`]). The shell registers
//! them once at start; the UI asks the [`Companion`](crate::Companion), and
//! offers only what is registered (the desktop has none of them: every
//! signal is then "not known", a number is a `tel:` link, and the screen is
//! read by the page's own voice).
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

/// Where a capability the shell registered is kept: set once at start (or
/// replaced), read by whoever needs it. A poisoned lock still holds the
/// last value written, which is used.
pub(crate) struct Slot<T: ?Sized>(std::sync::RwLock<Option<std::sync::Arc<T>>>);

impl<T: ?Sized> Default for Slot<T> {
    fn default() -> Self {
        Slot(std::sync::RwLock::new(None))
    }
}

impl<T: ?Sized> Slot<T> {
    /// Registers (or replaces) the capability.
    pub(crate) fn set(&self, value: std::sync::Arc<T>) {
        *self.0.write().unwrap_or_else(|e| e.into_inner()) = Some(value);
    }

    /// The capability, when the shell registered one.
    pub(crate) fn get(&self) -> Option<std::sync::Arc<T>> {
        self.0.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Whether the shell registered one.
    pub(crate) fn is_set(&self) -> bool {
        self.0.read().unwrap_or_else(|e| e.into_inner()).is_some()
    }
}

/// The shell's view of the phone.
pub trait PhoneSignals: Send + Sync {
    /// A phone or VoIP call is in progress.
    fn on_call(&self) -> bool;
    /// The screen is being shared, recorded or mirrored.
    fn screen_shared(&self) -> bool;
    /// Ends the ringing or current call: `false` when the platform does
    /// not let an app do it (iOS), or nothing was ringing.
    fn hang_up(&self) -> bool {
        false
    }
}

/// The phone app: opens its dialer with `number` filled in (Android
/// `ACTION_DIAL`, iOS `tel:`); she presses call herself.
pub trait Dialer: Send + Sync {
    /// Opens the dialer with `number` (digits, maybe a leading `+`).
    fn dial(&self, number: &str);
}

/// The phone's voice (Android `TextToSpeech`, iOS `AVSpeechSynthesizer`).
pub trait SpeechOutput: Send + Sync {
    /// Says `text` in `language` at her pace and loudness, stopping what
    /// was being said.
    fn speak(&self, text: &str, language: crate::Language, style: crate::settings::SpeechStyle);
    /// Stops what is being said (a voice that cannot stop says it out).
    fn stop(&self) {}
}

/// The phone's microphone and speech recogniser together (Android
/// `AudioRecord` + `SpeechRecognizer`, iOS `AVAudioEngine` +
/// `SFSpeechRecognizer` on the same buffers): the voiceprint's recordings.
pub trait VoiceCapture: Send + Sync {
    /// Records her saying `ask.text` (the screen shows it and has read it
    /// out) and returns the recording with what the recogniser heard.
    /// Blocks until she has finished. With no `ask.digits`, she says what
    /// she wants (the voice assistant): only the recogniser's text counts.
    fn capture(
        &self,
        ask: &crate::auth::voiceprint::VoiceAsk,
    ) -> Result<crate::auth::voiceprint::VoiceSample, crate::auth::voiceprint::CaptureProblem>;
}

/// The phone's share sheet (Android `ACTION_SEND`, iOS
/// `UIActivityViewController`, where printing is one of the choices): she
/// sends a receipt to her family, or prints it.
pub trait Sharer: Send + Sync {
    /// Offers `text` (with `title` as its subject) to her apps and printer.
    fn share(&self, title: &str, text: &str);
    /// Offers a file (a statement's PDF: `file_name`, `mime`, its bytes) to
    /// her apps and printer; the shell keeps it where its share sheet can
    /// read it (its cache).
    fn share_file(&self, title: &str, file_name: &str, mime: &str, bytes: &[u8]);
}

/// 来电预警: a call ringing from a number the offline scam list names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallWarning {
    /// The caller's number, as the shell gave it.
    pub number: String,
    /// The scam it is listed for.
    pub category: crate::fraud::ScamCategory,
}

/// Longest file the share sheet is given (a statement of five years).
pub const MAX_SHARED_FILE_BYTES: usize = 32 * 1024 * 1024;

/// Longest number the dialer is given, in characters.
pub const MAX_DIAL_CHARS: usize = 20;

/// The digits to dial for a number as the app shows it (`95588`,
/// `400-820-0000`, `+86 10 1234 5678`): separators dropped; `None` when it
/// is not a phone number.
pub fn dial_digits(number: &str) -> Option<String> {
    let mut out = String::new();
    for (i, c) in number.trim().chars().enumerate() {
        match c {
            '0'..='9' => out.push(c),
            '+' if i == 0 => out.push(c),
            '-' | ' ' => {}
            _ => return None,
        }
    }
    let digits = out.trim_start_matches('+').len();
    (digits >= 3 && out.len() <= MAX_DIAL_CHARS).then_some(out)
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
    fn only_phone_numbers_are_dialled_without_their_separators() {
        assert_eq!(dial_digits("95588").as_deref(), Some("95588"));
        assert_eq!(dial_digits("400-820-0000").as_deref(), Some("4008200000"));
        assert_eq!(
            dial_digits(" +86 10 1234 5678").as_deref(),
            Some("+861012345678")
        );
        for bad in [
            "",
            "11",
            "95588;x",
            "1+2",
            "tel:110",
            "１１０",
            &"1".repeat(21),
        ] {
            assert_eq!(dial_digits(bad), None, "{bad}");
        }
    }

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
