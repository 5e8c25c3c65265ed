//! The amount on a big keypad, the note, and when it arrives.

use super::context;
use crate::components::{Frame, capital_words};
use crate::context::{use_companion, use_flow};
use crate::state::{Screen, use_nav, use_tr};
use dioxus::prelude::*;
use happylife_core::transfers::request::MAX_AMOUNT_FEN;
use happylife_core::transfers::{Decision, Delay, PayeeChoice};
use happylife_core::{CompanionError, Money};

/// Keypad keys in screen order.
const KEYS: [&str; 12] = ["1", "2", "3", "4", "5", "6", "7", "8", "9", ".", "0", "⌫"];

/// Adds one key to the amount being typed; refuses what would not be an
/// amount (a second dot, a third decimal) or would be more than the bank
/// takes in one transfer (core's [`MAX_AMOUNT_FEN`], ¥100,000,000).
pub fn press(typed: &str, key: &str) -> String {
    let next = match key {
        "⌫" => {
            let mut t = typed.to_string();
            t.pop();
            return t;
        }
        "." if typed.contains('.') => return typed.to_string(),
        "." if typed.is_empty() => "0.".to_string(),
        d => {
            if let Some((_, dec)) = typed.split_once('.')
                && dec.len() >= 2
            {
                return typed.to_string();
            }
            if typed == "0" && d != "." {
                d.to_string()
            } else {
                format!("{typed}{d}")
            }
        }
    };
    match Money::parse_cny(&next) {
        Ok(m) if m.fen() <= MAX_AMOUNT_FEN => next,
        _ => typed.to_string(),
    }
}

/// Amount on a big keypad, note, and (for a new payee) when it arrives.
#[component]
pub fn Amount() -> Element {
    let tr = use_tr();
    let nav = use_nav();
    let mut flow = use_flow();
    let companion = use_companion();
    let start = flow.read().clone();
    let Some(draft) = start.draft.clone() else {
        return rsx! { Frame { title: tr.t("tile-transfer"), speech: String::new(), back: true } };
    };
    let initial = if draft.amount.fen() > 0 {
        let f = draft.amount.fen();
        if f % 100 == 0 {
            format!("{}", f / 100)
        } else {
            format!("{}.{:02}", f / 100, f % 100)
        }
    } else {
        String::new()
    };
    let mut typed = use_signal(move || initial.clone());
    let note_init = draft.note.clone();
    let mut note = use_signal(move || note_init.clone());
    let mut delay = use_signal(move || draft.delay);
    let mut error = use_signal(|| None::<CompanionError>);
    let mut checking = use_signal(|| false);
    let is_new = matches!(draft.payee, PayeeChoice::New { .. });
    let amount = Money::parse_cny(&typed()).ok().filter(|m| m.fen() > 0);
    let (name, rel, masked) = start.payee_label.clone().unwrap_or_default();
    let c = companion.clone();
    let from = use_resource(move || {
        let c = c.clone();
        async move {
            c.account(happylife_core::AccountId(draft.from_account_id))
                .await
                .ok()
        }
    });
    let from = from.read().clone().flatten();
    rsx! {
        Frame { title: tr.t("transfer-amount-title"), speech: tr.t("speech-transfer-amount"), back: true,
            p { class: "body", "data-testid": "amount-payee",
                {tr.ta("transfer-to", &[("name", name.clone().into()), ("number", masked.clone().into())])}
                if let Some(r) = rel { " ({r})" }
            }
            if let Some(a) = &from {
                p { class: "body muted", {tr.ta("transfer-from", &[("number", a.number.last4().into()), ("balance", a.balance.format_grouped().into())])} }
            }
            div { class: "amountbox", role: "status", "aria-live": "polite",
                p { class: "balance", "data-testid": "amount-figures",
                    {amount.map(|m| m.format_grouped()).unwrap_or_else(|| "¥0.00".into())} }
                p { class: "words", "data-testid": "amount-words",
                    {amount.map(|m| capital_words(m, tr.lang())).unwrap_or_default()} }
            }
            div { class: "keypad", role: "group", "aria-label": tr.t("transfer-keypad"),
                for k in KEYS {
                    button {
                        key: "{k}",
                        class: "key",
                        "data-testid": "key-{k}",
                        "aria-label": if k == "⌫" { tr.t("transfer-key-delete") } else if k == "." { tr.t("transfer-key-point") } else { k.to_string() },
                        onclick: move |_| typed.set(press(&typed(), k)),
                        "{k}"
                    }
                }
            }
            button { class: "quietbtn", "data-testid": "key-clear", onclick: move |_| typed.set(String::new()), {tr.t("transfer-key-clear")} }
            label { r#for: "note", class: "field-label", {tr.t("transfer-note")} }
            input { id: "note", class: "field short", "data-testid": "note", maxlength: "200",
                value: "{note}", oninput: move |e| note.set(e.value()) }
            if is_new {
                section { class: "group",
                    h2 { {tr.t("transfer-delay")} }
                    p { {tr.t("transfer-delay-why")} }
                    div { class: "choices", role: "group", "aria-label": tr.t("transfer-delay"),
                        for d in Delay::ALL {
                            button {
                                key: "{d.code()}",
                                class: "choice",
                                "data-testid": "delay-{d.code()}",
                                "aria-pressed": delay() == d,
                                onclick: move |_| delay.set(d),
                                {tr.t(&format!("transfer-delay-{}", d.code()))}
                            }
                        }
                    }
                }
            }
            button {
                class: "toggle",
                "data-testid": "amount-next",
                disabled: checking(),
                onclick: move |_| {
                    let c = companion.clone();
                    async move {
                        let Some(amount) = Money::parse_cny(&typed()).ok().filter(|m| m.fen() > 0) else {
                            error.set(Some(CompanionError::Money(happylife_core::money::MoneyError::NotAnAmount)));
                            return;
                        };
                        let mut f = flow.read().clone();
                        let Some(mut d) = f.draft.clone() else { return };
                        d.amount = amount;
                        d.note = note().trim().to_string();
                        d.delay = if matches!(d.payee, PayeeChoice::New { .. }) { delay() } else { Delay::None };
                        checking.set(true);
                        let result = c.check_transfer(&d, context()).await;
                        checking.set(false);
                        match result {
                            Ok(a) => {
                                let allow = a.decision == Decision::Allow;
                                f.draft = Some(d);
                                f.assessment = Some(a);
                                f.acknowledged = false;
                                f.outcome = None;
                                flow.set(f);
                                error.set(None);
                                nav.push(if allow { Screen::TransferConfirm } else { Screen::TransferCheck });
                            }
                            Err(e) => error.set(Some(e)),
                        }
                    }
                },
                {tr.t("transfer-next")}
            }
            if let Some(e) = error() {
                p { class: "error", role: "alert", "data-testid": "amount-error", {tr.t(e.message_id())} }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::press;

    fn typed(keys: &[&str]) -> String {
        keys.iter().fold(String::new(), |t, k| press(&t, k))
    }

    #[test]
    fn the_keypad_only_makes_amounts() {
        assert_eq!(typed(&["1", "2", "0", "0"]), "1200");
        assert_eq!(typed(&["0", "0", "5"]), "5");
        assert_eq!(typed(&[".", "5"]), "0.5");
        assert_eq!(
            typed(&["1", ".", "2", "3", "4"]),
            "1.23",
            "two decimals at most"
        );
        assert_eq!(typed(&["1", ".", "."]), "1.", "one point");
        assert_eq!(
            typed(&["9"; 12]),
            "99999999",
            "no more than the bank takes in one transfer"
        );
        assert_eq!(
            typed(&[
                "1", "0", "0", "0", "0", "0", "0", "0", "0", "0", ".", "0", "1"
            ]),
            "100000000.0",
            "¥100,000,000 exactly, and not a fen more"
        );
        assert_eq!(typed(&["1", "2", "⌫"]), "1");
        assert_eq!(typed(&["⌫"]), "");
    }
}
