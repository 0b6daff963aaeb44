//! `paygen webhook sign|verify|parse`: Cashfree webhook signatures and payloads from the shell.
//!
//! The body comes from `--body-file F`, or standard input when absent, and is used byte for
//! byte (the signature covers the raw body).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Subcommand;

use crate::read_body;
use crate::secrets::WebhookSecretArgs;
use paygen::webhooks::{identify_body, parse, sign, timestamp_millis, Verifier, WebhookError};
use paygen::Secret;

/// The `webhook` subcommands.
#[derive(Debug, Subcommand)]
pub enum WebhookCommand {
    /// Print the base64 signature (x-webhook-signature) of the body.
    Sign {
        #[command(flatten)]
        secret: WebhookSecretArgs,
        /// The x-webhook-timestamp value.
        #[arg(long)]
        timestamp: String,
        /// Read the body from this file instead of standard input.
        #[arg(long)]
        body_file: Option<PathBuf>,
    },
    /// Exit 0 when the signature is valid (and, with a tolerance, the timestamp is recent).
    /// With --timestamp and --signature: a header-signed webhook (x-webhook-timestamp,
    /// x-webhook-signature). With neither: a Payouts v1 (Cashgram) form body, signed in its
    /// `signature` field.
    Verify {
        #[command(flatten)]
        secret: WebhookSecretArgs,
        /// The x-webhook-timestamp value (omit for a Payouts v1 form body).
        #[arg(long, requires = "signature")]
        timestamp: Option<String>,
        /// The x-webhook-signature value (omit for a Payouts v1 form body).
        #[arg(long, requires = "timestamp")]
        signature: Option<String>,
        /// Also refuse timestamps more than this many seconds from now (header-signed
        /// webhooks only: Payouts v1 forms carry no timestamp).
        #[arg(long)]
        tolerance_secs: Option<u64>,
        /// Read the body from this file instead of standard input.
        #[arg(long)]
        body_file: Option<PathBuf>,
    },
    /// Print {"provider": …, "event": …, "known": …} for a webhook body (JSON, or a form with
    /// --form: Payouts v1 / Cashgram and form-encoded payment-link webhooks).
    Parse {
        /// Read the body from this file instead of standard input.
        #[arg(long)]
        body_file: Option<PathBuf>,
        /// The body is application/x-www-form-urlencoded, not JSON.
        #[arg(long)]
        form: bool,
    },
}

/// Runs one subcommand.
pub fn run(command: WebhookCommand) -> Result<ExitCode, String> {
    match command {
        WebhookCommand::Sign {
            secret,
            timestamp,
            body_file,
        } => {
            let secret = webhook_secret(secret, body_file.as_deref())?;
            // The signature is over the text as given, but a timestamp Cashfree would never
            // send is almost certainly a mistake.
            timestamp_millis(&timestamp).map_err(|e| e.to_string())?;
            let body = read_body(body_file.as_deref())?;
            println!("{}", sign(&secret, &timestamp, &body));
            Ok(ExitCode::SUCCESS)
        }
        WebhookCommand::Verify {
            secret,
            timestamp,
            signature,
            tolerance_secs,
            body_file,
        } => {
            let secret = webhook_secret(secret, body_file.as_deref())?;
            let body = read_body(body_file.as_deref())?;
            let mut verifier = Verifier::new(secret);
            if let Some(secs) = tolerance_secs {
                verifier = verifier.with_tolerance(Duration::from_secs(secs));
            }
            match (timestamp, signature) {
                (Some(timestamp), Some(signature)) => verifier
                    .verify(&timestamp, &body, &signature)
                    .map_err(|e| e.to_string())?,
                _ if tolerance_secs.is_some() => {
                    return Err(
                        "--tolerance-secs needs --timestamp and --signature: a Payouts \
                                v1 (Cashgram) form carries no timestamp"
                            .into(),
                    )
                }
                _ => verifier.verify_form(&body).map_err(|e| match e {
                    WebhookError::MissingSignatureField => {
                        format!("{e}; for a header-signed webhook pass --timestamp and --signature")
                    }
                    other => other.to_string(),
                })?,
            }
            Ok(ExitCode::SUCCESS)
        }
        WebhookCommand::Parse { body_file, form } => {
            let body = read_body(body_file.as_deref())?;
            // The shell has no content type: JSON unless --form says the body is form data.
            let content_type = if form {
                "application/x-www-form-urlencoded"
            } else {
                "application/json"
            };
            let id = identify_body(&body, Some(content_type)).map_err(|e| match e {
                WebhookError::BodyNotJson(reason) => format!("body is not valid JSON: {reason}"),
                other => other.to_string(),
            })?;
            let line = serde_json::json!({
                "provider": id.provider.as_str(),
                "event": id.event,
                "known": id.known,
            });
            println!("{line}");
            if id.known {
                if let Err(e) = parse(&body, Some(content_type)) {
                    eprintln!("paygen: warning: {e}");
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The secret from `--secret`, `--secret-stdin` or the environment. Standard input carries
/// either the secret or the body, never both.
fn webhook_secret(
    secret: WebhookSecretArgs,
    body_file: Option<&std::path::Path>,
) -> Result<Secret, String> {
    if secret.secret_stdin && body_file.is_none() {
        return Err(
            "--secret-stdin reads the secret from standard input: pass the body with --body-file"
                .into(),
        );
    }
    secret.resolve()
}
