//! The voice assistant's intent reader on its corpus of spoken sentences
//! (zh-CN, zh-TW and en), in sets kept apart:
//!
//! - **written against**: `voice_corpus.jsonl` and `voice_corpus_more.jsonl`
//!   (the rules were written against these);
//! - **held out**: `voice_corpus_heldout.jsonl` (issue 9's) and
//!   `voice_heldout_b.jsonl` (issue 21's: every tile, locks both ways),
//!   written apart from the rules and measured before and after the change
//!   (README);
//! - **recogniser noise**: `voice_noise.jsonl`, what recognisers hand over
//!   (sound-alike characters, no punctuation, numbers as words);
//! - **near misses**: `voice_near_misses.jsonl`, sentences that sound or
//!   look like a banking word and are not one.
//!
//! Prints, per set and language: intent accuracy, intent and every slot,
//! how often it asks back ("您是想…吗？"), and how often a confident answer
//! is wrong; then every miss. Fails below the bounds written here.

use happylife_core::Language;
use happylife_core::voice::intent::{ASK_BELOW, IntentKind, parse};
use serde_json::Value;
use std::collections::BTreeMap;

#[derive(Default, Clone, Copy)]
struct Tally {
    lines: usize,
    intent_right: usize,
    slots_right: usize,
    /// Understood (not unknown) and sure enough to act without asking.
    confident: usize,
    /// …and wrong.
    confident_wrong: usize,
    /// Asked back: understood, but not sure.
    asked: usize,
}

impl Tally {
    fn add(&mut self, o: Tally) {
        self.lines += o.lines;
        self.intent_right += o.intent_right;
        self.slots_right += o.slots_right;
        self.confident += o.confident;
        self.confident_wrong += o.confident_wrong;
        self.asked += o.asked;
    }
    fn intent(&self) -> f64 {
        pct(self.intent_right, self.lines)
    }
    fn slots(&self) -> f64 {
        pct(self.slots_right, self.lines)
    }
    fn confident_wrong(&self) -> f64 {
        pct(self.confident_wrong, self.confident)
    }
}

/// Reads every line of the corpora: (per language tallies, misses).
fn measure(corpora: &[&str]) -> (BTreeMap<String, Tally>, Vec<String>) {
    let mut by_lang: BTreeMap<String, Tally> = BTreeMap::new();
    let mut misses = Vec::new();
    for (i, line) in corpora
        .iter()
        .flat_map(|c| c.lines())
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let want: Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("line {}: {e}", i + 1));
        let lang_tag = want["lang"].as_str().unwrap();
        let lang = Language::negotiate(lang_tag).unwrap();
        let text = want["text"].as_str().unwrap();
        let heard = parse(text, lang);
        let got = heard.to_json();
        let intent_ok = got["intent"] == want["intent"];
        let slots_ok = intent_ok && got["slots"] == want["slots"];
        let understood = heard.kind != IntentKind::Unknown;
        let confident = understood && heard.confidence >= ASK_BELOW;
        let t = Tally {
            lines: 1,
            intent_right: usize::from(intent_ok),
            slots_right: usize::from(slots_ok),
            confident: usize::from(confident),
            confident_wrong: usize::from(confident && !intent_ok),
            asked: usize::from(understood && !confident),
        };
        by_lang.entry(lang_tag.to_string()).or_default().add(t);
        if !slots_ok {
            misses.push(format!(
                "  {text:?}\n    want {} {}\n    got  {} {} (sure {:.2})",
                want["intent"], want["slots"], got["intent"], got["slots"], heard.confidence
            ));
        }
    }
    (by_lang, misses)
}

fn pct(a: usize, b: usize) -> f64 {
    100.0 * a as f64 / b.max(1) as f64
}

/// Prints a set's figures and misses; returns its total.
fn report(name: &str, corpora: &[&str]) -> (BTreeMap<String, Tally>, Tally) {
    let (by_lang, misses) = measure(corpora);
    let mut all = Tally::default();
    for t in by_lang.values() {
        all.add(*t);
    }
    println!("{name}: {} sentences", all.lines);
    for (lang, t) in by_lang.iter().chain([(&"all".to_string(), &all)]) {
        println!(
            "  {lang:5} {:4} sentences: intent {:5.1} %, intent and every slot {:5.1} %, asked back {:4.1} %, confident but wrong {:4.1} % ({} of {})",
            t.lines,
            t.intent(),
            t.slots(),
            pct(t.asked, t.lines),
            t.confident_wrong(),
            t.confident_wrong,
            t.confident
        );
    }
    println!("  misses ({}):\n{}", misses.len(), misses.join("\n"));
    (by_lang, all)
}

const WRITTEN_AGAINST: [&str; 2] = [
    include_str!("data/voice_corpus.jsonl"),
    include_str!("data/voice_corpus_more.jsonl"),
];
const HELD_OUT_A: &str = include_str!("data/voice_corpus_heldout.jsonl");
const HELD_OUT_B: &str = include_str!("data/voice_heldout_b.jsonl");
const NOISE: &str = include_str!("data/voice_noise.jsonl");
const NEAR_MISSES: &str = include_str!("data/voice_near_misses.jsonl");

#[test]
fn the_corpus_is_large_enough() {
    let lines: usize = WRITTEN_AGAINST
        .iter()
        .chain([HELD_OUT_A, HELD_OUT_B, NOISE, NEAR_MISSES].iter())
        .map(|c| c.lines().filter(|l| !l.trim().is_empty()).count())
        .sum();
    assert!(lines >= 600, "the corpus has {lines} sentences");
}

#[test]
fn the_sentences_written_against_are_understood() {
    let (by_lang, _) = report(
        "written against (the rules were written against these)",
        &WRITTEN_AGAINST,
    );
    // Every line right when the rules were last changed; a change that
    // costs more than a few lines fails.
    for (lang, t) in &by_lang {
        assert!(t.intent() >= 97.0, "{lang}");
        assert!(t.slots() >= 95.0, "{lang}");
    }
}

#[test]
fn the_held_out_sentences_are_understood() {
    // Issue 9's held-out set, first measured before any rule was changed
    // for it: intent 69.9 % zh-CN, 75.0 % zh-TW, 71.7 % en.
    let (a, _) = report("held out A (issue 9)", &[HELD_OUT_A]);
    for (lang, t) in &a {
        assert!(t.intent() >= 93.0, "{lang}");
        assert!(t.slots() >= 86.0, "{lang}");
    }
    // Issue 21's, measured with the rules as they were before it (intent
    // 52.9 %, every slot 45.5 %: README).
    let (b, all) = report("held out B (issue 21)", &[HELD_OUT_B]);
    for (lang, t) in &b {
        assert!(t.intent() >= 88.0, "{lang}");
        assert!(t.slots() >= 86.0, "{lang}");
    }
    // Sure means right: an answer acted on without asking is rarely wrong.
    assert!(
        all.confident_wrong() <= 6.0,
        "{:.1} %",
        all.confident_wrong()
    );
}

#[test]
fn what_recognisers_hand_over_is_understood() {
    // Before sound-alike matching: intent 32.2 %.
    let (_, all) = report("recogniser noise", &[NOISE]);
    assert!(all.intent() >= 70.0, "{:.1} %", all.intent());
    // Measured, not tuned for: 10.3 % when first measured (README).
    assert!(
        all.confident_wrong() <= 12.0,
        "{:.1} %",
        all.confident_wrong()
    );
}

#[test]
fn near_misses_are_not_pulled_in() {
    let (_, all) = report(
        "near misses (must stay unknown, or their own intent)",
        &[NEAR_MISSES],
    );
    assert!(all.intent() >= 95.0, "{:.1} %", all.intent());
}

/// `happylife intent --jsonl` on `input`: (exit status 0, one answer per line).
fn intent_jsonl(input: &str) -> (bool, Vec<Value>) {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_happylife"))
        .args(["intent", "--jsonl"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let lines = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (out.status.success(), lines)
}

#[test]
fn the_happylife_tool_answers_in_json_line_by_line() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_happylife"))
        .args(["intent", "--lang", "zh-CN", "嗯，帮我给女儿转一千二"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v,
        serde_json::json!({"intent": "transfer", "slots": {"payee": "女儿", "amount_fen": 120000}})
    );
    let (ok, lines) = intent_jsonl(
        "{\"lang\":\"en\",\"text\":\"pay the water bill\"}\nnot json\n{\"lang\":\"xx\",\"text\":\"hi\"}\n{\"lang\":\"zh-TW\",\"text\":\"把境外刷卡關掉\"}\n{\"text\":\"\"}\n",
    );
    assert!(!ok, "bad lines make the exit status 1");
    assert_eq!(lines.len(), 5, "one answer per line");
    assert_eq!(
        lines[0],
        serde_json::json!({"intent": "pay_bill", "slots": {"bill_kind": "water"}})
    );
    assert_eq!(lines[1]["error"]["code"], "invalid_json");
    assert_eq!(lines[1]["error"]["line"], 2);
    assert_eq!(lines[2]["error"]["code"], "unknown_language");
    assert_eq!(
        lines[3],
        serde_json::json!({"intent": "lock_card", "slots": {"lock_kind": "overseas"}})
    );
    assert_eq!(
        lines[4],
        serde_json::json!({"intent": "unknown", "slots": {}})
    );
    // The codes and slots of every tile, as the issue names them.
    let (ok, got) = intent_jsonl(concat!(
        "{\"lang\":\"zh-CN\",\"text\":\"帮我把境外锁加上\"}\n",
        "{\"lang\":\"zh-TW\",\"text\":\"夜間鎖關掉\"}\n",
        "{\"lang\":\"en\",\"text\":\"switch off night lock\"}\n",
        "{\"lang\":\"zh-CN\",\"text\":\"字大一点\"}\n",
        "{\"lang\":\"en\",\"text\":\"please speak slower\"}\n",
        "{\"lang\":\"zh-CN\",\"text\":\"搜一下养老金怎么领\"}\n",
        "{\"lang\":\"zh-CN\",\"text\":\"举报这个诈骗电话 138 1234 5678\"}\n",
        "{\"lang\":\"zh-CN\",\"text\":\"看看我的提醒\"}\n",
        "{\"lang\":\"zh-CN\",\"text\":\"我的卡锁了哪些\"}\n",
        "{\"lang\":\"zh-CN\",\"text\":\"查一下鱼额\"}\n",
    ));
    assert!(ok);
    let want = [
        serde_json::json!({"intent": "lock_card", "slots": {"lock_kind": "overseas"}}),
        serde_json::json!({"intent": "unlock_card", "slots": {"lock_kind": "night"}}),
        serde_json::json!({"intent": "unlock_card", "slots": {"lock_kind": "night"}}),
        serde_json::json!({"intent": "change_setting", "slots": {"setting": "text_bigger"}}),
        serde_json::json!({"intent": "change_setting", "slots": {"setting": "speak_slower"}}),
        serde_json::json!({"intent": "search", "slots": {"query": "养老金怎么领"}}),
        serde_json::json!({"intent": "report_scam", "slots": {"target": "138 1234 5678"}}),
        serde_json::json!({"intent": "open_reminders", "slots": {}}),
        serde_json::json!({"intent": "check_card_locks", "slots": {}}),
        serde_json::json!({"intent": "check_balance", "slots": {}}),
    ];
    assert_eq!(got, want);
}
