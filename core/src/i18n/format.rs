//! Dates, times and "when" phrases in the elder's language.

use super::{Arg, I18n, Language};
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Timelike};

/// A count with thousands grouped: `200,016`.
pub fn grouped(n: u64) -> String {
    use num_format::{Locale, ToFormattedString};
    n.to_formatted_string(&Locale::en)
}

impl I18n {
    /// A calendar date: `2026年11月25日`, `25/11/2026`.
    pub fn date(&self, lang: Language, date: NaiveDate) -> String {
        self.tr_args(
            lang,
            "date-ymd",
            &[
                ("year", Arg::Str(date.year().to_string())),
                ("month", Arg::Str(date.month().to_string())),
                ("day", Arg::Str(date.day().to_string())),
            ],
        )
    }

    /// A short date without the year: `11月25日`.
    pub fn date_short(&self, lang: Language, date: NaiveDate) -> String {
        self.tr_args(
            lang,
            "date-md",
            &[
                ("month", Arg::Str(date.month().to_string())),
                ("day", Arg::Str(date.day().to_string())),
            ],
        )
    }

    /// When something happened, relative to `now`: `今天 10:32`,
    /// `昨天 18:05`, `11月20日 18:05`.
    pub fn when(
        &self,
        lang: Language,
        at: DateTime<FixedOffset>,
        now: DateTime<FixedOffset>,
    ) -> String {
        let at = at.with_timezone(now.offset());
        let time = format!("{:02}:{:02}", at.hour(), at.minute());
        let days = (now.date_naive() - at.date_naive()).num_days();
        match days {
            0 => self.tr_args(lang, "when-today", &[("time", time.into())]),
            1 => self.tr_args(lang, "when-yesterday", &[("time", time.into())]),
            _ => self.tr_args(
                lang,
                "when-date",
                &[
                    ("month", Arg::Str(at.month().to_string())),
                    ("day", Arg::Str(at.day().to_string())),
                    ("time", time.into()),
                ],
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::{Clock, FixedClock};

    #[test]
    fn when_says_today_yesterday_or_the_date() {
        let i18n = I18n::embedded().unwrap();
        let now = FixedClock::at(2026, 11, 25, 10, 40).unwrap().now();
        let at = |d, h, m| FixedClock::at(2026, 11, d, h, m).unwrap().now();
        assert_eq!(i18n.when(Language::ZhCn, at(25, 10, 32), now), "今天 10:32");
        assert_eq!(i18n.when(Language::ZhCn, at(24, 18, 5), now), "昨天 18:05");
        assert_eq!(
            i18n.when(Language::ZhCn, at(20, 18, 5), now),
            "11月20日 18:05"
        );
        assert_eq!(
            i18n.when(Language::En, at(24, 18, 5), now),
            "yesterday 18:05"
        );
        assert_eq!(
            i18n.date(Language::ZhTw, now.date_naive()),
            "2026年11月25日"
        );
        assert_eq!(i18n.date(Language::En, now.date_naive()), "25/11/2026");
    }
}
