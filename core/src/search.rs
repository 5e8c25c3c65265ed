//! 搜索: what she types (or says) finds the screen, in any of the three
//! languages and with the words people use — 长辈版, 关怀版, 亲情版 and
//! 大字版 all find the 幸福生活 layout.

use crate::transfers::risk::compact;

/// Where a search can lead.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Destination {
    /// The 幸福生活 (elder) layout switch in settings.
    ElderMode,
    /// Language, text size, contrast.
    Settings,
    /// Balances.
    Balance,
    /// History.
    History,
    /// Transfers.
    Transfer,
    /// 缴费.
    Bills,
    /// 提醒.
    Reminders,
    /// 理财.
    Wealth,
    /// 防骗查询.
    FraudCheck,
    /// 防骗课堂.
    Classroom,
    /// 安全卫士 (card locks).
    CardGuard,
    /// 家人 (family).
    Family,
    /// 人工客服.
    Agent,
    /// 投诉与建议.
    Complaints,
}

impl Destination {
    /// Stable code (`data-dest` in the app, tests).
    pub fn code(self) -> &'static str {
        match self {
            Destination::ElderMode => "elder_mode",
            Destination::Settings => "settings",
            Destination::Balance => "balance",
            Destination::History => "history",
            Destination::Transfer => "transfer",
            Destination::Bills => "bills",
            Destination::Reminders => "reminders",
            Destination::Wealth => "wealth",
            Destination::FraudCheck => "fraud_check",
            Destination::Classroom => "classroom",
            Destination::CardGuard => "card_guard",
            Destination::Family => "family",
            Destination::Agent => "agent",
            Destination::Complaints => "complaints",
        }
    }

    /// Fluent id of its name in the results.
    pub fn message_id(self) -> &'static str {
        match self {
            Destination::ElderMode => "search-elder-mode",
            Destination::Settings => "tile-settings",
            Destination::Balance => "tile-balance",
            Destination::History => "tile-history",
            Destination::Transfer => "tile-transfer",
            Destination::Bills => "tile-bills",
            Destination::Reminders => "tile-reminders",
            Destination::Wealth => "tile-wealth",
            Destination::FraudCheck => "tile-fraud-check",
            Destination::Classroom => "tile-classroom",
            Destination::CardGuard => "tile-card-guard",
            Destination::Family => "tile-family",
            Destination::Agent => "tile-agent",
            Destination::Complaints => "complaints-title",
        }
    }
}

/// The words that find each place (simplified, traditional and English,
/// matched without spaces or punctuation, case-insensitive).
const WORDS: &[(Destination, &[&str])] = &[
    (
        Destination::ElderMode,
        &[
            "幸福生活",
            "长辈版",
            "長輩版",
            "关怀版",
            "關懷版",
            "亲情版",
            "親情版",
            "大字版",
            "老年版",
            "适老",
            "適老",
            "老人模式",
            "大字",
            "字大",
            "elder",
            "senior",
            "largetext",
            "bigtext",
            "caremode",
            "happylife",
        ],
    ),
    (
        Destination::Settings,
        &[
            "设置",
            "設定",
            "語言",
            "语言",
            "字号",
            "字體",
            "字体",
            "对比度",
            "對比",
            "settings",
            "language",
            "contrast",
            "textsize",
        ],
    ),
    (
        Destination::Balance,
        &["余额", "餘額", "存款", "balance", "howmuch"],
    ),
    (
        Destination::History,
        &[
            "明细",
            "明細",
            "流水",
            "记录",
            "記錄",
            "history",
            "statement",
        ],
    ),
    (
        Destination::Transfer,
        &[
            "转账",
            "轉帳",
            "汇款",
            "匯款",
            "打钱",
            "transfer",
            "sendmoney",
        ],
    ),
    (
        Destination::Bills,
        &[
            "缴费",
            "繳費",
            "水费",
            "水費",
            "电费",
            "電費",
            "燃气",
            "燃氣",
            "话费",
            "電話費",
            "代扣",
            "bill",
            "water",
            "electricity",
            "gas",
            "phonebill",
            "autopay",
        ],
    ),
    (Destination::Reminders, &["提醒", "到期", "reminder", "due"]),
    (
        Destination::Wealth,
        &[
            "理财",
            "理財",
            "基金",
            "定期",
            "养老专享",
            "樂齡",
            "风险测评",
            "風險評估",
            "wealth",
            "savings",
            "fund",
            "deposit",
            "invest",
        ],
    ),
    (
        Destination::FraudCheck,
        &[
            "防骗查询",
            "防騙查詢",
            "查号码",
            "查號碼",
            "骗子",
            "騙子",
            "checkanumber",
            "isthisascam",
            "scamcheck",
        ],
    ),
    (
        Destination::Classroom,
        &[
            "防骗课堂",
            "防騙課堂",
            "课堂",
            "課堂",
            "小测验",
            "測驗",
            "lesson",
            "quiz",
            "learn",
        ],
    ),
    (
        Destination::CardGuard,
        &[
            "安全卫士",
            "安全衛士",
            "锁卡",
            "鎖卡",
            "挂失",
            "掛失",
            "lockcard",
            "cardguard",
        ],
    ),
    (
        Destination::Family,
        &[
            "家人", "亲情", "親情", "子女", "女儿", "兒子", "family", "daughter", "son",
        ],
    ),
    (
        Destination::Agent,
        &[
            "人工",
            "客服",
            "电话",
            "電話",
            "敬老",
            "agent",
            "callthebank",
            "helpline",
        ],
    ),
    (
        Destination::Complaints,
        &[
            "投诉",
            "投訴",
            "建议",
            "建議",
            "意见",
            "意見",
            "complaint",
            "feedback",
            "suggestion",
        ],
    ),
];

/// Longest search text, in characters.
pub const MAX_QUERY_CHARS: usize = 50;

/// The places a search finds, best first (empty for an empty or overlong
/// query). A place is found when one of its words is in the query or the
/// query is in one of its words.
pub fn find(query: &str) -> Vec<Destination> {
    if query.chars().count() > MAX_QUERY_CHARS {
        return Vec::new();
    }
    let q = compact(query);
    if q.is_empty() {
        return Vec::new();
    }
    let mut hits: Vec<(usize, usize, Destination)> = Vec::new();
    for (i, (dest, words)) in WORDS.iter().enumerate() {
        // The longest word matched: a closer match ranks first.
        let best = words
            .iter()
            .map(|w| compact(w))
            .filter(|w| {
                q.contains(w.as_str()) || (q.chars().count() >= 2 && w.contains(q.as_str()))
            })
            .map(|w| w.chars().count())
            .max();
        if let Some(len) = best {
            hits.push((len, i, *dest));
        }
    }
    hits.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    hits.into_iter().map(|(_, _, d)| d).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_of_the_elder_layout_finds_it_first() {
        for q in [
            "长辈版",
            "關懷版",
            "亲情版",
            "大字版",
            "切换到长辈版",
            "老年版",
            "Elder mode",
            "large text",
            "幸福生活",
        ] {
            assert_eq!(find(q).first(), Some(&Destination::ElderMode), "{q}");
        }
    }

    #[test]
    fn other_places_and_nothing() {
        assert_eq!(find("交电费").first(), Some(&Destination::Bills));
        assert_eq!(
            find("Pay the water bill").first(),
            Some(&Destination::Bills)
        );
        assert_eq!(find("投诉").first(), Some(&Destination::Complaints));
        assert!(find("亲情").contains(&Destination::Family));
        assert_eq!(find(""), vec![]);
        assert_eq!(find("   "), vec![]);
        assert_eq!(find("xyzzy"), vec![]);
        assert_eq!(find(&"长".repeat(MAX_QUERY_CHARS + 1)), vec![]);
    }
}
