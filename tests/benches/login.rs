//! Login benchmark (`cargo xtask bench`): how long a login takes from the
//! call to a session, against the real gateway on 127.0.0.1 (in-process,
//! SQLite). Prints figures; asserts nothing about time.
//!
//! - PIN check alone (Argon2id, 19 MiB, on this machine),
//! - PIN login: PIN check + challenge + Ed25519 signature + session,
//! - biometric login after the prompt: challenge + P-256 signature by the
//!   "hardware" key + the bank's check + session,
//! - voiceprint: the embedding of one recording alone, and the login after
//!   the recording (digits, quality, embedding, comparison, challenge,
//!   session), with espeak-ng's voices (skipped without espeak-ng).

use happylife_core::auth::biometric::{BiometricError, BiometricSigner};
use happylife_core::auth::keystore::Keystore;
use happylife_core::auth::voiceprint::embed::SpeakerEmbedder;
use happylife_core::auth::voiceprint::ge2e::{Ge2eEmbedder, find_model};
use happylife_core::auth::voiceprint::quality::to_float;
use happylife_core::{Companion, OpenOptions};
use happylife_tests::test_key::TestKey;
use happylife_tests::voice::{self, Speaker};
use rand::SeedableRng;
use std::sync::Arc;
use std::time::{Duration, Instant};

const RUNS: usize = 30;

fn figures(name: &str, id: &str, mut times: Vec<Duration>) {
    times.sort();
    happylife_tests::bench::figure(id, times[times.len() / 2].as_secs_f64() * 1000.0);
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{name:<44} p50 {:>7.2} ms   p95 {:>7.2} ms   max {:>7.2} ms   ({} runs)",
        ms(times[times.len() / 2]),
        ms(times[times.len() * 95 / 100]),
        ms(*times.last().unwrap()),
        times.len()
    );
}

/// A biometric key that signs at once (the prompt's own time is the
/// phone's, not ours).
#[derive(Default)]
struct Key(TestKey);

impl BiometricSigner for Key {
    fn create_key(&self) -> Result<Vec<u8>, BiometricError> {
        Ok(self.0.create())
    }
    fn sign(&self, _: &str, message: &[u8]) -> Result<Vec<u8>, BiometricError> {
        self.0.sign(message).ok_or(BiometricError::EnrolmentChanged)
    }
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
                keystore: Some(Keystore::in_memory().unwrap()),
                ..OpenOptions::default()
            },
        )
        .await
        .unwrap();
        phone
            .bind_in_sandbox(
                &gw.url(),
                happylife_core::accounts::demo::DEMO_CUSTOMER_ID,
                "bench",
            )
            .await
            .unwrap();
        phone.set_pin("583920").await.unwrap();
        phone.login_with_pin("583920").await.unwrap();
        let key = Arc::new(Key::default());
        phone.enable_biometric(key.clone()).await.unwrap();

        let mut check = Vec::new();
        let mut pin_login = Vec::new();
        let mut bio_login = Vec::new();
        for _ in 0..RUNS {
            let t = Instant::now();
            phone.check_pin("583920").await.unwrap();
            check.push(t.elapsed());
            let t = Instant::now();
            phone.login_with_pin("583920").await.unwrap();
            pin_login.push(t.elapsed());
            let t = Instant::now();
            phone.login_with_biometric(key.clone()).await.unwrap();
            bio_login.push(t.elapsed());
        }
        println!("login benchmark: call → session, gateway on 127.0.0.1 (SQLite)");
        figures("PIN check (Argon2id)", "login_pin_check_ms", check);
        figures(
            "PIN login (check + challenge + session)",
            "login_pin_ms",
            pin_login,
        );
        figures(
            "biometric login after the prompt (P-256)",
            "login_biometric_ms",
            bio_login,
        );

        if voice::espeak_available() {
            let her = Speaker::new("zac", 7);
            let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(9);
            // Her three takes; again if the app finds they do not agree
            // (rare: the digits are new each time).
            let mut enrolled = Err(happylife_core::CompanionError::Storage);
            for _ in 0..3 {
                let answers: Vec<_> = (0..3)
                    .map(|_| {
                        let p = phone.voiceprint_prompt();
                        (
                            p.id,
                            voice::say_in(&voice::quiet_room(), &her, &p.digits, &mut rng),
                        )
                    })
                    .collect();
                enrolled = phone.enrol_voiceprint(true, &answers).await;
                if enrolled.is_ok() {
                    break;
                }
            }
            enrolled.unwrap();
            // The app's speaker encoder, as the login uses it.
            let encoder = find_model()
                .map(|p| Ge2eEmbedder::load(&p))
                .expect("the speaker encoder's weights (cargo xtask setup)")
                .expect("the pinned weights");
            let mut embed = Vec::new();
            let mut voice_login = Vec::new();
            let mut refused = 0;
            for _ in 0..RUNS {
                let p = phone.voiceprint_prompt();
                let s = voice::say_in(&voice::quiet_room(), &her, &p.digits, &mut rng);
                let samples = to_float(&s.samples);
                let t = Instant::now();
                let _ = encoder.embed(&samples, s.sample_rate);
                embed.push(t.elapsed());
                let t = Instant::now();
                match phone.login_with_voiceprint(p.id, &s).await {
                    Ok(_) => voice_login.push(t.elapsed()),
                    Err(_) => refused += 1,
                }
            }
            figures(
                "voiceprint embedding of one recording",
                "voiceprint_embed_ms",
                embed,
            );
            figures(
                "voiceprint login after the recording",
                "login_voiceprint_ms",
                voice_login,
            );
            println!("  ({refused} of {RUNS} of her tries were not recognised)");
        } else {
            println!("voiceprint: espeak-ng is not installed, not measured");
        }
        phone.close().await;
        gw.stop().await;
    });
}
