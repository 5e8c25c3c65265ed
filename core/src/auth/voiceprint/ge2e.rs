//! The learned speaker encoder: GE2E (Wan et al., "Generalized End-to-End
//! Loss for Speaker Verification", 2018), the pretrained weights of
//! Resemblyzer 0.1.4 (Apache-2.0, trained on LibriSpeech, VoxCeleb 1 and 2),
//! run on the CPU with candle.
//!
//! What it does to a recording is what Resemblyzer does, so its weights
//! see what they were trained on:
//!
//! 1. resampled to 16 kHz; quiet recordings raised to -30 dBFS;
//! 2. silences longer than about 200 ms shortened (Resemblyzer uses
//!    WebRTC's voice activity detector; here the energy rule of
//!    [`super::embed::speech_frames`] on the same 30 ms windows, smoothed
//!    and widened the same way);
//! 3. a mel power spectrogram: 25 ms Hann windows every 10 ms, centred
//!    (reflect padding), 40 Slaney mel bands over 0–8 kHz, as librosa makes;
//! 4. cut into 1.6 s pieces (160 frames) starting every 770 ms; each piece
//!    goes through a 3-layer LSTM (256 units), a linear layer and a ReLU to
//!    a unit vector of 256; the utterance's embedding is the unit mean of
//!    its pieces'.
//!
//! The weights are not in git: `cargo xtask setup` fetches the wheel from
//! PyPI (pinned by its SHA-256) and keeps `pretrained.pt` under
//! `target/models/`; the shells bundle that file with the phone library.
//! [`Ge2eEmbedder::load`] checks it against [`MODEL_SHA256`] before it
//! reads a byte of it, and says why when it cannot be used.

use super::embed::{SpeakerEmbedder, speech_frames, unit};
use candle_core::pickle::{Object, Stack};
use candle_core::{DType, Device, IndexOp, Module, Tensor};
use realfft::RealFftPlanner;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::{Cursor, Read};
use std::path::Path;

/// Id of this encoder's templates.
pub const GE2E_EMBEDDER_ID: &str = "ge2e-resemblyzer-0.1.4";
/// The weights' file name, as the wheel ships it and the shells bundle it.
pub const MODEL_FILE: &str = "pretrained.pt";
/// SHA-256 of `resemblyzer/pretrained.pt` in Resemblyzer 0.1.4's wheel.
pub const MODEL_SHA256: &str = "39373b86598fa3da9fcddee6142382efe09777e8d37dc9c0561f41f0070f134e";
/// The folder the weights are kept in, under a `models` folder.
pub const MODEL_DIR: &str = "resemblyzer-0.1.4";
/// Length of an embedding.
pub const EMBEDDING: usize = 256;

const RATE: u32 = 16_000;
const N_FFT: usize = 400;
const HOP: usize = 160;
const MELS: usize = 40;
const HIDDEN: usize = 256;
const LAYERS: usize = 3;
/// Frames of one piece (1.6 s).
const PIECE_FRAMES: usize = 160;
/// Frames between the starts of two pieces (16 kHz / 1.3 pieces a second).
const PIECE_STEP: usize = 77;
/// A last piece shorter than this share of its length is dropped.
const MIN_COVERAGE: f32 = 0.75;
/// Quiet recordings are raised to this loudness.
const TARGET_DBFS: f32 = -30.0;
/// Voice-activity windows (30 ms), the smoothing width and the widening.
const VAD_WINDOW: usize = 480;
const VAD_AVERAGE: usize = 8;
const VAD_WIDEN: usize = 7;

/// Why the encoder's weights cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ModelProblem {
    /// No weights file where it was looked for.
    #[error("the voice model is not on this device")]
    Missing,
    /// A file is there but it is not the pinned one (damaged, or another).
    #[error("the voice model file is not the expected one")]
    WrongFile,
    /// The pinned file could not be read as the encoder (a bug).
    #[error("the voice model cannot be read: {0}")]
    Unreadable(String),
}

impl ModelProblem {
    /// Stable code.
    pub fn code(&self) -> &'static str {
        match self {
            ModelProblem::Missing => "voice_model_missing",
            ModelProblem::WrongFile => "voice_model_wrong",
            ModelProblem::Unreadable(_) => "voice_model_unreadable",
        }
    }
}

/// The encoder (see the module docs).
pub struct Ge2eEmbedder {
    /// Per layer: W_ih transposed (in × 4H), W_hh transposed (H × 4H),
    /// and the two biases summed (4H).
    layers: Vec<(Tensor, Tensor, Tensor)>,
    linear: candle_nn::Linear,
    mel: Vec<(usize, Vec<f32>)>,
    window: Vec<f32>,
}

impl std::fmt::Debug for Ge2eEmbedder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ge2eEmbedder").finish_non_exhaustive()
    }
}

/// Where the weights are when no shell says: `HAPPYLIFE_VOICE_MODEL`, or
/// `models/resemblyzer-0.1.4/pretrained.pt` beside the program or up to
/// three folders above it (a build's `target/debug/…` finds
/// `target/models/`, where `cargo xtask setup` puts it).
pub fn find_model() -> Option<std::path::PathBuf> {
    if let Some(path) = std::env::var_os("HAPPYLIFE_VOICE_MODEL") {
        return Some(path.into());
    }
    let exe = std::env::current_exe().ok()?;
    exe.ancestors()
        .skip(1)
        .take(4)
        .map(|dir| dir.join("models").join(MODEL_DIR).join(MODEL_FILE))
        .find(|p| p.is_file())
}

/// The encoder at `path`, read once per process (it is 17 MB to check and
/// about 6 MB of weights kept).
pub fn shared(path: &Path) -> Result<std::sync::Arc<Ge2eEmbedder>, ModelProblem> {
    use std::sync::{Arc, Mutex, OnceLock};
    static LOADED: OnceLock<Mutex<HashMap<std::path::PathBuf, Arc<Ge2eEmbedder>>>> =
        OnceLock::new();
    let loaded = LOADED.get_or_init(Default::default);
    if let Some(e) = loaded.lock().unwrap_or_else(|e| e.into_inner()).get(path) {
        return Ok(e.clone());
    }
    let e = Arc::new(Ge2eEmbedder::load(path)?);
    loaded
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(path.to_owned(), e.clone());
    Ok(e)
}

impl Ge2eEmbedder {
    /// Reads the weights file at `path` (checked against [`MODEL_SHA256`]).
    pub fn load(path: &Path) -> Result<Self, ModelProblem> {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(ModelProblem::Missing);
            }
            Err(_) => return Err(ModelProblem::WrongFile),
        };
        Self::from_bytes(&bytes)
    }

    /// Reads the weights from the file's bytes (checked against [`MODEL_SHA256`]).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ModelProblem> {
        if hex::encode(Sha256::digest(bytes)) != MODEL_SHA256 {
            return Err(ModelProblem::WrongFile);
        }
        let unreadable = |e: candle_core::Error| ModelProblem::Unreadable(e.to_string());
        let mut w = read_legacy_checkpoint(bytes).map_err(unreadable)?;
        let mut take = |name: &str| {
            w.remove(name)
                .ok_or_else(|| ModelProblem::Unreadable(format!("no {name}")))
        };
        let mut layers = Vec::new();
        for l in 0..LAYERS {
            let w_ih = take(&format!("lstm.weight_ih_l{l}"))?;
            let w_hh = take(&format!("lstm.weight_hh_l{l}"))?;
            let b = (take(&format!("lstm.bias_ih_l{l}"))? + take(&format!("lstm.bias_hh_l{l}"))?)
                .map_err(unreadable)?;
            let t = |x: Tensor| x.t().and_then(|x| x.contiguous()).map_err(unreadable);
            layers.push((t(w_ih)?, t(w_hh)?, b));
        }
        let linear = candle_nn::Linear::new(take("linear.weight")?, Some(take("linear.bias")?));
        Ok(Ge2eEmbedder {
            layers,
            linear,
            mel: slaney_mel_filters(),
            window: hann(),
        })
    }

    /// The mel power spectrogram of 16 kHz samples: frames × [`MELS`].
    fn mel_spectrogram(&self, x: &[f32]) -> Vec<[f32; MELS]> {
        let pad = N_FFT / 2;
        let n = x.len();
        // Reflect padding (numpy's "reflect": the edge sample not repeated).
        let at = |i: isize| -> f32 {
            if n < 2 {
                return x.first().copied().unwrap_or(0.0);
            }
            let period = 2 * (n as isize - 1);
            let mut j = i.rem_euclid(period);
            if j >= n as isize {
                j = period - j;
            }
            x[j as usize]
        };
        let frames = 1 + n / HOP;
        let fft = RealFftPlanner::<f32>::new().plan_fft_forward(N_FFT);
        let mut input = fft.make_input_vec();
        let mut spectrum = fft.make_output_vec();
        let mut out = Vec::with_capacity(frames);
        for f in 0..frames {
            let start = (f * HOP) as isize - pad as isize;
            for (k, v) in input.iter_mut().enumerate() {
                *v = at(start + k as isize) * self.window[k];
            }
            let mut row = [0f32; MELS];
            if fft.process(&mut input, &mut spectrum).is_ok() {
                let power: Vec<f32> = spectrum.iter().map(|c| c.norm_sqr()).collect();
                for (m, (first, w)) in self.mel.iter().enumerate() {
                    row[m] = w.iter().zip(&power[*first..]).map(|(a, p)| a * p).sum();
                }
            }
            out.push(row);
        }
        out
    }

    /// The unit embeddings of a batch of pieces: `pieces` × 160 × 40 in,
    /// `pieces` × 256 out.
    fn forward(&self, mels: Tensor) -> candle_core::Result<Tensor> {
        let (batch, steps, _) = mels.dims3()?;
        let mut x = mels;
        let mut last = None;
        for (l, (w_ih, w_hh, b)) in self.layers.iter().enumerate() {
            let inputs = x.dim(2)?;
            // The input's share of every step at once, then the recurrence.
            let projected = x
                .reshape((batch * steps, inputs))?
                .matmul(w_ih)?
                .broadcast_add(b)?
                .reshape((batch, steps, 4 * HIDDEN))?;
            let mut h = Tensor::zeros((batch, HIDDEN), DType::F32, &Device::Cpu)?;
            let mut c = h.clone();
            let mut outputs = Vec::with_capacity(steps);
            for t in 0..steps {
                let gates = (projected.i((.., t, ..))? + h.matmul(w_hh)?)?;
                let chunks = gates.chunk(4, 1)?;
                let i = candle_nn::ops::sigmoid(&chunks[0])?;
                let f = candle_nn::ops::sigmoid(&chunks[1])?;
                let g = chunks[2].tanh()?;
                let o = candle_nn::ops::sigmoid(&chunks[3])?;
                c = ((f * &c)? + (i * g)?)?;
                h = (o * c.tanh()?)?;
                if l + 1 < LAYERS {
                    outputs.push(h.clone());
                }
            }
            if l + 1 < LAYERS {
                x = Tensor::stack(&outputs, 1)?;
            }
            last = Some(h);
        }
        let h = last.ok_or_else(|| candle_core::Error::Msg("no layers".into()))?;
        let e = self.linear.forward(&h)?.relu()?;
        let norm = e.sqr()?.sum_keepdim(1)?.sqrt()?.clamp(1e-12, f32::MAX)?;
        e.broadcast_div(&norm)
    }

    fn try_embed(&self, samples: &[f32], rate: u32) -> candle_core::Result<Vec<f32>> {
        let wav = trim_long_silences(&raise_quiet(&resample(samples, rate, RATE)));
        if wav.is_empty() {
            return Ok(vec![0.0; EMBEDDING]);
        }
        let (pieces, padded_len) = pieces(wav.len());
        let mut padded = wav;
        padded.resize(padded_len.max(padded.len()), 0.0);
        let mel = self.mel_spectrogram(&padded);
        let mut flat = Vec::with_capacity(pieces.len() * PIECE_FRAMES * MELS);
        for &start in &pieces {
            for f in start..start + PIECE_FRAMES {
                flat.extend_from_slice(&mel.get(f).copied().unwrap_or([0.0; MELS]));
            }
        }
        let batch = Tensor::from_vec(flat, (pieces.len(), PIECE_FRAMES, MELS), &Device::Cpu)?;
        let mean = self.forward(batch)?.mean(0)?;
        Ok(unit(mean.to_vec1::<f32>()?))
    }
}

impl SpeakerEmbedder for Ge2eEmbedder {
    fn id(&self) -> &'static str {
        GE2E_EMBEDDER_ID
    }

    fn embed(&self, samples: &[f32], sample_rate: u32) -> Vec<f32> {
        // Inside a pool of its own (two threads at most): candle hands each
        // step's small product (3 × 256 by 256 × 1024) to the thread pool,
        // and from outside a pool every one of the 480 products an
        // utterance needs waits for a sleeping thread to wake (82 ms for
        // 3 s on this machine, 60 ms from inside).
        static POOL: std::sync::OnceLock<Option<rayon::ThreadPool>> = std::sync::OnceLock::new();
        let pool = POOL.get_or_init(|| {
            let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(2));
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .thread_name(|i| format!("voiceprint-{i}"))
                .build()
                .ok()
        });
        let run = || {
            self.try_embed(samples, sample_rate)
                .unwrap_or_else(|_| vec![0.0; EMBEDDING])
        };
        match pool {
            Some(pool) => pool.install(run),
            None => run(),
        }
    }

    fn accept_threshold(&self) -> f32 {
        ACCEPT_THRESHOLD
    }

    fn enrol_agreement(&self) -> f32 {
        ENROL_AGREEMENT
    }
}

/// A voice is hers when its cosine with her template is at least this.
/// Set on real voices (`tests/voice`, the speakerbox meetings, figures in
/// the README): the lowest threshold at which at most 1 % of other
/// people's tries pass (1.0 % at 0.785). What that costs her: a try from
/// another day and room is turned away about twice in five; the PIN and
/// the fingerprint are always there beside it.
pub const ACCEPT_THRESHOLD: f32 = 0.79;
/// Each enrolment utterance must agree this well with the others' mean:
/// one recording, minutes apart, scores 0.85 or more against the others
/// when it is the same voice (a tenth of her tries from another meeting
/// score below 0.72).
pub const ENROL_AGREEMENT: f32 = 0.65;

/// The periodic Hann window (scipy's `get_window("hann", 400)`).
fn hann() -> Vec<f32> {
    (0..N_FFT)
        .map(|n| 0.5 - 0.5 * (2.0 * std::f32::consts::PI * n as f32 / N_FFT as f32).cos())
        .collect()
}

/// Where the pieces start (in frames) and how long the waveform must be
/// (zero-padded) for the last one, for `n` samples (Resemblyzer's
/// `compute_partial_slices`, rate 1.3, coverage 0.75).
fn pieces(n: usize) -> (Vec<usize>, usize) {
    let frames = (n + 1).div_ceil(HOP);
    let steps = (frames + PIECE_STEP + 1)
        .saturating_sub(PIECE_FRAMES)
        .max(1);
    let mut starts: Vec<usize> = (0..steps).step_by(PIECE_STEP).collect();
    if let Some(&last) = starts.last() {
        let coverage = (n as f32 - (last * HOP) as f32) / (PIECE_FRAMES * HOP) as f32;
        if coverage < MIN_COVERAGE && starts.len() > 1 {
            starts.pop();
        }
    }
    let len = starts.last().map_or(0, |s| (s + PIECE_FRAMES) * HOP);
    (starts, len)
}

/// Band-limited resampling of the whole recording through its spectrum.
fn resample(x: &[f32], from: u32, to: u32) -> Vec<f32> {
    if from == to || x.is_empty() {
        return x.to_vec();
    }
    let g = gcd(from, to) as usize;
    let (p, q) = ((from as usize) / g, (to as usize) / g);
    // Padded to a whole number of p-sample blocks, so both lengths are whole.
    let blocks = x.len().div_ceil(p);
    let (n, m) = (blocks * p, blocks * q);
    let mut planner = RealFftPlanner::<f32>::new();
    let forward = planner.plan_fft_forward(n);
    let inverse = planner.plan_fft_inverse(m);
    let mut input = forward.make_input_vec();
    input[..x.len()].copy_from_slice(x);
    let mut spectrum = forward.make_output_vec();
    if forward.process(&mut input, &mut spectrum).is_err() {
        return Vec::new();
    }
    let mut out_spectrum = inverse.make_input_vec();
    let keep = out_spectrum.len().min(spectrum.len());
    out_spectrum[..keep].copy_from_slice(&spectrum[..keep]);
    // The edge bins must be real for the inverse transform.
    out_spectrum[0].im = 0.0;
    if let Some(last) = out_spectrum.last_mut() {
        last.im = 0.0;
    }
    let mut out = inverse.make_output_vec();
    if inverse.process(&mut out_spectrum, &mut out).is_err() {
        return Vec::new();
    }
    let scale = 1.0 / n as f32;
    let len = (x.len() * q).div_ceil(p);
    out.truncate(len);
    out.iter_mut().for_each(|v| *v *= scale);
    out
}

fn gcd(a: u32, b: u32) -> u32 {
    if b == 0 { a } else { gcd(b, a % b) }
}

/// Raises a quiet recording to [`TARGET_DBFS`] (never lowers one).
fn raise_quiet(x: &[f32]) -> Vec<f32> {
    let rms = (x.iter().map(|v| v * v).sum::<f32>() / x.len().max(1) as f32).sqrt();
    if rms <= 0.0 {
        return x.to_vec();
    }
    let change = TARGET_DBFS - 20.0 * rms.log10();
    if change <= 0.0 {
        return x.to_vec();
    }
    let gain = 10f32.powf(change / 20.0);
    x.iter().map(|v| v * gain).collect()
}

/// Keeps the speech and at most about 200 ms of each silence around it.
fn trim_long_silences(x: &[f32]) -> Vec<f32> {
    let windows = x.len() / VAD_WINDOW;
    if windows == 0 {
        return x.to_vec();
    }
    let energies: Vec<f32> = (0..windows)
        .map(|w| {
            let f = &x[w * VAD_WINDOW..(w + 1) * VAD_WINDOW];
            10.0 * (f.iter().map(|s| s * s).sum::<f32>() / VAD_WINDOW as f32 + 1e-12).log10()
        })
        .collect();
    let voiced = speech_frames(&energies);
    // A moving average over 8 windows, rounded half to even (numpy.round,
    // as Resemblyzer does): more than half of them voiced…
    let smoothed: Vec<bool> = (0..windows)
        .map(|w| {
            let from = w as isize - ((VAD_AVERAGE - 1) / 2) as isize;
            let on = (from..from + VAD_AVERAGE as isize)
                .filter(|&k| k >= 0 && (k as usize) < windows && voiced[k as usize])
                .count();
            on * 2 > VAD_AVERAGE
        })
        .collect();
    // …then widened by three windows each side.
    let half = VAD_WIDEN / 2;
    let keep: Vec<bool> = (0..windows)
        .map(|w| (w.saturating_sub(half)..=(w + half).min(windows - 1)).any(|k| smoothed[k]))
        .collect();
    if !keep.iter().any(|&k| k) {
        return x[..windows * VAD_WINDOW].to_vec();
    }
    keep.iter()
        .enumerate()
        .filter(|(_, k)| **k)
        .flat_map(|(w, _)| x[w * VAD_WINDOW..(w + 1) * VAD_WINDOW].iter().copied())
        .collect()
}

/// librosa's `filters.mel(sr=16000, n_fft=400, n_mels=40)`: Slaney's mel
/// scale and area normalisation, as (first FFT bin, weights).
fn slaney_mel_filters() -> Vec<(usize, Vec<f32>)> {
    const F_SP: f64 = 200.0 / 3.0;
    const MIN_LOG_HZ: f64 = 1000.0;
    let min_log_mel = MIN_LOG_HZ / F_SP;
    let logstep = 6.4f64.ln() / 27.0;
    let to_mel = |f: f64| {
        if f >= MIN_LOG_HZ {
            min_log_mel + (f / MIN_LOG_HZ).ln() / logstep
        } else {
            f / F_SP
        }
    };
    let to_hz = |m: f64| {
        if m >= min_log_mel {
            MIN_LOG_HZ * (logstep * (m - min_log_mel)).exp()
        } else {
            F_SP * m
        }
    };
    let top = to_mel(RATE as f64 / 2.0);
    let points: Vec<f64> = (0..MELS + 2)
        .map(|i| to_hz(top * i as f64 / (MELS + 1) as f64))
        .collect();
    let bins = N_FFT / 2 + 1;
    let freq = |k: usize| k as f64 * RATE as f64 / N_FFT as f64;
    (0..MELS)
        .map(|m| {
            let (lo, mid, hi) = (points[m], points[m + 1], points[m + 2]);
            let norm = 2.0 / (hi - lo);
            let weights: Vec<f64> = (0..bins)
                .map(|k| {
                    let f = freq(k);
                    let lower = (f - lo) / (mid - lo);
                    let upper = (hi - f) / (hi - mid);
                    lower.min(upper).max(0.0) * norm
                })
                .collect();
            let first = weights.iter().position(|&w| w > 0.0).unwrap_or(0);
            let last = weights.iter().rposition(|&w| w > 0.0).unwrap_or(first);
            (
                first,
                weights[first..=last].iter().map(|&w| w as f32).collect(),
            )
        })
        .collect()
}

/// The tensors of a checkpoint in PyTorch's legacy (pre-1.6) format: a
/// magic-number pickle, the protocol version, system information, the
/// object itself (here `{"model_state": state_dict, …}`), the storage keys,
/// then each storage's element count (little-endian u64) and bytes.
fn read_legacy_checkpoint(bytes: &[u8]) -> candle_core::Result<HashMap<String, Tensor>> {
    const MAGIC: [u8; 15] = [
        0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, 0x2e,
    ];
    let bail = |what: &str| candle_core::Error::Msg(format!("checkpoint: {what}"));
    if bytes.get(..MAGIC.len()) != Some(&MAGIC[..]) {
        return Err(bail("not a legacy PyTorch file"));
    }
    let mut r = Cursor::new(&bytes[MAGIC.len()..]);
    let pickle = |r: &mut Cursor<&[u8]>| -> candle_core::Result<Object> {
        let mut stack = Stack::empty();
        stack.read_loop(r)?;
        stack.finalize()
    };
    let _protocol = pickle(&mut r)?;
    let _sys_info = pickle(&mut r)?;
    let object = pickle(&mut r)?;
    let keys = match pickle(&mut r)? {
        Object::List(keys) => keys
            .into_iter()
            .map(|k| k.unicode().map_err(|_| bail("storage key")))
            .collect::<candle_core::Result<Vec<String>>>()?,
        _ => return Err(bail("storage keys")),
    };
    let mut storages: HashMap<String, Vec<u8>> = HashMap::new();
    for key in keys {
        let mut count = [0u8; 8];
        r.read_exact(&mut count)?;
        let n = u64::from_le_bytes(count) as usize;
        // Every storage here is f32 (FloatStorage, checked below).
        let mut data = vec![0u8; n.checked_mul(4).ok_or_else(|| bail("size"))?];
        r.read_exact(&mut data)?;
        storages.insert(key, data);
    }
    let state = object
        .dict()
        .map_err(|_| bail("not a dict"))?
        .into_iter()
        .find(|(k, _)| *k == Object::Unicode("model_state".into()))
        .map(|(_, v)| v)
        .ok_or_else(|| bail("no model_state"))?;
    let state = match state {
        Object::Reduce { args, .. } | Object::Build { args, .. } => match *args {
            Object::Dict(d) => d,
            _ => return Err(bail("model_state")),
        },
        Object::Dict(d) => d,
        _ => return Err(bail("model_state")),
    };
    let mut tensors = HashMap::new();
    for (name, value) in state {
        let Some(info) = value.into_tensor_info(name, Path::new(""))? else {
            continue;
        };
        if info.dtype != DType::F32 {
            return Err(bail("not f32"));
        }
        let key = info.path.trim_start_matches('/');
        let data = storages.get(key).ok_or_else(|| bail("storage"))?;
        let floats: Vec<f32> = data
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        let layout = &info.layout;
        let whole = Tensor::from_vec(floats, data.len() / 4, &Device::Cpu)?;
        let count = layout.shape().elem_count();
        let start = layout.start_offset() / 4;
        if !layout.is_contiguous() {
            return Err(bail("strided tensor"));
        }
        let t = whole.narrow(0, start, count)?.reshape(layout.shape())?;
        tensors.insert(info.name, t);
    }
    Ok(tensors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_cover_the_recording_as_resemblyzer_cuts_it() {
        // 3 s: frames 0, 77 and 154, padded to 314 frames of samples.
        assert_eq!(pieces(48_000), (vec![0, 77, 154], 314 * HOP));
        // Shorter than a piece: one piece, zero-padded.
        assert_eq!(pieces(8_000), (vec![0], 160 * HOP));
        assert_eq!(pieces(0), (vec![0], 160 * HOP));
    }

    #[test]
    fn the_mel_front_end_is_librosas() {
        // librosa 0.10.2: filters.mel(sr=16000, n_fft=400, n_mels=40):
        // band 0 is bins 1-3 (0.00739021, 0.01240452, 0.00501431); band 20
        // is bins 41-47; band 39 peaks at bin 185 (0.00172494).
        let f = slaney_mel_filters();
        assert_eq!(f.len(), MELS);
        assert_eq!(f[0].0, 1);
        for (got, want) in f[0]
            .1
            .iter()
            .zip([0.007_390_21, 0.012_404_52, 0.005_014_31])
        {
            assert!((got - want).abs() < 1e-7, "{:?}", f[0].1);
        }
        assert_eq!((f[20].0, f[20].1.len()), (41, 7));
        let (first, w) = &f[39];
        let peak = w.iter().copied().fold(0.0, f32::max);
        assert!((peak - 0.001_724_94).abs() < 1e-7, "{peak}");
        assert_eq!(first + w.iter().position(|&x| x == peak).unwrap(), 185);
        // feature.melspectrogram(y, sr=16000, n_fft=400, hop_length=160,
        // n_mels=40, pad_mode="reflect") of 440 Hz at 0.5 plus 3 kHz at
        // 0.25, 4,000 samples: 26 frames; frames 0, 5 and 25, bands 5, 6,
        // 26 and 27.
        let e = Ge2eEmbedder {
            layers: Vec::new(),
            linear: candle_nn::Linear::new(
                Tensor::zeros((1, 1), DType::F32, &Device::Cpu).unwrap(),
                None,
            ),
            mel: f,
            window: hann(),
        };
        let x: Vec<f32> = (0..4000)
            .map(|n| {
                let t = n as f32 / 16_000.0;
                0.5 * (2.0 * std::f32::consts::PI * 440.0 * t).sin()
                    + 0.25 * (2.0 * std::f32::consts::PI * 3000.0 * t).sin()
            })
            .collect();
        let s = e.mel_spectrogram(&x);
        assert_eq!(s.len(), 26);
        for (frame, want) in [
            (0, [12.64337, 11.697562, 0.500995, 2.661431]),
            (5, [41.077713, 4.454809, 0.080394, 3.704669]),
            (25, [13.857894, 9.888093, 0.206537, 3.588955]),
        ] {
            for (band, w) in [5, 6, 26, 27].into_iter().zip(want) {
                let got = s[frame][band];
                assert!(
                    (got - w).abs() < 1e-3 * w.max(1.0),
                    "frame {frame} band {band}: {got} vs {w}"
                );
            }
        }
    }

    #[test]
    fn resampling_keeps_a_tone_and_the_length() {
        let tone = |rate: u32, n: usize| -> Vec<f32> {
            (0..n)
                .map(|i| (2.0 * std::f32::consts::PI * 440.0 * i as f32 / rate as f32).sin())
                .collect()
        };
        let x = tone(22_050, 22_050);
        let y = resample(&x, 22_050, 16_000);
        assert_eq!(y.len(), 16_000);
        let want = tone(16_000, 16_000);
        let err: f32 = y[1000..15_000]
            .iter()
            .zip(&want[1000..15_000])
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f32::max);
        assert!(err < 0.02, "{err}");
        assert_eq!(resample(&tone(8_000, 8_000), 8_000, 16_000).len(), 16_000);
    }

    #[test]
    fn a_file_that_is_not_the_pinned_model_is_refused() {
        assert_eq!(
            Ge2eEmbedder::from_bytes(b"not a model").err(),
            Some(ModelProblem::WrongFile)
        );
        assert_eq!(
            Ge2eEmbedder::load(Path::new("/nonexistent/pretrained.pt")).err(),
            Some(ModelProblem::Missing)
        );
    }
}
