//! A phone's biometric key, as tests play the hardware: a P-256 key made
//! on demand, kept until the "enrolment changes", signing in DER.

use p256::ecdsa::signature::Signer;
use p256::ecdsa::{Signature, SigningKey};
use std::sync::Mutex;

/// The key slot of a test phone's secure hardware.
#[derive(Default)]
pub struct TestKey(Mutex<Option<SigningKey>>);

fn random_key() -> SigningKey {
    let seed = hex::decode(happylife_core::auth::new_nonce()).expect("nonce is hex");
    SigningKey::from_slice(&seed).expect("32 random bytes are a P-256 key")
}

impl TestKey {
    /// Makes a new key in the slot; its public key, SEC1 uncompressed.
    pub fn create(&self) -> Vec<u8> {
        let key = random_key();
        let public = key
            .verifying_key()
            .to_encoded_point(false)
            .as_bytes()
            .to_vec();
        *self.0.lock().unwrap() = Some(key);
        public
    }

    /// The slot's signature over `message` (DER), or `None` when the slot is
    /// empty.
    pub fn sign(&self, message: &[u8]) -> Option<Vec<u8>> {
        let guard = self.0.lock().unwrap();
        let sig: Signature = guard.as_ref()?.sign(message);
        Some(sig.to_der().as_bytes().to_vec())
    }

    /// Empties the slot (a new fingerprint was enrolled).
    pub fn forget(&self) {
        *self.0.lock().unwrap() = None;
    }

    /// The same key as `other` (a copy of the hardware as it was).
    pub fn copy_of(other: &TestKey) -> TestKey {
        TestKey(Mutex::new(other.0.lock().unwrap().clone()))
    }
}

/// A signature by a key of its own: what a tampered shell that "says yes"
/// sends.
pub fn stranger_signature(message: &[u8]) -> Vec<u8> {
    let sig: Signature = random_key().sign(message);
    sig.to_der().as_bytes().to_vec()
}
