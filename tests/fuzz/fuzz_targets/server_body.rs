//! See `happylife_fuzz_checks::server_body` (tests/fuzz-checks/src/server_body.rs): the
//! properties live there, where `cargo xtask test` replays this target's
//! corpus as an ordinary test.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| happylife_fuzz_checks::server_body::check(data));
