#![no_main]
//! cargo-fuzz target `response_decoding`: the body is `paygen_fuzz::response_decoding` (fuzz/src/lib.rs).

libfuzzer_sys::fuzz_target!(|data: &[u8]| paygen_fuzz::response_decoding(data));
