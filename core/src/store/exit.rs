//! Leaving the process while a database connection is still closing.
//!
//! sqlx closes each SQLite connection on that connection's own thread. A
//! pool dropped without `close().await` (its runtime ended first, as at the
//! end of a test, or a window closed) leaves those threads closing the files
//! (a WAL checkpoint and an fsync) while `main` returns. SQLCipher frees its
//! crypto state in an `atexit` handler, and a thread still closing then
//! reads freed memory: the process ends with SIGSEGV in
//! `sqlite3FreeCodecArg` instead of exit status 0 (seen about 1 run in 15
//! of a test binary, with every test passed).
//!
//! [`wait_at_exit`] registers, once and after SQLite has started (so after
//! SQLCipher's own handler, and `atexit` handlers run last-registered
//! first), a handler that waits for those threads to finish, up to
//! [`LIMIT`]. Connections of a pool that is still open are idle and never
//! touched by SQLCipher's clean-up; they only cost that wait. Threads are
//! found by sqlx's name for them in `/proc/self/task` (Linux and Android);
//! elsewhere nothing is waited for.

use std::sync::Once;
use std::time::{Duration, Instant};

/// The longest the process waits at exit for connections to close.
pub const LIMIT: Duration = Duration::from_secs(2);

/// How sqlx names a connection's thread (`sqlx-sqlite-worker-N`), as the
/// kernel keeps it (15 bytes).
const THREAD_NAME: &str = "sqlx-sqlite-wor";

static REGISTERED: Once = Once::new();

/// Call after a connection has been opened (SQLite, and with it SQLCipher,
/// is initialised by then).
pub fn wait_at_exit() {
    REGISTERED.call_once(|| {
        // `atexit`, through a crate: this workspace forbids `unsafe`.
        if !shutdown_hooks::add_shutdown_hook(wait_for_connection_threads) {
            tracing::warn!("could not register the wait for closing connections at exit");
        }
    });
}

extern "C" fn wait_for_connection_threads() {
    let deadline = Instant::now() + LIMIT;
    while connection_threads() > 0 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// How many of sqlx's connection threads this process has now.
pub fn connection_threads() -> usize {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return 0;
    };
    tasks
        .flatten()
        .filter(|t| {
            std::fs::read_to_string(t.path().join("comm"))
                .is_ok_and(|name| name.trim_end().starts_with(THREAD_NAME))
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHILD: &str = "HAPPYLIFE_EXIT_TEST_MARK";

    /// In a child process: a connection thread still busy when the tests
    /// end. The parent checks it was let finish before the process left.
    #[test]
    fn leaving_waits_for_a_connection_still_closing() {
        if let Some(mark) = std::env::var_os(CHILD) {
            wait_at_exit();
            let (started, running) = std::sync::mpsc::channel();
            std::thread::Builder::new()
                .name("sqlx-sqlite-worker-9".into())
                .spawn(move || {
                    // The thread names itself as it starts.
                    started.send(()).unwrap();
                    std::thread::sleep(Duration::from_millis(300));
                    std::fs::write(mark, "closed").unwrap();
                })
                .unwrap();
            running.recv().unwrap();
            assert_eq!(connection_threads(), 1);
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let mark = dir.path().join("closed");
        let child = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "store::exit::tests::leaving_waits_for_a_connection_still_closing",
            ])
            .env(CHILD, &mark)
            .output()
            .unwrap();
        assert!(
            child.status.success(),
            "{}: {}",
            child.status,
            String::from_utf8_lossy(&child.stdout)
        );
        assert_eq!(
            std::fs::read_to_string(&mark).ok().as_deref(),
            Some("closed"),
            "the process left before its connection had closed"
        );
    }
}
