//! Every amount a Payouts or Payin & Payout request carries obeys its documented scale (two
//! decimals) and minimum: a three-decimal amount is refused before anything is sent, naming the
//! field, for single transfers, batch transfers, Cashgrams and Payin & Payout payins.
#![cfg(all(feature = "payouts", feature = "payin-payout"))]

use crate::payin_payout_support as pp;
use crate::payouts_support::*;

use paygen::payouts_v2::types as v2;
use paygen::{Amount, Error};
use wiremock::MockServer;

fn amount(text: &str) -> Amount {
    text.parse().unwrap()
}

/// The validation error of a refused call, after checking nothing reached the server.
async fn refused(server: &MockServer, result: Result<(), Error>) -> paygen::ValidationError {
    assert!(
        server.received_requests().await.unwrap().is_empty(),
        "nothing may be sent"
    );
    match result {
        Err(Error::Validation(v)) => v,
        other => panic!("expected a validation error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_three_decimal_transfer_amount_is_refused_before_sending() {
    let server = MockServer::start().await;
    let mut body: v2::CreateTransferRequest =
        serde_json::from_str(&v2_fixture("create_transfer.request.json")).unwrap();
    body.transfer_amount = amount("10.155");
    let result = v2(&server).create_transfer().body(body).send().await;
    let v = refused(&server, result.map(drop)).await;
    assert_eq!(v.field.as_deref(), Some("transfer_amount"));
    assert!(v.message.contains("at most 2 decimal places"), "{v}");
}

#[tokio::test]
async fn a_transfer_under_one_rupee_is_refused_before_sending() {
    let server = MockServer::start().await;
    let mut body: v2::CreateTransferRequest =
        serde_json::from_str(&v2_fixture("create_transfer.request.json")).unwrap();
    body.transfer_amount = amount("0.99");
    let result = v2(&server).create_transfer().body(body).send().await;
    let v = refused(&server, result.map(drop)).await;
    assert_eq!(v.field.as_deref(), Some("transfer_amount"));
    assert!(v.message.contains("at least 1"), "{v}");
}

#[tokio::test]
async fn a_three_decimal_amount_in_a_batch_names_its_transfer() {
    let server = MockServer::start().await;
    let mut body: v2::CreateBatchTransferRequest =
        serde_json::from_str(&v2_fixture("create_batch_transfer.request.json")).unwrap();
    body.transfers[1].transfer_amount = amount("1.005");
    let result = v2(&server).create_batch_transfer().body(body).send().await;
    let v = refused(&server, result.map(drop)).await;
    assert_eq!(v.field.as_deref(), Some("transfers[1].transfer_amount"));
    assert!(v.message.contains("at most 2 decimal places"), "{v}");
}

#[tokio::test]
async fn a_three_decimal_cashgram_amount_is_refused_before_sending() {
    let server = MockServer::start().await;
    let mut body: paygen::payouts_v1::types::CreateCashgramRequest =
        serde_json::from_str(&v1_fixture("create_cashgram.request.json")).unwrap();
    body.amount = amount("1.005");
    let result = v1(&server).create_cashgram().body(body).send().await;
    let v = refused(&server, result.map(drop)).await;
    assert_eq!(v.field.as_deref(), Some("amount"));
    assert!(v.message.contains("at most 2 decimal places"), "{v}");
}

#[tokio::test]
async fn a_three_decimal_payin_amount_is_refused_before_sending() {
    let server = MockServer::start().await;
    let request = paygen::payin_payout::types::PayinLinkRequest::builder()
        .user_id("a42332-2fs-q341-d36d34")
        .order_id("adsd-ewerz-23sdsd-ad234")
        .amount(amount("100.001"))
        .method(paygen::payin_payout::enums::PayinMethod::Upi)
        .redirect_url("http://test.com");
    let result = pp::client(&server)
        .create_payin_link()
        .body(request)
        .send()
        .await;
    let v = refused(&server, result.map(drop)).await;
    assert_eq!(v.field.as_deref(), Some("amount"));
    assert!(v.message.contains("at most 2 decimal places"), "{v}");
}
