//! Voices the suite can make: espeak-ng (Debian's `espeak-ng`) reading
//! digits in Mandarin, with its voice variants as "speakers". A speaker is a
//! variant and a base pitch; each utterance varies the pitch a little, the
//! speed and the loudness, and adds white noise at a random 20–35 dB SNR
//! (seeded, so every run hears the same thing).
//!
//! The background voices (whose statistics the embedder standardises with,
//! see `cargo run -p happylife-tests --bin voiceprint-background`) and the
//! evaluation voices are different variants: the measurement never scores
//! a voice the embedder was fitted on.

use happylife_core::auth::voiceprint::VoiceSample;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::process::Command;

/// Variants the background statistics come from.
pub const BACKGROUND: &[&str] = &[
    "m1", "m3", "m5", "m7", "f1", "f3", "f5", "klatt", "klatt3", "croak", "aunty", "boris", "ed",
    "iven", "linda", "paul",
];

/// Variants the measurement scores (none of them in [`BACKGROUND`]).
pub const EVALUATION: &[&str] = &[
    "m2", "m4", "m6", "m8", "f2", "f4", "klatt2", "klatt4", "grandpa", "grandma", "belinda",
    "benjamin", "david", "edward", "gustave", "john", "max", "michel", "norbert", "pablo",
    "quincy", "rob", "robert", "steph", "shelby", "travis", "victor", "zac",
];

/// One synthetic speaker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Speaker {
    /// espeak-ng voice variant.
    pub variant: String,
    /// Base pitch (espeak-ng `-p`, 0–99).
    pub pitch: u32,
}

impl Speaker {
    /// The speaker for a variant, with a base pitch drawn from `seed`.
    pub fn new(variant: &str, seed: u64) -> Speaker {
        let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5eed);
        Speaker {
            variant: variant.to_string(),
            pitch: rng.random_range(30..70),
        }
    }
}

/// Whether espeak-ng can be run here.
pub fn espeak_available() -> bool {
    Command::new("espeak-ng")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Reads a mono 16-bit WAV file.
pub fn read_wav(path: &std::path::Path) -> (Vec<i16>, u32) {
    let mut r = hound::WavReader::open(path).expect("a WAV file");
    let rate = r.spec().sample_rate;
    let samples = r.samples::<i16>().map(|s| s.expect("a sample")).collect();
    (samples, rate)
}

/// How much one utterance differs from the next.
#[derive(Clone, Debug, PartialEq)]
pub struct Conditions {
    /// Pitch up or down by at most this (espeak-ng `-p` steps).
    pub pitch_jitter: i32,
    /// Words per minute.
    pub speed: std::ops::RangeInclusive<u32>,
    /// Noise below the speech, in dB.
    pub snr_db: std::ops::Range<f32>,
}

/// Anywhere, any day: the measurement's conditions.
pub fn anywhere() -> Conditions {
    Conditions {
        pitch_jitter: 4,
        speed: 130..=175,
        snr_db: 20.0..35.0,
    }
}

/// At home in a quiet room, at her usual pace: what the app asks for.
pub fn quiet_room() -> Conditions {
    Conditions {
        pitch_jitter: 1,
        speed: 148..=156,
        snr_db: 30.0..36.0,
    }
}

/// `digits` said by `speaker` in a session drawn from `rng`: the recording
/// and the text a recogniser would give (the digits, spaced).
pub fn say(speaker: &Speaker, digits: &str, rng: &mut ChaCha8Rng) -> VoiceSample {
    say_in(&anywhere(), speaker, digits, rng)
}

/// The same, in the given conditions.
pub fn say_in(
    conditions: &Conditions,
    speaker: &Speaker,
    digits: &str,
    rng: &mut ChaCha8Rng,
) -> VoiceSample {
    let dir = tempfile::tempdir().expect("tempdir");
    let wav = dir.path().join("say.wav");
    let jitter = conditions.pitch_jitter;
    let pitch = (speaker.pitch as i32 + rng.random_range(-jitter..=jitter)).clamp(0, 99);
    let spoken = happylife_core::auth::voiceprint::digits::spaced(digits);
    let out = Command::new("espeak-ng")
        .arg("-v")
        .arg(format!("cmn+{}", speaker.variant))
        .args(["-p", &pitch.to_string()])
        .args([
            "-s",
            &rng.random_range(conditions.speed.clone()).to_string(),
        ])
        .args(["-a", &rng.random_range(80..=140).to_string()])
        .arg("-w")
        .arg(&wav)
        .arg(&spoken)
        .output()
        .expect("espeak-ng runs");
    assert!(out.status.success(), "espeak-ng failed: {out:?}");
    let (samples, rate) = read_wav(&wav);
    let samples = with_noise(&samples, rng.random_range(conditions.snr_db.clone()), rng);
    VoiceSample {
        samples,
        sample_rate: rate,
        recognised_text: spoken,
    }
}

/// White noise at `snr_db` below the speech (seeded Gaussian).
pub fn with_noise(samples: &[i16], snr_db: f32, rng: &mut ChaCha8Rng) -> Vec<i16> {
    let voiced: Vec<f32> = samples
        .iter()
        .map(|&s| f32::from(s))
        .filter(|s| s.abs() > 64.0)
        .collect();
    let power = voiced.iter().map(|s| s * s).sum::<f32>() / voiced.len().max(1) as f32;
    let sigma = (power / 10f32.powf(snr_db / 10.0)).sqrt();
    samples
        .iter()
        .map(|&s| {
            // Box–Muller.
            let (u1, u2): (f32, f32) = (rng.random_range(1e-7..1.0), rng.random());
            let g = (-2.0 * u1.ln()).sqrt() * (2.0 * std::f32::consts::PI * u2).cos();
            (f32::from(s) + g * sigma).clamp(-32768.0, 32767.0) as i16
        })
        .collect()
}

/// A fresh random digit string from `rng`.
pub fn digits(rng: &mut ChaCha8Rng) -> String {
    happylife_core::auth::voiceprint::digits::new_prompt(rng)
}
