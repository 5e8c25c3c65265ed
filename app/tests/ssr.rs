//! The elder layout rendered without a window (dioxus-ssr): the home screen
//! in each language, with no message id left untranslated.

use dioxus::prelude::*;
use happylife_app::App;
use happylife_core::{Companion, FixedClock, OpenOptions};
use std::sync::Arc;

async fn render_home(lang: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let options = OpenOptions {
        clock: Arc::new(FixedClock::at(2026, 11, 25, 9, 30).unwrap()),
        language: Some(lang.to_string()),
        ..OpenOptions::default()
    };
    let companion = Companion::open_with(dir.path(), options).await.unwrap();
    let mut dom = VirtualDom::new(App).with_root_context(companion);
    dom.rebuild_in_place();
    // The app first asks the store whether a PIN is set (nothing private is
    // shown until it knows): let that and the home's own reads finish.
    for _ in 0..50 {
        let html = dioxus_ssr::render(&dom);
        if html.contains("data-screen=\"home\"") && html.contains("tile-settings") {
            return html;
        }
        let _ =
            tokio::time::timeout(std::time::Duration::from_millis(100), dom.wait_for_work()).await;
        dom.render_immediate(&mut dioxus::dioxus_core::NoOpMutations);
    }
    dioxus_ssr::render(&dom)
}

#[tokio::test]
async fn home_tiles_in_three_languages() {
    let cases = [
        (
            "zh-CN",
            [
                "余额",
                "明细",
                "转账",
                "缴费",
                "防骗查询",
                "家人",
                "语音",
                "人工客服",
                "设置",
            ],
        ),
        (
            "zh-TW",
            [
                "餘額",
                "明細",
                "轉帳",
                "繳費",
                "防騙查詢",
                "家人",
                "語音",
                "人工客服",
                "設定",
            ],
        ),
        (
            "en",
            [
                "Balance",
                "History",
                "Transfer",
                "Pay bills",
                "Fraud check",
                "Family",
                "Voice",
                "Talk to a person",
                "Settings",
            ],
        ),
    ];
    for (lang, tiles) in cases {
        let html = render_home(lang).await;
        for tile in tiles {
            assert!(
                html.contains(&format!(">{tile}<")),
                "{lang}: no tile {tile} in {html}"
            );
        }
        assert!(
            html.contains(&format!("lang=\"{lang}\"")),
            "{lang}: root carries the language"
        );
        assert!(
            !html.contains(">tile-") && !html.contains(">nav-") && !html.contains(">read-aloud<"),
            "{lang}: an id leaked: {html}"
        );
        assert!(html.contains("data-screen=\"home\""));
        assert!(
            !html.contains("data-testid=\"back\""),
            "home has no back button"
        );
    }
}
