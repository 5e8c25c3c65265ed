//! The bills part of the [`Companion`] facade, and the one way every
//! request that moves money outside transfers is sent (bill payments,
//! auto-pay agreements, product orders): the idempotency key is kept on the
//! device before the request leaves, so a retry after a lost answer or a
//! killed process is the same request and the bank never does it twice.

use super::{Autopay, Bill, BillAccount, BillError, BillStatus, store};
use crate::bank::client::Sent;
use crate::bank::wire::{AutopayRequest, Command, PayBill, wire_body};
use crate::store::StoreError;
use crate::{Companion, CompanionError, Connection, sync};
use serde_json::Value;

/// What a request that moves money came to.
#[derive(Clone, Debug, PartialEq)]
pub enum LiveOutcome {
    /// The bank did it; the new balance comes with the sync that follows.
    Done(Value),
    /// The answer was lost. Nothing is sent again by itself; asking again
    /// sends the same request, which the bank answers without doing it twice.
    Unknown,
}

impl Companion {
    /// Sends one money request for `(what, ref_id)` to `path`. No connection:
    /// `NeedsConnection`, and nothing is kept. A refusal is mapped by `refused`.
    pub(crate) async fn live_request(
        &self,
        what: &str,
        ref_id: i64,
        path: &str,
        body: &Value,
        refused: impl Fn(&str, &Value) -> CompanionError,
    ) -> Result<LiveOutcome, CompanionError> {
        self.inner.store.ensure_writable()?;
        let (server, token) = self
            .bank_session()
            .await?
            .ok_or(CompanionError::NeedsConnection)?;
        let now = self.now().timestamp();
        // The same thing asked again (after a lost answer) is the same request.
        let earlier: Option<(String, String)> = sqlx::query_as(
            "SELECT client_key, request FROM live_attempts WHERE what = ? AND ref_id = ?",
        )
        .bind(what)
        .bind(ref_id)
        .fetch_optional(self.inner.store.pool())
        .await
        .map_err(StoreError::from)?;
        let (key, body, was_unknown) = match earlier {
            Some((key, request)) => (
                key,
                serde_json::from_str(&request).unwrap_or_else(|_| body.clone()),
                true,
            ),
            None => {
                let key = sync::outbox::new_key();
                sqlx::query(
                    "INSERT INTO live_attempts (client_key, what, ref_id, request, state, created_at) \
                     VALUES (?, ?, ?, ?, 'sending', ?)",
                )
                .bind(&key)
                .bind(what)
                .bind(ref_id)
                .bind(body.to_string())
                .bind(now)
                .execute(self.inner.store.pool())
                .await
                .map_err(StoreError::from)?;
                (key, body.clone(), false)
            }
        };
        let settle = async |state: Option<&str>| -> Result<(), CompanionError> {
            let q = match state {
                Some(s) => sqlx::query("UPDATE live_attempts SET state = ? WHERE client_key = ?")
                    .bind(s)
                    .bind(&key),
                None => sqlx::query("DELETE FROM live_attempts WHERE client_key = ?").bind(&key),
            };
            q.execute(self.inner.store.pool())
                .await
                .map_err(StoreError::from)?;
            Ok(())
        };
        match self
            .gateway(&server)
            .post_money(path, &token, &key, &body)
            .await
        {
            Sent::LoginNeeded => {
                // The bank did nothing: asked again after the login.
                settle(was_unknown.then_some("unknown")).await?;
                Err(CompanionError::LoginNeeded)
            }
            Sent::NotSent => {
                self.set_connection(Connection::Offline);
                // An earlier try may still have reached the bank: keep asking.
                settle(was_unknown.then_some("unknown")).await?;
                Err(CompanionError::NeedsConnection)
            }
            Sent::NoAnswer => {
                self.set_connection(Connection::Offline);
                settle(Some("unknown")).await?;
                Ok(LiveOutcome::Unknown)
            }
            Sent::Answered { status, body } => {
                self.set_connection(Connection::Online { at: self.now() });
                let code = body["error"]["code"].as_str().unwrap_or_default();
                if (200..300).contains(&status) {
                    settle(None).await?;
                    match self.sync().await {
                        Ok(_) | Err(CompanionError::Offline) => {}
                        Err(e) => {
                            tracing::warn!(code = e.code(), "sync after a payment did not complete")
                        }
                    }
                    Ok(LiveOutcome::Done(body))
                } else if code == "idempotency_key_reused" {
                    settle(Some("unknown")).await?;
                    Ok(LiveOutcome::Unknown)
                } else {
                    // Refused: nothing happened at the bank.
                    settle(None).await?;
                    Err(refused(code, &body))
                }
            }
        }
    }

    /// Every bill on this device: open ones first (soonest due), then paid.
    pub async fn bills(&self) -> Result<Vec<Bill>, CompanionError> {
        let mut conn = self.inner.store.acquire().await?;
        Ok(store::bills(&mut conn).await?)
    }

    /// One bill.
    pub async fn bill(&self, id: i64) -> Result<Bill, CompanionError> {
        self.bills()
            .await?
            .into_iter()
            .find(|b| b.id == id)
            .ok_or(CompanionError::Bills(BillError::NotFound))
    }

    /// Her utility accounts (水、电、燃气、话费).
    pub async fn bill_accounts(&self) -> Result<Vec<BillAccount>, CompanionError> {
        let mut conn = self.inner.store.acquire().await?;
        Ok(store::accounts(&mut conn).await?)
    }

    /// One of her utility accounts.
    pub async fn bill_account(&self, id: i64) -> Result<BillAccount, CompanionError> {
        self.bill_accounts()
            .await?
            .into_iter()
            .find(|a| a.id == id)
            .ok_or(CompanionError::Bills(BillError::NotFound))
    }

    /// Her auto-pay agreements.
    pub async fn autopays(&self) -> Result<Vec<Autopay>, CompanionError> {
        let mut conn = self.inner.store.acquire().await?;
        Ok(store::autopays(&mut conn).await?)
    }

    /// Pays a bill (or repays the credit card's statement) from a debit
    /// account, after the confirmation screen. Needs a live connection.
    pub async fn pay_bill(
        &self,
        bill_id: i64,
        from_account_id: i64,
    ) -> Result<LiveOutcome, CompanionError> {
        let bill = self.bill(bill_id).await?;
        if matches!(bill.status, BillStatus::Paid { .. }) {
            return Err(CompanionError::Bills(BillError::AlreadyPaid));
        }
        let body = wire_body(&PayBill {
            from_account_id,
            amount_fen: Some(bill.amount.fen()),
        });
        self.live_request(
            "bill",
            bill_id,
            &format!("/v1/bills/{bill_id}/pay"),
            &body,
            refused,
        )
        .await
    }

    /// Signs an auto-pay agreement for a utility account: each bill up to
    /// `limit_fen` is taken from the debit account on its due date. Money
    /// will move without her later, so it needs a live connection and the
    /// confirmation screen.
    pub async fn set_up_autopay(
        &self,
        bill_account_id: i64,
        from_account_id: i64,
        limit_fen: i64,
    ) -> Result<LiveOutcome, CompanionError> {
        super::check_limit(limit_fen).map_err(CompanionError::Bills)?;
        let account = self.bill_account(bill_account_id).await?;
        if self
            .autopays()
            .await?
            .iter()
            .any(|a| a.account.id == account.id && !a.cancel_waiting)
        {
            return Err(CompanionError::Bills(BillError::AlreadyOnAutopay));
        }
        let body = wire_body(&AutopayRequest {
            bill_account_id,
            from_account_id,
            limit_fen,
        });
        self.live_request("autopay", bill_account_id, "/v1/autopay", &body, refused)
            .await
    }

    /// Cancels an auto-pay agreement. The safe direction: kept at once
    /// (the agreement is no longer counted on here) and sent when online.
    pub async fn cancel_autopay(&self, agreement_id: i64) -> Result<(), CompanionError> {
        self.inner.store.ensure_writable()?;
        let now = self.now().timestamp();
        let mut tx = self.inner.store.begin().await?;
        let active: Option<Option<String>> =
            sqlx::query_scalar("SELECT cancel_key FROM autopay WHERE id = ? AND status = 'active'")
                .bind(agreement_id)
                .fetch_optional(&mut *tx)
                .await
                .map_err(StoreError::from)?;
        match active {
            None => return Err(CompanionError::Bills(BillError::NotFound)),
            Some(Some(_)) => return Ok(()),
            Some(None) => {}
        }
        let key =
            sync::outbox::enqueue(&mut tx, &Command::AutopayCancel { agreement_id }, now).await?;
        sqlx::query("UPDATE autopay SET cancel_key = ? WHERE id = ?")
            .bind(&key)
            .bind(agreement_id)
            .execute(&mut *tx)
            .await
            .map_err(StoreError::from)?;
        tx.commit().await.map_err(StoreError::from)?;
        Ok(())
    }
}

/// The bank's refusal of a bill or agreement request, as the elder hears it.
pub(crate) fn refused(code: &str, _body: &Value) -> CompanionError {
    match code {
        "insufficient_funds" => CompanionError::InsufficientFunds,
        "invalid_account" => CompanionError::AccountNotFound,
        other => match BillError::from_code(other) {
            Some(e) => CompanionError::Bills(e),
            None => {
                tracing::warn!(code = other, "bill request refused");
                CompanionError::Refused {
                    code: other.to_string(),
                }
            }
        },
    }
}
