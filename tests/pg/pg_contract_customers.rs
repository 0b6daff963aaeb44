//! PG customers on the wire: create.
#![cfg(feature = "pg")]

use crate::common;

use common::{answer, assert_pg_request, pg, Expected};
use paygen::pg::types;
use paygen::Error;
use wiremock::MockServer;

#[tokio::test]
async fn create_customer_sends_phone_email_and_name() {
    let server = MockServer::start().await;
    answer(
        &server,
        200,
        r#"{"customer_uid": "54deabb4-ba45-4a60-9e6a-9c016fe7ab10", "customer_phone": "9999999999",
            "customer_email": "john@example.com", "customer_name": "John Doe"}"#,
    )
    .await;
    let body = types::CreateCustomerRequest::builder()
        .customer_phone("9999999999")
        .customer_email(Some("john@example.com".to_string()))
        .customer_name(Some("John Doe".to_string()));
    let customer = pg(&server)
        .create_customer()
        .body(body)
        .send()
        .await
        .expect("created");
    assert_pg_request(
        &server,
        Expected::post(
            "/customers",
            r#"{"customer_email":"john@example.com","customer_name":"John Doe","customer_phone":"9999999999"}"#,
        ),
    )
    .await;
    assert_eq!(
        customer.customer_uid.as_deref(),
        Some("54deabb4-ba45-4a60-9e6a-9c016fe7ab10")
    );
    assert_eq!(customer.customer_phone.as_deref(), Some("9999999999"));
    assert_eq!(customer.customer_name.as_deref(), Some("John Doe"));
}

#[tokio::test]
async fn create_customer_with_a_phone_only() {
    let server = MockServer::start().await;
    answer(&server, 200, r#"{"customer_uid": "0a1b2c3d-0000-4000-8000-000000000001", "customer_phone": "9999999999"}"#).await;
    let body = types::CreateCustomerRequest::builder().customer_phone("9999999999");
    let customer = pg(&server)
        .create_customer()
        .body(body)
        .send()
        .await
        .expect("created");
    assert_pg_request(
        &server,
        Expected::post("/customers", r#"{"customer_phone":"9999999999"}"#),
    )
    .await;
    assert!(customer.customer_email.is_none());
}

#[tokio::test]
async fn create_customer_refuses_a_phone_that_is_not_ten_digits() {
    let server = MockServer::start().await;
    let body = types::CreateCustomerRequest::builder().customer_phone("99999");
    let err = pg(&server)
        .create_customer()
        .body(body)
        .send()
        .await
        .unwrap_err();
    let Error::Validation(v) = &err else {
        panic!("expected a validation error, got {err:?}")
    };
    assert_eq!(v.field.as_deref(), Some("customer_phone"));
    assert!(server.received_requests().await.unwrap().is_empty());
}
