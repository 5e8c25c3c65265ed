//! 请核对: the one confirmation every money movement goes through (a
//! transfer, a bill, an auto-pay agreement, a product order). Cancel at the
//! top in grey, confirm at the bottom in green: different colours and
//! places. The confirm button is disabled the moment it is pressed, so one
//! confirmation sends one request.

use dioxus::prelude::*;
use happylife_core::{Language, Money};

/// An amount in capital Chinese words, as 请核对 shows it under the figures
/// (伍佰元整; traditional characters for 繁體中文).
pub fn capital_words(amount: Money, lang: Language) -> String {
    amount.capital_words(lang == Language::ZhTw)
}

/// One line of what is confirmed.
#[derive(Clone, Debug, PartialEq)]
pub struct ConfirmRow {
    /// What it is (收款人, 金额…).
    pub label: String,
    /// Its value.
    pub value: String,
    /// `data-testid` of the value.
    pub testid: &'static str,
    /// Extra class of the value (`balance` for the figures, `words`).
    pub class: &'static str,
}

impl ConfirmRow {
    /// A plain row.
    pub fn new(label: String, value: String, testid: &'static str) -> ConfirmRow {
        ConfirmRow {
            label,
            value,
            testid,
            class: "",
        }
    }

    /// The amount in large figures and, after it, in capital Chinese words.
    pub fn amount(
        figures_label: String,
        figures: String,
        words_label: String,
        words: String,
    ) -> [ConfirmRow; 2] {
        [
            ConfirmRow {
                label: figures_label,
                value: figures,
                testid: "confirm-figures",
                class: "balance",
            },
            ConfirmRow {
                label: words_label,
                value: words,
                testid: "confirm-words",
                class: "words",
            },
        ]
    }
}

/// The confirmation card: cancel, the rows, confirm.
#[component]
pub fn ConfirmCard(
    rows: Vec<ConfirmRow>,
    cancel_label: String,
    confirm_label: String,
    sending_label: String,
    sending: Signal<bool>,
    on_cancel: EventHandler<()>,
    on_confirm: EventHandler<()>,
) -> Element {
    let mut sending = sending;
    rsx! {
        button {
            class: "cancel",
            "data-testid": "confirm-cancel",
            onclick: move |_| on_cancel.call(()),
            "{cancel_label}"
        }
        dl { class: "confirm",
            for row in rows {
                div { key: "{row.testid}",
                    dt { "{row.label}" }
                    dd { class: "{row.class}", "data-testid": "{row.testid}", "{row.value}" }
                }
            }
        }
        button {
            class: "confirm-go",
            "data-testid": "confirm-send",
            disabled: sending(),
            onclick: move |_| {
                // Set before anything awaits: a second tap finds it set.
                if sending() {
                    return;
                }
                sending.set(true);
                on_confirm.call(());
            },
            if sending() { "{sending_label}" } else { "{confirm_label}" }
        }
    }
}

/// The 请核对 rows of a bill: what, to whom, the utility account, how much
/// (in figures and in capitals). Her own payment and a helper's show them.
pub fn bill_rows(
    tr: &crate::state::Tr,
    what: String,
    provider: String,
    last4: &str,
    figures: String,
    capital: String,
) -> Vec<ConfirmRow> {
    let mut rows = vec![
        ConfirmRow::new(tr.t("bill-confirm-what"), what, "confirm-name"),
        ConfirmRow::new(tr.t("bill-confirm-payee"), provider, "confirm-payee"),
        ConfirmRow::new(
            tr.t("bill-confirm-number"),
            format!("**** {last4}"),
            "confirm-account",
        ),
    ];
    rows.extend(ConfirmRow::amount(
        tr.t("transfer-confirm-amount"),
        figures,
        tr.t("transfer-confirm-words"),
        capital,
    ));
    rows
}
