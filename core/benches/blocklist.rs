//! Blocklist and risk-check figures, printed as a table.
//!
//! `cargo bench -p happylife-core --bench blocklist` (10 million entries;
//! `HAPPYLIFE_BENCH_ENTRIES=1000000` for a quicker run). Measures, on a real
//! SQLite file: time to build the list from a snapshot, bytes per entry in
//! memory and on disk, lookup time (median and p99, listed and not listed),
//! time to apply a 100,000-entry delta, and the risk assessment per transfer.

use happylife_core::fraud::wire::{FileKind, ListFile};
use happylife_core::fraud::{Blocklist, ScamCategory, checksum_of, demo, normalize};
use happylife_core::store::{DB_FILE, Store};
use happylife_core::transfers::risk::{
    ContextFacts, CustomerFacts, PayeeFacts, TransferFacts, assess,
};
use happylife_core::{FixedClock, fraud};
use std::time::{Duration, Instant};

const SEED: u64 = 42;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn disk_bytes(dir: &std::path::Path) -> u64 {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(DB_FILE))
        .map(|e| e.metadata().unwrap().len())
        .sum()
}

fn row(what: &str, value: String) {
    println!("| {what:<44} | {value:>22} |");
}

/// One figure for `cargo xtask bench`'s table (see `happylife_tests::bench`).
fn figure(id: &str, value: f64) {
    println!("figure\t{id}\t{value}");
}

#[tokio::main]
async fn main() {
    let n: u64 = std::env::var("HAPPYLIFE_BENCH_ENTRIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000_000);
    let dir = tempfile::tempdir().unwrap();
    let clock = FixedClock::at(2026, 11, 25, 9, 30).unwrap();
    // Encrypted, as on a phone (SQLCipher, a key from the keystore).
    let keystore = happylife_core::auth::keystore::Keystore::in_memory().unwrap();
    let (store, _) = Store::open(dir.path(), &clock, &keystore).await.unwrap();
    let list = Blocklist::load(&store).await.unwrap();
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(store.pool())
        .await
        .unwrap();
    let disk_before = disk_bytes(dir.path());

    println!("\nBlocklist with {n} entries\n");
    println!("| {:<44} | {:>22} |", "measure", "figure");
    println!("|{}|{}|", "-".repeat(46), "-".repeat(24));

    // Keys, as the publisher makes them.
    let t = Instant::now();
    let mut entries: Vec<(u64, ScamCategory)> = demo::synthetic_keys(SEED, n).collect();
    entries.sort_unstable_by_key(|(k, _)| *k);
    entries.dedup_by_key(|(k, _)| *k);
    let keys_time = t.elapsed();
    let checksum = entries
        .iter()
        .fold(0, |a, (k, c)| a ^ checksum_of(*k, c.id()));
    let snapshot = ListFile {
        kind: FileKind::Snapshot,
        from: 0,
        to: 1,
        published_at: 1_795_000_000,
        count: entries.len() as u64,
        checksum,
        adds: entries,
        removes: vec![],
    };
    let bytes = snapshot.encode(&fraud::wire::test_signing_key());
    row(
        "publisher: make, sort and sign keys",
        format!("{:.2} s", keys_time.as_secs_f64()),
    );
    row(
        "snapshot file size (bytes/entry)",
        format!("{:.2}", bytes.len() as f64 / n as f64),
    );

    let t = Instant::now();
    let file = ListFile::decode(&bytes, &fraud::wire::test_public_key()).unwrap();
    let decode_time = t.elapsed();
    drop(bytes);
    let t = Instant::now();
    let listed = file.count;
    let info = list.apply(&store, file).await.unwrap();
    let build_time = t.elapsed();
    assert_eq!(info.count, listed);
    row(
        "device: verify and parse snapshot",
        format!("{:.2} s", decode_time.as_secs_f64()),
    );
    row(
        "device: build from scratch (rows + filter)",
        format!("{:.2} s", build_time.as_secs_f64()),
    );
    figure("blocklist_build_s", build_time.as_secs_f64());
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(store.pool())
        .await
        .unwrap();
    let disk = disk_bytes(dir.path()) - disk_before;
    row(
        "memory: filter + overlay (bytes/entry)",
        format!("{:.3}", list.memory_bytes() as f64 / n as f64),
    );
    row(
        "disk: SQLite rows + filter (bytes/entry)",
        format!("{:.2}", disk as f64 / n as f64),
    );
    figure(
        "blocklist_memory_bytes_per_entry",
        list.memory_bytes() as f64 / n as f64,
    );
    figure("blocklist_disk_bytes_per_entry", disk as f64 / n as f64);
    figure("blocklist_entries_millions", n as f64 / 1e6);

    // Lookups: listed items (typed the way elders type them) and unlisted.
    let samples = 200_000u64.min(n * 2);
    let mut listed_t = Vec::with_capacity(samples as usize);
    let mut clean_t = Vec::with_capacity(samples as usize);
    let mut hits = 0;
    for i in 0..samples {
        let pick = checksum_of(i, 9) % n;
        let (_, value, _) = demo::synthetic_item(SEED, pick);
        let item = normalize::normalize(&value).unwrap();
        let t = Instant::now();
        let found = list.lookup(&store, &item).await.unwrap();
        listed_t.push(t.elapsed());
        hits += usize::from(found.is_some());
        let clean =
            normalize::normalize(&format!("138{:08}", checksum_of(i, 3) % 100_000_000)).unwrap();
        let t = Instant::now();
        let found = list.lookup(&store, &clean).await.unwrap();
        clean_t.push(t.elapsed());
        assert!(found.is_none(), "138 numbers are not in the synthetic list");
    }
    assert_eq!(hits as u64, samples, "every listed item is found");
    listed_t.sort_unstable();
    clean_t.sort_unstable();
    let us = |d: Duration| format!("{:.1} µs", d.as_secs_f64() * 1e6);
    row("lookup, not listed: median", us(percentile(&clean_t, 0.5)));
    row("lookup, not listed: p99", us(percentile(&clean_t, 0.99)));
    row("lookup, listed: median", us(percentile(&listed_t, 0.5)));
    row("lookup, listed: p99", us(percentile(&listed_t, 0.99)));
    let micros = |d: Duration| d.as_secs_f64() * 1e6;
    figure("lookup_clean_p50_us", micros(percentile(&clean_t, 0.5)));
    figure("lookup_clean_p99_us", micros(percentile(&clean_t, 0.99)));
    figure("lookup_listed_p50_us", micros(percentile(&listed_t, 0.5)));
    figure("lookup_listed_p99_us", micros(percentile(&listed_t, 0.99)));
    let t = Instant::now();
    let texts = 20_000;
    for i in 0..texts {
        let _ = list
            .check(
                &store,
                &format!("请联系 +86 138-{:04}-{:04} 办理退款", i % 10_000, i),
            )
            .await
            .unwrap();
    }
    row(
        "check(text): normalise + extract + lookup",
        us(t.elapsed() / texts),
    );

    // A 100,000-entry delta: 50,000 new entries, 50,000 removed.
    let info = list.info();
    let half = 50_000u64.min(n / 2);
    let adds: Vec<(u64, ScamCategory)> = demo::synthetic_keys(SEED, n + half)
        .skip(n as usize)
        .collect();
    let removes: Vec<u64> = demo::synthetic_keys(SEED, half).map(|(k, _)| k).collect();
    let removed_checksum =
        demo::synthetic_keys(SEED, half).fold(0, |a, (k, c)| a ^ checksum_of(k, c.id()));
    let added_checksum = adds.iter().fold(0, |a, (k, c)| a ^ checksum_of(*k, c.id()));
    let delta = ListFile {
        kind: FileKind::Delta,
        from: info.version,
        to: info.version + 1,
        published_at: 1_795_000_100,
        count: info.count,
        checksum: info.checksum ^ removed_checksum ^ added_checksum,
        adds,
        removes,
    };
    let t = Instant::now();
    list.apply(&store, delta).await.unwrap();
    let delta_time = t.elapsed();
    row(
        &format!("apply a {}-entry delta", half * 2),
        format!("{:.2} s", delta_time.as_secs_f64()),
    );
    figure("blocklist_delta_s", delta_time.as_secs_f64());
    let t = Instant::now();
    list.rebuild(&store).await.unwrap();
    row(
        "rebuild the filter over every key",
        format!("{:.2} s", t.elapsed().as_secs_f64()),
    );

    // The risk engine alone.
    let facts = TransferFacts {
        amount_fen: 300_000,
        payee: PayeeFacts {
            is_new: true,
            relationship: Some("孙子".into()),
        },
        note: "急用钱，换号了，先转到这个新卡".into(),
        at: chrono::DateTime::parse_from_rfc3339("2026-11-25T23:10:00+08:00").unwrap(),
        customer: CustomerFacts {
            age: 72,
            median_transfer_fen: 80_000,
        },
        context: ContextFacts {
            on_call: true,
            ..ContextFacts::default()
        },
        payee_listed: false,
        payee_category: None,
        payee_name: "王小明".into(),
        recent_scam_report: false,
    };
    let rounds = 200_000u32;
    let t = Instant::now();
    for _ in 0..rounds {
        std::hint::black_box(assess(std::hint::black_box(&facts)));
    }
    let per = t.elapsed() / rounds;
    row("risk assessment per transfer", us(per));
    figure("risk_assess_us", micros(per));
    println!();
    store.close().await;
}
