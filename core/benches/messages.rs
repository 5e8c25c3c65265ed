//! The scam-message check, per message, over the whole corpus
//! (`tests/data/messages/`, every language and part): reading the links and
//! numbers out of the text, the lookalike test of each link and the script
//! rules, and the model when no rule fires. The list lookup of what was
//! found has its own benchmark (`blocklist`). `cargo xtask bench` reports
//! `messages/message check`. Training the model (once per process, at the
//! first check) is measured too.

use criterion::{Criterion, criterion_group, criterion_main};
use happylife_core::fraud::model::Model;
use happylife_core::fraud::{Sites, message, normalize};

fn corpus() -> Vec<String> {
    [
        include_str!("../tests/data/messages/zh-CN.jsonl"),
        include_str!("../tests/data/messages/zh-CN_more.jsonl"),
        include_str!("../tests/data/messages/zh-CN_more2.jsonl"),
        include_str!("../tests/data/messages/zh-CN_heldout.jsonl"),
        include_str!("../tests/data/messages/zh-TW.jsonl"),
        include_str!("../tests/data/messages/zh-TW_more.jsonl"),
        include_str!("../tests/data/messages/zh-TW_more2.jsonl"),
        include_str!("../tests/data/messages/zh-TW_heldout.jsonl"),
        include_str!("../tests/data/messages/en.jsonl"),
        include_str!("../tests/data/messages/en_more.jsonl"),
        include_str!("../tests/data/messages/en_more2.jsonl"),
        include_str!("../tests/data/messages/en_heldout.jsonl"),
    ]
    .iter()
    .flat_map(|f| f.lines())
    .filter(|l| !l.trim().is_empty())
    .map(|l| {
        let v: serde_json::Value = serde_json::from_str(l).expect("corpus line");
        v["text"].as_str().expect("text").to_string()
    })
    .collect()
}

fn benches(c: &mut Criterion) {
    let messages = corpus();
    let sites = Sites::built_in();
    let n = messages.len();
    let mut group = c.benchmark_group("messages");
    group.throughput(criterion::Throughput::Elements(n as u64));
    group.bench_function(format!("message check, {n} corpus messages"), |b| {
        b.iter(|| {
            for text in &messages {
                let whole = normalize::whole_item(text);
                let bare = whole.is_some();
                let mut items: Vec<_> = whole.into_iter().collect();
                items.extend(normalize::extract(text));
                std::hint::black_box(message::signals(text, &items, bare, sites));
            }
        })
    });
    group.finish();
    let lines = happylife_core::fraud::model::training_examples();
    c.bench_function("message model training, the tuning corpus", |b| {
        b.iter(|| {
            std::hint::black_box(Model::train(
                lines.iter().map(|(t, s, c)| (t.as_str(), *s, c.as_deref())),
            ))
        })
    });
}

criterion_group!(messages_bench, benches);
criterion_main!(messages_bench);
