//! The Payin & Payout API on the mock, through `paygen::payin_payout`: a wallet whose balance
//! payins credit and payouts debit, payin links paid by the customer, payouts initiated exactly
//! once per `order_id` that settle by the mock's clock, and every refusal in the
//! `success: false` envelope.

use std::time::Duration;

use paygen::mock::state::payin_payout::PAYOUT_FINAL_AFTER_SECS;
use paygen::mock::{MockEvent, MockServer};
use paygen::payin_payout::enums::{PayinMethod, PayoutPaymentMethod, TransactionStatus};
use paygen::payin_payout::{types, Client, HmacAuth, PayoutOutcome};
use paygen::{Amount, Config, Credentials, Environment};
use serde_json::Value;

use crate::framework::http;

fn client(mock: &MockServer) -> Client {
    Client::from_config(mock.payin_payout_config()).unwrap()
}

fn amount(text: &str) -> Amount {
    text.parse().unwrap()
}

async fn balance(client: &Client) -> String {
    let answer = client.get_balance().send().await.unwrap().into_inner();
    assert_eq!(answer.success, Some(true));
    answer.data.unwrap().balance.unwrap().to_string()
}

fn payout(order_id: &str, value: &str, account: &str) -> types::PayoutInitiateRequest {
    types::PayoutInitiateRequest {
        amount: amount(value),
        bank_name: "SBI".into(),
        beneficiary_acc_no: account.into(),
        beneficiary_address: "NOIDA".into(),
        beneficiary_email: "test.test@gmail.com".into(),
        beneficiary_mobile_no: "7878787878".into(),
        beneficiary_name: "Test Name".into(),
        ifsc: "SBIN0060589".into(),
        order_id: order_id.into(),
        payment_method: PayoutPaymentMethod::Imps,
        remarks: None,
        user_id: "merchant-user-7".into(),
    }
}

async fn payout_status(client: &Client, order_id: &str) -> types::Payout {
    client
        .get_payout_status()
        .order_id(order_id)
        .send()
        .await
        .unwrap()
        .into_inner()
        .data
        .unwrap()
}

fn refusal(e: &paygen::Error) -> (u16, Value) {
    let api = e
        .as_api()
        .unwrap_or_else(|| panic!("not an API error: {e:?}"));
    (api.status, serde_json::from_slice(&api.raw_body).unwrap())
}

fn event(events: &mut tokio::sync::broadcast::Receiver<MockEvent>) -> MockEvent {
    events.try_recv().expect("an event was published")
}

#[tokio::test]
async fn a_payin_link_is_pending_until_the_customer_pays_and_then_credits_the_wallet() {
    let mock = MockServer::start().await.unwrap();
    let client = client(&mock);
    let mut events = mock.events();
    assert_eq!(balance(&client).await, "10000.00");

    let link = client
        .create_payin_link()
        .body(types::PayinLinkRequest {
            amount: amount("100.50"),
            method: PayinMethod::Upi,
            order_id: "adsd-ewerz-23sdsd-ad234".into(),
            redirect_url: "http://test.com".into(),
            user_id: "a42332-2fs-q341-d36d34".into(),
        })
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        link.message.as_deref(),
        Some("Payin link generated successfully.")
    );
    let data = link.data.unwrap();
    assert!(data.pay_url.unwrap().contains("adsd-ewerz-23sdsd-ad234"));
    assert_eq!(data.amount, Some(amount("100.50")));

    let status = |order_id: &'static str| {
        let client = &client;
        async move {
            client
                .get_payin_status()
                .body(types::PayinStatusRequest {
                    order_id: order_id.into(),
                })
                .send()
                .await
                .map(|a| a.into_inner().data.unwrap())
        }
    };
    let pending = status("adsd-ewerz-23sdsd-ad234").await.unwrap();
    assert_eq!(pending.status, Some(TransactionStatus::Pending));
    assert_eq!(pending.transaction_id, None);
    assert_eq!(balance(&client).await, "10000.00", "nothing is paid yet");

    // The customer pays on the hosted page: the control API does it.
    let paid = mock.control(
        "POST",
        "/payin-payout/payins/adsd-ewerz-23sdsd-ad234/pay",
        br#"{"status": "Approved"}"#,
    );
    assert_eq!(paid.status, 200);
    let approved = status("adsd-ewerz-23sdsd-ad234").await.unwrap();
    assert_eq!(approved.status, Some(TransactionStatus::Approved));
    assert!(approved.transaction_id.is_some());
    assert_eq!(approved.amount, Some(amount("100.50")));
    assert_eq!(balance(&client).await, "10100.50");
    let e = event(&mut events);
    assert_eq!(e.event_type, "payin.succeeded");
    assert!(e.data.contains(r#""amount":100.50"#), "{}", e.data);

    // Paid once only; a repeated order_id makes no second link.
    let again = mock.control(
        "POST",
        "/payin-payout/payins/adsd-ewerz-23sdsd-ad234/pay",
        b"",
    );
    assert_eq!(again.status, 409);
    let e = client
        .create_payin_link()
        .body(types::PayinLinkRequest {
            amount: amount("1"),
            method: PayinMethod::Upi,
            order_id: "adsd-ewerz-23sdsd-ad234".into(),
            redirect_url: "http://test.com".into(),
            user_id: "u".into(),
        })
        .send()
        .await
        .unwrap_err();
    let (status_code, body) = refusal(&e);
    assert_eq!(status_code, 409);
    assert_eq!(body["success"], false);
    assert_eq!(body["error"]["code"], "order_id_already_exists");

    // A rejected payin credits nothing.
    client
        .create_payin_link()
        .body(types::PayinLinkRequest {
            amount: amount("5"),
            method: PayinMethod::Upi,
            order_id: "p-2".into(),
            redirect_url: "http://test.com".into(),
            user_id: "u".into(),
        })
        .send()
        .await
        .unwrap();
    mock.control(
        "POST",
        "/payin-payout/payins/p-2/pay",
        br#"{"status":"Rejected"}"#,
    );
    assert_eq!(
        status("p-2").await.unwrap().status,
        Some(TransactionStatus::Rejected)
    );
    assert_eq!(balance(&client).await, "10100.50");

    let e = status("nobody").await.unwrap_err();
    let (status_code, body) = refusal(&e);
    assert_eq!(status_code, 404);
    assert_eq!(body["success"], false);
}

#[tokio::test]
async fn a_payout_is_initiated_exactly_once_and_its_status_follows_the_clock() {
    let mock = MockServer::start().await.unwrap();
    let client = client(&mock);
    let mut events = mock.events();
    let outcome = client
        .initiate_payout_exactly_once(payout("po-1", "100.00", "99999999999"))
        .await
        .unwrap();
    assert!(matches!(outcome, PayoutOutcome::Created(_)));
    assert_eq!(outcome.payout_status(), Some(&TransactionStatus::Pending));
    let p = outcome.payout().unwrap();
    assert_eq!(p.charge, Some(amount("2.00")));
    assert_eq!(p.transaction_id, None);
    assert_eq!(
        balance(&client).await,
        "9898.00",
        "amount and charge taken at once"
    );

    // The same order_id again: refused, and no money moves a second time.
    let e = client
        .initiate_payout_exactly_once(payout("po-1", "100.00", "99999999999"))
        .await
        .unwrap_err();
    let (status_code, body) = refusal(&e);
    assert_eq!(status_code, 409);
    assert_eq!(body["success"], false);
    assert_eq!(body["error"]["code"], "order_id_already_exists");
    assert_eq!(balance(&client).await, "9898.00");

    assert_eq!(
        payout_status(&client, "po-1").await.status,
        Some(TransactionStatus::Pending)
    );
    mock.clock()
        .advance(Duration::from_secs(PAYOUT_FINAL_AFTER_SECS as u64));
    let done = payout_status(&client, "po-1").await;
    assert_eq!(done.status, Some(TransactionStatus::Approved));
    assert_eq!(done.message.as_deref(), Some("Payout has been completed."));
    assert!(done.transaction_id.is_some());
    assert_eq!(done.amount, Some(amount("100.00")));
    let e = event(&mut events);
    assert_eq!(e.event_type, "payout.succeeded");
    assert_eq!(e.resource_id, "po-1");
    assert_eq!(balance(&client).await, "9898.00");
}

#[tokio::test]
async fn a_rejected_payout_gives_the_amount_and_charge_back() {
    let mock = MockServer::start().await.unwrap();
    let client = client(&mock);
    let mut events = mock.events();
    let outcome = client
        .initiate_payout_exactly_once(payout("po-bad", "500.25", "12340000"))
        .await
        .unwrap();
    assert!(
        outcome.created().is_some(),
        "the payout was created: {outcome:?}"
    );
    assert_eq!(balance(&client).await, "9497.75");
    mock.clock()
        .advance(Duration::from_secs(PAYOUT_FINAL_AFTER_SECS as u64));
    let done = payout_status(&client, "po-bad").await;
    assert_eq!(done.status, Some(TransactionStatus::Rejected));
    assert_eq!(event(&mut events).event_type, "payout.failed");
    assert_eq!(balance(&client).await, "10000.00");
}

#[tokio::test]
async fn a_lost_initiate_answer_is_resolved_through_payout_status() {
    let mock = MockServer::start().await.unwrap();
    let client = client(&mock);
    // The answer is lost after the work is done: the mock's "commit, then fail" fault.
    mock.faults()
        .inject(paygen::mock::Fault::new(
            "initiate_payout",
            paygen::mock::FaultKind::CommitThenStatus { status: 500 },
        ))
        .unwrap();
    let outcome = client
        .initiate_payout_exactly_once(payout("po-lost", "10.00", "99999999999"))
        .await
        .unwrap();
    assert!(outcome.was_looked_up(), "{outcome:?}");
    assert_eq!(outcome.payout_status(), Some(&TransactionStatus::Pending));
    assert_eq!(
        outcome.payout().unwrap().order_id.as_deref(),
        Some("po-lost")
    );
    let initiates: Vec<u16> = mock
        .requests()
        .iter()
        .filter(|r| r.operation_id == Some("initiate_payout"))
        .map(|r| r.status)
        .collect();
    assert_eq!(initiates, vec![500], "sent once, never again");
    assert_eq!(balance(&client).await, "9988.00");
}

#[tokio::test]
async fn refusals_come_back_in_the_success_false_envelope() {
    let mock = MockServer::start().await.unwrap();
    let client = client(&mock);

    let e = client
        .initiate_payout_exactly_once(payout("po-big", "9998.01", "99999999999"))
        .await
        .unwrap_err();
    let (status_code, body) = refusal(&e);
    assert_eq!(status_code, 422);
    assert_eq!(body["success"], false);
    assert_eq!(body["error"]["code"], "insufficient_balance");
    assert_eq!(balance(&client).await, "10000.00");
    let e = client
        .get_payout_status()
        .order_id("po-big")
        .send()
        .await
        .unwrap_err();
    assert_eq!(refusal(&e).0, 404, "a refused payout does not exist");

    // The wrong secret: the HMAC over the exact bytes does not match.
    let forged = Client::from_config(Config::new(
        Environment::custom(mock.base_url(paygen::mock::Family::PayinPayout)),
        Credentials::hmac(paygen::mock::auth::DEFAULT_CLIENT_ID, "not-the-secret"),
    ))
    .unwrap();
    let e = forged.get_balance().send().await.unwrap_err();
    let (status_code, body) = refusal(&e);
    assert_eq!(status_code, 401);
    assert_eq!(body["success"], false);
    assert!(body["message"].as_str().unwrap().contains("Signature"));

    // A stale Timestamp (signed correctly, ten minutes ago).
    let stale_ms = chrono::Utc::now().timestamp_millis() as u64 - 10 * 60 * 1000;
    let stale = Client::from_config_with_auth(
        mock.payin_payout_config(),
        HmacAuth::new().with_clock(move || stale_ms),
    )
    .unwrap();
    let e = stale.get_balance().send().await.unwrap_err();
    let (status_code, body) = refusal(&e);
    assert_eq!(status_code, 401);
    assert!(body["message"].as_str().unwrap().contains("Timestamp"));

    // A body that breaks the spec (an IFSC of the wrong form), signed by hand so it reaches
    // the mock's validation.
    let bytes = serde_json::to_string(&payout("po-ifsc", "1.00", "99999999999"))
        .unwrap()
        .replace("SBIN0060589", "sbin123")
        .into_bytes();
    let ts = chrono::Utc::now().timestamp_millis() as u64;
    let signature = paygen::payin_payout::signing::sign(
        paygen::mock::auth::DEFAULT_CLIENT_SECRET,
        "POST",
        "api/v1/payout/initiate",
        &bytes,
        ts,
    );
    let answer = http()
        .post(format!(
            "{}/api/v1/payout/initiate",
            mock.base_url(paygen::mock::Family::PayinPayout)
        ))
        .header("Access-Key", paygen::mock::auth::DEFAULT_CLIENT_ID)
        .header("Timestamp", ts.to_string())
        .header("Signature", signature)
        .header("content-type", "application/json")
        .body(bytes)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 400);
    let body: Value = answer.json().await.unwrap();
    assert_eq!(body["success"], false);
    assert_eq!(body["error"]["code"], "ifsc_invalid");
    assert_eq!(balance(&client).await, "10000.00");
}
