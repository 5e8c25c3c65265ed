//! Her phones, as the facade offers them: the list, removing one, and the
//! notice of a phone bound after this one.

use crate::auth::phones::*;
use crate::bank::client::GatewayError;
use crate::bank::wire;
use crate::store::StoreError;
use crate::{Companion, CompanionError};

impl Companion {
    /// The phones bound to her account after this one that she has not
    /// said are hers, the oldest first. Nothing until this phone has
    /// pulled its own binding (it cannot tell "after" before then).
    pub async fn new_phones(&self) -> Result<Vec<NewPhone>, CompanionError> {
        let Some(me) = self.device_id().await? else {
            return Ok(Vec::new());
        };
        let rows: Vec<(String, String, i64)> = sqlx::query_as(
            "SELECT device_id, name, bound_at FROM bound_phones \
             WHERE seen = 0 AND device_id != ?1 \
             AND seq > (SELECT seq FROM bound_phones WHERE device_id = ?1) ORDER BY seq",
        )
        .bind(&me)
        .fetch_all(self.inner.store.pool())
        .await
        .map_err(StoreError::from)?;
        Ok(rows
            .into_iter()
            .map(|(id, name, bound_at)| NewPhone { id, name, bound_at })
            .collect())
    }

    /// Marks a bound phone's notice answered; false if this phone never
    /// heard of it.
    async fn answer_new_phone(&self, id: &str) -> Result<bool, CompanionError> {
        let done = sqlx::query("UPDATE bound_phones SET seen = 1 WHERE device_id = ?")
            .bind(id)
            .execute(self.inner.store.pool())
            .await
            .map_err(StoreError::from)?;
        Ok(done.rows_affected() > 0)
    }

    /// She says the new phone is hers: its notice goes away on this phone.
    /// An id this phone never heard of is [`CompanionError::PhoneNotFound`].
    pub async fn dismiss_new_phone(&self, id: &str) -> Result<(), CompanionError> {
        self.inner.store.ensure_writable()?;
        if !self.answer_new_phone(id).await? {
            return Err(CompanionError::PhoneNotFound);
        }
        tracing::info!("she said a newly bound phone is hers");
        Ok(())
    }

    fn phone_error(&self, e: GatewayError) -> CompanionError {
        match e {
            GatewayError::LoginNeeded => CompanionError::LoginNeeded,
            GatewayError::Refused { code, .. } if code == "unknown_phone" => {
                CompanionError::PhoneNotFound
            }
            GatewayError::Refused { code, .. } => CompanionError::Refused { code },
            _ => {
                self.set_connection(crate::Connection::Offline);
                CompanionError::NeedsConnection
            }
        }
    }

    /// The phones bound to her account, the newest first.
    pub async fn phones(&self) -> Result<Vec<Phone>, CompanionError> {
        let (server, token) = self
            .bank_session()
            .await?
            .ok_or(CompanionError::NotConnected)?;
        let v = self
            .gateway(&server)
            .phones(&token)
            .await
            .map_err(|e| self.phone_error(e))?;
        let answer: wire::Phones =
            serde_json::from_value(v).map_err(|_| CompanionError::SyncDataNotUnderstood)?;
        Ok(answer
            .phones
            .into_iter()
            .map(|p| Phone {
                id: p.id,
                name: p.name,
                bound_at: p.bound_at,
                last_used_at: p.last_used_at,
                this: p.this,
            })
            .collect())
    }

    /// Removes one of her phones at the bank. Removing this one logs it
    /// out (it would have to be bound again).
    pub async fn remove_phone(&self, id: &str) -> Result<(), CompanionError> {
        let (server, token) = self
            .bank_session()
            .await?
            .ok_or(CompanionError::NotConnected)?;
        self.gateway(&server)
            .remove_phone(&token, id)
            .await
            .map_err(|e| self.phone_error(e))?;
        if self.device_id().await?.as_deref() == Some(id) {
            self.forget_session();
        }
        // A removed phone's "new phone" notice has been answered.
        if self.inner.store.ensure_writable().is_ok() {
            self.answer_new_phone(id).await?;
        }
        tracing::info!("a phone was removed from her account");
        Ok(())
    }
}
