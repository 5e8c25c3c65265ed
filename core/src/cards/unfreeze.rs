//! The way back after 我被骗了: her cards are unfrozen at the bank a day
//! after she asks, never at once, so a scammer coaching her on the phone
//! cannot undo the freeze in the same call. Asking needs a PIN login and a
//! code the bank sends by SMS; her family is told at once; she can cancel
//! it during the wait. The bank keeps the request and its clock; the phone
//! shows what the change log brings.

use serde::Deserialize;
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

    pub(crate) fn from_code(code: &str) -> Option<UnfreezeStatus> {
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

    pub(crate) fn from_code(code: &str) -> Option<UnfreezeError> {
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

/// Applies an `unfreeze` change from the bank.
pub(crate) async fn upsert(conn: &mut SqliteConnection, d: &Value) -> Option<sqlx::Result<()>> {
    let u = crate::bank::wire::Unfreeze::deserialize(d).ok()?;
    let status = UnfreezeStatus::from_code(&u.status)?;
    let q = sqlx::query(
        "INSERT INTO unfreeze (id, status, not_before, created_at, decided_at) VALUES (?, ?, ?, ?, ?) \
         ON CONFLICT(id) DO UPDATE SET status = excluded.status, decided_at = excluded.decided_at",
    )
    .bind(u.id)
    .bind(status.code())
    .bind(u.not_before)
    .bind(u.created_at)
    .bind(u.decided_at);
    Some(q.execute(conn).await.map(|_| ()))
}
