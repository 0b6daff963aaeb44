//! Payouts v2 transfers and batches (the reference's Standard Transfer V2, Get Transfer Status
//! V2, Batch Transfer V2 and Get Batch Transfer Status V2): requests on the wire, every
//! documented answer read, errors with their codes, and the discrepancy choices (P15–P26).
#![cfg(feature = "payouts")]

use crate::payouts_support as support;

use paygen::payouts_v2::enums::{
    BatchTransferStatusValue, PayoutErrorType, TransferMode, TransferStatus, TransferStatusCode,
};
use paygen::payouts_v2::{is_ip_not_whitelisted, types, Client};
use paygen::Error;
use serde_json::{json, Value};
use support::*;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer};

const TRANSFERS: &str = "/transfers";
const BATCH: &str = "/transfers/batch";

fn transfer_request() -> types::CreateTransferRequest {
    serde_json::from_str(&v2_fixture("create_transfer.request.json")).unwrap()
}

fn assert_v2_headers(r: &wiremock::Request) {
    assert_eq!(header(r, "x-client-id"), Some(CLIENT_ID));
    assert_eq!(header(r, "x-client-secret"), Some(CLIENT_SECRET));
    // P15: the version the reference's requests carry.
    assert_eq!(header(r, "x-api-version"), Some("2024-01-01"));
    assert!(header(r, "x-request-id").is_some_and(|id| !id.is_empty()));
    assert_eq!(header(r, "authorization"), None);
    assert_eq!(header(r, "x-cf-signature"), None);
}

#[tokio::test]
async fn a_transfer_is_sent_as_the_reference_shows_and_its_answer_read_exactly() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TRANSFERS))
        .respond_with(answer(
            200,
            v2_fixture("create_transfer.response-completed.json"),
        ))
        .mount(&server)
        .await;
    let transfer = v2(&server)
        .create_transfer()
        .body(transfer_request())
        .send()
        .await
        .unwrap()
        .into_inner();
    let sent = &requests(&server, "POST", TRANSFERS).await[0];
    assert_v2_headers(sent);
    let body: Value = serde_json::from_slice(&sent.body).unwrap();
    let doc: Value = serde_json::from_str(&v2_fixture("create_transfer.request.json")).unwrap();
    assert_eq!(body, doc);

    assert_eq!(transfer.transfer_id.as_deref(), Some("JUNOB2018"));
    assert_eq!(transfer.cf_transfer_id.as_deref(), Some("123456"));
    assert_eq!(transfer.status, Some(TransferStatus::Success));
    assert_eq!(transfer.status_code, Some(TransferStatusCode::Completed));
    assert_eq!(transfer.transfer_service_tax.unwrap().to_string(), "0.18");
    assert_eq!(transfer.transfer_amount.unwrap().to_string(), "1");
    assert_eq!(
        transfer.transfer_utr.as_deref(),
        Some("TESTR92023012200543116")
    );
    // P19: responses name the rail in their own vocabulary.
    assert_eq!(transfer.transfer_mode.as_deref(), Some("BANK"));
    // P17: the samples' `bank_ifsc`.
    let instrument = transfer
        .beneficiary_details
        .unwrap()
        .beneficiary_instrument_details
        .unwrap();
    assert_eq!(instrument.bank_ifsc.as_deref(), Some("SBIN0000003"));
}

#[test]
fn every_documented_transfer_answer_reads_with_its_status() {
    let cases = [
        (
            "create_transfer.response.json",
            TransferStatus::Received,
            TransferStatusCode::Received,
        ),
        (
            "create_transfer.response-approval-pending.json",
            TransferStatus::ApprovalPending,
            TransferStatusCode::ApprovalPending,
        ),
        (
            "create_transfer.response-pending.json",
            TransferStatus::Pending,
            TransferStatusCode::Pending,
        ),
        (
            "create_transfer.response-completed.json",
            TransferStatus::Success,
            TransferStatusCode::Completed,
        ),
        // P16: status_code and status_description are read although the schema omits them.
        (
            "create_transfer.response-failed.json",
            TransferStatus::Failed,
            TransferStatusCode::ImpsModeFail,
        ),
        (
            "create_transfer.response-rejected.json",
            TransferStatus::Rejected,
            TransferStatusCode::InvalidModeForPyid,
        ),
        (
            "get_transfer_status.response.json",
            TransferStatus::Received,
            TransferStatusCode::Received,
        ),
        (
            "get_transfer_status.response-reversed.json",
            TransferStatus::Reversed,
            TransferStatusCode::InvalidAccountFail,
        ),
    ];
    for (file, status, code) in cases {
        let t: types::Transfer =
            serde_json::from_str(&v2_fixture(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(t.status, Some(status), "{file}");
        assert_eq!(t.status_code, Some(code), "{file}");
        assert!(
            t.status_description.is_some_and(|d| !d.is_empty()),
            "{file}"
        );
    }
    for known in [
        "RECEIVED",
        "QUEUED",
        "APPROVAL_PENDING",
        "PENDING",
        "SUCCESS",
        "FAILED",
        "REJECTED",
        "MANUALLY_REJECTED",
        "REVERSED",
    ] {
        assert!(TransferStatus::from(known).is_known(), "{known}");
    }
    // P23: the table's one-off spelling is not a status of its own.
    assert_eq!(
        TransferStatus::from("APPOVAL_PENDING"),
        TransferStatus::Unknown("APPOVAL_PENDING".into())
    );
}

#[tokio::test]
async fn a_transfer_is_looked_up_by_transfer_id_or_cf_transfer_id() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(TRANSFERS))
        .and(query_param("transfer_id", "JUNOB2018"))
        .respond_with(answer(200, v2_fixture("get_transfer_status.response.json")))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(TRANSFERS))
        .and(query_param("cf_transfer_id", "123456"))
        .respond_with(answer(
            200,
            v2_fixture("get_transfer_status.response-reversed.json"),
        ))
        .mount(&server)
        .await;
    let client = v2(&server);
    let by_id = client
        .get_transfer_status()
        .transfer_id("JUNOB2018")
        .send()
        .await
        .unwrap();
    assert_eq!(by_id.status, Some(TransferStatus::Received));
    let by_cf = client
        .get_transfer_status()
        .cf_transfer_id("123456")
        .send()
        .await
        .unwrap();
    assert_eq!(by_cf.status, Some(TransferStatus::Reversed));
    let sent = requests(&server, "GET", TRANSFERS).await;
    assert_eq!(sent[0].url.query(), Some("transfer_id=JUNOB2018"));
    assert_eq!(sent[1].url.query(), Some("cf_transfer_id=123456"));
    sent.iter().for_each(assert_v2_headers);
}

#[tokio::test]
async fn a_batch_is_sent_and_its_status_read_with_its_transfers() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(BATCH))
        .respond_with(answer(
            200,
            v2_fixture("create_batch_transfer.response.json"),
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(BATCH))
        .and(query_param("batch_transfer_id", "test_batch_transfer_id"))
        .respond_with(answer(
            200,
            v2_fixture("get_batch_transfer_status.response.json"),
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(BATCH))
        .and(query_param("cf_batch_transfer_id", "123456"))
        .respond_with(answer(
            200,
            v2_fixture("get_batch_transfer_status.response-received.json"),
        ))
        .mount(&server)
        .await;
    let client = v2(&server);
    let batch = types::CreateBatchTransferRequest {
        batch_transfer_id: "test_batch_transfer_id".into(),
        transfers: vec![
            types::BatchTransferItem {
                transfer_id: "JUNOB2018_1".into(),
                transfer_amount: "1".parse().unwrap(),
                beneficiary_details: Some(types::BatchTransferBeneficiaryDetails {
                    beneficiary_id: Some("JOHN18011".into()),
                    ..Default::default()
                }),
                transfer_currency: None,
                transfer_mode: None,
                transfer_remarks: None,
                fundsource_id: None,
            },
            types::BatchTransferItem {
                transfer_id: "JUNOB2018_2".into(),
                transfer_amount: "1.50".parse().unwrap(),
                transfer_mode: Some(TransferMode::Imps),
                beneficiary_details: Some(types::BatchTransferBeneficiaryDetails {
                    beneficiary_name: Some("John Doe".into()),
                    beneficiary_instrument_details: Some(types::BatchTransferInstrumentDetails {
                        bank_account_number: Some("1234554321".into()),
                        bank_ifsc: Some("SBIN0001161".into()),
                        vpa: None,
                    }),
                    ..Default::default()
                }),
                transfer_currency: None,
                transfer_remarks: None,
                fundsource_id: Some("CASHFREE_1".into()),
            },
        ],
    };
    let ack = client
        .create_batch_transfer()
        .body(batch)
        .send()
        .await
        .unwrap();
    assert_eq!(ack.status, Some(BatchTransferStatusValue::Received));
    assert_eq!(ack.cf_batch_transfer_id.as_deref(), Some("123456"));
    let sent = &requests(&server, "POST", BATCH).await[0];
    assert_v2_headers(sent);
    let body: Value = serde_json::from_slice(&sent.body).unwrap();
    assert_eq!(body["transfers"][1]["transfer_mode"], json!("imps"));
    assert_eq!(
        body["transfers"][1]["beneficiary_details"]["beneficiary_instrument_details"]["bank_ifsc"],
        json!("SBIN0001161")
    );
    assert!(String::from_utf8_lossy(&sent.body).contains(r#""transfer_amount":1.50"#));

    let status = client
        .get_batch_transfer_status()
        .batch_transfer_id("test_batch_transfer_id")
        .send()
        .await
        .unwrap();
    assert_eq!(status.status, Some(BatchTransferStatusValue::Pending));
    let transfers = status.transfers.clone().unwrap();
    let states: Vec<_> = transfers
        .iter()
        .map(|t| t.status.clone().unwrap())
        .collect();
    assert_eq!(
        states,
        [
            TransferStatus::Success,
            TransferStatus::Pending,
            TransferStatus::Rejected
        ]
    );
    assert_eq!(
        transfers[2].status_code,
        Some(TransferStatusCode::InvalidModeForPyid)
    );
    let received = client
        .get_batch_transfer_status()
        .cf_batch_transfer_id("123456")
        .send()
        .await
        .unwrap();
    assert_eq!(received.status, Some(BatchTransferStatusValue::Received));
    assert_eq!(received.transfers, None);
}

#[tokio::test]
async fn documented_errors_keep_their_type_code_and_message() {
    let cases = [
        (
            "POST",
            TRANSFERS,
            400,
            "create_transfer.error-400.json",
            "transfer_id_missing",
        ),
        (
            "POST",
            TRANSFERS,
            400,
            "create_transfer.error-400-transfer-mode-invalid.json",
            "transfer_mode_invalid",
        ),
        (
            "POST",
            TRANSFERS,
            403,
            "create_transfer.error-403.json",
            "apis_not_enabled",
        ),
        (
            "POST",
            TRANSFERS,
            404,
            "create_transfer.error-404.json",
            "beneficiary_not_found",
        ),
        (
            "GET",
            TRANSFERS,
            404,
            "get_transfer_status.error-404.json",
            "transfer_id_not_found",
        ),
        (
            "GET",
            TRANSFERS,
            404,
            "get_transfer_status.error-404-cf-transfer-id.json",
            "cf_transfer_id_not_found",
        ),
        (
            "POST",
            BATCH,
            400,
            "create_batch_transfer.error-400.json",
            "batch_transfer_id_missing",
        ),
        (
            "POST",
            BATCH,
            400,
            "create_batch_transfer.error-400-transfer-id-invalid.json",
            "transfers[0].transfer_id_invalid",
        ),
        (
            "POST",
            BATCH,
            409,
            "create_batch_transfer.error-409.json",
            "batch_transfer_id_already_exists",
        ),
        (
            "GET",
            BATCH,
            404,
            "get_batch_transfer_status.error-404.json",
            "batch_transfer_id_not_found",
        ),
        // P26: kept as documented.
        (
            "GET",
            BATCH,
            404,
            "get_batch_transfer_status.error-404-cf-batch-transfer-id.json",
            "cf_batch_transfer_id",
        ),
    ];
    for (m, p, status, file, code) in cases {
        let server = MockServer::start().await;
        Mock::given(method(m))
            .and(path(p))
            .respond_with(answer(status, v2_fixture(file)))
            .mount(&server)
            .await;
        let client = v2(&server);
        let err = match (m, p) {
            ("POST", TRANSFERS) => client
                .create_transfer()
                .body(transfer_request())
                .send()
                .await
                .map(|_| ()),
            ("GET", TRANSFERS) => client
                .get_transfer_status()
                .transfer_id("JUNOB2018")
                .send()
                .await
                .map(|_| ()),
            ("POST", BATCH) => client
                .create_batch_transfer()
                .body(types::CreateBatchTransferRequest {
                    batch_transfer_id: "b1".into(),
                    transfers: vec![],
                })
                .send()
                .await
                .map(|_| ()),
            _ => client
                .get_batch_transfer_status()
                .batch_transfer_id("b1")
                .send()
                .await
                .map(|_| ()),
        }
        .unwrap_err();
        assert_eq!(err.status(), Some(status), "{file}");
        assert_eq!(err.code(), Some(code), "{file}");
        let api = err.as_api().unwrap();
        let doc: types::PayoutError = serde_json::from_str(&v2_fixture(file)).unwrap();
        assert_eq!(Some(api.message.clone()), doc.message, "{file}");
        assert_eq!(api.raw_body, v2_fixture(file).into_bytes(), "{file}");
        assert!(!is_ip_not_whitelisted(&err), "{file}");
        assert_eq!(count(&server, m, p).await, 1, "{file}: not retried");
    }
    let auth: types::PayoutError =
        serde_json::from_str(&v2_fixture("create_transfer.error-500-authentication.json")).unwrap();
    assert_eq!(auth.type_, Some(PayoutErrorType::AuthenticationError));
}

#[tokio::test]
async fn an_ip_that_is_not_whitelisted_is_named_and_not_retried() {
    let server = MockServer::start().await;
    let body = r#"{"type":"authentication_error","code":"ip_not_whitelisted","message":"IP not whitelisted"}"#;
    Mock::given(method("GET"))
        .and(path(TRANSFERS))
        .respond_with(answer(403, body))
        .mount(&server)
        .await;
    let err = v2(&server)
        .get_transfer_status()
        .transfer_id("JUNOB2018")
        .send()
        .await
        .unwrap_err();
    assert!(is_ip_not_whitelisted(&err));
    assert!(err.to_string().contains("x-cf-signature"), "{err}");
    assert_eq!(count(&server, "GET", TRANSFERS).await, 1);
}

#[tokio::test]
async fn with_a_public_key_every_call_carries_a_fresh_signature() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(TRANSFERS))
        .respond_with(answer(200, v2_fixture("get_transfer_status.response.json")))
        .mount(&server)
        .await;
    let client = Client::from_config(
        config(&server)
            .with_payout_public_key_pem(public_pem())
            .unwrap(),
    )
    .unwrap();
    for _ in 0..2 {
        client
            .get_transfer_status()
            .transfer_id("JUNOB2018")
            .send()
            .await
            .unwrap();
    }
    let sent = requests(&server, "GET", TRANSFERS).await;
    let sigs: Vec<_> = sent
        .iter()
        .map(|r| header(r, "x-cf-signature").expect("signed").to_string())
        .collect();
    assert_ne!(
        sigs[0], sigs[1],
        "OAEP is randomised: a fresh signature each call"
    );
    for sig in &sigs {
        let (id, secs) = split_signed(&decrypt_signature(sig));
        assert_eq!(id, CLIENT_ID);
        assert!(secs.abs_diff(unix_now()) <= 5);
    }
    assert!(config(&server).with_payout_public_key_pem("nope").is_err());
}

/// P18: the reference's nested `beneficiary_details.beneficiary_details` samples do not carry a
/// beneficiary in the schema's shape.
#[test]
fn the_double_nested_samples_carry_no_beneficiary() {
    for file in [
        "create_transfer.request-bene-details.json",
        "create_transfer.request-card-details.json",
        "create_transfer.request-fundsource.json",
    ] {
        let r: types::CreateTransferRequest = serde_json::from_str(&v2_fixture(file)).unwrap();
        let b = &r.beneficiary_details;
        assert!(
            b.beneficiary_id.is_none()
                && b.beneficiary_name.is_none()
                && b.beneficiary_instrument_details.is_none(),
            "{file}"
        );
    }
}

/// P20, P21: account numbers of 4 to 25 letters and digits; IFSCs with letters in the branch code.
#[tokio::test]
async fn bank_account_and_ifsc_rules() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TRANSFERS))
        .respond_with(answer(200, v2_fixture("create_transfer.response.json")))
        .mount(&server)
        .await;
    let client = v2(&server);
    let with = |account: &str, ifsc: &str| {
        let mut r = transfer_request();
        r.beneficiary_details = types::TransferBeneficiaryDetails {
            beneficiary_name: Some("John Doe".into()),
            beneficiary_instrument_details: Some(types::TransferInstrumentDetails {
                bank_account_number: Some(account.into()),
                bank_ifsc: Some(ifsc.into()),
                ..Default::default()
            }),
            ..Default::default()
        };
        r
    };
    client
        .create_transfer()
        .body(with("12345678", "HDFC0CAGSBK"))
        .send()
        .await
        .unwrap();
    for (account, ifsc, field) in [
        (&*"1".repeat(26), "SBIN0001161", "bank_account_number"),
        ("123", "SBIN0001161", "bank_account_number"),
        ("1234554321", "SBIN1001161", "bank_ifsc"),
    ] {
        let err = client
            .create_transfer()
            .body(with(account, ifsc))
            .send()
            .await
            .unwrap_err();
        let Error::Validation(v) = &err else {
            panic!("{err:?}")
        };
        assert!(
            v.field.as_deref().is_some_and(|f| f.ends_with(field)),
            "{v}"
        );
    }
    assert_eq!(count(&server, "POST", TRANSFERS).await, 1);
}

#[test]
fn cashfree_ids_read_as_strings_or_numbers() {
    let t: types::Transfer =
        serde_json::from_str(r#"{"transfer_id":"t1","cf_transfer_id":1234567890123}"#).unwrap();
    assert_eq!(t.cf_transfer_id.as_deref(), Some("1234567890123"));
    let b: types::BatchTransfer = serde_json::from_str(r#"{"cf_batch_transfer_id":987}"#).unwrap();
    assert_eq!(b.cf_batch_transfer_id.as_deref(), Some("987"));
}
