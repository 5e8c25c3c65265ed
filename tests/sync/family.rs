//! Family binding end to end: the elder's phone and her daughter's phone,
//! each a real device, against the real gateway (SQLite and PostgreSQL).
//! Invites, consent, alerts, co-sign approvals, expiry, revocation, audit.

use happylife_core::accounts::demo::{DAUGHTER, DEMO_CUSTOMER_ID};
use happylife_core::family::{
    AlertKind, ApprovalStatus, AuditAction, FamilyError, LinkStatus, MAX_FAILED_PER_DEVICE,
    MAX_GUESSES_PER_INVITE, Role,
};
use happylife_core::transfers::{
    ContextFacts, Decision, Delay, PayeeChoice, TransferDraft, TransferOutcome, TransferStatus,
};
use happylife_core::{AccountId, Clock, Companion, CompanionError, Money};
use happylife_tests::{backends, clock, device, gateway, gateway_with_clock};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

fn any_port() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 0))
}

const DEBIT: i64 = 1;

async fn phone(gw_url: &str, dir: &std::path::Path, customer: &str) -> Companion {
    let d = device(dir).await;
    d.bind_in_sandbox(gw_url, customer, "phone").await.unwrap();
    d.sync().await.unwrap();
    d
}

fn family_err(e: CompanionError) -> FamilyError {
    match e {
        CompanionError::Family(f) => f,
        other => panic!("expected a family error, got {other:?}"),
    }
}

/// The elder invites her daughter with `role`; the daughter enters the
/// code; the elder consents. Returns the link id.
async fn link(elder: &Companion, daughter: &Companion, role: Role) -> i64 {
    let invite = elder.create_invite(role).await.unwrap();
    assert_eq!(invite.code.len(), 6);
    daughter.accept_invite(&invite.code).await.unwrap();
    elder.sync().await.unwrap();
    let waiting = elder.family_members().await.unwrap();
    assert_eq!(waiting.len(), 1, "{waiting:?}");
    assert_eq!(waiting[0].status, LinkStatus::PendingConsent);
    assert_eq!(waiting[0].member_name, DAUGHTER.name);
    elder.answer_link(waiting[0].id, true).await.unwrap();
    daughter.sync().await.unwrap();
    waiting[0].id
}

async fn balance(d: &Companion) -> i64 {
    d.account(AccountId(DEBIT)).await.unwrap().balance.fen()
}

/// 我被骗了, then a transfer to a saved payee: it needs a co-sign.
async fn cosign_transfer(elder: &Companion, payee_id: i64, yuan: i64) -> i64 {
    let draft = TransferDraft {
        from_account_id: DEBIT,
        payee: PayeeChoice::Saved { id: payee_id },
        amount: Money::cny(yuan * 100),
        note: String::new(),
        delay: Delay::None,
    };
    if elder.scam_reports().await.unwrap().is_empty() {
        elder.report_scam().await.unwrap();
        elder.sync().await.unwrap();
    }
    let check = elder
        .check_transfer(&draft, ContextFacts::default())
        .await
        .unwrap();
    assert_eq!(check.decision, Decision::Cosign);
    match elder
        .send_transfer(&draft, ContextFacts::default(), Some(&check), None)
        .await
        .unwrap()
    {
        TransferOutcome::AwaitingCosign(t) => t.id,
        other => panic!("{other:?}"),
    }
}

async fn payee_id(elder: &Companion, name: &str) -> i64 {
    elder
        .payees()
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.name == name)
        .unwrap()
        .id
}

async fn transfer_status(d: &Companion, id: i64) -> TransferStatus {
    d.transfers()
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.id == id)
        .unwrap()
        .status
}

#[tokio::test]
async fn invite_consent_alerts_and_a_guardian_approves_a_risky_transfer() {
    for (url, _keep) in backends().await {
        let gw = gateway(&url, any_port()).await;
        let (de, dd) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let elder = phone(&gw.url(), de.path(), DEMO_CUSTOMER_ID).await;
        let daughter = phone(&gw.url(), dd.path(), DAUGHTER.id).await;
        // The native shells' notifications.
        let pushed = Arc::new(Mutex::new(Vec::new()));
        let p = pushed.clone();
        happylife_mobile::install_push_hook(
            &daughter,
            Arc::new(move |n| p.lock().unwrap().push(n)),
        );

        // Before consent she has no access at all.
        let invite = elder.create_invite(Role::Guardian).await.unwrap();
        daughter.accept_invite(&invite.code).await.unwrap();
        let mine = daughter.cared_for().await.unwrap();
        assert_eq!(mine[0].status, LinkStatus::PendingConsent);
        assert_eq!(mine[0].elder_id, DEMO_CUSTOMER_ID);
        let e = daughter.elder_accounts(DEMO_CUSTOMER_ID).await.unwrap_err();
        assert_eq!(family_err(e), FamilyError::NotLinked);
        elder.sync().await.unwrap();
        assert_eq!(
            elder.family_needs_you().await.unwrap(),
            1,
            "{url}: home's badge counts her daughter's request to link"
        );
        assert_eq!(daughter.family_needs_you().await.unwrap(), 0, "{url}");
        let link_id = elder.family_members().await.unwrap()[0].id;
        elder.answer_link(link_id, true).await.unwrap();
        daughter.sync().await.unwrap();
        let mine = daughter.cared_for().await.unwrap();
        assert_eq!(
            (mine[0].status, mine[0].role),
            (LinkStatus::Active, Role::Guardian)
        );

        // She sees her mother's balances, and her mother sees that she looked.
        let accounts = daughter.elder_accounts(DEMO_CUSTOMER_ID).await.unwrap();
        assert_eq!(
            accounts
                .iter()
                .find(|a| a.kind == "debit")
                .unwrap()
                .balance
                .fen(),
            balance(&elder).await
        );
        elder.sync().await.unwrap();
        let audit = elder.family_audit().await.unwrap();
        assert_eq!(
            audit.iter().map(|a| a.action).collect::<Vec<_>>(),
            vec![AuditAction::ViewedBalances, AuditAction::Joined]
        );
        assert!(audit.iter().all(|a| a.member_name == DAUGHTER.name));

        // A risky transfer waits for her; no money moves until she says so.
        let before = balance(&elder).await;
        let grandson = payee_id(&elder, "李小明").await;
        let t = cosign_transfer(&elder, grandson, 800).await;
        assert_eq!(balance(&elder).await, before);
        daughter.sync().await.unwrap();
        let kinds: Vec<AlertKind> = daughter
            .family_alerts(None)
            .await
            .unwrap()
            .iter()
            .map(|a| a.kind)
            .collect();
        assert!(kinds.contains(&AlertKind::ScamReported), "{kinds:?}");
        assert!(kinds.contains(&AlertKind::CosignNeeded), "{kinds:?}");
        let notes = pushed.lock().unwrap().clone();
        let scam = notes.iter().find(|n| n.kind == "scam_reported").unwrap();
        assert!(scam.urgent);
        assert_eq!(
            scam.text,
            "王秀兰 按了“我被骗了”，所有卡已冻结。请马上给她打电话。"
        );
        assert_eq!(notes.len(), kinds.len(), "one notification per alert");
        let waiting = daughter.approvals(Some(DEMO_CUSTOMER_ID)).await.unwrap();
        assert_eq!(waiting.len(), 1);
        assert_eq!(waiting[0].status, ApprovalStatus::Pending);
        assert_eq!(waiting[0].amount.fen(), 80_000);
        assert_eq!(waiting[0].payee_name, "李小明");
        assert_eq!(
            daughter.decide_approval(waiting[0].id, true).await.unwrap(),
            ApprovalStatus::Approved
        );
        // Deciding twice does nothing twice.
        let again = daughter.decide_approval(waiting[0].id, true).await;
        assert_eq!(family_err(again.unwrap_err()), FamilyError::ApprovalClosed);

        elder.sync().await.unwrap();
        assert_eq!(transfer_status(&elder, t).await, TransferStatus::Completed);
        assert_eq!(balance(&elder).await, before - 80_000);
        let decided = elder.approval_for_transfer(t).await.unwrap().unwrap();
        assert_eq!(decided.decided_by.as_deref(), Some(DAUGHTER.name));
        assert_eq!(decided.decided_at, Some(clock().now().timestamp()));
        assert_eq!(
            elder.family_audit().await.unwrap()[0].action,
            AuditAction::Approved
        );

        // A rejected one is cancelled and moves nothing.
        let t2 = cosign_transfer(&elder, grandson, 300).await;
        daughter.sync().await.unwrap();
        let open = daughter.approvals(None).await.unwrap();
        assert_eq!(open[0].status, ApprovalStatus::Pending);
        assert_eq!(
            daughter.family_needs_you().await.unwrap(),
            1,
            "{url}: the guardian's badge counts the transfer waiting for her"
        );
        assert_eq!(
            elder.family_needs_you().await.unwrap(),
            0,
            "{url}: her own pending transfer waits for her guardian, not her"
        );
        daughter.decide_approval(open[0].id, false).await.unwrap();
        elder.sync().await.unwrap();
        assert_eq!(transfer_status(&elder, t2).await, TransferStatus::Cancelled);
        assert_eq!(balance(&elder).await, before - 80_000);

        elder.close().await;
        daughter.close().await;
        gw.stop().await;
    }
}

#[tokio::test]
async fn roles_take_effect_at_once_and_revocation_ends_access() {
    for (url, _keep) in backends().await {
        let gw = gateway(&url, any_port()).await;
        let (de, dd) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let elder = phone(&gw.url(), de.path(), DEMO_CUSTOMER_ID).await;
        let daughter = phone(&gw.url(), dd.path(), DAUGHTER.id).await;
        let link_id = link(&elder, &daughter, Role::Viewer).await;

        // A viewer gets alerts, not balances.
        let e = daughter.elder_accounts(DEMO_CUSTOMER_ID).await.unwrap_err();
        assert_eq!(family_err(e), FamilyError::NotPermitted);
        elder.report_scam().await.unwrap();
        elder.sync().await.unwrap();
        daughter.sync().await.unwrap();
        assert_eq!(
            daughter.family_alerts(None).await.unwrap()[0].kind,
            AlertKind::ScamReported
        );

        // Helper: balances and transactions, but no co-sign and no limit.
        elder.change_role(link_id, Role::Helper).await.unwrap();
        assert!(
            !daughter
                .elder_transactions(DEMO_CUSTOMER_ID)
                .await
                .unwrap()
                .is_empty()
        );
        let e = daughter
            .set_elder_limit(DEMO_CUSTOMER_ID, Money::cny(1_000_000))
            .await
            .unwrap_err();
        assert_eq!(family_err(e), FamilyError::NotPermitted);
        let grandson = payee_id(&elder, "李小明").await;
        cosign_transfer(&elder, grandson, 200).await;
        daughter.sync().await.unwrap();
        // A helper is not sent approvals to decide.
        assert!(daughter.approvals(None).await.unwrap().is_empty());

        // Guardian: sets the limit; the elder's audit says so.
        elder.change_role(link_id, Role::Guardian).await.unwrap();
        daughter
            .set_elder_limit(DEMO_CUSTOMER_ID, Money::cny(1_000_000))
            .await
            .unwrap();
        elder.sync().await.unwrap();
        let top = &elder.family_audit().await.unwrap()[0];
        assert_eq!(top.action, AuditAction::ChangedLimit);
        assert_eq!(top.amount, Some(Money::cny(1_000_000)));
        let e = daughter
            .set_elder_limit(DEMO_CUSTOMER_ID, Money::cny(50))
            .await
            .unwrap_err();
        assert_eq!(family_err(e), FamilyError::InvalidLimit);

        // Removed: the next request is refused and her phone forgets her mother.
        elder.remove_link(link_id).await.unwrap();
        let e = daughter.elder_accounts(DEMO_CUSTOMER_ID).await.unwrap_err();
        assert_eq!(family_err(e), FamilyError::NotLinked);
        daughter.sync().await.unwrap();
        assert!(daughter.cared_for().await.unwrap().is_empty());
        assert!(daughter.family_alerts(None).await.unwrap().is_empty());
        assert!(elder.family_members().await.unwrap().is_empty());

        elder.close().await;
        daughter.close().await;
        gw.stop().await;
    }
}

#[tokio::test]
async fn an_approval_nobody_decides_expires_and_cancels_the_transfer() {
    for (url, _keep) in backends().await {
        let bank_clock = clock();
        let gw = gateway_with_clock(&url, any_port(), bank_clock.clone()).await;
        let (de, dd) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let elder = phone(&gw.url(), de.path(), DEMO_CUSTOMER_ID).await;
        let daughter = phone(&gw.url(), dd.path(), DAUGHTER.id).await;
        link(&elder, &daughter, Role::Guardian).await;
        let before = balance(&elder).await;
        let t = cosign_transfer(&elder, payee_id(&elder, "李小明").await, 500).await;
        daughter.sync().await.unwrap();
        let id = daughter.approvals(None).await.unwrap()[0].id;

        bank_clock.set(clock().now() + chrono::Duration::minutes(31));
        happylife_tests::log_in_again(&[&elder, &daughter]).await;
        elder.sync().await.unwrap();
        assert_eq!(transfer_status(&elder, t).await, TransferStatus::Cancelled);
        assert_eq!(balance(&elder).await, before);
        let e = daughter.decide_approval(id, true).await.unwrap_err();
        assert_eq!(family_err(e), FamilyError::ApprovalClosed);
        daughter.sync().await.unwrap();
        assert_eq!(
            daughter.approvals(None).await.unwrap()[0].status,
            ApprovalStatus::Expired
        );
        assert_eq!(balance(&elder).await, before, "expired: no money moved");

        elder.close().await;
        daughter.close().await;
        gw.stop().await;
    }
}

#[tokio::test]
async fn a_guardian_approving_a_large_sum_to_herself_needs_the_elder_too() {
    for (url, _keep) in backends().await {
        let gw = gateway(&url, any_port()).await;
        let (de, dd) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let elder = phone(&gw.url(), de.path(), DEMO_CUSTOMER_ID).await;
        let daughter = phone(&gw.url(), dd.path(), DAUGHTER.id).await;
        link(&elder, &daughter, Role::Guardian).await;
        let to_her = payee_id(&elder, DAUGHTER.name).await;
        let before = balance(&elder).await;

        // Small: her approval is enough.
        let small = cosign_transfer(&elder, to_her, 1_000).await;
        daughter.sync().await.unwrap();
        let a = daughter.approvals(None).await.unwrap()[0].id;
        assert_eq!(
            daughter.decide_approval(a, true).await.unwrap(),
            ApprovalStatus::Approved
        );
        elder.sync().await.unwrap();
        assert_eq!(
            transfer_status(&elder, small).await,
            TransferStatus::Completed
        );

        // Above ¥5,000 to herself: the elder must confirm as well.
        let large = cosign_transfer(&elder, to_her, 6_000).await;
        daughter.sync().await.unwrap();
        let a = daughter.approvals(None).await.unwrap()[0].id;
        assert_eq!(
            daughter.decide_approval(a, true).await.unwrap(),
            ApprovalStatus::AwaitingElder
        );
        elder.sync().await.unwrap();
        assert_eq!(
            transfer_status(&elder, large).await,
            TransferStatus::AwaitingCosign
        );
        assert_eq!(balance(&elder).await, before - 100_000);
        let mine = elder.approval_for_transfer(large).await.unwrap().unwrap();
        assert_eq!(mine.status, ApprovalStatus::AwaitingElder);
        assert_eq!(
            elder.family_needs_you().await.unwrap(),
            1,
            "{url}: now it waits for her own word"
        );
        assert_eq!(daughter.family_needs_you().await.unwrap(), 0, "{url}");
        // Only the elder can confirm it.
        let e = daughter.confirm_approval(a, true).await.unwrap_err();
        assert_eq!(family_err(e), FamilyError::NotFound);
        assert_eq!(
            elder.confirm_approval(a, false).await.unwrap(),
            ApprovalStatus::Rejected
        );
        assert_eq!(
            transfer_status(&elder, large).await,
            TransferStatus::Cancelled
        );
        assert_eq!(balance(&elder).await, before - 100_000);

        elder.close().await;
        daughter.close().await;
        gw.stop().await;
    }
}

#[tokio::test]
async fn invite_codes_expire_work_once_and_resist_guessing() {
    for (url, _keep) in backends().await {
        let bank_clock = clock();
        let gw = gateway_with_clock(&url, any_port(), bank_clock.clone()).await;
        let (de, dd, dx) = (
            tempfile::tempdir().unwrap(),
            tempfile::tempdir().unwrap(),
            tempfile::tempdir().unwrap(),
        );
        let elder = phone(&gw.url(), de.path(), DEMO_CUSTOMER_ID).await;
        let daughter = phone(&gw.url(), dd.path(), DAUGHTER.id).await;

        // Malformed codes never reach the bank.
        for bad in ["12345", "abcdef", ""] {
            let e = daughter.accept_invite(bad).await.unwrap_err();
            assert_eq!(family_err(e), FamilyError::CodeFormat, "{bad}");
        }
        // Her own invite cannot link her to herself.
        let own = elder.create_invite(Role::Viewer).await.unwrap();
        let e = elder.accept_invite(&own.code).await.unwrap_err();
        assert_eq!(family_err(e), FamilyError::OwnInvite);

        // Expired after 10 minutes.
        let invite = elder.create_invite(Role::Helper).await.unwrap();
        bank_clock.set(clock().now() + chrono::Duration::minutes(11));
        let e = daughter.accept_invite(&invite.code).await.unwrap_err();
        assert_eq!(family_err(e), FamilyError::CodeNotValid);
        bank_clock.set(clock().now());

        // Single use: the second person with the same code is refused.
        let invite = elder.create_invite(Role::Helper).await.unwrap();
        // A new invite withdraws the older one.
        let e = daughter.accept_invite(&own.code).await.unwrap_err();
        assert_eq!(family_err(e), FamilyError::CodeNotValid);
        daughter
            .accept_invite(&format!("{} {}", &invite.code[..3], &invite.code[3..]))
            .await
            .unwrap();
        let stranger = device(dx.path()).await;
        stranger
            .bind_in_sandbox(&gw.url(), DAUGHTER.id, "second phone")
            .await
            .unwrap();
        let e = stranger.accept_invite(&invite.code).await.unwrap_err();
        assert_eq!(family_err(e), FamilyError::CodeNotValid);

        // Per device: after 5 wrong codes even the right one is refused.
        bank_clock.set(clock().now() + chrono::Duration::minutes(20));
        happylife_tests::log_in_again(&[&elder, &daughter, &stranger]).await;
        let invite = elder.create_invite(Role::Helper).await.unwrap();
        let wrong = |code: &str| {
            let n: u32 = code.parse().unwrap();
            format!("{:06}", (n + 1) % 1_000_000)
        };
        // (Its wrong code above is more than 10 minutes old now.)
        let mut spent = 0;
        while spent < MAX_FAILED_PER_DEVICE {
            let e = stranger
                .accept_invite(&wrong(&invite.code))
                .await
                .unwrap_err();
            assert_eq!(family_err(e), FamilyError::CodeNotValid);
            spent += 1;
        }
        let e = stranger.accept_invite(&invite.code).await.unwrap_err();
        assert_eq!(family_err(e), FamilyError::TooManyAttempts);
        // Ten minutes later the device may try again.
        bank_clock.set(clock().now() + chrono::Duration::minutes(31));
        happylife_tests::log_in_again(&[&elder, &daughter, &stranger]).await;
        let e = stranger
            .accept_invite(&wrong(&invite.code))
            .await
            .unwrap_err();
        assert_eq!(family_err(e), FamilyError::CodeNotValid);

        // Per code: wrong guesses from many phones withdraw an open invite.
        let invite = elder.create_invite(Role::Guardian).await.unwrap();
        let mut phones = Vec::new();
        for i in 0..MAX_GUESSES_PER_INVITE {
            let dir = tempfile::tempdir().unwrap();
            let p = device(dir.path()).await;
            p.bind_in_sandbox(&gw.url(), DAUGHTER.id, &format!("guesser {i}"))
                .await
                .unwrap();
            let e = p.accept_invite(&wrong(&invite.code)).await.unwrap_err();
            assert_eq!(family_err(e), FamilyError::CodeNotValid);
            phones.push((p, dir));
        }
        let e = daughter.accept_invite(&invite.code).await.unwrap_err();
        assert_eq!(
            family_err(e),
            FamilyError::CodeNotValid,
            "a code guessed at {MAX_GUESSES_PER_INVITE} times is withdrawn"
        );

        for (p, _dir) in phones {
            p.close().await;
        }
        stranger.close().await;
        elder.close().await;
        daughter.close().await;
        gw.stop().await;
    }
}

#[tokio::test]
async fn family_actions_need_a_connection_and_say_so() {
    let dir = tempfile::tempdir().unwrap();
    let d = device(dir.path()).await;
    let e = d.create_invite(Role::Viewer).await.unwrap_err();
    assert_eq!(family_err(e), FamilyError::NeedsConnection);
    // Reading works offline, and is empty.
    assert!(d.family_members().await.unwrap().is_empty());
    assert!(d.family_alerts(None).await.unwrap().is_empty());
    d.close().await;
}

#[tokio::test]
async fn an_approved_transfer_keeps_the_delay_the_elder_chose() {
    for (url, _keep) in backends().await {
        let gw = gateway(&url, any_port()).await;
        let (de, dd) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let elder = phone(&gw.url(), de.path(), DEMO_CUSTOMER_ID).await;
        let daughter = phone(&gw.url(), dd.path(), DAUGHTER.id).await;
        link(&elder, &daughter, Role::Guardian).await;
        elder.report_scam().await.unwrap();
        elder.sync().await.unwrap();
        let before = balance(&elder).await;
        let draft = TransferDraft {
            from_account_id: DEBIT,
            payee: PayeeChoice::New {
                account: "6217 9999 0000 1111".into(),
                name: "幸福小区物业".into(),
                relationship: None,
                save: false,
            },
            amount: Money::cny(120_000),
            note: "物业费".into(),
            delay: Delay::TwoHours,
        };
        let check = elder
            .check_transfer(&draft, ContextFacts::default())
            .await
            .unwrap();
        assert_eq!(check.decision, Decision::Cosign);
        let TransferOutcome::AwaitingCosign(t) = elder
            .send_transfer(&draft, ContextFacts::default(), Some(&check), None)
            .await
            .unwrap()
        else {
            panic!("needs a co-sign")
        };
        daughter.sync().await.unwrap();
        let a = daughter.approvals(None).await.unwrap()[0].id;
        daughter.decide_approval(a, true).await.unwrap();
        elder.sync().await.unwrap();
        let sent = elder
            .transfers()
            .await
            .unwrap()
            .into_iter()
            .find(|x| x.id == t.id)
            .unwrap();
        assert_eq!(sent.status, TransferStatus::Scheduled);
        assert_eq!(
            sent.arrive_at.map(|at| at.timestamp()),
            Some(clock().now().timestamp() + 2 * 3600)
        );
        assert_eq!(balance(&elder).await, before - 120_000);
        // Still hers to stop until it arrives.
        elder.cancel_transfer(t.id).await.unwrap();
        assert_eq!(balance(&elder).await, before);
        elder.close().await;
        daughter.close().await;
        gw.stop().await;
    }
}

#[tokio::test]
async fn a_payee_reported_while_the_transfer_waited_is_never_paid() {
    for (url, _keep) in backends().await {
        let gw = gateway(&url, any_port()).await;
        let (de, dd) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let elder = phone(&gw.url(), de.path(), DEMO_CUSTOMER_ID).await;
        let daughter = phone(&gw.url(), dd.path(), DAUGHTER.id).await;
        link(&elder, &daughter, Role::Guardian).await;
        let before = balance(&elder).await;
        let t = cosign_transfer(&elder, payee_id(&elder, "李小明").await, 700).await;
        // Meanwhile the grandson's account is reported (say it was taken over).
        let published = reqwest::Client::new()
            .post(format!("{}/v1/blocklist/entries", gw.url()))
            .bearer_auth(happylife_tests::OPERATOR_TOKEN)
            .json(&serde_json::json!({
                "add": [{ "value": "6222 0212 3456 7890", "category": "investment" }]
            }))
            .send()
            .await
            .unwrap();
        assert!(published.status().is_success(), "{}", published.status());
        daughter.sync().await.unwrap();
        let a = daughter.approvals(None).await.unwrap()[0].id;
        let e = daughter.decide_approval(a, true).await.unwrap_err();
        assert_eq!(family_err(e), FamilyError::PayeeNowListed);
        elder.sync().await.unwrap();
        assert_eq!(transfer_status(&elder, t).await, TransferStatus::Cancelled);
        assert_eq!(balance(&elder).await, before, "nothing was paid");
        daughter.sync().await.unwrap();
        assert_eq!(
            daughter.family_alerts(None).await.unwrap()[0].kind,
            AlertKind::TransferBlocked
        );
        elder.close().await;
        daughter.close().await;
        gw.stop().await;
    }
}

/// The demo elder's unpaid water bill.
const WATER_BILL: i64 = 7002;

#[tokio::test]
async fn a_helper_pays_her_bill_once_and_she_sees_who_did() {
    for (url, _keep) in backends().await {
        let gw = gateway(&url, any_port()).await;
        let proxy = happylife_tests::Proxy::start(gw.addr).await;
        let (de, dd) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let elder = phone(&gw.url(), de.path(), DEMO_CUSTOMER_ID).await;
        let daughter = phone(&proxy.url(), dd.path(), DAUGHTER.id).await;
        let link_id = link(&elder, &daughter, Role::Viewer).await;
        let txns = || async {
            sqlx::query_scalar::<_, i64>("SELECT count(*) FROM transactions")
                .fetch_one(&gw.state.db.pool)
                .await
                .unwrap()
        };

        // A viewer neither sees nor pays her bills, and nothing is written.
        let e = daughter.elder_bills(DEMO_CUSTOMER_ID).await.unwrap_err();
        assert_eq!(family_err(e), FamilyError::NotPermitted, "{url}");
        let before = balance(&elder).await;
        let bill = elder.bill(WATER_BILL).await.unwrap();
        let as_seen = happylife_core::family::ElderBill {
            id: WATER_BILL,
            kind: bill.account.kind,
            provider: bill.account.provider.clone(),
            last4: bill.account.last4.clone(),
            amount: bill.amount,
            due_on: bill.due_on,
        };
        let e = daughter
            .pay_elder_bill(DEMO_CUSTOMER_ID, &as_seen, DEBIT)
            .await
            .unwrap_err();
        assert_eq!(family_err(e), FamilyError::NotPermitted);
        elder.sync().await.unwrap();
        assert_eq!(balance(&elder).await, before);
        assert!(
            elder
                .family_audit()
                .await
                .unwrap()
                .iter()
                .all(|a| a.action == AuditAction::Joined)
        );

        // A helper sees what she has to pay, and from which account.
        elder.change_role(link_id, Role::Helper).await.unwrap();
        let list = daughter.elder_bills(DEMO_CUSTOMER_ID).await.unwrap();
        let water = list
            .bills
            .iter()
            .find(|b| b.id == WATER_BILL)
            .cloned()
            .expect("her water bill");
        assert_eq!(water, as_seen);
        assert!(list.bills.windows(2).all(|w| w[0].due_on <= w[1].due_on));
        let from = list.from.clone().expect("her debit account");
        assert_eq!((from.id, from.balance.fen()), (DEBIT, before));

        // The answer to the payment is lost; asked again, the bank answers
        // from memory: her money moves once.
        let moved = txns().await;
        proxy
            .faults
            .lose_next_bill_reply
            .store(true, std::sync::atomic::Ordering::SeqCst);
        assert_eq!(
            daughter
                .pay_elder_bill(DEMO_CUSTOMER_ID, &water, from.id)
                .await
                .unwrap(),
            happylife_core::bills::LiveOutcome::Unknown
        );
        assert!(matches!(
            daughter
                .pay_elder_bill(DEMO_CUSTOMER_ID, &water, from.id)
                .await
                .unwrap(),
            happylife_core::bills::LiveOutcome::Done(_)
        ));
        assert_eq!(
            daughter
                .pay_elder_bill(DEMO_CUSTOMER_ID, &water, from.id)
                .await
                .unwrap_err(),
            CompanionError::Bills(happylife_core::bills::BillError::AlreadyPaid)
        );
        assert_eq!(txns().await, moved + 1, "one debit");
        assert!(
            !daughter
                .elder_bills(DEMO_CUSTOMER_ID)
                .await
                .unwrap()
                .bills
                .iter()
                .any(|b| b.id == WATER_BILL)
        );

        // She is told: her bill says family paid it, her audit list says who.
        elder.sync().await.unwrap();
        assert_eq!(balance(&elder).await, before - water.amount.fen());
        assert!(matches!(
            elder.bill(WATER_BILL).await.unwrap().status,
            happylife_core::bills::BillStatus::Paid {
                by: happylife_core::bills::PaidBy::Family,
                ..
            }
        ));
        let audit = elder.family_audit().await.unwrap();
        let paid: Vec<_> = audit
            .iter()
            .filter(|a| a.action == AuditAction::PaidBill)
            .collect();
        assert_eq!(paid.len(), 1, "one payment, one line: {audit:?}");
        assert_eq!(paid[0].member_name, DAUGHTER.name);
        assert_eq!(paid[0].amount, Some(water.amount));
        assert_eq!(paid[0].payee_name.as_deref(), Some(water.provider.as_str()));
        // Each look at her bills is written too (two here).
        let looks = audit
            .iter()
            .filter(|a| a.action == AuditAction::ViewedBills)
            .count();
        assert_eq!(looks, 2);

        // Removed: her bills are closed to the daughter at once.
        elder.remove_link(link_id).await.unwrap();
        let e = daughter.elder_bills(DEMO_CUSTOMER_ID).await.unwrap_err();
        assert_eq!(family_err(e), FamilyError::NotLinked);

        elder.close().await;
        daughter.close().await;
        gw.stop().await;
    }
}

/// Records the numbers the app asked the phone's dialer to open.
struct Dialed(Mutex<Vec<String>>);

impl happylife_core::phone::Dialer for Dialed {
    fn dial(&self, number: &str) {
        self.0.lock().unwrap().push(number.to_string());
    }
}

#[tokio::test]
async fn a_link_carries_both_numbers_from_the_bank_and_said_daughter_dials_hers() {
    for (url, _keep) in backends().await {
        let gw = gateway(&url, any_port()).await;
        let (de, dd) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let elder = phone(&gw.url(), de.path(), DEMO_CUSTOMER_ID).await;
        let daughter = phone(&gw.url(), dd.path(), DAUGHTER.id).await;

        // Waiting for her consent: she sees the number of who asks; the
        // daughter does not get her mother's number yet.
        let invite = elder.create_invite(Role::Viewer).await.unwrap();
        daughter.accept_invite(&invite.code).await.unwrap();
        elder.sync().await.unwrap();
        let asking = &elder.family_members().await.unwrap()[0];
        assert_eq!(asking.status, LinkStatus::PendingConsent, "{url}");
        assert_eq!(asking.member_phone.as_deref(), Some("13900001234"));
        assert_eq!(daughter.cared_for().await.unwrap()[0].elder_phone, None);

        // Linked: each has the other's number, as the bank has it.
        elder.answer_link(asking.id, true).await.unwrap();
        daughter.sync().await.unwrap();
        assert_eq!(
            daughter.cared_for().await.unwrap()[0]
                .elder_phone
                .as_deref(),
            Some("13800006688")
        );

        // 给女儿打个电话: her saved payee 李娜 is her daughter and is linked.
        let u = elder.understand("给女儿打个电话").await.unwrap();
        assert_eq!(u.member_name.as_deref(), Some(DAUGHTER.name));
        assert_eq!(u.member_phone.as_deref(), Some("13900001234"));
        assert!(!u.needs_yes, "the call button is the yes");
        let dialed = Arc::new(Dialed(Mutex::new(Vec::new())));
        elder.use_dialer(dialed.clone());
        assert!(elder.dial(u.member_phone.as_deref().unwrap()).unwrap());
        assert_eq!(*dialed.0.lock().unwrap(), ["13900001234"]);
        // Nobody linked is her son: no number is made up.
        let u = elder.understand("给儿子打电话").await.unwrap();
        assert_eq!(u.member_phone, None);
        // By name, and 家人 with one family member linked.
        for said in ["给李娜打电话", "给家人打电话"] {
            let u = elder.understand(said).await.unwrap();
            assert_eq!(u.member_phone.as_deref(), Some("13900001234"), "{said}");
        }

        // Removed: neither phone keeps the other's number.
        let link_id = elder.family_members().await.unwrap()[0].id;
        elder.remove_link(link_id).await.unwrap();
        daughter.sync().await.unwrap();
        let ended = daughter.family_link(link_id).await.unwrap();
        assert_eq!((ended.elder_phone, ended.member_phone), (None, None));
        assert_eq!(
            elder
                .understand("给女儿打个电话")
                .await
                .unwrap()
                .member_phone,
            None
        );

        elder.close().await;
        daughter.close().await;
        gw.stop().await;
    }
}

#[tokio::test]
async fn a_helper_prints_her_statement_and_she_sees_that_it_was_made() {
    use happylife_core::statements::Period;
    for (url, _keep) in backends().await {
        let gw = gateway(&url, any_port()).await;
        let (de, dd) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let elder = phone(&gw.url(), de.path(), DEMO_CUSTOMER_ID).await;
        let daughter = phone(&gw.url(), dd.path(), DAUGHTER.id).await;
        let link_id = link(&elder, &daughter, Role::Viewer).await;

        // A viewer may not: nothing is written in her list.
        let e = daughter
            .elder_statement(DEMO_CUSTOMER_ID, "王秀兰", Period::Year(2025))
            .await
            .unwrap_err();
        assert_eq!(family_err(e), FamilyError::NotPermitted, "{url}");

        elder.change_role(link_id, Role::Helper).await.unwrap();
        let hers = elder
            .statement(AccountId(DEBIT), Period::Year(2025))
            .await
            .unwrap();
        let made = daughter
            .elder_statement(DEMO_CUSTOMER_ID, "王秀兰", Period::Year(2025))
            .await
            .unwrap();
        // The same year as her own phone makes it: every line, both balances.
        assert_eq!(made.transactions, hers.transactions);
        assert!(made.transactions > 300);
        assert_eq!((made.opening, made.closing), (hers.opening, hers.closing));
        assert_eq!(made.file_name, hers.file_name);
        assert!(made.pdf.starts_with(b"%PDF"));

        elder.sync().await.unwrap();
        let audit = elder.family_audit().await.unwrap();
        assert_eq!(audit[0].action, AuditAction::MadeStatement);
        assert_eq!(audit[0].member_name, DAUGHTER.name);
        assert_eq!(
            audit[0].payee_name.as_deref(),
            Some("2025-01-01 – 2025-12-31")
        );
        assert_eq!(
            audit
                .iter()
                .filter(|a| a.action == AuditAction::MadeStatement)
                .count(),
            1
        );
        elder.close().await;
        daughter.close().await;
        gw.stop().await;
    }
}
