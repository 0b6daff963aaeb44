//! PG payments on the wire: order pay, Apple Pay authorisation, capture/void, OTP submit, and
//! reading the payments of an order.
#![cfg(feature = "pg")]

use crate::common;

use common::{answer, assert_pg_request, fixture, pg, Expected};
use paygen::pg::{enums, types};
use paygen::pg::{ErrorCode, ErrorType};
use paygen::Amount;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn amount(text: &str) -> Amount {
    text.parse().expect("a decimal")
}

const SESSION: &str = "session__CvcEmNKDkmERQrxnx39ibhJ3Ii034pjc8ZVxf3qcgEXCWlgDDlHRgz2XYZCqpajDQSXMMtCusPgOIxYP2LZx0-05p39gC2Vgmq1RAj--gcn";

/// Payments of one order as `GET /orders/{order_id}/payments` returns them: a failed UPI
/// attempt, a successful net-banking payment whose bank code comes as a number, and a payment
/// held for review (FLAGGED, doc 021) in a payment group this version does not know.
const PAYMENTS: &str = r#"[
  {
    "cf_payment_id": "5114910253311",
    "order_id": "order_42",
    "entity": "payment",
    "is_captured": false,
    "order_amount": 1499.50,
    "order_currency": "INR",
    "payment_group": "upi",
    "payment_currency": "INR",
    "payment_amount": 1499.50,
    "payment_time": "2025-01-14T11:05:01+05:30",
    "payment_completion_time": "2025-01-14T11:07:12+05:30",
    "payment_status": "FAILED",
    "payment_message": "Transaction declined by the customer",
    "bank_reference": null,
    "auth_id": null,
    "authorization": null,
    "error_details": {
      "error_code": "TRANSACTION_DECLINED",
      "error_description": "the customer declined the collect request",
      "error_reason": "user_rejected",
      "error_source": "customer",
      "error_code_raw": "ZA",
      "error_description_raw": "TRANSACTION DECLINED BY CUSTOMER",
      "error_subcode_raw": null
    },
    "payment_method": {"upi": {"channel": "collect", "upi_id": "asha@okicici", "upi_instrument": "UPI", "upi_payer_ifsc": null}},
    "international_payment": {"international": false},
    "payment_gateway_details": {"gateway_name": "CASHFREE", "gateway_order_id": "1634766330", "gateway_payment_id": "1504280029", "gateway_status_code": null, "gateway_settlement": "CASHFREE"},
    "payment_surcharge": null
  },
  {
    "cf_payment_id": 5114910253399,
    "order_id": "order_42",
    "entity": "payment",
    "is_captured": true,
    "order_amount": 1499.50,
    "order_currency": "INR",
    "payment_group": "net_banking",
    "payment_currency": "INR",
    "payment_amount": 1500.40,
    "payment_time": "2025-01-14T11:09:45+05:30",
    "payment_completion_time": "2025-01-14T11:10:03+05:30",
    "payment_status": "SUCCESS",
    "payment_message": "Transaction successful",
    "bank_reference": 234928698581,
    "auth_id": null,
    "payment_method": {"netbanking": {"channel": "link", "netbanking_bank_code": 3044, "netbanking_bank_name": "State Bank Of India", "netbanking_ifsc": "SBIN0000001", "netbanking_account_number": "XXXXXXX0231"}},
    "payment_surcharge": {"payment_surcharge_service_charge": 0.76, "payment_surcharge_service_tax": 0.14}
  },
  {
    "cf_payment_id": "5114910253400",
    "order_id": "order_42",
    "payment_group": "crypto_wallet",
    "payment_amount": 1499.50,
    "payment_status": "FLAGGED",
    "payment_method": {"netbanking": {"channel": "link", "netbanking_bank_code": "3022"}}
  }
]"#;

/// One card payment paid in EMIs (reference `PaymentEntity` shape).
const CARD_PAYMENT: &str = r#"{
  "cf_payment_id": "5114910253399",
  "order_id": "order_42",
  "entity": "payment",
  "is_captured": true,
  "order_amount": 12000.00,
  "order_currency": "INR",
  "payment_group": "credit_card_emi",
  "payment_currency": "INR",
  "payment_amount": 12000.00,
  "payment_time": "2025-01-14T11:09:45+05:30",
  "payment_completion_time": "2025-01-14T11:10:03+05:30",
  "payment_status": "SUCCESS",
  "payment_message": "Transaction Success",
  "bank_reference": "524410198110",
  "auth_id": "302651",
  "payment_method": {"card": {"channel": "link", "card_number": "XXXXXXXXXXXX1111", "card_network": "visa", "card_type": "credit_card", "card_sub_type": "R", "card_country": "IN", "card_bank_name": "HDFC Bank", "card_network_reference_id": 100212, "par": "V0010014623022637739353641436", "emi_details": {"emi_amount": 2050.33, "emi_tenure": 6, "emi_interest": 14.5}}},
  "international_payment": {"international": false},
  "payment_surcharge": {"payment_surcharge_service_charge": 0, "payment_surcharge_service_tax": 0}
}"#;

#[tokio::test]
async fn pay_order_sends_the_documented_card_body_without_credentials() {
    let server = MockServer::start().await;
    answer(
        &server,
        200,
        &fixture("cashfree-pg/pay_order.response.json"),
    )
    .await;
    let body: types::PayOrderRequest =
        serde_json::from_str(&fixture("cashfree-pg/pay_order.request.json"))
            .expect("the documented request parses");

    let paid = pg(&server)
        .pay_order()
        .body(body)
        .send()
        .await
        .expect("payment started");

    let expected = format!(
        concat!(
            r#"{{"payment_method":{{"card":{{"card_cvv":"900","card_display":"3243","card_expiry_mm":"03","card_expiry_yy":"26","#,
            r#""card_number":"4111111111111111","channel":"link","cryptogram":"AQBBBBBBZatIlaIAmWKSghwBBBB=","#,
            r#""token_requestor_id":"22457512314","token_type":"ISSUER_GC_TOKEN"}}}},"payment_session_id":"{}"}}"#
        ),
        SESSION
    );
    assert_pg_request(
        &server,
        Expected::post("/orders/sessions", &expected).anonymous(),
    )
    .await;
    assert_eq!(paid.cf_payment_id.as_deref(), Some("91235"));
    assert_eq!(paid.payment_amount.unwrap().to_string(), "22.42");
    assert_eq!(
        paid.payment_method,
        Some(enums::PayOrderPaymentMethodType::Card)
    );
    assert_eq!(paid.channel, Some(enums::PayOrderChannel::Link));
    assert_eq!(paid.action, Some(enums::PayOrderAction::Link));
    let data = paid.data.as_ref().unwrap();
    assert!(data
        .url
        .as_deref()
        .unwrap()
        .starts_with("https://sandbox.cashfree.com/pg/view/gateway/"));
    assert_eq!(
        data.content_type.as_deref(),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(data.method.as_deref(), Some("post"));
    assert_eq!(
        data.payload.as_ref().unwrap().get("name"),
        Some(&serde_json::json!("card"))
    );
}

#[tokio::test]
async fn pay_order_reads_a_numeric_payment_id_as_the_same_id() {
    // PG-16: the v2022-09-01 sample sends cf_payment_id as a number.
    let server = MockServer::start().await;
    answer(
        &server,
        200,
        &fixture("cashfree-pg/pay_order.response.numeric-id.json"),
    )
    .await;
    let body: types::PayOrderRequest =
        serde_json::from_str(&fixture("cashfree-pg/pay_order.request.json")).unwrap();
    let paid = pg(&server)
        .pay_order()
        .body(body)
        .send()
        .await
        .expect("payment started");
    assert_eq!(paid.cf_payment_id.as_deref(), Some("91235"));
}

#[tokio::test]
async fn pay_order_upi_collect_built_with_the_builders() {
    let server = MockServer::start().await;
    answer(
        &server,
        200,
        r#"{"payment_amount": 1499.50, "cf_payment_id": 5114910253311, "payment_method": "upi", "channel": "collect", "action": "custom",
            "data": {"url": null, "payload": null, "content_type": null, "method": null}}"#,
    )
    .await;
    let body = types::PayOrderRequest::builder()
        .payment_session_id(SESSION)
        .payment_method(types::PayOrderPaymentMethod {
            upi: Some(types::Upi {
                channel: enums::UpiChannel::Collect,
                upi_id: Some("asha@okicici".into()),
                upi_expiry_minutes: Some(10),
                authorization: None,
                authorize_only: None,
                upi_redirect_url: None,
            }),
            ..Default::default()
        });
    let paid = pg(&server)
        .pay_order()
        .body(body)
        .send()
        .await
        .expect("payment started");
    let expected = format!(
        r#"{{"payment_method":{{"upi":{{"channel":"collect","upi_expiry_minutes":10,"upi_id":"asha@okicici"}}}},"payment_session_id":"{SESSION}"}}"#
    );
    assert_pg_request(
        &server,
        Expected::post("/orders/sessions", &expected).anonymous(),
    )
    .await;
    assert_eq!(paid.payment_amount.unwrap().to_string(), "1499.50");
    assert_eq!(paid.action, Some(enums::PayOrderAction::Custom));
    assert_eq!(paid.channel, Some(enums::PayOrderChannel::Collect));
    assert_eq!(paid.cf_payment_id.as_deref(), Some("5114910253311"));
    assert!(paid.data.as_ref().unwrap().url.is_none());
}

#[tokio::test]
async fn pay_order_documented_errors_are_typed() {
    let cases = [
        (
            "pay_order.error-400.json",
            400,
            ErrorCode::RequestFailed,
            ErrorType::InvalidRequestError,
        ),
        (
            "pay_order.error-401.json",
            401,
            ErrorCode::RequestFailed,
            ErrorType::AuthenticationError,
        ),
        // PG-4: the reference's own sample misspells the code; it is kept, not rejected.
        (
            "pay_order.error-404.json",
            404,
            ErrorCode::Unknown("somethind_not_found".into()),
            ErrorType::InvalidRequestError,
        ),
        (
            "pay_order.error-409.json",
            409,
            ErrorCode::OrderAlreadyExists,
            ErrorType::InvalidRequestError,
        ),
        (
            "pay_order.error-422.json",
            422,
            ErrorCode::RequestInvalid,
            ErrorType::IdempotencyError,
        ),
    ];
    for (file, status, code, kind) in cases {
        let server = MockServer::start().await;
        answer(&server, status, &fixture(&format!("cashfree-pg/{file}"))).await;
        let body: types::PayOrderRequest =
            serde_json::from_str(&fixture("cashfree-pg/pay_order.request.json")).unwrap();
        let err = pg(&server).pay_order().body(body).send().await.unwrap_err();
        let api = err.as_api().unwrap_or_else(|| panic!("{file}: {err:?}"));
        assert_eq!(api.status, status, "{file}");
        assert_eq!(ErrorCode::of(api), Some(code), "{file}");
        assert_eq!(ErrorType::of(api), Some(kind), "{file}");
        assert_eq!(
            api.attempts, 1,
            "{file}: order pay moves money and is sent once"
        );
        assert_eq!(server.received_requests().await.unwrap().len(), 1, "{file}");
    }
}

#[tokio::test]
async fn authorize_apple_pay_sends_the_documented_token_data_with_credentials() {
    // PG-2: the reference shows no credentials; the project sends the merchant's.
    let server = MockServer::start().await;
    answer(
        &server,
        200,
        &fixture("cashfree-pg/authorize_apple_pay.response.json"),
    )
    .await;
    let body: types::AuthorizeApplePayRequest =
        serde_json::from_str(&fixture("cashfree-pg/authorize_apple_pay.request.json"))
            .expect("the request parses");

    let payment = pg(&server)
        .authorize_apple_pay()
        .body(body)
        .send()
        .await
        .expect("authorised");

    let expected = format!(
        concat!(
            r#"{{"authorization_data":{{"authentication_token":"BwABBJQ1AgAAAAAgJDUCAAAAAAA=","#,
            r#""directory_server_transaction_id":"8ac7b70f-9c5c-4e8f-9f4a-6d7c8b2a1e3f","eci":"02","#,
            r#""three_ds_server_transaction_id":"9b8a7c6d-5e4f-3210-9876-543210fedcba","#,
            r#""token_cryptogram":"/wAAAAAAUSwFGXgAAAAAgPAAAA=","token_expiry_month":"09","token_expiry_year":"2029","#,
            r#""token_number":"4111111111111111","transaction_type":"TOKEN"}},"payment_session_id":"{}"}}"#
        ),
        SESSION
    );
    assert_pg_request(
        &server,
        Expected::post("/orders/sessions/authorize", &expected),
    )
    .await;
    assert_eq!(payment.cf_payment_id.as_deref(), Some("4304193706"));
    assert_eq!(payment.auth_id.as_deref(), Some("302651"));
    assert_eq!(payment.bank_reference.as_deref(), Some("524410198110"));
    assert_eq!(payment.payment_status, Some(enums::PaymentStatus::Success));
    assert_eq!(payment.payment_group, Some(enums::PaymentGroup::DebitCard));
    assert_eq!(payment.payment_amount.unwrap().to_string(), "1");
    assert_eq!(payment.is_captured, Some(false));
    assert!(payment.authorization.is_none() && payment.error_details.is_none());
    assert_eq!(payment.payment_offers.as_deref(), Some(&[][..]));
    let card = payment
        .payment_method
        .as_ref()
        .unwrap()
        .card
        .as_ref()
        .unwrap();
    assert_eq!(card.card_number.as_deref(), Some("XXXXXXXXXXXX4738"));
    assert_eq!(
        card.card_network_reference_id.as_deref(),
        Some("VIS_REF_20250101123456")
    );
    assert_eq!(card.par.as_deref(), Some("V0010014623022637739353641436"));
    let gateway = payment.payment_gateway_details.as_ref().unwrap();
    assert_eq!(
        gateway.gateway_reference_name.as_deref(),
        Some("APPLE_PAY_TXN_REF")
    );
    let surcharge = payment.payment_surcharge.as_ref().unwrap();
    assert_eq!(
        surcharge
            .payment_surcharge_service_charge
            .unwrap()
            .to_string(),
        "0"
    );
}

#[tokio::test]
async fn authorize_apple_pay_is_never_resent_even_with_an_idempotency_key() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(502).set_body_raw(
            fixture("cashfree-pg/authenticate_payment.error-502.pending.json"),
            "application/json",
        ))
        .mount(&server)
        .await;
    let body: types::AuthorizeApplePayRequest =
        serde_json::from_str(&fixture("cashfree-pg/authorize_apple_pay.request.json")).unwrap();
    let err = pg(&server)
        .authorize_apple_pay()
        .x_idempotency_key("ap-1")
        .body(body)
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(502));
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn authorize_order_payment_captures_part_of_a_hold() {
    let server = MockServer::start().await;
    answer(
        &server,
        200,
        r#"{
          "cf_payment_id": "5114910253399", "order_id": "order_42", "entity": "payment", "is_captured": true,
          "order_amount": 100.00, "payment_amount": 100.00, "payment_currency": "INR", "payment_group": "credit_card",
          "payment_status": "SUCCESS",
          "authorization": {"action": "CAPTURE", "status": "PENDING", "captured_amount": 50.50, "start_time": null, "end_time": null,
                            "approve_by": null, "action_reference": "6595231908096894505959", "action_time": "2025-01-14T11:20:51"}
        }"#,
    )
    .await;
    let body = types::AuthorizeOrderRequest {
        action: Some(enums::AuthorizeAction::Capture),
        amount: Some(amount("50.50")),
    };
    let payment = pg(&server)
        .authorize_order_payment()
        .order_id("order_42")
        .body(body)
        .send()
        .await
        .expect("capturing");
    assert_pg_request(
        &server,
        Expected::post(
            "/orders/order_42/authorization",
            r#"{"action":"CAPTURE","amount":50.50}"#,
        ),
    )
    .await;
    let authorization = payment.authorization.as_ref().unwrap();
    assert_eq!(authorization.action, Some(enums::AuthorizeAction::Capture));
    assert_eq!(
        authorization.status,
        Some(enums::AuthorizationStatus::Pending)
    );
    assert_eq!(authorization.captured_amount.unwrap().to_string(), "50.50");
    assert_eq!(
        authorization.action_reference.as_deref(),
        Some("6595231908096894505959")
    );
    assert_eq!(
        authorization.action_time.as_deref(),
        Some("2025-01-14T11:20:51")
    );
    assert_eq!(payment.payment_amount.unwrap().to_string(), "100.00");
}

#[tokio::test]
async fn a_numeric_id_past_u64_keeps_every_digit() {
    // `FlexString` promises that a 20-digit id never loses precision through a float. A
    // 20-digit number above u64::MAX (18446744073709551615) must still come back digit for digit.
    let server = MockServer::start().await;
    answer(&server, 200, r#"{"cf_payment_id": 98765432109876543210, "authorization": {"action_reference": 98765432109876543210}}"#).await;
    let body = types::AuthorizeOrderRequest {
        action: Some(enums::AuthorizeAction::Capture),
        amount: None,
    };
    let payment = pg(&server)
        .authorize_order_payment()
        .order_id("order_42")
        .body(body)
        .send()
        .await
        .expect("parsed");
    assert_eq!(
        payment.cf_payment_id.as_deref(),
        Some("98765432109876543210")
    );
    assert_eq!(
        payment
            .authorization
            .as_ref()
            .unwrap()
            .action_reference
            .as_deref(),
        Some("98765432109876543210")
    );
}

#[tokio::test]
async fn authorize_order_payment_void_sends_no_amount() {
    let server = MockServer::start().await;
    answer(
        &server,
        200,
        r#"{"cf_payment_id": "5114910253399", "order_id": "order_42", "payment_status": "VOID",
            "authorization": {"action": "VOID", "status": "SUCCESS", "captured_amount": 0}}"#,
    )
    .await;
    let body = types::AuthorizeOrderRequest {
        action: Some(enums::AuthorizeAction::Void),
        amount: None,
    };
    let payment = pg(&server)
        .authorize_order_payment()
        .order_id("order_42")
        .body(body)
        .send()
        .await
        .expect("voided");
    assert_pg_request(
        &server,
        Expected::post("/orders/order_42/authorization", r#"{"action":"VOID"}"#),
    )
    .await;
    assert_eq!(payment.payment_status, Some(enums::PaymentStatus::Void));
    assert_eq!(
        payment.authorization.as_ref().unwrap().status,
        Some(enums::AuthorizationStatus::Success)
    );
}

#[tokio::test]
async fn authenticate_payment_submits_the_otp() {
    let server = MockServer::start().await;
    answer(
        &server,
        200,
        &fixture("cashfree-pg/authenticate_payment.response.json"),
    )
    .await;
    let body = types::OrderAuthenticatePaymentRequest {
        action: enums::AuthenticateAction::SubmitOtp,
        otp: "111000".into(),
    };
    let done = pg(&server)
        .authenticate_payment()
        .cf_payment_id("3991872901")
        .body(body)
        .send()
        .await
        .expect("sent");
    assert_pg_request(
        &server,
        Expected::post(
            "/orders/pay/authenticate/3991872901",
            r#"{"action":"SUBMIT_OTP","otp":"111000"}"#,
        ),
    )
    .await;
    assert_eq!(done.cf_payment_id.as_deref(), Some("3991872901"));
    assert_eq!(done.action, Some(enums::AuthenticateAction::SubmitOtp));
    assert_eq!(
        done.authenticate_status,
        Some(enums::AuthenticateStatus::Success)
    );
    assert_eq!(done.payment_message.as_deref(), Some("payment successful"));
}

#[tokio::test]
async fn authenticate_payment_documented_answers_parse() {
    let cases = [
        (
            "authenticate_payment.response.resend-otp.json",
            enums::AuthenticateAction::ResendOtp,
            enums::AuthenticateStatus::Success,
            "5114916574918",
        ),
        (
            "authenticate_payment.response.invalid-otp.json",
            enums::AuthenticateAction::SubmitOtp,
            enums::AuthenticateStatus::Failed,
            "5114916442998",
        ),
    ];
    for (file, action, status, id) in cases {
        let server = MockServer::start().await;
        answer(&server, 200, &fixture(&format!("cashfree-pg/{file}"))).await;
        let body = types::OrderAuthenticatePaymentRequest {
            action: action.clone(),
            otp: "123456".into(),
        };
        let done = pg(&server)
            .authenticate_payment()
            .cf_payment_id(id)
            .body(body)
            .send()
            .await
            .expect(file);
        assert_eq!(done.action, Some(action), "{file}");
        assert_eq!(done.authenticate_status, Some(status), "{file}");
        assert_eq!(done.cf_payment_id.as_deref(), Some(id), "{file}");
        assert_eq!(
            only_path(&server).await,
            format!("/orders/pay/authenticate/{id}")
        );
    }
}

async fn only_path(server: &MockServer) -> String {
    common::only_request(server).await.url.path().to_string()
}

#[tokio::test]
async fn authenticate_payment_documented_errors_are_typed_and_sent_once() {
    let cases = [
        (
            "authenticate_payment.error-400.json",
            400,
            ErrorCode::RequestInvalid,
            ErrorType::InvalidRequestError,
            "Exceeded retry attempts",
        ),
        (
            "authenticate_payment.error-400.already-processed.json",
            400,
            ErrorCode::RequestInvalid,
            ErrorType::InvalidRequestError,
            "already processed",
        ),
        (
            "authenticate_payment.error-404.json",
            404,
            ErrorCode::PaymentNotFound,
            ErrorType::InvalidRequestError,
            "transaction not found",
        ),
        // PG-5: the same 502 covers a failed and a still-pending payment.
        (
            "authenticate_payment.error-502.json",
            502,
            ErrorCode::BankProcessingFailure,
            ErrorType::ApiError,
            "transaction failed",
        ),
        (
            "authenticate_payment.error-502.pending.json",
            502,
            ErrorCode::BankProcessingFailure,
            ErrorType::ApiError,
            "transaction incomplete",
        ),
    ];
    for (file, status, code, kind, words) in cases {
        let server = MockServer::start().await;
        answer(&server, status, &fixture(&format!("cashfree-pg/{file}"))).await;
        let body = types::OrderAuthenticatePaymentRequest {
            action: enums::AuthenticateAction::SubmitOtp,
            otp: "111000".into(),
        };
        let err = pg(&server)
            .authenticate_payment()
            .cf_payment_id("3991872901")
            .x_idempotency_key("otp-1")
            .body(body)
            .send()
            .await
            .unwrap_err();
        let api = err.as_api().unwrap_or_else(|| panic!("{file}: {err:?}"));
        assert_eq!(api.status, status, "{file}");
        assert_eq!(ErrorCode::of(api), Some(code), "{file}");
        assert_eq!(ErrorType::of(api), Some(kind), "{file}");
        assert!(api.message.contains(words), "{file}: {}", api.message);
        // PG-5: a 5xx on a call that moves money leaves the outcome unknown: never "retry it".
        assert_eq!(err.is_ambiguous(), status >= 500, "{file}");
        assert!(!err.is_retryable(), "{file}");
        if status >= 500 {
            assert!(
                err.to_string().contains("look its status up"),
                "{file}: {err}"
            );
        }
        assert_eq!(
            server.received_requests().await.unwrap().len(),
            1,
            "{file}: an OTP submit moves money, sent once"
        );
    }
}

#[tokio::test]
async fn get_payments_for_order_reads_every_attempt() {
    let server = MockServer::start().await;
    answer(&server, 200, PAYMENTS).await;
    let payments = pg(&server)
        .get_payments_for_order()
        .order_id("order_42")
        .send()
        .await
        .expect("listed");
    assert_pg_request(&server, Expected::get("/orders/order_42/payments")).await;
    assert_eq!(payments.len(), 3);

    let failed = &payments[0];
    assert_eq!(failed.payment_status, Some(enums::PaymentStatus::Failed));
    assert_eq!(failed.payment_group, Some(enums::PaymentGroup::Upi));
    assert_eq!(failed.payment_amount.unwrap().to_string(), "1499.50");
    let details = failed.error_details.as_ref().unwrap();
    assert_eq!(details.error_code.as_deref(), Some("TRANSACTION_DECLINED"));
    assert_eq!(details.error_source.as_deref(), Some("customer"));
    assert_eq!(details.error_code_raw.as_deref(), Some("ZA"));
    let upi = failed
        .payment_method
        .as_ref()
        .unwrap()
        .upi
        .as_ref()
        .unwrap();
    assert_eq!(upi.upi_id.as_deref(), Some("asha@okicici"));
    assert!(failed.bank_reference.is_none() && failed.payment_surcharge.is_none());

    let paid = &payments[1];
    assert_eq!(paid.cf_payment_id.as_deref(), Some("5114910253399"));
    assert_eq!(paid.payment_status, Some(enums::PaymentStatus::Success));
    assert_eq!(paid.payment_group, Some(enums::PaymentGroup::NetBanking));
    assert_eq!(paid.payment_amount.unwrap().to_string(), "1500.40");
    assert_eq!(paid.bank_reference.as_deref(), Some("234928698581"));
    // PG-9: the bank code comes as a number here and as a string in the next payment.
    let nb = paid
        .payment_method
        .as_ref()
        .unwrap()
        .netbanking
        .as_ref()
        .unwrap();
    assert_eq!(nb.netbanking_bank_code.as_deref(), Some("3044"));
    assert_eq!(
        enums::NetbankingBankCode::from(nb.netbanking_bank_code.as_deref().unwrap()),
        enums::NetbankingBankCode::V3044
    );
    let surcharge = paid.payment_surcharge.as_ref().unwrap();
    assert_eq!(
        surcharge
            .payment_surcharge_service_charge
            .unwrap()
            .to_string(),
        "0.76"
    );
    assert_eq!(
        surcharge.payment_surcharge_service_tax.unwrap().to_string(),
        "0.14"
    );

    // PG-7: FLAGGED is a documented state; an unlisted payment group is kept as sent.
    let flagged = &payments[2];
    assert_eq!(flagged.payment_status, Some(enums::PaymentStatus::Flagged));
    assert_eq!(
        flagged.payment_group,
        Some(enums::PaymentGroup::Unknown("crypto_wallet".into()))
    );
    let nb = flagged
        .payment_method
        .as_ref()
        .unwrap()
        .netbanking
        .as_ref()
        .unwrap();
    assert_eq!(nb.netbanking_bank_code.as_deref(), Some("3022"));
}

#[tokio::test]
async fn get_payment_reads_a_card_emi_payment() {
    let server = MockServer::start().await;
    answer(&server, 200, CARD_PAYMENT).await;
    let payment = pg(&server)
        .get_payment()
        .order_id("order_42")
        .cf_payment_id("5114910253399")
        .send()
        .await
        .expect("found");
    assert_pg_request(
        &server,
        Expected::get("/orders/order_42/payments/5114910253399"),
    )
    .await;
    assert_eq!(
        payment.payment_group,
        Some(enums::PaymentGroup::CreditCardEmi)
    );
    assert_eq!(payment.order_amount.unwrap().to_string(), "12000.00");
    assert_eq!(payment.auth_id.as_deref(), Some("302651"));
    let card = payment
        .payment_method
        .as_ref()
        .unwrap()
        .card
        .as_ref()
        .unwrap();
    assert_eq!(card.card_network.as_deref(), Some("visa"));
    assert_eq!(card.card_network_reference_id.as_deref(), Some("100212"));
    let emi = card.emi_details.as_ref().unwrap();
    assert_eq!(emi.emi_amount.unwrap().to_string(), "2050.33");
    assert_eq!(emi.emi_tenure, Some(6));
    assert_eq!(emi.emi_interest, Some(14.5));
    assert_eq!(
        payment
            .international_payment
            .as_ref()
            .unwrap()
            .international,
        Some(false)
    );
}
