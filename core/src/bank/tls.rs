//! How the phone may talk to the bank (MASVS-NETWORK-1 and -2).
//!
//! - **TLS only, except to this machine.** A bank address that is not
//!   `https://` is refused before anything is sent, unless it is loopback
//!   (`127.0.0.0/8`, `::1`, `localhost`: the sandbox gateway in tests and
//!   on the desktop). The request never leaves; the caller gets
//!   [`super::client::GatewayError::Insecure`].
//! - **Certificates are checked by the platform** (Android's and Apple's
//!   trust stores through `rustls-platform-verifier`, as reqwest does by
//!   default), and a certificate that does not check out is
//!   [`super::client::GatewayError::Insecure`] too, never "offline".
//! - **The pinning hook.** A shell (or a test) calls [`configure`] with the
//!   SHA-256 of the bank's SubjectPublicKeyInfo (base64, as in HPKP's
//!   `pin-sha256`); from then on a chain that the platform accepts is also
//!   refused unless the pinned key is in the chain that certifies the
//!   server: the server's own key, or a CA (presented, or given as an extra
//!   root) that a chain of signatures leads to from the server's
//!   certificate (webpki builds it). A pinned certificate merely sent along
//!   proves nothing. Extra trust anchors (a bank's own CA) can be given
//!   there as well.
//! - **Fail closed.** When pins are set but the checking cannot be set up,
//!   the client trusts no certificate at all: nothing is sent.

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};
use sha2::{Digest, Sha256};
use std::sync::{Arc, RwLock};

/// The pins and extra trust anchors every new gateway client uses.
#[derive(Clone, Debug, Default)]
pub struct TlsPolicy {
    /// SHA-256 of an accepted certificate's SubjectPublicKeyInfo. Empty:
    /// no pinning (the platform's check alone).
    pub pins: Vec<[u8; 32]>,
    /// Certificates (DER) trusted as roots besides the platform's.
    pub extra_roots: Vec<Vec<u8>>,
}

/// A pin that is not base64 of 32 bytes, or a root that is not a certificate.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TlsPolicyError {
    /// Not `pin-sha256` material.
    #[error("a pin must be the base64 SHA-256 of a SubjectPublicKeyInfo")]
    BadPin,
    /// Not a DER certificate.
    #[error("an extra root must be a DER certificate")]
    BadRoot,
}

static POLICY: RwLock<Option<TlsPolicy>> = RwLock::new(None);

/// Counts the policies set: a client kept from before a change is made
/// again (see [`generation`]).
static GENERATION: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Sets the policy for every gateway client made from now on (a
/// `Companion` makes its client again at its next request).
pub fn configure(policy: TlsPolicy) -> Result<(), TlsPolicyError> {
    for root in &policy.extra_roots {
        spki_of(root).ok_or(TlsPolicyError::BadRoot)?;
    }
    *POLICY.write().unwrap_or_else(|e| e.into_inner()) = Some(policy);
    GENERATION.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    Ok(())
}

/// Which policy is in force (it changes with each [`configure`]).
pub(crate) fn generation() -> u64 {
    GENERATION.load(std::sync::atomic::Ordering::SeqCst)
}

/// `pin-sha256` text (base64 of 32 bytes) as a pin.
pub fn parse_pin(text: &str) -> Result<[u8; 32], TlsPolicyError> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(text.trim().trim_start_matches("sha256/"))
        .ok()
        .and_then(|b| <[u8; 32]>::try_from(b).ok())
        .ok_or(TlsPolicyError::BadPin)
}

/// The pin of a DER certificate: SHA-256 of its SubjectPublicKeyInfo.
pub fn pin_of(cert_der: &[u8]) -> Option<[u8; 32]> {
    spki_of(cert_der).map(|spki| Sha256::digest(spki).into())
}

fn spki_of(cert_der: &[u8]) -> Option<Vec<u8>> {
    use x509_cert::der::{Decode, Encode};
    let cert = x509_cert::Certificate::from_der(cert_der).ok()?;
    cert.tbs_certificate.subject_public_key_info.to_der().ok()
}

/// Whether `base` may be spoken to in plain HTTP: only this machine.
pub fn is_loopback(base: &str) -> bool {
    let Ok(url) = url::Url::parse(base) else {
        return false;
    };
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// Whether `base` is an address the phone may use at all: `https://`, or
/// `http://` to this machine.
pub fn allowed(base: &str) -> bool {
    match url::Url::parse(base) {
        Ok(url) if url.scheme() == "https" => url.host().is_some(),
        Ok(url) if url.scheme() == "http" => is_loopback(base),
        _ => false,
    }
}

/// How a new client checks the bank's certificate.
pub(crate) enum ClientTls {
    /// No policy set: the platform's check, as reqwest does by default.
    Default,
    /// The policy's check (the platform, then the pins).
    Configured(Box<rustls::ClientConfig>),
    /// A policy is set but its check could not be made: trust nothing.
    TrustNothing,
}

/// The rustls configuration for a new client.
pub(crate) fn client_config() -> ClientTls {
    let Some(policy) = POLICY.read().unwrap_or_else(|e| e.into_inner()).clone() else {
        return ClientTls::Default;
    };
    match pinned_config(policy) {
        Some(c) => ClientTls::Configured(Box::new(c)),
        None => {
            tracing::error!("the bank's certificate check could not be set up: nothing is sent");
            ClientTls::TrustNothing
        }
    }
}

fn pinned_config(policy: TlsPolicy) -> Option<rustls::ClientConfig> {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let roots = policy
        .extra_roots
        .iter()
        .map(|r| CertificateDer::from(r.clone()));
    let platform =
        rustls_platform_verifier::Verifier::new_with_extra_roots(roots, provider.clone()).ok()?;
    let verifier = Pinned {
        inner: Arc::new(platform),
        pins: policy.pins,
        extra_roots: policy.extra_roots,
        algs: provider.signature_verification_algorithms,
    };
    Some(
        rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .ok()?
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(verifier))
            .with_no_client_auth(),
    )
}

/// The platform's check, then the pins on the chain that certifies the
/// server.
#[derive(Debug)]
struct Pinned {
    inner: Arc<dyn ServerCertVerifier>,
    pins: Vec<[u8; 32]>,
    extra_roots: Vec<Vec<u8>>,
    algs: rustls::crypto::WebPkiSupportedAlgorithms,
}

impl Pinned {
    fn pinned(&self, der: &[u8]) -> bool {
        pin_of(der).is_some_and(|p| self.pins.contains(&p))
    }

    /// Whether a pinned key certifies `end_entity`: its own, or a pinned
    /// CA's (presented or an extra root) that webpki builds a chain of
    /// signatures to from it, through the presented intermediates.
    fn pinned_chain(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        now: UnixTime,
    ) -> bool {
        if self.pins.is_empty() || self.pinned(end_entity) {
            return true;
        }
        let candidates: Vec<CertificateDer<'_>> = intermediates
            .iter()
            .map(|c| c.clone().into_owned())
            .chain(
                self.extra_roots
                    .iter()
                    .map(|r| CertificateDer::from(r.clone())),
            )
            .filter(|c| self.pinned(c))
            .collect();
        let anchors: Vec<_> = candidates
            .iter()
            .filter_map(|c| webpki::anchor_from_trusted_cert(c).ok())
            .collect();
        if anchors.is_empty() {
            return false;
        }
        let Ok(leaf) = webpki::EndEntityCert::try_from(end_entity) else {
            return false;
        };
        leaf.verify_for_usage(
            self.algs.all,
            &anchors,
            intermediates,
            now,
            webpki::KeyUsage::server_auth(),
            None,
            None,
        )
        .is_ok()
    }
}

/// What a pin mismatch is called inside rustls.
#[derive(Debug)]
struct PinMismatch;

impl std::fmt::Display for PinMismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("no certificate of the chain has a pinned key")
    }
}

impl std::error::Error for PinMismatch {}

impl ServerCertVerifier for Pinned {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let verified = self.inner.verify_server_cert(
            end_entity,
            intermediates,
            server_name,
            ocsp_response,
            now,
        )?;
        if self.pinned_chain(end_entity, intermediates, now) {
            return Ok(verified);
        }
        Err(rustls::Error::InvalidCertificate(
            rustls::CertificateError::Other(rustls::OtherError(Arc::new(PinMismatch))),
        ))
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

/// Whether `e` (a failed request) failed on the bank's certificate:
/// expired, for another name, from an unknown issuer, or not pinned.
pub(crate) fn is_certificate_error(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = cur {
        if let Some(rustls::Error::InvalidCertificate(_)) = err.downcast_ref::<rustls::Error>() {
            return true;
        }
        // An io::Error's source() skips the error it wraps: step into it.
        cur = match err
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
        {
            Some(inner) => Some(inner as &(dyn std::error::Error + 'static)),
            None => err.source(),
        };
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_is_only_for_this_machine() {
        for ok in [
            "http://127.0.0.1:8787",
            "http://127.8.9.1",
            "http://localhost:9000/",
            "http://[::1]:8080",
            "https://bank.example.cn",
            "https://10.0.0.5:8443",
        ] {
            assert!(allowed(ok), "{ok}");
        }
        for refused in [
            "http://bank.example.cn",
            "http://10.0.0.5:8787",
            "http://localhost.evil.example",
            "http://127.0.0.1.nip.io",
            "ftp://127.0.0.1",
            "bank.example.cn",
            "",
        ] {
            assert!(!allowed(refused), "{refused}");
        }
    }

    #[test]
    fn a_pin_is_base64_of_32_bytes() {
        let pin = parse_pin("sha256/47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=").unwrap();
        assert_eq!(pin, <[u8; 32]>::from(Sha256::digest(b"")));
        assert_eq!(parse_pin("abc"), Err(TlsPolicyError::BadPin));
        assert_eq!(parse_pin(""), Err(TlsPolicyError::BadPin));
        assert_eq!(
            configure(TlsPolicy {
                pins: vec![],
                extra_roots: vec![b"not a certificate".to_vec()],
            }),
            Err(TlsPolicyError::BadRoot)
        );
    }
}
