//! The phone-signals part of the [`Companion`] facade: the shell hands its
//! signals over, and the risk check and the account-changing steps ask them.

use crate::phone::*;
use crate::{Companion, CompanionError};
use std::sync::Arc;

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
