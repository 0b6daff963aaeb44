//! End to end: the generated clients against `paygen::mock` over real sockets, each test
//! asserting the state change a call causes (and the framework: routing, auth, validation,
//! idempotency, clock, control API).
#![cfg(feature = "mock")]

mod bbps;
mod collect_from_india;
mod faults;
mod faults_money;
mod flowwise;
mod framework;
mod global_collections;
mod oneescrow;
mod payin_payout;
mod payouts_v1;
mod payouts_v2;
mod pg;
mod pg_ledger;
mod pg_preauth;
#[cfg(feature = "axum")]
mod trigger;
#[cfg(feature = "axum")]
mod webhooks;
