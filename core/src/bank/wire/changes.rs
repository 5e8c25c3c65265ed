//! The change log's records that are not answers of their own: what the
//! bank tells every phone of a customer about her accounts, cards,
//! complaints, products and settings (the `data` of a [`super::Change`]),
//! and what a command did ([`CommandDone`]).

use super::{Autopay, SettingKey};
use serde::{Deserialize, Deserializer, Serialize};

/// A customer as her devices receive her (a `customer` change).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Customer {
    /// Her customer id.
    pub id: String,
    /// Her name.
    pub name: String,
    /// `1951-03-08`.
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub birth_date: String,
    /// When her ID document expires (`2027-01-31`), when the bank knows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub id_expires_on: Option<String>,
}

/// What an account of a kind has besides its balance (each only for the
/// kinds it names).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountDetails {
    /// A time deposit's maturity (`2027-05-01`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub maturity_on: Option<String>,
    /// A time deposit's rate, in basis points.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_bp: Option<i64>,
    /// A pension's monthly credit, in fen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub monthly_fen: Option<i64>,
    /// A pension's next credit (`2026-12-15`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub next_credit_on: Option<String>,
    /// A credit card's limit, in fen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit_fen: Option<i64>,
    /// A credit card's current statement, in fen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statement_fen: Option<i64>,
    /// A credit card's minimum payment, in fen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_payment_fen: Option<i64>,
    /// A credit card's due date (`2026-12-20`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub due_on: Option<String>,
}

/// An account as her devices receive it (an `account` change: also each
/// time its balance moves).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    /// Id.
    pub id: i64,
    /// `debit`, `pension`, `time_deposit` or `credit_card`.
    pub kind: String,
    /// Last four digits.
    #[cfg_attr(feature = "openapi", schema(min_length = 4, max_length = 4))]
    pub last4: String,
    /// `CNY`.
    pub currency: String,
    /// Fen (negative on a credit card that is owed).
    pub balance_fen: i64,
    /// `2001-06-18`.
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub opened_on: String,
    /// Where it stands in her list.
    pub sort_order: i64,
    /// What its kind has besides the balance.
    pub details: AccountDetails,
}

/// A transaction on one of her accounts (a `transaction` change).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transaction {
    /// Id.
    pub id: i64,
    /// The account.
    pub account_id: i64,
    /// Unix seconds.
    pub posted_at: i64,
    /// Fen (negative when money left).
    pub amount_fen: i64,
    /// The balance after it, in fen.
    pub balance_after_fen: i64,
    /// Plain category code (an `accounts::Category` code: `pension_credit`, `groceries`...).
    pub category: String,
    /// The other side, when there is one.
    #[serde(default)]
    pub counterparty: Option<String>,
}

/// A saved payee (a `payee` change): the last four digits of the account only.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payee {
    /// Id.
    pub id: i64,
    /// The name on the account.
    pub name: String,
    /// Who the payee is to her (女儿, 孙子...), when she said.
    #[serde(default)]
    pub relationship: Option<String>,
    /// The account's last four digits.
    #[cfg_attr(feature = "openapi", schema(min_length = 4, max_length = 4))]
    pub last4: String,
}

/// A line of her conversation with the bank's agent (a `chat_message`
/// change).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatLine {
    /// Id.
    pub id: i64,
    /// The conversation.
    pub chat_id: i64,
    /// Written by the agent (else by her).
    pub from_agent: bool,
    /// What was written.
    pub text: String,
    /// Unix seconds.
    pub created_at: i64,
    /// The Idempotency-Key of the command that sent it (hers only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_key: Option<String>,
}

/// 举报: a number, account or site she reported, and where it stands (a
/// `fraud_report` change).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FraudReportLine {
    /// Id.
    pub id: i64,
    /// What she reported, as she wrote it.
    pub target: String,
    /// What happened, in her words.
    pub note: String,
    /// `received`, `confirmed` (on the scam list now) or `rejected`.
    pub status: String,
    /// Unix seconds.
    pub created_at: i64,
    /// The Idempotency-Key of the command that sent it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_key: Option<String>,
}

/// Where her conversation stands (`GET /v1/chat`).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatState {
    /// `none` (no open conversation), `waiting` (in the queue), `open` (an
    /// agent has it).
    pub status: String,
    /// Waiting: how many are before her (0: she is next).
    #[serde(default)]
    pub ahead: Option<i64>,
    /// Waiting: the expected wait, in whole minutes.
    #[serde(default)]
    pub wait_minutes: Option<i64>,
}

/// A complaint (a `complaint` change, and the `complaint` command's answer).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Complaint {
    /// Id.
    pub id: i64,
    /// `service`, `fraud`, `fees`, `app` or `other` (a `ComplaintCategory` code).
    #[serde(default)]
    pub category: Option<String>,
    /// What she wrote.
    #[serde(default)]
    pub text: String,
    /// `received`, `in_progress` or `answered`.
    pub status: String,
    /// Unix seconds.
    #[serde(default)]
    pub created_at: i64,
    /// The Idempotency-Key of the command that filed it (only as filed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_key: Option<String>,
    /// The bank's reply: absent as filed, then (once an operator has
    /// looked at it) `null` until there is one.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub reply: Option<Option<String>>,
    /// When an operator last changed it (unix seconds); absent as filed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<i64>,
}

impl Complaint {
    /// The bank's reply, if any.
    pub fn reply(&self) -> Option<&str> {
        self.reply.as_ref().and_then(Option::as_deref)
    }
}

/// A field that is there (even as `null`) is `Some`; with `#[serde(default)]`
/// a missing one is `None`.
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

/// A card as her devices receive it (a `card` change, and the `card_lock`
/// command's answer): the last four digits only.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Card {
    /// Id.
    pub id: i64,
    /// The account it draws on.
    pub account_id: i64,
    /// `debit` or `credit` (a `CardKind` code).
    pub kind: String,
    /// Last four digits.
    #[cfg_attr(feature = "openapi", schema(min_length = 4, max_length = 4))]
    pub last4: String,
    /// Six-digit province code of its home region (`310000`).
    pub home_region: String,
    /// Usable only in the home region.
    pub region_lock: bool,
    /// Not usable outside the Chinese mainland.
    pub overseas_lock: bool,
    /// Not usable at night.
    pub night_lock: bool,
    /// No online or app payments.
    pub online_lock: bool,
    /// Night window start, minutes after midnight (0–1439).
    pub night_from: i64,
    /// Night window end, minutes after midnight (0–1439).
    pub night_to: i64,
    /// Frozen after a scam report (unfrozen only at a branch).
    pub frozen: bool,
}

/// A scam report ("我被骗了"): a `scam_report` change, and the command's answer.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScamReport {
    /// Id.
    pub id: i64,
    /// Unix seconds.
    #[serde(default)]
    pub created_at: i64,
    /// The Idempotency-Key of the command that reported it.
    #[serde(default)]
    pub client_key: Option<String>,
    /// How many cards were frozen.
    #[serde(default)]
    pub cards_frozen: u64,
    /// How many waiting transfers were cancelled.
    #[serde(default)]
    pub transfers_cancelled: u64,
    /// How many sessions on her other phones were ended.
    #[serde(default)]
    pub sessions_ended: u64,
}

/// A setting as the bank keeps it for one of her phones (a `setting`
/// change, and the `settings` command's answer).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Setting {
    /// The phone it belongs to.
    pub device_id: String,
    /// Which setting.
    pub key: SettingKey,
    /// Its value, as text.
    pub value: String,
}

/// A product's name in each language.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductNames {
    /// 简体中文.
    #[serde(rename = "zh-CN")]
    pub zh_cn: String,
    /// 繁體中文.
    #[serde(rename = "zh-TW")]
    pub zh_tw: String,
    /// English.
    pub en: String,
}

/// A product on the bank's shelf (a `product` change).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Product {
    /// Id.
    pub id: i64,
    /// Stable code (`deposit-1y`).
    pub code: String,
    /// `deposit`, `wealth` or `fund` (a `ProductKind` code).
    pub kind: String,
    /// Risk level, 1–5 (PR1–PR5).
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 5))]
    pub risk: i64,
    /// Its name.
    pub names: ProductNames,
    /// The least that can be bought, in fen (above 0).
    pub min_fen: i64,
    /// Term in days (0: none).
    pub term_days: i64,
    /// Expected rate, in basis points.
    pub rate_bp: i64,
    /// Sold only from this age (0: to anyone).
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 150))]
    pub min_age: i64,
    /// Whether it is on sale.
    pub on_sale: bool,
}

/// Her risk profile as the bank scored it (a `risk_profile` change, and
/// the command's answer).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskProfile {
    /// 1–5 (C1–C5).
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 5))]
    pub level: i64,
    /// Unix seconds.
    pub assessed_at: i64,
}

/// A holding bought (a `holding` change, and the order's answer).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holding {
    /// Id.
    pub id: i64,
    /// The product.
    pub product_id: i64,
    /// Fen.
    pub amount_fen: i64,
    /// Unix seconds.
    pub bought_at: i64,
    /// The order's Idempotency-Key.
    #[serde(default)]
    pub client_key: Option<String>,
}

/// `POST /v1/wealth/orders`: the order's answer.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderDone {
    /// The holding.
    pub holding: Holding,
}

/// `POST /v1/commands`: what a command did (only the field of its kind is there).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommandDone {
    /// The bank's record of the command (`settings` and `complaint` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command_id: Option<i64>,
    /// `applied`, `received` or `cancelled`.
    pub status: String,
    /// The setting as kept (`settings`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub setting: Option<Setting>,
    /// The complaint (`complaint`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub complaint: Option<Complaint>,
    /// The card (`card_lock`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card: Option<Card>,
    /// The report (`scam_report`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scam_report: Option<ScamReport>,
    /// The agreement (`autopay_cancel`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub autopay: Option<Autopay>,
    /// The profile (`risk_profile`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risk_profile: Option<RiskProfile>,
    /// The report as the bank keeps it (`fraud_report`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fraud_report: Option<FraudReportLine>,
    /// The line as the bank keeps it (`chat_message`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chat_line: Option<ChatLine>,
}

impl CommandDone {
    /// What a command did: `status`, and nothing else yet.
    pub fn new(status: &str) -> CommandDone {
        CommandDone {
            status: status.to_string(),
            ..CommandDone::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_filed_complaint_has_no_reply_and_an_answered_one_sends_null() {
        let filed = Complaint {
            id: 7,
            category: Some("fees".into()),
            text: "多收了钱".into(),
            status: "received".into(),
            created_at: 100,
            client_key: Some("k1".into()),
            reply: None,
            updated_at: None,
        };
        let body = serde_json::to_value(&filed).unwrap();
        assert_eq!(
            body,
            json!({"id": 7, "category": "fees", "text": "多收了钱", "status": "received",
                   "created_at": 100, "client_key": "k1"})
        );
        assert_eq!(Complaint::deserialize(&body).unwrap(), filed);
        let looked_at = json!({"id": 7, "category": "fees", "text": "t", "status": "in_progress",
                               "reply": null, "created_at": 100, "updated_at": 200});
        let c = Complaint::deserialize(&looked_at).unwrap();
        assert_eq!(c.reply, Some(None));
        assert_eq!(c.reply(), None);
        assert_eq!(serde_json::to_value(&c).unwrap(), looked_at);
        let answered =
            Complaint::deserialize(&json!({"id": 7, "status": "answered", "reply": "已退"}));
        assert_eq!(answered.unwrap().reply(), Some("已退"));
        assert!(Complaint::deserialize(&json!({"id": 7})).is_err());
    }

    #[test]
    fn a_command_done_carries_only_its_kind() {
        let done = CommandDone {
            risk_profile: Some(RiskProfile {
                level: 2,
                assessed_at: 5,
            }),
            ..CommandDone::new("applied")
        };
        let body = serde_json::to_value(&done).unwrap();
        assert_eq!(
            body,
            json!({"status": "applied", "risk_profile": {"level": 2, "assessed_at": 5}})
        );
        assert_eq!(CommandDone::deserialize(&body).unwrap(), done);
    }

    #[test]
    fn an_account_needs_its_details_and_sends_only_those_it_has() {
        let body = json!({"id": 1, "kind": "pension", "last4": "1234", "currency": "CNY",
                          "balance_fen": 5, "opened_on": "2001-01-01", "sort_order": 0,
                          "details": {"monthly_fen": 300000, "next_credit_on": "2026-12-15"}});
        let a = Account::deserialize(&body).unwrap();
        assert_eq!(a.details.monthly_fen, Some(300_000));
        assert_eq!(serde_json::to_value(&a).unwrap(), body);
        let mut no_details = body.clone();
        no_details.as_object_mut().unwrap().remove("details");
        assert!(Account::deserialize(&no_details).is_err());
    }

    #[test]
    fn a_customer_without_an_id_expiry_sends_none() {
        let c = Customer {
            id: "c1".into(),
            name: "李娜".into(),
            birth_date: "1980-01-01".into(),
            id_expires_on: None,
        };
        let body = serde_json::to_value(&c).unwrap();
        assert_eq!(
            body,
            json!({"id": "c1", "name": "李娜", "birth_date": "1980-01-01"})
        );
        let with_null =
            json!({"id": "c1", "name": "李娜", "birth_date": "1980-01-01", "id_expires_on": null});
        assert_eq!(Customer::deserialize(&with_null).unwrap(), c);
    }

    #[test]
    fn product_names_keep_their_language_tags() {
        let names = ProductNames {
            zh_cn: "一".into(),
            zh_tw: "壹".into(),
            en: "one".into(),
        };
        assert_eq!(
            serde_json::to_value(&names).unwrap(),
            json!({"zh-CN": "一", "zh-TW": "壹", "en": "one"})
        );
    }
}
