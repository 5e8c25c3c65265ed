//! Every fuzz target's committed corpus (`tests/fuzz/corpus/<target>`),
//! replayed through its properties: every input that was ever interesting
//! to the fuzzer, including those that once found a bug, checked on each
//! `cargo xtask test` without an instrumented build. (`cargo xtask fuzz`
//! looks for new inputs.)

use std::path::Path;

fn replay(target: &str) {
    let (_, check) = happylife_fuzz_checks::TARGETS
        .iter()
        .find(|(name, _)| *name == target)
        .expect("a target of that name");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fuzz/corpus")
        .join(target);
    let mut inputs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a corpus entry").path())
        .collect();
    inputs.sort();
    assert!(
        inputs.len() >= 10,
        "{target}: a corpus of {} inputs is not the committed one",
        inputs.len()
    );
    for input in &inputs {
        let data = std::fs::read(input).expect("a corpus file");
        let name = input.file_name().unwrap_or_default().to_string_lossy();
        if let Err(panic) = std::panic::catch_unwind(|| check(&data)) {
            let why = panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("(no message)");
            panic!("{target}: corpus input {name} breaks a property: {why}");
        }
    }
}

#[test]
fn every_target_has_a_replay_here() {
    let dirs: Vec<String> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/corpus"))
            .expect("the corpus folder")
            .map(|e| {
                e.expect("an entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
    let mut dirs = dirs;
    dirs.sort();
    let mut names: Vec<&str> = happylife_fuzz_checks::TARGETS
        .iter()
        .map(|(n, _)| *n)
        .collect();
    names.sort();
    assert_eq!(dirs, names, "a corpus folder for each target, and no other");
}

#[test]
fn each_libfuzzer_target_checks_the_same_properties() {
    // The libFuzzer wrappers are built only by `cargo xtask fuzz`: here,
    // each is at least one line naming its check.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/fuzz_targets");
    let mut seen = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("the fuzz targets") {
        let path = entry.expect("an entry").path();
        let name = path
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let text = std::fs::read_to_string(&path).expect("a target's source");
        assert!(
            text.contains(&format!("happylife_fuzz_checks::{name}::check(data)")),
            "{}: does not run happylife_fuzz_checks::{name}::check",
            path.display()
        );
        seen.push(name);
    }
    seen.sort();
    let mut names: Vec<String> = happylife_fuzz_checks::TARGETS
        .iter()
        .map(|(n, _)| n.to_string())
        .collect();
    names.sort();
    assert_eq!(seen, names);
}

#[test]
fn amount() {
    replay("amount");
}

#[test]
fn intent() {
    replay("intent");
}

#[test]
fn normalize() {
    replay("normalize");
}

#[test]
fn id_number() {
    replay("id_number");
}

#[test]
fn transfer_request() {
    replay("transfer_request");
}

#[test]
fn blocklist_file() {
    replay("blocklist_file");
}

#[test]
fn change_page() {
    replay("change_page");
}

#[test]
fn server_body() {
    replay("server_body");
}
