//! `cargo xtask fuzz [--seconds N] [--minimise] [TARGET...]`: the cargo-fuzz
//! targets in `tests/fuzz`, built once and each run for a bounded time;
//! `--minimise` then folds what the runs found into the committed seeds,
//! keeping the fewest inputs that reach every edge (libFuzzer's
//! `-set_cover_merge=1 -use_counters=0`; plain `cargo fuzz cmin` keeps
//! several times more).
//!
//! Stable Rust is enough: with `--sanitizer none` cargo-fuzz passes only
//! stable `-C` flags (the coverage instrumentation and `--cfg fuzzing`), so
//! no nightly and no `RUSTC_BOOTSTRAP` are needed. The build goes to
//! `tests/fuzz/target`; each run reads the committed seeds in
//! `tests/fuzz/corpus/<target>` and writes what it finds to
//! `tests/fuzz/target/corpus/<target>`, so the committed corpus changes only
//! when someone minimises into it (`cargo fuzz cmin`). A crash leaves its
//! input in `tests/fuzz/artifacts/<target>/` and fails the command.

use super::{cargo, root, say, status};
use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// Every fuzz target (`tests/fuzz/fuzz_targets/<name>.rs`).
const TARGETS: &[&str] = &[
    "amount",
    "intent",
    "normalize",
    "id_number",
    "transfer_request",
    "blocklist_file",
    "change_page",
    "server_body",
];

/// Seconds each target runs when `--seconds` is not given.
const DEFAULT_SECONDS: u64 = 30;

/// The cargo-fuzz release `cargo install` brings when none is installed.
const CARGO_FUZZ_VERSION: &str = "0.13.2";

/// Memory a target may use before libFuzzer calls it a crash.
const RSS_LIMIT_MB: u32 = 2048;

/// Seconds one input may take before libFuzzer calls it a hang.
const TIMEOUT_SECS: u32 = 20;

/// The fuzz crate: a workspace of its own (`cargo xtask lint` formats it;
/// `fuzz` checks it with clippy).
pub const MANIFEST: &str = "tests/fuzz/Cargo.toml";

/// What every `cargo fuzz` call shares (the same flags for build and run,
/// so a run does not build again). 16 codegen units: a faster build of
/// the whole instrumented core and server, for slightly slower runs.
fn cargo_fuzz(subcommand: &str, fuzz_dir: &Path) -> Command {
    let mut c = cargo();
    c.args([
        "fuzz",
        subcommand,
        "--sanitizer",
        "none",
        "--codegen-units",
        "16",
    ])
    .arg("--fuzz-dir")
    .arg(fuzz_dir)
    .env("CARGO_TARGET_DIR", fuzz_dir.join("target"));
    c
}

pub(crate) fn fuzz(args: &[String]) -> Result<()> {
    let mut seconds = DEFAULT_SECONDS;
    let mut minimise = false;
    let mut chosen: Vec<&str> = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--seconds" => {
                seconds = it
                    .next()
                    .and_then(|s| s.parse().ok())
                    .filter(|s| *s > 0)
                    .context("--seconds needs a whole number of seconds above 0")?;
            }
            "--minimise" => minimise = true,
            t => match TARGETS.iter().find(|n| **n == t) {
                Some(n) => chosen.push(n),
                None => bail!(
                    "no fuzz target {t:?}; the targets are {}",
                    TARGETS.join(", ")
                ),
            },
        }
    }
    if chosen.is_empty() {
        chosen = TARGETS.to_vec();
    }
    ensure_cargo_fuzz()?;
    let started = std::time::Instant::now();
    let fuzz_dir = root().join("tests/fuzz");
    say("clippy on the fuzz targets, warnings as errors");
    status(
        cargo()
            .args(["clippy", "--manifest-path", MANIFEST, "--all-targets"])
            .env("CARGO_TARGET_DIR", fuzz_dir.join("target"))
            .args(["--", "-D", "warnings"]),
    )?;
    say("building the fuzz targets (cargo fuzz, stable, no sanitizer, into tests/fuzz/target)");
    status(&mut cargo_fuzz("build", &fuzz_dir))?;
    let built = started.elapsed();
    say(&format!(
        "built in {} s; running {} target(s) for {seconds} s each",
        built.as_secs(),
        chosen.len()
    ));
    // Each run is one process on one core: as many at once as there are cores.
    let jobs = std::thread::available_parallelism().map_or(1, |n| n.get().min(chosen.len()));
    let mut queue = chosen.clone().into_iter();
    let mut running: Vec<Run> = Vec::new();
    let mut failed: Vec<&str> = Vec::new();
    loop {
        while running.len() < jobs {
            let Some(target) = queue.next() else { break };
            running.push(Run::start(&fuzz_dir, target, seconds)?);
        }
        if running.is_empty() {
            break;
        }
        let run = running.remove(0);
        let target = run.target;
        if !run.finish()? {
            failed.push(target);
        }
    }
    let all = started.elapsed();
    say(&format!(
        "the runs took {} s; with the build, {} s in all",
        (all - built).as_secs(),
        all.as_secs()
    ));
    if !failed.is_empty() {
        bail!(
            "fuzz target(s) crashed: {} (inputs in tests/fuzz/artifacts/)",
            failed.join(", ")
        );
    }
    if minimise {
        for target in chosen {
            minimise_seeds(&fuzz_dir, target)?;
        }
    }
    Ok(())
}

/// Replaces `tests/fuzz/corpus/<target>` with the fewest of its inputs and
/// of this run's finds that reach every edge they reach.
fn minimise_seeds(fuzz_dir: &Path, target: &str) -> Result<()> {
    let work = fuzz_dir.join("target");
    let seeds = fuzz_dir.join("corpus").join(target);
    let merged = work.join("minimised").join(target);
    let _ = std::fs::remove_dir_all(&merged);
    std::fs::create_dir_all(&merged)?;
    let binary = work.join("x86_64-unknown-linux-gnu/release").join(target);
    status(
        Command::new(binary)
            .args(["-set_cover_merge=1", "-use_counters=0"])
            .arg(format!("-rss_limit_mb={RSS_LIMIT_MB}"))
            .arg(&merged)
            .arg(&seeds)
            .arg(work.join("corpus").join(target))
            .stdout(Stdio::null())
            .stderr(Stdio::null()),
    )?;
    std::fs::remove_dir_all(&seeds)?;
    std::fs::rename(&merged, &seeds)?;
    let (files, bytes) = dir_size(&seeds);
    println!("{target:<17} seeds minimised: {files} files, {bytes} bytes");
    Ok(())
}

/// Installs cargo-fuzz from crates.io unless `cargo fuzz` already works.
fn ensure_cargo_fuzz() -> Result<()> {
    let have = cargo()
        .args(["fuzz", "--version"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !have {
        say(&format!(
            "installing cargo-fuzz {CARGO_FUZZ_VERSION} (cargo install --locked)"
        ));
        status(cargo().args([
            "install",
            "cargo-fuzz",
            "--locked",
            "--version",
            CARGO_FUZZ_VERSION,
        ]))?;
    }
    Ok(())
}

/// One target running in the background, its output in a log file.
struct Run {
    target: &'static str,
    child: Child,
    log: PathBuf,
    corpus: PathBuf,
    seeds: PathBuf,
}

impl Run {
    fn start(fuzz_dir: &Path, target: &'static str, seconds: u64) -> Result<Run> {
        let work = fuzz_dir.join("target");
        let corpus = work.join("corpus").join(target);
        let seeds = fuzz_dir.join("corpus").join(target);
        // A fresh corpus each time: what it holds at the end is this run's.
        let _ = std::fs::remove_dir_all(&corpus);
        std::fs::create_dir_all(&corpus)?;
        std::fs::create_dir_all(&seeds)?;
        std::fs::create_dir_all(work.join("logs"))?;
        let log = work.join("logs").join(format!("{target}.log"));
        let out = std::fs::File::create(&log)?;
        let child = cargo_fuzz("run", fuzz_dir)
            .arg(target)
            .arg(&corpus)
            .arg(&seeds)
            .arg("--")
            .arg(format!("-max_total_time={seconds}"))
            .arg(format!("-rss_limit_mb={RSS_LIMIT_MB}"))
            .arg(format!("-timeout={TIMEOUT_SECS}"))
            .arg("-print_final_stats=1")
            .stdin(Stdio::null())
            .stdout(out.try_clone()?)
            .stderr(out)
            .spawn()
            .with_context(|| format!("cannot start cargo fuzz run {target}"))?;
        Ok(Run {
            target,
            child,
            log,
            corpus,
            seeds,
        })
    }

    /// Waits, prints the figures (or the crash), and says whether it passed.
    fn finish(mut self) -> Result<bool> {
        let st = self.child.wait()?;
        let log = std::fs::read_to_string(&self.log).unwrap_or_default();
        let stat = |name: &str| {
            log.lines()
                .find_map(|l| l.strip_prefix(&format!("stat::{name}:")))
                .map(|v| v.trim().to_string())
                .unwrap_or_else(|| "?".into())
        };
        let (seeds, _) = dir_size(&self.seeds);
        let (files, bytes) = dir_size(&self.corpus);
        println!(
            "{:<17} {} executions ({}/s), corpus {} seeds + {} new ({} bytes new), peak {} MB",
            self.target,
            stat("number_of_executed_units"),
            stat("average_exec_per_sec"),
            seeds,
            files,
            bytes,
            stat("peak_rss_mb"),
        );
        if st.success() {
            return Ok(true);
        }
        println!("{} FAILED ({st}); the end of its log:", self.target);
        let lines: Vec<&str> = log.lines().collect();
        for l in &lines[lines.len().saturating_sub(40)..] {
            println!("    {l}");
        }
        Ok(false)
    }
}

/// (files, bytes) in a directory.
fn dir_size(dir: &Path) -> (u64, u64) {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| e.metadata().ok())
                .filter(|m| m.is_file())
                .fold((0, 0), |(n, b), m| (n + 1, b + m.len()))
        })
        .unwrap_or((0, 0))
}
