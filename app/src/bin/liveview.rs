//! HappyLife in a browser: the same UI as the desktop window, served on
//! 127.0.0.1 over a websocket (Dioxus liveview). Used where there is no
//! display, and by the browser tests.

use axum::Router;
use axum::extract::WebSocketUpgrade;
use axum::response::Html;
use axum::routing::get;
use clap::Parser;
use dioxus::prelude::*;
use dioxus_liveview::{LiveViewPool, axum_socket, interpreter_glue};
use happylife_app::App;
use happylife_app::launch::{CommonArgs, WINDOW_TITLE, init_logging};
use std::net::SocketAddr;
use std::process::ExitCode;

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

fn index_page() -> String {
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
        glue = interpreter_glue("/ws")
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
    let page = index_page();
    let c = companion.clone();
    let target = launched.target.clone();
    let router = Router::new()
        .route("/", get(move || async move { Html(page) }))
        .route(
            "/ws",
            get(move |ws: WebSocketUpgrade| {
                let pool = pool.clone();
                let c = c.clone();
                let target = target.clone();
                async move {
                    ws.on_upgrade(move |socket| async move {
                        let _ = pool
                            .launch_virtualdom(axum_socket(socket), move || {
                                VirtualDom::new(App)
                                    .with_root_context(c)
                                    .with_root_context(target)
                            })
                            .await;
                    })
                }
            }),
        );
    let addr = listener.local_addr().unwrap_or(args.listen);
    println!("HappyLife is running at http://{addr}/ (open it in a browser; Ctrl+C to stop)");
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
