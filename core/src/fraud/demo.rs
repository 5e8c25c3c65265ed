//! The demo bank's list: named entries a tester can type and see listed,
//! and a generator of a large synthetic list (millions of real-looking
//! phone numbers, account numbers and domains) for load and size.

use super::{Kind, ScamCategory, key, normalize::normalize};

/// Named demo entries, as a tester would type them. The device has these
/// before its first download; the sandbox gateway publishes them in every
/// version of its list.
pub const NAMED: &[(&str, ScamCategory)] = &[
    // A "safe account" the fake police ask for.
    ("6222 0000 1111 2222 333", ScamCategory::PoliceImpersonation),
    ("+86 170 0000 1234", ScamCategory::PoliceImpersonation),
    // Fake shop / courier "customer service".
    ("400-123-4567", ScamCategory::ServiceRefund),
    ("171 2345 6789", ScamCategory::ServiceRefund),
    ("icbc-safe.com", ScamCategory::Phishing),
    ("http://icbc-vip.cc/", ScamCategory::Phishing),
    ("6217 0000 9999 8888", ScamCategory::OrderBrushing),
    ("fanli-renwu.top", ScamCategory::OrderBrushing),
    ("165 1234 5678", ScamCategory::Investment),
    ("wenzhuan-licai.vip", ScamCategory::Investment),
    ("6228 4800 1234 5678 901", ScamCategory::LoanFee),
    ("139 1234 5678", ScamCategory::RelativeImpersonation),
    ("yanglao-gaoxi.com", ScamCategory::ElderCare),
    ("6230 5800 0000 1111", ScamCategory::ElderCare),
    ("lucky-prize.top", ScamCategory::Lottery),
    ("6214 8300 5555 6666", ScamCategory::Romance),
];

/// When the built-in copy of the named list was made (shown as the list
/// date until the first download).
pub const BUILT_IN_DATE: &str = "2026-11-01";

/// Keys of the named entries.
pub fn named_keys() -> Vec<(u64, ScamCategory)> {
    NAMED
        .iter()
        .map(|(text, category)| {
            let n = normalize(text).expect("named demo entries normalise");
            (key(n.kind, &n.value), *category)
        })
        .collect()
}

/// One synthetic entry: `i` picks a kind and a number; the same `(seed, i)`
/// always gives the same item. Phones are 11-digit mobiles in the 170/171
/// and 162/165/167 ranges, accounts 19-digit card numbers, domains
/// `<word><n>.<tld>`.
pub fn synthetic_item(seed: u64, i: u64) -> (Kind, String, ScamCategory) {
    let mix = super::checksum_of(seed, 0x5a) ^ i.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let category = ScamCategory::ALL[(super::checksum_of(mix, 1) % 10) as usize];
    match i % 4 {
        0 | 1 => {
            const PREFIX: [&str; 5] = ["170", "171", "162", "165", "167"];
            let j = i / 4 * 2 + i % 4;
            let p = PREFIX[(j % 5) as usize];
            (
                Kind::Phone,
                format!("{p}{:08}", (j / 5) % 100_000_000),
                category,
            )
        }
        2 => (
            Kind::Account,
            format!(
                "62{:017}",
                super::checksum_of(mix, 2) % 100_000_000_000_000_000
            ),
            category,
        ),
        _ => {
            const WORDS: [&str; 6] = ["kefu", "tuikuan", "fanli", "licai", "daikuan", "zhongjiang"];
            const TLDS: [&str; 5] = ["top", "cc", "vip", "xyz", "com"];
            let j = i / 4;
            (
                Kind::Url,
                format!(
                    "{}{}.{}",
                    WORDS[(j % 6) as usize],
                    j / 6,
                    TLDS[(j / 6 % 5) as usize]
                ),
                category,
            )
        }
    }
}

/// `n` synthetic keys with their categories (unsorted; rare duplicate
/// keys are possible and are removed by the publisher).
pub fn synthetic_keys(seed: u64, n: u64) -> impl Iterator<Item = (u64, ScamCategory)> {
    (0..n).map(move |i| {
        let (kind, value, category) = synthetic_item(seed, i);
        (key(kind, &value), category)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_entries_normalise_to_distinct_keys() {
        let keys = named_keys();
        let mut k: Vec<u64> = keys.iter().map(|(k, _)| *k).collect();
        k.sort_unstable();
        k.dedup();
        assert_eq!(k.len(), NAMED.len());
    }

    #[test]
    fn synthetic_items_are_what_they_claim() {
        for i in 0..2_000 {
            let (kind, value, _) = synthetic_item(7, i);
            let n = normalize(&value).unwrap_or_else(|| panic!("{value}"));
            assert_eq!((n.kind, n.value.as_str()), (kind, value.as_str()), "{i}");
        }
        assert_eq!(synthetic_item(7, 5), synthetic_item(7, 5));
    }
}
