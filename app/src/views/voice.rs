//! 语音: she says (on the desktop: types) what she wants; the screen shows
//! what was heard and what the core understood: a question, or what will
//! happen with 对 / 不对. Money and card actions wait for 对; a transfer
//! then opens the amount screen already filled in, and goes on through the
//! normal check and confirmation. Every decision is the core's
//! ([`happylife_core::voice::assistant`]).

use crate::components::{CallLink, Frame};
use crate::context::{Flow, Prefill, ReadAloudNext, ScamReport, use_companion};
use crate::state::{Screen, use_nav, use_tr};
use dioxus::prelude::*;
use happylife_core::Money;
use happylife_core::voice::assistant::Understanding;
use happylife_core::voice::intent::IntentKind;

/// The voice screen.
#[component]
pub fn Voice() -> Element {
    let tr = use_tr();
    let nav = use_nav();
    let companion = use_companion();
    let mut flow = use_context::<Signal<Flow>>();
    let mut prefill = use_context::<Prefill>().0;
    let mut read_next = use_context::<ReadAloudNext>().0;
    let mut report = use_context::<ScamReport>().0;
    let mut settings = crate::state::use_settings();
    let mut text = use_signal(String::new);
    // What she said so far in this exchange (joined while a question is open).
    let mut said = use_signal(String::new);
    let mut turn = use_signal(|| None::<Understanding>);
    let mut busy = use_signal(|| false);
    let mut problem = use_signal(|| None::<&'static str>);

    // What 对 does (and what a plain wish does at once).
    let c_act = companion.clone();
    let act = move |u: Understanding| {
        let c = c_act.clone();
        spawn(async move {
            let debit = c.debit_account().await.ok().flatten();
            match u.intent.kind {
                IntentKind::Transfer => {
                    if let (Some(p), Some(from)) = (&u.payee, debit) {
                        let amount = Money::cny(u.intent.slots.amount_fen.unwrap_or(0));
                        flow.set(Flow::to_saved(from.0, p, amount));
                        nav.replace(Screen::TransferAmount);
                    } else {
                        nav.replace(Screen::Transfer);
                    }
                }
                IntentKind::CheckBalance => nav.replace(Screen::Accounts),
                IntentKind::ListTransactions => match debit {
                    Some(id) => nav.replace(Screen::AccountDetail(id)),
                    None => nav.replace(Screen::Accounts),
                },
                IntentKind::PayBill => {
                    // Her open bill of the kind she named goes to 请核对 (never
                    // paid from the voice alone); otherwise the bills list.
                    let kind = u
                        .intent
                        .slots
                        .bill_kind
                        .and_then(|k| happylife_core::bills::BillKind::from_code(k.code()));
                    let bill = c
                        .bills()
                        .await
                        .unwrap_or_default()
                        .into_iter()
                        .find(|b| b.is_open() && Some(b.account.kind) == kind);
                    match bill {
                        Some(b) => nav.replace(Screen::BillPay(b.id)),
                        None => nav.replace(Screen::Bills),
                    }
                }
                // After her 对: the lock she named is on (queued when
                // offline), and the card guard shows it.
                IntentKind::LockCard => {
                    let kind = u
                        .intent
                        .slots
                        .lock_kind
                        .unwrap_or(happylife_core::voice::intent::LockKind::All);
                    if let Err(e) = c.lock_by_voice(kind).await {
                        problem.set(Some(e.message_id()));
                        return;
                    }
                    nav.replace(Screen::CardGuard);
                }
                // Turning a lock off is done by her hand on the card guard.
                IntentKind::UnlockCard => nav.replace(Screen::CardGuard),
                // At once, here: the answer says what changed.
                IntentKind::ChangeSetting => {
                    if let Some(change) = u.intent.slots.setting {
                        let r = c.change_setting_by_voice(change).await;
                        settings.set(c.settings());
                        if let Err(e) = r {
                            problem.set(Some(e.message_id()));
                        }
                    }
                }
                IntentKind::OpenReminders => nav.replace(Screen::Reminders),
                IntentKind::OpenWealth => nav.replace(Screen::Wealth),
                IntentKind::OpenClassroom => nav.replace(Screen::Classroom),
                IntentKind::FileComplaint => nav.replace(Screen::Complaints),
                IntentKind::Search => {
                    prefill.set(u.intent.slots.query.clone());
                    nav.replace(Screen::Search);
                }
                // Reported in writing, as a complaint about a scam with the
                // number she said: nothing is frozen.
                IntentKind::ReportScam => {
                    report.set(Some(u.intent.slots.target.clone().unwrap_or_default()));
                    nav.replace(Screen::Report);
                }
                IntentKind::ReportFraud => nav.replace(Screen::Scammed),
                IntentKind::CheckFraud => {
                    prefill.set(u.intent.slots.target.clone());
                    nav.replace(Screen::FraudCheck);
                }
                IntentKind::HumanAgent => nav.replace(Screen::Agent),
                IntentKind::ReadAloud => {
                    read_next.set(true);
                    nav.back();
                }
                IntentKind::GoBack => nav.back(),
                IntentKind::GoHome => nav.home(),
                // A call, help, which locks are on, or nothing understood:
                // the answer stays here to be read and heard.
                IntentKind::CallFamily
                | IntentKind::Help
                | IntentKind::CheckCardLocks
                | IntentKind::Unknown => {}
            }
        });
    };

    let act_now = act.clone();
    let c_submit = companion.clone();
    // What she said (typed, or heard by the phone), understood.
    let understand = move |heard: String| {
        let c = c_submit.clone();
        let act = act_now.clone();
        let heard = heard.trim().to_string();
        if heard.is_empty() {
            return;
        }
        spawn(async move {
            busy.set(true);
            let open_question = turn().filter(|u| u.asks && !u.needs_yes).is_some();
            let u = if open_question {
                c.understand_reply(&said(), &heard).await
            } else {
                c.understand(&heard).await
            };
            busy.set(false);
            text.set(String::new());
            let u = match u {
                Ok(u) => u,
                Err(e) => {
                    problem.set(Some(e.message_id()));
                    return;
                }
            };
            problem.set(None);
            said.set(if open_question {
                format!("{}，{heard}", said())
            } else {
                heard
            });
            let plain = !u.asks && !u.needs_yes;
            turn.set(Some(u.clone()));
            if plain && !matches!(u.intent.kind, IntentKind::Help) {
                act(u);
            }
        });
    };

    let understand_typed = understand.clone();
    let submit = move |_| understand_typed(text());
    // On a phone: she speaks, the phone's recogniser writes it down.
    let c_listen = companion.clone();
    let listen_prompt = tr.t("voice-listen-prompt");
    let listen = move |_| {
        let c = c_listen.clone();
        let prompt = listen_prompt.clone();
        let understand = understand.clone();
        spawn(async move {
            busy.set(true);
            problem.set(None);
            let heard = c.hear_words(&prompt).await;
            busy.set(false);
            match heard {
                Ok(words) if words.is_empty() => problem.set(Some("voice-nothing-heard")),
                Ok(words) => understand(words),
                Err(e) => problem.set(Some(e.message_id())),
            }
        });
    };
    let can_listen = companion.can_capture_voice();

    let current = turn();
    let speech = current
        .as_ref()
        .map(|u| u.say.clone())
        .unwrap_or_else(|| tr.t("speech-voice"));
    // A call the app cannot make: her phone's contacts have the number.
    // A call to a linked family member: her number from the bank opens the
    // dialer; she presses call herself.
    let call_button = current
        .as_ref()
        .filter(|u| u.intent.kind == IntentKind::CallFamily && !u.asks)
        .and_then(|u| {
            let phone = u.member_phone.clone()?;
            let name = u.member_name.clone().unwrap_or_default();
            let label = tr.ta(
                "family-call-member-number",
                &[
                    ("name", name.into()),
                    ("phone", happylife_core::auth::mask_phone(&phone).into()),
                ],
            );
            Some((phone, label))
        });
    let call_line = current
        .as_ref()
        .filter(|u| u.intent.kind == IntentKind::CallFamily && !u.asks && u.member_phone.is_none())
        .map(|u| {
            let who = u
                .member_name
                .clone()
                .or(u.intent.slots.member.clone())
                .unwrap_or_default();
            tr.ta("voice-call-no-number", &[("member", who.into())])
        });
    let waits_for_yes = current
        .as_ref()
        .is_some_and(|u| u.needs_yes && u.intent.kind != IntentKind::CallFamily);
    let yes = current.clone();
    rsx! {
        Frame { title: tr.t("voice-title"), speech, back: true,
            p { class: "body", {tr.t("voice-intro")} }
            if can_listen {
                button { class: "toggle", "data-testid": "voice-listen", disabled: busy(), onclick: listen,
                    if busy() { {tr.t("voiceprint-listening-words")} } else { {tr.t("voice-listen")} } }
            }
            label { r#for: "voice-text", class: "field-label", {tr.t("voice-label")} }
            input {
                id: "voice-text",
                class: "field short",
                "data-testid": "voice-text",
                maxlength: "200",
                value: "{text}",
                oninput: move |e| text.set(e.value()),
            }
            button { class: "wide", "data-testid": "voice-submit", disabled: busy(), onclick: submit,
                {tr.t("voice-submit")} }
            if let Some(e) = problem() {
                p { class: "error", role: "alert", "data-testid": "voice-error", {tr.t(e)} }
            }
            div { role: "status", "aria-live": "polite",
                if let Some(u) = current {
                    p { class: "body muted", "data-testid": "voice-heard", {tr.ta("voice-heard", &[("text", said().into())])} }
                    p { class: "big", "data-testid": "voice-say", "{u.say}" }
                    if u.intent.kind == IntentKind::Help {
                        p { class: "body", "data-testid": "voice-help", {tr.t("voice-help-examples")} }
                    }
                    if let Some(line) = call_line {
                        p { class: "body", "data-testid": "voice-call", "{line}" }
                    }
                    if let Some((phone, label)) = call_button {
                        CallLink { number: phone, label, testid: "voice-call-member" }
                    }
                    if u.intent.kind == IntentKind::CheckCardLocks {
                        button { class: "wide", "data-testid": "voice-open-card-guard",
                            onclick: move |_| nav.push(Screen::CardGuard),
                            {tr.t("tile-card-guard")} }
                    }
                }
            }
            if waits_for_yes {
                div { class: "choices", role: "group",
                    button { class: "confirm-go", "data-testid": "voice-yes",
                        onclick: move |_| {
                            if let Some(u) = yes.clone() {
                                act.clone()(u);
                            }
                        },
                        {tr.t("voice-yes")} }
                    button { class: "quietbtn", "data-testid": "voice-no",
                        onclick: move |_| {
                            turn.set(None);
                            said.set(String::new());
                        },
                        {tr.t("voice-no")} }
                }
            }
        }
    }
}
