//! The envelope `{error, data, message, success}`: a failure is a typed `Error::Api` whatever
//! the HTTP status, keeping `message`, `error` and the raw body; a refused timestamp says so and
//! shows the timestamp used (PP-12).
#![cfg(feature = "payin-payout")]

use crate::payin_payout_support as support;

use paygen::Error;
use serde_json::json;
use support::*;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn answer_balance_with(status: u16, body: &str) -> (Error, MockServer) {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(status).set_body_raw(body.to_string(), "application/json"),
        )
        .mount(&server)
        .await;
    let err = client(&server)
        .get_balance()
        .send()
        .await
        .expect_err("the envelope says it failed");
    (err, server)
}

#[tokio::test]
async fn success_false_with_http_200_is_an_api_error() {
    let body = r#"{"error":"","data":[],"message":"Merchant wallet not found.","success":false}"#;
    let (err, server) = answer_balance_with(200, body).await;
    let api = err.as_api().expect("Error::Api");
    assert_eq!(api.status, 200);
    assert_eq!(api.message, "Merchant wallet not found.");
    assert_eq!(api.code, None, "an empty `error` is no code");
    assert_eq!(api.raw_body, body.as_bytes());
    assert_eq!(api.operation, "get_balance");
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        1,
        "a refusal is not retried"
    );
    let text = err.to_string();
    assert!(
        text.contains("get_balance") && text.contains("Merchant wallet not found."),
        "{text}"
    );
}

#[tokio::test]
async fn a_non_empty_error_with_success_true_is_still_an_api_error() {
    let body = r#"{"error":"Insufficient wallet balance","data":{},"message":"Payout failed.","success":true}"#;
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .mount(&server)
        .await;
    let err = client(&server)
        .get_payin_status()
        .body(paygen::payin_payout::types::PayinStatusRequest::builder().order_id("o-1"))
        .send()
        .await
        .unwrap_err();
    let api = err.as_api().unwrap();
    assert_eq!(api.code.as_deref(), Some("Insufficient wallet balance"));
    assert_eq!(api.message, "Payout failed.");
    assert_eq!(api.status, 200);
}

#[tokio::test]
async fn an_error_object_is_kept_in_the_raw_body() {
    let body = r#"{"error":{"amount":["The amount must be at least 1."]},"data":[],"message":"Validation failed.","success":false}"#;
    let (err, _server) = answer_balance_with(422, body).await;
    let api = err.as_api().unwrap();
    assert_eq!(api.status, 422);
    assert_eq!(api.message, "Validation failed.");
    assert_eq!(
        api.body_json().unwrap()["error"]["amount"][0],
        "The amount must be at least 1."
    );
}

#[tokio::test]
async fn http_error_statuses_with_the_envelope_are_api_errors() {
    for status in [400, 401, 403, 404] {
        let body = json!({"error": "Unauthorized", "data": [], "message": "IP not whitelisted.", "success": false}).to_string();
        let (err, server) = answer_balance_with(status, &body).await;
        let api = err.as_api().unwrap();
        assert_eq!(api.status, status);
        assert_eq!(api.code.as_deref(), Some("Unauthorized"));
        assert_eq!(api.message, "IP not whitelisted.");
        assert_eq!(server.received_requests().await.unwrap().len(), 1);
        assert!(!err.is_retryable());
    }
}

#[tokio::test]
async fn a_success_envelope_is_not_an_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(fixture("get_balance.response.json"), "application/json"),
        )
        .mount(&server)
        .await;
    let ok = client(&server).get_balance().send().await.unwrap();
    assert_eq!(ok.success, Some(true));
    assert_eq!(ok.error.as_deref(), Some(""));
}

#[tokio::test]
async fn a_success_status_without_the_envelope_is_a_decode_error_keeping_the_body() {
    let (server, body) = (MockServer::start().await, "<html>gateway</html>");
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "text/html"))
        .mount(&server)
        .await;
    match client(&server).get_balance().send().await.unwrap_err() {
        Error::Decode(d) => assert_eq!(d.body, body.as_bytes()),
        other => panic!("expected a decode error, got {other:?}"),
    }
}

/// The document: "if the timestamp is too old or invalid, the request will be rejected". The
/// rejection names the Timestamp the request was signed with, and says what to do.
#[tokio::test]
async fn a_refused_timestamp_says_so_and_shows_the_timestamp_used() {
    let body = r#"{"error":"Request timestamp expired","data":[],"message":"Unauthorized request.","success":false}"#;
    let (err, _server) = answer_balance_with(401, body).await;
    let api = err.as_api().unwrap();
    assert_eq!(
        api.message, "Unauthorized request.",
        "the server's message is kept as sent"
    );
    assert_eq!(api.code.as_deref(), Some("Request timestamp expired"));
    let note = api.note.as_deref().unwrap();
    assert!(note.contains("too old"), "{note}");
    assert!(
        note.contains("1790431844701") && note.contains("2026-09-26T14:10:44.701Z"),
        "{note}"
    );
    let text = err.to_string();
    assert!(
        text.contains("Timestamp 1790431844701") && text.contains("clock"),
        "{text}"
    );
}

#[tokio::test]
async fn the_same_rejection_with_http_200_also_shows_the_timestamp() {
    let body =
        r#"{"error":"Invalid Timestamp","data":[],"message":"Invalid Timestamp","success":false}"#;
    let (err, _server) = answer_balance_with(200, body).await;
    assert!(
        err.to_string().contains("rejected the request's timestamp"),
        "{err}"
    );
    assert!(err.to_string().contains("1790431844701"), "{err}");
}

#[tokio::test]
async fn other_rejections_still_name_the_timestamp_but_do_not_blame_it() {
    let body =
        r#"{"error":"Invalid signature","data":[],"message":"Unauthorized.","success":false}"#;
    let (err, _server) = answer_balance_with(401, body).await;
    let note = err.as_api().unwrap().note.clone().unwrap();
    assert!(
        note.contains("signed with Timestamp 1790431844701"),
        "{note}"
    );
    assert!(!note.contains("too old"), "{note}");
}

#[tokio::test]
async fn errors_never_show_the_secret() {
    let body = r#"{"error":"Request timestamp expired","data":[],"message":"Unauthorized.","success":false}"#;
    let (err, _server) = answer_balance_with(401, body).await;
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains(SECRET), "{shown}");
}

/// A GET that keeps failing with 5xx is retried within limits, each attempt signed, and ends in
/// a typed error with the envelope kept.
#[tokio::test]
async fn server_errors_end_in_a_typed_error_after_bounded_retries() {
    let body =
        r#"{"error":"Server Error","data":[],"message":"Something went wrong.","success":false}"#;
    let (err, server) = answer_balance_with(503, body).await;
    let api = err.as_api().unwrap();
    assert_eq!(api.status, 503);
    assert_eq!(api.message, "Something went wrong.");
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len() as u32, api.attempts);
    assert_eq!(received.len(), 3);
    for r in &received {
        check_signed(r, "").unwrap();
    }
}

/// POSTs without money are not retried either (no idempotency key in this API).
#[tokio::test]
async fn payin_link_is_sent_once_on_a_server_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(502))
        .mount(&server)
        .await;
    let err = client(&server)
        .create_payin_link()
        .body(
            paygen::payin_payout::types::PayinLinkRequest::builder()
                .user_id("u")
                .order_id("o")
                .amount(paygen::Amount::from(10_i64))
                .method(paygen::payin_payout::enums::PayinMethod::Upi)
                .redirect_url("https://shop.example.com"),
        )
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(502));
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}
