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
