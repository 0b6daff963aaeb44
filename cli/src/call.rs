//! `paygen call OPERATION_ID …`: any operation, by its operationId, through the library's own
//! runtime (`paygen::dynamic::Call`).
//!
//! Exit status: 0 on success (the answer's body on standard output, byte for byte); 1 when
//! nothing was sent (bad arguments, credentials, a request the spec refuses); 3 when the API
//! answered with an error (its body on standard output, the typed error on standard error); 4
//! when there was no usable answer (network, timeout, an outcome that must be looked up); 5
//! when a money-moving create got no clear answer and its `x-status-lookup` found it committed
//! (the looked-up record on standard output). The lookup is the library's own exactly-once
//! step (`paygen::dynamic::Call::send_exactly_once`): the create is never sent twice.

use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use paygen::dynamic::Call;
use paygen::CreateOutcome;
use paygen::Environment;

use crate::secrets::CredentialSource;

/// Exit status when the API answered with an error.
pub const EXIT_API_ERROR: u8 = 3;
/// Exit status when there was no usable answer.
pub const EXIT_NO_ANSWER: u8 = 4;
/// Exit status when a money-moving create got no clear answer and its status lookup found it
/// committed (the looked-up record on standard output).
pub const EXIT_LOOKED_UP: u8 = 5;

/// What `paygen call --help` adds: where credentials come from.
const CREDENTIALS_HELP: &str = "\
Credentials are read from a --credentials file (NAME=value lines, `#` comments; `-` reads \
standard input) and then from the environment:
  PAYGEN_ENVIRONMENT              sandbox, production or a base URL (--env overrides)
  CASHFREE_CLIENT_ID / _SECRET    PG, Flowwise, Collect from India, Global Collections, BBPS
  CASHFREE_PARTNER_API_KEY / CASHFREE_PARTNER_MERCHANT_ID   a platform partner instead
  CASHFREE_PAYOUTS_CLIENT_ID / CASHFREE_PAYOUTS_CLIENT_SECRET   Payouts v1/v2, OneEscrow
                                  (default: CASHFREE_CLIENT_ID / _SECRET)
  CASHFREE_PAYOUTS_PUBLIC_KEY     path of the Payouts public key PEM (sends X-Cf-Signature)
  PAYIN_PAYOUT_ACCESS_KEY / PAYIN_PAYOUT_SECRET_KEY   the Payin & Payout API (needs --env URL)

Exit status: 0 the answer's body on stdout; 1 nothing was sent (bad input, credentials, a \
request the spec refuses); 3 the API answered with an error (its body on stdout, the error on \
stderr); 4 no usable answer (network, timeout), or an outcome that is still unknown after \
looking it up (stderr says which id to look up); 5 a create that moves money (x-moves-money) \
got no clear answer (timeout, 5xx, a dropped connection) and its status lookup \
(x-status-lookup, by the merchant's id from --param or the body) found it committed: the \
looked-up record on stdout; it is never sent twice. A refusal (4xx) means nothing was \
committed: exit 3.";

/// Arguments of `paygen call`.
#[derive(Debug, Args)]
#[command(after_help = CREDENTIALS_HELP)]
pub struct CallArgs {
    /// The operation's operationId (see `paygen ops`), e.g. create_order.
    operation_id: String,
    /// A path or query parameter, as the spec names it: --param order_id=o_1 (repeatable).
    #[arg(long = "param", value_name = "NAME=VALUE")]
    params: Vec<String>,
    /// The JSON body, inline.
    #[arg(long, conflicts_with = "body_file")]
    body: Option<String>,
    /// Read the JSON body from this file (`-`: standard input).
    #[arg(long, value_name = "FILE")]
    body_file: Option<PathBuf>,
    /// sandbox, production, or a base URL (default: PAYGEN_ENVIRONMENT, else sandbox).
    #[arg(long = "env", value_name = "sandbox|production|URL")]
    environment: Option<String>,
    /// x-idempotency-key: makes a create safe to send again.
    #[arg(long, value_name = "K")]
    idempotency_key: Option<String>,
    /// x-request-id (default: a fresh UUID).
    #[arg(long, value_name = "ID")]
    request_id: Option<String>,
    /// Read credentials from this file of NAME=value lines (`-`: standard input) before the
    /// environment; see `paygen call --help`.
    #[arg(long, value_name = "FILE")]
    credentials: Option<PathBuf>,
    /// Print the request that would be sent (credentials masked) instead of sending it.
    #[arg(long)]
    dry_run: bool,
}

/// Runs the call.
pub fn run(args: CallArgs) -> Result<ExitCode, String> {
    let stdin_users = [
        args.body_file.as_deref() == Some(std::path::Path::new("-")),
        args.credentials.as_deref() == Some(std::path::Path::new("-")),
    ];
    if stdin_users.iter().all(|u| *u) {
        return Err(
            "--body-file - and --credentials - both read standard input; give one a file".into(),
        );
    }
    let mut call = Call::new(&args.operation_id);
    for p in &args.params {
        let (name, value) = p.split_once('=').ok_or_else(|| {
            format!("--param `{p}` must be NAME=VALUE (e.g. --param order_id=order_42)")
        })?;
        call = call.param(name, value);
    }
    let body = match (&args.body, &args.body_file) {
        (Some(b), _) => Some(b.clone().into_bytes()),
        (None, Some(path)) if path.as_os_str() == "-" => Some(read_stdin_body()?),
        (None, Some(path)) => {
            Some(std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?)
        }
        (None, None) => None,
    };
    if let Some(body) = body {
        call = call.body(body);
    }
    if let Some(k) = &args.idempotency_key {
        call = call.idempotency_key(k);
    }
    if let Some(id) = &args.request_id {
        call = call.request_id(id);
    }
    let op = match call.operation() {
        Ok(op) => op,
        Err(e) => return Err(e.to_string()),
    };
    let source = CredentialSource::load(args.credentials.as_deref())?;
    let config = source.config(op.family.module, op.spec.auth, args.environment.as_deref())?;
    if op.family.info.base_url_required && !matches!(config.environment(), Environment::Custom(_)) {
        return Err(format!(
            "{} has no public host: pass your provider's base URL with --env https://… (or \
             PAYGEN_ENVIRONMENT)",
            op.family.info.title
        ));
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))?;
    if args.dry_run {
        let dry = runtime
            .block_on(call.dry_run(config))
            .map_err(|e| e.to_string())?;
        print!("{dry}");
        return Ok(ExitCode::SUCCESS);
    }
    match runtime.block_on(call.send_exactly_once(config)) {
        Ok(CreateOutcome::Created(answer)) => {
            write_body(&answer.body);
            Ok(ExitCode::SUCCESS)
        }
        Ok(CreateOutcome::LookedUp(found) | CreateOutcome::AlreadyExists(found)) => {
            eprintln!(
                "paygen: {} got no clear answer; {} found it by the merchant's id: it was \
                 committed (do not send it again). The record as looked up:",
                op.spec.operation_id,
                op.spec.status_lookup.unwrap_or("the status lookup"),
            );
            write_body(&found.body);
            Ok(ExitCode::from(EXIT_LOOKED_UP))
        }
        Err(e) => {
            eprintln!("paygen: {e}");
            let code = match &e {
                paygen::Error::Api(api) => {
                    write_body(&api.raw_body);
                    EXIT_API_ERROR
                }
                paygen::Error::Validation(_) | paygen::Error::Config(_) => 1,
                _ => EXIT_NO_ANSWER,
            };
            Ok(ExitCode::from(code))
        }
    }
}

fn read_stdin_body() -> Result<Vec<u8>, String> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprintln!("paygen: reading the JSON body from standard input; end with Ctrl-D");
    }
    let mut buf = Vec::new();
    stdin
        .lock()
        .read_to_end(&mut buf)
        .map_err(|e| format!("cannot read standard input: {e}"))?;
    Ok(buf)
}

/// The body as received, with a final newline for the terminal when it has none.
fn write_body(body: &[u8]) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(body);
    if !body.is_empty() && !body.ends_with(b"\n") {
        let _ = out.write_all(b"\n");
    }
    let _ = out.flush();
}
