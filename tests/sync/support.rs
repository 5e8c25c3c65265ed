//! Test support: a gateway per backend, devices, and a fault-injecting TCP
//! proxy that sits between a device and the gateway on 127.0.0.1.

pub mod bench;
pub mod loadgen;
pub mod test_key;
/// Synthetic voices for the voiceprint tests.
#[path = "../voice/corpus.rs"]
pub mod voice;

use happylife_core::{Companion, FixedClock, OpenOptions};
use happylife_server::{Config, Running};
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU32, Ordering};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// The fixed moment of every test.
pub fn clock() -> Arc<FixedClock> {
    Arc::new(FixedClock::at(2026, 11, 25, 9, 30).expect("valid date"))
}

/// The database URLs to run against: an SQLite file, and PostgreSQL when
/// `HAPPYLIFE_TEST_POSTGRES_URL` names a server (required under CI).
pub async fn backends() -> Vec<(String, Option<tempfile::TempDir>)> {
    let dir = tempfile::tempdir().expect("tempdir");
    let sqlite = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("gateway.db").display()
    );
    let mut out = vec![(sqlite, Some(dir))];
    if let Some(url) = postgres_database().await {
        out.push((url, None));
    }
    out
}

/// A new, empty database on the PostgreSQL server that
/// `HAPPYLIFE_TEST_POSTGRES_URL` names, or `None` when there is none (which
/// is refused under CI: there the tests must run on PostgreSQL too).
pub async fn postgres_database() -> Option<String> {
    let Ok(admin) = std::env::var("HAPPYLIFE_TEST_POSTGRES_URL") else {
        assert!(
            std::env::var("CI").is_err(),
            "CI must run these tests on PostgreSQL too: set HAPPYLIFE_TEST_POSTGRES_URL"
        );
        return None;
    };
    use sqlx::Connection;
    static N: AtomicU32 = AtomicU32::new(0);
    let name = format!(
        "hl_sync_{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    );
    let mut conn = sqlx::PgConnection::connect(&admin)
        .await
        .expect("PostgreSQL reachable");
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut conn)
        .await
        .expect("create database");
    let base = admin
        .rsplit_once('/')
        .map(|(b, _)| b.to_string())
        .expect("url with a database");
    Some(format!("{base}/{name}"))
}

/// The operator credential of every test gateway (publishing scam-list
/// entries, answering complaints).
pub const OPERATOR_TOKEN: &str = "test-operator-credential";

/// Starts the gateway on `url`, on `addr` (port 0 for any).
pub async fn gateway(url: &str, addr: SocketAddr) -> Running {
    gateway_with_clock(url, addr, clock()).await
}

/// The same, with a clock the test moves.
pub async fn gateway_with_clock(url: &str, addr: SocketAddr, clock: Arc<FixedClock>) -> Running {
    happylife_server::start(Config {
        clock,
        listen: addr,
        operator_token: Some(OPERATOR_TOKEN.into()),
        list_signing_key: Some(test_list_signing_key()),
        ..Config::local(url)
    })
    .await
    .expect("gateway starts")
}

/// The scam-list signing key of every test gateway: the format's fixed
/// test key (`fraud::wire::test_signing_key`), which test devices trust.
pub fn test_list_signing_key() -> String {
    hex::encode(happylife_core::fraud::wire::TEST_SIGNING_SEED)
}

/// A device: a companion with no local demo bank, on its own directory.
pub async fn device(dir: &std::path::Path) -> Companion {
    device_with_clock(dir, clock()).await
}

/// The same, with a clock the test moves.
pub async fn device_with_clock(dir: &std::path::Path, clock: Arc<FixedClock>) -> Companion {
    let d = Companion::open_with(
        dir,
        OpenOptions {
            clock,
            demo_seed: None,
            language: None,
            keystore: None,
            voice_model: None,
        },
    )
    .await
    .expect("device opens");
    // Configured for the test gateways' scam list.
    d.trust_list_key(happylife_core::fraud::wire::test_public_key());
    d
}

/// Every transaction on the device, over all its accounts.
pub async fn local_transaction_count(d: &Companion) -> i64 {
    let mut n = 0;
    for a in d.accounts().await.expect("accounts") {
        n += i64::from(d.transactions(a.id, 0, 10).await.expect("history").total);
    }
    n
}

/// What the proxy does to traffic.
pub struct Faults {
    /// Drop the connection instead of returning the next command's reply
    /// (after the gateway has handled it).
    pub lose_next_command_reply: AtomicBool,
    /// The same for the next transfer request.
    pub lose_next_transfer_reply: AtomicBool,
    /// The same for the next bill payment.
    pub lose_next_bill_reply: AtomicBool,
    /// Let this many more change-page requests through, then go down
    /// (negative: no limit).
    pub pages_before_outage: AtomicI64,
    /// Refuse everything (the network is gone).
    pub down: AtomicBool,
}

/// A TCP proxy in front of a gateway.
pub struct Proxy {
    /// Where devices connect.
    pub addr: SocketAddr,
    /// The faults to inject.
    pub faults: Arc<Faults>,
}

impl Default for Faults {
    fn default() -> Self {
        Faults {
            lose_next_command_reply: AtomicBool::new(false),
            lose_next_transfer_reply: AtomicBool::new(false),
            lose_next_bill_reply: AtomicBool::new(false),
            pages_before_outage: AtomicI64::new(-1),
            down: AtomicBool::new(false),
        }
    }
}

impl Proxy {
    /// Starts a proxy to `upstream`.
    pub async fn start(upstream: SocketAddr) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind proxy");
        let addr = listener.local_addr().expect("proxy address");
        let faults = Arc::new(Faults::default());
        let f = faults.clone();
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let f = f.clone();
                tokio::spawn(async move {
                    if f.down.load(Ordering::SeqCst) {
                        return; // dropped at once
                    }
                    if let Ok(server) = TcpStream::connect(upstream).await {
                        pipe(client, server, f).await;
                    }
                });
            }
        });
        Proxy { addr, faults }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

async fn pipe(mut client: TcpStream, mut server: TcpStream, f: Arc<Faults>) {
    let mut from_client = [0u8; 16 * 1024];
    let mut from_server = [0u8; 64 * 1024];
    let mut swallow_reply = false;
    loop {
        tokio::select! {
            n = client.read(&mut from_client) => {
                let Ok(n) = n else { return };
                if n == 0 || f.down.load(Ordering::SeqCst) { return; }
                let chunk = &from_client[..n];
                if chunk.starts_with(b"POST /v1/commands ") && f.lose_next_command_reply.swap(false, Ordering::SeqCst) {
                    swallow_reply = true;
                }
                if chunk.starts_with(b"POST /v1/transfers ") && f.lose_next_transfer_reply.swap(false, Ordering::SeqCst) {
                    swallow_reply = true;
                }
                if (chunk.starts_with(b"POST /v1/bills/") || is_family_bill_payment(chunk)) && f.lose_next_bill_reply.swap(false, Ordering::SeqCst) {
                    swallow_reply = true;
                }
                if chunk.starts_with(b"GET /v1/changes") {
                    let left = f.pages_before_outage.load(Ordering::SeqCst);
                    if left == 0 {
                        f.down.store(true, Ordering::SeqCst);
                        return;
                    }
                    if left > 0 {
                        f.pages_before_outage.store(left - 1, Ordering::SeqCst);
                    }
                }
                if server.write_all(chunk).await.is_err() { return; }
            }
            n = server.read(&mut from_server) => {
                let Ok(n) = n else { return };
                if n == 0 { return; }
                if swallow_reply {
                    // The gateway has answered: it committed. The device never hears it.
                    return;
                }
                if client.write_all(&from_server[..n]).await.is_err() { return; }
            }
        }
    }
}

/// After the clock moved on by more than 15 minutes the bank has ended
/// their sessions: each phone logs in again with the demo PIN, as she would
/// when the app asks.
pub async fn log_in_again(phones: &[&Companion]) {
    for p in phones {
        p.login_with_pin(happylife_core::accounts::demo::DEMO_PIN)
            .await
            .expect("the demo PIN logs in again");
    }
}

/// The phone was bound `days` ago, at the bank and on the phone (whose
/// database is in `dir`): a phone of the risk check's old ones, for tests
/// about other risks. (A phone bound less than a day ago is new: every
/// transfer weighs that.)
pub async fn bound_days_ago(gw: &Running, d: &Companion, dir: &std::path::Path, days: i64) {
    let device = d.device_id().await.unwrap().expect("bound");
    sqlx::query("UPDATE devices SET created_at = created_at - $1 WHERE id = $2")
        .bind(days * 24 * 3600)
        .bind(&device)
        .execute(&gw.state.db.pool)
        .await
        .expect("the bank's record of the phone");
    let pool = happylife_core::store::Store::sandbox_pool(dir)
        .await
        .expect("the phone's database");
    sqlx::query(
        "UPDATE meta SET value = CAST(CAST(value AS INTEGER) - ? AS TEXT) WHERE key = 'bound_at'",
    )
    .bind(days * 24 * 3600)
    .execute(&pool)
    .await
    .expect("the phone's record of its binding");
    pool.close().await;
}

/// The PIN tests give customers who have none at the bank (the demo
/// customers have [`happylife_core::accounts::demo::DEMO_PIN`]).
pub const TEST_PIN: &str = "204913";

/// A phone bound straight at the bank, as a hand-made client would.
pub struct RawPhone {
    /// Its id.
    pub device_id: String,
    /// Its device token (starts a login, nothing more).
    pub device_token: String,
    /// Its device key.
    pub key: happylife_core::auth::DeviceKey,
}

/// Another phone of `customer`, bound with a code from the sandbox's SMS
/// outbox (for requests made straight to the bank).
pub async fn raw_phone(base: &str, customer: &str) -> RawPhone {
    let gateway = happylife_core::bank::client::Gateway::new(base);
    let (code_id, code) = gateway
        .sandbox_bind_code(customer)
        .await
        .expect("a bind code from the sandbox");
    let key = happylife_core::auth::DeviceKey::generate();
    let bound = gateway
        .register(code_id, &code, "test phone", &key.public_hex())
        .await
        .expect("the phone is bound");
    RawPhone {
        device_id: bound.device_id,
        device_token: bound.token,
        key,
    }
}

/// Another phone of `customer`: its device token only (no login).
pub async fn raw_device_token(base: &str, customer: &str) -> String {
    raw_phone(base, customer).await.device_token
}

/// The customer's PIN at the bank: the sandbox's demo PIN, or
/// [`TEST_PIN`], which `phone` sets as her first PIN when she has none.
pub async fn raw_pin(base: &str, customer: &str, phone: &RawPhone) -> String {
    use happylife_core::auth::bank_pin;
    let gateway = happylife_core::bank::client::Gateway::new(base);
    if let Some(pin) = gateway
        .sandbox_demo_pin(customer)
        .await
        .expect("the sandbox answers")
    {
        return pin;
    }
    let (state, request) = bank_pin::registration_start(TEST_PIN).unwrap();
    match gateway
        .pin_register_start(&phone.device_token, &request)
        .await
    {
        Ok(response) => {
            let upload = bank_pin::registration_finish(state, TEST_PIN, &response).unwrap();
            gateway
                .pin_register_finish(&phone.device_token, &upload)
                .await
                .expect("a first PIN is set");
        }
        // She has one already (set by another of her phones).
        Err(happylife_core::bank::client::GatewayError::Refused { code, .. })
            if code == "old_pin_needed" => {}
        Err(e) => panic!("setting a first PIN: {e}"),
    }
    TEST_PIN.to_string()
}

/// A PIN login of `phone` with `pin`, straight at the bank: the session.
pub async fn raw_login(base: &str, phone: &RawPhone, pin: &str) -> String {
    happylife_core::bank::client::Gateway::new(base)
        .pin_login(&phone.device_id, &phone.device_token, &phone.key, pin)
        .await
        .expect("the PIN login")
        .0
}

/// Another phone of `customer`, bound and logged in with her PIN: its
/// session token (for requests made straight to the bank).
pub async fn raw_session(base: &str, customer: &str) -> String {
    let phone = raw_phone(base, customer).await;
    let pin = raw_pin(base, customer, &phone).await;
    raw_login(base, &phone, &pin).await
}

const KILL_PHASE: &str = "HAPPYLIFE_KILL_PHASE";

/// In a child of [`kill_repeatedly`]: says what it is doing now (`sync`,
/// `outbox`, `transfer`…), so the parent can report where each kill landed.
pub fn phase(what: &str) {
    if let Ok(file) = std::env::var(KILL_PHASE) {
        let _ = std::fs::write(file, what);
    }
}

/// Where the kills of [`kill_repeatedly`] landed: kills per phase.
pub type KillPoints = std::collections::BTreeMap<String, u64>;

/// Runs the test `test` of this test binary (its full name there, as
/// `module::name`) as a child process `points` times, with `envs`, and
/// SIGKILLs each after `min_ms` plus up to `spread_ms` more milliseconds
/// (an xorshift from `seed`: the same delays every run). After every kill
/// the device's database in `device_dir` must pass `PRAGMA
/// integrity_check`, as it is when the phone restarts. Returns how many
/// kills landed in each [`phase`] the child named.
///
/// The delays are wall-clock time, and a loaded machine is slower: when a
/// quarter of the kills pass with none in the phase `reach` (the last the
/// test needs kills in), a child is timed to `reach` and the spread
/// stretched (up to 8 times) so that `reach` comes in its first half.
#[allow(clippy::too_many_arguments)]
pub async fn kill_repeatedly(
    test: &str,
    envs: &[(&str, &str)],
    device_dir: &std::path::Path,
    points: u64,
    mut seed: u64,
    min_ms: u64,
    spread_ms: u64,
    reach: &str,
) -> KillPoints {
    let phase_file = tempfile::NamedTempFile::new().expect("phase file");
    let mut landed = KillPoints::new();
    let spawn = || {
        std::fs::write(phase_file.path(), "starting").expect("phase file");
        std::process::Command::new(std::env::current_exe().expect("test binary"))
            .args(["--exact", test, "--test-threads=1"])
            .envs(envs.iter().copied())
            .env(KILL_PHASE, phase_file.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("child starts")
    };
    // Kills the child, notes where it was, and checks the database.
    let kill = |mut child: std::process::Child, landed: &mut KillPoints, point: u64| {
        child.kill().expect("SIGKILL");
        child.wait().expect("child reaped");
        let at = std::fs::read_to_string(phase_file.path()).unwrap_or_default();
        *landed.entry(at.clone()).or_default() += 1;
        (at, point)
    };
    let check = async |at: &str, point: u64| {
        if device_dir.join(happylife_core::store::DB_FILE).exists() {
            let pool = happylife_core::store::Store::sandbox_pool(device_dir)
                .await
                .expect("the database opens after a kill");
            let check: String = sqlx::query_scalar("PRAGMA integrity_check")
                .fetch_one(&pool)
                .await
                .expect("integrity_check runs");
            pool.close().await;
            assert_eq!(check, "ok", "after kill {point} (during {at})");
        }
    };
    // How long a child takes, now, to reach `reach` (killed there; the
    // database is checked, but the kill is not counted as landed).
    let timed = async || {
        let began = std::time::Instant::now();
        let child = spawn();
        while began.elapsed() < std::time::Duration::from_secs(60)
            && std::fs::read_to_string(phase_file.path()).unwrap_or_default() != reach
        {
            tokio::time::sleep(std::time::Duration::from_millis(2)).await;
        }
        let took = began.elapsed().as_millis() as u64;
        let (at, point) = kill(child, &mut KillPoints::new(), u64::MAX);
        check(&at, point).await;
        took
    };
    let mut spread = spread_ms;
    for point in 0..points {
        if point > 0
            && point % (points / 4).max(1) == 0
            && landed.get(reach).copied().unwrap_or(0) == 0
        {
            spread = spread.max(2 * timed().await).min(8 * spread_ms);
        }
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let delay = std::time::Duration::from_millis(min_ms + seed % spread);
        let child = spawn();
        tokio::time::sleep(delay).await;
        let (at, point) = kill(child, &mut landed, point);
        check(&at, point).await;
    }
    landed
}

/// `POST /v1/family/elders/{elder}/bills/{id}/pay`: a helper paying her bill.
fn is_family_bill_payment(chunk: &[u8]) -> bool {
    let line = chunk.split(|b| *b == b'\n').next().unwrap_or_default();
    line.starts_with(b"POST /v1/family/elders/") && line.windows(7).any(|w| w == b"/bills/")
}
