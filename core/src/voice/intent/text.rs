//! The text the rules read: traditional made simplified, fillers taken
//! out, and the slots' own words found in what was said.

use super::amount;
use crate::i18n::Language;
use unicode_normalization::UnicodeNormalization;

/// Traditional characters of the words below, made simplified, so one set
/// of rules reads both.
pub(super) fn simplified(c: char) -> char {
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
        ('錄', '录'),
        ('紀', '纪'),
        ('記', '记'),
        ('筆', '笔'),
        ('進', '进'),
        ('帶', '带'),
        ('關', '关'),
        ('閉', '闭'),
        ('開', '开'),
        ('啟', '启'),
        ('啓', '启'),
        ('國', '国'),
        ('間', '间'),
        ('區', '区'),
        ('線', '线'),
        ('綫', '线'),
        ('碼', '码'),
        ('詐', '诈'),
        ('譜', '谱'),
        ('聯', '联'),
        ('繫', '系'),
        ('係', '系'),
        ('視', '视'),
        ('頻', '频'),
        ('聲', '声'),
        ('唸', '念'),
        ('麵', '面'),
        ('頭', '头'),
        ('幾', '几'),
        ('點', '点'),
        ('後', '后'),
        ('煩', '烦'),
        ('請', '请'),
        ('問', '问'),
        ('會', '会'),
        ('業', '业'),
        ('務', '务'),
        ('機', '机'),
        ('掛', '挂'),
        ('當', '当'),
        ('學', '学'),
        ('孫', '孙'),
        ('婦', '妇'),
        ('媽', '妈'),
        ('爺', '爷'),
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
        ('沒', '没'),
        ('講', '讲'),
        ('畫', '画'),
        ('訊', '讯'),
        ('縣', '县'),
        ('連', '连'),
        ('簡', '简'),
        ('稱', '称'),
        ('來', '来'),
        ('別', '别'),
        ('訴', '诉'),
        ('驗', '验'),
        ('證', '证'),
        ('經', '经'),
        ('過', '过'),
        ('撥', '拨'),
        ('盜', '盗'),
        ('設', '设'),
        ('復', '复'),
        ('試', '试'),
        ('錯', '错'),
        ('畀', '给'),
        ('數', '数'),
        ('禮', '礼'),
        ('嘅', '的'),
        ('咗', '了'),
        ('臺', '台'),
        ('鄉', '乡'),
        ('廳', '厅'),
        ('總', '总'),
        ('見', '见'),
        ('體', '体'),
        ('態', '态'),
        ('尋', '寻'),
        ('調', '调'),
        ('換', '换'),
        ('變', '变'),
        ('顯', '显'),
        ('課', '课'),
        ('識', '识'),
        ('舉', '举'),
        ('報', '报'),
        ('檢', '检'),
        ('財', '财'),
        ('產', '产'),
        ('險', '险'),
        ('項', '项'),
        ('辦', '办'),
        ('測', '测'),
        ('狀', '状'),
        ('況', '况'),
        ('著', '着'),
        ('響', '响'),
        ('債', '债'),
        ('儲', '储'),
        ('備', '备'),
        ('滿', '满'),
        ('題', '题'),
        ('習', '习'),
        ('淺', '浅'),
        ('顏', '颜'),
        ('現', '现'),
    ];
    PAIRS
        .iter()
        .find(|(t, _)| *t == c)
        .map(|(_, s)| *s)
        .unwrap_or(c)
}

/// Words that carry nothing (fillers, politeness), taken out before the
/// rules read the text.
pub(super) const FILLERS_ZH: &[&str] = &[
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
pub(super) const FILLERS_EN: &[&str] = &[
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
pub(super) fn normalise(text: &str) -> String {
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

pub(super) fn strip_fillers(text: &str, lang: Language) -> String {
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

pub(super) fn any(text: &str, words: &[&str]) -> bool {
    words.iter().any(|w| text.contains(w))
}

/// English words as whole words (`back` is not in `feedback`).
pub(super) fn any_word(text: &str, words: &[&str]) -> bool {
    let padded = format!(" {} ", text.replace(['.', ',', '?', '!', '\''], " "));
    words.iter().any(|w| padded.contains(&format!(" {w} ")))
}

/// The number, account or site said (as it appears in the text).
pub(super) fn target_in(original: &str) -> Option<String> {
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
        .or_else(|| spoken_digits(&t))
}

/// A number said digit by digit in words (幺三八一二三四五六七八), as said.
fn spoken_digits(t: &str) -> Option<String> {
    const DIGIT: &str = "零〇幺一二三四五六七八九";
    let mut best: Option<String> = None;
    let mut run = String::new();
    for c in t.chars().chain(std::iter::once(' ')) {
        if DIGIT.contains(c) {
            run.push(c);
        } else {
            if run.chars().count() >= 5 && best.is_none() {
                best = Some(run.clone());
            }
            run.clear();
        }
    }
    best
}

/// Words that end a name: what comes after the person in a sentence.
pub(super) const AFTER_NAME_ZH: &[&str] = &[
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
pub(super) fn person_after(text: &str, from: usize) -> Option<String> {
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

pub(super) fn english_person(text: &str, after: &str) -> Option<String> {
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
pub(super) fn as_said(original: &str, name: &str) -> String {
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

/// The text without pauses and spaces around it.
pub(super) fn bare(r: &str) -> &str {
    r.trim_matches(|c: char| c == ' ' || c == '|')
}
