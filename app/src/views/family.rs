//! 家人 (亲情账户): the elder's side (invite, consent, roles, removal, the
//! audit list, confirming a transfer her guardian approved to themselves)
//! and the family member's side (enter a code; for each elder: transfers
//! to approve, alerts, balances for a helper, the limit for a guardian).
//!
//! Every family action happens at the bank and needs a connection; the
//! lists come from the device and work offline.

use crate::components::Frame;
use crate::state::{Screen, Tr, use_data_version, use_nav, use_tr};
use dioxus::prelude::*;
use happylife_core::family::{
    self, Approval, ApprovalStatus, ElderAccount, ElderTransaction, FamilyLink, Invite, LinkStatus,
    Permission, Role,
};
use happylife_core::{Companion, CompanionError, Money};

fn role_name(tr: &Tr, role: Role) -> String {
    tr.t(role.message_id())
}

/// What needs the person holding this phone, for the home screen: links
/// waiting for her consent, transfers waiting for her (as the elder or as a
/// guardian).
pub async fn needs_you(c: &Companion) -> usize {
    let Ok(Some(me)) = c.customer_id().await else {
        return 0;
    };
    let now = c.now().timestamp();
    let consents = c
        .family_members()
        .await
        .unwrap_or_default()
        .iter()
        .filter(|l| l.status == LinkStatus::PendingConsent)
        .count();
    let approvals = c
        .approvals(None)
        .await
        .unwrap_or_default()
        .iter()
        .filter(|a| a.expires_at > now)
        .filter(|a| {
            (a.elder_id == me && a.status == ApprovalStatus::AwaitingElder)
                || (a.elder_id != me && a.status == ApprovalStatus::Pending)
        })
        .count();
    consents + approvals
}

/// The 家人 hub.
#[component]
pub fn Family() -> Element {
    let tr = use_tr();
    let nav = use_nav();
    let companion = use_context::<Companion>();
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
    let companion = use_context::<Companion>();
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
    let companion = use_context::<Companion>();
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

/// 邀请家人: pick what the family member may do, then show the code and QR.
#[component]
pub fn FamilyInvite() -> Element {
    let tr = use_tr();
    let companion = use_context::<Companion>();
    let mut invite = use_signal(|| None::<Invite>);
    let mut error = use_signal(|| None::<CompanionError>);
    let mut busy = use_signal(|| false);
    let now = companion.now();
    let speech = match invite() {
        Some(i) => format!(
            "{} {}",
            tr.t("family-invite-code"),
            i.code
                .chars()
                .map(String::from)
                .collect::<Vec<_>>()
                .join(" ")
        ),
        None => tr.t("speech-family-invite"),
    };
    rsx! {
        Frame { title: tr.t("family-invite-title"), speech, back: true,
            if let Some(i) = invite() {
                section { class: "verdict clear", "data-testid": "invite",
                    h2 { {tr.t("family-invite-code")} }
                    p { class: "code", "data-testid": "invite-code", "aria-label": i.code.clone(), {family::spaced_code(&i.code)} }
                    p { {tr.ta("family-invite-for", &[("role", role_name(&tr, i.role).into())])} }
                    p { class: "big", "data-testid": "invite-expires", {tr.ta("family-invite-expires", &[("time", tr.when(i.expires_at, now).into())])} }
                }
                div { class: "qr", role: "img", "aria-label": tr.t("family-invite-qr"), "data-testid": "invite-qr",
                    dangerous_inner_html: family::invite_qr_svg(&i.code) }
                p { class: "body", {tr.t("family-invite-how")} }
                p { class: "notice", {tr.t("family-invite-never")} }
            } else {
                h2 { class: "body", {tr.t("family-invite-pick")} }
                div { class: "choices", role: "group", "aria-label": tr.t("family-invite-pick"),
                    for role in Role::ALL {
                        {
                            let c = companion.clone();
                            rsx! {
                                button {
                                    key: "{role.code()}",
                                    class: "choice role",
                                    "data-testid": "invite-role-{role.code()}",
                                    disabled: busy(),
                                    onclick: move |_| {
                                        let c = c.clone();
                                        async move {
                                            if busy() {
                                                return;
                                            }
                                            busy.set(true);
                                            match c.create_invite(role).await {
                                                Ok(i) => invite.set(Some(i)),
                                                Err(e) => error.set(Some(e)),
                                            }
                                            busy.set(false);
                                        }
                                    },
                                    span { class: "rolename", {role_name(&tr, role)} }
                                    span { class: "roleexplain", {tr.t(role.explain_id())} }
                                }
                            }
                        }
                    }
                }
                if let Some(e) = error() {
                    p { class: "error", role: "alert", "data-testid": "family-error", {tr.t(e.message_id())} }
                }
            }
        }
    }
}

/// 我是家属: enter the elder's code.
#[component]
pub fn FamilyJoin() -> Element {
    let tr = use_tr();
    let companion = use_context::<Companion>();
    let mut version = use_data_version();
    let mut code = use_signal(String::new);
    let mut error = use_signal(|| None::<CompanionError>);
    let mut sent = use_signal(|| false);
    let mut busy = use_signal(|| false);
    rsx! {
        Frame { title: tr.t("family-join-title"), speech: tr.t("speech-family-join"), back: true,
            if sent() {
                section { class: "verdict clear", role: "status", "data-testid": "join-sent",
                    p { class: "big", {tr.t("family-join-sent")} }
                }
            } else {
                label { r#for: "invite-code", class: "field-label", {tr.t("family-join-code")} }
                input { id: "invite-code", class: "field short code", "data-testid": "join-code", inputmode: "numeric",
                    autocomplete: "off", maxlength: "20", value: "{code}", oninput: move |e| code.set(e.value()) }
                button {
                    class: "toggle wide",
                    "data-testid": "join-send",
                    disabled: busy(),
                    onclick: move |_| {
                        let c = companion.clone();
                        async move {
                            if busy() {
                                return;
                            }
                            busy.set(true);
                            match c.accept_invite(&code()).await {
                                Ok(()) => {
                                    error.set(None);
                                    sent.set(true);
                                }
                                Err(e) => error.set(Some(e)),
                            }
                            busy.set(false);
                            *version.write() += 1;
                        }
                    },
                    {tr.t("family-join-send")}
                }
                if let Some(e) = error() {
                    p { class: "error", role: "alert", "data-testid": "family-error", {tr.t(e.message_id())} }
                }
            }
        }
    }
}

/// One family member, from the elder's side: change the role, or remove.
#[component]
pub fn FamilyMember(link_id: i64) -> Element {
    let tr = use_tr();
    let nav = use_nav();
    let companion = use_context::<Companion>();
    let mut version = use_data_version();
    let c = companion.clone();
    let link = use_resource(move || {
        let _reload = version();
        let c = c.clone();
        async move { c.family_link(link_id).await.ok() }
    });
    let mut error = use_signal(|| None::<CompanionError>);
    let mut sure = use_signal(|| false);
    let mut busy = use_signal(|| false);
    let Some(Some(l)) = link.read().clone() else {
        return rsx! { Frame { title: tr.t("family-member-title"), speech: String::new(), back: true } };
    };
    if l.status != LinkStatus::Active {
        return rsx! {
            Frame { title: l.member_name.clone(), speech: tr.t("family-member-removed"), back: true,
                p { class: "big", role: "status", "data-testid": "member-removed", {tr.t("family-member-removed")} }
                button { class: "wide", onclick: move |_| nav.back(), {tr.t("nav-back")} }
            }
        };
    }
    let name = l.member_name.clone();
    let c_remove = companion.clone();
    rsx! {
        Frame { title: name.clone(), speech: tr.ta("family-member-role", &[("role", role_name(&tr, l.role).into())]), back: true,
            p { class: "big", "data-testid": "member-role", {tr.ta("family-member-role", &[("role", role_name(&tr, l.role).into())])} }
            p { class: "body", {tr.t(l.role.explain_id())} }
            h2 { class: "body", {tr.t("family-member-change")} }
            div { class: "choices", role: "group", "aria-label": tr.t("family-member-change"),
                for role in Role::ALL {
                    {
                        let c = companion.clone();
                        rsx! {
                            button {
                                key: "{role.code()}",
                                class: "choice",
                                "data-testid": "role-{role.code()}",
                                "aria-pressed": l.role == role,
                                disabled: busy() || l.role == role,
                                onclick: move |_| {
                                    let c = c.clone();
                                    async move {
                                        busy.set(true);
                                        error.set(c.change_role(link_id, role).await.err());
                                        busy.set(false);
                                        *version.write() += 1;
                                    }
                                },
                                {role_name(&tr, role)}
                            }
                        }
                    }
                }
            }
            if sure() {
                section { class: "verdict danger", role: "alert",
                    p { class: "big", {tr.ta("family-member-remove-sure", &[("name", name.clone().into())])} }
                    div { class: "decide",
                        button { class: "quietbtn", "data-testid": "remove-cancel", onclick: move |_| sure.set(false), {tr.t("transfer-cancel")} }
                        button {
                            class: "stop",
                            "data-testid": "remove-yes",
                            disabled: busy(),
                            onclick: move |_| {
                                let c = c_remove.clone();
                                async move {
                                    busy.set(true);
                                    error.set(c.remove_link(link_id).await.err());
                                    busy.set(false);
                                    sure.set(false);
                                    *version.write() += 1;
                                }
                            },
                            {tr.t("family-member-remove-yes")}
                        }
                    }
                }
            } else {
                button { class: "stop", "data-testid": "member-remove", onclick: move |_| sure.set(true), {tr.t("family-member-remove")} }
            }
            if let Some(e) = error() {
                p { class: "error", role: "alert", "data-testid": "family-error", {tr.t(e.message_id())} }
            }
        }
    }
}

/// 家人做过什么: every look and every action of a family member.
#[component]
pub fn FamilyAudit() -> Element {
    let tr = use_tr();
    let companion = use_context::<Companion>();
    let version = use_data_version();
    let c = companion.clone();
    let entries = use_resource(move || {
        let _reload = version();
        let c = c.clone();
        async move { c.family_audit().await.unwrap_or_default() }
    });
    let entries = entries.read().clone().unwrap_or_default();
    let now = companion.now();
    rsx! {
        Frame { title: tr.t("family-audit-title"), speech: tr.t("speech-family-audit"), back: true,
            if entries.is_empty() {
                p { class: "body", {tr.t("family-audit-none")} }
            }
            ul { class: "txns", "data-testid": "audit",
                for a in entries {
                    li { key: "{a.id}", class: "txn", "data-testid": "audit-line",
                        p { class: "what", {a.text(tr.i18n(), tr.lang())} }
                        p { class: "when", {tr.when(a.at, now)} }
                    }
                }
            }
        }
    }
}

/// What became of an approval, in words (for both sides).
pub fn approval_outcome(
    tr: &Tr,
    a: &Approval,
    now: chrono::DateTime<chrono::FixedOffset>,
) -> String {
    let who = a.decided_by.clone().unwrap_or_default();
    let time = a.decided_at.map(|t| tr.when(t, now)).unwrap_or_default();
    let args = [("who", who.into()), ("time", time.into())];
    match a.status {
        ApprovalStatus::Pending => tr.ta(
            "family-approval-expires",
            &[("time", tr.when(a.expires_at, now).into())],
        ),
        ApprovalStatus::AwaitingElder => tr.ta("family-approval-awaiting-elder", &args),
        ApprovalStatus::Approved if a.decided_by.is_some() => {
            tr.ta("family-approval-approved", &args)
        }
        ApprovalStatus::Approved => tr.t("family-approval-approved-elder"),
        ApprovalStatus::Rejected if a.decided_by.is_some() => {
            tr.ta("family-approval-rejected", &args)
        }
        ApprovalStatus::Rejected => tr.t("family-approval-cancelled"),
        ApprovalStatus::Expired => tr.t("family-approval-expired"),
    }
}

/// One elder, from the family member's side.
#[component]
pub fn FamilyElder(link_id: i64) -> Element {
    let tr = use_tr();
    let nav = use_nav();
    let companion = use_context::<Companion>();
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
    let companion = use_context::<Companion>();
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
    let companion = use_context::<Companion>();
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
    let companion = use_context::<Companion>();
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
