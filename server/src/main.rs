//! `happylife-server`: run the bank gateway on its own: the bank by
//! default, the sandbox for testers with `--sandbox`.

use clap::Parser;
use happylife_server::{Config, start};
use std::net::SocketAddr;
use std::process::ExitCode;

/// The HappyLife bank gateway. With no flags it is the bank: no demo
/// customers and no tester shortcut. `--sandbox` adds the demo bank, the
/// SMS outbox, customer lookup, bill creation and card-payment simulation.
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
    /// The sandbox for testers: the demo bank, its SMS outbox and the
    /// tester shortcuts. Never on a bank's real server.
    #[arg(long)]
    sandbox: bool,
    /// The operator credential (publishing scam-list entries, answering
    /// complaints). Without it, operator actions are refused.
    #[arg(long, env = "HAPPYLIFE_OPERATOR_TOKEN", hide_env_values = true)]
    operator_token: Option<String>,
    /// The scam list's signing key (64 hex digits); without it, the one
    /// generated into the bank's data on first start.
    #[arg(long, env = "HAPPYLIFE_LIST_SIGNING_KEY", hide_env_values = true)]
    list_signing_key: Option<String>,
    /// The real-site table (JSON) the phones tell lookalike sites from;
    /// without it, the one built into the app.
    #[arg(long, env = "HAPPYLIFE_REAL_SITES")]
    real_sites: Option<std::path::PathBuf>,
    /// Synthetic entries in the sandbox's generated anti-fraud list (the
    /// named demo entries are always added; the bank's list starts empty).
    #[arg(long, default_value_t = 5_000_000)]
    blocklist_size: u64,
    /// Freeze the clock at this moment (RFC 3339), for repeatable demos.
    #[arg(long)]
    clock: Option<String>,
    /// Print the OpenAPI document (JSON) and exit, without starting (with
    /// `--sandbox`, the sandbox's, tester shortcuts included).
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
        let json = happylife_server::openapi::document_json_for(args.sandbox);
        return match writeln!(std::io::stdout(), "{json}") {
            Ok(()) => ExitCode::SUCCESS,
            Err(_) => ExitCode::FAILURE,
        };
    }
    let base = if args.sandbox {
        Config::local(args.database_url)
    } else {
        Config::bank(args.database_url)
    };
    let real_sites = match &args.real_sites {
        Some(path) => match std::fs::read(path) {
            Ok(bytes) => Some(bytes),
            Err(e) => {
                eprintln!("cannot read the real-site table {}: {e}", path.display());
                return ExitCode::from(2);
            }
        },
        None => None,
    };
    let mut config = Config {
        real_sites,
        listen: args.listen,
        blocklist_size: args.blocklist_size,
        operator_token: args.operator_token,
        list_signing_key: args.list_signing_key,
        ..base
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
    if args.sandbox {
        println!("HappyLife sandbox gateway at {}", running.url());
    } else {
        println!("HappyLife bank gateway at {}", running.url());
    }
    // Not a secret: the public half, which this deployment's phones trust.
    println!("scam-list key {}", running.list_key_hex());
    happylife_server::shutdown_signal().await;
    running.stop().await;
    ExitCode::SUCCESS
}
