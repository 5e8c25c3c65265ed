//! `cargo xtask bench`: every benchmark of the project, then one table of
//! the figures that matter, each beside the figure to beat from the
//! README's "Benchmarks" table.
//!
//! The criterion benchmarks (`open`, `voice`) are read from criterion's own
//! estimates (`target/criterion/**/new/`); the others print
//! `figure<TAB>id<TAB>value` lines (`happylife_tests::bench::figure`), which
//! are gathered from their output as it is shown.

use crate::{Postgres, cargo, say, status, target_dir};
use anyhow::{Context, Result, bail};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

/// Which way is better.
#[derive(Clone, Copy, PartialEq)]
enum Better {
    Lower,
    Higher,
}

/// One row of the table.
struct Row {
    id: &'static str,
    /// The measure, as the README's table names it.
    what: &'static str,
    unit: &'static str,
    better: Better,
}

const fn row(id: &'static str, what: &'static str, unit: &'static str, better: Better) -> Row {
    Row {
        id,
        what,
        unit,
        better,
    }
}

use Better::{Higher, Lower};

const ROWS: &[Row] = &[
    row(
        "open_first_screen_ms",
        "open to first screen (existing store)",
        "ms",
        Lower,
    ),
    row(
        "open_first_start_ms",
        "first start: demo bank written, first screen",
        "ms",
        Lower,
    ),
    row("history_page_ms", "one page of history", "ms", Lower),
    row(
        "sync_rows_per_s",
        "initial sync, 100,000 changes",
        "rows/s",
        Higher,
    ),
    row(
        "sync_vs_raw_pct",
        "initial sync against raw SQLite inserts",
        "%",
        Higher,
    ),
    row(
        "sync_vs_floor_pct",
        "initial sync against the SQLCipher floor",
        "%",
        Higher,
    ),
    row(
        "sync_one_change_ms",
        "incremental sync of one change",
        "ms",
        Lower,
    ),
    row(
        "sync_peak_mib",
        "client peak memory after initial sync",
        "MiB",
        Lower,
    ),
    row(
        "blocklist_entries_millions",
        "blocklist size measured",
        "M entries",
        Higher,
    ),
    row(
        "lookup_clean_p50_us",
        "blocklist lookup, not listed, p50",
        "µs",
        Lower,
    ),
    row(
        "lookup_clean_p99_us",
        "blocklist lookup, not listed, p99",
        "µs",
        Lower,
    ),
    row(
        "lookup_listed_p50_us",
        "blocklist lookup, listed, p50",
        "µs",
        Lower,
    ),
    row(
        "lookup_listed_p99_us",
        "blocklist lookup, listed, p99",
        "µs",
        Lower,
    ),
    row(
        "blocklist_memory_bytes_per_entry",
        "blocklist memory per entry",
        "bytes",
        Lower,
    ),
    row(
        "blocklist_disk_bytes_per_entry",
        "blocklist disk per entry",
        "bytes",
        Lower,
    ),
    row(
        "blocklist_build_s",
        "blocklist built from a snapshot",
        "s",
        Lower,
    ),
    row(
        "blocklist_delta_s",
        "blocklist 100,000-entry delta applied",
        "s",
        Lower,
    ),
    row("intent_parse_us", "intent parse, per sentence", "µs", Lower),
    row("amount_parse_us", "amount parse, one sentence", "µs", Lower),
    row(
        "message_check_us",
        "scam-message check, one message",
        "µs",
        Lower,
    ),
    row(
        "risk_assess_us",
        "risk assessment, per transfer",
        "µs",
        Lower,
    ),
    row("login_pin_ms", "PIN login, p50", "ms", Lower),
    row(
        "login_biometric_ms",
        "biometric login after the prompt, p50",
        "ms",
        Lower,
    ),
    row(
        "voice_embed_ge2e_ms",
        "voiceprint: one embedding of 3 s of speech (GE2E encoder)",
        "ms",
        Lower,
    ),
    row(
        "voice_embed_mfcc_ms",
        "voiceprint: one embedding of 3 s of speech (MFCC baseline)",
        "ms",
        Lower,
    ),
    row(
        "login_voiceprint_ms",
        "voiceprint login after the recording, p50",
        "ms",
        Lower,
    ),
    row(
        "server_pull_rps",
        "server under load: sync pulls",
        "req/s",
        Higher,
    ),
    row(
        "server_pull_p99_ms",
        "server under load: sync pull p99",
        "ms",
        Lower,
    ),
    row(
        "server_transfer_rps",
        "server under load: transfers",
        "req/s",
        Higher,
    ),
    row(
        "server_transfer_p99_ms",
        "server under load: transfer p99",
        "ms",
        Lower,
    ),
];

/// Criterion benchmarks by their full id, the figure they give, and the
/// divisor from nanoseconds (per element when the benchmark has a
/// throughput in elements).
const CRITERION: &[(&str, &str, f64)] = &[
    (
        "open_to_first_account_list (existing store)",
        "open_first_screen_ms",
        1e6,
    ),
    (
        "first_start_with_demo_bank_to_account_list",
        "open_first_start_ms",
        1e6,
    ),
    (
        "history_page_of_10 (page 60 of the debit card)",
        "history_page_ms",
        1e6,
    ),
    ("voice/intent parse", "intent_parse_us", 1e3),
    ("voiceprint/ge2e embed 3 s", "voice_embed_ge2e_ms", 1e6),
    ("voiceprint/mfcc embed 3 s", "voice_embed_mfcc_ms", 1e6),
    ("amount parse", "amount_parse_us", 1e3),
    ("messages/message check", "message_check_us", 1e3),
];

pub fn bench() -> Result<()> {
    let mut figures = BTreeMap::new();
    say("benchmarks (criterion): Companion::open → first account list");
    status(cargo().args(["bench", "-p", "happylife-core", "--bench", "open"]))?;
    say(
        "voice benchmark: intent parse per sentence over the corpus, amount parse, one voiceprint embedding of 3 s (GE2E and MFCC)",
    );
    status(cargo().args(["bench", "-p", "happylife-core", "--bench", "voice"]))?;
    say(
        "message benchmark: one pasted message read for lookalike sites and scam scripts, over the corpus",
    );
    status(cargo().args(["bench", "-p", "happylife-core", "--bench", "messages"]))?;
    say(
        "blocklist benchmark: 10,000,000 entries (build, bytes/entry, lookup p50/p99, 100,000-entry delta) and risk assessment",
    );
    gather(
        cargo().args(["bench", "-p", "happylife-core", "--bench", "blocklist"]),
        &mut figures,
    )?;
    status(cargo().args([
        "build",
        "--release",
        "-p",
        "happylife-server",
        "--bin",
        "happylife-server",
    ]))?;
    say(
        "sync benchmark: 100,000 transactions over loopback, raw insert ratio, one-change round trip, peak memory",
    );
    gather(
        cargo().args(["bench", "-p", "happylife-tests", "--bench", "sync"]),
        &mut figures,
    )?;
    say("login benchmark: PIN check, PIN login, biometric and voiceprint logins, call to session");
    gather(
        cargo().args(["bench", "-p", "happylife-tests", "--bench", "login"]),
        &mut figures,
    )?;
    say("server load benchmark: sync pulls and transfers on PostgreSQL over 127.0.0.1");
    let pg = Postgres::start()?;
    gather(
        cargo()
            .args(["bench", "-p", "happylife-tests", "--bench", "load"])
            .env("HAPPYLIFE_TEST_POSTGRES_URL", &pg.url),
        &mut figures,
    )?;
    drop(pg);
    criterion_figures(&target_dir().join("criterion"), &mut figures)?;
    let readme = std::fs::read_to_string("README.md").context("cannot read README.md")?;
    print!("{}", table(&figures, &to_beat(&readme)));
    Ok(())
}

/// Runs `cmd`, showing its output, and keeps its figure lines.
fn gather(cmd: &mut Command, figures: &mut BTreeMap<String, f64>) -> Result<()> {
    let shown = format!("{cmd:?}");
    let mut child = cmd
        .stdout(Stdio::piped())
        .spawn()
        .with_context(|| format!("cannot run {shown}"))?;
    let out = child.stdout.take().context("no output")?;
    for line in BufReader::new(out).lines() {
        let line = line?;
        match line
            .strip_prefix("figure\t")
            .and_then(|l| l.split_once('\t'))
        {
            Some((id, value)) => {
                if let Ok(v) = value.trim().parse::<f64>() {
                    figures.insert(id.to_string(), v);
                }
            }
            None => println!("{line}"),
        }
    }
    let st = child.wait()?;
    if !st.success() {
        bail!("{shown} failed ({st})");
    }
    Ok(())
}

/// Medians from criterion's estimates, for the benchmarks in [`CRITERION`].
fn criterion_figures(dir: &Path, figures: &mut BTreeMap<String, f64>) -> Result<()> {
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            if p.file_name().is_none_or(|n| n != "benchmark.json")
                || p.parent()
                    .and_then(Path::file_name)
                    .is_none_or(|n| n != "new")
            {
                continue;
            }
            let meta: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&p)?)?;
            let full_id = meta["full_id"].as_str().unwrap_or_default();
            let Some((_, id, divisor)) = CRITERION
                .iter()
                .find(|(prefix, _, _)| full_id.starts_with(prefix))
            else {
                continue;
            };
            let estimates: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(
                p.with_file_name("estimates.json"),
            )?)?;
            let Some(ns) = estimates["median"]["point_estimate"].as_f64() else {
                continue;
            };
            let elements = meta["throughput"]["Elements"].as_f64().unwrap_or(1.0);
            figures.insert(id.to_string(), ns / elements / divisor);
        }
    }
    Ok(())
}

/// The figures to beat: the README's Benchmarks table, `| measure | figure
/// to beat |`, read by the measure's name.
fn to_beat(readme: &str) -> BTreeMap<String, f64> {
    let Some(start) = readme.find("<!-- bench:start -->") else {
        return BTreeMap::new();
    };
    let end = readme[start..].find("<!-- bench:end -->").unwrap_or(0) + start;
    readme[start..end]
        .lines()
        .filter_map(|l| {
            let cells: Vec<&str> = l.trim().trim_matches('|').split('|').collect();
            let what = cells.first()?.trim();
            let number: String = cells
                .get(1)?
                .trim()
                .trim_start_matches(['≤', '≥', ' '])
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
                .filter(|c| *c != ',')
                .collect();
            Some((what.to_string(), number.parse().ok()?))
        })
        .collect()
}

fn show(v: f64) -> String {
    if v >= 100.0 {
        format!("{v:.0}")
    } else if v >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    }
}

/// The one table: measure, this run, the figure to beat, and whether it
/// was beaten.
fn table(figures: &BTreeMap<String, f64>, beat: &BTreeMap<String, f64>) -> String {
    let mut out =
        String::from("\n| measure | unit | this run | to beat | |\n|---|---|--:|--:|---|\n");
    for r in ROWS {
        let now = figures.get(r.id).copied();
        let goal = beat.get(r.what).copied();
        let verdict = match (now, goal) {
            (Some(n), Some(g)) => {
                let ok = match r.better {
                    Better::Lower => n <= g,
                    Better::Higher => n >= g,
                };
                if ok { "beaten" } else { "NOT beaten" }
            }
            (None, _) => "not measured",
            (Some(_), None) => "no figure to beat in README.md",
        };
        out.push_str(&format!(
            "| {} | {} | {} | {} {} | {verdict} |\n",
            r.what,
            r.unit,
            now.map_or("–".into(), show),
            match r.better {
                Better::Lower => "≤",
                Better::Higher => "≥",
            },
            goal.map_or("–".into(), show),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_readme_table_is_read_by_measure_and_judged_each_way() {
        let readme = "x\n<!-- bench:start -->\n| measure | figure to beat |\n|---|---|\n\
            | open to first screen (existing store) | ≤ 250 ms |\n\
            | server under load: sync pulls | ≥ 1,200 req/s |\n<!-- bench:end -->\n";
        let beat = to_beat(readme);
        assert_eq!(beat["open to first screen (existing store)"], 250.0);
        assert_eq!(beat["server under load: sync pulls"], 1200.0);
        let figures = BTreeMap::from([
            ("open_first_screen_ms".to_string(), 300.0),
            ("server_pull_rps".to_string(), 1500.0),
        ]);
        let t = table(&figures, &beat);
        assert!(
            t.contains("| open to first screen (existing store) | ms | 300 | ≤ 250 | NOT beaten |"),
            "{t}"
        );
        assert!(
            t.contains("| server under load: sync pulls | req/s | 1500 | ≥ 1200 | beaten |"),
            "{t}"
        );
        assert!(
            t.contains("| risk assessment, per transfer | µs | – | ≤ – | not measured |"),
            "{t}"
        );
    }

    #[test]
    fn every_figure_has_a_figure_to_beat_in_the_readme() {
        let beat = to_beat(include_str!("../../README.md"));
        for r in ROWS {
            assert!(
                beat.contains_key(r.what),
                "README.md has no figure to beat for {:?}",
                r.what
            );
        }
        assert_eq!(
            beat.len(),
            ROWS.len(),
            "a row in README.md that the table does not measure"
        );
    }
}
