//! `fraud::wire::ListFile::decode`, the signed blocklist snapshot or delta
//! the bank publishes. The input is a file without its signature: it is
//! signed with the sandbox bank's key and read back as the phone reads it.
//! A file it takes has versions that move forward, keys in strictly
//! increasing order and, for a snapshot, as many entries as it counts; it
//! encodes back to the very same bytes; the input unsigned, or with any
//! one byte changed, is refused.

use ed25519_dalek::Signer;
use happylife_core::fraud::FraudError;
use happylife_core::fraud::wire::{FileKind, ListFile, test_public_key, test_signing_key};

/// Checks one input (panics on a broken property).
pub fn check(data: &[u8]) {
    let key = test_signing_key();
    let trusted = test_public_key();
    if let Ok(f) = ListFile::decode(data, &trusted) {
        // Only a file the bank signed is taken.
        assert_eq!(f.encode(&key), data);
    }
    let mut signed = data.to_vec();
    signed.extend_from_slice(&key.sign(data).to_bytes());
    let Ok(file) = ListFile::decode(&signed, &trusted) else {
        return;
    };
    assert!(file.to > file.from, "{file:?}");
    assert!(file.adds.windows(2).all(|w| w[0].0 < w[1].0));
    assert!(file.removes.windows(2).all(|w| w[0] < w[1]));
    if file.kind == FileKind::Snapshot {
        assert_eq!(file.from, 0);
        assert!(file.removes.is_empty());
        assert_eq!(file.count, file.adds.len() as u64);
    }
    assert_eq!(
        file.encode(&key),
        signed,
        "a file encodes back to its bytes"
    );
    let at = data.len() / 2;
    signed[at] ^= 0x01;
    assert!(matches!(
        ListFile::decode(&signed, &trusted),
        Err(FraudError::BadSignature)
    ));
}
