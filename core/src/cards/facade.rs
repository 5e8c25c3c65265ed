//! The cards part of the [`Companion`] facade: the card guard's locks (on:
//! queued, safe offline; off: live, after anything queued).

use super::unfreeze::upsert;
use super::unfreeze::{Unfreeze, UnfreezeError, UnfreezeStatus};
use crate::auth::CodePurpose;
use crate::auth::enrol::{CodeSent, EnrolError, code_refusal, code_sent, parse_code};
use crate::auth::id_number::IdNumber;
use crate::bank::client::GatewayError;
use crate::bank::wire::Command;
use crate::store::StoreError;
use crate::{Companion, CompanionError, Connection, cards, sync};
use serde_json::Value;

impl Companion {
    /// The elder's cards, with each lock's state (on, waiting, off).
    pub async fn cards(&self) -> Result<Vec<cards::Card>, CompanionError> {
        let mut conn = self.inner.store.acquire().await?;
        Ok(cards::store::list(&mut conn).await?)
    }

    async fn card(&self, card_id: i64) -> Result<cards::Card, CompanionError> {
        self.cards()
            .await?
            .into_iter()
            .find(|c| c.id() == card_id)
            .ok_or(CompanionError::CardNotFound)
    }

    /// Turns a lock on. Safe direction: works offline (queued, shown as
    /// waiting) and is sent with the next sync.
    pub async fn lock_card(&self, card_id: i64, lock: cards::Lock) -> Result<(), CompanionError> {
        self.inner.store.ensure_writable()?;
        let card = self.card(card_id).await?;
        if card.lock_status(lock) != cards::LockStatus::Off {
            return Ok(());
        }
        let command = Command::CardLock {
            card_id,
            lock,
            on: true,
        };
        let mut tx = self.inner.store.begin().await?;
        sync::outbox::enqueue(&mut tx, &command, self.now().timestamp()).await?;
        tx.commit().await.map_err(StoreError::from)?;
        Ok(())
    }

    /// Turns a lock off. Needs a live connection: anything queued is sent
    /// first, then the unlock goes to the bank directly; offline it fails
    /// with [`CompanionError::NeedsConnection`] and nothing is queued.
    pub async fn unlock_card(&self, card_id: i64, lock: cards::Lock) -> Result<(), CompanionError> {
        self.inner.store.ensure_writable()?;
        let card = self.card(card_id).await?;
        if card.state.frozen || card.freeze_queued {
            return Err(CompanionError::CardFrozen);
        }
        match self.sync().await {
            Ok(_) => {}
            Err(CompanionError::Offline | CompanionError::NotConnected) => {
                return Err(CompanionError::NeedsConnection);
            }
            Err(e) => return Err(e),
        }
        let card = self.card(card_id).await?;
        if card.state.frozen {
            return Err(CompanionError::CardFrozen);
        }
        if card.lock_status(lock) == cards::LockStatus::Off {
            return Ok(());
        }
        let (server, token) = match self.bank_session().await? {
            Some(session) => session,
            None => return Err(CompanionError::NeedsConnection),
        };
        let body = Command::CardLock {
            card_id,
            lock,
            on: false,
        }
        .to_json();
        let gateway = self.gateway(&server);
        match gateway
            .command(&token, &sync::outbox::new_key(), &body)
            .await
        {
            Ok(_) => {}
            Err(crate::bank::client::GatewayError::Refused { code, .. })
                if code == "card_frozen" =>
            {
                return Err(CompanionError::CardFrozen);
            }
            Err(crate::bank::client::GatewayError::Refused { code, .. }) => {
                return Err(CompanionError::Refused { code });
            }
            Err(crate::bank::client::GatewayError::LoginNeeded) => {
                return Err(CompanionError::LoginNeeded);
            }
            Err(_) => {
                self.set_connection(Connection::Offline);
                return Err(CompanionError::NeedsConnection);
            }
        }
        // The bank's new state arrives through the change log.
        self.sync().await.map(|_| ()).or_else(|e| match e {
            CompanionError::Offline => Ok(()),
            other => Err(other),
        })
    }
}

impl Companion {
    /// Her latest request to unfreeze, as the bank last said.
    pub async fn unfreeze(&self) -> Result<Option<Unfreeze>, CompanionError> {
        let row: Option<(i64, String, i64, i64)> = sqlx::query_as(
            "SELECT id, status, not_before, created_at FROM unfreeze ORDER BY id DESC LIMIT 1",
        )
        .fetch_optional(self.inner.store.pool())
        .await
        .map_err(StoreError::from)?;
        Ok(row.and_then(|(id, status, not_before, created_at)| {
            Some(Unfreeze {
                id,
                status: UnfreezeStatus::from_code(&status)?,
                not_before,
                created_at,
            })
        }))
    }

    /// Whether any of her cards is frozen (after 我被骗了).
    pub async fn cards_frozen(&self) -> Result<bool, CompanionError> {
        Ok(self.cards().await?.iter().any(|c| c.state.frozen))
    }

    fn unfreeze_refusal(&self, e: GatewayError) -> CompanionError {
        match &e {
            GatewayError::Refused { code, .. } => match UnfreezeError::from_code(code) {
                Some(u) => u.into(),
                None => code_refusal(self, e),
            },
            GatewayError::LoginNeeded => CompanionError::LoginNeeded,
            _ => code_refusal(self, e),
        }
    }

    /// Step 1: the bank sends a code by SMS, once it has checked the ID
    /// number is this phone's customer's.
    pub async fn request_unfreeze_code(&self, id_number: &str) -> Result<CodeSent, CompanionError> {
        self.refuse_during_call()?;
        let id = IdNumber::parse(id_number).map_err(EnrolError::IdNumber)?;
        let (server, _, token) = self.device_credential().await?;
        let v = self
            .gateway(&server)
            .request_code(id.as_str(), CodePurpose::Unfreeze, Some(&token))
            .await
            .map_err(|e| code_refusal(self, e))?;
        code_sent(&v)
    }

    /// Step 2: the code from the SMS, under her PIN login: the bank unfreezes
    /// her cards a day from now, unless she cancels.
    pub async fn request_unfreeze(
        &self,
        code_id: i64,
        code: &str,
    ) -> Result<Unfreeze, CompanionError> {
        self.refuse_during_call()?;
        let code = parse_code(code)?;
        let (server, token) = self
            .bank_session()
            .await?
            .ok_or(CompanionError::NotConnected)?;
        let v = self
            .gateway(&server)
            .unfreeze(&token, code_id, &code)
            .await
            .map_err(|e| self.unfreeze_refusal(e))?;
        self.keep_unfreeze(&v["unfreeze"]).await
    }

    /// Cancels her waiting unfreeze: the cards stay frozen.
    pub async fn cancel_unfreeze(&self, id: i64) -> Result<Unfreeze, CompanionError> {
        let (server, token) = self
            .bank_session()
            .await?
            .ok_or(CompanionError::NotConnected)?;
        let v = self
            .gateway(&server)
            .cancel_unfreeze(&token, id)
            .await
            .map_err(|e| self.unfreeze_refusal(e))?;
        self.keep_unfreeze(&v["unfreeze"]).await
    }

    /// Keeps what the bank answered (the change log brings it too).
    async fn keep_unfreeze(&self, d: &Value) -> Result<Unfreeze, CompanionError> {
        let mut conn = self.inner.store.acquire().await?;
        upsert(&mut conn, d)
            .await
            .ok_or(CompanionError::SyncDataNotUnderstood)?
            .map_err(StoreError::from)?;
        drop(conn);
        self.unfreeze()
            .await?
            .ok_or(CompanionError::SyncDataNotUnderstood)
    }
}
