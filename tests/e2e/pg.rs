//! PG through the generated client against the mock: each call's state change.

use std::time::Duration;

use paygen::mock::MockServer;
use paygen::pg::{enums, types, Client};
use paygen::{Amount, Error};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

use crate::framework::http;

pub(crate) fn of<T: DeserializeOwned>(v: Value) -> T {
    serde_json::from_value(v).expect("the test body fits the generated type")
}

pub(crate) fn amount(text: &str) -> Amount {
    text.parse().unwrap()
}

pub(crate) fn api(err: Error) -> paygen::ApiError {
    match err {
        Error::Api(api) => *api,
        other => panic!("expected an API error, got {other:?}"),
    }
}

pub(crate) async fn order(
    client: &Client,
    id: &str,
    total: &str,
    extra: Value,
) -> types::OrderEntity {
    let mut body = json!({
        "order_id": id,
        "order_amount": total.parse::<f64>().unwrap(),
        "order_currency": "INR",
        "customer_details": {"customer_id": "cust_e2e", "customer_phone": "9999999999"}
    });
    if let (Value::Object(b), Value::Object(e)) = (&mut body, extra) {
        b.extend(e);
    }
    let mut request: types::CreateOrderRequest = of(body);
    request.order_amount = amount(total);
    client
        .create_order()
        .body(request)
        .send()
        .await
        .unwrap()
        .into_inner()
}

pub(crate) async fn pay(
    client: &Client,
    session: &str,
    method: Value,
) -> Result<types::PayOrderEntity, Error> {
    client
        .pay_order()
        .body(types::PayOrderRequest {
            payment_session_id: session.to_string(),
            payment_method: of(method),
            save_instrument: None,
            offer_id: None,
        })
        .send()
        .await
        .map(|r| r.into_inner())
}

pub(crate) fn upi(id: &str) -> Value {
    json!({"upi": {"channel": "collect", "upi_id": id}})
}

pub(crate) async fn simulate(
    client: &Client,
    payment: &str,
    status: &str,
    code: Option<&str>,
) -> Result<types::SimulationEntity, Error> {
    let mut sim = json!({"payment_status": status});
    if let Some(code) = code {
        sim["payment_error_code"] = json!(code);
    }
    client
        .simulate_payment()
        .body(of::<types::SimulateRequest>(json!({
            "entity": "PAYMENTS", "entity_id": payment, "entity_simulation": sim
        })))
        .send()
        .await
        .map(|r| r.into_inner())
}

#[tokio::test]
async fn an_order_is_created_once_paid_by_the_success_upi_id_refunded_and_settled() {
    let mock = MockServer::start().await.unwrap();
    let mut events = mock.events();
    let client = Client::from_config(mock.config()).unwrap();
    let created = order(&client, "e2e_order_1", "100.50", json!({})).await;
    assert_eq!(created.order_status, Some(enums::OrderStatus::Active));
    assert_eq!(
        created.order_amount.map(|a| a.to_string()).as_deref(),
        Some("100.50")
    );

    let again = client
        .create_order()
        .body(of::<types::CreateOrderRequest>(json!({
            "order_id": "e2e_order_1", "order_amount": 5, "order_currency": "INR",
            "customer_details": {"customer_id": "cust_e2e", "customer_phone": "9999999999"}
        })))
        .send()
        .await
        .unwrap_err();
    let again = api(again);
    assert_eq!(again.status, 409);
    assert_eq!(again.code.as_deref(), Some("order_already_exists"));

    let none = client
        .get_payments_for_order()
        .order_id("e2e_order_1")
        .send()
        .await
        .unwrap();
    assert!(none.is_empty());

    let session = created.payment_session_id.clone().unwrap();
    let paid = pay(&client, &session, upi("testsuccess@gocash"))
        .await
        .unwrap();
    let cf_payment_id = paid.cf_payment_id.clone().unwrap();
    assert_eq!(
        paid.payment_amount.map(|a| a.to_string()).as_deref(),
        Some("100.50")
    );

    let fetched = client
        .get_order()
        .order_id("e2e_order_1")
        .send()
        .await
        .unwrap();
    assert_eq!(fetched.order_status, Some(enums::OrderStatus::Paid));
    let payment = client
        .get_payment()
        .order_id("e2e_order_1")
        .cf_payment_id(cf_payment_id.as_str())
        .send()
        .await
        .unwrap();
    assert_eq!(payment.payment_status, Some(enums::PaymentStatus::Success));
    assert_eq!(payment.payment_group, Some(enums::PaymentGroup::Upi));
    let event = events.try_recv().unwrap();
    assert_eq!(event.event_type, "PAYMENT_SUCCESS_WEBHOOK");
    assert_eq!(event.resource_id, "e2e_order_1");
    assert!(
        event.data.contains(r#""order_amount":100.50"#),
        "{}",
        event.data
    );

    // Paying a paid order is refused.
    let twice = api(pay(&client, &session, upi("testsuccess@gocash"))
        .await
        .unwrap_err());
    assert_eq!(twice.code.as_deref(), Some("order_inactive"));

    let refund = |id: &'static str, value: &'static str| {
        let client = client.clone();
        async move {
            client
                .create_refund()
                .order_id("e2e_order_1")
                .body(types::OrderCreateRefundRequest {
                    refund_amount: amount(value),
                    refund_id: id.into(),
                    refund_note: None,
                    refund_speed: None,
                    refund_splits: Vec::new(),
                })
                .send()
                .await
                .map(|r| r.into_inner())
        }
    };
    let first = refund("refund_1", "40.00").await.unwrap();
    assert_eq!(first.refund_status, Some(enums::RefundStatus::Pending));
    assert_eq!(
        first.refund_amount.map(|a| a.to_string()).as_deref(),
        Some("40.00")
    );
    let too_much = api(refund("refund_2", "60.51").await.unwrap_err());
    assert_eq!(too_much.code.as_deref(), Some("refund_amount_invalid"));
    let repeated = api(refund("refund_1", "1.00").await.unwrap_err());
    assert_eq!(repeated.status, 409);
    mock.clock().advance(Duration::from_secs(61));
    let done = client
        .get_refund()
        .order_id("e2e_order_1")
        .refund_id("refund_1")
        .send()
        .await
        .unwrap();
    assert_eq!(done.refund_status, Some(enums::RefundStatus::Success));
    let rest = refund("refund_2", "60.50").await.unwrap();
    assert_eq!(rest.refund_status, Some(enums::RefundStatus::Pending));
    assert_eq!(
        api(refund("refund_3", "0.01").await.unwrap_err())
            .code
            .as_deref(),
        Some("refund_amount_invalid")
    );
    let all = client
        .get_refunds_for_order()
        .order_id("e2e_order_1")
        .send()
        .await
        .unwrap();
    assert_eq!(all.len(), 2);

    let settlement = client
        .get_settlement_for_order()
        .order_id("e2e_order_1")
        .send()
        .await
        .unwrap();
    // 100.50 less 2% (2.01) and 18% tax on it (0.36).
    assert_eq!(
        settlement
            .settlement_amount
            .map(|a| a.to_string())
            .as_deref(),
        Some("98.13")
    );
    assert_eq!(
        settlement.service_charge.map(|a| a.to_string()).as_deref(),
        Some("2.01")
    );
}

#[tokio::test]
async fn a_pending_payment_ends_as_simulate_payment_says() {
    let mock = MockServer::start().await.unwrap();
    let client = Client::from_config(mock.config()).unwrap();
    let created = order(&client, "e2e_sim", "10.00", json!({})).await;
    let session = created.payment_session_id.unwrap();
    let first = pay(&client, &session, upi("someone@okbank")).await.unwrap();
    let first_id = first.cf_payment_id.unwrap();
    let pending = client
        .get_payment()
        .order_id("e2e_sim")
        .cf_payment_id(first_id.as_str())
        .send()
        .await
        .unwrap();
    assert_eq!(pending.payment_status, Some(enums::PaymentStatus::Pending));

    let sim = simulate(&client, &first_id, "FAILED", Some("ISSUER_NOT_AVAILABLE"))
        .await
        .unwrap();
    let failed = client
        .get_payment()
        .order_id("e2e_sim")
        .cf_payment_id(first_id.as_str())
        .send()
        .await
        .unwrap();
    assert_eq!(failed.payment_status, Some(enums::PaymentStatus::Failed));
    assert_eq!(
        failed
            .error_details
            .as_ref()
            .and_then(|e| e.error_code.clone()),
        Some("ISSUER_NOT_AVAILABLE".to_string())
    );
    let order_now = client.get_order().order_id("e2e_sim").send().await.unwrap();
    assert_eq!(order_now.order_status, Some(enums::OrderStatus::Active));
    let fetched = client
        .get_simulation()
        .simulation_id(sim.simulation_id.clone().unwrap().as_str())
        .send()
        .await
        .unwrap();
    assert_eq!(fetched.entity_id.as_deref(), Some(first_id.as_str()));
    let unknown = api(client
        .get_simulation()
        .simulation_id("sim_nope")
        .send()
        .await
        .unwrap_err());
    assert_eq!(unknown.code.as_deref(), Some("simulation_id_invalid"));

    // Simulating a payment that already ended is refused.
    assert!(simulate(&client, &first_id, "SUCCESS", None).await.is_err());

    let second = pay(
        &client,
        &session,
        json!({"netbanking": {"channel": "link", "netbanking_bank_code": 3333}}),
    )
    .await
    .unwrap();
    simulate(
        &client,
        second.cf_payment_id.as_deref().unwrap(),
        "SUCCESS",
        None,
    )
    .await
    .unwrap();
    let paid = client.get_order().order_id("e2e_sim").send().await.unwrap();
    assert_eq!(paid.order_status, Some(enums::OrderStatus::Paid));
    let payments = client
        .get_payments_for_order()
        .order_id("e2e_sim")
        .send()
        .await
        .unwrap();
    assert_eq!(payments.len(), 2);

    let failing = order(&client, "e2e_fail", "10.00", json!({})).await;
    pay(
        &client,
        failing.payment_session_id.as_deref().unwrap(),
        upi("testfailure@gocash"),
    )
    .await
    .unwrap();
    let p = client
        .get_payments_for_order()
        .order_id("e2e_fail")
        .send()
        .await
        .unwrap();
    assert_eq!(p[0].payment_status, Some(enums::PaymentStatus::Failed));
}

#[tokio::test]
async fn orders_expire_by_the_clock_and_terminate_on_request() {
    let mock = MockServer::start().await.unwrap();
    let client = Client::from_config(mock.config()).unwrap();
    let expiry = (chrono::Utc::now() + chrono::Duration::hours(1)).to_rfc3339();
    let soon = order(
        &client,
        "e2e_expiring",
        "5.00",
        json!({"order_expiry_time": expiry}),
    )
    .await;
    mock.clock().advance(Duration::from_secs(2 * 3600));
    let expired = client
        .get_order()
        .order_id("e2e_expiring")
        .send()
        .await
        .unwrap();
    assert_eq!(expired.order_status, Some(enums::OrderStatus::Expired));
    let refused = api(pay(
        &client,
        soon.payment_session_id.as_deref().unwrap(),
        upi("testsuccess@gocash"),
    )
    .await
    .unwrap_err());
    assert_eq!(refused.code.as_deref(), Some("order_inactive"));

    order(&client, "e2e_terminate", "5.00", json!({})).await;
    let terminated = client
        .terminate_order()
        .order_id("e2e_terminate")
        .body(of::<types::TerminateOrderRequest>(
            json!({"order_status": "TERMINATED"}),
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(
        terminated.order_status,
        Some(enums::OrderStatus::Terminated)
    );
    let again = client
        .terminate_order()
        .order_id("e2e_terminate")
        .body(of::<types::TerminateOrderRequest>(
            json!({"order_status": "TERMINATED"}),
        ))
        .send()
        .await
        .unwrap_err();
    assert_eq!(api(again).code.as_deref(), Some("order_inactive"));
    let missing = api(client
        .get_order()
        .order_id("nope")
        .send()
        .await
        .unwrap_err());
    assert_eq!(
        (missing.status, missing.code.as_deref()),
        (404, Some("order_not_found"))
    );
}

#[tokio::test]
async fn a_test_card_saved_by_a_payment_is_listed_fetched_and_deleted() {
    let mock = MockServer::start().await.unwrap();
    let client = Client::from_config(mock.config()).unwrap();
    let created = order(&client, "e2e_card", "20.00", json!({})).await;
    let paid = client
        .pay_order()
        .body(types::PayOrderRequest {
            payment_session_id: created.payment_session_id.unwrap(),
            payment_method: of(json!({"card": {"channel": "link", "card_number": "4706131211212123",
                "card_expiry_mm": "12", "card_expiry_yy": "30", "card_cvv": "123", "card_holder_name": "Asha"}})),
            save_instrument: Some(true),
            offer_id: None,
        })
        .send()
        .await
        .unwrap();
    assert_eq!(paid.action, Some(enums::PayOrderAction::Link));
    let saved = client
        .get_customer_instruments()
        .customer_id("cust_e2e")
        .instrument_type(enums::InstrumentType::Card)
        .send()
        .await
        .unwrap();
    assert_eq!(saved.len(), 1);
    let instrument_id = saved[0].instrument_id.clone().unwrap();
    assert_eq!(
        saved[0].instrument_display.as_deref(),
        Some("XXXXXXXXXXXX2123")
    );
    let one = client
        .get_customer_instrument()
        .customer_id("cust_e2e")
        .instrument_id(instrument_id.as_str())
        .send()
        .await
        .unwrap();
    assert_eq!(one.instrument_status, Some(enums::InstrumentStatus::Active));
    let crypto = client
        .get_instrument_cryptogram()
        .customer_id("cust_e2e")
        .instrument_id(instrument_id.as_str())
        .send()
        .await
        .unwrap();
    assert_eq!(
        crypto.instrument_id.as_deref(),
        Some(instrument_id.as_str())
    );
    let deleted = client
        .delete_customer_instrument()
        .customer_id("cust_e2e")
        .instrument_id(instrument_id.as_str())
        .send()
        .await
        .unwrap();
    assert_eq!(
        deleted.instrument_status,
        Some(enums::InstrumentStatus::Inactive)
    );
    assert!(client
        .get_customer_instruments()
        .customer_id("cust_e2e")
        .instrument_type(enums::InstrumentType::Card)
        .send()
        .await
        .unwrap()
        .is_empty());
    let gone = client
        .get_customer_instrument()
        .customer_id("cust_e2e")
        .instrument_id(instrument_id.as_str())
        .send()
        .await
        .unwrap_err();
    assert_eq!(api(gone).code.as_deref(), Some("instrument_not_found"));

    // A card that is not a sandbox test card fails at once.
    let other = order(&client, "e2e_card_bad", "20.00", json!({})).await;
    client
        .pay_order()
        .body(types::PayOrderRequest {
            payment_session_id: other.payment_session_id.unwrap(),
            payment_method: of(
                json!({"card": {"channel": "link", "card_number": "4000000000000002",
                "card_expiry_mm": "12", "card_expiry_yy": "30", "card_cvv": "123"}}),
            ),
            save_instrument: None,
            offer_id: None,
        })
        .send()
        .await
        .unwrap();
    let p = client
        .get_payments_for_order()
        .order_id("e2e_card_bad")
        .send()
        .await
        .unwrap();
    assert_eq!(p[0].payment_status, Some(enums::PaymentStatus::Failed));
}

#[tokio::test]
async fn payment_links_are_created_once_cancelled_and_expire() {
    let mock = MockServer::start().await.unwrap();
    let client = Client::from_config(mock.config()).unwrap();
    let link = |id: &str, extra: Value| {
        let mut body = json!({"link_id": id, "link_amount": 1, "link_currency": "INR",
            "link_purpose": "e2e", "customer_details": {"customer_phone": "9999999999"}});
        if let (Value::Object(b), Value::Object(e)) = (&mut body, extra) {
            b.extend(e);
        }
        let mut request: types::CreateLinkRequest = of(body);
        request.link_amount = amount("250.00");
        client.create_link().body(request).send()
    };
    let created = link("e2e_link", json!({})).await.unwrap();
    assert_eq!(created.link_status, Some(enums::LinkStatus::Active));
    assert_eq!(
        created.link_amount.map(|a| a.to_string()).as_deref(),
        Some("250.00")
    );
    assert_eq!(
        api(link("e2e_link", json!({})).await.unwrap_err()).status,
        409
    );
    let got = client.get_link().link_id("e2e_link").send().await.unwrap();
    assert_eq!(got.link_status, Some(enums::LinkStatus::Active));
    assert!(client
        .get_link_orders()
        .link_id("e2e_link")
        .send()
        .await
        .unwrap()
        .is_empty());
    let cancelled = client
        .cancel_link()
        .link_id("e2e_link")
        .send()
        .await
        .unwrap();
    assert_eq!(cancelled.link_status, Some(enums::LinkStatus::Cancelled));
    assert!(client
        .cancel_link()
        .link_id("e2e_link")
        .send()
        .await
        .is_err());

    let expiry = (chrono::Utc::now() + chrono::Duration::days(1)).to_rfc3339();
    link("e2e_link_2", json!({"link_expiry_time": expiry}))
        .await
        .unwrap();
    mock.clock().advance(Duration::from_secs(2 * 86_400));
    let expired = client
        .get_link()
        .link_id("e2e_link_2")
        .send()
        .await
        .unwrap();
    assert_eq!(expired.link_status, Some(enums::LinkStatus::Expired));
}

#[tokio::test]
async fn customers_are_created_and_disputes_follow_their_payment() {
    let mock = MockServer::start().await.unwrap();
    let client = Client::from_config(mock.config()).unwrap();
    let customer = client
        .create_customer()
        .body(of::<types::CreateCustomerRequest>(
            json!({"customer_phone": "9999999999", "customer_name": "Asha"}),
        ))
        .send()
        .await
        .unwrap();
    assert!(customer
        .customer_uid
        .as_deref()
        .unwrap()
        .starts_with("cust_mock_"));
    assert_eq!(customer.customer_name.as_deref(), Some("Asha"));

    let created = order(&client, "e2e_dispute", "75.25", json!({})).await;
    let paid = pay(
        &client,
        created.payment_session_id.as_deref().unwrap(),
        upi("testsuccess@gocash"),
    )
    .await
    .unwrap();
    let cf_payment_id = paid.cf_payment_id.unwrap();
    let opened: Value = http()
        .post(format!("{}/__paygen/pg/disputes", mock.url()))
        .json(&json!({"cf_payment_id": cf_payment_id}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let dispute_id = opened["dispute_id"].as_str().unwrap().to_string();
    let dispute = client
        .get_dispute()
        .dispute_id(dispute_id.as_str())
        .send()
        .await
        .unwrap();
    assert_eq!(
        dispute.dispute_status,
        Some(enums::DisputeStatus::DisputeCreated)
    );
    assert_eq!(
        dispute.dispute_amount.map(|a| a.to_string()).as_deref(),
        Some("75.25")
    );
    assert_eq!(
        client
            .get_disputes_for_order()
            .order_id("e2e_dispute")
            .send()
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        client
            .get_disputes_for_payment()
            .cf_payment_id(cf_payment_id.as_str())
            .send()
            .await
            .unwrap()
            .len(),
        1
    );
    let accepted = client
        .accept_dispute()
        .dispute_id(dispute_id.as_str())
        .send()
        .await
        .unwrap();
    assert_eq!(
        accepted.dispute_status,
        Some(enums::DisputeStatus::DisputeMerchantAccepted)
    );
    assert!(client
        .get_dispute()
        .dispute_id("404404")
        .send()
        .await
        .is_err());
}

#[tokio::test]
async fn operations_without_state_rules_answer_their_spec_shape() {
    let mock = MockServer::start().await.unwrap();
    let client = Client::from_config(mock.config()).unwrap();
    let offer = client
        .get_offer()
        .offer_id("offer_e2e")
        .send()
        .await
        .unwrap();
    // Path parameters are copied into same-named fields of the shape.
    assert_eq!(offer.offer_id.as_deref(), Some("offer_e2e"));
    let extended = client
        .get_order_extended()
        .order_id("order_e2e")
        .send()
        .await
        .unwrap();
    assert_eq!(extended.order_id.as_deref(), Some("order_e2e"));
    client
        .update_order_extended()
        .order_id("order_e2e")
        .body(of::<types::UpdateOrderExtendedRequest>(json!({})))
        .send()
        .await
        .unwrap();
    client
        .authorize_apple_pay()
        .body(of::<types::AuthorizeApplePayRequest>(json!({
            "payment_session_id": "session_x", "authorization_data": {}
        })))
        .send()
        .await
        .unwrap();
    client
        .authenticate_payment()
        .cf_payment_id("5114910001")
        .body(of::<types::OrderAuthenticatePaymentRequest>(
            json!({"otp": "111000", "action": "SUBMIT_OTP"}),
        ))
        .send()
        .await
        .unwrap();
    client
        .create_offer()
        .body(of::<types::CreateOfferRequest>(json!({
            "offer_meta": {"offer_title": "Diwali", "offer_description": "Flat 10", "offer_code": "DIWALI",
                "offer_start_time": "2025-01-01", "offer_end_time": "2025-12-31"},
            "offer_tnc": {"offer_tnc_type": "text", "offer_tnc_value": "terms apply"},
            "offer_details": {"offer_type": "DISCOUNT"},
            "offer_validations": {"max_allowed": 10, "payment_method": {"all": {}}}
        })))
        .send()
        .await
        .unwrap();
    let queries = json!({"queries": {"amount": 100}});
    client
        .get_eligible_payment_methods()
        .body(of::<types::EligibilityFetchPaymentMethodsRequest>(
            queries.clone(),
        ))
        .send()
        .await
        .unwrap();
    client
        .get_eligible_offers()
        .body(of::<types::EligibilityFetchOffersRequest>(
            json!({"queries": {"order_id": "order_e2e"}}),
        ))
        .send()
        .await
        .unwrap();
    client
        .get_eligible_cardless_emi()
        .body(of::<types::EligibilityFetchCardlessEmiRequest>(
            queries.clone(),
        ))
        .send()
        .await
        .unwrap();
    client
        .get_eligible_paylater()
        .body(of::<types::EligibilityFetchPaylaterRequest>(queries))
        .send()
        .await
        .unwrap();
    let records = mock.requests();
    assert_eq!(records.len(), 10);
    assert!(records.iter().all(|r| r.status == 200), "{records:?}");
}
