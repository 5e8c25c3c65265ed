//! The way back after 我被骗了: her cards are unfrozen at the bank a day
//! after she asks, never at once, so a scammer coaching her on the phone
//! cannot undo the freeze in the same call. Asking needs a PIN login and a
//! code the bank sends by SMS; her family is told at once; she can cancel
//! it during the wait. The bank keeps the request and its clock; the phone
//! shows what the change log brings.

use crate::auth::CodePurpose;
use crate::auth::enrol::{CodeSent, EnrolError, code_refusal, code_sent, parse_code};
use crate::auth::id_number::IdNumber;
use crate::store::StoreError;
use crate::sync::gateway::GatewayError;
use crate::{Companion, CompanionError};
use serde_json::Value;
use sqlx::SqliteConnection;

/// Where her request stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnfreezeStatus {
    /// Waiting for its day to pass (she may cancel).
    Waiting,
    /// She cancelled it: the cards stay frozen.
    Cancelled,
    /// Done: the cards are unfrozen.
    Done,
}

impl UnfreezeStatus {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            UnfreezeStatus::Waiting => "waiting",
            UnfreezeStatus::Cancelled => "cancelled",
            UnfreezeStatus::Done => "done",
        }
    }

    fn from_code(code: &str) -> Option<UnfreezeStatus> {
        match code {
            "waiting" => Some(UnfreezeStatus::Waiting),
            "cancelled" => Some(UnfreezeStatus::Cancelled),
            "done" => Some(UnfreezeStatus::Done),
            _ => None,
        }
    }
}

/// Her latest request to unfreeze.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unfreeze {
    /// The bank's id.
    pub id: i64,
    /// Where it stands.
    pub status: UnfreezeStatus,
    /// When it takes effect (unix seconds).
    pub not_before: i64,
    /// When she asked.
    pub created_at: i64,
}

/// Why an unfreeze was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum UnfreezeError {
    /// Unfreezing needs a login with the PIN (not a fingerprint or voice).
    #[error("unfreezing needs a PIN login")]
    PinLoginNeeded,
    /// One is waiting already.
    #[error("an unfreeze is waiting already")]
    AlreadyWaiting,
    /// No card is frozen.
    #[error("no card is frozen")]
    NotFrozen,
    /// Done or cancelled already.
    #[error("this unfreeze is closed")]
    Closed,
}

impl UnfreezeError {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            UnfreezeError::PinLoginNeeded => "pin_login_needed",
            UnfreezeError::AlreadyWaiting => "unfreeze_waiting",
            UnfreezeError::NotFrozen => "not_frozen",
            UnfreezeError::Closed => "unfreeze_closed",
        }
    }

    /// Fluent id.
    pub fn message_id(self) -> &'static str {
        match self {
            UnfreezeError::PinLoginNeeded => "error-unfreeze-pin",
            UnfreezeError::AlreadyWaiting => "error-unfreeze-waiting",
            UnfreezeError::NotFrozen => "error-not-frozen",
            UnfreezeError::Closed => "error-unfreeze-closed",
        }
    }

    fn from_code(code: &str) -> Option<UnfreezeError> {
        [
            UnfreezeError::PinLoginNeeded,
            UnfreezeError::AlreadyWaiting,
            UnfreezeError::NotFrozen,
            UnfreezeError::Closed,
        ]
        .into_iter()
        .find(|e| e.code() == code)
    }
}

impl From<UnfreezeError> for CompanionError {
    fn from(e: UnfreezeError) -> Self {
        CompanionError::Unfreeze(e)
    }
}

/// Applies an `unfreeze` change from the bank.
pub(crate) async fn upsert(conn: &mut SqliteConnection, d: &Value) -> Option<sqlx::Result<()>> {
    let status = UnfreezeStatus::from_code(d.get("status")?.as_str()?)?;
    let q = sqlx::query(
        "INSERT INTO unfreeze (id, status, not_before, created_at, decided_at) VALUES (?, ?, ?, ?, ?) \
         ON CONFLICT(id) DO UPDATE SET status = excluded.status, decided_at = excluded.decided_at",
    )
    .bind(d.get("id")?.as_i64()?)
    .bind(status.code())
    .bind(d.get("not_before")?.as_i64()?)
    .bind(d.get("created_at")?.as_i64()?)
    .bind(d.get("decided_at").and_then(Value::as_i64));
    Some(q.execute(conn).await.map(|_| ()))
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
