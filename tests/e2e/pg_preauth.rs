//! PG pre-authorisation through the generated client against the mock: a UPI one-time mandate
//! (`authorize_only`) or a card on an account with card pre-auth holds the money; the order's
//! authorization call captures some or all of it, or voids it, once.

use std::time::Duration;

use paygen::mock::MockServer;
use paygen::pg::{enums, types, Client};
use serde_json::{json, Value};

use crate::pg::{amount, api, of, order, pay, simulate, upi};

fn mandate(upi_id: &str) -> Value {
    json!({"upi": {"channel": "collect", "upi_id": upi_id, "authorize_only": true,
        "authorization": {"approve_by": "2030-01-01T10:00:00+05:30",
            "start_time": "2030-01-01T10:00:00+05:30", "end_time": "2030-01-31T10:00:00+05:30"}}})
}

async fn authorize(
    client: &Client,
    order_id: &str,
    action: &str,
    value: Option<&str>,
) -> Result<types::PaymentEntity, paygen::Error> {
    let mut body = json!({"action": action});
    if let Some(v) = value {
        body["amount"] = json!(v.parse::<f64>().unwrap());
    }
    let mut request: types::AuthorizeOrderRequest = of(body);
    request.amount = value.map(amount);
    client
        .authorize_order_payment()
        .order_id(order_id)
        .body(request)
        .send()
        .await
        .map(|r| r.into_inner())
}

async fn payment(client: &Client, order_id: &str, id: &str) -> types::PaymentEntity {
    client
        .get_payment()
        .order_id(order_id)
        .cf_payment_id(id)
        .send()
        .await
        .unwrap()
        .into_inner()
}

fn text(a: Option<paygen::Amount>) -> Option<String> {
    a.map(|a| a.to_string())
}

async fn refund(
    client: &Client,
    order_id: &str,
    id: &str,
    value: &str,
) -> Result<(), paygen::Error> {
    client
        .create_refund()
        .order_id(order_id)
        .body(types::OrderCreateRefundRequest {
            refund_amount: amount(value),
            refund_id: id.into(),
            refund_note: None,
            refund_speed: None,
            refund_splits: Vec::new(),
        })
        .send()
        .await
        .map(|_| ())
}

#[tokio::test]
async fn a_upi_mandate_is_held_then_captured_in_part_once_and_settles_what_was_captured() {
    let mock = MockServer::start().await.unwrap();
    let client = Client::from_config(mock.config()).unwrap();
    let created = order(&client, "preauth_1", "500.00", json!({})).await;
    let paid = pay(
        &client,
        created.payment_session_id.as_deref().unwrap(),
        mandate("testsuccess@gocash"),
    )
    .await
    .unwrap();
    let id = paid.cf_payment_id.unwrap();

    // Held: a successful payment, nothing captured, marked PRE_AUTH.
    let held = payment(&client, "preauth_1", &id).await;
    assert_eq!(held.payment_status, Some(enums::PaymentStatus::Success));
    assert_eq!(held.is_captured, Some(false));
    assert!(held
        .payment_message
        .as_deref()
        .unwrap()
        .starts_with("PRE_AUTH|"));
    let hold = held.authorization.unwrap();
    assert_eq!(hold.action, None);
    assert_eq!(text(hold.captured_amount).as_deref(), Some("0.00"));
    assert_eq!(hold.end_time.as_deref(), Some("2030-01-31T10:00:00+05:30"));
    assert_eq!(
        hold.approve_by.as_deref(),
        Some("2030-01-01T10:00:00+05:30")
    );

    // Nothing is captured yet: no settlement, nothing to refund.
    let none = api(client
        .get_settlement_for_order()
        .order_id("preauth_1")
        .send()
        .await
        .unwrap_err());
    assert_eq!(none.status, 404);
    assert_eq!(none.code.as_deref(), Some("settlement_get_not_found"));
    let early = api(refund(&client, "preauth_1", "r_early", "1.00")
        .await
        .unwrap_err());
    assert_eq!(early.code.as_deref(), Some("refund_amount_invalid"));

    // Never above what is held.
    let over = api(authorize(&client, "preauth_1", "CAPTURE", Some("500.01"))
        .await
        .unwrap_err());
    assert_eq!(over.status, 400);
    assert_eq!(over.code.as_deref(), Some("payment_amount_invalid"));

    let captured = authorize(&client, "preauth_1", "CAPTURE", Some("300.00"))
        .await
        .unwrap();
    assert_eq!(
        captured.cf_payment_id.as_ref().unwrap().as_str(),
        id.as_str()
    );
    assert_eq!(captured.is_captured, Some(true));
    let done = captured.authorization.unwrap();
    assert_eq!(done.action, Some(enums::AuthorizeAction::Capture));
    assert_eq!(done.status, Some(enums::AuthorizationStatus::Success));
    assert_eq!(text(done.captured_amount).as_deref(), Some("300.00"));
    assert!(done.action_time.is_some() && done.action_reference.is_some());
    // get_payment shows the change.
    let after = payment(&client, "preauth_1", &id).await;
    assert_eq!(after.is_captured, Some(true));
    assert_eq!(
        text(after.authorization.unwrap().captured_amount).as_deref(),
        Some("300.00")
    );

    // Once: a captured payment is neither captured again nor voided.
    for action in ["CAPTURE", "VOID"] {
        let again = api(authorize(&client, "preauth_1", action, None)
            .await
            .unwrap_err());
        assert_eq!(again.status, 400);
        assert_eq!(
            again.code.as_deref(),
            Some("order_already_paid"),
            "{action}"
        );
        assert!(
            again.message.contains("already captured"),
            "{}",
            again.message
        );
    }

    // What settles and what can be refunded is what was captured: 300.00 less 6.00 and 1.08.
    let settlement = client
        .get_settlement_for_order()
        .order_id("preauth_1")
        .send()
        .await
        .unwrap();
    assert_eq!(
        text(settlement.settlement_amount).as_deref(),
        Some("292.92")
    );
    assert_eq!(text(settlement.service_charge).as_deref(), Some("6.00"));
    assert_eq!(text(settlement.service_tax).as_deref(), Some("1.08"));
    let too_much = api(refund(&client, "preauth_1", "r_1", "300.01")
        .await
        .unwrap_err());
    assert_eq!(too_much.code.as_deref(), Some("refund_amount_invalid"));
    refund(&client, "preauth_1", "r_1", "300.00").await.unwrap();
}

#[tokio::test]
async fn a_void_releases_the_hold_and_then_nothing_can_be_captured() {
    let mock = MockServer::start().await.unwrap();
    let client = Client::from_config(mock.config()).unwrap();
    let created = order(&client, "preauth_void", "80.00", json!({})).await;
    // A mandate to another UPI id waits for simulate_payment, like any collect request.
    let paid = pay(
        &client,
        created.payment_session_id.as_deref().unwrap(),
        mandate("someone@okbank"),
    )
    .await
    .unwrap();
    let id = paid.cf_payment_id.unwrap();
    let pending = api(authorize(&client, "preauth_void", "CAPTURE", None)
        .await
        .unwrap_err());
    assert_eq!(pending.code.as_deref(), Some("order_id_not_paid"));
    simulate(&client, &id, "SUCCESS", None).await.unwrap();

    let voided = authorize(&client, "preauth_void", "VOID", None)
        .await
        .unwrap();
    assert_eq!(voided.payment_status, Some(enums::PaymentStatus::Void));
    assert_eq!(voided.is_captured, Some(false));
    let release = voided.authorization.unwrap();
    assert_eq!(release.action, Some(enums::AuthorizeAction::Void));
    assert_eq!(release.status, Some(enums::AuthorizationStatus::Success));
    assert_eq!(text(release.captured_amount).as_deref(), Some("0.00"));
    let read = payment(&client, "preauth_void", &id).await;
    assert_eq!(read.payment_status, Some(enums::PaymentStatus::Void));

    // The order was not paid after all: it can be paid again (MK-9).
    let fetched = client
        .get_order()
        .order_id("preauth_void")
        .send()
        .await
        .unwrap();
    assert_eq!(fetched.order_status, Some(enums::OrderStatus::Active));
    let captured = api(authorize(&client, "preauth_void", "CAPTURE", Some("80.00"))
        .await
        .unwrap_err());
    assert_eq!(captured.status, 400);
    assert_eq!(captured.code.as_deref(), Some("order_id_voided"));
    let settled = api(client
        .get_settlement_for_order()
        .order_id("preauth_void")
        .send()
        .await
        .unwrap_err());
    assert_eq!(settled.code.as_deref(), Some("settlement_get_not_found"));
}

#[tokio::test]
async fn a_card_hold_on_a_preauth_account_lapses_after_seven_days() {
    let mock = MockServer::start().await.unwrap();
    let client = Client::from_config(mock.config()).unwrap();
    let on = mock.control("POST", "/pg/preauth", br#"{"cards": true}"#);
    assert_eq!(on.status, 200);
    let created = order(&client, "preauth_card", "1200.00", json!({})).await;
    let paid = pay(
        &client,
        created.payment_session_id.as_deref().unwrap(),
        json!({"card": {"channel": "link", "card_number": "5409162669381034",
            "card_holder_name": "Test", "card_expiry_mm": "12", "card_expiry_yy": "30", "card_cvv": "123"}}),
    )
    .await
    .unwrap();
    let id = paid.cf_payment_id.unwrap();
    simulate(&client, &id, "SUCCESS", None).await.unwrap();
    let held = payment(&client, "preauth_card", &id).await;
    assert_eq!(held.is_captured, Some(false));
    assert!(held.authorization.is_some());

    // Seven days later the money has gone back to the customer.
    mock.clock().advance(Duration::from_secs(7 * 24 * 3600));
    let lapsed = payment(&client, "preauth_card", &id).await;
    assert_eq!(lapsed.payment_status, Some(enums::PaymentStatus::Void));
    let late = api(authorize(&client, "preauth_card", "CAPTURE", None)
        .await
        .unwrap_err());
    assert_eq!(late.code.as_deref(), Some("order_id_voided"));
}

#[tokio::test]
async fn only_an_order_with_a_held_payment_can_be_captured_or_voided() {
    let mock = MockServer::start().await.unwrap();
    let client = Client::from_config(mock.config()).unwrap();
    let unknown = api(authorize(&client, "no_such_order", "CAPTURE", None)
        .await
        .unwrap_err());
    assert_eq!(unknown.status, 404);
    assert_eq!(unknown.code.as_deref(), Some("order_not_found"));

    // A payment captured at once (no authorize_only, card pre-auth off) holds nothing.
    let plain = order(&client, "preauth_plain", "10.00", json!({})).await;
    pay(
        &client,
        plain.payment_session_id.as_deref().unwrap(),
        upi("testsuccess@gocash"),
    )
    .await
    .unwrap();
    for action in ["CAPTURE", "VOID"] {
        let refused = api(authorize(&client, "preauth_plain", action, None)
            .await
            .unwrap_err());
        assert_eq!(refused.status, 404, "{action}");
        assert_eq!(refused.code.as_deref(), Some("payment_not_found"));
    }

    // authorize_only is a UPI collect feature.
    let intent = order(&client, "preauth_intent", "10.00", json!({})).await;
    let refused = api(pay(
        &client,
        intent.payment_session_id.as_deref().unwrap(),
        json!({"upi": {"channel": "link", "authorize_only": true}}),
    )
    .await
    .unwrap_err());
    assert_eq!(refused.status, 400);
    assert_eq!(refused.code.as_deref(), Some("authorize_only_invalid"));

    // A failed mandate holds nothing either.
    let failed = order(&client, "preauth_failed", "10.00", json!({})).await;
    pay(
        &client,
        failed.payment_session_id.as_deref().unwrap(),
        mandate("testfailure@gocash"),
    )
    .await
    .unwrap();
    let refused = api(authorize(&client, "preauth_failed", "VOID", None)
        .await
        .unwrap_err());
    assert_eq!(refused.code.as_deref(), Some("order_id_not_paid"));
}
