//! The calls a live run makes, family by family: only calls that are safe in the sandbox (test
//! instruments, test beneficiaries, INR 1.00), each recorded in the [`Report`].

use std::time::Duration;

use paygen::{Amount, Config, Credentials, Environment, RetryConfig};

use crate::guard::{self, Refusal, Target};
use crate::report::Report;

/// The UPI id Cashfree's sandbox pays successfully (a simulated customer approval).
pub const TEST_UPI_ID: &str = "testsuccess@gocash";
/// The test bank account and IFSC used for payouts when none is configured (the pair Cashfree's
/// documentation uses in its sandbox samples).
pub const TEST_BANK_ACCOUNT: (&str, &str) = ("026291800001191", "YESB0000262");

/// Merchant keys of one product (Cashfree issues separate keys per product).
#[derive(Clone)]
pub struct Keys {
    pub client_id: String,
    pub client_secret: String,
}

/// The Payouts keys, the public key for accounts without a whitelisted IP, and the test
/// beneficiary's bank account.
#[derive(Clone)]
pub struct PayoutKeys {
    pub keys: Keys,
    pub public_key_pem: Option<String>,
    pub bank_account: String,
    pub ifsc: String,
}

/// The Payin & Payout API's signing keys and its merchant-specific base URL.
#[derive(Clone)]
pub struct PayinPayoutKeys {
    pub base_url: String,
    pub access_key: String,
    pub secret: String,
    pub user_id: String,
}

/// What a run may use, read from the environment ([`Settings::from_lookup`]).
#[derive(Clone, Default)]
pub struct Settings {
    /// `PAYGEN_LIVE_SANDBOX` is `1`.
    pub enabled: bool,
    pub pg: Option<Keys>,
    pub payouts: Option<PayoutKeys>,
    /// Global Collections keys (a product of their own).
    pub global_collections: Option<Keys>,
    pub payin_payout: Option<PayinPayoutKeys>,
    /// Base URL overrides (`PAYGEN_LIVE_PG_URL`, `PAYGEN_LIVE_PAYOUTS_V1_URL`,
    /// `PAYGEN_LIVE_PAYOUTS_V2_URL`), still checked against production hosts.
    pub pg_url: Option<String>,
    pub payouts_v1_url: Option<String>,
    pub payouts_v2_url: Option<String>,
    /// `PAYGEN_LIVE_GC_URL`.
    pub global_collections_url: Option<String>,
    /// `PAYGEN_ENVIRONMENT`, which must not name production.
    pub paygen_environment: Option<String>,
    /// Families left out, and which variables would bring them in.
    pub skipped: Vec<(&'static str, String)>,
}

/// The variables the live suite reads.
pub const VARIABLES: &[&str] = &[
    "PAYGEN_LIVE_SANDBOX",
    "CASHFREE_CLIENT_ID",
    "CASHFREE_CLIENT_SECRET",
    "CASHFREE_PAYOUTS_CLIENT_ID",
    "CASHFREE_PAYOUTS_CLIENT_SECRET",
    "CASHFREE_PAYOUTS_PUBLIC_KEY_FILE",
    "CASHFREE_PAYOUTS_TEST_BANK_ACCOUNT",
    "CASHFREE_PAYOUTS_TEST_IFSC",
    "CASHFREE_GC_CLIENT_ID",
    "CASHFREE_GC_CLIENT_SECRET",
    "PAYIN_PAYOUT_BASE_URL",
    "PAYIN_PAYOUT_ACCESS_KEY",
    "PAYIN_PAYOUT_SECRET",
    "PAYIN_PAYOUT_USER_ID",
    "PAYGEN_LIVE_PG_URL",
    "PAYGEN_LIVE_PAYOUTS_V1_URL",
    "PAYGEN_LIVE_PAYOUTS_V2_URL",
    "PAYGEN_LIVE_GC_URL",
    "PAYGEN_ENVIRONMENT",
];

impl Settings {
    /// Reads the process environment.
    pub fn from_env() -> Result<Settings, Refusal> {
        Settings::from_lookup(|k| std::env::var(k).ok())
    }

    /// Reads the variables through `var` (empty values count as unset). Refuses production
    /// keys and `PAYGEN_ENVIRONMENT=production` here, before any client exists.
    pub fn from_lookup(var: impl Fn(&str) -> Option<String>) -> Result<Settings, Refusal> {
        let var = |k: &str| {
            var(k)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let mut s = Settings {
            enabled: var("PAYGEN_LIVE_SANDBOX").as_deref() == Some("1"),
            pg_url: var("PAYGEN_LIVE_PG_URL"),
            payouts_v1_url: var("PAYGEN_LIVE_PAYOUTS_V1_URL"),
            payouts_v2_url: var("PAYGEN_LIVE_PAYOUTS_V2_URL"),
            global_collections_url: var("PAYGEN_LIVE_GC_URL"),
            paygen_environment: var("PAYGEN_ENVIRONMENT"),
            ..Settings::default()
        };
        guard::check_paygen_environment(s.paygen_environment.as_deref())?;

        match (var("CASHFREE_CLIENT_ID"), var("CASHFREE_CLIENT_SECRET")) {
            (Some(client_id), Some(client_secret)) => {
                guard::check_pg_client_id("CASHFREE_CLIENT_ID", &client_id)?;
                guard::check_secret("CASHFREE_CLIENT_SECRET", &client_secret)?;
                s.pg = Some(Keys {
                    client_id,
                    client_secret,
                });
            }
            _ => s.skipped.push((
                "pg",
                "set CASHFREE_CLIENT_ID and CASHFREE_CLIENT_SECRET (the sandbox PG keys)".into(),
            )),
        }

        match (
            var("CASHFREE_PAYOUTS_CLIENT_ID"),
            var("CASHFREE_PAYOUTS_CLIENT_SECRET"),
        ) {
            (Some(client_id), Some(client_secret)) => {
                guard::check_secret("CASHFREE_PAYOUTS_CLIENT_SECRET", &client_secret)?;
                let public_key_pem = match var("CASHFREE_PAYOUTS_PUBLIC_KEY_FILE") {
                    Some(path) => Some(std::fs::read_to_string(&path).map_err(|e| {
                        Refusal(format!(
                            "CASHFREE_PAYOUTS_PUBLIC_KEY_FILE names {path}, which cannot be read ({e})"
                        ))
                    })?),
                    None => None,
                };
                s.payouts = Some(PayoutKeys {
                    keys: Keys {
                        client_id,
                        client_secret,
                    },
                    public_key_pem,
                    bank_account: var("CASHFREE_PAYOUTS_TEST_BANK_ACCOUNT")
                        .unwrap_or_else(|| TEST_BANK_ACCOUNT.0.into()),
                    ifsc: var("CASHFREE_PAYOUTS_TEST_IFSC")
                        .unwrap_or_else(|| TEST_BANK_ACCOUNT.1.into()),
                });
            }
            _ => s.skipped.push((
                "payouts",
                "set CASHFREE_PAYOUTS_CLIENT_ID and CASHFREE_PAYOUTS_CLIENT_SECRET (the sandbox \
                 Payouts keys; CASHFREE_PAYOUTS_PUBLIC_KEY_FILE too when the IP is not whitelisted)"
                    .into(),
            )),
        }

        match (
            var("CASHFREE_GC_CLIENT_ID"),
            var("CASHFREE_GC_CLIENT_SECRET"),
        ) {
            (Some(client_id), Some(client_secret)) => {
                guard::check_secret("CASHFREE_GC_CLIENT_SECRET", &client_secret)?;
                s.global_collections = Some(Keys {
                    client_id,
                    client_secret,
                });
            }
            _ => s.skipped.push((
                "global collections",
                "set CASHFREE_GC_CLIENT_ID and CASHFREE_GC_CLIENT_SECRET (the sandbox Global \
                 Collections keys)"
                    .into(),
            )),
        }

        match (
            var("PAYIN_PAYOUT_BASE_URL"),
            var("PAYIN_PAYOUT_ACCESS_KEY"),
            var("PAYIN_PAYOUT_SECRET"),
        ) {
            (Some(base_url), Some(access_key), Some(secret)) => {
                guard::check_url("payin-payout", &base_url)?;
                s.payin_payout = Some(PayinPayoutKeys {
                    base_url,
                    access_key,
                    secret,
                    user_id: var("PAYIN_PAYOUT_USER_ID").unwrap_or_else(|| "paygen_live".into()),
                });
            }
            _ => s.skipped.push((
                "payin-payout",
                "set PAYIN_PAYOUT_BASE_URL (your provider's test host), PAYIN_PAYOUT_ACCESS_KEY \
                 and PAYIN_PAYOUT_SECRET"
                    .into(),
            )),
        }
        Ok(s)
    }

    /// The target: Cashfree's sandbox, with any base URL overrides applied.
    pub fn target(&self) -> Target {
        let mut t = Target::sandbox();
        if let Some(u) = &self.pg_url {
            t.pg = Environment::custom(u.as_str());
        }
        if let Some(u) = &self.payouts_v1_url {
            t.payouts_v1 = Environment::custom(u.as_str());
        }
        if let Some(u) = &self.payouts_v2_url {
            t.payouts_v2 = Environment::custom(u.as_str());
        }
        if let Some(u) = &self.global_collections_url {
            t.global_collections = Environment::custom(u.as_str());
        }
        t.payin_payout = self.payin_payout.as_ref().map(|p| p.base_url.clone());
        t
    }
}

/// A unique, valid merchant id (letters, digits, `_`; 24 characters).
pub fn unique(prefix: &str) -> String {
    let id = uuid::Uuid::new_v4().simple().to_string();
    format!("{prefix}_{}", &id[..24 - prefix.len() - 1])
}

fn config(environment: &Environment, credentials: Credentials) -> Config {
    // Money-moving calls are never re-sent by the SDK; reads get the default retries.
    Config::new(environment.clone(), credentials)
        .with_timeout(Duration::from_secs(30))
        .with_retry(RetryConfig::default())
}

/// Create an order, fetch it, pay it with the sandbox's UPI test id, look the payment up until
/// the sandbox has settled it, then refund it in full and fetch the refund.
pub async fn pg(report: &mut Report, target: &Target, keys: &Keys) {
    use paygen::pg::{enums::PaymentStatus, types, Client};
    const F: &str = "pg";
    let client = match Client::from_config(config(
        &target.pg,
        Credentials::merchant(&keys.client_id, keys.client_secret.as_str()),
    )) {
        Ok(c) => c,
        Err(e) => return report.not_made(F, "create_order", &e.to_string()),
    };
    let amount: Amount = "1.00".parse().expect("a valid amount");
    let order_id = unique("paygen_live");

    let created = report
        .record(
            F,
            "create_order",
            client
                .create_order()
                .x_idempotency_key(order_id.clone())
                .body(
                    types::CreateOrderRequest::builder()
                        .order_id(Some(order_id.clone()))
                        .order_amount(amount)
                        .order_currency("INR")
                        .customer_details(
                            types::CustomerDetails::builder()
                                .customer_id("paygen_live_customer")
                                .customer_phone("9999999999"),
                        ),
                )
                .send(),
        )
        .await;
    if created.is_none() {
        for op in [
            "get_order",
            "pay_order",
            "get_payments_for_order",
            "create_refund",
        ] {
            report.not_made(F, op, "create_order failed");
        }
        return;
    }
    let fetched = report
        .record(
            F,
            "get_order",
            client.get_order().order_id(&order_id).send(),
        )
        .await;
    let session = fetched
        .as_ref()
        .and_then(|o| o.payment_session_id.clone())
        .or_else(|| created.as_ref().and_then(|o| o.payment_session_id.clone()));
    let Some(session) = session else {
        for op in ["pay_order", "get_payments_for_order", "create_refund"] {
            report.not_made(F, op, "the order has no payment_session_id");
        }
        return;
    };

    let payment_method = serde_json::from_value(serde_json::json!({
        "upi": {"channel": "collect", "upi_id": TEST_UPI_ID}
    }))
    .expect("a documented payment method");
    let paid = report
        .record(
            F,
            "pay_order",
            client
                .pay_order()
                .body(types::PayOrderRequest {
                    payment_session_id: session,
                    payment_method,
                    save_instrument: None,
                    offer_id: None,
                })
                .send(),
        )
        .await;
    if paid.is_none() {
        for op in ["get_payments_for_order", "create_refund"] {
            report.not_made(F, op, "pay_order failed");
        }
        return;
    }

    // The test UPI id makes the sandbox simulate the customer's approval; wait for it.
    let (attempts, interval) = target.payment_polls;
    let mut succeeded = false;
    for attempt in 0..attempts.max(1) {
        if attempt > 0 {
            tokio::time::sleep(interval).await;
        }
        // Only the last look-up is kept in the report, so it lists each call once.
        let mut scratch = Report::default();
        let payments = scratch
            .record(
                F,
                "get_payments_for_order",
                client.get_payments_for_order().order_id(&order_id).send(),
            )
            .await;
        succeeded = payments.as_ref().is_some_and(|list| {
            list.iter()
                .any(|p| p.payment_status == Some(PaymentStatus::Success))
        });
        if succeeded || attempt + 1 == attempts.max(1) || payments.is_none() {
            report.calls.extend(scratch.calls);
            break;
        }
    }
    if !succeeded {
        return report.not_made(
            F,
            "create_refund",
            "the payment did not reach SUCCESS in the sandbox",
        );
    }

    let refund_id = unique("paygen_refund");
    let refunded = report
        .record(
            F,
            "create_refund",
            client
                .create_refund()
                .order_id(&order_id)
                .x_idempotency_key(refund_id.clone())
                .body(
                    types::OrderCreateRefundRequest::builder()
                        .refund_amount(amount)
                        .refund_id(refund_id.clone())
                        .refund_note(Some("paygen live sandbox".to_string())),
                )
                .send(),
        )
        .await;
    if refunded.is_some() {
        report
            .record(
                F,
                "get_refund",
                client
                    .get_refund()
                    .order_id(&order_id)
                    .refund_id(&refund_id)
                    .send(),
            )
            .await;
    }
}

/// The Payouts config; a public key that does not parse is refused here, before any call.
fn payout_config(environment: &Environment, keys: &PayoutKeys) -> Result<Config, paygen::Error> {
    let c = config(
        environment,
        Credentials::merchant(&keys.keys.client_id, keys.keys.client_secret.as_str()),
    );
    match &keys.public_key_pem {
        Some(pem) => Ok(c.with_payout_public_key_pem(pem.as_str())?),
        None => Ok(c),
    }
}

/// A Payouts v2 transfer of INR 1.00 to the test bank account, and its status.
pub async fn payouts_v2(report: &mut Report, target: &Target, keys: &PayoutKeys) {
    use paygen::payouts_v2::{types, Client};
    const F: &str = "payouts v2";
    let client = match payout_config(&target.payouts_v2, keys).and_then(Client::from_config) {
        Ok(c) => c,
        Err(e) => return report.not_made(F, "create_transfer", &e.to_string()),
    };
    let transfer_id = unique("paygen_live");
    let sent = report
        .record(
            F,
            "create_transfer",
            client
                .create_transfer()
                .body(
                    types::CreateTransferRequest::builder()
                        .transfer_id(transfer_id.clone())
                        .transfer_amount("1.00".parse::<Amount>().expect("a valid amount"))
                        .transfer_remarks(Some("paygen live sandbox".to_string()))
                        .beneficiary_details(
                            types::TransferBeneficiaryDetails::builder()
                                .beneficiary_name(Some("paygen live test".to_string()))
                                .beneficiary_instrument_details(Some(
                                    types::TransferInstrumentDetails::builder()
                                        .bank_account_number(Some(keys.bank_account.clone()))
                                        .bank_ifsc(Some(keys.ifsc.clone()))
                                        .try_into()
                                        .expect("a complete instrument"),
                                )),
                        ),
                )
                .send(),
        )
        .await;
    // Looked up whatever the create said: a lost answer is exactly when the status matters.
    let _ = sent;
    report
        .record(
            F,
            "get_transfer_status",
            client
                .get_transfer_status()
                .transfer_id(&transfer_id)
                .send(),
        )
        .await;
}

/// A Cashgram of INR 1.00 to a test recipient (link valid for 7 days, no notification), and
/// its status.
pub async fn cashgram(report: &mut Report, target: &Target, keys: &PayoutKeys) {
    use paygen::payouts_v1::{types, Client, NaiveDate, NewCashgram};
    const F: &str = "payouts v1";
    let client = match payout_config(&target.payouts_v1, keys).and_then(Client::from_config) {
        Ok(c) => c,
        Err(e) => return report.not_made(F, "create_cashgram", &e.to_string()),
    };
    let cashgram_id = unique("paygen_live");
    let expiry: NaiveDate = (chrono::Utc::now() + chrono::Duration::days(7)).date_naive();
    let cashgram = NewCashgram::new(
        cashgram_id.clone(),
        "1.00".parse().expect("a valid amount"),
        "paygen live test",
        "9999999999",
        expiry,
    )
    .remarks("paygen live sandbox")
    .notify_customer(false);
    report
        .record(
            F,
            "create_cashgram",
            client
                .create_cashgram()
                .body(types::CreateCashgramRequest::from(cashgram))
                .send(),
        )
        .await;
    report
        .record(
            F,
            "get_cashgram_status",
            client
                .get_cashgram_status()
                .cashgram_id(&cashgram_id)
                .send(),
        )
        .await;
}

/// Global Collections: a token and its check, the collection accounts, a simulated approved
/// payment of 1.00 into the first account (sandbox-only), and the transactions of the last day.
pub async fn global_collections(report: &mut Report, target: &Target, keys: &Keys) {
    use paygen::global_collections::{enums, types, Client};
    const F: &str = "global collections";
    let client = match Client::from_config(config(
        &target.global_collections,
        Credentials::merchant(&keys.client_id, keys.client_secret.as_str()),
    )) {
        Ok(c) => c,
        Err(e) => return report.not_made(F, "gc_authorize", &e.to_string()),
    };
    report
        .record(F, "gc_authorize", client.gc_authorize().send())
        .await;
    report
        .record(F, "gc_verify_token", client.gc_verify_token().send())
        .await;
    let accounts = report
        .record(
            F,
            "gc_get_collection_accounts",
            client.gc_get_collection_accounts().page(0).send(),
        )
        .await;
    let first = accounts.as_ref().and_then(|a| {
        a.data
            .as_ref()?
            .v_accounts
            .as_ref()?
            .iter()
            .find_map(|va| Some((va.account_number.clone()?, va.currency.clone()?)))
    });
    match first {
        Some((account, currency)) => {
            report
                .record(
                    F,
                    "gc_simulate_transaction",
                    client
                        .gc_simulate_transaction()
                        .body(
                            types::GcSimulateTransactionRequest::builder()
                                .v_account_number(account)
                                .amount("1.00".parse::<Amount>().expect("a valid amount"))
                                .currency(currency)
                                .funding_actions(enums::GcFundingAction::Approve)
                                .remitter_account_number(Some("1223456789".to_string())),
                        )
                        .send(),
                )
                .await;
        }
        None => report.not_made(
            F,
            "gc_simulate_transaction",
            "no collection account with a number and currency to fund",
        ),
    }
    let today = chrono::Utc::now().date_naive();
    let day = |d: chrono::NaiveDate| d.format("%Y%m%d").to_string();
    report
        .record(
            F,
            "gc_get_transactions",
            client
                .gc_get_transactions()
                .start_date(day(today - chrono::Duration::days(1)))
                .end_date(day(today + chrono::Duration::days(1)))
                .max_return(50)
                .send(),
        )
        .await;
}

/// The Payin & Payout API's calls that move no money: balance, a payin link, its status.
pub async fn payin_payout(report: &mut Report, base_url: &str, keys: &PayinPayoutKeys) {
    use paygen::payin_payout::{enums, types, Client};
    const F: &str = "payin-payout";
    let client = match Client::from_config(config(
        &Environment::custom(base_url),
        Credentials::hmac(&keys.access_key, keys.secret.as_str()),
    )) {
        Ok(c) => c,
        Err(e) => return report.not_made(F, "get_balance", &e.to_string()),
    };
    report
        .record(F, "get_balance", client.get_balance().send())
        .await;
    let order_id = unique("paygen_live");
    let link = report
        .record(
            F,
            "create_payin_link",
            client
                .create_payin_link()
                .body(
                    types::PayinLinkRequest::builder()
                        .user_id(keys.user_id.clone())
                        .order_id(order_id.clone())
                        .amount(Amount::from(1_i64))
                        .method(enums::PayinMethod::Upi)
                        .redirect_url("https://example.com/paygen-live"),
                )
                .send(),
        )
        .await;
    if link.is_none() {
        return report.not_made(F, "get_payin_status", "create_payin_link failed");
    }
    report
        .record(
            F,
            "get_payin_status",
            client
                .get_payin_status()
                .body(types::PayinStatusRequest::builder().order_id(order_id))
                .send(),
        )
        .await;
}
