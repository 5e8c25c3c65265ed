//! The HTTP toolkit every endpoint uses: who is calling (`authenticate`,
//! `bearer`), idempotent requests (`Idempotent`), reading a JSON body
//! and its fields with a stable code for each refusal (`json_body`,
//! `short_text`, `plain_id`), and the one error shape ([`ApiError`]).
//! Of the features it knows only [`crate::auth`]'s sessions.

mod body;
mod caller;
pub mod error;
mod idempotency;

pub(crate) use body::{json_body, plain_id, short_text};
pub(crate) use caller::{authenticate, bearer};
pub use error::{ApiError, ErrorBody};
pub use idempotency::expire_keys;
pub(crate) use idempotency::{Idempotent, idempotency_key, store_response, stored_response};
use sha2::{Digest, Sha256};

/// The SHA-256 of `bytes`, in hex: how tokens, codes and request bodies
/// are kept.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}
