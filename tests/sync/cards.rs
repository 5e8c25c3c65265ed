//! 智能安全卫士 and 我被骗了 against the real gateway (SQLite and
//! PostgreSQL): locks queue offline and take effect at the bank, unlocking
//! needs a live connection, the bank enforces the locks on simulated
//! authorisations, and a scam report freezes every card.

use happylife_core::accounts::demo::DEMO_CUSTOMER_ID;
use happylife_core::cards::{CardKind, Lock, LockStatus};
use happylife_core::{Companion, CompanionError};
use happylife_tests::{backends, device, gateway};
use serde_json::{Value, json};
use std::net::SocketAddr;

fn any_port() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 0))
}

async fn authorize(url: &str, body: Value) -> (u16, Value) {
    let resp = reqwest::Client::new()
        .post(format!("{url}/v1/cards/authorize"))
        .json(&body)
        .send()
        .await
        .unwrap();
    (resp.status().as_u16(), resp.json().await.unwrap())
}

async fn pos(url: &str, card: i64, country: &str) -> Value {
    let (status, answer) = authorize(
        url,
        json!({"card_id": card, "channel": "pos", "country": country, "region": "310000", "amount_fen": 12_800}),
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    answer
}

async fn status(d: &Companion, card: i64, lock: Lock) -> LockStatus {
    let cards = d.cards().await.unwrap();
    cards
        .iter()
        .find(|c| c.id() == card)
        .unwrap()
        .lock_status(lock)
}

#[tokio::test]
async fn an_overseas_lock_set_offline_is_enforced_once_it_reaches_the_bank() {
    for (url, _keep) in backends().await {
        let gw = gateway(&url, any_port()).await;
        let addr = gw.addr;
        let dir = tempfile::tempdir().unwrap();
        let d = device(dir.path()).await;
        d.bind_in_sandbox(&gw.url(), DEMO_CUSTOMER_ID, "phone")
            .await
            .unwrap();
        d.sync().await.unwrap();
        let cards = d.cards().await.unwrap();
        assert_eq!(
            cards.iter().map(|c| c.kind).collect::<Vec<_>>(),
            vec![CardKind::Debit, CardKind::Credit]
        );
        let debit = cards[0].id();
        assert_eq!(pos(&gw.url(), debit, "JP").await["approved"], true);

        gw.stop().await; // airplane mode
        d.lock_card(debit, Lock::Overseas).await.unwrap();
        assert_eq!(status(&d, debit, Lock::Overseas).await, LockStatus::Waiting);
        d.lock_card(debit, Lock::Overseas).await.unwrap();
        assert_eq!(
            d.unsettled_actions().await.unwrap().len(),
            1,
            "a second tap adds nothing"
        );

        let gw = gateway(&url, addr).await;
        // While the bank has not heard of the lock, it cannot enforce it.
        assert_eq!(pos(&gw.url(), debit, "JP").await["approved"], true);
        d.sync().await.unwrap();
        assert_eq!(status(&d, debit, Lock::Overseas).await, LockStatus::On);
        let declined = pos(&gw.url(), debit, "JP").await;
        assert_eq!(
            declined,
            json!({"approved": false, "reason": "overseas_locked"})
        );
        assert_eq!(
            pos(&gw.url(), debit, "CN").await["approved"],
            true,
            "at home it still works"
        );

        // Unlocking: not offline, and nothing is queued for later.
        gw.stop().await;
        assert_eq!(
            d.unlock_card(debit, Lock::Overseas).await,
            Err(CompanionError::NeedsConnection)
        );
        assert!(d.unsettled_actions().await.unwrap().is_empty());
        assert_eq!(status(&d, debit, Lock::Overseas).await, LockStatus::On);
        let gw = gateway(&url, addr).await;
        d.unlock_card(debit, Lock::Overseas).await.unwrap();
        assert_eq!(status(&d, debit, Lock::Overseas).await, LockStatus::Off);
        assert_eq!(pos(&gw.url(), debit, "JP").await["approved"], true);
        d.close().await;
        gw.stop().await;
    }
}

#[tokio::test]
async fn i_have_been_scammed_freezes_every_card_even_if_pressed_offline() {
    for (url, _keep) in backends().await {
        let gw = gateway(&url, any_port()).await;
        let addr = gw.addr;
        let dir = tempfile::tempdir().unwrap();
        let d = device(dir.path()).await;
        d.bind_in_sandbox(&gw.url(), DEMO_CUSTOMER_ID, "phone")
            .await
            .unwrap();
        d.sync().await.unwrap();
        let ids: Vec<i64> = d.cards().await.unwrap().iter().map(|c| c.id()).collect();

        gw.stop().await;
        d.report_scam().await.unwrap();
        d.report_scam().await.unwrap();
        assert_eq!(
            d.scam_reports().await.unwrap().len(),
            1,
            "pressed twice, one report"
        );
        for card in d.cards().await.unwrap() {
            assert!(card.freeze_queued);
            for lock in Lock::ALL {
                assert_eq!(card.lock_status(lock), LockStatus::Waiting);
            }
        }
        assert_eq!(
            d.unlock_card(ids[0], Lock::Online).await,
            Err(CompanionError::CardFrozen)
        );

        let gw = gateway(&url, addr).await;
        d.sync().await.unwrap();
        assert_eq!(d.scam_reports().await.unwrap()[0].1, "received");
        for card in d.cards().await.unwrap() {
            assert!(card.state.frozen, "card {} frozen at the bank", card.id());
            assert!(
                Lock::ALL
                    .iter()
                    .all(|l| card.lock_status(*l) == LockStatus::On)
            );
        }
        for id in &ids {
            let (_, answer) = authorize(
                &gw.url(),
                json!({"card_id": id, "channel": "atm", "country": "CN", "region": "310000", "amount_fen": 100}),
            )
            .await;
            assert_eq!(answer, json!({"approved": false, "reason": "card_frozen"}));
        }
        assert_eq!(
            d.unlock_card(ids[1], Lock::Night).await,
            Err(CompanionError::CardFrozen)
        );
        d.close().await;
        gw.stop().await;
    }
}

#[tokio::test]
async fn bad_authorisations_are_refused_with_a_reason() {
    for (url, _keep) in backends().await {
        let gw = gateway(&url, any_port()).await;
        let ok = json!({"card_id": 1, "channel": "atm", "country": "CN", "amount_fen": 100});
        for (field, value, status) in [
            ("card_id", json!(999), 404),
            ("card_id", json!("1"), 422),
            ("channel", json!("phone"), 422),
            ("country", json!("China"), 422),
            ("region", json!("31"), 422),
            ("amount_fen", json!(0), 422),
            ("at", json!("tonight"), 422),
        ] {
            let mut body = ok.clone();
            body[field] = value.clone();
            let (got, answer) = authorize(&gw.url(), body).await;
            assert_eq!(got, status, "{field}={value}: {answer}");
            assert!(answer["error"]["code"].is_string());
        }
        let count: i64 = sqlx::query_scalar("SELECT count(*) FROM authorizations")
            .fetch_one(&gw.state.db.pool)
            .await
            .unwrap();
        assert_eq!(count, 0, "nothing half-written");
        gw.stop().await;
    }
}

/// The SMS code of the newest message the sandbox sent her.
async fn last_code(base: &str) -> String {
    let sms = happylife_core::bank::client::Gateway::new(base)
        .sandbox_sms(DEMO_CUSTOMER_ID)
        .await
        .unwrap();
    happylife_core::auth::enrol::code_in(&sms[0]).expect("a code in the SMS")
}

#[tokio::test]
async fn i_have_been_scammed_stops_waiting_money_logs_out_her_other_phones_and_comes_back_only_a_day_later()
 {
    use happylife_core::Clock;
    use happylife_core::accounts::demo::DEMO_PIN;
    use happylife_core::cards::unfreeze::{UnfreezeError, UnfreezeStatus};
    use happylife_core::transfers::{
        ContextFacts, Delay, PayeeChoice, TransferDraft, TransferOutcome,
    };
    for (url, _keep) in backends().await {
        let clock = happylife_tests::clock();
        let gw = happylife_tests::gateway_with_clock(&url, any_port(), clock.clone()).await;
        let base = gw.url();
        let dir = tempfile::tempdir().unwrap();
        let d = happylife_tests::device_with_clock(dir.path(), clock.clone()).await;
        d.bind_in_sandbox(&base, DEMO_CUSTOMER_ID, "phone")
            .await
            .unwrap();
        d.sync().await.unwrap();
        let other = happylife_tests::raw_session(&base, DEMO_CUSTOMER_ID).await;
        let debit = happylife_core::AccountId(1);
        let before = d.account(debit).await.unwrap().balance.fen();
        // A transfer on its 24-hour delay, to her grandson (a saved payee).
        let draft = TransferDraft {
            from_account_id: 1,
            payee: PayeeChoice::Saved { id: 2 },
            amount: happylife_core::Money::cny(30_000),
            note: String::new(),
            delay: Delay::OneDay,
        };
        let check = d
            .check_transfer(&draft, ContextFacts::default())
            .await
            .unwrap();
        let sent = d
            .send_transfer(&draft, ContextFacts::default(), Some(&check), None)
            .await
            .unwrap();
        assert!(matches!(sent, TransferOutcome::Sent(_)), "{url}: {sent:?}");
        assert_eq!(
            d.account(debit).await.unwrap().balance.fen(),
            before - 30_000
        );

        d.report_scam().await.unwrap();
        d.sync().await.unwrap();
        assert!(d.cards_frozen().await.unwrap(), "{url}");
        assert_eq!(
            d.account(debit).await.unwrap().balance.fen(),
            before,
            "{url}: the delayed money is back"
        );
        let status: String =
            sqlx::query_scalar("SELECT status FROM transfers WHERE amount_fen = 30000")
                .fetch_one(&gw.state.db.pool)
                .await
                .unwrap();
        assert_eq!(status, "cancelled", "{url}");
        // Whoever was logged in on her other phone is logged out.
        let r = reqwest::Client::new()
            .get(format!("{base}/v1/changes"))
            .bearer_auth(&other)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 401, "{url}");
        // This phone goes on.
        d.sync().await.unwrap();

        // The way back: her ID number and the SMS code, under a PIN login.
        let id = happylife_core::bank::client::Gateway::new(&base)
            .sandbox_customer(DEMO_CUSTOMER_ID)
            .await
            .unwrap()["id_number"]
            .as_str()
            .unwrap()
            .to_string();
        let sent = d.request_unfreeze_code(&id).await.unwrap();
        let u = d
            .request_unfreeze(sent.code_id, &last_code(&base).await)
            .await
            .unwrap();
        assert_eq!(u.status, UnfreezeStatus::Waiting, "{url}");
        assert_eq!(u.not_before, clock.now().timestamp() + 24 * 3600);
        // Asking twice is refused; cancelling keeps her cards frozen.
        clock.set(clock.now() + chrono::Duration::minutes(2));
        let sent = d.request_unfreeze_code(&id).await.unwrap();
        assert_eq!(
            d.request_unfreeze(sent.code_id, &last_code(&base).await)
                .await,
            Err(UnfreezeError::AlreadyWaiting.into()),
            "{url}"
        );
        let cancelled = d.cancel_unfreeze(u.id).await.unwrap();
        assert_eq!(cancelled.status, UnfreezeStatus::Cancelled);
        clock.set(clock.now() + chrono::Duration::hours(25));
        happylife_tests::log_in_again(&[&d]).await;
        d.sync().await.unwrap();
        assert!(
            d.cards_frozen().await.unwrap(),
            "{url}: cancelled, still frozen"
        );
        // Asked again, and a day later the next sync finds her cards unfrozen.
        let sent = d.request_unfreeze_code(&id).await.unwrap();
        let u = d
            .request_unfreeze(sent.code_id, &last_code(&base).await)
            .await
            .unwrap();
        clock.set(clock.now() + chrono::Duration::hours(23));
        happylife_tests::log_in_again(&[&d]).await;
        d.sync().await.unwrap();
        assert!(
            d.cards_frozen().await.unwrap(),
            "{url}: not before the day is over"
        );
        clock.set(clock.now() + chrono::Duration::hours(2));
        happylife_tests::log_in_again(&[&d]).await;
        d.sync().await.unwrap();
        assert!(
            !d.cards_frozen().await.unwrap(),
            "{url}: unfrozen after the wait"
        );
        assert_eq!(d.unfreeze().await.unwrap().unwrap().id, u.id);
        assert_eq!(
            d.unfreeze().await.unwrap().unwrap().status,
            UnfreezeStatus::Done
        );
        // The locks stay on until she turns them off.
        for card in d.cards().await.unwrap() {
            assert_eq!(card.lock_status(Lock::Online), LockStatus::On);
        }
        let _ = DEMO_PIN;
        d.close().await;
        gw.stop().await;
    }
}

#[tokio::test]
async fn an_unfreeze_needs_a_pin_login_and_her_own_code() {
    use happylife_core::accounts::demo::DEMO_PIN;
    for (url, _keep) in backends().await {
        let gw = gateway(&url, any_port()).await;
        let base = gw.url();
        let http = reqwest::Client::new();
        let phone = happylife_tests::raw_phone(&base, DEMO_CUSTOMER_ID).await;
        let session = happylife_tests::raw_login(&base, &phone, DEMO_PIN).await;
        let ask = |token: String, body: Value| {
            let http = http.clone();
            let base = base.clone();
            async move {
                let r = http
                    .post(format!("{base}/v1/unfreeze"))
                    .bearer_auth(token)
                    .json(&body)
                    .send()
                    .await
                    .unwrap();
                let status = r.status().as_u16();
                let v: Value = r.json().await.unwrap_or(Value::Null);
                (
                    status,
                    v["error"]["code"].as_str().unwrap_or_default().to_string(),
                )
            }
        };
        // Nothing is frozen yet.
        assert_eq!(
            ask(session.clone(), json!({"code_id": 1, "code": "123456"})).await,
            (409, "not_frozen".to_string()),
            "{url}"
        );
        // The device token alone asks nothing.
        assert_eq!(
            ask(
                phone.device_token.clone(),
                json!({"code_id": 1, "code": "123456"})
            )
            .await,
            (401, "session_required".to_string()),
            "{url}"
        );
        let count: i64 = sqlx::query_scalar("SELECT count(*) FROM unfreeze_requests")
            .fetch_one(&gw.state.db.pool)
            .await
            .unwrap();
        assert_eq!(count, 0, "{url}: nothing written");
        gw.stop().await;
    }
}
