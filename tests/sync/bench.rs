//! What the benchmarks share: the release gateway as a process of its own
//! on 127.0.0.1, and the figure lines `cargo xtask bench` gathers into its
//! one table.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// Prints one figure for `cargo xtask bench`'s table: a line
/// `figure<TAB>id<TAB>value`, which the table reads by `id` (the unit is
/// the table's). People read the benchmark's own lines around it.
pub fn figure(id: &str, value: f64) {
    println!("figure\t{id}\t{value}");
}

fn server_bin() -> std::path::PathBuf {
    let target = std::env::var("CARGO_TARGET_DIR")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../target").into());
    std::path::Path::new(&target).join("release/happylife-server")
}

/// Starts `target/release/happylife-server` on `database_url` at
/// 127.0.0.1:`port` with a frozen clock and a blocklist of
/// `blocklist_size`, and waits until it listens.
pub fn release_gateway(database_url: &str, port: u16, blocklist_size: u64) -> Child {
    let mut child = Command::new(server_bin())
        .arg("--sandbox")
        .args(["--list-signing-key", &crate::test_list_signing_key()])
        .args(["--database-url", database_url])
        .args(["--listen", &format!("127.0.0.1:{port}")])
        .args(["--clock", "2026-11-25T09:30:00+08:00"])
        .args(["--blocklist-size", &blocklist_size.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("run target/release/happylife-server (cargo build --release -p happylife-server)");
    for _ in 0..1200 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return child;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("gateway did not start");
}

/// Stops a gateway started by [`release_gateway`] as an operator would
/// (SIGTERM), and waits for it.
pub fn stop(mut child: Child) {
    let _ = Command::new("kill")
        .arg("-TERM")
        .arg(child.id().to_string())
        .status();
    let _ = child.wait();
}

/// A port nobody listens on now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(18787)
}
