#![no_main]
//! cargo-fuzz target `verify_and_parse`: the body is `paygen_fuzz::verify_and_parse` (fuzz/src/lib.rs).

libfuzzer_sys::fuzz_target!(|data: &[u8]| paygen_fuzz::verify_and_parse(data));
