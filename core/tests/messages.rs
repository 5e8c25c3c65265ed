//! Scam messages the list does not know yet, measured on a corpus written
//! from public police and bank warnings (`tests/data/messages/`): scam SMS
//! and chat messages and ordinary ones from banks, utilities, couriers and
//! family, in zh-CN, zh-TW and en. The rules were written from the tuning
//! files (`<lang>.jsonl`, then `_more`, `_more2` and `_more3`, each measured before
//! the rules learned from it); the `_heldout` files were written apart, in
//! other words and styles, before any rule, and their misses were never
//! looked at; the `_heldout2` files were written by someone who had seen
//! neither the rules nor the other files.
//!
//! `cargo test -p happylife-core --test messages -- --nocapture` prints, per
//! language and part, the share of scam messages flagged (goal ≥ 90 %) and
//! of ordinary messages flagged (goal ≤ 2 %). `HAPPYLIFE_SHOW_MISSES=1`
//! prints the tuning part's misses.

use happylife_core::fraud::Verdict;
use happylife_core::fraud::message::model_signal;
use happylife_core::fraud::model::{MIN_FEATURES, Model, THRESHOLD};
use happylife_core::{Companion, FixedClock, OpenOptions};
use serde::Deserialize;
use std::sync::Arc;

#[derive(Deserialize)]
struct Line {
    lang: String,
    text: String,
    scam: bool,
    category: Option<String>,
}

fn corpus(file: &str) -> Vec<Line> {
    let path = format!("{}/tests/data/messages/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, l)| serde_json::from_str(l).unwrap_or_else(|e| panic!("{file}:{}: {e}", i + 1)))
        .collect()
}

async fn open(dir: &std::path::Path) -> Companion {
    Companion::open_with(
        dir,
        OpenOptions {
            clock: Arc::new(FixedClock::at(2026, 12, 7, 9, 30).unwrap()),
            demo_seed: None,
            language: None,
            keystore: None,
            voice_model: None,
        },
    )
    .await
    .expect("opens")
}

#[derive(Default, Clone, Copy)]
struct Tally {
    scam: usize,
    scam_flagged: usize,
    ordinary: usize,
    ordinary_flagged: usize,
}

impl Tally {
    fn add(&mut self, other: Tally) {
        self.scam += other.scam;
        self.scam_flagged += other.scam_flagged;
        self.ordinary += other.ordinary;
        self.ordinary_flagged += other.ordinary_flagged;
    }
    fn caught(&self) -> f64 {
        100.0 * self.scam_flagged as f64 / self.scam.max(1) as f64
    }
    fn false_alarms(&self) -> f64 {
        100.0 * self.ordinary_flagged as f64 / self.ordinary.max(1) as f64
    }
    /// One row of the printed table.
    fn print(&self, part: &str, lang: &str) {
        println!(
            "{part:<10} {lang:<6} {:>3}/{:<3} {:>5.1} %     {:>3}/{:<3} {:>4.1} %",
            self.scam_flagged,
            self.scam,
            self.caught(),
            self.ordinary_flagged,
            self.ordinary,
            self.false_alarms()
        );
    }
}

/// The corpus's parts, in the order the table prints them.
const PARTS: [&str; 3] = ["tuning", "held-out", "held-out 2"];

#[tokio::test]
async fn scam_messages_are_flagged_and_ordinary_ones_are_not() {
    let dir = tempfile::tempdir().unwrap();
    let c = open(dir.path()).await;
    let show = std::env::var_os("HAPPYLIFE_SHOW_MISSES").is_some();
    // The tuning part, the first held-out part, the second held-out part.
    let mut parts = [Tally::default(); 3];
    let mut categories_right = (0, 0);
    // (rules fired, the model's log-odds left out, scam?) of each tuning line.
    let mut sweep: Vec<(bool, f32, bool)> = Vec::new();
    println!("part       lang   scam flagged        ordinary flagged");
    for lang in ["zh-CN", "zh-TW", "en"] {
        for (part, name) in PARTS.iter().enumerate() {
            let held = part > 0;
            let files: Vec<String> = match part {
                0 => ["", "_more", "_more2", "_more3"]
                    .iter()
                    .map(|s| format!("{lang}{s}.jsonl"))
                    .collect(),
                1 => vec![format!("{lang}_heldout.jsonl")],
                _ => vec![format!("{lang}_heldout2.jsonl")],
            };
            let mut t = Tally::default();
            for (file, line) in files
                .iter()
                .flat_map(|f| corpus(f).into_iter().map(move |l| (f.clone(), l)))
            {
                assert_eq!(line.lang, lang, "{file}: {}", line.text);
                let check = c.check_message(&line.text).await.expect("checked");
                let mut flagged = check.verdict != Verdict::Clear;
                if !held {
                    // The model learned from this very line: it is read as
                    // if it had not, so the tuning figures are not its memory.
                    let by_rules = check.verdict == Verdict::Listed
                        || check.signals.iter().any(|s| s.code() != "reads_like");
                    let left_out = Model::built_in()
                        .read_left_out(&line.text, line.scam, line.category.as_deref())
                        .expect("a known category");
                    flagged = by_rules || model_signal(left_out).is_some();
                    // A message too short for the model never reaches a threshold.
                    let odds = if left_out.features >= MIN_FEATURES {
                        left_out.log_odds
                    } else {
                        f32::NEG_INFINITY
                    };
                    sweep.push((by_rules, odds, line.scam));
                }
                if line.scam {
                    t.scam += 1;
                    t.scam_flagged += usize::from(flagged);
                    if flagged {
                        categories_right.1 += 1;
                        categories_right.0 += usize::from(
                            check.category.map(|c| c.code()) == line.category.as_deref(),
                        );
                    }
                } else {
                    t.ordinary += 1;
                    t.ordinary_flagged += usize::from(flagged);
                }
                if show && !held && flagged != line.scam {
                    println!(
                        "  miss ({}) {:?}: {}",
                        if line.scam { "scam" } else { "ordinary" },
                        check.signals,
                        line.text
                    );
                }
            }
            t.print(name, lang);
            parts[part].add(t);
        }
    }
    let [tuning, heldout, heldout2] = parts;
    let mut all = tuning;
    all.add(heldout);
    all.add(heldout2);
    for (name, t) in [
        ("tuning", tuning),
        ("held-out", heldout),
        ("held-out 2", heldout2),
        ("all", all),
    ] {
        t.print(name, "all");
    }
    // How the model's threshold was chosen: on the tuning part, each line
    // left out of the model that reads it.
    println!(
        "model threshold (tuning, each line left out): scams / ordinary flagged by the model alone; by rules or model"
    );
    let scams = sweep.iter().filter(|(_, _, s)| *s).count();
    let ordinary = sweep.len() - scams;
    let pct = |n: usize, of: usize| 100.0 * n as f64 / of as f64;
    for t in [0.3f32, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0] {
        let count = |scam: bool, rules: bool| {
            sweep
                .iter()
                .filter(|(r, o, s)| *s == scam && ((rules && *r) || *o >= t))
                .count()
        };
        println!(
            "  {t:>4}{} model {:>5.1} % / {:>4.1} %   rules or model {:>5.1} % / {:>4.1} %",
            if t == THRESHOLD { " (used)" } else { "       " },
            pct(count(true, false), scams),
            pct(count(false, false), ordinary),
            pct(count(true, true), scams),
            pct(count(false, true), ordinary),
        );
    }
    println!(
        "flagged scams whose category matches the corpus: {}/{}",
        categories_right.0, categories_right.1
    );
    assert!(
        all.scam >= 300 && all.ordinary >= 300,
        "the corpus has 300 of each"
    );
    // The goals (≥ 90 % flagged, ≤ 2 % false alarms) hold on the parts the
    // rules were written from.
    holds("tuning", tuning, 90.0, 2.0);
    // The held-out parts do not reach them (held-out: 90.0 % flagged and
    // 5.6 % false alarms, 5 of 90; held-out 2, written by someone who never
    // saw the rules: 88.9 % and 6.7 %, 87.8 % and 10.0 % before the
    // `_more3` round): these floors only catch a change that makes them
    // worse. Raising them needs better rules or a better model, not tuning
    // on them.
    let met = |t: Tally| t.caught() >= 90.0 && t.false_alarms() <= 2.0;
    println!(
        "held-out parts against the goals (≥ 90 % flagged, ≤ 2 % false alarms): {}",
        if met(heldout) && met(heldout2) {
            "met"
        } else {
            "NOT met"
        }
    );
    holds("held-out", heldout, 85.0, 6.0);
    holds("held-out 2", heldout2, 85.0, 9.0);
}

/// Fails unless `t` flags at least `caught` % of the scams and at most
/// `false_alarms` % of the ordinary messages.
fn holds(part: &str, t: Tally, caught: f64, false_alarms: f64) {
    assert!(
        t.caught() >= caught && t.false_alarms() <= false_alarms,
        "{part}: {:.1} % flagged (needs ≥ {caught} %), {:.1} % false alarms (needs ≤ {false_alarms} %)",
        t.caught(),
        t.false_alarms()
    );
}
