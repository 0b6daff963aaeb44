//! BBPS on the wire: the one Cashfree endpoint of the biller-side documents.
#![cfg(feature = "bbps")]

use crate::common;

use common::{fixture, header, only_request, CLIENT_ID, CLIENT_SECRET};
use paygen::bbps::{enums, Client, FAMILY};
use paygen::{Amount, Environment};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::from_config(common::config(server)).expect("config is valid")
}

#[test]
fn one_operation_on_the_cashfree_hosts() {
    // BB-1: Bill Fetch and Payment Posting are the biller's own APIs, not Cashfree's.
    let ids: Vec<_> = FAMILY.operations.iter().map(|o| o.operation_id).collect();
    assert_eq!(ids, ["get_bbps_transaction_status"]);
    assert_eq!(
        FAMILY.base_url(&Environment::Sandbox).unwrap(),
        "https://sandbox.cashfree.com"
    );
    assert_eq!(
        FAMILY.base_url(&Environment::Production).unwrap(),
        "https://api.cashfree.com"
    );
    let op = &FAMILY.operations[0];
    assert!(!op.moves_money && !op.sandbox_only);
    assert_eq!(op.auth.as_str(), "merchant-headers");
}

#[tokio::test]
async fn get_bbps_transaction_status_contract() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/bbps/biller/bill/status/test40624"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            fixture("cashfree-bbps/get_bbps_transaction_status.response.json"),
            "application/json",
        ))
        .mount(&server)
        .await;
    let status = client(&server)
        .get_bbps_transaction_status()
        .bbps_transaction_id("test40624")
        .send()
        .await
        .unwrap();
    assert_eq!(status.bbps_transaction_id.as_deref(), Some("test40624"));
    assert_eq!(
        status.bill_payment_status,
        Some(enums::BbpsBillPaymentStatus::Success)
    );
    assert_eq!(
        status.settlement_status,
        Some(enums::BbpsSettlementStatus::Settled)
    );
    assert_eq!(status.settlement_utr.as_deref(), Some("DUMMYUTR"));
    assert_eq!(
        status.settlement_amount,
        Some("1".parse::<Amount>().unwrap())
    );
    // BB-3: not RFC 3339, kept as sent.
    assert_eq!(
        status.settlement_time.as_deref(),
        Some("2024-07-30 11:39:42")
    );

    let req = only_request(&server).await;
    assert_eq!(header(&req, "x-client-id"), Some(CLIENT_ID));
    assert_eq!(header(&req, "x-client-secret"), Some(CLIENT_SECRET));
    // BB-6: the reference marks Content-Type required even on this GET.
    assert_eq!(header(&req, "content-type"), Some("application/json"));
    assert!(req.body.is_empty());
    for absent in [
        "x-api-version",
        "api-version",
        "authorization",
        "x-partner-apikey",
        "x-request-id",
    ] {
        assert!(header(&req, absent).is_none(), "{absent} must not be sent");
    }
}

/// The merchant headers go on the request once, before the copies made for retries: every
/// attempt of a retried lookup carries them, and the `Content-Type` too.
#[tokio::test]
async fn every_attempt_of_a_retried_lookup_carries_the_credentials() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/bbps/biller/bill/status/test40624"))
        .respond_with(ResponseTemplate::new(503).set_body_string("busy"))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/bbps/biller/bill/status/test40624"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            fixture("cashfree-bbps/get_bbps_transaction_status.response.json"),
            "application/json",
        ))
        .mount(&server)
        .await;
    client(&server)
        .get_bbps_transaction_status()
        .bbps_transaction_id("test40624")
        .send()
        .await
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 3, "two 503s, then the answer");
    for req in &requests {
        assert_eq!(header(req, "x-client-id"), Some(CLIENT_ID));
        assert_eq!(header(req, "x-client-secret"), Some(CLIENT_SECRET));
        assert_eq!(header(req, "content-type"), Some("application/json"));
    }
}

#[tokio::test]
async fn an_unsettled_payment_has_no_settlement_fields() {
    // BB-5: settlement_status is "SETTLED or null".
    let server = MockServer::start().await;
    let body = r#"{"bbps_transaction_id":"t1","bill_payment_status":"PENDING","settlement_status":null,"settlement_utr":null,"settlement_amount":null,"settlement_time":null}"#;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .mount(&server)
        .await;
    let status = client(&server)
        .get_bbps_transaction_status()
        .bbps_transaction_id("t1")
        .send()
        .await
        .unwrap();
    assert_eq!(
        status.bill_payment_status,
        Some(enums::BbpsBillPaymentStatus::Pending)
    );
    assert_eq!(
        (&status.settlement_status, &status.settlement_amount),
        (&None, &None)
    );
}

#[tokio::test]
async fn the_published_example_string_is_not_the_documented_object() {
    // BB-2: the reference publishes the example as a JSON string; a body like that is reported
    // as not matching the spec, with the body kept.
    let server = MockServer::start().await;
    let as_documented =
        fixture("cashfree-bbps/get_bbps_transaction_status.response-as-documented.json");
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(as_documented.clone(), "application/json"),
        )
        .mount(&server)
        .await;
    let err = client(&server)
        .get_bbps_transaction_status()
        .bbps_transaction_id("test40624")
        .send()
        .await
        .unwrap_err();
    match err {
        paygen::Error::Decode(d) => assert_eq!(d.body, as_documented.as_bytes()),
        other => panic!("expected a decode error, got {other}"),
    }
}

#[tokio::test]
async fn errors_keep_the_status_and_code() {
    let server = MockServer::start().await;
    let body = r#"{"message":"transaction not found","code":"transaction_not_found","type":"invalid_request_error"}"#;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_raw(body, "application/json"))
        .mount(&server)
        .await;
    let err = client(&server)
        .get_bbps_transaction_status()
        .bbps_transaction_id("nope")
        .send()
        .await
        .unwrap_err();
    let api = err.as_api().unwrap();
    assert_eq!(
        (api.status, api.code.as_deref()),
        (404, Some("transaction_not_found"))
    );
    assert_eq!(api.message, "transaction not found");
}
