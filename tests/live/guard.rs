//! Where the live suite sends requests, and what it refuses: a production host or a production
//! key stops the run before anything is sent.
//!
//! Cashfree's hosts are recognisable: the sandbox is `sandbox.cashfree.com` (PG, Payouts v2,
//! Global Collections) and `payout-gamma.cashfree.com` (Payouts v1); every other `cashfree.com`
//! host (`api.cashfree.com`, `payout-api.cashfree.com`, …) is taken for production. Its keys are
//! too: PG secret keys are `cfsk_ma_test_…` in the sandbox and `cfsk_ma_prod_…` in production,
//! and sandbox PG app ids start with `TEST`.

use std::fmt;
use std::time::Duration;

use paygen::Environment;

/// The Cashfree hosts the suite accepts: the sandbox ones.
pub const SANDBOX_HOSTS: [&str; 3] = [
    "sandbox.cashfree.com",
    "payout-gamma.cashfree.com",
    "test.cashfree.com",
];

/// Why a run was refused before anything was sent. Names the variable or host, never a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal(pub String);

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "live sandbox run refused: {}", self.0)
    }
}

/// Where each family's requests go. [`Target::sandbox`] is Cashfree's sandbox; a self-test or a
/// local stand-in uses [`Target::one_host`] (or sets the fields): the target is a parameter of
/// [`crate::run`], so pointing the suite elsewhere is one line.
#[derive(Debug, Clone)]
pub struct Target {
    /// Payment Gateway (`/pg` paths).
    pub pg: Environment,
    /// Payouts v1 (Cashgram; its paths start with `/payout/v1`).
    pub payouts_v1: Environment,
    /// Payouts v2 (transfers; paths relative to `/payout`).
    pub payouts_v2: Environment,
    /// Global Collections (`/gc` paths on the bare host).
    pub global_collections: Environment,
    /// The Payin & Payout API: no Cashfree host, so only when a base URL is given.
    pub payin_payout: Option<String>,
    /// How many times, and how far apart, a payment is looked up until the sandbox settles it.
    pub payment_polls: (u32, Duration),
}

impl Target {
    /// Cashfree's sandbox hosts, as the specs document them.
    pub fn sandbox() -> Target {
        Target {
            pg: Environment::Sandbox,
            payouts_v1: Environment::Sandbox,
            payouts_v2: Environment::Sandbox,
            global_collections: Environment::Sandbox,
            payin_payout: None,
            payment_polls: (10, Duration::from_secs(3)),
        }
    }

    /// Every family under one base URL, laid out as Cashfree's hosts are: `{base}/pg`,
    /// `{base}` (Payouts v1's paths carry `/payout/v1`, Global Collections' `/gc`),
    /// `{base}/payout`, and the Payin & Payout API at `{base}/payin-payout`. Payments are looked
    /// up without waiting.
    pub fn one_host(base: &str) -> Target {
        let base = base.trim_end_matches('/');
        Target {
            pg: Environment::custom(format!("{base}/pg")),
            payouts_v1: Environment::custom(base),
            payouts_v2: Environment::custom(format!("{base}/payout")),
            global_collections: Environment::custom(base),
            payin_payout: Some(format!("{base}/payin-payout")),
            payment_polls: (3, Duration::from_millis(10)),
        }
    }

    /// Refuses a production environment or host for any family.
    pub fn check(&self) -> Result<(), Refusal> {
        check_environment("pg", &self.pg)?;
        check_environment("payouts v1", &self.payouts_v1)?;
        check_environment("payouts v2", &self.payouts_v2)?;
        check_environment("global collections", &self.global_collections)?;
        if let Some(url) = &self.payin_payout {
            check_url("payin-payout", url)?;
        }
        Ok(())
    }
}

/// `Production` is refused; a custom URL is checked by [`check_url`].
pub fn check_environment(family: &str, environment: &Environment) -> Result<(), Refusal> {
    match environment {
        Environment::Sandbox => Ok(()),
        Environment::Production => Err(Refusal(format!(
            "{family} is configured for production; the live suite only talks to the sandbox"
        ))),
        Environment::Custom(url) => check_url(family, url),
    }
}

/// A base URL must be http(s); a `cashfree.com` host must be one of [`SANDBOX_HOSTS`]. Other
/// hosts (a local stand-in, a proxy, a merchant-specific Payin & Payout host) are accepted.
pub fn check_url(family: &str, url: &str) -> Result<(), Refusal> {
    let parsed = reqwest::Url::parse(url)
        .map_err(|e| Refusal(format!("{family}: base URL `{url}` is not a URL ({e})")))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(Refusal(format!(
            "{family}: base URL `{url}` is not http or https"
        )));
    }
    let host = parsed.host_str().unwrap_or_default().to_ascii_lowercase();
    let host = host.trim_end_matches('.');
    let cashfree = host == "cashfree.com" || host.ends_with(".cashfree.com");
    if cashfree && !SANDBOX_HOSTS.contains(&host) {
        return Err(Refusal(format!(
            "{family}: {host} is a Cashfree production host; use {} (or a local stand-in)",
            SANDBOX_HOSTS.join(" or ")
        )));
    }
    Ok(())
}

/// A secret key with Cashfree's production prefix is refused; the message names the variable,
/// not the value.
pub fn check_secret(variable: &str, value: &str) -> Result<(), Refusal> {
    if value
        .trim()
        .to_ascii_lowercase()
        .starts_with("cfsk_ma_prod")
    {
        return Err(Refusal(format!(
            "{variable} holds a production secret key (cfsk_ma_prod_…); use the test key \
             (cfsk_ma_test_…) from the sandbox dashboard"
        )));
    }
    Ok(())
}

/// Sandbox PG app ids start with `TEST`; any other is taken for a production app id.
pub fn check_pg_client_id(variable: &str, value: &str) -> Result<(), Refusal> {
    if !value.trim().starts_with("TEST") {
        return Err(Refusal(format!(
            "{variable} does not start with TEST, so it is taken for a production app id; use \
             the sandbox dashboard's app id"
        )));
    }
    Ok(())
}

/// `PAYGEN_ENVIRONMENT` (read by `Config::from_env`) must be unset, `sandbox` or `test`: the
/// live suite chooses its hosts itself and will not run with production configured.
pub fn check_paygen_environment(value: Option<&str>) -> Result<(), Refusal> {
    match value.map(|v| v.trim().to_ascii_lowercase()) {
        None => Ok(()),
        Some(v) if v.is_empty() || v == "sandbox" || v == "test" => Ok(()),
        Some(v) => Err(Refusal(format!(
            "PAYGEN_ENVIRONMENT is `{v}`; unset it or set it to sandbox for a live sandbox run"
        ))),
    }
}
