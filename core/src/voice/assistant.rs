//! The voice assistant's turn: what she said, understood
//! ([`super::intent`]), matched against her saved payees and her family,
//! and the one sentence to show and say back: a question when something is
//! missing or the match is weak ("要转给谁？"), otherwise what will happen
//! ("给女儿转账 ¥500.00，对吗？").
//!
//! Money and card actions wait for her "对" ([`Understanding::needs_yes`]),
//! and a transfer then still goes through the transfer screens, ending on
//! the confirmation with its risk check: nothing is moved from voice alone.

use super::intent::{Intent, IntentKind};
use crate::transfers::Payee;

/// One turn of the assistant.
#[derive(Clone, Debug, PartialEq)]
pub struct Understanding {
    /// What was understood.
    pub intent: Intent,
    /// The saved payee the said one is (a transfer).
    pub payee: Option<Payee>,
    /// The family member the said one is (a call): their name.
    pub member_name: Option<String>,
    /// Their mobile number from the bank (a call: the dialer opens with it).
    pub member_phone: Option<String>,
    /// Whether the app asks a question instead of acting (something missing,
    /// unsure, unknown, or a payee not found).
    pub asks: bool,
    /// Whether, understood, it waits for her "对" before opening the screen.
    pub needs_yes: bool,
    /// The sentence to show and say.
    pub say: String,
}

/// Relationship words in English, as the payee list keeps them in Chinese.
const RELATIONS: &[(&str, &str)] = &[
    ("daughter", "女儿"),
    ("son", "儿子"),
    ("grandson", "孙子"),
    ("granddaughter", "孙女"),
    ("wife", "老伴"),
    ("husband", "老伴"),
    ("spouse", "老伴"),
    ("partner", "老伴"),
    ("闺女", "女儿"),
    ("女兒", "女儿"),
    ("兒子", "儿子"),
    ("孫子", "孙子"),
    ("孫女", "孙女"),
];

pub(crate) fn simplified_person(said: &str) -> String {
    let lower = said.trim().to_lowercase();
    RELATIONS
        .iter()
        .find(|(w, _)| *w == lower)
        .map(|(_, zh)| zh.to_string())
        .unwrap_or(lower)
}

/// The saved payees the said person can be: by relationship, then by name.
pub fn match_payees(said: &str, payees: &[Payee]) -> Vec<Payee> {
    let s = simplified_person(said);
    let by_rel: Vec<Payee> = payees
        .iter()
        .filter(|p| p.relationship.as_deref().is_some_and(|r| r == s))
        .cloned()
        .collect();
    if !by_rel.is_empty() {
        return by_rel;
    }
    payees
        .iter()
        .filter(|p| {
            let n = p.name.to_lowercase();
            n == s || (s.chars().count() >= 2 && (n.contains(&s) || s.contains(&n)))
        })
        .cloned()
        .collect()
}

/// The short name of an action, for "您是想…吗？".
pub(crate) fn action_id(kind: IntentKind) -> String {
    format!("voice-action-{}", kind.code().replace('_', "-"))
}
