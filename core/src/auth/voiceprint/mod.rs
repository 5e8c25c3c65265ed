//! Voiceprint login (声纹登录): she reads out eight random digits shown on
//! the screen; the phone checks that the digits are the ones asked for
//! (through the voice hook's recognised text) and that the voice is hers.
//!
//! - **Enrolment** ([`Companion::enrol_voiceprint`]): after a PIN login,
//!   with her explicit consent (JR/T 0164-2018 7.1.3: told what is kept and
//!   why), three or more utterances, each of its own fresh prompt. Each must
//!   pass the quality checks ([`quality`]) and agree with the others; the
//!   template is their mean embedding, sealed at rest ([`template`]).
//! - **Verification** ([`Companion::login_with_voiceprint`]): a fresh prompt
//!   (single use, [`PROMPT_TTL_SECS`]); the recognised digits must be the
//!   prompt's, so a recording of an earlier try says the wrong digits; the
//!   very same recording twice is refused by its fingerprint; then the
//!   voice is compared ([`ACCEPT_THRESHOLD`]). Five failures pause it until
//!   the PIN is given. While the PIN is locked after wrong tries, the
//!   voiceprint does not open the phone either.
//! - **Never the only factor.** A voiceprint login is the voice *and* the
//!   phone's own key (possession); a PIN reset is the voice *and* her ID
//!   number *and* a code sent by SMS (`auth/facade/recovery.rs`).
//!
//! Voices are compared by the learned speaker encoder [`ge2e`] (its
//! weights bundled by the shells; without them no voiceprint is offered,
//! [`VoiceprintState::Unavailable`]). How well it tells voices apart,
//! beside the MFCC baseline [`embed::MfccEmbedder`], is measured on real
//! voices and on synthetic ones (`tests/voice`): see the figures in the
//! README. A template made by another embedder is never compared
//! ([`VoiceprintState::RecordAgain`]). No liveness model guards against a
//! recording spliced from her own digits.

pub mod background;
pub mod digits;
pub mod embed;
pub mod ge2e;
pub mod quality;
pub mod template;

use quality::QualityProblem;

/// Utterances an enrolment needs.
pub const ENROL_UTTERANCES: usize = 3;
/// How long a prompt may be answered.
pub const PROMPT_TTL_SECS: i64 = 120;
/// Failed tries before voiceprint login pauses.
pub const MAX_FAILURES: i64 = 5;
/// The MFCC baseline's threshold: a voice is hers when its embedding's
/// cosine with the template is at least this. Chosen on the synthetic-voice measurement (`tests/voice`,
/// figures in the README): about three of four of her tries in a quiet room
/// pass, and 2–3 % of other voices' tries do, almost all of them from
/// voices the synthesiser makes nearly alike. A stricter threshold buys
/// little safety for many more refusals; what keeps this factor safe is
/// that it is never alone (the phone's key, five tries, the PIN's lock).
pub const MFCC_ACCEPT_THRESHOLD: f32 = 0.80;
/// The MFCC baseline's: each enrolment utterance must agree this well with
/// the others' mean.
pub const MFCC_ENROL_AGREEMENT: f32 = 0.55;

/// A recording, as the shell's microphone and speech recogniser give it.
#[derive(Clone, PartialEq, Eq)]
pub struct VoiceSample {
    /// Mono 16-bit PCM.
    pub samples: Vec<i16>,
    /// Samples per second (8–48 kHz).
    pub sample_rate: u32,
    /// What the recogniser heard (the voice hook's text).
    pub recognised_text: String,
}

impl std::fmt::Debug for VoiceSample {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VoiceSample")
            .field("samples", &self.samples.len())
            .field("sample_rate", &self.sample_rate)
            .finish_non_exhaustive()
    }
}

/// The digits to read out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VoicePrompt {
    /// Single-use id of this prompt.
    pub id: u64,
    /// The eight digits.
    pub digits: String,
    /// Until when it may be answered (unix seconds).
    pub expires_at: i64,
}

/// Whether voiceprint login is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VoiceprintState {
    /// Not enrolled.
    Off,
    /// Enrolled and usable.
    On,
    /// Paused after too many failures, until the PIN is given.
    Paused,
    /// Made by an earlier model: she is asked to record it again (the PIN
    /// and the fingerprint work meanwhile).
    RecordAgain,
    /// This device has no speaker model (its weights are missing or
    /// damaged): voiceprints cannot be made or checked here.
    Unavailable,
}

/// Why a voiceprint step did not go ahead.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum VoiceprintError {
    /// The recording is not good enough to judge (what to do is in the message).
    #[error("quality: {0}")]
    Quality(QualityProblem),
    /// Other digits were said than the ones asked for.
    #[error("wrong digits")]
    WrongDigits,
    /// The prompt is unknown, used, or too old: ask for a new one.
    #[error("prompt expired")]
    PromptExpired,
    /// The very same recording was used before.
    #[error("replayed")]
    Replayed,
    /// The enrolment utterances do not sound like one voice.
    #[error("inconsistent")]
    Inconsistent,
    /// No voiceprint is enrolled on this phone.
    #[error("not enrolled")]
    NotEnrolled,
    /// Not recognised as her voice; this many tries are left.
    #[error("not recognised")]
    NotRecognised {
        /// Tries left before a pause.
        tries_left: u32,
    },
    /// Paused after too many failures: the PIN first.
    #[error("paused")]
    Paused,
    /// She has not agreed to her voiceprint being kept.
    #[error("consent needed")]
    ConsentNeeded,
    /// Fewer utterances than an enrolment needs.
    #[error("too few utterances")]
    TooFewUtterances,
    /// The template was made by another model: enrol again.
    #[error("model changed")]
    ModelChanged,
    /// The speaker encoder's weights are not on this device (or damaged):
    /// no voiceprint can be made or checked.
    #[error("model unavailable")]
    ModelUnavailable,
    /// The shell brought no recording back.
    #[error("capture: {0:?}")]
    Capture(CaptureProblem),
}

/// Why the shell's microphone brought no recording back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaptureProblem {
    /// She stopped it.
    Cancelled,
    /// No microphone permission, the microphone is busy, or there is none
    /// (a desktop, a browser).
    MicrophoneUnavailable,
    /// The phone has no speech recogniser to hear the digits with.
    RecogniserUnavailable,
}

/// What the shell is asked to record: one prompt, as the screen shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VoiceAsk {
    /// The eight digits.
    pub digits: String,
    /// What is shown and read out: `请读出这串数字：3 8 1 6 0 2 7 5`.
    pub text: String,
    /// Until when it may be answered (unix seconds).
    pub expires_at: i64,
    /// 1 for the first recording, 2 for the second… (enrolment takes 3).
    pub step: u32,
    /// How many recordings this needs in all.
    pub steps: u32,
    /// The app's language, for the recogniser.
    pub language: crate::Language,
}

impl VoiceprintError {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            VoiceprintError::Quality(q) => q.code(),
            VoiceprintError::WrongDigits => "voice_wrong_digits",
            VoiceprintError::PromptExpired => "voice_prompt_expired",
            VoiceprintError::Replayed => "voice_replayed",
            VoiceprintError::Inconsistent => "voice_inconsistent",
            VoiceprintError::NotEnrolled => "voiceprint_off",
            VoiceprintError::NotRecognised { .. } => "voice_not_recognised",
            VoiceprintError::Paused => "voiceprint_paused",
            VoiceprintError::ConsentNeeded => "voiceprint_consent_needed",
            VoiceprintError::TooFewUtterances => "voice_too_few",
            VoiceprintError::ModelChanged => "voiceprint_model_changed",
            VoiceprintError::ModelUnavailable => "voiceprint_model_unavailable",
            VoiceprintError::Capture(CaptureProblem::Cancelled) => "voice_cancelled",
            VoiceprintError::Capture(CaptureProblem::MicrophoneUnavailable) => {
                "microphone_unavailable"
            }
            VoiceprintError::Capture(CaptureProblem::RecogniserUnavailable) => {
                "recogniser_unavailable"
            }
        }
    }

    /// Fluent id.
    pub fn message_id(self) -> &'static str {
        match self {
            VoiceprintError::Quality(q) => q.message_id(),
            VoiceprintError::WrongDigits => "error-voice-wrong-digits",
            VoiceprintError::PromptExpired => "error-voice-prompt-expired",
            VoiceprintError::Replayed => "error-voice-replayed",
            VoiceprintError::Inconsistent => "error-voice-inconsistent",
            VoiceprintError::NotEnrolled => "error-voiceprint-off",
            VoiceprintError::NotRecognised { .. } => "error-voice-not-recognised",
            VoiceprintError::Paused => "error-voiceprint-paused",
            VoiceprintError::ConsentNeeded => "error-voiceprint-consent",
            VoiceprintError::TooFewUtterances => "error-voice-too-few",
            VoiceprintError::ModelChanged => "error-voiceprint-model-changed",
            VoiceprintError::ModelUnavailable => "error-voiceprint-model-unavailable",
            VoiceprintError::Capture(CaptureProblem::Cancelled) => "error-voice-cancelled",
            VoiceprintError::Capture(CaptureProblem::MicrophoneUnavailable) => {
                "error-voice-capture"
            }
            VoiceprintError::Capture(CaptureProblem::RecogniserUnavailable) => {
                "error-voice-recogniser"
            }
        }
    }
}

/// Name of the voice key's secret in the keystore.
pub(crate) fn voice_key_name(device_id: &str) -> String {
    format!("voice-key/{device_id}")
}
