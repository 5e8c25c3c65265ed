//! Every JSON body the gateway's routes read: the first byte picks the
//! route, the rest is the body, decoded as axum does and checked by the
//! handlers' own functions before the database. Bad input is refused with
//! a 4xx and a code, never a 5xx or a panic; an accepted body is a JSON
//! object, its amount is above 0 and at most ¥100,000,000, and a blocklist
//! change is non-empty, sorted, and signs into a file the phone reads back.

use happylife_core::fraud::wire::{FileKind, ListFile, test_public_key, test_signing_key};
use happylife_core::transfers::request::MAX_AMOUNT_FEN;
use happylife_server::fuzzing::{Endpoint, decode_body};

/// Checks one input (panics on a broken property).
pub fn check(data: &[u8]) {
    let Some((&which, body)) = data.split_first() else {
        return;
    };
    let endpoint = Endpoint::ALL[usize::from(which) % Endpoint::ALL.len()];
    let accepted = match decode_body(endpoint, body) {
        Ok(a) => a,
        Err(e) => {
            assert!(e.status.is_client_error(), "{endpoint:?}: {e:?}");
            assert!(!e.code.is_empty() && !e.message.is_empty(), "{e:?}");
            return;
        }
    };
    assert!(accepted.body.is_object(), "{endpoint:?}");
    if let Some(a) = accepted.amount_fen
        && endpoint != Endpoint::BillPay
    {
        assert!(a > 0 && a <= MAX_AMOUNT_FEN, "{endpoint:?}: {a}");
    }
    if let Some((adds, removes)) = accepted.blocklist_change {
        assert!(!adds.is_empty() || !removes.is_empty());
        assert!(adds.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(removes.windows(2).all(|w| w[0] < w[1]));
        let file = ListFile {
            kind: FileKind::Delta,
            from: 7,
            to: 8,
            published_at: 1_795_570_200,
            count: adds.len() as u64,
            checksum: 0,
            adds,
            removes,
        };
        let bytes = file.encode(&test_signing_key());
        assert_eq!(
            ListFile::decode(&bytes, &test_public_key()).as_ref(),
            Ok(&file)
        );
    }
}
