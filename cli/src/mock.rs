//! `paygen mock`: the stateful local Cashfree ([`paygen::mock`]) as a standalone server.
//!
//! ```text
//! paygen mock [--host 127.0.0.1] [--port N] [--client-id ID --client-secret SECRET] [--forward-to URL]...
//! ```
//!
//! The first line printed is `paygen mock listening on http://HOST:PORT`; then one line per
//! family with its base URL, then the TEST public key for `X-Cf-Signature`. It serves until
//! killed. The credentials default to `CASHFREE_CLIENT_ID` / `CASHFREE_CLIENT_SECRET` when set,
//! else to the test pair `TEST_MOCK_APP_ID` / `TEST_MOCK_SECRET_KEY`.

use std::process::ExitCode;

/// One line of the banner on standard output; a reader that went away (`paygen mock | head`)
/// does not stop the mock (see `ClosedPipe::KeepServing` in `main.rs`).
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, $($arg)*).and_then(|()| out.flush());
    }};
}

use clap::Args;
use paygen::mock::{auth, MockCredentials, MockOptions, MockServer};

/// `paygen mock` arguments.
#[derive(Debug, Args)]
pub struct MockArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// App id the mock accepts (default: $CASHFREE_CLIENT_ID, else TEST_MOCK_APP_ID).
    #[arg(long = "client-id", value_name = "ID", requires = "client_secret")]
    client_id: Option<String>,
    /// Secret the mock accepts (default: $CASHFREE_CLIENT_SECRET, else TEST_MOCK_SECRET_KEY).
    /// Prefer the environment variable: arguments are visible to other users in `ps`.
    #[arg(long = "client-secret", value_name = "SECRET", requires = "client_id")]
    client_secret: Option<String>,
    /// Where webhooks are delivered (repeatable).
    #[arg(long = "forward-to", value_name = "URL")]
    forward_to: Vec<String>,
}

fn credentials(args: &MockArgs) -> MockCredentials {
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let id = args
        .client_id
        .clone()
        .or_else(|| env("CASHFREE_CLIENT_ID"))
        .unwrap_or_else(|| auth::DEFAULT_CLIENT_ID.to_string());
    let secret = args
        .client_secret
        .clone()
        .or_else(|| env("CASHFREE_CLIENT_SECRET"))
        .unwrap_or_else(|| auth::DEFAULT_CLIENT_SECRET.to_string());
    MockCredentials::new(id, secret)
}

/// Runs the server until the process is killed.
pub fn run(args: MockArgs) -> Result<ExitCode, String> {
    let mut options = MockOptions::default()
        .with_host(args.host.clone())
        .with_port(args.port)
        .with_credentials(credentials(&args));
    options.forward_to = args.forward_to.clone();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))?;
    runtime.block_on(async move {
        let server = MockServer::start_with(options)
            .await
            .map_err(|e| e.to_string())?;
        say!("paygen mock listening on {}", server.url());
        for (_, title, url) in server.families() {
            say!("  {title}: {url}");
        }
        say!(
            "  client id: {} (the secret is the one given, never printed)",
            server.options().credentials.client_id
        );
        for url in server.forward_to() {
            say!("  webhooks to: {url}");
        }
        say!("  X-Cf-Signature TEST public key (Config::with_payout_public_key_pem):");
        for line in server.payout_public_key_pem().lines() {
            say!("    {line}");
        }
        std::future::pending::<()>().await;
        Ok(ExitCode::SUCCESS)
    })
}
