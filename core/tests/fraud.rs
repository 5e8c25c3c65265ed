//! The blocklist on a real SQLite file: the built-in list on a first start,
//! snapshots and deltas from the bank, and refusing anything that does not
//! check out without losing the list the elder already has.

use happylife_core::fraud::wire::{FileKind, ListFile, test_public_key, test_signing_key};
use happylife_core::fraud::{Kind, ScamCategory, checksum_of, demo, key};
use happylife_core::{Companion, CompanionError, FixedClock, OpenOptions};
use std::sync::Arc;

/// A phone configured to trust the tests' list key.
async fn open(dir: &std::path::Path) -> Companion {
    let c = Companion::open_with(
        dir,
        OpenOptions {
            clock: Arc::new(FixedClock::at(2026, 11, 25, 9, 30).unwrap()),
            demo_seed: None,
            language: None,
            keystore: None,
            voice_model: None,
        },
    )
    .await
    .expect("opens");
    c.trust_list_key(test_public_key());
    c
}

fn checksum(entries: &[(u64, ScamCategory)]) -> u64 {
    entries
        .iter()
        .fold(0, |a, (k, c)| a ^ checksum_of(*k, c.id()))
}

fn snapshot(version: u64, entries: Vec<(u64, ScamCategory)>) -> Vec<u8> {
    ListFile {
        kind: FileKind::Snapshot,
        from: 0,
        to: version,
        published_at: 1_795_000_000 + version as i64,
        count: entries.len() as u64,
        checksum: checksum(&entries),
        adds: entries,
        removes: vec![],
    }
    .encode(&test_signing_key())
}

fn phone(n: &str) -> u64 {
    key(Kind::Phone, n)
}

#[tokio::test]
async fn a_first_start_with_no_network_knows_the_named_scams() {
    let dir = tempfile::tempdir().unwrap();
    let c = open(dir.path()).await;
    let info = c.blocklist_info();
    assert_eq!(info.version, 0);
    assert_eq!(info.count, demo::NAMED.len() as u64);
    let hit = c.check_text("+86 171-2345-6789").await.unwrap();
    assert_eq!(hit.category, Some(ScamCategory::ServiceRefund));
    assert_eq!(hit.item.unwrap().value, "17123456789");
    let hit = c
        .check_text("【工行】账户异常，请点击 https://login.ICBC-SAFE.com/v 处理")
        .await
        .unwrap();
    assert_eq!(hit.category, Some(ScamCategory::Phishing));
    let miss = c.check_text("138 0013 8000").await.unwrap();
    assert_eq!(miss.category, None);
    assert_eq!(miss.item.unwrap().kind, Kind::Phone);
    let nothing = c.check_text("你好").await.unwrap();
    assert_eq!(nothing.item, None);
    c.close().await;
}

#[tokio::test]
async fn snapshot_then_deltas_add_remove_and_survive_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let c = open(dir.path()).await;
    let base: Vec<(u64, ScamCategory)> = (0..20_000u64)
        .map(|i| {
            (
                phone(&format!("170{i:08}")),
                ScamCategory::ALL[(i % 10) as usize],
            )
        })
        .collect();
    let info = c.apply_blocklist(&snapshot(1, base.clone())).await.unwrap();
    assert_eq!((info.version, info.count), (1, 20_000));
    assert_eq!(
        c.check_text("170 0000 0012").await.unwrap().category,
        Some(ScamCategory::ALL[2])
    );
    assert_eq!(
        c.check_text("400-123-4567").await.unwrap().category,
        None,
        "a snapshot replaces the built-in list"
    );

    // Delta 1 → 2: remove one, add one, re-categorise one.
    let removed = phone("17000000012");
    let added = phone("13912340000");
    let moved = phone("17000000013");
    let mut after: Vec<(u64, ScamCategory)> = base
        .iter()
        .copied()
        .filter(|(k, _)| *k != removed && *k != moved)
        .collect();
    after.push((added, ScamCategory::Lottery));
    after.push((moved, ScamCategory::Romance));
    let delta = ListFile {
        kind: FileKind::Delta,
        from: 1,
        to: 2,
        published_at: 1_795_000_100,
        count: after.len() as u64,
        checksum: checksum(&after),
        adds: vec![
            (added, ScamCategory::Lottery),
            (moved, ScamCategory::Romance),
        ],
        removes: vec![removed],
    };
    let info = c
        .apply_blocklist(&delta.encode(&test_signing_key()))
        .await
        .unwrap();
    assert_eq!((info.version, info.count), (2, 20_000));
    assert_eq!(c.check_text("17000000012").await.unwrap().category, None);
    assert_eq!(
        c.check_text("139-1234-0000").await.unwrap().category,
        Some(ScamCategory::Lottery)
    );
    assert_eq!(
        c.check_text("17000000013").await.unwrap().category,
        Some(ScamCategory::Romance)
    );

    // Applying the same delta again is a version gap, and changes nothing.
    let again = c.apply_blocklist(&delta.encode(&test_signing_key())).await;
    assert_eq!(again, Err(CompanionError::SyncDataNotUnderstood));
    assert_eq!(c.blocklist_info().version, 2);

    c.close().await;
    let c = open(dir.path()).await;
    assert_eq!(c.blocklist_info().version, 2);
    assert_eq!(
        c.check_text("13912340000").await.unwrap().category,
        Some(ScamCategory::Lottery),
        "an entry added by a delta is found after a restart (overlay)"
    );
    assert_eq!(c.check_text("17000000012").await.unwrap().category, None);
    c.close().await;
}

#[tokio::test]
async fn a_delta_with_the_wrong_checksum_or_signature_leaves_the_list_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let c = open(dir.path()).await;
    let base = vec![(phone("17000000001"), ScamCategory::Investment)];
    c.apply_blocklist(&snapshot(5, base.clone())).await.unwrap();
    let bad = ListFile {
        kind: FileKind::Delta,
        from: 5,
        to: 6,
        published_at: 1_795_000_200,
        count: 1,
        checksum: 12345,
        adds: vec![(phone("17000000002"), ScamCategory::Investment)],
        removes: vec![phone("17000000001")],
    };
    assert_eq!(
        c.apply_blocklist(&bad.encode(&test_signing_key())).await,
        Err(CompanionError::SyncDataNotUnderstood)
    );
    let info = c.blocklist_info();
    assert_eq!((info.version, info.count), (5, 1));
    assert_eq!(
        c.check_text("17000000001").await.unwrap().category,
        Some(ScamCategory::Investment),
        "the rolled-back delta removed nothing"
    );
    assert_eq!(c.check_text("17000000002").await.unwrap().category, None);

    let mut forged = snapshot(9, vec![]);
    let at = forged.len() - 70;
    forged[at] ^= 1;
    assert!(c.apply_blocklist(&forged).await.is_err());
    assert_eq!(c.blocklist_info().version, 5);
    c.close().await;
}

#[tokio::test]
async fn many_small_deltas_fold_into_a_rebuilt_filter() {
    let dir = tempfile::tempdir().unwrap();
    let c = open(dir.path()).await;
    let mut all = vec![(phone("17000000001"), ScamCategory::Investment)];
    c.apply_blocklist(&snapshot(1, all.clone())).await.unwrap();
    // 5,000 adds in one delta: past the overlay limit, so the filter is rebuilt.
    let adds: Vec<(u64, ScamCategory)> = (0..5_000u64)
        .map(|i| (phone(&format!("171{i:08}")), ScamCategory::LoanFee))
        .collect();
    all.extend(adds.iter().copied());
    let delta = ListFile {
        kind: FileKind::Delta,
        from: 1,
        to: 2,
        published_at: 1_795_000_300,
        count: all.len() as u64,
        checksum: checksum(&all),
        adds,
        removes: vec![],
    };
    c.apply_blocklist(&delta.encode(&test_signing_key()))
        .await
        .unwrap();
    c.close().await;
    let c = open(dir.path()).await;
    for i in [0u64, 1, 2_500, 4_999] {
        assert_eq!(
            c.check_text(&format!("171{i:08}")).await.unwrap().category,
            Some(ScamCategory::LoanFee),
            "{i}"
        );
    }
    assert_eq!(c.check_text("17100005000").await.unwrap().category, None);
}

#[test]
fn every_scam_reason_and_decision_speaks_all_three_languages() {
    use happylife_core::transfers::request::RequestError;
    use happylife_core::transfers::{Decision, Reason};
    use happylife_core::{I18n, Language};
    let i18n = I18n::embedded().unwrap();
    let mut ids: Vec<String> = Vec::new();
    for c in ScamCategory::ALL {
        ids.push(c.name_id());
        ids.push(c.explain_id());
    }
    ids.extend(Reason::ALL.iter().map(|r| r.message_id()));
    for d in [
        Decision::Allow,
        Decision::Warn,
        Decision::Cosign,
        Decision::Block,
    ] {
        ids.push(format!("decision-{}", d.code()));
    }
    for e in [
        RequestError::Invalid {
            detail: String::new(),
        },
        RequestError::Amount,
        RequestError::Time,
        RequestError::Age,
        RequestError::Hours,
        RequestError::Payee,
        RequestError::Note,
    ] {
        ids.push(e.message_id());
    }
    ids.extend(["fraud-listed", "fraud-not-listed", "fraud-nothing-to-check"].map(String::from));
    for lang in [Language::ZhCn, Language::ZhTw, Language::En] {
        for id in &ids {
            assert!(i18n.has(lang, id), "{lang:?} lacks {id}");
        }
    }
}

#[tokio::test]
async fn a_phone_configured_with_no_key_or_another_bank_s_applies_no_list() {
    let dir = tempfile::tempdir().unwrap();
    let c = Companion::open_with(
        dir.path(),
        OpenOptions {
            clock: Arc::new(FixedClock::at(2026, 11, 25, 9, 30).unwrap()),
            demo_seed: None,
            language: None,
            keystore: None,
            voice_model: None,
        },
    )
    .await
    .expect("opens");
    let file = snapshot(
        1,
        vec![(key(Kind::Phone, "18600001234"), ScamCategory::Investment)],
    );
    assert_eq!(
        c.apply_blocklist(&file).await,
        Err(CompanionError::SyncDataNotUnderstood),
        "no key configured: no list"
    );
    let another_bank = ed25519_dalek::SigningKey::from_bytes(&[7u8; 32]).verifying_key();
    c.trust_list_key(another_bank);
    assert_eq!(
        c.apply_blocklist(&file).await,
        Err(CompanionError::SyncDataNotUnderstood),
        "signed by someone else"
    );
    assert_eq!(
        c.trust_list_key_hex("not hex"),
        Err(CompanionError::BadListKey)
    );
    c.trust_list_key_hex(&hex::encode(test_public_key().as_bytes()))
        .unwrap();
    assert_eq!(c.apply_blocklist(&file).await.unwrap().version, 1);
}
