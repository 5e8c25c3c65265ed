//! `auth::id_number::IdNumber::parse`: a number it takes is 18 characters
//! with a real birth date and the right check character, reads the same
//! again, is rebuilt from its parts, and is masked to its first six and
//! last two.

use chrono::NaiveDate;
use happylife_core::auth::id_number::IdNumber;

/// Checks one input (panics on a broken property).
pub fn check(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(id) = IdNumber::parse(text) else {
        return;
    };
    let s = id.as_str();
    assert_eq!(s.len(), 18, "{id:?}");
    assert!(s[..17].bytes().all(|b| b.is_ascii_digit()), "{id:?}");
    assert_eq!(IdNumber::parse(s).as_ref(), Ok(&id));
    let birth = NaiveDate::parse_from_str(&s[6..14], "%Y%m%d").expect("a real birth date");
    let sequence: u16 = s[14..17].parse().expect("three digits");
    assert_eq!(IdNumber::from_parts(&s[..6], birth, sequence), id);
    let masked = id.masked();
    assert_eq!(masked, format!("{}**********{}", &s[..6], &s[16..]));
}
