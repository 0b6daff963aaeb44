//! `paygen::pg::ErrorKind::of`: the reference's own PG error bodies name the documented case.

use crate::common;

use paygen::pg::{ErrorCode, ErrorKind, ErrorType};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn the_documented_error_bodies_are_classified() {
    for (file, status, want) in [
        (
            "create_order.error-400.json",
            400,
            ErrorKind::InvalidRequest,
        ),
        (
            "pay_order.error-401.json",
            401,
            ErrorKind::AuthenticationFailed,
        ),
        ("pay_order.error-404.json", 404, ErrorKind::NotFound),
        ("pay_order.error-409.json", 409, ErrorKind::AlreadyExists),
        (
            "pay_order.error-422.json",
            422,
            ErrorKind::IdempotencyConflict,
        ),
        (
            "authenticate_payment.error-404.json",
            404,
            ErrorKind::NotFound,
        ),
        (
            "authenticate_payment.error-502.json",
            502,
            ErrorKind::BankProcessingFailure,
        ),
        (
            "authenticate_payment.error-400.already-processed.json",
            400,
            ErrorKind::InvalidRequest,
        ),
    ] {
        let server = MockServer::start().await;
        let body = common::fixture(&format!("cashfree-pg/{file}"));
        Mock::given(any())
            .respond_with(ResponseTemplate::new(status).set_body_raw(body, "application/json"))
            .mount(&server)
            .await;
        let err = common::pg(&server)
            .get_order()
            .order_id("order_1")
            .send()
            .await
            .unwrap_err();
        assert_eq!(ErrorKind::of(&err), Some(want), "{file}");
        let api = err.as_api().unwrap();
        assert_eq!(ErrorKind::of_api(api), Some(want), "{file}");
        assert!(ErrorType::of(api).is_some_and(|t| t.is_known()), "{file}");
        assert!(ErrorCode::of(api).is_some(), "{file}");
    }
}

#[test]
fn every_kind_says_what_to_do_next() {
    for kind in [
        ErrorKind::AuthenticationFailed,
        ErrorKind::IdempotencyConflict,
        ErrorKind::FeatureNotEnabled,
        ErrorKind::RateLimited,
        ErrorKind::NotFound,
        ErrorKind::AlreadyExists,
        ErrorKind::OrderNotPayable,
        ErrorKind::BankProcessingFailure,
        ErrorKind::ServerError,
        ErrorKind::InvalidRequest,
        ErrorKind::Other,
    ] {
        assert!(!kind.what_to_do().is_empty(), "{kind:?}");
        assert_eq!(kind.retry_after(), None);
    }
    assert!(ErrorKind::BankProcessingFailure
        .what_to_do()
        .contains("look the payment up"));
}

/// A validation error (nothing was sent) or a transport failure has no API kind.
#[tokio::test]
async fn errors_without_an_answer_have_no_kind() {
    let server = MockServer::start().await;
    let err = common::pg(&server)
        .get_order()
        .order_id("")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, paygen::Error::Validation(_)), "{err}");
    assert_eq!(ErrorKind::of(&err), None);
}
