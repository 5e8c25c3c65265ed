//! What both launchers share: the command line, the data directory, and
//! opening the [`Companion`] with a plain message when that fails.

use happylife_core::{Clock, Companion, FixedClock, OpenOptions};
use std::path::PathBuf;
use std::sync::Arc;

/// Options common to the desktop and liveview launchers.
#[derive(Debug, Clone, clap::Args)]
pub struct CommonArgs {
    /// Where the app keeps its data (default: the user's data folder).
    #[arg(long, env = "HAPPYLIFE_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// Language for this start and after (zh-CN, zh-TW, en; zh-HK → zh-TW).
    #[arg(long, env = "HAPPYLIFE_LANG")]
    pub lang: Option<String>,
    /// Freeze the clock at this moment (RFC 3339), for repeatable demos and
    /// screenshots: `2026-11-25T09:30:00+08:00`.
    #[arg(long, env = "HAPPYLIFE_CLOCK")]
    pub clock: Option<String>,
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

    /// Opens the companion as the arguments say.
    pub async fn open(&self) -> Result<Companion, LaunchError> {
        let clock: Arc<dyn Clock> = match &self.clock {
            None => Arc::new(happylife_core::SystemClock),
            Some(text) => {
                let at = chrono::DateTime::parse_from_rfc3339(text)
                    .map_err(|_| LaunchError::BadClock)?;
                Arc::new(FixedClock::new(at))
            }
        };
        let options = OpenOptions {
            clock,
            language: self.lang.clone(),
            ..OpenOptions::default()
        };
        Companion::open_with(self.data_dir()?, options)
            .await
            .map_err(LaunchError::Open)
    }
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

/// The page title of both launchers.
pub const WINDOW_TITLE: &str = "幸福生活 · HappyLife";
