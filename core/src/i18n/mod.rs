//! Plain-language text in three languages, from the Fluent files in
//! `locales/` (embedded in the binary at build time).
//!
//! Owns: the [`Language`] list, locale negotiation (what to show for
//! `zh-HK`, `en-GB`, `fr`...), and message lookup with fallback to 简体中文.
//! Output never carries Unicode isolation marks: the elder sees exactly the
//! text, and a screen reader reads it without stray characters.

pub mod format;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use fluent_langneg::{NegotiationStrategy, negotiate_languages};
use include_dir::{Dir, include_dir};
use serde::{Deserialize, Serialize};
use unic_langid::LanguageIdentifier;

static LOCALES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../locales");

/// The languages the companion speaks. 简体中文 is the default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Language {
    /// 简体中文 (default).
    #[default]
    ZhCn,
    /// 繁體中文.
    ZhTw,
    /// English.
    En,
}

impl Language {
    /// Every language, in the order the settings screen lists them.
    pub const ALL: [Language; 3] = [Language::ZhCn, Language::ZhTw, Language::En];

    /// The BCP 47 tag, also the folder name under `locales/`.
    pub fn tag(self) -> &'static str {
        match self {
            Language::ZhCn => "zh-CN",
            Language::ZhTw => "zh-TW",
            Language::En => "en",
        }
    }

    /// The language's own name for itself, shown on the settings screen so
    /// that an elder finds her language whatever is shown now.
    pub fn native_name(self) -> &'static str {
        match self {
            Language::ZhCn => "简体中文",
            Language::ZhTw => "繁體中文",
            Language::En => "English",
        }
    }

    /// Exactly one of our tags, or `None`.
    pub fn from_tag(tag: &str) -> Option<Language> {
        Language::ALL.into_iter().find(|l| l.tag() == tag)
    }

    /// The best of our languages for a requested locale (`zh-HK` → 繁體中文,
    /// `zh-SG` → 简体中文, `en-GB` → English). `None` when nothing matches
    /// (`fr`, `xx`, garbage): the caller falls back to the default and says so.
    pub fn negotiate(requested: &str) -> Option<Language> {
        use fluent_langneg::LanguageIdentifier as NegId;
        let requested =
            NegId::try_from_bytes(requested.trim().replace('_', "-").as_bytes()).ok()?;
        let available: Vec<NegId> = Language::ALL
            .iter()
            .filter_map(|l| NegId::try_from_bytes(l.tag().as_bytes()).ok())
            .collect();
        let chosen =
            negotiate_languages(&[requested], &available, None, NegotiationStrategy::Lookup);
        chosen
            .first()
            .and_then(|id| Language::from_tag(&id.to_string()))
    }
}

/// An argument to a message. Money and dates are formatted by the caller
/// (Fluent has no digit grouping); counts stay numbers for plural rules.
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    /// Text inserted as is.
    Str(String),
    /// A number, for plural selection (`1 transaction` / `2 transactions`).
    Num(i64),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Str(s.to_string())
    }
}
impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Str(s)
    }
}
impl From<i64> for Arg {
    fn from(n: i64) -> Self {
        Arg::Num(n)
    }
}

/// Why the embedded text could not be loaded. Only a broken build can cause
/// it; the tests load every file.
#[derive(Debug, thiserror::Error)]
pub enum I18nError {
    /// A `.ftl` file has a syntax error.
    #[error("{file}: Fluent syntax error")]
    Syntax {
        /// The file, relative to `locales/`.
        file: String,
    },
    /// Two files define the same message id.
    #[error("{file}: duplicate message id")]
    Duplicate {
        /// The file, relative to `locales/`.
        file: String,
    },
    /// A locale folder is missing.
    #[error("locale folder {0} missing")]
    MissingLocale(&'static str),
}

/// All bundles, ready to format. Cheap to share behind an `Arc`.
pub struct I18n {
    bundles: Vec<(Language, FluentBundle<FluentResource>)>,
}

impl std::fmt::Debug for I18n {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("I18n").finish_non_exhaustive()
    }
}

impl I18n {
    /// Loads the Fluent files embedded from `locales/`.
    pub fn embedded() -> Result<I18n, I18nError> {
        let mut bundles = Vec::new();
        for lang in Language::ALL {
            let dir = LOCALES
                .get_dir(lang.tag())
                .ok_or(I18nError::MissingLocale(lang.tag()))?;
            let langid: LanguageIdentifier = lang
                .tag()
                .parse()
                .map_err(|_| I18nError::MissingLocale(lang.tag()))?;
            let mut bundle = FluentBundle::new_concurrent(vec![langid]);
            bundle.set_use_isolating(false);
            let mut files: Vec<_> = dir
                .files()
                .filter(|f| f.path().extension().is_some_and(|e| e == "ftl"))
                .collect();
            files.sort_by_key(|f| f.path());
            for file in files {
                let name = file.path().display().to_string();
                let text = file
                    .contents_utf8()
                    .ok_or_else(|| I18nError::Syntax { file: name.clone() })?;
                let resource = FluentResource::try_new(text.to_string())
                    .map_err(|_| I18nError::Syntax { file: name.clone() })?;
                bundle
                    .add_resource(resource)
                    .map_err(|_| I18nError::Duplicate { file: name })?;
            }
            bundles.push((lang, bundle));
        }
        Ok(I18n { bundles })
    }

    fn bundle(&self, lang: Language) -> Option<&FluentBundle<FluentResource>> {
        self.bundles
            .iter()
            .find(|(l, _)| *l == lang)
            .map(|(_, b)| b)
    }

    /// True when `lang` itself (not a fallback) has the message.
    pub fn has(&self, lang: Language, id: &str) -> bool {
        self.bundle(lang).is_some_and(|b| b.has_message(id))
    }

    /// Every message id of a language, sorted (for completeness checks).
    pub fn message_ids(&self, lang: Language) -> Vec<String> {
        let Some(dir) = LOCALES.get_dir(lang.tag()) else {
            return Vec::new();
        };
        let mut ids = Vec::new();
        for file in dir.files() {
            let Some(text) = file.contents_utf8() else {
                continue;
            };
            for line in text.lines() {
                let Some((id, _)) = line.split_once(" =") else {
                    continue;
                };
                if !id.is_empty()
                    && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                    && id.starts_with(|c: char| c.is_ascii_lowercase())
                {
                    ids.push(id.to_string());
                }
            }
        }
        ids.sort();
        ids
    }

    /// The message `id` in `lang`, falling back to 简体中文, then to the id
    /// itself (which a test forbids for every id the app uses).
    pub fn tr(&self, lang: Language, id: &str) -> String {
        self.tr_args(lang, id, &[])
    }

    /// The message `id` with arguments.
    pub fn tr_args(&self, lang: Language, id: &str, args: &[(&str, Arg)]) -> String {
        let mut fargs = FluentArgs::new();
        for (name, value) in args {
            match value {
                Arg::Str(s) => fargs.set(*name, FluentValue::from(s.as_str())),
                Arg::Num(n) => fargs.set(*name, FluentValue::from(*n)),
            }
        }
        for candidate in [lang, Language::ZhCn] {
            let Some(bundle) = self.bundle(candidate) else {
                continue;
            };
            let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
                continue;
            };
            let mut errors = Vec::new();
            let text = bundle.format_pattern(pattern, Some(&fargs), &mut errors);
            if errors.is_empty() {
                return text.into_owned();
            }
            tracing::warn!(id, lang = candidate.tag(), "message formatted with errors");
        }
        tracing::warn!(id, lang = lang.tag(), "message missing");
        id.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn i18n() -> I18n {
        I18n::embedded().expect("embedded locales load")
    }

    #[test]
    fn every_language_has_every_message_of_the_default() {
        let i18n = i18n();
        let base = i18n.message_ids(Language::ZhCn);
        assert!(base.len() > 40, "zh-CN has {} messages", base.len());
        for lang in [Language::ZhTw, Language::En] {
            let missing: Vec<_> = base.iter().filter(|id| !i18n.has(lang, id)).collect();
            assert!(missing.is_empty(), "{} lacks {missing:?}", lang.tag());
            let extra: Vec<_> = i18n
                .message_ids(lang)
                .into_iter()
                .filter(|id| !i18n.has(Language::ZhCn, id))
                .collect();
            assert!(
                extra.is_empty(),
                "{} has ids zh-CN lacks: {extra:?}",
                lang.tag()
            );
        }
    }

    #[test]
    fn no_isolation_marks_around_arguments() {
        let i18n = i18n();
        for lang in Language::ALL {
            let text = i18n.tr_args(
                lang,
                "home-greeting",
                &[("name", "王秀兰".into()), ("part", "morning".into())],
            );
            assert!(text.contains("王秀兰"), "{text}");
            assert!(
                !text.contains('\u{2068}') && !text.contains('\u{2069}'),
                "{text:?}"
            );
        }
    }

    #[test]
    fn three_languages_differ() {
        let i18n = i18n();
        let t: Vec<_> = Language::ALL
            .iter()
            .map(|l| i18n.tr(*l, "tile-balance"))
            .collect();
        assert_eq!(t[0], "余额");
        assert_eq!(t[2], "Balance");
        assert_ne!(t[0], t[2]);
    }

    #[test]
    fn english_plural_follows_the_count() {
        let i18n = i18n();
        let one = i18n.tr_args(Language::En, "txn-count", &[("count", 1.into())]);
        let many = i18n.tr_args(Language::En, "txn-count", &[("count", 1500.into())]);
        assert_eq!(one, "1 transaction");
        assert_eq!(many, "1500 transactions");
    }

    #[test]
    fn unknown_id_falls_back_to_the_id_not_a_panic() {
        assert_eq!(
            i18n().tr(Language::En, "no-such-message"),
            "no-such-message"
        );
    }

    #[test]
    fn negotiation_maps_regions_and_scripts() {
        assert_eq!(Language::negotiate("zh-CN"), Some(Language::ZhCn));
        assert_eq!(Language::negotiate("zh-TW"), Some(Language::ZhTw));
        assert_eq!(Language::negotiate("zh-HK"), Some(Language::ZhTw));
        assert_eq!(Language::negotiate("zh-Hant"), Some(Language::ZhTw));
        assert_eq!(Language::negotiate("zh-SG"), Some(Language::ZhCn));
        assert_eq!(Language::negotiate("zh"), Some(Language::ZhCn));
        assert_eq!(Language::negotiate("en-GB"), Some(Language::En));
        assert_eq!(Language::negotiate("en_US"), Some(Language::En));
        assert_eq!(Language::negotiate("fr"), None);
        assert_eq!(Language::negotiate("not a locale!"), None);
        assert_eq!(Language::negotiate(""), None);
    }
}
