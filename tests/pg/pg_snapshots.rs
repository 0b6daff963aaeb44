//! Snapshots of the PG client: the wire form of representative requests, and every documented
//! sample in `tests/fixtures/cashfree-pg` read into its typed value.
//!
//! Review a changed snapshot by eye before accepting it (`INSTA_UPDATE=always cargo test
//! --all-features --test pg_snapshots`, then `git diff tests/snapshots`).
#![cfg(feature = "pg")]

use crate::common;

use std::fmt::Debug;

use common::{answer, fixture, only_request, pg, wire_form};
use paygen::pg::{enums, types};
use paygen::Amount;
use serde::de::DeserializeOwned;
use wiremock::MockServer;

const ORDER_ANSWER: &str =
    r#"{"order_id": "order_42", "order_status": "ACTIVE", "order_amount": 1499.50}"#;

async fn snapshot_wire(name: &str, server: &MockServer) {
    let req = only_request(server).await;
    insta::assert_snapshot!(name, wire_form(&req));
}

#[tokio::test]
async fn wire_create_order() {
    let server = MockServer::start().await;
    answer(&server, 200, ORDER_ANSWER).await;
    let body = types::CreateOrderRequest::builder()
        .order_id(Some("order_42".to_string()))
        .order_amount("1499.50".parse::<Amount>().unwrap())
        .order_currency("INR")
        .customer_details(
            types::CustomerDetails::builder()
                .customer_id("7112AAA812234")
                .customer_phone("9898989898"),
        )
        .order_meta(Some(types::OrderMeta {
            return_url: Some("https://shop.example.com/return?order_id=order_42".into()),
            ..Default::default()
        }));
    pg(&server)
        .create_order()
        .x_idempotency_key("3f6c9e2a-7d1b-4b8e-9a55-0c2f4e6d8b10")
        .body(body)
        .send()
        .await
        .unwrap();
    snapshot_wire("wire_create_order", &server).await;
}

#[tokio::test]
async fn wire_get_order() {
    let server = MockServer::start().await;
    answer(&server, 200, ORDER_ANSWER).await;
    pg(&server)
        .get_order()
        .order_id("order_42")
        .send()
        .await
        .unwrap();
    snapshot_wire("wire_get_order", &server).await;
}

#[tokio::test]
async fn wire_terminate_order() {
    let server = MockServer::start().await;
    answer(&server, 200, ORDER_ANSWER).await;
    pg(&server)
        .terminate_order()
        .order_id("order_42")
        .body(
            types::TerminateOrderRequest::builder()
                .order_status(enums::TerminateOrderStatus::Terminated),
        )
        .send()
        .await
        .unwrap();
    snapshot_wire("wire_terminate_order", &server).await;
}

#[tokio::test]
async fn wire_pay_order() {
    let server = MockServer::start().await;
    answer(
        &server,
        200,
        &fixture("cashfree-pg/pay_order.response.json"),
    )
    .await;
    let body: types::PayOrderRequest =
        serde_json::from_str(&fixture("cashfree-pg/pay_order.request.json")).unwrap();
    pg(&server).pay_order().body(body).send().await.unwrap();
    snapshot_wire("wire_pay_order", &server).await;
}

#[tokio::test]
async fn wire_cancel_link() {
    let server = MockServer::start().await;
    answer(
        &server,
        200,
        r#"{"link_id": "my_link_id", "link_status": "CANCELLED"}"#,
    )
    .await;
    pg(&server)
        .cancel_link()
        .link_id("my_link_id")
        .send()
        .await
        .unwrap();
    snapshot_wire("wire_cancel_link", &server).await;
}

#[tokio::test]
async fn wire_get_link_orders() {
    let server = MockServer::start().await;
    answer(&server, 200, "[]").await;
    pg(&server)
        .get_link_orders()
        .link_id("my_link_id")
        .status(enums::LinkOrdersStatusFilter::All)
        .x_request_id("caller-chosen-id")
        .send()
        .await
        .unwrap();
    snapshot_wire("wire_get_link_orders", &server).await;
}

#[tokio::test]
async fn wire_get_settlements() {
    let server = MockServer::start().await;
    answer(
        &server,
        200,
        &fixture("cashfree-pg/get_settlements.response.json"),
    )
    .await;
    let body: types::FetchSettlementsRequest =
        serde_json::from_str(&fixture("cashfree-pg/get_settlements.request.json")).unwrap();
    pg(&server)
        .get_settlements()
        .body(body)
        .send()
        .await
        .unwrap();
    snapshot_wire("wire_get_settlements", &server).await;
}

#[tokio::test]
async fn wire_delete_customer_instrument() {
    let server = MockServer::start().await;
    answer(
        &server,
        200,
        r#"{"instrument_id": "0dca46b1", "instrument_status": "INACTIVE"}"#,
    )
    .await;
    pg(&server)
        .delete_customer_instrument()
        .customer_id("7112AAA812234")
        .instrument_id("0dca46b1-01f7-4a60-9e4a-ae5474603563")
        .send()
        .await
        .unwrap();
    snapshot_wire("wire_delete_customer_instrument", &server).await;
}

#[tokio::test]
async fn wire_create_refund() {
    let server = MockServer::start().await;
    answer(
        &server,
        200,
        r#"{"refund_id": "refund_00912", "refund_status": "PENDING"}"#,
    )
    .await;
    let body: types::OrderCreateRefundRequest =
        serde_json::from_str(&fixture("cashfree-pg/create_refund.request.json")).unwrap();
    pg(&server)
        .create_refund()
        .order_id("order_42")
        .body(body)
        .send()
        .await
        .unwrap();
    snapshot_wire("wire_create_refund", &server).await;
}

// ---- documented samples, typed ----

fn typed<T: DeserializeOwned + Debug>(name: &str, text: &str) -> String {
    let value: T = serde_json::from_str(text)
        .unwrap_or_else(|e| panic!("{name} does not parse as its type: {e}"));
    // Generated maps are `BTreeMap`s, so the Debug text is the same on every run.
    format!("{value:#?}")
}

/// The typed value of a fixture, by its name (`<operationId>.<kind>[.<variant>].json`).
fn typed_fixture(name: &str, text: &str) -> String {
    let mut parts = name.split('.');
    let op = parts.next().unwrap_or_default();
    let kind = parts.next().unwrap_or_default();
    if kind.starts_with("error-") {
        return typed::<types::ErrorResponse>(name, text);
    }
    match (op, kind) {
        ("authenticate_payment", "response") => typed::<types::OrderAuthenticateEntity>(name, text),
        ("authorize_apple_pay", "request") => typed::<types::AuthorizeApplePayRequest>(name, text),
        ("authorize_apple_pay", "response") => {
            typed::<types::PayOrderAuthorizationEntity>(name, text)
        }
        ("create_order", "request") => typed::<types::CreateOrderRequest>(name, text),
        ("create_order", "response") => typed::<types::OrderEntity>(name, text),
        ("create_refund", "request") => typed::<types::OrderCreateRefundRequest>(name, text),
        // PG-22: an array although the schema is one refund; its element is what is typed.
        ("create_refund", "example-array") => typed::<Vec<types::RefundEntity>>(name, text),
        ("get_customer_instruments", "response") => {
            typed::<Vec<types::InstrumentEntity>>(name, text)
        }
        ("get_disputes_for_payment", "response") => typed::<Vec<types::DisputesEntity>>(name, text),
        ("get_settlements", "request") => typed::<types::FetchSettlementsRequest>(name, text),
        // PG-25: a page of settlements, its entry the reference's one-settlement example.
        ("get_settlements", "response") => typed::<types::SettlementsPage>(name, text),
        ("pay_order", "request") => typed::<types::PayOrderRequest>(name, text),
        ("pay_order", "response") => typed::<types::PayOrderEntity>(name, text),
        _ => panic!("{name}: no type is known for this fixture; add it to typed_fixture"),
    }
}

#[test]
fn every_documented_sample_parses_into_its_type() {
    let dir = format!("{}/tests/fixtures/cashfree-pg", env!("CARGO_MANIFEST_DIR"));
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("the fixture directory")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|n| n.ends_with(".json"))
        .collect();
    names.sort();
    assert_eq!(names.len(), 27, "fixtures: {names:?}");
    for name in names {
        let text = fixture(&format!("cashfree-pg/{name}"));
        let snapshot = format!(
            "fixture_{}",
            name.trim_end_matches(".json").replace(['.', '-'], "_")
        );
        insta::assert_snapshot!(snapshot, typed_fixture(&name, &text));
    }
}

#[test]
fn the_documented_refund_array_is_not_a_refund() {
    // PG-22: the array example must not be mistaken for the documented schema.
    let text = fixture("cashfree-pg/create_refund.example-array.json");
    assert!(serde_json::from_str::<types::RefundEntity>(&text).is_err());
}
