//! Global Collections entries of `specs/DISCREPANCIES.md` (GC-*) that no contract test pinned.
#![cfg(feature = "international")]

use crate::common;

use common::fixture;
use paygen::global_collections::{types, Client, FAMILY};
use paygen::Error;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn spec() -> serde_yaml::Value {
    let path = format!(
        "{}/specs/cashfree-global-collections.yaml",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_yaml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// GC-3: the table pairs `x-client-id` with `x-partner-api-key` and `x-client-secret` with
/// `x-partner-merchantid`: the two alternatives of every credential call are exactly those
/// pairs, and no alternative mixes a merchant header with a partner one.
#[test]
fn the_two_credential_pairs_are_the_tables() {
    let spec = spec();
    let schemes = &spec["components"]["securitySchemes"];
    let header = |scheme: &str| schemes[scheme]["name"].as_str().unwrap().to_string();
    assert_eq!(header("ClientId"), "x-client-id");
    assert_eq!(header("ClientSecret"), "x-client-secret");
    assert_eq!(header("PartnerApiKey"), "x-partner-api-key");
    assert_eq!(header("PartnerMerchantId"), "x-partner-merchantid");
    let mut checked = 0;
    for (_, item) in spec["paths"].as_mapping().unwrap() {
        for (_, op) in item.as_mapping().unwrap() {
            let id = op["operationId"].as_str().unwrap();
            if FAMILY.operation(id).unwrap().auth.as_str() != "merchant-or-partner" {
                continue;
            }
            let alternatives: Vec<Vec<String>> = op["security"]
                .as_sequence()
                .unwrap()
                .iter()
                .map(|req| {
                    let mut names: Vec<String> = req
                        .as_mapping()
                        .unwrap()
                        .keys()
                        .map(|k| k.as_str().unwrap().to_string())
                        .collect();
                    names.sort();
                    names
                })
                .collect();
            assert_eq!(
                alternatives,
                [
                    vec!["ClientId".to_string(), "ClientSecret".to_string()],
                    vec!["PartnerApiKey".to_string(), "PartnerMerchantId".to_string()],
                ],
                "{id}"
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 5, "authorize and the four data calls");
}

/// GC-5: doc 068 spells the FIRA link `firaFileDownloadUrl` in its text and
/// `firafileDownloadUrl` in its field table; `GcSettlement` reads both.
#[test]
fn both_fira_link_spellings_are_read() {
    let text: types::GcSettlement =
        serde_json::from_str(r#"{"firaFileDownloadUrl": "https://example.com/fira-1.pdf"}"#)
            .unwrap();
    assert_eq!(
        text.fira_file_download_url.as_deref(),
        Some("https://example.com/fira-1.pdf")
    );
    assert_eq!(text.firafile_download_url, None);
    let table: types::GcSettlement =
        serde_json::from_str(r#"{"firafileDownloadUrl": "https://example.com/fira-2.pdf"}"#)
            .unwrap();
    assert_eq!(
        table.firafile_download_url.as_deref(),
        Some("https://example.com/fira-2.pdf")
    );
    assert_eq!(table.fira_file_download_url, None);
    // The sample (before a FIRA exists) has neither.
    let sample: types::GcPaymentWebhook = serde_json::from_str(&fixture(
        "cashfree-global-collections/webhook.INR_SETTLEMENT_INITIATED.json",
    ))
    .unwrap();
    let s = sample.settlement.unwrap();
    assert!(s.fira_file_download_url.is_none() && s.firafile_download_url.is_none());
}

/// GC-7: doc 068 says the virtual-account webhook carries a `signature`, its sample has none:
/// the field is optional on both payloads.
#[test]
fn the_payload_signature_is_optional() {
    let accounts: types::GcVirtualAccountWebhook = serde_json::from_str(&fixture(
        "cashfree-global-collections/webhook.VIRTUAL_ACCOUNT_DETAILS.json",
    ))
    .expect("the sample without a signature reads");
    assert_eq!(accounts.signature, None);
    let mut signed: serde_json::Value = serde_json::from_str(&fixture(
        "cashfree-global-collections/webhook.VIRTUAL_ACCOUNT_DETAILS.json",
    ))
    .unwrap();
    signed["signature"] = "c2lnbmVk".into();
    let signed: types::GcVirtualAccountWebhook = serde_json::from_value(signed).unwrap();
    assert_eq!(signed.signature.as_deref(), Some("c2lnbmVk"));
    let spec = spec();
    for schema in ["GcVirtualAccountWebhook", "GcPaymentWebhook"] {
        let s = &spec["components"]["schemas"][schema];
        assert!(!s["properties"]["signature"].is_null(), "{schema}");
        let required: Vec<&str> = s["required"]
            .as_sequence()
            .map(|r| r.iter().map(|v| v.as_str().unwrap()).collect())
            .unwrap_or_default();
        assert!(!required.contains(&"signature"), "{schema}");
    }
}

/// GC-14 (and GC-9): the runtime checks query parameters against the spec before sending:
/// `maxReturn` outside 1..=200 is refused as a validation error and nothing is sent.
#[tokio::test]
async fn max_return_outside_1_to_200_is_refused_before_sending() {
    let schema: serde_json::Value = serde_json::from_str(
        FAMILY
            .operation("gc_get_transactions")
            .unwrap()
            .query_schema
            .expect("the query constraints are in the table"),
    )
    .unwrap();
    assert_eq!(schema["properties"]["maxReturn"]["minimum"], 1);
    assert_eq!(schema["properties"]["maxReturn"]["maximum"], 200);

    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"status":"SUCCESS","subCode":"200","data":{"payments":[]}}"#,
            "application/json",
        ))
        .mount(&server)
        .await;
    let client = Client::from_config(common::config(&server)).unwrap();
    for max_return in [0, 201, -1] {
        let err = client
            .gc_get_transactions()
            .start_date("20240101")
            .end_date("20240131")
            .max_return(max_return)
            .send()
            .await
            .unwrap_err();
        let Error::Validation(v) = &err else {
            panic!("maxReturn {max_return}: expected a validation error, got {err:?}")
        };
        assert_eq!(v.field.as_deref(), Some("maxReturn"), "{max_return}");
    }
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        0,
        "nothing was sent"
    );
    for max_return in [1, 200] {
        client
            .gc_get_transactions()
            .start_date("20240101")
            .end_date("20240131")
            .max_return(max_return)
            .send()
            .await
            .unwrap_or_else(|e| panic!("maxReturn {max_return} is allowed: {e}"));
    }
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

/// GC-15: the reference's Verify Token answer is the token's fields, not an envelope; the
/// envelope Cashfree's token APIs send ("Token is valid") reads into the same type too, so an
/// account answering either way is served.
#[test]
fn the_verify_answer_reads_as_token_fields_or_as_an_envelope() {
    let fields: types::GcTokenVerification = serde_json::from_str(&fixture(
        "cashfree-global-collections/gc_verify_token.response.json",
    ))
    .unwrap();
    assert_eq!(
        (fields.account_id, fields.agent_id, fields.enable_api),
        (Some(23_794_572), Some(23_794_572), Some(false))
    );
    assert_eq!(fields.status, None);
    let envelope: types::GcTokenVerification =
        serde_json::from_str(r#"{"status":"SUCCESS","subCode":"200","message":"Token is valid"}"#)
            .unwrap();
    assert_eq!(envelope.status.as_deref(), Some("SUCCESS"));
    assert_eq!(envelope.message.as_deref(), Some("Token is valid"));
    assert_eq!(envelope.account_id, None);
}

/// GC-16: `invoiceFile` is in the spec as an optional string: sent exactly as given, left out
/// when not given (the recorded 201 sample was made without it).
#[test]
fn the_invoice_file_is_an_optional_string_sent_as_given() {
    let props = &spec()["components"]["schemas"]["GcInvoiceDetailsRequest"];
    assert_eq!(
        props["properties"]["invoiceFile"]["type"].as_str(),
        Some("string")
    );
    let required = props["required"].as_sequence().cloned().unwrap_or_default();
    assert!(!required.iter().any(|r| r.as_str() == Some("invoiceFile")));
    let without = types::GcInvoiceDetailsRequest::try_from(
        types::GcInvoiceDetailsRequest::builder().invoice_number(Some("A1".to_string())),
    )
    .unwrap();
    assert_eq!(
        serde_json::to_string(&without).unwrap(),
        r#"{"invoiceNumber":"A1"}"#
    );
}

/// GC-17: `remitterAccountNumber` (required by the latest reference, absent from the older
/// rendering) is optional: a simulation without it is a valid request and omits the key.
#[test]
fn a_simulation_without_a_remitter_account_is_valid_and_omits_the_key() {
    let req = types::GcSimulateTransactionRequest::try_from(
        types::GcSimulateTransactionRequest::builder()
            .v_account_number("GB38")
            .amount(paygen::Amount::from(5))
            .currency("GBP")
            .funding_actions(paygen::global_collections::enums::GcFundingAction::Reject),
    )
    .unwrap();
    let json = serde_json::to_string(&req).unwrap();
    assert!(!json.contains("remitterAccountNumber"), "{json}");
    let required = spec()["components"]["schemas"]["GcSimulateTransactionRequest"]["required"]
        .as_sequence()
        .cloned()
        .unwrap();
    assert!(!required
        .iter()
        .any(|r| r.as_str() == Some("remitterAccountNumber")));
}
