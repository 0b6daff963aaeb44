//! BBPS entries of `specs/DISCREPANCIES.md` (BB-*) that no contract test pinned.
#![cfg(feature = "bbps")]

use crate::common;

use paygen::bbps::{enums, types, Client};
use paygen::Amount;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn spec() -> serde_yaml::Value {
    let path = format!("{}/specs/cashfree-bbps.yaml", env!("CARGO_MANIFEST_DIR"));
    serde_yaml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// BB-4: the reference types `settlement_amount` as an integer; the spec makes it an exact
/// decimal amount, so paise are kept.
#[test]
fn the_settlement_amount_is_an_exact_decimal() {
    let spec = spec();
    let f =
        &spec["components"]["schemas"]["BbpsTransactionStatus"]["properties"]["settlement_amount"];
    assert_eq!(
        (f["type"].as_str(), f["format"].as_str()),
        (Some("number"), Some("decimal"))
    );
    let status: types::BbpsTransactionStatus =
        serde_json::from_str(r#"{"bbps_transaction_id": "t1", "settlement_amount": 1234.50}"#)
            .unwrap();
    let amount: Amount = status.settlement_amount.unwrap();
    assert_eq!(amount.to_string(), "1234.50");
    let whole: types::BbpsTransactionStatus =
        serde_json::from_str(r#"{"settlement_amount": 1}"#).unwrap();
    assert_eq!(whole.settlement_amount.unwrap().to_string(), "1");
}

/// BB-5: "SETTLED or null": a one-value enum, optional, so `null` and an absent field both read
/// as none.
#[test]
fn settlement_status_is_settled_or_none() {
    assert_eq!(enums::BbpsSettlementStatus::KNOWN, ["SETTLED"]);
    for body in [
        r#"{"bbps_transaction_id": "t1", "settlement_status": null}"#,
        r#"{"bbps_transaction_id": "t1"}"#,
    ] {
        let s: types::BbpsTransactionStatus = serde_json::from_str(body).unwrap();
        assert_eq!(s.settlement_status, None, "{body}");
    }
    let s: types::BbpsTransactionStatus =
        serde_json::from_str(r#"{"settlement_status": "SETTLED"}"#).unwrap();
    assert_eq!(
        s.settlement_status,
        Some(enums::BbpsSettlementStatus::Settled)
    );
}

/// BB-7: no error is documented; the spec declares Cashfree's common error body on 400, 401,
/// 404 and 500, and each reads as a typed API error.
#[tokio::test]
async fn errors_are_cashfrees_common_body_on_four_statuses() {
    let spec = spec();
    let responses =
        &spec["paths"]["/bbps/biller/bill/status/{bbps_transaction_id}"]["get"]["responses"];
    let mut statuses: Vec<&str> = responses
        .as_mapping()
        .expect("responses")
        .keys()
        .map(|k| k.as_str().unwrap())
        .filter(|k| *k != "200")
        .collect();
    statuses.sort_unstable();
    assert_eq!(statuses, ["400", "401", "404", "500"]);
    for (status, kind) in [
        (400, "invalid_request_error"),
        (401, "authentication_error"),
        (404, "invalid_request_error"),
        (500, "api_error"),
    ] {
        let server = MockServer::start().await;
        let body = format!(
            r#"{{"message":"failure {status}","code":"request_failed","type":"{kind}","help":"see the docs"}}"#
        );
        Mock::given(any())
            .respond_with(ResponseTemplate::new(status).set_body_raw(body, "application/json"))
            .mount(&server)
            .await;
        let err = Client::from_config(common::config(&server))
            .unwrap()
            .get_bbps_transaction_status()
            .bbps_transaction_id("t1")
            .send()
            .await
            .unwrap_err();
        let api = err.as_api().unwrap_or_else(|| panic!("{status}: {err:?}"));
        assert_eq!(api.status, status);
        assert_eq!(api.code.as_deref(), Some("request_failed"));
        assert_eq!(api.error_type.as_deref(), Some(kind));
        assert_eq!(api.message, format!("failure {status}"));
        assert_eq!(api.help.as_deref(), Some("see the docs"));
    }
}
