//! No secret and no full account number in the logs (MASVS-STORAGE-2,
//! docs/SECURITY.md): one test process runs a phone and the bank through
//! the flows that carry secrets — binding by SMS code, a PIN, a login
//! session, a sync, a transfer to a new payee typed in full, a family
//! invitation code, a complaint — with every log line of every crate
//! (ours, sqlx, hyper, reqwest…) at TRACE captured, and then looks for each
//! of those secrets in what was logged.

use happylife_core::Money;
use happylife_core::accounts::demo::DEMO_CUSTOMER_ID;
use happylife_core::bank::client::Gateway;
use happylife_core::family::Role;
use happylife_core::transfers::{ContextFacts, Delay, PayeeChoice, TransferDraft, TransferOutcome};
use happylife_tests::{device, gateway};
use std::io::Write;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

/// Every log line, kept in memory.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Captured {
        self.clone()
    }
}

/// Whether `number` appears in `text` as a number of its own (not inside a
/// longer run of digits), as written or with its groups' spaces and dashes.
fn mentions(text: &str, number: &str) -> bool {
    let digits: Vec<char> = number.chars().filter(char::is_ascii_digit).collect();
    let chars: Vec<char> = text.chars().collect();
    (0..chars.len()).any(|start| {
        if start > 0 && chars[start - 1].is_ascii_digit() {
            return false;
        }
        let mut i = start;
        for (n, d) in digits.iter().enumerate() {
            while n > 0 && i < chars.len() && (chars[i] == ' ' || chars[i] == '-') {
                i += 1;
            }
            if chars.get(i) != Some(d) {
                return false;
            }
            i += 1;
        }
        !chars.get(i).is_some_and(char::is_ascii_digit)
    })
}

/// The longest run of digits in `text` once spaces and dashes between
/// digits are taken out (a card or account number written in groups).
/// The longest run of hex digits in `text`.
fn longest_hex_run(text: &str) -> usize {
    text.split(|c: char| !c.is_ascii_hexdigit())
        .map(str::len)
        .max()
        .unwrap_or(0)
}

fn longest_digit_run(text: &str) -> usize {
    let (mut best, mut run) = (0, 0);
    let chars: Vec<char> = text.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if c.is_ascii_digit() {
            run += 1;
            best = best.max(run);
        } else if !((*c == ' ' || *c == '-')
            && run > 0
            && chars.get(i + 1).is_some_and(char::is_ascii_digit))
        {
            run = 0;
        }
    }
    best
}

#[test]
fn a_number_is_found_as_written_or_grouped_but_not_inside_another() {
    assert!(mentions("code=583920 sent", "583920"));
    assert!(mentions(
        "to 6222 0200 1234 5678 901.",
        "6222020012345678901"
    ));
    assert!(!mentions("at 1795839201", "583920"));
    assert!(!mentions("nothing", "583920"));
}

#[test]
fn the_digit_runs_of_a_grouped_account_number_are_counted_whole() {
    assert_eq!(longest_digit_run("to 6222 0200 1234 5678 901 now"), 19);
    assert_eq!(longest_digit_run("seq=12 at 1795000000"), 10);
    assert_eq!(longest_digit_run("no digits"), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_run_logs_no_secret_and_no_full_account_number() {
    let logs = Captured::default();
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new("trace"))
        .with_writer(logs.clone())
        .with_ansi(false)
        // (A timestamp's six-digit fraction could be mistaken for a code.)
        .without_time()
        .init();

    let dir = tempfile::tempdir().unwrap();
    let bank = dir.path().join("bank.db");
    let gw = gateway(
        &format!("sqlite://{}?mode=rwc", bank.display()),
        SocketAddr::from(([127, 0, 0, 1], 0)),
    )
    .await;
    let base = gw.url();
    let sandbox = Gateway::new(&base);
    let her = sandbox.sandbox_customer(DEMO_CUSTOMER_ID).await.unwrap();
    let id_number = her["id_number"].as_str().unwrap().to_string();
    let mobile = her["mobile"].as_str().unwrap_or_default().to_string();

    // Binding by the SMS code, as a new phone does.
    let phone_dir = dir.path().join("phone");
    let d = device(&phone_dir).await;
    let sent = d.request_bind_code(&base, &id_number).await.unwrap();
    let sms = sandbox.sandbox_sms(DEMO_CUSTOMER_ID).await.unwrap();
    let code: String = sms[0]
        .split(|c: char| !c.is_ascii_digit())
        .find(|w| w.len() == 6)
        .expect("a 6-digit code in the SMS")
        .to_string();
    d.bind(&base, sent.code_id, &code, "her phone")
        .await
        .unwrap();
    // Her PIN at the bank, then a new one (both exchanges logged at TRACE).
    d.login_with_pin(happylife_core::accounts::demo::DEMO_PIN)
        .await
        .unwrap();
    let pin = "770412";
    d.change_pin(happylife_core::accounts::demo::DEMO_PIN, pin)
        .await
        .unwrap();
    let session = d.login_with_pin(pin).await.unwrap();
    d.sync().await.unwrap();
    let device_id = d.device_id().await.unwrap().unwrap();

    // A transfer to someone new, typed in full.
    let new_account = "6222 0200 1234 5678 901";
    let draft = TransferDraft {
        from_account_id: 1,
        payee: PayeeChoice::New {
            account: new_account.into(),
            name: "王师傅".into(),
            relationship: None,
            save: true,
        },
        amount: Money::cny(1_200),
        note: "修水管".into(),
        delay: Delay::None,
    };
    let check = d
        .check_transfer(&draft, ContextFacts::default())
        .await
        .unwrap();
    // A new payee on a new phone: the bank's warning, and its ticket.
    let ticket = check
        .ticket
        .clone()
        .expect("the bank's warning has a ticket");
    gw.state.advance_clock(15);
    let sent = d
        .send_transfer(&draft, ContextFacts::default(), Some(&check), None)
        .await
        .unwrap();
    assert!(matches!(sent, TransferOutcome::Sent(_)), "{sent:?}");
    let invite = d.create_invite(Role::Viewer).await.unwrap();
    d.file_complaint("other", "上个月的电费扣了两次")
        .await
        .unwrap();
    d.sync().await.unwrap();
    d.close().await;

    // What the secrets were: read back from where they are kept.
    use happylife_core::auth::keystore::{Keystore, SANDBOX_FILE};
    let device_token = String::from_utf8(
        Keystore::sandbox_file(phone_dir.join(SANDBOX_FILE))
            .get(&format!("device-token/{device_id}"))
            .unwrap()
            .expect("the device token is in the keystore"),
    )
    .unwrap();
    let payee_accounts: Vec<String> = sqlx::query_scalar("SELECT account FROM payees")
        .fetch_all(&gw.state.db.pool)
        .await
        .unwrap();
    gw.stop().await;

    let text = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(
        text.lines().count() > 100 && text.contains("happylife"),
        "the logs were captured: {} lines",
        text.lines().count()
    );
    let mut secrets: Vec<(&str, String)> = vec![
        ("device token", device_token),
        ("session token", session.token.clone()),
        ("SMS binding code", code),
        ("PIN", pin.to_string()),
        (
            "demo PIN",
            happylife_core::accounts::demo::DEMO_PIN.to_string(),
        ),
        ("ID-card number", id_number),
        ("invitation code", invite.code.clone()),
        ("new payee's account", new_account.replace(' ', "")),
        ("warning ticket", ticket.0),
    ];
    if !mobile.is_empty() {
        secrets.push(("mobile number", mobile));
    }
    assert!(
        payee_accounts.len() >= 3,
        "her saved payees and the new one"
    );
    for a in payee_accounts {
        secrets.push(("a saved payee's account", a.replace(' ', "")));
    }
    for (what, secret) in &secrets {
        assert!(secret.len() >= 6, "{what} is a real value");
        let found = if secret.chars().all(|c| c.is_ascii_digit()) {
            mentions(&text, secret)
        } else {
            text.contains(secret.as_str())
        };
        assert!(!found, "the {what} is in the logs");
    }
    // No key: the database's raw key (64 hex digits, sent as `PRAGMA key`
    // when a connection opens) or any other run of 64 hex digits.
    for line in text.lines() {
        assert!(
            !line.contains("PRAGMA key") && longest_hex_run(line) < 64,
            "a key may be in this log line: {line}"
        );
    }
    // Nothing that looks like a full card or account number (16 digits or
    // more, in groups or not); the longest run logged is a timestamp.
    for line in text.lines() {
        assert!(
            longest_digit_run(line) < 16,
            "a full account number may be in this log line: {line}"
        );
    }
    println!(
        "{} log lines at TRACE, {} secrets looked for, none found",
        text.lines().count(),
        secrets.len()
    );
}
