#![no_main]
//! cargo-fuzz target `json_reader`: the body is `paygen_fuzz::json_reader` (fuzz/src/lib.rs).

libfuzzer_sys::fuzz_target!(|data: &[u8]| paygen_fuzz::json_reader(data));
