//! Login benchmark (`cargo xtask bench`): how long a login takes from the
//! call to a session, against the real gateway on 127.0.0.1 (in-process,
//! SQLite). Prints figures; asserts nothing about time.
//!
//! - PIN check alone (Argon2id, 19 MiB, on this machine),
//! - PIN login: PIN check + challenge + Ed25519 signature + session,
//! - the biometric path after the prompt: challenge + signature + session.

use happylife_core::auth::keystore::Keystore;
use happylife_core::{Companion, OpenOptions};
use std::time::{Duration, Instant};

const RUNS: usize = 30;

fn figures(name: &str, mut times: Vec<Duration>) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{name:<40} p50 {:>7.2} ms   p95 {:>7.2} ms   max {:>7.2} ms   ({} runs)",
        ms(times[times.len() / 2]),
        ms(times[times.len() * 95 / 100]),
        ms(*times.last().unwrap()),
        times.len()
    );
}

fn main() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let bank = tempfile::tempdir().unwrap();
        let gw = happylife_server::start(happylife_server::Config {
            blocklist_size: 1_000,
            ..happylife_server::Config::local(format!(
                "sqlite://{}?mode=rwc",
                bank.path().join("bank.db").display()
            ))
        })
        .await
        .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let phone = Companion::open_with(
            dir.path(),
            OpenOptions {
                demo_seed: None,
                ..OpenOptions::default()
            },
        )
        .await
        .unwrap();
        phone.use_keystore(Keystore::in_memory().unwrap());
        phone
            .bind_in_sandbox(
                &gw.url(),
                happylife_core::accounts::demo::DEMO_CUSTOMER_ID,
                "bench",
            )
            .await
            .unwrap();
        phone.set_pin("583920").await.unwrap();

        let mut check = Vec::new();
        let mut pin_login = Vec::new();
        let mut key_login = Vec::new();
        for _ in 0..RUNS {
            let t = Instant::now();
            phone.check_pin("583920").await.unwrap();
            check.push(t.elapsed());
            let t = Instant::now();
            phone.login_with_pin("583920").await.unwrap();
            pin_login.push(t.elapsed());
            let t = Instant::now();
            phone.open_session().await.unwrap();
            key_login.push(t.elapsed());
        }
        println!("login benchmark: call → session, gateway on 127.0.0.1 (SQLite)");
        figures("PIN check (Argon2id)", check);
        figures("PIN login (check + challenge + session)", pin_login);
        figures("biometric path after the prompt", key_login);
        phone.close().await;
        gw.stop().await;
    });
}
