//! Webhooks from the mock, over real sockets: a payment simulated on the mock reaches an axum
//! app using `CashfreeWebhook` and verifies; each endpoint gets its payload version; a
//! receiver answering 500 gets numbered retries, each freshly signed; the delivery log is
//! readable from Rust and the control API.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use paygen::mock::webhooks::Outcome;
use paygen::mock::{Endpoint, MockServer, PayloadVersion, RetryPolicy};
use paygen::pg::{types, Client};
use paygen::webhooks::axum::CashfreeWebhook;
use paygen::webhooks::{Event, Verifier};
use paygen::Amount;
use serde_json::{json, Value};

use crate::framework::http;

/// One delivery as a receiver saw it.
#[derive(Clone, Debug)]
struct Seen {
    headers: HeaderMap,
    body: Bytes,
}

type Inbox = Arc<Mutex<Vec<Seen>>>;

/// Each delivery's `type` and `x-webhook-attempt`, in arrival order.
type Attempts = Arc<Mutex<Vec<(String, String)>>>;

/// Serves `app` on an ephemeral loopback port; returns its URL.
async fn serve(app: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    url
}

/// A receiver that records every delivery and answers `status`.
async fn recorder(status: StatusCode) -> (String, Inbox) {
    let inbox: Inbox = Arc::default();
    let app = Router::new()
        .route(
            "/hook",
            post(
                move |State(inbox): State<Inbox>, headers: HeaderMap, body: Bytes| async move {
                    inbox.lock().unwrap().push(Seen { headers, body });
                    status
                },
            ),
        )
        .with_state(inbox.clone());
    (format!("{}/hook", serve(app).await), inbox)
}

async fn paid_order(mock: &MockServer, id: &str, total: &str) -> String {
    let client = Client::from_config(mock.config()).unwrap();
    let mut request: types::CreateOrderRequest = serde_json::from_value(json!({
        "order_id": id, "order_amount": 1, "order_currency": "INR",
        "customer_details": {"customer_id": "cust_wh", "customer_phone": "9999999999"}
    }))
    .unwrap();
    request.order_amount = total.parse::<Amount>().unwrap();
    let order = client
        .create_order()
        .body(request)
        .send()
        .await
        .unwrap()
        .into_inner();
    let paid = client
        .pay_order()
        .body(types::PayOrderRequest {
            payment_session_id: order.payment_session_id.unwrap(),
            payment_method: serde_json::from_value(
                json!({"upi": {"channel": "collect", "upi_id": "testsuccess@gocash"}}),
            )
            .unwrap(),
            save_instrument: None,
            offer_id: None,
        })
        .send()
        .await
        .unwrap()
        .into_inner();
    paid.cf_payment_id.unwrap().as_str().to_string()
}

fn secret(mock: &MockServer) -> String {
    mock.options()
        .credentials
        .client_secret
        .expose()
        .to_string()
}

#[tokio::test]
async fn a_payment_on_the_mock_reaches_an_axum_app_and_verifies() {
    let mock = MockServer::start().await.unwrap();
    let (tx, mut rx) = tokio::sync::mpsc::channel::<(String, String, Option<u32>)>(8);
    let app = Router::new()
        .route(
            "/webhooks/cashfree",
            post(move |CashfreeWebhook(delivery): CashfreeWebhook| {
                let tx = tx.clone();
                async move {
                    if let Event::Payment(p) = delivery.webhook.event() {
                        let order = p.data.order.clone().unwrap();
                        let payment = p.data.payment.clone().unwrap();
                        let _ = tx
                            .send((
                                order.order_id.unwrap().into_owned(),
                                payment.payment_amount.unwrap().to_string(),
                                delivery.headers.attempt,
                            ))
                            .await;
                    }
                    "OK"
                }
            }),
        )
        .with_state(Verifier::new(secret(&mock)).with_tolerance(Duration::from_secs(300)));
    let url = format!("{}/webhooks/cashfree", serve(app).await);
    mock.forward_webhooks_to(url.as_str()).unwrap();

    paid_order(&mock, "wh_order_1", "170.00").await;
    let (order_id, amount, attempt) = tokio::time::timeout(Duration::from_secs(10), rx.recv())
        .await
        .expect("the webhook arrives within 10 s")
        .unwrap();
    // The amount keeps its scale through signing, delivery, verification and parsing.
    assert_eq!(
        (order_id.as_str(), amount.as_str(), attempt),
        ("wh_order_1", "170.00", Some(1))
    );

    let log = mock
        .webhooks()
        .wait_until(Duration::from_secs(5), |l| {
            l.iter().any(|d| d.outcome == Outcome::Delivered)
        })
        .await;
    let delivered = log
        .iter()
        .find(|d| d.outcome == Outcome::Delivered)
        .unwrap();
    assert_eq!(delivered.event_type, "PAYMENT_SUCCESS_WEBHOOK");
    assert_eq!((delivered.status, delivered.attempt), (Some(200), 1));
    assert_eq!(delivered.url, url);

    // The same log over the control API.
    let over_http: Value = http()
        .get(format!("{}/__paygen/webhooks/deliveries", mock.url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(over_http[0]["event_type"], "PAYMENT_SUCCESS_WEBHOOK");
    assert_eq!(over_http[0]["outcome"], "delivered");
    assert_eq!(over_http[0]["status"], 200);
}

#[tokio::test]
async fn each_endpoint_gets_its_payload_version_signed_with_the_merchant_secret() {
    let mock = MockServer::start().await.unwrap();
    let (new_url, new_inbox) = recorder(StatusCode::OK).await;
    let (old_url, old_inbox) = recorder(StatusCode::OK).await;
    mock.webhooks()
        .add_endpoint(Endpoint::new(new_url))
        .unwrap();
    // Added over the control API, as `paygen mock` users would.
    let added = http()
        .post(format!("{}/__paygen/webhooks/endpoints", mock.url()))
        .json(&json!({"url": old_url, "version": "2023-08-01"}))
        .send()
        .await
        .unwrap();
    assert_eq!(added.status(), 200);
    assert_eq!(
        mock.webhooks().endpoints()[1].version,
        PayloadVersion::V2023_08_01
    );

    paid_order(&mock, "wh_order_2", "10.50").await;
    mock.webhooks()
        .wait_until(Duration::from_secs(10), |l| {
            l.iter().filter(|d| d.outcome == Outcome::Delivered).count() == 2
        })
        .await;
    let verifier = Verifier::new(secret(&mock));
    let new = new_inbox.lock().unwrap()[0].clone();
    let old = old_inbox.lock().unwrap()[0].clone();
    for (seen, version) in [(&new, "2025-01-01"), (&old, "2023-08-01")] {
        let delivery = verifier
            .verify_and_parse(&seen.headers, &seen.body)
            .unwrap();
        assert_eq!(delivery.headers.version.as_deref(), Some(version));
        assert_eq!(delivery.headers.attempt, Some(1));
        assert!(delivery
            .headers
            .idempotency_key
            .as_deref()
            .is_some_and(|k| k.len() == 44));
        assert_eq!(seen.headers["content-type"], "application/json");
        assert!(matches!(delivery.webhook.event(), Event::Payment(_)));
    }
    let new_body = String::from_utf8(new.body.to_vec()).unwrap();
    let old_body = String::from_utf8(old.body.to_vec()).unwrap();
    assert!(new_body.contains(r#""order_amount":10.50"#), "{new_body}");
    assert!(old_body.contains(r#""order_amount":10.50"#), "{old_body}");
    // 2025-01-01 added these; a 2023-08-01 endpoint does not get them.
    for field in [
        "terminal_details",
        "international_payment",
        "payment_surcharge",
    ] {
        assert!(new_body.contains(field), "{field} missing from {new_body}");
        assert!(!old_body.contains(field), "{field} in {old_body}");
    }
    // A wrong secret does not verify.
    assert!(Verifier::new("not-the-secret")
        .verify_and_parse(&new.headers, &new.body)
        .is_err());
}

#[tokio::test]
async fn a_receiver_answering_500_gets_numbered_retries_with_backoff_then_the_mock_gives_up() {
    let mock = MockServer::start().await.unwrap();
    mock.webhooks()
        .set_retry_policy(RetryPolicy {
            max_attempts: 3,
            first_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(1),
            timeout: Duration::from_secs(5),
        })
        .unwrap();
    let (url, inbox) = recorder(StatusCode::INTERNAL_SERVER_ERROR).await;
    mock.forward_webhooks_to(url).unwrap();
    paid_order(&mock, "wh_order_3", "1.00").await;
    let log = mock
        .webhooks()
        .wait_until(Duration::from_secs(10), |l| {
            l.iter().any(|d| d.outcome == Outcome::GaveUp)
        })
        .await;
    let attempts: Vec<(u32, Option<u16>, Outcome)> = log
        .iter()
        .map(|d| (d.attempt, d.status, d.outcome))
        .collect();
    assert_eq!(
        attempts,
        [
            (1, Some(500), Outcome::WillRetry),
            (2, Some(500), Outcome::WillRetry),
            (3, Some(500), Outcome::GaveUp)
        ]
    );
    assert!(log.iter().all(|d| d.delivery_id == log[0].delivery_id));
    let seen = inbox.lock().unwrap().clone();
    assert_eq!(seen.len(), 3, "no attempt after the last");
    let verifier = Verifier::new(secret(&mock));
    let mut keys = Vec::new();
    for (n, s) in seen.iter().enumerate() {
        let d = verifier.verify_and_parse(&s.headers, &s.body).unwrap();
        assert_eq!(d.headers.attempt, Some(n as u32 + 1));
        keys.push(d.headers.idempotency_key.clone());
        assert_eq!(s.body, seen[0].body, "every attempt sends the same bytes");
    }
    assert!(
        keys.windows(2).all(|w| w[0] == w[1]),
        "one idempotency key per event"
    );
}

#[tokio::test]
async fn deliveries_of_one_resource_keep_their_order_while_one_is_retried() {
    let mock = MockServer::start().await.unwrap();
    mock.webhooks()
        .set_retry_policy(RetryPolicy {
            max_attempts: 3,
            first_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_millis(200),
            timeout: Duration::from_secs(5),
        })
        .unwrap();
    // The receiver refuses the first delivery it sees, then accepts everything.
    let seen: Attempts = Arc::default();
    let app = Router::new()
        .route(
            "/hook",
            post(
                move |State(seen): State<Attempts>, headers: HeaderMap, body: Bytes| async move {
                    let v: Value = serde_json::from_slice(&body).unwrap();
                    let mut seen = seen.lock().unwrap();
                    let attempt = headers["x-webhook-attempt"].to_str().unwrap().to_string();
                    seen.push((v["type"].as_str().unwrap_or("").to_string(), attempt));
                    if seen.len() == 1 {
                        StatusCode::SERVICE_UNAVAILABLE
                    } else {
                        StatusCode::OK
                    }
                },
            ),
        )
        .with_state(seen.clone());
    mock.forward_webhooks_to(format!("{}/hook", serve(app).await))
        .unwrap();

    // Two events for one order: a failed payment, then a successful one.
    let client = Client::from_config(mock.config()).unwrap();
    let request: types::CreateOrderRequest = serde_json::from_value(json!({
        "order_id": "wh_order_4", "order_amount": 5, "order_currency": "INR",
        "customer_details": {"customer_id": "cust_wh", "customer_phone": "9999999999"}
    }))
    .unwrap();
    let order = client
        .create_order()
        .body(request)
        .send()
        .await
        .unwrap()
        .into_inner();
    for upi_id in ["testfailure@gocash", "testsuccess@gocash"] {
        let _ = client
            .pay_order()
            .body(types::PayOrderRequest {
                payment_session_id: order.payment_session_id.clone().unwrap(),
                payment_method: serde_json::from_value(
                    json!({"upi": {"channel": "collect", "upi_id": upi_id}}),
                )
                .unwrap(),
                save_instrument: None,
                offer_id: None,
            })
            .send()
            .await;
    }
    mock.webhooks()
        .wait_until(Duration::from_secs(10), |l| {
            l.iter().filter(|d| d.outcome == Outcome::Delivered).count() == 2
        })
        .await;
    // The success never overtakes the failure being retried.
    let seen = seen.lock().unwrap().clone();
    let expected = [
        ("PAYMENT_FAILED_WEBHOOK", "1"),
        ("PAYMENT_FAILED_WEBHOOK", "2"),
        ("PAYMENT_SUCCESS_WEBHOOK", "1"),
    ];
    let seen: Vec<(&str, &str)> = seen.iter().map(|(t, a)| (t.as_str(), a.as_str())).collect();
    assert_eq!(seen, expected);
}

#[tokio::test]
async fn forward_to_given_at_start_is_delivered_to_and_a_bad_url_is_refused() {
    let (url, inbox) = recorder(StatusCode::OK).await;
    let mock =
        MockServer::start_with(paygen::mock::MockOptions::default().with_forward_to(url.as_str()))
            .await
            .unwrap();
    assert_eq!(mock.webhooks().endpoints(), [Endpoint::new(url.as_str())]);
    paid_order(&mock, "wh_order_5", "2.00").await;
    mock.webhooks()
        .wait_until(Duration::from_secs(10), |l| {
            l.iter().any(|d| d.outcome == Outcome::Delivered)
        })
        .await;
    assert_eq!(inbox.lock().unwrap().len(), 1);

    let refused = MockServer::start_with(
        paygen::mock::MockOptions::default().with_forward_to("localhost:9/hook"),
    )
    .await
    .unwrap_err()
    .to_string();
    assert!(
        refused.contains("--forward-to localhost:9/hook"),
        "{refused}"
    );
    assert!(
        refused.contains("not an http:// or https:// URL"),
        "{refused}"
    );
    assert!(mock.forward_webhooks_to("ftp://example.com/x").is_err());
}

#[tokio::test]
async fn reset_forgets_the_delivery_log_but_keeps_the_endpoints() {
    let mock = MockServer::start().await.unwrap();
    let (url, _inbox) = recorder(StatusCode::OK).await;
    mock.forward_webhooks_to(url).unwrap();
    paid_order(&mock, "wh_order_6", "3.00").await;
    mock.webhooks()
        .wait_until(Duration::from_secs(10), |l| !l.is_empty())
        .await;
    let reset = http()
        .post(format!("{}/__paygen/reset", mock.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(reset.status(), 200);
    assert!(mock.webhooks().deliveries().is_empty());
    assert_eq!(mock.webhooks().endpoints().len(), 1);
}

#[tokio::test]
async fn a_settled_payouts_v2_transfer_is_delivered_signed_with_the_merchant_secret() {
    use paygen::payouts_v2;
    let mock = MockServer::start().await.unwrap();
    let (url, inbox) = recorder(StatusCode::OK).await;
    mock.forward_webhooks_to(url).unwrap();
    let client = payouts_v2::Client::from_config(mock.payouts_config()).unwrap();
    let mut transfer: payouts_v2::types::CreateTransferRequest = serde_json::from_value(json!({
        "transfer_id": "wh_t1", "transfer_amount": 1,
        "beneficiary_details": {"beneficiary_id": "bene_wh", "beneficiary_instrument_details":
            {"bank_account_number": "026291800001191", "bank_ifsc": "HDFC0000001"}}
    }))
    .unwrap();
    transfer.transfer_amount = "99.90".parse().unwrap();
    client
        .create_transfer()
        .body(transfer)
        .send()
        .await
        .unwrap();
    mock.clock().advance(Duration::from_secs(5));
    client
        .get_transfer_status()
        .transfer_id("wh_t1")
        .send()
        .await
        .unwrap();
    mock.webhooks()
        .wait_until(Duration::from_secs(10), |l| {
            l.iter().any(|d| d.outcome == Outcome::Delivered)
        })
        .await;
    let seen = inbox.lock().unwrap()[0].clone();
    let headers = paygen::webhooks::DeliveryHeaders::from_headers(&seen.headers).unwrap();
    Verifier::new(secret(&mock))
        .verify_delivery(&headers, &seen.body)
        .unwrap();
    let body: Value = serde_json::from_slice(&seen.body).unwrap();
    assert_eq!(body["type"], "TRANSFER_SUCCESS");
    assert_eq!(body["data"]["transfer_id"], "wh_t1");
    assert!(String::from_utf8_lossy(&seen.body).contains(r#""transfer_amount":99.90"#));
}

/// The form fields of a url-encoded body, decoded, in body order.
fn form_fields(body: &[u8]) -> Vec<(String, String)> {
    let decode = |t: &str| {
        percent_encoding::percent_decode_str(&t.replace('+', " "))
            .decode_utf8()
            .unwrap()
            .into_owned()
    };
    std::str::from_utf8(body)
        .unwrap()
        .split('&')
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap();
            (decode(k), decode(v))
        })
        .collect()
}

/// The Payouts V1 (Cashgram) webhook signature as Cashfree's reference describes it, written
/// out here independently of the mock: every POST parameter but `signature`, sorted by name,
/// values concatenated, HMAC-SHA256 keyed with the client secret, base64.
fn documented_cashgram_signature(secret: &str, fields: &[(String, String)]) -> String {
    use base64::Engine as _;
    use hmac::{Hmac, Mac};
    let mut sorted: Vec<&(String, String)> =
        fields.iter().filter(|(k, _)| k != "signature").collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let post_data: String = sorted.iter().map(|(_, v)| v.as_str()).collect();
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(post_data.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

#[tokio::test]
async fn cashgram_webhooks_are_form_encoded_and_signed_in_the_body_as_documented() {
    use paygen::payouts_v1::NewCashgram;
    let mock = MockServer::start().await.unwrap();
    let (url, inbox) = recorder(StatusCode::OK).await;
    mock.forward_webhooks_to(url).unwrap();
    let client = paygen::payouts_v1::Client::from_config(mock.payouts_v1_config()).unwrap();
    let expiry = mock.clock().now_ist().date_naive() + chrono::Duration::days(5);
    for id in ["wh-cg-1", "wh-cg-2"] {
        let created = client
            .create_cashgram_exactly_once(
                NewCashgram::new(
                    id,
                    "100.50".parse().unwrap(),
                    "John Doe",
                    "9876543210",
                    expiry,
                )
                .notify_customer(false),
            )
            .await
            .unwrap();
        assert!(
            matches!(created, paygen::payouts::CreateOutcome::Created(_)),
            "{created:?}"
        );
    }
    // wh-cg-1 is redeemed (REDEEMED 30 s later); wh-cg-2 is deactivated (EXPIRED).
    assert_eq!(
        mock.control("POST", "/payouts-v1/cashgrams/wh-cg-1/redeem", b"")
            .status,
        200
    );
    mock.clock().advance(Duration::from_secs(
        paygen::mock::state::payouts_v1::REDEMPTION_SETTLES_AFTER_SECS as u64,
    ));
    let status = client
        .get_cashgram_status()
        .cashgram_id("wh-cg-1")
        .send()
        .await
        .unwrap()
        .into_inner()
        .data
        .unwrap();
    client
        .deactivate_cashgram()
        .body(paygen::payouts_v1::types::DeactivateCashgramRequest {
            cashgram_id: "wh-cg-2".into(),
        })
        .send()
        .await
        .unwrap();
    let log = mock
        .webhooks()
        .wait_until(Duration::from_secs(10), |l| {
            l.iter().filter(|d| d.outcome == Outcome::Delivered).count() == 2
        })
        .await;
    assert!(
        log.iter().all(|d| d.outcome == Outcome::Delivered),
        "{log:?}"
    );
    let seen = inbox.lock().unwrap().clone();
    assert_eq!(seen.len(), 2, "{seen:?}");
    let secret = secret(&mock);
    let mut events = Vec::new();
    for delivery in &seen {
        assert_eq!(
            delivery.headers["content-type"],
            "application/x-www-form-urlencoded"
        );
        // Signed in the body, not in the headers.
        assert!(delivery.headers.get("x-webhook-signature").is_none());
        let fields = form_fields(&delivery.body);
        let field = |name: &str| {
            fields
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .unwrap_or_else(|| panic!("no {name} in {fields:?}"))
        };
        assert_eq!(
            field("signature"),
            documented_cashgram_signature(&secret, &fields),
            "{fields:?}"
        );
        // Any change to a field breaks it.
        let mut tampered = fields.clone();
        tampered[0].1.push('x');
        assert_ne!(
            field("signature"),
            documented_cashgram_signature(&secret, &tampered)
        );
        // The library's verifier accepts the delivery as received, types it, and refuses it
        // with one byte of a value changed.
        let verified = Verifier::new(secret.clone())
            .verify_and_parse(&delivery.headers, &delivery.body)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&delivery.body)));
        assert_eq!(
            verified.webhook.provider(),
            paygen::webhooks::Provider::CashfreePayoutsV1
        );
        let Event::Cashgram(typed) = verified.webhook.event() else {
            panic!("{:?}", verified.webhook.event())
        };
        assert_eq!(typed.event.as_str(), field("event"));
        assert_eq!(typed.cashgram_id, field("cashgramid"));
        let forged = String::from_utf8(delivery.body.to_vec()).unwrap().replacen(
            "cashgramid=wh-cg-",
            "cashgramid=wh-cg-9",
            1,
        );
        assert_eq!(
            Verifier::new(secret.clone())
                .verify_and_parse(&delivery.headers, forged.as_bytes())
                .unwrap_err(),
            paygen::webhooks::WebhookError::SignatureMismatch
        );
        let names: Vec<&str> = fields.iter().map(|(k, _)| k.as_str()).collect();
        events.push((field("event"), field("cashgramid"), names.len()));
        match field("event").as_str() {
            // The documented CASHGRAM_REDEEMED fields.
            "CASHGRAM_REDEEMED" => {
                let mut names = names.clone();
                names.sort_unstable();
                assert_eq!(
                    names,
                    [
                        "cashgramid",
                        "event",
                        "eventTime",
                        "referenceId",
                        "signature",
                        "utr"
                    ]
                );
                assert_eq!(
                    Some(field("referenceId")),
                    status.reference_id.as_ref().map(|r| r.to_string())
                );
                assert!(!field("utr").is_empty());
                assert!(
                    chrono::NaiveDateTime::parse_from_str(&field("eventTime"), "%Y-%m-%d %H:%M:%S")
                        .is_ok(),
                    "{}",
                    field("eventTime")
                );
            }
            // The documented CASHGRAM_EXPIRED fields.
            "CASHGRAM_EXPIRED" => {
                let mut names = names.clone();
                names.sort_unstable();
                assert_eq!(names, ["cashgramid", "event", "reason", "signature"]);
                assert_eq!(
                    field("reason"),
                    paygen::mock::state::payouts_v1::DEACTIVATED_REASON
                );
            }
            other => panic!("unexpected event {other}"),
        }
    }
    events.sort();
    assert_eq!(
        events
            .iter()
            .map(|(e, id, _)| (e.as_str(), id.as_str()))
            .collect::<Vec<_>>(),
        [
            ("CASHGRAM_EXPIRED", "wh-cg-2"),
            ("CASHGRAM_REDEEMED", "wh-cg-1")
        ]
    );
}

#[tokio::test]
async fn a_paid_payment_link_delivers_the_documented_link_event_signed_with_the_secret() {
    let mock = MockServer::start().await.unwrap();
    let (url, inbox) = recorder(StatusCode::OK).await;
    mock.forward_webhooks_to(url).unwrap();
    let client = Client::from_config(mock.config()).unwrap();
    let request: types::CreateLinkRequest = serde_json::from_value(json!({
        "link_id": "wh_link_1", "link_amount": 200.12, "link_currency": "INR",
        "link_purpose": "Payment for order 10", "link_partial_payments": true,
        "customer_details": {"customer_phone": "9000000000", "customer_name": "John"}
    }))
    .unwrap();
    client.create_link().body(request).send().await.unwrap();
    // The customer pays 55.00 of it, then the rest.
    let partly = mock.control("POST", "/pg/links/wh_link_1/pay", br#"{"amount": "55.00"}"#);
    assert_eq!(
        partly.status,
        200,
        "{}",
        String::from_utf8_lossy(&partly.body)
    );
    let all = mock.control("POST", "/pg/links/wh_link_1/pay", b"");
    assert_eq!(all.status, 200, "{}", String::from_utf8_lossy(&all.body));
    let paid = mock.control("POST", "/pg/links/wh_link_1/pay", b"");
    assert_eq!(paid.status, 400, "a PAID link takes no more payments");
    let link = client.get_link().link_id("wh_link_1").send().await.unwrap();
    assert_eq!(
        link.link_status.as_ref().map(|s| s.to_string()).as_deref(),
        Some("PAID")
    );

    let log = mock
        .webhooks()
        .wait_until(Duration::from_secs(10), |l| {
            l.iter()
                .filter(|d| d.event_type == "PAYMENT_LINK_EVENT" && d.outcome == Outcome::Delivered)
                .count()
                == 2
        })
        .await;
    let links: Vec<_> = log
        .iter()
        .filter(|d| d.event_type == "PAYMENT_LINK_EVENT")
        .collect();
    assert_eq!(links.len(), 2, "{log:?}");
    let verifier = Verifier::new(secret(&mock)).with_tolerance(Duration::from_secs(300));
    let seen: Vec<Seen> = inbox
        .lock()
        .unwrap()
        .iter()
        .filter(|d| String::from_utf8_lossy(&d.body).contains("PAYMENT_LINK_EVENT"))
        .cloned()
        .collect();
    assert_eq!(seen.len(), 2);
    let mut statuses = Vec::new();
    for delivery in &seen {
        let verified = verifier
            .verify_and_parse(&delivery.headers, &delivery.body)
            .unwrap();
        let Event::PaymentLink(event) = verified.webhook.event() else {
            panic!("not a link event: {:?}", verified.webhook.event());
        };
        let body: Value = serde_json::from_slice(&delivery.body).unwrap();
        // The envelope document 083 shows.
        assert_eq!(body["type"], "PAYMENT_LINK_EVENT");
        assert_eq!(body["version"], 1);
        assert!(body["event_time"].is_string());
        let data = &body["data"];
        for field in [
            "cf_link_id",
            "link_id",
            "link_status",
            "link_currency",
            "link_amount",
            "link_amount_paid",
            "link_partial_payments",
            "link_purpose",
            "link_created_at",
            "customer_details",
            "link_url",
            "link_expiry_time",
            "order",
        ] {
            assert!(data.get(field).is_some(), "{field} missing in {data}");
        }
        assert_eq!(data["link_amount"], "200.12");
        assert_eq!(data["order"]["transaction_status"], "SUCCESS");
        let order = event.data.order.clone().unwrap();
        statuses.push((
            event.data.link_status.as_ref().unwrap().to_string(),
            event.data.link_amount_paid.unwrap().to_string(),
            order.order_amount.unwrap().to_string(),
        ));
    }
    statuses.sort();
    assert_eq!(
        statuses,
        [
            (
                "PAID".to_string(),
                "200.12".to_string(),
                "145.12".to_string()
            ),
            (
                "PARTIALLY_PAID".to_string(),
                "55.00".to_string(),
                "55.00".to_string()
            ),
        ]
    );
    // Each payment is an order of the link, with its own payment webhook.
    let orders = client
        .get_link_orders()
        .link_id("wh_link_1")
        .send()
        .await
        .unwrap();
    assert_eq!(orders.len(), 2);
}

/// Document 083: "You will also be notified via the same webhook when the payment link gets
/// cancelled or expired", and `order` "Will be null for cancelled and expired link statuses".
#[tokio::test]
async fn a_cancelled_or_expired_payment_link_delivers_the_link_event_with_no_order() {
    let mock = MockServer::start().await.unwrap();
    let (url, inbox) = recorder(StatusCode::OK).await;
    mock.forward_webhooks_to(url).unwrap();
    let client = Client::from_config(mock.config()).unwrap();
    let expiry = (mock.clock().now() + chrono::Duration::hours(2))
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    for id in ["wh_link_cancel", "wh_link_expire"] {
        let request: types::CreateLinkRequest = serde_json::from_value(json!({
            "link_id": id, "link_amount": 10.25, "link_currency": "INR",
            "link_purpose": "cancel or expire", "link_expiry_time": expiry,
            "customer_details": {"customer_phone": "9000000000"}
        }))
        .unwrap();
        client.create_link().body(request).send().await.unwrap();
    }
    client
        .cancel_link()
        .link_id("wh_link_cancel")
        .send()
        .await
        .unwrap();
    mock.clock().advance(Duration::from_secs(3 * 3600));
    let expired = client
        .get_link()
        .link_id("wh_link_expire")
        .send()
        .await
        .unwrap();
    assert_eq!(
        expired
            .link_status
            .as_ref()
            .map(|s| s.to_string())
            .as_deref(),
        Some("EXPIRED")
    );
    // Read again: the expiry is notified once.
    client
        .get_link()
        .link_id("wh_link_expire")
        .send()
        .await
        .unwrap();
    let link_events = |l: &[paygen::mock::webhooks::DeliveryRecord]| {
        l.iter()
            .filter(|d| d.event_type == "PAYMENT_LINK_EVENT" && d.outcome == Outcome::Delivered)
            .count()
    };
    let log = mock
        .webhooks()
        .wait_until(Duration::from_secs(10), |l| link_events(l) >= 2)
        .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(link_events(&mock.webhooks().deliveries()), 2, "{log:?}");
    let verifier = Verifier::new(secret(&mock));
    let mut seen = Vec::new();
    for delivery in inbox.lock().unwrap().iter() {
        let verified = verifier
            .verify_and_parse(&delivery.headers, &delivery.body)
            .unwrap();
        let Event::PaymentLink(event) = verified.webhook.event() else {
            continue;
        };
        let body: Value = serde_json::from_slice(&delivery.body).unwrap();
        assert!(body["data"]["order"].is_null(), "{body}");
        assert_eq!(body["data"]["link_amount"], "10.25");
        assert!(event.data.order.is_none());
        seen.push((
            event.data.link_id.clone().unwrap().into_owned(),
            event.data.link_status.as_ref().unwrap().to_string(),
        ));
    }
    seen.sort();
    assert_eq!(
        seen,
        [
            ("wh_link_cancel".to_string(), "CANCELLED".to_string()),
            ("wh_link_expire".to_string(), "EXPIRED".to_string())
        ]
    );
}
