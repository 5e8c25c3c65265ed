//! `voice::intent::parse` in zh-CN, zh-TW and English: never panics, reads
//! 简体 and 繁體 with the same rules, keeps an amount only for a transfer or a
//! bill and only one above 0 fen, keeps no empty slot, and asks for what is
//! missing. A `{"lang","text"}` line is read as the `intent` tool reads it.

use happylife_core::Language;
use happylife_core::transfers::request::MAX_AMOUNT_FEN;
use happylife_core::voice::intent::{self, Intent, IntentKind, Missing};

fn parse_checked(text: &str, lang: Language) -> Intent {
    let i = intent::parse(text, lang);
    assert!(
        i.confidence.is_finite() && (0.0..=1.0).contains(&i.confidence),
        "{text:?}: {i:?}"
    );
    if let Some(a) = i.slots.amount_fen {
        assert!(a > 0 && a <= MAX_AMOUNT_FEN, "{text:?}: {i:?}");
        assert!(
            matches!(i.kind, IntentKind::Transfer | IntentKind::PayBill),
            "{text:?}: {i:?}"
        );
    }
    for slot in [
        &i.slots.payee,
        &i.slots.target,
        &i.slots.member,
        &i.slots.query,
    ] {
        assert!(
            slot.as_deref().is_none_or(|s| !s.trim().is_empty()),
            "{text:?}: {i:?}"
        );
    }
    match i.missing() {
        Some(Missing::Payee) => assert!(i.slots.payee.is_none()),
        Some(Missing::Amount) => assert!(i.slots.amount_fen.is_none()),
        Some(Missing::BillKind) => assert!(i.slots.bill_kind.is_none()),
        Some(Missing::Member) => assert!(i.slots.member.is_none()),
        Some(Missing::Target) => assert!(i.slots.target.is_none()),
        Some(Missing::Query) => assert!(i.slots.query.is_none()),
        None => {}
    }
    // A lock or unlock always names its lock; a setting always which one.
    if matches!(i.kind, IntentKind::LockCard | IntentKind::UnlockCard) {
        assert!(i.slots.lock_kind.is_some(), "{text:?}: {i:?}");
    }
    if i.kind == IntentKind::ChangeSetting {
        assert!(i.slots.setting.is_some(), "{text:?}: {i:?}");
    }
    if i.kind == IntentKind::Unknown {
        assert!(!i.unsure(), "{text:?}: {i:?}");
    }
    let json = i.to_json();
    assert_eq!(json["intent"].as_str(), Some(i.kind.code()), "{text:?}");
    i
}

/// Checks one input (panics on a broken property).
pub fn check(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let cn = parse_checked(text, Language::ZhCn);
    let tw = parse_checked(text, Language::ZhTw);
    assert_eq!(cn, tw, "{text:?}: zh-CN and zh-TW read alike");
    parse_checked(text, Language::En);
    if let Ok((lang, said)) = intent::read_line(text, "zh-CN") {
        assert!(said.chars().count() <= intent::MAX_TEXT_CHARS);
        parse_checked(&said, lang);
    }
}
