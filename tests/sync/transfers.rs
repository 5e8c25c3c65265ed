//! Transfers against the real gateway (SQLite and PostgreSQL): money moves
//! once, with a fresh risk check, never silently and never twice.

use happylife_core::accounts::demo::DEMO_CUSTOMER_ID;
use happylife_core::fraud::ScamCategory;
use happylife_core::transfers::{
    ContextFacts, Decision, Delay, PayeeChoice, Reason, TransferDraft, TransferOutcome,
    TransferStatus,
};
use happylife_core::{AccountId, Clock, Companion, CompanionError, FixedClock, Money};
use happylife_tests::{Proxy, backends, clock, device, gateway, gateway_with_clock};
use std::net::SocketAddr;
use std::sync::atomic::Ordering;

fn any_port() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 0))
}

const DEBIT: i64 = 1;

fn to_saved(id: i64, yuan: i64, note: &str) -> TransferDraft {
    TransferDraft {
        from_account_id: DEBIT,
        payee: PayeeChoice::Saved { id },
        amount: Money::cny(yuan * 100),
        note: note.into(),
        delay: Delay::None,
    }
}

fn to_new(account: &str, name: &str, yuan: i64, note: &str, delay: Delay) -> TransferDraft {
    TransferDraft {
        from_account_id: DEBIT,
        payee: PayeeChoice::New {
            account: account.into(),
            name: name.into(),
            relationship: None,
            save: false,
        },
        amount: Money::cny(yuan * 100),
        note: note.into(),
        delay,
    }
}

async fn balance(d: &Companion) -> i64 {
    d.account(AccountId(DEBIT)).await.unwrap().balance.fen()
}

async fn server_count(gw: &happylife_server::Running, sql: &str) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_string()))
        .fetch_one(&gw.state.db.pool)
        .await
        .unwrap()
}

/// Her phone, bound two days ago (the new-phone rule is tested on its own).
async fn connected(
    gw: &happylife_server::Running,
    gw_url: &str,
    dir: &std::path::Path,
) -> Companion {
    let d = device(dir).await;
    d.bind_in_sandbox(gw_url, DEMO_CUSTOMER_ID, "phone")
        .await
        .unwrap();
    happylife_tests::bound_days_ago(gw, &d, dir, 2).await;
    d.sync().await.unwrap();
    d
}

#[tokio::test]
async fn a_transfer_to_her_daughter_moves_the_money_once() {
    for (url, _keep) in backends().await {
        let gw = gateway(&url, any_port()).await;
        let dir = tempfile::tempdir().unwrap();
        let d = connected(&gw, &gw.url(), dir.path()).await;
        let payees = d.payees().await.unwrap();
        assert_eq!(
            payees
                .iter()
                .map(|p| (p.name.as_str(), p.relationship.as_deref()))
                .collect::<Vec<_>>(),
            vec![("李娜", Some("女儿")), ("李小明", Some("孙子"))]
        );
        assert_eq!(payees[0].number.masked(), "**** 5678");
        let before = balance(&d).await;
        let draft = to_saved(payees[0].id, 500, "生活费");
        let check = d
            .check_transfer(&draft, ContextFacts::default())
            .await
            .unwrap();
        assert_eq!(check.decision, Decision::Allow);
        let out = d
            .send_transfer(&draft, ContextFacts::default(), None, None)
            .await
            .unwrap();
        let TransferOutcome::Sent(t) = out else {
            panic!("{out:?}")
        };
        assert_eq!(t.status, TransferStatus::Completed);
        assert_eq!(balance(&d).await, before - 50_000, "{url}");
        let history = d.transactions(AccountId(DEBIT), 0, 1).await.unwrap();
        assert_eq!(history.items[0].amount.fen(), -50_000);
        assert_eq!(history.items[0].counterparty.as_deref(), Some("李娜"));
        assert_eq!(d.transfers().await.unwrap()[0].payee_name, "李娜");
        assert_eq!(
            server_count(
                &gw,
                "SELECT count(*) FROM transfers WHERE status = 'completed'"
            )
            .await,
            1
        );
        d.close().await;
        gw.stop().await;
    }
}

#[tokio::test]
async fn a_listed_account_is_blocked_here_and_at_the_bank() {
    for (url, _keep) in backends().await {
        let gw = gateway(&url, any_port()).await;
        let dir = tempfile::tempdir().unwrap();
        let d = connected(&gw, &gw.url(), dir.path()).await;
        let before = balance(&d).await;
        let draft = to_new("6228 4800 1234 5678 901", "张经理", 2_000, "", Delay::None);
        let check = d
            .check_transfer(&draft, ContextFacts::default())
            .await
            .unwrap();
        assert_eq!(check.decision, Decision::Block);
        assert_eq!(check.reasons[0], Reason::PayeeListed);
        assert_eq!(check.category, Some(ScamCategory::LoanFee));
        // Even if a screen sent it anyway, the bank stops it.
        let out = d
            .send_transfer(&draft, ContextFacts::default(), Some(&check), None)
            .await
            .unwrap();
        let TransferOutcome::Blocked(a) = out else {
            panic!("{out:?}")
        };
        assert!(a.reasons.contains(&Reason::PayeeListed));
        assert_eq!(balance(&d).await, before, "no money moved");
        assert_eq!(
            server_count(
                &gw,
                "SELECT count(*) FROM transfers WHERE status = 'blocked'"
            )
            .await,
            1
        );
        d.close().await;
        gw.stop().await;
    }
}

#[tokio::test]
async fn a_warning_must_be_read_before_the_bank_sends() {
    for (url, _keep) in backends().await {
        let gw = gateway(&url, any_port()).await;
        let dir = tempfile::tempdir().unwrap();
        let d = connected(&gw, &gw.url(), dir.path()).await;
        let before = balance(&d).await;
        let draft = to_new(
            "6230 5555 6666 7777",
            "淘宝客服",
            100,
            "退款手续费",
            Delay::None,
        );
        let check = d
            .check_transfer(&draft, ContextFacts::default())
            .await
            .unwrap();
        assert_eq!(check.decision, Decision::Warn);
        assert_eq!(check.category, Some(ScamCategory::ServiceRefund));
        assert!(check.wait_seconds > 0);
        let out = d
            .send_transfer(&draft, ContextFacts::default(), None, None)
            .await
            .unwrap();
        assert!(
            matches!(out, TransferOutcome::NeedsConfirmation(ref a) if a.decision == Decision::Warn),
            "{out:?}"
        );
        assert_eq!(balance(&d).await, before);
        assert_eq!(
            server_count(&gw, "SELECT count(*) FROM transfers").await,
            0,
            "nothing written"
        );
        // She reads the warning for its wait (the bank counts the seconds).
        gw.state.advance_clock(15);
        let out = d
            .send_transfer(&draft, ContextFacts::default(), Some(&check), None)
            .await
            .unwrap();
        assert!(matches!(out, TransferOutcome::Sent(_)), "{out:?}");
        assert_eq!(balance(&d).await, before - 10_000);
        d.close().await;
        gw.stop().await;
    }
}

#[tokio::test]
async fn a_lost_reply_is_resolved_by_asking_never_by_sending_again() {
    for (url, _keep) in backends().await {
        let gw = gateway(&url, any_port()).await;
        let proxy = Proxy::start(gw.addr).await;
        let dir = tempfile::tempdir().unwrap();
        let d = connected(&gw, &proxy.url(), dir.path()).await;
        let before = balance(&d).await;
        proxy
            .faults
            .lose_next_transfer_reply
            .store(true, Ordering::SeqCst);
        let out = d
            .send_transfer(
                &to_saved(2, 300, "零花钱"),
                ContextFacts::default(),
                None,
                None,
            )
            .await
            .unwrap();
        assert_eq!(out, TransferOutcome::Unknown);
        assert_eq!(d.unresolved_transfers().await.unwrap().len(), 1);
        d.sync().await.unwrap();
        assert!(d.unresolved_transfers().await.unwrap().is_empty());
        assert!(d.transfer_drafts().await.unwrap().is_empty());
        assert_eq!(
            balance(&d).await,
            before - 30_000,
            "{url}: moved exactly once"
        );
        assert_eq!(server_count(&gw, "SELECT count(*) FROM transfers").await, 1);
        d.close().await;
        gw.stop().await;
    }
}

#[tokio::test]
async fn offline_a_transfer_is_a_draft_until_confirmed_again() {
    for (url, _keep) in backends().await {
        let gw = gateway(&url, any_port()).await;
        let addr = gw.addr;
        let dir = tempfile::tempdir().unwrap();
        let d = connected(&gw, &gw.url(), dir.path()).await;
        let before = balance(&d).await;
        gw.stop().await;
        let draft = to_saved(1, 800, "");
        // The check works offline; sending keeps a draft.
        assert_eq!(
            d.check_transfer(&draft, ContextFacts::default())
                .await
                .unwrap()
                .decision,
            Decision::Allow
        );
        let out = d
            .send_transfer(&draft, ContextFacts::default(), None, None)
            .await
            .unwrap();
        assert_eq!(out, TransferOutcome::SavedAsDraft);
        let drafts = d.transfer_drafts().await.unwrap();
        assert_eq!(drafts.len(), 1);
        assert_eq!(drafts[0].draft, draft);

        let gw = gateway(&url, addr).await;
        d.sync().await.unwrap();
        assert_eq!(
            d.transfer_drafts().await.unwrap().len(),
            1,
            "never sent silently"
        );
        assert_eq!(server_count(&gw, "SELECT count(*) FROM transfers").await, 0);
        let out = d
            .send_transfer(
                &drafts[0].draft,
                ContextFacts::default(),
                None,
                Some(drafts[0].local_id),
            )
            .await
            .unwrap();
        assert!(matches!(out, TransferOutcome::Sent(_)));
        assert!(d.transfer_drafts().await.unwrap().is_empty());
        assert_eq!(balance(&d).await, before - 80_000);
        d.close().await;
        gw.stop().await;
    }
}

#[tokio::test]
async fn a_delayed_transfer_can_be_cancelled_until_it_arrives() {
    for (url, _keep) in backends().await {
        let bank_clock = std::sync::Arc::new(FixedClock::at(2026, 11, 25, 9, 30).unwrap());
        let gw = gateway_with_clock(&url, any_port(), bank_clock.clone()).await;
        let dir = tempfile::tempdir().unwrap();
        let d = connected(&gw, &gw.url(), dir.path()).await;
        let before = balance(&d).await;
        let out = d
            .send_transfer(
                &to_new(
                    "6217 9999 0000 1111",
                    "幸福小区物业",
                    1_200,
                    "物业费",
                    Delay::TwoHours,
                ),
                ContextFacts::default(),
                None,
                None,
            )
            .await
            .unwrap();
        let TransferOutcome::Sent(t) = out else {
            panic!("{out:?}")
        };
        assert_eq!(t.status, TransferStatus::Scheduled);
        assert_eq!(
            t.arrive_at.unwrap().timestamp(),
            clock().now().timestamp() + 7_200
        );
        assert_eq!(
            balance(&d).await,
            before - 120_000,
            "the money leaves at once"
        );
        d.cancel_transfer(t.id).await.unwrap();
        d.cancel_transfer(t.id).await.unwrap();
        assert_eq!(balance(&d).await, before, "and comes back, once");
        assert_eq!(
            d.transfers().await.unwrap()[0].status,
            TransferStatus::Cancelled
        );

        let out = d
            .send_transfer(
                &to_new(
                    "6217 9999 0000 1111",
                    "幸福小区物业",
                    1_200,
                    "物业费",
                    Delay::TwoHours,
                ),
                ContextFacts::default(),
                None,
                None,
            )
            .await
            .unwrap();
        let TransferOutcome::Sent(t) = out else {
            panic!("{out:?}")
        };
        bank_clock.set(chrono::DateTime::parse_from_rfc3339("2026-11-25T12:00:00+08:00").unwrap());
        happylife_tests::log_in_again(&[&d]).await;
        assert_eq!(
            d.cancel_transfer(t.id).await,
            Err(CompanionError::TooLateToCancel)
        );
        d.sync().await.unwrap();
        assert_eq!(
            d.transfers().await.unwrap()[0].status,
            TransferStatus::Completed
        );
        d.close().await;
        gw.stop().await;
    }
}

#[tokio::test]
async fn limits_and_balance_are_the_banks_to_check() {
    for (url, _keep) in backends().await {
        let gw = gateway(&url, any_port()).await;
        let dir = tempfile::tempdir().unwrap();
        let d = connected(&gw, &gw.url(), dir.path()).await;
        sqlx::query("UPDATE customers SET daily_limit_fen = 100000")
            .execute(&gw.state.db.pool)
            .await
            .unwrap();
        let before = balance(&d).await;
        assert!(matches!(
            d.send_transfer(&to_saved(1, 600, ""), ContextFacts::default(), None, None)
                .await,
            Ok(TransferOutcome::Sent(_))
        ));
        assert_eq!(
            d.send_transfer(&to_saved(1, 600, ""), ContextFacts::default(), None, None)
                .await,
            Err(CompanionError::DailyLimitExceeded {
                remaining_fen: 40_000
            })
        );
        sqlx::query("UPDATE customers SET daily_limit_fen = 100000000000")
            .execute(&gw.state.db.pool)
            .await
            .unwrap();
        let too_much = before / 100 + 1_000;
        assert_eq!(
            d.send_transfer(
                &to_saved(1, too_much, ""),
                ContextFacts::default(),
                None,
                None
            )
            .await,
            Err(CompanionError::InsufficientFunds)
        );
        assert_eq!(balance(&d).await, before - 60_000);
        // Bad input never reaches the bank.
        assert_eq!(
            d.check_transfer(
                &to_new("12345", "某人", 10, "", Delay::None),
                ContextFacts::default()
            )
            .await,
            Err(CompanionError::InvalidPayeeAccount)
        );
        assert_eq!(
            d.send_transfer(
                &to_new("6217 9999 0000 1111", "  ", 10, "", Delay::None),
                ContextFacts::default(),
                None,
                None
            )
            .await,
            Err(CompanionError::InvalidPayeeName)
        );
        assert!(
            d.send_transfer(&to_saved(99, 10, ""), ContextFacts::default(), None, None)
                .await
                .is_err()
        );
        assert_eq!(server_count(&gw, "SELECT count(*) FROM transfers").await, 1);
        d.close().await;
        gw.stop().await;
    }
}

#[tokio::test]
async fn the_bank_goes_on_only_from_its_own_ticket_after_the_wait_and_once() {
    for (url, _keep) in backends().await {
        let gw = gateway(&url, any_port()).await;
        let dir = tempfile::tempdir().unwrap();
        let d = connected(&gw, &gw.url(), dir.path()).await;
        let before = balance(&d).await;
        let draft = to_new(
            "6230 4444 3333 2222",
            "贷款专员",
            2_000,
            "解冻保证金",
            Delay::None,
        );
        // Online, the check is the bank's, and its warning comes with a
        // ticket whose wait starts now.
        let check = d
            .check_transfer(&draft, ContextFacts::default())
            .await
            .unwrap();
        assert_eq!(check.decision, Decision::Warn);
        assert!(check.ticket.is_some(), "the bank's warning has a ticket");
        assert_eq!(check.wait_seconds, 15);
        // A screen that claims the elder saw the warning, with no ticket:
        // the warning again (with a fresh ticket), nothing moved.
        let echoed = happylife_core::transfers::Assessment {
            ticket: None,
            ..check.clone()
        };
        let out = d
            .send_transfer(&draft, ContextFacts::default(), Some(&echoed), None)
            .await
            .unwrap();
        let TransferOutcome::NeedsConfirmation(again) = out else {
            panic!("{out:?}")
        };
        assert!(again.ticket.is_some() && again.ticket != check.ticket);
        // The right ticket before its wait is over: the seconds left.
        let out = d
            .send_transfer(&draft, ContextFacts::default(), Some(&check), None)
            .await
            .unwrap();
        let TransferOutcome::NeedsConfirmation(early) = out else {
            panic!("{out:?}")
        };
        assert!((1..=15).contains(&early.wait_seconds), "{early:?}");
        assert_eq!(early.ticket, check.ticket, "the same ticket, still good");
        assert_eq!(balance(&d).await, before);
        assert_eq!(server_count(&gw, "SELECT count(*) FROM transfers").await, 0);
        // After the wait, the ticket goes through, once.
        gw.state.advance_clock(15);
        let out = d
            .send_transfer(&draft, ContextFacts::default(), Some(&check), None)
            .await
            .unwrap();
        assert!(matches!(out, TransferOutcome::Sent(_)), "{out:?}");
        assert_eq!(balance(&d).await, before - 200_000);
        let out = d
            .send_transfer(&draft, ContextFacts::default(), Some(&check), None)
            .await
            .unwrap();
        assert!(
            matches!(out, TransferOutcome::NeedsConfirmation(_)),
            "a used ticket: {out:?}"
        );
        assert_eq!(server_count(&gw, "SELECT count(*) FROM transfers").await, 1);
        d.close().await;
        // Settled attempts leave no new payee's account number behind.
        let pool = happylife_core::store::Store::sandbox_pool(dir.path())
            .await
            .unwrap();
        let kept: i64 = sqlx::query_scalar("SELECT count(*) FROM transfer_attempts")
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(kept, 0);
        gw.stop().await;
    }
}

#[tokio::test]
async fn after_i_have_been_scammed_every_transfer_waits_for_family() {
    for (url, _keep) in backends().await {
        let gw = gateway(&url, any_port()).await;
        let dir = tempfile::tempdir().unwrap();
        let d = connected(&gw, &gw.url(), dir.path()).await;
        d.report_scam().await.unwrap();
        d.sync().await.unwrap();
        let before = balance(&d).await;
        let draft = to_saved(1, 500, "生活费");
        let check = d
            .check_transfer(&draft, ContextFacts::default())
            .await
            .unwrap();
        assert_eq!(check.decision, Decision::Cosign);
        assert_eq!(check.reasons, vec![Reason::RecentScamReport]);
        let out = d
            .send_transfer(&draft, ContextFacts::default(), Some(&check), None)
            .await
            .unwrap();
        let TransferOutcome::AwaitingCosign(t) = out else {
            panic!("{out:?}")
        };
        assert_eq!(t.status, TransferStatus::AwaitingCosign);
        assert_eq!(balance(&d).await, before, "no money moves without family");
        d.close().await;
        gw.stop().await;
    }
}

/// The shell's call state, as a test sets it.
struct OnThePhone(std::sync::atomic::AtomicBool);

impl happylife_core::phone::PhoneSignals for OnThePhone {
    fn on_call(&self) -> bool {
        self.0.load(std::sync::atomic::Ordering::SeqCst)
    }
    fn screen_shared(&self) -> bool {
        false
    }
}

#[tokio::test]
async fn a_call_the_phone_reports_counts_in_the_risk_check_whatever_the_screen_passed() {
    for (url, _keep) in backends().await {
        let gw = gateway(&url, any_port()).await;
        let dir = tempfile::tempdir().unwrap();
        let d = connected(&gw, &gw.url(), dir.path()).await;
        let phone = std::sync::Arc::new(OnThePhone(std::sync::atomic::AtomicBool::new(false)));
        d.use_phone_signals(phone.clone());
        let draft = to_new(
            "6222 0200 1234 5678 901",
            "王师傅",
            800,
            "修水管",
            Delay::None,
        );
        let quiet = d
            .check_transfer(&draft, ContextFacts::default())
            .await
            .unwrap();
        assert!(!quiet.reasons.contains(&Reason::OnCall), "{quiet:?}");
        phone.0.store(true, std::sync::atomic::Ordering::SeqCst);
        let calling = d
            .check_transfer(&draft, ContextFacts::default())
            .await
            .unwrap();
        assert!(calling.reasons.contains(&Reason::OnCall), "{calling:?}");
        assert_ne!(calling.decision, Decision::Allow);
        d.close().await;
        gw.stop().await;
    }
}
