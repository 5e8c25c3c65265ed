//! HappyLife Companion core: every decision the app makes lives here, once,
//! and is tested here. The UI (`happylife-app`) and the mobile layer
//! (`happylife-mobile`) only show and ask.
//!
//! One facade, [`Companion`], opened on a data directory. Feature modules own
//! their types, rules and SQL:
//!
//! | module       | owns                                                        |
//! |--------------|-------------------------------------------------------------|
//! | `accounts`   | accounts, transactions, masked numbers, the demo bank       |
//! | `bills`      | utility bills, auto-pay agreements, card statements; money requests kept by key |
//! | `reminders`  | bill, card, deposit, ID and pension reminders, newest first |
//! | `wealth`     | products PR1–PR5, the risk questionnaire, suitability       |
//! | `auth`       | the device key's login challenge, PIN rules and lockout    |
//! | `cards`      | card guard locks, the freeze after a scam report, authorisation rule |
//! | `settings`   | language, text size, high contrast                          |
//! | `i18n`       | Fluent text in 简体中文 / 繁體中文 / English, dates         |
//! | `family`     | family links, roles and permissions, alerts, approvals, audit |
//! | `fraud`      | the scam blocklist: normalise, look up, apply signed deltas |
//! | `transfers`  | the risk check (allow / warn / cosign / block and why)       |
//! | `voice`      | read-aloud scripts for each screen                          |
//! | `sync`       | freshness (and, later, pull and push)                       |
//! | `store`      | the SQLite file: open, migrate, recover                     |
//! | `money`      | integer-fen amounts                                         |
//! | `clock`      | injectable time                                             |
//! | `phone`      | the shell's signals: a call, screen sharing, shakes         |

pub mod accounts;
pub mod auth;
pub mod bills;
pub mod cards;
pub mod clock;
pub mod complaints;
mod error;
pub mod family;
pub mod fraud;
pub mod i18n;
pub mod money;
pub mod phone;
pub mod reminders;
pub mod search;
pub mod settings;
pub mod store;
pub mod sync;
pub mod transfers;
pub mod voice;
pub mod wealth;

pub use accounts::{
    Account, AccountId, AccountKind, Category, Customer, Transaction, TransactionPage,
};
pub use clock::{Clock, FixedClock, SystemClock};
pub use error::CompanionError;
pub use i18n::{Arg, I18n, Language};
pub use money::{Currency, Money};
pub use settings::{Settings, TextScale};
pub use store::{StoreMode, StoreNotice};
pub use sync::{Connection, Freshness, SyncReport};

use chrono::{DateTime, FixedOffset};
use settings::SettingsNotice;
use std::path::Path;
use std::sync::{Arc, RwLock};
use store::Store;

/// How to open a [`Companion`].
#[derive(Clone)]
pub struct OpenOptions {
    /// The clock every rule asks.
    pub clock: Arc<dyn Clock>,
    /// Seed of the embedded demo bank, written on first open when the store
    /// has no customer. `None`: no demo data.
    pub demo_seed: Option<u64>,
    /// A language asked for at start (`--lang`); applied and saved if we
    /// know it, otherwise a notice says so.
    pub language: Option<String>,
    /// Where the database key and the device's login key are kept: the
    /// platform keystore on phones. `None`: the desktop sandbox file in the
    /// data directory ([`auth::keystore::Keystore::sandbox_file`]).
    pub keystore: Option<auth::keystore::Keystore>,
}

impl Default for OpenOptions {
    fn default() -> Self {
        OpenOptions {
            clock: Arc::new(SystemClock),
            demo_seed: Some(accounts::demo::DEFAULT_SEED),
            language: None,
            keystore: None,
        }
    }
}

/// Something the elder must be told when the app starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StartupNotice {
    /// About the database file.
    Store(StoreNotice),
    /// A stored text size was out of range; the default is used.
    TextScaleOutOfRange {
        /// The stored value.
        stored: String,
    },
    /// An unknown language was asked for; 简体中文 is used.
    UnknownLanguage {
        /// What was asked for (shortened).
        requested: String,
    },
}

impl StartupNotice {
    /// The notice as a sentence in `lang`.
    pub fn message(&self, i18n: &I18n, lang: Language) -> String {
        match self {
            StartupNotice::Store(StoreNotice::DamagedMovedAside { kept_as }) => i18n.tr_args(
                lang,
                "notice-store-damaged",
                &[("file", kept_as.as_str().into())],
            ),
            StartupNotice::Store(StoreNotice::ForeignMovedAside { kept_as }) => i18n.tr_args(
                lang,
                "notice-store-foreign",
                &[("file", kept_as.as_str().into())],
            ),
            StartupNotice::Store(StoreNotice::Temporary) => i18n.tr(lang, "notice-temporary"),
            StartupNotice::Store(StoreNotice::ReadOnly) => i18n.tr(lang, "notice-read-only"),
            StartupNotice::TextScaleOutOfRange { stored } => i18n.tr_args(
                lang,
                "notice-setting-out-of-range",
                &[
                    ("value", stored.as_str().into()),
                    ("default", TextScale::DEFAULT.percent().to_string().into()),
                ],
            ),
            StartupNotice::UnknownLanguage { requested } => i18n.tr_args(
                lang,
                "notice-unknown-locale",
                &[("requested", requested.as_str().into())],
            ),
        }
    }
}

struct Inner {
    store: Store,
    blocklist: fraud::Blocklist,
    clock: Arc<dyn Clock>,
    i18n: Arc<I18n>,
    settings: RwLock<Settings>,
    notices: Vec<StartupNotice>,
    connection: RwLock<Connection>,
    /// One sync at a time: pushes stay in order, pages are not applied twice.
    sync_lock: tokio::sync::Mutex<()>,
    /// Keys of transfer requests this process is sending right now; any
    /// other request left `sending` was cut off (a killed process).
    in_flight: std::sync::Mutex<std::collections::HashSet<String>>,
    /// Setting changes are saved one at a time, in the order they came.
    settings_lock: tokio::sync::Mutex<()>,
    /// The native shell's push hook for family alerts.
    alert_hook: RwLock<Option<family::AlertHook>>,
    /// The bank's client, made once (for this address and TLS policy) and
    /// used by every feature: one connection pool, one TLS set-up.
    bank: std::sync::Mutex<Option<(String, u64, sync::gateway::Gateway)>>,
    /// The keystore: the database key, the device's login key.
    keystore: RwLock<auth::keystore::Keystore>,
    /// The live session with the bank after a login (also in the keystore).
    session: RwLock<Option<auth::Session>>,
    /// This phone's id at the bank, once bound (names its keystore entries).
    device_id: RwLock<Option<String>>,
    /// The scam list's public key this phone trusts (its configuration's).
    list_key: RwLock<Option<ed25519_dalek::VerifyingKey>>,
    /// The shell's phone signals (call, screen sharing), when it gives them.
    phone: RwLock<Option<Arc<dyn phone::PhoneSignals>>>,
    /// When the app last went to the background (the shells say).
    backgrounded_at: std::sync::Mutex<Option<i64>>,
    /// Voiceprint prompts waiting for an answer (single use).
    voice_prompts: std::sync::Mutex<std::collections::HashMap<u64, auth::voiceprint::VoicePrompt>>,
    /// The speaker embedder voiceprints are made and checked with.
    embedder: RwLock<Arc<dyn auth::voiceprint::embed::SpeakerEmbedder>>,
}

/// The one facade the app, the mobile layer and tools call. Cheap to clone.
#[derive(Clone)]
pub struct Companion {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Companion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Companion")
            .field("mode", &self.inner.store.mode())
            .finish_non_exhaustive()
    }
}

impl PartialEq for Companion {
    /// Two handles are equal when they are the same open companion.
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }
}

/// Meta key: when the data on the device was last brought up to date.
const META_DATA_AS_OF: &str = "data_as_of";
/// Meta key: when the last pull finished.
const META_LAST_PULL: &str = "last_pull_at";
/// Meta keys of the bank connection. The device token and the session are
/// secrets: they live in the platform keystore, never here.
pub(crate) const META_SERVER: &str = "server_url";
pub(crate) const META_DEVICE: &str = "device_id";
/// Where phones bound before the keystore kept the device token had it:
/// moved to the keystore (and deleted here) on opening.
const META_TOKEN_OLD: &str = "device_token";
const META_ELDER_OFFERED: &str = "elder_mode_offered";
/// Changes asked for per pull page.
const PULL_PAGE: u32 = 1000;

impl Companion {
    /// Opens the companion on `dir` with the real clock and the demo bank.
    pub async fn open(dir: impl AsRef<Path>) -> Result<Companion, CompanionError> {
        Companion::open_with(dir, OpenOptions::default()).await
    }

    /// Opens the companion on `dir`. A damaged database, a foreign file, an
    /// unwritable directory or a bad stored setting do not stop it: it opens
    /// as well as it can and [`Companion::notices`] says what happened.
    pub async fn open_with(
        dir: impl AsRef<Path>,
        options: OpenOptions,
    ) -> Result<Companion, CompanionError> {
        let i18n = I18n::embedded().map_err(|e| {
            tracing::error!(error = %e, "embedded text failed to load");
            CompanionError::Storage
        })?;
        let clock = options.clock;
        let keystore = options.keystore.unwrap_or_else(|| {
            auth::keystore::Keystore::sandbox_file(dir.as_ref().join(auth::keystore::SANDBOX_FILE))
        });
        let (store, store_notice) = Store::open(dir.as_ref(), clock.as_ref(), &keystore).await?;
        let mut notices: Vec<StartupNotice> =
            store_notice.into_iter().map(StartupNotice::Store).collect();

        if let Some(seed) = options.demo_seed
            && store.mode() != StoreMode::ReadOnly
            && accounts::customer(&store).await?.is_none()
        {
            let now = clock.now();
            let bank = accounts::demo::generate(seed, now);
            let mut tx = store.begin().await?;
            accounts::demo::insert(&mut tx, &bank).await?;
            cards::store::insert_demo(&mut tx, &bank).await?;
            store::set_meta(&mut tx, META_DATA_AS_OF, &now.to_rfc3339()).await?;
            store::set_meta(&mut tx, "demo_seed", &seed.to_string()).await?;
            tx.commit().await.map_err(StoreError::from)?;
            tracing::info!(transactions = bank.transactions.len(), "demo bank written");
        }

        let (mut settings, setting_notices) = settings::load(&store).await?;
        notices.extend(setting_notices.into_iter().map(|n| match n {
            SettingsNotice::TextScaleOutOfRange { stored } => StartupNotice::TextScaleOutOfRange {
                stored: stored.chars().take(12).collect(),
            },
        }));
        if let Some(requested) = options.language {
            match Language::negotiate(&requested) {
                Some(lang) => {
                    settings.language = lang;
                    if store.mode() != StoreMode::ReadOnly {
                        let mut conn = store.acquire().await?;
                        settings::put(&mut conn, clock.as_ref(), settings::Change::Language(lang))
                            .await?;
                    }
                }
                None => {
                    tracing::warn!("unknown language requested; using zh-CN");
                    notices.push(StartupNotice::UnknownLanguage {
                        requested: requested.chars().take(24).collect(),
                    });
                }
            }
        }

        let blocklist = fraud::Blocklist::load(&store).await.map_err(|e| {
            tracing::error!(error = %e, "blocklist failed to load");
            CompanionError::Storage
        })?;
        let device = store.meta(META_DEVICE).await?;
        if let (Some(device), Some(token)) = (&device, store.meta(META_TOKEN_OLD).await?)
            && store.mode() != StoreMode::ReadOnly
        {
            // The device token moves to the keystore, once.
            match keystore.set(&auth::facade::token_name(device), token.as_bytes()) {
                Ok(()) => {
                    let mut conn = store.acquire().await?;
                    store::delete_meta(&mut conn, META_TOKEN_OLD).await?;
                    tracing::info!("device token moved to the keystore");
                }
                Err(e) => {
                    tracing::warn!(error = %e, "the device token stays until the keystore works")
                }
            }
        }

        let companion = Companion {
            inner: Arc::new(Inner {
                blocklist,
                store,
                clock,
                i18n: Arc::new(i18n),
                settings: RwLock::new(settings),
                notices,
                connection: RwLock::new(Connection::Offline),
                sync_lock: tokio::sync::Mutex::new(()),
                in_flight: std::sync::Mutex::new(std::collections::HashSet::new()),
                settings_lock: tokio::sync::Mutex::new(()),
                alert_hook: RwLock::new(None),
                bank: std::sync::Mutex::new(None),
                keystore: RwLock::new(keystore),
                session: RwLock::new(None),
                device_id: RwLock::new(None),
                list_key: RwLock::new(None),
                phone: RwLock::new(None),
                backgrounded_at: std::sync::Mutex::new(None),
                voice_prompts: std::sync::Mutex::new(std::collections::HashMap::new()),
                embedder: RwLock::new(Arc::new(auth::voiceprint::embed::MfccEmbedder)),
            }),
        };
        if let Some(device) = device {
            companion.restore_session(&device);
        }
        Ok(companion)
    }

    /// Checks a phone number, account number, web address or pasted/scanned
    /// text against the blocklist on the device. Works offline.
    pub async fn check_text(&self, text: &str) -> Result<fraud::Lookup, CompanionError> {
        self.inner
            .blocklist
            .check(&self.inner.store, text)
            .await
            .map_err(fraud_error)
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
        let key = self.list_key().map_err(fraud_error)?;
        let file = fraud::wire::ListFile::decode(bytes, &key).map_err(fraud_error)?;
        self.inner
            .blocklist
            .apply(&self.inner.store, file)
            .await
            .map_err(fraud_error)
    }

    /// What the elder must be told about this start.
    pub fn notices(&self) -> &[StartupNotice] {
        &self.inner.notices
    }

    /// How the store is open.
    pub fn store_mode(&self) -> StoreMode {
        self.inner.store.mode()
    }

    /// The text of every screen.
    pub fn i18n(&self) -> Arc<I18n> {
        self.inner.i18n.clone()
    }

    /// Now, by the injected clock.
    pub fn now(&self) -> DateTime<FixedOffset> {
        self.inner.clock.now()
    }

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

    /// The current settings.
    pub fn settings(&self) -> Settings {
        *self
            .inner
            .settings
            .read()
            .unwrap_or_else(|e| e.into_inner())
    }

    fn update_settings(&self, f: impl FnOnce(&mut Settings)) {
        f(&mut self
            .inner
            .settings
            .write()
            .unwrap_or_else(|e| e.into_inner()));
    }

    /// Saves a setting and, when this device is connected to a bank,
    /// queues it for the bank in the same transaction. The change holds in
    /// memory even when it cannot be saved (read-only), and the error says so.
    async fn change_setting(&self, change: settings::Change) -> Result<(), CompanionError> {
        self.update_settings(|s| change.apply_to(s));
        self.save_setting(change).await
    }

    /// Saves a change already made in memory. Changes are saved in the order
    /// they were made (the queue is joined before anything awaits): three
    /// quick taps on 放大 end at 130 %, never at whichever write got the
    /// database last.
    async fn save_setting(&self, change: settings::Change) -> Result<(), CompanionError> {
        let _in_order = self.inner.settings_lock.lock().await;
        self.inner.store.ensure_writable()?;
        let now = self.now().timestamp();
        let mut tx = self.inner.store.begin().await?;
        settings::put(&mut tx, self.inner.clock.as_ref(), change).await?;
        if store::meta_in(&mut tx, META_DEVICE).await?.is_some() {
            let body = serde_json::json!({ "kind": "settings", "key": change.key(), "value": change.value() });
            sync::outbox::enqueue(&mut tx, "settings", &body, now).await?;
        }
        tx.commit().await.map_err(StoreError::from)?;
        Ok(())
    }

    /// One step bigger (or smaller) than the text size right now. Each tap
    /// steps from the size the tap before it left, however fast they come.
    pub async fn step_text_scale(&self, bigger: bool) -> Result<TextScale, CompanionError> {
        let to = {
            let mut s = self
                .inner
                .settings
                .write()
                .unwrap_or_else(|e| e.into_inner());
            let now = s.text_scale;
            s.text_scale = if bigger { now.bigger() } else { now.smaller() }.unwrap_or(now);
            s.text_scale
        };
        self.save_setting(settings::Change::TextScale(to)).await?;
        Ok(to)
    }

    /// Turns high contrast the other way from how it is right now.
    pub async fn toggle_high_contrast(&self) -> Result<bool, CompanionError> {
        let on = {
            let mut s = self
                .inner
                .settings
                .write()
                .unwrap_or_else(|e| e.into_inner());
            s.high_contrast = !s.high_contrast;
            s.high_contrast
        };
        self.save_setting(settings::Change::HighContrast(on))
            .await?;
        Ok(on)
    }

    /// Changes the language. In a read-only store the change holds for this
    /// run and the error says it was not saved.
    pub async fn set_language(&self, language: Language) -> Result<(), CompanionError> {
        self.change_setting(settings::Change::Language(language))
            .await
    }

    /// Changes the language by tag (`zh-HK`, `en`...).
    pub async fn set_language_tag(&self, tag: &str) -> Result<Language, CompanionError> {
        let lang = Language::negotiate(tag).ok_or(CompanionError::UnknownLanguage)?;
        self.set_language(lang).await?;
        Ok(lang)
    }

    /// Changes the text size (percent, 100–200).
    pub async fn set_text_scale(&self, percent: i64) -> Result<TextScale, CompanionError> {
        let scale = u16::try_from(percent)
            .ok()
            .and_then(|p| TextScale::new(p).ok())
            .ok_or(CompanionError::TextScaleOutOfRange { value: percent })?;
        self.change_setting(settings::Change::TextScale(scale))
            .await?;
        Ok(scale)
    }

    /// Turns the high-contrast theme on or off.
    pub async fn set_high_contrast(&self, on: bool) -> Result<(), CompanionError> {
        self.change_setting(settings::Change::HighContrast(on))
            .await
    }

    /// Switches between the 幸福生活 and the standard layout (kept on this
    /// phone only).
    pub async fn set_layout(&self, layout: settings::Layout) -> Result<(), CompanionError> {
        self.update_settings(|s| s.layout = layout);
        self.inner.store.ensure_writable()?;
        sqlx::query(
            "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) \
             ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        )
        .bind(settings::KEY_LAYOUT)
        .bind(layout.code())
        .bind(self.now().timestamp())
        .execute(self.inner.store.pool())
        .await
        .map_err(StoreError::from)?;
        Ok(())
    }

    /// Whether to offer the 幸福生活 layout at this login: she is 55 or
    /// older, on the standard layout, and has not been asked before.
    pub async fn elder_mode_offer(&self) -> Result<bool, CompanionError> {
        let today = self.now().date_naive();
        let age = self.customer().await?.map(|c| c.age_on(today));
        let offered = self.inner.store.meta(META_ELDER_OFFERED).await?.is_some();
        Ok(settings::should_offer_elder_mode(
            self.settings().layout,
            age,
            offered,
        ))
    }

    /// Her answer to the offer: never asked again; yes switches the layout.
    pub async fn answer_elder_mode_offer(&self, accept: bool) -> Result<(), CompanionError> {
        self.inner.store.ensure_writable()?;
        let mut conn = self.inner.store.acquire().await?;
        store::set_meta(
            &mut conn,
            META_ELDER_OFFERED,
            if accept { "yes" } else { "no" },
        )
        .await?;
        drop(conn);
        if accept {
            self.set_layout(settings::Layout::Elder).await?;
        }
        Ok(())
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

    pub(crate) fn gateway_error(&self, e: sync::gateway::GatewayError) -> CompanionError {
        use sync::gateway::GatewayError;
        match e {
            GatewayError::Unreachable | GatewayError::Failed(_) => {
                self.set_connection(Connection::Offline);
                CompanionError::Offline
            }
            GatewayError::Refused { code, .. } => CompanionError::Refused { code },
            GatewayError::Insecure => CompanionError::InsecureConnection,
            GatewayError::LoginNeeded => CompanionError::LoginNeeded,
        }
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
                Err(sync::gateway::GatewayError::Refused { code, .. }) => {
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

    /// Brings the blocklist to the bank's version: deltas when the device is
    /// a few versions behind, else (or when a delta does not check out) one
    /// snapshot. Returns the number of files applied.
    async fn refresh_blocklist(
        &self,
        gateway: &sync::gateway::Gateway,
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
        let (newest, _) = gateway
            .blocklist_version()
            .await
            .map_err(|e| self.gateway_error(e))?;
        let mut have = list.info().version;
        if have == newest {
            return Ok(0);
        }
        let mut applied = 0;
        if have > 0 && have < newest && newest - have <= MAX_DELTAS {
            while have < newest {
                let bytes = match gateway.blocklist_file(Some(have)).await {
                    Ok(b) => b,
                    Err(sync::gateway::GatewayError::Refused { .. }) => break,
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
        let file = fraud::wire::ListFile::decode(&bytes, &key).map_err(fraud_error)?;
        // The download is decoded: free it before the list is written.
        drop(bytes);
        list.apply(store, file).await.map_err(fraud_error)?;
        Ok(applied + 1)
    }

    /// Actions not yet confirmed by the bank (等待联网后发送), and refused ones.
    pub async fn unsettled_actions(&self) -> Result<Vec<sync::outbox::OutboxItem>, CompanionError> {
        let mut conn = self.inner.store.acquire().await?;
        Ok(sync::outbox::unsettled(&mut conn).await?)
    }

    /// Files a complaint: kept on the device at once, sent when online.
    pub async fn file_complaint(&self, category: &str, text: &str) -> Result<(), CompanionError> {
        let text = complaints::accept(category, text).ok_or(CompanionError::InvalidComplaint)?;
        self.inner.store.ensure_writable()?;
        let now = self.now().timestamp();
        let mut tx = self.inner.store.begin().await?;
        let body = serde_json::json!({ "kind": "complaint", "category": category, "text": text });
        let key = sync::outbox::enqueue(&mut tx, "complaint", &body, now).await?;
        sqlx::query("INSERT INTO complaints (outbox_key, category, text, status, created_at) VALUES (?, ?, ?, 'waiting', ?)")
            .bind(&key)
            .bind(category)
            .bind(text)
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(StoreError::from)?;
        tx.commit().await.map_err(StoreError::from)?;
        Ok(())
    }

    /// Complaints on this device, newest first, with their status and the
    /// bank's answer once there is one.
    pub async fn complaints(&self) -> Result<Vec<complaints::Filed>, CompanionError> {
        let rows: Vec<(String, String, String, Option<String>, i64)> = sqlx::query_as(
            "SELECT category, text, status, reply, created_at FROM complaints ORDER BY created_at DESC, local_id DESC",
        )
        .fetch_all(self.inner.store.pool())
        .await
        .map_err(StoreError::from)?;
        Ok(rows
            .into_iter()
            .map(
                |(category, text, status, reply, created_at)| complaints::Filed {
                    category,
                    text,
                    status,
                    reply,
                    created_at,
                },
            )
            .collect())
    }

    /// The elder's cards, with each lock's state (on, waiting, off).
    pub async fn cards(&self) -> Result<Vec<cards::Card>, CompanionError> {
        let mut conn = self.inner.store.acquire().await?;
        Ok(cards::store::list(&mut conn).await?)
    }

    async fn card(&self, card_id: i64) -> Result<cards::Card, CompanionError> {
        self.cards()
            .await?
            .into_iter()
            .find(|c| c.id() == card_id)
            .ok_or(CompanionError::CardNotFound)
    }

    /// Turns a lock on. Safe direction: works offline (queued, shown as
    /// waiting) and is sent with the next sync.
    pub async fn lock_card(&self, card_id: i64, lock: cards::Lock) -> Result<(), CompanionError> {
        self.inner.store.ensure_writable()?;
        let card = self.card(card_id).await?;
        if card.lock_status(lock) != cards::LockStatus::Off {
            return Ok(());
        }
        let body = serde_json::json!({
            "kind": "card_lock", "card_id": card_id, "lock": lock.code(), "on": true,
        });
        let mut tx = self.inner.store.begin().await?;
        sync::outbox::enqueue(&mut tx, "card_lock", &body, self.now().timestamp()).await?;
        tx.commit().await.map_err(StoreError::from)?;
        Ok(())
    }

    /// Turns a lock off. Needs a live connection: anything queued is sent
    /// first, then the unlock goes to the bank directly; offline it fails
    /// with [`CompanionError::NeedsConnection`] and nothing is queued.
    pub async fn unlock_card(&self, card_id: i64, lock: cards::Lock) -> Result<(), CompanionError> {
        self.inner.store.ensure_writable()?;
        let card = self.card(card_id).await?;
        if card.state.frozen || card.freeze_queued {
            return Err(CompanionError::CardFrozen);
        }
        match self.sync().await {
            Ok(_) => {}
            Err(CompanionError::Offline | CompanionError::NotConnected) => {
                return Err(CompanionError::NeedsConnection);
            }
            Err(e) => return Err(e),
        }
        let card = self.card(card_id).await?;
        if card.state.frozen {
            return Err(CompanionError::CardFrozen);
        }
        if card.lock_status(lock) == cards::LockStatus::Off {
            return Ok(());
        }
        let (server, token) = match self.bank_session().await? {
            Some(session) => session,
            None => return Err(CompanionError::NeedsConnection),
        };
        let body = serde_json::json!({
            "kind": "card_lock", "card_id": card_id, "lock": lock.code(), "on": false,
        });
        let gateway = self.gateway(&server);
        match gateway
            .command(&token, &sync::outbox::new_key(), &body)
            .await
        {
            Ok(_) => {}
            Err(sync::gateway::GatewayError::Refused { code, .. }) if code == "card_frozen" => {
                return Err(CompanionError::CardFrozen);
            }
            Err(sync::gateway::GatewayError::Refused { code, .. }) => {
                return Err(CompanionError::Refused { code });
            }
            Err(sync::gateway::GatewayError::LoginNeeded) => {
                return Err(CompanionError::LoginNeeded);
            }
            Err(_) => {
                self.set_connection(Connection::Offline);
                return Err(CompanionError::NeedsConnection);
            }
        }
        // The bank's new state arrives through the change log.
        self.sync().await.map(|_| ()).or_else(|e| match e {
            CompanionError::Offline => Ok(()),
            other => Err(other),
        })
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
            let body = serde_json::json!({ "kind": "scam_report" });
            let key = sync::outbox::enqueue(&mut tx, "scam_report", &body, now).await?;
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
                if n == 0 || n > 40 {
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
                    .map_err(fraud_error)?;
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
        use sync::gateway::Sent;
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
            Err(sync::gateway::GatewayError::Refused { code, .. }) => {
                return Err(match code.as_str() {
                    "too_late_to_cancel" => CompanionError::TooLateToCancel,
                    _ => CompanionError::Refused { code },
                });
            }
            Err(sync::gateway::GatewayError::LoginNeeded) => {
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
    async fn resolve_transfers(
        &self,
        gateway: &sync::gateway::Gateway,
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

    /// Closes the database cleanly (checkpoints the WAL).
    pub async fn close(&self) {
        self.inner.store.close().await;
    }
}

use store::StoreError;

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

fn fraud_error(e: fraud::FraudError) -> CompanionError {
    match e {
        fraud::FraudError::Storage(detail) => {
            tracing::error!(%detail, "blocklist storage failed");
            CompanionError::Storage
        }
        other => {
            tracing::warn!(error = %other, "blocklist file refused");
            CompanionError::SyncDataNotUnderstood
        }
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
    let mut body = draft.to_json();
    body["acknowledged"] = match acknowledged.and_then(|a| a.ticket.as_ref()) {
        Some(t) => serde_json::json!({ "ticket": t.0 }),
        None => serde_json::Value::Null,
    };
    body["context"] = serde_json::json!({
        "on_call": context.on_call, "screen_sharing": context.screen_sharing,
        "new_device_hours": context.new_device_hours,
        "password_changed_hours": context.password_changed_hours, "by_agent": context.by_agent,
    });
    body
}
