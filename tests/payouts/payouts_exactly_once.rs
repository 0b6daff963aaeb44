//! Money moves exactly once (Payouts v2: "When you get a 5XX response, do not initiate another
//! transaction. Check the status."): a create that moves money is sent once — never again, even
//! with retries configured — and a lost answer is resolved by looking the merchant's own id up;
//! a lookup that fails too ends in `Error::OutcomeUnknown` carrying the id; a 409 on a create is
//! reported as such with the existing record.
#![cfg(feature = "payouts")]

use crate::payouts_support as support;

use std::time::Duration;

use paygen::payouts::CreateOutcome;
use paygen::payouts_v1::enums::CashgramStatus;
use paygen::payouts_v1::{ErrorKind, NaiveDate, NewCashgram};
use paygen::payouts_v2::enums::{BatchTransferStatusValue, TransferStatus};
use paygen::payouts_v2::types;
use paygen::{Config, Credentials, Environment, Error};
use support::*;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TRANSFERS: &str = "/transfers";
const BATCH: &str = "/transfers/batch";

fn transfer() -> types::CreateTransferRequest {
    serde_json::from_str(&v2_fixture("create_transfer.request.json")).unwrap()
}

fn batch() -> types::CreateBatchTransferRequest {
    types::CreateBatchTransferRequest {
        batch_transfer_id: "test_batch_transfer_id".into(),
        transfers: vec![],
    }
}

fn cashgram() -> NewCashgram {
    NewCashgram::new(
        "JOHaN10",
        "1.00".parse().unwrap(),
        "John Doe",
        "9876543210",
        NaiveDate::from_ymd_opt(2020, 4, 1).unwrap(),
    )
}

async fn mount(server: &MockServer, m: &str, p: &str, template: impl wiremock::Respond + 'static) {
    Mock::given(method(m))
        .and(path(p))
        .respond_with(template)
        .mount(server)
        .await;
}

async fn lookup_finds_transfer(server: &MockServer) {
    Mock::given(method("GET"))
        .and(path(TRANSFERS))
        .and(query_param("transfer_id", "JUNOB2018"))
        .respond_with(answer(
            200,
            v2_fixture("create_transfer.response-pending.json"),
        ))
        .mount(server)
        .await;
}

#[tokio::test]
async fn a_5xx_on_create_transfer_is_resolved_by_one_lookup_and_never_resent() {
    for status in [500u16, 502, 503, 504] {
        let server = MockServer::start().await;
        mount(
            &server,
            "POST",
            TRANSFERS,
            answer(status, v2_fixture("create_transfer.error-500.json")),
        )
        .await;
        lookup_finds_transfer(&server).await;
        let outcome = v2(&server)
            .create_transfer_exactly_once(transfer())
            .await
            .unwrap();
        let CreateOutcome::LookedUp(found) = &outcome else {
            panic!("{status}: {outcome:?}")
        };
        assert_eq!(found.status, Some(TransferStatus::Pending), "{status}");
        assert_eq!(found.transfer_id.as_deref(), Some("JUNOB2018"));
        assert!(outcome.was_looked_up());
        assert_eq!(
            count(&server, "POST", TRANSFERS).await,
            1,
            "HTTP {status}: the create is never sent again"
        );
        let lookups = requests(&server, "GET", TRANSFERS).await;
        assert_eq!(lookups.len(), 1, "HTTP {status}");
        assert_eq!(lookups[0].url.query(), Some("transfer_id=JUNOB2018"));
    }
}

/// The helper takes the request id the operations it wraps take: the create carries it, the
/// lookup after it carries it suffixed `-lookup`, and the raw answers are kept.
#[tokio::test]
async fn the_helper_passes_its_request_id_to_the_create_and_the_lookup() {
    let server = MockServer::start().await;
    mount(
        &server,
        "POST",
        TRANSFERS,
        answer(503, v2_fixture("create_transfer.error-500.json")),
    )
    .await;
    lookup_finds_transfer(&server).await;
    let options = paygen::CallOptions::new().request_id("rid-JUNOB2018");
    let outcome = v2(&server)
        .create_transfer_exactly_once_with(transfer(), options)
        .await
        .unwrap();
    let CreateOutcome::LookedUp(found) = &outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(found.status(), 200);
    assert!(
        found.body_json().is_some(),
        "the lookup's raw answer is kept"
    );
    let create = &requests(&server, "POST", TRANSFERS).await[0];
    let lookup = &requests(&server, "GET", TRANSFERS).await[0];
    let id = |r: &wiremock::Request| {
        r.headers
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    assert_eq!(id(create).as_deref(), Some("rid-JUNOB2018"));
    assert_eq!(id(lookup).as_deref(), Some("rid-JUNOB2018-lookup"));
}

#[tokio::test]
async fn the_plain_create_call_is_never_resent_either() {
    let server = MockServer::start().await;
    mount(
        &server,
        "POST",
        TRANSFERS,
        answer(502, v2_fixture("create_transfer.error-500.json")),
    )
    .await;
    let err = v2(&server)
        .create_transfer()
        .body(transfer())
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(502));
    assert_eq!(err.as_api().unwrap().attempts, 1);
    assert_eq!(
        count(&server, "POST", TRANSFERS).await,
        1,
        "3 attempts are configured; a transfer gets one"
    );
    assert_eq!(
        count(&server, "GET", TRANSFERS).await,
        0,
        "the plain call does not look anything up"
    );
}

#[tokio::test]
async fn a_timeout_on_create_transfer_is_resolved_by_a_lookup() {
    let server = MockServer::start().await;
    mount(
        &server,
        "POST",
        TRANSFERS,
        answer(200, v2_fixture("create_transfer.response.json")).set_delay(Duration::from_secs(3)),
    )
    .await;
    lookup_finds_transfer(&server).await;
    let client = paygen::payouts_v2::Client::from_config(
        config(&server).with_timeout(Duration::from_millis(400)),
    )
    .unwrap();
    let outcome = client
        .create_transfer_exactly_once(transfer())
        .await
        .unwrap();
    assert!(
        matches!(&outcome, CreateOutcome::LookedUp(t) if t.status == Some(TransferStatus::Pending)),
        "{outcome:?}"
    );
    assert_eq!(count(&server, "POST", TRANSFERS).await, 1);
    assert_eq!(count(&server, "GET", TRANSFERS).await, 1);
}

#[tokio::test]
async fn when_the_lookup_fails_too_the_outcome_is_unknown_and_carries_the_transfer_id() {
    let failures = [
        answer(500, v2_fixture("create_transfer.error-500.json")),
        answer(404, v2_fixture("get_transfer_status.error-404.json")),
        answer(200, r#"{"transfer_id":"SOMEONE_ELSE","status":"SUCCESS"}"#),
    ];
    for lookup in failures {
        let server = MockServer::start().await;
        mount(
            &server,
            "POST",
            TRANSFERS,
            answer(500, v2_fixture("create_transfer.error-500.json")),
        )
        .await;
        mount(&server, "GET", TRANSFERS, lookup).await;
        let err = v2(&server)
            .create_transfer_exactly_once(transfer())
            .await
            .unwrap_err();
        let Error::OutcomeUnknown(u) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(u.reference, "JUNOB2018");
        assert_eq!(u.operation, "create_transfer");
        assert!(u.request_id.is_some(), "the create's request id is kept");
        assert!(!err.is_retryable());
        assert!(
            err.to_string()
                .contains("look it up by that id before trying again"),
            "{err}"
        );
        assert_eq!(count(&server, "POST", TRANSFERS).await, 1);
    }
}

#[tokio::test]
async fn a_refused_transfer_is_returned_as_is_without_a_lookup() {
    for (status, file) in [
        (400u16, "create_transfer.error-400.json"),
        (404, "create_transfer.error-404.json"),
        (403, "create_transfer.error-403.json"),
    ] {
        let server = MockServer::start().await;
        mount(&server, "POST", TRANSFERS, answer(status, v2_fixture(file))).await;
        lookup_finds_transfer(&server).await;
        let err = v2(&server)
            .create_transfer_exactly_once(transfer())
            .await
            .unwrap_err();
        assert_eq!(err.status(), Some(status), "{file}");
        assert_eq!(
            count(&server, "GET", TRANSFERS).await,
            0,
            "{file}: a refusal settles it"
        );
    }
}

#[tokio::test]
async fn a_transfer_that_could_not_connect_is_not_looked_up() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let config = Config::new(
        Environment::custom(format!("http://127.0.0.1:{port}")),
        Credentials::merchant(CLIENT_ID, CLIENT_SECRET),
    );
    let err = paygen::payouts_v2::Client::from_config(config)
        .unwrap()
        .create_transfer_exactly_once(transfer())
        .await
        .unwrap_err();
    let Error::Transport(t) = &err else {
        panic!("{err:?}")
    };
    assert!(t.connect, "the request never left: safe to send again");
}

#[tokio::test]
async fn a_successful_create_is_returned_without_a_lookup() {
    let server = MockServer::start().await;
    mount(
        &server,
        "POST",
        TRANSFERS,
        answer(200, v2_fixture("create_transfer.response.json")),
    )
    .await;
    lookup_finds_transfer(&server).await;
    let outcome = v2(&server)
        .create_transfer_exactly_once(transfer())
        .await
        .unwrap();
    assert_eq!(
        outcome.created().and_then(|t| t.status.clone()),
        Some(TransferStatus::Received)
    );
    assert_eq!(count(&server, "GET", TRANSFERS).await, 0);
}

#[tokio::test]
async fn an_unreadable_success_is_looked_up() {
    let server = MockServer::start().await;
    mount(
        &server,
        "POST",
        TRANSFERS,
        ResponseTemplate::new(200).set_body_string("<html>ok</html>"),
    )
    .await;
    lookup_finds_transfer(&server).await;
    let outcome = v2(&server)
        .create_transfer_exactly_once(transfer())
        .await
        .unwrap();
    assert!(outcome.was_looked_up(), "{outcome:?}");
    assert_eq!(count(&server, "POST", TRANSFERS).await, 1);
}

#[tokio::test]
async fn a_reused_batch_id_is_reported_with_the_existing_batch() {
    let server = MockServer::start().await;
    mount(
        &server,
        "POST",
        BATCH,
        answer(409, v2_fixture("create_batch_transfer.error-409.json")),
    )
    .await;
    mount(
        &server,
        "GET",
        BATCH,
        answer(200, v2_fixture("get_batch_transfer_status.response.json")),
    )
    .await;
    let outcome = v2(&server)
        .create_batch_transfer_exactly_once(batch())
        .await
        .unwrap();
    assert!(outcome.is_duplicate());
    let CreateOutcome::AlreadyExists(existing) = outcome else {
        unreachable!()
    };
    assert_eq!(existing.status, Some(BatchTransferStatusValue::Pending));
    assert_eq!(existing.transfers.as_ref().map(|t| t.len()), Some(3));
    assert_eq!(count(&server, "POST", BATCH).await, 1);
    let lookup = &requests(&server, "GET", BATCH).await[0];
    assert_eq!(
        lookup.url.query(),
        Some("batch_transfer_id=test_batch_transfer_id")
    );
}

#[tokio::test]
async fn a_409_whose_existing_batch_cannot_be_read_stays_the_409() {
    let server = MockServer::start().await;
    mount(
        &server,
        "POST",
        BATCH,
        answer(409, v2_fixture("create_batch_transfer.error-409.json")),
    )
    .await;
    mount(
        &server,
        "GET",
        BATCH,
        answer(404, v2_fixture("get_batch_transfer_status.error-404.json")),
    )
    .await;
    let err = v2(&server)
        .create_batch_transfer_exactly_once(batch())
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("batch_transfer_id_already_exists"));
}

#[tokio::test]
async fn a_5xx_on_a_batch_is_resolved_by_its_status() {
    let server = MockServer::start().await;
    mount(
        &server,
        "POST",
        BATCH,
        answer(500, v2_fixture("create_transfer.error-500.json")),
    )
    .await;
    mount(
        &server,
        "GET",
        BATCH,
        answer(
            200,
            v2_fixture("get_batch_transfer_status.response-received.json"),
        ),
    )
    .await;
    let outcome = v2(&server)
        .create_batch_transfer_exactly_once(batch())
        .await
        .unwrap();
    assert!(
        matches!(&outcome, CreateOutcome::LookedUp(b) if b.status == Some(BatchTransferStatusValue::Received)),
        "{outcome:?}"
    );
    assert_eq!(count(&server, "POST", BATCH).await, 1);
}

#[tokio::test]
async fn sub_code_520_on_create_cashgram_is_resolved_by_get_cashgram_status() {
    for http in [200u16, 520, 500] {
        let server = MockServer::start().await;
        mount_authorize(&server, &[300], Duration::ZERO).await;
        mount(&server, "POST", CREATE_CASHGRAM, answer(http, r#"{"status":"ERROR","subCode":"520","message":"Unknown error occurred. Please try again."}"#)).await;
        Mock::given(method("GET"))
            .and(path(CASHGRAM_STATUS))
            .and(query_param("cashgramId", "JOHaN10"))
            .respond_with(answer(200, v1_fixture("get_cashgram_status.response.json")))
            .mount(&server)
            .await;
        let outcome = v1(&server)
            .create_cashgram_exactly_once(cashgram())
            .await
            .unwrap();
        let CreateOutcome::LookedUp(found) = outcome else {
            panic!("HTTP {http}: {outcome:?}")
        };
        assert_eq!(found.cashgram_status, Some(CashgramStatus::Active));
        assert_eq!(
            found.cashgram_link.as_deref(),
            Some("http://csgr.am/abcdefg")
        );
        assert_eq!(
            count(&server, "POST", CREATE_CASHGRAM).await,
            1,
            "HTTP {http}"
        );
        assert_eq!(
            count(&server, "GET", CASHGRAM_STATUS).await,
            1,
            "HTTP {http}"
        );
    }
}

#[tokio::test]
async fn a_duplicate_cashgram_id_is_reported_with_the_existing_cashgram() {
    let server = MockServer::start().await;
    mount_authorize(&server, &[300], Duration::ZERO).await;
    mount(
        &server,
        "POST",
        CREATE_CASHGRAM,
        answer(200, v1_fixture("create_cashgram.error-409.json")),
    )
    .await;
    mount(
        &server,
        "GET",
        CASHGRAM_STATUS,
        answer(
            200,
            v1_fixture("get_cashgram_status.response-redeemed.json"),
        ),
    )
    .await;
    let outcome = v1(&server)
        .create_cashgram_exactly_once(cashgram())
        .await
        .unwrap();
    let CreateOutcome::AlreadyExists(existing) = outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(existing.cashgram_status, Some(CashgramStatus::Redeemed));
    assert_eq!(count(&server, "POST", CREATE_CASHGRAM).await, 1);
}

#[tokio::test]
async fn a_refused_cashgram_is_returned_as_is() {
    let server = MockServer::start().await;
    mount_authorize(&server, &[300], Duration::ZERO).await;
    mount(
        &server,
        "POST",
        CREATE_CASHGRAM,
        envelope(
            "ERROR",
            "412",
            "Available balance is less than requested cashgram amount.",
        ),
    )
    .await;
    mount(
        &server,
        "GET",
        CASHGRAM_STATUS,
        answer(200, v1_fixture("get_cashgram_status.response.json")),
    )
    .await;
    let err = v1(&server)
        .create_cashgram_exactly_once(cashgram())
        .await
        .unwrap_err();
    assert_eq!(ErrorKind::of(&err), Some(ErrorKind::InsufficientBalance));
    assert_eq!(count(&server, "GET", CASHGRAM_STATUS).await, 0);
}

#[tokio::test]
async fn a_cashgram_not_found_after_an_unknown_error_is_an_unknown_outcome() {
    let server = MockServer::start().await;
    mount_authorize(&server, &[300], Duration::ZERO).await;
    mount(
        &server,
        "POST",
        CREATE_CASHGRAM,
        envelope("ERROR", "520", "Unknown error occurred. Please try again."),
    )
    .await;
    mount(
        &server,
        "GET",
        CASHGRAM_STATUS,
        answer(200, v1_fixture("get_cashgram_status.error-404.json")),
    )
    .await;
    let err = v1(&server)
        .create_cashgram_exactly_once(cashgram())
        .await
        .unwrap_err();
    let Error::OutcomeUnknown(u) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(u.reference, "JOHaN10");
    assert_eq!(u.operation, "create_cashgram");
    assert!(
        u.cause.contains("does not exists") && u.cause.contains("520"),
        "{}",
        u.cause
    );
    assert_eq!(count(&server, "POST", CREATE_CASHGRAM).await, 1);
}

/// `create_cashgram_exactly_once_with` takes the same per-call options: `create_cashgram`
/// carries the request id given, the `get_cashgram_status` lookup after it the id suffixed
/// `-lookup`, and the client's own authorize call keeps an id of its own.
#[tokio::test]
async fn the_cashgram_helper_passes_its_request_id_to_the_create_and_the_lookup() {
    let server = MockServer::start().await;
    mount_authorize(&server, &[300], Duration::ZERO).await;
    mount(&server, "POST", CREATE_CASHGRAM, answer(200, r#"{"status":"ERROR","subCode":"520","message":"Unknown error occurred. Please try again."}"#)).await;
    mount(
        &server,
        "GET",
        CASHGRAM_STATUS,
        answer(200, v1_fixture("get_cashgram_status.response.json")),
    )
    .await;
    let options = paygen::CallOptions::new().request_id("rid-JOHaN10");
    let outcome = v1(&server)
        .create_cashgram_exactly_once_with(cashgram(), options)
        .await
        .unwrap();
    assert!(outcome.was_looked_up(), "{outcome:?}");
    let id = |r: &wiremock::Request| {
        r.headers
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let create = &requests(&server, "POST", CREATE_CASHGRAM).await[0];
    let lookup = &requests(&server, "GET", CASHGRAM_STATUS).await[0];
    let authorize = &requests(&server, "POST", AUTHORIZE).await[0];
    assert_eq!(id(create).as_deref(), Some("rid-JOHaN10"));
    assert_eq!(id(lookup).as_deref(), Some("rid-JOHaN10-lookup"));
    if let Some(own) = id(authorize) {
        assert!(!own.starts_with("rid-"), "{own}");
    }
}
