//! `voice::amount`: an amount read from what she said is more than 0 fen and
//! at most ¥100,000,000, is the same one `find` picks out, and comes back to
//! the same fen from its spoken, capital and figure forms.

use happylife_core::Money;
use happylife_core::transfers::request::MAX_AMOUNT_FEN;
use happylife_core::voice::amount::{find, parse, spoken};

/// Checks one input (panics on a broken property).
pub fn check(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Some(f) = find(text) {
        assert!(f.fen > 0 && f.fen <= MAX_AMOUNT_FEN, "{text:?}: {f:?}");
        assert!(f.start < f.end, "{text:?}: {f:?}");
    }
    let Some(fen) = parse(text) else {
        return;
    };
    assert!(fen > 0 && fen <= MAX_AMOUNT_FEN, "{text:?} → {fen}");
    assert_eq!(find(text).map(|f| f.fen), Some(fen), "{text:?}");
    let said = spoken(fen);
    assert_eq!(parse(&said), Some(fen), "{text:?} → {fen} → {said:?}");
    let m = Money::cny(fen);
    for words in [m.capital_words(false), m.capital_words(true)] {
        assert_eq!(parse(&words), Some(fen), "{text:?} → {fen} → {words:?}");
    }
    let grouped = m.format_grouped();
    assert_eq!(parse(&grouped), Some(fen), "{text:?} → {fen} → {grouped:?}");
}
