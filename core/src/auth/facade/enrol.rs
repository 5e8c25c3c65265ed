//! Binding this phone, as the facade offers it: asking for a code, binding
//! with it, and what the phone keeps.

use crate::auth::enrol::*;
use crate::auth::id_number::IdNumber;
use crate::auth::{CodePurpose, DeviceKey};
use crate::store::{self, StoreError};
use crate::{Companion, CompanionError, META_DEVICE, META_SERVER};

impl Companion {
    /// Whether this phone is bound to a bank.
    pub async fn is_bound(&self) -> Result<bool, CompanionError> {
        Ok(self.inner.store.meta(META_DEVICE).await?.is_some())
    }

    /// This phone's id at the bank (not a secret), once bound.
    pub async fn device_id(&self) -> Result<Option<String>, CompanionError> {
        Ok(self.inner.store.meta(META_DEVICE).await?)
    }

    /// Points a bound phone at the bank's address (the sandbox gateway
    /// starts on a new port each run). Its identity stays: its outbox keys
    /// are the bank's record of what it sent.
    pub async fn set_bank_address(&self, server: &str) -> Result<(), CompanionError> {
        self.inner.store.ensure_writable()?;
        let mut conn = self.inner.store.acquire().await?;
        store::set_meta(&mut conn, META_SERVER, server).await?;
        Ok(())
    }

    /// Step 1 of binding: the bank sends a code by SMS to the mobile
    /// number it has for this ID number.
    pub async fn request_bind_code(
        &self,
        server: &str,
        id_number: &str,
    ) -> Result<CodeSent, CompanionError> {
        self.refuse_during_call()?;
        if self.is_bound().await? {
            return Err(EnrolError::AlreadyBound.into());
        }
        let id = IdNumber::parse(id_number).map_err(EnrolError::IdNumber)?;
        let v = self
            .bank_client(server)
            .request_code(id.as_str(), CodePurpose::Bind, None)
            .await
            .map_err(|e| code_refusal(self, e))?;
        code_sent(&v)
    }

    /// Step 2 of binding: the code from the SMS. The phone makes its login
    /// key now; the bank keeps the public half, the keystore the secret
    /// (kept before the binding is saved, so a bound phone always has it).
    pub async fn bind(
        &self,
        server: &str,
        code_id: i64,
        code: &str,
        device_name: &str,
    ) -> Result<(), CompanionError> {
        self.refuse_during_call()?;
        self.inner.store.ensure_writable()?;
        if self.is_bound().await? {
            return Err(EnrolError::AlreadyBound.into());
        }
        let code = parse_code(code)?;
        let key = DeviceKey::generate();
        let bound = self
            .bank_client(server)
            .register(code_id, &code, device_name, &key.public_hex())
            .await
            .map_err(|e| code_refusal(self, e))?;
        let keystore = self.keystore();
        keystore
            .set(
                &crate::auth::facade::key_name(&bound.device_id),
                &key.secret(),
            )
            .and_then(|()| {
                keystore.set(
                    &crate::auth::facade::token_name(&bound.device_id),
                    bound.token.as_bytes(),
                )
            })
            .map_err(|e| {
                tracing::error!(error = %e, "keystore refused the device key or token");
                CompanionError::KeystoreUnavailable
            })?;
        let mut tx = self.inner.store.begin().await?;
        store::set_meta(&mut tx, META_SERVER, server).await?;
        store::set_meta(&mut tx, META_DEVICE, &bound.device_id).await?;
        store::set_meta(&mut tx, META_BOUND_AT, &self.now().timestamp().to_string()).await?;
        store::set_meta(
            &mut tx,
            crate::auth::facade::META_BANK_PIN,
            if bound.pin_set { "1" } else { "0" },
        )
        .await?;
        tx.commit().await.map_err(StoreError::from)?;
        self.restore_session(&bound.device_id);
        tracing::info!("phone bound to the bank");
        Ok(())
    }

    /// Testers' aid against a sandbox bank: the SMS that carried a code, as
    /// the customer's phone would show it (`None` from a real bank, which
    /// has no such endpoint).
    pub async fn sandbox_sms(&self, server: &str, code_id: i64) -> Option<String> {
        self.bank_client(server)
            .sandbox_sms_of_code(code_id)
            .await
            .ok()
            .and_then(|m| m.into_iter().next())
    }

    /// Testers' shortcut against a sandbox bank: binds this phone to
    /// `customer_id` by reading the customer's ID number and the code from
    /// the sandbox's tester endpoints, as a tester with the customer's phone
    /// in hand would (a bound phone only gets the new address), then, with
    /// no live session, logs in with the demo PIN the sandbox gave a demo
    /// customer ([`crate::accounts::demo::DEMO_PIN`]).
    pub async fn bind_in_sandbox(
        &self,
        server: &str,
        customer_id: &str,
        device_name: &str,
    ) -> Result<(), CompanionError> {
        if self.is_bound().await? {
            self.set_bank_address(server).await?;
        } else {
            self.refuse_during_call()?;
            let (code_id, code) = self
                .bank_client(server)
                .sandbox_bind_code(customer_id)
                .await
                .map_err(|e| code_refusal(self, e))?;
            self.bind(server, code_id, &code, device_name).await?;
        }
        if self.session().is_some() {
            return Ok(());
        }
        let demo_pin = self
            .bank_client(server)
            .sandbox_demo_pin(customer_id)
            .await
            .map_err(|e| self.gateway_error(e))?;
        match demo_pin {
            Some(pin) => self.login_with_pin(&pin).await.map(|_| ()),
            None => Ok(()),
        }
    }
}
