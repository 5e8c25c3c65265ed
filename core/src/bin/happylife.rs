//! `happylife`: the core's decisions from the command line, for testers and
//! scripts. JSON on stdout, one object per answer.
//!
//! ```text
//! happylife check "+86 171 2345 6789"
//! happylife check "【工商银行】您的账户存在异常，请登录 icbc-verify.top"
//! happylife check --jsonl < messages.jsonl   # {"text":…} per line
//! echo '{…}' | happylife assess-transfer
//! happylife assess-transfer --jsonl < transfers.jsonl
//! happylife intent --lang zh-CN "给女儿转五百块"
//! happylife intent --jsonl < utterances.jsonl   # {"lang":…,"text":…} per line
//! happylife sandbox-login --server http://127.0.0.1:8787 --customer demo-elder-0001
//! ```
//!
//! `sandbox-login` is a tester's stand-in for another phone of a demo
//! customer on a sandbox bank: it binds a phone with the code from the
//! sandbox's SMS outbox and logs in with the sandbox's demo PIN, and prints
//! `{"device_id","device_token","session"}` (secrets, for test scripts
//! only). A real bank has neither the outbox nor a demo PIN: it fails.
//!
//! Lookups use the blocklist of `--data-dir` (a device's data directory,
//! as synced from the bank) or, without it, the built-in list of named
//! scams. Bad input gets a JSON error with a stable code and a plain
//! sentence, and exit status 1; the other lines of a `--jsonl` run are
//! still answered.

use clap::{Parser, Subcommand};
use happylife_core::auth::keystore::{self, Keystore};
use happylife_core::fraud::{Blocklist, ListInfo, MessageCheck, Sites, message, normalize};
use happylife_core::store::Store;
use happylife_core::transfers::request::{RequestError, TransferRequest};
use happylife_core::transfers::{Decision, assess};
use happylife_core::{I18n, Language, SystemClock};
use serde_json::{Value, json};
use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "happylife",
    version,
    about = "HappyLife Companion core tools: scam lookups, transfer risk checks and voice intents, JSON out"
)]
struct Cli {
    /// A device data directory whose synced blocklist to use.
    #[arg(long, global = true, env = "HAPPYLIFE_DATA_DIR")]
    data_dir: Option<PathBuf>,
    /// Language of the plain sentences (zh-CN, zh-TW, en).
    #[arg(long, global = true, default_value = "zh-CN")]
    lang: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Is this phone number, account number, web address or message a
    /// scam? `verdict`: listed, suspicious or clear, with its `signals`.
    Check {
        /// What to check (quote it if it has spaces; without `--jsonl`).
        text: Option<String>,
        /// Read `{"text":…}` lines from stdin, answer one line each.
        #[arg(long)]
        jsonl: bool,
    },
    /// Assess a transfer read as JSON from stdin.
    AssessTransfer {
        /// Read one JSON object per line and answer one line per line.
        #[arg(long)]
        jsonl: bool,
    },
    /// Testers: another phone of a demo customer on a sandbox bank, bound
    /// and logged in with the demo PIN; prints its tokens as JSON.
    SandboxLogin {
        /// The sandbox gateway (`http://127.0.0.1:8787`).
        #[arg(long)]
        server: String,
        /// The demo customer (`demo-elder-0001`, `demo-daughter-0001`).
        #[arg(long)]
        customer: String,
    },
    /// What a spoken sentence asks for: `{"intent":…,"slots":{…}}`.
    Intent {
        /// The recognised text (without `--jsonl`).
        text: Option<String>,
        /// Read `{"lang":…,"text":…}` lines from stdin, answer one line each.
        #[arg(long)]
        jsonl: bool,
    },
}

struct Tools {
    store: Store,
    list: Blocklist,
    sites: std::sync::Arc<Sites>,
    i18n: I18n,
    lang: Language,
}

impl Tools {
    async fn open(cli: &Cli) -> anyhow::Result<Tools> {
        let lang = Language::negotiate(&cli.lang).unwrap_or(Language::ZhCn);
        let store = match &cli.data_dir {
            // A desktop device's folder: its key is in the sandbox keystore.
            Some(dir) => {
                let keystore = Keystore::sandbox_file(dir.join(keystore::SANDBOX_FILE));
                Store::open(dir, &SystemClock, &keystore).await?.0
            }
            None => Store::temporary().await?,
        };
        let list = Blocklist::load(&store).await?;
        let sites = happylife_core::fraud::sites::load(&store).await;
        Ok(Tools {
            store,
            list,
            sites,
            i18n: I18n::embedded()?,
            lang,
        })
    }

    fn list_fields(&self, info: &ListInfo) -> (u64, String) {
        (info.version, info.published_at.to_rfc3339())
    }

    async fn check(&self, text: &str) -> anyhow::Result<Value> {
        let (lookup, items, bare) = self.list.check_items(&self.store, text).await?;
        let signals = message::signals(text, &items, bare, &self.sites);
        let check = MessageCheck::new(lookup, signals, bare);
        let info = self.list.info();
        let (version, date) = self.list_fields(&info);
        let (kind, normalized) = match &check.lookup.item {
            Some(item) => (item.kind.code(), item.value.clone()),
            // Nothing checkable: the text as read (NFKC, trimmed), so a
            // script can see what was looked at.
            None => (normalize::Kind::Unknown.code(), normalize::prepared(text)),
        };
        let signals: Vec<Value> = check
            .signals
            .iter()
            .map(|s| {
                let mut v = json!({
                    "code": s.code(),
                    "category": s.category().code(),
                    "message": s.sentence(&self.i18n, self.lang, &self.sites),
                });
                if let Some(body) = s.body(&self.sites) {
                    v["body"] = json!(body.code);
                    v["real_domain"] = json!(body.main_domain());
                }
                if let message::Signal::LookalikeSite { host, .. }
                | message::Signal::NotTheirSite { host, .. }
                | message::Signal::DisguisedSite { host, .. } = s
                {
                    v["host"] = json!(host);
                }
                v
            })
            .collect();
        Ok(json!({
            "verdict": check.verdict.code(),
            "signals": signals,
            "kind": kind,
            "normalized": normalized,
            "listed": check.verdict == happylife_core::fraud::Verdict::Listed,
            "category": check.category.map(|c| c.code()),
            "message": check.sentence(&self.i18n, self.lang, &info),
            "list_version": version,
            "list_published_at": date,
        }))
    }

    /// One `{"text": …}` line of `check --jsonl`.
    async fn check_line(&self, line: &str) -> Result<Value, RequestError> {
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct CheckLine {
            text: String,
        }
        let read: CheckLine = serde_json::from_str(line).map_err(|e| RequestError::Invalid {
            detail: e.to_string(),
        })?;
        self.check(&read.text)
            .await
            .map_err(|e| RequestError::Invalid {
                detail: e.to_string(),
            })
    }

    async fn assess(&self, text: &str) -> Result<Value, RequestError> {
        let request = TransferRequest::parse(text)?;
        let mut facts = request.facts()?;
        let payee = normalize::normalize(&request.payee.account);
        if let Some(payee) = &payee {
            let extra = request
                .extra_blocklist
                .iter()
                .filter_map(|e| normalize::normalize(e))
                .any(|e| e.kind == payee.kind && e.value == payee.value);
            let listed =
                self.list
                    .lookup(&self.store, payee)
                    .await
                    .map_err(|e| RequestError::Invalid {
                        detail: e.to_string(),
                    })?;
            facts.payee_listed = extra || listed.is_some();
            facts.payee_category = listed;
        }
        let a = assess(&facts);
        let tr = |id: &str| self.i18n.tr(self.lang, id);
        Ok(json!({
            "decision": a.decision.code(),
            "reasons": a.reasons.iter().map(|r| r.code()).collect::<Vec<_>>(),
            "category": a.category.map(|c| c.code()),
            "wait_seconds": a.wait_seconds,
            "message": tr(&format!("decision-{}", a.decision.code())),
            "explanations": a.reasons.iter().map(|r| tr(&r.message_id())).collect::<Vec<_>>(),
            "scam_explanation": a.category.filter(|_| a.decision != Decision::Allow).map(|c| tr(&c.explain_id())),
        }))
    }

    fn error(&self, e: &RequestError, line: Option<usize>) -> Value {
        let mut error = json!({
            "code": e.code(),
            "message": self.i18n.tr(self.lang, &e.message_id()),
        });
        if let RequestError::Invalid { detail } = e {
            error["detail"] = json!(detail);
        }
        if let Some(line) = line {
            error["line"] = json!(line);
        }
        json!({ "error": error })
    }
}

/// The intent of one text, or its input error as JSON.
fn intent_answer(
    i18n: &I18n,
    lang: Language,
    read: Result<(Language, String), happylife_core::voice::intent::InputError>,
    line: Option<usize>,
) -> (Value, bool) {
    match read {
        Ok((l, text)) => (
            happylife_core::voice::intent::parse(&text, l).to_json(),
            true,
        ),
        Err(e) => {
            let mut error = json!({ "code": e.code(), "message": i18n.tr(lang, e.message_id()) });
            if let Some(line) = line {
                error["line"] = json!(line);
            }
            (json!({ "error": error }), false)
        }
    }
}

fn print(value: &Value) {
    let mut out = std::io::stdout().lock();
    // A closed pipe (`| head`) is not an error worth a panic.
    let _ = writeln!(out, "{value}");
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Command::SandboxLogin { server, customer } = &cli.command {
        return match sandbox_login(server, customer).await {
            Ok(v) => {
                print(&v);
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("happylife: {e}");
                ExitCode::from(1)
            }
        };
    }
    let tools = match Tools::open(&cli).await {
        Ok(t) => t,
        Err(e) => {
            eprintln!("happylife: cannot open the blocklist: {e}");
            return ExitCode::from(2);
        }
    };
    let mut failed = false;
    match &cli.command {
        Command::Intent { text, jsonl } => {
            use happylife_core::voice::intent::{InputError, checked, read_line};
            if *jsonl {
                for (i, line) in std::io::stdin().lock().lines().enumerate() {
                    let read = line
                        .map_err(|e| InputError::NotJson(e.to_string()))
                        .and_then(|l| read_line(&l, &cli.lang));
                    let (v, ok) = intent_answer(&tools.i18n, tools.lang, read, Some(i + 1));
                    failed |= !ok;
                    print(&v);
                }
            } else {
                let read = text
                    .as_deref()
                    .ok_or(InputError::NoText)
                    .and_then(|t| checked(&cli.lang, t));
                let (v, ok) = intent_answer(&tools.i18n, tools.lang, read, None);
                failed |= !ok;
                print(&v);
            }
        }
        Command::Check { text, jsonl: true } => {
            if text.is_some() {
                eprintln!("happylife: give the text on stdin with --jsonl, not as an argument");
                return ExitCode::from(2);
            }
            for (i, line) in std::io::stdin().lock().lines().enumerate() {
                let answer = match line {
                    Ok(l) => tools.check_line(&l).await,
                    Err(e) => Err(RequestError::Invalid {
                        detail: e.to_string(),
                    }),
                };
                match answer {
                    Ok(v) => print(&v),
                    Err(e) => {
                        failed = true;
                        print(&tools.error(&e, Some(i + 1)));
                    }
                }
            }
        }
        Command::Check { text, jsonl: false } => {
            let Some(text) = text else {
                eprintln!("happylife: say what to check, or use --jsonl");
                return ExitCode::from(2);
            };
            match tools.check(text).await {
                Ok(v) => print(&v),
                Err(e) => {
                    eprintln!("happylife: {e}");
                    return ExitCode::from(2);
                }
            }
        }
        Command::AssessTransfer { jsonl: false } => {
            let mut input = String::new();
            if let Err(e) = std::io::Read::read_to_string(&mut std::io::stdin(), &mut input) {
                failed = true;
                print(&tools.error(
                    &RequestError::Invalid {
                        detail: e.to_string(),
                    },
                    None,
                ));
            } else {
                match tools.assess(&input).await {
                    Ok(v) => print(&v),
                    Err(e) => {
                        failed = true;
                        print(&tools.error(&e, None));
                    }
                }
            }
        }
        Command::AssessTransfer { jsonl: true } => {
            for (i, line) in std::io::stdin().lock().lines().enumerate() {
                let line = match line {
                    Ok(l) => l,
                    Err(e) => {
                        failed = true;
                        print(&tools.error(
                            &RequestError::Invalid {
                                detail: e.to_string(),
                            },
                            Some(i + 1),
                        ));
                        continue;
                    }
                };
                match tools.assess(&line).await {
                    Ok(v) => print(&v),
                    Err(e) => {
                        failed = true;
                        print(&tools.error(&e, Some(i + 1)));
                    }
                }
            }
        }
        // Answered before the blocklist was opened.
        Command::SandboxLogin { .. } => {}
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Binds another phone of a demo customer on a sandbox bank and logs it in
/// with the demo PIN.
async fn sandbox_login(server: &str, customer: &str) -> anyhow::Result<Value> {
    use happylife_core::auth::DeviceKey;
    use happylife_core::bank::client::Gateway;
    let gateway = Gateway::new(server);
    let (code_id, code) = gateway.sandbox_bind_code(customer).await?;
    let key = DeviceKey::generate();
    let bound = gateway
        .register(code_id, &code, "tester's phone", &key.public_hex())
        .await?;
    let pin = gateway
        .sandbox_demo_pin(customer)
        .await?
        .ok_or_else(|| anyhow::anyhow!("{customer} has no demo PIN on this sandbox"))?;
    let (session, _) = gateway
        .pin_login(&bound.device_id, &bound.token, &key, &pin)
        .await?;
    Ok(json!({ "device_id": bound.device_id, "device_token": bound.token, "session": session }))
}
