//! Every status / sub-code / message document 002 lists for Payouts v1 (the fixtures README
//! collects them) becomes an error of the right kind — on HTTP 200 as the document says, and on
//! the HTTP status the public reference shows — keeping the message and the raw body, with a
//! note that says what to do.
#![cfg(feature = "payouts")]

use crate::payouts_support as support;

use std::time::Duration;

use paygen::payouts_v1::{types, Client, ErrorKind};
use paygen::Error;
use support::*;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer};

#[derive(Clone, Copy, Debug)]
enum Op {
    Create,
    Status,
    Deactivate,
}

impl Op {
    fn route(self) -> (&'static str, &'static str) {
        match self {
            Op::Create => ("POST", CREATE_CASHGRAM),
            Op::Status => ("GET", CASHGRAM_STATUS),
            Op::Deactivate => ("POST", DEACTIVATE),
        }
    }

    async fn call(self, client: &Client) -> Result<(), Error> {
        match self {
            Op::Create => {
                let body: types::CreateCashgramRequest =
                    serde_json::from_str(&v1_fixture("create_cashgram.request.json")).unwrap();
                client.create_cashgram().body(body).send().await.map(|_| ())
            }
            Op::Status => client
                .get_cashgram_status()
                .cashgram_id("JOHaN10")
                .send()
                .await
                .map(|_| ()),
            Op::Deactivate => client
                .deactivate_cashgram()
                .body(types::DeactivateCashgramRequest {
                    cashgram_id: "JOHaN10".into(),
                })
                .send()
                .await
                .map(|_| ()),
        }
    }
}

/// (operation, subCode, message, kind): every ERROR row and sample of document 002.
const DOCUMENTED: &[(Op, &str, &str, ErrorKind)] = &[
    (
        Op::Create,
        "403",
        "Token is not valid",
        ErrorKind::TokenInvalid,
    ),
    (
        Op::Create,
        "403",
        "IP not whitelisted",
        ErrorKind::IpNotWhitelisted,
    ),
    (
        Op::Create,
        "409",
        "Cashgram with id JOHaN10 already exists",
        ErrorKind::AlreadyExists,
    ),
    (
        Op::Create,
        "412",
        "Token missing in the request",
        ErrorKind::TokenMissing,
    ),
    (
        Op::Create,
        "412",
        "Available balance is less than requested cashgram amount.",
        ErrorKind::InsufficientBalance,
    ),
    (
        Op::Create,
        "422",
        "Remarks can have only numbers,alphabets and whitespaces",
        ErrorKind::InvalidRequest,
    ),
    (
        Op::Create,
        "520",
        "Unknown error occurred. Please try again.",
        ErrorKind::UnknownError,
    ),
    (
        Op::Status,
        "403",
        "Token is not valid",
        ErrorKind::TokenInvalid,
    ),
    (
        Op::Status,
        "403",
        "IP not whitelisted",
        ErrorKind::IpNotWhitelisted,
    ),
    (
        Op::Status,
        "412",
        "Token missing in the request",
        ErrorKind::TokenMissing,
    ),
    (
        Op::Status,
        "404",
        "Cashgram with id JOHaN10 does not exists",
        ErrorKind::NotFound,
    ),
    (
        Op::Status,
        "422",
        "Please provide a valid cashgram Id",
        ErrorKind::InvalidRequest,
    ),
    (
        Op::Status,
        "520",
        "Unknown error occurred",
        ErrorKind::UnknownError,
    ),
    (
        Op::Deactivate,
        "403",
        "Token is not valid",
        ErrorKind::TokenInvalid,
    ),
    (
        Op::Deactivate,
        "403",
        "IP not whitelisted",
        ErrorKind::IpNotWhitelisted,
    ),
    (
        Op::Deactivate,
        "412",
        "Token missing in the request",
        ErrorKind::TokenMissing,
    ),
    (
        Op::Deactivate,
        "412",
        "Active cashgrams can only be deactivated",
        ErrorKind::CashgramNotActive,
    ),
    (
        Op::Deactivate,
        "412",
        "Cashgram with id - JOHaN10 has already been Expired",
        ErrorKind::CashgramNotActive,
    ),
    (
        Op::Deactivate,
        "404",
        "Active cashgrams id JOHaN10 can only be deactivated",
        ErrorKind::NotFound,
    ),
    (
        Op::Deactivate,
        "404",
        "Cashgram with id JOHaN10 does not exists",
        ErrorKind::NotFound,
    ),
    (
        Op::Deactivate,
        "422",
        "Please provide a valid cashgram Id",
        ErrorKind::InvalidRequest,
    ),
    (Op::Deactivate, "520", "", ErrorKind::UnknownError),
];

#[tokio::test]
async fn every_documented_sub_code_is_a_typed_error_on_http_200_and_on_its_own_status() {
    for &(op, sub_code, message, kind) in DOCUMENTED {
        for http in [200u16, sub_code.parse().unwrap()] {
            let server = MockServer::start().await;
            mount_authorize(&server, &[300], Duration::ZERO).await;
            let body =
                format!(r#"{{"status":"ERROR","subCode":"{sub_code}","message":"{message}"}}"#);
            let (m, p) = op.route();
            Mock::given(method(m))
                .and(path(p))
                .respond_with(answer(http, body.clone()))
                .mount(&server)
                .await;
            let client = v1(&server);
            let err = op.call(&client).await.unwrap_err();
            let case = format!("{op:?} {sub_code} {message:?} on HTTP {http}");
            assert_eq!(ErrorKind::of(&err), Some(kind), "{case}: {err}");
            assert_eq!(err.code(), Some(sub_code), "{case}");
            let api = err.as_api().unwrap_or_else(|| panic!("{case}: {err:?}"));
            assert_eq!(api.status, http, "{case}");
            assert_eq!(
                api.raw_body,
                body.as_bytes(),
                "{case}: the body is kept as sent"
            );
            if !message.is_empty() {
                assert_eq!(api.message, message, "{case}");
            }
            assert_eq!(api.note.as_deref(), Some(kind.what_to_do()), "{case}");
            assert!(err.to_string().contains(kind.what_to_do()), "{case}: {err}");
        }
    }
}

#[tokio::test]
async fn the_documented_error_samples_map_to_their_kinds() {
    let samples = [
        (
            Op::Create,
            "create_cashgram.error-409.json",
            ErrorKind::AlreadyExists,
        ),
        (
            Op::Create,
            "create_cashgram.error-422.json",
            ErrorKind::InvalidRequest,
        ),
        (
            Op::Status,
            "get_cashgram_status.error-404.json",
            ErrorKind::NotFound,
        ),
        (
            Op::Deactivate,
            "deactivate_cashgram.error-404.json",
            ErrorKind::NotFound,
        ),
        (
            Op::Deactivate,
            "deactivate_cashgram.error-412.json",
            ErrorKind::CashgramNotActive,
        ),
    ];
    for (op, file, kind) in samples {
        let server = MockServer::start().await;
        mount_authorize(&server, &[300], Duration::ZERO).await;
        let (m, p) = op.route();
        Mock::given(method(m))
            .and(path(p))
            .respond_with(answer(200, v1_fixture(file)))
            .mount(&server)
            .await;
        let err = op.call(&v1(&server)).await.unwrap_err();
        assert_eq!(ErrorKind::of(&err), Some(kind), "{file}: {err}");
        assert_eq!(
            err.as_api().unwrap().raw_body,
            v1_fixture(file).into_bytes(),
            "{file}"
        );
        assert_eq!(
            count(&server, m, p).await,
            1,
            "{file}: a refusal is not retried"
        );
    }
}

/// P6: the reference labels the "does not exists" body HTTP 422; it still reads as not found.
#[tokio::test]
async fn not_found_on_http_422_is_still_not_found() {
    let server = MockServer::start().await;
    mount_authorize(&server, &[300], Duration::ZERO).await;
    Mock::given(method("GET"))
        .and(path(CASHGRAM_STATUS))
        .respond_with(answer(
            422,
            v1_fixture("get_cashgram_status.error-404.json"),
        ))
        .mount(&server)
        .await;
    let err = Op::Status.call(&v1(&server)).await.unwrap_err();
    assert_eq!(ErrorKind::of(&err), Some(ErrorKind::NotFound));
    assert_eq!(err.status(), Some(422));
}

#[tokio::test]
async fn error_statuses_without_an_envelope_are_errors_too() {
    let server = MockServer::start().await;
    mount_authorize(&server, &[300], Duration::ZERO).await;
    Mock::given(method("GET"))
        .and(path(CASHGRAM_STATUS))
        .respond_with(
            wiremock::ResponseTemplate::new(503)
                .set_body_string("<html>Service Unavailable</html>"),
        )
        .mount(&server)
        .await;
    let err = Op::Status.call(&v1(&server)).await.unwrap_err();
    assert_eq!(ErrorKind::of(&err), Some(ErrorKind::ServerError));
    assert_eq!(err.status(), Some(503));
    assert!(err.is_retryable());
    assert_eq!(
        count(&server, "GET", CASHGRAM_STATUS).await,
        3,
        "a lookup is safe to retry"
    );
}

#[tokio::test]
async fn a_success_envelope_is_not_an_error() {
    let server = MockServer::start().await;
    mount_authorize(&server, &[300], Duration::ZERO).await;
    Mock::given(method("POST"))
        .and(path(DEACTIVATE))
        .respond_with(answer(200, v1_fixture("deactivate_cashgram.response.json")))
        .mount(&server)
        .await;
    Op::Deactivate.call(&v1(&server)).await.unwrap();
}

#[test]
fn unknown_error_says_to_wait_ten_to_fifteen_minutes() {
    assert_eq!(
        ErrorKind::UnknownError.retry_after(),
        Some(Duration::from_secs(600))
    );
    assert!(ErrorKind::UnknownError
        .what_to_do()
        .contains("10 to 15 minutes"));
    assert_eq!(ErrorKind::InsufficientBalance.retry_after(), None);
}

#[test]
fn sub_codes_outside_the_tables_are_kept_as_other() {
    assert_eq!(ErrorKind::classify("418", "teapot"), Some(ErrorKind::Other));
    assert_eq!(
        ErrorKind::classify("412", "something new"),
        Some(ErrorKind::PreconditionFailed)
    );
    assert_eq!(
        ErrorKind::classify("401", "Invalid clientId and clientSecret combination"),
        Some(ErrorKind::InvalidCredentials)
    );
    assert_eq!(ErrorKind::classify("200", "Token generated"), None);
}
