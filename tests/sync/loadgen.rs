//! A load on the gateway over 127.0.0.1: many phones at once pulling their
//! changes (`GET /v1/changes`, the first page, as a new phone does) and
//! sending ¥1 transfers to a saved payee (`POST /v1/transfers`, each with
//! its own idempotency key), for a bounded time. The same driver serves the
//! load test (`tests/sync/load.rs`, which checks the database afterwards)
//! and the benchmark (`tests/benches/load.rs`, which prints the figures).

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

/// One kind of request under load.
#[derive(Debug, Default, Clone)]
pub struct Measured {
    /// Requests answered (whatever the status).
    pub requests: u64,
    /// Answers by HTTP status; 0 counts requests that got no answer.
    pub statuses: BTreeMap<u16, u64>,
    /// Every latency, sorted.
    pub latencies: Vec<Duration>,
}

impl Measured {
    /// Requests per second over `secs`.
    pub fn rate(&self, secs: f64) -> f64 {
        self.requests as f64 / secs
    }

    /// The `p` quantile (0.5, 0.99) of the latencies.
    pub fn quantile(&self, p: f64) -> Duration {
        if self.latencies.is_empty() {
            return Duration::ZERO;
        }
        self.latencies[((self.latencies.len() as f64 - 1.0) * p).round() as usize]
    }

    /// Answers with a 5xx status, or none at all.
    pub fn failures(&self) -> u64 {
        self.statuses
            .iter()
            .filter(|(s, _)| **s == 0 || **s >= 500)
            .map(|(_, n)| n)
            .sum()
    }
}

/// What a load run did.
#[derive(Debug, Default)]
pub struct LoadReport {
    /// Seconds the load ran.
    pub secs: f64,
    /// Sync pulls.
    pub pulls: Measured,
    /// Transfers sent.
    pub transfers: Measured,
    /// Idempotency keys of the transfers the bank answered 201 (made).
    pub made: Vec<String>,
    /// Fen those transfers took from the account.
    pub made_fen: i64,
}

/// The load's shape.
#[derive(Debug, Clone)]
pub struct Load {
    /// Phones pulling their changes, each one request after another.
    pub pullers: usize,
    /// Phones sending transfers.
    pub senders: usize,
    /// For how long.
    pub duration: Duration,
    /// Changes per pull (the gateway's page size).
    pub page: u32,
}

const TRANSFER_FEN: i64 = 100;

/// Runs `load` against the gateway at `base` with the device `token` (the
/// demo elder's phone): senders send ¥1 from account 1 to her saved payee 1.
pub async fn run(base: &str, token: &str, load: &Load) -> LoadReport {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(load.pullers + load.senders)
        .timeout(Duration::from_secs(30))
        .build()
        .expect("HTTP client");
    let report = Arc::new(Mutex::new(LoadReport::default()));
    let start = Instant::now();
    let deadline = start + load.duration;
    let mut tasks = tokio::task::JoinSet::new();
    for worker in 0..load.pullers + load.senders {
        let sender = worker >= load.pullers;
        let client = client.clone();
        let base = base.to_string();
        let token = token.to_string();
        let report = report.clone();
        let page = load.page;
        tasks.spawn(async move {
            let mut mine = Measured::default();
            let mut made = Vec::new();
            let mut n = 0u64;
            while Instant::now() < deadline {
                n += 1;
                let t = Instant::now();
                let status = if sender {
                    let key = format!("load-{worker}-{n}");
                    let answer = client
                        .post(format!("{base}/v1/transfers"))
                        .bearer_auth(&token)
                        .header("idempotency-key", &key)
                        .json(&serde_json::json!({
                            "from_account_id": 1,
                            "payee_id": 1,
                            "amount_fen": TRANSFER_FEN,
                        }))
                        .send()
                        .await;
                    let status = answer.as_ref().map_or(0, |r| r.status().as_u16());
                    if let Ok(r) = answer {
                        let _ = r.bytes().await;
                    }
                    if status == 201 {
                        made.push(key);
                    }
                    status
                } else {
                    let answer = client
                        .get(format!("{base}/v1/changes?after=0&limit={page}"))
                        .bearer_auth(&token)
                        .send()
                        .await;
                    let status = answer.as_ref().map_or(0, |r| r.status().as_u16());
                    if let Ok(r) = answer {
                        let _ = r.bytes().await;
                    }
                    status
                };
                mine.latencies.push(t.elapsed());
                mine.requests += 1;
                *mine.statuses.entry(status).or_default() += 1;
            }
            let mut r = report.lock().await;
            let into = if sender {
                &mut r.transfers
            } else {
                &mut r.pulls
            };
            into.requests += mine.requests;
            into.latencies.extend(mine.latencies);
            for (s, c) in mine.statuses {
                *into.statuses.entry(s).or_default() += c;
            }
            r.made_fen += TRANSFER_FEN * made.len() as i64;
            r.made.extend(made);
        });
    }
    while tasks.join_next().await.is_some() {}
    let mut report = std::mem::take(&mut *report.lock().await);
    report.secs = start.elapsed().as_secs_f64();
    report.pulls.latencies.sort_unstable();
    report.transfers.latencies.sort_unstable();
    report
}

impl LoadReport {
    /// The figures, one line per kind of request.
    pub fn lines(&self) -> Vec<String> {
        [("sync pull", &self.pulls), ("transfer", &self.transfers)]
            .into_iter()
            .map(|(what, m)| {
                format!(
                    "{what}: {} requests in {:.1} s = {:.0} req/s, p50 {:.1} ms, p99 {:.1} ms, statuses {:?}",
                    m.requests,
                    self.secs,
                    m.rate(self.secs),
                    m.quantile(0.5).as_secs_f64() * 1e3,
                    m.quantile(0.99).as_secs_f64() * 1e3,
                    m.statuses
                )
            })
            .collect()
    }
}
