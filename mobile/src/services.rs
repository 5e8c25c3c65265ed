//! Everyday services for the shells: a complaint in her own words (typed,
//! or what the shell's recogniser heard), where her complaints stand, and
//! today's reminders as sentences (for the shell's notifications). The
//! rules and the words are the core's.

use crate::{HappyLife, MobileError};

/// One complaint and where it stands.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct ComplaintInfo {
    /// `service`, `fraud`, `fees`, `app` or `other`.
    pub category: String,
    /// What she said or wrote.
    pub text: String,
    /// `waiting`, `received`, `in_progress`, `answered`, `refused`.
    pub status: String,
    /// The bank's answer, once there is one.
    pub reply: Option<String>,
}

/// One reminder as the shell shows (or notifies) it.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct ReminderInfo {
    /// Stable key (what 知道了 puts away).
    pub key: String,
    /// `bill_due`, `card_due`, `deposit_matures`, `id_expiring`, `pension_credited`.
    pub kind: String,
    /// The sentence in the app's language: `燃气费 ¥65.00 请在 12月8日 前交。`
    pub text: String,
}

#[uniffi::export(async_runtime = "tokio")]
impl HappyLife {
    /// Files a complaint: kept on the phone at once, sent when online.
    /// `text` may be what the shell's recogniser heard her say; it is
    /// checked like typed text (1–2000 characters, no control characters).
    pub async fn file_complaint(&self, category: String, text: String) -> Result<(), MobileError> {
        self.companion.file_complaint(&category, &text).await?;
        Ok(())
    }

    /// Her complaints, newest first.
    pub async fn complaints(&self) -> Result<Vec<ComplaintInfo>, MobileError> {
        Ok(self
            .companion
            .complaints()
            .await?
            .into_iter()
            .map(|c| ComplaintInfo {
                category: c.category,
                text: c.text,
                status: c.status,
                reply: c.reply,
            })
            .collect())
    }

    /// Today's reminders, newest first, in the app's language.
    pub async fn reminders(&self) -> Result<Vec<ReminderInfo>, MobileError> {
        Ok(self
            .companion
            .reminders()
            .await?
            .iter()
            .map(|r| ReminderInfo {
                key: r.key.clone(),
                kind: r.kind.code().to_string(),
                text: r
                    .sentence(&self.companion.i18n(), self.companion.settings().language)
                    .0,
            })
            .collect())
    }

    /// 知道了: puts a reminder away on this phone.
    pub async fn put_away_reminder(&self, key: String) -> Result<(), MobileError> {
        self.companion.put_away_reminder(&key).await?;
        Ok(())
    }
}
