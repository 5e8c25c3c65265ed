//! 家人 (亲情账户): the elder's side (invite, consent, roles, removal, the
//! audit list, confirming a transfer her guardian approved to themselves)
//! and the family member's side (enter a code; for each elder: transfers
//! to approve, alerts, balances for a helper, the limit for a guardian).
//!
//! Every family action happens at the bank and needs a connection; the
//! lists come from the device and work offline.
//!
//! `mod.rs` is the hub (with her consent and her own confirmations),
//! `invite.rs` inviting and joining, `member.rs` a family member from the
//! elder's side and her audit list, `elder.rs` an elder from the family
//! member's side.

mod bills;
mod elder;
mod invite;
mod member;

pub use bills::FamilyBillPay;
pub use elder::FamilyElder;
pub use invite::{FamilyInvite, FamilyJoin};
pub use member::{FamilyAudit, FamilyMember};

use crate::components::Frame;
use crate::context::use_companion;
use crate::state::{Screen, Tr, use_data_version, use_nav, use_tr};
use dioxus::prelude::*;
use happylife_core::CompanionError;
use happylife_core::family::{Approval, ApprovalStatus, FamilyLink, LinkStatus, Role};

pub(super) fn role_name(tr: &Tr, role: Role) -> String {
    tr.t(role.message_id())
}

/// The 家人 hub.
#[component]
pub fn Family() -> Element {
    let tr = use_tr();
    let nav = use_nav();
    let companion = use_companion();
    let version = use_data_version();
    let c = companion.clone();
    let data = use_resource(move || {
        let _reload = version();
        let c = c.clone();
        async move {
            let me = c.customer_id().await.ok().flatten().unwrap_or_default();
            let members = c.family_members().await.unwrap_or_default();
            let elders = c.cared_for().await.unwrap_or_default();
            let mine: Vec<Approval> = c
                .approvals(Some(&me))
                .await
                .unwrap_or_default()
                .into_iter()
                .filter(|a| a.status == ApprovalStatus::AwaitingElder)
                .collect();
            (members, elders, mine)
        }
    });
    let (members, elders, to_confirm) = data.read().clone().unwrap_or_default();
    let (waiting, active): (Vec<FamilyLink>, Vec<FamilyLink>) = members
        .into_iter()
        .partition(|l| l.status == LinkStatus::PendingConsent);
    let now = companion.now();
    rsx! {
        Frame { title: tr.t("tile-family"), speech: tr.t("speech-family"), back: true,
            if !waiting.is_empty() || !to_confirm.is_empty() {
                section { class: "notice", role: "status", "data-testid": "family-needs-you",
                    h2 { {tr.t("family-needs-you")} }
                    for l in waiting {
                        ConsentRequest { key: "{l.id}", link: l }
                    }
                    for a in to_confirm {
                        ElderConfirm { key: "{a.id}", approval: a, now }
                    }
                }
            }
            section { class: "group", "data-testid": "family-members",
                h2 { {tr.t("family-my-members")} }
                if active.is_empty() {
                    p { {tr.t("family-no-members")} }
                }
                for l in active {
                    button {
                        key: "{l.id}",
                        class: "choice",
                        "data-testid": "family-member",
                        onclick: move |_| nav.push(Screen::FamilyMember(l.id)),
                        {tr.ta("family-member-line", &[("name", l.member_name.clone().into()), ("role", role_name(&tr, l.role).into())])}
                    }
                }
                button { class: "toggle wide", "data-testid": "family-invite", onclick: move |_| nav.push(Screen::FamilyInvite), {tr.t("family-invite")} }
                button { class: "wide", "data-testid": "family-audit", onclick: move |_| nav.push(Screen::FamilyAudit), {tr.t("family-audit")} }
            }
            section { class: "group", "data-testid": "family-cared",
                h2 { {tr.t("family-cared")} }
                for l in elders {
                    button {
                        key: "{l.id}",
                        class: "choice",
                        "data-testid": "family-elder",
                        disabled: l.status != LinkStatus::Active,
                        onclick: move |_| nav.push(Screen::FamilyElder(l.id)),
                        if l.status == LinkStatus::Active {
                            {tr.ta("family-elder-line", &[("name", l.elder_name.clone().into()), ("role", role_name(&tr, l.role).into())])}
                        } else {
                            {tr.ta("family-elder-waiting", &[("name", l.elder_name.clone().into())])}
                        }
                    }
                }
                button { class: "wide", "data-testid": "family-join", onclick: move |_| nav.push(Screen::FamilyJoin), {tr.t("family-join")} }
            }
        }
    }
}

/// "李娜 asks to link as 监护人": the elder's yes or no.
#[component]
fn ConsentRequest(link: FamilyLink) -> Element {
    let tr = use_tr();
    let companion = use_companion();
    let mut version = use_data_version();
    let mut error = use_signal(|| None::<CompanionError>);
    let mut busy = use_signal(|| false);
    let id = link.id;
    let answer = move |yes: bool| {
        let c = companion.clone();
        async move {
            if busy() {
                return;
            }
            busy.set(true);
            error.set(c.answer_link(id, yes).await.err());
            busy.set(false);
            *version.write() += 1;
            crate::state::wake_sync();
        }
    };
    let answer2 = answer.clone();
    rsx! {
        div { class: "consent", "data-testid": "consent-request",
            p { class: "big", {tr.ta("family-consent-line", &[("name", link.member_name.clone().into()), ("role", role_name(&tr, link.role).into())])} }
            if let Some(phone) = &link.member_phone {
                p { class: "big", "data-testid": "consent-phone", {tr.ta("family-consent-phone", &[("phone", happylife_core::auth::mask_phone(phone).into())])} }
            }
            p { {tr.t(link.role.explain_id())} }
            p { class: "big", "data-testid": "consent-warn", {tr.t("family-consent-warn")} }
            div { class: "decide",
                button { class: "confirm-go", "data-testid": "consent-yes", disabled: busy(), onclick: move |_| answer(true), {tr.t("family-consent-yes")} }
                button { class: "stop", "data-testid": "consent-no", disabled: busy(), onclick: move |_| answer2(false), {tr.t("family-consent-no")} }
            }
            if let Some(e) = error() {
                p { class: "error", role: "alert", {tr.t(e.message_id())} }
            }
        }
    }
}

/// The elder's own word on money her guardian approved to themselves.
#[component]
fn ElderConfirm(approval: Approval, now: chrono::DateTime<chrono::FixedOffset>) -> Element {
    let tr = use_tr();
    let companion = use_companion();
    let mut version = use_data_version();
    let mut error = use_signal(|| None::<CompanionError>);
    let mut busy = use_signal(|| false);
    let id = approval.id;
    let answer = move |yes: bool| {
        let c = companion.clone();
        async move {
            if busy() {
                return;
            }
            busy.set(true);
            error.set(c.confirm_approval(id, yes).await.err());
            busy.set(false);
            *version.write() += 1;
            crate::state::wake_sync();
        }
    };
    let answer2 = answer.clone();
    let who = approval.decided_by.clone().unwrap_or_default();
    rsx! {
        div { class: "consent", "data-testid": "elder-confirm",
            p { class: "big", {tr.ta("family-confirm-line", &[("who", who.into()), ("amount", approval.amount.format_grouped().into())])} }
            p { {tr.ta("family-approval-expires", &[("time", tr.when(approval.expires_at, now).into())])} }
            div { class: "decide",
                button { class: "stop", "data-testid": "elder-confirm-no", disabled: busy(), onclick: move |_| answer2(false), {tr.t("family-confirm-no")} }
                button { class: "quietbtn", "data-testid": "elder-confirm-yes", disabled: busy(), onclick: move |_| answer(true), {tr.t("family-confirm-yes")} }
            }
            if let Some(e) = error() {
                p { class: "error", role: "alert", {tr.t(e.message_id())} }
            }
        }
    }
}
