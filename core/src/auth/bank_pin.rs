//! The PIN as the bank checks it: OPAQUE (RFC 9807, the `opaque-ke`
//! crate), an augmented PAKE. The phone proves it knows the PIN without
//! the PIN, or anything an eavesdropper or the bank's own database could
//! replay or reverse without the bank's secret, ever reaching the bank:
//!
//! - **Registration** (a first PIN, a change, a reset): the phone blinds
//!   the PIN ([`registration_start`]), the bank evaluates it under its
//!   OPRF key ([`registration_response`]), the phone seals its envelope
//!   ([`registration_finish`]) and the bank keeps the record
//!   ([`registration_record`]).
//! - **Login**: the phone blinds the PIN ([`login_start`]); the bank
//!   answers with its half of the key exchange ([`login_response`]), keeping
//!   its state until the answer; a wrong PIN fails on the phone
//!   ([`login_finish`]), a right one yields the proof the bank checks
//!   ([`login_verify`]).
//!
//! Both sides of each step live here, so the phone and the bank cannot
//! disagree on the cipher suite. The key stretching is Argon2id (the crate's
//! default parameters: 19 MiB, 2 passes), on the phone. The bank counts
//! tries by its own clock ([`super::pin::Attempts`]): a try is counted when
//! the bank answers a login start, and cleared by a proof that checks.
//! Messages cross the wire in lower-case hex.

use opaque_ke::argon2::Argon2;
use opaque_ke::ciphersuite::CipherSuite;
use opaque_ke::{
    ClientLogin, ClientLoginFinishParameters, ClientRegistration,
    ClientRegistrationFinishParameters, CredentialFinalization, CredentialRequest,
    CredentialResponse, RegistrationRequest, RegistrationResponse, RegistrationUpload, ServerLogin,
    ServerLoginParameters, ServerRegistration, ServerSetup,
};
use rand_core::OsRng;

/// The one cipher suite of the phone and the bank: ristretto255 for the
/// OPRF and the triple Diffie-Hellman, SHA-512, Argon2id.
pub struct Suite;

impl CipherSuite for Suite {
    type OprfCs = opaque_ke::Ristretto255;
    type KeyExchange = opaque_ke::TripleDh<opaque_ke::Ristretto255, sha2::Sha512>;
    type Ksf = Argon2<'static>;
}

/// Why a PIN exchange did not complete.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BankPinError {
    /// The PIN is not the one the bank has (found on the phone at login
    /// finish, or by the bank on a proof that does not check).
    #[error("wrong PIN")]
    WrongPin,
    /// A message that is not hex of the right shape.
    #[error("unreadable PIN exchange message")]
    Unreadable,
}

fn unhex(text: &str) -> Result<Vec<u8>, BankPinError> {
    hex::decode(text.trim()).map_err(|_| BankPinError::Unreadable)
}

/// The bank's long-term OPAQUE secret (its OPRF seed and key pair), kept
/// in the bank's secrets, never sent.
pub struct BankKeys(ServerSetup<Suite>);

impl BankKeys {
    /// New random keys (on the bank's first start).
    pub fn generate() -> BankKeys {
        BankKeys(ServerSetup::<Suite>::new(&mut OsRng))
    }

    /// The keys as stored (hex).
    pub fn to_hex(&self) -> String {
        hex::encode(self.0.serialize())
    }

    /// Keys as stored.
    pub fn from_hex(text: &str) -> Result<BankKeys, BankPinError> {
        ServerSetup::<Suite>::deserialize(&unhex(text)?)
            .map(BankKeys)
            .map_err(|_| BankPinError::Unreadable)
    }
}

/// The phone's state between two steps of an exchange (never sent, never
/// stored: it lives for one exchange).
pub struct PhoneRegistration(ClientRegistration<Suite>);

/// The phone's state between login start and finish.
pub struct PhoneLogin(ClientLogin<Suite>);

/// Phone, registration step 1: the blinded PIN, to send.
pub fn registration_start(pin: &str) -> Result<(PhoneRegistration, String), BankPinError> {
    let start = ClientRegistration::<Suite>::start(&mut OsRng, pin.as_bytes())
        .map_err(|_| BankPinError::Unreadable)?;
    Ok((
        PhoneRegistration(start.state),
        hex::encode(start.message.serialize()),
    ))
}

/// Bank, registration step 2: the answer to a blinded PIN of `customer`.
pub fn registration_response(
    keys: &BankKeys,
    request_hex: &str,
    customer: &str,
) -> Result<String, BankPinError> {
    let request = RegistrationRequest::<Suite>::deserialize(&unhex(request_hex)?)
        .map_err(|_| BankPinError::Unreadable)?;
    let response = ServerRegistration::<Suite>::start(&keys.0, request, customer.as_bytes())
        .map_err(|_| BankPinError::Unreadable)?;
    Ok(hex::encode(response.message.serialize()))
}

/// Phone, registration step 3: the sealed envelope, to send.
pub fn registration_finish(
    state: PhoneRegistration,
    pin: &str,
    response_hex: &str,
) -> Result<String, BankPinError> {
    let response = RegistrationResponse::<Suite>::deserialize(&unhex(response_hex)?)
        .map_err(|_| BankPinError::Unreadable)?;
    let finish = state
        .0
        .finish(
            &mut OsRng,
            pin.as_bytes(),
            response,
            ClientRegistrationFinishParameters::default(),
        )
        .map_err(|_| BankPinError::Unreadable)?;
    Ok(hex::encode(finish.message.serialize()))
}

/// Bank, registration step 4: the record to keep for the customer.
pub fn registration_record(upload_hex: &str) -> Result<String, BankPinError> {
    let upload = RegistrationUpload::<Suite>::deserialize(&unhex(upload_hex)?)
        .map_err(|_| BankPinError::Unreadable)?;
    Ok(hex::encode(ServerRegistration::finish(upload).serialize()))
}

/// The whole registration in one place, both halves: how a sandbox bank
/// gives its demo customers their PIN (the bank never does this with a
/// real customer's PIN).
pub fn register_here(keys: &BankKeys, customer: &str, pin: &str) -> Result<String, BankPinError> {
    let (state, request) = registration_start(pin)?;
    let response = registration_response(keys, &request, customer)?;
    let upload = registration_finish(state, pin, &response)?;
    registration_record(&upload)
}

/// Phone, login step 1: the blinded PIN, to send.
pub fn login_start(pin: &str) -> Result<(PhoneLogin, String), BankPinError> {
    let start = ClientLogin::<Suite>::start(&mut OsRng, pin.as_bytes())
        .map_err(|_| BankPinError::Unreadable)?;
    Ok((
        PhoneLogin(start.state),
        hex::encode(start.message.serialize()),
    ))
}

/// Bank, login step 2: (its state to keep until the proof, the answer to
/// send). `record` is the customer's registration record.
pub fn login_response(
    keys: &BankKeys,
    record_hex: &str,
    request_hex: &str,
    customer: &str,
) -> Result<(String, String), BankPinError> {
    let record = ServerRegistration::<Suite>::deserialize(&unhex(record_hex)?)
        .map_err(|_| BankPinError::Unreadable)?;
    let request = CredentialRequest::<Suite>::deserialize(&unhex(request_hex)?)
        .map_err(|_| BankPinError::Unreadable)?;
    let start = ServerLogin::start(
        &mut OsRng,
        &keys.0,
        Some(record),
        request,
        customer.as_bytes(),
        ServerLoginParameters::default(),
    )
    .map_err(|_| BankPinError::Unreadable)?;
    Ok((
        hex::encode(start.state.serialize()),
        hex::encode(start.message.serialize()),
    ))
}

/// Phone, login step 3: the proof to send, or [`BankPinError::WrongPin`]
/// (the envelope does not open: the PIN is not the bank's).
pub fn login_finish(
    state: PhoneLogin,
    pin: &str,
    response_hex: &str,
) -> Result<String, BankPinError> {
    let response = CredentialResponse::<Suite>::deserialize(&unhex(response_hex)?)
        .map_err(|_| BankPinError::Unreadable)?;
    let finish = state
        .0
        .finish(
            &mut OsRng,
            pin.as_bytes(),
            response,
            ClientLoginFinishParameters::default(),
        )
        .map_err(|_| BankPinError::WrongPin)?;
    Ok(hex::encode(finish.message.serialize()))
}

/// Bank, login step 4: whether the proof checks against the kept state.
pub fn login_verify(state_hex: &str, proof_hex: &str) -> Result<(), BankPinError> {
    let state = ServerLogin::<Suite>::deserialize(&unhex(state_hex)?)
        .map_err(|_| BankPinError::Unreadable)?;
    let proof = CredentialFinalization::<Suite>::deserialize(&unhex(proof_hex)?)
        .map_err(|_| BankPinError::Unreadable)?;
    state
        .finish(proof, ServerLoginParameters::default())
        .map(|_| ())
        .map_err(|_| BankPinError::WrongPin)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn login(keys: &BankKeys, record: &str, customer: &str, pin: &str) -> Result<(), BankPinError> {
        let (phone, request) = login_start(pin)?;
        let (bank, response) = login_response(keys, record, &request, customer)?;
        let proof = login_finish(phone, pin, &response)?;
        login_verify(&bank, &proof)
    }

    #[test]
    fn the_right_pin_logs_in_and_a_wrong_one_fails_on_the_phone() {
        let keys = BankKeys::generate();
        let keys = BankKeys::from_hex(&keys.to_hex()).unwrap();
        let record = register_here(&keys, "c-1", "583920").unwrap();
        assert_eq!(login(&keys, &record, "c-1", "583920"), Ok(()));
        assert_eq!(
            login(&keys, &record, "c-1", "583921"),
            Err(BankPinError::WrongPin)
        );
        // The record is bound to its customer: another's name does not open it.
        assert_eq!(
            login(&keys, &record, "c-2", "583920"),
            Err(BankPinError::WrongPin)
        );
        // Another bank's keys do not open it either.
        assert_eq!(
            login(&BankKeys::generate(), &record, "c-1", "583920"),
            Err(BankPinError::WrongPin)
        );
    }

    #[test]
    fn the_record_and_the_messages_do_not_hold_the_pin() {
        let keys = BankKeys::generate();
        let record = register_here(&keys, "c-1", "583920").unwrap();
        let (_, request) = login_start("583920").unwrap();
        for text in [&record, &request] {
            assert!(!text.contains("583920"));
            assert!(!text.contains(&hex::encode("583920")));
        }
        // The same PIN blinds differently every time: nothing to replay.
        assert_ne!(request, login_start("583920").unwrap().1);
    }

    #[test]
    fn a_proof_for_one_login_does_not_open_another() {
        let keys = BankKeys::generate();
        let record = register_here(&keys, "c-1", "583920").unwrap();
        let (phone, request) = login_start("583920").unwrap();
        let (_, response) = login_response(&keys, &record, &request, "c-1").unwrap();
        let proof = login_finish(phone, "583920", &response).unwrap();
        // A second login start by an eavesdropper, answered with the old proof.
        let (_, request2) = login_start("000000").unwrap();
        let (bank2, _) = login_response(&keys, &record, &request2, "c-1").unwrap();
        assert_eq!(login_verify(&bank2, &proof), Err(BankPinError::WrongPin));
    }

    #[test]
    fn garbage_is_unreadable_not_a_panic() {
        let keys = BankKeys::generate();
        assert_eq!(
            registration_response(&keys, "zz", "c").unwrap_err(),
            BankPinError::Unreadable
        );
        assert_eq!(
            login_verify("00", "00").unwrap_err(),
            BankPinError::Unreadable
        );
        assert!(BankKeys::from_hex("abcd").is_err());
    }
}
