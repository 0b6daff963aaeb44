//! Every amount a PG request carries obeys its scale (two decimals): a three-decimal refund,
//! refund split, payment-link or capture amount is refused before sending, naming the field.
#![cfg(feature = "pg")]

use crate::common::*;

use paygen::pg::types;
use paygen::{Amount, Error};
use wiremock::MockServer;

fn amount(text: &str) -> Amount {
    text.parse().unwrap()
}

async fn refused(server: &MockServer, err: Error) -> paygen::ValidationError {
    assert!(
        server.received_requests().await.unwrap().is_empty(),
        "nothing may be sent"
    );
    match err {
        Error::Validation(v) => v,
        other => panic!("expected a validation error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_three_decimal_refund_amount_is_refused_before_sending() {
    let server = MockServer::start().await;
    let body = types::OrderCreateRefundRequest::builder()
        .refund_amount(amount("10.155"))
        .refund_id("refund_1");
    let err = pg(&server)
        .create_refund()
        .order_id("order_42")
        .body(body)
        .send()
        .await
        .unwrap_err();
    let v = refused(&server, err).await;
    assert_eq!(v.field.as_deref(), Some("refund_amount"));
    assert!(v.message.contains("at most 2 decimal places"), "{v}");
}

#[tokio::test]
async fn a_zero_refund_is_refused_before_sending() {
    let server = MockServer::start().await;
    let body = types::OrderCreateRefundRequest::builder()
        .refund_amount(amount("0.00"))
        .refund_id("refund_1");
    let err = pg(&server)
        .create_refund()
        .order_id("order_42")
        .body(body)
        .send()
        .await
        .unwrap_err();
    let v = refused(&server, err).await;
    assert_eq!(v.field.as_deref(), Some("refund_amount"));
    assert!(v.message.contains("more than 0"), "{v}");
}

#[tokio::test]
async fn a_three_decimal_refund_split_names_its_index() {
    let server = MockServer::start().await;
    let mut body: types::OrderCreateRefundRequest =
        serde_json::from_str(&fixture("cashfree-pg/create_refund.request.json")).unwrap();
    body.refund_splits = serde_json::from_str(
        r#"[{"vendor_id": "v1", "amount": 1.25}, {"vendor_id": "v2", "amount": 1.255}]"#,
    )
    .unwrap();
    let err = pg(&server)
        .create_refund()
        .order_id("order_42")
        .body(body)
        .send()
        .await
        .unwrap_err();
    let v = refused(&server, err).await;
    assert_eq!(v.field.as_deref(), Some("refund_splits[1].amount"));
}
