//! The complaints part of the [`Companion`] facade: filing one (kept at once,
//! sent when online) and the list with the bank's answers.

use super::store;
use crate::bank::wire::{Command, ComplaintCategory};
use crate::store::StoreError;
use crate::{Companion, CompanionError, complaints, sync};

impl Companion {
    /// Files a complaint: kept on the device at once, sent when online.
    pub async fn file_complaint(&self, category: &str, text: &str) -> Result<(), CompanionError> {
        let text = complaints::accept(category, text).ok_or(CompanionError::InvalidComplaint)?;
        self.inner.store.ensure_writable()?;
        let now = self.now().timestamp();
        let mut tx = self.inner.store.begin().await?;
        let command = Command::Complaint {
            category: ComplaintCategory::from_code(category)
                .ok_or(CompanionError::InvalidComplaint)?,
            text: text.to_string(),
        };
        let key = sync::outbox::enqueue(&mut tx, &command, now).await?;
        store::insert(&mut tx, &key, category, text, now).await?;
        tx.commit().await.map_err(StoreError::from)?;
        Ok(())
    }

    /// Complaints on this device, newest first, with their status and the
    /// bank's answer once there is one.
    pub async fn complaints(&self) -> Result<Vec<complaints::Filed>, CompanionError> {
        let mut conn = self.inner.store.acquire().await?;
        Ok(store::list(&mut conn).await?)
    }
}
