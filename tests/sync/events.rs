//! The bank's event stream (`GET /v1/events`) against the real gateway
//! (SQLite and PostgreSQL): behind a live session, `ready` when it opens,
//! `changed` within two seconds of a change to the customer's own log and
//! never for someone else's, and it ends when the gateway stops. An app
//! following it syncs at once, so her daughter hears of 我被骗了 without
//! pressing 刷新.

use happylife_core::accounts::demo::{DAUGHTER, DEMO_CUSTOMER_ID};
use happylife_core::family::{AlertKind, Role};
use happylife_tests::{backends, device, gateway};
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

fn any_port() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 0))
}

/// An open event stream, read event by event.
struct Stream {
    resp: reqwest::Response,
    pending: String,
}

impl Stream {
    async fn open(base: &str, token: Option<&str>) -> Result<Stream, (u16, String)> {
        let mut req = reqwest::Client::builder()
            .no_proxy()
            .build()
            .unwrap()
            .get(format!("{base}/v1/events"));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let resp = req.send().await.expect("the gateway answers");
        let status = resp.status().as_u16();
        if status != 200 {
            let body: serde_json::Value = resp.json().await.unwrap_or_default();
            return Err((status, body["error"]["code"].as_str().unwrap_or("").into()));
        }
        assert_eq!(
            resp.headers()["content-type"].to_str().unwrap(),
            "text/event-stream"
        );
        Ok(Stream {
            resp,
            pending: String::new(),
        })
    }

    /// The next event's name within `wait` (`None`: nothing came, or the
    /// stream ended: `Some("")`).
    async fn next(&mut self, wait: Duration) -> Option<String> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            if let Some(end) = self.pending.find("\n\n") {
                let event: String = self.pending.drain(..end + 2).collect();
                if let Some(name) = event.lines().find_map(|l| l.strip_prefix("event:")) {
                    return Some(name.trim().to_string());
                }
                continue;
            }
            match tokio::time::timeout_at(deadline, self.resp.chunk()).await {
                Err(_) => return None,
                Ok(Ok(Some(bytes))) => self.pending.push_str(&String::from_utf8_lossy(&bytes)),
                Ok(_) => return Some(String::new()),
            }
        }
    }
}

#[tokio::test]
async fn the_event_stream_says_when_her_log_grew_and_only_hers() {
    for (url, _keep) in backends().await {
        let gw = gateway(&url, any_port()).await;
        let base = gw.url();
        // No session, or a token the bank never issued: refused.
        assert_eq!(
            Stream::open(&base, None).await.err(),
            Some((401, "session_required".into())),
            "{url}"
        );
        assert_eq!(
            Stream::open(&base, Some("0123456789abcdef0123456789abcdef"))
                .await
                .err(),
            Some((401, "session_required".into()))
        );
        let elder = happylife_tests::raw_session(&base, DEMO_CUSTOMER_ID).await;
        let daughter = happylife_tests::raw_session(&base, DAUGHTER.id).await;
        let mut hers = Stream::open(&base, Some(&daughter)).await.unwrap();
        let mut mine = Stream::open(&base, Some(&elder)).await.unwrap();
        assert_eq!(
            hers.next(Duration::from_secs(2)).await.as_deref(),
            Some("ready")
        );
        assert_eq!(
            mine.next(Duration::from_secs(2)).await.as_deref(),
            Some("ready")
        );
        // What their logins wrote just before may still be said once.
        while hers.next(Duration::from_millis(500)).await.as_deref() == Some("changed") {}
        while mine.next(Duration::from_millis(10)).await.as_deref() == Some("changed") {}

        // The elder's own change (她按了我被骗了): her stream says so at
        // once; her daughter, not linked, hears nothing.
        let r = reqwest::Client::new()
            .post(format!("{base}/v1/commands"))
            .bearer_auth(&elder)
            .header("Idempotency-Key", "events-scam-report")
            .json(&serde_json::json!({ "kind": "scam_report" }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 201);
        assert_eq!(
            mine.next(Duration::from_secs(2)).await.as_deref(),
            Some("changed")
        );
        assert_eq!(
            hers.next(Duration::from_millis(800)).await,
            None,
            "not hers"
        );

        // The gateway stops: every stream ends, and nothing holds it up.
        let stopping = tokio::time::Instant::now();
        gw.stop().await;
        assert!(stopping.elapsed() < Duration::from_secs(10));
        assert_eq!(mine.next(Duration::from_secs(5)).await.as_deref(), Some(""));
    }
}

#[tokio::test]
async fn a_daughter_following_the_stream_hears_of_her_mothers_report_without_asking() {
    for (url, _keep) in backends().await {
        let gw = gateway(&url, any_port()).await;
        let (de, dd) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let elder = device(de.path()).await;
        elder
            .bind_in_sandbox(&gw.url(), DEMO_CUSTOMER_ID, "phone")
            .await
            .unwrap();
        elder.sync().await.unwrap();
        let daughter = device(dd.path()).await;
        daughter
            .bind_in_sandbox(&gw.url(), DAUGHTER.id, "phone")
            .await
            .unwrap();
        daughter.sync().await.unwrap();
        let invite = elder.create_invite(Role::Viewer).await.unwrap();
        daughter.accept_invite(&invite.code).await.unwrap();
        elder.sync().await.unwrap();
        let link = elder.family_members().await.unwrap()[0].id;
        elder.answer_link(link, true).await.unwrap();

        // Her app follows the stream; each event syncs it, as the app does.
        let woken = Arc::new(AtomicUsize::new(0));
        let wake = Arc::new(tokio::sync::Notify::new());
        let (w, n) = (woken.clone(), wake.clone());
        let d = daughter.clone();
        let follower = tokio::spawn(async move {
            d.follow_bank_events(move || {
                w.fetch_add(1, Ordering::SeqCst);
                n.notify_one();
            })
            .await
        });
        wake.notified().await; // `ready`
        daughter.sync().await.unwrap();
        assert!(daughter.family_alerts(None).await.unwrap().is_empty());

        elder.report_scam().await.unwrap();
        elder.sync().await.unwrap();
        tokio::time::timeout(Duration::from_secs(2), wake.notified())
            .await
            .expect("an event within 2 seconds of the bank having it");
        daughter.sync().await.unwrap();
        let alerts = daughter.family_alerts(None).await.unwrap();
        assert_eq!(alerts[0].kind, AlertKind::ScamReported, "{url}");
        assert!(woken.load(Ordering::SeqCst) >= 2);

        gw.stop().await;
        // The bank went away: the follower returns (the app follows again
        // later) instead of hanging on a dead stream.
        tokio::time::timeout(Duration::from_secs(10), follower)
            .await
            .expect("the follower returns")
            .expect("no panic")
            .expect("the bank ended the stream");
        elder.close().await;
        daughter.close().await;
    }
}
