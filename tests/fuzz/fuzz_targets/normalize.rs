//! See `happylife_fuzz_checks::normalize` (tests/fuzz-checks/src/normalize.rs): the
//! properties live there, where `cargo xtask test` replays this target's
//! corpus as an ordinary test.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| happylife_fuzz_checks::normalize::check(data));
