//! The public error of the [`crate::Companion`] facade: few variants, each
//! one a caller can act on, each with a stable code and a Fluent message id
//! so it reaches the elder as a plain sentence. Internal errors are mapped
//! here, once, and logged without personal data.

use crate::accounts::AccountsError;
use crate::money::MoneyError;
use crate::settings::SettingsError;
use crate::store::StoreError;

/// What went wrong, in terms a screen can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CompanionError {
    /// The account does not exist on this device.
    #[error("account not found")]
    AccountNotFound,
    /// The store is read-only; the change was not saved.
    #[error("read-only store")]
    ReadOnly,
    /// A text size outside 100 %–200 %.
    #[error("text scale {value}% out of range")]
    TextScaleOutOfRange {
        /// What was asked for.
        value: i64,
    },
    /// A language tag we do not know.
    #[error("unknown language")]
    UnknownLanguage,
    /// An amount that is not valid.
    #[error("invalid amount")]
    Money(MoneyError),
    /// The local database failed; details are in the log.
    #[error("storage failure")]
    Storage,
    /// The bank cannot be reached now; queued actions wait.
    #[error("offline")]
    Offline,
    /// Nothing was sent: the bank's address is not https, or its
    /// certificate did not check out (someone may be in between).
    #[error("connection not safe")]
    InsecureConnection,
    /// This device is not connected to a bank yet.
    #[error("not connected to a bank")]
    NotConnected,
    /// The bank refused the request, with its stable code.
    #[error("refused by the bank: {code}")]
    Refused {
        /// The gateway's error code.
        code: String,
    },
    /// A complaint without text, too long, or of an unknown kind.
    #[error("invalid complaint")]
    InvalidComplaint,
    /// The bank sent data this version does not understand; nothing of it was applied.
    #[error("sync data not understood")]
    SyncDataNotUnderstood,
    /// No card with this id on this device.
    #[error("card not found")]
    CardNotFound,
    /// This action needs a live connection to the bank (unlocking a card).
    #[error("needs a live connection")]
    NeedsConnection,
    /// The card is frozen after a scam report; only the bank can unfreeze it.
    #[error("card frozen")]
    CardFrozen,
    /// A payee account number that is not 12–25 digits.
    #[error("invalid payee account")]
    InvalidPayeeAccount,
    /// A payee name that is empty or longer than 40 characters.
    #[error("invalid payee name")]
    InvalidPayeeName,
    /// No saved payee with this id.
    #[error("payee not found")]
    PayeeNotFound,
    /// A note longer than 200 characters.
    #[error("note too long")]
    NoteTooLong,
    /// Not enough money in the account.
    #[error("insufficient funds")]
    InsufficientFunds,
    /// The transfer would pass today's limit.
    #[error("daily limit exceeded")]
    DailyLimitExceeded {
        /// What may still be sent today, in fen.
        remaining_fen: i64,
    },
    /// A delayed transfer that has already arrived.
    #[error("too late to cancel")]
    TooLateToCancel,
    /// A family request that cannot go ahead.
    #[error("family: {0}")]
    Family(crate::family::FamilyError),
    /// A PIN that cannot be set or is not right.
    #[error("pin: {0}")]
    Pin(crate::auth::pin::PinError),
    /// This device has no login key (registered before keys, or the
    /// keystore lost it): it must be bound to the bank again.
    #[error("no device key")]
    NoDeviceKey,
    /// The platform keystore cannot be used.
    #[error("keystore unavailable")]
    KeystoreUnavailable,
    /// The bank did not accept the login.
    #[error("login refused")]
    LoginRefused,
    /// Binding the phone (or a PIN reset's code step) did not go ahead.
    #[error("enrol: {0}")]
    Enrol(#[from] crate::auth::enrol::EnrolError),
    /// A voiceprint step did not go ahead.
    #[error("voiceprint: {0}")]
    Voiceprint(#[from] crate::auth::voiceprint::VoiceprintError),
    /// Biometric login did not happen.
    #[error("biometric: {0}")]
    Biometric(#[from] crate::auth::biometric::BiometricError),
    /// This needs a login first (the PIN), and there is no live session.
    #[error("login needed")]
    LoginNeeded,
    /// The scam list's key as configured is not 64 hex digits of a key.
    #[error("bad scam-list key")]
    BadListKey,
    /// No such phone on her account (removed already).
    #[error("no such phone")]
    PhoneNotFound,
    /// The bank refused an unfreeze.
    #[error("unfreeze: {0}")]
    Unfreeze(#[from] crate::cards::unfreeze::UnfreezeError),
    /// A report's target is not a phone number, account number or address.
    #[error("not something that can be reported")]
    InvalidReportTarget,
    /// A report without a few words of what happened (or too long).
    #[error("a report needs a few words")]
    InvalidReportNote,
    /// A line to the bank's agent that cannot be sent (empty, too long).
    #[error("not a line that can be sent")]
    InvalidChat,
    /// No statement was made.
    #[error("statement: {0}")]
    Statement(#[from] crate::statements::StatementError),
    /// Refused during a phone call (binding, PIN reset, new login factors).
    #[error("refused during a call")]
    OnCall,
    /// What was to be dialled is not a phone number.
    #[error("not a phone number")]
    NotAPhoneNumber,
    /// The data on this phone is encrypted with a key the keystore does not
    /// hold (restored from another phone, or the keystore was reset). The
    /// file is kept untouched.
    #[error("database key does not open the data")]
    DatabaseKeyWrong,
    /// The data on this phone is encrypted and its key is gone from the
    /// keystore. The file is kept untouched.
    #[error("database key missing")]
    DatabaseKeyMissing,
    /// The recogniser's text cannot be read as something she said (too
    /// long for one sentence).
    #[error("voice text: {0}")]
    VoiceText(crate::voice::intent::InputError),
    /// A bill or auto-pay agreement cannot be handled as asked.
    #[error(transparent)]
    Bills(crate::bills::BillError),
    /// A product cannot be bought (suitability) or the answers are not understood.
    #[error(transparent)]
    Wealth(crate::wealth::WealthError),
}

impl CompanionError {
    /// Stable code for logs, tests and the FFI layer.
    pub fn code(&self) -> &'static str {
        match self {
            CompanionError::AccountNotFound => "account_not_found",
            CompanionError::ReadOnly => "read_only",
            CompanionError::TextScaleOutOfRange { .. } => "text_scale_out_of_range",
            CompanionError::UnknownLanguage => "unknown_language",
            CompanionError::Money(_) => "invalid_amount",
            CompanionError::Storage => "storage",
            CompanionError::Offline => "offline",
            CompanionError::NotConnected => "not_connected",
            CompanionError::InsecureConnection => "insecure_connection",
            CompanionError::Refused { .. } => "refused",
            CompanionError::InvalidComplaint => "invalid_complaint",
            CompanionError::SyncDataNotUnderstood => "sync_data_not_understood",
            CompanionError::CardNotFound => "card_not_found",
            CompanionError::NeedsConnection => "needs_connection",
            CompanionError::CardFrozen => "card_frozen",
            CompanionError::InvalidPayeeAccount => "invalid_payee_account",
            CompanionError::InvalidPayeeName => "invalid_payee_name",
            CompanionError::PayeeNotFound => "payee_not_found",
            CompanionError::NoteTooLong => "note_too_long",
            CompanionError::InsufficientFunds => "insufficient_funds",
            CompanionError::DailyLimitExceeded { .. } => "daily_limit_exceeded",
            CompanionError::TooLateToCancel => "too_late_to_cancel",
            CompanionError::Family(e) => e.code(),
            CompanionError::Pin(e) => e.code(),
            CompanionError::NoDeviceKey => "no_device_key",
            CompanionError::KeystoreUnavailable => "keystore_unavailable",
            CompanionError::LoginRefused => "login_refused",
            CompanionError::Enrol(e) => e.code(),
            CompanionError::Voiceprint(e) => e.code(),
            CompanionError::Biometric(e) => e.code(),
            CompanionError::LoginNeeded => "login_needed",
            CompanionError::BadListKey => "bad_list_key",
            CompanionError::PhoneNotFound => "unknown_phone",
            CompanionError::Unfreeze(e) => e.code(),
            CompanionError::Statement(e) => e.code(),
            CompanionError::InvalidChat => "invalid_chat",
            CompanionError::InvalidReportTarget => "invalid_report_target",
            CompanionError::InvalidReportNote => "invalid_report_note",
            CompanionError::OnCall => "on_call",
            CompanionError::NotAPhoneNumber => "not_a_phone_number",
            CompanionError::DatabaseKeyWrong => "database_key_wrong",
            CompanionError::DatabaseKeyMissing => "database_key_missing",
            CompanionError::VoiceText(e) => e.code(),
            CompanionError::Bills(e) => e.code(),
            CompanionError::Wealth(e) => e.code(),
        }
    }

    /// Fluent id of the plain-language message.
    pub fn message_id(&self) -> &'static str {
        match self {
            CompanionError::AccountNotFound => "error-account-not-found",
            CompanionError::ReadOnly => "error-read-only",
            CompanionError::TextScaleOutOfRange { .. } => "error-text-scale-range",
            CompanionError::UnknownLanguage => "error-unknown-language",
            CompanionError::Money(e) => e.message_id(),
            CompanionError::Storage => "error-store",
            CompanionError::Offline => "error-offline",
            CompanionError::NotConnected => "error-not-connected",
            CompanionError::InsecureConnection => "error-insecure-connection",
            CompanionError::Refused { .. } => "error-refused",
            CompanionError::InvalidComplaint => "error-invalid-complaint",
            CompanionError::SyncDataNotUnderstood => "error-sync-data",
            CompanionError::CardNotFound => "error-card-not-found",
            CompanionError::NeedsConnection => "error-needs-connection",
            CompanionError::CardFrozen => "error-card-frozen",
            CompanionError::InvalidPayeeAccount => "error-payee-account",
            CompanionError::InvalidPayeeName => "error-payee-name",
            CompanionError::PayeeNotFound => "error-payee-not-found",
            CompanionError::NoteTooLong => "error-note-too-long",
            CompanionError::InsufficientFunds => "error-insufficient-funds",
            CompanionError::DailyLimitExceeded { .. } => "error-daily-limit",
            CompanionError::TooLateToCancel => "error-too-late-to-cancel",
            CompanionError::Family(e) => e.message_id(),
            CompanionError::Pin(e) => e.message_id(),
            CompanionError::NoDeviceKey => "error-no-device-key",
            CompanionError::KeystoreUnavailable => "error-keystore",
            CompanionError::LoginRefused => "error-login-refused",
            CompanionError::Enrol(e) => e.message_id(),
            CompanionError::Voiceprint(e) => e.message_id(),
            CompanionError::Biometric(e) => e.message_id(),
            CompanionError::LoginNeeded => "error-login-needed",
            CompanionError::BadListKey => "error-bad-list-key",
            CompanionError::PhoneNotFound => "error-unknown-phone",
            CompanionError::Unfreeze(e) => e.message_id(),
            CompanionError::Statement(e) => e.message_id(),
            CompanionError::InvalidChat => "error-invalid-chat",
            CompanionError::InvalidReportTarget => "error-invalid-report-target",
            CompanionError::InvalidReportNote => "error-invalid-report-note",
            CompanionError::OnCall => "error-on-call",
            CompanionError::NotAPhoneNumber => "error-not-a-phone-number",
            CompanionError::DatabaseKeyWrong => "error-database-key-wrong",
            CompanionError::DatabaseKeyMissing => "error-database-key-missing",
            CompanionError::VoiceText(e) => e.message_id(),
            CompanionError::Bills(e) => e.message_id(),
            CompanionError::Wealth(e) => e.message_id(),
        }
    }
}

impl From<StoreError> for CompanionError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::ReadOnly => CompanionError::ReadOnly,
            StoreError::WrongKey => CompanionError::DatabaseKeyWrong,
            StoreError::KeyMissing => CompanionError::DatabaseKeyMissing,
            StoreError::Keystore(e) => {
                tracing::error!(error = %e, "keystore failure");
                CompanionError::KeystoreUnavailable
            }
            other => {
                tracing::error!(error = %other, "storage failure");
                CompanionError::Storage
            }
        }
    }
}

impl From<AccountsError> for CompanionError {
    fn from(e: AccountsError) -> Self {
        match e {
            AccountsError::NotFound => CompanionError::AccountNotFound,
            AccountsError::Store(s) => s.into(),
        }
    }
}

impl From<SettingsError> for CompanionError {
    fn from(e: SettingsError) -> Self {
        match e {
            SettingsError::TextScaleOutOfRange { value } => {
                CompanionError::TextScaleOutOfRange { value }
            }
            SettingsError::Store(s) => s.into(),
        }
    }
}

impl From<crate::auth::pin::PinError> for CompanionError {
    fn from(e: crate::auth::pin::PinError) -> Self {
        CompanionError::Pin(e)
    }
}

impl From<crate::family::FamilyError> for CompanionError {
    fn from(e: crate::family::FamilyError) -> Self {
        CompanionError::Family(e)
    }
}

impl From<MoneyError> for CompanionError {
    fn from(e: MoneyError) -> Self {
        CompanionError::Money(e)
    }
}

impl From<crate::fraud::FraudError> for CompanionError {
    /// A list the phone could not store is a storage failure; a list file
    /// that does not check out is data not understood.
    fn from(e: crate::fraud::FraudError) -> Self {
        match e {
            crate::fraud::FraudError::Storage(detail) => {
                tracing::error!(%detail, "blocklist storage failed");
                CompanionError::Storage
            }
            other => {
                tracing::warn!(error = %other, "blocklist file refused");
                CompanionError::SyncDataNotUnderstood
            }
        }
    }
}

impl From<crate::bank::client::GatewayError> for CompanionError {
    /// What a failed call to the bank means to her, when the feature has no
    /// meaning of its own for the bank's answer (`Companion::gateway_error`
    /// also marks the connection offline).
    fn from(e: crate::bank::client::GatewayError) -> Self {
        use crate::bank::client::GatewayError;
        match e {
            GatewayError::Unreachable | GatewayError::Failed(_) => CompanionError::Offline,
            GatewayError::Refused { code, .. } => CompanionError::Refused { code },
            GatewayError::Insecure => CompanionError::InsecureConnection,
            GatewayError::LoginNeeded => CompanionError::LoginNeeded,
        }
    }
}
