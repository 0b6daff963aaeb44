//! `paygen trigger EVENT`: one documented webhook, freshly signed as Cashfree signs it, sent to
//! a receiver (or printed). With `--mock URL` (or `PAYGEN_MOCK_URL`) the running mock makes it
//! from its own state instead ([`crate::mock_trigger`]).
//!
//! The payloads are `paygen::webhooks::samples`: every event type `paygen::webhooks` parses.
//! The delivery carries `x-webhook-signature` (base64 HMAC-SHA256 of `x-webhook-timestamp` +
//! body, keyed with the client secret, or the partner API key for Global Collections),
//! `x-webhook-timestamp` (now), `x-webhook-version`, `x-webhook-attempt: 1` and a fresh
//! `x-idempotency-key`. Payin & Payout deliveries are unsigned, as documented.

use std::process::ExitCode;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use clap::Args;
use paygen::webhooks::samples::{self, Sample};
use paygen::webhooks::SigningKey;

use crate::call::{EXIT_API_ERROR, EXIT_NO_ANSWER};
use crate::secrets::{self, PARTNER_KEY_VAR};

/// Arguments of `paygen trigger`.
#[derive(Debug, Args)]
pub struct TriggerArgs {
    /// The event, as `paygen trigger --list` prints it (e.g. PAYMENT_SUCCESS_WEBHOOK).
    #[arg(required_unless_present = "list")]
    event: Option<String>,
    /// List every event, one per line, and exit.
    #[arg(long)]
    list: bool,
    /// POST the delivery to this URL; without it the delivery is printed (headers, blank line,
    /// body).
    #[arg(long, value_name = "URL")]
    forward_to: Option<String>,
    #[command(flatten)]
    secret: secrets::WebhookSecretArgs,
    /// The partner API key that signs Global Collections events (default:
    /// CASHFREE_PARTNER_API_KEY; without one they are signed with the secret).
    #[arg(long, value_name = "KEY")]
    partner_api_key: Option<String>,
    /// The payload version, for events documented in several (2025-01-01, 2023-08-01).
    #[arg(long = "payload-version", value_name = "V")]
    payload_version: Option<String>,
    /// Ask the paygen mock running at this URL (default: PAYGEN_MOCK_URL) to make the state
    /// change that produces EVENT (an order paid, a dispute opened, a link paid…): the mock's
    /// own webhooks deliver it, signed with the mock's secret, to its --forward-to URLs and to
    /// this command's --forward-to URL. Prints what was created and each delivery's result.
    #[arg(long, value_name = "URL")]
    mock: Option<String>,
    /// With --mock: how long to wait for the deliveries, in seconds.
    #[arg(long, value_name = "N", default_value_t = crate::mock_trigger::DEFAULT_WAIT_SECS, requires = "mock")]
    wait_secs: u64,
    /// A variant: the payment method of PAYMENT_SUCCESS_WEBHOOK (card, netbanking, upi, app,
    /// bank_transfer, cardless_emi, credit_card_emi, debit_card_emi, pay_later,
    /// vba_transfer), or `form` for PAYMENT_LINK_EVENT as form data.
    #[arg(long, value_name = "NAME")]
    variant: Option<String>,
}

/// Runs the command.
pub fn run(args: TriggerArgs) -> Result<ExitCode, String> {
    if args.list {
        for event in samples::events() {
            println!("{event}");
        }
        return Ok(ExitCode::SUCCESS);
    }
    let event = args.event.as_deref().unwrap_or_default();
    let mock = args.mock.clone().or_else(|| {
        std::env::var(crate::mock_trigger::MOCK_URL_VAR)
            .ok()
            .filter(|v| !v.is_empty())
    });
    if let Some(mock) = mock {
        let standalone_only = [
            ("--secret", args.secret.secret.is_some()),
            ("--secret-stdin", args.secret.secret_stdin),
            ("--partner-api-key", args.partner_api_key.is_some()),
            ("--payload-version", args.payload_version.is_some()),
            ("--variant", args.variant.is_some()),
        ];
        if let Some((flag, _)) = standalone_only.iter().find(|(_, given)| *given) {
            return Err(format!(
                "{flag} is for a standalone sample; against a mock (--mock or {}) the mock signs \
                 with its own secret and each endpoint's payload version: drop {flag}, or unset \
                 {} to send the sample",
                crate::mock_trigger::MOCK_URL_VAR,
                crate::mock_trigger::MOCK_URL_VAR
            ));
        }
        return crate::mock_trigger::run(crate::mock_trigger::MockTrigger {
            mock,
            event: event.to_string(),
            forward_to: args.forward_to,
            wait: Duration::from_secs(args.wait_secs),
        });
    }
    let sample = choose(
        event,
        args.payload_version.as_deref(),
        args.variant.as_deref(),
    )?;
    // The same rule as `paygen listen`: Global Collections events are signed with the partner
    // API key when one is given, every other signed event (and those, without one) with the
    // secret.
    let partner = match sample.signing_key() {
        Some(SigningKey::PartnerApiKey) => secrets::resolve_optional(
            args.partner_api_key,
            false,
            &[PARTNER_KEY_VAR],
            "--partner-api-key",
        )?,
        _ => None,
    };
    let secret = match (sample.signing_key(), partner) {
        (None, _) => None,
        (Some(_), Some(partner)) => Some(partner),
        (Some(_), None) => Some(args.secret.resolve()?),
    };
    let timestamp = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0)
        .to_string();
    let delivery = sample.delivery(secret.as_ref(), &timestamp, 1, &samples::idempotency_key());
    let Some(url) = args.forward_to else {
        for (name, value) in &delivery.headers {
            println!("{name}: {}", value.to_str().unwrap_or_default());
        }
        println!();
        println!("{}", String::from_utf8_lossy(&delivery.body));
        return Ok(ExitCode::SUCCESS);
    };
    let url = reqwest::Url::parse(&url).map_err(|e| format!("--forward-to `{url}`: {e}"))?;
    let http = paygen::tls::http_client(Duration::from_secs(30)).map_err(|e| e.to_string())?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))?;
    let started = Instant::now();
    let sent = runtime.block_on(async {
        let response = http
            .post(url.clone())
            .headers(delivery.headers.clone())
            .body(delivery.body.clone())
            .send()
            .await?;
        let status = response.status();
        // Only a little of the receiver's answer is shown; never read an unbounded body.
        let mut shown = Vec::new();
        let mut response = response;
        while let Some(chunk) = response.chunk().await? {
            shown.extend_from_slice(&chunk);
            if shown.len() >= 512 {
                shown.truncate(512);
                break;
            }
        }
        Ok::<_, reqwest::Error>((status, shown))
    });
    let elapsed = started.elapsed().as_millis();
    match sent {
        Ok((status, _)) if status.is_success() => {
            println!(
                "delivered {} to {url}: HTTP {} in {elapsed} ms",
                sample.event,
                status.as_u16()
            );
            Ok(ExitCode::SUCCESS)
        }
        Ok((status, body)) => {
            eprintln!(
                "paygen: {url} answered {} HTTP {} in {elapsed} ms: {}; Cashfree would retry \
                 this delivery",
                sample.event,
                status.as_u16(),
                crate::listen::printable(String::from_utf8_lossy(&body).trim())
            );
            Ok(ExitCode::from(EXIT_API_ERROR))
        }
        Err(e) => {
            eprintln!(
                "paygen: {} could not be delivered to {url}: {}; is the receiver running?",
                sample.event,
                paygen::runtime::describe_reqwest_error(&e)
            );
            Ok(ExitCode::from(EXIT_NO_ANSWER))
        }
    }
}

fn choose(
    event: &str,
    version: Option<&str>,
    variant: Option<&str>,
) -> Result<&'static Sample, String> {
    let matching: Vec<&'static Sample> = samples::all()
        .iter()
        .filter(|s| s.event.eq_ignore_ascii_case(event))
        .collect();
    if matching.is_empty() {
        return Err(format!(
            "unknown event `{event}`; `paygen trigger --list` prints every event"
        ));
    }
    matching
        .iter()
        .copied()
        .find(|s| version.is_none_or(|v| s.version == Some(v)) && s.variant == variant)
        .ok_or_else(|| {
            let choices: Vec<String> = matching
                .iter()
                .map(|s| {
                    let mut c = String::new();
                    if let Some(v) = s.version {
                        c.push_str(&format!("--payload-version {v}"));
                    }
                    if let Some(v) = s.variant {
                        c.push_str(&format!(" --variant {v}"));
                    }
                    c.trim().to_string()
                })
                .collect();
            format!(
                "{event} has no sample for that version or variant; there are: {}",
                choices.join("; ")
            )
        })
}
