//! The family part of the [`Companion`] facade. Reading (links, alerts,
//! approvals, the audit list) works offline from the device's copy; every
//! family action happens at the bank, live, and is then pulled back.

use super::{
    Alert, Approval, ApprovalStatus, AuditEntry, ElderAccount, ElderBill, ElderBills, ElderDebit,
    ElderTransaction, FamilyError, FamilyLink, Invite, LinkStatus, Role, store,
};
use crate::bank::client::GatewayError;
use crate::bank::wire::{
    ApprovalAnswer, ApproveBody, DailyLimitBody, ElderAccounts, ElderTransactions, InviteCode,
    InviteCreated, PayBill, RoleBody, wire_body,
};
use crate::money::Money;
use crate::store::StoreError;
use crate::{Companion, CompanionError, Connection};
use serde::Deserialize;
use serde_json::Value;
use std::sync::Arc;

/// Called with each new family alert a sync brings and its sentence in the
/// language of the settings (the native shells turn it into a notification).
pub type AlertHook = Arc<dyn Fn(&Alert, String) + Send + Sync>;

const LIST_LIMIT: i64 = 100;

/// How long an urgent alert stays at the top of a family member's home
/// (unless she says she has seen it): a week.
pub const URGENT_ALERT_SECS: i64 = 7 * 24 * 3600;

/// The `meta` key that keeps an alert as seen on this phone.
fn seen_key(alert_id: i64) -> String {
    format!("family_alert_seen:{alert_id}")
}

impl Companion {
    /// This device's customer id, once the first sync has brought it.
    pub async fn customer_id(&self) -> Result<Option<String>, CompanionError> {
        Ok(self.customer().await?.map(|c| c.id))
    }

    /// One family request at the bank; the bank's refusals become
    /// [`FamilyError`]s, no connection becomes `NeedsConnection`.
    async fn family_call(&self, path: &str, body: Option<&Value>) -> Result<Value, CompanionError> {
        self.inner.store.ensure_writable()?;
        let (server, token) = self
            .bank_session()
            .await?
            .ok_or(CompanionError::Family(FamilyError::NeedsConnection))?;
        match self.gateway(&server).family(&token, path, body).await {
            Ok(v) => Ok(v),
            Err(GatewayError::Refused { code, .. }) => Err(match FamilyError::from_code(&code) {
                Some(e) => CompanionError::Family(e),
                // Approving a transfer the balance no longer covers.
                None if code == "insufficient_funds" => CompanionError::InsufficientFunds,
                None => CompanionError::Refused { code },
            }),
            Err(GatewayError::LoginNeeded) => Err(CompanionError::LoginNeeded),
            Err(_) => {
                self.set_connection(Connection::Offline);
                Err(CompanionError::Family(FamilyError::NeedsConnection))
            }
        }
    }

    /// A family read at the bank (`GET /v1/family/{path}`), errors as
    /// [`Companion::family_call`] says them.
    pub(crate) async fn family_get(&self, path: &str) -> Result<Value, CompanionError> {
        self.family_call(path, None).await
    }

    /// Pulls what an action changed; a sync that fails now is retried by
    /// the sync loop and does not undo the action.
    async fn pull_after_action(&self) {
        match self.sync().await {
            Ok(_) | Err(CompanionError::Offline) => {}
            Err(e) => tracing::warn!(code = e.code(), "sync after a family action failed"),
        }
    }

    /// The elder invites a family member with `role`: a 6-digit code,
    /// valid 10 minutes, single use. An older open invite is withdrawn.
    pub async fn create_invite(&self, role: Role) -> Result<Invite, CompanionError> {
        let v = self
            .family_call("invites", Some(&wire_body(&RoleBody { role })))
            .await?;
        match InviteCreated::deserialize(&v) {
            Ok(InviteCreated { invite: i }) => Ok(Invite {
                id: i.id,
                code: i.code,
                role,
                expires_at: i.expires_at,
            }),
            Err(_) => Err(CompanionError::SyncDataNotUnderstood),
        }
    }

    /// A family member enters an elder's code (typed or from the QR). The
    /// link then waits for the elder's consent.
    pub async fn accept_invite(&self, code_text: &str) -> Result<(), CompanionError> {
        let code = super::parse_code(code_text)?;
        self.family_call(
            "invites/accept",
            Some(&wire_body(&InviteCode {
                code: code.to_owned(),
            })),
        )
        .await?;
        self.pull_after_action().await;
        Ok(())
    }

    /// The elder answers a member's request to join (yes links them).
    pub async fn answer_link(&self, link_id: i64, approve: bool) -> Result<(), CompanionError> {
        self.family_call(
            &format!("links/{link_id}/consent"),
            Some(&wire_body(&ApproveBody { approve })),
        )
        .await?;
        self.pull_after_action().await;
        Ok(())
    }

    /// The elder changes a member's role; it applies at the bank at once.
    pub async fn change_role(&self, link_id: i64, role: Role) -> Result<(), CompanionError> {
        self.family_call(
            &format!("links/{link_id}/role"),
            Some(&wire_body(&RoleBody { role })),
        )
        .await?;
        self.pull_after_action().await;
        Ok(())
    }

    /// Ends a link: the elder removes a member, or a member leaves. The
    /// member loses every access at once.
    pub async fn remove_link(&self, link_id: i64) -> Result<(), CompanionError> {
        self.family_call(
            &format!("links/{link_id}/remove"),
            Some(&Value::Object(Default::default())),
        )
        .await?;
        self.pull_after_action().await;
        Ok(())
    }

    /// My family members (as the elder), waiting ones first.
    pub async fn family_members(&self) -> Result<Vec<FamilyLink>, CompanionError> {
        let Some(me) = self.customer_id().await? else {
            return Ok(vec![]);
        };
        let mut conn = self.inner.store.acquire().await?;
        Ok(store::my_members(&mut conn, &me)
            .await
            .map_err(StoreError::from)?)
    }

    /// The elders I look after (as a family member).
    pub async fn cared_for(&self) -> Result<Vec<FamilyLink>, CompanionError> {
        let Some(me) = self.customer_id().await? else {
            return Ok(vec![]);
        };
        let mut conn = self.inner.store.acquire().await?;
        Ok(store::my_elders(&mut conn, &me)
            .await
            .map_err(StoreError::from)?)
    }

    /// One link.
    pub async fn family_link(&self, link_id: i64) -> Result<FamilyLink, CompanionError> {
        let mut conn = self.inner.store.acquire().await?;
        store::link_by_id(&mut conn, link_id)
            .await
            .map_err(StoreError::from)?
            .ok_or(CompanionError::Family(FamilyError::NotFound))
    }

    /// Alerts about the elders I look after (one elder or all), newest first.
    pub async fn family_alerts(
        &self,
        elder_id: Option<&str>,
    ) -> Result<Vec<Alert>, CompanionError> {
        let mut conn = self.inner.store.acquire().await?;
        Ok(store::alerts(&mut conn, elder_id, LIST_LIMIT)
            .await
            .map_err(StoreError::from)?)
    }

    /// For the top of a family member's home: the urgent alerts (我被骗了,
    /// a stopped transfer, one waiting for a guardian, an unfreeze asked
    /// for) about the elders she looks after, from the last week, that she
    /// has not marked as seen on this phone; newest first, each with the
    /// link of that elder (to open her screen).
    pub async fn urgent_family_alerts(&self) -> Result<Vec<(Alert, FamilyLink)>, CompanionError> {
        let elders = self.cared_for().await?;
        if elders.is_empty() {
            return Ok(vec![]);
        }
        let since = self.now().timestamp() - URGENT_ALERT_SECS;
        let mut out = Vec::new();
        for alert in self.family_alerts(None).await? {
            let Some(link) = elders.iter().find(|l| l.elder_id == alert.elder_id) else {
                continue;
            };
            if !alert.kind.urgent() || alert.created_at < since {
                continue;
            }
            if self.inner.store.meta(&seen_key(alert.id)).await?.is_some() {
                continue;
            }
            out.push((alert, link.clone()));
        }
        Ok(out)
    }

    /// 知道了 on an urgent alert: it leaves the top of her home on this
    /// phone (it stays in the elder's alert list).
    pub async fn mark_family_alert_seen(&self, alert_id: i64) -> Result<(), CompanionError> {
        self.inner.store.ensure_writable()?;
        let mut conn = self.inner.store.acquire().await?;
        crate::store::set_meta(
            &mut conn,
            &seen_key(alert_id),
            &self.now().timestamp().to_string(),
        )
        .await?;
        Ok(())
    }

    /// Co-sign approvals: as a guardian, the elders' transfers waiting for
    /// me; as the elder, mine. Open ones first.
    pub async fn approvals(&self, elder_id: Option<&str>) -> Result<Vec<Approval>, CompanionError> {
        let mut conn = self.inner.store.acquire().await?;
        Ok(store::approvals(&mut conn, elder_id, LIST_LIMIT)
            .await
            .map_err(StoreError::from)?)
    }

    /// How many things wait for the person holding this phone, for the
    /// home screen's badge: links waiting for her consent, and open co-sign
    /// transfers waiting for her (as the elder, those awaiting her own
    /// confirmation; as a guardian, those of her elders still pending).
    /// Nothing before the phone knows whose it is.
    pub async fn family_needs_you(&self) -> Result<usize, CompanionError> {
        let Some(me) = self.customer_id().await? else {
            return Ok(0);
        };
        let now = self.now().timestamp();
        let consents = self
            .family_members()
            .await?
            .iter()
            .filter(|l| l.status == LinkStatus::PendingConsent)
            .count();
        let approvals = self
            .approvals(None)
            .await?
            .iter()
            .filter(|a| a.expires_at > now)
            .filter(|a| {
                (a.elder_id == me && a.status == ApprovalStatus::AwaitingElder)
                    || (a.elder_id != me && a.status == ApprovalStatus::Pending)
            })
            .count();
        Ok(consents + approvals)
    }

    /// Who decided a co-sign transfer, and how (the elder's view of it).
    pub async fn approval_for_transfer(
        &self,
        transfer_id: i64,
    ) -> Result<Option<Approval>, CompanionError> {
        let mut conn = self.inner.store.acquire().await?;
        Ok(store::approval_for_transfer(&mut conn, transfer_id)
            .await
            .map_err(StoreError::from)?)
    }

    /// The elder's audit list: what each family member looked at and did.
    pub async fn family_audit(&self) -> Result<Vec<AuditEntry>, CompanionError> {
        let mut conn = self.inner.store.acquire().await?;
        Ok(store::audit(&mut conn, LIST_LIMIT)
            .await
            .map_err(StoreError::from)?)
    }

    /// A guardian approves or rejects an elder's co-sign transfer. Approved:
    /// the money goes (or, to the guardian's own account above the limit,
    /// the elder confirms first). Rejected: the transfer is cancelled.
    pub async fn decide_approval(
        &self,
        approval_id: i64,
        approve: bool,
    ) -> Result<ApprovalStatus, CompanionError> {
        self.answer_approval(approval_id, "decide", approve).await
    }

    /// The elder confirms (or stops) a transfer her guardian approved to
    /// the guardian's own account.
    pub async fn confirm_approval(
        &self,
        approval_id: i64,
        approve: bool,
    ) -> Result<ApprovalStatus, CompanionError> {
        self.answer_approval(approval_id, "confirm", approve).await
    }

    /// A yes or no on an approval (`decide` by a guardian, `confirm` by the
    /// elder); answers with where the approval stands now.
    async fn answer_approval(
        &self,
        approval_id: i64,
        verb: &str,
        approve: bool,
    ) -> Result<ApprovalStatus, CompanionError> {
        let v = self
            .family_call(
                &format!("approvals/{approval_id}/{verb}"),
                Some(&wire_body(&ApproveBody { approve })),
            )
            .await?;
        self.pull_after_action().await;
        ApprovalAnswer::deserialize(&v)
            .map(|a| a.approval.status)
            .map_err(|_| CompanionError::SyncDataNotUnderstood)
    }

    /// A helper or guardian looks at an elder's balances, live at the bank
    /// (the elder's audit list records it). Never kept on this device.
    pub async fn elder_accounts(
        &self,
        elder_id: &str,
    ) -> Result<Vec<ElderAccount>, CompanionError> {
        let v = self
            .family_call(&format!("elders/{elder_id}/accounts"), None)
            .await?;
        let answer =
            ElderAccounts::deserialize(&v).map_err(|_| CompanionError::SyncDataNotUnderstood)?;
        Ok(answer
            .accounts
            .into_iter()
            .map(|a| ElderAccount {
                kind: a.kind,
                last4: a.last4,
                balance: Money::cny(a.balance_fen),
            })
            .collect())
    }

    /// A helper or guardian looks at an elder's recent transactions, live.
    pub async fn elder_transactions(
        &self,
        elder_id: &str,
    ) -> Result<Vec<ElderTransaction>, CompanionError> {
        let v = self
            .family_call(&format!("elders/{elder_id}/transactions"), None)
            .await?;
        let answer = ElderTransactions::deserialize(&v)
            .map_err(|_| CompanionError::SyncDataNotUnderstood)?;
        Ok(answer
            .transactions
            .into_iter()
            .map(|t| ElderTransaction {
                posted_at: t.posted_at,
                amount: Money::cny(t.amount_fen),
                category: t.category,
                counterparty: t.counterparty,
            })
            .collect())
    }

    /// A helper or guardian looks at an elder's unpaid bills, live at the
    /// bank (her audit list records it). Never kept on this device.
    pub async fn elder_bills(&self, elder_id: &str) -> Result<ElderBills, CompanionError> {
        let v = self
            .family_call(&format!("elders/{elder_id}/bills"), None)
            .await?;
        let answer = crate::bank::wire::ElderBills::deserialize(&v)
            .map_err(|_| CompanionError::SyncDataNotUnderstood)?;
        let mut bills = Vec::with_capacity(answer.bills.len());
        for b in answer.bills {
            let (Some(kind), Ok(due_on)) = (
                crate::bills::BillKind::from_code(&b.kind),
                chrono::NaiveDate::parse_from_str(&b.due_on, "%Y-%m-%d"),
            ) else {
                return Err(CompanionError::SyncDataNotUnderstood);
            };
            bills.push(ElderBill {
                id: b.id,
                kind,
                provider: b.provider,
                last4: b.last4,
                amount: Money::cny(b.amount_fen),
                due_on,
            });
        }
        Ok(ElderBills {
            bills,
            from: answer.from.map(|d| ElderDebit {
                id: d.id,
                last4: d.last4,
                balance: Money::cny(d.balance_fen),
            }),
        })
    }

    /// A helper or guardian pays one of an elder's bills from her debit
    /// account, after the confirmation screen: the same once-only path as
    /// her own payments (the key is kept here before the request leaves,
    /// so asking again after a lost answer never pays twice). The bank
    /// checks the role and writes it in her audit list.
    pub async fn pay_elder_bill(
        &self,
        elder_id: &str,
        bill: &ElderBill,
        from_account_id: i64,
    ) -> Result<crate::bills::LiveOutcome, CompanionError> {
        let body = wire_body(&PayBill {
            from_account_id,
            amount_fen: Some(bill.amount.fen()),
        });
        self.live_request(
            "family_bill",
            bill.id,
            &format!("/v1/family/elders/{elder_id}/bills/{}/pay", bill.id),
            &body,
            family_bill_refused,
        )
        .await
    }

    /// A guardian sets an elder's daily transfer limit (¥100 – ¥200,000).
    pub async fn set_elder_limit(
        &self,
        elder_id: &str,
        limit: Money,
    ) -> Result<(), CompanionError> {
        if !super::LIMIT_RANGE_FEN.contains(&limit.fen()) {
            return Err(FamilyError::InvalidLimit.into());
        }
        self.family_call(
            &format!("elders/{elder_id}/daily-limit"),
            Some(&wire_body(&DailyLimitBody {
                limit_fen: limit.fen(),
            })),
        )
        .await?;
        Ok(())
    }

    /// Sets the push hook: called after each sync with every alert it
    /// brought, oldest first.
    pub fn on_family_alert(&self, hook: AlertHook) {
        *self
            .inner
            .alert_hook
            .write()
            .unwrap_or_else(|e| e.into_inner()) = Some(hook);
    }

    /// Calls the push hook with the alerts newer than `after`.
    pub(crate) async fn push_new_alerts(&self, after: i64) -> Result<(), CompanionError> {
        let hook = self
            .inner
            .alert_hook
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        let listened = self.inner.alert_events.receiver_count() > 0;
        if hook.is_none() && !listened {
            return Ok(());
        }
        let mut conn = self.inner.store.acquire().await?;
        let mut new: Vec<Alert> = store::alerts(&mut conn, None, LIST_LIMIT)
            .await
            .map_err(StoreError::from)?
            .into_iter()
            .filter(|a| a.id > after)
            .collect();
        drop(conn);
        new.sort_by_key(|a| a.id);
        let lang = self.settings().language;
        for alert in &new {
            let text = alert.text(&self.inner.i18n, lang);
            if listened {
                let _ = self.inner.alert_events.send((alert.clone(), text.clone()));
            }
            if let Some(hook) = &hook {
                hook(alert, text);
            }
        }
        Ok(())
    }

    /// Each new family alert a sync brings, with its sentence, for the UI
    /// (the shell's own hook, [`Companion::on_family_alert`], gets them too).
    pub fn family_alert_events(&self) -> tokio::sync::broadcast::Receiver<(Alert, String)> {
        self.inner.alert_events.subscribe()
    }

    pub(crate) async fn last_alert_id(&self) -> Result<i64, CompanionError> {
        let mut conn = self.inner.store.acquire().await?;
        Ok(store::last_alert_id(&mut conn)
            .await
            .map_err(StoreError::from)?)
    }
}

/// What a refused family bill payment means: the family's own refusals
/// (no link, not allowed), else the bill's.
fn family_bill_refused(code: &str, body: &Value) -> CompanionError {
    match FamilyError::from_code(code) {
        Some(e) => CompanionError::Family(e),
        None => crate::bills::facade::refused(code, body),
    }
}
