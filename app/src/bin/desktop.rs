//! HappyLife in a desktop window (Dioxus desktop, webkit2gtk), for testers.

use clap::Parser;
use dioxus::desktop::{Config, LogicalSize, WindowBuilder};
use dioxus::prelude::*;
use happylife_app::launch::{CommonArgs, WINDOW_TITLE, init_logging};
use happylife_app::{App, OnHomeMounted};
use std::process::ExitCode;
use std::sync::Arc;

/// Open HappyLife in a desktop window.
#[derive(Debug, Parser)]
#[command(name = "happylife-desktop", version)]
struct Args {
    #[command(flatten)]
    common: CommonArgs,
}

/// Set by the desktop smoke test: when this file appears, the window closes.
const CLOSE_FILE_ENV: &str = "HAPPYLIFE_CLOSE_WHEN_FILE_EXISTS";

fn main() -> ExitCode {
    init_logging();
    let args = Args::parse();
    if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        eprintln!(
            "No display found. Run `cargo xtask run` to serve HappyLife on http://127.0.0.1:8080 instead."
        );
        return ExitCode::from(2);
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cannot start: {e}");
            return ExitCode::from(1);
        }
    };
    let launched = match runtime.block_on(args.common.open()) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(1);
        }
    };
    // The Linux webview has no voices: 朗读 speaks with espeak-ng.
    if let Some(voice) = happylife_app::desktop_voice::Espeak::if_installed() {
        launched
            .companion
            .use_speech_output(std::sync::Arc::new(voice));
    }
    // Family alerts as system notifications, as the phones show theirs.
    happylife_app::desktop_voice::notify_family_alerts(&launched.companion);
    let _guard = runtime.enter();
    let window = WindowBuilder::new()
        .with_title(WINDOW_TITLE)
        .with_inner_size(LogicalSize::new(430.0, 900.0));
    let on_home = OnHomeMounted(Arc::new(|title: String| {
        use std::io::Write;
        let mut out = std::io::stdout();
        let _ = writeln!(out, "HAPPYLIFE_HOME_MOUNTED {title}");
        let _ = out.flush();
    }));
    // The window gone, the process leaves: the store is closed first, so
    // no connection is left closing on its thread as it does (and the exit
    // does not wait for one).
    let (closing, handle) = (launched.companion.clone(), runtime.handle().clone());
    let bank = launched.gateway.as_ref().map(|g| g.state.db.pool.clone());
    let on_event = move |event: &dioxus::desktop::tao::event::Event<'_, _>, _: &_| {
        if let dioxus::desktop::tao::event::Event::LoopDestroyed = event {
            let (c, h, bank) = (closing.clone(), handle.clone(), bank.clone());
            let _ = std::thread::spawn(move || {
                h.block_on(async {
                    c.close().await;
                    if let Some(pool) = bank {
                        pool.close().await;
                    }
                })
            })
            .join();
        }
    };
    LaunchBuilder::desktop()
        .with_cfg(
            Config::new()
                .with_window(window)
                .with_menu(None)
                .with_custom_event_handler(on_event),
        )
        .with_context(launched.companion.clone())
        .with_context(launched.target.clone())
        .with_context(on_home)
        .launch(DesktopRoot);
    ExitCode::SUCCESS
}

#[component]
fn DesktopRoot() -> Element {
    use_future(|| async {
        let Some(path) = std::env::var_os(CLOSE_FILE_ENV) else {
            return;
        };
        let path = std::path::PathBuf::from(path);
        while !path.exists() {
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        dioxus::desktop::window().close();
    });
    rsx! { App {} }
}
