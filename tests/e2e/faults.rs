//! Fault injection over real sockets: "commit, then fail" (5xx, dropped connection, stall past
//! the client's timeout) yields exactly one committed record and the committed outcome from
//! the `*_exactly_once` helpers, or an ambiguous error from a plain money-moving call; "fail
//! before" answers are retried by idempotent GETs; corrupted answers and latency reach the
//! client as documented; the request log shows what reached the server.

use std::time::{Duration, Instant};

use paygen::mock::faults::{Fault, FaultKind, UNKNOWN_ENUM_VALUE};
use paygen::mock::MockServer;
use paygen::payouts::CreateOutcome;
use paygen::payouts_v2::{enums, types, Client};
use paygen::{Amount, Error, RetryConfig};
use serde_json::{json, Value};

use crate::framework::http;

/// The three ways of committing the work and then failing the answer; the stall outlasts the
/// client's 1 s timeout.
fn commit_then_fail() -> [FaultKind; 3] {
    [
        FaultKind::CommitThenStatus { status: 502 },
        FaultKind::CommitThenDrop,
        FaultKind::CommitThenStall { millis: 3_000 },
    ]
}

fn transfer(id: &str) -> types::CreateTransferRequest {
    let mut t: types::CreateTransferRequest = serde_json::from_value(json!({
        "transfer_id": id, "transfer_amount": 1,
        "beneficiary_details": {"beneficiary_id": "bene_faults", "beneficiary_instrument_details":
            {"bank_account_number": "026291800001191", "bank_ifsc": "HDFC0000001"}}
    }))
    .unwrap();
    t.transfer_amount = "250.10".parse::<Amount>().unwrap();
    t
}

fn reached(mock: &MockServer, operation: &str) -> Vec<paygen::mock::RequestRecord> {
    mock.requests()
        .into_iter()
        .filter(|r| r.operation_id == Some(operation))
        .collect()
}

#[tokio::test]
async fn a_transfer_committed_then_failed_is_created_once_and_looked_up() {
    let mock = MockServer::start().await.unwrap();
    let client =
        Client::from_config(mock.payouts_config().with_timeout(Duration::from_secs(1))).unwrap();
    for (n, kind) in commit_then_fail().into_iter().enumerate() {
        let id = format!("faults_t{n}");
        let name = kind.name();
        mock.faults()
            .inject(Fault::new("create_transfer", kind).times(1))
            .unwrap();
        let outcome = client.create_transfer_exactly_once(transfer(&id)).await;
        let Ok(CreateOutcome::LookedUp(found)) = outcome else {
            panic!("{name}: expected the committed transfer looked up, got {outcome:?}")
        };
        assert_eq!(found.transfer_id.as_deref(), Some(id.as_str()), "{name}");
        assert_eq!(
            found.transfer_amount.map(|a| a.to_string()).as_deref(),
            Some("250.10"),
            "{name}"
        );
        // Committed: RECEIVED, or PENDING once a second has passed (the stall's lookup).
        assert!(
            matches!(
                found.status,
                Some(enums::TransferStatus::Received | enums::TransferStatus::Pending)
            ),
            "{name}: {:?}",
            found.status
        );
        // Exactly one create of this id reached the server, the one that was faulted.
        let creates: Vec<_> = reached(&mock, "create_transfer")
            .into_iter()
            .filter(|r| r.fault == Some(name))
            .collect();
        assert_eq!(creates.len(), 1, "{name}: {creates:?}");
    }
    assert_eq!(
        reached(&mock, "create_transfer").len(),
        3,
        "one create per transfer, never a second"
    );
    // The mock holds each transfer once: a second create of the same id is refused as existing.
    let again = client
        .create_transfer_exactly_once(transfer("faults_t0"))
        .await
        .unwrap();
    assert!(again.is_duplicate(), "{again:?}");
}

#[tokio::test]
async fn a_batch_committed_then_failed_is_created_once_and_looked_up() {
    let mock = MockServer::start().await.unwrap();
    let client =
        Client::from_config(mock.payouts_config().with_timeout(Duration::from_secs(1))).unwrap();
    for (n, kind) in commit_then_fail().into_iter().enumerate() {
        let name = kind.name();
        let id = format!("faults_batch{n}");
        let batch: types::CreateBatchTransferRequest = serde_json::from_value(json!({
            "batch_transfer_id": id,
            "transfers": [{"transfer_id": format!("{id}_1"), "transfer_amount": 100,
                "beneficiary_details": {"beneficiary_id": "b1", "beneficiary_instrument_details":
                    {"bank_account_number": "026291800001191", "bank_ifsc": "HDFC0000001"}}}]
        }))
        .unwrap();
        mock.faults()
            .inject(Fault::new("create_batch_transfer", kind))
            .unwrap();
        let outcome = client.create_batch_transfer_exactly_once(batch).await;
        let Ok(CreateOutcome::LookedUp(found)) = outcome else {
            panic!("{name}: expected the committed batch looked up, got {outcome:?}")
        };
        assert_eq!(
            found.batch_transfer_id.as_deref(),
            Some(id.as_str()),
            "{name}"
        );
        assert_eq!(found.transfers.as_ref().map(Vec::len), Some(1), "{name}");
        let creates = reached(&mock, "create_batch_transfer");
        assert_eq!(creates.len(), n + 1, "{name}: one create per batch");
        assert_eq!(creates[n].fault, Some(name));
    }
}

#[tokio::test]
async fn a_refund_committed_then_failed_is_an_ambiguous_error_and_exactly_one_refund() {
    use paygen::pg;
    let mock = MockServer::start().await.unwrap();
    let client =
        pg::Client::from_config(mock.config().with_timeout(Duration::from_secs(1))).unwrap();
    let mut order: pg::types::CreateOrderRequest = serde_json::from_value(json!({
        "order_id": "faults_order", "order_amount": 1, "order_currency": "INR",
        "customer_details": {"customer_id": "cust_faults", "customer_phone": "9999999999"}
    }))
    .unwrap();
    order.order_amount = "300.00".parse().unwrap();
    let order = client
        .create_order()
        .body(order)
        .send()
        .await
        .unwrap()
        .into_inner();
    client
        .pay_order()
        .body(pg::types::PayOrderRequest {
            payment_session_id: order.payment_session_id.unwrap(),
            payment_method: serde_json::from_value(
                json!({"upi": {"channel": "collect", "upi_id": "testsuccess@gocash"}}),
            )
            .unwrap(),
            save_instrument: None,
            offer_id: None,
        })
        .send()
        .await
        .unwrap();
    for (n, kind) in commit_then_fail().into_iter().enumerate() {
        let name = kind.name();
        mock.faults()
            .inject(Fault::new("create_refund", kind))
            .unwrap();
        let refund_id = format!("faults_refund{n}");
        let err = client
            .create_refund()
            .order_id("faults_order")
            .body(pg::types::OrderCreateRefundRequest {
                refund_amount: "10.25".parse().unwrap(),
                refund_id: refund_id.clone(),
                refund_note: None,
                refund_speed: None,
                refund_splits: Vec::new(),
            })
            .send()
            .await
            .unwrap_err();
        assert!(err.is_ambiguous(), "{name}: {err:?}");
        // One create reached the server, and the refund it committed is there.
        let creates = reached(&mock, "create_refund");
        assert_eq!(creates.len(), n + 1, "{name}: never sent twice");
        assert_eq!(creates[n].fault, Some(name));
        let refund = client
            .get_refund()
            .order_id("faults_order")
            .refund_id(refund_id.as_str())
            .send()
            .await
            .unwrap();
        assert_eq!(
            refund.refund_amount.map(|a| a.to_string()).as_deref(),
            Some("10.25")
        );
    }
    let all = client
        .get_refunds_for_order()
        .order_id("faults_order")
        .send()
        .await
        .unwrap();
    assert_eq!(all.len(), 3, "exactly one refund per call");
}

#[tokio::test]
async fn an_idempotent_get_failed_before_n_times_succeeds_on_retry_with_n_plus_1_calls() {
    let mock = MockServer::start().await.unwrap();
    let retry = RetryConfig::default()
        .with_max_attempts(4)
        .with_backoff(Duration::from_millis(10), Duration::from_millis(50))
        .with_max_rate_limit_wait(Duration::from_secs(2));
    let client = Client::from_config(mock.payouts_config().with_retry(retry)).unwrap();
    client
        .create_transfer()
        .body(transfer("faults_get"))
        .send()
        .await
        .unwrap();
    for kinds in [
        // The runtime retries 502–504 and 429 (a 500 is answered as it is).
        vec![
            FaultKind::Status { status: 503 },
            FaultKind::Status { status: 504 },
        ],
        vec![
            FaultKind::HtmlPage { status: 502 },
            FaultKind::Status { status: 502 },
        ],
        vec![FaultKind::RateLimited {
            retry_after_secs: 1,
        }],
    ] {
        let before = reached(&mock, "get_transfer_status").len();
        let n = kinds.len();
        for kind in kinds {
            mock.faults()
                .inject(Fault::new("get_transfer_status", kind))
                .unwrap();
        }
        let found = client
            .get_transfer_status()
            .transfer_id("faults_get")
            .send()
            .await
            .unwrap();
        assert_eq!(found.transfer_id.as_deref(), Some("faults_get"));
        let calls = reached(&mock, "get_transfer_status");
        assert_eq!(calls.len() - before, n + 1, "{calls:?}");
        assert!(calls[before..before + n]
            .iter()
            .all(|r| r.fault.is_some() && r.status >= 429));
        assert_eq!(
            (calls[before + n].fault, calls[before + n].status),
            (None, 200)
        );
    }
    assert!(mock.faults().armed().is_empty());
}

#[tokio::test]
async fn before_faults_answer_as_documented_over_http() {
    let mock = MockServer::start().await.unwrap();
    let web = http();
    let url = format!("{}/pg/orders/nope", mock.url());
    let get = || {
        web.get(url.as_str())
            .header("x-client-id", mock.options().credentials.client_id.as_str())
            .header(
                "x-client-secret",
                mock.options().credentials.client_secret.expose(),
            )
            .header("x-api-version", "2025-01-01")
            .send()
    };
    // Armed over the control API.
    let armed = web
        .post(format!("{}/__paygen/faults", mock.url()))
        .json(&json!({"operation": "get_order", "fault": {"kind": "rate_limited", "retry_after_secs": 30}}))
        .send()
        .await
        .unwrap();
    assert_eq!(armed.status(), 200);
    let listed: Value = web
        .get(format!("{}/__paygen/faults", mock.url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed[0]["fault"]["kind"], "rate_limited");
    let limited = get().await.unwrap();
    assert_eq!(limited.status(), 429);
    assert_eq!(limited.headers()["x-ratelimit-remaining"], "0");
    assert_eq!(limited.headers()["retry-after"], "30");

    mock.faults()
        .inject(Fault::new("get_order", FaultKind::HtmlPage { status: 502 }))
        .unwrap();
    let html = get().await.unwrap();
    assert_eq!(html.status(), 502);
    assert_eq!(html.headers()["content-type"], "text/html");
    assert!(html.text().await.unwrap().starts_with("<html>"));

    // A fault for another family's operation of the same name does not apply here.
    mock.faults()
        .inject(
            Fault::new("get_order", FaultKind::Status { status: 500 })
                .in_family("cashfree-flowwise"),
        )
        .unwrap();
    assert_eq!(get().await.unwrap().status(), 404);
    let cleared = web
        .delete(format!("{}/__paygen/faults", mock.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(cleared.status(), 200);
    assert!(mock.faults().armed().is_empty());

    let log: Value = web
        .get(format!("{}/__paygen/requests", mock.url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let faults: Vec<&Value> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["fault"])
        .collect();
    assert_eq!(
        faults,
        [&json!("rate_limited"), &json!("html_page"), &Value::Null]
    );
}

#[tokio::test]
async fn corrupted_answers_and_latency_reach_the_client() {
    let mock = MockServer::start().await.unwrap();
    let client =
        Client::from_config(mock.payouts_config().with_retry(RetryConfig::disabled())).unwrap();
    client
        .create_transfer()
        .body(transfer("faults_corrupt"))
        .send()
        .await
        .unwrap();
    let get = || {
        client
            .get_transfer_status()
            .transfer_id("faults_corrupt")
            .send()
    };

    mock.faults()
        .inject(Fault::new("get_transfer_status", FaultKind::UnknownEnums))
        .unwrap();
    let odd = get().await.unwrap();
    assert_eq!(
        odd.status,
        Some(enums::TransferStatus::Unknown(UNKNOWN_ENUM_VALUE.into()))
    );
    assert_eq!(
        odd.transfer_amount.map(|a| a.to_string()).as_deref(),
        Some("250.10")
    );

    mock.faults()
        .inject(Fault::new("get_transfer_status", FaultKind::UnknownFields))
        .unwrap();
    let extra = get().await.unwrap();
    assert_eq!(extra.transfer_id.as_deref(), Some("faults_corrupt"));
    assert!(String::from_utf8_lossy(extra.raw_body()).contains(paygen::mock::faults::UNKNOWN_FIELD));

    for kind in [FaultKind::EmptyBody, FaultKind::TruncatedJson] {
        mock.faults()
            .inject(Fault::new("get_transfer_status", kind.clone()))
            .unwrap();
        let err = get().await.unwrap_err();
        assert!(matches!(err, Error::Decode(_)), "{}: {err:?}", kind.name());
    }

    mock.faults()
        .inject(Fault::new(
            "get_transfer_status",
            FaultKind::Latency { millis: 400 },
        ))
        .unwrap();
    let started = Instant::now();
    get().await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_millis(400),
        "{:?}",
        started.elapsed()
    );

    mock.faults()
        .inject(
            Fault::new("get_transfer_status", FaultKind::WrongContentType)
                .percent(100)
                .times(2),
        )
        .unwrap();
    let web = http();
    let raw = web
        .get(format!("{}/__paygen/requests", mock.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status(), 200, "control requests are never faulted");
    let _ = get().await;
    let _ = get().await;
    assert!(mock.faults().armed().is_empty(), "times bounds a share too");
    let last: Vec<_> = reached(&mock, "get_transfer_status")
        .into_iter()
        .rev()
        .take(2)
        .collect();
    assert!(last.iter().all(|r| r.fault == Some("wrong_content_type")));
}
