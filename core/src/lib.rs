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
//! | `settings`   | language, text size, high contrast                          |
//! | `i18n`       | Fluent text in 简体中文 / 繁體中文 / English, dates         |
//! | `voice`      | read-aloud scripts for each screen                          |
//! | `sync`       | freshness (and, later, pull and push)                       |
//! | `store`      | the SQLite file: open, migrate, recover                     |
//! | `money`      | integer-fen amounts                                         |
//! | `clock`      | injectable time                                             |

pub mod accounts;
pub mod clock;
mod error;
pub mod i18n;
pub mod money;
pub mod settings;
pub mod store;
pub mod sync;
pub mod voice;

pub use accounts::{
    Account, AccountId, AccountKind, Category, Customer, Transaction, TransactionPage,
};
pub use clock::{Clock, FixedClock, SystemClock};
pub use error::CompanionError;
pub use i18n::{Arg, I18n, Language};
pub use money::{Currency, Money};
pub use settings::{Settings, TextScale};
pub use store::{StoreMode, StoreNotice};
pub use sync::{Connection, Freshness};

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
}

impl Default for OpenOptions {
    fn default() -> Self {
        OpenOptions {
            clock: Arc::new(SystemClock),
            demo_seed: Some(accounts::demo::DEFAULT_SEED),
            language: None,
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
    clock: Arc<dyn Clock>,
    i18n: Arc<I18n>,
    settings: RwLock<Settings>,
    notices: Vec<StartupNotice>,
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
        let (store, store_notice) = Store::open(dir.as_ref(), clock.as_ref()).await?;
        let mut notices: Vec<StartupNotice> =
            store_notice.into_iter().map(StartupNotice::Store).collect();

        if let Some(seed) = options.demo_seed
            && store.mode() != StoreMode::ReadOnly
            && accounts::customer(&store).await?.is_none()
        {
            let now = clock.now();
            let bank = accounts::demo::generate(seed, now);
            let mut tx = store.pool().begin().await.map_err(StoreError::from)?;
            accounts::demo::insert(&mut tx, &bank).await?;
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
                        settings::set_language(&store, clock.as_ref(), lang).await?;
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

        Ok(Companion {
            inner: Arc::new(Inner {
                store,
                clock,
                i18n: Arc::new(i18n),
                settings: RwLock::new(settings),
                notices,
            }),
        })
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
        let as_of = self
            .inner
            .store
            .meta(META_DATA_AS_OF)
            .await?
            .and_then(|s| DateTime::parse_from_rfc3339(&s).ok());
        Ok(as_of.map(|as_of| Freshness {
            connection: Connection::Offline,
            as_of,
        }))
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

    /// Changes the language. In a read-only store the change holds for this
    /// run and the error says it was not saved.
    pub async fn set_language(&self, language: Language) -> Result<(), CompanionError> {
        self.update_settings(|s| s.language = language);
        Ok(settings::set_language(&self.inner.store, self.inner.clock.as_ref(), language).await?)
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
        self.update_settings(|s| s.text_scale = scale);
        settings::set_text_scale(&self.inner.store, self.inner.clock.as_ref(), percent).await?;
        Ok(scale)
    }

    /// Turns the high-contrast theme on or off.
    pub async fn set_high_contrast(&self, on: bool) -> Result<(), CompanionError> {
        self.update_settings(|s| s.high_contrast = on);
        Ok(settings::set_high_contrast(&self.inner.store, self.inner.clock.as_ref(), on).await?)
    }

    /// Closes the database cleanly (checkpoints the WAL).
    pub async fn close(&self) {
        self.inner.store.close().await;
    }
}

use store::StoreError;
