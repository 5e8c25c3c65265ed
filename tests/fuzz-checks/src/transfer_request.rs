//! `transfers::request::TransferRequest` (the `assess-transfer` tool's
//! JSON) and the risk engine behind it: a request whose facts are accepted
//! has an amount of 1 fen to ¥100,000,000, an age of at most 150 and a note
//! of at most 200 characters; its assessment allows only with no reason
//! and makes the elder wait only on a warning; a listed payee is always
//! blocked; a larger amount never lowers the decision.

use happylife_core::transfers::request::{MAX_AMOUNT_FEN, MAX_NOTE_CHARS, TransferRequest};
use happylife_core::transfers::{Decision, assess};

/// Checks one input (panics on a broken property).
pub fn check(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(request) = TransferRequest::parse(text) else {
        return;
    };
    let Ok(facts) = request.facts() else {
        return;
    };
    assert!(facts.amount_fen > 0 && facts.amount_fen <= MAX_AMOUNT_FEN);
    assert!(facts.customer.age <= 150);
    assert!(facts.note.chars().count() <= MAX_NOTE_CHARS);
    let a = assess(&facts);
    assert_eq!(a.decision == Decision::Allow, a.reasons.is_empty(), "{a:?}");
    assert_eq!(a.decision == Decision::Warn, a.wait_seconds > 0, "{a:?}");
    let mut listed = facts.clone();
    listed.payee_listed = true;
    assert_eq!(assess(&listed).decision, Decision::Block);
    let mut more = facts.clone();
    more.amount_fen = (facts.amount_fen * 2).min(MAX_AMOUNT_FEN);
    let b = assess(&more);
    assert!(b.decision >= a.decision, "{a:?} then {b:?}");
}
