//! Speaker embeddings: one utterance in, a unit vector out; two utterances
//! of the same voice point the same way ([`cosine`] near 1).
//!
//! [`SpeakerEmbedder`] is the seam between the voiceprint and its model:
//! a template remembers which embedder made it and is compared only by
//! that one. The app's is the learned encoder ([`super::ge2e`]).
//!
//! [`MfccEmbedder`] is the classic baseline, kept to measure against: mel-frequency
//! cepstra (25 ms frames every 10 ms, 40 mel bands over 100–3800 Hz, so a
//! phone's 8 kHz and 16 kHz audio give the same features), coefficients
//! 1–29 of the speech frames, their mean and spread over the utterance,
//! standardised by background statistics ([`super::background`]) and
//! scaled to unit length. It knows nothing of what was said, which is why
//! the digits are checked separately.

use realfft::RealFftPlanner;

/// An embedding model.
pub trait SpeakerEmbedder: Send + Sync {
    /// Stable id of the model and its version.
    fn id(&self) -> &'static str;
    /// The unit-length embedding of one utterance (samples in [-1, 1]).
    fn embed(&self, samples: &[f32], sample_rate: u32) -> Vec<f32>;
    /// A voice is hers when its embedding's cosine with her template is at
    /// least this (each model has its own scale).
    fn accept_threshold(&self) -> f32;
    /// Each enrolment utterance must agree this well with the others' mean.
    fn enrol_agreement(&self) -> f32;
}

/// Frame length and step.
const FRAME_SECS: f32 = 0.025;
const HOP_SECS: f32 = 0.010;
/// Mel bands and the band they cover.
const MEL_BANDS: usize = 40;
const LOW_HZ: f32 = 100.0;
const HIGH_HZ: f32 = 3800.0;
/// Cepstral coefficients kept (1..=29; c0 is loudness, not voice).
pub const CEPSTRA: usize = 29;
/// Length of the raw statistics: mean and spread of each coefficient.
pub const STATS: usize = 2 * CEPSTRA;
/// A frame is speech when within this of the loudest frame…
const SPEECH_BELOW_PEAK_DB: f32 = 30.0;
/// …and this far above the quiet floor.
const SPEECH_ABOVE_FLOOR_DB: f32 = 6.0;

/// Sample positions of each frame.
pub(crate) fn frame_bounds(len: usize, rate: u32) -> (usize, usize, usize) {
    let flen = ((FRAME_SECS * rate as f32).round() as usize).max(16);
    let hop = ((HOP_SECS * rate as f32).round() as usize).max(1);
    let count = if len < flen {
        0
    } else {
        (len - flen) / hop + 1
    };
    (flen, hop, count)
}

/// Energy of each frame in dB (of full scale).
pub(crate) fn frame_energies(x: &[f32], rate: u32) -> Vec<f32> {
    let (flen, hop, count) = frame_bounds(x.len(), rate);
    (0..count)
        .map(|i| {
            let f = &x[i * hop..i * hop + flen];
            let e: f32 = f.iter().map(|s| s * s).sum::<f32>() / flen as f32;
            10.0 * (e + 1e-12).log10()
        })
        .collect()
}

/// Which frames are speech: loud enough against the utterance's own peak
/// and its quiet floor.
pub(crate) fn speech_frames(energies: &[f32]) -> Vec<bool> {
    if energies.is_empty() {
        return Vec::new();
    }
    let peak = energies.iter().copied().fold(f32::MIN, f32::max);
    let floor = percentile(energies, 0.10);
    let cut = (peak - SPEECH_BELOW_PEAK_DB).max(floor + SPEECH_ABOVE_FLOOR_DB);
    energies.iter().map(|&e| e > cut).collect()
}

/// The `q` quantile (0–1) of `v`.
pub(crate) fn percentile(v: &[f32], q: f32) -> f32 {
    let mut s = v.to_vec();
    s.sort_by(f32::total_cmp);
    s[((s.len() - 1) as f32 * q).round() as usize]
}

fn hz_to_mel(f: f32) -> f32 {
    2595.0 * (1.0 + f / 700.0).log10()
}

fn mel_to_hz(m: f32) -> f32 {
    700.0 * (10f32.powf(m / 2595.0) - 1.0)
}

/// Triangular mel filters over the FFT bins: (first bin, weights).
fn mel_filters(nfft: usize, rate: u32) -> Vec<(usize, Vec<f32>)> {
    let high = HIGH_HZ.min(rate as f32 / 2.0 - 1.0);
    let (lo, hi) = (hz_to_mel(LOW_HZ), hz_to_mel(high));
    let bin = |m: f32| ((nfft + 1) as f32 * mel_to_hz(m) / rate as f32).floor() as usize;
    let points: Vec<usize> = (0..MEL_BANDS + 2)
        .map(|i| bin(lo + (hi - lo) * i as f32 / (MEL_BANDS + 1) as f32))
        .collect();
    (1..=MEL_BANDS)
        .map(|m| {
            let (a, b, c) = (points[m - 1], points[m], points[m + 1]);
            let w = (a..c)
                .map(|k| {
                    if k < b {
                        (k - a) as f32 / (b - a).max(1) as f32
                    } else {
                        (c - k) as f32 / (c - b).max(1) as f32
                    }
                })
                .collect();
            (a, w)
        })
        .collect()
}

/// Cepstral coefficients 1..=[`CEPSTRA`] of every speech frame.
pub fn cepstra(x: &[f32], rate: u32) -> Vec<[f32; CEPSTRA]> {
    let speech = speech_frames(&frame_energies(x, rate));
    let mut y = Vec::with_capacity(x.len());
    let mut prev = 0.0;
    for &s in x {
        y.push(s - 0.97 * prev);
        prev = s;
    }
    let (flen, hop, count) = frame_bounds(y.len(), rate);
    let nfft = flen.next_power_of_two();
    let fft = RealFftPlanner::<f32>::new().plan_fft_forward(nfft);
    let window: Vec<f32> = (0..flen)
        .map(|n| 0.54 - 0.46 * (2.0 * std::f32::consts::PI * n as f32 / (flen - 1) as f32).cos())
        .collect();
    let filters = mel_filters(nfft, rate);
    let dct: Vec<Vec<f32>> = (1..=CEPSTRA)
        .map(|k| {
            (0..MEL_BANDS)
                .map(|n| {
                    (2.0 / MEL_BANDS as f32).sqrt()
                        * (std::f32::consts::PI * k as f32 * (n as f32 + 0.5) / MEL_BANDS as f32)
                            .cos()
                })
                .collect()
        })
        .collect();
    let mut input = fft.make_input_vec();
    let mut spectrum = fft.make_output_vec();
    let mut out = Vec::new();
    for i in (0..count).filter(|&i| speech.get(i) == Some(&true)) {
        input.fill(0.0);
        for (n, v) in input.iter_mut().take(flen).enumerate() {
            *v = y[i * hop + n] * window[n];
        }
        if fft.process(&mut input, &mut spectrum).is_err() {
            continue;
        }
        let power: Vec<f32> = spectrum
            .iter()
            .map(|c| c.norm_sqr() / nfft as f32)
            .collect();
        let log_mel: Vec<f32> = filters
            .iter()
            .map(|(first, w)| {
                let e: f32 = w.iter().zip(&power[*first..]).map(|(a, p)| a * p).sum();
                (e + 1e-10).ln()
            })
            .collect();
        let mut c = [0f32; CEPSTRA];
        for (k, row) in dct.iter().enumerate() {
            c[k] = row.iter().zip(&log_mel).map(|(a, b)| a * b).sum();
        }
        out.push(c);
    }
    out
}

/// The raw statistics of an utterance: mean then spread of each
/// coefficient over the speech frames (zeros if there are none).
pub fn raw_stats(x: &[f32], rate: u32) -> Vec<f32> {
    let frames = cepstra(x, rate);
    let n = frames.len().max(1) as f32;
    let mut mean = [0f32; CEPSTRA];
    for f in &frames {
        for k in 0..CEPSTRA {
            mean[k] += f[k] / n;
        }
    }
    let mut var = [0f32; CEPSTRA];
    for f in &frames {
        for k in 0..CEPSTRA {
            var[k] += (f[k] - mean[k]).powi(2) / n;
        }
    }
    mean.iter()
        .copied()
        .chain(var.iter().map(|v| v.sqrt()))
        .collect()
}

/// Cosine of two embeddings (1: same direction).
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let na: f32 = a.iter().map(|x| x * x).sum::<f32>().sqrt();
    let nb: f32 = b.iter().map(|x| x * x).sum::<f32>().sqrt();
    if na == 0.0 || nb == 0.0 {
        0.0
    } else {
        dot / (na * nb)
    }
}

/// Scales to unit length.
pub fn unit(mut v: Vec<f32>) -> Vec<f32> {
    let n: f32 = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if n > 0.0 {
        v.iter_mut().for_each(|x| *x /= n);
    }
    v
}

/// The default embedder (see the module docs).
#[derive(Clone, Copy, Debug, Default)]
pub struct MfccEmbedder;

/// Id of [`MfccEmbedder`]'s templates.
pub const MFCC_EMBEDDER_ID: &str = "mfcc-stats-v1";

impl SpeakerEmbedder for MfccEmbedder {
    fn id(&self) -> &'static str {
        MFCC_EMBEDDER_ID
    }

    fn accept_threshold(&self) -> f32 {
        super::MFCC_ACCEPT_THRESHOLD
    }

    fn enrol_agreement(&self) -> f32 {
        super::MFCC_ENROL_AGREEMENT
    }

    fn embed(&self, samples: &[f32], sample_rate: u32) -> Vec<f32> {
        let raw = raw_stats(samples, sample_rate);
        let (mean, spread) = (&super::background::MEAN, &super::background::SPREAD);
        unit(
            raw.iter()
                .zip(mean.iter().zip(spread.iter()))
                .map(|(x, (m, s))| (x - m) / s.max(1e-6))
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tone(freqs: &[f32], rate: u32, secs: f32) -> Vec<f32> {
        (0..(rate as f32 * secs) as usize)
            .map(|i| {
                let t = i as f32 / rate as f32;
                // Syllables: on for 200 ms, off for 100 ms.
                let on = (t % 0.3) < 0.2;
                if !on {
                    return 0.0;
                }
                freqs
                    .iter()
                    .map(|f| (2.0 * std::f32::consts::PI * f * t).sin())
                    .sum::<f32>()
                    * 0.2
            })
            .collect()
    }

    #[test]
    fn the_same_sound_embeds_the_same_way_at_any_rate_and_a_different_one_does_not() {
        let e = MfccEmbedder;
        let a16 = e.embed(&tone(&[220.0, 660.0, 1500.0], 16_000, 2.0), 16_000);
        let a8 = e.embed(&tone(&[220.0, 660.0, 1500.0], 8_000, 2.0), 8_000);
        let b16 = e.embed(&tone(&[180.0, 900.0, 2600.0], 16_000, 2.0), 16_000);
        assert_eq!(a16.len(), STATS);
        assert!((a16.iter().map(|x| x * x).sum::<f32>() - 1.0).abs() < 1e-4);
        assert!(cosine(&a16, &a8) > 0.9, "{}", cosine(&a16, &a8));
        assert!(cosine(&a16, &b16) < cosine(&a16, &a8));
        // Silence and nothing at all do not panic.
        assert_eq!(e.embed(&[0.0; 100], 16_000).len(), STATS);
        assert_eq!(e.embed(&[], 16_000).len(), STATS);
    }
}
