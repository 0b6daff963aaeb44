//! The spec against the document: every documented sample decodes into the generated types with
//! exact amounts and open enums, the request samples pass (or, for the contradicting ones, fail)
//! the request rules, and the operation table carries the marks the runtime relies on.
#![cfg(feature = "payin-payout")]

use crate::payin_payout_support as support;

use paygen::payin_payout::{enums, types, FAMILY};
use paygen::runtime::validate::validate_body;
use serde_json::Value;
use support::fixture;

fn schema(op: &str) -> &'static str {
    FAMILY
        .operation(op)
        .unwrap()
        .request_schema
        .unwrap_or_else(|| panic!("{op} has a request schema"))
}

#[test]
fn the_operation_table_matches_the_document() {
    let expect = [
        ("get_balance", "GET", "/api/v1/balance", false),
        (
            "create_payin_link",
            "POST",
            "/api/v1/payin/generate/link",
            false,
        ),
        (
            "get_payin_status",
            "POST",
            "/api/v1/payin/transactions",
            false,
        ),
        ("initiate_payout", "POST", "/api/v1/payout/initiate", true),
        (
            "get_payout_status",
            "GET",
            "/api/v1/payout/{order_id}/status",
            false,
        ),
    ];
    assert_eq!(FAMILY.operations.len(), expect.len());
    for (id, method, path, moves_money) in expect {
        let op = FAMILY.operation(id).unwrap();
        assert_eq!(
            (op.method, op.path, op.moves_money),
            (method, path, moves_money),
            "{id}"
        );
        assert_eq!(op.auth.as_str(), "hmac-signature", "{id}");
        assert!(!op.multipart, "{id}: PP-1, Payin Status is JSON");
        assert!(!op.sandbox_only);
    }
    assert_eq!(
        FAMILY.operation("initiate_payout").unwrap().status_lookup,
        Some("get_payout_status")
    );
    assert!(
        FAMILY.base_url_required,
        "the provider gives each merchant its own URL"
    );
    assert!(FAMILY.servers.is_empty());
    assert!(
        FAMILY
            .operation("get_balance")
            .unwrap()
            .request_schema
            .is_none(),
        "a GET has no body"
    );
}

#[test]
fn the_documented_request_bodies_pass_the_request_rules() {
    for (op, file) in [
        ("create_payin_link", "create_payin_link.request.json"),
        ("get_payin_status", "get_payin_status.request.json"),
        ("initiate_payout", "initiate_payout.request.json"),
    ] {
        validate_body(schema(op), fixture(file).as_bytes())
            .unwrap_or_else(|v| panic!("{file}: {v:?}"));
        // And the generated request type reads it.
        let value: Value = serde_json::from_str(&fixture(file)).unwrap();
        match op {
            "create_payin_link" => {
                drop(serde_json::from_value::<types::PayinLinkRequest>(value).unwrap())
            }
            "get_payin_status" => {
                drop(serde_json::from_value::<types::PayinStatusRequest>(value).unwrap())
            }
            _ => drop(serde_json::from_value::<types::PayoutInitiateRequest>(value).unwrap()),
        }
    }
}

/// PP-2: the request's mobile number is a 10-digit string; the cURL's and the signature
/// example's number fails the rule (and the signature example also lacks `user_id`, PP-7).
#[test]
fn the_number_mobile_of_the_curl_and_the_signature_example_is_refused() {
    let curl = validate_body(
        schema("initiate_payout"),
        fixture("initiate_payout.request.curl.json").as_bytes(),
    )
    .unwrap_err();
    assert_eq!(curl.path, "beneficiary_mobile_no");
    assert!(curl.message.contains("string"), "{}", curl.message);

    let example = fixture("initiate_payout.request.signature-example.json");
    let v = validate_body(schema("initiate_payout"), example.as_bytes()).unwrap_err();
    assert_eq!(
        v.path, "user_id",
        "PP-7: the first rule it breaks is the missing user_id"
    );
    let mut with_user: Value = serde_json::from_str(&example).unwrap();
    with_user["user_id"] = "u-1".into();
    let v = validate_body(schema("initiate_payout"), with_user.to_string().as_bytes()).unwrap_err();
    assert_eq!(v.path, "beneficiary_mobile_no");
}

/// PP-2: responses accept the mobile number as a number or a string, and both read the same.
#[test]
fn response_mobile_numbers_read_the_same_as_number_or_string() {
    let initiate: types::PayoutInitiateResponse =
        serde_json::from_str(&fixture("initiate_payout.response.json")).unwrap();
    let status: types::PayoutStatusResponse =
        serde_json::from_str(&fixture("get_payout_status.response.json")).unwrap();
    let a = initiate.data.unwrap().beneficiary_mobile_no.unwrap();
    let b = status.data.unwrap().beneficiary_mobile_no.unwrap();
    assert_eq!(a, b);
    assert_eq!(a.as_str(), "7878787878");
}

/// PP-13: the balance is a string in the document and reads as the exact amount.
#[test]
fn the_string_balance_is_an_exact_amount() {
    let r: types::BalanceResponse =
        serde_json::from_str(&fixture("get_balance.response.json")).unwrap();
    let balance = r.data.unwrap().balance.unwrap();
    assert_eq!(balance.to_string(), "1111.11");
    assert_eq!(balance, "1111.11".parse().unwrap());
}

#[test]
fn every_documented_answer_decodes_exactly() {
    let link: types::PayinLinkResponse =
        serde_json::from_str(&fixture("create_payin_link.response.json")).unwrap();
    let link = link.data.unwrap();
    assert_eq!(link.amount.unwrap().to_string(), "100");
    assert_eq!(
        link.created_at.as_deref(),
        Some("2025-07-29T16:23:48.000000Z")
    );

    let payin: types::PayinStatusResponse =
        serde_json::from_str(&fixture("get_payin_status.response.json")).unwrap();
    assert_eq!(payin.success, Some(true));
    let payin = payin.data.unwrap();
    assert_eq!(payin.status, Some(enums::TransactionStatus::Approved));
    assert_eq!(payin.request_amount.unwrap().to_string(), "100");
    assert_eq!(
        payin.bank_upi.as_deref(),
        Some("bharatpe907m7b2z0p2i00183@yesbankltd")
    );
    // PP-17: local time without a zone, kept as text.
    assert_eq!(
        payin.time_of_processing.as_deref(),
        Some("2025-08-04 16:58:30")
    );

    let status: types::PayoutStatusResponse =
        serde_json::from_str(&fixture("get_payout_status.response.json")).unwrap();
    let payout = status.data.unwrap();
    assert_eq!(payout.charge.unwrap().to_string(), "5.9");
    assert_eq!(payout.vpa, None);
    assert_eq!(
        payout.payment_method,
        Some(enums::PayoutPaymentMethod::Imps)
    );
}

/// The webhook components keep their names (the webhooks module builds on them) and read the
/// documented samples; PP-9: `Initiated` is a known status.
#[test]
fn the_webhook_samples_read_into_the_shared_components() {
    let initiated: types::PayinWebhookEvent =
        serde_json::from_str(&fixture("webhook.payin.initiated.json")).unwrap();
    assert_eq!(
        initiated.event,
        Some(enums::WebhookEventType::PayinInitiated)
    );
    assert_eq!(
        initiated.data.unwrap().status,
        Some(enums::TransactionStatus::Initiated)
    );
    let payin: types::PayinWebhookEvent =
        serde_json::from_str(&fixture("webhook.payin.succeeded.json")).unwrap();
    assert_eq!(payin.event, Some(enums::WebhookEventType::PayinSucceeded));
    let payout: types::PayoutWebhookEvent =
        serde_json::from_str(&fixture("webhook.payout.succeeded.json")).unwrap();
    assert_eq!(payout.event, Some(enums::WebhookEventType::PayoutSucceeded));
    assert_eq!(payout.data.unwrap().charge.unwrap().to_string(), "5.9");
}

#[test]
fn statuses_are_open() {
    let s: enums::TransactionStatus = serde_json::from_str("\"On Hold\"").unwrap();
    assert_eq!(s, enums::TransactionStatus::Unknown("On Hold".into()));
    let body = fixture("get_payout_status.response.json").replace("\"Approved\"", "\"Reversed\"");
    let r: types::PayoutStatusResponse = serde_json::from_str(&body).unwrap();
    assert_eq!(r.data.unwrap().status.unwrap().as_str(), "Reversed");
}
