//! Webhooks: signatures, documented payloads, the axum extractor.
//!
//! One test binary for the suite (each file below is a module), so the workspace links a few
//! binaries instead of one per file.

#[path = "../common/mod.rs"]
mod common;

mod webhooks_axum;
mod webhooks_borrow;
mod webhooks_cashgram;
mod webhooks_enums;
mod webhooks_limits;
mod webhooks_parse;
mod webhooks_signature;
