//! Flowwise, Collect from India, Global Collections, OneEscrow and BBPS: contract tests and discrepancies.
//!
//! One test binary for the suite (each file below is a module), so the workspace links a few
//! binaries instead of one per file.

#[path = "../common/mod.rs"]
mod common;

mod bbps_contract;
mod collect_from_india_contract;
mod discrepancies_bbps;
mod discrepancies_collect_from_india;
mod discrepancies_flowwise;
mod discrepancies_global_collections;
mod discrepancies_oneescrow;
mod error_kinds;
mod flowwise_contract;
mod global_collections_contract;
mod oneescrow_contract;
