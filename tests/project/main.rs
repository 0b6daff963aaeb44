//! Rules that hold for the whole crate: TLS verified, no telemetry, no float money, open enums from the specs.
//!
//! One test binary for the suite (each file below is a module), so the workspace links a few
//! binaries instead of one per file.

#[path = "../common/mod.rs"]
mod common;

mod lock_choices;
mod policy;
mod spec_enums;
