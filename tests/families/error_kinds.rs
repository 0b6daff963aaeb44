//! Each family's `ErrorKind::of`: the documented error bodies, fed through the family's client,
//! name the documented case (Flowwise, Collect from India, BBPS: Cashfree's common body; Global
//! Collections, OneEscrow: the `{status, subCode, message}` envelope).

use crate::common;

use paygen::Error;
use wiremock::matchers::{any, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A server that answers every call with `status` and `body` (after a token, for the token
/// APIs).
async fn answering(status: u16, body: &str) -> MockServer {
    let server = MockServer::start().await;
    let token = r#"{"status":"SUCCESS","subCode":"200","message":"Token generated","data":{"token":"tok-1","expiry":4102444800}}"#;
    Mock::given(method("POST"))
        .and(path("/v1/authorize"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(token, "application/json"))
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(status).set_body_raw(body.to_string(), "application/json"),
        )
        .mount(&server)
        .await;
    server
}

/// The PG Errors page's authentication sample, which the other common-body families repeat.
const AUTH_FAILED: &str =
    r#"{"message":"authentication Failed","code":"request_failed","type":"authentication_error"}"#;

#[cfg(feature = "flowwise")]
#[tokio::test]
async fn flowwise_errors_are_classified() {
    use paygen::flowwise::{Client, ErrorKind};
    for (status, body, want) in [
        (
            400,
            common::fixture("cashfree-flowwise/flowwise_delete_customer.error-400.json"),
            ErrorKind::InvalidRequest,
        ),
        (
            401,
            AUTH_FAILED.to_string(),
            ErrorKind::AuthenticationFailed,
        ),
        (
            500,
            r#"{"message":"internal","code":"internal_error","type":"api_error"}"#.to_string(),
            ErrorKind::ServerError,
        ),
    ] {
        let server = answering(status, &body).await;
        let client = Client::from_config(common::config(&server)).unwrap();
        let err = client
            .flowwise_delete_customer()
            .customer_id("bad id")
            .send()
            .await
            .unwrap_err();
        assert_eq!(ErrorKind::of(&err), Some(want), "{status} {body}");
        assert_eq!(ErrorKind::of_api(err.as_api().unwrap()), Some(want));
    }
    assert!(ErrorKind::InvalidRequest
        .what_to_do()
        .contains("fix the request"));
}

#[cfg(feature = "international")]
#[tokio::test]
async fn collect_from_india_errors_are_classified() {
    use paygen::collect_from_india::{Client, ErrorKind};
    for (status, body, want) in [
        (401, AUTH_FAILED, ErrorKind::AuthenticationFailed),
        (
            404,
            r#"{"message":"order not found","code":"order_not_found","type":"invalid_request_error"}"#,
            ErrorKind::NotFound,
        ),
        (
            429,
            r#"{"message":"too many","code":"request_failed","type":"rate_limit_error"}"#,
            ErrorKind::RateLimited,
        ),
    ] {
        let server = answering(status, body).await;
        let client = Client::from_config(
            common::config(&server).with_retry(paygen::RetryConfig::default().with_max_attempts(1)),
        )
        .unwrap();
        let err = client
            .get_import_settlement()
            .order_id("o-1")
            .send()
            .await
            .unwrap_err();
        assert_eq!(ErrorKind::of(&err), Some(want), "{status} {body}");
    }
}

#[cfg(feature = "bbps")]
#[tokio::test]
async fn bbps_errors_are_classified() {
    use paygen::bbps::{Client, ErrorKind};
    for (status, kind, want) in [
        (400, "invalid_request_error", ErrorKind::InvalidRequest),
        (401, "authentication_error", ErrorKind::AuthenticationFailed),
        (404, "invalid_request_error", ErrorKind::NotFound),
        (500, "api_error", ErrorKind::ServerError),
    ] {
        let body =
            format!(r#"{{"message":"failure {status}","code":"request_failed","type":"{kind}"}}"#);
        let server = answering(status, &body).await;
        let client = Client::from_config(common::config(&server)).unwrap();
        let err = client
            .get_bbps_transaction_status()
            .bbps_transaction_id("t1")
            .send()
            .await
            .unwrap_err();
        assert_eq!(ErrorKind::of(&err), Some(want), "{status} {kind}");
    }
}

#[cfg(feature = "international")]
#[tokio::test]
async fn global_collections_envelopes_are_classified_by_sub_code() {
    use paygen::global_collections::{Client, ErrorKind};
    for (status, body, want) in [
        (
            403,
            r#"{"status":"ERROR","subCode":"403","message":"Merchant not enabled for Global Collections"}"#,
            ErrorKind::NotEnabled,
        ),
        (
            403,
            r#"{"status":"ERROR","subCode":"403","message":"Invalid clientId and clientSecret combination"}"#,
            ErrorKind::InvalidCredentials,
        ),
        (
            400,
            r#"{"status":"ERROR","subCode":"400","message":"maxReturn must be between 1 and 200"}"#,
            ErrorKind::InvalidRequest,
        ),
    ] {
        let server = answering(status, body).await;
        let client = Client::from_config(common::config(&server)).unwrap();
        let err = client
            .gc_get_collection_accounts()
            .send()
            .await
            .unwrap_err();
        assert_eq!(ErrorKind::of(&err), Some(want), "{body}");
    }
}

#[cfg(feature = "oneescrow")]
#[tokio::test]
async fn oneescrow_envelopes_are_classified_and_a_refused_authorize_too() {
    use paygen::oneescrow::{Client, ErrorKind};
    let refused = r#"{"status":"ERROR","subCode":"422","message":"Insufficient balance in the source account"}"#;
    let server = answering(200, refused).await;
    let client = Client::from_config(common::config(&server)).unwrap();
    let err = client
        .escrow_get_fund_source()
        .payment_instrument_id("CASHFREE_1")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        ErrorKind::of(&err),
        Some(ErrorKind::InsufficientBalance),
        "{err}"
    );
    let invalid =
        r#"{"status":"ERROR","subCode":"422","message":"endTime must be after startTime"}"#;
    let server = answering(200, invalid).await;
    let err = Client::from_config(common::config(&server))
        .unwrap()
        .escrow_get_fund_source()
        .payment_instrument_id("CASHFREE_1")
        .send()
        .await
        .unwrap_err();
    assert_eq!(ErrorKind::of(&err), Some(ErrorKind::InvalidRequest));

    // The authorize call refused: the call's error is a configuration error whose cause is
    // the API's answer, and `of` reads it there.
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"status":"ERROR","subCode":"401","message":"Invalid clientId and clientSecret combination"}"#,
            "application/json",
        ))
        .mount(&server)
        .await;
    let err = Client::from_config(common::config(&server))
        .unwrap()
        .escrow_get_fund_source()
        .payment_instrument_id("CASHFREE_1")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err}");
    assert_eq!(ErrorKind::of(&err), Some(ErrorKind::InvalidCredentials));
    assert_eq!(
        ErrorKind::UnknownError.retry_after(),
        Some(std::time::Duration::from_secs(600))
    );
    assert_eq!(ErrorKind::InvalidCredentials.retry_after(), None);
}
