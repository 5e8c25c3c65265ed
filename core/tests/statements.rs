//! 打印流水 read back as a reader would: the PDF made on the phone from a
//! real store is turned into text by `pdftotext` (poppler), and every
//! transaction of the period must be there, in order, with its date, amount
//! and the balance after it; the opening and closing balances must be the
//! ledger's. The first page is rendered to a PNG (`pdftoppm`) to be looked at.

use happylife_core::accounts::AccountId;
use happylife_core::accounts::demo::DEFAULT_SEED;
use happylife_core::statements::{Period, StatementError};
use happylife_core::{Companion, CompanionError, FixedClock, OpenOptions};
use std::process::Command;
use std::sync::Arc;

const DEBIT: AccountId = AccountId(1);

async fn open(dir: &std::path::Path) -> Companion {
    Companion::open_with(
        dir,
        OpenOptions {
            clock: Arc::new(FixedClock::at(2026, 11, 25, 9, 30).unwrap()),
            demo_seed: Some(DEFAULT_SEED),
            language: None,
            keystore: None,
            voice_model: None,
        },
    )
    .await
    .expect("opens")
}

/// `pdftotext -layout` of `pdf`.
fn text_of(pdf: &std::path::Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (Debian: poppler-utils) runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 text")
}

/// Every transaction of the account from `from` to `to` (inclusive days),
/// oldest first, as the history screen has them.
async fn ledger(
    c: &Companion,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> Vec<happylife_core::accounts::Transaction> {
    let mut all = Vec::new();
    let mut page = 0;
    loop {
        let p = c.transactions(DEBIT, page, 200).await.unwrap();
        all.extend(p.items);
        page += 1;
        if page >= p.page_count {
            break;
        }
    }
    all.retain(|t| {
        let d = t.posted_at.date_naive();
        d >= from && d <= to
    });
    all.reverse();
    all
}

/// Checks the text has every row in order and the two balances.
fn check(text: &str, rows: &[happylife_core::accounts::Transaction], pages: usize) {
    let lines: Vec<&str> = text.lines().collect();
    let mut at = 0;
    for (i, t) in rows.iter().enumerate() {
        let date = t.posted_at.date_naive().format("%Y-%m-%d").to_string();
        let amount = t.amount.format_signed();
        let balance = t.balance_after.format_grouped();
        let found = lines[at..]
            .iter()
            .position(|l| l.contains(&date) && l.contains(&amount) && l.contains(&balance));
        let Some(k) = found else {
            panic!("row {i} ({date} {amount} {balance}) is not in the statement after line {at}");
        };
        at += k + 1;
    }
    let opening = rows
        .first()
        .map(|t| t.balance_after.checked_sub(t.amount).unwrap())
        .unwrap();
    let closing = rows.last().unwrap().balance_after;
    assert!(text.contains(&format!("期初余额：{}", opening.format_grouped())));
    assert!(text.contains(&format!("期末余额：{}", closing.format_grouped())));
    assert!(
        text.contains(&format!("第 {pages} / {pages} 页")),
        "the last page's number"
    );
    assert!(text.contains("幸福示范银行"));
    assert!(text.contains("根据手机上与银行同步的记录生成"));
}

#[tokio::test]
async fn a_years_statement_lists_every_transaction_with_the_right_balances() {
    let dir = tempfile::tempdir().unwrap();
    let c = open(dir.path()).await;
    let s = c.statement(DEBIT, Period::Year(2025)).await.unwrap();
    let (from, to) = (s.from, s.to);
    assert_eq!(
        (from.to_string(), to.to_string()),
        ("2025-01-01".into(), "2025-12-31".into())
    );
    let rows = ledger(&c, from, to).await;
    assert_eq!(s.transactions, rows.len());
    assert!(rows.len() > 300, "a year of her debit card: {}", rows.len());
    assert_eq!(s.file_name, "流水-尾号7182-2025-01-01至2025-12-31.pdf");
    let pdf = dir.path().join(&s.file_name);
    std::fs::write(&pdf, &s.pdf).unwrap();
    let text = text_of(&pdf);
    check(&text, &rows, s.pages);
    assert!(text.contains("户名：王秀兰"));
    assert!(text.contains("账户：借记卡 **** 7182"));
    assert!(text.contains("期间：2025-01-01 至 2025-12-31"));
    assert!(!text.contains("6217"), "never the full card number");

    // The first page, to be looked at.
    let png =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/statement-first-page");
    let out = Command::new("pdftoppm")
        .args(["-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile"])
        .arg(&pdf)
        .arg(&png)
        .output()
        .expect("pdftoppm runs");
    assert!(out.status.success());
    println!("first page: {}.png", png.display());
}

#[tokio::test]
async fn the_whole_history_is_right_and_bad_periods_are_refused_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let c = open(dir.path()).await;
    let today = c.now().date_naive();
    let from = today - chrono::Days::new(730);
    let s = c
        .statement(DEBIT, Period::Dates(from, today))
        .await
        .unwrap();
    let rows = ledger(&c, from, today).await;
    assert_eq!(s.transactions, rows.len());
    let pdf = dir.path().join("all.pdf");
    std::fs::write(&pdf, &s.pdf).unwrap();
    check(&text_of(&pdf), &rows, s.pages);
    println!(
        "whole history: {} transactions on {} pages, {} KiB",
        rows.len(),
        s.pages,
        s.pdf.len() / 1024
    );

    for bad in [
        Period::Dates(today, from),
        Period::Dates(today + chrono::Days::new(1), today + chrono::Days::new(2)),
        Period::Dates(from - chrono::Days::new(5 * 366), today),
    ] {
        let e = c.statement(DEBIT, bad).await.unwrap_err();
        assert_eq!(e, CompanionError::Statement(StatementError::InvalidPeriod));
        assert_eq!(
            c.i18n().tr(happylife_core::Language::ZhCn, e.message_id()),
            "这段日期做不了流水：开始日期要早于结束日期，不能晚于今天，最长五年。"
        );
    }
}

#[tokio::test]
async fn two_thousand_transactions_are_all_there_with_their_running_balance() {
    use happylife_core::accounts::{Category, Transaction};
    use happylife_core::money::Money;
    let dir = tempfile::tempdir().unwrap();
    let c = open(dir.path()).await;
    let at = c.now();
    // 2,000 rows over a year, money in and out, the balance running.
    let start = at - chrono::Duration::days(365);
    let mut balance = 1_000_000i64;
    let opening = balance;
    let rows: Vec<Transaction> = (0..2_000i64)
        .map(|i| {
            let amount = if i % 7 == 0 {
                250_000
            } else {
                -(1_234 + i * 37 % 9_000)
            };
            balance += amount;
            Transaction {
                id: i + 1,
                account_id: DEBIT,
                posted_at: start + chrono::Duration::minutes(i * 262),
                amount: Money::cny(amount),
                balance_after: Money::cny(balance),
                category: if amount > 0 {
                    Category::FromPension
                } else {
                    Category::Groceries
                },
                counterparty: Some(format!("幸福路{}号菜市场", i % 50)),
            }
        })
        .collect();
    let header = happylife_core::statements::Header {
        bank: "幸福示范银行".into(),
        holder: "王秀兰".into(),
        account: "借记卡 **** 7182".into(),
        from: rows[0].posted_at.date_naive(),
        to: rows[1_999].posted_at.date_naive(),
        opening: Money::cny(opening),
        closing: Money::cny(balance),
        at,
    };
    let started = std::time::Instant::now();
    let (pdf, pages) =
        happylife_core::statements::pdf(&c.i18n(), happylife_core::Language::ZhCn, &header, &rows)
            .unwrap();
    println!(
        "2,000 transactions: {pages} pages, {} KiB, made in {} ms (debug build)",
        pdf.len() / 1024,
        started.elapsed().as_millis()
    );
    let file = dir.path().join("2000.pdf");
    std::fs::write(&file, &pdf).unwrap();
    let text = text_of(&file);
    check(&text, &rows, pages);
    assert!(text.contains("共 2,000 笔交易") || text.contains("共 2000 笔交易"));
}
