//! The `paygen` command-line tool: `paygen ops|call|trigger|listen|webhook|payouts|payin-payout …`.
//!
//! A binary crate of its own, so that services depending on the `paygen` library never compile
//! `clap`. Each subcommand lives in its own module; this one only dispatches.

use std::io::{IsTerminal, Read};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod call;
mod listen;
mod mock;
mod mock_trigger;
mod ops;
mod payin_payout;
mod payouts;
mod secrets;
mod trigger;
mod webhook;

/// Typed clients, signatures and webhook tools for Cashfree and the Payin & Payout API.
#[derive(Debug, Parser)]
#[command(
    name = "paygen",
    version,
    about,
    long_about = "paygen: call any Cashfree (or Payin & Payout) API operation from the spec, \
                  send and watch signed webhooks, and compute the signatures the APIs check.\n\
                  Secrets come from the environment, a credentials file or standard input, so \
                  they never have to appear in `ps` or shell history.",
    after_help = EXAMPLES
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

const EXAMPLES: &str = "\
Examples:
  paygen ops pg                                   list operations (family, id, method, path, moves money)
  paygen call get_order --param order_id=o_1      call any operation (credentials from CASHFREE_CLIENT_ID/SECRET)
  paygen call create_order --body-file o.json --idempotency-key o_1 --dry-run
                                                  show the exact request, secrets masked
  paygen trigger --list                           every webhook event there is a sample of
  paygen trigger PAYMENT_SUCCESS_WEBHOOK --forward-to http://127.0.0.1:8765/webhooks
                                                  send one, signed with PAYGEN_WEBHOOK_SECRET
  paygen trigger PAYMENT_SUCCESS_WEBHOOK --mock http://127.0.0.1:PORT
                                                  a running mock pays an order: its own webhooks deliver it
  paygen listen --port 8765                       receive, verify and print deliveries
  paygen webhook verify --timestamp T --signature SIG --body-file body.json
  paygen payouts signature --client-id ID --public-key public.pem
  paygen payin-payout sign --method GET --path api/v1/balance --timestamp MS --body-file empty.json

Exit status: 0 success; 1 bad input or nothing sent; 3 the API (or receiver) answered with an \
error; 4 no usable answer; 5 (paygen call) a money-moving create had no clear answer and its \
status lookup found it committed.";

#[derive(Debug, Subcommand)]
enum Command {
    /// List every operation of every spec: paygen ops [FAMILY].
    Ops(ops::OpsArgs),
    /// Call any operation by its operationId: paygen call get_order --param order_id=o_1.
    Call(call::CallArgs),
    /// Send one documented webhook, freshly signed: paygen trigger EVENT --forward-to URL.
    Trigger(trigger::TriggerArgs),
    /// Receive, verify and print webhook deliveries: paygen listen --port 8765.
    Listen(listen::ListenArgs),
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
    // Before any thread exists (the servers build their async runtime inside `run`).
    on_closed_pipe(match cli.command {
        Command::Mock(_) | Command::Listen(_) => ClosedPipe::KeepServing,
        _ => ClosedPipe::Exit,
    });
    let result = match cli.command {
        Command::Ops(a) => ops::run(a),
        Command::Call(a) => call::run(a),
        Command::Trigger(a) => trigger::run(a),
        Command::Listen(a) => listen::run(a),
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
            if std::io::stdin().is_terminal() {
                eprintln!(
                    "paygen: reading the body from standard input; end with Ctrl-D (or pass --body-file F)"
                );
            }
            std::io::stdin()
                .read_to_end(&mut buf)
                .map_err(|e| format!("cannot read standard input: {e}"))?;
            Ok(buf)
        }
    }
}

/// What a command does when the reader of its standard output goes away.
#[derive(Clone, Copy)]
enum ClosedPipe {
    /// A command that prints and ends (`paygen ops | head`): end the process as other
    /// command-line tools do (the default SIGPIPE action) instead of panicking in `println!`.
    Exit,
    /// A server (`paygen mock`, `paygen listen`): its output is a log; a reader that stops
    /// (`paygen mock | head -3`) must not take down the mock a test suite is calling. Writes
    /// to the closed pipe fail with EPIPE, which these commands ignore.
    KeepServing,
}

/// Sets SIGPIPE's disposition for the command. Call first in `main`, before any thread exists.
fn on_closed_pipe(what: ClosedPipe) {
    #[cfg(unix)]
    // SAFETY: called before any other thread exists; SIG_DFL and SIG_IGN are valid dispositions
    // for SIGPIPE.
    unsafe {
        libc::signal(
            libc::SIGPIPE,
            match what {
                ClosedPipe::Exit => libc::SIG_DFL,
                ClosedPipe::KeepServing => libc::SIG_IGN,
            },
        );
    }
    #[cfg(not(unix))]
    let _ = what;
}
