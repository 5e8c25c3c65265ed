//! The elder's display settings: language, text size, high contrast.
//!
//! Owns: the allowed values (text size 100 %–200 % in steps of 10), how they
//! are stored (one row per key in `settings`, last writer wins, with the
//! time of the change), and what happens to a stored value that is out of
//! range (the default is used and the elder is told, the row is left as is
//! until she changes the setting).

mod facade;

use crate::clock::Clock;
use crate::i18n::Language;
use crate::store::{Store, StoreError};
use serde::{Deserialize, Serialize};

/// Text size as a percentage of the elder-mode base size (24 px body text).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct TextScale(u16);

impl TextScale {
    /// Smallest allowed: the elder-mode base itself.
    pub const MIN: u16 = 100;
    /// Largest allowed.
    pub const MAX: u16 = 200;
    /// One tap of 放大 / 缩小.
    pub const STEP: u16 = 10;
    /// The size a new install starts with.
    pub const DEFAULT: TextScale = TextScale(100);

    /// A scale in percent; out-of-range values are an error, never clamped
    /// silently.
    pub fn new(percent: u16) -> Result<TextScale, SettingsError> {
        if (Self::MIN..=Self::MAX).contains(&percent) {
            Ok(TextScale(percent))
        } else {
            Err(SettingsError::TextScaleOutOfRange {
                value: i64::from(percent),
            })
        }
    }

    /// The percentage.
    pub fn percent(self) -> u16 {
        self.0
    }

    /// One step bigger, or `None` at the maximum.
    pub fn bigger(self) -> Option<TextScale> {
        TextScale::new(self.0 + Self::STEP).ok()
    }

    /// One step smaller, or `None` at the minimum.
    pub fn smaller(self) -> Option<TextScale> {
        self.0
            .checked_sub(Self::STEP)
            .and_then(|p| TextScale::new(p).ok())
    }
}

impl Default for TextScale {
    fn default() -> Self {
        TextScale::DEFAULT
    }
}

/// The display settings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// Language of every screen.
    pub language: Language,
    /// Text size.
    pub text_scale: TextScale,
    /// Yellow-on-black high-contrast theme.
    pub high_contrast: bool,
    /// 幸福生活 (elder) or the standard layout. Belongs to this phone only.
    #[serde(default)]
    pub layout: Layout,
    /// How the app speaks (说慢一点, 大声一点). Belongs to this phone only.
    #[serde(default)]
    pub speech: SpeechStyle,
}

/// How fast and how loud the app's voice is, in percent: the pace of the
/// voice's usual speed (already a little slow for her), the loudness of
/// the voice's loudest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpeechStyle {
    /// 55–100 (% of the usual pace).
    pub pace: u8,
    /// 60–100 (% of the loudest).
    pub loudness: u8,
}

impl SpeechStyle {
    /// Slowest pace.
    pub const MIN_PACE: u8 = 55;
    /// One 说慢一点.
    pub const PACE_STEP: u8 = 15;
    /// Quietest.
    pub const MIN_LOUDNESS: u8 = 60;
    /// One 大声一点.
    pub const LOUDNESS_STEP: u8 = 10;

    /// One step slower, or `None` at the slowest.
    pub fn slower(self) -> Option<SpeechStyle> {
        (self.pace > Self::MIN_PACE).then(|| SpeechStyle {
            pace: self
                .pace
                .saturating_sub(Self::PACE_STEP)
                .max(Self::MIN_PACE),
            ..self
        })
    }

    /// One step louder, or `None` at the loudest.
    pub fn louder(self) -> Option<SpeechStyle> {
        (self.loudness < 100).then(|| SpeechStyle {
            loudness: (self.loudness + Self::LOUDNESS_STEP).min(100),
            ..self
        })
    }

    /// The pace as a factor (1.0: the voice's usual).
    pub fn rate(self) -> f32 {
        f32::from(self.pace) / 100.0
    }

    /// The loudness as a factor (1.0: the loudest).
    pub fn volume(self) -> f32 {
        f32::from(self.loudness) / 100.0
    }

    fn stored(self) -> String {
        format!("{}/{}", self.pace, self.loudness)
    }

    fn from_stored(s: &str) -> Option<SpeechStyle> {
        let (pace, loudness) = s.split_once('/')?;
        let style = SpeechStyle {
            pace: pace.parse().ok()?,
            loudness: loudness.parse().ok()?,
        };
        ((Self::MIN_PACE..=100).contains(&style.pace)
            && (Self::MIN_LOUDNESS..=100).contains(&style.loudness))
        .then_some(style)
    }
}

impl Default for SpeechStyle {
    fn default() -> Self {
        SpeechStyle {
            pace: 100,
            loudness: 80,
        }
    }
}

/// Which layout the app shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Layout {
    /// 幸福生活版 (also called 长辈版, 关怀版, 亲情版, 大字版): large text, big
    /// targets, one task per screen.
    #[default]
    Elder,
    /// The standard layout: smaller text, denser screens.
    Standard,
}

impl Layout {
    /// Stable code (stored).
    pub fn code(self) -> &'static str {
        match self {
            Layout::Elder => "elder",
            Layout::Standard => "standard",
        }
    }
}

/// From this age a customer on the standard layout is offered the 幸福生活
/// layout (once, on login).
pub const ELDER_OFFER_AGE: u32 = 55;

/// Whether to offer the 幸福生活 layout now.
pub fn should_offer_elder_mode(layout: Layout, age: Option<u32>, offered_before: bool) -> bool {
    layout == Layout::Standard && !offered_before && age.is_some_and(|a| a >= ELDER_OFFER_AGE)
}

/// Why a setting could not be changed or read.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    /// A text size outside 100 %–200 %.
    #[error("text scale {value}% out of range")]
    TextScaleOutOfRange {
        /// What was asked for.
        value: i64,
    },
    /// The store failed or is read-only.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A stored setting that could not be used, so the default was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SettingsNotice {
    /// The stored text size is out of range.
    TextScaleOutOfRange {
        /// The stored value, as text (it may not even be a number).
        stored: String,
    },
}

const KEY_LANGUAGE: &str = "language";
const KEY_TEXT_SCALE: &str = "text_scale";
const KEY_HIGH_CONTRAST: &str = "high_contrast";
/// Stored key of the layout (device only, never sent to the bank).
pub const KEY_LAYOUT: &str = "layout";
/// The `settings` row of the voice's pace and loudness (`100/80`).
pub const KEY_SPEECH: &str = "speech";

/// Loads the settings; bad stored values give the default and a notice.
pub async fn load(store: &Store) -> Result<(Settings, Vec<SettingsNotice>), StoreError> {
    let rows: Vec<(String, String)> = sqlx::query_as("SELECT key, value FROM settings")
        .fetch_all(store.pool())
        .await?;
    let mut settings = Settings::default();
    let mut notices = Vec::new();
    for (key, value) in rows {
        match key.as_str() {
            KEY_LANGUAGE => {
                settings.language = Language::from_tag(&value).unwrap_or_default();
            }
            KEY_TEXT_SCALE => match value.parse::<u16>().ok().map(TextScale::new) {
                Some(Ok(scale)) => settings.text_scale = scale,
                _ => notices.push(SettingsNotice::TextScaleOutOfRange { stored: value }),
            },
            KEY_HIGH_CONTRAST => settings.high_contrast = value == "1",
            KEY_LAYOUT => {
                settings.layout = if value == "standard" {
                    Layout::Standard
                } else {
                    Layout::Elder
                }
            }
            // Out of range (an older or damaged row): the usual voice.
            KEY_SPEECH => settings.speech = SpeechStyle::from_stored(&value).unwrap_or_default(),
            _ => {}
        }
    }
    Ok((settings, notices))
}

/// A change of one setting, as stored and as sent to the bank.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// The language.
    Language(Language),
    /// The text size.
    TextScale(TextScale),
    /// High contrast on or off.
    HighContrast(bool),
}

impl SpeechStyle {
    /// The row as kept in `settings`.
    pub(crate) fn row(self) -> String {
        self.stored()
    }
}

impl Change {
    /// The stored key.
    pub fn key(self) -> &'static str {
        match self {
            Change::Language(_) => KEY_LANGUAGE,
            Change::TextScale(_) => KEY_TEXT_SCALE,
            Change::HighContrast(_) => KEY_HIGH_CONTRAST,
        }
    }

    /// The stored value.
    pub fn value(self) -> String {
        match self {
            Change::Language(l) => l.tag().to_string(),
            Change::TextScale(t) => t.percent().to_string(),
            Change::HighContrast(on) => if on { "1" } else { "0" }.to_string(),
        }
    }

    /// Applies the change to settings in memory.
    pub fn apply_to(self, settings: &mut Settings) {
        match self {
            Change::Language(l) => settings.language = l,
            Change::TextScale(t) => settings.text_scale = t,
            Change::HighContrast(on) => settings.high_contrast = on,
        }
    }
}

/// Stores a change inside the caller's transaction (last writer wins, with
/// the time of the change).
pub async fn put(
    conn: &mut sqlx::SqliteConnection,
    clock: &dyn Clock,
    change: Change,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) \
         ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
    )
    .bind(change.key())
    .bind(change.value())
    .bind(clock.now().timestamp())
    .execute(conn)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_elder_layout_is_offered_once_from_55_on_the_standard_layout() {
        use super::{Layout, should_offer_elder_mode as offer};
        assert!(offer(Layout::Standard, Some(55), false));
        assert!(offer(Layout::Standard, Some(72), false));
        assert!(!offer(Layout::Standard, Some(54), false), "too young");
        assert!(!offer(Layout::Standard, Some(72), true), "only once");
        assert!(!offer(Layout::Elder, Some(72), false), "already on it");
        assert!(!offer(Layout::Standard, None, false), "age not known yet");
    }

    use super::*;

    #[test]
    fn text_scale_steps_stay_inside_the_range() {
        assert!(TextScale::new(99).is_err());
        assert!(TextScale::new(201).is_err());
        let max = TextScale::new(200).unwrap();
        assert_eq!(max.bigger(), None);
        assert_eq!(TextScale::DEFAULT.smaller(), None);
        assert_eq!(
            TextScale::DEFAULT.bigger().map(TextScale::percent),
            Some(110)
        );
    }
}
