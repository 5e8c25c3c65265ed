//! `uniffi-bindgen generate --library target/debug/libhappylife_mobile.so --language python --out-dir DIR`
fn main() {
    uniffi::uniffi_bindgen_main()
}
