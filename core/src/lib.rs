//! HappyLife Companion core: every decision the app makes lives here, once,
//! and is tested here. The UI (`happylife-app`) and the mobile layer
//! (`happylife-mobile`) only show and ask.
//!
//! One facade, [`Companion`], opened on a data directory. Each feature is a
//! folder: `mod.rs` its types and rules, `store.rs` its SQL on the phone,
//! `facade.rs` (or `facade/`) its part of `impl Companion`. This file only
//! declares the modules and opens and closes the companion.
//!
//! | module       | owns                                                        |
//! |--------------|-------------------------------------------------------------|
//! | `accounts`   | accounts, transactions, masked numbers, the demo bank       |
//! | `auth`       | binding a phone, the PIN (phone and bank), device key, session, biometric and voiceprint login, her phones, a forgotten PIN |
//! | `bank`       | the bank's HTTP client (one per companion) and its TLS policy |
//! | `bills`      | utility bills, auto-pay, card statements; money requests kept by key |
//! | `cards`      | card guard locks, the freeze after a scam report and the way back, the authorisation rule |
//! | `complaints` | what may be filed, the phone's copy with the bank's answers |
//! | `family`     | family links, roles and permissions, alerts, approvals, audit |
//! | `fraud`      | the scam list: normalise, look up, signed files, 我被骗了, lessons |
//! | `phone`      | the shell's signals and capabilities: a call, screen sharing, shakes, the dialer, its voice |
//! | `reminders`  | bill, card, deposit, ID and pension reminders, newest first |
//! | `settings`   | language, text size, high contrast, layout, the 幸福生活 offer |
//! | `sync`       | freshness, the outbox, applying pulled pages, one sync      |
//! | `transfers`  | the risk check (allow / warn / cosign / block and why), drafts, sending once |
//! | `voice`      | read-aloud scripts, spoken amounts, intents, the assistant  |
//! | `wealth`     | products PR1–PR5, the risk questionnaire, suitability       |
//! | `store`      | the SQLite file: open, migrate, recover, its key            |
//! | `i18n`       | Fluent text in 简体中文 / 繁體中文 / English, dates         |
//! | `search`     | finding a screen by what she types or says                  |
//! | `startup`    | how to open, and what she is told about the start           |
//! | `error`      | [`CompanionError`], and the one mapping of every internal error to it |
//! | `money`      | integer-fen amounts                                         |
//! | `clock`      | injectable time                                             |

pub mod accounts;
pub mod auth;
pub mod bank;
pub mod bills;
pub mod cards;
pub mod chat;
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
mod startup;
pub mod statements;
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
pub use startup::{OpenOptions, StartupNotice};
pub use store::{StoreMode, StoreNotice};
pub use sync::{Connection, Freshness, SyncReport};

use chrono::{DateTime, FixedOffset};
use settings::SettingsNotice;
use std::path::Path;
use std::sync::{Arc, RwLock};
use store::Store;

struct Inner {
    store: Store,
    blocklist: fraud::Blocklist,
    /// The real sites lookalikes are told from (built in, or the bank's newer signed table).
    sites: RwLock<Arc<fraud::Sites>>,
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
    /// The same alerts for the UI (a notification where the platform has
    /// one), with their sentence.
    alert_events: tokio::sync::broadcast::Sender<(family::Alert, String)>,
    /// The bank's client, made once (for this address and TLS policy) and
    /// used by every feature: one connection pool, one TLS set-up.
    bank: std::sync::Mutex<Option<(String, u64, crate::bank::client::Gateway)>>,
    /// The keystore: the database key, the device's login key.
    keystore: RwLock<auth::keystore::Keystore>,
    /// The live session with the bank after a login (also in the keystore).
    session: RwLock<Option<auth::Session>>,
    /// This phone's id at the bank, once bound (names its keystore entries).
    device_id: RwLock<Option<String>>,
    /// The scam list's public key this phone trusts (its configuration's).
    list_key: RwLock<Option<ed25519_dalek::VerifyingKey>>,
    /// The shell's phone signals (call, screen sharing), when it gives them.
    phone: phone::Slot<dyn phone::PhoneSignals>,
    /// The shell's dialer, when it gives one.
    dialer: phone::Slot<dyn phone::Dialer>,
    /// The shell's voice, when it gives one.
    voice: phone::Slot<dyn phone::SpeechOutput>,
    /// The shell's microphone and recogniser, when it gives them.
    capture: phone::Slot<dyn phone::VoiceCapture>,
    /// The shell's share sheet, when it gives one.
    sharer: phone::Slot<dyn phone::Sharer>,
    /// The shell's biometric prompt and hardware key, when it has them.
    biometric: phone::Slot<dyn auth::biometric::BiometricSigner>,
    /// Shakes, debounced into voice-assistant requests.
    shakes: std::sync::Mutex<phone::ShakeGate>,
    /// Counts the voice-assistant requests (the UI watches it).
    assistant: tokio::sync::watch::Sender<u64>,
    /// A call ringing from a number on the scam list (the UI watches it
    /// and shows its warning over everything).
    call_warning: tokio::sync::watch::Sender<Option<phone::CallWarning>>,
    /// When the app last went to the background (the shells say).
    backgrounded_at: std::sync::Mutex<Option<i64>>,
    /// Voiceprint prompts waiting for an answer (single use).
    voice_prompts: std::sync::Mutex<std::collections::HashMap<u64, auth::voiceprint::VoicePrompt>>,
    /// A speaker embedder plugged in instead of the learned encoder.
    embedder: RwLock<Option<Arc<dyn auth::voiceprint::embed::SpeakerEmbedder>>>,
    /// Where the learned speaker encoder's weights are (`None`: looked for
    /// beside the program, [`auth::voiceprint::ge2e::find_model`]).
    voice_model: Option<std::path::PathBuf>,
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
pub(crate) const META_DATA_AS_OF: &str = "data_as_of";
/// Meta keys of the bank connection. The device token and the session are
/// secrets: they live in the platform keystore, never here.
pub(crate) const META_SERVER: &str = "server_url";
pub(crate) const META_DEVICE: &str = "device_id";
/// Where phones bound before the keystore kept the device token had it:
/// moved to the keystore (and deleted here) on opening.
const META_TOKEN_OLD: &str = "device_token";

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

        if let Some(seed) = options.demo_seed {
            accounts::demo::seed_if_new(&store, seed, clock.now()).await?;
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
        let sites = fraud::sites::load(&store).await;
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
                sites: RwLock::new(sites),
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
                alert_events: tokio::sync::broadcast::channel(64).0,
                bank: std::sync::Mutex::new(None),
                keystore: RwLock::new(keystore),
                session: RwLock::new(None),
                device_id: RwLock::new(None),
                list_key: RwLock::new(None),
                phone: Default::default(),
                dialer: Default::default(),
                voice: Default::default(),
                capture: Default::default(),
                sharer: Default::default(),
                biometric: Default::default(),
                shakes: std::sync::Mutex::new(phone::ShakeGate::default()),
                assistant: tokio::sync::watch::Sender::new(0),
                call_warning: tokio::sync::watch::Sender::new(None),
                backgrounded_at: std::sync::Mutex::new(None),
                voice_prompts: std::sync::Mutex::new(std::collections::HashMap::new()),
                embedder: RwLock::new(None),
                voice_model: options.voice_model,
            }),
        };
        if let Some(device) = device {
            companion.restore_session(&device);
        }
        Ok(companion)
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

    /// Closes the database cleanly (checkpoints the WAL).
    pub async fn close(&self) {
        self.inner.store.close().await;
    }
}
