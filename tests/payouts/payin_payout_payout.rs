//! Payouts move money: the body is validated before anything is sent, Payout Initiate is never
//! re-sent, and a lost answer is resolved through Payout Status by the merchant's `order_id`
//! (or ends in `Error::OutcomeUnknown` carrying that `order_id`).
#![cfg(feature = "payin-payout")]

use crate::payin_payout_support as support;

use std::time::Duration;

use paygen::payin_payout::{enums, types, Client, HmacAuth, PayoutOutcome};
use paygen::{Amount, Error};
use support::*;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ORDER: &str = "qweq-2d2fss-2234sd-44533";
const STATUS_PATH: &str = "/api/v1/payout/qweq-2d2fss-2234sd-44533/status";

fn request() -> types::builder::PayoutInitiateRequest {
    let doc: types::PayoutInitiateRequest =
        serde_json::from_str(&fixture("initiate_payout.request.json")).unwrap();
    doc.into()
}

fn json(body: String) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body, "application/json")
}

async fn count(server: &MockServer, p: &str) -> usize {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path() == p)
        .count()
}

fn timeout_client(server: &MockServer) -> Client {
    let config = config(&server.uri()).with_timeout(Duration::from_millis(300));
    Client::from_config_with_auth(config, HmacAuth::new().with_clock(|| T0)).unwrap()
}

#[tokio::test]
async fn a_clear_success_is_returned_without_a_lookup() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v1/payout/initiate"))
        .respond_with(signed_only(fixture("initiate_payout.response.json")))
        .mount(&server)
        .await;
    let outcome = client(&server)
        .initiate_payout_exactly_once(request())
        .await
        .unwrap();
    assert!(matches!(outcome, PayoutOutcome::Created(_)));
    assert!(!outcome.was_looked_up());
    // The answer is kept whole, like every other success.
    let created = outcome.created().unwrap();
    assert_eq!(created.status(), 200);
    assert!(!created.raw_body().is_empty());
    assert_eq!(
        outcome.payout_status(),
        Some(&enums::TransactionStatus::Pending)
    );
    assert_eq!(outcome.payout().unwrap().order_id.as_deref(), Some(ORDER));
    assert_eq!(count(&server, STATUS_PATH).await, 0);
    assert_eq!(count(&server, "/api/v1/payout/initiate").await, 1);
}

#[tokio::test]
async fn a_timeout_is_resolved_by_payout_status() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v1/payout/initiate"))
        .respond_with(
            json(fixture("initiate_payout.response.json")).set_delay(Duration::from_secs(3)),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(STATUS_PATH))
        .respond_with(signed_only(fixture("get_payout_status.response.json")))
        .mount(&server)
        .await;
    let outcome = timeout_client(&server)
        .initiate_payout_exactly_once(request())
        .await
        .unwrap();
    assert!(outcome.was_looked_up());
    assert_eq!(
        outcome.payout_status(),
        Some(&enums::TransactionStatus::Approved)
    );
    assert_eq!(
        outcome.payout().unwrap().transaction_id.as_deref(),
        Some("2517319122")
    );
    assert_eq!(
        count(&server, "/api/v1/payout/initiate").await,
        1,
        "never re-sent"
    );
    assert_eq!(count(&server, STATUS_PATH).await, 1);
    for r in server.received_requests().await.unwrap() {
        check_signed(&r, "").unwrap();
    }
}

#[tokio::test]
async fn a_server_error_is_resolved_by_payout_status() {
    for status in [500, 502, 503, 504] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(status))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path(STATUS_PATH))
            .respond_with(json(
                fixture("get_payout_status.response.json").replace("\"Approved\"", "\"Pending\""),
            ))
            .mount(&server)
            .await;
        let outcome = client(&server)
            .initiate_payout_exactly_once(request())
            .await
            .unwrap();
        assert!(matches!(outcome, PayoutOutcome::LookedUp(_)), "{status}");
        assert_eq!(
            outcome.payout_status(),
            Some(&enums::TransactionStatus::Pending)
        );
        assert_eq!(
            count(&server, "/api/v1/payout/initiate").await,
            1,
            "{status}: never re-sent"
        );
    }
}

#[tokio::test]
async fn when_the_lookup_fails_too_the_outcome_is_unknown_and_carries_the_order_id() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let err = client(&server)
        .initiate_payout_exactly_once(request())
        .await
        .unwrap_err();
    let Error::OutcomeUnknown(u) = &err else {
        panic!("expected OutcomeUnknown, got {err:?}")
    };
    assert_eq!(u.reference, ORDER);
    assert_eq!(u.operation, "initiate_payout");
    assert!(
        u.cause.contains("500") && u.cause.contains("503"),
        "{}",
        u.cause
    );
    assert!(err.to_string().contains(ORDER));
    assert!(!err.is_retryable());
    assert_eq!(count(&server, "/api/v1/payout/initiate").await, 1);
}

/// A lookup that does not find the payout is not proof it was never made (it may still be in
/// flight): the outcome stays unknown.
#[tokio::test]
async fn a_lookup_that_finds_nothing_leaves_the_outcome_unknown() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(504))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(json(
            r#"{"error":"Not found","data":[],"message":"Payout not found.","success":false}"#
                .into(),
        ))
        .mount(&server)
        .await;
    let err = client(&server)
        .initiate_payout_exactly_once(request())
        .await
        .unwrap_err();
    let Error::OutcomeUnknown(u) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(u.reference, ORDER);
    assert!(u.cause.contains("Payout not found."), "{}", u.cause);
}

#[tokio::test]
async fn a_lookup_answer_for_another_order_is_not_trusted() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(json(
            fixture("get_payout_status.response.json").replace(ORDER, "someone-else"),
        ))
        .mount(&server)
        .await;
    let err = client(&server)
        .initiate_payout_exactly_once(request())
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::OutcomeUnknown(u) if u.cause.contains("someone-else")),
        "{err:?}"
    );
}

/// A refusal in the envelope is a clear answer: no payout, no lookup.
#[tokio::test]
async fn a_refusal_is_returned_as_is_without_a_lookup() {
    let server = MockServer::start().await;
    let body = r#"{"error":"Insufficient balance","data":[],"message":"Insufficient wallet balance.","success":false}"#;
    Mock::given(method("POST"))
        .respond_with(json(body.into()))
        .mount(&server)
        .await;
    let err = client(&server)
        .initiate_payout_exactly_once(request())
        .await
        .unwrap_err();
    let api = err.as_api().expect("Error::Api");
    assert_eq!(api.message, "Insufficient wallet balance.");
    assert_eq!(api.code.as_deref(), Some("Insufficient balance"));
    assert_eq!(count(&server, STATUS_PATH).await, 0);
    assert_eq!(count(&server, "/api/v1/payout/initiate").await, 1);
}

#[tokio::test]
async fn a_4xx_is_returned_without_a_lookup() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(409).set_body_raw(
            r#"{"error":"Duplicate order_id","data":[],"message":"Order id already exists.","success":false}"#,
            "application/json",
        ))
        .mount(&server)
        .await;
    let err = client(&server)
        .initiate_payout_exactly_once(request())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(409));
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

/// No connection at all: the request never left, so nothing to look up.
#[tokio::test]
async fn a_refused_connection_is_a_transport_error_without_a_lookup() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let c = client_at(&format!("http://{addr}"), HmacAuth::new().with_clock(|| T0));
    match c.initiate_payout_exactly_once(request()).await.unwrap_err() {
        Error::Transport(t) => {
            assert!(t.connect, "{t}");
            assert_eq!(
                t.attempts, 1,
                "a payout is never re-sent, not even after a refused connection"
            );
        }
        other => panic!("expected a transport error, got {other:?}"),
    }
}

/// An unreadable success is ambiguous too: the lookup decides.
#[tokio::test]
async fn an_unreadable_success_is_resolved_by_payout_status() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("<html>proxy</html>", "text/html"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(STATUS_PATH))
        .respond_with(json(fixture("get_payout_status.response.json")))
        .mount(&server)
        .await;
    let outcome = client(&server)
        .initiate_payout_exactly_once(request())
        .await
        .unwrap();
    assert!(outcome.was_looked_up());
}

/// The plain generated call is never re-sent either (x-moves-money), even on a 503.
#[tokio::test]
async fn initiate_payout_itself_is_sent_once() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let err = client(&server)
        .initiate_payout()
        .body(request())
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

/// Validation before sending: each rule the issue lists, checked from the spec's constraints.
#[tokio::test]
async fn invalid_payouts_are_refused_before_sending() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(json(fixture("initiate_payout.response.json")))
        .mount(&server)
        .await;
    let c = client(&server);
    let amount = |s: &str| s.parse::<Amount>().unwrap();
    let cases: Vec<(types::builder::PayoutInitiateRequest, &str, &str)> = vec![
        (request().ifsc("SBIN060589"), "ifsc", "pattern"),
        (request().ifsc("sbin0060589"), "ifsc", "pattern"),
        (request().ifsc("SBIN1060589"), "ifsc", "pattern"),
        (request().ifsc("SBIN00605891"), "ifsc", "pattern"),
        (
            request().beneficiary_mobile_no("787878787"),
            "beneficiary_mobile_no",
            "pattern",
        ),
        (
            request().beneficiary_mobile_no("78787878789"),
            "beneficiary_mobile_no",
            "pattern",
        ),
        (
            request().beneficiary_mobile_no("+917878787878"),
            "beneficiary_mobile_no",
            "pattern",
        ),
        (
            request().beneficiary_mobile_no("78787 87878"),
            "beneficiary_mobile_no",
            "pattern",
        ),
        (request().amount(amount("0")), "amount", "more than 0"),
        (request().amount(amount("0.00")), "amount", "more than 0"),
        (request().amount(amount("-5")), "amount", "more than 0"),
        (
            request().amount(amount("10.005")),
            "amount",
            "at most 2 decimal places",
        ),
        (
            request().beneficiary_name(""),
            "beneficiary_name",
            "at least 1",
        ),
        (
            request().beneficiary_email(""),
            "beneficiary_email",
            "at least 1",
        ),
        (
            request().beneficiary_address(""),
            "beneficiary_address",
            "at least 1",
        ),
        (
            request().beneficiary_acc_no(""),
            "beneficiary_acc_no",
            "at least 1",
        ),
        (request().bank_name(""), "bank_name", "at least 1"),
        (request().order_id(""), "order_id", "at least 1"),
        (request().user_id(""), "user_id", "at least 1"),
    ];
    for (body, field, words) in cases {
        for exactly_once in [false, true] {
            let err = if exactly_once {
                c.initiate_payout_exactly_once(body.clone())
                    .await
                    .unwrap_err()
            } else {
                c.initiate_payout()
                    .body(body.clone())
                    .send()
                    .await
                    .unwrap_err()
            };
            let Error::Validation(v) = &err else {
                panic!("{field}: expected a validation error, got {err:?}")
            };
            assert_eq!(v.field.as_deref(), Some(field), "{err}");
            assert!(v.message.contains(words), "{field}: {}", v.message);
            assert!(err.to_string().contains("not sent"), "{err}");
        }
    }
    assert!(
        server.received_requests().await.unwrap().is_empty(),
        "nothing invalid was sent"
    );

    // The limits themselves are accepted.
    for ok in [
        request().amount(amount("0.01")),
        request().amount(amount("100.50")),
        request().ifsc("HDFC0ABC123"),
    ] {
        let _ = c.initiate_payout_exactly_once(ok).await.unwrap();
    }
}

/// A required field left out of the builder never leaves the process.
#[tokio::test]
async fn missing_required_fields_are_refused_before_sending() {
    let server = MockServer::start().await;
    let c = client(&server);
    let err = c
        .initiate_payout_exactly_once(types::PayoutInitiateRequest::builder().order_id("o-1"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Validation(_)), "{err:?}");
    assert!(err.to_string().contains("amount"), "{err}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn payin_links_are_validated_too() {
    let server = MockServer::start().await;
    let c = client(&server);
    let link = |amount: &str, order: &str| {
        types::PayinLinkRequest::builder()
            .user_id("u-1")
            .order_id(order)
            .amount(amount.parse::<Amount>().unwrap())
            .method(enums::PayinMethod::Upi)
            .redirect_url("https://shop.example.com")
    };
    for (body, field) in [
        (link("0", "o-1"), "amount"),
        (link("1.999", "o-1"), "amount"),
        (link("1", ""), "order_id"),
    ] {
        let err = c.create_payin_link().body(body).send().await.unwrap_err();
        assert!(
            matches!(&err, Error::Validation(v) if v.field.as_deref() == Some(field)),
            "{err:?}"
        );
    }
    let err = c
        .get_payin_status()
        .body(types::PayinStatusRequest::builder().order_id(""))
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Validation(v) if v.field.as_deref() == Some("order_id")),
        "{err:?}"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

/// `initiate_payout_exactly_once_with` takes the same per-call options as the Payouts helpers:
/// Payout Initiate carries the request id given, the Payout Status lookup after it the id
/// suffixed `-lookup`; both are still signed as the document says (the header is outside the
/// signature).
#[tokio::test]
async fn the_payout_helper_passes_its_request_id_to_the_create_and_the_lookup() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v1/payout/initiate"))
        .respond_with(ResponseTemplate::new(503).set_body_raw(
            r#"{"error":"Server Error","data":[],"message":"Something went wrong.","success":false}"#,
            "application/json",
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(STATUS_PATH))
        .respond_with(signed_only(fixture("get_payout_status.response.json")))
        .mount(&server)
        .await;
    let options = paygen::CallOptions::new().request_id("rid-payout-1");
    let outcome = client(&server)
        .initiate_payout_exactly_once_with(request(), options)
        .await
        .unwrap();
    assert!(outcome.was_looked_up(), "{outcome:?}");
    let received = server.received_requests().await.unwrap();
    let id = |p: &str| {
        received
            .iter()
            .find(|r| r.url.path() == p)
            .and_then(|r| r.headers.get("x-request-id"))
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    assert_eq!(
        id("/api/v1/payout/initiate").as_deref(),
        Some("rid-payout-1")
    );
    assert_eq!(id(STATUS_PATH).as_deref(), Some("rid-payout-1-lookup"));
    for r in &received {
        check_signed(r, "").unwrap();
    }
}
