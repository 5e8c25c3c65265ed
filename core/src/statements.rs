//! 打印流水: an account's statement for a period, as a PDF in her
//! language, made on the phone from the transactions it keeps (offline
//! too): the bank's header, the account masked, the period, the opening and
//! closing balance, every transaction with the balance after it, and a line
//! saying how it was made. The text is real text (a CJK font that the
//! system ships, subset into the file), so it can be searched, read aloud
//! and checked with `pdftotext`.

use crate::accounts::{self, AccountId, Transaction};
use crate::i18n::{Arg, I18n, Language};
use crate::money::Money;
use crate::{Companion, CompanionError};
use chrono::{Datelike, Months, NaiveDate, TimeZone};
use krilla::Document;
use krilla::geom::Point;
use krilla::page::PageSettings;
use krilla::text::{Font, TextDirection};
use std::sync::Arc;

/// Which days a statement covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    /// From the first of this month to today.
    ThisMonth,
    /// The last three months up to today.
    LastThreeMonths,
    /// One calendar year (up to today when it is this year).
    Year(i32),
    /// From one day to another, both included.
    Dates(NaiveDate, NaiveDate),
}

/// Longest period one statement covers, in days (five years).
pub const MAX_DAYS: i64 = 5 * 366;

impl Period {
    /// The first and last day, given today: `InvalidPeriod` when it ends
    /// before it starts, lies in the future, or is longer than [`MAX_DAYS`].
    pub fn days(self, today: NaiveDate) -> Result<(NaiveDate, NaiveDate), StatementError> {
        let (from, to) = match self {
            Period::ThisMonth => (today.with_day(1).unwrap_or(today), today),
            Period::LastThreeMonths => (
                today
                    .checked_sub_months(Months::new(3))
                    .and_then(|d| d.succ_opt())
                    .unwrap_or(today),
                today,
            ),
            Period::Year(y) => {
                let from = NaiveDate::from_ymd_opt(y, 1, 1).ok_or(StatementError::InvalidPeriod)?;
                let end =
                    NaiveDate::from_ymd_opt(y, 12, 31).ok_or(StatementError::InvalidPeriod)?;
                (from, end.min(today))
            }
            Period::Dates(from, to) => (from, to),
        };
        if from > to || from > today || (to - from).num_days() >= MAX_DAYS {
            return Err(StatementError::InvalidPeriod);
        }
        Ok((from, to.min(today)))
    }
}

/// Why no statement was made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StatementError {
    /// The dates make no period (see [`Period::days`]).
    #[error("not a period a statement can cover")]
    InvalidPeriod,
    /// This device has no font for Chinese text.
    #[error("no CJK font on this device")]
    NoFont,
    /// The PDF could not be written.
    #[error("the statement could not be written")]
    Failed,
}

impl StatementError {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            StatementError::InvalidPeriod => "statement_invalid_period",
            StatementError::NoFont => "statement_no_font",
            StatementError::Failed => "statement_failed",
        }
    }

    /// Fluent id of the sentence that explains it.
    pub fn message_id(self) -> &'static str {
        match self {
            StatementError::InvalidPeriod => "error-statement-invalid-period",
            StatementError::NoFont => "error-statement-no-font",
            StatementError::Failed => "error-statement-failed",
        }
    }
}

/// A statement made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statement {
    /// The PDF.
    pub pdf: Vec<u8>,
    /// A file name for it (`流水-尾号7182-2025-01-01至2025-12-31.pdf`).
    pub file_name: String,
    /// The first and last day.
    pub from: NaiveDate,
    /// The last day.
    pub to: NaiveDate,
    /// How many transactions it lists.
    pub transactions: usize,
    /// The balance before the first day.
    pub opening: Money,
    /// The balance at the end of the last day.
    pub closing: Money,
    /// Pages.
    pub pages: usize,
}

/// Where a CJK font is found: the one named by `HAPPYLIFE_CJK_FONT`, then
/// Debian's `fonts-noto-cjk`, then Android's. (path, face index by
/// language: simplified, traditional.)
const FONTS: &[(&str, u32, u32)] = &[
    (
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        2,
        3,
    ),
    ("/system/fonts/NotoSansCJK-Regular.ttc", 2, 3),
];

fn load_font(lang: Language) -> Result<Font, StatementError> {
    let mut candidates: Vec<(String, u32, u32)> = Vec::new();
    if let Ok(path) = std::env::var("HAPPYLIFE_CJK_FONT") {
        candidates.push((path, 0, 0));
    }
    candidates.extend(FONTS.iter().map(|(p, s, t)| (p.to_string(), *s, *t)));
    for (path, simplified, traditional) in candidates {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let index = if lang == Language::ZhTw {
            traditional
        } else {
            simplified
        };
        if let Some(font) = Font::new(Arc::new(bytes).into(), index) {
            return Ok(font);
        }
    }
    Err(StatementError::NoFont)
}

impl Companion {
    /// Makes the statement of one account for `period`, from the
    /// transactions on this phone, in the app's language.
    pub async fn statement(
        &self,
        account: AccountId,
        period: Period,
    ) -> Result<Statement, CompanionError> {
        let now = self.now();
        let (from, to) = period.days(now.date_naive())?;
        let acct = accounts::get(&self.inner.store, account).await?;
        let customer = accounts::customer(&self.inner.store)
            .await?
            .map(|c| c.name)
            .unwrap_or_default();
        let zone = *now.offset();
        let start = zone
            .from_local_datetime(&from.and_hms_opt(0, 0, 0).unwrap_or_default())
            .single()
            .map(|t| t.timestamp())
            .unwrap_or_default();
        let end = zone
            .from_local_datetime(
                &to.succ_opt()
                    .unwrap_or(to)
                    .and_hms_opt(0, 0, 0)
                    .unwrap_or_default(),
            )
            .single()
            .map(|t| t.timestamp())
            .unwrap_or_default();
        let rows = accounts::between(&self.inner.store, account, start, end).await?;
        // Before the first: the balance after the last one before, else the
        // first one's balance less its amount, else the balance now less
        // everything after.
        let opening = match rows.first() {
            Some(t) => t
                .balance_after
                .checked_sub(t.amount)
                .unwrap_or(t.balance_after),
            None => accounts::balance_at(&self.inner.store, account, start)
                .await?
                .unwrap_or(acct.balance),
        };
        let lang = self.settings().language;
        let kind = self.i18n().tr(lang, acct.kind.message_id());
        self.statement_of(
            customer,
            format!("{kind} {}", acct.number.masked()),
            acct.number.last4(),
            (from, to),
            opening,
            rows,
        )
        .await
    }

    /// The statement of `rows` (oldest first) from `opening`, under the
    /// bank's header, in the app's language: its PDF (made off the async
    /// threads), file name and figures. Her own and a helper's are made here.
    async fn statement_of(
        &self,
        holder: String,
        account: String,
        last4: &str,
        (from, to): (NaiveDate, NaiveDate),
        opening: Money,
        rows: Vec<Transaction>,
    ) -> Result<Statement, CompanionError> {
        let closing = rows.last().map(|t| t.balance_after).unwrap_or(opening);
        let lang = self.settings().language;
        let i18n = self.i18n();
        let header = Header {
            bank: i18n.tr(lang, "app-bank-name"),
            holder,
            account,
            from,
            to,
            opening,
            closing,
            at: self.now(),
        };
        let count = rows.len();
        let i = i18n.clone();
        let (pdf, pages) = tokio::task::spawn_blocking(move || pdf(&i, lang, &header, &rows))
            .await
            .map_err(|_| StatementError::Failed)??;
        Ok(Statement {
            file_name: i18n.tr_args(
                lang,
                "statement-file-name",
                &[
                    ("last4", last4.to_string().into()),
                    ("from", from.to_string().into()),
                    ("to", to.to_string().into()),
                ],
            ),
            pdf,
            from,
            to,
            transactions: count,
            opening,
            closing,
            pages,
        })
    }
}

impl Companion {
    /// A helper or guardian makes the statement of an elder's debit account
    /// for `period`, read live at the bank (her audit list records it), in
    /// this phone's language. Nothing of it is kept on this phone.
    pub async fn elder_statement(
        &self,
        elder_id: &str,
        elder_name: &str,
        period: Period,
    ) -> Result<Statement, CompanionError> {
        let now = self.now();
        let (from, to) = period.days(now.date_naive())?;
        let v = self
            .family_get(&format!("elders/{elder_id}/statement?from={from}&to={to}"))
            .await?;
        let s = <crate::bank::wire::ElderStatement as serde::Deserialize>::deserialize(&v)
            .map_err(|_| CompanionError::SyncDataNotUnderstood)?;
        let zone = *now.offset();
        let mut rows = Vec::with_capacity(s.lines.len());
        for (i, l) in s.lines.iter().enumerate() {
            let (Some(posted_at), Some(category)) = (
                chrono::DateTime::from_timestamp(l.posted_at, 0),
                crate::accounts::Category::from_code(&l.category),
            ) else {
                return Err(CompanionError::SyncDataNotUnderstood);
            };
            rows.push(Transaction {
                id: i as i64 + 1,
                account_id: AccountId(0),
                posted_at: posted_at.with_timezone(&zone),
                amount: Money::cny(l.amount_fen),
                balance_after: Money::cny(l.balance_after_fen),
                category,
                counterparty: l.counterparty.clone(),
            });
        }
        let lang = self.settings().language;
        let kind = self.i18n().tr(lang, "account-kind-debit");
        self.statement_of(
            elder_name.to_string(),
            format!("{kind} **** {}", s.last4),
            &s.last4,
            (from, to),
            Money::cny(s.opening_fen),
            rows,
        )
        .await
    }
}

/// What a statement's header says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    /// The bank's name.
    pub bank: String,
    /// Her name.
    pub holder: String,
    /// The account in words, masked (`借记卡 **** 7182`).
    pub account: String,
    /// The first day.
    pub from: NaiveDate,
    /// The last day.
    pub to: NaiveDate,
    /// The balance before the first day.
    pub opening: Money,
    /// The balance at the end of the last day.
    pub closing: Money,
    /// When it was made.
    pub at: chrono::DateTime<chrono::FixedOffset>,
}

/// A4, in points.
const PAGE_W: f32 = 595.0;
const PAGE_H: f32 = 842.0;
const MARGIN: f32 = 42.0;
const ROW: f32 = 17.0;
const BODY: f32 = 10.5;
/// Columns: date, what, amount, balance.
const COLUMNS: [f32; 4] = [MARGIN, 130.0, 380.0, 470.0];
/// Longest description on a row, in characters.
const WHAT_CHARS: usize = 18;

/// A transaction in the words of her history screen, cut to fit a row.
fn line(tr: &I18n, lang: Language, t: &Transaction) -> String {
    let text = crate::voice::describe(tr, lang, t);
    if text.chars().count() > WHAT_CHARS {
        let mut cut: String = text.chars().take(WHAT_CHARS - 1).collect();
        cut.push('…');
        cut
    } else {
        text
    }
}

/// The statement's PDF for `rows` (oldest first) under `m`, in `lang`,
/// and its number of pages.
pub fn pdf(
    tr: &I18n,
    lang: Language,
    m: &Header,
    rows: &[Transaction],
) -> Result<(Vec<u8>, usize), StatementError> {
    let font = load_font(lang)?;
    let t = |id: &str| tr.tr(lang, id);
    let date = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    let first_page_rows = ((PAGE_H - 2.0 * MARGIN - 200.0) / ROW) as usize;
    let other_page_rows = ((PAGE_H - 2.0 * MARGIN - 80.0) / ROW) as usize;
    let pages = if rows.len() <= first_page_rows {
        1
    } else {
        1 + (rows.len() - first_page_rows).div_ceil(other_page_rows)
    };
    let mut doc = Document::new();
    let mut next = 0usize;
    for page_no in 0..pages {
        let settings = PageSettings::from_wh(PAGE_W, PAGE_H).ok_or(StatementError::Failed)?;
        let mut page = doc.start_page_with(settings);
        let mut s = page.surface();
        let mut text = |x: f32, y: f32, size: f32, words: &str| {
            if !words.is_empty() {
                s.draw_text(
                    Point::from_xy(x, y),
                    font.clone(),
                    size,
                    words,
                    false,
                    TextDirection::Auto,
                );
            }
        };
        let mut y = MARGIN + 18.0;
        text(MARGIN, y, 18.0, &m.bank);
        text(
            PAGE_W - MARGIN - 90.0,
            y,
            BODY,
            &tr.tr_args(
                lang,
                "statement-page",
                &[
                    ("page", Arg::Num(page_no as i64 + 1)),
                    ("pages", Arg::Num(pages as i64)),
                ],
            ),
        );
        y += 26.0;
        text(MARGIN, y, 15.0, &t("statement-title"));
        y += 24.0;
        let span = tr.tr_args(
            lang,
            "statement-period",
            &[("from", date(m.from).into()), ("to", date(m.to).into())],
        );
        if page_no == 0 {
            for words in [
                tr.tr_args(
                    lang,
                    "statement-holder",
                    &[("name", m.holder.clone().into())],
                ),
                tr.tr_args(
                    lang,
                    "statement-account",
                    &[("account", m.account.clone().into())],
                ),
                span.clone(),
                tr.tr_args(
                    lang,
                    "statement-opening",
                    &[("amount", m.opening.format_grouped().into())],
                ),
                tr.tr_args(
                    lang,
                    "statement-closing",
                    &[("amount", m.closing.format_grouped().into())],
                ),
                tr.tr_args(
                    lang,
                    "statement-count",
                    &[("count", Arg::Num(rows.len() as i64))],
                ),
            ] {
                text(MARGIN, y, BODY + 0.5, &words);
                y += ROW;
            }
            y += 8.0;
        } else {
            text(MARGIN, y, BODY, &format!("{} · {span}", m.account));
            y += ROW + 4.0;
        }
        for (x, id) in COLUMNS.iter().zip([
            "statement-col-date",
            "statement-col-what",
            "statement-col-amount",
            "statement-col-balance",
        ]) {
            text(*x, y, BODY, &t(id));
        }
        y += ROW;
        let room = if page_no == 0 {
            first_page_rows
        } else {
            other_page_rows
        };
        for row in rows.iter().skip(next).take(room) {
            let day = row.posted_at.with_timezone(&m.at.timezone()).date_naive();
            text(COLUMNS[0], y, BODY, &date(day));
            text(COLUMNS[1], y, BODY, &line(tr, lang, row));
            text(COLUMNS[2], y, BODY, &row.amount.format_signed());
            text(COLUMNS[3], y, BODY, &row.balance_after.format_grouped());
            y += ROW;
            next += 1;
        }
        if page_no + 1 == pages {
            y += 10.0;
            let how = tr.tr_args(
                lang,
                "statement-made",
                &[("when", m.at.format("%Y-%m-%d %H:%M").to_string().into())],
            );
            text(MARGIN, y.min(PAGE_H - MARGIN), BODY - 1.0, &how);
        }
        s.finish();
        page.finish();
    }
    let pdf = doc.finish().map_err(|e| {
        tracing::warn!(error = ?e, "a statement could not be written");
        StatementError::Failed
    })?;
    Ok((pdf, pages))
}
