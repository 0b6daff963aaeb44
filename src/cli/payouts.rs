//! `paygen payouts` subcommands.

use std::process::ExitCode;

use clap::Subcommand;

/// The `payouts` subcommands.
#[derive(Debug, Subcommand)]
pub enum PayoutsCommand {}

/// Runs one subcommand.
pub fn run(command: PayoutsCommand) -> Result<ExitCode, String> {
    match command {}
}
