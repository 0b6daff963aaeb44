//! "Commit, then fail" for Cashgram and the Payin & Payout payout through their exactly-once
//! helpers: one create reaches the mock, the record is there, and the caller gets it looked up.

use std::time::Duration;

use paygen::mock::faults::{Fault, FaultKind};
use paygen::mock::MockServer;
use paygen::payin_payout::enums::PayoutPaymentMethod;
use paygen::payouts::CreateOutcome;
use paygen::payouts_v1::NewCashgram;

fn kinds() -> [FaultKind; 3] {
    [
        FaultKind::CommitThenStatus { status: 503 },
        FaultKind::CommitThenDrop,
        FaultKind::CommitThenStall { millis: 3_000 },
    ]
}

fn reached(mock: &MockServer, operation: &str) -> Vec<paygen::mock::RequestRecord> {
    mock.requests()
        .into_iter()
        .filter(|r| r.operation_id == Some(operation))
        .collect()
}

#[tokio::test]
async fn a_cashgram_committed_then_failed_is_created_once_and_looked_up() {
    let mock = MockServer::start().await.unwrap();
    let client = paygen::payouts_v1::Client::from_config(
        mock.payouts_v1_config()
            .with_timeout(Duration::from_secs(1)),
    )
    .unwrap();
    for (n, kind) in kinds().into_iter().enumerate() {
        let name = kind.name();
        let id = format!("faults-cg-{n}");
        mock.faults()
            .inject(Fault::new("create_cashgram", kind))
            .unwrap();
        let expiry = mock.clock().now_ist().date_naive() + chrono::Duration::days(5);
        let outcome = client
            .create_cashgram_exactly_once(
                NewCashgram::new(
                    id.as_str(),
                    "100.50".parse().unwrap(),
                    "John Doe",
                    "9876543210",
                    expiry,
                )
                .notify_customer(false),
            )
            .await;
        assert!(
            matches!(outcome, Ok(CreateOutcome::LookedUp(_))),
            "{name}: {outcome:?}"
        );
        let creates = reached(&mock, "create_cashgram");
        assert_eq!(creates.len(), n + 1, "{name}: sent once");
        assert_eq!(creates[n].fault, Some(name));
        let status = client
            .get_cashgram_status()
            .cashgram_id(id.as_str())
            .send()
            .await
            .unwrap();
        assert!(
            status.into_inner().data.is_some(),
            "{name}: the Cashgram is on the mock"
        );
    }
}

#[tokio::test]
async fn a_payin_payout_payout_committed_then_failed_is_initiated_once_and_looked_up() {
    let mock = MockServer::start().await.unwrap();
    let client = paygen::payin_payout::Client::from_config(
        mock.payin_payout_config()
            .with_timeout(Duration::from_secs(1)),
    )
    .unwrap();
    for (n, kind) in kinds().into_iter().enumerate() {
        let name = kind.name();
        let order_id = format!("faults-po-{n}");
        mock.faults()
            .inject(Fault::new("initiate_payout", kind))
            .unwrap();
        let outcome = client
            .initiate_payout_exactly_once(paygen::payin_payout::types::PayoutInitiateRequest {
                amount: "10.00".parse().unwrap(),
                bank_name: "SBI".into(),
                beneficiary_acc_no: "99999999999".into(),
                beneficiary_address: "NOIDA".into(),
                beneficiary_email: "test.test@gmail.com".into(),
                beneficiary_mobile_no: "7878787878".into(),
                beneficiary_name: "Test Name".into(),
                ifsc: "SBIN0060589".into(),
                order_id: order_id.clone(),
                payment_method: PayoutPaymentMethod::Imps,
                remarks: None,
                user_id: "merchant-user-7".into(),
            })
            .await
            .unwrap_or_else(|e| panic!("{name}: {e:?}"));
        assert!(outcome.was_looked_up(), "{name}: {outcome:?}");
        assert_eq!(
            outcome.payout().unwrap().order_id.as_deref(),
            Some(order_id.as_str())
        );
        let initiates = reached(&mock, "initiate_payout");
        assert_eq!(initiates.len(), n + 1, "{name}: sent once");
        assert_eq!(initiates[n].fault, Some(name));
    }
}

#[tokio::test]
async fn a_settled_payin_payout_payout_is_delivered_unsigned_in_its_documented_envelope() {
    use axum::routing::post;
    let mock = MockServer::start().await.unwrap();
    let (tx, mut rx) = tokio::sync::mpsc::channel::<(axum::http::HeaderMap, axum::body::Bytes)>(4);
    let app = axum::Router::new().route(
        "/hook",
        post(
            move |headers: axum::http::HeaderMap, body: axum::body::Bytes| {
                let tx = tx.clone();
                async move {
                    let _ = tx.send((headers, body)).await;
                    "OK"
                }
            },
        ),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    mock.forward_webhooks_to(url).unwrap();
    let client = paygen::payin_payout::Client::from_config(mock.payin_payout_config()).unwrap();
    let outcome = client
        .initiate_payout_exactly_once(paygen::payin_payout::types::PayoutInitiateRequest {
            amount: "10.00".parse().unwrap(),
            bank_name: "SBI".into(),
            beneficiary_acc_no: "99999999999".into(),
            beneficiary_address: "NOIDA".into(),
            beneficiary_email: "test.test@gmail.com".into(),
            beneficiary_mobile_no: "7878787878".into(),
            beneficiary_name: "Test Name".into(),
            ifsc: "SBIN0060589".into(),
            order_id: "wh-po-1".into(),
            payment_method: PayoutPaymentMethod::Imps,
            remarks: None,
            user_id: "merchant-user-7".into(),
        })
        .await
        .unwrap();
    assert!(
        outcome.created().is_some(),
        "the payout was created: {outcome:?}"
    );
    mock.clock().advance(Duration::from_secs(
        paygen::mock::state::payin_payout::PAYOUT_FINAL_AFTER_SECS as u64 + 1,
    ));
    client
        .get_payout_status()
        .order_id("wh-po-1")
        .send()
        .await
        .unwrap();
    let (headers, body) = tokio::time::timeout(Duration::from_secs(10), rx.recv())
        .await
        .expect("the webhook arrives")
        .unwrap();
    assert!(
        headers.get("x-webhook-signature").is_none(),
        "the API documents no signature"
    );
    assert_eq!(headers["x-webhook-attempt"], "1");
    let webhook = paygen::webhooks::parse(&body, Some("application/json")).unwrap();
    assert!(
        matches!(webhook.event(), paygen::webhooks::Event::Payout(_)),
        "{webhook:?}"
    );
    let text = String::from_utf8_lossy(&body);
    assert!(
        text.starts_with(r#"{"event":"payout.succeeded","data":{"#),
        "{text}"
    );
}
