//! Her phones (设置 → 我的手机): the phones bound to her account, as the
//! bank lists them, and removing one (a lost or stolen phone, or one
//! somebody bound "for" her): its device token and every session it has
//! end at the bank at once. Needs a connection and a login.

use serde::Deserialize;
use serde_json::Value;
use sqlx::SqliteConnection;

/// One of her phones.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phone {
    /// Its id at the bank.
    pub id: String,
    /// Its name, as given when it was bound.
    pub name: String,
    /// When it was bound (unix seconds).
    pub bound_at: i64,
    /// When it was last used (unix seconds, to within half a minute).
    pub last_used_at: Option<i64>,
    /// The phone in her hand.
    pub this: bool,
}

/// A phone bound to her account after this one, that she has not yet
/// said is hers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewPhone {
    /// Its id at the bank.
    pub id: String,
    /// Its name, as given when it was bound.
    pub name: String,
    /// When it was bound (unix seconds, the bank's clock).
    pub bound_at: i64,
}

/// Applies a `phone_bound` change (`seq` is its cursor: the order of
/// binding). Whether she has seen it is kept.
pub(crate) async fn upsert_bound(
    conn: &mut SqliteConnection,
    seq: i64,
    d: &Value,
) -> Option<sqlx::Result<()>> {
    let p = crate::bank::wire::PhoneBound::deserialize(d).ok()?;
    let q = sqlx::query(
        "INSERT INTO bound_phones (device_id, name, bound_at, seq) VALUES (?, ?, ?, ?) \
         ON CONFLICT(device_id) DO UPDATE SET name = excluded.name, bound_at = excluded.bound_at, seq = excluded.seq",
    )
    .bind(Some(p.id).filter(|id| !id.is_empty())?)
    .bind(p.name)
    .bind(p.bound_at)
    .bind(seq);
    Some(q.execute(conn).await.map(|_| ()))
}
