//! The risk check every transfer passes before its confirmation screen.
//!
//! One engine, deterministic: the same facts always give the same decision,
//! the same reasons in the same order. It is a pure function: the caller
//! looks the payee up in the blocklist and passes the answer in.
//!
//! Where the rules come from:
//! - The police's 六个一律 / 八个凡是: anyone who asks for money into a
//!   "safe account" (安全账户), who says they are 公检法 and asks for a
//!   transfer, any paid "order brushing" (刷单) — always a scam → **block**.
//!   Screen sharing during a transfer (凡是要求屏幕共享的) → **block**.
//! - FinCEN's elder financial exploitation red flags (FIN-2022-A002): a
//!   transfer far above the customer's own habits, to a new payee, after a
//!   recent change of device or password, while someone else is acting for
//!   the elder, or under pressure on the phone.
//! - Confirmation of Payee: a new payee is named as such on the
//!   confirmation screen; a "relative" who suddenly has a new account is
//!   the 冒充亲友 script.
//! - After 我被骗了 (7 days) every transfer needs a guardian: the scammer
//!   may still be on the phone.
//!
//! Weak signals only count together, so ordinary family transfers stay
//! `allow` (false alarms teach elders to ignore warnings):
//!
//! | signal                                       | weight |
//! |----------------------------------------------|--------|
//! | new payee                                    | 1      |
//! | amount ≥ 3 × own median and ≥ ¥2,000 (≥ ¥5,000 with no history) | 2 (1 to a saved payee) |
//! | amount ≥ ¥50,000 (≥ ¥20,000 at 65+)          | 2 (1 to a saved payee) |
//! | a "relative" with a new account, ≥ ¥2,000    | 2      |
//! | night (22:00–06:00 at the elder's clock)     | 2      |
//! | new device in the last 24 h                  | 2      |
//! | password changed in the last 24 h            | 2      |
//! | a phone call in progress                     | 2 (1 to a saved payee) |
//! | scam words in the note                       | 3      |
//!
//! Sum ≥ 5 → **cosign** (a guardian must approve); ≥ 3 → **warn** (explain,
//! then a short wait before confirm); else **allow**. A transfer made by an
//! agent for the elder is at least **cosign**. Block rules win over all.

use crate::fraud::ScamCategory;
use chrono::{DateTime, FixedOffset, Timelike};
use unicode_normalization::UnicodeNormalization;

/// The decision, from mildest to strictest.
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::ToSchema),
    schema(rename_all = "snake_case")
)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Decision {
    /// Go to the confirmation screen.
    Allow,
    /// Explain the matching scam, wait a little, then allow confirmation.
    Warn,
    /// A linked guardian must approve before the money moves.
    Cosign,
    /// Do not send; explain why and show 96110 and the bank's number.
    Block,
}

impl Decision {
    /// Parses [`Decision::code`].
    pub fn from_code(code: &str) -> Option<Decision> {
        [
            Decision::Allow,
            Decision::Warn,
            Decision::Cosign,
            Decision::Block,
        ]
        .into_iter()
        .find(|d| d.code() == code)
    }

    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            Decision::Allow => "allow",
            Decision::Warn => "warn",
            Decision::Cosign => "cosign",
            Decision::Block => "block",
        }
    }
}

/// Why: each reason has a stable code and a Fluent message `reason-<code>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Reason {
    /// The payee's account is on the scam list.
    PayeeListed,
    /// The note has words that only scams use (安全账户, 公检法, 刷单…).
    ScamWordsCertain,
    /// Screen sharing is on.
    ScreenSharing,
    /// Someone else is making this transfer for the elder.
    ByAgent,
    /// The elder pressed 我被骗了 in the last 7 days (a scammer may still be
    /// on the phone).
    RecentScamReport,
    /// The note has words scams often use (退款, 保证金, 高回报…).
    ScamWords,
    /// A phone call is in progress.
    OnCall,
    /// Far above the elder's usual transfers.
    UnusualAmount,
    /// A large amount.
    LargeAmount,
    /// A "relative" with an account never used before.
    RelativeNewAccount,
    /// A new device was added in the last 24 hours.
    NewDevice,
    /// The password was changed in the last 24 hours.
    PasswordChanged,
    /// Late at night.
    NightTime,
    /// A payee never paid before.
    NewPayee,
}

impl Reason {
    /// Every reason.
    pub const ALL: [Reason; 14] = [
        Reason::PayeeListed,
        Reason::ScamWordsCertain,
        Reason::ScreenSharing,
        Reason::ByAgent,
        Reason::RecentScamReport,
        Reason::ScamWords,
        Reason::OnCall,
        Reason::UnusualAmount,
        Reason::LargeAmount,
        Reason::RelativeNewAccount,
        Reason::NewDevice,
        Reason::PasswordChanged,
        Reason::NightTime,
        Reason::NewPayee,
    ];

    /// Parses [`Reason::code`].
    pub fn from_code(code: &str) -> Option<Reason> {
        Reason::ALL.into_iter().find(|r| r.code() == code)
    }

    /// Stable code (JSON, logs); the message id is `reason-<code with dashes>`.
    pub fn code(self) -> &'static str {
        match self {
            Reason::PayeeListed => "payee_listed",
            Reason::ScamWordsCertain => "scam_words_certain",
            Reason::ScreenSharing => "screen_sharing",
            Reason::ByAgent => "by_agent",
            Reason::RecentScamReport => "recent_scam_report",
            Reason::ScamWords => "scam_words",
            Reason::OnCall => "on_call",
            Reason::UnusualAmount => "unusual_amount",
            Reason::LargeAmount => "large_amount",
            Reason::RelativeNewAccount => "relative_new_account",
            Reason::NewDevice => "new_device",
            Reason::PasswordChanged => "password_changed",
            Reason::NightTime => "night_time",
            Reason::NewPayee => "new_payee",
        }
    }

    /// Fluent id of the plain sentence.
    pub fn message_id(self) -> String {
        format!("reason-{}", self.code().replace('_', "-"))
    }

    /// Weight in the sum. A call, an unusual or a large amount weigh less
    /// when the money goes to a payee the elder has paid before (a daughter
    /// on the phone asking for help with a bill is not a scam).
    fn weight(self, new_payee: bool) -> u32 {
        match self {
            Reason::OnCall | Reason::UnusualAmount | Reason::LargeAmount if !new_payee => 1,
            Reason::NewPayee => 1,
            Reason::ScamWords => 3,
            Reason::UnusualAmount
            | Reason::LargeAmount
            | Reason::RelativeNewAccount
            | Reason::NightTime
            | Reason::NewDevice
            | Reason::PasswordChanged
            | Reason::OnCall => 2,
            Reason::PayeeListed
            | Reason::ScamWordsCertain
            | Reason::ScreenSharing
            | Reason::ByAgent
            | Reason::RecentScamReport => 0,
        }
    }
}

/// Who is paid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PayeeFacts {
    /// Never paid before from this account.
    pub is_new: bool,
    /// The relationship the elder gave (女儿, grandson…), if any.
    pub relationship: Option<String>,
}

/// What the bank knows about the elder's own habits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CustomerFacts {
    /// Age in years.
    pub age: u32,
    /// Median of the elder's past transfers, in fen (0: no history).
    pub median_transfer_fen: i64,
}

/// Signals from the phone and the session. `None`/`false`: not known or no.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ContextFacts {
    /// A phone call is in progress (native hook).
    pub on_call: bool,
    /// A screen-sharing app is active (native hook).
    pub screen_sharing: bool,
    /// Hours since this device was added, if known.
    pub new_device_hours: Option<f64>,
    /// Hours since the password was changed, if known.
    pub password_changed_hours: Option<f64>,
    /// Someone else (an agent, a helper) is acting for the elder.
    pub by_agent: bool,
}

impl ContextFacts {
    /// The bank's own facts over the phone's word: how long ago the phone
    /// was bound and the PIN reset, from the bank's records. The phone's
    /// word can only make either look more recent (more risk), never
    /// older; its other signals (a call, screen sharing, an agent) only add
    /// reasons. So nothing the phone says can lower a decision.
    pub fn with_bank_facts(
        mut self,
        device_hours: Option<f64>,
        pin_reset_hours: Option<f64>,
    ) -> ContextFacts {
        fn earliest(phone: Option<f64>, bank: Option<f64>) -> Option<f64> {
            match (phone.filter(|h| h.is_finite()), bank) {
                (Some(p), Some(b)) => Some(p.min(b)),
                (p, b) => p.or(b),
            }
        }
        self.new_device_hours = earliest(self.new_device_hours, device_hours);
        self.password_changed_hours = earliest(self.password_changed_hours, pin_reset_hours);
        self
    }
}

/// How long a payee stays new after the first payment to it (or after it
/// was saved), whatever that payment's size: a scammer's "先转 1 分钱验证"
/// does not make the account a known one.
pub const PAYEE_NEW_SECS: i64 = 24 * 3600;

/// Whether a payee known since `known_since` (unix seconds: the first
/// payment to it, or when it was saved; `None`: never) is new at `now`.
pub fn payee_is_new(known_since: Option<i64>, now: i64) -> bool {
    known_since.is_none_or(|since| now - since < PAYEE_NEW_SECS)
}

/// Everything the engine looks at.
#[derive(Clone, Debug, PartialEq)]
pub struct TransferFacts {
    /// Amount in fen (> 0).
    pub amount_fen: i64,
    /// The payee.
    pub payee: PayeeFacts,
    /// The note the elder typed (附言).
    pub note: String,
    /// When, at the elder's own offset.
    pub at: DateTime<FixedOffset>,
    /// The elder.
    pub customer: CustomerFacts,
    /// Phone and session signals.
    pub context: ContextFacts,
    /// The payee's account is on the scam list.
    pub payee_listed: bool,
    /// The scam it is listed for, when the list says.
    pub payee_category: Option<ScamCategory>,
    /// The payee's name as the elder entered it.
    pub payee_name: String,
    /// 我被骗了 was pressed in the last 7 days.
    pub recent_scam_report: bool,
}

/// The engine's answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assessment {
    /// What happens next.
    pub decision: Decision,
    /// Why, strongest first. Empty when the decision is `allow`.
    pub reasons: Vec<Reason>,
    /// The scam this looks like, when one can be named (list or note).
    pub category: Option<ScamCategory>,
    /// Seconds the confirm button waits after a warning.
    pub wait_seconds: u32,
    /// The bank's ticket for this warning, when the bank gave this answer:
    /// what acknowledges it once the wait is over (echoing the decision and
    /// reasons does not). `None` for the phone's own check.
    pub ticket: Option<WarningTicket>,
}

/// A warning ticket the bank issued: sent back as the acknowledgement, it
/// works once, for these terms, from this phone, after the wait. Kept out
/// of logs.
#[derive(Clone, PartialEq, Eq)]
pub struct WarningTicket(pub String);

impl std::fmt::Debug for WarningTicket {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("WarningTicket(…)")
    }
}

/// How long after 我被骗了 every transfer needs a guardian: 7 days.
pub const SCAM_REPORT_WINDOW_SECS: i64 = 7 * 24 * 3600;

/// Seconds of enforced reading time after a warning.
pub const WARN_WAIT_SECONDS: u32 = 15;

const YUAN: i64 = 100;

/// Scam words: (word as matched after [`compact`], scam, certain).
/// `certain` words are what the police's 六个一律 / 八个凡是 say is always a
/// scam. zh-CN, zh-TW and English; matched without spaces or punctuation.
const SCAM_WORDS: &[(&str, ScamCategory, bool)] = &[
    ("安全账户", ScamCategory::PoliceImpersonation, true),
    ("安全帐户", ScamCategory::PoliceImpersonation, true),
    ("安全帳戶", ScamCategory::PoliceImpersonation, true),
    ("safeaccount", ScamCategory::PoliceImpersonation, true),
    ("secureaccount", ScamCategory::PoliceImpersonation, true),
    ("公检法", ScamCategory::PoliceImpersonation, true),
    ("公檢法", ScamCategory::PoliceImpersonation, true),
    ("配合调查", ScamCategory::PoliceImpersonation, true),
    ("配合調查", ScamCategory::PoliceImpersonation, true),
    ("资金清查", ScamCategory::PoliceImpersonation, true),
    ("資金清查", ScamCategory::PoliceImpersonation, true),
    ("资金核查", ScamCategory::PoliceImpersonation, true),
    ("資金核查", ScamCategory::PoliceImpersonation, true),
    ("涉嫌洗钱", ScamCategory::PoliceImpersonation, true),
    ("涉嫌洗錢", ScamCategory::PoliceImpersonation, true),
    ("moneylaundering", ScamCategory::PoliceImpersonation, true),
    ("investigation", ScamCategory::PoliceImpersonation, true),
    ("公安局", ScamCategory::PoliceImpersonation, true),
    ("检察院", ScamCategory::PoliceImpersonation, true),
    ("檢察院", ScamCategory::PoliceImpersonation, true),
    ("刷单", ScamCategory::OrderBrushing, true),
    ("刷單", ScamCategory::OrderBrushing, true),
    ("brushing", ScamCategory::OrderBrushing, true),
    ("返利", ScamCategory::OrderBrushing, false),
    ("返佣", ScamCategory::OrderBrushing, false),
    ("做任务", ScamCategory::OrderBrushing, false),
    ("做任務", ScamCategory::OrderBrushing, false),
    ("rebate", ScamCategory::OrderBrushing, false),
    ("commission", ScamCategory::OrderBrushing, false),
    ("解冻", ScamCategory::LoanFee, false),
    ("解凍", ScamCategory::LoanFee, false),
    ("unfreeze", ScamCategory::LoanFee, false),
    ("保证金", ScamCategory::LoanFee, false),
    ("保證金", ScamCategory::LoanFee, false),
    ("guaranteedeposit", ScamCategory::LoanFee, false),
    ("征信", ScamCategory::LoanFee, false),
    ("徵信", ScamCategory::LoanFee, false),
    ("creditrecord", ScamCategory::LoanFee, false),
    ("注销", ScamCategory::LoanFee, false),
    ("註銷", ScamCategory::LoanFee, false),
    ("贷款", ScamCategory::LoanFee, false),
    ("貸款", ScamCategory::LoanFee, false),
    ("loanfee", ScamCategory::LoanFee, false),
    ("退款", ScamCategory::ServiceRefund, false),
    ("客服", ScamCategory::ServiceRefund, false),
    ("refund", ScamCategory::ServiceRefund, false),
    ("理赔", ScamCategory::ServiceRefund, false),
    ("理賠", ScamCategory::ServiceRefund, false),
    ("compensation", ScamCategory::ServiceRefund, false),
    ("高回报", ScamCategory::Investment, false),
    ("高回報", ScamCategory::Investment, false),
    ("highreturn", ScamCategory::Investment, false),
    ("保本", ScamCategory::Investment, false),
    ("guaranteedreturn", ScamCategory::Investment, false),
    ("稳赚", ScamCategory::Investment, false),
    ("穩賺", ScamCategory::Investment, false),
    ("内幕", ScamCategory::Investment, false),
    ("內幕", ScamCategory::Investment, false),
    ("insider", ScamCategory::Investment, false),
    ("养老项目", ScamCategory::ElderCare, false),
    ("養老項目", ScamCategory::ElderCare, false),
    ("以房养老", ScamCategory::ElderCare, false),
    ("以房養老", ScamCategory::ElderCare, false),
    ("保健品", ScamCategory::ElderCare, false),
    ("中奖", ScamCategory::Lottery, false),
    ("中獎", ScamCategory::Lottery, false),
    ("领奖", ScamCategory::Lottery, false),
    ("領獎", ScamCategory::Lottery, false),
    ("prize", ScamCategory::Lottery, false),
    ("lottery", ScamCategory::Lottery, false),
    ("换号", ScamCategory::RelativeImpersonation, false),
    ("換號", ScamCategory::RelativeImpersonation, false),
    ("newnumber", ScamCategory::RelativeImpersonation, false),
    ("急用钱", ScamCategory::RelativeImpersonation, false),
    ("急用錢", ScamCategory::RelativeImpersonation, false),
    ("验证码", ScamCategory::Phishing, false),
    ("驗證碼", ScamCategory::Phishing, false),
    ("verificationcode", ScamCategory::Phishing, false),
];

/// Relationships that mean family (zh-CN, zh-TW, en; compacted).
const FAMILY: &[&str] = &[
    "女儿",
    "女兒",
    "儿子",
    "兒子",
    "孙子",
    "孫子",
    "孙女",
    "孫女",
    "外孙",
    "外孫",
    "外孙女",
    "外孫女",
    "子女",
    "老伴",
    "丈夫",
    "妻子",
    "儿媳",
    "兒媳",
    "女婿",
    "侄子",
    "亲戚",
    "親戚",
    "daughter",
    "son",
    "grandson",
    "granddaughter",
    "grandchild",
    "husband",
    "wife",
    "spouse",
    "nephew",
    "niece",
    "relative",
];

/// Lower case, NFKC, no whitespace or punctuation: "安 全-账 户" and
/// "Safe  Account" match their words.
pub fn compact(text: &str) -> String {
    text.nfkc()
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// The scam words the risk check knows: (word as [`compact`] spells it,
/// scam, certain). The message check reads the same words.
pub fn scam_word_table() -> &'static [(&'static str, ScamCategory, bool)] {
    SCAM_WORDS
}

/// The scam words in a note: (strongest category, certain?).
pub fn scam_words(note: &str) -> Option<(ScamCategory, bool)> {
    let note = compact(note);
    if note.is_empty() {
        return None;
    }
    let mut hit: Option<(ScamCategory, bool)> = None;
    for (word, category, certain) in SCAM_WORDS {
        if note.contains(word) {
            match hit {
                Some((_, true)) => {}
                Some((_, false)) if !certain => {}
                _ => hit = Some((*category, *certain)),
            }
        }
    }
    hit
}

fn is_family(relationship: &str) -> bool {
    let r = compact(relationship);
    FAMILY
        .iter()
        .any(|f| r == *f || (!f.is_ascii() && r.contains(f)))
}

/// Assesses one transfer.
pub fn assess(facts: &TransferFacts) -> Assessment {
    let mut reasons: Vec<Reason> = Vec::new();
    let mut category = facts.payee_category;
    let amount = facts.amount_fen;
    let ctx = &facts.context;

    if facts.payee_listed {
        reasons.push(Reason::PayeeListed);
    }
    // A payee "named" 公安局 or 客服 is the same script as the note.
    match scam_words(&format!("{} {}", facts.note, facts.payee_name)) {
        Some((c, true)) => {
            reasons.push(Reason::ScamWordsCertain);
            category.get_or_insert(c);
        }
        Some((c, false)) => {
            reasons.push(Reason::ScamWords);
            category.get_or_insert(c);
        }
        None => {}
    }
    if ctx.screen_sharing {
        reasons.push(Reason::ScreenSharing);
    }
    if ctx.by_agent {
        reasons.push(Reason::ByAgent);
    }
    if facts.recent_scam_report {
        reasons.push(Reason::RecentScamReport);
    }
    if ctx.on_call {
        reasons.push(Reason::OnCall);
    }
    let median = facts.customer.median_transfer_fen.max(0);
    let unusual = if median == 0 {
        amount >= 5_000 * YUAN
    } else {
        amount >= 2_000 * YUAN && amount / 3 >= median
    };
    if unusual {
        reasons.push(Reason::UnusualAmount);
    }
    let large = if facts.customer.age >= 65 {
        20_000 * YUAN
    } else {
        50_000 * YUAN
    };
    if amount >= large {
        reasons.push(Reason::LargeAmount);
    }
    if facts.payee.is_new
        && amount >= 2_000 * YUAN
        && facts.payee.relationship.as_deref().is_some_and(is_family)
    {
        reasons.push(Reason::RelativeNewAccount);
        category.get_or_insert(ScamCategory::RelativeImpersonation);
    }
    if ctx
        .new_device_hours
        .is_some_and(|h| h.is_finite() && h < 24.0)
    {
        reasons.push(Reason::NewDevice);
    }
    if ctx
        .password_changed_hours
        .is_some_and(|h| h.is_finite() && h < 24.0)
    {
        reasons.push(Reason::PasswordChanged);
    }
    let hour = facts.at.hour();
    if !(6..22).contains(&hour) {
        reasons.push(Reason::NightTime);
    }
    if facts.payee.is_new {
        reasons.push(Reason::NewPayee);
    }

    let block = reasons.iter().any(|r| {
        matches!(
            r,
            Reason::PayeeListed | Reason::ScamWordsCertain | Reason::ScreenSharing
        )
    });
    let score: u32 = reasons.iter().map(|r| r.weight(facts.payee.is_new)).sum();
    let decision = if block {
        Decision::Block
    } else if score >= 5 || ctx.by_agent || facts.recent_scam_report {
        Decision::Cosign
    } else if score >= 3 {
        Decision::Warn
    } else {
        Decision::Allow
    };
    if decision == Decision::Allow {
        reasons.clear();
        category = None;
    }
    reasons.sort();
    Assessment {
        decision,
        reasons,
        category,
        wait_seconds: if decision == Decision::Warn {
            WARN_WAIT_SECONDS
        } else {
            0
        },
        ticket: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An ordinary afternoon transfer to a saved payee, at the elder's habit.
    fn base() -> TransferFacts {
        TransferFacts {
            amount_fen: 500 * YUAN,
            payee: PayeeFacts {
                is_new: false,
                relationship: Some("女儿".into()),
            },
            note: "生活费".into(),
            at: DateTime::parse_from_rfc3339("2026-11-25T15:00:00+08:00").unwrap(),
            customer: CustomerFacts {
                age: 72,
                median_transfer_fen: 800 * YUAN,
            },
            context: ContextFacts::default(),
            payee_listed: false,
            payee_category: None,
            payee_name: "王小红".into(),
            recent_scam_report: false,
        }
    }

    fn reasons_of(f: &TransferFacts) -> Vec<Reason> {
        // The raw signals, before an `allow` clears them.
        let mut with_agent = f.clone();
        with_agent.context.by_agent = true;
        let mut r = assess(&with_agent).reasons;
        r.retain(|r| *r != Reason::ByAgent);
        r
    }

    #[test]
    fn the_ordinary_case_is_allowed_with_no_reasons() {
        let a = assess(&base());
        assert_eq!(a.decision, Decision::Allow);
        assert!(a.reasons.is_empty());
        assert_eq!((a.category, a.wait_seconds), (None, 0));
    }

    #[test]
    fn a_listed_payee_is_blocked_whatever_else() {
        let mut f = base();
        f.payee_listed = true;
        f.payee_category = Some(ScamCategory::ServiceRefund);
        let a = assess(&f);
        assert_eq!(a.decision, Decision::Block);
        assert_eq!(a.reasons, vec![Reason::PayeeListed]);
        assert_eq!(a.category, Some(ScamCategory::ServiceRefund));
    }

    #[test]
    fn certain_words_block_in_three_languages_and_any_spacing() {
        for note in [
            "转到安全账户",
            "配合 调查",
            "安 全 帳 戶",
            "Safe Account",
            "刷单佣金",
            "刷單",
            "公检法要求",
        ] {
            let mut f = base();
            f.note = note.into();
            let a = assess(&f);
            assert_eq!(a.decision, Decision::Block, "{note}");
            assert_eq!(a.reasons, vec![Reason::ScamWordsCertain], "{note}");
        }
    }

    #[test]
    fn other_scam_words_warn_and_name_their_scam() {
        for (note, scam) in [
            ("退款", ScamCategory::ServiceRefund),
            ("解凍费用", ScamCategory::LoanFee),
            ("保证金", ScamCategory::LoanFee),
            ("高回报项目", ScamCategory::Investment),
            ("保本", ScamCategory::Investment),
            ("返利", ScamCategory::OrderBrushing),
            ("guaranteed return", ScamCategory::Investment),
            ("中奖手续费", ScamCategory::Lottery),
        ] {
            let mut f = base();
            f.note = note.into();
            let a = assess(&f);
            assert_eq!(a.decision, Decision::Warn, "{note}");
            assert_eq!(a.reasons, vec![Reason::ScamWords], "{note}");
            assert_eq!(a.category, Some(scam), "{note}");
            assert_eq!(a.wait_seconds, WARN_WAIT_SECONDS);
        }
    }

    #[test]
    fn screen_sharing_blocks() {
        let mut f = base();
        f.context.screen_sharing = true;
        assert_eq!(assess(&f).decision, Decision::Block);
        assert_eq!(assess(&f).reasons, vec![Reason::ScreenSharing]);
    }

    #[test]
    fn after_a_scam_report_every_transfer_needs_a_cosigner() {
        let mut f = base();
        f.recent_scam_report = true;
        let a = assess(&f);
        assert_eq!(a.decision, Decision::Cosign);
        assert_eq!(a.reasons, vec![Reason::RecentScamReport]);
    }

    #[test]
    fn an_agent_acting_needs_a_cosigner() {
        let mut f = base();
        f.context.by_agent = true;
        let a = assess(&f);
        assert_eq!(a.decision, Decision::Cosign);
        assert_eq!(a.reasons, vec![Reason::ByAgent]);
    }

    #[test]
    fn unusual_amount_compares_with_the_elders_own_median() {
        let mut f = base();
        f.amount_fen = 2_400 * YUAN; // 3 × ¥800
        assert!(reasons_of(&f).contains(&Reason::UnusualAmount));
        f.amount_fen = 2_399 * YUAN;
        assert!(!reasons_of(&f).contains(&Reason::UnusualAmount));
        // A small median does not make ¥1,500 "unusual".
        f.customer.median_transfer_fen = 100 * YUAN;
        f.amount_fen = 1_500 * YUAN;
        assert!(!reasons_of(&f).contains(&Reason::UnusualAmount));
        // No history: ¥5,000 and above.
        f.customer.median_transfer_fen = 0;
        f.amount_fen = 4_999 * YUAN;
        assert!(!reasons_of(&f).contains(&Reason::UnusualAmount));
        f.amount_fen = 5_000 * YUAN;
        assert!(reasons_of(&f).contains(&Reason::UnusualAmount));
    }

    #[test]
    fn large_amount_is_lower_from_65() {
        let mut f = base();
        f.customer.median_transfer_fen = 100_000 * YUAN;
        f.amount_fen = 20_000 * YUAN;
        assert!(reasons_of(&f).contains(&Reason::LargeAmount));
        f.customer.age = 64;
        assert!(!reasons_of(&f).contains(&Reason::LargeAmount));
        f.amount_fen = 50_000 * YUAN;
        assert!(reasons_of(&f).contains(&Reason::LargeAmount));
    }

    #[test]
    fn night_is_from_22_to_6_at_the_elders_own_clock() {
        let mut f = base();
        for (at, night) in [
            ("2026-11-25T21:59:00+08:00", false),
            ("2026-11-25T22:00:00+08:00", true),
            ("2026-11-26T05:59:00+08:00", true),
            ("2026-11-26T06:00:00+08:00", false),
            // 23:30 UTC is 07:30 in Beijing: not night for this elder.
            ("2026-11-25T07:30:00+08:00", false),
            ("2026-11-25T23:30:00+00:00", true),
        ] {
            f.at = DateTime::parse_from_rfc3339(at).unwrap();
            assert_eq!(reasons_of(&f).contains(&Reason::NightTime), night, "{at}");
        }
    }

    #[test]
    fn recent_device_or_password_changes_count_for_a_day() {
        let mut f = base();
        f.context.new_device_hours = Some(23.9);
        assert!(reasons_of(&f).contains(&Reason::NewDevice));
        f.context.new_device_hours = Some(24.0);
        assert!(!reasons_of(&f).contains(&Reason::NewDevice));
        f.context.password_changed_hours = Some(0.5);
        assert!(reasons_of(&f).contains(&Reason::PasswordChanged));
        f.context.password_changed_hours = Some(f64::NAN);
        assert!(!reasons_of(&f).contains(&Reason::PasswordChanged));
    }

    #[test]
    fn a_relative_with_a_new_account_counts_from_2000() {
        let mut f = base();
        f.payee.is_new = true;
        f.amount_fen = 2_000 * YUAN;
        f.customer.median_transfer_fen = 1_000 * YUAN;
        assert!(reasons_of(&f).contains(&Reason::RelativeNewAccount));
        f.amount_fen = 1_999 * YUAN;
        assert!(!reasons_of(&f).contains(&Reason::RelativeNewAccount));
        f.amount_fen = 3_000 * YUAN;
        f.payee.relationship = Some("person".into());
        assert!(
            !reasons_of(&f).contains(&Reason::RelativeNewAccount),
            "'son' inside 'person'"
        );
        f.payee.relationship = Some("Son".into());
        assert!(reasons_of(&f).contains(&Reason::RelativeNewAccount));
    }

    #[test]
    fn weak_signals_only_count_together() {
        let mut f = base();
        f.payee.is_new = true;
        f.payee.relationship = None;
        assert_eq!(assess(&f).decision, Decision::Allow, "new payee alone");
        f.context.on_call = true;
        let a = assess(&f);
        assert_eq!(a.decision, Decision::Warn, "new payee + on a call");
        assert_eq!(a.reasons, vec![Reason::OnCall, Reason::NewPayee]);
        f.amount_fen = 5_000 * YUAN;
        let a = assess(&f);
        assert_eq!(a.decision, Decision::Cosign, "… + 6 × usual amount");
        assert_eq!(
            a.reasons,
            vec![Reason::OnCall, Reason::UnusualAmount, Reason::NewPayee]
        );
    }

    #[test]
    fn the_same_facts_give_the_same_answer() {
        let mut f = base();
        f.note = "退款 保证金 安全账户".into();
        f.context.on_call = true;
        assert_eq!(assess(&f), assess(&f.clone()));
        assert_eq!(assess(&f).category, Some(ScamCategory::PoliceImpersonation));
    }

    #[test]
    fn the_phone_can_only_make_the_bank_facts_look_newer() {
        let phone_says_old = ContextFacts {
            new_device_hours: Some(10_000.0),
            password_changed_hours: Some(10_000.0),
            ..ContextFacts::default()
        };
        // The bank bound the phone 2 h ago and reset the PIN 1 h ago.
        let c = phone_says_old.with_bank_facts(Some(2.0), Some(1.0));
        assert_eq!(
            (c.new_device_hours, c.password_changed_hours),
            (Some(2.0), Some(1.0))
        );
        let mut f = base();
        f.context = c;
        let a = assess(&f);
        assert!(a.reasons.contains(&Reason::NewDevice), "{a:?}");
        assert!(a.reasons.contains(&Reason::PasswordChanged), "{a:?}");
        // Saying "newer" than the bank knows only adds risk.
        let phone_says_new = ContextFacts {
            new_device_hours: Some(0.5),
            ..ContextFacts::default()
        };
        let c = phone_says_new.with_bank_facts(Some(5_000.0), None);
        assert_eq!(c.new_device_hours, Some(0.5));
        // A phone's NaN is no fact; the bank's stands.
        let c = ContextFacts {
            new_device_hours: Some(f64::NAN),
            ..ContextFacts::default()
        }
        .with_bank_facts(Some(3.0), None);
        assert_eq!(c.new_device_hours, Some(3.0));
    }

    #[test]
    fn a_payee_is_new_for_a_day_after_the_first_payment_whatever_its_size() {
        let now = 1_000_000;
        assert!(payee_is_new(None, now), "never paid");
        assert!(payee_is_new(Some(now - 60), now), "1 fen a minute ago");
        assert!(payee_is_new(Some(now - PAYEE_NEW_SECS + 1), now));
        assert!(!payee_is_new(Some(now - PAYEE_NEW_SECS), now));
    }
}
