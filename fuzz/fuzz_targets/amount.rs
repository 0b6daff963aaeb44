#![no_main]
//! cargo-fuzz target `amount`: the body is `paygen_fuzz::amount` (fuzz/src/lib.rs).

libfuzzer_sys::fuzz_target!(|data: &[u8]| paygen_fuzz::amount(data));
