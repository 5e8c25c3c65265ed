//! How long understanding one sentence takes: the intent reader over the
//! whole voice corpus (zh-CN, zh-TW, en), per sentence, and the amount
//! reader alone. `cargo xtask bench` prints them.

use criterion::{Criterion, criterion_group, criterion_main};
use happylife_core::Language;
use happylife_core::voice::{amount, intent};

/// The sentences of corpus files (language, text).
fn sentences(files: &[&str]) -> Vec<(Language, String)> {
    files
        .iter()
        .flat_map(|f| f.lines())
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .map(|v| {
            (
                Language::negotiate(v["lang"].as_str().unwrap_or("zh-CN"))
                    .unwrap_or(Language::ZhCn),
                v["text"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn benches(c: &mut Criterion) {
    let written = sentences(&[
        include_str!("../tests/data/voice_corpus.jsonl"),
        include_str!("../tests/data/voice_corpus_more.jsonl"),
    ]);
    // What recognisers hand over: most go through the sound-alike reading too.
    let noise = sentences(&[include_str!("../tests/data/voice_noise.jsonl")]);
    // Two groups, so the corpus figure (`voice/intent parse…`, the one
    // `cargo xtask bench` reports) is never the noise's.
    for (group_name, name, corpus) in [
        ("voice", "corpus", &written),
        ("voice-noise", "recogniser-noise", &noise),
    ] {
        let n = corpus.len();
        let mut group = c.benchmark_group(group_name);
        group.throughput(criterion::Throughput::Elements(n as u64));
        group.bench_function(format!("intent parse, {n} {name} sentences"), |b| {
            b.iter(|| {
                for (lang, text) in corpus {
                    std::hint::black_box(intent::parse(text, *lang));
                }
            })
        });
        group.finish();
    }
    c.bench_function(
        "amount parse: 给女儿转一万五千八百块五毛",
        |b| b.iter(|| std::hint::black_box(amount::find("给女儿转一万五千八百块五毛"))),
    );
}

criterion_group!(voice, benches);
criterion_main!(voice);
