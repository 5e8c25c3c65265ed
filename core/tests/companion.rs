//! The facade against a real SQLite file in a temporary directory.

mod common;

use happylife_core::accounts::demo::DEFAULT_SEED;
use happylife_core::auth::keystore::{Keystore, SANDBOX_FILE};
use happylife_core::store::{DB_FILE, Store};
use happylife_core::{
    AccountId, AccountKind, Companion, CompanionError, FixedClock, Language, OpenOptions,
    StartupNotice, StoreMode, StoreNotice,
};
use std::sync::Arc;

fn options() -> OpenOptions {
    OpenOptions {
        clock: Arc::new(FixedClock::at(2026, 11, 25, 9, 30).unwrap()),
        demo_seed: Some(DEFAULT_SEED),
        language: None,
        keystore: None,
        voice_model: None,
    }
}

async fn open(dir: &std::path::Path) -> Companion {
    Companion::open_with(dir, options()).await.expect("opens")
}

#[tokio::test]
async fn first_open_shows_the_demo_bank_from_a_real_file() {
    let dir = tempfile::tempdir().unwrap();
    let c = open(dir.path()).await;
    assert!(dir.path().join(DB_FILE).is_file());
    assert_eq!(c.store_mode(), StoreMode::ReadWrite);
    assert!(c.notices().is_empty(), "{:?}", c.notices());
    let customer = c.customer().await.unwrap().unwrap();
    assert_eq!(customer.name, "王秀兰");
    assert_eq!(customer.age_on(c.now().date_naive()), 72);
    let accounts = c.accounts().await.unwrap();
    assert_eq!(accounts.len(), 4);
    assert!(matches!(accounts[0].kind, AccountKind::Debit));
    assert!(matches!(accounts[3].kind, AccountKind::CreditCard { .. }));
    for a in &accounts {
        assert!(a.number.masked().starts_with("**** "));
    }
    let fresh = c.freshness().await.unwrap().unwrap();
    assert_eq!(
        fresh.line(&c.i18n(), Language::ZhCn, c.now()),
        "离线 · 数据更新于 今天 09:30"
    );
}

#[tokio::test]
async fn history_pages_newest_first_and_clamps_bad_requests() {
    let dir = tempfile::tempdir().unwrap();
    let c = open(dir.path()).await;
    let debit = AccountId(1);
    let first = c.transactions(debit, 0, 20).await.unwrap();
    assert_eq!(first.items.len(), 20);
    assert!(
        first.total >= 1_000,
        "debit has {} transactions",
        first.total
    );
    assert_eq!(first.page_count, first.total.div_ceil(20));
    assert!(
        first
            .items
            .windows(2)
            .all(|w| w[0].posted_at >= w[1].posted_at)
    );
    // The newest transaction's balance is the account balance.
    let account = c.account(debit).await.unwrap();
    assert_eq!(first.items[0].balance_after, account.balance);
    // Consecutive pages continue where the previous stopped.
    let second = c.transactions(debit, 1, 20).await.unwrap();
    assert!(second.items[0].posted_at <= first.items[19].posted_at);
    assert_ne!(second.items[0].id, first.items[19].id);
    // A page past the end is the last page; a huge page size is capped.
    let past = c.transactions(debit, 9_999, 20).await.unwrap();
    assert_eq!(past.page, first.page_count - 1);
    let capped = c.transactions(debit, 0, 1_000_000).await.unwrap();
    assert_eq!(capped.items.len(), 100);
    // Unknown account: a typed error with a plain message.
    let err = c.transactions(AccountId(77), 0, 20).await.unwrap_err();
    assert_eq!(err, CompanionError::AccountNotFound);
    assert_eq!(
        c.i18n().tr(Language::ZhCn, err.message_id()),
        "找不到这个账户，可能已经注销。"
    );
}

#[tokio::test]
async fn reopening_does_not_seed_twice_and_keeps_settings() {
    let dir = tempfile::tempdir().unwrap();
    let c = open(dir.path()).await;
    let before = c.transactions(AccountId(1), 0, 20).await.unwrap().total;
    c.set_language(Language::ZhTw).await.unwrap();
    c.set_text_scale(150).await.unwrap();
    c.set_high_contrast(true).await.unwrap();
    c.close().await;
    drop(c);

    let c = open(dir.path()).await;
    assert_eq!(
        c.transactions(AccountId(1), 0, 20).await.unwrap().total,
        before
    );
    let s = c.settings();
    assert_eq!(s.language, Language::ZhTw);
    assert_eq!(s.text_scale.percent(), 150);
    assert!(s.high_contrast);
}

#[tokio::test]
async fn out_of_range_text_scale_is_refused_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let c = open(dir.path()).await;
    for bad in [0, 99, 201, 1_000, -5] {
        let err = c.set_text_scale(bad).await.unwrap_err();
        assert_eq!(err, CompanionError::TextScaleOutOfRange { value: bad });
        assert_eq!(
            c.i18n().tr(Language::En, err.message_id()),
            "Text size can only be between 100% and 200%."
        );
    }
    assert_eq!(c.settings().text_scale.percent(), 100, "nothing changed");
}

#[tokio::test]
async fn a_bad_stored_text_scale_falls_back_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    open(dir.path()).await.close().await;
    let pool = Store::sandbox_pool(dir.path()).await.unwrap();
    sqlx::query("INSERT INTO settings (key, value, updated_at) VALUES ('text_scale', '500', 0)")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;

    let c = open(dir.path()).await;
    assert_eq!(c.settings().text_scale.percent(), 100);
    assert_eq!(
        c.notices(),
        [StartupNotice::TextScaleOutOfRange {
            stored: "500".into()
        }]
    );
    let text = c.notices()[0].message(&c.i18n(), Language::ZhCn);
    assert!(text.contains("500%") && text.contains("100%"), "{text}");
}

#[tokio::test]
async fn a_damaged_file_is_kept_aside_and_a_fresh_store_opens() {
    let dir = tempfile::tempdir().unwrap();
    let garbage = b"this is not a database, it is someone's notes \x00\x01\x02".repeat(200);
    std::fs::write(dir.path().join(DB_FILE), &garbage).unwrap();

    let c = open(dir.path()).await;
    assert_eq!(c.store_mode(), StoreMode::ReadWrite);
    let [StartupNotice::Store(StoreNotice::DamagedMovedAside { kept_as })] = c.notices() else {
        panic!("{:?}", c.notices());
    };
    assert_eq!(
        std::fs::read(dir.path().join(kept_as)).unwrap(),
        garbage,
        "kept byte for byte"
    );
    assert_eq!(
        c.accounts().await.unwrap().len(),
        4,
        "fresh store has the demo bank"
    );
    let text = c.notices()[0].message(&c.i18n(), Language::ZhCn);
    assert!(
        text.contains(kept_as.as_str()) && text.contains("没有被删除"),
        "{text}"
    );
}

#[tokio::test]
async fn a_truncated_database_is_kept_aside() {
    let dir = tempfile::tempdir().unwrap();
    open(dir.path()).await.close().await;
    let path = dir.path().join(DB_FILE);
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, &bytes[..bytes.len() / 3]).unwrap();
    let c = open(dir.path()).await;
    assert!(
        matches!(
            c.notices(),
            [StartupNotice::Store(StoreNotice::DamagedMovedAside { .. })]
        ),
        "{:?}",
        c.notices()
    );
    assert_eq!(c.accounts().await.unwrap().len(), 4);
}

#[tokio::test]
async fn someone_elses_sqlite_file_is_never_written_into() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE);
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}?mode=rwc", path.display()))
        .await
        .unwrap();
    sqlx::query("CREATE TABLE recipes (name TEXT)")
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query("INSERT INTO recipes VALUES ('红烧肉')")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;

    let c = open(dir.path()).await;
    let [StartupNotice::Store(StoreNotice::ForeignMovedAside { kept_as })] = c.notices() else {
        panic!("{:?}", c.notices());
    };
    let foreign =
        sqlx::SqlitePool::connect(&format!("sqlite://{}", dir.path().join(kept_as).display()))
            .await
            .unwrap();
    let tables: Vec<String> =
        sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table'")
            .fetch_all(&foreign)
            .await
            .unwrap();
    assert_eq!(
        tables,
        ["recipes"],
        "nothing of ours was added to their file"
    );
}

#[tokio::test]
async fn an_unusable_data_directory_gives_a_temporary_store() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-a-dir");
    std::fs::write(&file, "x").unwrap();
    // Root can write anywhere, so "unwritable" is made with a path through a file.
    let c = open(&file.join("data")).await;
    assert_eq!(c.store_mode(), StoreMode::Temporary);
    assert_eq!(c.notices(), [StartupNotice::Store(StoreNotice::Temporary)]);
    assert_eq!(
        c.accounts().await.unwrap().len(),
        4,
        "the demo bank still shows"
    );
    c.set_text_scale(120).await.unwrap();
    assert_eq!(c.settings().text_scale.percent(), 120);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "x");
}

#[tokio::test]
async fn unknown_language_at_start_uses_simplified_chinese_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let c = Companion::open_with(
        dir.path(),
        OpenOptions {
            language: Some("klingon-XX!".into()),
            ..options()
        },
    )
    .await
    .unwrap();
    assert_eq!(c.settings().language, Language::ZhCn);
    let [notice @ StartupNotice::UnknownLanguage { .. }] = c.notices() else {
        panic!("{:?}", c.notices())
    };
    assert_eq!(
        notice.message(&c.i18n(), Language::ZhCn),
        "不认识语言“klingon-XX!”，已使用简体中文。"
    );

    let c2 = Companion::open_with(
        tempfile::tempdir().unwrap().path(),
        OpenOptions {
            language: Some("zh-HK".into()),
            ..options()
        },
    )
    .await
    .unwrap();
    assert_eq!(c2.settings().language, Language::ZhTw);
    assert_eq!(
        c.set_language_tag("xx").await,
        Err(CompanionError::UnknownLanguage)
    );
}

#[tokio::test]
async fn same_seed_and_clock_give_the_same_bank_on_two_devices() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (ca, cb) = (open(a.path()).await, open(b.path()).await);
    assert_eq!(ca.accounts().await.unwrap(), cb.accounts().await.unwrap());
    let pa = ca.transactions(AccountId(4), 3, 50).await.unwrap();
    let pb = cb.transactions(AccountId(4), 3, 50).await.unwrap();
    assert_eq!(pa, pb);
    assert_eq!(ca.now(), options().clock.now());
}

/// Makes a file immutable (even root cannot write it) for the life of the guard.
struct Immutable(std::path::PathBuf);

impl Immutable {
    fn set(path: std::path::PathBuf) -> Immutable {
        let ok = std::process::Command::new("chattr")
            .arg("+i")
            .arg(&path)
            .status()
            .unwrap()
            .success();
        assert!(
            ok,
            "chattr +i failed: the test needs an ext4-like file system"
        );
        Immutable(path)
    }
}

impl Drop for Immutable {
    fn drop(&mut self) {
        let _ = std::process::Command::new("chattr")
            .arg("-i")
            .arg(&self.0)
            .status();
    }
}

#[tokio::test]
async fn a_file_that_cannot_be_written_opens_read_only_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let c = open(dir.path()).await;
    c.set_text_scale(140).await.unwrap();
    let balance = c.accounts().await.unwrap()[0].balance;
    c.close().await;
    drop(c);
    let _guard = Immutable::set(dir.path().join(DB_FILE));

    let c = open(dir.path()).await;
    assert_eq!(c.store_mode(), StoreMode::ReadOnly);
    assert_eq!(c.notices(), [StartupNotice::Store(StoreNotice::ReadOnly)]);
    assert_eq!(
        c.accounts().await.unwrap()[0].balance,
        balance,
        "her data is all there"
    );
    assert_eq!(c.settings().text_scale.percent(), 140);
    assert_eq!(
        c.set_high_contrast(true).await,
        Err(CompanionError::ReadOnly)
    );
    assert_eq!(
        c.i18n()
            .tr(Language::ZhCn, CompanionError::ReadOnly.message_id()),
        "现在是只读模式，修改无法保存。"
    );
    assert!(dir.path().join(DB_FILE).exists());
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names
            .iter()
            .all(|n| (n.starts_with(DB_FILE) || n == SANDBOX_FILE)
                && !n.contains(".damaged-")
                && !n.contains(".foreign-")),
        "nothing moved aside: {names:?}"
    );
}

#[tokio::test]
async fn a_first_start_killed_before_its_first_migration_is_still_ours() {
    // What sqlx leaves when killed between creating its bookkeeping table
    // and committing the first migration (seen by the kill test in CI).
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE);
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}?mode=rwc", path.display()))
        .await
        .unwrap();
    sqlx::query(
        "CREATE TABLE _sqlx_migrations (version BIGINT PRIMARY KEY, description TEXT NOT NULL, \
         installed_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, success BOOLEAN NOT NULL, \
         checksum BLOB NOT NULL, execution_time BIGINT NOT NULL)",
    )
    .execute(&pool)
    .await
    .unwrap();
    pool.close().await;

    let c = open(dir.path()).await;
    assert!(c.notices().is_empty(), "{:?}", c.notices());
    assert_eq!(c.store_mode(), StoreMode::ReadWrite);
    assert_eq!(c.accounts().await.unwrap().len(), 4);
}

#[tokio::test]
async fn quick_taps_on_a_setting_are_saved_in_the_order_they_were_made() {
    let dir = tempfile::tempdir().unwrap();
    let c = open(dir.path()).await;
    // Something else holds the database for a moment (a big download).
    let other = Store::sandbox_pool(dir.path()).await.unwrap();
    let mut busy = other.begin().await.unwrap();
    sqlx::query("INSERT INTO meta (key, value) VALUES ('busy', '1') ON CONFLICT(key) DO UPDATE SET value = '2'")
        .execute(&mut *busy)
        .await
        .unwrap();
    let mut taps = Vec::new();
    for _ in 0..3 {
        let c = c.clone();
        // Spawned at once, as three quick taps are: none waits for another.
        taps.push(tokio::spawn(async move { c.step_text_scale(true).await }));
    }
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    busy.commit().await.unwrap();
    for t in taps {
        t.await.unwrap().unwrap();
    }
    assert_eq!(c.settings().text_scale.percent(), 130, "on screen");
    other.close().await;
    c.close().await;
    let c = open(dir.path()).await;
    assert_eq!(
        c.settings().text_scale.percent(),
        130,
        "every tap counted, saved in order"
    );
}

/// Every file in the data directory, byte for byte.
fn snapshot(dir: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

fn sandbox(dir: &std::path::Path) -> Keystore {
    Keystore::sandbox_file(dir.join(SANDBOX_FILE))
}

#[tokio::test]
async fn the_file_on_disk_is_encrypted_and_unreadable_without_its_key() {
    let dir = tempfile::tempdir().unwrap();
    let c = open(dir.path()).await;
    c.set_text_scale(140).await.unwrap();
    c.close().await;
    let bytes = std::fs::read(dir.path().join(DB_FILE)).unwrap();
    assert_ne!(
        &bytes[..16],
        b"SQLite format 3\0",
        "not a plain SQLite file"
    );
    let name = "王秀兰".as_bytes();
    assert!(
        !bytes.windows(name.len()).any(|w| w == name),
        "her name is not readable in the file"
    );
    // Plain SQLite (no key) cannot read it.
    let plain =
        sqlx::SqlitePool::connect(&format!("sqlite://{}", dir.path().join(DB_FILE).display()))
            .await;
    let unreadable = match plain {
        Err(_) => true,
        Ok(pool) => sqlx::query("SELECT count(*) FROM sqlite_master")
            .fetch_one(&pool)
            .await
            .is_err(),
    };
    assert!(unreadable, "read without the key");
    // With its key it opens again, with everything in it.
    let c = open(dir.path()).await;
    assert!(c.notices().is_empty(), "{:?}", c.notices());
    assert_eq!(c.settings().text_scale.percent(), 140);
    assert_eq!(c.accounts().await.unwrap().len(), 4);
}

#[tokio::test]
async fn a_wrong_key_is_a_clear_error_and_the_data_is_never_replaced() {
    let dir = tempfile::tempdir().unwrap();
    open(dir.path()).await.close().await;
    // The keystore now holds another key (restored from another phone).
    let name = happylife_core::store::key::key_name(dir.path());
    sandbox(dir.path()).set(&name, &[7u8; 32]).unwrap();
    let before = snapshot(dir.path());
    for _ in 0..2 {
        let e = Companion::open_with(dir.path(), options())
            .await
            .unwrap_err();
        assert_eq!(e, CompanionError::DatabaseKeyWrong);
        assert_eq!(e.code(), "database_key_wrong");
    }
    assert_eq!(
        snapshot(dir.path()),
        before,
        "not a byte changed, nothing moved"
    );
    let i18n = happylife_core::I18n::embedded().unwrap();
    let text = i18n.tr(
        Language::ZhCn,
        CompanionError::DatabaseKeyWrong.message_id(),
    );
    assert!(text.contains("资料没有删除"), "{text}");
}

#[tokio::test]
async fn a_key_gone_from_the_keystore_is_a_clear_error_and_the_data_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    open(dir.path()).await.close().await;
    std::fs::remove_file(dir.path().join(SANDBOX_FILE)).unwrap();
    let before = snapshot(dir.path());
    let e = Companion::open_with(dir.path(), options())
        .await
        .unwrap_err();
    assert_eq!(e, CompanionError::DatabaseKeyMissing);
    assert_eq!(snapshot(dir.path()), before, "no new database, no new key");
    for lang in [Language::ZhCn, Language::ZhTw, Language::En] {
        let i18n = happylife_core::I18n::embedded().unwrap();
        let text = i18n.tr(lang, e.message_id());
        assert!(!text.is_empty() && !text.contains("error-"), "{text}");
    }
}

#[tokio::test]
async fn a_plain_file_from_an_earlier_version_is_encrypted_in_place_with_everything_kept() {
    let dir = tempfile::tempdir().unwrap();
    let c = open(dir.path()).await;
    c.set_text_scale(160).await.unwrap();
    let balance = c.accounts().await.unwrap()[0].balance;
    c.close().await;
    drop(c);
    // Make the file an earlier version's: plain, with no key anywhere.
    common::make_plain(dir.path()).await;
    // A restart killed in the middle of an earlier try left its copy.
    std::fs::write(dir.path().join("companion.db.encrypting"), b"half a copy").unwrap();

    let c = open(dir.path()).await;
    assert!(c.notices().is_empty(), "{:?}", c.notices());
    assert_eq!(c.settings().text_scale.percent(), 160);
    assert_eq!(c.accounts().await.unwrap()[0].balance, balance);
    c.close().await;
    let bytes = std::fs::read(dir.path().join(DB_FILE)).unwrap();
    assert_ne!(&bytes[..16], b"SQLite format 3\0", "encrypted now");
    assert!(!dir.path().join("companion.db.encrypting").exists());
    // And it keeps opening.
    let c = open(dir.path()).await;
    assert_eq!(c.settings().text_scale.percent(), 160);
}

/// A shell capability that keeps what it was asked.
#[derive(Default)]
struct Recorder(std::sync::Mutex<Vec<String>>);

impl happylife_core::phone::Dialer for Recorder {
    fn dial(&self, number: &str) {
        self.0.lock().unwrap().push(format!("dial {number}"));
    }
}

impl happylife_core::phone::Sharer for Recorder {
    fn share(&self, title: &str, text: &str) {
        self.0
            .lock()
            .unwrap()
            .push(format!("share {title}: {text}"));
    }

    fn share_file(&self, title: &str, file_name: &str, mime: &str, bytes: &[u8]) {
        self.0.lock().unwrap().push(format!(
            "share file {title}: {file_name} ({mime}, {} bytes)",
            bytes.len()
        ));
    }
}

impl happylife_core::phone::SpeechOutput for Recorder {
    fn speak(
        &self,
        text: &str,
        language: happylife_core::Language,
        style: happylife_core::settings::SpeechStyle,
    ) {
        self.0.lock().unwrap().push(format!(
            "say {} {}%/{}% {text}",
            language.tag(),
            style.pace,
            style.loudness
        ));
    }
}

#[tokio::test]
async fn the_ui_reaches_the_shells_dialer_and_voice_only_when_registered() {
    let dir = tempfile::tempdir().unwrap();
    let c = open(dir.path()).await;
    // No shell (the desktop, a browser): nothing to offer, nothing used.
    assert!(!c.can_dial());
    assert!(!c.dial("400-800-9555").unwrap());
    assert!(!c.speak("王秀兰，上午好"));
    assert!(!c.can_share());
    assert!(!c.share("回单", "李娜 ¥200.00"));
    let shell = Arc::new(Recorder::default());
    c.use_dialer(shell.clone());
    c.use_speech_output(shell.clone());
    c.use_sharer(shell.clone());
    assert!(c.can_dial());
    assert!(c.can_share());
    assert!(c.dial("400-800-9555").unwrap());
    assert!(matches!(
        c.dial("95588; rm -rf /"),
        Err(happylife_core::CompanionError::NotAPhoneNumber)
    ));
    assert!(c.speak("王秀兰，上午好"));
    assert!(c.share("回单", "李娜 ¥200.00"));
    // 说慢一点 four times, 大声一点 three times: each a step, then no further.
    assert!(c.speak_differently(false).await.unwrap());
    assert!(c.speak_differently(false).await.unwrap());
    assert!(c.speak_differently(false).await.unwrap());
    assert!(
        !c.speak_differently(false).await.unwrap(),
        "already the slowest"
    );
    assert!(c.speak_differently(true).await.unwrap());
    assert!(c.speak_differently(true).await.unwrap());
    assert!(
        !c.speak_differently(true).await.unwrap(),
        "already the loudest"
    );
    assert!(c.speak("好的"));
    assert_eq!(
        *shell.0.lock().unwrap(),
        [
            "dial 4008009555",
            "say zh-CN 100%/80% 王秀兰，上午好",
            "share 回单: 李娜 ¥200.00",
            "say zh-CN 55%/100% 好的",
        ],
        "digits only to the dialer; nothing for the refused number; her language, pace and loudness to the voice"
    );
    // Kept on the phone: the same pace and loudness after a restart.
    c.close().await;
    let again = open(dir.path()).await;
    assert_eq!(again.settings().speech.pace, 55);
    assert_eq!(again.settings().speech.loudness, 100);
}

#[tokio::test]
async fn a_shake_asks_the_ui_for_the_assistant_once_per_long_shake() {
    let dir = tempfile::tempdir().unwrap();
    let c = open(dir.path()).await;
    let mut requests = c.assistant_requests();
    assert!(c.shake_felt());
    // The same shake going on (the clock is frozen in these tests).
    assert!(!c.shake_felt());
    assert!(requests.has_changed().unwrap());
    assert_eq!(*requests.borrow_and_update(), 1, "one request for the UI");
    assert!(!requests.has_changed().unwrap());
}

/// What a microphone hands back for a prompt.
type Heard = Result<
    happylife_core::auth::voiceprint::VoiceSample,
    happylife_core::auth::voiceprint::CaptureProblem,
>;

/// A shell's microphone that hands back what it is told to, and records
/// what it was asked.
struct Microphone {
    asked: std::sync::Mutex<Vec<happylife_core::auth::voiceprint::VoiceAsk>>,
    answer: Box<dyn Fn(&happylife_core::auth::voiceprint::VoiceAsk) -> Heard + Send + Sync>,
}

impl happylife_core::phone::VoiceCapture for Microphone {
    fn capture(&self, ask: &happylife_core::auth::voiceprint::VoiceAsk) -> Heard {
        self.asked.lock().unwrap().push(ask.clone());
        (self.answer)(ask)
    }
}

#[tokio::test]
async fn a_recording_is_judged_at_once_and_its_problem_said_in_words() {
    use happylife_core::auth::voiceprint::{
        CaptureProblem, VoiceSample, VoiceprintError, quality::QualityProblem,
    };
    let dir = tempfile::tempdir().unwrap();
    let c = open(dir.path()).await;
    let prompt = c.voiceprint_prompt();
    // No microphone (the desktop, a browser): nothing is offered.
    assert!(!c.can_capture_voice());
    assert_eq!(
        c.record_answer(&prompt, 1, 3).await.unwrap_err(),
        VoiceprintError::Capture(CaptureProblem::MicrophoneUnavailable).into()
    );
    let mic = |answer: fn(&str) -> Result<VoiceSample, CaptureProblem>| {
        Arc::new(Microphone {
            asked: Default::default(),
            answer: Box::new(move |ask| answer(&ask.digits)),
        })
    };
    // She stops it.
    let stopped = mic(|_| Err(CaptureProblem::Cancelled));
    c.use_voice_capture(stopped.clone());
    assert!(c.can_capture_voice());
    let err = c.record_answer(&prompt, 2, 3).await.unwrap_err();
    assert_eq!(err.message_id(), "error-voice-cancelled");
    let asked = stopped.asked.lock().unwrap().clone();
    assert_eq!(asked.len(), 1);
    assert_eq!(
        (asked[0].digits.as_str(), asked[0].step, asked[0].steps),
        (prompt.digits.as_str(), 2, 3),
        "the shell is asked for this prompt's digits, as step 2 of 3"
    );
    assert_eq!(asked[0].text, c.voiceprint_prompt_text(&prompt));
    assert_eq!(asked[0].language, Language::ZhCn);
    // Other digits said: told at once, in words.
    c.use_voice_capture(mic(|_| {
        Ok(VoiceSample {
            samples: vec![0; 16_000],
            sample_rate: 16_000,
            recognised_text: "1 2 3 4 5 6 7 8 9".into(),
        })
    }));
    let err = c.record_answer(&prompt, 1, 3).await.unwrap_err();
    assert_eq!(err, VoiceprintError::WrongDigits.into());
    assert_eq!(
        c.i18n().tr(Language::ZhCn, err.message_id()),
        "读的数字和屏幕上的不一样。请看着屏幕上的新数字再读一次。"
    );
    // The right digits, but nothing heard: too quiet, said as what to do.
    c.use_voice_capture(mic(|digits| {
        Ok(VoiceSample {
            samples: vec![0; 48_000],
            sample_rate: 16_000,
            recognised_text: digits.chars().map(|d| format!("{d} ")).collect(),
        })
    }));
    let err = c.record_answer(&prompt, 1, 3).await.unwrap_err();
    assert_eq!(
        err,
        VoiceprintError::Quality(QualityProblem::TooQuiet).into()
    );
    assert_eq!(
        c.i18n().tr(Language::ZhCn, err.message_id()),
        "声音太小了。请把手机拿近一点，大声一点再读一次。"
    );
    // The assistant's ear: an ask with no digits, what was heard trimmed.
    let ear = Arc::new(Microphone {
        asked: Default::default(),
        answer: Box::new(|_| {
            Ok(VoiceSample {
                samples: vec![],
                sample_rate: 16_000,
                recognised_text: "  查余额 ".into(),
            })
        }),
    });
    c.use_voice_capture(ear.clone());
    assert_eq!(c.hear_words("请说您要办的事").await.unwrap(), "查余额");
    let asked = ear.asked.lock().unwrap().clone();
    assert_eq!(
        (asked[0].digits.as_str(), asked[0].text.as_str()),
        ("", "请说您要办的事")
    );
    c.close().await;
}

#[tokio::test]
async fn a_setting_said_is_done_at_once_and_a_lock_said_is_on_only_after_yes() {
    use happylife_core::cards::{Lock, LockStatus};
    use happylife_core::voice::intent::{IntentKind, LockKind, SettingChange};
    let dir = tempfile::tempdir().unwrap();
    let c = open(dir.path()).await;
    // A setting: understood, said, no 对 asked; done when the UI acts.
    let u = c.understand("哎呀，字太小了看不清").await.unwrap();
    assert_eq!(u.intent.kind, IntentKind::ChangeSetting);
    assert!(!u.needs_yes && !u.asks);
    assert_eq!(u.say, "好的，字大一点了。");
    let was = c.settings().text_scale.percent();
    c.change_setting_by_voice(SettingChange::TextBigger)
        .await
        .unwrap();
    assert_eq!(c.settings().text_scale.percent(), was + 10);
    c.set_text_scale(200).await.unwrap();
    assert_eq!(
        c.understand("字再大一点").await.unwrap().say,
        "字已经是最大的了。",
        "nothing to do is said, not pretended"
    );
    c.change_setting_by_voice(SettingChange::TextBigger)
        .await
        .unwrap();
    assert_eq!(c.settings().text_scale.percent(), 200);

    // A lock on: read back with the lock and the direction; nothing is
    // locked by understanding alone.
    let u = c.understand("帮我把境外锁加上").await.unwrap();
    assert_eq!((u.intent.kind, u.needs_yes), (IntentKind::LockCard, true));
    assert_eq!(u.say, "锁上境外使用，对吗？");
    let overseas_on = |cards: &[happylife_core::cards::Card]| {
        cards
            .iter()
            .all(|card| card.lock_status(Lock::Overseas) != LockStatus::Off)
    };
    assert!(!overseas_on(&c.cards().await.unwrap()));
    assert_eq!(
        c.understand("我的卡锁了哪些").await.unwrap().say,
        "您的卡现在一个锁也没开。"
    );
    // Her 对: on every card, once.
    assert!(c.lock_by_voice(LockKind::Overseas).await.unwrap() >= 1);
    assert!(overseas_on(&c.cards().await.unwrap()));
    assert_eq!(c.lock_by_voice(LockKind::Overseas).await.unwrap(), 0);
    assert_eq!(
        c.understand("我的卡锁了哪些").await.unwrap().say,
        "您的卡现在开着这些锁：境外锁。"
    );
    // Off is the other way round, named, and left to her hand.
    let u = c.understand("把境外锁关掉").await.unwrap();
    assert_eq!(u.intent.kind, IntentKind::UnlockCard);
    assert!(
        u.say.starts_with("把境外锁关掉，在国外又能用这张卡了。"),
        "{}",
        u.say
    );
    assert!(overseas_on(&c.cards().await.unwrap()));
}
