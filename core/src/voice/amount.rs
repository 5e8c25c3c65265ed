//! Amounts the way people say them, in fen.
//!
//! - Chinese numerals, everyday and formal, simplified and traditional:
//!   五百, 两千, 一万五千, 伍佰, 貳萬, 一千零五.
//! - The colloquial shortening: a last digit after 百 / 千 / 万 is the next
//!   place down: 一千二 = 1,200, 一万五 = 15,000, 三百五 = 350 (but
//!   一千零二 = 1,002).
//! - Money words: 元 / 圆 / 块 / 块钱, 角 / 毛, 分, 整: 八十八块八 = 88.80,
//!   三块五毛 = 3.50, 一块零五分 = 1.05, 五毛 = 0.50.
//! - Figures: 500, 500元, 1,200.50, ¥80, 1.2万 (= 12,000), 5千.
//! - English: "two hundred", "twelve hundred", "one thousand two hundred
//!   and fifty", "500 yuan", "five point five" (= 5.50).
//!
//! [`find`] picks the amount out of a whole utterance; [`parse`] reads a
//! phrase that is only an amount.

/// An amount found in an utterance: fen, and where it was (char indices).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Found {
    /// The amount in fen.
    pub fen: i64,
    /// First char of the phrase.
    pub start: usize,
    /// One past its last char.
    pub end: usize,
    /// Whether a money word (元, 块, yuan…) marked it as money.
    pub marked: bool,
}

/// Largest amount read (¥100,000,000): more is not something said.
const MAX_FEN: i64 = 10_000_000_000;

fn digit(c: char) -> Option<u64> {
    Some(match c {
        '零' | '〇' | '○' => 0,
        '一' | '壹' | '幺' => 1,
        '二' | '两' | '兩' | '贰' | '貳' => 2,
        '三' | '叁' | '參' | '叄' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' | '陸' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        '0'..='9' => u64::from(c as u8 - b'0'),
        _ => return None,
    })
}

fn unit(c: char) -> Option<u64> {
    Some(match c {
        '十' | '拾' => 10,
        '百' | '佰' => 100,
        '千' | '仟' => 1_000,
        '万' | '萬' => 10_000,
        '亿' | '億' => 100_000_000,
        _ => return None,
    })
}

fn is_numeral(c: char) -> bool {
    digit(c).is_some() || unit(c).is_some()
}

const YUAN: [char; 4] = ['元', '圆', '块', '蚊'];
const JIAO: [char; 2] = ['角', '毛'];

/// A Chinese integer (no money words): 一千二 → 1200, 十五 → 15.
pub fn chinese_integer(text: &str) -> Option<u64> {
    let chars: Vec<char> = text.chars().collect();
    if chars.is_empty() || !chars.iter().all(|&c| is_numeral(c)) {
        return None;
    }
    // All digits (figures, or 一二零零 read digit by digit).
    if chars.iter().all(|&c| digit(c).is_some()) {
        return chars
            .iter()
            .try_fold(0u64, |n, &c| n.checked_mul(10)?.checked_add(digit(c)?));
    }
    let mut total: u64 = 0; // above 亿 / 万 sections
    let mut section: u64 = 0; // below 万
    let mut number: Option<u64> = None;
    let mut last_unit: u64 = 1;
    let mut zero_seen = false;
    for &c in &chars {
        if let Some(d) = digit(c) {
            // 零 holds an empty place (一千零二); it is not a digit to keep.
            if d == 0 {
                zero_seen = true;
                continue;
            }
            // Two digits in a row with no unit between: not a numeral.
            if number.is_some() {
                return None;
            }
            number = Some(d);
            continue;
        }
        let u = unit(c)?;
        let n = number.take().unwrap_or(if u == 10 { 1 } else { 0 });
        if u >= 10_000 {
            let part = section.checked_add(n)?;
            if part == 0 && total == 0 {
                return None;
            }
            total = total.checked_add(part.checked_mul(u)?)?;
            section = 0;
        } else {
            if n == 0 && u != 10 {
                return None;
            }
            section = section.checked_add(n.checked_mul(u)?)?;
        }
        last_unit = u;
        zero_seen = false;
    }
    if let Some(n) = number {
        // 一千二: the last digit is the next place down, unless a 零 came
        // between (一千零二) or the last unit was 十 (十二).
        let n = if !zero_seen && last_unit >= 100 && n != 0 {
            n.checked_mul(last_unit / 10)?
        } else {
            n
        };
        section = section.checked_add(n)?;
    }
    total.checked_add(section)
}

/// Reads a phrase that is only an amount (`五百块`, `1,200.50元`, `two
/// hundred`), in fen.
pub fn parse(text: &str) -> Option<i64> {
    let found = find(text)?;
    let len = text.chars().count();
    (found.start == 0 && found.end == len).then_some(found.fen)
}

/// The amount in an utterance (the one marked as money, else the first).
pub fn find(text: &str) -> Option<Found> {
    use unicode_normalization::UnicodeNormalization;
    let text: String = text.nfkc().collect::<String>().to_lowercase();
    let chars: Vec<char> = text.chars().collect();
    let mut found: Vec<Found> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let r = if chars[i].is_ascii_digit() || chars[i] == '¥' || chars[i] == '￥' {
            figures(&chars, i)
        } else if is_numeral(chars[i]) {
            chinese(&chars, i)
        } else if chars[i].is_ascii_alphabetic() && (i == 0 || !chars[i - 1].is_ascii_alphabetic())
        {
            english(&chars, i)
        } else {
            None
        };
        // 二姑, 三叔, 二女儿: a place in the family, not an amount.
        let kin = r.is_some_and(|f| !f.marked)
            && r.and_then(|f| chars.get(f.end))
                .is_some_and(|c| "姑姨舅叔伯女儿子哥姐弟妹孙爷奶婶嫂".contains(*c));
        match r {
            Some(f) if f.fen > 0 && f.fen <= MAX_FEN && !kin => {
                i = f.end;
                found.push(f);
            }
            _ => i += 1,
        }
    }
    found
        .iter()
        .find(|f| f.marked)
        .or_else(|| found.first())
        .copied()
}

/// Skips a run of spaces from `i`.
fn skip_spaces(chars: &[char], mut i: usize) -> usize {
    while i < chars.len() && chars[i] == ' ' {
        i += 1;
    }
    i
}

/// Money words after a number in figures: 元, 块(钱), yuan, rmb, kuai.
fn money_word(chars: &[char], i: usize) -> Option<usize> {
    let j = skip_spaces(chars, i);
    if j < chars.len() && YUAN.contains(&chars[j]) {
        let mut k = j + 1;
        if k < chars.len() && chars[k] == '钱' {
            k += 1;
        }
        return Some(k);
    }
    let rest: String = chars[j..].iter().take(8).collect();
    for w in ["yuan", "rmb", "kuai", "dollars", "dollar"] {
        if rest.starts_with(w) && !rest[w.len()..].starts_with(|c: char| c.is_ascii_alphabetic()) {
            return Some(j + w.len());
        }
    }
    None
}

fn figures(chars: &[char], start: usize) -> Option<Found> {
    let mut i = start;
    let mut marked = false;
    if chars[i] == '¥' || chars[i] == '￥' {
        marked = true;
        i = skip_spaces(chars, i + 1);
    }
    let mut int = String::new();
    while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == ',') {
        if chars[i] == ',' {
            // A thousands comma only between digits, before three of them.
            let three = chars
                .get(i + 1..i + 4)
                .is_some_and(|w| w.iter().all(char::is_ascii_digit));
            if int.is_empty() || !three {
                break;
            }
        } else {
            int.push(chars[i]);
        }
        i += 1;
    }
    if int.is_empty() || int.len() > 12 {
        return None;
    }
    let mut fen: i64 = int.parse::<i64>().ok()?.checked_mul(100)?;
    if i + 1 < chars.len() && chars[i] == '.' && chars[i + 1].is_ascii_digit() {
        let mut frac = String::new();
        let mut j = i + 1;
        while j < chars.len() && chars[j].is_ascii_digit() {
            frac.push(chars[j]);
            j += 1;
        }
        // 1.2万 keeps its decimals for the multiplier below.
        let next = chars.get(j).copied();
        if let Some(m) = next.and_then(unit).filter(|&u| u >= 1_000) {
            let value: f64 = format!("{int}.{frac}").parse().ok()?;
            let fen = (value * m as f64 * 100.0).round() as i64;
            let end = money_word(chars, j + 1).unwrap_or(j + 1);
            // 1.2万: said with 万 or 千, it is money.
            return Some(Found {
                fen,
                start,
                end,
                marked: true,
            });
        }
        if frac.len() > 2 {
            return None;
        }
        let cents: i64 = format!("{frac:0<2}").parse().ok()?;
        fen += cents;
        i = j;
    } else if let Some(m) = chars.get(i).copied().and_then(unit).filter(|&u| u >= 1_000) {
        // 5千, 2万.
        fen = fen.checked_mul(m as i64)?;
        i += 1;
    }
    let end = match money_word(chars, i) {
        Some(e) => {
            marked = true;
            e
        }
        None => i,
    };
    Some(Found {
        fen,
        start,
        end,
        marked,
    })
}

fn chinese(chars: &[char], start: usize) -> Option<Found> {
    // The integer part: the longest run of numerals.
    let mut i = start;
    while i < chars.len() && is_numeral(chars[i]) {
        i += 1;
    }
    let int_text: String = chars[start..i].iter().collect();
    let mut marked = false;
    let whole = chinese_integer(&int_text);
    // 五毛, 五角: only jiao.
    if i < chars.len() && JIAO.contains(&chars[i]) {
        let d = whole.filter(|&d| d < 10)?;
        let mut fen = d as i64 * 10;
        let mut end = i + 1;
        if let Some(f) = chars.get(end).copied().and_then(digit) {
            fen += f as i64;
            end += 1;
            if chars.get(end) == Some(&'分') {
                end += 1;
            }
        }
        // 贰角整: how a bank slip writes ¥0.20.
        if chars.get(end) == Some(&'整') {
            end += 1;
        }
        return Some(Found {
            fen,
            start,
            end,
            marked: true,
        });
    }
    // 五分, 伍分, 一分钱: only fen, when no other word follows (五分钟 is a
    // time, 三分之一 a part, 十分 "very").
    if chars.get(i) == Some(&'分') {
        let d = whole.filter(|&d| d < 10)?;
        let mut end = i + 1;
        if matches!(chars.get(end), Some('钱' | '整')) {
            end += 1;
        }
        if chars
            .get(end)
            .is_some_and(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
        {
            return None;
        }
        return Some(Found {
            fen: d as i64,
            start,
            end,
            marked: true,
        });
    }
    let whole = whole?;
    let mut fen = (whole as i64).checked_mul(100)?;
    let mut end = i;
    if i < chars.len() && YUAN.contains(&chars[i]) {
        marked = true;
        end = i + 1;
        if chars.get(end) == Some(&'钱') {
            end += 1;
        }
        // 八十八块八, 三块五毛, 一块零五分, 两块五毛三.
        let mut j = end;
        if chars.get(j) == Some(&'零') {
            j += 1;
        }
        if let Some(d) = chars.get(j).copied().and_then(digit) {
            match chars.get(j + 1) {
                Some('分') => {
                    fen += d as i64;
                    end = j + 2;
                }
                Some(c) if JIAO.contains(c) => {
                    fen += d as i64 * 10;
                    end = j + 2;
                    if let Some(f) = chars.get(end).copied().and_then(digit) {
                        fen += f as i64;
                        end += 1;
                        if chars.get(end) == Some(&'分') {
                            end += 1;
                        }
                    }
                }
                _ if j == end => {
                    // 块八: the jiao.
                    fen += d as i64 * 10;
                    end = j + 1;
                }
                _ => {}
            }
        }
        if chars.get(end) == Some(&'整') {
            end += 1;
        }
    }
    Some(Found {
        fen,
        start,
        end,
        marked,
    })
}

fn english_number(word: &str) -> Option<u64> {
    Some(match word {
        "zero" => 0,
        "one" | "a" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        _ => return None,
    })
}

fn english(chars: &[char], start: usize) -> Option<Found> {
    // Words separated by spaces or hyphens, as far as they are numbers.
    let text: String = chars[start..].iter().collect();
    let mut total: u64 = 0;
    let mut current: u64 = 0;
    let mut any = false;
    let mut end = 0usize;
    let mut cents: Option<i64> = None;
    let words: Vec<(usize, &str)> = {
        let mut v = Vec::new();
        let mut idx = 0;
        for w in text.split([' ', '-']) {
            v.push((idx, w));
            idx += w.chars().count() + 1;
        }
        v
    };
    let mut k = 0;
    while k < words.len() {
        let (at, raw) = words[k];
        let w = raw.trim_end_matches([',', '.', '?', '!']);
        if w.is_empty() {
            k += 1;
            continue;
        }
        if let Some(n) = english_number(w) {
            // "a" counts only before hundred/thousand.
            if w == "a" && !matches!(words.get(k + 1).map(|x| x.1), Some("hundred" | "thousand")) {
                break;
            }
            current += n;
            any = true;
        } else if w == "hundred" && any {
            current = current.max(1) * 100;
        } else if (w == "thousand" || w == "million") && any {
            let m = if w == "thousand" { 1_000 } else { 1_000_000 };
            total += current.max(1) * m;
            current = 0;
        } else if w == "and" && any {
            k += 1;
            continue;
        } else if w == "point" && any {
            // five point five: tenths and hundredths.
            let tenths = words
                .get(k + 1)
                .and_then(|x| english_number(x.1))
                .filter(|&d| d < 10);
            let Some(t) = tenths else { break };
            let hundredths = words
                .get(k + 2)
                .and_then(|x| english_number(x.1))
                .filter(|&d| d < 10);
            cents = Some(t as i64 * 10 + hundredths.unwrap_or(0) as i64);
            let last = if hundredths.is_some() { k + 2 } else { k + 1 };
            end = words[last].0 + words[last].1.chars().count();
            break;
        } else {
            break;
        }
        end = at + raw.chars().count();
        k += 1;
    }
    if !any {
        return None;
    }
    let whole = (total + current) as i64;
    let end_abs = start + end;
    // "fifty cents": the number is fen.
    let rest: String = chars[end_abs..].iter().take(7).collect();
    if cents.is_none() && whole < 100 && (rest.starts_with(" cents") || rest.starts_with(" cent")) {
        let len = if rest.starts_with(" cents") { 6 } else { 5 };
        return Some(Found {
            fen: whole,
            start,
            end: end_abs + len,
            marked: true,
        });
    }
    let mut fen = whole.checked_mul(100)? + cents.unwrap_or(0);
    let (mut end_abs, marked) = match money_word(chars, end_abs) {
        Some(e) => (e, true),
        None => (end_abs, false),
    };
    // "three yuan fifty", "eighty-eight yuan eighty": the fen after.
    if marked
        && cents.is_none()
        && let Some(after) = english(chars, skip_spaces(chars, end_abs))
            .filter(|f| !f.marked && f.fen < 100 * 100 && f.fen % 100 == 0)
    {
        fen += after.fen / 100;
        end_abs = after.end;
    }
    Some(Found {
        fen,
        start,
        end: end_abs,
        marked,
    })
}

/// An amount as people say it in Chinese: `一千二百三十四块五毛六`.
pub fn spoken(fen: i64) -> String {
    use chinese_number::{ChineseCase, ChineseVariant, from_u64_to_chinese_ten_thousand};
    let yuan = (fen / 100) as u64;
    let (jiao, f) = ((fen % 100) / 10, fen % 10);
    let mut s = String::new();
    if yuan > 0 {
        s.push_str(&from_u64_to_chinese_ten_thousand(
            ChineseVariant::Simple,
            ChineseCase::Lower,
            yuan,
        ));
        s.push('块');
    }
    let d = |n: i64| {
        "零一二三四五六七八九"
            .chars()
            .nth(n as usize)
            .unwrap_or('零')
    };
    if jiao > 0 {
        s.push(d(jiao));
        s.push('毛');
    } else if f > 0 && yuan > 0 {
        s.push('零');
    }
    if f > 0 {
        s.push(d(f));
        s.push('分');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Money;
    use proptest::prelude::*;

    #[test]
    fn amounts_are_read_the_way_people_say_them() {
        for (said, fen) in [
            ("五百", 50_000),
            ("五百块", 50_000),
            ("500元", 50_000),
            ("一千二", 120_000),
            ("一万五", 1_500_000),
            ("一万五千", 1_500_000),
            ("两千块钱", 200_000),
            ("八十八块八", 8_880),
            ("三块五毛", 350),
            ("三块五", 350),
            ("伍佰元", 50_000),
            ("1,200.50", 120_050),
            ("two hundred", 20_000),
            ("500 yuan", 50_000),
            ("一千零二", 100_200),
            ("十五", 1_500),
            ("三百五", 35_000),
            ("一块零五分", 105),
            ("五毛", 50),
            ("两块五毛三", 253),
            ("壹仟贰佰元整", 120_000),
            ("貳萬元整", 2_000_000),
            ("1.2万", 1_200_000),
            ("5千", 500_000),
            ("¥80", 8_000),
            ("twelve hundred", 120_000),
            ("one thousand two hundred and fifty", 125_000),
            ("five point five", 550),
            ("a hundred", 10_000),
            ("three yuan fifty", 350),
            ("eighty-eight yuan eighty", 8_880),
            ("fifty cents", 50),
            ("８８", 8_800),
        ] {
            assert_eq!(parse(said), Some(fen), "{said}");
        }
        for not in [
            "",
            "块",
            "yuan",
            "hello",
            "1,2,3",
            "一二三四五六七八九十百",
            "零",
        ] {
            assert_eq!(parse(not), None, "{not}");
        }
    }

    #[test]
    fn amounts_under_a_yuan_come_back_from_their_words() {
        // Found by the amount fuzz target: 贰角整 (¥0.20 on a bank slip) and
        // 伍分 were not read.
        assert_eq!(parse("贰角整"), Some(20));
        assert_eq!(parse("伍分"), Some(5));
        assert_eq!(parse("五分"), Some(5));
        assert_eq!(parse("一分钱"), Some(1));
        for fen in 1..=250 {
            let m = Money::cny(fen);
            for words in [spoken(fen), m.capital_words(false), m.capital_words(true)] {
                assert_eq!(parse(&words), Some(fen), "{words}");
            }
        }
        // 分 that is not money is not read as fen.
        for not_money in ["等五分钟再转", "三分之一", "十分感谢"] {
            assert!(
                find(not_money).is_none_or(|f| !f.marked && f.fen >= 100),
                "{not_money}: {:?}",
                find(not_money)
            );
        }
    }

    #[test]
    fn the_amount_is_found_inside_what_was_said() {
        let f = find("给女儿转五百块钱生活费").unwrap();
        assert_eq!((f.fen, f.marked), (50_000, true));
        assert_eq!(find("转 1,200.50 元给小王").unwrap().fen, 120_050);
        assert_eq!(
            find("send two hundred yuan to my daughter").unwrap().fen,
            20_000
        );
        // The money one wins over a date or a count said before it.
        assert_eq!(find("三号给老伴转八百块").unwrap().fen, 80_000);
        assert_eq!(find("我要转账"), None);
    }

    proptest! {
        #[test]
        fn spoken_chinese_comes_back_to_the_same_fen(fen in 1i64..10_000_000_000) {
            prop_assert_eq!(parse(&spoken(fen)), Some(fen), "{}", spoken(fen));
        }

        #[test]
        fn capital_words_come_back_to_the_same_fen(fen in 1i64..10_000_000_000, tw in any::<bool>()) {
            let words = Money::cny(fen).capital_words(tw);
            prop_assert_eq!(parse(&words), Some(fen), "{}", words);
        }

        #[test]
        fn figures_come_back_to_the_same_fen(fen in 1i64..10_000_000_000) {
            let m = Money::cny(fen);
            let grouped = m.format_grouped();
            prop_assert_eq!(parse(&grouped), Some(fen), "{}", grouped);
            let plain = format!("{}.{:02}元", fen / 100, fen % 100);
            prop_assert_eq!(parse(&plain), Some(fen), "{}", plain);
        }

        #[test]
        fn any_text_is_read_without_panicking(text in "\\\\PC{0,40}") {
            let _ = find(&text);
        }
    }
}
