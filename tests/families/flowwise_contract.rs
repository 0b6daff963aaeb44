//! Flowwise on the wire: one contract test per documented operation (method, path, headers,
//! exact body, typed answer from the reference's examples), plus the family's hosts, errors,
//! and the rule that calls moving money are never re-sent.
#![cfg(feature = "flowwise")]

use crate::common;

use common::{fixture, header, only_request, CLIENT_ID, CLIENT_SECRET};
use paygen::flowwise::{enums, types, Client, FAMILY};
use paygen::{Amount, Config, Credentials, Environment, Error};
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::from_config(common::config(server)).expect("config is valid")
}

fn fw(name: &str) -> String {
    fixture(&format!("cashfree-flowwise/{name}"))
}

/// Answers `method path` with `status` and `body` (sent as the exact bytes given).
async fn answer(server: &MockServer, m: &str, p: &str, status: u16, body: &str) {
    Mock::given(method(m))
        .and(path(p))
        .respond_with(
            ResponseTemplate::new(status).set_body_raw(body.to_owned(), "application/json"),
        )
        .mount(server)
        .await;
}

/// The headers every Flowwise call carries — and those it must not.
fn assert_headers(req: &wiremock::Request, json_body: bool) {
    assert_eq!(header(req, "x-client-id"), Some(CLIENT_ID));
    assert_eq!(header(req, "x-client-secret"), Some(CLIENT_SECRET));
    assert_eq!(header(req, "accept"), Some("application/json"));
    assert_eq!(
        header(req, "content-type"),
        json_body.then_some("application/json")
    );
    for absent in [
        "x-api-version",
        "api-version",
        "authorization",
        "x-partner-apikey",
        "x-partner-merchantid",
        "x-request-id",
    ] {
        assert!(
            header(req, absent).is_none(),
            "{absent} must not be sent to Flowwise"
        );
    }
    assert!(header(req, "user-agent")
        .unwrap()
        .starts_with("paygen-rust/"));
}

fn body_text(req: &wiremock::Request) -> &str {
    std::str::from_utf8(&req.body).expect("a UTF-8 body")
}

/// The body sent means exactly what the reference's sample means (every field carried).
fn assert_same_json(req: &wiremock::Request, sample: &str) {
    let sent: Value = serde_json::from_slice(&req.body).expect("a JSON body");
    let sample: Value = serde_json::from_str(sample).unwrap();
    assert_eq!(sent, sample);
}

fn amount(s: &str) -> Amount {
    s.parse().unwrap()
}

#[test]
fn hosts_are_the_references_flowwise_hosts_and_no_version_header_is_sent() {
    assert_eq!(
        FAMILY.base_url(&Environment::Sandbox).unwrap(),
        "https://sandbox.flowwise.com/router"
    );
    assert_eq!(
        FAMILY.base_url(&Environment::Production).unwrap(),
        "https://app.flowwise.com/router"
    );
    assert_eq!(FAMILY.api_version_header, None);
    assert_eq!(FAMILY.operations.len(), 14);
    assert!(FAMILY
        .operations
        .iter()
        .all(|o| o.auth.as_str() == "merchant-headers" && !o.sandbox_only));
}

#[tokio::test]
async fn flowwise_capture_preauth_payments_contract() {
    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/payment/preauth/capture",
        200,
        &fw("flowwise_capture_preauth_payments.response.json"),
    )
    .await;
    let body: types::FlowwiseBulkCaptureRequest =
        serde_json::from_str(&fw("flowwise_capture_preauth_payments.request.json")).unwrap();
    let run = client(&server)
        .flowwise_capture_preauth_payments()
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(run.total_payment_to_be_captured, Some(147));
    assert_eq!(run.start_date_time.as_deref(), Some("2024-12-01T00:00:00Z"));

    let req = only_request(&server).await;
    assert_headers(&req, true);
    assert_eq!(
        body_text(&req),
        r#"{"end_date_time":"2024-12-01T23:59:59Z","start_date_time":"2024-12-01T00:00:00Z"}"#
    );
    assert_same_json(&req, &fw("flowwise_capture_preauth_payments.request.json"));
}

#[tokio::test]
async fn flowwise_count_authorized_payments_contract() {
    let server = MockServer::start().await;
    // The reference does not publish this answer's fields: any JSON object is kept as sent.
    answer(
        &server,
        "POST",
        "/payment/preauth/count/start/2024-12-01T00:00:00Z/end/2024-12-01T23:59:59Z",
        200,
        r#"{"count":12}"#,
    )
    .await;
    let count = client(&server)
        .flowwise_count_authorized_payments()
        .start_date_time("2024-12-01T00:00:00Z")
        .end_date_time("2024-12-01T23:59:59Z")
        .send()
        .await
        .unwrap();
    assert_eq!(count.get("count"), Some(&json!(12)));

    let req = only_request(&server).await;
    assert_headers(&req, false);
    assert!(req.body.is_empty(), "the count is a POST without a body");
}

#[tokio::test]
async fn flowwise_create_customer_contract() {
    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/customer",
        200,
        &fw("flowwise_create_customer.response.json"),
    )
    .await;
    let body: types::FlowwiseCustomerRequest =
        serde_json::from_str(&fw("flowwise_create_customer.request.json")).unwrap();
    let customer = client(&server)
        .flowwise_create_customer()
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(customer.id.as_deref(), Some("cust_rec_67890"));
    assert_eq!(customer.scope, Some(enums::FlowwiseCustomerScope::Project));
    assert_eq!(customer.status, Some(enums::FlowwiseCustomerStatus::Active));
    assert_eq!(
        customer.project_id.as_deref(),
        Some("proj_fashion_store_2024")
    );

    let req = only_request(&server).await;
    assert_headers(&req, true);
    assert_eq!(
        body_text(&req),
        r#"{"address":"123 Connaught Place, New Delhi, Delhi 110001, India","customer_id":"cust_priya_sharma_2024","email":"priya.sharma@example.com","name":"Priya Sharma","phone":"+919876543210","scope":"PROJECT"}"#
    );
    assert_same_json(&req, &fw("flowwise_create_customer.request.json"));
}

#[tokio::test]
async fn flowwise_update_customer_contract() {
    let server = MockServer::start().await;
    // The reference shows no update answer; it is the customer record, like creation's.
    answer(
        &server,
        "PUT",
        "/customer/cust_priya_sharma_2024",
        200,
        &fw("flowwise_create_customer.response.json"),
    )
    .await;
    let body: types::FlowwiseCustomerRequest =
        serde_json::from_str(&fw("flowwise_create_customer.request.json")).unwrap();
    let customer = client(&server)
        .flowwise_update_customer()
        .customer_id("cust_priya_sharma_2024")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(customer.updated_on.as_deref(), Some("2024-12-03T14:15:30Z"));

    let req = only_request(&server).await;
    assert_headers(&req, true);
    assert_same_json(&req, &fw("flowwise_create_customer.request.json"));
}

#[tokio::test]
async fn flowwise_delete_customer_contract() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/customer/cust_priya_sharma_2024"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let answer = client(&server)
        .flowwise_delete_customer()
        .customer_id("cust_priya_sharma_2024")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 204);
    let req = only_request(&server).await;
    assert_headers(&req, false);
    assert!(req.body.is_empty());
}

#[tokio::test]
async fn the_documented_error_body_becomes_a_typed_error() {
    let server = MockServer::start().await;
    answer(
        &server,
        "DELETE",
        "/customer/bad%20id",
        400,
        &fw("flowwise_delete_customer.error-400.json"),
    )
    .await;
    let err = client(&server)
        .flowwise_delete_customer()
        .customer_id("bad id")
        .send()
        .await
        .unwrap_err();
    let api = err.as_api().expect("an API error");
    assert_eq!(api.status, 400);
    assert_eq!(api.operation, "flowwise_delete_customer");
    assert_eq!(api.code.as_deref(), Some("invalid_customer_id"));
    assert_eq!(api.message, "Invalid customer ID format provided");
    assert_eq!(api.error_type.as_deref(), Some("validation_error"));
    assert_eq!(api.attempts, 1, "a 400 is not retried");
    assert!(!err.to_string().contains(CLIENT_SECRET));
}

#[tokio::test]
async fn flowwise_create_order_contract() {
    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/orders",
        200,
        &fw("flowwise_create_order.response.json"),
    )
    .await;
    let body: types::FlowwiseCreateOrderRequest =
        serde_json::from_str(&fw("flowwise_create_order.request.json")).unwrap();
    assert_eq!(body.order_amount.to_string(), "2299.5");
    let order = client(&server)
        .flowwise_create_order()
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(
        order.order_hash.as_deref(),
        Some("a7f8e3d2c1b9f4e6d8a2c5b7f9e3d1a8")
    );
    assert_eq!(order.order_status, Some(enums::FlowwiseOrderStatus::Active));
    assert_eq!(
        order.checkout_url.as_deref(),
        Some("https://payments.flowwise.com/checkout/order_summer_fashion_001")
    );

    let req = only_request(&server).await;
    assert_headers(&req, true);
    // order_tags is a map whose order on the wire is not fixed: compared as JSON here, and
    // byte for byte below with a single tag.
    assert_same_json(&req, &fw("flowwise_create_order.request.json"));
}

#[tokio::test]
async fn flowwise_create_order_sends_exact_bytes() {
    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/orders",
        200,
        &fw("flowwise_create_order.response.json"),
    )
    .await;
    let mut sample: Value =
        serde_json::from_str(&fw("flowwise_create_order.request.json")).unwrap();
    sample["order_tags"] = json!({"source": "mobile_app"});
    let body: types::FlowwiseCreateOrderRequest = serde_json::from_value(sample).unwrap();
    client(&server)
        .flowwise_create_order()
        .body(body)
        .send()
        .await
        .unwrap();
    let req = only_request(&server).await;
    assert_eq!(
        body_text(&req),
        concat!(
            r#"{"customer_details":{"customer_address":"123 Connaught Place, New Delhi, Delhi 110001, India","#,
            r#""customer_email":"priya.sharma@example.com","customer_id":"cust_priya_sharma_2024","customer_phone":"+919876543210"},"#,
            r#""expiry_time_in_minutes":120,"order_amount":2299.5,"order_currency":"INR","order_id":"order_summer_fashion_001","#,
            r#""order_note":"Summer collection dress - Medium size, Blue color","order_tags":{"source":"mobile_app"},"#,
            r#""payment_methods":"cc,dc,upi,nb,wallet","return_base_url":"https://mystore.com/payment-success"}"#
        )
    );
}

#[tokio::test]
async fn flowwise_get_order_contract() {
    let server = MockServer::start().await;
    answer(
        &server,
        "GET",
        "/orders/order_summer_fashion_001",
        200,
        &fw("flowwise_get_order.response.json"),
    )
    .await;
    let order = client(&server)
        .flowwise_get_order()
        .order_id("order_summer_fashion_001")
        .send()
        .await
        .unwrap();
    assert_eq!(order.order_id.as_deref(), Some("order_summer_fashion_001"));
    assert_eq!(
        order.order_expiry_time.as_deref(),
        Some("2024-12-03T16:30:00Z")
    );
    assert_eq!(
        order.customer_email.as_deref(),
        Some("priya.sharma@example.com")
    );
    let req = only_request(&server).await;
    assert_headers(&req, false);
}

#[tokio::test]
async fn flowwise_authorize_payment_contract() {
    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/orders/order_summer_fashion_001/payments/pay_summer_fashion_001_cc/authorize",
        200,
        &fw("flowwise_authorize_payment.response.json"),
    )
    .await;
    let body: types::FlowwiseAuthorizeRequest =
        serde_json::from_str(&fw("flowwise_authorize_payment.request.json")).unwrap();
    let payment = client(&server)
        .flowwise_authorize_payment()
        .order_id("order_summer_fashion_001")
        .payment_id("pay_summer_fashion_001_cc")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(
        payment.capture_status,
        Some(enums::FlowwisePaymentStatus::Success)
    );
    assert_eq!(payment.capture_amount, Some(amount("2299.5")));
    assert_eq!(payment.redirect_url, None);
    assert_eq!(
        payment.gateway_details.as_ref().unwrap().auth_id.as_deref(),
        Some("AUTH_4345123456789")
    );

    let req = only_request(&server).await;
    assert_headers(&req, true);
    assert_eq!(
        body_text(&req),
        r#"{"action":"CAPTURE","capture_amount":2299.5}"#
    );
}

#[tokio::test]
async fn a_capture_without_capture_amount_is_refused_before_sending() {
    // FW-7: the reference marks capture_amount required, for VOID too.
    let server = MockServer::start().await;
    let err = client(&server)
        .flowwise_authorize_payment()
        .order_id("o")
        .payment_id("p")
        .body(
            types::FlowwiseAuthorizeRequest::builder().action(enums::FlowwiseAuthorizeAction::Void),
        )
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Validation(_)), "{err}");
    assert!(err.to_string().contains("capture_amount"), "{err}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn flowwise_create_payment_contract() {
    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/order/pay/a7f8e3d2c1b9f4e6d8a2c5b7f9e3d1a8",
        200,
        &fw("flowwise_create_payment.response.json"),
    )
    .await;
    let body: types::FlowwiseCreatePaymentRequest =
        serde_json::from_str(&fw("flowwise_create_payment.request.json")).unwrap();
    let attempt = client(&server)
        .flowwise_create_payment()
        .order_hash("a7f8e3d2c1b9f4e6d8a2c5b7f9e3d1a8")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(
        attempt.payment_id.as_deref(),
        Some("pay_summer_fashion_001_upi")
    );
    assert_eq!(
        attempt.payment_method,
        Some(enums::FlowwisePaymentMethod::Upi)
    );
    assert_eq!(
        attempt.payment_status,
        Some(enums::FlowwisePaymentStatus::Success)
    );
    assert_eq!(attempt.payment_amount, Some(amount("2299.5")));
    assert_eq!(
        attempt.redirect_url.as_deref(),
        Some("https://payments.flowwise.com/redirect/pay_summer_fashion_001_upi")
    );

    let req = only_request(&server).await;
    assert_headers(&req, true);
    assert_eq!(
        body_text(&req),
        r#"{"payment_method":"upi","payment_method_details":{"app_name":"PhonePe","upi_id":"priya.sharma@paytm"},"return_base_url":"https://mystore.com/payment-success"}"#
    );
}

#[tokio::test]
async fn other_payment_method_details_pass_through_unchanged() {
    // FW-8: only the UPI keys are documented; a net-banking body keeps whatever keys it has.
    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/order/pay/h",
        200,
        &fw("flowwise_create_payment.response.json"),
    )
    .await;
    let body: types::FlowwisePaymentMethodDetails =
        serde_json::from_value(json!({"bank_code": "3003", "channel": "link"})).unwrap();
    client(&server)
        .flowwise_create_payment()
        .order_hash("h")
        .body(
            types::FlowwiseCreatePaymentRequest::builder()
                .payment_method(enums::FlowwisePaymentMethod::Netbanking)
                .payment_method_details(body),
        )
        .send()
        .await
        .unwrap();
    let req = only_request(&server).await;
    assert_eq!(
        body_text(&req),
        r#"{"payment_method":"netbanking","payment_method_details":{"bank_code":"3003","channel":"link"}}"#
    );
}

#[tokio::test]
async fn flowwise_get_payment_contract() {
    let server = MockServer::start().await;
    // The reference's own example is cut off; it begins like the list's first payment.
    let list: Vec<Value> =
        serde_json::from_str(&fw("flowwise_get_payments_for_order.response.json")).unwrap();
    answer(
        &server,
        "GET",
        "/payments/pay_summer_fashion_001_upi",
        200,
        &list[0].to_string(),
    )
    .await;
    let payment = client(&server)
        .flowwise_get_payment()
        .payment_id("pay_summer_fashion_001_upi")
        .send()
        .await
        .unwrap();
    assert_eq!(payment.status, Some(enums::FlowwisePaymentStatus::Success));
    assert_eq!(payment.payment_amount, Some(amount("2299.5")));
    assert_eq!(
        payment.gateway_details.as_ref().unwrap().utr.as_deref(),
        Some("434512345678")
    );
    let req = only_request(&server).await;
    assert_headers(&req, false);
}

#[tokio::test]
async fn flowwise_get_payments_for_order_contract() {
    let server = MockServer::start().await;
    answer(
        &server,
        "GET",
        "/orders/order_summer_fashion_001/payments",
        200,
        &fw("flowwise_get_payments_for_order.response.json"),
    )
    .await;
    let payments = client(&server)
        .flowwise_get_payments_for_order()
        .order_id("order_summer_fashion_001")
        .send()
        .await
        .unwrap();
    assert_eq!(payments.len(), 2);
    assert_eq!(
        payments[1].status,
        Some(enums::FlowwisePaymentStatus::Failed)
    );
    assert_eq!(
        payments[1]
            .capture_amount
            .as_ref()
            .map(ToString::to_string)
            .as_deref(),
        Some("0")
    );
    let gateway = payments[1].gateway_details.as_ref().unwrap();
    assert_eq!(
        (gateway.auth_id.as_deref(), gateway.utr.as_deref()),
        (None, None)
    );
    let req = only_request(&server).await;
    assert_headers(&req, false);
}

#[tokio::test]
async fn flowwise_create_refund_for_order_contract() {
    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/orders/order_summer_fashion_001/refunds",
        200,
        &fw("flowwise_create_refund_for_payment.response.json"),
    )
    .await;
    let body: types::FlowwiseRefundRequest =
        serde_json::from_str(&fw("flowwise_create_refund_for_payment.request.json")).unwrap();
    let refund = client(&server)
        .flowwise_create_refund_for_order()
        .order_id("order_summer_fashion_001")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(refund.refund_amount, Some(amount("1149.75")));
    let req = only_request(&server).await;
    assert_headers(&req, true);
    assert_eq!(
        body_text(&req),
        r#"{"refund_amount":1149.75,"refund_id":"refund_summer_fashion_001_size_issue","refund_note":"Customer requested size exchange - partial refund for size difference","refund_type":"MERCHANT_INITIATED"}"#
    );
}

#[tokio::test]
async fn flowwise_create_refund_for_payment_contract() {
    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/payments/pay_summer_fashion_001_upi",
        200,
        &fw("flowwise_create_refund_for_payment.response.json"),
    )
    .await;
    let body: types::FlowwiseRefundRequest =
        serde_json::from_str(&fw("flowwise_create_refund_for_payment.request.json")).unwrap();
    let refund = client(&server)
        .flowwise_create_refund_for_payment()
        .payment_id("pay_summer_fashion_001_upi")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(
        refund.refund_status,
        Some(enums::FlowwiseRefundStatus::Success)
    );
    assert_eq!(
        refund.refund_type,
        Some(enums::FlowwiseRefundType::MerchantInitiated)
    );
    assert_eq!(
        refund
            .gateway_details
            .as_ref()
            .unwrap()
            .refund_utr
            .as_deref(),
        Some("REF434512345678")
    );

    let req = only_request(&server).await;
    assert_headers(&req, true);
    // FW-2: the amount goes out exactly as written, never through a float.
    assert!(
        body_text(&req).contains(r#""refund_amount":1149.75,"#),
        "{}",
        body_text(&req)
    );
    assert_same_json(&req, &fw("flowwise_create_refund_for_payment.request.json"));
}

#[tokio::test]
async fn flowwise_get_refund_contract() {
    let server = MockServer::start().await;
    answer(
        &server,
        "GET",
        "/refunds/refund_summer_fashion_001_size_issue",
        200,
        &fw("flowwise_get_refund.response.json"),
    )
    .await;
    let refund = client(&server)
        .flowwise_get_refund()
        .refund_id("refund_summer_fashion_001_size_issue")
        .send()
        .await
        .unwrap();
    assert_eq!(refund.refund_amount, Some(amount("1149.75")));
    assert_eq!(
        refund.refund_message.as_deref(),
        Some("Refund processed successfully. Amount will be credited within 5-7 business days")
    );
    let req = only_request(&server).await;
    assert_headers(&req, false);
}

#[test]
fn the_money_moving_operations_are_marked() {
    let moving: Vec<&str> = FAMILY
        .operations
        .iter()
        .filter(|o| o.moves_money)
        .map(|o| o.operation_id)
        .collect();
    assert_eq!(
        moving,
        [
            "flowwise_capture_preauth_payments",
            "flowwise_authorize_payment",
            "flowwise_create_payment",
            "flowwise_create_refund_for_payment",
            "flowwise_create_refund_for_order",
        ]
    );
    let lookup = |id: &str| FAMILY.operation(id).unwrap().status_lookup;
    assert_eq!(
        lookup("flowwise_create_refund_for_payment"),
        Some("flowwise_get_refund")
    );
    assert_eq!(
        lookup("flowwise_create_refund_for_order"),
        Some("flowwise_get_refund")
    );
    assert_eq!(
        lookup("flowwise_authorize_payment"),
        Some("flowwise_get_payment")
    );
}

#[tokio::test]
async fn calls_that_move_money_are_never_resent() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let c = client(&server);
    let refund: types::FlowwiseRefundRequest =
        serde_json::from_str(&fw("flowwise_create_refund_for_payment.request.json")).unwrap();
    let errors = [
        c.flowwise_create_refund_for_payment()
            .payment_id("p")
            .body(refund.clone())
            .send()
            .await
            .unwrap_err(),
        c.flowwise_create_refund_for_order()
            .order_id("o")
            .body(refund)
            .send()
            .await
            .unwrap_err(),
        c.flowwise_authorize_payment()
            .order_id("o")
            .payment_id("p")
            .body(
                serde_json::from_str::<types::FlowwiseAuthorizeRequest>(&fw(
                    "flowwise_authorize_payment.request.json",
                ))
                .unwrap(),
            )
            .send()
            .await
            .unwrap_err(),
        c.flowwise_create_payment()
            .order_hash("h")
            .body(
                serde_json::from_str::<types::FlowwiseCreatePaymentRequest>(&fw(
                    "flowwise_create_payment.request.json",
                ))
                .unwrap(),
            )
            .send()
            .await
            .unwrap_err(),
        c.flowwise_capture_preauth_payments()
            .body(
                serde_json::from_str::<types::FlowwiseBulkCaptureRequest>(&fw(
                    "flowwise_capture_preauth_payments.request.json",
                ))
                .unwrap(),
            )
            .send()
            .await
            .unwrap_err(),
    ];
    for e in &errors {
        assert_eq!(e.status(), Some(503));
        assert_eq!(e.as_api().unwrap().attempts, 1, "{e}");
    }
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        5,
        "one request per call"
    );
}

#[tokio::test]
async fn reads_and_updates_are_retried_on_a_503() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    answer(
        &server,
        "GET",
        "/refunds/r1",
        200,
        &fw("flowwise_get_refund.response.json"),
    )
    .await;
    client(&server)
        .flowwise_get_refund()
        .refund_id("r1")
        .send()
        .await
        .unwrap();
    assert_eq!(server.received_requests().await.unwrap().len(), 2);

    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(502))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    answer(
        &server,
        "PUT",
        "/customer/c1",
        200,
        &fw("flowwise_create_customer.response.json"),
    )
    .await;
    let body: types::FlowwiseCustomerRequest =
        serde_json::from_str(&fw("flowwise_create_customer.request.json")).unwrap();
    client(&server)
        .flowwise_update_customer()
        .customer_id("c1")
        .body(body)
        .send()
        .await
        .unwrap();
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 2);
    assert_eq!(
        received[0].body, received[1].body,
        "the same bytes are sent again"
    );
}

#[tokio::test]
async fn partner_credentials_are_refused_with_a_clear_error() {
    let server = MockServer::start().await;
    let config = Config::new(
        Environment::custom(server.uri()),
        Credentials::partner("key", "merchant"),
    );
    let err = Client::from_config(config)
        .unwrap()
        .flowwise_get_refund()
        .refund_id("r")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err}");
    assert!(err.to_string().contains("merchant"), "{err}");
    assert!(server.received_requests().await.unwrap().is_empty());
}
