#![no_main]
//! cargo-fuzz target `form_body`: the body is `paygen_fuzz::form_body` (fuzz/src/lib.rs).

libfuzzer_sys::fuzz_target!(|data: &[u8]| paygen_fuzz::form_body(data));
