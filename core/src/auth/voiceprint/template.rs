//! The enrolled voiceprint (声纹模板), sealed at rest: JR/T 0164-2018 asks
//! for voiceprint data to be encrypted as soon as it is taken. The template
//! is the mean of the enrolment embeddings; it is sealed with
//! ChaCha20-Poly1305 under its own 32-byte key in the platform keystore
//! (inside a database that is itself encrypted with another key), with
//! the embedder's id as associated data. No recording is ever kept.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Nonce};
use rand::RngCore;

/// Name of the template key of a device in the keystore.
pub fn key_name(device_id: &str) -> String {
    format!("voiceprint-key/{device_id}")
}

/// What is kept of her voice.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Template {
    /// The embedder that made it.
    pub embedder: String,
    /// The unit-length mean of the enrolment embeddings.
    pub centroid: Vec<f32>,
    /// How many utterances it was made from.
    pub utterances: u32,
}

/// The template could not be opened (another key, or changed bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("voiceprint template cannot be opened")]
pub struct Unreadable;

impl Template {
    /// Sealed: a random 12-byte nonce, then the ciphertext.
    pub fn seal(&self, key: &[u8]) -> Result<Vec<u8>, Unreadable> {
        let cipher = ChaCha20Poly1305::new_from_slice(key).map_err(|_| Unreadable)?;
        let mut nonce = [0u8; 12];
        rand::rng().fill_bytes(&mut nonce);
        let plain = serde_json::to_vec(self).map_err(|_| Unreadable)?;
        let sealed = cipher
            .encrypt(
                &Nonce::from(nonce),
                Payload {
                    msg: &plain,
                    aad: self.embedder.as_bytes(),
                },
            )
            .map_err(|_| Unreadable)?;
        Ok(nonce.iter().copied().chain(sealed).collect())
    }

    /// Opens a sealed template made by `embedder`.
    pub fn open(sealed: &[u8], key: &[u8], embedder: &str) -> Result<Template, Unreadable> {
        let nonce: [u8; 12] = sealed
            .get(..12)
            .and_then(|n| n.try_into().ok())
            .ok_or(Unreadable)?;
        let cipher = ChaCha20Poly1305::new_from_slice(key).map_err(|_| Unreadable)?;
        let plain = cipher
            .decrypt(
                &Nonce::from(nonce),
                Payload {
                    msg: &sealed[12..],
                    aad: embedder.as_bytes(),
                },
            )
            .map_err(|_| Unreadable)?;
        serde_json::from_slice(&plain).map_err(|_| Unreadable)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_template_opens_only_with_its_key_and_embedder() {
        let t = Template {
            embedder: "mfcc-stats-v1".into(),
            centroid: vec![0.6, 0.8],
            utterances: 3,
        };
        let key = [7u8; 32];
        let sealed = t.seal(&key).unwrap();
        assert!(!sealed.windows(3).any(|w| w == b"0.6"), "not readable");
        assert_eq!(
            Template::open(&sealed, &key, "mfcc-stats-v1"),
            Ok(t.clone())
        );
        assert_eq!(
            Template::open(&sealed, &[8u8; 32], "mfcc-stats-v1"),
            Err(Unreadable)
        );
        assert_eq!(Template::open(&sealed, &key, "neural-v2"), Err(Unreadable));
        let mut tampered = sealed.clone();
        tampered[20] ^= 1;
        assert_eq!(
            Template::open(&tampered, &key, "mfcc-stats-v1"),
            Err(Unreadable)
        );
        assert_ne!(t.seal(&key).unwrap(), sealed, "a new nonce each time");
    }
}
