//! See `happylife_fuzz_checks::id_number` (tests/fuzz-checks/src/id_number.rs): the
//! properties live there, where `cargo xtask test` replays this target's
//! corpus as an ordinary test.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| happylife_fuzz_checks::id_number::check(data));
