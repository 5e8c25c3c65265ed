//! The transfers part of the [`Companion`] facade: payees and drafts, the
//! risk check (the phone's, then the bank's), sending with the key kept
//! first, cancelling a delayed transfer, and settling lost answers.

use crate::accounts::{AccountId, AccountKind};
use crate::bank::wire::{Acknowledged, TransferRequest};
use crate::store::StoreError;
use crate::transfers::request::ContextJson;
use crate::{Companion, CompanionError, Connection, auth, fraud, money, sync, transfers};

impl Companion {
    /// Saved payees (常用收款人).
    pub async fn payees(&self) -> Result<Vec<transfers::Payee>, CompanionError> {
        let mut conn = self.inner.store.acquire().await?;
        Ok(transfers::device::payees(&mut conn).await?)
    }

    /// Recent transfers as the bank holds them, newest first.
    pub async fn transfers(&self) -> Result<Vec<transfers::TransferRecord>, CompanionError> {
        let mut conn = self.inner.store.acquire().await?;
        Ok(transfers::device::recent(&mut conn, 20).await?)
    }

    /// Transfers kept as drafts (offline), oldest first.
    pub async fn transfer_drafts(&self) -> Result<Vec<transfers::Draft>, CompanionError> {
        let mut conn = self.inner.store.acquire().await?;
        Ok(transfers::device::attempts(&mut conn, "draft")
            .await?
            .into_iter()
            .map(|(d, _)| d)
            .collect())
    }

    /// Transfers sent whose answer was lost (being checked with the bank).
    pub async fn unresolved_transfers(&self) -> Result<Vec<transfers::Draft>, CompanionError> {
        let mut conn = self.inner.store.acquire().await?;
        let mut out = transfers::device::attempts(&mut conn, "unknown").await?;
        out.extend(transfers::device::attempts(&mut conn, "sending").await?);
        Ok(out.into_iter().map(|(d, _)| d).collect())
    }

    /// Throws a draft away.
    pub async fn discard_draft(&self, local_id: i64) -> Result<(), CompanionError> {
        self.inner.store.ensure_writable()?;
        sqlx::query("DELETE FROM transfer_attempts WHERE local_id = ? AND state = 'draft'")
            .bind(local_id)
            .execute(self.inner.store.pool())
            .await
            .map_err(StoreError::from)?;
        Ok(())
    }

    async fn validate_draft(&self, draft: &transfers::TransferDraft) -> Result<(), CompanionError> {
        use transfers::PayeeChoice;
        if draft.amount.fen() <= 0 || draft.amount.fen() > transfers::request::MAX_AMOUNT_FEN {
            return Err(CompanionError::Money(money::MoneyError::NotAnAmount));
        }
        if draft.note.chars().count() > transfers::request::MAX_NOTE_CHARS {
            return Err(CompanionError::NoteTooLong);
        }
        let from = self.account(AccountId(draft.from_account_id)).await?;
        if !matches!(from.kind, AccountKind::Debit) {
            return Err(CompanionError::AccountNotFound);
        }
        match &draft.payee {
            PayeeChoice::Saved { id } => {
                if !self.payees().await?.iter().any(|p| p.id == *id) {
                    return Err(CompanionError::PayeeNotFound);
                }
            }
            PayeeChoice::New { account, name, .. } => {
                if fraud::normalize::account(account).is_none() {
                    return Err(CompanionError::InvalidPayeeAccount);
                }
                let n = name.trim().chars().count();
                if n == 0 || n > crate::bank::wire::MAX_PAYEE_NAME_CHARS {
                    return Err(CompanionError::InvalidPayeeName);
                }
            }
        }
        Ok(())
    }

    /// The risk check on this device, before the confirmation screen. Works
    /// offline with the list and history on the device; the bank checks
    /// again when the transfer is sent and has the last word.
    pub async fn check_transfer(
        &self,
        draft: &transfers::TransferDraft,
        context: transfers::ContextFacts,
    ) -> Result<transfers::Assessment, CompanionError> {
        use transfers::PayeeChoice;
        let context = self.with_phone_signals(context);
        // What the bank will see too: how long ago this phone was bound.
        let bound_at = self
            .inner
            .store
            .meta(auth::enrol::META_BOUND_AT)
            .await?
            .and_then(|t| t.parse::<i64>().ok());
        let now_s = self.now().timestamp();
        let context =
            context.with_bank_facts(bound_at.map(|at| (now_s - at).max(0) as f64 / 3600.0), None);
        self.validate_draft(draft).await?;
        let (is_new, relationship, name, listed) = match &draft.payee {
            PayeeChoice::Saved { id } => {
                let p = self.payees().await?.into_iter().find(|p| p.id == *id);
                let p = p.ok_or(CompanionError::PayeeNotFound)?;
                (false, p.relationship, p.name, None)
            }
            PayeeChoice::New {
                account,
                name,
                relationship,
                ..
            } => {
                let n = fraud::normalize::account(account)
                    .ok_or(CompanionError::InvalidPayeeAccount)?;
                let listed = self
                    .inner
                    .blocklist
                    .lookup(&self.inner.store, &n)
                    .await
                    .map_err(CompanionError::from)?;
                (true, relationship.clone(), name.clone(), listed)
            }
        };
        let past: Vec<i64> = sqlx::query_scalar(
            "SELECT -amount_fen FROM transactions WHERE category = 'transfer_out'",
        )
        .fetch_all(self.inner.store.pool())
        .await
        .map_err(StoreError::from)?;
        let now = self.now();
        let age = self
            .customer()
            .await?
            .map(|c| c.age_on(now.date_naive()))
            .unwrap_or(0);
        let reports: i64 =
            sqlx::query_scalar("SELECT count(*) FROM scam_reports WHERE created_at >= ?")
                .bind(now.timestamp() - transfers::risk::SCAM_REPORT_WINDOW_SECS)
                .fetch_one(self.inner.store.pool())
                .await
                .map_err(StoreError::from)?;
        let local = transfers::assess(&transfers::TransferFacts {
            amount_fen: draft.amount.fen(),
            payee: transfers::risk::PayeeFacts {
                is_new,
                relationship,
            },
            note: draft.note.clone(),
            at: now,
            customer: transfers::risk::CustomerFacts {
                age,
                median_transfer_fen: transfers::median_fen(past),
            },
            context,
            payee_listed: listed.is_some(),
            payee_category: listed,
            payee_name: name,
            recent_scam_report: reports > 0,
        });
        // Online, the bank checks too, with what only it knows; its answer
        // to a warning comes with the ticket that acknowledges it, so her
        // wait at the bank starts while she reads. The stricter answer is
        // shown; offline (or logged out), the phone's own.
        let Ok(Some((server, session))) = self.bank_session().await else {
            return Ok(local);
        };
        let body = transfer_body(draft, &context, None);
        match self.gateway(&server).check_transfer(&session, &body).await {
            Ok(answer) => {
                let bank =
                    transfers::device::assessment_with_ticket(&answer["risk"], &answer["ticket"]);
                self.set_connection(Connection::Online { at: self.now() });
                Ok(match bank {
                    Some(bank) if bank.decision >= local.decision => bank,
                    _ => local,
                })
            }
            Err(e) => {
                tracing::info!(error = %e, "the bank's own check was not had; the phone's is shown");
                Ok(local)
            }
        }
    }

    /// Sends a confirmed transfer. The idempotency key is saved before the
    /// request leaves; a lost answer is settled by asking the bank about
    /// that key (never by sending again); with no connection the transfer is
    /// kept as a draft that must be checked and confirmed again.
    ///
    /// `acknowledged`: the risk answer the elder read and chose to go on
    /// from (the bank goes on only if its own answer is that decision with
    /// no reason the elder was not shown). `replaces_draft`: the draft this
    /// confirmation continues; it is sent with the draft's own key, so a
    /// request from before that the bank did get cannot become a second
    /// transfer.
    pub async fn send_transfer(
        &self,
        draft: &transfers::TransferDraft,
        context: transfers::ContextFacts,
        acknowledged: Option<&transfers::Assessment>,
        replaces_draft: Option<i64>,
    ) -> Result<transfers::TransferOutcome, CompanionError> {
        use crate::bank::client::Sent;
        use transfers::TransferOutcome;
        let context = self.with_phone_signals(context);
        self.validate_draft(draft).await?;
        self.inner.store.ensure_writable()?;
        let now = self.now().timestamp();
        // Bound but not logged in (unlocked offline, or the session ended):
        // a draft, confirmed again after a login.
        let connection = match self.bank_session().await {
            Ok(c) => c,
            Err(CompanionError::LoginNeeded) => None,
            Err(e) => return Err(e),
        };
        let first_state = if connection.is_some() {
            "sending"
        } else {
            "draft"
        };
        let previous_key: Option<String> = match replaces_draft {
            Some(id) => sqlx::query_scalar(
                "SELECT client_key FROM transfer_attempts WHERE local_id = ? AND state = 'draft'",
            )
            .bind(id)
            .fetch_optional(self.inner.store.pool())
            .await
            .map_err(StoreError::from)?,
            None => None,
        };
        let from_draft = previous_key.is_some();
        let key = previous_key.unwrap_or_else(sync::outbox::new_key);
        // Marked in flight before the row says `sending`, so a sync running
        // meanwhile never takes it for one a killed process left behind.
        let in_flight = InFlight::new(&self.inner.in_flight, &key);
        let mut tx = self.inner.store.begin().await?;
        sqlx::query(
            "INSERT INTO transfer_attempts (client_key, state, request, created_at) VALUES (?, ?, ?, ?) \
             ON CONFLICT(client_key) DO UPDATE SET state = excluded.state, request = excluded.request",
        )
        .bind(&key)
        .bind(first_state)
        .bind(draft.to_json().to_string())
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from)?;
        tx.commit().await.map_err(StoreError::from)?;
        let Some((server, token)) = connection else {
            return Ok(TransferOutcome::SavedAsDraft);
        };
        let set_state = async |state: &str| -> Result<(), CompanionError> {
            sqlx::query("UPDATE transfer_attempts SET state = ? WHERE client_key = ?")
                .bind(state)
                .bind(&key)
                .execute(self.inner.store.pool())
                .await
                .map_err(StoreError::from)?;
            Ok(())
        };
        // Nothing happened at the bank: a continued draft stays a draft,
        // a new attempt leaves no trace (and no account number) behind.
        let nothing_happened = async || -> Result<(), CompanionError> {
            if from_draft {
                set_state("draft").await
            } else {
                self.forget_attempt(&key).await
            }
        };
        let body = transfer_body(draft, &context, acknowledged);
        let gateway = self.gateway(&server);
        let sent = gateway.post_transfer(&token, &key, &body).await;
        drop(in_flight);
        let (status, answer) = match sent {
            Sent::NotSent => {
                set_state("draft").await?;
                self.set_connection(Connection::Offline);
                return Ok(TransferOutcome::SavedAsDraft);
            }
            Sent::LoginNeeded => {
                // The bank did nothing: kept as a draft for after the login.
                set_state("draft").await?;
                return Err(CompanionError::LoginNeeded);
            }
            Sent::NoAnswer => {
                set_state("unknown").await?;
                self.set_connection(Connection::Offline);
                return Ok(TransferOutcome::Unknown);
            }
            Sent::Answered { status, body } => (status, body),
        };
        self.set_connection(Connection::Online { at: self.now() });
        let error_code = answer["error"]["code"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let outcome = match (status, error_code.as_str()) {
            (200..=299, _) | (403, "transfer_blocked") => {
                // The bank acted on it. Whatever goes wrong from here, the
                // answer is never "failed": at worst "checking" (Unknown).
                let t = if status == 403 {
                    &answer["error"]["transfer"]
                } else {
                    &answer["transfer"]
                };
                let record = transfers::TransferRecord::from_json(t);
                let stored = async {
                    let mut conn = self.inner.store.acquire().await?;
                    match transfers::device::upsert_transfer(&mut conn, t).await {
                        Some(r) => r.map_err(CompanionError::from),
                        None => Err(CompanionError::SyncDataNotUnderstood),
                    }
                }
                .await;
                let risk = transfers::device::assessment_from_json(&answer["error"]["risk"]);
                match (stored, record, status) {
                    (Ok(()), Some(r), 202) => TransferOutcome::AwaitingCosign(r),
                    (Ok(()), Some(r), 200..=299) => TransferOutcome::Sent(r),
                    (Ok(()), Some(_), _) if risk.is_some() => {
                        TransferOutcome::Blocked(risk.expect("checked"))
                    }
                    _ => {
                        tracing::warn!(
                            "the bank's transfer answer could not be kept; checking later"
                        );
                        set_state("unknown").await?;
                        return Ok(TransferOutcome::Unknown);
                    }
                }
            }
            (409, "needs_confirmation") => {
                // The bank's warning, with the ticket that acknowledges it
                // once she has read it for its wait.
                nothing_happened().await?;
                let risk = transfers::device::assessment_with_ticket(
                    &answer["error"]["risk"],
                    &answer["error"]["ticket"],
                )
                .ok_or(CompanionError::SyncDataNotUnderstood)?;
                return Ok(TransferOutcome::NeedsConfirmation(risk));
            }
            (409, "warning_wait") => {
                // Her ticket is good but its wait is not over: the warning
                // again, for the seconds left, with the same ticket.
                nothing_happened().await?;
                let mut risk = transfers::device::assessment_from_json(&answer["error"]["risk"])
                    .ok_or(CompanionError::SyncDataNotUnderstood)?;
                risk.ticket = acknowledged.and_then(|a| a.ticket.clone());
                risk.wait_seconds = answer["error"]["secs_left"]
                    .as_u64()
                    .and_then(|w| u32::try_from(w).ok())
                    .unwrap_or(risk.wait_seconds);
                return Ok(TransferOutcome::NeedsConfirmation(risk));
            }
            (409, "idempotency_key_reused") => {
                // The bank already did something with this key (an earlier
                // request it did get): find out what, never send again.
                set_state("unknown").await?;
                return Ok(TransferOutcome::Unknown);
            }
            (_, code) => {
                nothing_happened().await?;
                return Err(match code {
                    "insufficient_funds" => CompanionError::InsufficientFunds,
                    "daily_limit_exceeded" => CompanionError::DailyLimitExceeded {
                        remaining_fen: answer["error"]["remaining_fen"].as_i64().unwrap_or(0),
                    },
                    "unknown_payee" => CompanionError::PayeeNotFound,
                    "invalid_account" => CompanionError::InvalidPayeeAccount,
                    "invalid_name" => CompanionError::InvalidPayeeName,
                    other => CompanionError::Refused {
                        code: other.to_string(),
                    },
                });
            }
        };
        // Settled: the attempt (with a new payee's full account) is not kept.
        self.forget_attempt(&key).await?;
        // The new balance and history come through the change log.
        match self.sync().await {
            Ok(_) | Err(CompanionError::Offline) => {}
            Err(e) => tracing::warn!(code = e.code(), "sync after a transfer did not complete"),
        }
        Ok(outcome)
    }

    async fn forget_attempt(&self, key: &str) -> Result<(), CompanionError> {
        sqlx::query("DELETE FROM transfer_attempts WHERE client_key = ?")
            .bind(key)
            .execute(self.inner.store.pool())
            .await
            .map_err(StoreError::from)?;
        Ok(())
    }

    /// Cancels a delayed transfer before it arrives. Needs a live connection.
    pub async fn cancel_transfer(&self, transfer_id: i64) -> Result<(), CompanionError> {
        self.inner.store.ensure_writable()?;
        let (server, token) = match self.bank_session().await? {
            Some(session) => session,
            None => return Err(CompanionError::NeedsConnection),
        };
        let gateway = self.gateway(&server);
        match gateway.cancel_transfer(&token, transfer_id).await {
            Ok(_) => {}
            Err(crate::bank::client::GatewayError::Refused { code, .. }) => {
                return Err(match code.as_str() {
                    "too_late_to_cancel" => CompanionError::TooLateToCancel,
                    _ => CompanionError::Refused { code },
                });
            }
            Err(crate::bank::client::GatewayError::LoginNeeded) => {
                return Err(CompanionError::LoginNeeded);
            }
            Err(_) => {
                self.set_connection(Connection::Offline);
                return Err(CompanionError::NeedsConnection);
            }
        }
        match self.sync().await {
            Ok(_) | Err(CompanionError::Offline) => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// Asks the bank about transfers whose answer was lost (and those a
    /// killed process left mid-request): found → recorded; unknown to the
    /// bank → a draft again, to be confirmed anew. Never re-sends.
    pub(crate) async fn resolve_transfers(
        &self,
        gateway: &crate::bank::client::Gateway,
        token: &str,
    ) -> Result<(), CompanionError> {
        let mut conn = self.inner.store.acquire().await?;
        let mut open = transfers::device::attempts(&mut conn, "unknown").await?;
        // A request this process is sending right now is not ours to judge;
        // one left `sending` by a process that was killed is.
        let in_flight = self
            .inner
            .in_flight
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        open.extend(
            transfers::device::attempts(&mut conn, "sending")
                .await?
                .into_iter()
                .filter(|(_, key)| !in_flight.contains(key)),
        );
        drop(conn);
        for (_, key) in open {
            let found = gateway
                .transfer_by_key(token, &key)
                .await
                .map_err(|e| self.gateway_error(e))?;
            let mut conn = self.inner.store.acquire().await?;
            match found {
                Some(t) => {
                    if let Some(r) = transfers::device::upsert_transfer(&mut conn, &t).await {
                        r?;
                    }
                }
                None => {
                    sqlx::query(
                        "UPDATE transfer_attempts SET state = 'draft' WHERE client_key = ?",
                    )
                    .bind(&key)
                    .execute(&mut *conn)
                    .await
                    .map_err(StoreError::from)?;
                }
            }
        }
        Ok(())
    }
}

/// Marks a transfer key as being sent by this process until dropped
/// (also when the sending future is dropped half-way).
struct InFlight<'a> {
    set: &'a std::sync::Mutex<std::collections::HashSet<String>>,
    key: String,
}

impl<'a> InFlight<'a> {
    fn new(set: &'a std::sync::Mutex<std::collections::HashSet<String>>, key: &str) -> Self {
        set.lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key.to_string());
        InFlight {
            set,
            key: key.to_string(),
        }
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.set
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&self.key);
    }
}

/// A transfer's body for the bank: the draft, the phone's signals and the
/// warning ticket she went on from (only a ticket the bank issued
/// acknowledges a warning).
fn transfer_body(
    draft: &transfers::TransferDraft,
    context: &transfers::ContextFacts,
    acknowledged: Option<&transfers::Assessment>,
) -> serde_json::Value {
    let request = TransferRequest {
        acknowledged: acknowledged
            .and_then(|a| a.ticket.as_ref())
            .map(|t| Acknowledged {
                ticket: t.0.clone(),
            }),
        context: Some(ContextJson::from_facts(context)),
        ..draft.to_request()
    };
    serde_json::to_value(request).unwrap_or(serde_json::Value::Null)
}
