#![no_main]
//! cargo-fuzz target `flex_string`: the body is `paygen_fuzz::flex_string` (fuzz/src/lib.rs).

libfuzzer_sys::fuzz_target!(|data: &[u8]| paygen_fuzz::flex_string(data));
