//! Money in integer minor units (fen) with a currency. Never floats.
//!
//! Owns: the `Money` type, its checked arithmetic, the grouped display form
//! (`¥12,345.60`) and parsing of what an elder types on the keypad.

use num_format::{Locale, ToFormattedString};
use serde::{Deserialize, Serialize};

/// The currencies the companion knows. Only renminbi today; the type keeps
/// amounts of different currencies from being added by mistake.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Currency {
    /// Chinese yuan renminbi; minor unit fen (1/100 yuan).
    Cny,
}

impl Currency {
    /// ISO 4217 code, as stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            Currency::Cny => "CNY",
        }
    }

    /// Parses an ISO 4217 code.
    pub fn from_code(code: &str) -> Result<Self, MoneyError> {
        match code {
            "CNY" => Ok(Currency::Cny),
            _ => Err(MoneyError::UnknownCurrency),
        }
    }

    fn symbol(self) -> &'static str {
        match self {
            Currency::Cny => "¥",
        }
    }
}

/// Why an amount could not be made or combined.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    /// Two amounts of different currencies were combined.
    #[error("currency mismatch")]
    CurrencyMismatch,
    /// The result does not fit in 64-bit fen.
    #[error("amount overflow")]
    Overflow,
    /// Typed text is not an amount (letters, three decimals, empty...).
    #[error("not an amount")]
    NotAnAmount,
    /// A currency code this build does not know.
    #[error("unknown currency")]
    UnknownCurrency,
}

impl MoneyError {
    /// Fluent message id of the plain-language explanation.
    pub fn message_id(&self) -> &'static str {
        match self {
            MoneyError::CurrencyMismatch => "error-money-currency",
            MoneyError::Overflow => "error-money-overflow",
            MoneyError::NotAnAmount => "error-money-not-amount",
            MoneyError::UnknownCurrency => "error-money-currency",
        }
    }
}

/// An amount of money: signed integer fen plus its currency.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    fen: i64,
    currency: Currency,
}

impl Money {
    /// An amount in fen of the given currency.
    pub const fn from_fen(fen: i64, currency: Currency) -> Self {
        Money { fen, currency }
    }

    /// An amount in renminbi fen.
    pub const fn cny(fen: i64) -> Self {
        Money::from_fen(fen, Currency::Cny)
    }

    /// Zero renminbi.
    pub const fn zero() -> Self {
        Money::cny(0)
    }

    /// The amount in fen (signed).
    pub const fn fen(self) -> i64 {
        self.fen
    }

    /// The currency of this amount.
    pub const fn currency(self) -> Currency {
        self.currency
    }

    /// True when the amount is below zero (money out, or debt).
    pub const fn is_negative(self) -> bool {
        self.fen < 0
    }

    /// The same amount without its sign. Saturates at `i64::MAX` fen.
    pub fn abs(self) -> Self {
        Money::from_fen(self.fen.saturating_abs(), self.currency)
    }

    /// Adds two amounts of the same currency.
    pub fn checked_add(self, other: Money) -> Result<Money, MoneyError> {
        if self.currency != other.currency {
            return Err(MoneyError::CurrencyMismatch);
        }
        self.fen
            .checked_add(other.fen)
            .map(|fen| Money::from_fen(fen, self.currency))
            .ok_or(MoneyError::Overflow)
    }

    /// Subtracts an amount of the same currency.
    pub fn checked_sub(self, other: Money) -> Result<Money, MoneyError> {
        if self.currency != other.currency {
            return Err(MoneyError::CurrencyMismatch);
        }
        self.fen
            .checked_sub(other.fen)
            .map(|fen| Money::from_fen(fen, self.currency))
            .ok_or(MoneyError::Overflow)
    }

    /// The grouped display form: `¥12,345.60`, `-¥12.00`.
    pub fn format_grouped(self) -> String {
        let sign = if self.fen < 0 { "-" } else { "" };
        let abs = self.fen.unsigned_abs();
        let yuan = abs / 100;
        let fen = abs % 100;
        format!(
            "{sign}{}{}.{fen:02}",
            self.currency.symbol(),
            yuan.to_formatted_string(&Locale::en)
        )
    }

    /// The grouped form with an explicit sign, for money in and out:
    /// `+¥4,860.00`, `-¥35.20`. The sign is a cue that does not rely on colour.
    pub fn format_signed(self) -> String {
        if self.fen > 0 {
            format!("+{}", self.format_grouped())
        } else {
            self.format_grouped()
        }
    }

    /// The amount in Chinese capital numerals, as banks write it on a
    /// confirmation (大写金额): `¥1,200.00` → `壹仟贰佰元整`, `¥0.05` → `伍分`,
    /// `¥1,005.30` → `壹仟零伍元叁角整`. `traditional` gives 繁體 forms
    /// (貳, 萬, 億).
    pub fn capital_words(self, traditional: bool) -> String {
        use chinese_number::{ChineseCase, ChineseVariant, from_u64_to_chinese_ten_thousand};
        let variant = if traditional {
            ChineseVariant::Traditional
        } else {
            ChineseVariant::Simple
        };
        // Bank slips always write the leading 壹 of 10–19 (壹拾, not 拾).
        let digit = |d: u64| {
            let words = from_u64_to_chinese_ten_thousand(variant, ChineseCase::Upper, d);
            let words = words.replace("零拾", "零壹拾");
            if words.starts_with('拾') {
                format!("壹{words}")
            } else {
                words
            }
        };
        let abs = self.fen.unsigned_abs();
        let (yuan, jiao, fen) = (abs / 100, abs / 10 % 10, abs % 10);
        let mut out = String::new();
        if self.fen < 0 {
            out.push_str(if traditional { "負" } else { "负" });
        }
        if yuan > 0 {
            out.push_str(&digit(yuan));
            out.push('元');
        }
        match (jiao, fen) {
            (0, 0) if yuan == 0 => out.push_str("零元整"),
            (0, 0) => out.push('整'),
            (0, f) => {
                if yuan > 0 {
                    out.push('零');
                }
                out.push_str(&digit(f));
                out.push('分');
            }
            (j, 0) => {
                out.push_str(&digit(j));
                out.push_str("角整");
            }
            (j, f) => {
                out.push_str(&digit(j));
                out.push('角');
                out.push_str(&digit(f));
                out.push('分');
            }
        }
        out
    }

    /// Parses an amount in yuan as typed: `1200`, `1,200.5`, `¥1200.50`.
    /// At most two decimals; no sign; no letters.
    pub fn parse_cny(text: &str) -> Result<Money, MoneyError> {
        let cleaned: String = text
            .trim()
            .trim_start_matches(['¥', '￥'])
            .chars()
            .filter(|c| *c != ',' && *c != '，' && !c.is_whitespace())
            .collect();
        let (int_part, frac_part) = match cleaned.split_once('.') {
            Some((i, f)) => (i, f),
            None => (cleaned.as_str(), ""),
        };
        let digits_only = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        if int_part.is_empty() || !digits_only(int_part) || !digits_only(frac_part) {
            return Err(MoneyError::NotAnAmount);
        }
        if frac_part.len() > 2 {
            return Err(MoneyError::NotAnAmount);
        }
        let yuan: i64 = int_part.parse().map_err(|_| MoneyError::Overflow)?;
        let mut fen_text = frac_part.to_string();
        while fen_text.len() < 2 {
            fen_text.push('0');
        }
        let fen: i64 = fen_text.parse().map_err(|_| MoneyError::NotAnAmount)?;
        yuan.checked_mul(100)
            .and_then(|v| v.checked_add(fen))
            .map(Money::cny)
            .ok_or(MoneyError::Overflow)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capital_words_read_like_a_bank_slip() {
        let w = |fen: i64| Money::cny(fen).capital_words(false);
        assert_eq!(w(120_000), "壹仟贰佰元整");
        assert_eq!(w(50_000), "伍佰元整");
        assert_eq!(w(5), "伍分");
        assert_eq!(w(50), "伍角整");
        assert_eq!(w(0), "零元整");
        assert_eq!(w(100_530), "壹仟零伍元叁角整");
        assert_eq!(w(100_553), "壹仟零伍元伍角叁分");
        assert_eq!(w(100_500), "壹仟零伍元整");
        assert_eq!(w(100_503), "壹仟零伍元零叁分");
        assert_eq!(w(1_000), "壹拾元整");
        assert_eq!(w(101_000), "壹仟零壹拾元整");
        assert_eq!(w(1_500_000), "壹万伍仟元整");
        assert_eq!(w(10_000_000), "壹拾万元整");
        assert_eq!(w(12_345_678_900), "壹亿贰仟叁佰肆拾伍万陆仟柒佰捌拾玖元整");
        assert_eq!(w(100_000_100), "壹佰万零壹元整");
        assert_eq!(w(-35_20), "负叁拾伍元贰角整");
        assert_eq!(Money::cny(2_000_000).capital_words(true), "貳萬元整");
    }

    #[test]
    fn groups_thousands_and_always_shows_fen() {
        assert_eq!(Money::cny(1_234_560).format_grouped(), "¥12,345.60");
        assert_eq!(Money::cny(5).format_grouped(), "¥0.05");
        assert_eq!(Money::cny(0).format_grouped(), "¥0.00");
        assert_eq!(
            Money::cny(12_345_678_901).format_grouped(),
            "¥123,456,789.01"
        );
        assert_eq!(Money::cny(-1_200).format_grouped(), "-¥12.00");
    }

    #[test]
    fn signed_form_marks_income_and_spending() {
        assert_eq!(Money::cny(486_000).format_signed(), "+¥4,860.00");
        assert_eq!(Money::cny(-3_520).format_signed(), "-¥35.20");
        assert_eq!(Money::cny(0).format_signed(), "¥0.00");
    }

    #[test]
    fn i64_min_does_not_panic() {
        let m = Money::cny(i64::MIN);
        assert!(m.format_grouped().starts_with("-¥92,233,720,368,547,758"));
        assert_eq!(m.abs().fen(), i64::MAX);
    }

    #[test]
    fn arithmetic_is_checked() {
        assert_eq!(
            Money::cny(100).checked_add(Money::cny(250)),
            Ok(Money::cny(350))
        );
        assert_eq!(
            Money::cny(100).checked_sub(Money::cny(250)),
            Ok(Money::cny(-150))
        );
        assert_eq!(
            Money::cny(i64::MAX).checked_add(Money::cny(1)),
            Err(MoneyError::Overflow)
        );
        assert_eq!(
            Money::cny(i64::MIN).checked_sub(Money::cny(1)),
            Err(MoneyError::Overflow)
        );
    }

    #[test]
    fn parses_what_an_elder_types() {
        assert_eq!(Money::parse_cny("1200"), Ok(Money::cny(120_000)));
        assert_eq!(Money::parse_cny(" ¥1,200.5 "), Ok(Money::cny(120_050)));
        assert_eq!(Money::parse_cny("￥0.05"), Ok(Money::cny(5)));
        assert_eq!(Money::parse_cny("12.345"), Err(MoneyError::NotAnAmount));
        assert_eq!(Money::parse_cny("-5"), Err(MoneyError::NotAnAmount));
        assert_eq!(Money::parse_cny("五百"), Err(MoneyError::NotAnAmount));
        assert_eq!(Money::parse_cny(""), Err(MoneyError::NotAnAmount));
        assert_eq!(Money::parse_cny(".5"), Err(MoneyError::NotAnAmount));
        assert_eq!(
            Money::parse_cny("99999999999999999999"),
            Err(MoneyError::Overflow)
        );
    }

    #[test]
    fn round_trips_through_display() {
        for fen in [0, 1, 99, 100, 123_456, 987_654_321] {
            let m = Money::cny(fen);
            assert_eq!(Money::parse_cny(&m.format_grouped()), Ok(m));
        }
    }

    #[test]
    fn currency_codes_round_trip() {
        assert_eq!(Currency::from_code(Currency::Cny.code()), Ok(Currency::Cny));
        assert_eq!(Currency::from_code("XYZ"), Err(MoneyError::UnknownCurrency));
    }
}
