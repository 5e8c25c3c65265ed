//! What may be filed as a complaint: one rule for the device (before it is
//! queued) and the gateway (before it is stored); the device's copy
//! (`store.rs`) and the facade (`facade.rs`).

mod facade;
pub(crate) mod store;

/// The complaint kinds, as the bank's categories.
pub const CATEGORIES: [&str; 5] = ["service", "fraud", "fees", "app", "other"];

/// Longest reply from the bank, in characters.
pub const MAX_REPLY_CHARS: usize = 2000;

/// A complaint filed from this phone, with where it stands
/// (事事有回应: shown until the bank has answered, and then with the answer).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Filed {
    /// One of [`CATEGORIES`].
    pub category: String,
    /// What she wrote (or said).
    pub text: String,
    /// `waiting` (not sent yet), `received`, `in_progress`, `answered`, `refused`.
    pub status: String,
    /// The bank's answer, once there is one.
    pub reply: Option<String>,
    /// When she filed it (unix seconds).
    pub created_at: i64,
}

/// The statuses the bank sends.
pub const STATUSES: [&str; 3] = ["received", "in_progress", "answered"];

/// Longest complaint text, in characters.
pub const MAX_CHARS: usize = 2000;

/// The text as it is kept (trimmed), when the kind is known and the text is
/// 1–[`MAX_CHARS`] characters without control characters.
pub fn accept<'a>(category: &str, text: &'a str) -> Option<&'a str> {
    crate::bank::wire::plain_text(text, MAX_CHARS).filter(|_| CATEGORIES.contains(&category))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_and_text_are_checked() {
        assert_eq!(
            accept("fees", "  年费没有提前告知 "),
            Some("年费没有提前告知")
        );
        assert_eq!(accept("nonsense", "x"), None);
        assert_eq!(accept("app", "   "), None);
        assert_eq!(accept("app", &"字".repeat(MAX_CHARS + 1)), None);
        assert_eq!(accept("app", "a\u{7}b"), None);
    }
}
