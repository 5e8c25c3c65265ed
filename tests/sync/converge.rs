//! Property: any interleaving of offline actions, syncs, outages and
//! reconnects ends, once the network is back and one sync runs, with the
//! device and the bank in agreement and nothing sent twice.

use happylife_core::accounts::demo::DEMO_CUSTOMER_ID;
use happylife_tests::{Proxy, device, gateway, local_transaction_count};
use proptest::prelude::*;
use std::sync::atomic::{AtomicU32, Ordering};

#[derive(Clone, Debug)]
enum Op {
    Complaint,
    TextScale(u16),
    Outage,
    Reconnect,
    LoseNextReply,
    Sync,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => Just(Op::Complaint),
        2 => (10u16..=20).prop_map(|s| Op::TextScale(s * 10)),
        1 => Just(Op::Outage),
        1 => Just(Op::Reconnect),
        1 => Just(Op::LoseNextReply),
        3 => Just(Op::Sync),
    ]
}

static CASE: AtomicU32 = AtomicU32::new(0);

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, max_shrink_iters: 20, ..ProptestConfig::default() })]

    #[test]
    fn any_interleaving_converges_to_the_bank(ops in proptest::collection::vec(op(), 1..14)) {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        rt.block_on(async {
            let work = tempfile::tempdir().unwrap();
            let url = format!("sqlite://{}?mode=rwc", work.path().join("gw.db").display());
            let gw = gateway(&url, "127.0.0.1:0".parse().unwrap()).await;
            let proxy = Proxy::start(gw.addr).await;
            let d = device(&work.path().join("device")).await;
            d.bind_in_sandbox(&proxy.url(), DEMO_CUSTOMER_ID, "phone").await.unwrap();
            let case = CASE.fetch_add(1, Ordering::Relaxed);
            let mut filed = 0;
            let mut last_scale = None;
            for op in &ops {
                match op {
                    Op::Complaint => {
                        d.file_complaint("other", &format!("case{case}-{filed}")).await.unwrap();
                        filed += 1;
                    }
                    Op::TextScale(p) => {
                        d.set_text_scale(i64::from(*p)).await.unwrap();
                        last_scale = Some(*p);
                    }
                    Op::Outage => proxy.faults.down.store(true, Ordering::SeqCst),
                    Op::Reconnect => proxy.faults.down.store(false, Ordering::SeqCst),
                    Op::LoseNextReply => proxy.faults.lose_next_command_reply.store(true, Ordering::SeqCst),
                    Op::Sync => {
                        let _ = d.sync().await;
                    }
                }
            }
            proxy.faults.down.store(false, Ordering::SeqCst);
            proxy.faults.lose_next_command_reply.store(false, Ordering::SeqCst);
            d.sync().await.unwrap();

            assert!(d.unsettled_actions().await.unwrap().is_empty());
            // Newest first on the phone: oldest first to compare with the bank.
            let local: Vec<String> = d.complaints().await.unwrap().into_iter().rev().map(|c| c.text).collect();
            let server: Vec<String> = sqlx::query_scalar("SELECT text FROM complaints ORDER BY id")
                .fetch_all(&gw.state.db.pool)
                .await
                .unwrap();
            let mut sorted_local = local.clone();
            sorted_local.sort();
            let mut sorted_server = server.clone();
            sorted_server.sort();
            assert_eq!(sorted_local.len(), filed);
            assert_eq!(sorted_server, sorted_local, "ops: {ops:?}");
            assert_eq!(server, local, "sent in the order they were made");
            let scale: Option<String> = sqlx::query_scalar("SELECT value FROM settings WHERE key = 'text_scale'")
                .fetch_optional(&gw.state.db.pool)
                .await
                .unwrap();
            assert_eq!(scale, last_scale.map(|p| p.to_string()), "the bank has the last setting");
            let server_txns: i64 = sqlx::query_scalar("SELECT count(*) FROM transactions").fetch_one(&gw.state.db.pool).await.unwrap();
            let local_txns = local_transaction_count(&d).await;
            assert_eq!(local_txns, server_txns);
            gw.stop().await;
        });
    }
}
