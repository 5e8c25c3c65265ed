//! 防骗课堂 (anti-fraud classroom): one short card per scam type — the
//! same [`ScamCategory`] list the blocklist and the risk engine name — a
//! tip of the day for home, and a five-question quiz.
//!
//! Texts: `scam-<code>` and `scam-<code>-explain` (shared with the risk
//! warnings), `class-<code>-sign-1..3`, `class-<code>-do`,
//! `class-<code>-tip`; the quiz `quiz-q<n>`, `quiz-q<n>-a..c`, `quiz-q<n>-why`.

use super::ScamCategory;
use chrono::NaiveDate;

/// One card's message ids (the code with hyphens, as in file names).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Card {
    /// The scam.
    pub category: ScamCategory,
    /// `police-impersonation`: message ids and the picture's name.
    pub slug: String,
}

impl Card {
    /// The card for a scam type.
    pub fn of(category: ScamCategory) -> Card {
        Card {
            category,
            slug: category.code().replace('_', "-"),
        }
    }

    /// Its name.
    pub fn title_id(&self) -> String {
        format!("scam-{}", self.slug)
    }

    /// What the scam is.
    pub fn explain_id(&self) -> String {
        format!("scam-{}-explain", self.slug)
    }

    /// How to recognise it: three signs.
    pub fn sign_ids(&self) -> [String; 3] {
        [1, 2, 3].map(|n| format!("class-{}-sign-{n}", self.slug))
    }

    /// What to do.
    pub fn do_id(&self) -> String {
        format!("class-{}-do", self.slug)
    }

    /// The one-line tip.
    pub fn tip_id(&self) -> String {
        format!("class-{}-tip", self.slug)
    }
}

/// Every card, in the list's order.
pub fn cards() -> Vec<Card> {
    ScamCategory::ALL.into_iter().map(Card::of).collect()
}

/// Today's tip (a different scam each day, the same all day).
pub fn tip_of_day(today: NaiveDate) -> Card {
    let days = today.signed_duration_since(NaiveDate::default()).num_days();
    let n = ScamCategory::ALL.len() as i64;
    Card::of(ScamCategory::ALL[days.rem_euclid(n) as usize])
}

/// One question: the scam it is about and the right option.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Question {
    /// 1-based number (`quiz-q<n>`).
    pub number: u8,
    /// The scam it teaches.
    pub category: ScamCategory,
    /// The right option: 'a', 'b' or 'c'.
    pub right: char,
}

/// The options of every question.
pub const OPTIONS: [char; 3] = ['a', 'b', 'c'];

/// The five questions.
pub const QUIZ: [Question; 5] = [
    Question {
        number: 1,
        category: ScamCategory::PoliceImpersonation,
        right: 'b',
    },
    Question {
        number: 2,
        category: ScamCategory::ServiceRefund,
        right: 'c',
    },
    Question {
        number: 3,
        category: ScamCategory::RelativeImpersonation,
        right: 'a',
    },
    Question {
        number: 4,
        category: ScamCategory::Investment,
        right: 'c',
    },
    Question {
        number: 5,
        category: ScamCategory::Phishing,
        right: 'b',
    },
];

/// How the quiz went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Score {
    /// Right answers.
    pub right: usize,
    /// Out of.
    pub of: usize,
    /// The questions answered wrongly (their cards are worth reading again).
    pub missed: Vec<Question>,
}

/// Marks the answers (`answers[i]` for question `i + 1`; an answer that is
/// not one of the options counts as wrong).
pub fn mark(answers: &[char]) -> Score {
    let missed: Vec<Question> = QUIZ
        .iter()
        .enumerate()
        .filter(|(i, q)| answers.get(*i) != Some(&q.right))
        .map(|(_, q)| *q)
        .collect();
    Score {
        right: QUIZ.len() - missed.len(),
        of: QUIZ.len(),
        missed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{I18n, Language};

    #[test]
    fn every_card_and_question_has_its_words_in_every_language() {
        let i18n = I18n::embedded().expect("bundled locales");
        for lang in [Language::ZhCn, Language::ZhTw, Language::En] {
            for card in cards() {
                let mut ids = vec![
                    card.title_id(),
                    card.explain_id(),
                    card.do_id(),
                    card.tip_id(),
                ];
                ids.extend(card.sign_ids());
                for id in ids {
                    assert!(i18n.has(lang, &id), "{lang:?} lacks {id}");
                }
            }
            for q in QUIZ {
                for part in ["", "-a", "-b", "-c", "-why"] {
                    let id = format!("quiz-q{}{part}", q.number);
                    assert!(i18n.has(lang, &id), "{lang:?} lacks {id}");
                }
            }
        }
    }

    #[test]
    fn the_quiz_is_marked_and_the_tip_changes_daily() {
        assert_eq!(mark(&['b', 'c', 'a', 'c', 'b']).right, 5);
        let s = mark(&['a', 'c', 'a', 'c']);
        assert_eq!((s.right, s.of), (3, 5));
        assert_eq!(
            s.missed.iter().map(|q| q.number).collect::<Vec<_>>(),
            vec![1, 5]
        );
        let d = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        assert_ne!(
            tip_of_day(d).category,
            tip_of_day(d.succ_opt().unwrap()).category
        );
        let distinct: std::collections::HashSet<_> = (0..10)
            .map(|i| tip_of_day(d + chrono::Days::new(i)).category)
            .collect();
        assert_eq!(distinct.len(), 10, "ten days, ten different tips");
    }
}
