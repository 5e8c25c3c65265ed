//! Bills, auto-pay, reminders, suitability and complaint answers against the
//! real gateway (SQLite and PostgreSQL): a bill is paid once even when the
//! answer is lost, auto-pay never takes more than its limit, the bank
//! refuses what the phone would refuse, and nothing half-done is left.

use happylife_core::accounts::demo::{DAUGHTER, DAUGHTER_ACCOUNT, DEMO_CUSTOMER_ID};
use happylife_core::bills::{BillError, BillKind, BillStatus, LiveOutcome, PaidBy};
use happylife_core::reminders::{Action, ReminderKind};
use happylife_core::wealth::WealthError;
use happylife_core::{AccountId, Clock, Companion, CompanionError};
use happylife_tests::{
    Proxy, backends, clock, device, device_with_clock, gateway, gateway_with_clock,
    kill_repeatedly, raw_session,
};
use std::net::SocketAddr;
use std::sync::atomic::Ordering;

fn any_port() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 0))
}

const DEBIT: i64 = 1;
const WATER_BILL: i64 = 7002;
const ELECTRICITY: i64 = 702;
const WATER: i64 = 701;

async fn balance(d: &Companion) -> i64 {
    d.account(AccountId(DEBIT)).await.unwrap().balance.fen()
}

async fn count(gw: &happylife_server::Running, sql: &str) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_string()))
        .fetch_one(&gw.state.db.pool)
        .await
        .unwrap()
}

async fn connected(url: &str, dir: &std::path::Path, customer: &str) -> Companion {
    let d = device(dir).await;
    d.bind_in_sandbox(url, customer, "phone").await.unwrap();
    d.sync().await.unwrap();
    d
}

#[tokio::test]
async fn bills_and_reminders_arrive_and_work_offline() {
    for (url, _keep) in backends().await {
        let gw = gateway(&url, any_port()).await;
        let dir = tempfile::tempdir().unwrap();
        let d = connected(&gw.url(), dir.path(), DEMO_CUSTOMER_ID).await;
        let kinds: Vec<BillKind> = d
            .bill_accounts()
            .await
            .unwrap()
            .iter()
            .map(|a| a.kind)
            .collect();
        assert_eq!(kinds, BillKind::UTILITIES.to_vec(), "{url}");
        let open: Vec<_> = d
            .bills()
            .await
            .unwrap()
            .into_iter()
            .filter(|b| b.is_open())
            .collect();
        assert_eq!(
            open.len(),
            5,
            "four utilities and the card statement: {url}"
        );
        assert!(
            open.windows(2).all(|w| w[0].due_on <= w[1].due_on),
            "soonest due first"
        );
        let autopays = d.autopays().await.unwrap();
        assert_eq!(autopays.len(), 1);
        assert_eq!(autopays[0].account.id, ELECTRICITY);
        assert_eq!(autopays[0].account.kind, BillKind::Electricity);

        let reminders = d.reminders().await.unwrap();
        let mut seen: Vec<ReminderKind> = reminders.iter().map(|r| r.kind).collect();
        assert!(
            reminders
                .windows(2)
                .all(|w| w[0].raised_on >= w[1].raised_on),
            "newest first: {reminders:?}"
        );
        seen.dedup();
        for k in [
            ReminderKind::BillDue,
            ReminderKind::CardDue,
            ReminderKind::DepositMatures,
            ReminderKind::IdExpiring,
            ReminderKind::PensionCredited,
        ] {
            assert!(seen.contains(&k), "{k:?} in {seen:?} ({url})");
        }
        assert!(
            !reminders
                .iter()
                .any(|r| r.bill_kind == Some(BillKind::Electricity)),
            "electricity is on auto-pay: no reminder"
        );
        let total = reminders.len();

        // The gateway goes away: the same lists, from the phone alone.
        gw.stop().await;
        assert_eq!(d.reminders().await.unwrap().len(), total);
        assert_eq!(d.bills().await.unwrap().len(), 9);
        assert!(matches!(
            d.pay_bill(WATER_BILL, DEBIT).await,
            Err(CompanionError::NeedsConnection)
        ));
        assert_eq!(
            d.bill(WATER_BILL).await.unwrap().status,
            BillStatus::Unpaid,
            "an offline payment is not kept as sent"
        );
        // 知道了 works offline too.
        let first = d.reminders().await.unwrap()[0].key.clone();
        d.put_away_reminder(&first).await.unwrap();
        assert_eq!(d.reminders().await.unwrap().len(), total - 1);
    }
}

#[tokio::test]
async fn a_bill_is_paid_once_even_when_the_answer_is_lost() {
    for (url, _keep) in backends().await {
        let gw = gateway(&url, any_port()).await;
        let proxy = Proxy::start(gw.addr).await;
        let dir = tempfile::tempdir().unwrap();
        let d = connected(&proxy.url(), dir.path(), DEMO_CUSTOMER_ID).await;
        let before = balance(&d).await;
        let bill = d.bill(WATER_BILL).await.unwrap();
        let txns = count(&gw, "SELECT count(*) FROM transactions").await;

        proxy
            .faults
            .lose_next_bill_reply
            .store(true, Ordering::SeqCst);
        assert_eq!(
            d.pay_bill(WATER_BILL, DEBIT).await.unwrap(),
            LiveOutcome::Unknown,
            "{url}"
        );
        assert_eq!(
            d.bill(WATER_BILL).await.unwrap().status,
            BillStatus::Checking
        );
        // She asks again: the same request, which the bank answers from memory.
        assert!(matches!(
            d.pay_bill(WATER_BILL, DEBIT).await.unwrap(),
            LiveOutcome::Done(_)
        ));
        assert!(matches!(
            d.bill(WATER_BILL).await.unwrap().status,
            BillStatus::Paid {
                by: PaidBy::Customer,
                ..
            }
        ));
        assert_eq!(balance(&d).await, before - bill.amount.fen(), "taken once");
        assert_eq!(
            count(&gw, "SELECT count(*) FROM transactions").await,
            txns + 1
        );
        assert!(
            !d.reminders()
                .await
                .unwrap()
                .iter()
                .any(|r| r.action == Action::PayBill(WATER_BILL))
        );
        // A third time: the bill is paid; nothing moves.
        assert_eq!(
            d.pay_bill(WATER_BILL, DEBIT).await,
            Err(CompanionError::Bills(BillError::AlreadyPaid))
        );
        assert_eq!(
            count(&gw, "SELECT count(*) FROM transactions").await,
            txns + 1
        );

        // The card statement is repaid onto the card.
        let card = d
            .bills()
            .await
            .unwrap()
            .into_iter()
            .find(|b| b.account.kind == BillKind::CreditCard)
            .unwrap();
        let owed_before = d.account(AccountId(4)).await.unwrap().balance.fen();
        d.pay_bill(card.id, DEBIT).await.unwrap();
        assert_eq!(
            d.account(AccountId(4)).await.unwrap().balance.fen(),
            owed_before + card.amount.fen()
        );

        // The bank refuses a payment from an account that is not a debit card,
        // and a payment of another amount, without writing anything.
        let client = reqwest::Client::new();
        let token = raw_session(&gw.url(), DEMO_CUSTOMER_ID).await;
        for body in [
            serde_json::json!({ "from_account_id": 4, "amount_fen": 6500 }),
            serde_json::json!({ "from_account_id": 1, "amount_fen": 1 }),
            serde_json::json!({ "from_account_id": "x" }),
        ] {
            let r = client
                .post(format!("{}/v1/bills/7006/pay", gw.url()))
                .bearer_auth(&token)
                .header("Idempotency-Key", format!("raw-{body}").replace(' ', ""))
                .json(&body)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status().as_u16(), 422, "{body}");
        }
        assert_eq!(
            count(
                &gw,
                "SELECT count(*) FROM bills WHERE id = 7006 AND status = 'unpaid'"
            )
            .await,
            1
        );
        gw.stop().await;
    }
}

#[tokio::test]
async fn auto_pay_takes_bills_up_to_its_limit_and_a_cancel_waits_offline() {
    for (url, _keep) in backends().await {
        let clock = clock();
        let gw = gateway_with_clock(&url, any_port(), clock.clone()).await;
        let dir = tempfile::tempdir().unwrap();
        let d = device_with_clock(dir.path(), clock.clone()).await;
        d.bind_in_sandbox(&gw.url(), DEMO_CUSTOMER_ID, "phone")
            .await
            .unwrap();
        d.sync().await.unwrap();

        // Water on auto-pay with a ¥30 limit: this month's ¥38.50 is above it.
        assert_eq!(
            d.set_up_autopay(WATER, DEBIT, 0).await,
            Err(CompanionError::Bills(BillError::LimitOutOfRange))
        );
        assert!(
            matches!(
                d.set_up_autopay(WATER, DEBIT, 3_000).await.unwrap(),
                LiveOutcome::Done(_)
            ),
            "{url}"
        );
        assert_eq!(
            d.set_up_autopay(WATER, DEBIT, 3_000).await,
            Err(CompanionError::Bills(BillError::AlreadyOnAutopay))
        );
        assert_eq!(d.autopays().await.unwrap().len(), 2);
        assert!(
            d.reminders()
                .await
                .unwrap()
                .iter()
                .any(|r| r.action == Action::PayBill(WATER_BILL)),
            "above the limit: still hers to pay"
        );

        // Twenty days on, every due date has passed.
        let later = clock.now() + chrono::Days::new(20);
        clock.set(later);
        let before = balance(&d).await;
        happylife_tests::log_in_again(&[&d]).await;
        d.sync().await.unwrap();
        let bills = d.bills().await.unwrap();
        let elec = bills.iter().find(|b| b.id == 7004).unwrap();
        assert!(
            matches!(
                elec.status,
                BillStatus::Paid {
                    by: PaidBy::Autopay,
                    ..
                }
            ),
            "{url}: {elec:?}"
        );
        assert_eq!(
            bills.iter().find(|b| b.id == WATER_BILL).unwrap().status,
            BillStatus::Unpaid,
            "never more than the limit"
        );
        assert_eq!(balance(&d).await, before - 12_630);

        // Cancelling works offline and is sent with the next sync.
        let water_agreement = d
            .autopays()
            .await
            .unwrap()
            .into_iter()
            .find(|a| a.account.id == WATER)
            .unwrap();
        let addr = gw.addr;
        gw.stop().await;
        d.cancel_autopay(water_agreement.id).await.unwrap();
        assert!(
            d.autopays()
                .await
                .unwrap()
                .iter()
                .any(|a| a.id == water_agreement.id && a.cancel_waiting)
        );
        let gw = gateway_with_clock(&url, addr, clock.clone()).await;
        d.sync().await.unwrap();
        assert!(
            !d.autopays()
                .await
                .unwrap()
                .iter()
                .any(|a| a.id == water_agreement.id)
        );
        assert_eq!(
            count(&gw, &format!("SELECT count(*) FROM autopay_agreements WHERE id = {} AND status = 'cancelled'", water_agreement.id)).await,
            1
        );
        gw.stop().await;
    }
}

#[tokio::test]
async fn suitability_is_explained_on_the_phone_and_enforced_by_the_bank() {
    for (url, _keep) in backends().await {
        let gw = gateway(&url, any_port()).await;
        let dir = tempfile::tempdir().unwrap();
        let d = connected(&gw.url(), dir.path(), DEMO_CUSTOMER_ID).await;
        let offers = d.offers().await.unwrap();
        assert!(
            offers.iter().any(|o| o.product.min_age == 60),
            "72: the elder deposit is offered"
        );
        for o in &offers {
            let n = o.product.risk.number();
            // 百分百落实风险测评: before the questionnaire, nothing, PR1
            // included; above PR2, never at 72.
            match n {
                1 | 2 => assert_eq!(o.verdict, Err(WealthError::NoProfile), "{url}"),
                _ => assert_eq!(
                    o.verdict,
                    Err(WealthError::OverAgeCap),
                    "PR{n} at 65 and over"
                ),
            }
        }
        // The bolder her answers, still nothing above PR2 at 72.
        d.answer_questionnaire(&[4, 4, 4, 4, 4]).await.unwrap();
        let pr2 = d
            .offers()
            .await
            .unwrap()
            .into_iter()
            .find(|o| o.product.risk.number() == 2)
            .unwrap();
        assert_eq!(pr2.verdict, Ok(()));
        let pr3 = d
            .offers()
            .await
            .unwrap()
            .into_iter()
            .find(|o| o.product.risk.number() == 3)
            .unwrap();
        assert_eq!(
            d.buy_product(pr3.product.id, DEBIT, 1_000_000).await,
            Err(CompanionError::Wealth(WealthError::OverAgeCap))
        );
        let before = balance(&d).await;
        assert!(
            matches!(
                d.buy_product(pr2.product.id, DEBIT, 1_000_000)
                    .await
                    .unwrap(),
                LiveOutcome::Done(_)
            ),
            "{url}"
        );
        assert_eq!(
            d.risk_profile().await.unwrap().0.map(|p| p.number()),
            Some(5),
            "the bank scored the answers"
        );
        assert_eq!(balance(&d).await, before - 1_000_000);
        assert_eq!(d.holdings().await.unwrap().len(), 1);

        // Straight to the bank, past the phone: refused, nothing written.
        let token = raw_session(&gw.url(), DEMO_CUSTOMER_ID).await;
        let r = reqwest::Client::new()
            .post(format!("{}/v1/wealth/orders", gw.url()))
            .bearer_auth(&token)
            .header("Idempotency-Key", "raw-pr3")
            .json(&serde_json::json!({ "product_id": pr3.product.id, "from_account_id": DEBIT, "amount_fen": 1_000_000 }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 422);
        let body: serde_json::Value = r.json().await.unwrap();
        assert_eq!(body["error"]["code"], "over_age_cap");
        assert_eq!(count(&gw, "SELECT count(*) FROM holdings").await, 1);

        // Her daughter (46) never sees the elder deposit.
        let dir2 = tempfile::tempdir().unwrap();
        let daughter = connected(&gw.url(), dir2.path(), DAUGHTER.id).await;
        let offers = daughter.offers().await.unwrap();
        assert!(!offers.is_empty());
        assert!(offers.iter().all(|o| o.product.min_age == 0), "{url}");
        // No questionnaire yet: the bank sells her nothing, PR1 included.
        let pr1 = offers
            .iter()
            .find(|o| o.product.risk.number() == 1)
            .expect("a PR1 product");
        assert_eq!(pr1.verdict, Err(WealthError::NoProfile));
        let token = raw_session(&gw.url(), DAUGHTER.id).await;
        let r = reqwest::Client::new()
            .post(format!("{}/v1/wealth/orders", gw.url()))
            .bearer_auth(&token)
            .header("Idempotency-Key", "raw-pr1")
            .json(&serde_json::json!({ "product_id": pr1.product.id, "from_account_id": DAUGHTER_ACCOUNT.0, "amount_fen": pr1.product.min_amount.fen() }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 422, "{url}");
        let body: serde_json::Value = r.json().await.unwrap();
        assert_eq!(body["error"]["code"], "no_risk_profile");
        assert_eq!(count(&gw, "SELECT count(*) FROM holdings").await, 1);
        gw.stop().await;
    }
}

#[tokio::test]
async fn a_complaint_stays_visible_until_the_bank_answers() {
    for (url, _keep) in backends().await {
        let gw = gateway(&url, any_port()).await;
        let dir = tempfile::tempdir().unwrap();
        let d = connected(&gw.url(), dir.path(), DEMO_CUSTOMER_ID).await;
        d.file_complaint("fees", "短信提醒费没有提前告知")
            .await
            .unwrap();
        d.sync().await.unwrap();
        let id: i64 = count(&gw, "SELECT max(id) FROM complaints").await;
        let client = reqwest::Client::new();
        let answer = |body: serde_json::Value| {
            let client = client.clone();
            let url = format!("{}/v1/operator/complaints/{id}/answer", gw.url());
            async move {
                client
                    .post(url)
                    .bearer_auth(happylife_tests::OPERATOR_TOKEN)
                    .json(&body)
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            }
        };
        assert_eq!(
            answer(serde_json::json!({ "status": "answered" })).await,
            422,
            "an answer needs words"
        );
        assert_eq!(
            answer(serde_json::json!({ "status": "in_progress" })).await,
            200
        );
        d.sync().await.unwrap();
        assert_eq!(
            d.complaints().await.unwrap()[0].status,
            "in_progress",
            "{url}"
        );
        assert_eq!(
            answer(serde_json::json!({ "status": "answered", "reply": "已为您退还 2 元短信费。" }))
                .await,
            200
        );
        d.sync().await.unwrap();
        let c = &d.complaints().await.unwrap()[0];
        assert_eq!(
            (c.status.as_str(), c.reply.as_deref()),
            ("answered", Some("已为您退还 2 元短信费。"))
        );
        gw.stop().await;
    }
}

const PAY_CHILD: &str = "HAPPYLIFE_BILL_KILL_CHILD";
const PAY_SERVER: &str = "HAPPYLIFE_BILL_KILL_SERVER";

/// The device process of the kill test: pay the next open water bill, again
/// and again, until it is killed.
async fn pay_child(dir: &str, server: &str) {
    let d = device(std::path::Path::new(dir)).await;
    d.bind_in_sandbox(server, DEMO_CUSTOMER_ID, "phone")
        .await
        .unwrap();
    loop {
        happylife_tests::phase("sync");
        let _ = d.sync().await;
        let next = d
            .bills()
            .await
            .unwrap()
            .into_iter()
            .find(|b| b.account.id == WATER && !matches!(b.status, BillStatus::Paid { .. }));
        match next {
            Some(b) => {
                happylife_tests::phase("bill payment submission");
                let _ = d.pay_bill(b.id, DEBIT).await;
            }
            None => tokio::time::sleep(std::time::Duration::from_millis(50)).await,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_phone_killed_while_paying_bills_pays_each_exactly_once() {
    if let (Ok(dir), Ok(server)) = (std::env::var(PAY_CHILD), std::env::var(PAY_SERVER)) {
        pay_child(&dir, &server).await;
        return;
    }
    let points: u64 = std::env::var("HAPPYLIFE_KILL_POINTS")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(60)
        .min(60);
    let (url, _keep) = backends().await.swap_remove(0);
    let gw = gateway(&url, any_port()).await;
    let dir = tempfile::tempdir().unwrap();
    {
        // Bound first, so every kill lands in paying, not in binding.
        let d = device(dir.path()).await;
        d.bind_in_sandbox(&gw.url(), DEMO_CUSTOMER_ID, "phone")
            .await
            .unwrap();
        d.close().await;
    }
    // Many small water bills to pay, so most kills land mid-payment.
    let client = reqwest::Client::new();
    for i in 0..points {
        let r = client
            .post(format!(
                "{}/v1/sandbox/bill-accounts/{WATER}/bills",
                gw.url()
            ))
            .json(&serde_json::json!({ "amount_fen": 100 + i as i64, "due_on": "2026-12-20" }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 201);
    }
    let balance_before: i64 = count(&gw, "SELECT balance_fen FROM accounts WHERE id = 1").await;
    let water_before = count(
        &gw,
        "SELECT count(*) FROM transactions WHERE category = 'water'",
    )
    .await;
    let paid_before = count(&gw, "SELECT count(*) FROM bills WHERE status = 'paid'").await;
    let dir_text = dir.path().display().to_string();
    let server = gw.url();
    let landed = kill_repeatedly(
        "elder_services::a_phone_killed_while_paying_bills_pays_each_exactly_once",
        &[(PAY_CHILD, &dir_text), (PAY_SERVER, &server)],
        dir.path(),
        points,
        0x9e37_79b9_7f4a_7c15,
        150,
        350,
        "bill payment submission",
    )
    .await;

    // Recovery: the phone opens cleanly; bills in doubt are asked about again.
    let d = device(dir.path()).await;
    assert!(d.notices().is_empty(), "{:?}", d.notices());
    let mut in_doubt = 0;
    for b in d.bills().await.unwrap() {
        if b.status == BillStatus::Checking {
            in_doubt += 1;
            d.pay_bill(b.id, DEBIT).await.unwrap();
        }
    }
    d.sync().await.unwrap();
    let paid_here =
        count(&gw, "SELECT count(*) FROM bills WHERE status = 'paid'").await - paid_before;
    assert!(
        paid_here >= 3,
        "the children did get work done: {paid_here}"
    );
    assert!(
        !d.bills()
            .await
            .unwrap()
            .iter()
            .any(|b| b.status == BillStatus::Checking),
        "nothing left in doubt"
    );
    let water_txns = count(
        &gw,
        "SELECT count(*) FROM transactions WHERE category = 'water'",
    )
    .await
        - water_before;
    assert_eq!(
        water_txns, paid_here,
        "one transaction per paid bill, never two"
    );
    let paid_fen = count(
        &gw,
        "SELECT COALESCE(SUM(amount_fen), 0) FROM bills WHERE status = 'paid' AND paid_by = 'customer' AND bill_account_id = 701 AND id != 7001",
    )
    .await;
    let balance_after: i64 = count(&gw, "SELECT balance_fen FROM accounts WHERE id = 1").await;
    assert_eq!(
        balance_before - balance_after,
        paid_fen,
        "taken to the fen, once each"
    );
    assert_eq!(
        d.account(AccountId(DEBIT)).await.unwrap().balance.fen(),
        balance_after,
        "the phone agrees with the bank"
    );
    let local_paid = d
        .bills()
        .await
        .unwrap()
        .iter()
        .filter(|b| matches!(b.status, BillStatus::Paid { .. }))
        .count() as i64;
    assert_eq!(
        local_paid,
        paid_before + paid_here,
        "the phone knows every payment"
    );
    eprintln!(
        "bill kill test: {points} kill points, {paid_here} bills paid, {in_doubt} left in doubt by a kill and settled by asking again; where the kills landed: {landed:?}"
    );
    assert!(
        landed.get("bill payment submission").copied().unwrap_or(0) > 0,
        "some kills land while paying: {landed:?}"
    );
    gw.stop().await;
}
