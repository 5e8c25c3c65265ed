//! The voice assistant's turn against a real synced device: what she says
//! is matched with her saved payees (李娜 女儿, 李小明 孙子), and the
//! sentence back is a question or a read-back to say yes to.

use happylife_core::accounts::demo::DEMO_CUSTOMER_ID;
use happylife_core::voice::intent::IntentKind;
use happylife_core::{Companion, Language};
use happylife_tests::{backends, device, gateway};
use std::net::SocketAddr;

async fn phone(url: &str, dir: &std::path::Path) -> Companion {
    let d = device(dir).await;
    d.bind_in_sandbox(url, DEMO_CUSTOMER_ID, "phone")
        .await
        .unwrap();
    d.sync().await.unwrap();
    d
}

#[tokio::test]
async fn what_she_says_is_matched_with_her_payees_and_said_back() {
    let (url, _keep) = backends().await.remove(0);
    let gw = gateway(&url, SocketAddr::from(([127, 0, 0, 1], 0))).await;
    let dir = tempfile::tempdir().unwrap();
    let d = phone(&gw.url(), dir.path()).await;

    let u = d.understand("嗯，帮我给女儿转五百块").await.unwrap();
    assert_eq!(u.intent.kind, IntentKind::Transfer);
    assert_eq!(u.payee.as_ref().map(|p| p.name.as_str()), Some("李娜"));
    assert!(u.needs_yes && !u.asks);
    assert_eq!(
        u.say,
        "给女儿 李娜转账 ¥500.00，对吗？接下来还要在转账页面核对一次。"
    );

    // Her grandson, but no amount: the question, with the payee kept.
    let u = d.understand("给孙子转点钱").await.unwrap();
    assert!(u.asks);
    assert_eq!(u.say, "要转多少钱？");
    assert_eq!(u.payee.map(|p| p.name), Some("李小明".to_string()));

    // Someone not among her payees: told how to do it, not guessed.
    let u = d.understand("给老张转五百").await.unwrap();
    assert!(u.asks && u.payee.is_none());
    assert!(u.say.contains("老张"), "{}", u.say);

    assert_eq!(d.understand("我要转账").await.unwrap().say, "要转给谁？");
    let u = d.understand("今天天气怎么样").await.unwrap();
    assert!(u.asks && u.say.starts_with("没听明白"), "{}", u.say);
    // A weak match asks rather than guesses.
    let u = d.understand("多少钱").await.unwrap();
    assert!(u.asks && u.needs_yes);
    assert_eq!(u.say, "您是想查余额吗？");
    // The card: always asked first.
    let u = d.understand("我被骗了").await.unwrap();
    assert!(u.needs_yes && u.say.contains("冻结"), "{}", u.say);
    let u = d.understand("查余额").await.unwrap();
    assert!(!u.needs_yes && !u.asks);

    // In English, her daughter is the same payee.
    d.set_language(Language::En).await.unwrap();
    let u = d
        .understand("please send two hundred yuan to my daughter")
        .await
        .unwrap();
    assert_eq!(u.payee.map(|p| p.name), Some("李娜".to_string()));
    assert_eq!(
        u.say,
        "Send ¥200.00 to 李娜, is that right? You will check it once more on the transfer screen."
    );
    d.close().await;
    gw.stop().await;
}

#[tokio::test]
async fn a_question_is_answered_in_the_next_turn() {
    let (url, _keep) = backends().await.remove(0);
    let gw = gateway(&url, SocketAddr::from(([127, 0, 0, 1], 0))).await;
    let dir = tempfile::tempdir().unwrap();
    let d = phone(&gw.url(), dir.path()).await;
    let first = "我要转账";
    assert_eq!(d.understand(first).await.unwrap().say, "要转给谁？");
    let u = d.understand_reply(first, "给女儿").await.unwrap();
    assert_eq!(u.say, "要转多少钱？");
    let u = d
        .understand_reply("我要转账，给女儿", "五百")
        .await
        .unwrap();
    assert_eq!(u.payee.map(|p| p.name), Some("李娜".to_string()));
    assert_eq!(u.intent.slots.amount_fen, Some(50_000));
    // A new wish instead of an answer is taken as it is.
    let u = d.understand_reply(first, "查余额").await.unwrap();
    assert_eq!(u.intent.kind, IntentKind::CheckBalance);
    d.close().await;
    gw.stop().await;
}
