//! The scam-list part of the [`Companion`] facade: looking text up, trusting
//! the bank's list key, applying a signed list file, bringing the list up to
//! the bank's version at a sync, and 我被骗了 (the scam report).

use crate::bank::wire::Command;
use crate::store::StoreError;
use crate::{Companion, CompanionError, fraud, sync};

impl Companion {
    /// Checks a phone number, account number, web address or pasted/scanned
    /// text against the blocklist on the device. Works offline.
    pub async fn check_text(&self, text: &str) -> Result<fraud::Lookup, CompanionError> {
        self.inner
            .blocklist
            .check(&self.inner.store, text)
            .await
            .map_err(CompanionError::from)
    }

    /// Reads a pasted message (or one number, account or site) for the scam
    /// list and for lookalike sites and scam scripts: listed, suspicious or
    /// clear. Works offline.
    pub async fn check_message(&self, text: &str) -> Result<fraud::MessageCheck, CompanionError> {
        let (lookup, items, bare) = self
            .inner
            .blocklist
            .check_items(&self.inner.store, text)
            .await
            .map_err(CompanionError::from)?;
        let sites = self.real_sites();
        let signals = fraud::message::signals(text, &items, bare, &sites);
        Ok(fraud::MessageCheck::new(lookup, signals, bare))
    }

    /// The table of real sites lookalikes are told from.
    pub fn real_sites(&self) -> std::sync::Arc<fraud::Sites> {
        self.inner
            .sites
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Applies a real-site table the bank signed (see [`fraud::sites`]):
    /// kept only when newer than the one on the device.
    pub async fn apply_real_sites(&self, bytes: &[u8]) -> Result<u64, CompanionError> {
        let key = self.list_key().map_err(CompanionError::from)?;
        let sites = fraud::Sites::decode(bytes, &key).map_err(CompanionError::from)?;
        let version = sites.version;
        if version <= self.real_sites().version {
            return Ok(self.real_sites().version);
        }
        fraud::sites::save(&self.inner.store, bytes)
            .await
            .map_err(CompanionError::from)?;
        *self.inner.sites.write().unwrap_or_else(|e| e.into_inner()) = std::sync::Arc::new(sites);
        Ok(version)
    }

    /// Version, size and date of the blocklist on the device.
    pub fn blocklist_info(&self) -> fraud::ListInfo {
        self.inner.blocklist.info()
    }

    /// Trusts `key` for the scam list: the public key of the bank this
    /// phone is configured for (a shell's build configuration; the app's
    /// built-in sandbox hands its own). Without one, no list is applied.
    pub fn trust_list_key(&self, key: ed25519_dalek::VerifyingKey) {
        *self
            .inner
            .list_key
            .write()
            .unwrap_or_else(|e| e.into_inner()) = Some(key);
    }

    /// The same, from the 64 hex digits a deployment gives.
    pub fn trust_list_key_hex(&self, hex_text: &str) -> Result<(), CompanionError> {
        let key = fraud::wire::parse_list_key(hex_text).ok_or(CompanionError::BadListKey)?;
        self.trust_list_key(key);
        Ok(())
    }

    fn list_key(&self) -> Result<ed25519_dalek::VerifyingKey, fraud::FraudError> {
        (*self
            .inner
            .list_key
            .read()
            .unwrap_or_else(|e| e.into_inner()))
        .ok_or(fraud::FraudError::NoTrustedKey)
    }

    /// Applies a signed list file from the bank (see [`fraud::wire`]).
    pub async fn apply_blocklist(&self, bytes: &[u8]) -> Result<fraud::ListInfo, CompanionError> {
        let key = self.list_key().map_err(CompanionError::from)?;
        let file = fraud::wire::ListFile::decode(bytes, &key).map_err(CompanionError::from)?;
        self.inner
            .blocklist
            .apply(&self.inner.store, file)
            .await
            .map_err(CompanionError::from)
    }

    /// Brings the blocklist to the bank's version: deltas when the device is
    /// a few versions behind, else (or when a delta does not check out) one
    /// snapshot. Returns the number of files applied.
    pub(crate) async fn refresh_blocklist(
        &self,
        gateway: &crate::bank::client::Gateway,
    ) -> Result<u32, CompanionError> {
        /// Beyond this many versions behind, one snapshot is cheaper.
        const MAX_DELTAS: u64 = 64;
        let list = &self.inner.blocklist;
        let store = &self.inner.store;
        let Ok(key) = self.list_key() else {
            // Nothing to check a list with: keep the one on the phone.
            tracing::warn!("no scam-list key is configured; the list on the phone is kept");
            return Ok(0);
        };
        let manifest = gateway
            .blocklist_manifest()
            .await
            .map_err(|e| self.gateway_error(e))?;
        self.refresh_real_sites(gateway, manifest.sites_version)
            .await?;
        let newest = manifest.version;
        let mut have = list.info().version;
        if have == newest {
            return Ok(0);
        }
        let mut applied = 0;
        if have > 0 && have < newest && newest - have <= MAX_DELTAS {
            while have < newest {
                let bytes = match gateway.blocklist_file(Some(have)).await {
                    Ok(b) => b,
                    Err(crate::bank::client::GatewayError::Refused { .. }) => break,
                    Err(e) => return Err(self.gateway_error(e)),
                };
                let file = fraud::wire::ListFile::decode(&bytes, &key);
                match file {
                    Ok(f) => match list.apply(store, f).await {
                        Ok(info) => {
                            have = info.version;
                            applied += 1;
                        }
                        Err(fraud::FraudError::Storage(d)) => {
                            tracing::error!(detail = %d, "blocklist storage failed");
                            return Err(CompanionError::Storage);
                        }
                        Err(e) => {
                            tracing::warn!(error = %e, "blocklist delta refused; taking a snapshot");
                            break;
                        }
                    },
                    Err(e) => {
                        tracing::warn!(error = %e, "blocklist delta unreadable; taking a snapshot");
                        break;
                    }
                }
            }
            if have == newest {
                return Ok(applied);
            }
        }
        let bytes = gateway
            .blocklist_file(None)
            .await
            .map_err(|e| self.gateway_error(e))?;
        let file = fraud::wire::ListFile::decode(&bytes, &key).map_err(CompanionError::from)?;
        // The download is decoded: free it before the list is written.
        drop(bytes);
        list.apply(store, file)
            .await
            .map_err(CompanionError::from)?;
        Ok(applied + 1)
    }

    /// Fetches the bank's real-site table when it is newer than the
    /// phone's. A table that does not check out is refused and the phone
    /// keeps its own (the sync goes on: the scam list matters more).
    async fn refresh_real_sites(
        &self,
        gateway: &crate::bank::client::Gateway,
        newest: u64,
    ) -> Result<(), CompanionError> {
        if newest <= self.real_sites().version {
            return Ok(());
        }
        let bytes = gateway
            .real_sites_file()
            .await
            .map_err(|e| self.gateway_error(e))?;
        match self.apply_real_sites(&bytes).await {
            Ok(version) => {
                tracing::info!(version, "real-site table updated");
                Ok(())
            }
            Err(CompanionError::Storage) => Err(CompanionError::Storage),
            Err(e) => {
                tracing::warn!(error = %e, "real-site table refused; the phone keeps its own");
                Ok(())
            }
        }
    }

    /// "我被骗了": freezes every card and stops online payments. Safe
    /// direction: recorded at once and queued if offline; pressing it again
    /// while a report waits adds nothing.
    pub async fn report_scam(&self) -> Result<(), CompanionError> {
        self.inner.store.ensure_writable()?;
        let now = self.now().timestamp();
        let mut tx = self.inner.store.begin().await?;
        let waiting: i64 =
            sqlx::query_scalar("SELECT count(*) FROM scam_reports WHERE status = 'waiting'")
                .fetch_one(&mut *tx)
                .await
                .map_err(StoreError::from)?;
        if waiting == 0 {
            let key = sync::outbox::enqueue(&mut tx, &Command::ScamReport {}, now).await?;
            sqlx::query("INSERT INTO scam_reports (outbox_key, created_at, status) VALUES (?, ?, 'waiting')")
                .bind(&key)
                .bind(now)
                .execute(&mut *tx)
                .await
                .map_err(StoreError::from)?;
        }
        tx.commit().await.map_err(StoreError::from)?;
        Ok(())
    }

    /// Scam reports on this device: (unix seconds, `waiting`/`received`/`refused`), newest first.
    pub async fn scam_reports(&self) -> Result<Vec<(i64, String)>, CompanionError> {
        Ok(sqlx::query_as(
            "SELECT created_at, status FROM scam_reports ORDER BY created_at DESC, local_id DESC",
        )
        .fetch_all(self.inner.store.pool())
        .await
        .map_err(StoreError::from)?)
    }
}
