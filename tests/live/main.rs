//! Live sandbox mode: does the SDK agree with Cashfree's real sandbox?
//!
//! ```sh
//! export PAYGEN_LIVE_SANDBOX=1
//! export CASHFREE_CLIENT_ID=TEST...            CASHFREE_CLIENT_SECRET=cfsk_ma_test_...   # PG
//! export CASHFREE_PAYOUTS_CLIENT_ID=...        CASHFREE_PAYOUTS_CLIENT_SECRET=...       # Payouts
//! export CASHFREE_PAYOUTS_PUBLIC_KEY_FILE=payouts_public_key.pem   # when the IP is not whitelisted
//! export CASHFREE_GC_CLIENT_ID=...             CASHFREE_GC_CLIENT_SECRET=...            # Global Collections
//! export PAYIN_PAYOUT_BASE_URL=https://... PAYIN_PAYOUT_ACCESS_KEY=... PAYIN_PAYOUT_SECRET=...
//! cargo test --all-features --test live -- --nocapture
//! ```
//!
//! With the switch and a family's keys set, [`live_sandbox`] runs that family's sandbox-safe
//! calls against the sandbox hosts: PG — create and fetch an order, pay it with the sandbox's
//! UPI test id (`testsuccess@gocash`, whose approval the sandbox simulates), look the payment up
//! until it is `SUCCESS`, refund it and fetch the refund; Payouts v2 — a transfer of INR 1.00 to
//! the test bank account and its status; Payouts v1 — a Cashgram and its status; Global
//! Collections — a token and its check, the collection accounts, a simulated payment into the
//! first one and the last day's transactions; the Payin & Payout API (when its base URL is
//! given) — balance, a payin link and its status. Each call's
//! HTTP status is reported, with every answer field the SDK does not know (in the raw body,
//! `paygen::Response::body_json()`, but not in the typed value re-serialised). The test fails
//! when a call fails; unknown fields are reported, not failures.
//!
//! Without the switch, or without any keys, it says it was skipped and why, and passes. It
//! refuses — fails before sending anything — when production is configured: a production host
//! (any `cashfree.com` host but the sandbox ones), `PAYGEN_ENVIRONMENT=production`, a
//! `cfsk_ma_prod_…` secret, or a PG app id that does not start with `TEST`.
//!
//! Base URLs can be overridden (`PAYGEN_LIVE_PG_URL`, `PAYGEN_LIVE_PAYOUTS_V1_URL`,
//! `PAYGEN_LIVE_PAYOUTS_V2_URL`, `PAYGEN_LIVE_GC_URL`; production hosts are still refused), and [`run`] takes its
//! [`guard::Target`] as a parameter: the self-tests in `selftest.rs` point it at a wiremock
//! stand-in, and at `paygen::mock::MockServer` (feature `mock`), with `Target::one_host(url)`.
#![cfg(all(feature = "pg", feature = "payouts", feature = "payin-payout"))]

mod flows;
mod guard;
mod report;
mod selftest;

use std::io::Write;

use flows::Settings;
use guard::{Refusal, Target};
use report::Report;

/// Runs every family `settings` has keys for against `target`, after refusing production
/// hosts. Production keys were already refused when `settings` was read.
pub async fn run(target: &Target, settings: &Settings) -> Result<Report, Refusal> {
    target.check()?;
    let mut report = Report {
        skipped: settings.skipped.clone(),
        ..Report::default()
    };
    if let Some(keys) = &settings.pg {
        flows::pg(&mut report, target, keys).await;
    }
    if let Some(keys) = &settings.payouts {
        flows::payouts_v2(&mut report, target, keys).await;
        flows::cashgram(&mut report, target, keys).await;
    }
    if let Some(keys) = &settings.global_collections {
        flows::global_collections(&mut report, target, keys).await;
    }
    if let (Some(keys), Some(base_url)) = (&settings.payin_payout, &target.payin_payout) {
        flows::payin_payout(&mut report, base_url, keys).await;
    }
    Ok(report)
}

/// Written straight to the terminal: the test harness would hide a passing test's output.
fn say(text: &str) {
    let _ = writeln!(std::io::stderr(), "{text}");
}

#[tokio::test]
async fn live_sandbox() {
    if std::env::var("PAYGEN_LIVE_SANDBOX").ok().as_deref() != Some("1") {
        say(&format!(
            "live sandbox suite skipped: PAYGEN_LIVE_SANDBOX is not 1 (to run it against \
             Cashfree's sandbox, set it and the sandbox keys; it reads {})",
            flows::VARIABLES.join(", ")
        ));
        return;
    }
    let settings = Settings::from_env().unwrap_or_else(|refusal| panic!("{refusal}"));
    if settings.pg.is_none()
        && settings.payouts.is_none()
        && settings.global_collections.is_none()
        && settings.payin_payout.is_none()
    {
        let why: Vec<String> = settings
            .skipped
            .iter()
            .map(|(family, why)| format!("{family}: {why}"))
            .collect();
        say(&format!(
            "live sandbox suite skipped: no credentials are set ({})",
            why.join("; ")
        ));
        return;
    }
    let report = run(&settings.target(), &settings)
        .await
        .unwrap_or_else(|refusal| panic!("{refusal}"));
    say(&report.to_string());
    let problems = report.problems();
    assert!(
        problems.is_empty(),
        "{} live sandbox call(s) failed or could not be made; see the report above",
        problems.len()
    );
}
