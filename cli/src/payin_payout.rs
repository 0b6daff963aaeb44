//! `paygen payin-payout` subcommands.
//!
//! `paygen payin-payout sign --secret S --method M --path P --timestamp MS [--body-file F]`
//! prints the lowercase hex `Signature` of one Payin & Payout request, to check a rejected
//! request by hand. The body is read from `--body-file`, or from standard input when it is
//! absent; an empty input is an empty body line. Everything is signed exactly as given.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};

/// The `payin-payout` subcommands.
#[derive(Debug, Subcommand)]
pub enum PayinPayoutCommand {
    /// Print the Signature header (lowercase hex HMAC-SHA256 of
    /// METHOD\nPATH\nBODY\nTIMESTAMP\n) for one request.
    ///
    /// Every part is signed exactly as given. The client signs the path without its leading
    /// slash (api/v1/balance), and `{}` as the body line of a call that sends no body (GET
    /// included): pass `{}` as the body to reproduce those.
    Sign(SignArgs),
}

/// Arguments of `paygen payin-payout sign`.
#[derive(Debug, Args)]
pub struct SignArgs {
    /// The Secret Key (signed as its UTF-8 bytes). Visible in `ps`: prefer --secret-stdin or
    /// PAYIN_PAYOUT_SECRET_KEY.
    #[arg(long)]
    secret: Option<String>,
    /// Read the Secret Key from the first line of standard input (the body then needs
    /// --body-file).
    #[arg(long)]
    secret_stdin: bool,
    /// The HTTP method line, e.g. GET or POST.
    #[arg(long)]
    method: String,
    /// The path line, e.g. api/v1/payout/initiate (no leading slash).
    #[arg(long)]
    path: String,
    /// The Timestamp header: milliseconds since the Unix epoch.
    #[arg(long)]
    timestamp: String,
    /// A file holding the exact body bytes; standard input when absent (empty input: empty body).
    #[arg(long)]
    body_file: Option<PathBuf>,
}

/// Runs one subcommand.
pub fn run(command: PayinPayoutCommand) -> Result<ExitCode, String> {
    match command {
        PayinPayoutCommand::Sign(args) => sign(args),
    }
}

fn sign(args: SignArgs) -> Result<ExitCode, String> {
    let timestamp = parse_timestamp(&args.timestamp)?;
    if args.secret_stdin && args.body_file.is_none() {
        return Err(
            "--secret-stdin reads the secret from standard input: pass the body with --body-file"
                .into(),
        );
    }
    // An explicit --secret is signed exactly as given, as it always was (even empty).
    let secret = match args.secret {
        Some(s) => paygen::Secret::new(s),
        None => crate::secrets::resolve(
            None,
            args.secret_stdin,
            &[crate::secrets::PAYIN_PAYOUT_SECRET_VAR],
            "--secret",
        )?,
    };
    let body = crate::read_body(args.body_file.as_deref())?;
    for warning in warnings(&args.method, &args.path, &body) {
        eprintln!("paygen: warning: {warning}");
    }
    println!(
        "{}",
        signature(secret.expose(), &args.method, &args.path, &body, timestamp)?
    );
    Ok(ExitCode::SUCCESS)
}

/// The timestamp as milliseconds: decimal digits only, written as it will be signed (no sign,
/// no leading zeros, no fraction), so what is signed is exactly what was typed.
fn parse_timestamp(text: &str) -> Result<u64, String> {
    let value: u64 = text
        .parse()
        .ok()
        .filter(|_| text.bytes().all(|b| b.is_ascii_digit()))
        .ok_or_else(|| {
            format!("--timestamp `{text}` is not milliseconds since the epoch (digits only)")
        })?;
    if value.to_string() != text {
        return Err(format!(
            "--timestamp `{text}` has leading zeros; write it as {value}"
        ));
    }
    Ok(value)
}

/// Things that are signed as given but that the client would not send.
fn warnings(method: &str, path: &str, body: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    if method != method.to_ascii_uppercase() {
        out.push(format!(
            "the method `{method}` is signed as given; the client signs it upper case"
        ));
    }
    if path.starts_with('/') {
        out.push(format!(
            "the path `{path}` is signed with its leading `/`; the client signs `{}`",
            path.trim_start_matches('/')
        ));
    }
    if body.ends_with(b"\n") {
        out.push("the body ends with a newline, which is signed too; the client sends none".into());
    }
    out
}

fn signature(
    secret: &str,
    method: &str,
    path: &str,
    body: &[u8],
    timestamp: u64,
) -> Result<String, String> {
    Ok(paygen::payin_payout::signing::sign(
        secret, method, path, body, timestamp,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_digits_as_typed() {
        assert_eq!(parse_timestamp("1790431844701"), Ok(1790431844701));
        for bad in ["", "-1", "+1", "1.5", "17e3", "0123", " 1", "abc"] {
            assert!(parse_timestamp(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_timestamp("0"), Ok(0));
    }

    #[test]
    fn warns_about_what_the_client_would_not_sign() {
        assert!(warnings("POST", "api/v1/payout/initiate", b"{}").is_empty());
        assert_eq!(warnings("post", "/api/v1/balance", b"{}\n").len(), 3);
    }
}
