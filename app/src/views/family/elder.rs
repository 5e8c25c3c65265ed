//! One elder, from the family member's side: approvals, alerts, her
//! money for a helper, the limit for a guardian.

use crate::components::{CallLink, Frame, approval_outcome};
use crate::context::use_companion;
use crate::state::{Tr, use_data_version, use_nav, use_tr};
use dioxus::prelude::*;
use happylife_core::family::{
    Approval, ApprovalStatus, ElderAccount, ElderTransaction, LinkStatus, Permission,
};
use happylife_core::{CompanionError, Money};

use super::role_name;

/// One elder, from the family member's side.
#[component]
pub fn FamilyElder(link_id: i64) -> Element {
    let tr = use_tr();
    let nav = use_nav();
    let companion = use_companion();
    let version = use_data_version();
    let c = companion.clone();
    let data = use_resource(move || {
        let _reload = version();
        let c = c.clone();
        async move {
            let link = c.family_link(link_id).await.ok();
            let (approvals, alerts) = match &link {
                Some(l) => (
                    c.approvals(Some(&l.elder_id)).await.unwrap_or_default(),
                    c.family_alerts(Some(&l.elder_id)).await.unwrap_or_default(),
                ),
                None => (vec![], vec![]),
            };
            (link, approvals, alerts)
        }
    });
    let (link, approvals, alerts) = data.read().clone().unwrap_or_default();
    let Some(l) = link.filter(|l| l.status == LinkStatus::Active) else {
        return rsx! {
            Frame { title: tr.t("tile-family"), speech: tr.t("family-link-ended"), back: true,
                p { class: "big", role: "status", "data-testid": "elder-gone", {tr.t("family-link-ended")} }
                button { class: "wide", onclick: move |_| nav.back(), {tr.t("nav-back")} }
            }
        };
    };
    let now = companion.now();
    let title = tr.ta(
        "family-elder-title",
        &[("name", l.elder_name.clone().into())],
    );
    let guardian = l.role.allows(Permission::CoSign);
    let (open, closed): (Vec<Approval>, Vec<Approval>) =
        approvals.into_iter().partition(|a| a.status.is_open());
    rsx! {
        Frame { title, speech: tr.t("speech-family-elder"), back: true,
            p { class: "body", "data-testid": "elder-role", {tr.ta("family-my-role", &[("role", role_name(&tr, l.role).into())])} }
            if let Some(phone) = l.elder_phone.clone() {
                CallLink {
                    number: phone.clone(),
                    label: tr.ta("family-call-elder-number", &[("name", l.elder_name.clone().into()), ("phone", happylife_core::auth::mask_phone(&phone).into())]),
                    testid: "elder-call",
                }
            }
            if guardian {
                section { class: "group", "data-testid": "approvals",
                    h2 { {tr.t("family-approvals")} }
                    if open.is_empty() {
                        p { {tr.t("family-approvals-none")} }
                    }
                    for a in open {
                        ApprovalCard { key: "{a.id}", approval: a, now }
                    }
                    for a in closed.into_iter().take(5) {
                        div { key: "{a.id}", class: "txn", "data-testid": "approval-done",
                            p { class: "what", {tr.ta("family-approval-line", &[("elder", a.elder_name.clone().into()), ("amount", a.amount.format_grouped().into()), ("payee", a.payee_name.clone().into()), ("last4", a.last4.clone().into())])} }
                            p { class: "status", "data-testid": "approval-outcome", {approval_outcome(&tr, &a, now)} }
                        }
                    }
                }
            }
            section { class: "group", "data-testid": "alerts",
                h2 { {tr.t("family-alerts")} }
                if alerts.is_empty() {
                    p { {tr.t("family-alerts-none")} }
                }
                ul { class: "txns",
                    for a in alerts {
                        li { key: "{a.id}", class: if a.kind.urgent() { "txn urgent" } else { "txn" }, "data-testid": "alert",
                            p { class: "what", {a.text(tr.i18n(), tr.lang())} }
                            p { class: "when", {tr.when(a.created_at, now)} }
                        }
                    }
                }
            }
            if l.role.allows(Permission::ViewBalances) {
                ElderMoney { elder_id: l.elder_id.clone() }
            }
            if l.role.allows(Permission::ViewTransactions) {
                button { class: "wide", "data-testid": "family-statement-open",
                    onclick: move |_| nav.push(crate::state::Screen::FamilyStatement(link_id)),
                    {tr.t("family-statement-open")} }
            }
            if l.role.allows(Permission::PayBills) {
                super::bills::ElderBillsPanel { link_id, elder_id: l.elder_id.clone(), elder_name: l.elder_name.clone() }
            }
            if l.role.allows(Permission::SetLimit) {
                ElderLimit { elder_id: l.elder_id.clone() }
            }
        }
    }
}

/// A transfer waiting for this guardian: what, why, approve or reject.
#[component]
fn ApprovalCard(approval: Approval, now: chrono::DateTime<chrono::FixedOffset>) -> Element {
    let tr = use_tr();
    let companion = use_companion();
    let mut version = use_data_version();
    let mut error = use_signal(|| None::<CompanionError>);
    let mut busy = use_signal(|| false);
    let id = approval.id;
    let decide = move |yes: bool| {
        let c = companion.clone();
        async move {
            if busy() {
                return;
            }
            busy.set(true);
            error.set(c.decide_approval(id, yes).await.err());
            busy.set(false);
            *version.write() += 1;
            crate::state::wake_sync();
        }
    };
    let decide2 = decide.clone();
    let a = approval;
    let reasons: Vec<String> = a
        .reasons
        .iter()
        .filter_map(|code| happylife_core::transfers::Reason::from_code(code))
        .map(|r| tr.t(&r.message_id()))
        .collect();
    rsx! {
        div { class: "consent", "data-testid": "approval",
            p { class: "big", "data-testid": "approval-line",
                {tr.ta("family-approval-line", &[("elder", a.elder_name.clone().into()), ("amount", a.amount.format_grouped().into()), ("payee", a.payee_name.clone().into()), ("last4", a.last4.clone().into())])} }
            if a.status == ApprovalStatus::AwaitingElder {
                p { class: "status", {approval_outcome(&tr, &a, now)} }
            } else {
                p { {tr.t("family-approval-why")} }
                ul { class: "reasons",
                    for r in reasons {
                        li { "{r}" }
                    }
                }
                p { "data-testid": "approval-expires", {approval_outcome(&tr, &a, now)} }
                div { class: "decide",
                    button { class: "stop", "data-testid": "approval-reject", disabled: busy(), onclick: move |_| decide2(false), {tr.t("family-reject")} }
                    button { class: "quietbtn", "data-testid": "approval-approve", disabled: busy(), onclick: move |_| decide(true), {tr.t("family-approve")} }
                }
            }
            if let Some(e) = error() {
                p { class: "error", role: "alert", "data-testid": "family-error", {tr.t(e.message_id())} }
            }
        }
    }
}

/// A helper's look at the elder's money: asked for on a tap (it is written
/// in her audit list), read live at the bank, never kept on this phone.
#[component]
fn ElderMoney(elder_id: String) -> Element {
    let tr = use_tr();
    let companion = use_companion();
    let mut shown =
        use_signal(|| None::<Result<(Vec<ElderAccount>, Vec<ElderTransaction>), CompanionError>>);
    let now = companion.now();
    let kind_name = |k: &str| tr.t(&format!("account-kind-{}", k.replace('_', "-")));
    rsx! {
        section { class: "group", "data-testid": "elder-money",
            button {
                class: "wide",
                "data-testid": "see-balances",
                onclick: move |_| {
                    let (c, elder) = (companion.clone(), elder_id.clone());
                    async move {
                        let r = match c.elder_accounts(&elder).await {
                            Ok(a) => c.elder_transactions(&elder).await.map(|t| (a, t)),
                            Err(e) => Err(e),
                        };
                        shown.set(Some(r));
                    }
                },
                {tr.t("family-see-balances")}
            }
            match shown() {
                Some(Ok((accounts, txns))) => rsx! {
                    h2 { {tr.t("family-balances")} }
                    ul { class: "txns", "data-testid": "elder-accounts",
                        for a in accounts {
                            li { class: "txn",
                                p { class: "what", "{kind_name(&a.kind)} **** {a.last4}" }
                                p { class: "amount", "data-testid": "elder-balance", {a.balance.format_grouped()} }
                            }
                        }
                    }
                    h2 { {tr.t("family-transactions")} }
                    ul { class: "txns",
                        for t in txns.into_iter().take(10) {
                            li { class: "txn",
                                p { class: "what", {txn_line(&tr, &t)} }
                                p { class: "when", {tr.when(t.posted_at, now)} }
                                p { class: "amount", {t.amount.format_signed()} }
                            }
                        }
                    }
                },
                Some(Err(e)) => rsx! { p { class: "error", role: "alert", "data-testid": "family-error", {tr.t(e.message_id())} } },
                None => rsx! {},
            }
        }
    }
}

/// A transaction in plain words, as the elder's own history says it.
fn txn_line(tr: &Tr, t: &ElderTransaction) -> String {
    match happylife_core::Category::from_code(&t.category) {
        Some(cat) => match cat.counterparty_arg() {
            Some(arg) => tr.ta(
                &cat.message_id(),
                &[(arg, t.counterparty.clone().unwrap_or_default().into())],
            ),
            None => tr.t(&cat.message_id()),
        },
        None => t.counterparty.clone().unwrap_or_default(),
    }
}

/// A guardian sets the elder's daily transfer limit.
#[component]
fn ElderLimit(elder_id: String) -> Element {
    let tr = use_tr();
    let companion = use_companion();
    let mut yuan = use_signal(String::new);
    let mut result = use_signal(|| None::<Result<(), CompanionError>>);
    rsx! {
        section { class: "group", "data-testid": "elder-limit",
            label { r#for: "limit", class: "field-label", {tr.t("family-limit")} }
            input { id: "limit", class: "field short", "data-testid": "limit-yuan", inputmode: "numeric",
                maxlength: "9", value: "{yuan}", oninput: move |e| yuan.set(e.value()) }
            button {
                class: "toggle wide",
                "data-testid": "limit-save",
                onclick: move |_| {
                    let (c, elder) = (companion.clone(), elder_id.clone());
                    async move {
                        let r = match Money::parse_cny(&yuan()) {
                            Ok(m) => c.set_elder_limit(&elder, m).await,
                            Err(e) => Err(e.into()),
                        };
                        result.set(Some(r));
                    }
                },
                {tr.t("family-limit-save")}
            }
            match result() {
                Some(Ok(())) => rsx! { p { class: "status", role: "status", "data-testid": "limit-saved", {tr.t("family-limit-saved")} } },
                Some(Err(e)) => rsx! { p { class: "error", role: "alert", "data-testid": "family-error", {tr.t(e.message_id())} } },
                None => rsx! {},
            }
        }
    }
}
