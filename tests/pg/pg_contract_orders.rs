//! PG orders on the wire: create, get, terminate, get extended, update extended.
//!
//! Each test asserts the whole request (method, path, query, the headers every PG call carries,
//! the body byte for byte) and reads a documented or reference-shaped answer into typed values.
#![cfg(feature = "pg")]

use crate::common;

use common::{answer, assert_pg_request, fixture, pg, Expected};
use paygen::pg::{enums, types};
use paygen::pg::{ErrorCode, ErrorType};
use paygen::Amount;
use wiremock::MockServer;

fn amount(text: &str) -> Amount {
    text.parse().expect("a decimal")
}

/// An order as `GET /orders/{order_id}` returns it once paid (reference shape, v2025-01-01).
const PAID_ORDER: &str = r#"{
  "cf_order_id": 2149460581,
  "created_at": "2025-01-14T11:02:46+05:30",
  "customer_details": {
    "customer_id": "7112AAA812234",
    "customer_name": "Asha Rao",
    "customer_email": "asha@example.com",
    "customer_phone": "9898989898",
    "customer_uid": null
  },
  "entity": "order",
  "order_amount": 1499.50,
  "order_currency": "INR",
  "order_expiry_time": "2025-02-13T11:02:46+05:30",
  "order_id": "order_42",
  "order_meta": {"return_url": "https://shop.example.com/return?order_id=order_42", "notify_url": null, "payment_methods": null},
  "order_note": "Two cotton shirts",
  "order_splits": [{"vendor_id": "vendor_7", "amount": 250.00, "tags": {"shelf": "A3"}}],
  "order_status": "PAID",
  "order_tags": {"channel": "web"},
  "payment_session_id": "session_ZxCvBnM0123456789",
  "terminal_data": null,
  "cart_details": {"cart_id": "cart_998"}
}"#;

#[tokio::test]
async fn create_order_sends_the_documented_body_and_reads_the_documented_answer() {
    let server = MockServer::start().await;
    answer(
        &server,
        200,
        &fixture("cashfree-pg/create_order.response.json"),
    )
    .await;
    let body: types::CreateOrderRequest =
        serde_json::from_str(&fixture("cashfree-pg/create_order.request.json"))
            .expect("the documented request parses");

    let order = pg(&server)
        .create_order()
        .body(body)
        .send()
        .await
        .expect("created");

    assert_pg_request(
        &server,
        Expected::post(
            "/orders",
            r#"{"customer_details":{"customer_id":"7112AAA812234","customer_phone":"9898989898"},"order_amount":10.34,"order_currency":"INR"}"#,
        ),
    )
    .await;
    assert_eq!(order.status(), 200);
    assert_eq!(order.cf_order_id.as_deref(), Some("2149460581"));
    assert_eq!(
        order.order_id.as_deref(),
        Some("order_3242Tq4Edj9CC5RDcMeobmJOWOBJij")
    );
    assert_eq!(order.order_status, Some(enums::OrderStatus::Active));
    assert_eq!(
        order.order_amount.unwrap().to_string(),
        "22",
        "an integer amount stays an integer"
    );
    assert_eq!(order.order_currency.as_deref(), Some("INR"));
    assert!(order
        .payment_session_id
        .as_deref()
        .unwrap()
        .starts_with("session_a1VXIPJo8kh7"));
    assert_eq!(
        order.order_expiry_time.as_deref(),
        Some("2023-09-09T18:02:46+05:30")
    );
    let customer = order.customer_details.as_ref().unwrap();
    assert_eq!(
        customer.customer_uid.as_deref(),
        Some("54deabb4-ba45-4a60-9e6a-9c016fe7ab10")
    );
    assert_eq!(customer.customer_phone.as_deref(), Some("9876543210"));
    let tags = order.order_tags.as_ref().unwrap();
    assert_eq!(tags.get("name").map(String::as_str), Some("John"));
    assert_eq!(tags.get("age").map(String::as_str), Some("19"));
    assert_eq!(
        order
            .order_meta
            .as_ref()
            .unwrap()
            .payment_methods
            .as_deref(),
        Some("cc")
    );
    assert_eq!(order.order_splits.as_deref(), Some(&[][..]));
    assert!(order.terminal_data.is_none(), "null is read as absent");
    assert_eq!(
        order.cart_details.as_ref().unwrap().cart_id.as_deref(),
        Some("1")
    );
}

#[tokio::test]
async fn create_order_with_every_common_option_keeps_amounts_exact() {
    let server = MockServer::start().await;
    answer(&server, 200, PAID_ORDER).await;
    let body = types::CreateOrderRequest::builder()
        .order_id(Some("order_42".to_string()))
        .order_amount(amount("1499.50"))
        .order_currency("INR")
        .customer_details(
            types::CustomerDetails::builder()
                .customer_id("7112AAA812234")
                .customer_phone("9898989898")
                .customer_email(Some("asha@example.com".to_string()))
                .customer_name(Some("Asha Rao".to_string())),
        )
        .order_meta(Some(types::OrderMeta {
            return_url: Some("https://shop.example.com/return?order_id=order_42".into()),
            notify_url: Some("https://shop.example.com/cashfree/notify".into()),
            payment_methods: Some("cc,dc,upi".into()),
            payment_methods_filters: None,
        }))
        .order_note(Some("Two cotton shirts".to_string()))
        .order_expiry_time(Some("2025-02-13T11:02:46+05:30".to_string()))
        .order_tags(Some(types::OrderTags(
            [("channel".to_string(), "web".to_string())]
                .into_iter()
                .collect(),
        )))
        .order_splits(vec![types::VendorSplit {
            vendor_id: Some("vendor_7".into()),
            amount: Some(amount("250.00")),
            ..Default::default()
        }]);

    let order = pg(&server)
        .create_order()
        .x_idempotency_key("3f6c9e2a-7d1b-4b8e-9a55-0c2f4e6d8b10")
        .body(body)
        .send()
        .await
        .expect("created");

    let req = assert_pg_request(
        &server,
        Expected::post(
            "/orders",
            concat!(
                r#"{"customer_details":{"customer_email":"asha@example.com","customer_id":"7112AAA812234","#,
                r#""customer_name":"Asha Rao","customer_phone":"9898989898"},"order_amount":1499.50,"#,
                r#""order_currency":"INR","order_expiry_time":"2025-02-13T11:02:46+05:30","order_id":"order_42","#,
                r#""order_meta":{"notify_url":"https://shop.example.com/cashfree/notify","payment_methods":"cc,dc,upi","#,
                r#""return_url":"https://shop.example.com/return?order_id=order_42"},"order_note":"Two cotton shirts","#,
                r#""order_splits":[{"amount":250.00,"vendor_id":"vendor_7"}],"order_tags":{"channel":"web"}}"#
            ),
        ),
    )
    .await;
    assert_eq!(
        common::header(&req, "x-idempotency-key"),
        Some("3f6c9e2a-7d1b-4b8e-9a55-0c2f4e6d8b10")
    );
    assert_eq!(order.order_amount.unwrap().to_string(), "1499.50");
    assert_eq!(order.order_amount.unwrap().decimal_places(), 2);
    assert_eq!(order.order_status, Some(enums::OrderStatus::Paid));
    assert_eq!(
        order.cf_order_id.as_deref(),
        Some("2149460581"),
        "a numeric id is read as its digits"
    );
    let split = &order.order_splits.as_ref().unwrap()[0];
    assert_eq!(split.amount.unwrap().to_string(), "250.00");
    assert_eq!(
        split.tags.as_ref().unwrap().get("shelf"),
        Some(&serde_json::json!("A3"))
    );
}

#[tokio::test]
async fn create_order_documented_error_is_a_typed_api_error() {
    let server = MockServer::start().await;
    answer(
        &server,
        400,
        &fixture("cashfree-pg/create_order.error-400.json"),
    )
    .await;
    let body: types::CreateOrderRequest =
        serde_json::from_str(&fixture("cashfree-pg/create_order.request.json")).unwrap();
    let err = pg(&server)
        .create_order()
        .body(body)
        .send()
        .await
        .unwrap_err();
    let api = err
        .as_api()
        .unwrap_or_else(|| panic!("an API error: {err:?}"));
    assert_eq!(api.operation, "create_order");
    assert_eq!(api.status, 400);
    assert_eq!(ErrorCode::of(api), Some(ErrorCode::RequestFailed));
    assert_eq!(ErrorType::of(api), Some(ErrorType::InvalidRequestError));
    assert_eq!(api.message, "bad URL, please check API documentation");
    assert!(api
        .help
        .as_deref()
        .unwrap()
        .contains("Merchant Dashboard API logs"));
    assert_eq!(api.attempts, 1);
}

#[tokio::test]
async fn get_order_reads_a_paid_order() {
    let server = MockServer::start().await;
    answer(&server, 200, PAID_ORDER).await;
    let order = pg(&server)
        .get_order()
        .order_id("order_42")
        .send()
        .await
        .expect("found");
    assert_pg_request(&server, Expected::get("/orders/order_42")).await;
    assert_eq!(order.order_status, Some(enums::OrderStatus::Paid));
    assert_eq!(order.order_amount.unwrap().to_string(), "1499.50");
    assert_eq!(order.order_meta.as_ref().unwrap().notify_url, None);
    assert_eq!(order.customer_details.as_ref().unwrap().customer_uid, None);
    assert_eq!(
        order
            .order_tags
            .as_ref()
            .unwrap()
            .get("channel")
            .map(String::as_str),
        Some("web")
    );
}

#[tokio::test]
async fn get_order_percent_encodes_the_order_id() {
    let server = MockServer::start().await;
    answer(&server, 200, PAID_ORDER).await;
    pg(&server)
        .get_order()
        .order_id("order 42/b")
        .send()
        .await
        .expect("found");
    assert_pg_request(&server, Expected::get("/orders/order%2042%2Fb")).await;
}

#[tokio::test]
async fn get_order_keeps_an_undocumented_status() {
    // Doc 021 says a TERMINATION_REQUESTED order may turn "SUCCESS" (PG-6): kept, not rejected.
    let server = MockServer::start().await;
    answer(
        &server,
        200,
        &PAID_ORDER.replace(r#""order_status": "PAID""#, r#""order_status": "SUCCESS""#),
    )
    .await;
    let order = pg(&server)
        .get_order()
        .order_id("order_42")
        .send()
        .await
        .expect("parsed");
    assert_eq!(
        order.order_status,
        Some(enums::OrderStatus::Unknown("SUCCESS".into()))
    );
    assert!(!order.order_status.as_ref().unwrap().is_known());
}

#[tokio::test]
async fn terminate_order_patches_the_status() {
    let server = MockServer::start().await;
    answer(
        &server,
        200,
        &PAID_ORDER.replace(
            r#""order_status": "PAID""#,
            r#""order_status": "TERMINATION_REQUESTED""#,
        ),
    )
    .await;
    let order = pg(&server)
        .terminate_order()
        .order_id("order_42")
        .body(
            types::TerminateOrderRequest::builder()
                .order_status(enums::TerminateOrderStatus::Terminated),
        )
        .send()
        .await
        .expect("terminating");
    assert_pg_request(
        &server,
        Expected::new("PATCH", "/orders/order_42").json(r#"{"order_status":"TERMINATED"}"#),
    )
    .await;
    assert_eq!(
        order.order_status,
        Some(enums::OrderStatus::TerminationRequested)
    );
}

#[tokio::test]
async fn get_order_extended_reads_charges_addresses_cart_and_offer() {
    let server = MockServer::start().await;
    // Reference shape; the cart prices come as strings there, and must still be exact amounts.
    answer(
        &server,
        200,
        r#"{
          "cf_order_id": "2149460581",
          "order_id": "order_42",
          "order_amount": 1298.00,
          "order_currency": "INR",
          "created_at": "2025-01-14T11:02:46+05:30",
          "charges": {"shipping_charges": 12.50, "cod_handling_charges": 115},
          "customer_details": {"customer_id": "7112AAA812234", "customer_name": "Asha Rao", "customer_email": "asha@example.com", "customer_phone": "9898989898", "customer_uid": "54deabb4-ba45-4a60-9e6a-9c016fe7ab10"},
          "shipping_address": {"name": "Asha Rao", "address_line_one": "12 MG Road", "address_line_two": "Indiranagar", "country": "India", "country_code": "IN", "state": "Karnataka", "state_code": "KA", "city": "Bengaluru", "pin_code": "560038", "phone": "+91 9898989898", "email": "asha@example.com"},
          "billing_address": {"name": "Asha Rao", "address_line_one": "12 MG Road", "country": "India", "country_code": "IN", "city": "Bengaluru", "pin_code": "560038"},
          "cart": {"name": "Shirts", "items": [{"item_id": "sku_26", "item_name": "Cotton shirt", "item_description": "Blue, M", "item_tags": ["apparel"], "item_details_url": "https://shop.example.com/sku_26", "item_image_url": "https://shop.example.com/sku_26.png", "item_original_unit_price": "699.00", "item_discounted_unit_price": "649.00", "item_quantity": 2, "item_currency": "INR"}]},
          "offer": {"offer_id": "d2b430fb-1afe-455a-af31-66d00377b29a", "offer_status": "active", "offer_meta": {"offer_title": "Flat 10", "offer_description": "Flat 10 off", "offer_code": "CFTESTOFFER", "offer_start_time": "2025-01-01T00:00:00Z", "offer_end_time": "2025-03-31T23:59:59Z"}, "offer_tnc": {"offer_tnc_type": "text", "offer_tnc_value": "One use per customer"}, "offer_details": {"offer_type": "DISCOUNT", "discount_details": {"discount_type": "flat", "discount_value": 10, "max_discount_amount": 10}}, "offer_validations": {"min_amount": 100, "max_allowed": 1, "payment_method": {"all": {}}}}
        }"#,
    )
    .await;
    let ext = pg(&server)
        .get_order_extended()
        .order_id("order_42")
        .send()
        .await
        .expect("found");
    assert_pg_request(&server, Expected::get("/orders/order_42/extended")).await;
    assert_eq!(ext.order_amount.unwrap().to_string(), "1298.00");
    let charges = ext.charges.as_ref().unwrap();
    assert_eq!(charges.shipping_charges.unwrap().to_string(), "12.50");
    assert_eq!(charges.cod_handling_charges.unwrap().to_string(), "115");
    assert_eq!(
        ext.shipping_address.as_ref().unwrap().pin_code.as_deref(),
        Some("560038")
    );
    assert_eq!(ext.billing_address.as_ref().unwrap().address_line_two, None);
    let item = &ext.cart.as_ref().unwrap().items.as_ref().unwrap()[0];
    assert_eq!(item.item_original_unit_price.unwrap().to_string(), "699.00");
    assert_eq!(
        item.item_discounted_unit_price.unwrap().to_string(),
        "649.00"
    );
    assert_eq!(item.item_quantity, Some(2));
    let offer = ext.offer.as_ref().unwrap();
    assert_eq!(
        offer.offer_details.as_ref().unwrap().offer_type,
        Some(enums::OfferType::Discount)
    );
    assert_eq!(
        offer
            .offer_details
            .as_ref()
            .unwrap()
            .discount_details
            .as_ref()
            .unwrap()
            .discount_type,
        Some(enums::DiscountType::Flat)
    );
    assert_eq!(
        offer.offer_tnc.as_ref().unwrap().offer_tnc_type,
        Some(enums::OfferTncType::Text)
    );
}

#[tokio::test]
async fn update_order_extended_puts_shipment_and_delivery_status() {
    let server = MockServer::start().await;
    answer(
        &server,
        200,
        r#"{
          "cf_order_id": 2149460581,
          "order_id": "order_42",
          "shipment_details": [{"tracking_company": "Delhivery", "tracking_urls": ["https://track.example.com/AWB123"], "tracking_numbers": ["AWB123"]}],
          "order_delivery_status": {"status": "SHIPPED", "reason": "Handed to courier"}
        }"#,
    )
    .await;
    let body = types::UpdateOrderExtendedRequest {
        shipment_details: vec![types::ShipmentDetails {
            tracking_company: Some("Delhivery".into()),
            tracking_urls: Some(vec!["https://track.example.com/AWB123".into()]),
            tracking_numbers: Some(vec!["AWB123".into()]),
        }],
        order_delivery_status: Some(types::OrderDeliveryStatus {
            status: Some(enums::OrderDeliveryStatusValue::Shipped),
            reason: Some("Handed to courier".into()),
        }),
    };
    let updated = pg(&server)
        .update_order_extended()
        .order_id("order_42")
        .body(body)
        .send()
        .await
        .expect("updated");
    assert_pg_request(
        &server,
        Expected::new("PUT", "/orders/order_42/extended").json(concat!(
            r#"{"order_delivery_status":{"reason":"Handed to courier","status":"SHIPPED"},"#,
            r#""shipment_details":[{"tracking_company":"Delhivery","tracking_numbers":["AWB123"],"#,
            r#""tracking_urls":["https://track.example.com/AWB123"]}]}"#
        )),
    )
    .await;
    assert_eq!(updated.cf_order_id.as_deref(), Some("2149460581"));
    assert_eq!(
        updated.order_delivery_status.as_ref().unwrap().status,
        Some(enums::OrderDeliveryStatusValue::Shipped)
    );
    assert_eq!(
        updated.shipment_details.as_ref().unwrap()[0]
            .tracking_numbers
            .as_deref(),
        Some(&["AWB123".to_string()][..])
    );
}

#[tokio::test]
async fn update_order_extended_accepts_a_delivery_status_alone() {
    // PG-27: the reference lists shipment_details as required, its text says either one will do.
    let server = MockServer::start().await;
    answer(
        &server,
        200,
        r#"{"order_id": "order_42", "order_delivery_status": {"status": "DELIVERED"}}"#,
    )
    .await;
    let body = types::UpdateOrderExtendedRequest {
        shipment_details: vec![],
        order_delivery_status: Some(types::OrderDeliveryStatus {
            status: Some(enums::OrderDeliveryStatusValue::Delivered),
            reason: None,
        }),
    };
    let updated = pg(&server)
        .update_order_extended()
        .order_id("order_42")
        .body(body)
        .send()
        .await
        .expect("sent");
    assert_pg_request(
        &server,
        Expected::new("PUT", "/orders/order_42/extended")
            .json(r#"{"order_delivery_status":{"status":"DELIVERED"}}"#),
    )
    .await;
    assert_eq!(
        updated.order_delivery_status.as_ref().unwrap().status,
        Some(enums::OrderDeliveryStatusValue::Delivered)
    );
}
