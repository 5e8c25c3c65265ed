//! Voiceprint for the shells: their microphone and speech recogniser
//! ([`VoiceCapture`]: Android `AudioRecord` + `SpeechRecognizer`, iOS
//! `AVAudioEngine` + `SFSpeechRecognizer`) feeding the core's voiceprint
//! enrolment, login and PIN reset. The prompts, the digit check, the
//! quality checks and the comparison are all the core's.

use crate::{CodeSentInfo, HappyLife, MobileError, SessionInfo};
use happylife_core::auth::voiceprint::{VoicePrompt, VoiceSample, VoiceprintState};
use std::sync::Arc;

/// The digits to read out, as the shell shows and speaks them.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct VoicePromptInfo {
    /// The eight digits.
    pub digits: String,
    /// What to show and read out: `请读出这串数字：3 8 1 6 0 2 7 5`.
    pub text: String,
    /// Until when it may be answered (unix seconds).
    pub expires_at: i64,
    /// 1 for the first recording, 2 for the second… (enrolment takes 3).
    pub step: u32,
    /// How many recordings this needs in all.
    pub steps: u32,
    /// The app's language (`zh-CN`, `zh-TW`, `en`), for the recogniser.
    pub language: String,
}

/// One recording and what the phone's recogniser heard in it.
#[derive(Clone, PartialEq, Eq, uniffi::Record)]
pub struct VoiceRecording {
    /// Mono 16-bit PCM, little-endian bytes (as `AudioRecord` and a WAV
    /// file's data chunk hold it; bytes cross the boundary in one piece).
    pub pcm: Vec<u8>,
    /// Samples per second (8 000–48 000).
    pub sample_rate: u32,
    /// The recogniser's text.
    pub recognised_text: String,
}

impl std::fmt::Debug for VoiceRecording {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VoiceRecording")
            .field("bytes", &self.pcm.len())
            .field("sample_rate", &self.sample_rate)
            .finish_non_exhaustive()
    }
}

/// Why the shell brought no recording back.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum VoiceCaptureError {
    /// The person stopped.
    #[error("cancelled")]
    Cancelled,
    /// No microphone permission, or the microphone is busy.
    #[error("microphone unavailable")]
    MicrophoneUnavailable,
    /// The phone has no speech recogniser to hear the digits with.
    #[error("recogniser unavailable")]
    RecogniserUnavailable,
}

impl From<uniffi::UnexpectedUniFFICallbackError> for VoiceCaptureError {
    /// A shell's recorder that failed in a way it did not name.
    fn from(_: uniffi::UnexpectedUniFFICallbackError) -> Self {
        VoiceCaptureError::MicrophoneUnavailable
    }
}

/// The shell's microphone and speech recogniser.
#[uniffi::export(with_foreign)]
pub trait VoiceCapture: Send + Sync {
    /// Shows and reads out the prompt, records her saying it, and returns
    /// the recording with what the recogniser heard.
    fn capture(&self, prompt: VoicePromptInfo) -> Result<VoiceRecording, VoiceCaptureError>;
}

/// Whether voiceprint login is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum VoiceprintLogin {
    /// Not enrolled.
    Off,
    /// On.
    On,
    /// Paused after too many failures: the PIN once.
    Paused,
    /// Made by an earlier model: to be recorded again.
    RecordAgain,
    /// No speaker model on this phone (the shell did not give one, or it
    /// is damaged): not offered.
    Unavailable,
}

/// The shell's recorder, as the core (and through it the UI) uses it.
struct ShellCapture(Arc<dyn VoiceCapture>);

impl happylife_core::phone::VoiceCapture for ShellCapture {
    fn capture(
        &self,
        ask: &happylife_core::auth::voiceprint::VoiceAsk,
    ) -> Result<VoiceSample, happylife_core::auth::voiceprint::CaptureProblem> {
        use happylife_core::auth::voiceprint::CaptureProblem;
        let info = VoicePromptInfo {
            digits: ask.digits.clone(),
            text: ask.text.clone(),
            expires_at: ask.expires_at,
            step: ask.step,
            steps: ask.steps,
            language: ask.language.tag().to_string(),
        };
        match self.0.capture(info) {
            Ok(r) => Ok(VoiceSample {
                // Half a sample at the end is not 16-bit PCM: the quality
                // check then finds too little to use.
                samples: pcm_samples(&r.pcm).unwrap_or_default(),
                sample_rate: r.sample_rate,
                recognised_text: r.recognised_text,
            }),
            Err(VoiceCaptureError::Cancelled) => Err(CaptureProblem::Cancelled),
            Err(VoiceCaptureError::MicrophoneUnavailable) => {
                Err(CaptureProblem::MicrophoneUnavailable)
            }
            Err(VoiceCaptureError::RecogniserUnavailable) => {
                Err(CaptureProblem::RecogniserUnavailable)
            }
        }
    }
}

/// Little-endian 16-bit PCM bytes as samples; `None` for half a sample.
fn pcm_samples(pcm: &[u8]) -> Option<Vec<i16>> {
    pcm.len().is_multiple_of(2).then(|| {
        pcm.chunks_exact(2)
            .map(|b| i16::from_le_bytes([b[0], b[1]]))
            .collect()
    })
}

#[uniffi::export]
impl HappyLife {
    /// The UI's 声纹 screens record with the shell's microphone and
    /// recogniser (without them, the UI offers no voiceprint).
    pub fn set_voice_capture(&self, capture: Arc<dyn VoiceCapture>) {
        self.companion
            .use_voice_capture(Arc::new(ShellCapture(capture)));
    }
}

#[uniffi::export(async_runtime = "tokio")]
impl HappyLife {
    /// The speaker encoder's weights the shell bundles (`pretrained.pt`, a
    /// file path): checked against their pinned SHA-256 and read once.
    /// Without it (or with a damaged file, refused here with the code
    /// `voiceprint_model_unavailable`) voice login is not offered and the
    /// UI says why; nothing else changes.
    pub async fn set_voice_model(&self, path: String) -> Result<(), MobileError> {
        Ok(self.companion.use_voice_model(path.into()).await?)
    }
}

impl HappyLife {
    /// A fresh prompt, recorded by the shell: (prompt id, recording).
    async fn record(
        &self,
        capture: &Arc<dyn VoiceCapture>,
        step: u32,
        steps: u32,
    ) -> Result<(u64, VoiceSample), MobileError> {
        let prompt: VoicePrompt = self.companion.voiceprint_prompt();
        let info = VoicePromptInfo {
            text: self.companion.voiceprint_prompt_text(&prompt),
            digits: prompt.digits.clone(),
            expires_at: prompt.expires_at,
            step,
            steps,
            language: self.companion.settings().language.tag().to_string(),
        };
        let capture = capture.clone();
        let recorded = tokio::task::spawn_blocking(move || capture.capture(info))
            .await
            .map_err(|_| voice_failed("voice_capture_failed", "error-voice-capture"))?;
        match recorded {
            Ok(r) if let Some(samples) = pcm_samples(&r.pcm) => Ok((
                prompt.id,
                VoiceSample {
                    samples,
                    sample_rate: r.sample_rate,
                    recognised_text: r.recognised_text,
                },
            )),
            // Half a sample: not 16-bit PCM.
            Ok(_) => Err(happylife_core::CompanionError::from(
                happylife_core::auth::voiceprint::VoiceprintError::Quality(
                    happylife_core::auth::voiceprint::quality::QualityProblem::SampleRate,
                ),
            )
            .into()),
            Err(VoiceCaptureError::Cancelled) => Err(MobileError::VoiceCancelled {
                message_id: "error-voice-cancelled".into(),
            }),
            Err(VoiceCaptureError::MicrophoneUnavailable) => Err(voice_failed(
                "microphone_unavailable",
                "error-voice-capture",
            )),
            Err(VoiceCaptureError::RecogniserUnavailable) => Err(voice_failed(
                "recogniser_unavailable",
                "error-voice-recogniser",
            )),
        }
    }
}

fn voice_failed(code: &str, message_id: &str) -> MobileError {
    MobileError::Failed {
        code: code.into(),
        message_id: message_id.into(),
    }
}

#[uniffi::export(async_runtime = "tokio")]
impl HappyLife {
    /// Turns voiceprint login on (after a PIN login): `consent` is her
    /// explicit yes to the shown notice; the shell records three prompts.
    pub async fn enrol_voiceprint(
        &self,
        capture: Arc<dyn VoiceCapture>,
        consent: bool,
    ) -> Result<(), MobileError> {
        if !consent {
            return Err(happylife_core::CompanionError::from(
                happylife_core::auth::voiceprint::VoiceprintError::ConsentNeeded,
            )
            .into());
        }
        let steps = happylife_core::auth::voiceprint::ENROL_UTTERANCES as u32;
        let mut answers = Vec::new();
        for step in 1..=steps {
            answers.push(self.record(&capture, step, steps).await?);
        }
        Ok(self.companion.enrol_voiceprint(consent, &answers).await?)
    }

    /// Voiceprint login: she reads the prompt; her voice unlocks the
    /// phone's key, which answers the bank's challenge.
    pub async fn login_with_voiceprint(
        &self,
        capture: Arc<dyn VoiceCapture>,
    ) -> Result<SessionInfo, MobileError> {
        let (prompt, sample) = self.record(&capture, 1, 1).await?;
        let s = self
            .companion
            .login_with_voiceprint(prompt, &sample)
            .await?;
        Ok(SessionInfo {
            expires_at: s.expires_at,
        })
    }

    /// Whether voiceprint login is on, off or paused.
    pub async fn voiceprint_login(&self) -> Result<VoiceprintLogin, MobileError> {
        Ok(match self.companion.voiceprint_state().await? {
            VoiceprintState::Off => VoiceprintLogin::Off,
            VoiceprintState::On => VoiceprintLogin::On,
            VoiceprintState::Paused => VoiceprintLogin::Paused,
            VoiceprintState::RecordAgain => VoiceprintLogin::RecordAgain,
            VoiceprintState::Unavailable => VoiceprintLogin::Unavailable,
        })
    }

    /// Deletes her voiceprint and the key that sealed it.
    pub async fn delete_voiceprint(&self) -> Result<(), MobileError> {
        Ok(self.companion.delete_voiceprint().await?)
    }

    /// Forgotten PIN, step 1: a code by SMS, once the bank has checked her
    /// ID-card number is this phone's customer's.
    pub async fn request_pin_reset_code(
        &self,
        id_number: String,
    ) -> Result<CodeSentInfo, MobileError> {
        Ok(self
            .companion
            .request_pin_reset_code(&id_number)
            .await?
            .into())
    }

    /// Forgotten PIN, step 2: the new PIN, the code from the SMS, and her
    /// voice reading a fresh prompt. All three, or nothing changes.
    pub async fn reset_pin(
        &self,
        code_id: i64,
        code: String,
        new_pin: String,
        capture: Arc<dyn VoiceCapture>,
    ) -> Result<(), MobileError> {
        happylife_core::auth::pin::check_new(&new_pin)
            .map_err(|e| MobileError::from(happylife_core::CompanionError::Pin(e)))?;
        let (prompt, sample) = self.record(&capture, 1, 1).await?;
        Ok(self
            .companion
            .reset_pin(code_id, &code, prompt, &sample, &new_pin)
            .await?)
    }
}

/// One turn of the voice assistant, as a shell shows and speaks it.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct VoiceTurn {
    /// The intent's stable code (`transfer`, `check_balance`…, `unknown`).
    pub intent: String,
    /// Its slots as heard, as JSON (`{"payee":"女儿","amount_fen":50000}`).
    pub slots_json: String,
    /// The saved payee it matched (a transfer): its id.
    pub payee_id: Option<i64>,
    /// A question is asked (something missing, unsure, not understood).
    pub asks: bool,
    /// The shell must get her "对" before opening the screen.
    pub needs_yes: bool,
    /// What to show and say.
    pub say: String,
}

impl From<happylife_core::voice::assistant::Understanding> for VoiceTurn {
    fn from(u: happylife_core::voice::assistant::Understanding) -> Self {
        let json = u.intent.to_json();
        VoiceTurn {
            intent: u.intent.kind.code().to_string(),
            slots_json: json["slots"].to_string(),
            payee_id: u.payee.map(|p| p.id),
            asks: u.asks,
            needs_yes: u.needs_yes,
            say: u.say,
        }
    }
}

/// The shell's text-to-speech (Android `TextToSpeech`, iOS
/// `AVSpeechSynthesizer`).
#[uniffi::export(with_foreign)]
pub trait Speaker: Send + Sync {
    /// Speaks `text` in `language` (`zh-CN`, `zh-TW`, `en`), at `rate`
    /// times the shell's own elder pace (0.55–1.0: she asked it to speak
    /// slower) and `volume` of the loudest (0.6–1.0: she asked it louder).
    fn speak(&self, text: String, language: String, rate: f32, volume: f32);
}

#[uniffi::export(async_runtime = "tokio")]
impl HappyLife {
    /// The assistant's turn for what the recogniser heard.
    pub async fn understand(&self, text: String) -> Result<VoiceTurn, MobileError> {
        Ok(self.companion.understand(&text).await?.into())
    }

    /// Her answer to the question the last turn asked, read with what she
    /// said first.
    pub async fn understand_reply(
        &self,
        first: String,
        reply: String,
    ) -> Result<VoiceTurn, MobileError> {
        Ok(self
            .companion
            .understand_reply(&first, &reply)
            .await?
            .into())
    }

    /// The home screen's read-aloud script, spoken by the shell's voice.
    pub async fn read_home_aloud(&self, speaker: Arc<dyn Speaker>) -> Result<String, MobileError> {
        let script = self.companion.home_script().await?;
        let lang = self.language();
        let style = self.companion.settings().speech;
        let text = script.clone();
        tokio::task::spawn_blocking(move || {
            speaker.speak(text, lang, style.rate(), style.volume())
        })
        .await
        .map_err(|_| voice_failed("speaker_failed", "error-store"))?;
        Ok(script)
    }
}
