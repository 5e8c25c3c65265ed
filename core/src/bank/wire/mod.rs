//! The wire contract with the bank, written once: the bodies the phone
//! sends (the outbox's commands, a transfer) and the change log it pulls,
//! as serde types with their limits. The phone's client sends them, the
//! gateway decodes them ([`Command::decode`], [`TransferRequest::decode`],
//! with their stable per-field error codes), and the gateway's OpenAPI
//! document is generated from them (`utoipa`, behind the `openapi` feature).

use crate::cards::Lock;
use crate::fraud::normalize;
use crate::settings::{Change as SettingChange, TextScale};
use crate::transfers::ContextFacts;
use crate::transfers::Delay;
use crate::transfers::request::{ContextJson, MAX_AMOUNT_FEN, MAX_NOTE_CHARS};
use crate::{Language, complaints, wealth};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

mod answers;
mod auth;
mod cards;
mod changes;
mod family;
mod payments;

pub use answers::{
    Risk, Ticket, Transfer, TransferCancelled, TransferChecked, TransferDone, TransferFound,
};
pub use auth::{
    BindDevice, BiometricKey, BiometricState, ChallengeRequest, CodeAnswer, CodeRequest, CodeSent,
    DeviceBound, LoggedOut, LoginChallenge, MAX_PHONE_NAME_CHARS, PhoneBound, PhoneInfo,
    PhoneRemoved, Phones, PinProof, PinRegistering, PinResetTaken, PinSet, PinStart, PinStarted,
    PinUpload, SessionInfo, SessionOpened, SignedChallenge, VoiceKeyState,
};
pub use cards::{Manifest, Unfreeze, UnfreezeAnswer};
pub use changes::*;
pub use family::{
    Approval, ApprovalAnswer, ApproveBody, AuditLine, DailyLimit, DailyLimitBody, ElderAccount,
    ElderAccounts, ElderBill, ElderBills, ElderDebit, ElderStatement, ElderStatementLine,
    ElderTransaction, ElderTransactions, FamilyAlert, FamilyLink, Invite, InviteCode,
    InviteCreated, LinkAnswer, RoleBody,
};
pub use payments::{
    Autopay, AutopayCreated, AutopayRequest, Bill, BillAccount, BillPaid, OrderRequest, PayBill,
};

/// Longest payee name, in characters.
pub const MAX_PAYEE_NAME_CHARS: usize = 40;
/// Longest relationship (女儿, 老同事...), in characters.
pub const MAX_RELATIONSHIP_CHARS: usize = 20;
/// Longest warning ticket, in bytes.
pub const MAX_TICKET_BYTES: usize = 128;

/// Why the bank refuses a body: a stable code (`invalid_field`,
/// `invalid_amount`...) and words for testers (never shown to elders).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WireError {
    /// The stable code, as the gateway's error answers carry it.
    pub code: &'static str,
    /// What is wrong, for testers.
    pub message: String,
}

impl WireError {
    /// A refusal with `code`.
    pub fn new(code: &'static str, message: impl Into<String>) -> WireError {
        WireError {
            code,
            message: message.into(),
        }
    }
}

/// A setting the bank keeps for her (the layout stays on the phone).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SettingKey {
    /// `zh-CN`, `zh-TW` or `en`.
    Language,
    /// 100–200 (per cent).
    TextScale,
    /// `0` or `1`.
    HighContrast,
}

/// A complaint's kind ([`complaints::CATEGORIES`]).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ComplaintCategory {
    /// Service.
    Service,
    /// Fraud.
    Fraud,
    /// Fees.
    Fees,
    /// The app.
    App,
    /// Anything else.
    Other,
}

/// Number of answers in the risk questionnaire.
pub const RISK_ANSWERS: usize = 5;

/// `POST /v1/commands`: one of the actions a phone queues in its outbox
/// (each sent once, in order, under its own idempotency key).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Command {
    /// Change a setting of hers.
    Settings {
        /// Which.
        key: SettingKey,
        /// Its new value, as text.
        #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 8))]
        value: String,
    },
    /// File a complaint (事事有回应).
    Complaint {
        /// Its kind.
        category: ComplaintCategory,
        /// 1–2000 characters.
        #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 2000))]
        text: String,
    },
    /// Turn one lock of a card on or off.
    CardLock {
        /// The card.
        card_id: i64,
        /// Which lock.
        lock: Lock,
        /// On or off.
        on: bool,
    },
    /// "我被骗了": every card frozen, every lock on.
    ScamReport {},
    /// End an auto-pay agreement.
    AutopayCancel {
        /// The agreement.
        #[cfg_attr(feature = "openapi", schema(minimum = 1))]
        agreement_id: i64,
    },
    /// The risk questionnaire's answers.
    RiskProfile {
        /// Five answers, each 1–4.
        #[cfg_attr(feature = "openapi", schema(min_items = 5, max_items = 5))]
        answers: Vec<u8>,
    },
    /// 举报: a number, account or site she reports, with what happened.
    FraudReport {
        /// A phone number, account number or web address.
        #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
        target: String,
        /// What happened, in a few words (1–200 characters).
        #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
        note: String,
    },
    /// A line she writes to a person at the bank (人工客服, in writing).
    ChatMessage {
        /// 1–500 characters.
        #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 500))]
        text: String,
    },
}

impl Command {
    /// The command's kind, as its body and the bank's records name it.
    pub fn kind(&self) -> &'static str {
        match self {
            Command::Settings { .. } => "settings",
            Command::Complaint { .. } => "complaint",
            Command::CardLock { .. } => "card_lock",
            Command::ScamReport {} => "scam_report",
            Command::AutopayCancel { .. } => "autopay_cancel",
            Command::RiskProfile { .. } => "risk_profile",
            Command::ChatMessage { .. } => "chat_message",
            Command::FraudReport { .. } => "fraud_report",
        }
    }

    /// The body, as sent.
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

impl From<SettingChange> for Command {
    fn from(change: SettingChange) -> Command {
        Command::Settings {
            key: match change {
                SettingChange::Language(_) => SettingKey::Language,
                SettingChange::TextScale(_) => SettingKey::TextScale,
                SettingChange::HighContrast(_) => SettingKey::HighContrast,
            },
            value: change.value(),
        }
    }
}

impl SettingKey {
    /// Whether `value` is a value this setting may take.
    pub fn accepts(self, value: &str) -> bool {
        match self {
            SettingKey::Language => Language::from_tag(value).is_some(),
            SettingKey::TextScale => value
                .parse::<u16>()
                .ok()
                .and_then(|p| TextScale::new(p).ok())
                .is_some(),
            SettingKey::HighContrast => value == "0" || value == "1",
        }
    }
}

/// A payee typed in for a transfer.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewPayee {
    /// The account number, 12 to 25 digits (any spacing).
    #[cfg_attr(feature = "openapi", schema(example = "6222021234567890"))]
    pub account: String,
    /// The name on the account, 1 to 40 characters.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 40))]
    pub name: String,
    /// Who the payee is to her (女儿, 老同事...), up to 20 characters.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 20))]
    pub relationship: Option<String>,
    /// Keep as a saved payee after the transfer.
    #[serde(default)]
    pub save: bool,
}

/// The warning she read and went on from: the ticket the bank issued
/// with it (an echoed decision acknowledges nothing).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Acknowledged {
    /// The ticket from `needs_confirmation` or `POST /v1/transfers/check`.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 128))]
    pub ticket: String,
}

/// `POST /v1/transfers` and `POST /v1/transfers/check`: a transfer as she
/// confirmed it. Also how a draft is kept on the phone (without
/// `acknowledged` and `context`).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TransferRequest {
    /// The debit account the money leaves.
    pub from_account_id: i64,
    /// A saved payee (or `payee`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payee_id: Option<i64>,
    /// Someone typed in (or `payee_id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payee: Option<NewPayee>,
    /// 1 fen to [`crate::transfers::request::MAX_AMOUNT_FEN`].
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 10_000_000_000i64))]
    pub amount_fen: i64,
    /// 附言, up to [`MAX_NOTE_CHARS`] characters.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub note: String,
    /// When it arrives.
    #[serde(default)]
    pub delay: Delay,
    /// The warning she went on from, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acknowledged: Option<Acknowledged>,
    /// What the phone knows of the moment (a call, screen sharing...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<ContextJson>,
}

/// One change in her change log.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// Position in the customer's log.
    pub seq: i64,
    /// `customer`, `account`, `transaction`, `setting`, `complaint`...
    pub entity: String,
    /// The entity's id.
    pub id: String,
    /// The entity as JSON.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub data: Value,
}

/// `GET /v1/changes`: one page of the change log.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChangePage {
    /// The changes, in order.
    pub changes: Vec<Change>,
    /// The cursor to ask from next.
    pub next: i64,
    /// Whether more pages follow.
    pub more: bool,
}

impl ChangePage {
    /// Reads a `/v1/changes` answer; `None` when a field is missing or of
    /// another type.
    pub fn from_json(body: &Value) -> Option<ChangePage> {
        ChangePage::deserialize(body).ok()
    }
}

/// Keeps a complaint category's code and [`ComplaintCategory`] in step.
impl ComplaintCategory {
    /// Its code ([`complaints::CATEGORIES`]).
    pub fn code(self) -> &'static str {
        match self {
            ComplaintCategory::Service => complaints::CATEGORIES[0],
            ComplaintCategory::Fraud => complaints::CATEGORIES[1],
            ComplaintCategory::Fees => complaints::CATEGORIES[2],
            ComplaintCategory::App => complaints::CATEGORIES[3],
            ComplaintCategory::Other => complaints::CATEGORIES[4],
        }
    }

    /// Parses [`ComplaintCategory::code`].
    pub fn from_code(code: &str) -> Option<ComplaintCategory> {
        [
            ComplaintCategory::Service,
            ComplaintCategory::Fraud,
            ComplaintCategory::Fees,
            ComplaintCategory::App,
            ComplaintCategory::Other,
        ]
        .into_iter()
        .find(|c| c.code() == code)
    }
}

/// A body as JSON, to send.
pub fn wire_body<T: Serialize>(body: &T) -> Value {
    serde_json::to_value(body).unwrap_or(Value::Null)
}

/// `body` as a `T`: any field missing or of another type is `code`, with
/// `message` (the bodies whose fields all share one refusal).
pub fn decode<T: DeserializeOwned>(
    body: &Value,
    code: &'static str,
    message: &str,
) -> Result<T, WireError> {
    T::deserialize(body).map_err(|_| WireError::new(code, message))
}

/// Field `name` of `body` as a `T`, when it is there and is one.
pub(crate) fn field<T: DeserializeOwned>(body: &Value, name: &str) -> Option<T> {
    body.get(name).and_then(|v| T::deserialize(v).ok())
}

/// Text field `name`: trimmed, 1–`max` characters, no control characters
/// (`invalid_field` otherwise).
pub fn short_text(value: Option<&Value>, name: &str, max: usize) -> Result<String, WireError> {
    plain_text(value.and_then(Value::as_str).unwrap_or_default(), max)
        .map(str::to_string)
        .ok_or_else(|| {
            WireError::new(
                "invalid_field",
                format!("{name} must be 1–{max} characters of text"),
            )
        })
}

/// Text someone wrote, as it is kept (trimmed): 1–`max` characters without
/// control characters. One rule for the phone (before it is queued) and
/// the bank (before it is stored).
pub fn plain_text(text: &str, max: usize) -> Option<&str> {
    let text = text.trim();
    let ok = !text.is_empty() && text.chars().count() <= max && !text.chars().any(char::is_control);
    ok.then_some(text)
}

/// Field `name` of `body` as a positive id (`invalid_field` otherwise).
pub fn positive_id(body: &Value, name: &str) -> Result<i64, WireError> {
    field::<i64>(body, name).filter(|v| *v > 0).ok_or_else(|| {
        WireError::new(
            "invalid_field",
            format!("{name} must be a positive whole number"),
        )
    })
}

impl SettingKey {
    /// Its code, as the body names it.
    pub fn code(self) -> &'static str {
        match self {
            SettingKey::Language => "language",
            SettingKey::TextScale => "text_scale",
            SettingKey::HighContrast => "high_contrast",
        }
    }
}

impl Command {
    /// The command in `body`, every field checked: `unknown_command`,
    /// `unknown_setting`, `invalid_setting`, `invalid_field` or
    /// `bad_answers` says which part is not acceptable.
    pub fn decode(body: &Value) -> Result<Command, WireError> {
        let invalid = |message: &str| WireError::new("invalid_field", message);
        match body.get("kind").and_then(Value::as_str) {
            Some("settings") => {
                let key: SettingKey = field(body, "key").ok_or_else(|| {
                    WireError::new(
                        "unknown_setting",
                        "key must be language, text_scale or high_contrast",
                    )
                })?;
                let value: String = field(body, "value").unwrap_or_default();
                if !key.accepts(&value) {
                    return Err(WireError::new(
                        "invalid_setting",
                        format!("{} cannot be set to that value", key.code()),
                    ));
                }
                Ok(Command::Settings { key, value })
            }
            Some("complaint") => Ok(Command::Complaint {
                category: field(body, "category").ok_or_else(|| {
                    invalid("category must be service, fraud, fees, app or other")
                })?,
                text: short_text(body.get("text"), "text", complaints::MAX_CHARS)?,
            }),
            Some("card_lock") => Ok(Command::CardLock {
                card_id: field(body, "card_id")
                    .ok_or_else(|| invalid("card_id must be a card number id"))?,
                lock: field(body, "lock")
                    .ok_or_else(|| invalid("lock must be region, overseas, night or online"))?,
                on: field(body, "on").ok_or_else(|| invalid("on must be true or false"))?,
            }),
            Some("scam_report") => Ok(Command::ScamReport {}),
            Some("autopay_cancel") => Ok(Command::AutopayCancel {
                agreement_id: positive_id(body, "agreement_id")?,
            }),
            Some("risk_profile") => {
                let answers: Vec<u8> = field(body, "answers")
                    .filter(|a: &Vec<u8>| wealth::score(a).is_ok())
                    .ok_or_else(|| {
                        WireError::new("bad_answers", "answers must be five options, 1–4")
                    })?;
                Ok(Command::RiskProfile { answers })
            }
            Some("fraud_report") => {
                let target =
                    short_text(body.get("target"), "target", crate::fraud::MAX_REPORT_CHARS)?;
                if crate::fraud::normalize::normalize(&target).is_none() {
                    return Err(invalid(
                        "target must be a phone number, account number or web address",
                    ));
                }
                Ok(Command::FraudReport {
                    target,
                    note: short_text(body.get("note"), "note", crate::fraud::MAX_REPORT_CHARS)?,
                })
            }
            Some("chat_message") => Ok(Command::ChatMessage {
                text: short_text(body.get("text"), "text", crate::chat::MAX_CHARS)?,
            }),
            _ => Err(WireError::new(
                "unknown_command",
                "kind must be settings, complaint, card_lock, scam_report, autopay_cancel, risk_profile, chat_message or fraud_report",
            )),
        }
    }
}

/// Whom a transfer is to, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PayeeOrder {
    /// A saved payee, by id (the bank looks it up).
    Saved(i64),
    /// Someone typed in: the account normalised, the name and relationship
    /// trimmed.
    New(NewPayee),
}

/// What a transfer asks for, checked: everything of the body but the
/// accounts.
#[derive(Clone, Debug, PartialEq)]
pub struct TransferTerms {
    /// 1 fen to [`MAX_AMOUNT_FEN`].
    pub amount: i64,
    /// Trimmed, up to [`MAX_NOTE_CHARS`] characters.
    pub note: String,
    /// Delayed arrival.
    pub delay: Delay,
    /// The warning ticket the bank issued and she went on from.
    pub ticket: Option<String>,
    /// The phone's signals.
    pub context: ContextFacts,
}

impl TransferRequest {
    /// The account the money leaves (`invalid_field` if it is not an id).
    pub fn from_account(body: &Value) -> Result<i64, WireError> {
        field(body, "from_account_id")
            .ok_or_else(|| WireError::new("invalid_field", "from_account_id must be an account id"))
    }

    /// The terms of a transfer in `body`: `invalid_amount`, `invalid_note`
    /// or `invalid_field` (delay, acknowledged, context) when one is not
    /// acceptable.
    pub fn terms(body: &Value) -> Result<TransferTerms, WireError> {
        let invalid = |message: &str| WireError::new("invalid_field", message);
        let amount = field::<i64>(body, "amount_fen")
            .filter(|a| (1..=MAX_AMOUNT_FEN).contains(a))
            .ok_or_else(|| {
                WireError::new(
                    "invalid_amount",
                    "amount_fen must be a whole number of fen above 0",
                )
            })?;
        let note = match body.get("note") {
            None | Some(Value::Null) => String::new(),
            Some(Value::String(n))
                if n.chars().count() <= MAX_NOTE_CHARS && !n.chars().any(char::is_control) =>
            {
                n.trim().to_string()
            }
            Some(_) => {
                return Err(WireError::new(
                    "invalid_note",
                    "the note must be up to 200 characters of text",
                ));
            }
        };
        let delay = match body.get("delay") {
            None | Some(Value::Null) => Delay::None,
            Some(_) => {
                field(body, "delay").ok_or_else(|| invalid("delay must be none, 2h or 24h"))?
            }
        };
        // The ticket the bank issued with the warning she read. An echoed
        // `{decision, reasons}` (what phones sent before tickets) is read as
        // no acknowledgement: the answer is the warning with a ticket.
        let ticket = match body.get("acknowledged") {
            None | Some(Value::Null) => None,
            Some(a) if a.is_object() => match a.get("ticket") {
                None | Some(Value::Null) => None,
                Some(Value::String(t))
                    if (1..=MAX_TICKET_BYTES).contains(&t.len())
                        && t.bytes().all(|b| b.is_ascii_graphic()) =>
                {
                    Some(t.clone())
                }
                Some(_) => {
                    return Err(invalid(
                        "acknowledged.ticket must be the ticket the bank issued with the warning",
                    ));
                }
            },
            Some(_) => {
                return Err(invalid(
                    "acknowledged must be {ticket} as the bank issued it with the warning",
                ));
            }
        };
        let context: ContextJson = match body.get("context") {
            None | Some(Value::Null) => ContextJson::default(),
            Some(v) => ContextJson::deserialize(v)
                .map_err(|e| WireError::new("invalid_field", format!("context: {e}")))?,
        };
        let context = context
            .facts()
            .map_err(|_| invalid("context hours must be 0 or more"))?;
        Ok(TransferTerms {
            amount,
            note,
            delay,
            ticket,
            context,
        })
    }

    /// The payee of a transfer in `body`: `invalid_field`,
    /// `invalid_account` or `invalid_name` when it is not acceptable.
    pub fn payee_order(body: &Value) -> Result<PayeeOrder, WireError> {
        let invalid = |message: &str| WireError::new("invalid_field", message);
        if let Some(id) = body.get("payee_id") {
            let id = i64::deserialize(id).map_err(|_| invalid("payee_id must be a number"))?;
            return Ok(PayeeOrder::Saved(id));
        }
        let p = body
            .get("payee")
            .filter(|p| p.is_object())
            .ok_or_else(|| invalid("give payee_id or payee {account, name}"))?;
        let account = p
            .get("account")
            .and_then(Value::as_str)
            .and_then(normalize::account)
            .ok_or_else(|| {
                WireError::new(
                    "invalid_account",
                    "the account number must be 12 to 25 digits",
                )
            })?
            .value;
        let name = p
            .get("name")
            .and_then(Value::as_str)
            .map(str::trim)
            .unwrap_or_default();
        if name.is_empty()
            || name.chars().count() > MAX_PAYEE_NAME_CHARS
            || name.chars().any(char::is_control)
        {
            return Err(WireError::new(
                "invalid_name",
                "the payee's name must be 1 to 40 characters",
            ));
        }
        let relationship = match p.get("relationship") {
            None | Some(Value::Null) => None,
            Some(Value::String(r))
                if r.chars().count() <= MAX_RELATIONSHIP_CHARS
                    && !r.chars().any(char::is_control) =>
            {
                Some(r.trim().to_string()).filter(|r| !r.is_empty())
            }
            Some(_) => return Err(invalid("relationship must be up to 20 characters")),
        };
        Ok(PayeeOrder::New(NewPayee {
            account,
            name: name.to_string(),
            relationship,
            save: field(p, "save").unwrap_or(false),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_command_the_phone_queues_is_one_the_bank_takes() {
        let commands = [
            Command::from(SettingChange::Language(Language::ZhTw)),
            Command::from(SettingChange::TextScale(TextScale::new(150).unwrap())),
            Command::from(SettingChange::HighContrast(true)),
            Command::Complaint {
                category: ComplaintCategory::Fees,
                text: "手续费太高".into(),
            },
            Command::CardLock {
                card_id: 7,
                lock: Lock::Night,
                on: true,
            },
            Command::ScamReport {},
            Command::AutopayCancel { agreement_id: 3 },
            Command::RiskProfile {
                answers: vec![1, 2, 3, 4, 1],
            },
            Command::ChatMessage {
                text: "我想问问养老金到账了没有".into(),
            },
            Command::FraudReport {
                target: "13812345678".into(),
                note: "冒充公安让我转钱".into(),
            },
        ];
        for command in commands {
            let body = command.to_json();
            assert_eq!(body["kind"], command.kind());
            assert_eq!(Command::decode(&body), Ok(command));
        }
    }

    #[test]
    fn a_bad_command_says_which_part_is_wrong() {
        let code = |body: Value| Command::decode(&body).unwrap_err().code;
        assert_eq!(code(json!({ "kind": "wire_money" })), "unknown_command");
        assert_eq!(code(json!({ "key": "language" })), "unknown_command");
        assert_eq!(
            code(json!({ "kind": "settings", "key": "layout", "value": "elder" })),
            "unknown_setting"
        );
        assert_eq!(
            code(json!({ "kind": "settings", "key": "text_scale", "value": "250" })),
            "invalid_setting"
        );
        assert_eq!(
            code(json!({ "kind": "complaint", "category": "other", "text": "  " })),
            "invalid_field"
        );
        assert_eq!(
            code(json!({ "kind": "card_lock", "card_id": 1, "lock": "moon", "on": true })),
            "invalid_field"
        );
        assert_eq!(
            code(json!({ "kind": "autopay_cancel", "agreement_id": 0 })),
            "invalid_field"
        );
        assert_eq!(
            code(json!({ "kind": "risk_profile", "answers": [1, 2, 3, 4, 9] })),
            "bad_answers"
        );
    }

    #[test]
    fn a_transfer_as_sent_is_read_back_by_the_bank_with_its_terms() {
        let request = TransferRequest {
            from_account_id: 1,
            payee_id: None,
            payee: Some(NewPayee {
                account: "6222 0210 0112 3456 789".into(),
                name: " 王小红 ".into(),
                relationship: Some("女儿".into()),
                save: true,
            }),
            amount_fen: 50_000,
            note: " 生活费 ".into(),
            delay: Delay::TwoHours,
            acknowledged: Some(Acknowledged {
                ticket: "t-1".into(),
            }),
            context: Some(ContextJson::from_facts(&ContextFacts {
                on_call: true,
                ..ContextFacts::default()
            })),
        };
        let body = serde_json::to_value(&request).unwrap();
        let terms = TransferRequest::terms(&body).unwrap();
        assert_eq!(
            (terms.amount, terms.note.as_str(), terms.delay),
            (50_000, "生活费", Delay::TwoHours)
        );
        assert_eq!(terms.ticket.as_deref(), Some("t-1"));
        assert!(terms.context.on_call);
        let PayeeOrder::New(payee) = TransferRequest::payee_order(&body).unwrap() else {
            panic!("a new payee");
        };
        assert_eq!(
            (payee.account.as_str(), payee.name.as_str()),
            ("6222021001123456789", "王小红")
        );
        assert_eq!(TransferRequest::from_account(&body), Ok(1));
    }

    #[test]
    fn a_bad_transfer_says_which_part_is_wrong() {
        let base = json!({ "from_account_id": 1, "payee_id": 2, "amount_fen": 100 });
        let with = |k: &str, v: Value| {
            let mut b = base.clone();
            b[k] = v;
            b
        };
        let terms = |b: Value| TransferRequest::terms(&b).unwrap_err().code;
        assert_eq!(terms(with("amount_fen", json!(0))), "invalid_amount");
        assert_eq!(
            terms(with("amount_fen", json!(MAX_AMOUNT_FEN + 1))),
            "invalid_amount"
        );
        assert_eq!(terms(with("note", json!("x".repeat(201)))), "invalid_note");
        assert_eq!(terms(with("delay", json!("1w"))), "invalid_field");
        // An echoed decision acknowledges nothing (and is no error).
        let echoed = with("acknowledged", json!({ "decision": "warn" }));
        assert_eq!(TransferRequest::terms(&echoed).unwrap().ticket, None);
        assert_eq!(
            terms(with("context", json!({ "new_device_hours": -1 }))),
            "invalid_field"
        );
        let payee = |b: Value| TransferRequest::payee_order(&b).unwrap_err().code;
        let typed = |p: Value| json!({ "payee": p });
        assert_eq!(
            payee(typed(json!({ "account": "12", "name": "王" }))),
            "invalid_account"
        );
        assert_eq!(
            payee(typed(
                json!({ "account": "6222021001123456789", "name": " " })
            )),
            "invalid_name"
        );
        assert_eq!(payee(json!({ "payee_id": "2" })), "invalid_field");
        assert_eq!(
            TransferRequest::from_account(&json!({})).unwrap_err().code,
            "invalid_field"
        );
    }

    #[test]
    fn a_page_of_changes_reads_as_the_phone_applies_it() {
        let body = json!({
            "changes": [{ "seq": 4, "entity": "setting", "id": "language", "data": { "value": "en" } }],
            "next": 4, "more": false,
        });
        let page = ChangePage::from_json(&body).unwrap();
        assert_eq!(page.changes[0].data["value"], "en");
        assert_eq!(serde_json::to_value(&page).unwrap(), body);
        assert_eq!(
            ChangePage::from_json(&json!({ "changes": [], "next": "4", "more": false })),
            None
        );
    }

    #[test]
    fn every_other_body_the_phone_sends_is_one_the_bank_takes() {
        use crate::auth::{CodePurpose, LoginMethod};
        use crate::family::Role;
        let key = hex::encode(
            ed25519_dalek::SigningKey::from_bytes(&[7; 32])
                .verifying_key()
                .as_bytes(),
        );
        let sent = |b: &dyn erased::Body| b.json();
        let id = CodeRequest {
            id_number: "11010519491231002X".into(),
            purpose: CodePurpose::Bind,
        };
        assert_eq!(
            CodeRequest::decode(&wire_body(&id)).map(|(p, _)| p),
            Ok(CodePurpose::Bind)
        );
        let bind = BindDevice {
            code_id: 4,
            code: "482913".into(),
            name: "王秀兰的手机".into(),
            public_key: key.to_uppercase(),
        };
        let back = BindDevice::decode(&sent(&bind)).unwrap();
        assert_eq!(back.public_key, key, "the key is kept in lower case");
        let answer = CodeAnswer {
            code_id: 4,
            code: "482913".into(),
        };
        assert_eq!(CodeAnswer::decode(&sent(&answer)), Ok(answer));
        for method in [LoginMethod::Biometric, LoginMethod::Voiceprint] {
            assert_eq!(
                ChallengeRequest::decode(&sent(&ChallengeRequest { method })),
                Ok(method)
            );
        }
        assert_eq!(
            ChallengeRequest::decode(&sent(&ChallengeRequest {
                method: LoginMethod::Pin
            }))
            .unwrap_err()
            .code,
            "invalid_field",
            "a PIN login does not start with a challenge"
        );
        let proof = PinProof {
            login_id: 9,
            proof: "0a".into(),
            signature: "0b".into(),
        };
        assert_eq!(PinProof::decode(&sent(&proof)), Ok(proof));
        let not_hex = PinStart {
            request: "xyz".into(),
        };
        assert_eq!(
            PinStart::decode(&sent(&not_hex)).unwrap_err().code,
            "invalid_field"
        );
        assert_eq!(
            RoleBody::decode(&sent(&RoleBody {
                role: Role::Guardian
            })),
            Ok(Role::Guardian)
        );
        assert_eq!(
            InviteCode::decode(&sent(&InviteCode {
                code: "１２３ ４５６".into()
            })),
            Ok("123456".into())
        );
        assert_eq!(
            DailyLimitBody::decode(&sent(&DailyLimitBody { limit_fen: 5 })),
            Err(crate::family::FamilyError::InvalidLimit)
        );
        let order = OrderRequest {
            product_id: 1,
            from_account_id: 2,
            amount_fen: 100_000,
        };
        assert_eq!(OrderRequest::decode(&sent(&order)), Ok(order));
        let autopay = AutopayRequest {
            bill_account_id: 1,
            from_account_id: 2,
            limit_fen: 600_000,
        };
        assert_eq!(
            AutopayRequest::decode(&sent(&autopay)).unwrap_err().code,
            crate::bills::BillError::LimitOutOfRange.code()
        );
    }

    /// Any body, as sent.
    mod erased {
        pub trait Body {
            fn json(&self) -> serde_json::Value;
        }
        impl<T: serde::Serialize> Body for T {
            fn json(&self) -> serde_json::Value {
                super::wire_body(self)
            }
        }
    }
}
