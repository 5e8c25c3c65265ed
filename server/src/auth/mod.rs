//! Logins at the bank: two credentials, and the PIN checked here.
//!
//! - The **device token** (from `POST /v1/devices`) says which phone this is.
//!   It only starts a login, takes a PIN-reset code, and sets a first PIN.
//! - A **session** comes from a login the bank checked itself: the PIN
//!   (OPAQUE, `happylife_core::auth::bank_pin`, with the device key's
//!   signature on the same login), the biometric-bound key, or the voice
//!   key. Every route that reads her data or moves money needs one
//!   ([`session_of`]): 401 `session_required` otherwise. A session ends
//!   after [`SESSION_TTL_SECS`](happylife_core::auth::SESSION_TTL_SECS) without use
//!   (and [`SESSION_MAX_SECS`](happylife_core::auth::SESSION_MAX_SECS) in
//!   all), at logout, at the phone's relock, and when the phone is removed.
//!
//! The bank counts PIN tries by its own clock (`customer_pins`): a try is
//! counted when the bank answers a login start and cleared by a proof that
//! checks, so moving the phone's clock unlocks nothing.
//!
//! - `POST /v1/auth/pin/start` (device) `{request}` → 201 `{login_id, response, nonce, tries_left}`;
//!   409 `pin_not_set`; 429 `pin_locked` with `until`
//! - `POST /v1/auth/pin/finish` (device) `{login_id, proof, signature}` → 201 `{session, expires_at}`;
//!   401 `wrong_pin` with `tries_left`, 401 `wrong_signature`; 409 `challenge_used`; 410 `challenge_expired`
//! - `POST /v1/auth/pin/register/start` and `/finish` (device or session)
//!   `{request}` → `{response, reason}`, then `{upload}` → `{pin: "set", reason}`:
//!   a first PIN (the customer has none), a reset (this phone's PIN-reset
//!   code was taken in the last
//!   [`happylife_core::auth::PIN_RESET_GRANT_SECS`]), or a change (a
//!   session from a PIN login of the last
//!   [`PIN_CHANGE_WINDOW_SECS`](happylife_core::auth::PIN_CHANGE_WINDOW_SECS));
//!   403 `old_pin_needed` otherwise
//! - `POST /v1/auth/challenge` (device) `{method: biometric|voiceprint}` → 201 `{challenge_id, nonce, expires_at}`
//! - `POST /v1/auth/session` (device) `{challenge_id, signature}` → 201 `{session, expires_at}`;
//!   409 `challenge_used` (a replay), 410 `challenge_expired`, 401
//!   `wrong_signature` (the challenge is spent either way), 401
//!   `no_biometric_key` / `no_voice_key`
//! - `POST /v1/auth/biometric-key`, `/v1/auth/voice-key` (session)
//!   `{challenge_id, public_key, signature}`; `…/remove` (session)
//! - `POST /v1/auth/logout` (session) → 200
//! - `GET /v1/auth/session` (session) → who it is
//!
//! `sessions` has the two credentials (who is calling, opening and ending
//! sessions, logout), `pin` the PIN logins and setting a PIN, `keys` the
//! login challenges and the biometric and voice keys. Every body and
//! answer is the wire contract's (`happylife_core::bank::wire`).

pub mod keys;
pub mod pin;
pub mod sessions;

pub(crate) use keys::{
    biometric_key_request, challenge_request, signed_challenge, voice_key_request,
};
pub(crate) use pin::{pin_proof, pin_request, pin_upload};
pub use sessions::{Caller, Phone, device_of, end_sessions, session_of, session_required};
