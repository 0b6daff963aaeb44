//! PG payment links on the wire: create, get, cancel, and the orders a link produced.
#![cfg(feature = "pg")]

use crate::common;

use common::{answer, assert_pg_request, pg, Expected};
use paygen::pg::{enums, types};
use paygen::Amount;
use wiremock::MockServer;

fn amount(text: &str) -> Amount {
    text.parse().expect("a decimal")
}

/// A link as the reference's create-link example returns it (v2025-01-01), with a paise amount.
const ACTIVE_LINK: &str = r#"{
  "cf_link_id": "1996567",
  "link_id": "my_link_id",
  "link_status": "ACTIVE",
  "link_currency": "INR",
  "link_amount": 100.50,
  "link_amount_paid": 0,
  "link_partial_payments": true,
  "link_minimum_partial_amount": 20.00,
  "link_purpose": "Payment for PlayStation 11",
  "link_created_at": "2025-01-14T17:05:01+05:30",
  "customer_details": {"customer_name": "John Doe", "customer_phone": "9999999999", "customer_email": "john@example.com"},
  "link_meta": {"notify_url": "https://shop.example.com/cashfree/notify", "upi_intent": false, "return_url": "https://shop.example.com/thankyou"},
  "link_url": "https://payments-test.cashfree.com/links/o1tf1nvcvjhg",
  "link_expiry_time": "2025-02-13T15:04:05+05:30",
  "link_notes": {"key_1": "value_1"},
  "link_auto_reminders": true,
  "link_notify": {"send_sms": false, "send_email": true},
  "link_qrcode": "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "order_splits": []
}"#;

#[tokio::test]
async fn create_link_sends_every_documented_field() {
    let server = MockServer::start().await;
    answer(&server, 200, ACTIVE_LINK).await;
    let body = types::CreateLinkRequest::builder()
        .link_id("my_link_id")
        .link_amount(amount("100.50"))
        .link_currency("INR")
        .link_purpose("Payment for PlayStation 11")
        .customer_details(types::LinkCustomerDetailsEntity {
            customer_phone: Some("9999999999".into()),
            customer_email: Some("john@example.com".into()),
            customer_name: Some("John Doe".into()),
            ..Default::default()
        })
        .link_partial_payments(Some(true))
        .link_minimum_partial_amount(Some(amount("20.00")))
        .link_expiry_time(Some("2025-02-13T15:04:05+05:30".to_string()))
        .link_notify(Some(types::LinkNotifyEntity {
            send_sms: Some(false),
            send_email: Some(true),
        }))
        .link_auto_reminders(Some(true))
        .link_notes(Some(types::LinkNotes(
            [("key_1".to_string(), "value_1".to_string())]
                .into_iter()
                .collect(),
        )))
        .link_meta(Some(types::LinkMeta {
            notify_url: Some("https://shop.example.com/cashfree/notify".into()),
            return_url: Some("https://shop.example.com/thankyou".into()),
            upi_intent: Some(serde_json::Value::Bool(false)),
            payment_methods: None,
        }));

    let link = pg(&server)
        .create_link()
        .body(body)
        .send()
        .await
        .expect("created");

    assert_pg_request(
        &server,
        Expected::post(
            "/links",
            concat!(
                r#"{"customer_details":{"customer_email":"john@example.com","customer_name":"John Doe","customer_phone":"9999999999"},"#,
                r#""link_amount":100.50,"link_auto_reminders":true,"link_currency":"INR","link_expiry_time":"2025-02-13T15:04:05+05:30","#,
                r#""link_id":"my_link_id","link_meta":{"notify_url":"https://shop.example.com/cashfree/notify","#,
                r#""return_url":"https://shop.example.com/thankyou","upi_intent":false},"link_minimum_partial_amount":20.00,"#,
                r#""link_notes":{"key_1":"value_1"},"link_notify":{"send_email":true,"send_sms":false},"#,
                r#""link_partial_payments":true,"link_purpose":"Payment for PlayStation 11"}"#
            ),
        ),
    )
    .await;
    assert_eq!(link.cf_link_id.as_deref(), Some("1996567"));
    assert_eq!(link.link_status, Some(enums::LinkStatus::Active));
    assert_eq!(link.link_amount.unwrap().to_string(), "100.50");
    assert_eq!(link.link_amount_paid.unwrap().to_string(), "0");
    assert_eq!(
        link.link_minimum_partial_amount.unwrap().to_string(),
        "20.00"
    );
    assert_eq!(
        link.link_url.as_deref(),
        Some("https://payments-test.cashfree.com/links/o1tf1nvcvjhg")
    );
    assert!(link
        .link_qrcode
        .as_deref()
        .unwrap()
        .starts_with("data:image/png;base64,"));
    assert_eq!(
        link.link_notes
            .as_ref()
            .unwrap()
            .get("key_1")
            .map(String::as_str),
        Some("value_1")
    );
    assert_eq!(link.link_notify.as_ref().unwrap().send_email, Some(true));
    assert_eq!(
        link.link_meta.as_ref().unwrap().upi_intent,
        Some(serde_json::Value::Bool(false))
    );
    assert_eq!(
        link.customer_details
            .as_ref()
            .unwrap()
            .customer_phone
            .as_deref(),
        Some("9999999999")
    );
}

#[tokio::test]
async fn create_link_keeps_a_bank_code_outside_the_enums_page() {
    // PG-10: link bank codes such as 7001 are not in doc 021's table and must pass unchanged.
    let server = MockServer::start().await;
    answer(&server, 200, ACTIVE_LINK).await;
    let body = types::CreateLinkRequest::builder()
        .link_id("tpv_link")
        .link_amount(amount("10"))
        .link_currency("INR")
        .link_purpose("TPV check")
        .customer_details(types::LinkCustomerDetailsEntity {
            customer_phone: Some("9999999999".into()),
            customer_bank_account_number: Some("026291800001191".into()),
            customer_bank_ifsc: Some("YESB0000262".into()),
            customer_bank_code: Some(7001),
            ..Default::default()
        });
    pg(&server)
        .create_link()
        .body(body)
        .send()
        .await
        .expect("created");
    assert_pg_request(
        &server,
        Expected::post(
            "/links",
            concat!(
                r#"{"customer_details":{"customer_bank_account_number":"026291800001191","customer_bank_code":7001,"#,
                r#""customer_bank_ifsc":"YESB0000262","customer_phone":"9999999999"},"link_amount":10,"link_currency":"INR","#,
                r#""link_id":"tpv_link","link_purpose":"TPV check"}"#
            ),
        ),
    )
    .await;
}

#[tokio::test]
async fn get_link_reads_the_webhook_spellings_too() {
    // PG-13/14/15: doc 083 sends the id as a number, amounts as strings, times without offset;
    // the reference types `upi_intent` as a string.
    let server = MockServer::start().await;
    answer(
        &server,
        200,
        r#"{
          "cf_link_id": 1576977,
          "link_id": "payment_ps11",
          "link_status": "PARTIALLY_PAID",
          "link_currency": "INR",
          "link_amount": "200.12",
          "link_amount_paid": "55.00",
          "link_partial_payments": true,
          "link_minimum_partial_amount": "11.00",
          "link_purpose": "Payment for order 10",
          "link_created_at": "2021-08-18T07:13:41",
          "customer_details": {"customer_phone": "9000000000", "customer_email": "john@example.com", "customer_name": "John "},
          "link_meta": {"notify_url": "https://shop.example.com/cashfree/notify", "upi_intent": "false"},
          "link_url": "https://payments-test.cashfree.com/links/U1mgll3c0e9g",
          "link_expiry_time": "2021-11-28T21:46:20",
          "link_notes": {"note_key_1": "note_value_1"},
          "link_auto_reminders": true,
          "link_notify": {"send_sms": true, "send_email": true}
        }"#,
    )
    .await;
    let link = pg(&server)
        .get_link()
        .link_id("payment_ps11")
        .send()
        .await
        .expect("found");
    assert_pg_request(&server, Expected::get("/links/payment_ps11")).await;
    assert_eq!(link.cf_link_id.as_deref(), Some("1576977"));
    assert_eq!(link.link_status, Some(enums::LinkStatus::PartiallyPaid));
    assert_eq!(link.link_amount.unwrap().to_string(), "200.12");
    assert_eq!(link.link_amount_paid.unwrap().to_string(), "55.00");
    assert_eq!(
        link.link_minimum_partial_amount.unwrap().decimal_places(),
        2
    );
    assert_eq!(link.link_created_at.as_deref(), Some("2021-08-18T07:13:41"));
    assert_eq!(
        link.link_meta.as_ref().unwrap().upi_intent,
        Some(serde_json::json!("false"))
    );
}

#[tokio::test]
async fn cancel_link_posts_no_body() {
    let server = MockServer::start().await;
    answer(
        &server,
        200,
        &ACTIVE_LINK.replace(
            r#""link_status": "ACTIVE""#,
            r#""link_status": "CANCELLED""#,
        ),
    )
    .await;
    let link = pg(&server)
        .cancel_link()
        .link_id("my_link_id")
        .send()
        .await
        .expect("cancelled");
    assert_pg_request(&server, Expected::new("POST", "/links/my_link_id/cancel")).await;
    assert_eq!(link.link_status, Some(enums::LinkStatus::Cancelled));
}

#[tokio::test]
async fn cancel_link_keeps_a_status_it_does_not_know() {
    let server = MockServer::start().await;
    answer(
        &server,
        200,
        &ACTIVE_LINK.replace(r#""link_status": "ACTIVE""#, r#""link_status": "ARCHIVED""#),
    )
    .await;
    let link = pg(&server)
        .cancel_link()
        .link_id("my_link_id")
        .send()
        .await
        .expect("parsed");
    assert_eq!(
        link.link_status,
        Some(enums::LinkStatus::Unknown("ARCHIVED".into()))
    );
}

const LINK_ORDERS: &str = r#"[
  {
    "cf_order_id": "2149460581",
    "link_id": "my_link_id",
    "order_id": "CFPay_U1mgll3c0e9g_ehdcjjbtckf",
    "entity": "order",
    "order_currency": "INR",
    "order_amount": 55.00,
    "order_status": "PAID",
    "payment_session_id": "session_a1VXIPJo8kh7IBigVXX8LgTMupQW",
    "order_expiry_time": "2025-01-14T17:34:50+05:30",
    "order_note": null,
    "created_at": "2025-01-14T17:05:01+05:30",
    "order_splits": [],
    "customer_details": {"customer_id": "9000000000", "customer_name": "John", "customer_email": "john@example.com", "customer_phone": "9000000000"},
    "order_meta": {"return_url": "https://shop.example.com/thankyou", "notify_url": null, "payment_methods": null},
    "order_tags": null
  },
  {
    "cf_order_id": 2149460599,
    "link_id": "my_link_id",
    "order_id": "CFPay_U1mgll3c0e9g_zz01",
    "order_amount": 145.12,
    "order_status": "EXPIRED"
  }
]"#;

#[tokio::test]
async fn get_link_orders_asks_for_every_order() {
    let server = MockServer::start().await;
    answer(&server, 200, LINK_ORDERS).await;
    let orders = pg(&server)
        .get_link_orders()
        .link_id("my_link_id")
        .status(enums::LinkOrdersStatusFilter::All)
        .send()
        .await
        .expect("listed");
    assert_pg_request(
        &server,
        Expected::get("/links/my_link_id/orders").query("status=ALL"),
    )
    .await;
    assert_eq!(orders.len(), 2);
    assert_eq!(orders[0].order_status, Some(enums::OrderStatus::Paid));
    assert_eq!(orders[0].order_amount.unwrap().to_string(), "55.00");
    assert_eq!(orders[0].link_id.as_deref(), Some("my_link_id"));
    assert_eq!(
        orders[0]
            .customer_details
            .as_ref()
            .unwrap()
            .customer_phone
            .as_deref(),
        Some("9000000000")
    );
    assert!(orders[0].order_tags.is_none());
    assert_eq!(orders[1].cf_order_id.as_deref(), Some("2149460599"));
    assert_eq!(orders[1].order_status, Some(enums::OrderStatus::Expired));
    assert_eq!(orders[1].order_amount.unwrap().to_string(), "145.12");
}

#[tokio::test]
async fn get_link_orders_without_a_filter_sends_no_query() {
    let server = MockServer::start().await;
    answer(&server, 200, "[]").await;
    let orders = pg(&server)
        .get_link_orders()
        .link_id("my_link_id")
        .send()
        .await
        .expect("listed");
    assert_pg_request(&server, Expected::get("/links/my_link_id/orders")).await;
    assert!(orders.is_empty());
}
