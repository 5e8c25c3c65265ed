//! The digits the elder is asked to say (动态声纹密码, JR/T 0164-2018: a new
//! random string for every try), and the digits in the recognised text.
//!
//! Read the way speech recognisers write them: figures, full-width figures,
//! Chinese numerals in their everyday, formal and Taiwanese forms (零 〇 一
//! 幺 壹 二 两 兩 贰 貳 …), English words; spaces, punctuation and fillers
//! (嗯, 呃, um) are skipped. Anything else means she said something else.

use rand::Rng;

/// Digits in a prompt.
pub const PROMPT_DIGITS: usize = 8;

/// A fresh random prompt: eight digits, not all the same.
pub fn new_prompt(rng: &mut impl Rng) -> String {
    loop {
        let digits: String = (0..PROMPT_DIGITS)
            .map(|_| char::from(b'0' + rng.random_range(0..10u8)))
            .collect();
        let first = digits.as_bytes()[0];
        if !digits.bytes().all(|b| b == first) {
            return digits;
        }
    }
}

/// The prompt as shown and read out: `3816 0275`.
pub fn grouped(digits: &str) -> String {
    let (a, b) = digits.split_at(digits.len() / 2);
    format!("{a} {b}")
}

/// The prompt spaced for text-to-speech: `3 8 1 6 0 2 7 5`.
pub fn spaced(digits: &str) -> String {
    digits
        .chars()
        .map(String::from)
        .collect::<Vec<_>>()
        .join(" ")
}

fn chinese_digit(c: char) -> Option<char> {
    Some(match c {
        '零' | '〇' | '○' | '洞' => '0',
        '一' | '幺' | '壹' | '么' => '1',
        '二' | '两' | '兩' | '贰' | '貳' => '2',
        '三' | '叁' | '參' | '叄' => '3',
        '四' | '肆' => '4',
        '五' | '伍' => '5',
        '六' | '陆' | '陸' => '6',
        '七' | '柒' => '7',
        '八' | '捌' => '8',
        '九' | '玖' => '9',
        _ => return None,
    })
}

fn english_digit(word: &str) -> Option<char> {
    Some(match word {
        "zero" | "oh" | "o" => '0',
        "one" => '1',
        "two" | "to" | "too" => '2',
        "three" => '3',
        "four" | "for" => '4',
        "five" => '5',
        "six" => '6',
        "seven" => '7',
        "eight" => '8',
        "nine" => '9',
        _ => return None,
    })
}

const FILLERS: [&str; 8] = ["嗯", "呃", "啊", "哦", "um", "uh", "er", "erm"];

/// The digits said, in order; `None` when the text holds anything else.
pub fn spoken_digits(text: &str) -> Option<String> {
    use unicode_normalization::UnicodeNormalization;
    let text: String = text.nfkc().collect::<String>().to_lowercase();
    let mut out = String::new();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| -> bool {
        if word.is_empty() {
            return true;
        }
        let ok = if FILLERS.contains(&word.as_str()) {
            true
        } else if let Some(d) = english_digit(word) {
            out.push(d);
            true
        } else {
            false
        };
        word.clear();
        ok
    };
    for c in text.chars() {
        if c.is_ascii_alphabetic() {
            word.push(c);
            continue;
        }
        if !flush(&mut word, &mut out) {
            return None;
        }
        if c.is_ascii_digit() {
            out.push(c);
        } else if let Some(d) = chinese_digit(c) {
            out.push(d);
        } else if !(c.is_whitespace()
            || c.is_ascii_punctuation()
            || "，。、；：！？…·—－".contains(c)
            || FILLERS.contains(&c.to_string().as_str()))
        {
            return None;
        }
    }
    if !flush(&mut word, &mut out) || out.is_empty() {
        return None;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn prompts_are_eight_random_digits() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
        let a = new_prompt(&mut rng);
        let b = new_prompt(&mut rng);
        assert_eq!(a.len(), 8);
        assert!(a.chars().all(|c| c.is_ascii_digit()));
        assert_ne!(a, b);
        assert_eq!(grouped("38160275"), "3816 0275");
        assert_eq!(spaced("3816"), "3 8 1 6");
    }

    #[test]
    fn digits_are_read_however_the_recogniser_wrote_them() {
        for said in [
            "38160275",
            "3816 0275",
            "３８１６０２７５",
            "三八一六零二七五",
            "三八幺六，〇二七五。",
            "叁捌壹陆零贰柒伍",
            "嗯 三 八 一 六 零 二 七 五",
            "three eight one six zero two seven five",
            "Three, eight, one, six, oh, two, seven, five.",
        ] {
            assert_eq!(spoken_digits(said).as_deref(), Some("38160275"), "{said}");
        }
        assert_eq!(spoken_digits("兩參陸").as_deref(), Some("236"));
        for other in ["我要转账", "three eight apple", "", "嗯", "38160275 元"] {
            assert_eq!(spoken_digits(other), None, "{other}");
        }
    }
}
