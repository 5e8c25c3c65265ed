//! How a [`Companion`](crate::Companion) is opened, and what the elder is
//! told about the start (a damaged or foreign database moved aside, a
//! read-only or temporary store, a stored setting out of range, an unknown
//! language).

use crate::clock::{Clock, SystemClock};
use crate::i18n::{I18n, Language};
use crate::settings::TextScale;
use crate::store::StoreNotice;
use crate::{accounts, auth};
use std::sync::Arc;

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
    /// The voiceprint's speaker-encoder weights (`pretrained.pt`), as the
    /// shell bundles them. `None`: looked for beside the program
    /// ([`auth::voiceprint::ge2e::find_model`]).
    pub voice_model: Option<std::path::PathBuf>,
}

impl Default for OpenOptions {
    fn default() -> Self {
        OpenOptions {
            clock: Arc::new(SystemClock),
            demo_seed: Some(accounts::demo::DEFAULT_SEED),
            language: None,
            keystore: None,
            voice_model: None,
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
