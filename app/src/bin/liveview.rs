//! HappyLife in a browser: the same UI as the desktop window, served on
//! 127.0.0.1 over a websocket (Dioxus liveview). Used where there is no
//! display, and by the browser tests.
//!
//! Whoever holds the websocket drives her app, so it is guarded: a secret
//! made at each launch is part of the address it prints (`/?s=…`, kept
//! after in a `SameSite=Strict`, `HttpOnly` cookie so a reload works), and
//! both the page and `/ws` refuse a request without it (compared in
//! constant time); `/ws` also refuses a request whose `Origin` is not this
//! server's own address (a web page elsewhere cannot open it from her
//! browser), and on loopback a `Host` that is not this machine (DNS
//! rebinding).

use axum::Router;
use axum::extract::{Query, WebSocketUpgrade};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use clap::Parser;
use dioxus::prelude::*;
use dioxus_liveview::{LiveViewPool, axum_socket, interpreter_glue};
use happylife_app::App;
use happylife_app::launch::{CommonArgs, WINDOW_TITLE, init_logging};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::process::ExitCode;
use subtle::ConstantTimeEq;

/// Serve HappyLife on 127.0.0.1 for a browser.
#[derive(Debug, Parser)]
#[command(name = "happylife-liveview", version)]
struct Args {
    #[command(flatten)]
    common: CommonArgs,
    /// Address to listen on. Only loopback by default: this is a desktop
    /// app's UI, not a public server.
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
}

/// The cookie that keeps the secret once the printed address was opened
/// (the page's own history moves it to `/`, and a reload must still work).
const COOKIE: &str = "happylife_launch";

/// Whether the request carries this launch's secret: in the address
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
    (!loopback || happylife_server::edge::is_loopback_host(host))
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

#[tokio::main]
async fn main() -> ExitCode {
    init_logging();
    let args = Args::parse();
    let launched = match args.common.open().await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(1);
        }
    };
    let listener = match tokio::net::TcpListener::bind(args.listen).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!(
                "cannot listen on {}: {e} (is HappyLife already running? try --listen 127.0.0.1:0)",
                args.listen
            );
            return ExitCode::from(2);
        }
    };
    let companion = launched.companion.clone();
    let pool = LiveViewPool::new();
    // A new secret each launch: only who was given the printed address
    // (the tester, the shell's WebView) can open the app.
    let secret = happylife_core::auth::new_nonce();
    let page = index_page(&secret);
    let loopback = args.listen.ip().is_loopback();
    let c = companion.clone();
    let target = launched.target.clone();
    let (page_secret, ws_secret) = (secret.clone(), secret.clone());
    let router = Router::new()
        .route(
            "/",
            get(move |Query(q): Query<HashMap<String, String>>, headers: HeaderMap| async move {
                if has_secret(&q, &headers, &page_secret) {
                    // Kept for reloads; sent only by pages of this site
                    // (SameSite=Strict), never readable by scripts.
                    let cookie = format!(
                        "{COOKIE}={page_secret}; Path=/; HttpOnly; SameSite=Strict"
                    );
                    ([(header::SET_COOKIE, cookie)], Html(page)).into_response()
                } else {
                    refused()
                }
            }),
        )
        .route(
            "/ws",
            get(move |ws: WebSocketUpgrade, Query(q): Query<HashMap<String, String>>, headers: HeaderMap| {
                let pool = pool.clone();
                let c = c.clone();
                let target = target.clone();
                let allowed =
                    has_secret(&q, &headers, &ws_secret) && same_origin(&headers, loopback);
                async move {
                    if !allowed {
                        tracing::warn!("a websocket without this launch's secret or from another origin was refused");
                        return refused();
                    }
                    ws.on_upgrade(move |socket| async move {
                        let _ = pool
                            .launch_virtualdom(axum_socket(socket), move || {
                                VirtualDom::new(App)
                                    .with_root_context(c)
                                    .with_root_context(target)
                            })
                            .await;
                    })
                    .into_response()
                }
            }),
        );
    let addr = listener.local_addr().unwrap_or(args.listen);
    println!(
        "HappyLife is running at http://{addr}/?s={secret} (open it in a browser; Ctrl+C to stop)"
    );
    // On Ctrl+C or SIGTERM stop accepting; an open browser tab keeps its
    // websocket, so give connections a moment and then stop anyway.
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    tokio::spawn(async move {
        happylife_server::shutdown_signal().await;
        let _ = stop_tx.send(true);
    });
    let mut graceful_rx = stop_rx.clone();
    let server = axum::serve(listener, router).with_graceful_shutdown(async move {
        let _ = graceful_rx.wait_for(|stop| *stop).await;
    });
    let mut grace_rx = stop_rx;
    let served = tokio::select! {
        served = server => served,
        _ = async move {
            let _ = grace_rx.wait_for(|stop| *stop).await;
            tokio::time::sleep(std::time::Duration::from_secs(2)).await;
        } => Ok(()),
    };
    companion.close().await;
    if let Some(gateway) = launched.gateway {
        gateway.stop().await;
    }
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("server stopped: {e}");
            ExitCode::from(1)
        }
    }
}
