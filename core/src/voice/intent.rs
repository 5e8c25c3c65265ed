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
use unicode_normalization::UnicodeNormalization;

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
            IntentKind::Unknown => "unknown",
        }
    }

    /// Every intent, in code order of the list above.
    pub const ALL: [IntentKind; 15] = [
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
            _ => None,
        }
    }

    /// Whether to ask "did you mean…" before acting.
    pub fn unsure(&self) -> bool {
        self.kind != IntentKind::Unknown && self.confidence < ASK_BELOW
    }
}

/// Traditional characters of the words below, made simplified, so one set
/// of rules reads both.
fn simplified(c: char) -> char {
    const PAIRS: &[(char, char)] = &[
        ('轉', '转'),
        ('帳', '账'),
        ('賬', '账'),
        ('額', '额'),
        ('餘', '余'),
        ('詢', '询'),
        ('騙', '骗'),
        ('電', '电'),
        ('話', '话'),
        ('費', '费'),
        ('鎖', '锁'),
        ('凍', '冻'),
        ('結', '结'),
        ('兒', '儿'),
        ('網', '网'),
        ('細', '细'),
        ('繳', '缴'),
        ('單', '单'),
        ('氣', '气'),
        ('讀', '读'),
        ('頁', '页'),
        ('給', '给'),
        ('錢', '钱'),
        ('塊', '块'),
        ('萬', '万'),
        ('兩', '两'),
        ('號', '号'),
        ('幫', '帮'),
        ('個', '个'),
        ('語', '语'),
        ('說', '说'),
        ('聽', '听'),
        ('這', '这'),
        ('麼', '么'),
        ('嗎', '吗'),
        ('銀', '银'),
        ('髮', '发'),
        ('發', '发'),
        ('員', '员'),
        ('對', '对'),
        ('匯', '汇'),
        ('戶', '户'),
        ('還', '还'),
        ('剩', '剩'),
        ('錄', '录'),
        ('紀', '纪'),
        ('記', '记'),
        ('賬', '账'),
        ('筆', '笔'),
        ('進', '进'),
        ('帶', '带'),
        ('關', '关'),
        ('閉', '闭'),
        ('開', '开'),
        ('啟', '启'),
        ('啓', '启'),
        ('國', '国'),
        ('夜', '夜'),
        ('間', '间'),
        ('區', '区'),
        ('線', '线'),
        ('綫', '线'),
        ('支', '支'),
        ('碼', '码'),
        ('詐', '诈'),
        ('靠', '靠'),
        ('譜', '谱'),
        ('聯', '联'),
        ('繫', '系'),
        ('係', '系'),
        ('視', '视'),
        ('頻', '频'),
        ('聲', '声'),
        ('遍', '遍'),
        ('唸', '念'),
        ('麵', '面'),
        ('頭', '头'),
        ('幾', '几'),
        ('點', '点'),
        ('後', '后'),
        ('退', '退'),
        ('麻', '麻'),
        ('煩', '烦'),
        ('請', '请'),
        ('問', '问'),
        ('會', '会'),
        ('業', '业'),
        ('務', '务'),
        ('機', '机'),
        ('卡', '卡'),
        ('掛', '挂'),
        ('失', '失'),
        ('當', '当'),
        ('學', '学'),
        ('孫', '孙'),
        ('婦', '妇'),
        ('媽', '妈'),
        ('爺', '爷'),
        ('奶', '奶'),
        ('兒', '儿'),
        ('孫', '孙'),
        ('張', '张'),
        ('劉', '刘'),
        ('陳', '陈'),
        ('楊', '杨'),
        ('趙', '赵'),
        ('黃', '黄'),
        ('吳', '吴'),
        ('鄭', '郑'),
        ('剛', '刚'),
        ('為', '为'),
        ('燒', '烧'),
        ('養', '养'),
        ('老', '老'),
        ('金', '金'),
        ('資', '资'),
        ('場', '场'),
        ('買', '买'),
        ('東', '东'),
        ('專', '专'),
        ('讓', '让'),
        ('們', '们'),
        ('寫', '写'),
        ('歲', '岁'),
        ('樣', '样'),
        ('門', '门'),
        ('時', '时'),
        ('邊', '边'),
        ('處', '处'),
        ('麽', '么'),
        ('怎', '怎'),
        ('用', '用'),
        ('沒', '没'),
        ('講', '讲'),
        ('畫', '画'),
        ('訊', '讯'),
        ('縣', '县'),
        ('這', '这'),
        ('嗎', '吗'),
        ('連', '连'),
        ('簡', '简'),
        ('稱', '称'),
        ('來', '来'),
        ('別', '别'),
        ('訴', '诉'),
        ('驗', '验'),
        ('證', '证'),
        ('碼', '码'),
        ('幾', '几'),
        ('錄', '录'),
        ('紀', '纪'),
        ('額', '额'),
        ('剛', '刚'),
        ('經', '经'),
        ('照', '照'),
        ('戶', '户'),
        ('頁', '页'),
        ('啟', '启'),
        ('讓', '让'),
        ('們', '们'),
        ('過', '过'),
        ('撥', '拨'),
        ('盜', '盗'),
        ('騙', '骗'),
        ('轉', '转'),
        ('帳', '账'),
        ('設', '设'),
        ('復', '复'),
        ('禁', '禁'),
        ('試', '试'),
        ('錯', '错'),
        ('畀', '给'),
        ('數', '数'),
        ('像', '像'),
        ('禮', '礼'),
        ('拜', '拜'),
        ('掉', '掉'),
        ('嘅', '的'),
        ('咗', '了'),
        ('徒', '徒'),
        ('臺', '台'),
        ('扮', '扮'),
        ('鄉', '乡'),
        ('縣', '县'),
        ('廳', '厅'),
        ('總', '总'),
        ('間', '间'),
        ('見', '见'),
        ('現', '现'),
        ('麼', '么'),
    ];
    PAIRS
        .iter()
        .find(|(t, _)| *t == c)
        .map(|(_, s)| *s)
        .unwrap_or(c)
}

/// Words that carry nothing (fillers, politeness), taken out before the
/// rules read the text.
const FILLERS_ZH: &[&str] = &[
    "那个",
    "这个呢",
    "嗯",
    "呃",
    "啊",
    "哦",
    "唉",
    "就是",
    "麻烦你",
    "麻烦",
    "请你",
    "请",
    "帮我",
    "给我看看",
    "一下",
    "我想",
    "我要",
    "我想要",
    "你帮我",
    "能不能",
    "可以",
    "吧",
    "呢",
    "呀",
];
const FILLERS_EN: &[&str] = &[
    "um",
    "uh",
    "er",
    "erm",
    "please",
    "could you",
    "can you",
    "would you",
    "i'd like to",
    "i would like to",
    "i want to",
    "i wanna",
    "i need to",
    "help me",
    "for me",
    "just",
    "hey",
    "ok",
    "okay",
    "well",
];

/// NFKC (full-width to plain), traditional to simplified, lower case, and
/// punctuation made a space, except a `,` or `.` inside a number or a web
/// address (1,200.50, bank.cn).
fn normalise(text: &str) -> String {
    let chars: Vec<char> = text
        .nfkc()
        .map(simplified)
        .collect::<String>()
        .to_lowercase()
        .chars()
        .collect();
    let word = |c: Option<&char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| match c {
            ',' | '.' if word(chars.get(i.wrapping_sub(1))) && word(chars.get(i + 1)) => c,
            // A pause: a word boundary the names stop at.
            ',' | ';' | '、' => '|',
            '.' | '?' | '!' | ':' | '“' | '”' | '"' | '…' | '。' | '~' => ' ',
            _ => c,
        })
        .collect::<String>()
        .replace('|', " | ")
}

fn strip_fillers(text: &str, lang: Language) -> String {
    let mut t = format!(" {text} ");
    let list = if lang == Language::En {
        FILLERS_EN
    } else {
        FILLERS_ZH
    };
    for f in list {
        if lang == Language::En {
            t = t.replace(&format!(" {f} "), " ");
        } else {
            t = t.replace(f, "");
        }
    }
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn any(text: &str, words: &[&str]) -> bool {
    words.iter().any(|w| text.contains(w))
}

/// English words as whole words (`back` is not in `feedback`).
fn any_word(text: &str, words: &[&str]) -> bool {
    let padded = format!(" {} ", text.replace(['.', ',', '?', '!', '\''], " "));
    words.iter().any(|w| padded.contains(&format!(" {w} ")))
}

/// The number, account or site said (as it appears in the text).
fn target_in(original: &str) -> Option<String> {
    static URL: std::sync::OnceLock<Option<regex::Regex>> = std::sync::OnceLock::new();
    static DIGITS: std::sync::OnceLock<Option<regex::Regex>> = std::sync::OnceLock::new();
    let t: String = original.nfkc().collect();
    // A web address.
    let url = URL
        .get_or_init(|| {
            regex::Regex::new(r"(?i)\b((https?://)?([a-z0-9-]+\.)+[a-z]{2,}(/[^\s，。]*)?)").ok()
        })
        .as_ref()?;
    if let Some(m) = url.find(&t) {
        let s = m.as_str().trim_end_matches(['.', ',']);
        if s.chars().any(|c| c.is_ascii_alphabetic())
            && !s.chars().all(|c| c.is_ascii_digit() || c == '.')
        {
            return Some(s.to_string());
        }
    }
    // A run of digits (with spaces, dashes or a leading +) long enough to
    // be a phone or account number, not an amount.
    let digits = DIGITS
        .get_or_init(|| regex::Regex::new(r"\+?\d[\d \-]{3,}\d").ok())
        .as_ref()?;
    digits
        .find_iter(&t)
        .map(|m| m.as_str().trim().to_string())
        .find(|s| s.chars().filter(char::is_ascii_digit).count() >= 5)
}

/// Words that end a name: what comes after the person in a sentence.
const AFTER_NAME_ZH: &[&str] = &[
    "转账",
    "转钱",
    "转",
    "汇款",
    "汇",
    "打钱",
    "打款",
    "打电话",
    "打个电话",
    "打",
    "付",
    "还钱",
    "发",
    "拨",
    "视频",
    "视讯",
    "通话",
    "电话",
    "的",
    "钱",
    "块",
    "元",
    " ",
    "卡",
    "账户",
    "户头",
    "试试",
    "看看",
    "吧",
    "一下",
    "过去",
    "点",
    "些",
    "了",
    "|",
];

/// The person after `from` in `text`, up to the next verb, amount or pause.
fn person_after(text: &str, from: usize) -> Option<String> {
    let mut rest = text[from..].trim_start();
    for own in ["我的", "我家的", "我家", "咱家", "咱们家", "我们家", "我"] {
        if let Some(r) = rest.strip_prefix(own) {
            rest = r;
            break;
        }
    }
    let mut end = rest.len();
    for w in AFTER_NAME_ZH {
        if let Some(i) = rest.find(w) {
            end = end.min(i);
        }
    }
    // An amount starts here too.
    for (i, c) in rest.char_indices() {
        if c.is_ascii_digit()
            || "零一二三四五六七八九十百千万两壹贰叁肆伍陆柒捌玖拾佰仟".contains(c)
        {
            // …unless it is part of a name (小王, 老三, 二女儿, 大儿子).
            let before: String = rest[..i].chars().rev().take(1).collect();
            let next = rest[i + c.len_utf8()..].chars().next();
            let names_kin = next.is_some_and(|n| "女儿子哥姐弟妹叔姨舅姑伯孙".contains(n));
            if !names_kin && (before.is_empty() || !matches!(before.as_str(), "小" | "老" | "大"))
            {
                end = end.min(i);
            }
            break;
        }
    }
    let name = rest[..end].trim();
    (!name.is_empty() && name.chars().count() <= 8).then(|| name.to_string())
}

fn english_person(text: &str, after: &str) -> Option<String> {
    let i = text.find(after)? + after.len();
    let stop = [
        " yuan",
        " rmb",
        " dollars",
        " kuai",
        " now",
        " today",
        " please",
        " for ",
        " and ",
        " on ",
        " right",
        ",",
        ".",
        "?",
        "|",
        " some",
        " money",
        " a little",
        " a bit",
        " testing",
        " just",
        " back",
        " for me",
        " please",
    ];
    let rest = &text[i..];
    let mut end = rest.len();
    for s in stop {
        if let Some(j) = rest.find(s) {
            end = end.min(j);
        }
    }
    // Stop at an amount.
    for (j, w) in rest.split(' ').scan(0usize, |pos, w| {
        let at = *pos;
        *pos += w.len() + 1;
        Some((at, w))
    }) {
        if amount::find(w).is_some()
            || w.starts_with('¥')
            || w.starts_with(|c: char| c.is_ascii_digit())
        {
            end = end.min(j);
            break;
        }
    }
    let mut words: Vec<&str> = rest[..end].split_whitespace().collect();
    while matches!(
        words.first(),
        Some(&("my" | "the" | "to" | "a" | "our" | "with"))
    ) {
        words.remove(0);
    }
    (!words.is_empty() && words.len() <= 4).then(|| words.join(" "))
}

/// `name` as it was said: the rules read a simplified, lower-case text;
/// the slot keeps the utterance's own characters (女兒, Xiao Wang).
fn as_said(original: &str, name: &str) -> String {
    let orig: Vec<char> = original.nfkc().collect();
    let norm: Vec<char> = orig
        .iter()
        .map(|&c| simplified(c).to_lowercase().next().unwrap_or(c))
        .collect();
    let want: Vec<char> = name.chars().collect();
    (0..norm.len().saturating_sub(want.len()) + 1)
        .find(|&i| norm.get(i..i + want.len()) == Some(&want[..]))
        .map(|i| orig[i..i + want.len()].iter().collect())
        .unwrap_or_else(|| name.to_string())
}

fn lock_kind(t: &str, en: bool) -> LockKind {
    if en {
        if any_word(t, &["overseas", "abroad", "foreign"]) {
            LockKind::Overseas
        } else if any_word(
            t,
            &["night", "nights", "nighttime", "overnight", "midnight"],
        ) {
            LockKind::Night
        } else if any_word(
            t,
            &["region", "regional", "outside", "city", "province", "town"],
        ) || t.contains("other cities")
        {
            LockKind::Region
        } else if any_word(t, &["online", "internet", "web"]) {
            LockKind::Online
        } else {
            LockKind::All
        }
    } else if any(t, &["境外", "国外", "出国", "海外", "出境"]) {
        LockKind::Overseas
    } else if any(t, &["夜间", "晚上", "夜里", "半夜", "夜晚", "深夜"]) {
        LockKind::Night
    } else if any(
        t,
        &[
            "地区",
            "外地",
            "异地",
            "外省",
            "外县市",
            "本地",
            "外市",
            "本市",
            "别的城市",
            "其他城市",
        ],
    ) {
        LockKind::Region
    } else if any(
        t,
        &[
            "网上",
            "网购",
            "网银",
            "线上",
            "在线",
            "网络",
            "网路",
            "网上支付",
        ],
    ) {
        LockKind::Online
    } else {
        LockKind::All
    }
}

fn bill_kind(t: &str, en: bool) -> Option<BillKind> {
    if en {
        if any_word(t, &["water"]) {
            Some(BillKind::Water)
        } else if any_word(t, &["electricity", "electric", "power"]) {
            Some(BillKind::Electricity)
        } else if any_word(t, &["gas"]) {
            Some(BillKind::Gas)
        } else if any_word(t, &["phone", "mobile", "top"]) && !any_word(t, &["call", "ring"]) {
            Some(BillKind::Phone)
        } else {
            None
        }
    } else if any(t, &["话费", "手机费", "电话费", "充话", "手机充", "手机"]) {
        Some(BillKind::Phone)
    } else if any(t, &["水费", "交水", "缴水", "水卡"]) {
        Some(BillKind::Water)
    } else if any(t, &["电费", "交电", "缴电", "电卡", "台电", "电力"]) {
        Some(BillKind::Electricity)
    } else if any(t, &["燃气", "煤气", "天然气", "气费", "瓦斯", "气卡"]) {
        Some(BillKind::Gas)
    } else {
        None
    }
}

/// Understands one utterance.
pub fn parse(text: &str, lang: Language) -> Intent {
    let raw = normalise(text);
    // English words in a Chinese sentence (or the other way) are read by
    // what they are, whatever the app's language.
    let en = lang == Language::En || !raw.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    let lang = if en { Language::En } else { Language::ZhCn };
    let t = strip_fillers(&raw, lang);
    let amount = amount::find(&t);
    let mut slots = Slots {
        amount_fen: amount.map(|a| a.fen),
        ..Slots::default()
    };
    let (kind, confidence) = if en {
        english(&raw, &t, text, &mut slots)
    } else {
        chinese(&raw, &t, text, &mut slots)
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

/// The text without pauses and spaces around it.
fn bare(r: &str) -> &str {
    r.trim_matches(|c: char| c == ' ' || c == '|')
}

/// Family words, for "给她打个电话" after "我想我孙女了".
const FAMILY_ZH: &[&str] = &[
    "外孙女",
    "外孙",
    "二女儿",
    "大女儿",
    "小女儿",
    "女儿",
    "闺女",
    "大儿子",
    "小儿子",
    "二儿子",
    "儿子",
    "儿媳妇",
    "儿媳",
    "女婿",
    "孙女",
    "孙子",
    "老伴",
    "老头子",
    "老婆子",
    "哥哥",
    "姐姐",
    "弟弟",
    "妹妹",
];

/// Who a pronoun (她, 他) means: the family word said elsewhere.
fn resolve_pronoun(name: Option<String>, t: &str) -> Option<String> {
    match name.as_deref() {
        Some("她" | "他" | "ta") | None => FAMILY_ZH
            .iter()
            .find(|w| t.contains(**w))
            .map(|w| w.to_string())
            .or(name.filter(|n| !matches!(n.as_str(), "她" | "他" | "ta"))),
        _ => name,
    }
}

fn chinese(r: &str, t: &str, original: &str, slots: &mut Slots) -> (IntentKind, f32) {
    use IntentKind::*;
    // Someone posing as the bank, or she already did what a caller said:
    // not a wish to reach the bank's people.
    let impostor = any(r, &["冒充", "假冒", "自称", "说是", "假的", "骗", "扮"]);
    let already = any(
        r,
        &[
            "转了",
            "汇了",
            "打了",
            "给他了",
            "给了他",
            "已经转",
            "已经汇",
            "已经照",
            "照他说",
            "汇款了",
            "转给他",
            "告诉别人",
            "告诉他",
            "告诉了",
            "已经给",
            "打过去",
            "转过去了",
        ],
    );
    if any(
        r,
        &[
            "被骗",
            "上当",
            "骗了我",
            "被人骗",
            "被诈骗",
            "钱被骗",
            "盗刷",
            "钱少了",
            "钱不见了",
            "不是我花的",
            "不是我转的",
            "钱就没了",
            "钱没了",
            "不是我刷的",
            "我都不知道",
            "我不知道的",
        ],
    ) || (impostor && already)
        || any(r, &["验证码告诉", "密码告诉", "把验证码给", "把密码给"])
    {
        return (ReportFraud, 1.0);
    }
    let target = target_in(original);
    let asks_if_real = any(
        r,
        &[
            "是真的吗",
            "是不是真的",
            "真的假的",
            "能点吗",
            "能不能点",
            "可以点吗",
            "骗子",
            "诈骗",
            "可靠吗",
            "靠谱",
            "安全吗",
            "可信",
            "防骗",
            "正规",
            "是骗",
            "靠得住",
            "骗徒",
            "骗人",
        ],
    );
    if asks_if_real {
        slots.target = target;
        return (CheckFraud, 1.0);
    }
    if (any(r, &["人工", "真人", "敬老", "银发", "活人"]) || r.contains("客服")) && !impostor
    {
        return (HumanAgent, 1.0);
    }
    if any(
        r,
        &[
            "再说一遍",
            "再说一次",
            "再讲一遍",
            "念一下",
            "念给我",
            "念念",
            "读一下",
            "读给我",
            "朗读",
            "大声读",
            "没听清",
            "没听明白",
            "没听懂",
            "重复一遍",
            "再念",
            "讲什么",
            "说什么来着",
        ],
    ) || matches!(bare(t), "念" | "读" | "再说")
    {
        return (ReadAloud, 1.0);
    }
    if any(
        r,
        &["首页", "主页", "主界面", "主画面", "回到开始", "最开始"],
    ) {
        return (GoHome, 1.0);
    }
    if any(
        r,
        &[
            "返回",
            "回去",
            "上一页",
            "后退",
            "退回",
            "回上一",
            "刚才那个页面",
            "刚才的页面",
            "上一步",
        ],
    ) {
        return (GoBack, 1.0);
    }
    if any(
        r,
        &[
            "怎么用",
            "不会用",
            "能做什么",
            "会做什么",
            "你会什么",
            "教我",
            "帮助",
            "使用说明",
            "有什么功能",
            "干啥",
            "能干什么",
            "能做啥",
            "帮我做什么",
            "可以做什么",
            "怎么弄",
            "怎么操作",
            "怎么办理",
        ],
    ) {
        return (Help, 1.0);
    }
    let card_things = [
        "境外", "海外", "国外", "出境", "网上", "网络", "网路", "网银", "线上", "支付", "刷卡",
        "交易", "消费", "卡", "夜间", "外地", "异地",
    ];
    if any(
        r,
        &[
            "解锁",
            "解冻",
            "解除",
            "解开",
            "解了",
            "恢复使用",
            "取消冻结",
        ],
    ) || (r.contains("取消") && r.contains("锁"))
        || (any(
            r,
            &["打开", "开通", "开启", "重新开", "恢复", "开一下", "给开"],
        ) && any(r, &card_things))
    {
        return (UnlockCard, 1.0);
    }
    // Not the card: the phone's screen, a door.
    let not_card = any(r, &["屏幕", "手机锁", "门", "锁屏"]);
    if !not_card
        && (any(
            r,
            &[
                "锁卡",
                "锁住",
                "锁上",
                "锁一下",
                "冻结",
                "挂失",
                "停用",
                "把卡锁",
                "卡锁",
                "锁了",
                "丢了",
                "被偷",
                "禁用",
                "禁止",
            ],
        ) || (any(
            r,
            &[
                "关闭",
                "关掉",
                "关了",
                "停掉",
                "不能刷",
                "刷不了",
                "不能用",
                "不让刷",
                "别让",
                "不要让",
                "只能在",
                "只在",
                "只让",
            ],
        ) && any(r, &card_things)))
    {
        slots.lock_kind = Some(lock_kind(r, false));
        return (LockCard, 1.0);
    }
    if r.contains("查")
        && any(
            r,
            &["号码", "电话号", "网址", "网站", "链接", "账号", "这个号"],
        )
    {
        slots.target = target;
        return (CheckFraud, 0.9);
    }
    // Money already gone out or come in is the history.
    if any(
        r,
        &[
            "扣了",
            "花了",
            "交了多少",
            "给谁了",
            "转给谁",
            "是不是有一笔",
            "转出去了",
            "汇给我",
            "转给我的",
            "打给我的",
            "给我转",
            "给我打的",
            "入账",
            "进出账",
            "到账",
            "进账",
            "到了没",
            "到没到",
            "收到",
            "went out",
            "come through",
        ],
    ) {
        return (ListTransactions, 1.0);
    }
    let bill_nouns = [
        "缴费",
        "交费",
        "付费",
        "水费",
        "电费",
        "燃气费",
        "煤气费",
        "瓦斯",
        "气费",
        "话费",
        "手机费",
        "充值",
        "交水",
        "交电",
        "交燃气",
        "交煤气",
        "煤气钱",
        "电卡",
        "水卡",
        "气卡",
    ];
    let bill = bill_kind(r, false);
    if any(r, &bill_nouns) || (bill.is_some() && any(r, &["交", "缴", "充", "付", "帐单", "账单"]))
    {
        slots.bill_kind = bill;
        return (PayBill, 1.0);
    }
    let calls = any(
        r,
        &[
            "打电话",
            "打个电话",
            "通电话",
            "视频通话",
            "拨电话",
            "打给",
            "联系",
            "拨",
            "接通",
            "视像",
        ],
    ) || (any(r, &["视频", "视讯"]) && any(r, &["跟", "和", "给", "与", "同"]));
    if calls && !r.contains("打钱") && slots.amount_fen.is_none() {
        let after = |w: &str| t.find(w).and_then(|i| person_after(t, i + w.len()));
        let member = after("给")
            .or_else(|| after("打给"))
            .or_else(|| after("联系"))
            .or_else(|| after("接通"))
            .or_else(|| after("跟"))
            .or_else(|| after("同"))
            .or_else(|| after("和"))
            .or_else(|| after("拨"));
        slots.member = resolve_pronoun(member, t).map(|m| as_said(original, &m));
        return (CallFamily, 1.0);
    }
    let transfer_words = [
        "转账",
        "转钱",
        "转给",
        "汇款",
        "汇钱",
        "打钱",
        "打款",
        "转过去",
        "汇给",
        "给钱",
        "转点钱",
        "打点钱",
        "转些钱",
        "转到",
        "汇到",
        "打到",
        "寄钱",
        "转笔钱",
        "过数",
        "打给",
    ];
    let says_transfer = any(r, &transfer_words)
        || ((r.contains("转") || r.contains("汇")) && slots.amount_fen.is_some())
        || (r.contains("给") && slots.amount_fen.is_some() && !r.contains("费"));
    if says_transfer {
        let after = |w: &str| t.find(w).and_then(|i| person_after(t, i + w.len()));
        slots.payee = after("转给")
            .or_else(|| after("汇给"))
            .or_else(|| after("转到"))
            .or_else(|| after("汇到"))
            .or_else(|| after("打到"))
            .or_else(|| after("打给"))
            .or_else(|| after("给"))
            .or_else(|| after("向"))
            .or_else(|| after("到"))
            .map(|p| as_said(original, &p));
        let sure = if any(r, &transfer_words) || r.contains("转") || r.contains("汇") {
            1.0
        } else {
            0.6
        };
        return (Transfer, sure);
    }
    // A price or a rate is not her balance.
    let price = any(
        r,
        &[
            "一克",
            "一斤",
            "一个",
            "价格",
            "价钱",
            "多少钱一",
            "利息",
            "利率",
        ],
    );
    if !price
        && any(
            r,
            &[
                "余额",
                "还有多少钱",
                "有多少钱",
                "剩多少",
                "剩下多少",
                "还剩",
                "存款",
                "多少钱了",
                "钱够不够",
                "卡里有",
                "几多钱",
                "户口",
            ],
        )
    {
        return (CheckBalance, 1.0);
    }
    if any(
        r,
        &[
            "明细",
            "流水",
            "交易",
            "记录",
            "纪录",
            "账单",
            "花了",
            "收支",
            "养老金",
            "退休金",
            "工资到",
            "扣了",
            "花钱",
            "花在",
            "进出",
        ],
    ) {
        return (ListTransactions, 1.0);
    }
    if !price && (r.contains("多少钱") || r.contains("查钱") || r.contains("查账")) {
        return (CheckBalance, 0.6);
    }
    (Unknown, 0.0)
}

/// Kin words in English, for a "her" that points back to one.
const KIN_EN: &[&str] = &[
    "youngest daughter",
    "eldest daughter",
    "younger daughter",
    "older daughter",
    "daughter",
    "youngest son",
    "eldest son",
    "younger son",
    "older son",
    "son",
    "granddaughter",
    "grandson",
    "niece",
    "nephew",
    "wife",
    "husband",
    "sister",
    "brother",
];

fn english_kin(t: &str) -> Option<String> {
    KIN_EN
        .iter()
        .find(|k| any_word(t, &[k]))
        .map(|k| k.to_string())
}

/// Not family: "call a taxi" is not a call to make for her.
const NOT_FAMILY_EN: &[&str] = &[
    "taxi",
    "cab",
    "uber",
    "didi",
    "ambulance",
    "police",
    "doctor",
    "restaurant",
    "plumber",
];

fn english(r: &str, t: &str, original: &str, slots: &mut Slots) -> (IntentKind, f32) {
    use IntentKind::*;
    let impostor = any(
        r,
        &[
            "pretending",
            "pretended",
            "claiming",
            "claimed",
            "said he was",
            "said she was",
            "said they were",
            "saying they",
            "posing",
            "fake",
        ],
    );
    let already = any(
        r,
        &[
            "i gave",
            "gave them",
            "i sent",
            "i transferred",
            "i paid",
            "told them my",
            "gave him",
            "gave her",
            "gave my pin",
            "gave my password",
            "told a stranger",
            "gave my card",
        ],
    );
    if any(
        r,
        &[
            "scammed",
            "been cheated",
            "defrauded",
            "been tricked",
            "was tricked",
            "got tricked",
            "tricked into",
            "got scammed",
            "conned",
            "swindled",
            "money missing",
            "missing from my account",
            "didn't spend",
            "did not spend",
            "stolen from",
        ],
    ) || (impostor && already)
        || (already && any_word(r, &["scam", "fraud", "scammer", "stranger"]))
        || (any(r, &["gave my pin", "gave my password", "told my pin"]))
    {
        return (ReportFraud, 1.0);
    }
    let target = target_in(original);
    let about_it =
        target.is_some() && any_word(r, &["safe", "real", "genuine", "ok", "okay", "trustworthy"]);
    if about_it
        || any(
            r,
            &[
                "is that real",
                "is it real",
                "is this real",
                "is that a trick",
                "is it a trick",
                "a scam",
                "is that safe",
                "is it safe",
                "is this safe",
                "legit",
                "can i trust",
                "should i trust",
                "is it genuine",
                "is that genuine",
            ],
        )
        || any_word(
            r,
            &[
                "scam",
                "scammer",
                "fraud",
                "fake",
                "legitimate",
                "genuine",
                "crook",
                "con",
            ],
        )
    {
        slots.target = target;
        return (CheckFraud, 1.0);
    }
    if (any_word(
        r,
        &[
            "human",
            "person",
            "agent",
            "operator",
            "representative",
            "staff",
        ],
    ) || any(
        r,
        &[
            "customer service",
            "real person",
            "senior service",
            "elderly service",
        ],
    )) && !impostor
    {
        return (HumanAgent, 1.0);
    }
    if any(
        r,
        &[
            "say that again",
            "say it again",
            "repeat",
            "read it",
            "read this",
            "read that",
            "read aloud",
            "out loud",
            "read out",
            "read the screen",
            "didn't catch",
            "didn't hear",
            "once more",
        ],
    ) {
        return (ReadAloud, 1.0);
    }
    if any(
        r,
        &[
            "home screen",
            "main screen",
            "home page",
            "start screen",
            "start page",
            "go home",
            "main menu",
        ],
    ) || bare(r) == "home"
    {
        return (GoHome, 1.0);
    }
    if any(
        r,
        &["go back", "previous", "back up", "last screen", "last page"],
    ) || bare(r) == "back"
    {
        return (GoBack, 1.0);
    }
    if any_word(r, &["help"])
        || any(
            r,
            &[
                "what can you do",
                "how do i use",
                "how does this work",
                "what can i say",
                "i don't know how",
                "what do you do",
            ],
        )
    {
        return (Help, 1.0);
    }
    let card_things = [
        "overseas", "abroad", "online", "card", "payments", "payment", "lock", "night", "internet",
    ];
    let a_lock = any_word(r, &["lock", "block"]);
    if any_word(
        r,
        &[
            "unlock",
            "unfreeze",
            "unblock",
            "reopen",
            "re-enable",
            "lift",
        ],
    ) || (any_word(r, &["remove", "cancel"]) && any_word(r, &["lock", "freeze", "block"]))
        || (any(
            r,
            &[
                "turn on",
                "switch on",
                "enable",
                "allow",
                "back on",
                "on again",
            ],
        ) && any_word(r, &card_things)
            && !a_lock)
    {
        return (UnlockCard, 1.0);
    }
    // Not the card: a door, the phone's screen.
    let not_card = any_word(r, &["door", "screen", "car", "house", "window"]);
    if !not_card
        && (any_word(r, &["lock", "freeze", "block", "disable", "stolen", "lost"])
            || (any(
                r,
                &[
                    "turn off",
                    "switch off",
                    "stop",
                    "don't let",
                    "do not let",
                    "only let",
                ],
            ) && any_word(r, &card_things)))
    {
        slots.lock_kind = Some(lock_kind(r, true));
        return (LockCard, 1.0);
    }
    if any_word(r, &["check"])
        && any_word(r, &["number", "website", "site", "link", "account", "url"])
    {
        slots.target = target;
        return (CheckFraud, 0.9);
    }
    let bill = bill_kind(r, true);
    if any_word(r, &["bill", "bills", "utility", "utilities"])
        || any(r, &["top up", "water fee"])
        || (bill.is_some()
            && (any_word(r, &["pay"]) || (any_word(r, &["for"]) && slots.amount_fen.is_some())))
    {
        slots.bill_kind = bill;
        return (PayBill, 1.0);
    }
    if any(
        r,
        &[
            "come in",
            "came in",
            "come through",
            "went out",
            "go out",
            "arrive",
            "arrived",
            "received",
            "spend money",
            "spent",
        ],
    ) {
        return (ListTransactions, 1.0);
    }
    if any_word(r, &["call", "phone", "ring", "video"]) {
        let member = english_person(t, "call ")
            .or_else(|| english_person(t, "phone "))
            .or_else(|| english_person(t, "ring "))
            .or_else(|| english_person(t, "with "));
        if member
            .as_deref()
            .is_some_and(|m| NOT_FAMILY_EN.iter().any(|n| m.contains(n)))
        {
            return (Unknown, 0.0);
        }
        slots.member = member.map(|m| as_said(original, &m));
        return (CallFamily, 1.0);
    }
    let marked = amount::find(r).is_some_and(|a| a.marked);
    let says_transfer = any_word(r, &["transfer", "send", "wire", "remit"])
        || (any_word(r, &["give", "pay"])
            && (slots.amount_fen.is_some() || any_word(r, &["money"])))
        || (marked && r.contains(" to "));
    if says_transfer {
        let said = english_person(t, " to ")
            .or_else(|| english_person(t, "send "))
            .or_else(|| english_person(t, "give "))
            .or_else(|| english_person(t, "pay "));
        // "my youngest daughter, send her a thousand": her is who was named.
        let said = match said.as_deref() {
            Some("her" | "him" | "them") | None => english_kin(t).or(said),
            _ => said,
        };
        slots.payee = said.map(|p| as_said(original, &p));
        let sure = if any_word(r, &["transfer", "send", "wire", "remit", "give", "pay"]) {
            1.0
        } else {
            0.6
        };
        return (Transfer, sure);
    }
    if any_word(
        r,
        &[
            "transactions",
            "transaction",
            "history",
            "statement",
            "spending",
            "spent",
            "payments",
            "pension",
            "records",
            "activity",
        ],
    ) {
        return (ListTransactions, 1.0);
    }
    if any_word(r, &["balance", "savings"])
        || any(
            r,
            &[
                "how much money",
                "how much do i have",
                "how much is in",
                "money left",
                "money do i have",
                "enough on my",
                "enough in my",
                "enough money",
            ],
        )
    {
        return (CheckBalance, 1.0);
    }
    // A price is not her balance.
    if r.contains("how much")
        && !any(
            r,
            &["a kilo", "a pound", "cost", "price", "a box", "interest"],
        )
    {
        return (CheckBalance, 0.6);
    }
    (Unknown, 0.0)
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
