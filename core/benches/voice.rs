//! How long understanding one sentence takes: the intent reader over the
//! whole voice corpus (zh-CN, zh-TW, en), per sentence, and the amount
//! reader alone; and how long one voiceprint embedding of 3 s of speech
//! takes, with the learned encoder (GE2E, when `cargo xtask setup` has
//! fetched its weights) and the MFCC baseline. `cargo xtask bench` prints
//! them.

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

/// Three seconds of a voiced sound at 16 kHz: a 130 Hz voice with its
/// harmonics, its loudness rising and falling four times a second (never
/// silent, so no piece of it is trimmed away).
fn three_seconds() -> Vec<f32> {
    (0..48_000)
        .map(|i| {
            let t = i as f32 / 16_000.0;
            let envelope = 0.6 + 0.4 * (2.0 * std::f32::consts::PI * 4.0 * t).sin();
            let voice: f32 = (1..=12)
                .map(|h| (2.0 * std::f32::consts::PI * 130.0 * h as f32 * t).sin() / h as f32)
                .sum();
            0.1 * envelope * voice
        })
        .collect()
}

fn embedders(c: &mut Criterion) {
    use happylife_core::auth::voiceprint::embed::{MfccEmbedder, SpeakerEmbedder};
    use happylife_core::auth::voiceprint::ge2e::{Ge2eEmbedder, find_model};
    let speech = three_seconds();
    let mut group = c.benchmark_group("voiceprint");
    match find_model().map(|p| Ge2eEmbedder::load(&p)) {
        Some(Ok(model)) => {
            group.bench_function("ge2e embed 3 s", |b| {
                b.iter(|| std::hint::black_box(model.embed(&speech, 16_000)))
            });
        }
        other => eprintln!(
            "the speaker encoder's weights are missing (cargo xtask setup): {:?}",
            other.map(|r| r.err())
        ),
    }
    group.bench_function("mfcc embed 3 s", |b| {
        b.iter(|| std::hint::black_box(MfccEmbedder.embed(&speech, 16_000)))
    });
    group.finish();
}

criterion_group!(voice, benches, embedders);
criterion_main!(voice);
