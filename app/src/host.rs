//! The UI served to a WebView or browser on this machine (Dioxus
//! liveview): the same [`App`](crate::App) the desktop window shows, over a
//! websocket on 127.0.0.1. The liveview launcher serves it to a browser,
//! and the phone's library (`happylife-mobile`) to the shell's WebView:
//! one UI everywhere.
//!
//! Whoever holds the websocket drives her app, so it is guarded: a secret
//! made at each start is part of the address ([`UiHost::url`], `/?s=…`,
//! kept after in a `SameSite=Strict`, `HttpOnly` cookie so a reload
//! works), and both the page and `/ws` refuse a request without it
//! (compared in constant time); `/ws` also refuses a request whose `Origin`
//! is not this server's own address (a web page elsewhere cannot open it),
//! and on loopback a `Host` that is not this machine (DNS rebinding). On a
//! phone, other apps can reach 127.0.0.1 too: without the secret, which
//! only the shell is given, they get a refusal and nothing else.

use crate::context::{SyncTarget, WINDOW_TITLE};
use axum::Router;
use axum::extract::{Query, WebSocketUpgrade};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use dioxus::prelude::*;
use dioxus_liveview::{LiveViewPool, axum_socket, interpreter_glue};
use happylife_core::Companion;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use subtle::ConstantTimeEq;
use tokio::sync::watch;

/// The cookie that keeps the secret once the address was opened (the
/// page's own history moves it to `/`, and a reload must still work).
const COOKIE: &str = "happylife_launch";

/// How long open pages get to finish when the host stops.
const GRACE: std::time::Duration = std::time::Duration::from_secs(2);

/// What the served UI needs besides the [`Companion`] and [`SyncTarget`]:
/// more root contexts (the phone's native capabilities, test hooks).
pub type ExtraContexts = Arc<dyn Fn(VirtualDom) -> VirtualDom + Send + Sync>;

/// The UI being served. Dropping it does not stop it: call [`UiHost::stop`].
pub struct UiHost {
    addr: SocketAddr,
    secret: String,
    stop: watch::Sender<bool>,
    served: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl UiHost {
    /// Serves the UI on `listen` (port 0: any free port) for `companion`.
    /// Fails only when the address cannot be listened on.
    pub async fn start(
        companion: Companion,
        target: SyncTarget,
        listen: SocketAddr,
        extra: Option<ExtraContexts>,
    ) -> std::io::Result<UiHost> {
        let listener = tokio::net::TcpListener::bind(listen).await?;
        let addr = listener.local_addr()?;
        // A new secret each start: only who was given the address (the
        // tester, the shell's WebView) can open the app.
        let secret = happylife_core::auth::new_nonce();
        let router = router(
            companion,
            target,
            extra,
            secret.clone(),
            listen.ip().is_loopback(),
        );
        let (stop, stop_rx) = watch::channel(false);
        let mut graceful = stop_rx.clone();
        let server = axum::serve(listener, router).with_graceful_shutdown(async move {
            let _ = graceful.wait_for(|stop| *stop).await;
        });
        let mut grace = stop_rx;
        // An open page keeps its websocket: after the grace, stop anyway.
        let served = tokio::spawn(async move {
            tokio::select! {
                served = server => served,
                _ = async move {
                    let _ = grace.wait_for(|stop| *stop).await;
                    tokio::time::sleep(GRACE).await;
                } => Ok(()),
            }
        });
        Ok(UiHost {
            addr,
            secret,
            stop,
            served,
        })
    }

    /// The address to open, with this start's secret: give it only to the
    /// WebView (or print it for the tester).
    pub fn url(&self) -> String {
        format!("http://{}/?s={}", self.addr, self.secret)
    }

    /// Where it listens.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops serving (open pages get a moment to finish).
    pub async fn stop(self) -> std::io::Result<()> {
        let _ = self.stop.send(true);
        self.served.await.unwrap_or(Ok(()))
    }
}

fn router(
    companion: Companion,
    target: SyncTarget,
    extra: Option<ExtraContexts>,
    secret: String,
    loopback: bool,
) -> Router {
    let pool = LiveViewPool::new();
    let page = index_page(&secret);
    let (page_secret, ws_secret) = (secret.clone(), secret);
    Router::new()
        .route(
            "/",
            get(
                move |Query(q): Query<HashMap<String, String>>, headers: HeaderMap| async move {
                    if has_secret(&q, &headers, &page_secret) {
                        // Kept for reloads; sent only by pages of this site
                        // (SameSite=Strict), never readable by scripts.
                        let cookie =
                            format!("{COOKIE}={page_secret}; Path=/; HttpOnly; SameSite=Strict");
                        ([(header::SET_COOKIE, cookie)], Html(page)).into_response()
                    } else {
                        refused()
                    }
                },
            ),
        )
        .route(
            "/ws",
            get(
                move |ws: WebSocketUpgrade,
                      Query(q): Query<HashMap<String, String>>,
                      headers: HeaderMap| {
                    let pool = pool.clone();
                    let (c, target, extra) = (companion.clone(), target.clone(), extra.clone());
                    let allowed =
                        has_secret(&q, &headers, &ws_secret) && same_origin(&headers, loopback);
                    async move {
                        if !allowed {
                            tracing::warn!(
                                "a websocket without this start's secret or from another origin was refused"
                            );
                            return refused();
                        }
                        ws.on_upgrade(move |socket| async move {
                            let _ = pool
                                .launch_virtualdom(axum_socket(socket), move || {
                                    let dom = VirtualDom::new(crate::App)
                                        .with_root_context(c)
                                        .with_root_context(target);
                                    match &extra {
                                        Some(add) => add(dom),
                                        None => dom,
                                    }
                                })
                                .await;
                        })
                        .into_response()
                    }
                },
            ),
        )
}

/// Whether the request carries this start's secret: in the address
/// (`?s=`) or in the cookie the page set.
fn has_secret(query: &HashMap<String, String>, headers: &HeaderMap, secret: &str) -> bool {
    let same = |given: &str| bool::from(given.as_bytes().ct_eq(secret.as_bytes()));
    let in_cookie = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .any(|(name, value)| name == COOKIE && same(value));
    query.get("s").is_some_and(|given| same(given)) || in_cookie
}

/// Whether the request is for this machine (on loopback) and a websocket
/// opened by this server's own page: `Origin` is `http://` + its `Host`.
fn same_origin(headers: &HeaderMap, loopback: bool) -> bool {
    let get = |name| headers.get(name).and_then(|v| v.to_str().ok());
    let (Some(host), Some(origin)) = (get(header::HOST), get(header::ORIGIN)) else {
        return false;
    };
    // A `Host` is a name or address and a port, nothing that a URL would
    // read as a path or a user.
    let plain_host = !host.contains(['/', '@', '?', '#', '\\']);
    plain_host
        && (!loopback || happylife_core::bank::tls::is_loopback(&format!("http://{host}")))
        && origin.eq_ignore_ascii_case(&format!("http://{host}"))
}

fn refused() -> Response {
    (
        StatusCode::FORBIDDEN,
        Html(
            "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>幸福生活</title></head>\
             <body><p>请打开幸福生活启动时显示的地址。Open the address HappyLife printed when it started.</p></body></html>",
        ),
    )
        .into_response()
}

fn index_page(secret: &str) -> String {
    format!(
        r#"<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{WINDOW_TITLE}</title>
<style>html, body {{ margin: 0; background: #ffffff; }}</style>
</head>
<body><div id="main"></div>
{glue}
</body>
</html>"#,
        glue = interpreter_glue(&format!("/ws?s={secret}"))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(
                axum::http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                v.parse().unwrap(),
            );
        }
        h
    }

    #[test]
    fn the_secret_opens_the_page_in_the_address_or_the_cookie() {
        let none = HashMap::new();
        let given = HashMap::from([("s".to_string(), "abc".to_string())]);
        let wrong = HashMap::from([("s".to_string(), "abd".to_string())]);
        assert!(has_secret(&given, &HeaderMap::new(), "abc"));
        assert!(!has_secret(&wrong, &HeaderMap::new(), "abc"));
        assert!(!has_secret(&none, &HeaderMap::new(), "abc"));
        let cookie = headers(&[("cookie", "a=1; happylife_launch=abc")]);
        assert!(has_secret(&none, &cookie, "abc"));
        let other = headers(&[("cookie", "happylife_launch=abd")]);
        assert!(!has_secret(&none, &other, "abc"));
    }

    #[test]
    fn a_websocket_from_another_origin_or_host_is_refused() {
        let own = headers(&[
            ("host", "127.0.0.1:5000"),
            ("origin", "http://127.0.0.1:5000"),
        ]);
        assert!(same_origin(&own, true));
        let elsewhere = headers(&[
            ("host", "127.0.0.1:5000"),
            ("origin", "https://evil.example"),
        ]);
        assert!(!same_origin(&elsewhere, true));
        let rebound = headers(&[
            ("host", "evil.example:5000"),
            ("origin", "http://evil.example:5000"),
        ]);
        assert!(!same_origin(&rebound, true));
        assert!(!same_origin(&headers(&[("host", "127.0.0.1:5000")]), true));
        let tricky = headers(&[
            ("host", "127.0.0.1@evil.example"),
            ("origin", "http://127.0.0.1@evil.example"),
        ]);
        assert!(!same_origin(&tricky, true));
    }
}
