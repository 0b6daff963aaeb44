//! PG: contract tests on the wire (wiremock), snapshots, properties, the runtime, tracing, discrepancies.
//!
//! One test binary for the suite (each file below is a module), so the workspace links a few
//! binaries instead of one per file.

#[path = "../common/mod.rs"]
mod common;

mod amount_scale;
mod discrepancies_pg;
mod error_kinds;
mod pg_attempt_headers;
mod pg_call_urls;
mod pg_contract_customers;
mod pg_contract_disputes;
mod pg_contract_eligibility;
mod pg_contract_links;
mod pg_contract_offers;
mod pg_contract_orders;
mod pg_contract_payments;
mod pg_contract_refunds;
mod pg_contract_settlements;
mod pg_contract_simulation;
mod pg_contract_token_vault;
mod pg_properties;
mod pg_runtime;
mod pg_snapshots;
mod tracing_spans;
