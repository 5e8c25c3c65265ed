//! HappyLife in a browser: the same UI as the desktop window, served on
//! 127.0.0.1 over a websocket (Dioxus liveview, [`happylife_app::host`]).
//! Used where there is no display, and by the browser tests. The address
//! it prints carries this launch's secret; without it the page and the
//! websocket are refused.

use clap::Parser;
use happylife_app::host::UiHost;
use happylife_app::launch::{CommonArgs, init_logging};
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
    let companion = launched.companion.clone();
    let host = match UiHost::start(
        companion.clone(),
        launched.target.clone(),
        args.listen,
        None,
    )
    .await
    {
        Ok(h) => h,
        Err(e) => {
            eprintln!(
                "cannot listen on {}: {e} (is HappyLife already running? try --listen 127.0.0.1:0)",
                args.listen
            );
            return ExitCode::from(2);
        }
    };
    println!(
        "HappyLife is running at {} (open it in a browser; Ctrl+C to stop)",
        host.url()
    );
    // On Ctrl+C or SIGTERM stop accepting; an open browser tab keeps its
    // websocket, so it gets a moment and then the host stops anyway.
    happylife_server::shutdown_signal().await;
    let served = host.stop().await;
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
