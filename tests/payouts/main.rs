//! Payouts v1 and v2, Cashgram, and the Payin & Payout API: contract tests, exactly-once, signatures, discrepancies.
//!
//! One test binary for the suite (each file below is a module), so the workspace links a few
//! binaries instead of one per file.

#[path = "../common/mod.rs"]
mod common;

mod amount_scale;
mod discrepancies_payin_payout;
mod error_kinds;
mod payin_payout_errors;
mod payin_payout_payout;
mod payin_payout_signing;
mod payin_payout_spec;
mod payin_payout_support;
mod payin_payout_wire;
mod payouts_exactly_once;
mod payouts_signature;
mod payouts_spec;
mod payouts_support;
mod payouts_v1_cashgram;
mod payouts_v1_errors;
mod payouts_v1_token;
mod payouts_v2;
