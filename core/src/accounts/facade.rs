//! The accounts part of the [`Companion`] facade: her customer record,
//! accounts and history, and the home screen's read-aloud text.

use super::{Account, AccountId, AccountKind, Customer, TransactionPage};
use crate::{Companion, CompanionError, accounts, voice};

impl Companion {
    /// The device's customer, if there is one.
    pub async fn customer(&self) -> Result<Option<Customer>, CompanionError> {
        Ok(accounts::customer(&self.inner.store).await?)
    }

    /// Every account.
    pub async fn accounts(&self) -> Result<Vec<Account>, CompanionError> {
        Ok(accounts::list(&self.inner.store).await?)
    }

    /// Her first debit account: where transfers are paid from and the
    /// history tile opens.
    pub async fn debit_account(&self) -> Result<Option<AccountId>, CompanionError> {
        Ok(self
            .accounts()
            .await?
            .into_iter()
            .find(|a| matches!(a.kind, AccountKind::Debit))
            .map(|a| a.id))
    }

    /// One account.
    pub async fn account(&self, id: AccountId) -> Result<Account, CompanionError> {
        Ok(accounts::get(&self.inner.store, id).await?)
    }

    /// A page of an account's history, newest first.
    pub async fn transactions(
        &self,
        id: AccountId,
        page: u32,
        page_size: u32,
    ) -> Result<TransactionPage, CompanionError> {
        Ok(accounts::transactions(&self.inner.store, id, page, page_size).await?)
    }

    /// What the home screen says when read aloud, in her language: the
    /// greeting with her name, how fresh the figures are, what can be done.
    pub async fn home_script(&self) -> Result<String, CompanionError> {
        let name = self.customer().await?.map(|c| c.name);
        let fresh = self.freshness().await?;
        Ok(voice::home_for(
            &self.i18n(),
            self.settings().language,
            name.as_deref(),
            fresh.as_ref(),
            self.now(),
        ))
    }
}
