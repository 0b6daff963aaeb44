#![no_main]
//! cargo-fuzz target `webhook_verify`: the body is `paygen_fuzz::webhook_verify` (fuzz/src/lib.rs).

libfuzzer_sys::fuzz_target!(|data: &[u8]| paygen_fuzz::webhook_verify(data));
