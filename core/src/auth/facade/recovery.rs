//! A forgotten PIN (忘记密码), reset on the phone: her voiceprint, her
//! ID-card number and a code the bank sends by SMS to her mobile number,
//! all three. The voiceprint alone never resets anything; without an
//! enrolled voiceprint the reset is done at a branch.
//!
//! Order: the code is asked for with the ID number (the bank checks it is
//! this phone's customer's); then the voice is checked on the phone (a
//! failure counts, and does not use up the code); then the bank takes the
//! code; only then is the new PIN set, at the bank (which ends every
//! session of hers) and on the phone, which also lifts the PIN's lock.
//! Refused during a phone call.

use crate::auth::CodePurpose;
use crate::auth::enrol::{CodeSent, EnrolError, code_refusal, code_sent, parse_code};
use crate::auth::id_number::IdNumber;
use crate::auth::pin;
use crate::auth::voiceprint::{VoiceSample, VoiceprintError, VoiceprintState};
use crate::{Companion, CompanionError};

impl Companion {
    /// Step 1: the bank sends a PIN-reset code by SMS, once it has checked
    /// the ID number is this phone's customer's.
    pub async fn request_pin_reset_code(
        &self,
        id_number: &str,
    ) -> Result<CodeSent, CompanionError> {
        self.refuse_during_call()?;
        if self.voiceprint_state().await? == VoiceprintState::Off {
            return Err(VoiceprintError::NotEnrolled.into());
        }
        let id = IdNumber::parse(id_number).map_err(EnrolError::IdNumber)?;
        let (server, _, token) = self.device_credential().await?;
        let v = self
            .bank_client(&server)
            .request_code(id.as_str(), CodePurpose::PinReset, Some(&token))
            .await
            .map_err(|e| code_refusal(self, e))?;
        code_sent(&v)
    }

    /// Step 2: her voice saying a fresh prompt, the code from the SMS, and
    /// the new PIN (the PIN rules apply).
    pub async fn reset_pin(
        &self,
        code_id: i64,
        code: &str,
        prompt_id: u64,
        sample: &VoiceSample,
        new_pin: &str,
    ) -> Result<(), CompanionError> {
        self.refuse_during_call()?;
        pin::check_new(new_pin)?;
        let code = parse_code(code)?;
        let (server, _, token) = self.device_credential().await?;
        self.verify_voiceprint(prompt_id, sample).await?;
        self.bank_client(&server)
            .confirm_pin_reset(&token, code_id, &code)
            .await
            .map_err(|e| code_refusal(self, e))?;
        // The bank took the code: this phone may set the new PIN there (and
        // every session of hers ends), then here.
        self.forget_session();
        self.set_pin(new_pin).await?;
        tracing::info!("PIN reset with voiceprint, ID number and SMS code");
        Ok(())
    }
}
