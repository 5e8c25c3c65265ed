//! The rules for English.

use super::text::*;
use super::zh::bill_kind;
use super::{IntentKind, Slots, amount};

/// Kin words in English, for a "her" that points back to one.
const KIN_EN: &[&str] = &[
    "youngest daughter",
    "eldest daughter",
    "younger daughter",
    "older daughter",
    "daughter",
    "youngest son",
    "eldest son",
    "younger son",
    "older son",
    "son",
    "granddaughter",
    "grandson",
    "niece",
    "nephew",
    "wife",
    "husband",
    "sister",
    "brother",
];

fn english_kin(t: &str) -> Option<String> {
    KIN_EN
        .iter()
        .find(|k| any_word(t, &[k]))
        .map(|k| k.to_string())
}

/// Not family: "call a taxi" is not a call to make for her.
const NOT_FAMILY_EN: &[&str] = &[
    "taxi",
    "cab",
    "uber",
    "didi",
    "ambulance",
    "police",
    "doctor",
    "restaurant",
    "plumber",
];

pub(super) fn english(r: &str, t: &str, original: &str, slots: &mut Slots) -> (IntentKind, f32) {
    use IntentKind::*;
    let impostor = any(
        r,
        &[
            "pretending",
            "pretended",
            "claiming",
            "claimed",
            "said he was",
            "said she was",
            "said they were",
            "saying they",
            "posing",
            "fake",
        ],
    );
    let already = any(
        r,
        &[
            "i gave",
            "gave them",
            "i sent",
            "i transferred",
            "i paid",
            "told them my",
            "gave him",
            "gave her",
            "gave my pin",
            "gave my password",
            "told a stranger",
            "gave my card",
        ],
    );
    if any(
        r,
        &[
            "scammed",
            "been cheated",
            "defrauded",
            "been tricked",
            "was tricked",
            "got tricked",
            "tricked into",
            "got scammed",
            "conned",
            "swindled",
            "money missing",
            "missing from my account",
            "didn't spend",
            "did not spend",
            "stolen from",
        ],
    ) || (impostor && already)
        || (already && any_word(r, &["scam", "fraud", "scammer", "stranger"]))
        || (any(r, &["gave my pin", "gave my password", "told my pin"]))
    {
        return (ReportFraud, 1.0);
    }
    if let Some(kind) = super::tiles::early_en(r, t, original, slots) {
        return (kind, 1.0);
    }
    let target = target_in(original);
    let about_it =
        target.is_some() && any_word(r, &["safe", "real", "genuine", "ok", "okay", "trustworthy"]);
    if about_it
        || any(
            r,
            &[
                "is that real",
                "is it real",
                "is this real",
                "is that a trick",
                "is it a trick",
                "a scam",
                "is that safe",
                "is it safe",
                "is this safe",
                "legit",
                "can i trust",
                "should i trust",
                "is it genuine",
                "is that genuine",
            ],
        )
        || any_word(
            r,
            &[
                "scam",
                "scammer",
                "fraud",
                "fake",
                "legitimate",
                "genuine",
                "crook",
                "con",
            ],
        )
    {
        slots.target = target;
        return (CheckFraud, 1.0);
    }
    if (any_word(
        r,
        &[
            "human",
            "person",
            "agent",
            "operator",
            "representative",
            "staff",
        ],
    ) || any(
        r,
        &[
            "customer service",
            "real person",
            "senior service",
            "elderly service",
        ],
    )) && !impostor
    {
        return (HumanAgent, 1.0);
    }
    if any(
        r,
        &[
            "say that again",
            "say it again",
            "repeat",
            "read it",
            "read them to me",
            "read to me",
            "read this",
            "read that",
            "read aloud",
            "out loud",
            "read out",
            "read the screen",
            "didn't catch",
            "didn't hear",
            "once more",
        ],
    ) {
        return (ReadAloud, 1.0);
    }
    if any(
        r,
        &[
            "home screen",
            "main screen",
            "home page",
            "start screen",
            "start page",
            "go home",
            "main menu",
        ],
    ) || bare(r) == "home"
    {
        return (GoHome, 1.0);
    }
    if any(
        r,
        &["go back", "previous", "back up", "last screen", "last page"],
    ) || bare(r) == "back"
    {
        return (GoBack, 1.0);
    }
    if any_word(r, &["help"])
        || any(
            r,
            &[
                "what can you do",
                "how do i use",
                "how does this work",
                "what can i say",
                "i don't know how",
                "what do you do",
            ],
        )
    {
        return (Help, 1.0);
    }
    if let Some(wish) = super::locks::wish_en(r) {
        if wish != super::locks::LockWish::Which {
            slots.lock_kind = Some(super::locks::kind_en(r));
        }
        return (wish.intent(), 1.0);
    }
    if any_word(r, &["check"])
        && any_word(r, &["number", "website", "site", "link", "account", "url"])
    {
        slots.target = target;
        return (CheckFraud, 0.9);
    }
    if let Some(kind) = super::tiles::late_en(r) {
        return (kind, 1.0);
    }
    let bill = bill_kind(r, true);
    if any_word(r, &["bill", "bills", "utility", "utilities"])
        || any(r, &["top up", "water fee"])
        || (bill.is_some()
            && (any_word(r, &["pay"]) || (any_word(r, &["for"]) && slots.amount_fen.is_some())))
    {
        slots.bill_kind = bill;
        return (PayBill, 1.0);
    }
    if any(
        r,
        &[
            "come in",
            "came in",
            "come through",
            "went out",
            "go out",
            "arrive",
            "arrived",
            "received",
            "spend money",
            "spent",
        ],
    ) {
        return (ListTransactions, 1.0);
    }
    if any_word(r, &["call", "phone", "ring", "video"]) {
        let member = english_person(t, "call ")
            .or_else(|| english_person(t, "phone "))
            .or_else(|| english_person(t, "ring "))
            .or_else(|| english_person(t, "with "));
        if member
            .as_deref()
            .is_some_and(|m| NOT_FAMILY_EN.iter().any(|n| m.contains(n)))
        {
            return (Unknown, 0.0);
        }
        slots.member = member.map(|m| as_said(original, &m));
        return (CallFamily, 1.0);
    }
    let marked = amount::find(r).is_some_and(|a| a.marked);
    // Photos, files and trains are transferred too.
    let not_money = any_word(
        r,
        &[
            "photos",
            "photo",
            "pictures",
            "files",
            "file",
            "trains",
            "train",
            "bus",
            "buses",
            "flight",
            "flights",
            "call",
            "documents",
            "contacts",
            "music",
            "videos",
        ],
    ) && slots.amount_fen.is_none();
    let says_transfer = !not_money && any_word(r, &["transfer", "send", "wire", "remit"])
        || (any_word(r, &["give", "pay"])
            && (slots.amount_fen.is_some() || any_word(r, &["money"])))
        || (marked && r.contains(" to "));
    if says_transfer {
        let said = english_person(t, " to ")
            .or_else(|| english_person(t, "send "))
            .or_else(|| english_person(t, "give "))
            .or_else(|| english_person(t, "pay "));
        // "my youngest daughter, send her a thousand": her is who was named.
        let said = match said.as_deref() {
            Some("her" | "him" | "them") | None => english_kin(t).or(said),
            _ => said,
        };
        slots.payee = said.map(|p| as_said(original, &p));
        let sure = if any_word(r, &["transfer", "send", "wire", "remit", "give", "pay"]) {
            1.0
        } else {
            0.6
        };
        return (Transfer, sure);
    }
    if any_word(
        r,
        &[
            "transactions",
            "transaction",
            "history",
            "statement",
            "spending",
            "spent",
            "payments",
            "pension",
            "records",
            "activity",
        ],
    ) {
        return (ListTransactions, 1.0);
    }
    let not_money = any(
        r,
        &[
            "balance bike",
            "balance board",
            "balance beam",
            "my balance is off",
            "lose my balance",
            "lost my balance",
            "keep my balance",
            "balance exercises",
        ],
    );
    if !not_money && any_word(r, &["balance", "savings"])
        || any(
            r,
            &[
                "how much money",
                "how much do i have",
                "how much is in",
                "money left",
                "money do i have",
                "enough on my",
                "enough in my",
                "enough money",
            ],
        )
    {
        return (CheckBalance, 1.0);
    }
    // A price is not her balance.
    if r.contains("how much")
        && !any(
            r,
            &["a kilo", "a pound", "cost", "price", "a box", "interest"],
        )
    {
        return (CheckBalance, 0.6);
    }
    if let Some(kind) = super::tiles::last_en(t, original, slots) {
        return (kind, 0.8);
    }
    (Unknown, 0.0)
}
