//! Global Collections on the mock: every operation through `paygen::global_collections` —
//! tokens for merchants and partners that expire by the mock's clock, the collection
//! accounts, simulated payments that appear in the transactions list, and invoices that may
//! not add up to more than the transaction.

use std::time::Duration;

use paygen::global_collections::{enums, types, Client};
use paygen::mock::auth::{DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_PARTNER_API_KEY};
use paygen::mock::{Family, MockServer};
use paygen::{Amount, Config, Credentials, Environment};

fn client(mock: &MockServer) -> Client {
    Client::from_config(mock.config_for(Family::GlobalCollections)).unwrap()
}

fn partner(mock: &MockServer) -> Client {
    Client::from_config(Config::new(
        Environment::custom(mock.base_url(Family::GlobalCollections)),
        Credentials::partner(DEFAULT_PARTNER_API_KEY, "merchant-7"),
    ))
    .unwrap()
}

fn simulation(
    account: &str,
    amount: &str,
    currency: &str,
    action: enums::GcFundingAction,
) -> types::builder::GcSimulateTransactionRequest {
    types::GcSimulateTransactionRequest::builder()
        .v_account_number(account)
        .amount(amount.parse::<Amount>().unwrap())
        .currency(currency)
        .funding_actions(action)
}

/// Today in IST, as the Get Transactions dates are read.
fn ist_today() -> String {
    (chrono::Utc::now() + chrono::Duration::minutes(330))
        .format("%Y%m%d")
        .to_string()
}

fn ops(mock: &MockServer, id: &str) -> usize {
    mock.requests()
        .iter()
        .filter(|r| r.operation_id == Some(id))
        .count()
}

#[tokio::test]
async fn a_token_is_issued_verified_and_refused_once_the_clock_passes_its_expiry() {
    let mock = MockServer::start().await.unwrap();
    for c in [client(&mock), partner(&mock)] {
        let token = c.gc_authorize().send().await.unwrap().into_inner();
        let data = token.data.unwrap();
        let expiry = data.expiry.unwrap();
        assert!(expiry > chrono::Utc::now().timestamp() + 250, "{expiry}");
        let ok = c.gc_verify_token().send().await.unwrap();
        assert_eq!(ok.message.as_deref(), Some("Token is valid"));
    }
    // The issued token itself stops working when the clock passes its expiry.
    let raw = super::framework::http();
    let token = client(&mock)
        .gc_authorize()
        .send()
        .await
        .unwrap()
        .into_inner()
        .data
        .unwrap()
        .token
        .unwrap();
    let verify = |t: String| {
        raw.get(format!(
            "{}/gc/token/verify",
            mock.base_url(Family::GlobalCollections)
        ))
        .header("authorization", format!("Bearer {t}"))
        .header("x-api-version", "2025-01-01")
        .send()
    };
    assert_eq!(verify(token.clone()).await.unwrap().status(), 200);
    mock.clock().advance(Duration::from_secs(301));
    let refused = verify(token).await.unwrap();
    assert_eq!(refused.status(), 403);
    let body: serde_json::Value = refused.json().await.unwrap();
    assert_eq!(body["message"], "Token is not valid");
    // The client, whose cached token has expired too, is refused, renews it, and asks again.
    let c = client(&mock);
    c.gc_verify_token().send().await.unwrap();
    let before = ops(&mock, "gc_authorize");
    mock.clock().advance(Duration::from_secs(301));
    c.gc_verify_token().send().await.unwrap();
    assert!(
        ops(&mock, "gc_authorize") > before,
        "a new token was fetched"
    );
}

#[tokio::test]
async fn wrong_partner_credentials_are_refused() {
    let mock = MockServer::start().await.unwrap();
    let c = Client::from_config(Config::new(
        Environment::custom(mock.base_url(Family::GlobalCollections)),
        Credentials::partner("not-the-key", "merchant-7"),
    ))
    .unwrap();
    let err = c.gc_get_collection_accounts().send().await.unwrap_err();
    let api = err.as_api().expect("an API error");
    assert_eq!(
        (api.status, api.code.as_deref()),
        (403, Some("403")),
        "{err}"
    );
    assert!(api.message.contains("x-partner-apikey"), "{}", api.message);
    assert!(mock.requests().iter().all(|r| r.status == 403));
    let ok = Client::from_config(Config::new(
        Environment::custom(mock.base_url(Family::GlobalCollections)),
        Credentials::merchant(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET),
    ))
    .unwrap();
    ok.gc_get_collection_accounts().send().await.unwrap();
}

#[tokio::test]
async fn the_collection_accounts_are_listed_a_page_at_a_time() {
    let mock = MockServer::start().await.unwrap();
    let c = partner(&mock);
    let first = c.gc_get_collection_accounts().send().await.unwrap();
    let accounts = first.body_json().unwrap()["data"]["vAccounts"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(
        accounts.len(),
        paygen::mock::state::global_collections::ACCOUNTS.len()
    );
    assert!(accounts
        .iter()
        .any(|a| a["currency"] == "GBP" && a["accountNumber"] == "GB38TCCL12345687997836"));
    let next = c.gc_get_collection_accounts().page(1).send().await.unwrap();
    assert_eq!(
        next.body_json().unwrap()["data"]["vAccounts"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
}

#[tokio::test]
async fn a_simulated_payment_appears_in_the_transactions_list() {
    let mock = MockServer::start().await.unwrap();
    let c = client(&mock);
    let today = ist_today();
    let list = |after: Option<i64>| {
        let mut call = c
            .gc_get_transactions()
            .start_date(&today)
            .end_date(&today)
            .max_return(1);
        if let Some(id) = after {
            call = call.last_return_id(id);
        }
        call.send()
    };
    let empty = list(None).await.unwrap();
    assert_eq!(
        empty.body_json().unwrap()["data"]["payments"]
            .as_array()
            .unwrap()
            .len(),
        0
    );

    let mut events = mock.events();
    let done = c
        .gc_simulate_transaction()
        .body(simulation(
            "GB38TCCL12345687997836",
            "4.50",
            "GBP",
            enums::GcFundingAction::Approve,
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(done.status.as_deref(), Some("SUCCESS"));
    c.gc_simulate_transaction()
        .body(simulation(
            "8310012345001",
            "20.00",
            "USD",
            enums::GcFundingAction::Reject,
        ))
        .send()
        .await
        .unwrap();

    let collected = events.try_recv().unwrap();
    assert_eq!(collected.event_type, "INTERNATIONAL_PAYMENT_COLLECTED");
    assert!(
        collected.data.contains(r#""amount":"4.50""#),
        "{}",
        collected.data
    );
    assert_eq!(
        events.try_recv().unwrap().event_type,
        "INTERNATIONAL_PAYMENT_BLOCKED"
    );
    let page = list(None).await.unwrap();
    let txns = page.body_json().unwrap()["data"]["payments"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(txns.len(), 1, "maxReturn 1");
    assert_eq!(txns[0]["amount"], "4.50");
    assert_eq!(txns[0]["status"], "COMPLETED");
    assert_eq!(txns[0]["vAccountNumber"], "GB38TCCL12345687997836");
    let last = page.body_json().unwrap()["data"]["lastReturnId"]
        .as_i64()
        .unwrap();
    let page = list(Some(last)).await.unwrap();
    let txns = page.body_json().unwrap()["data"]["payments"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(txns[0]["status"], "BLOCKED");
    assert_eq!(txns[0]["currency"], "USD");
    // Another day's window holds neither.
    let old = c
        .gc_get_transactions()
        .start_date("20200101")
        .end_date("2020-01-31 23:59:59")
        .max_return(200)
        .send()
        .await
        .unwrap();
    assert_eq!(
        old.body_json().unwrap()["data"]["payments"]
            .as_array()
            .unwrap()
            .len(),
        0
    );

    let unknown = c
        .gc_simulate_transaction()
        .body(simulation(
            "NOPE",
            "1",
            "GBP",
            enums::GcFundingAction::Approve,
        ))
        .send()
        .await
        .unwrap_err();
    assert_eq!(unknown.as_api().unwrap().status, 404);
    let wrong_currency = c
        .gc_simulate_transaction()
        .body(simulation(
            "GB38TCCL12345687997836",
            "1",
            "USD",
            enums::GcFundingAction::Approve,
        ))
        .send()
        .await
        .unwrap_err();
    assert_eq!(wrong_currency.as_api().unwrap().status, 422);
}

#[tokio::test]
async fn invoices_are_added_until_they_cover_the_transaction_and_never_beyond() {
    let mock = MockServer::start().await.unwrap();
    let c = client(&mock);
    c.gc_simulate_transaction()
        .body(simulation(
            "DE89370400440532013000",
            "100.00",
            "EUR",
            enums::GcFundingAction::Approve,
        ))
        .send()
        .await
        .unwrap();
    let today = ist_today();
    let page = c
        .gc_get_transactions()
        .start_date(&today)
        .end_date(&today)
        .max_return(10)
        .send()
        .await
        .unwrap();
    let reference = page.body_json().unwrap()["data"]["payments"][0]["referenceId"]
        .as_u64()
        .unwrap();
    let invoice = |number: &str, amount: &str| {
        c.gc_add_transaction_details()
            .reference_id(reference)
            .body(
                types::GcInvoiceDetailsRequest::builder()
                    .invoice_number(Some(number.to_string()))
                    .invoice_amount(Some(amount.parse::<Amount>().unwrap()))
                    .remitter_name(Some("remitter".to_string()))
                    .purpose_code(Some(enums::PurposeCode::P0802)),
            )
            .send()
    };
    let first = invoice("INV-1", "60.25").await.unwrap();
    assert_eq!(first.status, Some(enums::GcInvoiceStatus::Success));
    assert_eq!(first.invoice_amount, Some("60.25".parse().unwrap()));
    let over = invoice("INV-2", "39.76").await.unwrap_err();
    assert_eq!(over.as_api().unwrap().status, 422);
    assert!(
        over.to_string().contains("more than the transaction"),
        "{over}"
    );
    let dup = invoice("INV-1", "1.00").await.unwrap_err();
    assert_eq!(dup.as_api().unwrap().status, 422);
    invoice("INV-2", "39.75").await.unwrap();
    let page = c
        .gc_get_transactions()
        .start_date(&today)
        .end_date(&today)
        .max_return(10)
        .send()
        .await
        .unwrap();
    let invoices = page.body_json().unwrap()["data"]["payments"][0]["invoices"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(invoices.len(), 2);
    let none = c
        .gc_add_transaction_details()
        .reference_id(999_999u64)
        .body(
            types::GcInvoiceDetailsRequest::builder()
                .invoice_number(Some("X".to_string()))
                .invoice_amount(Some(Amount::from(1))),
        )
        .send()
        .await
        .unwrap_err();
    assert_eq!(none.as_api().unwrap().status, 404);
}

#[tokio::test]
async fn simulation_is_refused_against_production_before_anything_is_sent() {
    let mock = MockServer::start().await.unwrap();
    let c = Client::from_config(Config::new(
        Environment::Production,
        Credentials::merchant(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET),
    ))
    .unwrap();
    let err = c
        .gc_simulate_transaction()
        .body(simulation(
            "GB38TCCL12345687997836",
            "4.50",
            "GBP",
            enums::GcFundingAction::Approve,
        ))
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, paygen::Error::Config(_)), "{err}");
    assert!(mock.requests().is_empty());
}
