//! `paygen listen`: a local webhook receiver that verifies and prints every delivery.
//!
//! Listens on loopback only. Each POST (any path) is identified with
//! `paygen::webhooks::identify_body`, verified with `paygen::webhooks::Verifier` (the partner
//! API key for Global Collections when one is given, else the secret), and printed as one line:
//!
//! ```text
//! PAYMENT_SUCCESS_WEBHOOK cashfree-pg id=n9rn70…= attempt=1 verified
//! payin.succeeded payin-payout id=- attempt=- unsigned (the Payin & Payout API documents no signature)
//! DISPUTE_CREATED cashfree-disputes id=… attempt=1 NOT VERIFIED: the signature does not match …
//! ```
//!
//! Every delivery is answered `200` (this is a tool for watching, not a gate).

use std::net::{Ipv4Addr, SocketAddr};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, Method, StatusCode};
use clap::Args;
use paygen::webhooks::{identify_body, DeliveryHeaders, Provider, SigningKey, Verifier};

use crate::secrets::{self, PARTNER_KEY_VAR};

/// The largest delivery accepted (the documents' samples are a few KB).
const MAX_BODY: usize = 1024 * 1024;

/// Arguments of `paygen listen`.
#[derive(Debug, Args)]
pub struct ListenArgs {
    /// The port on 127.0.0.1 (0: any free port; the first line printed says which).
    #[arg(long, default_value_t = 8765)]
    port: u16,
    #[command(flatten)]
    secret: secrets::WebhookSecretArgs,
    /// The partner API key, for Global Collections partner webhooks (default:
    /// CASHFREE_PARTNER_API_KEY; without one they are checked with the secret).
    #[arg(long, value_name = "KEY")]
    partner_api_key: Option<String>,
    /// Refuse timestamps more than this many seconds from now (0: no limit).
    #[arg(long, default_value_t = 300)]
    tolerance_secs: u64,
}

struct Keys {
    secret: Verifier,
    partner: Option<Verifier>,
}

/// Runs the receiver until the process is stopped.
pub fn run(args: ListenArgs) -> Result<ExitCode, String> {
    let secret = args.secret.resolve()?;
    let partner = secrets::resolve_optional(
        args.partner_api_key,
        false,
        &[PARTNER_KEY_VAR],
        "--partner-api-key",
    )?;
    let with_tolerance = |v: Verifier| {
        if args.tolerance_secs == 0 {
            v
        } else {
            v.with_tolerance(Duration::from_secs(args.tolerance_secs))
        }
    };
    let keys = Arc::new(Keys {
        secret: with_tolerance(Verifier::new(secret)),
        partner: partner.map(|p| with_tolerance(Verifier::new(p))),
    });
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))?;
    runtime.block_on(async move {
        let address = SocketAddr::from((Ipv4Addr::LOCALHOST, args.port));
        let listener = tokio::net::TcpListener::bind(address)
            .await
            .map_err(|e| format!("cannot listen on {address}: {e}"))?;
        let bound = listener
            .local_addr()
            .map_err(|e| format!("cannot read the bound address: {e}"))?;
        say(&format!("paygen listen on http://{bound}"));
        say(&format!(
            "forward deliveries here, e.g. paygen trigger PAYMENT_SUCCESS_WEBHOOK --forward-to http://{bound}/webhooks"
        ));
        let app = axum::Router::new()
            .fallback(receive)
            .layer(DefaultBodyLimit::max(MAX_BODY))
            .with_state(keys);
        axum::serve(listener, app)
            .await
            .map_err(|e| format!("the receiver stopped: {e}"))?;
        Ok(ExitCode::SUCCESS)
    })
}

async fn receive(
    State(keys): State<Arc<Keys>>,
    method: Method,
    headers: HeaderMap,
    body: Bytes,
) -> (StatusCode, &'static str) {
    if method != Method::POST {
        return (
            StatusCode::OK,
            "paygen listen: POST webhook deliveries here\n",
        );
    }
    say(&describe(&keys, &headers, &body));
    (StatusCode::OK, "OK")
}

/// The line printed for one delivery.
fn describe(keys: &Keys, headers: &HeaderMap, body: &[u8]) -> String {
    let delivery = DeliveryHeaders::from_headers(headers);
    let content_type = headers
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    let (event, provider) = match identify_body(body, content_type) {
        Ok(id) if !id.event.is_empty() => (printable(&id.event), id.provider),
        Ok(id) => ("(no event)".to_string(), id.provider),
        Err(e) => (format!("(unreadable body: {e})"), Provider::Unknown),
    };
    let (id, attempt) = match &delivery {
        Ok(d) => (
            d.idempotency_key.clone().unwrap_or_else(|| "-".into()),
            d.attempt.map_or_else(|| "-".into(), |a| a.to_string()),
        ),
        Err(_) => ("-".into(), "-".into()),
    };
    let outcome = match (&delivery, provider.signing_key()) {
        (Err(e), _) => format!("NOT VERIFIED: {e}"),
        (Ok(_), None) if provider == Provider::PayinPayout => {
            "unsigned (the Payin & Payout API documents no signature; confirm with get_payin_status / get_payout_status)".to_string()
        }
        (Ok(d), key) => {
            let verifier = match (key, &keys.partner) {
                (Some(SigningKey::PartnerApiKey), Some(partner)) => partner,
                _ => &keys.secret,
            };
            match verifier.verify_delivery(d, body) {
                Ok(()) => "verified".to_string(),
                Err(e) => format!("NOT VERIFIED: {e}"),
            }
        }
    };
    format!(
        "{event} {} id={id} attempt={attempt} {outcome}",
        provider.as_str()
    )
}

/// One line on standard output, flushed; a closed stdout (`| head`) is not an error here.
fn say(line: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}").and_then(|()| out.flush());
}

/// Text from the network, safe to print on one line: control characters replaced, at most
/// 100 characters.
pub(crate) fn printable(text: &str) -> String {
    text.chars()
        .take(100)
        .map(|c| if c.is_control() { '?' } else { c })
        .collect()
}
