//! The `paygen` command-line tool: `paygen webhook …`, `paygen payouts …`, `paygen payin-payout …`.
//!
//! A binary crate of its own, so that services depending on the `paygen` library never compile
//! `clap`. Each subcommand lives in its own module; this one only dispatches.

use std::io::Read;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod mock;
mod payin_payout;
mod payouts;
mod webhook;

/// Typed clients, signatures and webhook tools for Cashfree and the Payin & Payout API.
#[derive(Debug, Parser)]
#[command(name = "paygen", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Sign, verify and parse webhook deliveries.
    #[command(subcommand)]
    Webhook(webhook::WebhookCommand),
    /// Cashfree Payouts helpers.
    #[command(subcommand)]
    Payouts(payouts::PayoutsCommand),
    /// Payin & Payout API helpers.
    #[command(subcommand, name = "payin-payout")]
    PayinPayout(payin_payout::PayinPayoutCommand),
    /// Run a stateful local Cashfree (every family, one port) until killed.
    Mock(mock::MockArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Webhook(c) => webhook::run(c),
        Command::Payouts(c) => payouts::run(c),
        Command::PayinPayout(c) => payin_payout::run(c),
        Command::Mock(a) => mock::run(a),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("paygen: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The body from `--body-file F`, or standard input when absent (empty input is an empty body).
pub fn read_body(body_file: Option<&std::path::Path>) -> Result<Vec<u8>, String> {
    match body_file {
        Some(path) => {
            std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
        }
        None => {
            let mut buf = Vec::new();
            std::io::stdin()
                .read_to_end(&mut buf)
                .map_err(|e| format!("cannot read standard input: {e}"))?;
            Ok(buf)
        }
    }
}
