//! Realistic scenarios through the real `happylife` tool: the scripts of
//! common scams must be stopped, and ordinary family transfers must stay
//! `allow` (false alarms teach elders to ignore warnings).

use serde_json::{Value, json};
use std::io::Write;
use std::process::{Command, Stdio};

struct Scenario {
    name: &'static str,
    request: Value,
    decision: &'static str,
    /// Reasons that must be among the answer's.
    must_name: &'static [&'static str],
}

fn transfer(
    amount_yuan: i64,
    account: &str,
    name: &str,
    is_new: bool,
    relationship: Option<&str>,
    note: &str,
    at: &str,
) -> Value {
    json!({
        "amount_fen": amount_yuan * 100,
        "payee": {"account": account, "name": name, "is_new": is_new, "relationship": relationship},
        "note": note,
        "at": at,
        "customer": {"age": 72, "median_transfer_fen": 80_000},
    })
}

const AFTERNOON: &str = "2026-11-25T15:00:00+08:00";
const DAUGHTER: &str = "6217 0000 1234 5678";

fn with(mut v: Value, path: &[&str], value: Value) -> Value {
    let mut at = &mut v;
    for p in &path[..path.len() - 1] {
        if at.get(*p).is_none() {
            at[*p] = json!({});
        }
        at = at.get_mut(*p).unwrap();
    }
    at[path[path.len() - 1]] = value;
    v
}

fn scenarios() -> Vec<Scenario> {
    let s = |name, request, decision, must_name| Scenario {
        name,
        request,
        decision,
        must_name,
    };
    vec![
        // ---- scams ------------------------------------------------------
        s(
            "fake police: 'move your savings to the safe account', on the phone",
            with(
                transfer(
                    80_000,
                    "6222 0999 8888 7777 666",
                    "国家安全账户",
                    true,
                    None,
                    "资金清查",
                    AFTERNOON,
                ),
                &["context", "on_call"],
                json!(true),
            ),
            "block",
            &["scam_words_certain"],
        ),
        s(
            "fake police in traditional characters",
            transfer(
                50_000,
                "6222 0999 8888 7777 666",
                "李警官",
                true,
                None,
                "配合調查 安全帳戶",
                AFTERNOON,
            ),
            "block",
            &["scam_words_certain"],
        ),
        s(
            "order brushing: 'advance the money for the next task'",
            transfer(
                3_000,
                "6230 1111 2222 3333",
                "任务客服",
                true,
                None,
                "刷单任务垫付",
                AFTERNOON,
            ),
            "block",
            &["scam_words_certain"],
        ),
        s(
            "the payee is on the bank's list (built-in named entry)",
            transfer(
                2_000,
                "6228 4800 1234 5678 901",
                "张经理",
                true,
                None,
                "",
                AFTERNOON,
            ),
            "block",
            &["payee_listed"],
        ),
        s(
            "the payee is on a list the caller adds",
            with(
                transfer(
                    900,
                    "6222 1234 5678 9999",
                    "陈先生",
                    true,
                    None,
                    "货款",
                    AFTERNOON,
                ),
                &["extra_blocklist"],
                json!(["6222-1234-5678-9999"]),
            ),
            "block",
            &["payee_listed"],
        ),
        s(
            "screen sharing while transferring",
            with(
                transfer(500, DAUGHTER, "王小红", false, Some("女儿"), "", AFTERNOON),
                &["context", "screen_sharing"],
                json!(true),
            ),
            "block",
            &["screen_sharing"],
        ),
        s(
            "fake customer service refund, on the phone",
            with(
                transfer(
                    3_000,
                    "6230 5555 6666 7777",
                    "淘宝客服",
                    true,
                    None,
                    "退款手续费",
                    AFTERNOON,
                ),
                &["context", "on_call"],
                json!(true),
            ),
            "cosign",
            &["scam_words", "on_call", "new_payee"],
        ),
        s(
            "fake investment with 'guaranteed high returns', large for her",
            transfer(
                50_000,
                "6230 8888 9999 0000",
                "李老师",
                true,
                None,
                "高回报 保本",
                AFTERNOON,
            ),
            "cosign",
            &["scam_words", "large_amount", "unusual_amount", "new_payee"],
        ),
        s(
            "fake loan: 'pay the deposit to unfreeze'",
            transfer(
                2_000,
                "6230 4444 3333 2222",
                "贷款专员",
                true,
                None,
                "解冻保证金",
                AFTERNOON,
            ),
            "warn",
            &["scam_words"],
        ),
        s(
            "fake grandson with a new account who 'urgently needs money'",
            transfer(
                8_000,
                "6230 1212 3434 5656",
                "小明",
                true,
                Some("孙子"),
                "急用钱 换号了",
                AFTERNOON,
            ),
            "cosign",
            &["scam_words", "relative_new_account", "new_payee"],
        ),
        s(
            "fake prize: tax before the prize",
            transfer(
                1_000,
                "6230 7777 1111 2222",
                "领奖中心",
                true,
                None,
                "中奖税费",
                AFTERNOON,
            ),
            "warn",
            &["scam_words"],
        ),
        s(
            "pension project sold at a seminar",
            transfer(
                30_000,
                "6230 6666 5555 4444",
                "养老公司",
                true,
                None,
                "养老项目",
                AFTERNOON,
            ),
            "cosign",
            &["scam_words", "large_amount"],
        ),
        s(
            "account takeover: new phone and password today, new payee, at night",
            with(
                with(
                    transfer(
                        5_000,
                        "6230 9999 1111 3333",
                        "刘强",
                        true,
                        None,
                        "",
                        "2026-11-25T23:40:00+08:00",
                    ),
                    &["context", "new_device_hours"],
                    json!(2.5),
                ),
                &["context", "password_changed_hours"],
                json!(3),
            ),
            "cosign",
            &["new_device", "password_changed", "night_time", "new_payee"],
        ),
        s(
            "someone else operating for her",
            with(
                transfer(
                    1_000,
                    DAUGHTER,
                    "王小红",
                    false,
                    Some("女儿"),
                    "",
                    AFTERNOON,
                ),
                &["context", "by_agent"],
                json!(true),
            ),
            "cosign",
            &["by_agent"],
        ),
        s(
            "a stranger directing her on the phone to a new account",
            with(
                transfer(
                    1_500,
                    "6230 2323 4545 6767",
                    "赵女士",
                    true,
                    None,
                    "",
                    AFTERNOON,
                ),
                &["context", "on_call"],
                json!(true),
            ),
            "warn",
            &["on_call", "new_payee"],
        ),
        // ---- ordinary life: must stay allow ---------------------------
        s(
            "monthly help to her daughter",
            transfer(
                500,
                DAUGHTER,
                "王小红",
                false,
                Some("女儿"),
                "生活费",
                AFTERNOON,
            ),
            "allow",
            &[],
        ),
        s(
            "New Year money to a grandson's new card",
            transfer(
                600,
                "6217 8888 1111 2222",
                "王乐乐",
                true,
                Some("孙子"),
                "压岁钱",
                "2027-02-06T10:00:00+08:00",
            ),
            "allow",
            &[],
        ),
        s(
            "twice her usual to her son",
            transfer(
                1_600,
                "6217 3333 4444 5555",
                "王强",
                false,
                Some("儿子"),
                "",
                "2026-11-25T09:00:00+08:00",
            ),
            "allow",
            &[],
        ),
        s(
            "first payment to the property office",
            transfer(
                1_200,
                "6217 9999 0000 1111",
                "幸福小区物业",
                true,
                None,
                "物业费",
                AFTERNOON,
            ),
            "allow",
            &[],
        ),
        s(
            "her daughter on the phone asks for help with a hospital bill",
            with(
                transfer(
                    20_000,
                    DAUGHTER,
                    "王小红",
                    false,
                    Some("女儿"),
                    "住院费",
                    AFTERNOON,
                ),
                &["context", "on_call"],
                json!(false),
            ),
            "allow",
            &[],
        ),
        s(
            "on the phone with her daughter while sending her ¥3,000",
            with(
                transfer(
                    3_000,
                    DAUGHTER,
                    "王小红",
                    false,
                    Some("女儿"),
                    "",
                    AFTERNOON,
                ),
                &["context", "on_call"],
                json!(true),
            ),
            "allow",
            &[],
        ),
        s(
            "a small transfer late in the evening to a saved payee",
            transfer(
                300,
                DAUGHTER,
                "王小红",
                false,
                Some("女儿"),
                "",
                "2026-11-25T22:30:00+08:00",
            ),
            "allow",
            &[],
        ),
        s(
            "the carer's monthly wage",
            with(
                transfer(
                    4_500,
                    "6217 5555 6666 7777",
                    "李阿姨",
                    false,
                    Some("保姆"),
                    "11月工资",
                    AFTERNOON,
                ),
                &["customer", "median_transfer_fen"],
                json!(450_000),
            ),
            "allow",
            &[],
        ),
        s(
            "a gift with an English note",
            transfer(
                1_000,
                "6217 4444 5555 6666",
                "Lily",
                false,
                Some("granddaughter"),
                "Happy birthday!",
                AFTERNOON,
            ),
            "allow",
            &[],
        ),
        s(
            "living costs in traditional characters, new phone yesterday",
            with(
                transfer(
                    800,
                    DAUGHTER,
                    "王小紅",
                    false,
                    Some("女兒"),
                    "生活費",
                    AFTERNOON,
                ),
                &["context", "new_device_hours"],
                json!(20),
            ),
            "allow",
            &[],
        ),
    ]
}

fn run(input: &str) -> (Vec<Value>, bool) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_happylife"))
        .args(["assess-transfer", "--jsonl"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("happylife runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let lines = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    (lines, out.status.success())
}

#[test]
fn scams_are_stopped_and_family_life_is_not() {
    let scenarios = scenarios();
    let input: String = scenarios
        .iter()
        .map(|s| format!("{}\n", s.request))
        .collect();
    let (answers, ok) = run(&input);
    assert!(ok);
    assert_eq!(answers.len(), scenarios.len(), "one answer per line");
    let mut wrong = Vec::new();
    for (s, a) in scenarios.iter().zip(&answers) {
        let reasons: Vec<&str> = a["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_str().unwrap())
            .collect();
        if a["decision"] != s.decision || !s.must_name.iter().all(|r| reasons.contains(r)) {
            wrong.push(format!(
                "{}: expected {} naming {:?}, got {} {:?}",
                s.name, s.decision, s.must_name, a["decision"], reasons
            ));
        }
        if s.decision == "allow" {
            assert!(reasons.is_empty(), "{}: allow names no reasons", s.name);
        } else {
            assert!(!a["message"].as_str().unwrap().is_empty());
            assert_eq!(
                a["explanations"].as_array().unwrap().len(),
                reasons.len(),
                "{}: every reason has a sentence",
                s.name
            );
        }
        if s.decision == "warn" {
            assert!(a["wait_seconds"].as_u64().unwrap() > 0, "{}", s.name);
        }
        if s.must_name.contains(&"scam_words") {
            assert!(
                a["scam_explanation"].is_string(),
                "{}: the scam is explained",
                s.name
            );
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

#[test]
fn bad_lines_get_their_own_error_and_the_rest_are_answered() {
    let good = scenarios().remove(0).request.to_string();
    let input = format!(
        "{good}\nnot json\n{}\n\n{good}\n",
        json!({"amount_fen": 100, "payee": {"account": "1", "is_new": false}, "at": "yesterday", "customer": {"age": 70}})
    );
    let (answers, ok) = run(&input);
    assert!(!ok, "exit status says something was wrong");
    assert_eq!(answers.len(), 5);
    assert_eq!(answers[0]["decision"], "block");
    assert_eq!(answers[1]["error"]["code"], "invalid_request");
    assert_eq!(answers[1]["error"]["line"], 2);
    assert_eq!(answers[2]["error"]["code"], "invalid_time");
    assert!(
        answers[2]["error"]["message"]
            .as_str()
            .unwrap()
            .contains("2026-11-25T15:00:00+08:00")
    );
    assert_eq!(
        answers[3]["error"]["line"], 4,
        "an empty line is answered too"
    );
    assert_eq!(answers[4]["decision"], "block");
}

#[test]
fn check_reads_what_elders_paste() {
    let check = |text: &str| -> Value {
        let out = Command::new(env!("CARGO_BIN_EXE_happylife"))
            .args(["check", text])
            .output()
            .unwrap();
        assert!(out.status.success());
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let v = check("+86 171-2345-6789");
    assert_eq!(
        (
            v["kind"].as_str(),
            v["normalized"].as_str(),
            v["listed"].as_bool()
        ),
        (Some("phone"), Some("17123456789"), Some(true))
    );
    assert_eq!(v["category"], "service_refund");
    assert!(v["message"].as_str().unwrap().contains("冒充客服"));
    let v = check("【银行】您的积分即将清零，请登录 HTTPS://WWW.ICBC-SAFE.COM./jf 兑换");
    assert_eq!(
        (v["kind"].as_str(), v["listed"].as_bool()),
        (Some("url"), Some(true))
    );
    assert_eq!(v["normalized"], "icbc-safe.com");
    let v = check("6222 0212 3456 7890");
    assert_eq!(
        (v["kind"].as_str(), v["listed"].as_bool()),
        (Some("account"), Some(false))
    );
    assert!(v["message"].as_str().unwrap().contains("未发现风险"));
    let v = check(" 今天天气很好 ");
    assert_eq!(
        (v["kind"].as_str(), v["listed"].as_bool()),
        (Some("unknown"), Some(false))
    );
    assert_eq!(v["normalized"], "今天天气很好");
}

/// `happylife check --jsonl`: one `{"text": …}` per line in, one answer per
/// line out with its verdict and signals; a bad line gets the usual error
/// line and the others are still answered.
#[test]
fn check_jsonl_answers_every_line_with_a_verdict() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_happylife"))
        .args(["check", "--jsonl"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let input = [
        r#"{"text": "【工商银行】您的账户存在异常，即将冻结，请立即登录 icbc-verify.top 验证身份。"}"#,
        r#"{"text": "【工商银行】您尾号1234的卡于12月3日支出500.00元，余额8,000.00元。"}"#,
        r#"{"txt": "no text field"}"#,
        r#"{"text": "+86 171-2345-6789"}"#,
        "not json at all",
        r#"{"text": "爸，我换号了，这是我新号码，急用钱，先转我3000，别告诉妈。"}"#,
    ]
    .join("\n");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(!out.status.success(), "bad lines make the exit status 1");
    let answers: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(answers.len(), 6, "one answer per line");
    assert_eq!(answers[0]["verdict"], "suspicious");
    assert_eq!(answers[0]["category"], "phishing");
    let lookalike = &answers[0]["signals"][0];
    assert_eq!(
        (
            &lookalike["code"],
            &lookalike["body"],
            &lookalike["real_domain"]
        ),
        (
            &json!("lookalike_site"),
            &json!("icbc"),
            &json!("icbc.com.cn")
        )
    );
    assert!(
        lookalike["message"]
            .as_str()
            .unwrap()
            .contains("冒充工商银行，工商银行的网址是 icbc.com.cn")
    );
    assert_eq!(answers[1]["verdict"], "clear");
    assert_eq!(answers[1]["signals"], json!([]));
    assert!(
        answers[1]["message"]
            .as_str()
            .unwrap()
            .starts_with("没发现问题")
    );
    assert_eq!(answers[2]["error"]["code"], "invalid_request");
    assert_eq!(answers[2]["error"]["line"], 3);
    assert_eq!(answers[3]["verdict"], "listed");
    assert_eq!(answers[3]["listed"], true);
    assert_eq!(answers[4]["error"]["line"], 5);
    assert_eq!(answers[5]["verdict"], "suspicious");
    assert_eq!(answers[5]["category"], "relative_impersonation");
}
