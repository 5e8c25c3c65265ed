//! The sync part of the [`Companion`] facade: the connection state, the
//! live session with the bank, and one sync (push the outbox in order,
//! settle lost transfer answers, pull the change log, refresh the scam list).

use super::{Connection, Freshness, SyncReport};
use crate::store::{self, StoreError};
use crate::{Companion, CompanionError, META_DATA_AS_OF, META_DEVICE, META_SERVER, sync};
use chrono::DateTime;

/// Meta key: when the last pull finished.
const META_LAST_PULL: &str = "last_pull_at";
/// Changes asked for per pull page.
const PULL_PAGE: u32 = 1000;

impl Companion {
    /// How fresh the data is.
    pub async fn freshness(&self) -> Result<Option<Freshness>, CompanionError> {
        let last_pull = self.inner.store.meta(META_LAST_PULL).await?;
        let as_of = match last_pull {
            Some(p) => Some(p),
            None => self.inner.store.meta(META_DATA_AS_OF).await?,
        }
        .and_then(|s| DateTime::parse_from_rfc3339(&s).ok());
        Ok(as_of.map(|as_of| Freshness {
            connection: self.connection(),
            as_of,
        }))
    }

    /// Whether the last contact with the bank worked.
    pub fn connection(&self) -> Connection {
        *self
            .inner
            .connection
            .read()
            .unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn set_connection(&self, c: Connection) {
        *self
            .inner
            .connection
            .write()
            .unwrap_or_else(|e| e.into_inner()) = c;
    }

    /// The bank this device is bound to and the live session's token:
    /// `None` when the phone is not bound; [`CompanionError::LoginNeeded`]
    /// when it is but nobody has logged in (or the bank ended the session).
    pub(crate) async fn bank_session(&self) -> Result<Option<(String, String)>, CompanionError> {
        let (Some(server), Some(_)) = (
            self.inner.store.meta(META_SERVER).await?,
            self.inner.store.meta(META_DEVICE).await?,
        ) else {
            return Ok(None);
        };
        match self.session() {
            Some(s) => Ok(Some((server, s.token))),
            None => Err(CompanionError::LoginNeeded),
        }
    }

    /// The error a failed call to the bank is, after marking the
    /// connection offline when the bank was not reached.
    pub(crate) fn gateway_error(&self, e: crate::bank::client::GatewayError) -> CompanionError {
        let e = CompanionError::from(e);
        if e == CompanionError::Offline {
            self.set_connection(Connection::Offline);
        }
        e
    }

    /// Follows the bank's event stream while it is open: `on_change` is
    /// called whenever the bank says her change log grew (and once when it
    /// opens), for the caller to sync at once. Returns when the bank ends
    /// the stream (within a minute: follow it again); an error when it
    /// cannot be opened (no connection, no session). Events only wake the
    /// sync: what changed always comes from the change log.
    pub async fn follow_bank_events(
        &self,
        on_change: impl Fn() + Send + Sync,
    ) -> Result<(), CompanionError> {
        let (server, token) = self
            .bank_session()
            .await?
            .ok_or(CompanionError::NeedsConnection)?;
        self.gateway(&server)
            .follow_events(&token, &on_change)
            .await
            .map_err(|e| self.gateway_error(e))
    }

    /// Pushes the outbox in order, then pulls every new change. Safe to call
    /// at any time from anywhere: one sync runs at a time.
    pub async fn sync(&self) -> Result<SyncReport, CompanionError> {
        let _one = self.inner.sync_lock.lock().await;
        self.inner.store.ensure_writable()?;
        let (server, token) = match self.bank_session().await? {
            Some(session) => session,
            None => return Err(CompanionError::NotConnected),
        };
        let gateway = self.gateway(&server);
        let mut report = SyncReport::default();

        let mut conn = self.inner.store.acquire().await?;
        let items = sync::outbox::unsettled(&mut conn).await?;
        drop(conn);
        for item in items
            .iter()
            .filter(|i| i.state == sync::outbox::OutboxState::Pending)
        {
            match gateway.command(&token, &item.key, &item.body).await {
                Ok(answer) => {
                    let mut tx = self.inner.store.begin().await?;
                    sync::outbox::mark_sent(&mut tx, item, &answer, self.now().timestamp()).await?;
                    tx.commit().await.map_err(StoreError::from)?;
                    report.pushed += 1;
                }
                Err(crate::bank::client::GatewayError::Refused { code, .. }) => {
                    let mut conn = self.inner.store.acquire().await?;
                    sync::outbox::mark_refused(&mut conn, item, &code).await?;
                    tracing::warn!(code, "the bank refused a queued action");
                    report.refused += 1;
                }
                Err(e) => {
                    let mut conn = self.inner.store.acquire().await?;
                    sync::outbox::mark_attempt(&mut conn, item).await?;
                    // Keep the order: nothing after it goes before it.
                    return Err(self.gateway_error(e));
                }
            }
        }

        self.resolve_transfers(&gateway, &token).await?;

        // Pull: the next page is fetched while this one is applied.
        let fetch = |after: i64| {
            let (gateway, token) = (gateway.clone(), token.clone());
            tokio::spawn(async move { gateway.changes(&token, after, PULL_PAGE).await })
        };
        let alerts_before = self.last_alert_id().await?;
        let mut conn = self.inner.store.acquire().await?;
        let mut after = sync::apply::cursor(&mut conn).await?;
        drop(conn);
        let mut in_flight = Some(fetch(after));
        while let Some(handle) = in_flight.take() {
            let page = handle
                .await
                .map_err(|_| CompanionError::Offline)?
                .map_err(|e| self.gateway_error(e))?;
            if page.more {
                in_flight = Some(fetch(page.next));
            }
            let mut tx = self.inner.store.begin().await?;
            if sync::apply::cursor(&mut tx).await? != after {
                // Only a sync moves the cursor, and syncs take turns.
                return Err(CompanionError::Storage);
            }
            sync::apply::apply_page(&mut tx, &page)
                .await
                .map_err(|e| match e {
                    sync::apply::ApplyError::Store(s) => CompanionError::from(s),
                    other => {
                        tracing::error!(error = %other, "pulled data not understood");
                        CompanionError::SyncDataNotUnderstood
                    }
                })?;
            store::set_meta(&mut tx, META_LAST_PULL, &self.now().to_rfc3339()).await?;
            tx.commit().await.map_err(StoreError::from)?;
            after = page.next;
            report.pulled += page.changes.len() as u32;
        }
        self.push_new_alerts(alerts_before).await?;
        report.blocklist_files = self.refresh_blocklist(&gateway).await?;
        self.set_connection(Connection::Online { at: self.now() });
        Ok(report)
    }

    /// Actions not yet confirmed by the bank (等待联网后发送), and refused ones.
    pub async fn unsettled_actions(&self) -> Result<Vec<sync::outbox::OutboxItem>, CompanionError> {
        let mut conn = self.inner.store.acquire().await?;
        Ok(sync::outbox::unsettled(&mut conn).await?)
    }
}
