//! Voiceprint login, as the facade offers it: enrolling three recordings,
//! the spoken prompt, checking a recording, and logging in with it.

use crate::auth::voiceprint::*;
use crate::store::StoreError;
use crate::{Companion, CompanionError};
use embed::{SpeakerEmbedder, cosine, unit};
use sha2::{Digest, Sha256};
use std::sync::Arc;
use template::Template;

impl Companion {
    /// Plugs in another speaker embedder instead of the learned encoder
    /// (the MFCC baseline, say). Templates made by the one before must be
    /// enrolled again.
    pub fn use_speaker_embedder(&self, embedder: Arc<dyn SpeakerEmbedder>) {
        *self
            .inner
            .embedder
            .write()
            .unwrap_or_else(|e| e.into_inner()) = Some(embedder);
    }

    /// The embedder voiceprints are made and checked with: the one plugged
    /// in, or the learned encoder ([`ge2e`]) read from its weights file.
    /// Without the weights there is no voiceprint; the PIN and the
    /// fingerprint work as before.
    async fn embedder(&self) -> Result<Arc<dyn SpeakerEmbedder>, CompanionError> {
        let plugged = self
            .inner
            .embedder
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        if let Some(e) = plugged {
            return Ok(e);
        }
        let path = self.inner.voice_model.clone().or_else(ge2e::find_model);
        Ok(load_encoder(path).await?)
    }

    /// Uses the speaker encoder's weights at `path` (the file a phone's shell
    /// bundles), read and checked as [`ge2e::shared`] does; a missing or
    /// damaged file is refused with [`VoiceprintError::ModelUnavailable`]
    /// and changes nothing.
    pub async fn use_voice_model(&self, path: std::path::PathBuf) -> Result<(), CompanionError> {
        let model = load_encoder(Some(path)).await?;
        self.use_speaker_embedder(model);
        Ok(())
    }

    /// A fresh prompt: eight random digits, answerable once, for
    /// [`PROMPT_TTL_SECS`].
    pub fn voiceprint_prompt(&self) -> VoicePrompt {
        let now = self.now().timestamp();
        let mut rng = rand::rng();
        let prompt = VoicePrompt {
            id: rand::Rng::random(&mut rng),
            digits: digits::new_prompt(&mut rng),
            expires_at: now + PROMPT_TTL_SECS,
        };
        let mut prompts = self
            .inner
            .voice_prompts
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        prompts.retain(|_, p| p.expires_at > now);
        prompts.insert(prompt.id, prompt.clone());
        prompt
    }

    /// What the screen shows and the phone reads out for a prompt.
    pub fn voiceprint_prompt_text(&self, prompt: &VoicePrompt) -> String {
        self.inner.i18n.tr_args(
            self.settings().language,
            "voiceprint-say",
            &[("digits", digits::spaced(&prompt.digits).into())],
        )
    }

    /// Gives the companion the shell's microphone and recogniser.
    pub fn use_voice_capture(&self, capture: Arc<dyn crate::phone::VoiceCapture>) {
        self.inner.capture.set(capture);
    }

    /// Whether the shell can record her voice (else the UI offers no
    /// voiceprint: the desktop and the browser).
    pub fn can_capture_voice(&self) -> bool {
        self.inner.capture.is_set()
    }

    /// What the shell is asked to record for `prompt` (`step` of `steps`).
    pub fn voice_ask(&self, prompt: &VoicePrompt, step: u32, steps: u32) -> VoiceAsk {
        VoiceAsk {
            digits: prompt.digits.clone(),
            text: self.voiceprint_prompt_text(prompt),
            expires_at: prompt.expires_at,
            step,
            steps,
            language: self.settings().language,
        }
    }

    /// Has the shell's microphone and recogniser record `ask` (blocking
    /// the shell's thread, not the runtime).
    async fn capture(&self, ask: VoiceAsk) -> Result<VoiceSample, CompanionError> {
        let unavailable = VoiceprintError::Capture(CaptureProblem::MicrophoneUnavailable);
        let capture = self.inner.capture.get().ok_or(unavailable)?;
        Ok(tokio::task::spawn_blocking(move || capture.capture(&ask))
            .await
            .map_err(|_| unavailable)?
            .map_err(VoiceprintError::Capture)?)
    }

    /// Has the shell record her answering `prompt`, then tells at once
    /// whether the recording can be used: the digits said, its quality (a
    /// noisy room is said in words). The prompt stays answerable.
    pub async fn record_answer(
        &self,
        prompt: &VoicePrompt,
        step: u32,
        steps: u32,
    ) -> Result<VoiceSample, CompanionError> {
        let sample = self.capture(self.voice_ask(prompt, step, steps)).await?;
        if prompt.expires_at <= self.now().timestamp() {
            return Err(VoiceprintError::PromptExpired.into());
        }
        if digits::spoken_digits(&sample.recognised_text).as_deref() != Some(prompt.digits.as_str())
        {
            return Err(VoiceprintError::WrongDigits.into());
        }
        quality::check(&sample.samples, sample.sample_rate).map_err(VoiceprintError::Quality)?;
        Ok(sample)
    }

    /// The voice assistant's ear: the shell records her saying what she
    /// wants (an ask with no digits, showing `prompt`) and answers what its
    /// recogniser heard, trimmed (maybe empty: nothing was understood).
    pub async fn hear_words(&self, prompt: &str) -> Result<String, CompanionError> {
        let ask = VoiceAsk {
            digits: String::new(),
            text: prompt.to_string(),
            expires_at: self.now().timestamp() + PROMPT_TTL_SECS,
            step: 1,
            steps: 1,
            language: self.settings().language,
        };
        let heard = self.capture(ask).await?;
        Ok(heard.recognised_text.trim().to_string())
    }

    fn take_prompt(&self, id: u64) -> Result<VoicePrompt, VoiceprintError> {
        let now = self.now().timestamp();
        self.inner
            .voice_prompts
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&id)
            .filter(|p| p.expires_at > now)
            .ok_or(VoiceprintError::PromptExpired)
    }

    /// Checks one answer to a prompt: the prompt, the digits said, the
    /// recording's quality, that it is new; then embeds it.
    async fn hear(
        &self,
        embedder: &Arc<dyn SpeakerEmbedder>,
        prompt_id: u64,
        sample: &VoiceSample,
    ) -> Result<Heard, CompanionError> {
        let prompt = self.take_prompt(prompt_id)?;
        if digits::spoken_digits(&sample.recognised_text).as_deref() != Some(prompt.digits.as_str())
        {
            return Err(VoiceprintError::WrongDigits.into());
        }
        quality::check(&sample.samples, sample.sample_rate).map_err(VoiceprintError::Quality)?;
        let fingerprint = fingerprint(sample);
        let seen: i64 = sqlx::query_scalar("SELECT count(*) FROM voiceprint_seen WHERE hash = ?")
            .bind(&fingerprint)
            .fetch_one(self.inner.store.pool())
            .await
            .map_err(store_err)?;
        if seen > 0 {
            return Err(VoiceprintError::Replayed.into());
        }
        let embedder = embedder.clone();
        let (samples, rate) = (quality::to_float(&sample.samples), sample.sample_rate);
        let embedding = tokio::task::spawn_blocking(move || embedder.embed(&samples, rate))
            .await
            .map_err(|_| CompanionError::Storage)?;
        Ok(Heard {
            embedding,
            fingerprint,
        })
    }

    async fn template_key_name(&self) -> Result<String, CompanionError> {
        let device = self
            .device_id()
            .await?
            .ok_or(CompanionError::NotConnected)?;
        Ok(template::key_name(&device))
    }

    async fn template_key(&self) -> Result<Vec<u8>, CompanionError> {
        let name = self.template_key_name().await?;
        self.keystore().get_or_create(&name, 32).map_err(|e| {
            tracing::error!(error = %e, "keystore refused the voiceprint key");
            CompanionError::KeystoreUnavailable
        })
    }

    /// Enrols her voiceprint from answers to fresh prompts (at least
    /// [`ENROL_UTTERANCES`]), with her consent, after a PIN login.
    pub async fn enrol_voiceprint(
        &self,
        consent: bool,
        answers: &[(u64, VoiceSample)],
    ) -> Result<(), CompanionError> {
        if !consent {
            return Err(VoiceprintError::ConsentNeeded.into());
        }
        self.refuse_during_call()?;
        self.session().ok_or(CompanionError::LoginNeeded)?;
        self.inner.store.ensure_writable()?;
        if answers.len() < ENROL_UTTERANCES {
            return Err(VoiceprintError::TooFewUtterances.into());
        }
        let embedder = self.embedder().await?;
        let mut heard = Vec::with_capacity(answers.len());
        for (prompt, sample) in answers {
            let h = self.hear(&embedder, *prompt, sample).await?;
            if heard.iter().any(|o: &Heard| o.fingerprint == h.fingerprint) {
                return Err(VoiceprintError::Replayed.into());
            }
            heard.push(h);
        }
        let mean = |items: &mut dyn Iterator<Item = &Heard>| -> Vec<f32> {
            let mut sum = vec![0f32; heard[0].embedding.len()];
            for h in items {
                for (s, x) in sum.iter_mut().zip(&h.embedding) {
                    *s += x;
                }
            }
            unit(sum)
        };
        for (i, h) in heard.iter().enumerate() {
            let others = mean(
                &mut heard
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| *j != i)
                    .map(|(_, o)| o),
            );
            if cosine(&h.embedding, &others) < embedder.enrol_agreement() {
                tracing::warn!("voiceprint enrolment utterances do not agree");
                return Err(VoiceprintError::Inconsistent.into());
            }
        }
        let template = Template {
            embedder: embedder.id().to_string(),
            centroid: mean(&mut heard.iter()),
            utterances: heard.len() as u32,
        };
        let sealed = template
            .seal(&self.template_key().await?)
            .map_err(|_| CompanionError::KeystoreUnavailable)?;
        // The voice key: what her voice releases on this phone, and what the
        // bank checks (registered now, under her PIN login).
        self.register_voice_key().await?;
        let now = self.now().timestamp();
        let mut tx = self.inner.store.begin().await?;
        sqlx::query(
            "INSERT INTO voiceprint (id, embedder, template, utterances, enrolled_at, failures, paused) \
             VALUES (1, ?, ?, ?, ?, 0, 0) ON CONFLICT(id) DO UPDATE SET embedder = excluded.embedder, \
             template = excluded.template, utterances = excluded.utterances, \
             enrolled_at = excluded.enrolled_at, failures = 0, paused = 0",
        )
        .bind(&template.embedder)
        .bind(sealed)
        .bind(i64::from(template.utterances))
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(store_err)?;
        for h in &heard {
            sqlx::query("INSERT OR IGNORE INTO voiceprint_seen (hash, seen_at) VALUES (?, ?)")
                .bind(&h.fingerprint)
                .bind(now)
                .execute(&mut *tx)
                .await
                .map_err(store_err)?;
        }
        tx.commit().await.map_err(store_err)?;
        tracing::info!(utterances = heard.len(), "voiceprint enrolled");
        Ok(())
    }

    /// Whether voiceprint login is on, off or paused; or whether her
    /// voiceprint must be recorded again (made by an earlier model), or
    /// cannot be used on this device at all (no model).
    pub async fn voiceprint_state(&self) -> Result<VoiceprintState, CompanionError> {
        let row: Option<(String, i64)> =
            sqlx::query_as("SELECT embedder, paused FROM voiceprint WHERE id = 1")
                .fetch_optional(self.inner.store.pool())
                .await
                .map_err(store_err)?;
        let Ok(embedder) = self.embedder().await else {
            return Ok(VoiceprintState::Unavailable);
        };
        Ok(match row {
            None => VoiceprintState::Off,
            Some((made_by, _)) if made_by != embedder.id() => VoiceprintState::RecordAgain,
            Some((_, 0)) => VoiceprintState::On,
            Some(_) => VoiceprintState::Paused,
        })
    }

    /// Deletes her voiceprint (注销): the template, the fingerprints, and
    /// the key that sealed it.
    pub async fn delete_voiceprint(&self) -> Result<(), CompanionError> {
        self.inner.store.ensure_writable()?;
        let mut tx = self.inner.store.begin().await?;
        for table in ["voiceprint", "voiceprint_seen"] {
            sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM {table}")))
                .execute(&mut *tx)
                .await
                .map_err(store_err)?;
        }
        tx.commit().await.map_err(store_err)?;
        if let Ok(name) = self.template_key_name().await {
            self.keystore()
                .delete(&name)
                .map_err(|_| CompanionError::KeystoreUnavailable)?;
        }
        if let Ok(Some(device)) = self.device_id().await {
            let _ = self.keystore().delete(&voice_key_name(&device));
            if let (Some(session), Ok((server, _))) = (self.session(), self.device_identity().await)
                && let Err(e) = self.gateway(&server).remove_voice_key(&session.token).await
            {
                tracing::warn!(error = %e, "the bank was not told voiceprint login is off");
            }
        }
        tracing::info!("voiceprint deleted");
        Ok(())
    }

    /// Checks her voice against the template. A wrong try (other digits,
    /// the same recording again, another voice) is counted and committed
    /// before the answer; [`MAX_FAILURES`] pause voiceprint login.
    pub(crate) async fn verify_voiceprint(
        &self,
        prompt_id: u64,
        sample: &VoiceSample,
    ) -> Result<(), CompanionError> {
        self.inner.store.ensure_writable()?;
        let row: Option<(String, Vec<u8>, i64, i64)> = sqlx::query_as(
            "SELECT embedder, template, failures, paused FROM voiceprint WHERE id = 1",
        )
        .fetch_optional(self.inner.store.pool())
        .await
        .map_err(store_err)?;
        let Some((embedder_id, sealed, failures, paused)) = row else {
            return Err(VoiceprintError::NotEnrolled.into());
        };
        if paused != 0 {
            return Err(VoiceprintError::Paused.into());
        }
        let embedder = self.embedder().await?;
        if embedder_id != embedder.id() {
            return Err(VoiceprintError::ModelChanged.into());
        }
        let template =
            Template::open(&sealed, &self.template_key().await?, &embedder_id).map_err(|_| {
                tracing::error!("the voiceprint template does not open with its key");
                CompanionError::Voiceprint(VoiceprintError::NotEnrolled)
            })?;
        let heard = match self.hear(&embedder, prompt_id, sample).await {
            Ok(h) => Ok(h),
            // Bad recordings are not her fault: they do not count.
            Err(CompanionError::Voiceprint(
                e @ (VoiceprintError::Quality(_) | VoiceprintError::PromptExpired),
            )) => return Err(e.into()),
            Err(CompanionError::Voiceprint(e)) => Err(e),
            Err(other) => return Err(other),
        };
        let refusal = match heard {
            Ok(h) => {
                let score = cosine(&h.embedding, &template.centroid);
                if score >= embedder.accept_threshold() {
                    let mut tx = self.inner.store.begin().await?;
                    sqlx::query("UPDATE voiceprint SET failures = 0 WHERE id = 1")
                        .execute(&mut *tx)
                        .await
                        .map_err(store_err)?;
                    sqlx::query(
                        "INSERT OR IGNORE INTO voiceprint_seen (hash, seen_at) VALUES (?, ?)",
                    )
                    .bind(&h.fingerprint)
                    .bind(self.now().timestamp())
                    .execute(&mut *tx)
                    .await
                    .map_err(store_err)?;
                    tx.commit().await.map_err(store_err)?;
                    return Ok(());
                }
                None
            }
            Err(e) => Some(e),
        };
        let failures = failures + 1;
        let pause = failures >= MAX_FAILURES;
        let mut tx = self.inner.store.begin().await?;
        sqlx::query("UPDATE voiceprint SET failures = ?, paused = ? WHERE id = 1")
            .bind(failures)
            .bind(i64::from(pause))
            .execute(&mut *tx)
            .await
            .map_err(store_err)?;
        tx.commit().await.map_err(store_err)?;
        tracing::warn!(failures, "voiceprint not accepted");
        if pause {
            return Err(VoiceprintError::Paused.into());
        }
        Err(refusal
            .unwrap_or(VoiceprintError::NotRecognised {
                tries_left: u32::try_from(MAX_FAILURES - failures).unwrap_or(0),
            })
            .into())
    }

    /// Voiceprint login: her voice saying the prompt releases the phone's
    /// voice key, which answers the bank's challenge; the bank checks the
    /// key (registered under a PIN login), never the phone's word.
    pub async fn login_with_voiceprint(
        &self,
        prompt_id: u64,
        sample: &VoiceSample,
    ) -> Result<crate::auth::Session, CompanionError> {
        use crate::auth::LoginMethod;
        use crate::bank::client::GatewayError;
        self.pin_attempts_allow_now().await?;
        self.verify_voiceprint(prompt_id, sample).await?;
        let (server, device_id, token) = self.device_credential().await?;
        let key = self
            .keystore()
            .get(&voice_key_name(&device_id))
            .map_err(|_| CompanionError::KeystoreUnavailable)?
            .and_then(|secret| crate::auth::DeviceKey::from_secret(&secret))
            .ok_or(VoiceprintError::NotEnrolled)?;
        let gateway = self.gateway(&server);
        let login = async {
            let (id, nonce) = gateway
                .auth_challenge(&token, LoginMethod::Voiceprint)
                .await?;
            gateway
                .auth_session(
                    &token,
                    id,
                    &key.sign_for(LoginMethod::Voiceprint, &device_id, &nonce),
                )
                .await
        };
        let (session, expires_at) = login.await.map_err(|e| match e {
            GatewayError::Refused { code, .. } if code == "no_voice_key" => {
                VoiceprintError::NotEnrolled.into()
            }
            other => self.login_error(other),
        })?;
        Ok(self.keep_session(session, expires_at, LoginMethod::Voiceprint))
    }

    /// Makes the voice key, proves it to the bank with a voiceprint
    /// challenge under the live session, and keeps its secret in the
    /// keystore.
    async fn register_voice_key(&self) -> Result<(), CompanionError> {
        use crate::auth::LoginMethod;
        let session = self.session().ok_or(CompanionError::LoginNeeded)?;
        let (server, device_id, token) = self.device_credential().await?;
        let key = crate::auth::DeviceKey::generate();
        let gateway = self.gateway(&server);
        let (id, nonce) = gateway
            .auth_challenge(&token, LoginMethod::Voiceprint)
            .await
            .map_err(|e| self.login_error(e))?;
        gateway
            .register_voice_key(
                &session.token,
                id,
                &key.public_hex(),
                &key.sign_for(LoginMethod::Voiceprint, &device_id, &nonce),
            )
            .await
            .map_err(|e| self.login_error(e))?;
        self.keystore()
            .set(&voice_key_name(&device_id), &key.secret())
            .map_err(|_| CompanionError::KeystoreUnavailable)
    }
}

/// The fingerprint of a recording (its exact samples and rate).
/// The learned encoder at `path`, read off the async threads (once per
/// process, [`ge2e::shared`]); without a usable file, no voiceprint.
async fn load_encoder(
    path: Option<std::path::PathBuf>,
) -> Result<Arc<ge2e::Ge2eEmbedder>, VoiceprintError> {
    let loaded = match path {
        None => Err(ge2e::ModelProblem::Missing),
        Some(path) => tokio::task::spawn_blocking(move || ge2e::shared(&path))
            .await
            .unwrap_or(Err(ge2e::ModelProblem::Missing)),
    };
    loaded.map_err(|problem| {
        tracing::warn!(problem = problem.code(), "no voiceprint model");
        VoiceprintError::ModelUnavailable
    })
}

fn fingerprint(sample: &VoiceSample) -> String {
    let mut h = Sha256::new();
    h.update(sample.sample_rate.to_le_bytes());
    for s in &sample.samples {
        h.update(s.to_le_bytes());
    }
    hex::encode(h.finalize())
}

/// A database failure, as the facade reports it.
fn store_err(e: sqlx::Error) -> CompanionError {
    StoreError::from(e).into()
}

/// An accepted utterance: its embedding and fingerprint.
struct Heard {
    embedding: Vec<f32>,
    fingerprint: String,
}
