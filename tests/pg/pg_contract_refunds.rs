//! PG refunds on the wire: create, list and get.
#![cfg(feature = "pg")]

use crate::common;

use common::{answer, assert_pg_request, fixture, pg, Expected};
use paygen::pg::{enums, types};
use paygen::{Amount, Error};
use wiremock::MockServer;

fn amount(text: &str) -> Amount {
    text.parse().expect("a decimal")
}

/// One refund (the reference's example element, v2025-01-01), still pending.
const REFUND: &str = r#"{
  "cf_payment_id": "918812",
  "cf_refund_id": "1553338",
  "refund_id": "refund_00912",
  "order_id": "order_42",
  "entity": "refund",
  "refund_amount": 100.81,
  "refund_currency": "INR",
  "refund_note": "refund note for reference",
  "refund_status": "PENDING",
  "refund_type": "MERCHANT_INITIATED",
  "refund_splits": [],
  "status_description": "In Progress",
  "refund_arn": null,
  "metadata": null,
  "created_at": "2025-01-25T08:57:52+05:30",
  "processed_at": null,
  "refund_charge": 0,
  "refund_mode": "STANDARD",
  "refund_speed": {"requested": "STANDARD", "accepted": "STANDARD", "processed": null, "message": null},
  "forex_conversion_handling_charge": 11.12,
  "forex_conversion_handling_tax": 1.12,
  "forex_conversion_rate": 84.24,
  "charges_currency": "INR"
}"#;

#[tokio::test]
async fn create_refund_sends_the_documented_body() {
    let server = MockServer::start().await;
    answer(&server, 200, REFUND).await;
    let body: types::OrderCreateRefundRequest =
        serde_json::from_str(&fixture("cashfree-pg/create_refund.request.json"))
            .expect("the documented request parses");
    let refund = pg(&server)
        .create_refund()
        .order_id("order_42")
        .body(body)
        .send()
        .await
        .expect("created");
    assert_pg_request(
        &server,
        Expected::post(
            "/orders/order_42/refunds",
            r#"{"refund_amount":1,"refund_id":"refund_00912","refund_note":"refund note for reference","refund_speed":"STANDARD"}"#,
        ),
    )
    .await;
    assert_eq!(refund.cf_refund_id.as_deref(), Some("1553338"));
    assert_eq!(refund.refund_id.as_deref(), Some("refund_00912"));
    assert_eq!(refund.refund_status, Some(enums::RefundStatus::Pending));
    assert_eq!(
        refund.refund_type,
        Some(enums::RefundType::MerchantInitiated)
    );
    assert_eq!(refund.refund_mode, Some(enums::RefundMode::Standard));
    assert_eq!(refund.refund_amount.unwrap().to_string(), "100.81");
    assert_eq!(refund.refund_charge.unwrap().to_string(), "0");
    assert_eq!(
        refund.forex_conversion_handling_tax.unwrap().to_string(),
        "1.12"
    );
    assert!(refund.metadata.is_none() && refund.processed_at.is_none());
    assert_eq!(
        refund.refund_speed.as_ref().unwrap().accepted.as_deref(),
        Some("STANDARD")
    );
}

#[tokio::test]
async fn create_refund_instant_with_paise_and_a_split() {
    let server = MockServer::start().await;
    answer(
        &server,
        200,
        &REFUND.replace(
            r#""refund_mode": "STANDARD""#,
            r#""refund_mode": "INSTANT""#,
        ),
    )
    .await;
    let body = types::OrderCreateRefundRequest::builder()
        .refund_amount(amount("250.50"))
        .refund_id("refund_00913")
        .refund_note(Some("damaged item".to_string()))
        .refund_speed(Some(enums::RefundSpeedOption::Instant))
        .refund_splits(vec![types::VendorSplit {
            vendor_id: Some("vendor_7".into()),
            amount: Some(amount("50.25")),
            ..Default::default()
        }]);
    let refund = pg(&server)
        .create_refund()
        .order_id("order_42")
        .body(body)
        .send()
        .await
        .expect("created");
    assert_pg_request(
        &server,
        Expected::post(
            "/orders/order_42/refunds",
            concat!(
                r#"{"refund_amount":250.50,"refund_id":"refund_00913","refund_note":"damaged item","#,
                r#""refund_speed":"INSTANT","refund_splits":[{"amount":50.25,"vendor_id":"vendor_7"}]}"#
            ),
        ),
    )
    .await;
    assert_eq!(refund.refund_mode, Some(enums::RefundMode::Instant));
}

#[tokio::test]
async fn create_refund_refuses_a_refund_id_shorter_than_documented() {
    let server = MockServer::start().await;
    let body = types::OrderCreateRefundRequest::builder()
        .refund_amount(amount("1"))
        .refund_id("r1");
    let err = pg(&server)
        .create_refund()
        .order_id("order_42")
        .body(body)
        .send()
        .await
        .unwrap_err();
    let Error::Validation(v) = &err else {
        panic!("expected a validation error, got {err:?}")
    };
    assert_eq!(v.field.as_deref(), Some("refund_id"));
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn create_refund_answered_with_the_reference_array_is_a_decode_error_keeping_the_body() {
    // PG-22: the reference's example is an array of one refund, the schema one refund. An
    // array is not silently taken; the error keeps the body so nothing is lost.
    let server = MockServer::start().await;
    let array = fixture("cashfree-pg/create_refund.example-array.json");
    answer(&server, 200, &array).await;
    let body: types::OrderCreateRefundRequest =
        serde_json::from_str(&fixture("cashfree-pg/create_refund.request.json")).unwrap();
    let err = pg(&server)
        .create_refund()
        .order_id("order_42")
        .body(body)
        .send()
        .await
        .unwrap_err();
    let Error::Decode(d) = &err else {
        panic!("expected a decode error, got {err:?}")
    };
    assert_eq!(d.body, array.as_bytes());
    let element: Vec<types::RefundEntity> =
        serde_json::from_slice(&d.body).expect("its element is a refund");
    assert_eq!(element[0].refund_status, Some(enums::RefundStatus::Success));
    assert_eq!(element[0].refund_amount.unwrap().to_string(), "100.81");
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        1,
        "a refund is never sent twice"
    );
}

#[tokio::test]
async fn get_refunds_for_order_reads_every_status() {
    // PG-23: FAILED is listed in the reference's prose, not its enum.
    let server = MockServer::start().await;
    let failed = REFUND
        .replace(
            r#""refund_status": "PENDING""#,
            r#""refund_status": "FAILED""#,
        )
        .replace(
            r#""refund_id": "refund_00912""#,
            r#""refund_id": "refund_00911""#,
        );
    let auto = REFUND
        .replace(
            r#""refund_status": "PENDING""#,
            r#""refund_status": "REVERSED""#,
        )
        .replace(
            r#""refund_type": "MERCHANT_INITIATED""#,
            r#""refund_type": "PAYMENT_AUTO_REFUND""#,
        );
    answer(&server, 200, &format!("[{REFUND}, {failed}, {auto}]")).await;
    let refunds = pg(&server)
        .get_refunds_for_order()
        .order_id("order_42")
        .send()
        .await
        .expect("listed");
    assert_pg_request(&server, Expected::get("/orders/order_42/refunds")).await;
    assert_eq!(refunds.len(), 3);
    assert_eq!(refunds[1].refund_status, Some(enums::RefundStatus::Failed));
    assert_eq!(refunds[1].refund_id.as_deref(), Some("refund_00911"));
    assert_eq!(
        refunds[2].refund_type,
        Some(enums::RefundType::PaymentAutoRefund)
    );
    assert_eq!(
        refunds[2].refund_status,
        Some(enums::RefundStatus::Unknown("REVERSED".into()))
    );
}

#[tokio::test]
async fn get_refund_reads_a_processed_refund() {
    let server = MockServer::start().await;
    answer(
        &server,
        200,
        &REFUND
            .replace(
                r#""refund_status": "PENDING""#,
                r#""refund_status": "SUCCESS""#,
            )
            .replace(r#""refund_arn": null"#, r#""refund_arn": "RF12312""#)
            .replace(
                r#""processed_at": null"#,
                r#""processed_at": "2025-01-25T12:57:52+05:30""#,
            )
            .replace(
                r#""metadata": null"#,
                r#""metadata": {"refund_source": "dashboard"}"#,
            ),
    )
    .await;
    let refund = pg(&server)
        .get_refund()
        .order_id("order_42")
        .refund_id("refund_00912")
        .send()
        .await
        .expect("found");
    assert_pg_request(
        &server,
        Expected::get("/orders/order_42/refunds/refund_00912"),
    )
    .await;
    assert_eq!(refund.refund_status, Some(enums::RefundStatus::Success));
    assert_eq!(refund.refund_arn.as_deref(), Some("RF12312"));
    assert_eq!(
        refund.processed_at.as_deref(),
        Some("2025-01-25T12:57:52+05:30")
    );
    assert_eq!(
        refund.metadata.as_ref().unwrap().get("refund_source"),
        Some(&serde_json::json!("dashboard"))
    );
}
