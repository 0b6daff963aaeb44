#![no_main]
//! cargo-fuzz target `identify`: the body is `paygen_fuzz::identify_json` (fuzz/src/lib.rs).

libfuzzer_sys::fuzz_target!(|data: &[u8]| paygen_fuzz::identify_json(data));
