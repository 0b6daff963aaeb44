//! Every attempt of a call carries the credentials and the call's headers, whether it is a
//! copy kept for a retry or the request itself (the last attempt the retry budget allows, or
//! the one attempt of a call that moves money): the runtime authenticates fixed credentials
//! once, before copying.
#![cfg(feature = "pg")]

use crate::common;

use common::{header, pg, CLIENT_ID, CLIENT_SECRET};
use paygen::pg::types;
use paygen::{Amount, RetryConfig};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The headers every attempt must carry, read from one received request.
fn call_headers(r: &wiremock::Request) -> [Option<String>; 5] {
    [
        "x-client-id",
        "x-client-secret",
        "x-api-version",
        "x-request-id",
        "user-agent",
    ]
    .map(|name| header(r, name).map(str::to_string))
}

fn assert_authenticated(r: &wiremock::Request) {
    assert_eq!(header(r, "x-client-id"), Some(CLIENT_ID));
    assert_eq!(header(r, "x-client-secret"), Some(CLIENT_SECRET));
    assert!(header(r, "x-api-version").is_some_and(|v| !v.is_empty()));
    assert!(header(r, "x-request-id").is_some_and(|v| v.len() == 36));
}

#[tokio::test]
async fn every_attempt_of_a_retried_call_carries_the_same_credentials_and_headers() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let err = pg(&server)
        .get_order()
        .order_id("order_42")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.as_api().unwrap().attempts, 3);
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 3, "two copies, then the request itself");
    for r in &received {
        assert_authenticated(r);
    }
    let first = call_headers(&received[0]);
    assert!(
        received.iter().all(|r| call_headers(r) == first),
        "the same headers on every attempt"
    );
}

#[tokio::test]
async fn the_one_attempt_of_a_call_without_retries_is_authenticated() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let client = paygen::pg::Client::from_config(
        common::config(&server).with_retry(RetryConfig::disabled()),
    )
    .unwrap();
    let err = client.get_order().order_id("o").send().await.unwrap_err();
    assert_eq!(err.as_api().unwrap().attempts, 1);
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 1);
    assert_authenticated(&received[0]);
}

#[tokio::test]
async fn the_one_attempt_of_a_money_moving_call_is_authenticated_and_keeps_its_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let body = types::OrderCreateRefundRequest::builder()
        .refund_amount("10.00".parse::<Amount>().unwrap())
        .refund_id("refund_1");
    let err = pg(&server)
        .create_refund()
        .order_id("order_42")
        .x_idempotency_key("k-3")
        .body(body)
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 1, "a refund is never sent twice");
    assert_authenticated(&received[0]);
    assert_eq!(header(&received[0], "x-idempotency-key"), Some("k-3"));
    let sent = String::from_utf8(received[0].body.clone()).unwrap();
    assert!(
        sent.contains(r#""refund_amount":10.00"#) && sent.contains(r#""refund_id":"refund_1""#),
        "the body as serialised, amount scale kept: {sent}"
    );
}
