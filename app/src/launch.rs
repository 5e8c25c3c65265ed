//! What both launchers share (feature `launcher`): the command line, the
//! data directory, the in-process sandbox bank, and opening the
//! [`Companion`] with a plain message when that fails.

use happylife_core::{Clock, Companion, FixedClock, OpenOptions};
use std::path::PathBuf;
use std::sync::Arc;

pub use crate::context::{SyncTarget, WINDOW_TITLE};

/// Options common to the desktop and liveview launchers.
#[derive(Debug, Clone, clap::Args)]
pub struct CommonArgs {
    /// Where the app keeps its data (default: the user's data folder).
    #[arg(long, env = "HAPPYLIFE_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// Language for this start and after (zh-CN, zh-TW, en; zh-HK → zh-TW).
    #[arg(long, env = "HAPPYLIFE_LANG")]
    pub lang: Option<String>,
    /// Text size in percent (100–200), for this start and after, as if set
    /// on the settings screen: for testers and for screens that come before
    /// settings can be reached (the first-run binding screen).
    #[arg(long, env = "HAPPYLIFE_TEXT_SCALE")]
    pub text_scale: Option<i64>,
    /// High contrast on (`true`) or off (`false`), for this start and after.
    #[arg(long, env = "HAPPYLIFE_HIGH_CONTRAST")]
    pub high_contrast: Option<bool>,
    /// The layout (`elder` for 幸福生活, or `standard`), for this start and
    /// after, as if chosen in settings.
    #[arg(long, env = "HAPPYLIFE_LAYOUT", value_parser = ["elder", "standard"])]
    pub layout: Option<String>,
    /// Freeze the clock at this moment (RFC 3339), for repeatable demos and
    /// screenshots: `2026-11-25T09:30:00+08:00`.
    #[arg(long, env = "HAPPYLIFE_CLOCK")]
    pub clock: Option<String>,
    /// The bank gateway to sync with (`http://127.0.0.1:8787`). Without it
    /// the app starts its own sandbox gateway in-process on 127.0.0.1, with
    /// the demo bank.
    #[arg(long, env = "HAPPYLIFE_SERVER")]
    pub server: Option<String>,
    /// The scam list's public key of the bank at `--server` (64 hex
    /// digits; `happylife-server` prints it at start). Without it, no list
    /// from that bank is trusted. The built-in gateway hands its own.
    #[arg(long, env = "HAPPYLIFE_LIST_KEY")]
    pub list_key: Option<String>,
    /// Whose phone this is, at the bank: the demo elder by default;
    /// `demo-daughter-0001` is her daughter (for trying family mode with
    /// two windows on one `--server`).
    #[arg(long, env = "HAPPYLIFE_CUSTOMER", default_value = happylife_core::accounts::demo::DEMO_CUSTOMER_ID)]
    pub customer: String,
    /// First run as on a new phone: bind it by hand (ID-card number, then
    /// the code the bank sends by SMS; a sandbox bank shows its SMS on the
    /// screen) instead of the testers' shortcut that binds `--customer`.
    #[arg(long, env = "HAPPYLIFE_BIND_BY_HAND")]
    pub bind_by_hand: bool,
}

/// What a launcher keeps alive while the window or page is open.
pub struct Launched {
    /// The companion.
    pub companion: Companion,
    /// Where it syncs.
    pub target: SyncTarget,
    /// The in-process sandbox gateway, when there is no `--server`.
    pub gateway: Option<happylife_server::Running>,
}

/// A start-up failure, in words.
#[derive(Debug, thiserror::Error)]
pub enum LaunchError {
    /// `--clock` is not an RFC 3339 moment.
    #[error("--clock must look like 2026-11-25T09:30:00+08:00")]
    BadClock,
    /// No data directory could be found.
    #[error("no data directory: pass --data-dir")]
    NoDataDir,
    /// The companion could not open at all.
    #[error("the app could not start: {0}")]
    Open(happylife_core::CompanionError),
    /// The sandbox gateway could not start.
    #[error("the sandbox bank could not start: {0}")]
    Gateway(String),
    /// `--list-key` is not 64 hex digits of a key.
    #[error("--list-key must be the 64 hex digits happylife-server prints")]
    BadListKey,
}

impl CommonArgs {
    /// The data directory: `--data-dir`, or the platform's data folder.
    pub fn data_dir(&self) -> Result<PathBuf, LaunchError> {
        if let Some(dir) = &self.data_dir {
            return Ok(dir.clone());
        }
        directories::BaseDirs::new()
            .map(|d| d.data_dir().join("happylife-companion"))
            .ok_or(LaunchError::NoDataDir)
    }

    /// Opens the companion as the arguments say, and starts the sandbox
    /// gateway unless `--server` names one.
    pub async fn open(&self) -> Result<Launched, LaunchError> {
        let clock: Arc<dyn Clock> = match &self.clock {
            None => Arc::new(happylife_core::SystemClock),
            Some(text) => {
                let at = chrono::DateTime::parse_from_rfc3339(text)
                    .map_err(|_| LaunchError::BadClock)?;
                Arc::new(FixedClock::new(at))
            }
        };
        let data_dir = self.data_dir()?;
        // The device's data comes from the bank by sync, never from a local seed.
        let options = OpenOptions {
            clock: clock.clone(),
            language: self.lang.clone(),
            demo_seed: None,
            keystore: None,
            voice_model: None,
        };
        let companion = Companion::open_with(&data_dir, options)
            .await
            .map_err(LaunchError::Open)?;
        if let Some(percent) = self.text_scale {
            companion
                .set_text_scale(percent)
                .await
                .map_err(LaunchError::Open)?;
        }
        if let Some(on) = self.high_contrast {
            companion
                .set_high_contrast(on)
                .await
                .map_err(LaunchError::Open)?;
        }
        if let Some(layout) = &self.layout {
            let layout = if layout == "standard" {
                happylife_core::settings::Layout::Standard
            } else {
                happylife_core::settings::Layout::Elder
            };
            companion
                .set_layout(layout)
                .await
                .map_err(LaunchError::Open)?;
        }
        let (server, gateway) = match &self.server {
            Some(url) => (url.clone(), None),
            None => {
                let gateway = start_sandbox(&data_dir, clock).await?;
                (gateway.url(), Some(gateway))
            }
        };
        let list_key = match (&self.list_key, &gateway) {
            (Some(key), _) => Some(key.clone()),
            (None, Some(g)) => Some(g.list_key_hex()),
            (None, None) => None,
        };
        if let Some(key) = list_key {
            companion
                .trust_list_key_hex(&key)
                .map_err(|_| LaunchError::BadListKey)?;
        }
        let target = SyncTarget {
            server,
            customer_id: (!self.bind_by_hand).then(|| self.customer.clone()),
            wake: Arc::new(tokio::sync::Notify::new()),
        };
        Ok(Launched {
            companion,
            target,
            gateway,
        })
    }
}

/// The in-process sandbox gateway: its SQLite file beside the app's data,
/// or in the temp folder when the data folder cannot be used.
/// Synthetic entries in the in-process sandbox bank's scam list: large
/// enough to be real work for the device, small enough for a quick start.
pub const SANDBOX_BLOCKLIST: u64 = 200_000;

async fn start_sandbox(
    data_dir: &std::path::Path,
    clock: Arc<dyn Clock>,
) -> Result<happylife_server::Running, LaunchError> {
    let fallback =
        std::env::temp_dir().join(format!("happylife-sandbox-{}.db", std::process::id()));
    let mut last = None;
    for file in [data_dir.join("sandbox-gateway.db"), fallback] {
        let config = happylife_server::Config {
            clock: clock.clone(),
            blocklist_size: SANDBOX_BLOCKLIST,
            ..happylife_server::Config::local(format!("sqlite://{}?mode=rwc", file.display()))
        };
        match happylife_server::start(config).await {
            Ok(running) => return Ok(running),
            Err(e) => last = Some(e),
        }
    }
    Err(LaunchError::Gateway(
        last.map(|e| e.to_string()).unwrap_or_default(),
    ))
}

/// Logs to stderr, `warn` by default (`RUST_LOG` to change). Log lines
/// never carry account numbers, names or amounts.
pub fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}
