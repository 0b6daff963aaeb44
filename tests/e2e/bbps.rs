//! BBPS on the mock: the transaction status check through `paygen::bbps`, for bill payments
//! recorded with the control API, settling to the biller a day after they succeed.

use std::time::Duration;

use paygen::bbps::{enums, Client};
use paygen::mock::{Family, MockServer};

async fn record(mock: &MockServer, id: &str, status: &str) -> u16 {
    super::framework::http()
        .post(format!("{}/__paygen/bbps/transactions", mock.url()))
        .body(format!(
            r#"{{"bbps_transaction_id":"{id}","amount":149.50,"bill_payment_status":"{status}"}}"#
        ))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn a_bill_payment_is_pending_then_succeeds_then_settles_a_day_later() {
    let mock = MockServer::start().await.unwrap();
    let c = Client::from_config(mock.config_for(Family::Bbps)).unwrap();
    let missing = c
        .get_bbps_transaction_status()
        .bbps_transaction_id("t1")
        .send()
        .await
        .unwrap_err();
    assert_eq!(missing.as_api().unwrap().status, 404);

    assert_eq!(record(&mock, "t1", "PENDING").await, 200);
    let t = c
        .get_bbps_transaction_status()
        .bbps_transaction_id("t1")
        .send()
        .await
        .unwrap();
    assert_eq!(
        t.bill_payment_status,
        Some(enums::BbpsBillPaymentStatus::Pending)
    );
    assert!(t.settlement_status.is_none());

    assert_eq!(record(&mock, "t1", "SUCCESS").await, 200);
    let t = c
        .get_bbps_transaction_status()
        .bbps_transaction_id("t1")
        .send()
        .await
        .unwrap();
    assert_eq!(
        t.bill_payment_status,
        Some(enums::BbpsBillPaymentStatus::Success)
    );
    assert!(t.settlement_status.is_none(), "not settled yet");
    // A final status does not change again.
    assert_eq!(record(&mock, "t1", "FAILED").await, 400);

    mock.clock().advance(Duration::from_secs(
        paygen::mock::state::bbps::SETTLEMENT_AFTER_SECS as u64,
    ));
    let t = c
        .get_bbps_transaction_status()
        .bbps_transaction_id("t1")
        .send()
        .await
        .unwrap();
    assert_eq!(
        t.settlement_status,
        Some(enums::BbpsSettlementStatus::Settled)
    );
    assert_eq!(t.settlement_amount, Some("149.50".parse().unwrap()));
    assert!(t.settlement_utr.is_some());
    let time = t.settlement_time.clone().unwrap();
    assert!(
        chrono::NaiveDateTime::parse_from_str(&time, "%Y-%m-%d %H:%M:%S").is_ok(),
        "{time}"
    );
}

#[tokio::test]
async fn a_failed_bill_payment_never_settles() {
    let mock = MockServer::start().await.unwrap();
    let c = Client::from_config(mock.config_for(Family::Bbps)).unwrap();
    assert_eq!(record(&mock, "t2", "FAILED").await, 200);
    mock.clock().advance(Duration::from_secs(3 * 86_400));
    let t = c
        .get_bbps_transaction_status()
        .bbps_transaction_id("t2")
        .send()
        .await
        .unwrap();
    assert_eq!(
        t.bill_payment_status,
        Some(enums::BbpsBillPaymentStatus::Failed)
    );
    assert!(t.settlement_status.is_none() && t.settlement_amount.is_none());
}
