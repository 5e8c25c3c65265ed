//! 转账, one task per screen:
//! whom to → (a new payee's details) → amount on a big keypad → the risk
//! check (warn with a wait, co-sign, block) → 请核对 (confirmation) → result.
//!
//! The decisions are the core's (`check_transfer`, `send_transfer`); these
//! screens only show them. The confirm button is disabled the moment it is
//! pressed, so one confirmation sends one request.

use crate::components::{ConfirmCard, ConfirmRow, Frame, capital_words};
use crate::state::{Screen, use_data_version, use_nav, use_tr};
use crate::views::fraud_check::ANTI_FRAUD;
use crate::views::info::HOTLINE;
use dioxus::prelude::*;
use happylife_core::transfers::{
    Assessment, ContextFacts, Decision, Delay, Payee, PayeeChoice, TransferDraft, TransferOutcome,
    TransferRecord, TransferStatus,
};
use happylife_core::{Companion, CompanionError, Money};

/// The transfer being prepared, shared by the steps.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Flow {
    /// What the elder has entered so far.
    pub draft: Option<TransferDraft>,
    /// The draft this transfer continues (deleted once it is sent).
    pub replaces: Option<i64>,
    /// Payee's name and masked number, for the screens.
    pub payee_label: Option<(String, Option<String>, String)>,
    /// The last risk check.
    pub assessment: Option<Assessment>,
    /// The elder read the warning and chose to go on.
    pub acknowledged: bool,
    /// What sending gave.
    pub outcome: Option<Result<TransferOutcome, CompanionError>>,
}

impl Flow {
    /// A new transfer from account `from` to a saved payee, starting at
    /// `amount` (the keypad's, or what she said to the voice assistant).
    pub fn to_saved(from: i64, payee: &Payee, amount: Money) -> Flow {
        Flow {
            draft: Some(TransferDraft {
                from_account_id: from,
                payee: PayeeChoice::Saved { id: payee.id },
                amount,
                note: String::new(),
                delay: Delay::None,
            }),
            payee_label: Some(saved_label(payee)),
            ..Flow::default()
        }
    }
}

/// A saved payee as the screens show it: name, relationship, masked number.
fn saved_label(p: &Payee) -> (String, Option<String>, String) {
    (p.name.clone(), p.relationship.clone(), p.number.masked())
}

fn use_flow() -> Signal<Flow> {
    use_context::<Signal<Flow>>()
}

/// What the native shell tells us about the phone (calls, screen sharing).
/// The desktop and web builds know none of it.
fn context() -> ContextFacts {
    ContextFacts::default()
}

/// Whom to: saved payees, someone new, drafts, recent transfers.
#[component]
pub fn Transfer() -> Element {
    let tr = use_tr();
    let nav = use_nav();
    let mut flow = use_flow();
    let companion = use_context::<Companion>();
    let version = use_data_version();
    let c = companion.clone();
    let data = use_resource(move || {
        let _reload = version();
        let c = c.clone();
        async move {
            let payees = c.payees().await.unwrap_or_default();
            let drafts = c.transfer_drafts().await.unwrap_or_default();
            let unresolved = c.unresolved_transfers().await.unwrap_or_default();
            let recent = c.transfers().await.unwrap_or_default();
            let debit = c.debit_account().await.ok().flatten().map(|a| a.0);
            (payees, drafts, unresolved, recent, debit)
        }
    });
    let (payees, drafts, unresolved, recent, debit) = data.read().clone().unwrap_or_default();
    let saved = payees.clone();
    let now = companion.now();
    let mut start = move |draft: TransferDraft, replaces: Option<i64>, label| {
        flow.set(Flow {
            draft: Some(draft),
            replaces,
            payee_label: Some(label),
            ..Flow::default()
        });
        nav.push(Screen::TransferAmount);
    };
    rsx! {
        Frame { title: tr.t("tile-transfer"), speech: tr.t("speech-transfer"), back: true,
            h2 { class: "body", {tr.t("transfer-whom")} }
            if debit.is_none() {
                p { class: "body", {tr.t("transfer-no-account")} }
            }
            ul { class: "cards",
                for p in payees {
                    li { key: "{p.id}",
                        button {
                            class: "payee",
                            "data-testid": "payee-{p.id}",
                            disabled: debit.is_none(),
                            onclick: {
                                let p = p.clone();
                                move |_| {
                                    flow.set(Flow::to_saved(debit.unwrap_or_default(), &p, Money::cny(0)));
                                    nav.push(Screen::TransferAmount);
                                }
                            },
                            span { class: "avatar", "aria-hidden": "true", {p.name.chars().next().map(String::from).unwrap_or_default()} }
                            span { class: "who",
                                span { class: "name", "{p.name}" }
                                if let Some(r) = &p.relationship { span { class: "rel", "{r}" } }
                                span { class: "number", {tr.ta("transfer-masked", &[("last4", p.number.last4().into())])} }
                            }
                        }
                    }
                }
            }
            button {
                class: "wide",
                "data-testid": "new-payee",
                disabled: debit.is_none(),
                onclick: move |_| {
                    flow.set(Flow::default());
                    nav.push(Screen::TransferNewPayee);
                },
                {tr.t("transfer-new-payee")}
            }
            if !unresolved.is_empty() {
                section { class: "group", role: "status", "data-testid": "unresolved",
                    h2 { {tr.t("transfer-unresolved")} }
                    for d in unresolved {
                        p { key: "{d.local_id}", {tr.ta("transfer-unresolved-line", &[("amount", d.draft.amount.format_grouped().into())])} }
                    }
                }
            }
            if !drafts.is_empty() {
                section { class: "group", "data-testid": "drafts",
                    h2 { {tr.t("transfer-drafts")} }
                    p { {tr.t("transfer-drafts-note")} }
                    for d in drafts {
                        div { key: "{d.local_id}", class: "lockrow", "data-testid": "draft",
                            p { class: "what", {tr.ta("transfer-draft-line", &[("amount", d.draft.amount.format_grouped().into()), ("when", tr.when(d.created_at.timestamp(), now).into())])} }
                            button {
                                class: "toggle",
                                "data-testid": "draft-continue",
                                onclick: {
                                    let d = d.clone();
                                    let saved = saved.clone();
                                    move |_| {
                                        let label = match &d.draft.payee {
                                            PayeeChoice::New { name, account, relationship, .. } => (
                                                name.clone(),
                                                relationship.clone(),
                                                happylife_core::accounts::MaskedNumber::from_full(account)
                                                    .map(|m| m.masked())
                                                    .unwrap_or_default(),
                                            ),
                                            PayeeChoice::Saved { id } => match saved.iter().find(|p| p.id == *id) {
                                                Some(p) => saved_label(p),
                                                // A payee no longer saved: the draft cannot go on.
                                                None => return,
                                            },
                                        };
                                        start(d.draft.clone(), Some(d.local_id), label);
                                    }
                                },
                                {tr.t("transfer-draft-continue")}
                            }
                        }
                    }
                }
            }
            if !recent.is_empty() {
                section { class: "group",
                    h2 { {tr.t("transfer-recent")} }
                    ul { class: "txns",
                        for t in recent {
                            RecentTransfer { key: "{t.id}", t }
                        }
                    }
                }
            }
        }
    }
}

#[component]
fn RecentTransfer(t: TransferRecord) -> Element {
    let tr = use_tr();
    let companion = use_context::<Companion>();
    let mut version = use_data_version();
    let mut error = use_signal(|| None::<CompanionError>);
    let mut busy = use_signal(|| false);
    let now = companion.now();
    let status = match t.status {
        TransferStatus::Completed => tr.t("transfer-status-completed"),
        TransferStatus::Scheduled => tr.ta(
            "transfer-status-scheduled",
            &[(
                "when",
                t.arrive_at
                    .map(|a| tr.when(a.timestamp(), now))
                    .unwrap_or_default()
                    .into(),
            )],
        ),
        TransferStatus::Cancelled => tr.t("transfer-status-cancelled"),
        TransferStatus::Blocked => tr.t("transfer-status-blocked"),
        TransferStatus::AwaitingCosign => tr.t("transfer-status-cosign"),
    };
    let can_cancel = t.status == TransferStatus::Scheduled
        && t.arrive_at.is_some_and(|a| a.timestamp() > now.timestamp());
    let id = t.id;
    // A co-sign transfer: who in the family decided, and when.
    let c = companion.clone();
    let approval = use_resource(move || {
        let _reload = version();
        let c = c.clone();
        async move { c.approval_for_transfer(id).await.ok().flatten() }
    });
    let decided = approval
        .read()
        .clone()
        .flatten()
        .map(|a| crate::views::family::approval_outcome(&tr, &a, now));
    rsx! {
        li { class: "txn", "data-testid": "recent-transfer",
            p { class: "what", {tr.ta("txn-transfer-out", &[("who", t.payee_name.clone().into())])} }
            p { class: "amount out", {t.amount.format_grouped()} }
            p { class: "status", "data-testid": "transfer-status", "{status}" }
            if let Some(line) = decided {
                p { class: "status", "data-testid": "transfer-decided", "{line}" }
            }
            if can_cancel {
                button {
                    class: "quietbtn",
                    "data-testid": "cancel-transfer",
                    disabled: busy(),
                    onclick: move |_| {
                        let c = companion.clone();
                        async move {
                            busy.set(true);
                            error.set(c.cancel_transfer(id).await.err());
                            busy.set(false);
                            *version.write() += 1;
                            crate::state::wake_sync();
                        }
                    },
                    {tr.t("transfer-cancel-delayed")}
                }
            }
            if let Some(e) = error() {
                p { class: "error", role: "alert", {tr.t(e.message_id())} }
            }
        }
    }
}

/// A new payee: name, account number, relationship, save.
#[component]
pub fn NewPayee() -> Element {
    let tr = use_tr();
    let nav = use_nav();
    let mut flow = use_flow();
    let companion = use_context::<Companion>();
    let mut name = use_signal(String::new);
    let mut account = use_signal(String::new);
    let mut relationship = use_signal(String::new);
    let mut save = use_signal(|| true);
    let mut error = use_signal(|| None::<CompanionError>);
    rsx! {
        Frame { title: tr.t("transfer-new-payee"), speech: tr.t("speech-transfer-new-payee"), back: true,
            label { r#for: "payee-name", class: "field-label", {tr.t("transfer-payee-name")} }
            input { id: "payee-name", class: "field short", "data-testid": "payee-name", maxlength: "40",
                value: "{name}", oninput: move |e| name.set(e.value()) }
            label { r#for: "payee-account", class: "field-label", {tr.t("transfer-payee-account")} }
            input { id: "payee-account", class: "field short", "data-testid": "payee-account", inputmode: "numeric",
                maxlength: "40", value: "{account}", oninput: move |e| account.set(e.value()) }
            label { r#for: "payee-rel", class: "field-label", {tr.t("transfer-payee-relationship")} }
            input { id: "payee-rel", class: "field short", "data-testid": "payee-relationship", maxlength: "20",
                value: "{relationship}", oninput: move |e| relationship.set(e.value()) }
            button {
                class: "choice",
                "aria-pressed": save(),
                "data-testid": "payee-save",
                onclick: move |_| save.set(!save()),
                {tr.t("transfer-payee-save")}
            }
            button {
                class: "toggle",
                "data-testid": "payee-next",
                onclick: move |_| {
                    let c = companion.clone();
                    async move {
                        let Some(n) = happylife_core::fraud::normalize::account(&account()) else {
                            error.set(Some(CompanionError::InvalidPayeeAccount));
                            return;
                        };
                        let who = name().trim().to_string();
                        if who.is_empty() || who.chars().count() > 40 {
                            error.set(Some(CompanionError::InvalidPayeeName));
                            return;
                        }
                        let debit = c
                            .debit_account()
                            .await
                            .ok()
                            .flatten()
                            .map(|a| a.0)
                            .unwrap_or_default();
                        let rel = Some(relationship().trim().to_string()).filter(|r| !r.is_empty());
                        let masked = happylife_core::accounts::MaskedNumber::from_full(&n.value)
                            .map(|m| m.masked())
                            .unwrap_or_default();
                        flow.set(Flow {
                            draft: Some(TransferDraft {
                                from_account_id: debit,
                                payee: PayeeChoice::New {
                                    account: n.value,
                                    name: who.clone(),
                                    relationship: rel.clone(),
                                    save: save(),
                                },
                                amount: Money::cny(0),
                                note: String::new(),
                                delay: Delay::TwoHours,
                            }),
                            payee_label: Some((who, rel, masked)),
                            ..Flow::default()
                        });
                        error.set(None);
                        nav.push(Screen::TransferAmount);
                    }
                },
                {tr.t("transfer-next")}
            }
            if let Some(e) = error() {
                p { class: "error", role: "alert", "data-testid": "payee-error", {tr.t(e.message_id())} }
            }
        }
    }
}

/// Keypad keys in screen order.
const KEYS: [&str; 12] = ["1", "2", "3", "4", "5", "6", "7", "8", "9", ".", "0", "⌫"];

/// Adds one key to the amount being typed; refuses what would not be an
/// amount (a second dot, a third decimal, more than nine digits of yuan).
pub fn press(typed: &str, key: &str) -> String {
    match key {
        "⌫" => {
            let mut t = typed.to_string();
            t.pop();
            t
        }
        "." if typed.contains('.') => typed.to_string(),
        "." if typed.is_empty() => "0.".to_string(),
        d => {
            if let Some((_, dec)) = typed.split_once('.') {
                if dec.len() >= 2 {
                    return typed.to_string();
                }
            } else if typed.len() >= 9 {
                return typed.to_string();
            }
            if typed == "0" && d != "." {
                return d.to_string();
            }
            format!("{typed}{d}")
        }
    }
}

/// Amount on a big keypad, note, and (for a new payee) when it arrives.
#[component]
pub fn Amount() -> Element {
    let tr = use_tr();
    let nav = use_nav();
    let mut flow = use_flow();
    let companion = use_context::<Companion>();
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

/// The reasons and the scam's explanation, and for a block, whom to call.
#[component]
fn RiskExplained(assessment: Assessment) -> Element {
    let tr = use_tr();
    let heading = tr.t(&format!("decision-{}", assessment.decision.code()));
    rsx! {
        section { class: "verdict danger", role: "alert", "data-testid": "risk",
            "data-decision": assessment.decision.code(),
            h2 { "{heading}" }
            if let Some(scam) = assessment.category {
                p { class: "big", "data-testid": "risk-scam", {tr.ta("transfer-looks-like", &[("scam", tr.t(&scam.name_id()).into())])} }
                p { class: "body", "data-testid": "risk-explain", {tr.t(&scam.explain_id())} }
            }
            h3 { class: "body", {tr.t("transfer-reasons")} }
            ul { class: "reasons",
                for r in assessment.reasons.iter() {
                    li { key: "{r.code()}", "data-testid": "reason-{r.code()}", {tr.t(&r.message_id())} }
                }
            }
        }
        if assessment.decision == Decision::Block {
            a { class: "button call", href: "tel:{ANTI_FRAUD}", "data-testid": "call-96110",
                {tr.ta("scammed-call-antifraud", &[("number", ANTI_FRAUD.into())])} }
            a { class: "button call", href: "tel:{HOTLINE.replace('-', \"\")}", "data-testid": "call-bank",
                {tr.ta("scammed-call-bank", &[("number", HOTLINE.into())])} }
        }
    }
}

/// Warn (read, wait, then go on), co-sign (submit and wait), block (stop).
#[component]
pub fn Check() -> Element {
    let tr = use_tr();
    let nav = use_nav();
    let mut flow = use_flow();
    let f = flow.read().clone();
    let Some(assessment) = f.assessment.clone() else {
        return rsx! { Frame { title: tr.t("tile-transfer"), speech: String::new(), back: true } };
    };
    let wait = assessment.wait_seconds;
    let mut left = use_signal(move || wait);
    use_future(move || async move {
        while left() > 0 {
            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
            left.set(left().saturating_sub(1));
        }
    });
    let decision = assessment.decision;
    let speech = tr.t(&format!("decision-{}", decision.code()));
    rsx! {
        Frame { title: tr.t("transfer-check-title"), speech, back: true,
            RiskExplained { assessment }
            if decision == Decision::Warn {
                p { class: "body", role: "timer", "data-testid": "wait",
                    if left() > 0 { {tr.ta("transfer-wait", &[("seconds", i64::from(left()).into())])} } else { {tr.t("transfer-wait-done")} }
                }
            }
            if decision == Decision::Cosign {
                p { class: "body", "data-testid": "cosign-note", {tr.t("transfer-cosign-note")} }
            }
            div { class: "decide",
                button {
                    class: "stop",
                    "data-testid": "check-stop",
                    onclick: move |_| nav.home(),
                    {tr.t("transfer-stop")}
                }
                if decision == Decision::Warn || decision == Decision::Cosign {
                    button {
                        class: "quietbtn",
                        "data-testid": "check-continue",
                        disabled: left() > 0,
                        onclick: move |_| {
                            flow.write().acknowledged = true;
                            nav.replace(Screen::TransferConfirm);
                        },
                        if decision == Decision::Warn { {tr.t("transfer-go-on-warned")} } else { {tr.t("transfer-go-on-cosign")} }
                    }
                }
            }
        }
    }
}

/// 请核对: everything the elder must see before the money moves.
#[component]
pub fn Confirm() -> Element {
    let tr = use_tr();
    let nav = use_nav();
    let mut flow = use_flow();
    let companion = use_context::<Companion>();
    let mut version = use_data_version();
    let mut sending = use_signal(|| false);
    let f = flow.read().clone();
    let Some(draft) = f.draft.clone() else {
        return rsx! { Frame { title: tr.t("tile-transfer"), speech: String::new(), back: true } };
    };
    let (name, rel, masked) = f.payee_label.clone().unwrap_or_default();
    if name.is_empty() || masked.is_empty() {
        // Never ask to confirm without saying who gets the money.
        return rsx! { Frame { title: tr.t("transfer-confirm-title"), speech: String::new(), back: true,
        p { class: "error", role: "alert", {tr.t("error-payee-not-found")} } } };
    }
    let figures = draft.amount.format_grouped();
    let capital = capital_words(draft.amount, tr.lang());
    let speech = tr.ta(
        "speech-transfer-confirm",
        &[
            ("name", name.clone().into()),
            ("amount", figures.clone().into()),
            ("words", capital.clone().into()),
        ],
    );
    let delay_word = tr.t(&format!("transfer-delay-{}", draft.delay.code()));
    let who = match rel {
        Some(r) => format!("{name} ({r})"),
        None => name.clone(),
    };
    let mut rows = vec![
        ConfirmRow::new(tr.t("transfer-confirm-payee"), who, "confirm-name"),
        ConfirmRow::new(tr.t("transfer-confirm-account"), masked, "confirm-account"),
    ];
    rows.extend(ConfirmRow::amount(
        tr.t("transfer-confirm-amount"),
        figures,
        tr.t("transfer-confirm-words"),
        capital,
    ));
    if !draft.note.is_empty() {
        rows.push(ConfirmRow::new(
            tr.t("transfer-note"),
            draft.note.clone(),
            "confirm-note",
        ));
    }
    rows.push(ConfirmRow::new(
        tr.t("transfer-delay"),
        delay_word,
        "confirm-delay",
    ));
    rsx! {
        Frame { title: tr.t("transfer-confirm-title"), speech, back: true,
            ConfirmCard {
                rows,
                cancel_label: tr.t("transfer-cancel"),
                confirm_label: tr.t("transfer-confirm-send"),
                sending_label: tr.t("transfer-sending"),
                sending,
                on_cancel: move |_| nav.home(),
                on_confirm: move |_| {
                    let c = companion.clone();
                    let f = flow.read().clone();
                    spawn(async move {
                        let Some(d) = f.draft.clone() else { return };
                        let shown = if f.acknowledged { f.assessment.as_ref() } else { None };
                        let out = c.send_transfer(&d, context(), shown, f.replaces).await;
                        if let Ok(TransferOutcome::NeedsConfirmation(a)) = &out {
                            // The bank knows more: show its warning, then confirm again.
                            let mut next = f.clone();
                            next.assessment = Some(a.clone());
                            next.acknowledged = false;
                            flow.set(next);
                            sending.set(false);
                            nav.replace(Screen::TransferCheck);
                            return;
                        }
                        flow.write().outcome = Some(out);
                        *version.write() += 1;
                        crate::state::wake_sync();
                        nav.replace(Screen::TransferResult);
                    });
                },
            }
        }
    }
}

/// What happened.
#[component]
pub fn Outcome() -> Element {
    let tr = use_tr();
    let nav = use_nav();
    let flow = use_flow();
    let companion = use_context::<Companion>();
    let f = flow.read().clone();
    let now = companion.now();
    let (class, heading, body) = match &f.outcome {
        Some(Ok(TransferOutcome::Sent(t))) if t.status == TransferStatus::Scheduled => (
            "verdict clear",
            tr.t("transfer-done-scheduled"),
            tr.ta(
                "transfer-done-scheduled-body",
                &[
                    ("amount", t.amount.format_grouped().into()),
                    ("name", t.payee_name.clone().into()),
                    (
                        "when",
                        t.arrive_at
                            .map(|a| tr.when(a.timestamp(), now))
                            .unwrap_or_default()
                            .into(),
                    ),
                ],
            ),
        ),
        Some(Ok(TransferOutcome::Sent(t))) => (
            "verdict clear",
            tr.t("transfer-done"),
            tr.ta(
                "transfer-done-body",
                &[
                    ("amount", t.amount.format_grouped().into()),
                    ("name", t.payee_name.clone().into()),
                ],
            ),
        ),
        Some(Ok(TransferOutcome::AwaitingCosign(_))) => (
            "verdict",
            tr.t("transfer-cosign-waiting"),
            tr.t("transfer-cosign-note"),
        ),
        Some(Ok(TransferOutcome::SavedAsDraft)) => (
            "verdict",
            tr.t("transfer-draft-saved"),
            tr.t("transfer-drafts-note"),
        ),
        Some(Ok(TransferOutcome::Unknown)) => (
            "verdict",
            tr.t("transfer-unknown"),
            tr.t("transfer-unknown-body"),
        ),
        Some(Ok(TransferOutcome::Blocked(_))) => {
            ("verdict danger", tr.t("decision-block"), String::new())
        }
        Some(Ok(TransferOutcome::NeedsConfirmation(_))) | None => {
            ("verdict", tr.t("loading"), String::new())
        }
        Some(Err(e)) => (
            "verdict danger",
            tr.t("transfer-failed"),
            tr.t(e.message_id()),
        ),
    };
    let blocked = match &f.outcome {
        Some(Ok(TransferOutcome::Blocked(a))) => Some(a.clone()),
        _ => None,
    };
    rsx! {
        Frame { title: tr.t("transfer-result-title"), speech: format!("{heading} {body}"), back: false,
            section { class: "{class}", role: "status", "data-testid": "transfer-result",
                h2 { "{heading}" }
                if !body.is_empty() { p { class: "big", "{body}" } }
            }
            if let Some(a) = blocked {
                RiskExplained { assessment: a }
            }
            button { class: "wide", "data-testid": "result-transfers", onclick: move |_| { nav.home(); nav.push(Screen::Transfer); }, {tr.t("transfer-see-list")} }
            button { class: "wide", "data-testid": "result-home", onclick: move |_| nav.home(), {tr.t("nav-home")} }
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
            "999999999",
            "nine digits of yuan at most"
        );
        assert_eq!(typed(&["1", "2", "⌫"]), "1");
        assert_eq!(typed(&["⌫"]), "");
    }
}
