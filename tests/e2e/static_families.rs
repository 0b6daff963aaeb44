//! Families without state rules yet, through their clients: authentication as documented
//! (Payouts v1 bearer tokens fetched by the client; Payin & Payout HMAC) and a valid answer
//! built from the spec.

use paygen::mock::MockServer;

#[tokio::test]
async fn the_payouts_v1_client_authorizes_then_creates_a_cashgram_with_its_token() {
    let mock = MockServer::start().await.unwrap();
    let client = paygen::payouts_v1::Client::from_config(mock.payouts_v1_config()).unwrap();
    let created = client
        .create_cashgram()
        .body(paygen::payouts_v1::types::CreateCashgramRequest {
            amount: "150.00".parse().unwrap(),
            cashgram_id: "e2e_cashgram_1".into(),
            email: None,
            link_expiry: "2030/01/01".into(),
            name: "Asha".into(),
            notify_customer: None,
            phone: "9999999999".into(),
            remarks: None,
        })
        .send()
        .await;
    assert!(created.is_ok(), "{created:?}");
    let ops: Vec<_> = mock
        .requests()
        .iter()
        .map(|r| (r.operation_id, r.status))
        .collect();
    assert_eq!(
        ops,
        vec![
            (Some("payouts_authorize"), 200),
            (Some("create_cashgram"), 200)
        ],
        "the client fetched a token first, and the mock accepted it"
    );
}
