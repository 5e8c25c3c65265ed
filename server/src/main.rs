//! `happylife-server`: run the sandbox bank gateway on its own.

use clap::Parser;
use happylife_server::{Config, start};
use std::net::SocketAddr;
use std::process::ExitCode;

/// The HappyLife sandbox bank gateway.
#[derive(Debug, Parser)]
#[command(name = "happylife-server", version)]
struct Args {
    /// `sqlite://FILE?mode=rwc` (default) or `postgres://…`.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://happylife-server.db?mode=rwc"
    )]
    database_url: String,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8787")]
    listen: SocketAddr,
    /// Synthetic entries in the generated anti-fraud list (the named demo
    /// entries are always added).
    #[arg(long, default_value_t = 5_000_000)]
    blocklist_size: u64,
    /// Freeze the clock at this moment (RFC 3339), for repeatable demos.
    #[arg(long)]
    clock: Option<String>,
    /// Print the OpenAPI document (JSON) and exit, without starting.
    #[arg(long)]
    print_openapi: bool,
}

#[tokio::main]
async fn main() -> ExitCode {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
    let args = Args::parse();
    if args.print_openapi {
        use std::io::Write;
        let json = happylife_server::openapi::document_json();
        return match writeln!(std::io::stdout(), "{json}") {
            Ok(()) => ExitCode::SUCCESS,
            Err(_) => ExitCode::FAILURE,
        };
    }
    let mut config = Config {
        listen: args.listen,
        blocklist_size: args.blocklist_size,
        ..Config::local(args.database_url)
    };
    if let Some(at) = &args.clock {
        match chrono::DateTime::parse_from_rfc3339(at) {
            Ok(now) => config.clock = std::sync::Arc::new(happylife_core::FixedClock::new(now)),
            Err(_) => {
                eprintln!("--clock must look like 2026-11-25T09:30:00+08:00");
                return ExitCode::from(2);
            }
        }
    }
    let running = match start(config).await {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(1);
        }
    };
    println!("HappyLife sandbox gateway at {}", running.url());
    happylife_server::shutdown_signal().await;
    running.stop().await;
    ExitCode::SUCCESS
}
