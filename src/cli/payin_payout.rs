//! `paygen payin_payout` subcommands.

use std::process::ExitCode;

use clap::Subcommand;

/// The `payin_payout` subcommands.
#[derive(Debug, Subcommand)]
pub enum PayinPayoutCommand {}

/// Runs one subcommand.
pub fn run(command: PayinPayoutCommand) -> Result<ExitCode, String> {
    match command {}
}
