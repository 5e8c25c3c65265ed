//! `fraud::normalize`: whatever she types, pastes or scans. A normalised
//! item normalises to itself again (the key the list stores is the key a
//! lookup makes; a site written as a link), a phone is digits (or `+` and digits), an account 12–25
//! digits, a site a lower-case host without a trailing dot; the same holds
//! for `phone`, `account`, `url` alone and for every item `extract` finds.

use happylife_core::fraud::normalize::{self, Kind, Normalized};

fn well_formed(n: &Normalized, from: &str) {
    let v = &n.value;
    assert!(!v.is_empty(), "{from:?}: {n:?}");
    match n.kind {
        Kind::Phone => {
            let digits = v.strip_prefix('+').unwrap_or(v);
            assert!(
                !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()),
                "{from:?}: {n:?}"
            );
        }
        Kind::Account => assert!(
            (12..=25).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_digit()),
            "{from:?}: {n:?}"
        ),
        Kind::Url => {
            for h in std::iter::once(v).chain(&n.host) {
                assert!(!h.ends_with('.'), "{from:?}: {n:?}");
                assert_eq!(*h, h.to_ascii_lowercase(), "{from:?}: {n:?}");
            }
            assert!(n.host.as_ref() != Some(v), "{from:?}: {n:?}");
        }
        Kind::Unknown => panic!("{from:?}: an item of unknown kind: {n:?}"),
    }
    assert_eq!(n.keys().len(), 1 + usize::from(n.host.is_some()));
}

/// `again` of the canonical spelling is the same item. A site is written
/// back as a link (`http://host`, `http://[v6]`): without a scheme only a
/// known public suffix reads as a site.
fn idempotent(n: &Normalized, from: &str, again: impl Fn(&str) -> Option<Normalized>) {
    let spelled = match (n.kind, &n.host) {
        (Kind::Url, Some(host)) if host.contains(':') => format!("http://[{host}]"),
        (Kind::Url, Some(host)) => format!("http://{host}"),
        (Kind::Url, None) if n.value.contains(':') => format!("http://[{}]", n.value),
        (Kind::Url, None) => format!("http://{}", n.value),
        _ => n.value.clone(),
    };
    let m = again(&spelled).unwrap_or_else(|| panic!("{from:?} → {n:?} → nothing"));
    assert_eq!(m, *n, "{from:?} → {n:?}");
}

/// Checks one input (panics on a broken property).
pub fn check(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Some(n) = normalize::normalize(text) {
        well_formed(&n, text);
        idempotent(&n, text, normalize::normalize);
    }
    for (n, again) in [
        (
            normalize::phone(text),
            normalize::phone as fn(&str) -> Option<Normalized>,
        ),
        (normalize::account(text), normalize::account),
        (normalize::url(text), normalize::url),
    ] {
        if let Some(n) = n {
            well_formed(&n, text);
            idempotent(&n, text, again);
        }
    }
    let found = normalize::extract(text);
    for (i, n) in found.iter().enumerate() {
        well_formed(n, text);
        idempotent(n, text, normalize::normalize);
        assert!(!found[..i].contains(n), "{text:?}: {n:?} twice");
    }
}
