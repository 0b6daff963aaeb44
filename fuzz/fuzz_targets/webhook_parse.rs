#![no_main]
//! cargo-fuzz target `webhook_parse`: the body is `paygen_fuzz::webhook_parse` (fuzz/src/lib.rs).

libfuzzer_sys::fuzz_target!(|data: &[u8]| paygen_fuzz::webhook_parse(data));
