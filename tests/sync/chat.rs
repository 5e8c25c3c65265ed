//! 人工客服 in writing against the real gateway (SQLite and PostgreSQL):
//! the elder (72) is served before a younger customer who wrote first; an
//! agent takes her conversation and answers, and her phone has the answer
//! after its sync; a line written offline waits on the phone and reaches
//! the bank once, even when the answer to its sending is lost; the
//! conversation is still on her phone after the app is reopened; an agent
//! sees a masked name and an age band, nothing more.

use happylife_core::accounts::demo::{DAUGHTER, DEMO_CUSTOMER_ID};
use happylife_core::chat::Queue;
use happylife_core::{Companion, CompanionError};
use happylife_tests::{Proxy, backends, device, gateway};
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::sync::atomic::Ordering;

fn any_port() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 0))
}

async fn phone(url: &str, dir: &std::path::Path, customer: &str) -> Companion {
    let d = device(dir).await;
    d.bind_in_sandbox(url, customer, "phone").await.unwrap();
    d.sync().await.unwrap();
    d
}

async fn agent(base: &str, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
    let mut req = reqwest::Client::new().request(method, format!("{base}{path}"));
    if let Some(b) = body {
        req = req.json(&b);
    }
    let r = req.send().await.unwrap();
    assert!(r.status().is_success(), "{path}: {}", r.status());
    r.json().await.unwrap()
}

async fn count(gw: &happylife_server::Running, text: &str) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM chat_messages WHERE body = $1")
        .bind(text)
        .fetch_one(&gw.state.db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn the_elder_is_served_first_answered_in_writing_and_nothing_is_sent_twice() {
    for (url, _keep) in backends().await {
        let gw = gateway(&url, any_port()).await;
        let base = gw.url();
        let proxy = Proxy::start(gw.addr).await;
        let (de, dd) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let elder = phone(&proxy.url(), de.path(), DEMO_CUSTOMER_ID).await;
        let daughter = phone(&base, dd.path(), DAUGHTER.id).await;
        assert_eq!(elder.chat_queue().await.unwrap(), Queue::None, "{url}");

        // The daughter (46) writes first, her mother (72) second.
        daughter.send_chat("信用卡的年费怎么算？").await.unwrap();
        daughter.sync().await.unwrap();
        elder
            .send_chat("  我想问问养老金到账了没有  ")
            .await
            .unwrap();
        elder.sync().await.unwrap();
        assert_eq!(
            elder.chat_queue().await.unwrap(),
            Queue::Waiting {
                ahead: 0,
                minutes: 3
            },
            "the elder goes first"
        );
        assert_eq!(
            daughter.chat_queue().await.unwrap(),
            Queue::Waiting {
                ahead: 1,
                minutes: 6
            }
        );
        let queue = agent(&base, reqwest::Method::GET, "/v1/operator/chats", None).await;
        let chats = queue["chats"].as_array().unwrap();
        assert_eq!(chats.len(), 2);
        assert_eq!(
            (
                chats[0]["name"].as_str(),
                chats[0]["age_band"].as_str(),
                chats[0]["elder"].as_bool()
            ),
            (Some("王*兰"), Some("70-79"), Some(true))
        );
        assert_eq!(chats[0]["last_line"], "我想问问养老金到账了没有");
        assert_eq!(
            (
                chats[1]["name"].as_str(),
                chats[1]["age_band"].as_str(),
                chats[1]["elder"].as_bool()
            ),
            (Some("李*"), Some("40-49"), Some(false))
        );
        let text = queue.to_string();
        assert!(
            !text.contains("王秀兰") && !text.contains("110105"),
            "no full name, no ID"
        );

        // An agent takes hers and answers.
        let id = chats[0]["id"].as_i64().unwrap();
        agent(
            &base,
            reqwest::Method::POST,
            &format!("/v1/operator/chats/{id}/take"),
            None,
        )
        .await;
        assert_eq!(elder.chat_queue().await.unwrap(), Queue::Open);
        agent(
            &base,
            reqwest::Method::POST,
            &format!("/v1/operator/chats/{id}/messages"),
            Some(json!({ "text": "您好，养老金每月15日到账，本月已经到了。" })),
        )
        .await;
        elder.sync().await.unwrap();
        let lines = elder.chat().await.unwrap();
        assert_eq!(lines.len(), 2);
        assert_eq!(
            (
                lines[0].from_agent,
                lines[0].text.as_str(),
                lines[0].waiting
            ),
            (false, "我想问问养老金到账了没有", false)
        );
        assert_eq!(
            (lines[1].from_agent, lines[1].text.as_str()),
            (true, "您好，养老金每月15日到账，本月已经到了。")
        );
        // Her daughter's phone has only her own conversation.
        daughter.sync().await.unwrap();
        assert_eq!(daughter.chat().await.unwrap().len(), 1);

        // Offline: the line waits on the phone, marked so.
        proxy.faults.down.store(true, Ordering::SeqCst);
        elder.send_chat("那下个月呢？").await.unwrap();
        assert!(elder.sync().await.is_err());
        let last = elder.chat().await.unwrap().pop().unwrap();
        assert!(last.waiting && last.text == "那下个月呢？");
        assert_eq!(count(&gw, "那下个月呢？").await, 0);
        // Back, and the answer to its sending is lost: asked again, once.
        proxy.faults.down.store(false, Ordering::SeqCst);
        proxy
            .faults
            .lose_next_command_reply
            .store(true, Ordering::SeqCst);
        assert_eq!(elder.sync().await, Err(CompanionError::Offline));
        elder.sync().await.unwrap();
        assert_eq!(count(&gw, "那下个月呢？").await, 1, "{url}: sent once");
        assert!(!elder.chat().await.unwrap().iter().any(|l| l.waiting));

        // Reopened: the conversation is still there.
        elder.close().await;
        let elder = device(de.path()).await;
        let lines = elder.chat().await.unwrap();
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[2].text, "那下个月呢？");

        // Bad lines are refused in words, nothing queued.
        for bad in ["   ", &"字".repeat(501)] {
            assert_eq!(elder.send_chat(bad).await, Err(CompanionError::InvalidChat));
        }
        assert_eq!(elder.chat().await.unwrap().len(), 3);

        // Closed: it leaves the agents' queue; the daughter's still waits.
        agent(
            &base,
            reqwest::Method::POST,
            &format!("/v1/operator/chats/{id}/close"),
            None,
        )
        .await;
        let queue = agent(&base, reqwest::Method::GET, "/v1/operator/chats", None).await;
        assert_eq!(queue["chats"].as_array().unwrap().len(), 1);
        assert_eq!(queue["chats"][0]["name"], "李*");
        elder.close().await;
        daughter.close().await;
        gw.stop().await;
    }
}

#[tokio::test]
async fn at_the_bank_the_agents_routes_need_the_operator_credential() {
    for (url, _keep) in backends().await {
        let config = happylife_server::Config {
            operator_token: Some("the-agents-credential".into()),
            ..happylife_server::Config::bank(url.clone())
        };
        let gw = happylife_server::start(config).await.unwrap();
        let base = gw.url();
        let client = reqwest::Client::new();
        for path in ["/v1/operator/chats", "/v1/operator/reports"] {
            let r = client.get(format!("{base}{path}")).send().await.unwrap();
            assert_eq!(r.status().as_u16(), 401, "{url} {path}");
        }
        for path in [
            "/v1/operator/chats/1/take",
            "/v1/operator/chats/1/close",
            "/v1/operator/reports/1/reject",
        ] {
            let r = client.post(format!("{base}{path}")).send().await.unwrap();
            assert_eq!(r.status().as_u16(), 401, "{url} {path}");
        }
        let r = client
            .get(format!("{base}/v1/operator/chats"))
            .bearer_auth("the-agents-credential")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 200);
        // The console page itself is served; what it asks for is guarded.
        let page = client.get(format!("{base}/agent")).send().await.unwrap();
        assert_eq!(page.status().as_u16(), 200);
        assert!(page.text().await.unwrap().contains("人工客服台"));
        gw.stop().await;
    }
}
