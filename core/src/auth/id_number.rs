//! The resident ID-card number (居民身份证号码, GB 11643-1999): how the elder
//! names herself to the bank when she binds a phone or resets her PIN.
//!
//! Read the way people type it: spaces and dashes dropped, full-width
//! digits (from Chinese input methods) made plain, a lower-case `x` made
//! upper-case. Eighteen characters: six of region, eight of birth date, three
//! of sequence, one check character (ISO 7064 MOD 11-2). A number that
//! fails the check is refused before it reaches the bank, with a sentence
//! that says which part to look at. The number is personal data: it is
//! never logged, and is shown only as [`IdNumber::masked`].

use chrono::NaiveDate;
use unicode_normalization::UnicodeNormalization;

/// A well-formed ID-card number.
#[derive(Clone, PartialEq, Eq)]
pub struct IdNumber(String);

impl std::fmt::Debug for IdNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("IdNumber").field(&self.masked()).finish()
    }
}

/// Why a typed ID number is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum IdNumberError {
    /// Not 18 characters of digits (the last may be X).
    #[error("an ID number is 18 characters")]
    Length,
    /// The birth date inside it is not a real date.
    #[error("the birth date in the ID number is not a date")]
    BirthDate,
    /// The last character does not match the others (a typing slip).
    #[error("the check character does not match")]
    Check,
}

impl IdNumberError {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            IdNumberError::Length => "id_number_length",
            IdNumberError::BirthDate => "id_number_birth_date",
            IdNumberError::Check => "id_number_check",
        }
    }

    /// Fluent id.
    pub fn message_id(self) -> &'static str {
        match self {
            IdNumberError::Length => "error-id-number-length",
            IdNumberError::BirthDate => "error-id-number-birth-date",
            IdNumberError::Check => "error-id-number-check",
        }
    }
}

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

fn check_char(first17: &str) -> char {
    let sum: u32 = first17
        .chars()
        .zip(WEIGHTS)
        .map(|(c, w)| c.to_digit(10).unwrap_or(0) * w)
        .sum();
    CHECK[(sum % 11) as usize]
}

impl IdNumber {
    /// Reads a typed number.
    pub fn parse(text: &str) -> Result<IdNumber, IdNumberError> {
        let plain: String = text
            .nfkc()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let chars: Vec<char> = plain.chars().collect();
        if chars.len() != 18
            || !chars[..17].iter().all(char::is_ascii_digit)
            || !(chars[17].is_ascii_digit() || chars[17] == 'X')
        {
            return Err(IdNumberError::Length);
        }
        NaiveDate::parse_from_str(&plain[6..14], "%Y%m%d").map_err(|_| IdNumberError::BirthDate)?;
        if check_char(&plain[..17]) != chars[17] {
            return Err(IdNumberError::Check);
        }
        Ok(IdNumber(plain))
    }

    /// A number made from its parts, with the right check character (the
    /// sandbox bank's demo customers).
    pub fn from_parts(region: &str, birth: NaiveDate, sequence: u16) -> IdNumber {
        let first17 = format!("{region}{}{:03}", birth.format("%Y%m%d"), sequence % 1000);
        let check = check_char(&first17);
        IdNumber(format!("{first17}{check}"))
    }

    /// The number, for the bank only.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// As shown on screen: `110105**********2X` (first six, last two).
    pub fn masked(&self) -> String {
        format!("{}{}{}", &self.0[..6], "*".repeat(10), &self.0[16..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_the_way_people_type_them() {
        let made = IdNumber::from_parts("110105", NaiveDate::from_ymd_opt(1954, 3, 8).unwrap(), 2);
        let text = made.as_str().to_string();
        assert_eq!(IdNumber::parse(&text), Ok(made.clone()));
        let spaced = format!("{} {} {}", &text[..6], &text[6..14], &text[14..]);
        assert_eq!(IdNumber::parse(&spaced), Ok(made.clone()));
        let wide: String = text
            .chars()
            .map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap())
            .collect();
        assert_eq!(
            IdNumber::parse(&wide),
            Ok(made.clone()),
            "full-width digits"
        );
        assert_eq!(made.masked().len(), 18);
        assert!(made.masked().starts_with("110105**********"));
        assert!(
            !format!("{made:?}").contains(&text[6..14]),
            "no birth date in logs"
        );
    }

    #[test]
    fn slips_are_named() {
        // A known-good number (the GB 11643 example) and one typing slip.
        assert!(IdNumber::parse("11010519491231002X").is_ok());
        assert!(
            IdNumber::parse("11010519491231002x").is_ok(),
            "lower-case x"
        );
        assert_eq!(
            IdNumber::parse("110105194912310021"),
            Err(IdNumberError::Check)
        );
        assert_eq!(
            IdNumber::parse("110105194913310029"),
            Err(IdNumberError::BirthDate)
        );
        for bad in [
            "",
            "1101051949",
            "11010519491231002XX",
            "1101051949123100AX",
        ] {
            assert_eq!(IdNumber::parse(bad), Err(IdNumberError::Length), "{bad}");
        }
    }
}
