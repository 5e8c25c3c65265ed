//! The reminders part of the [`Companion`] facade (read from the device
//! only, so the list and the home count work offline).

use super::{Facts, Reminder, due};
use crate::accounts::AccountId;
use crate::money::Money;
use crate::store::StoreError;
use crate::{Companion, CompanionError};
use chrono::NaiveDate;

impl Companion {
    /// Today's reminders, newest first.
    pub async fn reminders(&self) -> Result<Vec<Reminder>, CompanionError> {
        let today = self.now().date_naive();
        let bills = self.bills().await?;
        let autopays = self.autopays().await?;
        let accounts: Vec<_> = self
            .accounts()
            .await?
            .into_iter()
            .map(|a| (a.id, a.kind))
            .collect();
        let pool = self.inner.store.pool();
        let expires: Option<Option<String>> =
            sqlx::query_scalar("SELECT id_expires_on FROM customers LIMIT 1")
                .fetch_optional(pool)
                .await
                .map_err(StoreError::from)?;
        let id_expires_on = expires
            .flatten()
            .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
        let pension: Option<(i64, i64, i64, i64)> = sqlx::query_as(
            "SELECT id, account_id, amount_fen, posted_at FROM transactions \
             WHERE category = 'pension_credit' ORDER BY posted_at DESC, id DESC LIMIT 1",
        )
        .fetch_optional(pool)
        .await
        .map_err(StoreError::from)?;
        let last_pension = pension.and_then(|(id, account, fen, at)| {
            let day = chrono::DateTime::from_timestamp(at, 0)?
                .with_timezone(&crate::clock::china_offset())
                .date_naive();
            Some((id, AccountId(account), Money::cny(fen), day))
        });
        let done: Vec<String> = sqlx::query_scalar("SELECT key FROM reminders_done")
            .fetch_all(pool)
            .await
            .map_err(StoreError::from)?;
        Ok(due(&Facts {
            today,
            bills: &bills,
            autopays: &autopays,
            accounts: &accounts,
            id_expires_on,
            last_pension,
            done: &done,
        }))
    }

    /// 知道了: puts a reminder away (on this phone).
    pub async fn put_away_reminder(&self, key: &str) -> Result<(), CompanionError> {
        self.inner.store.ensure_writable()?;
        sqlx::query(
            "INSERT INTO reminders_done (key, done_at) VALUES (?, ?) ON CONFLICT(key) DO NOTHING",
        )
        .bind(key)
        .bind(self.now().timestamp())
        .execute(self.inner.store.pool())
        .await
        .map_err(StoreError::from)?;
        Ok(())
    }
}
