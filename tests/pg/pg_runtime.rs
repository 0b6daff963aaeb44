//! The runtime, proven on the wire with the PG client: headers, exact bodies, validation before
//! sending, error mapping, retries that never re-send what is unsafe, and secrets that never print.
#![cfg(feature = "pg")]

use crate::common;

use std::time::Duration;

use common::{header, only_request, pg, CLIENT_ID, CLIENT_SECRET};
use paygen::pg::types;
use paygen::pg::{ErrorCode, ErrorType};
use paygen::{Amount, Config, Credentials, Environment, Error, RetryConfig};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn order_request(amount: &str) -> types::builder::CreateOrderRequest {
    types::CreateOrderRequest::builder()
        .order_id(Some("order_42".to_string()))
        .order_amount(amount.parse::<Amount>().unwrap())
        .order_currency("INR")
        .customer_details(
            types::CustomerDetails::builder()
                .customer_id("7112AAA812234")
                .customer_phone("9898989898"),
        )
}

fn order_response() -> serde_json::Value {
    json!({
        "cf_order_id": "2149460581",
        "order_id": "order_42",
        "entity": "order",
        "order_currency": "INR",
        "order_amount": 100.50,
        "order_status": "ACTIVE",
        "payment_session_id": "session_abc",
        "order_expiry_time": "2023-09-09T18:02:46+05:30",
        "customer_details": {"customer_id": "7112AAA812234", "customer_phone": "9898989898"}
    })
}

#[tokio::test]
async fn create_order_sends_exactly_the_documented_request() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/orders"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            order_response().to_string().replace("100.5", "100.50"),
            "application/json",
        ))
        .mount(&server)
        .await;
    let order = pg(&server)
        .create_order()
        .body(order_request("100.50"))
        .send()
        .await
        .unwrap();
    assert_eq!(order.order_amount.unwrap().to_string(), "100.50");
    assert_eq!(order.cf_order_id.as_ref().unwrap().as_str(), "2149460581");

    let req = only_request(&server).await;
    assert_eq!(
        String::from_utf8(req.body.clone()).unwrap(),
        r#"{"customer_details":{"customer_id":"7112AAA812234","customer_phone":"9898989898"},"order_amount":100.50,"order_currency":"INR","order_id":"order_42"}"#
    );
    assert_eq!(header(&req, "x-client-id"), Some(CLIENT_ID));
    assert_eq!(header(&req, "x-client-secret"), Some(CLIENT_SECRET));
    assert_eq!(header(&req, "x-api-version"), Some("2025-01-01"));
    assert_eq!(header(&req, "content-type"), Some("application/json"));
    assert!(
        header(&req, "api-version").is_none(),
        "progenitor's api-version header must not leak"
    );
    assert!(header(&req, "x-idempotency-key").is_none());
    let request_id = header(&req, "x-request-id").expect("a request id is generated");
    assert_eq!(request_id.len(), 36, "a UUID: {request_id}");
    assert!(header(&req, "user-agent")
        .unwrap()
        .starts_with("paygen-rust/"));
}

/// A builder keeps a typed body as given; `body_map` edits it through the builder form, also
/// when no body was given; and a body never given is refused naming its first missing field.
#[tokio::test]
async fn a_body_is_sent_as_given_changed_by_body_map_or_refused_when_missing() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/orders"))
        .respond_with(ResponseTemplate::new(200).set_body_json(order_response()))
        .mount(&server)
        .await;
    let client = pg(&server);
    let typed: types::CreateOrderRequest = order_request("100.50").try_into().unwrap();
    client
        .create_order()
        .body(typed)
        .body_map(|b| b.order_note(Some("gift".to_string())))
        .send()
        .await
        .unwrap();
    client
        .create_order()
        .body_map(|_| order_request("1.00"))
        .send()
        .await
        .unwrap();
    let sent: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| String::from_utf8(r.body.clone()).unwrap())
        .collect();
    assert_eq!(sent.len(), 2);
    assert!(sent[0].contains(r#""order_note":"gift""#), "{}", sent[0]);
    assert!(sent[0].contains(r#""order_amount":100.50"#), "{}", sent[0]);
    assert!(sent[1].contains(r#""order_amount":1.00"#), "{}", sent[1]);
    assert!(!sent[1].contains("order_note"), "{}", sent[1]);

    let err = client.create_order().send().await.unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, Error::Validation(_)), "{err:?}");
    assert!(
        text.contains("create_order") && text.contains("body"),
        "{text}"
    );
    assert!(text.contains("no value supplied for"), "{text}");
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        2,
        "nothing more was sent"
    );
}

#[tokio::test]
async fn caller_request_id_idempotency_key_and_api_version_win() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/orders/order_42"))
        .respond_with(ResponseTemplate::new(200).set_body_json(order_response()))
        .mount(&server)
        .await;
    let client =
        paygen::pg::Client::from_config(common::config(&server).with_api_version("2023-08-01"))
            .unwrap();
    client
        .get_order()
        .order_id("order_42")
        .x_request_id("req-123")
        .x_idempotency_key("idem-1")
        .send()
        .await
        .unwrap();
    let req = only_request(&server).await;
    assert_eq!(header(&req, "x-request-id"), Some("req-123"));
    assert_eq!(header(&req, "x-idempotency-key"), Some("idem-1"));
    assert_eq!(header(&req, "x-api-version"), Some("2023-08-01"));
}

#[tokio::test]
async fn partner_credentials_travel_as_partner_headers() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(order_response()))
        .mount(&server)
        .await;
    let config = Config::new(
        Environment::custom(server.uri()),
        Credentials::partner("partner-key", "merchant-7"),
    );
    let client = paygen::pg::Client::from_config(config).unwrap();
    client
        .get_order()
        .order_id("order_42")
        .send()
        .await
        .unwrap();
    let req = only_request(&server).await;
    assert_eq!(header(&req, "x-partner-apikey"), Some("partner-key"));
    assert_eq!(header(&req, "x-partner-merchantid"), Some("merchant-7"));
    assert!(header(&req, "x-client-id").is_none());
    assert!(header(&req, "x-client-secret").is_none());
}

#[tokio::test]
async fn documented_rules_are_checked_before_sending() {
    let server = MockServer::start().await;
    let client = pg(&server);
    let cases = [
        ("0.50", "order_amount", "at least 1"),
        ("10.155", "order_amount", "2 decimal places"),
    ];
    for (amount, field, words) in cases {
        let err = client
            .create_order()
            .body(order_request(amount))
            .send()
            .await
            .unwrap_err();
        let err = err;
        let Error::Validation(v) = &err else {
            panic!("expected a validation error, got {err:?}")
        };
        assert_eq!(v.field.as_deref(), Some(field));
        assert!(v.message.contains(words), "{v}");
        assert!(err.to_string().contains("not sent"), "{err}");
    }
    let short_phone = types::CreateOrderRequest::builder()
        .order_amount(Amount::from(10))
        .order_currency("INR")
        .customer_details(
            types::CustomerDetails::builder()
                .customer_id("cust_1")
                .customer_phone("12345"),
        );
    let err = client
        .create_order()
        .body(short_phone)
        .send()
        .await
        .unwrap_err();
    let Error::Validation(v) = err else { panic!() };
    assert_eq!(v.field.as_deref(), Some("customer_details.customer_phone"));
    assert!(
        server.received_requests().await.unwrap().is_empty(),
        "nothing was sent"
    );
}

#[tokio::test]
async fn documented_error_statuses_map_to_typed_errors() {
    let cases = [
        (400, "order_amount_invalid", "invalid_request_error"),
        (401, "authentication_error", "authentication_error"),
        (404, "order_not_found", "invalid_request_error"),
        (409, "order_already_exists", "invalid_request_error"),
        (422, "request_failed", "idempotency_error"),
        (429, "request_failed", "rate_limit_error"),
        (500, "request_failed", "api_error"),
        (502, "request_failed", "bad_gateway_error"),
    ];
    for (status, code, kind) in cases {
        let server = MockServer::start().await;
        let body = json!({"message": format!("failure {status}"), "code": code, "type": kind, "help": "see the docs"});
        Mock::given(method("POST"))
            .respond_with(
                ResponseTemplate::new(status)
                    .set_body_json(body.clone())
                    .insert_header("x-ratelimit-limit", "200")
                    .insert_header("x-ratelimit-remaining", "0")
                    .insert_header("x-ratelimit-retry", "30"),
            )
            .mount(&server)
            .await;
        let err = pg(&server)
            .create_order()
            .body(order_request("10"))
            .send()
            .await
            .unwrap_err();
        let api = err.as_api().unwrap_or_else(|| panic!("{status}: {err:?}"));
        assert_eq!(api.status, status);
        assert_eq!(api.code.as_deref(), Some(code));
        assert_eq!(ErrorType::of(api), Some(ErrorType::from(kind)));
        assert!(ErrorType::of(api).unwrap().is_known());
        assert_eq!(api.message, format!("failure {status}"));
        assert_eq!(api.help.as_deref(), Some("see the docs"));
        assert_eq!(api.rate_limit.limit, Some(200));
        assert_eq!(api.rate_limit.retry, Some(30));
        assert_eq!(
            serde_json::from_slice::<serde_json::Value>(&api.raw_body).unwrap(),
            body
        );
        let sent = only_request(&server).await;
        assert_eq!(api.request_id.as_deref(), header(&sent, "x-request-id"));
        assert_eq!(err.request_id(), api.request_id.as_deref());
        assert_eq!(
            api.attempts, 1,
            "a POST without an idempotency key is sent once"
        );
        assert!(err.to_string().contains(&format!("HTTP {status}")));
    }
}

#[tokio::test]
async fn a_body_that_is_not_json_is_still_a_clear_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(502).set_body_raw("<html>Bad Gateway</html>", "text/html"),
        )
        .mount(&server)
        .await;
    let client = paygen::pg::Client::from_config(
        common::config(&server).with_retry(RetryConfig::disabled()),
    )
    .unwrap();
    let err = client.get_order().order_id("o1").send().await.unwrap_err();
    let api = err.as_api().expect("an API error");
    assert_eq!(api.status, 502);
    assert!(api.message.contains("not JSON"), "{}", api.message);
    assert_eq!(api.body_text(), "<html>Bad Gateway</html>");
    assert!(api.code.is_none());

    let empty = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&empty)
        .await;
    let client =
        paygen::pg::Client::from_config(common::config(&empty).with_retry(RetryConfig::disabled()))
            .unwrap();
    let err = client.get_order().order_id("o1").send().await.unwrap_err();
    assert!(err.as_api().unwrap().message.contains("no body"));
}

#[tokio::test]
async fn unknown_error_types_and_codes_are_kept() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(400).set_body_json(
            json!({"message": "m", "code": "brand_new_code", "type": "brand_new_type"}),
        ))
        .mount(&server)
        .await;
    let err = pg(&server)
        .get_order()
        .order_id("o")
        .send()
        .await
        .unwrap_err();
    let api = err.as_api().unwrap();
    assert_eq!(
        ErrorType::of(api),
        Some(ErrorType::Unknown("brand_new_type".into()))
    );
    assert_eq!(ErrorCode::of(api).unwrap().as_str(), "brand_new_code");
    assert!(!ErrorCode::of(api).unwrap().is_known());
}

#[tokio::test]
async fn idempotent_calls_are_retried_on_502_503_504() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(order_response()))
        .mount(&server)
        .await;
    let order = pg(&server)
        .get_order()
        .order_id("order_42")
        .send()
        .await
        .unwrap();
    assert_eq!(order.order_id.as_deref(), Some("order_42"));
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 3);
    let ids: Vec<_> = received
        .iter()
        .map(|r| header(r, "x-request-id").unwrap().to_string())
        .collect();
    assert!(
        ids.windows(2).all(|w| w[0] == w[1]),
        "one request id across attempts: {ids:?}"
    );
}

#[tokio::test]
async fn retries_stop_at_the_configured_attempts() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(504))
        .mount(&server)
        .await;
    let err = pg(&server)
        .get_order()
        .order_id("o")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.as_api().unwrap().attempts, 3);
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn a_post_without_an_idempotency_key_is_never_sent_twice() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let err = pg(&server)
        .create_order()
        .body(order_request("10"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert!(err.is_retryable());
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_post_with_an_idempotency_key_is_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(502))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(order_response()))
        .mount(&server)
        .await;
    pg(&server)
        .create_order()
        .x_idempotency_key("k-1")
        .body(order_request("10"))
        .send()
        .await
        .unwrap();
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 2);
    assert!(received
        .iter()
        .all(|r| header(r, "x-idempotency-key") == Some("k-1")));
    assert_eq!(
        received[0].body, received[1].body,
        "the same bytes both times"
    );
}

#[tokio::test]
async fn money_moving_calls_are_never_resent_even_with_a_key() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let body = types::OrderCreateRefundRequest::builder()
        .refund_amount("10.00".parse::<Amount>().unwrap())
        .refund_id("refund_1");
    let err = pg(&server)
        .create_refund()
        .order_id("order_42")
        .x_idempotency_key("k-2")
        .body(body)
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn rate_limits_wait_as_documented_then_retry() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("x-ratelimit-retry", "1"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(order_response()))
        .mount(&server)
        .await;
    let started = std::time::Instant::now();
    pg(&server).get_order().order_id("o").send().await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "waited x-ratelimit-retry seconds"
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_rate_limit_wait_longer_than_allowed_returns_the_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("x-ratelimit-remaining", "0")
                .insert_header("x-ratelimit-reset", "45")
                .set_body_json(json!({"message": "too many requests", "code": "request_failed", "type": "rate_limit_error"})),
        )
        .mount(&server)
        .await;
    let err = pg(&server)
        .get_order()
        .order_id("o")
        .send()
        .await
        .unwrap_err();
    let api = err.as_api().unwrap();
    assert_eq!(api.status, 429);
    assert_eq!(api.rate_limit.remaining, Some(0));
    assert_eq!(api.rate_limit.reset, Some(45));
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn no_connection_is_a_transport_error_with_the_request_id() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let config = Config::new(
        Environment::custom(url),
        Credentials::merchant(CLIENT_ID, CLIENT_SECRET),
    )
    .with_retry(
        RetryConfig::default().with_backoff(Duration::from_millis(1), Duration::from_millis(2)),
    );
    let client = paygen::pg::Client::from_config(config).unwrap();
    let err = client
        .get_order()
        .order_id("o")
        .x_request_id("rid-9")
        .send()
        .await
        .unwrap_err();
    let Error::Transport(t) = &err else {
        panic!("{err:?}")
    };
    assert!(t.connect);
    assert_eq!(t.attempts, 3, "a GET is retried on connect errors");
    assert_eq!(err.request_id(), Some("rid-9"));
    assert!(!err.to_string().contains(CLIENT_SECRET));
}

#[tokio::test]
async fn a_slow_server_times_out_and_a_post_is_not_resent() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_delay(Duration::from_secs(3))
                .set_body_json(order_response()),
        )
        .mount(&server)
        .await;
    let client = paygen::pg::Client::from_config(
        common::config(&server).with_timeout(Duration::from_millis(300)),
    )
    .unwrap();
    let err = client
        .create_order()
        .body(order_request("10"))
        .send()
        .await
        .unwrap_err();
    let Error::Transport(t) = &err else {
        panic!("{err:?}")
    };
    assert!(t.timeout);
    assert!(err.to_string().contains("look it up"), "{err}");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn secrets_never_print() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"message": "authentication Failed", "code": "authentication_error", "type": "authentication_error"})))
        .mount(&server)
        .await;
    let config = common::config(&server);
    let client = paygen::pg::Client::from_config(config.clone()).unwrap();
    let err = client.get_order().order_id("o").send().await.unwrap_err();
    for text in [
        format!("{config:?}"),
        format!("{client:?}"),
        format!("{err:?}"),
        err.to_string(),
    ] {
        assert!(!text.contains(CLIENT_SECRET), "secret leaked in {text}");
    }
    let partner = Credentials::partner("partner-secret-key", "m");
    assert!(!format!("{partner:?}").contains("partner-secret-key"));
}

#[tokio::test]
async fn order_pay_carries_no_credentials() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/orders/sessions"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"payment_amount": 1.00, "cf_payment_id": 12376123, "payment_method": "upi", "channel": "link",
                "action": "custom", "data": {"url": null, "payload": {"default": "upi://pay"}, "content_type": null, "method": null}}"#,
            "application/json",
        ))
        .mount(&server)
        .await;
    let body: types::PayOrderRequest = serde_json::from_value(json!({
        "payment_session_id": "session_abc",
        "payment_method": {"upi": {"channel": "link"}}
    }))
    .unwrap();
    let paid = pg(&server).pay_order().body(body).send().await.unwrap();
    assert_eq!(paid.payment_amount.unwrap().to_string(), "1.00");
    let req = only_request(&server).await;
    for h in [
        "x-client-id",
        "x-client-secret",
        "x-partner-apikey",
        "x-partner-merchantid",
        "api-version",
    ] {
        assert!(
            header(&req, h).is_none(),
            "{h} must not be sent on order pay"
        );
    }
    assert_eq!(header(&req, "x-api-version"), Some("2025-01-01"));
}

#[test]
fn the_environments_are_the_documented_hosts() {
    let family = &paygen::pg::FAMILY;
    assert_eq!(
        family.base_url(&Environment::Sandbox).unwrap(),
        "https://sandbox.cashfree.com/pg"
    );
    assert_eq!(
        family.base_url(&Environment::Production).unwrap(),
        "https://api.cashfree.com/pg"
    );
    assert_eq!(
        family
            .base_url(&Environment::custom("http://localhost:9/pg/"))
            .unwrap(),
        "http://localhost:9/pg"
    );
    assert_eq!(family.api_version, "2025-01-01");
}

#[tokio::test]
async fn clients_for_different_merchants_live_side_by_side() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(order_response()))
        .mount(&server)
        .await;
    let merchant = |id: &str| {
        paygen::pg::Client::from_config(Config::new(
            Environment::custom(server.uri()),
            Credentials::merchant(id, format!("secret-of-{id}")),
        ))
        .unwrap()
    };
    let (a, b) = (merchant("merchant_a"), merchant("merchant_b"));
    let calls = (0..10usize).map(|i| {
        let client = if i.is_multiple_of(2) {
            a.clone()
        } else {
            b.clone()
        };
        async move {
            client
                .get_order()
                .order_id(format!("order_{i}"))
                .send()
                .await
                .unwrap()
        }
    });
    futures::future::join_all(calls).await;
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 10);
    for r in &received {
        let i: usize = r
            .url
            .path()
            .trim_start_matches("/orders/order_")
            .parse()
            .unwrap();
        let expected = if i.is_multiple_of(2) {
            "merchant_a"
        } else {
            "merchant_b"
        };
        assert_eq!(header(r, "x-client-id"), Some(expected));
        assert_eq!(
            header(r, "x-client-secret"),
            Some(format!("secret-of-{expected}").as_str())
        );
    }
}

#[tokio::test]
async fn max_in_flight_queues_concurrent_calls() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_delay(Duration::from_millis(200))
                .set_body_json(order_response()),
        )
        .mount(&server)
        .await;
    let client =
        paygen::pg::Client::from_config(common::config(&server).with_max_in_flight(1)).unwrap();
    let started = std::time::Instant::now();
    let calls = (0..3).map(|i| client.get_order().order_id(format!("order_{i}")).send());
    for result in futures::future::join_all(calls).await {
        result.unwrap();
    }
    // One at a time: three 200 ms answers take at least 600 ms (concurrently they take ~200 ms).
    assert!(
        started.elapsed() >= Duration::from_millis(590),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn nothing_the_server_sends_is_lost() {
    let server = MockServer::start().await;
    let body = r#"{"order_id":"order_42","order_amount":100.50,"brand_new_field":{"x":[1,2]}}"#;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(body, "application/json")
                .insert_header("x-ratelimit-remaining", "41"),
        )
        .mount(&server)
        .await;
    let order = pg(&server)
        .get_order()
        .order_id("order_42")
        .send()
        .await
        .unwrap();
    assert_eq!(order.order_id.as_deref(), Some("order_42"));
    assert_eq!(order.status(), 200);
    assert_eq!(order.headers()["x-ratelimit-remaining"], "41");
    // A field the spec does not list is not in the typed value, but the raw body keeps it.
    assert_eq!(order.raw_body(), body.as_bytes());
    assert_eq!(order.body_json().unwrap()["brand_new_field"]["x"][1], 2);
    let (typed, raw) = order.into_parts();
    assert_eq!(typed.order_amount.unwrap().to_string(), "100.50");
    assert_eq!(raw, body.as_bytes());
}
