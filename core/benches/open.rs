//! How long the elder waits: from `Companion::open` to the first account
//! list, on an existing store and on first start (when the demo bank is
//! written), and for one page of history. `cargo xtask bench` prints them.

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use happylife_core::{AccountId, Companion, FixedClock, OpenOptions};
use std::sync::Arc;

fn options() -> OpenOptions {
    OpenOptions {
        clock: Arc::new(FixedClock::at(2026, 11, 25, 9, 30).expect("valid date")),
        ..OpenOptions::default()
    }
}

fn benches(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let seeded = tempfile::tempdir().expect("tempdir");
    rt.block_on(async {
        let c = Companion::open_with(seeded.path(), options())
            .await
            .expect("open");
        c.close().await;
    });

    c.bench_function("open_to_first_account_list (existing store)", |b| {
        b.to_async(&rt).iter(|| async {
            let c = Companion::open_with(seeded.path(), options())
                .await
                .expect("open");
            let accounts = c.accounts().await.expect("accounts");
            assert_eq!(accounts.len(), 4);
            c.close().await;
        })
    });

    c.bench_function("first_start_with_demo_bank_to_account_list", |b| {
        b.to_async(&rt).iter_batched(
            || tempfile::tempdir().expect("tempdir"),
            |dir| async move {
                let c = Companion::open_with(dir.path(), options())
                    .await
                    .expect("open");
                let accounts = c.accounts().await.expect("accounts");
                assert_eq!(accounts.len(), 4);
                c.close().await;
                drop(dir);
            },
            BatchSize::PerIteration,
        )
    });

    let companion = rt
        .block_on(Companion::open_with(seeded.path(), options()))
        .expect("open");
    c.bench_function("history_page_of_10 (page 60 of the debit card)", |b| {
        b.to_async(&rt).iter(|| async {
            let page = companion
                .transactions(AccountId(1), 60, 10)
                .await
                .expect("page");
            assert_eq!(page.items.len(), 10);
        })
    });
}

criterion_group! {
    name = open;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(5));
    targets = benches
}
criterion_main!(open);
