//! The signed file the bank publishes: a full snapshot of the list, or a
//! delta from one version to the next. Binary, little-endian, compact
//! (9 bytes an added entry, 8 a removed one):
//!
//! ```text
//! "HLBL" | format u8 = 1 | kind u8 (1 snapshot, 2 delta)
//! from u64 | to u64 | published_at i64 (unix seconds)
//! count u64 | checksum u64          -- of the list after this file
//! adds u32 | removes u32
//! adds × (key u64, category u8)     -- strictly increasing keys
//! removes × key u64                 -- strictly increasing keys
//! signature [u8; 64]                -- Ed25519 over every byte before it
//! ```
//!
//! The device checks the signature with the bank's public key before it
//! reads anything else, then every length and category; a file that fails
//! any check is refused whole.

use super::{FraudError, ScamCategory};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};

const MAGIC: &[u8; 4] = b"HLBL";
const FORMAT: u8 = 1;
const HEADER_LEN: usize = 4 + 1 + 1 + 8 + 8 + 8 + 8 + 8 + 4 + 4;
const SIG_LEN: usize = 64;

/// Seed of a fixed key for the format's own tests, benchmarks and fuzz
/// targets: public on purpose, so no gateway signs with it and no phone
/// trusts it unless a test tells it to. A bank's key is its deployment's
/// (`happylife_server::secrets`), and phones trust the public half they are
/// configured with ([`crate::Companion::trust_list_key`]).
pub const TEST_SIGNING_SEED: [u8; 32] = *b"happylife-tests-blocklist-key-00";

/// The public half of [`test_signing_key`].
pub fn test_public_key() -> VerifyingKey {
    test_signing_key().verifying_key()
}

/// The fixed key of the tests (see [`TEST_SIGNING_SEED`]).
pub fn test_signing_key() -> SigningKey {
    SigningKey::from_bytes(&TEST_SIGNING_SEED)
}

/// A list key as a deployment configures it: 64 hex digits of an Ed25519
/// public key.
pub fn parse_list_key(hex_text: &str) -> Option<VerifyingKey> {
    let bytes: [u8; 32] = hex::decode(hex_text.trim()).ok()?.try_into().ok()?;
    VerifyingKey::from_bytes(&bytes).ok()
}

/// Snapshot or delta.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// The whole list at `to`.
    Snapshot,
    /// Changes from `from` to `to`.
    Delta,
}

/// A parsed, verified list file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListFile {
    /// Snapshot or delta.
    pub kind: FileKind,
    /// Version the delta starts from (0 for a snapshot).
    pub from: u64,
    /// Version after this file.
    pub to: u64,
    /// When the bank published `to` (unix seconds).
    pub published_at: i64,
    /// Entries in the list after this file.
    pub count: u64,
    /// Checksum of the list after this file ([`super::checksum_of`] XORed).
    pub checksum: u64,
    /// Entries added (or whose category changed), keys increasing.
    pub adds: Vec<(u64, ScamCategory)>,
    /// Keys removed, increasing.
    pub removes: Vec<u64>,
}

impl ListFile {
    /// Encodes and signs. Adds and removes are sorted and de-duplicated here.
    pub fn encode(&self, key: &SigningKey) -> Vec<u8> {
        let mut adds = self.adds.clone();
        adds.sort_by_key(|(k, _)| *k);
        adds.dedup_by_key(|(k, _)| *k);
        let mut removes = self.removes.clone();
        removes.sort_unstable();
        removes.dedup();
        self.clone_header().encode_with(&adds, &removes, key)
    }

    fn clone_header(&self) -> ListFile {
        ListFile {
            kind: self.kind,
            from: self.from,
            to: self.to,
            published_at: self.published_at,
            count: self.count,
            checksum: self.checksum,
            adds: Vec::new(),
            removes: Vec::new(),
        }
    }

    /// Encodes and signs this header with `adds` and `removes`, which must
    /// already be sorted by key without repeats (a publisher's own list):
    /// no copy of millions of entries is made.
    pub fn encode_with(
        &self,
        adds: &[(u64, ScamCategory)],
        removes: &[u64],
        key: &SigningKey,
    ) -> Vec<u8> {
        debug_assert!(adds.windows(2).all(|w| w[0].0 < w[1].0), "adds sorted");
        debug_assert!(removes.windows(2).all(|w| w[0] < w[1]), "removes sorted");
        let mut out = Vec::with_capacity(HEADER_LEN + adds.len() * 9 + removes.len() * 8 + SIG_LEN);
        out.extend_from_slice(MAGIC);
        out.push(FORMAT);
        out.push(match self.kind {
            FileKind::Snapshot => 1,
            FileKind::Delta => 2,
        });
        out.extend_from_slice(&self.from.to_le_bytes());
        out.extend_from_slice(&self.to.to_le_bytes());
        out.extend_from_slice(&self.published_at.to_le_bytes());
        out.extend_from_slice(&self.count.to_le_bytes());
        out.extend_from_slice(&self.checksum.to_le_bytes());
        out.extend_from_slice(&(adds.len() as u32).to_le_bytes());
        out.extend_from_slice(&(removes.len() as u32).to_le_bytes());
        for (k, c) in adds {
            out.extend_from_slice(&k.to_le_bytes());
            out.push(c.id());
        }
        for k in removes {
            out.extend_from_slice(&k.to_le_bytes());
        }
        let sig = key.sign(&out);
        out.extend_from_slice(&sig.to_bytes());
        out
    }

    /// Verifies the signature with `key`, then parses. Refuses the whole
    /// file on any problem.
    pub fn decode(bytes: &[u8], key: &VerifyingKey) -> Result<ListFile, FraudError> {
        Self::decode_with(bytes, Some(key))
    }

    /// Reads a file without checking its signature: only for the bank's
    /// own stored files (after its signing key changed, to sign them again
    /// with the new one). A phone never reads a file this way.
    pub fn decode_unverified(bytes: &[u8]) -> Result<ListFile, FraudError> {
        Self::decode_with(bytes, None)
    }

    fn decode_with(bytes: &[u8], key: Option<&VerifyingKey>) -> Result<ListFile, FraudError> {
        if bytes.len() < HEADER_LEN + SIG_LEN {
            return Err(FraudError::BadFormat("too short"));
        }
        let (body, sig) = bytes.split_at(bytes.len() - SIG_LEN);
        if let Some(key) = key {
            let sig = Signature::from_slice(sig).map_err(|_| FraudError::BadSignature)?;
            key.verify(body, &sig)
                .map_err(|_| FraudError::BadSignature)?;
        }
        if &body[..4] != MAGIC {
            return Err(FraudError::BadFormat("not a blocklist file"));
        }
        if body[4] != FORMAT {
            return Err(FraudError::BadFormat("unknown format version"));
        }
        let kind = match body[5] {
            1 => FileKind::Snapshot,
            2 => FileKind::Delta,
            _ => return Err(FraudError::BadFormat("unknown file kind")),
        };
        let u64_at = |at: usize| u64::from_le_bytes(body[at..at + 8].try_into().expect("8 bytes"));
        let u32_at = |at: usize| u32::from_le_bytes(body[at..at + 4].try_into().expect("4 bytes"));
        let from = u64_at(6);
        let to = u64_at(14);
        let published_at = u64_at(22) as i64;
        let count = u64_at(30);
        let checksum = u64_at(38);
        let n_adds = u32_at(46) as usize;
        let n_removes = u32_at(50) as usize;
        let expected = HEADER_LEN as u64 + n_adds as u64 * 9 + n_removes as u64 * 8;
        if body.len() as u64 != expected {
            return Err(FraudError::BadFormat("length does not match counts"));
        }
        if to <= from || (kind == FileKind::Snapshot && (from != 0 || n_removes != 0)) {
            return Err(FraudError::BadFormat("versions do not make sense"));
        }
        let mut adds = Vec::with_capacity(n_adds);
        let mut at = HEADER_LEN;
        let mut last: Option<u64> = None;
        for _ in 0..n_adds {
            let k = u64_at(at);
            let c = ScamCategory::from_id(body[at + 8])
                .ok_or(FraudError::BadFormat("unknown scam category"))?;
            if last.is_some_and(|l| l >= k) {
                return Err(FraudError::BadFormat("keys not in order"));
            }
            last = Some(k);
            adds.push((k, c));
            at += 9;
        }
        let mut removes = Vec::with_capacity(n_removes);
        let mut last: Option<u64> = None;
        for _ in 0..n_removes {
            let k = u64_at(at);
            if last.is_some_and(|l| l >= k) {
                return Err(FraudError::BadFormat("keys not in order"));
            }
            last = Some(k);
            removes.push(k);
            at += 8;
        }
        if kind == FileKind::Snapshot && count != n_adds as u64 {
            return Err(FraudError::BadFormat("snapshot count does not match"));
        }
        Ok(ListFile {
            kind,
            from,
            to,
            published_at,
            count,
            checksum,
            adds,
            removes,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fraud::checksum_of;

    fn sample() -> ListFile {
        ListFile {
            kind: FileKind::Delta,
            from: 3,
            to: 4,
            published_at: 1_790_000_000,
            count: 10,
            checksum: checksum_of(5, 1),
            adds: vec![(9, ScamCategory::Phishing), (5, ScamCategory::LoanFee)],
            removes: vec![7, 2],
        }
    }

    #[test]
    fn a_signed_file_round_trips_sorted() {
        let bytes = sample().encode(&test_signing_key());
        let back = ListFile::decode(&bytes, &test_public_key()).unwrap();
        assert_eq!(
            back.adds,
            vec![(5, ScamCategory::LoanFee), (9, ScamCategory::Phishing)]
        );
        assert_eq!(back.removes, vec![2, 7]);
        assert_eq!((back.from, back.to, back.count), (3, 4, 10));
    }

    #[test]
    fn any_changed_byte_is_refused() {
        let bytes = sample().encode(&test_signing_key());
        for i in 0..bytes.len() {
            let mut bad = bytes.clone();
            bad[i] ^= 0x01;
            assert!(
                ListFile::decode(&bad, &test_public_key()).is_err(),
                "byte {i}"
            );
        }
        let other = SigningKey::from_bytes(&[7; 32]);
        assert_eq!(
            ListFile::decode(&sample().encode(&other), &test_public_key()),
            Err(FraudError::BadSignature)
        );
    }

    #[test]
    fn cut_or_padded_files_are_refused() {
        let bytes = sample().encode(&test_signing_key());
        for len in [0, 10, HEADER_LEN, bytes.len() - 1] {
            assert!(ListFile::decode(&bytes[..len], &test_public_key()).is_err());
        }
    }

    #[test]
    fn a_well_signed_file_with_bad_contents_is_refused() {
        let key = test_signing_key();
        let mut f = sample();
        f.kind = FileKind::Snapshot;
        assert!(
            ListFile::decode(&f.encode(&key), &test_public_key()).is_err(),
            "snapshot from 3"
        );
        let mut f = sample();
        f.to = f.from;
        assert!(
            ListFile::decode(&f.encode(&key), &test_public_key()).is_err(),
            "to == from"
        );
        // An unknown category byte, signed by the real key.
        let mut bytes = sample().encode(&key);
        bytes.truncate(bytes.len() - SIG_LEN);
        bytes[HEADER_LEN + 8] = 99;
        let sig = key.sign(&bytes);
        bytes.extend_from_slice(&sig.to_bytes());
        assert_eq!(
            ListFile::decode(&bytes, &test_public_key()),
            Err(FraudError::BadFormat("unknown scam category"))
        );
    }
}
