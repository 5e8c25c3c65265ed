//! The bank connection's TLS policy (MASVS-NETWORK-1/-2, `core::bank::tls`):
//! plain HTTP only to this machine, and the pinning hook, against a real
//! TLS server on 127.0.0.1 with a certificate made for the test.

use happylife_core::bank::client::{Gateway, GatewayError};
use happylife_core::bank::tls::{self, TlsPolicy};
use happylife_core::{CompanionError, Language};
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The TLS policy is the process's: the tests that set it take turns.
static POLICY_TURN: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// A bank that answers every request over TLS with the blocklist version
/// 7; returns its port and its certificate (DER).
async fn tls_bank() -> (u16, Vec<u8>) {
    let key = rcgen::KeyPair::generate().unwrap();
    let cert = rcgen::CertificateParams::new(vec!["localhost".to_string()])
        .unwrap()
        .self_signed(&key)
        .unwrap();
    let der = cert.der().to_vec();
    let port = serve_tls(vec![der.clone()], key.serialize_der()).await;
    (port, der)
}

/// A bank whose certificate a CA of its own signed; it sends its
/// certificate, the CA's and `extra` (anything else it cares to send):
/// (port, the CA's certificate, its own).
async fn chained_tls_bank(extra: Vec<Vec<u8>>) -> (u16, Vec<u8>, Vec<u8>) {
    let ca_key = rcgen::KeyPair::generate().unwrap();
    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "HappyLife test bank CA");
    let ca = rcgen::CertifiedIssuer::self_signed(ca_params, ca_key).unwrap();
    let leaf_key = rcgen::KeyPair::generate().unwrap();
    let leaf = rcgen::CertificateParams::new(vec!["localhost".to_string()])
        .unwrap()
        .signed_by(&leaf_key, &ca)
        .unwrap();
    let (leaf_der, ca_der) = (leaf.der().to_vec(), ca.der().to_vec());
    let mut chain = vec![leaf_der.clone(), ca_der.clone()];
    chain.extend(extra);
    let port = serve_tls(chain, leaf_key.serialize_der()).await;
    (port, ca_der, leaf_der)
}

/// Serves the blocklist version 7 over TLS with `chain` and `key`.
async fn serve_tls(chain: Vec<Vec<u8>>, key: Vec<u8>) -> u16 {
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::aws_lc_rs::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(
        chain.into_iter().map(Into::into).collect(),
        rustls::pki_types::PrivateKeyDer::try_from(key).unwrap(),
    )
    .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let mut buf = vec![0u8; 4096];
                let _ = tls.read(&mut buf).await;
                let body = r#"{"version":7,"published_at":1795000000}"#;
                let answer = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = tls.write_all(answer.as_bytes()).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    port
}

#[tokio::test]
async fn plain_http_to_another_machine_is_refused_before_anything_is_sent() {
    // Nothing listens there; an attempt would time out as "unreachable".
    for base in ["http://bank.example.cn", "http://10.255.255.1:8787"] {
        assert_eq!(
            Gateway::new(base).blocklist_version().await.unwrap_err(),
            GatewayError::Insecure,
            "{base}"
        );
    }
    // On the phone: binding to such an address says so, in her words.
    let dir = tempfile::tempdir().unwrap();
    let d = happylife_tests::device(dir.path()).await;
    let e = d
        .request_bind_code("http://bank.example.cn", "11010519491231002X")
        .await
        .unwrap_err();
    assert_eq!(e, CompanionError::InsecureConnection);
    let zh = d.i18n().tr(Language::ZhCn, e.message_id());
    assert!(zh.contains("不安全") && zh.contains("没有发送"), "{zh}");
    let en = d.i18n().tr(Language::En, e.message_id());
    assert!(en.contains("not safe"), "{en}");
    d.close().await;
}

#[tokio::test]
async fn a_pinned_key_is_trusted_and_any_other_certificate_is_not() {
    let _turn = POLICY_TURN.lock().await;
    let (port, cert) = tls_bank().await;
    let base = format!("https://localhost:{port}");
    let pin = tls::pin_of(&cert).expect("a certificate");

    // Without the bank's own root: an unknown issuer, refused as unsafe.
    tls::configure(TlsPolicy::default()).unwrap();
    assert_eq!(
        Gateway::new(&base).blocklist_version().await.unwrap_err(),
        GatewayError::Insecure
    );
    // The root and its key pinned: the answer comes through.
    tls::configure(TlsPolicy {
        pins: vec![pin],
        extra_roots: vec![cert.clone()],
    })
    .unwrap();
    assert_eq!(
        Gateway::new(&base).blocklist_version().await.unwrap(),
        (7, 1_795_000_000)
    );
    // A valid chain whose key is not pinned (a bank certificate from a
    // compromised authority, a corporate proxy): refused.
    let mut other = pin;
    other[0] ^= 0xff;
    tls::configure(TlsPolicy {
        pins: vec![other],
        extra_roots: vec![cert.clone()],
    })
    .unwrap();
    assert_eq!(
        Gateway::new(&base).blocklist_version().await.unwrap_err(),
        GatewayError::Insecure
    );
    // No pins: the platform's check alone, which this root passes.
    tls::configure(TlsPolicy {
        pins: vec![],
        extra_roots: vec![cert],
    })
    .unwrap();
    assert!(Gateway::new(&base).blocklist_version().await.is_ok());
}

#[tokio::test]
async fn a_pin_counts_only_in_the_chain_that_certifies_the_bank() {
    let _turn = POLICY_TURN.lock().await;
    // A certificate anyone can make, sent along by a bank that was never
    // certified by it.
    let decoy_key = rcgen::KeyPair::generate().unwrap();
    let decoy = rcgen::CertificateParams::new(vec!["pinned.example".to_string()])
        .unwrap()
        .self_signed(&decoy_key)
        .unwrap()
        .der()
        .to_vec();
    let (port, ca, leaf) = chained_tls_bank(vec![decoy.clone()]).await;
    let base = format!("https://localhost:{port}");
    let pinned = |der: &[u8]| tls::pin_of(der).expect("a certificate");
    for (pin, ok, what) in [
        (
            pinned(&ca),
            true,
            "the CA that signed the bank's certificate",
        ),
        (pinned(&leaf), true, "the bank's own key"),
        (
            pinned(&decoy),
            false,
            "a pinned certificate merely sent along",
        ),
    ] {
        tls::configure(TlsPolicy {
            pins: vec![pin],
            extra_roots: vec![ca.clone()],
        })
        .unwrap();
        let answer = Gateway::new(&base).blocklist_version().await;
        assert_eq!(answer.is_ok(), ok, "{what}: {answer:?}");
        if !ok {
            assert_eq!(answer.unwrap_err(), GatewayError::Insecure, "{what}");
        }
    }
    tls::configure(TlsPolicy::default()).unwrap();
}
