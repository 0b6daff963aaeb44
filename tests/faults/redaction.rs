//! Redaction: no secret or key material in `Debug`, `Display` or TRACE-level logs.
//!
//! Every public type that holds a secret or a key is formatted with recognisable secrets, so
//! is every error the flows below return, and the TRACE log of those whole flows (paygen's
//! spans and events, and every dependency's) is searched for the same secrets.

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use paygen::{Config, Credentials, Environment, RetryConfig, Secret};
use rsa::pkcs8::{EncodePrivateKey, EncodePublicKey, LineEnding};

use crate::server::{start, Fault, TOKEN};

const MERCHANT_SECRET: &str = "cfsk_ma_REDACT_merchant_0001";
const PARTNER_KEY: &str = "partner_REDACT_apikey_0002";
const HMAC_SECRET: &str = "hmac_REDACT_signing_0003";

/// Every secret, and a recognisable slice of each key's PEM body.
fn secrets(keys: &[&str]) -> Vec<String> {
    let mut all: Vec<String> = [MERCHANT_SECRET, PARTNER_KEY, HMAC_SECRET, TOKEN]
        .iter()
        .map(|s| s.to_string())
        .collect();
    for pem in keys {
        // The longest base64 line of the body: present only if the key itself leaked.
        let line = pem
            .lines()
            .filter(|l| !l.starts_with("-----"))
            .max_by_key(|l| l.len())
            .unwrap_or_default();
        all.push(line.to_string());
    }
    all
}

fn assert_clean(what: &str, text: &str, secrets: &[String]) {
    for s in secrets {
        assert!(
            !text.contains(s.as_str()),
            "{what} shows a secret ({s}):\n{text}"
        );
    }
}

fn config(url: &str, credentials: Credentials) -> Config {
    Config::new(Environment::custom(url), credentials)
        .with_timeout(Duration::from_millis(400))
        .with_retry(
            RetryConfig::default().with_backoff(Duration::from_millis(1), Duration::from_millis(2)),
        )
}

/// A `MakeWriter` that keeps everything logged.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Captured {
        self.clone()
    }
}

#[tokio::test(flavor = "current_thread")]
async fn no_secret_reaches_debug_display_or_trace_logs() {
    let private = rsa::RsaPrivateKey::new(&mut rsa::rand_core::OsRng, 1024).unwrap();
    let public_pem = private
        .to_public_key()
        .to_public_key_pem(LineEnding::LF)
        .unwrap();
    let private_pem = private.to_pkcs8_pem(LineEnding::LF).unwrap().to_string();
    let secrets = secrets(&[&public_pem, &private_pem]);

    let logs = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(logs.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let mut shown: Vec<(String, String)> = Vec::new();
    let mut show = |what: &str, debug: String, display: Option<String>| {
        shown.push((format!("{what} (Debug)"), debug));
        if let Some(d) = display {
            shown.push((format!("{what} (Display)"), d));
        }
    };

    // Configuration and credential types.
    let secret = Secret::new(MERCHANT_SECRET);
    show("Secret", format!("{secret:?}"), Some(secret.to_string()));
    for credentials in [
        Credentials::merchant("TEST_APP_ID", MERCHANT_SECRET),
        Credentials::partner(PARTNER_KEY, "merchant-7"),
        Credentials::hmac("ACCESS_KEY", HMAC_SECRET),
    ] {
        show("Credentials", format!("{credentials:?}"), None);
        let c = Config::new(Environment::Sandbox, credentials);
        show("Config", format!("{c:?}"), None);
    }
    let keyed = config(
        "http://127.0.0.1:9",
        Credentials::merchant("TEST_APP_ID", MERCHANT_SECRET),
    )
    .with_payout_public_key_pem(&public_pem)
    .unwrap();
    show("Config with a public key", format!("{keyed:?}"), None);
    let refused = config("http://127.0.0.1:9", Credentials::None)
        .with_payout_public_key_pem(&private_pem)
        .unwrap_err();
    show(
        "private key refused",
        format!("{refused:?}"),
        Some(refused.to_string()),
    );
    let key = paygen::payouts::PayoutPublicKey::from_pem(&public_pem).unwrap();
    show("PayoutPublicKey", format!("{key:?}"), None);
    let token = paygen::oneescrow::BearerToken::from_unix_expiry(TOKEN, 4_102_444_800);
    show("BearerToken", format!("{token:?}"), None);
    let hmac_auth = paygen::payin_payout::HmacAuth::new();
    show("HmacAuth", format!("{hmac_auth:?}"), None);

    // Whole flows against the stand-in, with every client and error formatted.
    for fault in [Fault::Unavailable, Fault::ResetMidBody, Fault::WrongShape] {
        let server = start(fault).await;
        let merchant = || {
            config(
                &server.url,
                Credentials::merchant("TEST_APP_ID", MERCHANT_SECRET),
            )
        };
        let partner = || config(&server.url, Credentials::partner(PARTNER_KEY, "merchant-7"));

        let pg = paygen::pg::Client::from_config(partner()).unwrap();
        show("pg::Client", format!("{pg:?}"), None);
        let e = pg.get_order().order_id("o-1").send().await.unwrap_err();
        show("pg error", format!("{e:?}"), Some(e.to_string()));

        let v1 = paygen::payouts_v1::Client::from_config(
            merchant().with_payout_public_key_pem(&public_pem).unwrap(),
        )
        .unwrap();
        show("payouts_v1::Client", format!("{v1:?}"), None);
        let e = v1
            .get_cashgram_status()
            .cashgram_id("cg-1")
            .send()
            .await
            .unwrap_err();
        show("payouts_v1 error", format!("{e:?}"), Some(e.to_string()));

        let v2 = paygen::payouts_v2::Client::from_config(
            merchant().with_payout_public_key_pem(&public_pem).unwrap(),
        )
        .unwrap();
        let e = v2
            .get_transfer_status()
            .transfer_id("t-1")
            .send()
            .await
            .unwrap_err();
        show("payouts_v2 error", format!("{e:?}"), Some(e.to_string()));

        let gc =
            paygen::global_collections::Client::from_config_with_bearer_on_every_call(partner())
                .unwrap();
        show("global_collections::Client", format!("{gc:?}"), None);
        let e = gc.gc_get_collection_accounts().send().await.unwrap_err();
        show(
            "global_collections error",
            format!("{e:?}"),
            Some(e.to_string()),
        );

        let escrow = paygen::oneescrow::Client::from_config(merchant()).unwrap();
        let e = escrow
            .escrow_get_fund_source()
            .payment_instrument_id("pi-1")
            .send()
            .await
            .unwrap_err();
        show("oneescrow error", format!("{e:?}"), Some(e.to_string()));

        let payin = paygen::payin_payout::Client::from_config(config(
            &server.url,
            Credentials::hmac("ACCESS_KEY", HMAC_SECRET),
        ))
        .unwrap();
        show("payin_payout::Client", format!("{payin:?}"), None);
        let e = payin.get_balance().send().await.unwrap_err();
        show("payin_payout error", format!("{e:?}"), Some(e.to_string()));
    }

    for (what, text) in &shown {
        assert_clean(what, text, &secrets);
    }
    let log = String::from_utf8_lossy(&logs.0.lock().unwrap()).to_string();
    assert!(
        log.contains("paygen.call"),
        "the TRACE log has paygen's spans:\n{log}"
    );
    assert!(log.len() > 1_000, "the TRACE log captured the flows");
    assert_clean("the TRACE log", &log, &secrets);
}
