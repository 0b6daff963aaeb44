//! `paygen payouts` subcommands.
//!
//! `paygen payouts signature --client-id ID --public-key FILE [--timestamp SECS]` prints the
//! base64 `X-Cf-Signature` for a Payouts client id: RSA-OAEP (SHA-1, MGF1-SHA-1) of
//! `ID.SECS` with the account's public key, at the current time unless `--timestamp` is given.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;

/// The `payouts` subcommands.
#[derive(Debug, Subcommand)]
pub enum PayoutsCommand {
    /// Print the X-Cf-Signature header value for a client id (for a server whose IP is not
    /// whitelisted).
    Signature {
        /// The Payouts client id (the one sent as X-Client-Id).
        #[arg(long = "client-id", value_name = "ID")]
        client_id: String,
        /// The account's Payouts public key, a PEM file.
        #[arg(long = "public-key", value_name = "FILE")]
        public_key: PathBuf,
        /// Unix time in whole seconds to sign; the current time when absent.
        #[arg(long, value_name = "SECS")]
        timestamp: Option<u64>,
    },
}

/// Runs one subcommand.
pub fn run(command: PayoutsCommand) -> Result<ExitCode, String> {
    match command {
        PayoutsCommand::Signature {
            client_id,
            public_key,
            timestamp,
        } => {
            let signature = signature(&client_id, &public_key, timestamp)?;
            println!("{signature}");
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn signature(
    client_id: &str,
    public_key: &std::path::Path,
    timestamp: Option<u64>,
) -> Result<String, String> {
    let key = paygen::payouts::PayoutPublicKey::from_pem_file(public_key)
        .map_err(|e| e.message().to_string())?;
    let result = match timestamp {
        Some(secs) => key.sign(client_id, secs),
        None => key.sign_now(client_id),
    };
    result.map_err(|e| e.message().to_string())
}
