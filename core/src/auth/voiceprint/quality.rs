//! Is this recording good enough to judge a voice by? JR/T 0164-2018
//! (6.5) asks a voiceprint system to judge clipping (截幅比例), the
//! signal-to-noise ratio (信噪比) and completeness before it compares
//! anything; a recording that fails is answered with what to do about it
//! ("please find a quieter place"), never with a refusal of her voice.

use super::embed::{frame_energies, percentile, speech_frames};

/// Sample rates a recording may have.
pub const RATES: std::ops::RangeInclusive<u32> = 8_000..=48_000;
/// Speech needed: eight digits take two to four seconds.
pub const MIN_SPEECH_MS: u32 = 1_000;
/// Longest recording taken.
pub const MAX_SECONDS: u32 = 15;
/// Peak below this (of full scale): too quiet to hear.
pub const MIN_PEAK: f32 = 0.03;
/// Samples at the rails above this share: clipped.
pub const MAX_CLIPPED: f32 = 0.005;
/// Speech must stand this far above the background.
pub const MIN_SNR_DB: f32 = 15.0;

/// What was measured.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Quality {
    /// Speech in the recording, in milliseconds.
    pub speech_ms: u32,
    /// Speech against the quiet parts, in dB.
    pub snr_db: f32,
    /// Share of samples at the rails.
    pub clipped: f32,
    /// Loudest sample, of full scale.
    pub peak: f32,
}

/// Why a recording cannot be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum QualityProblem {
    /// Not a sample rate a phone records at.
    #[error("sample rate")]
    SampleRate,
    /// Too little speech (she stopped early, or nothing was heard).
    #[error("too short")]
    TooShort,
    /// Longer than a prompt needs.
    #[error("too long")]
    TooLong,
    /// Almost nothing was heard.
    #[error("too quiet")]
    TooQuiet,
    /// Too loud: the sound was cut off.
    #[error("clipped")]
    Clipped,
    /// Too much noise around.
    #[error("too noisy")]
    TooNoisy,
}

impl QualityProblem {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            QualityProblem::SampleRate => "voice_sample_rate",
            QualityProblem::TooShort => "voice_too_short",
            QualityProblem::TooLong => "voice_too_long",
            QualityProblem::TooQuiet => "voice_too_quiet",
            QualityProblem::Clipped => "voice_clipped",
            QualityProblem::TooNoisy => "voice_too_noisy",
        }
    }

    /// Fluent id.
    pub fn message_id(self) -> &'static str {
        match self {
            QualityProblem::SampleRate => "error-voice-sample-rate",
            QualityProblem::TooShort => "error-voice-too-short",
            QualityProblem::TooLong => "error-voice-too-long",
            QualityProblem::TooQuiet => "error-voice-too-quiet",
            QualityProblem::Clipped => "error-voice-clipped",
            QualityProblem::TooNoisy => "error-voice-too-noisy",
        }
    }
}

/// Samples as floats in [-1, 1].
pub fn to_float(samples: &[i16]) -> Vec<f32> {
    samples.iter().map(|&s| f32::from(s) / 32768.0).collect()
}

/// Judges a recording.
pub fn check(samples: &[i16], rate: u32) -> Result<Quality, QualityProblem> {
    if !RATES.contains(&rate) {
        return Err(QualityProblem::SampleRate);
    }
    if samples.len() > (MAX_SECONDS * rate) as usize {
        return Err(QualityProblem::TooLong);
    }
    let x = to_float(samples);
    let peak = x.iter().fold(0f32, |m, s| m.max(s.abs()));
    if peak < MIN_PEAK {
        return Err(QualityProblem::TooQuiet);
    }
    let clipped = samples
        .iter()
        .filter(|&&s| s >= 32_700 || s <= -32_700)
        .count() as f32
        / samples.len() as f32;
    if clipped > MAX_CLIPPED {
        return Err(QualityProblem::Clipped);
    }
    let energies = frame_energies(&x, rate);
    if energies.is_empty() {
        return Err(QualityProblem::TooShort);
    }
    // Speech against the quiet floor: the loudest fifth of the frames
    // (speech, in any recording of eight digits) against the quietest tenth.
    // Judged first: in a loud room nothing stands out as speech at all.
    let mut sorted = energies.clone();
    sorted.sort_by(|a, b| b.total_cmp(a));
    let top = &sorted[..sorted.len().div_ceil(5)];
    let snr_db = top.iter().sum::<f32>() / top.len() as f32 - percentile(&energies, 0.10);
    if snr_db < MIN_SNR_DB {
        return Err(QualityProblem::TooNoisy);
    }
    let speech = speech_frames(&energies);
    let speech_ms = speech.iter().filter(|&&s| s).count() as u32 * 10;
    if speech_ms < MIN_SPEECH_MS {
        return Err(QualityProblem::TooShort);
    }
    Ok(Quality {
        speech_ms,
        snr_db,
        clipped,
        peak,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two seconds of "syllables" at 16 kHz, with noise of `noise` amplitude.
    fn speech(amplitude: f32, noise: f32) -> Vec<i16> {
        let mut seed = 12345u32;
        (0..32_000)
            .map(|i| {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
                let n = (seed >> 16) as f32 / 32768.0 - 1.0;
                let t = i as f32 / 16_000.0;
                let on = (t % 0.3) < 0.2 && t > 0.2;
                let s = if on {
                    (2.0 * std::f32::consts::PI * 200.0 * t).sin() * amplitude
                } else {
                    0.0
                };
                ((s + n * noise).clamp(-1.0, 1.0) * 32767.0) as i16
            })
            .collect()
    }

    #[test]
    fn a_clear_recording_passes_and_each_fault_is_named() {
        let q = check(&speech(0.5, 0.001), 16_000).unwrap();
        assert!(q.speech_ms >= 1_000 && q.snr_db > 30.0, "{q:?}");
        assert_eq!(
            check(&speech(0.5, 0.2), 16_000),
            Err(QualityProblem::TooNoisy)
        );
        assert_eq!(
            check(&speech(0.01, 0.0), 16_000),
            Err(QualityProblem::TooQuiet)
        );
        assert_eq!(
            check(&speech(3.0, 0.0), 16_000),
            Err(QualityProblem::Clipped)
        );
        assert_eq!(
            check(&speech(0.5, 0.0)[..8_000], 16_000),
            Err(QualityProblem::TooShort)
        );
        assert_eq!(
            check(&speech(0.5, 0.0), 4_000),
            Err(QualityProblem::SampleRate)
        );
        assert_eq!(
            check(&vec![1000; 16_000 * 16], 16_000),
            Err(QualityProblem::TooLong)
        );
        assert_eq!(check(&[], 16_000), Err(QualityProblem::TooQuiet));
    }
}
