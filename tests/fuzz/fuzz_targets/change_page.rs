//! See `happylife_fuzz_checks::change_page` (tests/fuzz-checks/src/change_page.rs): the
//! properties live there, where `cargo xtask test` replays this target's
//! corpus as an ordinary test.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| happylife_fuzz_checks::change_page::check(data));
