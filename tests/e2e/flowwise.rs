//! Flowwise on the mock: every operation through `paygen::flowwise`, each asserting the state
//! change it causes — customers, orders, pre-authorised payments captured or voided (one at a
//! time and in bulk), and refunds never above what was captured.

use paygen::flowwise::{enums, types, Client};
use paygen::mock::{Family, MockServer};
use paygen::Amount;
use serde::de::DeserializeOwned;

fn client(mock: &MockServer) -> Client {
    Client::from_config(mock.config_for(Family::Flowwise)).unwrap()
}

/// A request body from exact JSON text (amounts keep their digits).
fn body<T: DeserializeOwned>(json: &str) -> T {
    serde_json::from_str(json).unwrap()
}

fn amount(text: &str) -> Amount {
    text.parse().unwrap()
}

fn api(err: paygen::Error) -> (u16, String, String) {
    let api = err.as_api().expect("an API error");
    (
        api.status,
        api.code.clone().unwrap_or_default(),
        api.message.clone(),
    )
}

/// Creates order `id` for `amount` and pays it with `method`; returns the payment id.
async fn paid(c: &Client, id: &str, amount_text: &str, method: &str) -> String {
    let order = c
        .flowwise_create_order()
        .body(body::<types::FlowwiseCreateOrderRequest>(&format!(
            r#"{{"order_id":"{id}","order_amount":{amount_text},"order_currency":"INR"}}"#
        )))
        .send()
        .await
        .unwrap();
    let details = if method == "upi" {
        r#"{"upi_id":"testsuccess@gocash"}"#
    } else {
        r#"{"card_number":"4111111111111111"}"#
    };
    let attempt = c
        .flowwise_create_payment()
        .order_hash(order.order_hash.clone().unwrap())
        .body(body::<types::FlowwiseCreatePaymentRequest>(&format!(
            r#"{{"payment_method":"{method}","payment_method_details":{details}}}"#
        )))
        .send()
        .await
        .unwrap();
    attempt.payment_id.clone().unwrap()
}

#[tokio::test]
async fn customers_are_created_updated_and_deleted() {
    let mock = MockServer::start().await.unwrap();
    let c = client(&mock);
    let created = c
        .flowwise_create_customer()
        .body(body::<types::FlowwiseCustomerRequest>(
            r#"{"customer_id":"cust_1","scope":"PROJECT","name":"Priya","email":"priya@example.com"}"#,
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(created.customer_id.as_deref(), Some("cust_1"));
    assert_eq!(created.status, Some(enums::FlowwiseCustomerStatus::Active));
    assert_eq!(created.name.as_deref(), Some("Priya"));

    let again = c
        .flowwise_create_customer()
        .body(body::<types::FlowwiseCustomerRequest>(
            r#"{"customer_id":"cust_1","scope":"PROJECT"}"#,
        ))
        .send()
        .await
        .unwrap_err();
    assert_eq!(api(again).1, "customer_already_exists");

    let updated = c
        .flowwise_update_customer()
        .customer_id("cust_1")
        .body(body::<types::FlowwiseCustomerRequest>(
            r#"{"customer_id":"cust_1","scope":"GLOBAL","name":"Priya Sharma"}"#,
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(updated.name.as_deref(), Some("Priya Sharma"));
    assert_eq!(updated.scope, Some(enums::FlowwiseCustomerScope::Global));
    assert_eq!(updated.id, created.id);

    c.flowwise_delete_customer()
        .customer_id("cust_1")
        .send()
        .await
        .unwrap();
    let gone = c
        .flowwise_update_customer()
        .customer_id("cust_1")
        .body(body::<types::FlowwiseCustomerRequest>(
            r#"{"customer_id":"cust_1","scope":"GLOBAL"}"#,
        ))
        .send()
        .await
        .unwrap_err();
    assert_eq!(api(gone).0, 404);
    let twice = c
        .flowwise_delete_customer()
        .customer_id("cust_1")
        .send()
        .await
        .unwrap_err();
    assert_eq!(api(twice).1, "customer_not_found");
}

#[tokio::test]
async fn an_order_is_created_once_read_back_and_cannot_be_paid_after_it_expires() {
    let mock = MockServer::start().await.unwrap();
    let c = client(&mock);
    let order = c
        .flowwise_create_order()
        .body(body::<types::FlowwiseCreateOrderRequest>(
            r#"{"order_id":"o1","order_amount":2299.50,"order_currency":"INR","expiry_time_in_minutes":30,
                "customer_details":{"customer_id":"cust_9","customer_email":"a@example.com"},"payment_methods":"cc,upi"}"#,
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(order.order_status, Some(enums::FlowwiseOrderStatus::Active));
    let hash = order.order_hash.clone().unwrap();
    let read = c.flowwise_get_order().order_id("o1").send().await.unwrap();
    assert_eq!(read.order_hash.as_deref(), Some(hash.as_str()));
    assert_eq!(read.customer_id.as_deref(), Some("cust_9"));
    assert_eq!(read.payment_methods.as_deref(), Some("cc,upi"));

    let dup = c
        .flowwise_create_order()
        .body(body::<types::FlowwiseCreateOrderRequest>(
            r#"{"order_id":"o1","order_amount":1}"#,
        ))
        .send()
        .await
        .unwrap_err();
    assert_eq!(api(dup).1, "order_already_exists");
    let missing = c
        .flowwise_get_order()
        .order_id("nope")
        .send()
        .await
        .unwrap_err();
    assert_eq!(api(missing).0, 404);

    mock.clock()
        .advance(std::time::Duration::from_secs(31 * 60));
    let late = c
        .flowwise_create_payment()
        .order_hash(hash)
        .body(body::<types::FlowwiseCreatePaymentRequest>(
            r#"{"payment_method":"upi","payment_method_details":{"upi_id":"testsuccess@gocash"}}"#,
        ))
        .send()
        .await
        .unwrap_err();
    assert_eq!(api(late).1, "order_expired");
}

#[tokio::test]
async fn a_card_payment_is_authorised_then_captured_and_a_captured_one_cannot_be_voided() {
    let mock = MockServer::start().await.unwrap();
    let c = client(&mock);
    let pay = paid(&c, "o1", "2299.50", "card").await;
    let p = c
        .flowwise_get_payment()
        .payment_id(&pay)
        .send()
        .await
        .unwrap();
    assert_eq!(p.status, Some(enums::FlowwisePaymentStatus::Success));
    assert_eq!(
        p.capture_status.as_ref().map(|s| s.as_str()),
        Some("PENDING")
    );
    // FW-13: not a documented value, so the open enum keeps it as Unknown.
    assert!(!p.capture_status.as_ref().unwrap().is_known());
    assert_eq!(p.capture_amount, Some(amount("0")));

    let over = c
        .flowwise_authorize_payment()
        .order_id("o1")
        .payment_id(&pay)
        .body(body::<types::FlowwiseAuthorizeRequest>(
            r#"{"action":"CAPTURE","capture_amount":2299.51}"#,
        ))
        .send()
        .await
        .unwrap_err();
    assert_eq!(api(over).1, "capture_amount_invalid");

    let captured = c
        .flowwise_authorize_payment()
        .order_id("o1")
        .payment_id(&pay)
        .body(body::<types::FlowwiseAuthorizeRequest>(
            r#"{"action":"CAPTURE","capture_amount":2000.00}"#,
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(
        captured.capture_status,
        Some(enums::FlowwisePaymentStatus::Success)
    );
    assert_eq!(captured.capture_amount, Some(amount("2000.00")));
    let p = c
        .flowwise_get_payment()
        .payment_id(&pay)
        .send()
        .await
        .unwrap();
    assert_eq!(p.capture_amount, Some(amount("2000.00")));

    let void = c
        .flowwise_authorize_payment()
        .order_id("o1")
        .payment_id(&pay)
        .body(body::<types::FlowwiseAuthorizeRequest>(
            r#"{"action":"VOID","capture_amount":0}"#,
        ))
        .send()
        .await
        .unwrap_err();
    let (status, code, message) = api(void);
    assert_eq!((status, code.as_str()), (400, "payment_not_authorised"));
    assert!(message.contains("already captured"), "{message}");
    assert_eq!(
        mock.requests().last().unwrap().operation_id,
        Some("flowwise_authorize_payment")
    );
}

#[tokio::test]
async fn a_voided_authorisation_captures_nothing_and_cannot_be_captured() {
    let mock = MockServer::start().await.unwrap();
    let c = client(&mock);
    let pay = paid(&c, "o1", "500.00", "card").await;
    let voided = c
        .flowwise_authorize_payment()
        .order_id("o1")
        .payment_id(&pay)
        .body(body::<types::FlowwiseAuthorizeRequest>(
            r#"{"action":"VOID","capture_amount":0}"#,
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(
        voided.capture_status.as_ref().map(|s| s.as_str()),
        Some("VOID")
    );
    assert_eq!(voided.capture_amount, Some(amount("0")));
    let capture = c
        .flowwise_authorize_payment()
        .order_id("o1")
        .payment_id(&pay)
        .body(body::<types::FlowwiseAuthorizeRequest>(
            r#"{"action":"CAPTURE","capture_amount":500.00}"#,
        ))
        .send()
        .await
        .unwrap_err();
    assert_eq!(api(capture).1, "payment_not_authorised");
    // Nothing was captured, so nothing can be refunded.
    let refund = c
        .flowwise_create_refund_for_payment()
        .payment_id(&pay)
        .body(body::<types::FlowwiseRefundRequest>(
            r#"{"refund_id":"r1","refund_amount":1.00,"refund_type":"MERCHANT_INITIATED"}"#,
        ))
        .send()
        .await
        .unwrap_err();
    assert_eq!(api(refund).1, "refund_amount_invalid");
    // A payment of another order is not found under this one.
    let other = c
        .flowwise_authorize_payment()
        .order_id("o2")
        .payment_id(&pay)
        .body(body::<types::FlowwiseAuthorizeRequest>(
            r#"{"action":"VOID","capture_amount":0}"#,
        ))
        .send()
        .await
        .unwrap_err();
    assert_eq!(api(other).0, 404);
}

#[tokio::test]
async fn authorised_payments_are_counted_and_captured_in_bulk_for_a_window() {
    let mock = MockServer::start().await.unwrap();
    let c = client(&mock);
    let start = (chrono::Utc::now() - chrono::Duration::minutes(5))
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let a = paid(&c, "o1", "100.00", "card").await;
    let b = paid(&c, "o2", "250.25", "card").await;
    let upi = paid(&c, "o3", "10.00", "upi").await;
    let end = (chrono::Utc::now() + chrono::Duration::minutes(5))
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);

    let count = c
        .flowwise_count_authorized_payments()
        .start_date_time(&start)
        .end_date_time(&end)
        .send()
        .await
        .unwrap();
    assert_eq!(count["total_authorized_payments"], 2);
    // A window before the payments holds none.
    let early = c
        .flowwise_count_authorized_payments()
        .start_date_time("2020-01-01T00:00:00Z")
        .end_date_time("2020-01-02T00:00:00Z")
        .send()
        .await
        .unwrap();
    assert_eq!(early["total_authorized_payments"], 0);

    let run = c
        .flowwise_capture_preauth_payments()
        .body(body::<types::FlowwiseBulkCaptureRequest>(&format!(
            r#"{{"start_date_time":"{start}","end_date_time":"{end}"}}"#
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(run.total_payment_to_be_captured, Some(2));
    for (id, full) in [(&a, "100.00"), (&b, "250.25")] {
        let p = c
            .flowwise_get_payment()
            .payment_id(id)
            .send()
            .await
            .unwrap();
        assert_eq!(
            p.capture_status,
            Some(enums::FlowwisePaymentStatus::Success)
        );
        assert_eq!(p.capture_amount, Some(amount(full)));
    }
    let u = c
        .flowwise_get_payment()
        .payment_id(&upi)
        .send()
        .await
        .unwrap();
    assert_eq!(
        u.capture_amount,
        Some(amount("10.00")),
        "UPI is captured at payment"
    );
    let after = c
        .flowwise_count_authorized_payments()
        .start_date_time(&start)
        .end_date_time(&end)
        .send()
        .await
        .unwrap();
    assert_eq!(after["total_authorized_payments"], 0);
}

#[tokio::test]
async fn an_orders_payments_are_listed_failed_ones_included() {
    let mock = MockServer::start().await.unwrap();
    let c = client(&mock);
    let order = c
        .flowwise_create_order()
        .body(body::<types::FlowwiseCreateOrderRequest>(
            r#"{"order_id":"o1","order_amount":75.00}"#,
        ))
        .send()
        .await
        .unwrap();
    let hash = order.order_hash.clone().unwrap();
    for vpa in ["testfailure@gocash", "testsuccess@gocash"] {
        c.flowwise_create_payment()
            .order_hash(&hash)
            .body(body::<types::FlowwiseCreatePaymentRequest>(&format!(
                r#"{{"payment_method":"upi","payment_method_details":{{"upi_id":"{vpa}"}}}}"#
            )))
            .send()
            .await
            .unwrap();
    }
    let list = c
        .flowwise_get_payments_for_order()
        .order_id("o1")
        .send()
        .await
        .unwrap();
    let statuses: Vec<_> = list.iter().map(|p| p.status.clone().unwrap()).collect();
    assert_eq!(
        statuses,
        [
            enums::FlowwisePaymentStatus::Failed,
            enums::FlowwisePaymentStatus::Success
        ]
    );
    assert_eq!(list[0].capture_amount, Some(amount("0")));
    assert_eq!(list[1].capture_amount, Some(amount("75.00")));
}

#[tokio::test]
async fn refunds_never_exceed_what_was_captured_by_payment_or_by_order() {
    let mock = MockServer::start().await.unwrap();
    let c = client(&mock);
    let pay = paid(&c, "o1", "1000.00", "card").await;
    c.flowwise_authorize_payment()
        .order_id("o1")
        .payment_id(&pay)
        .body(body::<types::FlowwiseAuthorizeRequest>(
            r#"{"action":"CAPTURE","capture_amount":600.00}"#,
        ))
        .send()
        .await
        .unwrap();

    let first = c
        .flowwise_create_refund_for_payment()
        .payment_id(&pay)
        .body(body::<types::FlowwiseRefundRequest>(
            r#"{"refund_id":"r1","refund_amount":400.50,"refund_type":"MERCHANT_INITIATED","refund_note":"size"}"#,
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(first.refund_amount, Some(amount("400.50")));
    assert_eq!(
        first.refund_status,
        Some(enums::FlowwiseRefundStatus::Success)
    );
    assert_eq!(first.payment_id.as_deref(), Some(pay.as_str()));

    // 600.00 captured − 400.50 refunded leaves 199.50: 199.51 is refused.
    let over = c
        .flowwise_create_refund_for_order()
        .order_id("o1")
        .body(body::<types::FlowwiseRefundRequest>(
            r#"{"refund_id":"r2","refund_amount":199.51,"refund_type":"MERCHANT_INITIATED"}"#,
        ))
        .send()
        .await
        .unwrap_err();
    let (status, code, message) = api(over);
    assert_eq!((status, code.as_str()), (400, "refund_amount_invalid"));
    assert!(message.contains("199.50"), "{message}");
    let err = c
        .flowwise_get_refund()
        .refund_id("r2")
        .send()
        .await
        .unwrap_err();
    assert_eq!(api(err).0, 404, "a refused refund is not recorded");

    let rest = c
        .flowwise_create_refund_for_order()
        .order_id("o1")
        .body(body::<types::FlowwiseRefundRequest>(
            r#"{"refund_id":"r2","refund_amount":199.50,"refund_type":"AUTO_REFUND"}"#,
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(rest.order_id.as_deref(), Some("o1"));
    let read = c
        .flowwise_get_refund()
        .refund_id("r2")
        .send()
        .await
        .unwrap();
    assert_eq!(read.refund_amount, Some(amount("199.50")));
    assert_eq!(
        read.refund_type,
        Some(enums::FlowwiseRefundType::AutoRefund)
    );

    let dup = c
        .flowwise_create_refund_for_payment()
        .payment_id(&pay)
        .body(body::<types::FlowwiseRefundRequest>(
            r#"{"refund_id":"r1","refund_amount":0.01,"refund_type":"MERCHANT_INITIATED"}"#,
        ))
        .send()
        .await
        .unwrap_err();
    assert_eq!(api(dup).1, "refund_already_exists");
    let nothing_left = c
        .flowwise_create_refund_for_payment()
        .payment_id(&pay)
        .body(body::<types::FlowwiseRefundRequest>(
            r#"{"refund_id":"r3","refund_amount":0.01,"refund_type":"MERCHANT_INITIATED"}"#,
        ))
        .send()
        .await
        .unwrap_err();
    assert_eq!(api(nothing_left).1, "refund_amount_invalid");
}
