//! Every tile of her home screen by voice: reminders, savings, the scam
//! lessons, a complaint, search, reporting a scam number, and the settings
//! that take effect at once (text size, contrast, language, how the app
//! speaks). Which of these a sentence is, in Chinese and English.

use super::text::{any, any_word, as_said, target_in};
use super::{IntentKind, SettingChange, Slots};

/// Her words for each setting, in Chinese: `None` when she asks for none.
pub(super) fn setting_zh(r: &str) -> Option<SettingChange> {
    use SettingChange::*;
    // 字看不清，念给我听: she wants it read, not bigger.
    if any(r, &["念", "读给我", "读一下", "读出来", "读一遍"]) {
        return None;
    }
    // Text: what she finds wrong first (字太小: bigger), then what she
    // asks for (字小一点: smaller).
    if any(
        r,
        &[
            "字太小",
            "字小了",
            "字有点小",
            "字儿小",
            "字儿太小",
            "看不清字",
            "字看不清",
            "字看不见",
            "看不清楚字",
            "字体太小",
            "字型太小",
            "字太细",
            "字这么小",
            "字好小",
        ],
    ) {
        return Some(TextBigger);
    }
    if any(r, &["字太大", "字大了", "字太粗", "字这么大", "字好大"]) {
        return Some(TextSmaller);
    }
    let text = r.contains('字');
    if (text
        && any(
            r,
            &[
                "小一",
                "调小",
                "最小",
                "小点",
                "小些",
                "缩小",
                "变小",
                "减小",
                "弄小",
                "小一号",
            ],
        ))
        || r.contains("缩小")
    {
        return Some(TextSmaller);
    }
    if ((text
        && any(
            r,
            &[
                "大一", "调大", "最大", "大点", "大些", "放大", "变大", "加大", "弄大", "大字",
                "字大", "再大",
            ],
        ))
        || r.contains("放大"))
        && !any(r, &["大字版", "长辈版"])
    {
        return Some(TextBigger);
    }
    let contrast = any(
        r,
        &[
            "对比度",
            "高对比",
            "对比",
            "黑底黄字",
            "颜色深",
            "颜色太淡",
            "颜色太浅",
            "看不清颜色",
            "颜色看不清",
            "颜色浓",
            "颜色鲜明",
        ],
    );
    if contrast {
        let off = any(
            r,
            &[
                "关",
                "取消",
                "不要",
                "恢复",
                "正常",
                "原来",
                "去掉",
                "别用",
                "不用",
                "太刺眼",
                "刺眼",
            ],
        );
        return Some(if off { HighContrastOff } else { HighContrastOn });
    }
    let switch = any(
        r,
        &[
            "换", "改", "切", "调", "设", "变", "用", "说", "讲", "显示", "界面", "成", "要",
        ],
    );
    if switch {
        if any(r, &["繁体", "正体", "繁中", "台湾字", "繁体字"]) {
            return Some(LanguageZhTw);
        }
        if any(r, &["简体", "普通话", "简中", "大陆字", "简体字"]) {
            return Some(LanguageZhCn);
        }
        if any(r, &["英文", "英语", "english", "外语"]) {
            return Some(LanguageEn);
        }
    }
    if any(
        r,
        &[
            "说慢",
            "讲慢",
            "慢一点",
            "慢点说",
            "慢点讲",
            "慢些",
            "说太快",
            "讲太快",
            "太快了",
            "语速",
            "慢慢说",
            "慢慢讲",
            "念慢",
            "读慢",
            "慢点儿",
            "说得慢",
            "讲得慢",
            "快了听不",
            "放慢",
            "速度慢",
            "慢下来",
        ],
    ) {
        return Some(SpeakSlower);
    }
    let voice = any(r, &["声音", "音量", "声"]);
    if (any(
        r,
        &[
            "大声",
            "声音大",
            "大点声",
            "声音太小",
            "听不见",
            "声音小",
            "音量大",
            "调大声",
            "响一点",
            "声音调大",
            "音量调大",
            "声大",
            "响点",
            "大点儿声",
            "声音开大",
            "音量开大",
        ],
    ) || (voice && any(r, &["大一", "大点", "大些", "调大", "开大", "再大"])))
        && !any(r, &["隔壁", "外面", "楼上", "邻居"])
    {
        return Some(SpeakLouder);
    }
    None
}

/// Her words for each setting, in English.
pub(super) fn setting_en(r: &str) -> Option<SettingChange> {
    use SettingChange::*;
    // "The words are small, just read them to me": read, not bigger.
    if any(
        r,
        &[
            "read them to me",
            "read it to me",
            "read this to me",
            "read that to me",
            "read to me",
            "read it out",
            "read them out",
            "read out",
        ],
    ) {
        return None;
    }
    let text = any_word(
        r,
        &[
            "text",
            "font",
            "words",
            "letters",
            "writing",
            "print",
            "characters",
            "type",
        ],
    );
    if (text
        && any_word(
            r,
            &[
                "smaller", "tinier", "shrink", "big", "huge", "large", "reduce",
            ],
        )
        && !any_word(r, &["bigger", "larger", "small", "tiny"]))
        || any(r, &["zoom out", "too big", "too large"])
    {
        return Some(TextSmaller);
    }
    if (text
        && any_word(
            r,
            &[
                "bigger", "larger", "small", "tiny", "enlarge", "increase", "up", "read", "see",
                "blurry",
            ],
        ))
        || any(
            r,
            &[
                "zoom in",
                "magnify",
                "make everything bigger",
                "make it bigger",
            ],
        )
    {
        return Some(TextBigger);
    }
    if r.contains("contrast")
        || any(
            r,
            &[
                "darker colours",
                "darker colors",
                "colours stronger",
                "colors stronger",
            ],
        )
    {
        let off = any_word(
            r,
            &[
                "off", "normal", "remove", "disable", "cancel", "stop", "back",
            ],
        );
        return Some(if off { HighContrastOff } else { HighContrastOn });
    }
    let switch = any_word(
        r,
        &[
            "switch", "change", "set", "use", "speak", "show", "language", "in", "to", "into",
        ],
    );
    if switch {
        if any(
            r,
            &["traditional chinese", "traditional characters", "taiwan"],
        ) {
            return Some(LanguageZhTw);
        }
        if any(
            r,
            &[
                "simplified chinese",
                "simplified characters",
                "mandarin",
                "chinese",
            ],
        ) {
            return Some(LanguageZhCn);
        }
        if any_word(r, &["english"]) {
            return Some(LanguageEn);
        }
    }
    if any(
        r,
        &[
            "slower",
            "slow down",
            "more slowly",
            "too fast",
            "so fast",
            "slowly",
            "slow it",
        ],
    ) {
        return Some(SpeakSlower);
    }
    if any(
        r,
        &[
            "louder",
            "speak up",
            "volume up",
            "turn up the volume",
            "turn the volume up",
            "can't hear you",
            "cannot hear you",
            "too quiet",
            "more volume",
            "raise the volume",
        ],
    ) {
        return Some(SpeakLouder);
    }
    None
}

/// What comes after the first of `verbs` in `t`, trimmed of what only
/// pads a sentence; as said in `original`.
fn after_verb(t: &str, verbs: &[&str], original: &str, en: bool) -> Option<String> {
    let (at, verb) = verbs
        .iter()
        .filter_map(|v| t.find(v).map(|i| (i, *v)))
        .min_by_key(|(i, v)| (*i, usize::MAX - v.len()))?;
    let mut rest = t[at + verb.len()..].trim_matches(|c: char| c == ' ' || c == '|');
    let lead: &[&str] = if en {
        &["for ", "up ", "about ", "me "]
    } else {
        &[
            "一下", "下", "一搜", "搜", "到", "找", "一找", "帮我", "给我", "我",
        ]
    };
    let tail: &[&str] = if en {
        &[" please", " for me", " now", " thanks"]
    } else {
        &[
            "吧",
            "呢",
            "啊",
            "嘛",
            "了",
            "看看",
            "给我",
            "行不行",
            "好不好",
        ]
    };
    loop {
        let before = rest;
        for l in lead {
            rest = rest.strip_prefix(l).unwrap_or(rest);
        }
        for s in tail {
            rest = rest.strip_suffix(s).unwrap_or(rest);
        }
        rest = rest.trim_matches(|c: char| c == ' ' || c == '|');
        if rest == before {
            break;
        }
    }
    if rest.is_empty() {
        return None;
    }
    Some(as_said(original, rest))
}

/// The tiles said early, before the rules that share their words:
/// reporting a scam (举报 with 骗子), the lessons (防骗课堂 is not 查骗子),
/// a complaint (about 人工 is not asking for 人工), a setting (声音太小没听清
/// is louder, not say again), and search by 搜.
pub(super) fn early_zh(r: &str, original: &str, slots: &mut Slots) -> Option<IntentKind> {
    use IntentKind::*;
    if any(
        r,
        &[
            "举报",
            "检举",
            "揭发",
            "上报",
            "报给银行",
            "报告给银行",
            "告诉银行这个",
            "报骗子",
        ],
    ) && !any(r, &["举报你们", "投诉"])
    {
        slots.target = target_in(original);
        return Some(ReportScam);
    }
    if any(
        r,
        &[
            "防骗课堂",
            "课堂",
            "反诈知识",
            "防骗知识",
            "防诈知识",
            "反诈骗知识",
            "防诈骗知识",
            "防骗小知识",
            "学防骗",
            "学学防骗",
            "学习防骗",
            "学学怎么防骗",
            "怎么防骗",
            "如何防骗",
            "防骗课",
            "反诈课",
            "防诈课",
            "上课",
            "小测验",
            "测验",
            "做题",
            "答题",
            "防骗的课",
            "反诈宣传",
            "防骗技巧",
            "防骗小窍门",
            "防骗常识",
            "反诈常识",
            "学点防骗",
            "学一学",
            "识别骗子",
            "认出骗子",
            "防骗的本事",
            "防诈骗的知识",
            "骗局有哪些",
        ],
    ) || (any(
        r,
        &[
            "课",
            "学",
            "知识",
            "教室",
            "题目",
            "测验",
            "教老",
            "教长辈",
            "教我",
        ],
    ) && any(r, &["防骗", "防诈", "反诈", "诈骗", "骗局"]))
    {
        return Some(OpenClassroom);
    }
    if any(
        r,
        &[
            "投诉",
            "提意见",
            "提提意见",
            "意见",
            "不满意",
            "反映问题",
            "反映一下",
            "太差了",
            "告你们",
            "差评",
            "举报你们",
            "服务太差",
            "态度太差",
            "态度不好",
            "乱扣钱",
            "乱收费",
            "客诉",
            "申诉",
            "反映",
        ],
    ) {
        return Some(FileComplaint);
    }
    if let Some(s) = setting_zh(r) {
        slots.setting = Some(s);
        return Some(ChangeSetting);
    }
    const SEARCH: &[&str] = &[
        "搜索",
        "搜寻",
        "搜一搜",
        "搜搜",
        "搜",
        "查找",
        "找一找",
        "找一下",
        "找找",
    ];
    if any(r, SEARCH) && !any(r, &["人工", "客服", "真人", "电话", "打给"]) {
        slots.query = after_verb(r, SEARCH, original, false);
        return Some(Search);
    }
    None
}

/// The tiles said later (after the card, before bills and money): 提醒,
/// 理财.
pub(super) fn late_zh(r: &str) -> Option<IntentKind> {
    if any(
        r,
        &[
            "提醒",
            "待办",
            "备忘",
            "要办的事",
            "要办什么",
            "有啥事要办",
            "有什么事要办",
            "该办的事",
            "别忘了",
            "忘了什么",
            "记事",
        ],
    ) {
        return Some(IntentKind::OpenReminders);
    }
    if any(
        r,
        &[
            "理财",
            "定期",
            "国债",
            "基金",
            "投资",
            "大额存单",
            "存单",
            "收益",
            "储蓄产品",
            "保本",
            "利息高",
            "利息多",
            "生钱",
            "钱生钱",
            "买产品",
            "存款产品",
            "理个财",
            "养老理财",
            "定存",
            "公债",
            "债券",
            "闲钱",
        ],
    ) {
        return Some(IntentKind::OpenWealth);
    }
    None
}

/// Search by 找 alone (帮我找附近的网点), when nothing else matched.
pub(super) fn last_zh(r: &str, original: &str, slots: &mut Slots) -> Option<IntentKind> {
    // 卡找到了, 找不到: not a search.
    if r.contains('找') && !any(r, &["找到", "找不到", "找不着", "找回"]) {
        slots.query = after_verb(r, &["找"], original, false);
        return slots.query.is_some().then_some(IntentKind::Search);
    }
    None
}

/// The English tiles said early (see [`early_zh`]).
pub(super) fn early_en(r: &str, t: &str, original: &str, slots: &mut Slots) -> Option<IntentKind> {
    use IntentKind::*;
    let target = target_in(original);
    if any_word(r, &["report", "reporting"])
        && (target.is_some()
            || any_word(
                r,
                &[
                    "scam",
                    "scammer",
                    "scammers",
                    "fraud",
                    "fraudster",
                    "number",
                    "website",
                    "site",
                    "caller",
                    "call",
                    "it",
                    "this",
                    "that",
                    "account",
                    "text",
                    "message",
                    "link",
                    "crook",
                ],
            ))
        && !any_word(r, &["statement", "monthly", "annual"])
    {
        slots.target = target;
        return Some(ReportScam);
    }
    if any(
        r,
        &[
            "scam lesson",
            "scam class",
            "anti-scam",
            "anti scam",
            "lessons",
            "lesson",
            "classroom",
            "quiz",
            "learn about scam",
            "learn how to spot",
            "teach me about scam",
            "scam tips",
            "fraud tips",
            "how to avoid scam",
            "how to spot",
            "learn about fraud",
            "teach me how to spot",
            "how to protect myself",
            "learn to spot",
            "avoid being scammed",
            "avoid scams",
            "training",
        ],
    ) {
        return Some(OpenClassroom);
    }
    if any(
        r,
        &[
            "complain",
            "complaint",
            "not happy with",
            "unhappy with",
            "grievance",
            "feedback",
            "not satisfied",
            "dissatisfied",
            "terrible service",
            "poor service",
            "rude",
            "suggestion",
        ],
    ) {
        return Some(FileComplaint);
    }
    if let Some(s) = setting_en(r) {
        slots.setting = Some(s);
        return Some(ChangeSetting);
    }
    if any_word(r, &["search", "searching"]) {
        slots.query = after_verb(t, &["search"], original, true);
        return Some(Search);
    }
    None
}

/// The English tiles said later (see [`late_zh`]).
pub(super) fn late_en(r: &str) -> Option<IntentKind> {
    // Her reminders from the bank; "remind me to take my pills" asks for
    // a reminder the app does not make.
    if any_word(r, &["reminders", "reminder", "to-do", "todo"])
        || any(
            r,
            &[
                "to do list",
                "what do i need to do",
                "anything i need to remember",
                "things to do",
                "what have i got to do",
                "don't let me forget",
                "anything to remember",
                "need to remember",
                "anything i need to do",
                "need to do today",
                "need to do this week",
            ],
        )
    {
        return Some(IntentKind::OpenReminders);
    }
    if any(
        r,
        &[
            "savings product",
            "savings plan",
            "wealth",
            "invest",
            "fixed deposit",
            "time deposit",
            "term deposit",
            "bonds",
            "treasury",
            "financial product",
            "interest rate",
            "better interest",
            "higher interest",
            "grow my money",
            "certificate of deposit",
            "mutual fund",
            "spare money",
            "idle money",
            "put it into",
            "put my money into",
            "what can i put",
        ],
    ) || any_word(r, &["fund", "funds", "cd", "cds"])
    {
        return Some(IntentKind::OpenWealth);
    }
    None
}

/// Search by "look up", "look for", "find", when nothing else matched.
pub(super) fn last_en(t: &str, original: &str, slots: &mut Slots) -> Option<IntentKind> {
    if any(t, &["look up", "look for", "find "]) {
        slots.query = after_verb(t, &["look up", "look for", "find "], original, true);
        return slots.query.is_some().then_some(IntentKind::Search);
    }
    None
}
