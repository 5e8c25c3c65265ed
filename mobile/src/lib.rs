//! happylife-mobile: the library the Android and iOS shells load.
//!
//! Today it holds the account summary the shells' home widgets will show,
//! mapped from `happylife-core` and tested here. The uniffi surface
//! (register, PIN, biometric and voiceprint login, the foreign traits
//! `BiometricPrompter`, `VoiceCapture`, `CallState`, `ShakeDetector`) and the
//! generated Kotlin/Swift/Python bindings come with the login issue; the
//! `android/` and `ios/` shells with it.
//!
//! Family alerts: [`install_push_hook`] turns each alert a sync brings into a
//! [`Notification`] (plain text in the elder's… or the family member's
//! language) for the shell's notifier.

use happylife_core::{Account, Companion, CompanionError};

/// One account as a shell shows it: no core types, only plain fields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountSummary {
    /// Fluent id of the account kind's name (`account-kind-debit`).
    pub kind_message_id: String,
    /// Last four digits of the account number.
    pub last4: String,
    /// Balance in fen (negative: owed on a credit card).
    pub balance_fen: i64,
    /// Balance as the elder reads it: `¥12,345.60`.
    pub balance_text: String,
}

impl From<&Account> for AccountSummary {
    fn from(a: &Account) -> Self {
        AccountSummary {
            kind_message_id: a.kind.message_id().to_string(),
            last4: a.number.last4().to_string(),
            balance_fen: a.balance.fen(),
            balance_text: a.balance.format_grouped(),
        }
    }
}

/// Every account of the device's customer, as summaries.
pub async fn account_summaries(
    companion: &Companion,
) -> Result<Vec<AccountSummary>, CompanionError> {
    Ok(companion
        .accounts()
        .await?
        .iter()
        .map(AccountSummary::from)
        .collect())
}

/// A family alert as a phone notification.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notification {
    /// Stable kind (`scam_reported`, `cosign_needed`…), for the shell's channel.
    pub kind: String,
    /// Urgent ones break through (a scam report, a transfer stopped or waiting).
    pub urgent: bool,
    /// The sentence: `王秀兰 按了“我被骗了”，所有卡已冻结。请马上给她打电话。`
    pub text: String,
}

/// Calls `notify` with a [`Notification`] for every family alert each sync
/// brings, in the language of the settings at that moment.
pub fn install_push_hook(
    companion: &Companion,
    notify: std::sync::Arc<dyn Fn(Notification) + Send + Sync>,
) {
    companion.on_family_alert(std::sync::Arc::new(move |alert, text| {
        notify(Notification {
            kind: alert.kind.code().to_string(),
            urgent: alert.kind.urgent(),
            text,
        });
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn summaries_carry_only_masked_numbers_and_grouped_amounts() {
        let dir = tempfile::tempdir().unwrap();
        let companion = Companion::open(dir.path()).await.unwrap();
        let summaries = account_summaries(&companion).await.unwrap();
        let accounts = companion.accounts().await.unwrap();
        assert_eq!(summaries.len(), accounts.len());
        for (s, a) in summaries.iter().zip(&accounts) {
            assert_eq!(s.last4.len(), 4);
            assert_eq!(s.balance_fen, a.balance.fen());
            assert!(s.balance_text.starts_with('¥') || s.balance_text.starts_with("-¥"));
        }
        assert_eq!(summaries[0].kind_message_id, "account-kind-debit");
    }
}
