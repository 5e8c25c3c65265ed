//! Wealth products and suitability (适当性): what the bank may sell to whom.
//!
//! Owns: the product risk levels PR1–PR5 and the customer's risk profile
//! C1–C5 in words, the five-question risk questionnaire and its scoring,
//! and the suitability rule the device explains and the bank enforces with
//! this same code:
//! - a customer aged [`ELDER_CAP_AGE`] or more cannot buy above PR2 (the
//!   rule's "65岁以上" includes 65: in Chinese legal usage 以上 includes the
//!   number itself);
//! - a product above her own risk profile cannot be bought;
//! - without a current profile (answered in the last year), nothing can be
//!   bought, PR1 included (百分百落实风险测评);
//! - products for 60+ only (elder deposits) are shown only to customers
//!   aged [`ELDER_PRODUCT_AGE`] and over.
//!
//! Files: `mod.rs` rules; `store.rs` the device's tables.

mod facade;
pub mod store;

pub use facade::Offer;

use crate::i18n::Language;
use crate::money::Money;

/// From this age on (65 included), nothing above PR2 is sold (the reason
/// is said kindly).
pub const ELDER_CAP_AGE: u32 = 65;
/// The highest level a customer of [`ELDER_CAP_AGE`] or more may buy.
pub const ELDER_CAP_LEVEL: u8 = 2;
/// The age floor of elder-only products.
pub const ELDER_PRODUCT_AGE: u32 = 60;
/// A risk profile is current for a year.
pub const PROFILE_VALID_SECS: i64 = 365 * 24 * 3600;

/// A product's risk level, PR1 (lowest) to PR5.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RiskLevel(u8);

impl RiskLevel {
    /// PR`n`, when `n` is 1–5.
    pub fn new(n: i64) -> Option<RiskLevel> {
        u8::try_from(n)
            .ok()
            .filter(|n| (1..=5).contains(n))
            .map(RiskLevel)
    }

    /// 1–5.
    pub fn number(self) -> u8 {
        self.0
    }

    /// `PR3`.
    pub fn label(self) -> String {
        format!("PR{}", self.0)
    }

    /// Fluent id of the level in words (PR1 低风险 …).
    pub fn message_id(self) -> &'static str {
        ["risk-pr1", "risk-pr2", "risk-pr3", "risk-pr4", "risk-pr5"][usize::from(self.0 - 1)]
    }
}

/// The customer's own risk profile, C1 (conservative) to C5.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Profile(u8);

impl Profile {
    /// C`n`, when `n` is 1–5.
    pub fn new(n: i64) -> Option<Profile> {
        u8::try_from(n)
            .ok()
            .filter(|n| (1..=5).contains(n))
            .map(Profile)
    }

    /// 1–5.
    pub fn number(self) -> u8 {
        self.0
    }

    /// Fluent id of the profile in words (保守型 …).
    pub fn message_id(self) -> &'static str {
        [
            "profile-c1",
            "profile-c2",
            "profile-c3",
            "profile-c4",
            "profile-c5",
        ][usize::from(self.0 - 1)]
    }

    /// The highest product level this profile allows.
    pub fn allows(self) -> RiskLevel {
        RiskLevel(self.0)
    }
}

/// What kind of product.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProductKind {
    /// A deposit (存款), insured.
    Deposit,
    /// A bank wealth product (理财).
    Wealth,
    /// A fund (基金).
    Fund,
}

impl ProductKind {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            ProductKind::Deposit => "deposit",
            ProductKind::Wealth => "wealth",
            ProductKind::Fund => "fund",
        }
    }

    /// Parses [`ProductKind::code`].
    pub fn from_code(code: &str) -> Option<ProductKind> {
        [ProductKind::Deposit, ProductKind::Wealth, ProductKind::Fund]
            .into_iter()
            .find(|k| k.code() == code)
    }

    /// Fluent id of its name.
    pub fn message_id(self) -> &'static str {
        match self {
            ProductKind::Deposit => "product-kind-deposit",
            ProductKind::Wealth => "product-kind-wealth",
            ProductKind::Fund => "product-kind-fund",
        }
    }
}

/// A product on the bank's shelf.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Product {
    /// Bank id.
    pub id: i64,
    /// Kind.
    pub kind: ProductKind,
    /// PR1–PR5.
    pub risk: RiskLevel,
    /// Names by language.
    pub name_zh_cn: String,
    /// 繁體中文 name.
    pub name_zh_tw: String,
    /// English name.
    pub name_en: String,
    /// Least one may put in.
    pub min_amount: Money,
    /// Term in days (0: can be taken out any day).
    pub term_days: i64,
    /// Expected (deposits: fixed) yearly rate in basis points.
    pub rate_bp: i64,
    /// 0, or the age from which it is offered (60: elder deposits).
    pub min_age: u32,
}

impl Product {
    /// Its name in `lang`.
    pub fn name(&self, lang: Language) -> &str {
        match lang {
            Language::ZhCn => &self.name_zh_cn,
            Language::ZhTw => &self.name_zh_tw,
            Language::En => &self.name_en,
        }
    }

    /// Shown to a customer of `age` (elder-only products only from 60).
    pub fn offered_to(&self, age: u32) -> bool {
        age >= self.min_age
    }
}

/// Why a product cannot be bought, each said kindly.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum WealthError {
    /// 65 or older: nothing above PR2, to keep her savings safe.
    #[error("above PR2 at 65 or older")]
    OverAgeCap,
    /// Above what her risk profile allows.
    #[error("above the customer's risk profile")]
    AboveProfile {
        /// Her profile.
        profile: Profile,
    },
    /// She has no current risk profile; the questionnaire comes first,
    /// for every product.
    #[error("no current risk profile")]
    NoProfile,
    /// Only for customers aged 60 and over.
    #[error("only for 60 and over")]
    ElderOnly,
    /// Less than the product's minimum.
    #[error("below the minimum")]
    BelowMinimum {
        /// The minimum.
        min_fen: i64,
    },
    /// Not on sale, or not known here.
    #[error("product not available")]
    NotAvailable,
    /// The questionnaire answers are not one answer per question.
    #[error("questionnaire answers not understood")]
    BadAnswers,
}

impl WealthError {
    /// Stable code.
    pub fn code(&self) -> &'static str {
        match self {
            WealthError::OverAgeCap => "over_age_cap",
            WealthError::AboveProfile { .. } => "above_risk_profile",
            WealthError::NoProfile => "no_risk_profile",
            WealthError::ElderOnly => "elder_only_product",
            WealthError::BelowMinimum { .. } => "below_minimum",
            WealthError::NotAvailable => "product_not_available",
            WealthError::BadAnswers => "bad_answers",
        }
    }

    /// Fluent id of the plain sentence.
    pub fn message_id(&self) -> &'static str {
        match self {
            WealthError::OverAgeCap => "error-over-age-cap",
            WealthError::AboveProfile { .. } => "error-above-profile",
            WealthError::NoProfile => "error-no-profile",
            WealthError::ElderOnly => "error-elder-only",
            WealthError::BelowMinimum { .. } => "error-below-minimum",
            WealthError::NotAvailable => "error-product-not-available",
            WealthError::BadAnswers => "error-bad-answers",
        }
    }
}

/// May a customer of `age` with `profile` (if current) buy `amount_fen` of
/// `product`? The first reason that stops it, in the order a person would
/// explain it.
/// Whether the age cap applies: 65 and over, 65 included.
pub fn age_capped(age: u32) -> bool {
    age >= ELDER_CAP_AGE
}

pub fn check_purchase(
    age: u32,
    profile: Option<Profile>,
    product: &Product,
    amount_fen: i64,
) -> Result<(), WealthError> {
    if !product.offered_to(age) {
        return Err(WealthError::ElderOnly);
    }
    if age_capped(age) && product.risk.number() > ELDER_CAP_LEVEL {
        return Err(WealthError::OverAgeCap);
    }
    match profile {
        None => return Err(WealthError::NoProfile),
        Some(p) if product.risk > p.allows() => {
            return Err(WealthError::AboveProfile { profile: p });
        }
        Some(_) => {}
    }
    if amount_fen < product.min_amount.fen() {
        return Err(WealthError::BelowMinimum {
            min_fen: product.min_amount.fen(),
        });
    }
    Ok(())
}

/// The questionnaire: five questions, each with options scored 1–4 (ids
/// `risk-q<n>` and `risk-q<n>-<option>`).
pub const QUESTIONS: [u8; 5] = [4, 4, 4, 4, 4];

/// The profile the answers give (`answers[i]` is the option, 1-based, of
/// question `i + 1`). Each option scores its number; the total 5–20 maps to
/// C1 (5–7), C2 (8–10), C3 (11–13), C4 (14–16), C5 (17–20).
pub fn score(answers: &[u8]) -> Result<Profile, WealthError> {
    if answers.len() != QUESTIONS.len()
        || answers
            .iter()
            .zip(QUESTIONS)
            .any(|(a, options)| *a == 0 || *a > options)
    {
        return Err(WealthError::BadAnswers);
    }
    let total: u32 = answers.iter().map(|a| u32::from(*a)).sum();
    let level = match total {
        0..=7 => 1,
        8..=10 => 2,
        11..=13 => 3,
        14..=16 => 4,
        _ => 5,
    };
    Ok(Profile(level))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn product(risk: i64, min_age: u32) -> Product {
        Product {
            id: 1,
            kind: ProductKind::Wealth,
            risk: RiskLevel::new(risk).unwrap(),
            name_zh_cn: "稳享".into(),
            name_zh_tw: "穩享".into(),
            name_en: "Steady".into(),
            min_amount: Money::cny(1_000_000),
            term_days: 180,
            rate_bp: 280,
            min_age,
        }
    }

    #[test]
    fn over_65_nothing_above_pr2_whatever_the_profile() {
        let bold = Profile::new(5);
        assert_eq!(check_purchase(72, bold, &product(2, 0), 1_000_000), Ok(()));
        assert_eq!(
            check_purchase(72, bold, &product(3, 0), 1_000_000),
            Err(WealthError::OverAgeCap)
        );
        assert_eq!(
            check_purchase(66, bold, &product(5, 0), 1_000_000),
            Err(WealthError::OverAgeCap)
        );
        assert_eq!(
            check_purchase(65, bold, &product(3, 0), 1_000_000),
            Err(WealthError::OverAgeCap),
            "65岁以上 includes 65"
        );
        assert_eq!(check_purchase(64, bold, &product(3, 0), 1_000_000), Ok(()));
        assert!(age_capped(65) && !age_capped(64));
    }

    #[test]
    fn the_profile_caps_the_level_and_is_needed_for_every_product() {
        assert_eq!(
            check_purchase(50, None, &product(1, 0), 1_000_000),
            Err(WealthError::NoProfile),
            "百分百落实风险测评: PR1 too"
        );
        assert_eq!(
            check_purchase(50, None, &product(2, 0), 1_000_000),
            Err(WealthError::NoProfile)
        );
        let c2 = Profile::new(2).unwrap();
        assert_eq!(
            check_purchase(50, Some(c2), &product(3, 0), 1_000_000),
            Err(WealthError::AboveProfile { profile: c2 })
        );
        assert_eq!(
            check_purchase(50, Some(c2), &product(2, 0), 1_000_000),
            Ok(())
        );
    }

    #[test]
    fn elder_products_only_from_60_and_minimums_hold() {
        let elder = product(1, ELDER_PRODUCT_AGE);
        assert!(elder.offered_to(60) && !elder.offered_to(59));
        assert_eq!(
            check_purchase(59, None, &elder, 1_000_000),
            Err(WealthError::ElderOnly)
        );
        assert_eq!(
            check_purchase(72, None, &elder, 1_000_000),
            Err(WealthError::NoProfile)
        );
        let careful = Profile::new(1);
        assert_eq!(check_purchase(72, careful, &elder, 1_000_000), Ok(()));
        assert_eq!(
            check_purchase(72, careful, &elder, 999_999),
            Err(WealthError::BelowMinimum { min_fen: 1_000_000 })
        );
    }

    #[test]
    fn the_questionnaire_scores_every_band_and_refuses_bad_answers() {
        assert_eq!(score(&[1, 1, 1, 1, 1]).unwrap().number(), 1);
        assert_eq!(score(&[2, 2, 2, 1, 1]).unwrap().number(), 2);
        assert_eq!(score(&[3, 3, 2, 2, 2]).unwrap().number(), 3);
        assert_eq!(score(&[3, 3, 3, 3, 3]).unwrap().number(), 4);
        assert_eq!(score(&[4, 4, 4, 4, 4]).unwrap().number(), 5);
        assert_eq!(score(&[1, 1, 1, 1]), Err(WealthError::BadAnswers));
        assert_eq!(score(&[1, 1, 1, 1, 5]), Err(WealthError::BadAnswers));
        assert_eq!(score(&[0, 1, 1, 1, 1]), Err(WealthError::BadAnswers));
        assert_eq!(RiskLevel::new(6), None);
        assert_eq!(RiskLevel::new(3).unwrap().label(), "PR3");
    }
}
