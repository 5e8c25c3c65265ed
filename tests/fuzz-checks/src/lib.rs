//! The fuzz targets' properties, as plain functions: `tests/fuzz` wraps
//! each in a libFuzzer target (`cargo xtask fuzz`, timed runs that look for
//! new inputs), and `tests/replay.rs` runs each over its committed corpus
//! (`tests/fuzz/corpus/<target>`) as an ordinary test, with no instrumented
//! build, in `cargo xtask test`.

pub mod amount;
pub mod blocklist_file;
pub mod change_page;
pub mod id_number;
pub mod intent;
pub mod normalize;
pub mod server_body;
pub mod transfer_request;

/// A target's properties, checked on one input (a panic is a failure).
pub type Check = fn(&[u8]);

/// Every target, by the name of its corpus folder.
pub const TARGETS: &[(&str, Check)] = &[
    ("amount", amount::check),
    ("intent", intent::check),
    ("normalize", normalize::check),
    ("id_number", id_number::check),
    ("transfer_request", transfer_request::check),
    ("blocklist_file", blocklist_file::check),
    ("change_page", change_page::check),
    ("server_body", server_body::check),
];
