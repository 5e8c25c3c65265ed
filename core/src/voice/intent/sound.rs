//! Sound-alike words: a recogniser hands over characters that sound like
//! what she said (鱼额 for 余额, 专帐 for 转账, 人宫 for 人工, 养老斤 for
//! 养老金). Before the rules read the text, a run of characters that sounds
//! like one of the words the rules know is read as that word.
//!
//! "Sounds like" is the same toneless pinyin (the `pinyin` crate), with the
//! mergers recognisers and southern speakers make: zh/z, ch/c, sh/s, and
//! -ng/-n (境外 jing wai heard as 近外 jin wai). Only runs of two syllables
//! or more are read again, and only into the words below, so a single 鱼
//! stays a fish and 你猜 never becomes 理财 (n/l are kept apart).

use pinyin::ToPinyin;

/// The words a sound-alike is read as: what the rules look for, longest
/// first where one holds another.
const WORDS: &[&str] = &[
    "查询余额",
    "网上支付",
    "防骗课堂",
    "高对比度",
    "养老金",
    "退休金",
    "打电话",
    "信用卡",
    "银行卡",
    "对比度",
    "余额",
    "查询",
    "转账",
    "汇款",
    "人工",
    "客服",
    "明细",
    "流水",
    "电费",
    "水费",
    "话费",
    "燃气",
    "缴费",
    "交费",
    "锁卡",
    "冻结",
    "解冻",
    "解锁",
    "境外",
    "海外",
    "夜间",
    "外地",
    "异地",
    "诈骗",
    "骗子",
    "被骗",
    "举报",
    "投诉",
    "提醒",
    "理财",
    "定期",
    "防骗",
    "课堂",
    "搜索",
    "设置",
    "字体",
    "首页",
    "返回",
    "朗读",
    "女儿",
    "儿子",
    "老伴",
    "孙子",
    "孙女",
    "存款",
    "工资",
    "账单",
    "帮助",
    "繁体",
    "简体",
    "英文",
];

/// A syllable with the mergers made: zh→z, ch→c, sh→s, -ng→-n.
fn merged(syllable: &str) -> String {
    let s = syllable
        .strip_prefix("zh")
        .map(|r| format!("z{r}"))
        .or_else(|| syllable.strip_prefix("ch").map(|r| format!("c{r}")))
        .or_else(|| syllable.strip_prefix("sh").map(|r| format!("s{r}")))
        .unwrap_or_else(|| syllable.to_string());
    match s.strip_suffix("ng") {
        // ang, eng, ing, ong stay told apart from an, en, in… except ong,
        // which has no -n partner.
        Some(r) if !r.ends_with('o') => format!("{r}n"),
        _ => s,
    }
}

/// Each character's merged syllable (`None`: not a Han character).
fn syllables(chars: &[char]) -> Vec<Option<String>> {
    chars
        .iter()
        .map(|c| c.to_pinyin().map(|p| merged(p.plain())))
        .collect()
}

/// A known word: its characters and their merged syllables.
type Known = (Vec<char>, Vec<Option<String>>);

/// The text with every run that sounds like one of [`WORDS`] written as
/// that word, and whether anything was read again.
pub(super) fn by_sound(text: &str) -> (String, bool) {
    static KNOWN: std::sync::OnceLock<Vec<Known>> = std::sync::OnceLock::new();
    let known = KNOWN.get_or_init(|| {
        WORDS
            .iter()
            .map(|w| {
                let chars: Vec<char> = w.chars().collect();
                let sound = syllables(&chars);
                (chars, sound)
            })
            .collect()
    });
    let mut chars: Vec<char> = text.chars().collect();
    let sound = syllables(&chars);
    let mut changed = false;
    let mut i = 0;
    while i < chars.len() {
        let hit = known.iter().find(|(word, heard)| {
            let n = word.len();
            i + n <= chars.len()
                && sound[i..i + n].iter().all(Option::is_some)
                && sound[i..i + n] == heard[..]
        });
        match hit {
            Some((word, _)) => {
                if chars[i..i + word.len()] != word[..] {
                    chars[i..i + word.len()].copy_from_slice(word);
                    changed = true;
                }
                i += word.len();
            }
            None => i += 1,
        }
    }
    (chars.into_iter().collect(), changed)
}

#[cfg(test)]
mod tests {
    use super::by_sound;

    #[test]
    fn a_recognisers_sound_alikes_are_read_as_the_word() {
        assert_eq!(by_sound("查一下鱼额"), ("查一下余额".into(), true));
        assert_eq!(by_sound("给女儿专帐五百"), ("给女儿转账五百".into(), true));
        assert_eq!(by_sound("我要找人宫"), ("我要找人工".into(), true));
        assert_eq!(by_sound("养老斤到了没"), ("养老金到了没".into(), true));
        assert_eq!(by_sound("把近外锁上"), ("把境外锁上".into(), true));
    }

    #[test]
    fn real_other_words_stay() {
        for t in ["我想吃鱼", "你猜我今天去哪了", "余额", "专家讲座", "转账"] {
            assert_eq!(by_sound(t), (t.to_string(), false), "{t}");
        }
    }
}
