//! Payouts v2 through the generated client against the mock (every call signed with the
//! mock's TEST key): transfers and batches move RECEIVED → PENDING → final by the clock.

use std::time::Duration;

use paygen::mock::MockServer;
use paygen::payouts::CreateOutcome;
use paygen::payouts_v2::{enums, types, Client};
use paygen::Error;
use serde_json::{json, Value};

fn transfer(id: &str, value: &str, instrument: Value) -> types::CreateTransferRequest {
    let mut t: types::CreateTransferRequest = serde_json::from_value(json!({
        "transfer_id": id, "transfer_amount": 1,
        "beneficiary_details": {"beneficiary_id": "bene_e2e", "beneficiary_instrument_details": instrument}
    }))
    .unwrap();
    t.transfer_amount = value.parse().unwrap();
    t
}

fn bank(account: &str) -> Value {
    json!({"bank_account_number": account, "bank_ifsc": "HDFC0000001"})
}

#[tokio::test]
async fn a_transfer_is_created_exactly_once_and_settles_by_the_clock() {
    let mock = MockServer::start().await.unwrap();
    let mut events = mock.events();
    let client = Client::from_config(mock.payouts_config()).unwrap();
    let outcome = client
        .create_transfer_exactly_once(transfer("e2e_t1", "1250.75", bank("026291800001191")))
        .await
        .unwrap();
    let CreateOutcome::Created(created) = outcome else {
        panic!("expected a fresh transfer, got {outcome:?}")
    };
    assert_eq!(created.status, Some(enums::TransferStatus::Received));
    assert_eq!(
        created.transfer_amount.map(|a| a.to_string()).as_deref(),
        Some("1250.75")
    );

    let again = client
        .create_transfer_exactly_once(transfer("e2e_t1", "1250.75", bank("026291800001191")))
        .await
        .unwrap();
    assert!(again.is_duplicate(), "{again:?}");
    let creates = mock
        .requests()
        .iter()
        .filter(|r| r.operation_id == Some("create_transfer") && r.status == 200)
        .count();
    assert_eq!(creates, 1, "exactly one create reached the server");

    mock.clock().advance(Duration::from_secs(1));
    let pending = client
        .get_transfer_status()
        .transfer_id("e2e_t1")
        .send()
        .await
        .unwrap();
    assert_eq!(pending.status, Some(enums::TransferStatus::Pending));
    assert_eq!(
        pending.status_code,
        Some(enums::TransferStatusCode::SentToBank)
    );
    mock.clock().advance(Duration::from_secs(2));
    let cf = created.cf_transfer_id.clone().unwrap();
    let done = client
        .get_transfer_status()
        .cf_transfer_id(cf.as_str())
        .send()
        .await
        .unwrap();
    assert_eq!(done.status, Some(enums::TransferStatus::Success));
    assert_eq!(done.status_code, Some(enums::TransferStatusCode::Completed));
    assert!(done.transfer_utr.is_some());
    let event = events.try_recv().unwrap();
    assert_eq!(
        (event.event_type.as_str(), event.resource_id.as_str()),
        ("TRANSFER_SUCCESS", "e2e_t1")
    );

    let missing = client
        .get_transfer_status()
        .transfer_id("nope")
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&missing, Error::Api(a) if a.status == 404),
        "{missing:?}"
    );
}

#[tokio::test]
async fn failing_and_reversing_beneficiaries_end_with_their_status_codes() {
    let mock = MockServer::start().await.unwrap();
    let client = Client::from_config(mock.payouts_config()).unwrap();
    for (id, instrument) in [
        ("e2e_fail", bank("1234560000")),
        ("e2e_vpa", json!({"vpa": "failing@upi"})),
        ("e2e_rev", json!({"vpa": "reverse@upi"})),
    ] {
        client
            .create_transfer()
            .body(transfer(id, "10.00", instrument))
            .send()
            .await
            .unwrap();
    }
    mock.clock().advance(Duration::from_secs(5));
    let status = |id: &'static str| {
        let client = client.clone();
        async move {
            client
                .get_transfer_status()
                .transfer_id(id)
                .send()
                .await
                .unwrap()
                .into_inner()
        }
    };
    let failed = status("e2e_fail").await;
    assert_eq!(failed.status, Some(enums::TransferStatus::Failed));
    assert_eq!(
        failed.status_code,
        Some(enums::TransferStatusCode::InvalidAccountFail)
    );
    assert_eq!(
        status("e2e_vpa").await.status_code,
        Some(enums::TransferStatusCode::InvalidBeneVpa)
    );
    assert_eq!(
        status("e2e_rev").await.status,
        Some(enums::TransferStatus::Success)
    );
    mock.clock().advance(Duration::from_secs(60));
    let reversed = status("e2e_rev").await;
    assert_eq!(reversed.status, Some(enums::TransferStatus::Reversed));
    assert_eq!(
        reversed.status_code,
        Some(enums::TransferStatusCode::BeneBankDeclined)
    );
}

#[tokio::test]
async fn a_batch_creates_its_transfers_once_and_is_processed_when_all_end() {
    let mock = MockServer::start().await.unwrap();
    let client = Client::from_config(mock.payouts_config()).unwrap();
    let item = |id: &str, value: &str| -> Value {
        json!({"transfer_id": id, "transfer_amount": value.parse::<f64>().unwrap(),
            "beneficiary_details": {"beneficiary_id": "b1", "beneficiary_instrument_details": bank("026291800001191")}})
    };
    let batch: types::CreateBatchTransferRequest = serde_json::from_value(json!({
        "batch_transfer_id": "e2e_batch", "transfers": [item("e2e_b1", "100"), item("e2e_b2", "200")]
    }))
    .unwrap();
    let outcome = client
        .create_batch_transfer_exactly_once(batch.clone())
        .await
        .unwrap();
    let CreateOutcome::Created(created) = outcome else {
        panic!("expected a fresh batch, got {outcome:?}")
    };
    assert_eq!(
        created.status,
        Some(enums::BatchTransferStatusValue::Received)
    );
    assert!(client
        .create_batch_transfer_exactly_once(batch)
        .await
        .unwrap()
        .is_duplicate());

    let received = client
        .get_batch_transfer_status()
        .batch_transfer_id("e2e_batch")
        .send()
        .await
        .unwrap();
    assert_eq!(
        received.status,
        Some(enums::BatchTransferStatusValue::Received)
    );
    assert_eq!(received.transfers.as_ref().map(Vec::len), Some(2));
    mock.clock().advance(Duration::from_secs(5));
    let processed = client
        .get_batch_transfer_status()
        .batch_transfer_id("e2e_batch")
        .send()
        .await
        .unwrap();
    assert_eq!(
        processed.status,
        Some(enums::BatchTransferStatusValue::Processed)
    );
    assert!(processed
        .transfers
        .iter()
        .flatten()
        .all(|t| t.status == Some(enums::TransferStatus::Success)));
    // Each batch transfer is a transfer of its own.
    let one = client
        .get_transfer_status()
        .transfer_id("e2e_b2")
        .send()
        .await
        .unwrap();
    assert_eq!(one.status, Some(enums::TransferStatus::Success));
}
