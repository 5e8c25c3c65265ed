//! happylife-server: the sandbox bank gateway that stands in for the bank.
//!
//! axum + sqlx; an SQLite file by default, PostgreSQL when the database URL
//! says so (same migrations in meaning, same queries, same behaviour). It
//! owns the demo bank and serves device registration, the change log that
//! devices pull, and the command endpoint their outboxes push to.
//!
//! The modules, from the bottom (the database, the HTTP toolkit every
//! endpoint uses, the ledger) through the features to the top (the change
//! log's reader, the commands dispatcher and the demo bank, which call
//! into the features):
//!
//! | module | owns |
//! |---|---|
//! | [`db`] | the pool, migrations, transactions, the change-log lock and [`db::insert_change`] |
//! | [`http`] | the HTTP toolkit: callers (`authenticate`), idempotency, JSON bodies and their field errors, [`http::ApiError`] |
//! | [`edge`] | connection and request limits, timeouts, loopback checks |
//! | [`secrets`] | the bank's keys and pepper, made on first start |
//! | [`ledger`] | posting to accounts, the balance a payment needs, today's transfer total |
//! | [`enrolment`] | binding a phone with an SMS code; the codes behind PIN resets |
//! | [`chat`] | 人工客服 in writing: her line, her place in the queue; the agents' queue and console |
//! | [`reports`] | 举报: customers' reports, confirmed by staff into the scam list |
//! | [`events`] | `GET /v1/events`: server-sent events that tell an open app its change log grew |
//! | [`auth`] | PIN, biometric and voice logins; sessions (`sessions`, `pin`, `keys`, `wire`) |
//! | [`phones`] | her bound phones, and removing one |
//! | [`transfers`] | transfers and the bank's risk check (`routes`, `rules`, `store`, `wire`) |
//! | [`tickets`] | the warning tickets a transfer's acknowledgement needs |
//! | [`family`] | links, roles, alerts, audit and co-sign approvals (`routes`, `approvals`, `rules`, `store`, `wire`) |
//! | [`cards`] | card locks, the scam-report freeze, simulated authorisations |
//! | [`unfreeze`] | the day-long way back after a scam report |
//! | [`bills`] | bills, statements and auto-pay |
//! | [`wealth`] | the product shelf, the risk profile, suitability-checked orders |
//! | [`blocklist`] | the signed scam list: versions, deltas, snapshots |
//! | [`operator`] | staff actions behind the operator credential |
//! | [`changes`] | `GET /v1/changes`: the change log devices pull |
//! | [`commands`] | `POST /v1/commands`: the dispatcher of what devices' outboxes push |
//! | [`seed`] | the sandbox's demo bank (only with `--sandbox`) |
//! | [`openapi`] | the OpenAPI document, and the one error shape for axum's own refusals |
//! | `fuzzing` | (hidden) every route's body checks, for the fuzz targets |
//!
//! This file: the shared state, the configuration, the routes, and
//! starting and stopping a gateway.

pub mod auth;
pub mod bills;
pub mod blocklist;
pub mod cards;
pub mod changes;
pub mod chat;
pub mod commands;
pub mod db;
pub mod edge;
pub mod enrolment;
pub mod events;
pub mod family;
#[doc(hidden)]
pub mod fuzzing;
pub mod http;
pub mod ledger;
pub mod openapi;
pub mod operator;
pub mod phones;
pub mod reports;
pub mod secrets;
pub mod seed;
pub mod tickets;
pub mod transfers;
pub mod unfreeze;
pub mod wealth;

use axum::Router;
use happylife_core::{Clock, SystemClock};
use std::net::SocketAddr;
use std::sync::Arc;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub db: db::Db,
    clock: Arc<dyn Clock>,
    /// The anti-fraud list publisher.
    pub blocklist: blocklist::Publisher,
    /// The real-site table, signed.
    pub real_sites: blocklist::RealSites,
    /// Whether this gateway is the sandbox (demo bank, tester shortcuts).
    pub sandbox: bool,
    /// The operator credential, when one is configured.
    pub operator: operator::Credential,
    /// The bank's own secrets (OPAQUE keys, the list's signing key, the
    /// codes' pepper).
    pub secrets: secrets::Secrets,
    /// Seconds the sandbox's testers moved its clock on (always 0 at the
    /// bank: only `POST /v1/sandbox/clock` moves it).
    clock_offset: Arc<std::sync::atomic::AtomicI64>,
    /// Tells open apps that their change log grew (`GET /v1/events`).
    pub events: events::Bus,
}

impl AppState {
    /// Now, by the injected clock (and, in the sandbox, as far on as the
    /// testers moved it).
    pub fn at(&self) -> chrono::DateTime<chrono::FixedOffset> {
        self.clock.now()
            + chrono::Duration::seconds(self.clock_offset.load(std::sync::atomic::Ordering::SeqCst))
    }

    /// Now, in unix seconds.
    pub fn now(&self) -> i64 {
        self.at().timestamp()
    }

    /// How far the sandbox's testers moved its clock on, in seconds.
    pub fn clock_offset_secs(&self) -> i64 {
        self.clock_offset.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Moves the sandbox's clock on by `secs` (testers: a 24-hour wait).
    pub fn advance_clock(&self, secs: i64) {
        self.clock_offset
            .fetch_add(secs, std::sync::atomic::Ordering::SeqCst);
    }
}

/// How to start a gateway.
#[derive(Clone)]
pub struct Config {
    /// `sqlite://path?mode=rwc` or `postgres://…`.
    pub database_url: String,
    /// Where to listen (loopback in tests and by default).
    pub listen: SocketAddr,
    /// Seed of the demo bank written on first start; `None` for none.
    pub demo_seed: Option<u64>,
    /// The clock.
    pub clock: Arc<dyn Clock>,
    /// Synthetic entries in the generated blocklist (plus the named ones).
    pub blocklist_size: u64,
    /// The sandbox: the demo bank (`demo_seed`), the SMS outbox, customer
    /// lookup, bill creation and card-payment simulation for testers.
    /// `false` is the bank: none of those routes exist and nothing is seeded.
    pub sandbox: bool,
    /// The operator credential (publishing scam-list entries, answering
    /// complaints), in both modes. `None`: operator actions are refused.
    pub operator_token: Option<String>,
    /// Timeouts and limits at the HTTP edge.
    pub limits: edge::Limits,
    /// The scam list's signing key (64 hex digits) from the deployment's
    /// configuration; `None`: the one generated on first start.
    pub list_signing_key: Option<String>,
    /// The real-site table the phones tell lookalike sites from (its JSON,
    /// `happylife_core::fraud::sites`); `None`: the one built into the app.
    pub real_sites: Option<Vec<u8>>,
}

impl Config {
    /// A sandbox gateway on `database_url` at 127.0.0.1 on any free port,
    /// with the demo bank and no operator credential.
    pub fn local(database_url: impl Into<String>) -> Config {
        Config {
            database_url: database_url.into(),
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            demo_seed: Some(happylife_core::accounts::demo::DEFAULT_SEED),
            clock: Arc::new(SystemClock),
            blocklist_size: DEFAULT_TEST_BLOCKLIST,
            sandbox: true,
            operator_token: None,
            limits: edge::Limits::default(),
            list_signing_key: None,
            real_sites: None,
        }
    }

    /// The bank on `database_url`: no demo bank, no tester shortcut.
    pub fn bank(database_url: impl Into<String>) -> Config {
        Config {
            demo_seed: None,
            sandbox: false,
            ..Config::local(database_url)
        }
    }
}

/// Synthetic blocklist entries of [`Config::local`] (small: tests start fast).
pub const DEFAULT_TEST_BLOCKLIST: u64 = 20_000;

/// Seed of the synthetic blocklist.
pub const BLOCKLIST_SEED: u64 = 96_110;

/// A started gateway.
pub struct Running {
    /// The address it listens on.
    pub addr: SocketAddr,
    /// Its state (tests inspect the database through it).
    pub state: AppState,
    stop: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<()>,
    sweeper: tokio::task::JoinHandle<()>,
    watcher: tokio::task::JoinHandle<()>,
}

impl Running {
    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The public key its scam list is signed with (64 hex digits): what
    /// phones of this deployment are configured to trust.
    pub fn list_key_hex(&self) -> String {
        self.state.secrets.list_public_key_hex()
    }

    /// Stops accepting, finishes open requests, and returns.
    pub async fn stop(self) {
        self.sweeper.abort();
        // Event streams end first, so nothing holds the stop up; the
        // watcher keeps nothing that needs an orderly end.
        self.state.events.stop();
        self.watcher.abort();
        let _ = self.watcher.await;
        let _ = self.stop.send(());
        let _ = self.task.await;
    }
}

/// Why the gateway could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The database could not be opened.
    #[error(transparent)]
    Db(#[from] db::DbError),
    /// The address could not be bound.
    #[error("cannot listen: {0}")]
    Listen(#[from] std::io::Error),
    /// The bank's secrets could not be read or made.
    #[error(transparent)]
    Secrets(#[from] secrets::SecretsError),
    /// The configured real-site table is not one a phone would read.
    #[error("the real-site table is not valid: {0}")]
    RealSites(happylife_core::fraud::FraudError),
}

/// The bank's endpoints, with their OpenAPI description: each handler is
/// routed through `routes!`, which takes its path and method from the
/// handler's `#[utoipa::path]` (a handler without one does not compile
/// here). The test `every_route_is_in_the_openapi_document` checks that
/// nothing is routed around these lists.
fn bank_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(openapi::base())
        .routes(routes!(enrolment::register))
        .routes(routes!(enrolment::request_code))
        .routes(routes!(enrolment::confirm_pin_reset))
        .routes(routes!(changes::changes))
        .routes(routes!(events::events))
        .routes(routes!(chat::chat_state))
        .routes(routes!(chat::queue))
        .routes(routes!(chat::lines))
        .routes(routes!(chat::take))
        .routes(routes!(chat::answer))
        .routes(routes!(chat::close))
        .routes(routes!(chat::console))
        .routes(routes!(reports::queue))
        .routes(routes!(reports::confirm))
        .routes(routes!(reports::reject))
        .routes(routes!(commands::command))
        .routes(routes!(transfers::routes::create))
        .routes(routes!(transfers::routes::check))
        .routes(routes!(transfers::routes::cancel))
        .routes(routes!(transfers::routes::by_key))
        .routes(routes!(auth::pin::pin_start))
        .routes(routes!(auth::pin::pin_finish))
        .routes(routes!(auth::pin::pin_register_start))
        .routes(routes!(auth::pin::pin_register_finish))
        .routes(routes!(auth::keys::challenge))
        .routes(routes!(auth::keys::register_biometric_key))
        .routes(routes!(auth::keys::remove_biometric_key))
        .routes(routes!(auth::keys::register_voice_key))
        .routes(routes!(auth::keys::remove_voice_key))
        .routes(routes!(auth::sessions::logout))
        .routes(routes!(phones::list))
        .routes(routes!(phones::remove))
        .routes(routes!(unfreeze::request))
        .routes(routes!(unfreeze::cancel))
        .routes(routes!(auth::keys::open_session, auth::sessions::whoami))
        .routes(routes!(family::routes::create_invite))
        .routes(routes!(family::routes::accept_invite))
        .routes(routes!(family::routes::consent))
        .routes(routes!(family::routes::change_role))
        .routes(routes!(family::routes::remove))
        .routes(routes!(family::routes::elder_accounts))
        .routes(routes!(family::routes::elder_transactions))
        .routes(routes!(family::routes::elder_bills))
        .routes(routes!(family::routes::elder_statement))
        .routes(routes!(family::routes::pay_elder_bill))
        .routes(routes!(family::routes::set_limit))
        .routes(routes!(family::approvals::decide))
        .routes(routes!(family::approvals::confirm))
        .routes(routes!(bills::pay_bill))
        .routes(routes!(bills::create_autopay))
        .routes(routes!(wealth::order))
        .routes(routes!(operator::answer_complaint))
        .routes(routes!(blocklist::manifest))
        .routes(routes!(blocklist::snapshot))
        .routes(routes!(blocklist::delta))
        .routes(routes!(blocklist::sites))
        .routes(routes!(blocklist::publish))
        .routes(routes!(openapi::serve))
}

/// The sandbox's tester shortcuts: they exist only with `--sandbox`.
fn sandbox_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(enrolment::sandbox_customer))
        .routes(routes!(enrolment::sandbox_sms))
        .routes(routes!(cards::authorize))
        .routes(routes!(bills::sandbox_issue))
        .routes(routes!(unfreeze::sandbox_clock))
}

/// Every endpoint of a gateway in `sandbox` mode or not, with its OpenAPI
/// document.
pub fn api_router_for(sandbox: bool) -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let routes = bank_routes();
    let routes = if sandbox {
        routes.merge(sandbox_routes())
    } else {
        routes
    };
    routes.split_for_parts()
}

/// Every endpoint of the sandbox (the bank's and the testers'), with the
/// OpenAPI document.
pub fn api_router() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    api_router_for(true)
}

/// The routes, with the one error shape for what matches none.
pub fn router(state: AppState) -> Router {
    api_router_for(state.sandbox)
        .0
        .fallback(|| async { http::ApiError::not_found("no_such_endpoint", "no such endpoint") })
        .layer(axum::middleware::map_response(openapi::uniform_errors))
        .with_state(state)
}

/// Opens the database and starts serving in the background.
pub async fn start(config: Config) -> Result<Running, StartError> {
    // The demo bank is the sandbox's: the bank seeds nobody.
    let demo_seed = config.demo_seed.filter(|_| config.sandbox);
    let db = db::Db::open(&config.database_url).await?;
    if let Some(seed) = demo_seed {
        seed::demo_bank(&db, seed, config.clock.now())
            .await
            .map_err(db::DbError::from)?;
    }
    let secrets = secrets::Secrets::load(&db, config.list_signing_key.as_deref()).await?;
    let sites_json = config.real_sites.unwrap_or_else(|| {
        happylife_core::fraud::sites::BUILT_IN_JSON
            .as_bytes()
            .to_vec()
    });
    let sites =
        happylife_core::fraud::Sites::from_json(&sites_json).map_err(StartError::RealSites)?;
    let real_sites = blocklist::RealSites {
        version: sites.version,
        file: bytes::Bytes::from(happylife_core::fraud::Sites::encode(
            &sites_json,
            secrets.list_signing_key(),
        )),
    };
    let state = AppState {
        real_sites,
        secrets,
        db,
        clock: config.clock,
        blocklist: blocklist::Publisher::new(BLOCKLIST_SEED, config.blocklist_size, config.sandbox),
        sandbox: config.sandbox,
        operator: operator::Credential::new(config.operator_token.as_deref()),
        clock_offset: Arc::new(std::sync::atomic::AtomicI64::new(0)),
        events: events::Bus::default(),
    };
    let _ = http::expire_keys(&state, 7 * 24 * 3600).await;
    if state.sandbox {
        seed::demo_pins(&state)
            .await
            .map_err(|e| StartError::Db(db::DbError::Connect(e)))?;
    }
    let listener = tokio::net::TcpListener::bind(config.listen).await?;
    // Co-sign approvals nobody decided in time are cancelled even when no
    // device is asking (requests settle them too, before anything else).
    let s = state.clone();
    let sweeper = tokio::spawn(async move {
        loop {
            tokio::time::sleep(std::time::Duration::from_secs(30)).await;
            if let Err(e) = family::expire_approvals(&s).await {
                tracing::warn!(code = e.code, "expiring approvals failed; will retry");
            }
        }
    });
    // Open apps hear at once that their change log grew.
    let watcher = tokio::spawn(events::watch_changes(state.clone()));
    let addr = listener.local_addr()?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let app = edge::layered(router(state.clone()), config.limits, addr);
    let limits = config.limits;
    let task = tokio::spawn(async move {
        edge::serve(listener, app, limits, async {
            let _ = stopped.await;
        })
        .await;
    });
    Ok(Running {
        addr,
        state,
        stop,
        task,
        sweeper,
        watcher,
    })
}

/// Resolves on Ctrl+C or SIGTERM: how both this gateway and the app's web
/// launcher learn to stop.
pub async fn shutdown_signal() {
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term => {}
    }
}
