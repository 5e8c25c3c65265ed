//! Anti-fraud lookups: is this phone number, account number or web address
//! on the bank's list of reported scams?
//!
//! - [`normalize`] turns what the elder typed, pasted or scanned into one
//!   canonical spelling per phone, account or site.
//! - [`list`] keeps the blocklist on the device so a lookup works with no
//!   network: a binary fuse filter (about 9 bits an entry, in memory) in
//!   front of an exact table of 64-bit keys in SQLite. A key the filter
//!   rejects is certainly not listed (no SQL); a key it accepts is checked
//!   in the table (the filter's false positives, <0.4 %, stop there).
//! - [`wire`] is the signed, versioned format the bank publishes: a full
//!   snapshot or a delta (adds and removes) from one version to the next,
//!   each with the count and checksum of the list it produces. A delta that
//!   does not produce that checksum is not applied and the device fetches a
//!   full snapshot instead.
//! - [`demo`] holds the named demo entries (the same on the device before
//!   its first download, and on the sandbox gateway) and the generator of a
//!   large synthetic list.
//!
//! A key is the first 64 bits of XXH3 over `kind:value`; the list carries
//! keys, not the numbers themselves (compact, and the list does not hand
//! anyone a directory of numbers). Two different items share a key with
//! probability ~2⁻⁶⁴ per pair, far below one in the life of the list.

pub mod classroom;
pub mod demo;
mod facade;
pub mod list;
pub mod message;
pub mod model;
pub mod normalize;
pub mod reports;
pub mod sites;
pub mod wire;

/// Longest reported target or note, in characters.
pub const MAX_REPORT_CHARS: usize = 200;

pub use list::{Blocklist, ListInfo, Lookup};
pub use message::{MessageCheck, Signal, Verdict};
pub use normalize::{Kind, Normalized};
pub use sites::Sites;

/// The kinds of scam the bank's list and the risk engine name. Each has a
/// short name and a plain explanation in every language
/// (`scam-<code>` and `scam-<code>-explain`).
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::ToSchema),
    schema(rename_all = "snake_case")
)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ScamCategory {
    /// 冒充公检法: "police" ask for money into a "safe account".
    PoliceImpersonation,
    /// 冒充客服退款/理赔: a "shop" or "courier" offers a refund.
    ServiceRefund,
    /// 刷单返利: paid "tasks" that need money first.
    OrderBrushing,
    /// 虚假投资理财: high, "guaranteed" returns.
    Investment,
    /// 虚假贷款/征信: a fee or deposit to get (or "clean") a loan.
    LoanFee,
    /// 冒充亲友/领导: "it's me, I changed my number, send money".
    RelativeImpersonation,
    /// 养老诈骗: pension projects, health products, "elder" investments.
    ElderCare,
    /// 钓鱼网站/短信: links that ask for card numbers or codes.
    Phishing,
    /// 虚假中奖: a prize that needs a fee first.
    Lottery,
    /// 网络交友: an online friend who needs money.
    Romance,
}

impl ScamCategory {
    /// Every category, in a stable order.
    pub const ALL: [ScamCategory; 10] = [
        ScamCategory::PoliceImpersonation,
        ScamCategory::ServiceRefund,
        ScamCategory::OrderBrushing,
        ScamCategory::Investment,
        ScamCategory::LoanFee,
        ScamCategory::RelativeImpersonation,
        ScamCategory::ElderCare,
        ScamCategory::Phishing,
        ScamCategory::Lottery,
        ScamCategory::Romance,
    ];

    /// Stable code (JSON, logs, message ids).
    pub fn code(self) -> &'static str {
        match self {
            ScamCategory::PoliceImpersonation => "police_impersonation",
            ScamCategory::ServiceRefund => "service_refund",
            ScamCategory::OrderBrushing => "order_brushing",
            ScamCategory::Investment => "investment",
            ScamCategory::LoanFee => "loan_fee",
            ScamCategory::RelativeImpersonation => "relative_impersonation",
            ScamCategory::ElderCare => "elder_care",
            ScamCategory::Phishing => "phishing",
            ScamCategory::Lottery => "lottery",
            ScamCategory::Romance => "romance",
        }
    }

    /// Parses [`ScamCategory::code`].
    pub fn from_code(code: &str) -> Option<ScamCategory> {
        ScamCategory::ALL.into_iter().find(|c| c.code() == code)
    }

    /// The byte stored in the list (1-based; 0 is never used).
    pub fn id(self) -> u8 {
        ScamCategory::ALL
            .iter()
            .position(|c| *c == self)
            .expect("listed") as u8
            + 1
    }

    /// Parses [`ScamCategory::id`].
    pub fn from_id(id: u8) -> Option<ScamCategory> {
        ScamCategory::ALL
            .get(usize::from(id).checked_sub(1)?)
            .copied()
    }

    /// Fluent id of the short name ("冒充客服诈骗").
    pub fn name_id(self) -> String {
        format!("scam-{}", self.code().replace('_', "-"))
    }

    /// Fluent id of the plain explanation of how this scam goes.
    pub fn explain_id(self) -> String {
        format!("scam-{}-explain", self.code().replace('_', "-"))
    }
}

/// The one big sentence a lookup ends in: "这个号码已被多人举报为冒充客服
/// 诈骗，请不要转账。" or "未发现风险（防骗名单 2026年11月25日）。".
pub fn verdict(
    i18n: &crate::I18n,
    lang: crate::Language,
    lookup: &Lookup,
    info: &ListInfo,
) -> String {
    let list_date = i18n.date(
        lang,
        info.published_at
            .with_timezone(&crate::clock::china_offset())
            .date_naive(),
    );
    match (&lookup.item, lookup.category) {
        (Some(item), Some(category)) => i18n.tr_args(
            lang,
            "fraud-listed",
            &[
                ("what", item.kind.code().into()),
                ("scam", i18n.tr(lang, &category.name_id()).into()),
            ],
        ),
        (Some(item), None) => i18n.tr_args(
            lang,
            "fraud-not-listed",
            &[
                ("what", item.kind.code().into()),
                ("date", list_date.into()),
            ],
        ),
        (None, _) => i18n.tr(lang, "fraud-nothing-to-check"),
    }
}

/// The list key of one item: XXH3-64 over `kind:value`.
pub fn key(kind: Kind, value: &str) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(kind.code().as_bytes());
    h.update(b":");
    h.update(value.as_bytes());
    h.digest()
}

/// The contribution of one entry to a list checksum. The checksum of a list
/// is the XOR of its entries' contributions: independent of order, and
/// updated in O(1) per add or remove.
pub fn checksum_of(key: u64, category: u8) -> u64 {
    // splitmix64 finaliser over the key mixed with its category.
    let mut z = key ^ (u64::from(category)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The checksum of a whole list: the XOR of its entries' [`checksum_of`].
pub fn list_checksum(entries: &[(u64, ScamCategory)]) -> u64 {
    entries
        .iter()
        .fold(0, |acc, (k, c)| acc ^ checksum_of(*k, c.id()))
}

/// What went wrong with the list.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FraudError {
    /// The bytes are not a list file we understand (cut, wrong size, unknown category).
    #[error("blocklist data not understood: {0}")]
    BadFormat(&'static str),
    /// The signature does not match the bank's key: someone changed the list.
    #[error("blocklist signature does not verify")]
    BadSignature,
    /// A delta that does not start at the version on the device.
    #[error("blocklist delta from version {from}, device has {have}")]
    VersionGap {
        /// Where the delta starts.
        from: u64,
        /// What the device has.
        have: u64,
    },
    /// The list after the delta does not have the published count and checksum.
    #[error("blocklist checksum mismatch after applying version {version}")]
    ChecksumMismatch {
        /// The version that did not check out.
        version: u64,
    },
    /// The local database failed.
    #[error("blocklist storage: {0}")]
    Storage(String),
    /// No list key is configured: no list is trusted.
    #[error("no scam-list key is configured")]
    NoTrustedKey,
}

impl From<sqlx::Error> for FraudError {
    fn from(e: sqlx::Error) -> Self {
        FraudError::Storage(e.to_string())
    }
}

impl From<crate::store::StoreError> for FraudError {
    fn from(e: crate::store::StoreError) -> Self {
        FraudError::Storage(e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn category_codes_and_ids_round_trip() {
        for c in ScamCategory::ALL {
            assert_eq!(ScamCategory::from_code(c.code()), Some(c));
            assert_eq!(ScamCategory::from_id(c.id()), Some(c));
        }
        assert_eq!(ScamCategory::from_id(0), None);
        assert_eq!(ScamCategory::from_id(11), None);
        assert_eq!(ScamCategory::from_code("nope"), None);
    }

    #[test]
    fn keys_separate_kinds_and_values() {
        assert_ne!(
            key(Kind::Phone, "13800138000"),
            key(Kind::Account, "13800138000")
        );
        assert_ne!(
            key(Kind::Phone, "13800138000"),
            key(Kind::Phone, "13800138001")
        );
        assert_eq!(key(Kind::Url, "a.com"), key(Kind::Url, "a.com"));
    }

    #[test]
    fn checksum_is_order_free_and_reversible() {
        let a = checksum_of(1, 1) ^ checksum_of(2, 3) ^ checksum_of(3, 2);
        let b = checksum_of(3, 2) ^ checksum_of(1, 1) ^ checksum_of(2, 3);
        assert_eq!(a, b);
        assert_eq!(a ^ checksum_of(2, 3), checksum_of(1, 1) ^ checksum_of(3, 2));
        assert_ne!(checksum_of(1, 1), checksum_of(1, 2), "category counts");
    }
}
