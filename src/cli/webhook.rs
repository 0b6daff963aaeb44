//! `paygen webhook` subcommands.

use std::process::ExitCode;

use clap::Subcommand;

/// The `webhook` subcommands.
#[derive(Debug, Subcommand)]
pub enum WebhookCommand {}

/// Runs one subcommand.
pub fn run(command: WebhookCommand) -> Result<ExitCode, String> {
    match command {}
}
