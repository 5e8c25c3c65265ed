//! What she wants, from what the recogniser heard: an intent with its
//! slots, in 简体中文, 繁體中文 and English. Rules, not a model: each intent
//! has the words that say it, tried in an order that settles the
//! confusable ones (给女儿打电话 is a call, 给女儿打钱 a transfer; 解冻 is
//! not 冻结). A slot that was not heard stays empty and the intent says
//! which question to ask; a weak match asks "did you mean…" rather than
//! guess.
//!
//! Nothing here moves money: a transfer intent only opens the transfer
//! screen filled in, which ends on the normal confirmation with its risk
//! check.

use super::amount;
use crate::i18n::Language;
use text::{normalise, strip_fillers};

mod en;
mod locks;
mod sound;
mod text;
mod tiles;
mod zh;

/// What she asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IntentKind {
    /// 查余额.
    CheckBalance,
    /// 明细.
    ListTransactions,
    /// 转账 (payee, amount).
    Transfer,
    /// 缴费 (bill kind, amount).
    PayBill,
    /// 锁卡 (which lock).
    LockCard,
    /// 解锁.
    UnlockCard,
    /// 我被骗了.
    ReportFraud,
    /// 防骗查询 (the number or site said).
    CheckFraud,
    /// 给家人打电话 (who).
    CallFamily,
    /// 人工客服.
    HumanAgent,
    /// 再说一遍.
    ReadAloud,
    /// 返回.
    GoBack,
    /// 首页.
    GoHome,
    /// 帮助.
    Help,
    /// 提醒.
    OpenReminders,
    /// 理财.
    OpenWealth,
    /// 防骗课堂.
    OpenClassroom,
    /// 投诉.
    FileComplaint,
    /// 搜索 (what she asked for).
    Search,
    /// 举报 a scam number, account or site (not 我被骗了: nothing is frozen).
    ReportScam,
    /// A setting changed at once (字大一点, 说慢一点).
    ChangeSetting,
    /// Which card locks are on.
    CheckCardLocks,
    /// Not understood.
    Unknown,
}

impl IntentKind {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            IntentKind::CheckBalance => "check_balance",
            IntentKind::ListTransactions => "list_transactions",
            IntentKind::Transfer => "transfer",
            IntentKind::PayBill => "pay_bill",
            IntentKind::LockCard => "lock_card",
            IntentKind::UnlockCard => "unlock_card",
            IntentKind::ReportFraud => "report_fraud",
            IntentKind::CheckFraud => "check_fraud",
            IntentKind::CallFamily => "call_family",
            IntentKind::HumanAgent => "human_agent",
            IntentKind::ReadAloud => "read_aloud",
            IntentKind::GoBack => "go_back",
            IntentKind::GoHome => "go_home",
            IntentKind::Help => "help",
            IntentKind::OpenReminders => "open_reminders",
            IntentKind::OpenWealth => "open_wealth",
            IntentKind::OpenClassroom => "open_classroom",
            IntentKind::FileComplaint => "file_complaint",
            IntentKind::Search => "search",
            IntentKind::ReportScam => "report_scam",
            IntentKind::ChangeSetting => "change_setting",
            IntentKind::CheckCardLocks => "check_card_locks",
            IntentKind::Unknown => "unknown",
        }
    }

    /// Every intent, in code order of the list above.
    pub const ALL: [IntentKind; 23] = [
        IntentKind::CheckBalance,
        IntentKind::ListTransactions,
        IntentKind::Transfer,
        IntentKind::PayBill,
        IntentKind::LockCard,
        IntentKind::UnlockCard,
        IntentKind::ReportFraud,
        IntentKind::CheckFraud,
        IntentKind::CallFamily,
        IntentKind::HumanAgent,
        IntentKind::ReadAloud,
        IntentKind::GoBack,
        IntentKind::GoHome,
        IntentKind::Help,
        IntentKind::OpenReminders,
        IntentKind::OpenWealth,
        IntentKind::OpenClassroom,
        IntentKind::FileComplaint,
        IntentKind::Search,
        IntentKind::ReportScam,
        IntentKind::ChangeSetting,
        IntentKind::CheckCardLocks,
        IntentKind::Unknown,
    ];
}

/// Which bill.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BillKind {
    /// 水费.
    Water,
    /// 电费.
    Electricity,
    /// 燃气费.
    Gas,
    /// 话费.
    Phone,
}

impl BillKind {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            BillKind::Water => "water",
            BillKind::Electricity => "electricity",
            BillKind::Gas => "gas",
            BillKind::Phone => "phone",
        }
    }
}

/// Which card lock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LockKind {
    /// Every use of the card.
    All,
    /// Use abroad.
    Overseas,
    /// Use at night.
    Night,
    /// Use outside the home region.
    Region,
    /// Online payments.
    Online,
}

impl LockKind {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            LockKind::All => "all",
            LockKind::Overseas => "overseas",
            LockKind::Night => "night",
            LockKind::Region => "region",
            LockKind::Online => "online",
        }
    }
}

/// A setting she changes by voice: it takes effect at once (it moves no
/// money) and the app says so.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SettingChange {
    /// 字大一点.
    TextBigger,
    /// 字小一点.
    TextSmaller,
    /// 高对比度 on.
    HighContrastOn,
    /// 高对比度 off.
    HighContrastOff,
    /// 简体中文.
    LanguageZhCn,
    /// 繁體中文.
    LanguageZhTw,
    /// English.
    LanguageEn,
    /// 说慢一点.
    SpeakSlower,
    /// 大声一点.
    SpeakLouder,
}

impl SettingChange {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            SettingChange::TextBigger => "text_bigger",
            SettingChange::TextSmaller => "text_smaller",
            SettingChange::HighContrastOn => "high_contrast_on",
            SettingChange::HighContrastOff => "high_contrast_off",
            SettingChange::LanguageZhCn => "language_zh_cn",
            SettingChange::LanguageZhTw => "language_zh_tw",
            SettingChange::LanguageEn => "language_en",
            SettingChange::SpeakSlower => "speak_slower",
            SettingChange::SpeakLouder => "speak_louder",
        }
    }
}

/// What was heard of each slot.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Slots {
    /// Whom to pay, as said (`女儿`).
    pub payee: Option<String>,
    /// How much, in fen.
    pub amount_fen: Option<i64>,
    /// Which bill.
    pub bill_kind: Option<BillKind>,
    /// Which lock.
    pub lock_kind: Option<LockKind>,
    /// The number or site to check, as said.
    pub target: Option<String>,
    /// Whom to call, as said.
    pub member: Option<String>,
    /// What to search for, as said.
    pub query: Option<String>,
    /// Which setting to change.
    pub setting: Option<SettingChange>,
}

/// A slot an intent needs and did not get.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Missing {
    /// 要转给谁？
    Payee,
    /// 要转多少钱？
    Amount,
    /// 交哪一种费？
    BillKind,
    /// 给谁打电话？
    Member,
    /// 查哪个号码？
    Target,
    /// 要找什么？
    Query,
}

impl Missing {
    /// Fluent id of the question.
    pub fn question_id(self) -> &'static str {
        match self {
            Missing::Payee => "voice-ask-payee",
            Missing::Amount => "voice-ask-amount",
            Missing::BillKind => "voice-ask-bill",
            Missing::Member => "voice-ask-member",
            Missing::Target => "voice-ask-target",
            Missing::Query => "voice-ask-query",
        }
    }
}

/// What was understood.
#[derive(Clone, Debug, PartialEq)]
pub struct Intent {
    /// The intent.
    pub kind: IntentKind,
    /// Its slots.
    pub slots: Slots,
    /// How sure (0–1): below [`ASK_BELOW`] the app asks before acting.
    pub confidence: f32,
}

/// Longest utterance read (a recogniser's sentence, not a document).
pub const MAX_TEXT_CHARS: usize = 500;

/// Why a line of input to the intent reader is refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    /// Not a JSON object.
    #[error("not a JSON object: {0}")]
    NotJson(String),
    /// No `text` string.
    #[error("no text")]
    NoText,
    /// A language tag we do not know.
    #[error("unknown language")]
    UnknownLanguage,
    /// Longer than [`MAX_TEXT_CHARS`].
    #[error("text too long")]
    TooLong,
}

impl InputError {
    /// Stable code.
    pub fn code(&self) -> &'static str {
        match self {
            InputError::NotJson(_) => "invalid_json",
            InputError::NoText => "missing_text",
            InputError::UnknownLanguage => "unknown_language",
            InputError::TooLong => "text_too_long",
        }
    }

    /// Fluent id.
    pub fn message_id(&self) -> &'static str {
        match self {
            InputError::NotJson(_) => "error-voice-input-json",
            InputError::NoText => "error-voice-input-text",
            InputError::UnknownLanguage => "error-unknown-language",
            InputError::TooLong => "error-voice-input-long",
        }
    }
}

/// Reads a text to understand, with its language tag (`zh-HK` is zh-TW).
pub fn checked(lang: &str, text: &str) -> Result<(Language, String), InputError> {
    let lang = Language::negotiate(lang).ok_or(InputError::UnknownLanguage)?;
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(InputError::TooLong);
    }
    Ok((lang, text.to_string()))
}

/// Reads one `{"lang":…,"text":…}` line (`lang` defaults to `default_lang`).
pub fn read_line(line: &str, default_lang: &str) -> Result<(Language, String), InputError> {
    let v: serde_json::Value =
        serde_json::from_str(line).map_err(|e| InputError::NotJson(e.to_string()))?;
    if !v.is_object() {
        return Err(InputError::NotJson("not an object".into()));
    }
    let text = v["text"].as_str().ok_or(InputError::NoText)?;
    let lang = match &v["lang"] {
        serde_json::Value::Null => default_lang,
        serde_json::Value::String(l) => l,
        _ => return Err(InputError::UnknownLanguage),
    };
    checked(lang, text)
}

impl Intent {
    /// `{"intent": "transfer", "slots": {"payee": "女儿", "amount_fen": 50000}}`:
    /// slots that were not heard are left out.
    pub fn to_json(&self) -> serde_json::Value {
        let s = &self.slots;
        let mut slots = serde_json::Map::new();
        if let Some(p) = &s.payee {
            slots.insert("payee".into(), p.clone().into());
        }
        if let Some(a) = s.amount_fen {
            slots.insert("amount_fen".into(), a.into());
        }
        if let Some(b) = s.bill_kind {
            slots.insert("bill_kind".into(), b.code().into());
        }
        if let Some(l) = s.lock_kind {
            slots.insert("lock_kind".into(), l.code().into());
        }
        if let Some(t) = &s.target {
            slots.insert("target".into(), t.clone().into());
        }
        if let Some(m) = &s.member {
            slots.insert("member".into(), m.clone().into());
        }
        if let Some(q) = &s.query {
            slots.insert("query".into(), q.clone().into());
        }
        if let Some(c) = s.setting {
            slots.insert("setting".into(), c.code().into());
        }
        serde_json::json!({ "intent": self.kind.code(), "slots": slots })
    }
}

/// Below this confidence the app asks "did you mean…" instead of acting.
pub const ASK_BELOW: f32 = 0.7;

impl Intent {
    /// The first slot still needed, if any.
    pub fn missing(&self) -> Option<Missing> {
        let s = &self.slots;
        match self.kind {
            IntentKind::Transfer if s.payee.is_none() => Some(Missing::Payee),
            IntentKind::Transfer if s.amount_fen.is_none() => Some(Missing::Amount),
            IntentKind::PayBill if s.bill_kind.is_none() => Some(Missing::BillKind),
            IntentKind::CallFamily if s.member.is_none() => Some(Missing::Member),
            IntentKind::CheckFraud if s.target.is_none() => Some(Missing::Target),
            IntentKind::Search if s.query.is_none() => Some(Missing::Query),
            _ => None,
        }
    }

    /// Whether to ask "did you mean…" before acting.
    pub fn unsure(&self) -> bool {
        self.kind != IntentKind::Unknown && self.confidence < ASK_BELOW
    }
}

/// Understands one utterance.
pub fn parse(text: &str, lang: Language) -> Intent {
    let raw = normalise(text);
    // English words in a Chinese sentence (or the other way) are read by
    // what they are, whatever the app's language.
    let en = lang == Language::En || !raw.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    let heard = read(&raw, text, en);
    if en {
        return heard;
    }
    // A recogniser's sound-alikes (鱼额 for 余额) read as the words they
    // sound like. Understood only that way, it is a guess: asked back
    // ("您是想查余额吗？") rather than done.
    let (by_sound, changed) = sound::by_sound(&raw);
    if !changed {
        return heard;
    }
    let mut guessed = read(&by_sound, text, en);
    if guessed.kind != heard.kind {
        guessed.confidence = guessed.confidence.min(SOUND_ALIKE_CONFIDENCE);
    }
    guessed
}

/// How sure an intent is that was understood only through sound-alike
/// words: below [`ASK_BELOW`], so the app asks.
pub const SOUND_ALIKE_CONFIDENCE: f32 = 0.65;

/// The rules on one normalised text.
fn read(raw: &str, text: &str, en: bool) -> Intent {
    let lang = if en { Language::En } else { Language::ZhCn };
    let t = strip_fillers(raw, lang);
    let amount = amount::find(&t);
    let mut slots = Slots {
        amount_fen: amount.map(|a| a.fen),
        ..Slots::default()
    };
    let (kind, confidence) = if en {
        en::english(raw, &t, text, &mut slots)
    } else {
        zh::chinese(raw, &t, text, &mut slots)
    };
    // Only the intents that take an amount keep one.
    if !matches!(kind, IntentKind::Transfer | IntentKind::PayBill) {
        slots.amount_fen = None;
    }
    Intent {
        kind,
        slots,
        confidence,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zh(t: &str) -> Intent {
        parse(t, Language::ZhCn)
    }

    #[test]
    fn the_issues_examples_are_understood() {
        let i = zh("给女儿转账 500 元");
        assert_eq!(i.kind, IntentKind::Transfer);
        assert_eq!(i.slots.payee.as_deref(), Some("女儿"));
        assert_eq!(i.slots.amount_fen, Some(50_000));
        let i = zh("嗯，那个，帮我给大儿子转一千二");
        assert_eq!(
            (i.kind, i.slots.payee.as_deref(), i.slots.amount_fen),
            (IntentKind::Transfer, Some("大儿子"), Some(120_000))
        );
        let i = zh("转给小王两千块钱");
        assert_eq!(
            (i.slots.payee.as_deref(), i.slots.amount_fen),
            (Some("小王"), Some(200_000))
        );
        assert_eq!(zh("我要转账").missing(), Some(Missing::Payee));
        assert_eq!(zh("给老伴转钱").missing(), Some(Missing::Amount));
        assert_eq!(zh("给女儿打个电话").kind, IntentKind::CallFamily);
        assert_eq!(zh("给女儿打个电话").slots.member.as_deref(), Some("女儿"));
        assert_eq!(zh("给女儿打五百块钱").kind, IntentKind::Transfer);
        assert_eq!(zh("我要人工").kind, IntentKind::HumanAgent);
        assert_eq!(zh("敬老服务").kind, IntentKind::HumanAgent);
        assert_eq!(zh("再说一遍").kind, IntentKind::ReadAloud);
        assert_eq!(zh("把卡冻结").slots.lock_kind, Some(LockKind::All));
        assert_eq!(zh("解冻我的卡").kind, IntentKind::UnlockCard);
        assert_eq!(zh("关闭境外支付").slots.lock_kind, Some(LockKind::Overseas));
        assert_eq!(
            zh("交一百块电费").slots.bill_kind,
            Some(BillKind::Electricity)
        );
        assert_eq!(zh("交一百块电费").slots.amount_fen, Some(10_000));
        assert_eq!(zh("我要缴费").missing(), Some(Missing::BillKind));
        let i = zh("这个号码 138 1234 5678 是骗子吗");
        assert_eq!(
            (i.kind, i.slots.target.as_deref()),
            (IntentKind::CheckFraud, Some("138 1234 5678"))
        );
        assert_eq!(zh("我被骗了").kind, IntentKind::ReportFraud);
        assert_eq!(zh("今天天气怎么样").kind, IntentKind::Unknown);
        assert_eq!(
            parse("轉帳給女兒五百塊", Language::ZhTw)
                .slots
                .payee
                .as_deref(),
            Some("女兒")
        );
        let e = parse("send two hundred yuan to my daughter", Language::En);
        assert_eq!(
            (e.kind, e.slots.payee.as_deref(), e.slots.amount_fen),
            (IntentKind::Transfer, Some("daughter"), Some(20_000))
        );
        assert_eq!(
            parse("I want to talk to a person", Language::En).kind,
            IntentKind::HumanAgent
        );
        assert!(zh("多少钱").unsure());
        assert!(!zh("卡里还有多少钱").unsure());
    }
}
