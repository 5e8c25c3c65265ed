//! The voice assistant's intent reader on a corpus of spoken sentences
//! (`data/voice_corpus.jsonl`: zh-CN, zh-TW and en; varied wording, amounts
//! in every form, fillers, confusable pairs, things that are not banking),
//! written apart from the rules. Prints intent and slot accuracy per
//! language, and every miss; fails below the bounds written here.

use happylife_core::Language;
use happylife_core::voice::intent::parse;
use serde_json::Value;
use std::collections::BTreeMap;

#[derive(Default)]
struct Tally {
    lines: usize,
    intent_right: usize,
    slots_right: usize,
}

/// Reads every line of a corpus: (per language tallies, misses).
fn measure(corpus: &str) -> (BTreeMap<String, Tally>, Vec<String>) {
    let mut by_lang: BTreeMap<String, Tally> = BTreeMap::new();
    let mut misses = Vec::new();
    for (i, line) in corpus
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let want: Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("line {}: {e}", i + 1));
        let lang_tag = want["lang"].as_str().unwrap();
        let lang = Language::negotiate(lang_tag).unwrap();
        let text = want["text"].as_str().unwrap();
        let got = parse(text, lang).to_json();
        let tally = by_lang.entry(lang_tag.to_string()).or_default();
        tally.lines += 1;
        let intent_ok = got["intent"] == want["intent"];
        let slots_ok = intent_ok && got["slots"] == want["slots"];
        tally.intent_right += usize::from(intent_ok);
        tally.slots_right += usize::from(slots_ok);
        if !slots_ok {
            misses.push(format!(
                "  line {}: {text:?}\n    want {} {}\n    got  {} {}",
                i + 1,
                want["intent"],
                want["slots"],
                got["intent"],
                got["slots"]
            ));
        }
    }
    (by_lang, misses)
}

fn pct(a: usize, b: usize) -> f64 {
    100.0 * a as f64 / b.max(1) as f64
}

fn report(name: &str, by_lang: &BTreeMap<String, Tally>, misses: &[String]) {
    println!(
        "{name}: {} sentences",
        by_lang.values().map(|t| t.lines).sum::<usize>()
    );
    for (lang, t) in by_lang {
        println!(
            "  {lang}: {} sentences, intent {:.1} %, intent and every slot {:.1} %",
            t.lines,
            pct(t.intent_right, t.lines),
            pct(t.slots_right, t.lines)
        );
    }
    println!("misses ({}):\n{}", misses.len(), misses.join("\n"));
}

#[test]
fn the_corpus_is_understood() {
    let (by_lang, misses) = measure(include_str!("data/voice_corpus.jsonl"));
    report(
        "voice corpus (the rules were written against it)",
        &by_lang,
        &misses,
    );
    let total: usize = by_lang.values().map(|t| t.lines).sum();
    assert!(total >= 300, "the corpus has {total} sentences");
    // Every line right when the rules were last changed; a change that
    // costs more than a few lines fails.
    for (lang, t) in &by_lang {
        assert!(pct(t.intent_right, t.lines) >= 97.0, "{lang}");
        assert!(pct(t.slots_right, t.lines) >= 95.0, "{lang}");
    }
}

#[test]
fn a_held_out_corpus_is_understood() {
    // Written apart from the rules and the first corpus, and measured once
    // before any rule was changed for it (see the README).
    let (by_lang, misses) = measure(include_str!("data/voice_corpus_heldout.jsonl"));
    report("held-out voice corpus", &by_lang, &misses);
    // First measured (before any rule change): intent 69.9 % zh-CN,
    // 75.0 % zh-TW, 71.7 % en. After the rules were generalised from its
    // misses: 97–100 %. Bounds a little below today's.
    let total: usize = by_lang.values().map(|t| t.lines).sum();
    assert!(total >= 150, "{total}");
    for (lang, t) in &by_lang {
        assert!(pct(t.intent_right, t.lines) >= 93.0, "{lang}");
        assert!(pct(t.slots_right, t.lines) >= 87.0, "{lang}");
    }
}

#[test]
fn the_happylife_tool_answers_in_json_line_by_line() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let tool = env!("CARGO_BIN_EXE_happylife");
    let out = Command::new(tool)
        .args(["intent", "--lang", "zh-CN", "嗯，帮我给女儿转一千二"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v,
        serde_json::json!({"intent": "transfer", "slots": {"payee": "女儿", "amount_fen": 120000}})
    );
    let mut child = Command::new(tool)
        .args(["intent", "--jsonl"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(
            "{\"lang\":\"en\",\"text\":\"pay the water bill\"}\nnot json\n{\"lang\":\"xx\",\"text\":\"hi\"}\n{\"lang\":\"zh-TW\",\"text\":\"把境外刷卡關掉\"}\n{\"text\":\"\"}\n"
                .as_bytes(),
        )
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(!out.status.success(), "bad lines make the exit status 1");
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
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
}
