//! The axum extractors, through a real Router: 200 for a verified delivery, 401 for
//! authentication failures, 400 for bodies that are not webhooks.

#![cfg(feature = "axum")]

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::body::{to_bytes, Body};
use axum::http::{Request, StatusCode};
use axum::routing::post;
use axum::Router;
use paygen::webhooks::axum::{CashfreeWebhook, UnsignedWebhook};
use paygen::webhooks::{sign, Event, Verifier};
use tower::ServiceExt;

const SECRET: &str = "whsec_axum_test";

async fn receive(CashfreeWebhook(delivery): CashfreeWebhook) -> String {
    let kind = match delivery.webhook.event() {
        Event::Payment(_) => "payment",
        Event::PaymentLink(_) => "payment-link",
        Event::Unknown(_) => "unknown",
        _ => "other",
    };
    format!(
        "{kind} {} {}",
        delivery.webhook.event_name(),
        delivery.dedup_key()
    )
}

async fn receive_unsigned(UnsignedWebhook(webhook): UnsignedWebhook) -> String {
    format!("{} {}", webhook.provider(), webhook.event_name())
}

fn app(verifier: Verifier) -> Router {
    Router::new()
        .route("/cashfree", post(receive))
        .route("/payin-payout", post(receive_unsigned))
        .with_state(verifier)
}

fn now_ms() -> String {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis()
        .to_string()
}

fn delivery(body: &[u8], ts: &str, signature: Option<&str>, content_type: &str) -> Request<Body> {
    let mut r = Request::post("/cashfree")
        .header("content-type", content_type)
        .header("x-webhook-timestamp", ts);
    if let Some(sig) = signature {
        r = r.header("x-webhook-signature", sig);
    }
    r.header("x-idempotency-key", "idem-1")
        .body(Body::from(body.to_vec()))
        .unwrap()
}

async fn call(app: Router, req: Request<Body>) -> (StatusCode, String) {
    let res = app.oneshot(req).await.unwrap();
    let status = res.status();
    let body = to_bytes(res.into_body(), 1 << 20).await.unwrap();
    (status, String::from_utf8(body.to_vec()).unwrap())
}

fn verifier() -> Verifier {
    Verifier::new(SECRET).with_tolerance(Duration::from_secs(300))
}

#[tokio::test]
async fn a_signed_delivery_is_answered_200() {
    let body = std::fs::read("src/webhooks/samples/pg.payment_success.2025-01-01.json").unwrap();
    let ts = now_ms();
    let sig = sign(&SECRET.into(), &ts, &body);
    let (status, text) = call(
        app(verifier()),
        delivery(&body, &ts, Some(&sig), "application/json"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert_eq!(text, "payment PAYMENT_SUCCESS_WEBHOOK idem-1");
}

#[tokio::test]
async fn a_form_data_payment_link_delivery_is_answered_200() {
    let body = std::fs::read("src/webhooks/samples/link.payment_link_event.form.txt").unwrap();
    let ts = now_ms();
    let sig = sign(&SECRET.into(), &ts, &body);
    let req = delivery(&body, &ts, Some(&sig), "application/x-www-form-urlencoded");
    let (status, text) = call(app(verifier()), req).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert!(
        text.starts_with("payment-link PAYMENT_LINK_EVENT"),
        "{text}"
    );
}

#[tokio::test]
async fn authentication_failures_are_answered_401_with_the_reason() {
    let body = br#"{"data":{},"type":"PAYMENT_FAILED_WEBHOOK"}"#;
    let ts = now_ms();
    let good = sign(&SECRET.into(), &ts, body);
    let cases: Vec<(Request<Body>, &str)> = vec![
        (
            delivery(body, &ts, None, "application/json"),
            "missing header `x-webhook-signature`",
        ),
        (
            delivery(
                body,
                &ts,
                Some(&sign(&"other".into(), &ts, body)),
                "application/json",
            ),
            "signature does not match",
        ),
        (
            delivery(
                br#"{"data":{},"type":"PAYMENT_SUCCESS_WEBHOOK"}"#,
                &ts,
                Some(&good),
                "application/json",
            ),
            "signature does not match",
        ),
        (
            delivery(
                body,
                "1746427759733",
                Some(&sign(&SECRET.into(), "1746427759733", body)),
                "application/json",
            ),
            "late delivery or replay",
        ),
        (
            delivery(body, "today", Some(&good), "application/json"),
            "timestamp `today`",
        ),
        (
            delivery(body, &ts, Some("%%%"), "application/json"),
            "not base64",
        ),
        (
            Request::post("/cashfree")
                .body(Body::from(body.to_vec()))
                .unwrap(),
            "missing header `x-webhook-signature`",
        ),
    ];
    for (req, reason) in cases {
        let (status, text) = call(app(verifier()), req).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{text}");
        assert!(text.contains(reason), "{text} should say {reason}");
    }
}

#[tokio::test]
async fn bodies_that_are_not_webhooks_are_answered_400() {
    let ts = now_ms();
    for (body, reason) in [
        (&b"not json"[..], "not JSON"),
        (b"[1,2,3]", "not an object"),
        (
            br#"{"type":"DISPUTE_CREATED","data":"x"}"#,
            "not the documented shape",
        ),
    ] {
        let sig = sign(&SECRET.into(), &ts, body);
        let (status, text) = call(
            app(verifier()),
            delivery(body, &ts, Some(&sig), "application/json"),
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{text}");
        assert!(text.contains(reason), "{text} should say {reason}");
    }
    // An unknown event is not an error.
    let body = br#"{"type":"SETTLEMENT_WEBHOOK","data":{}}"#;
    let sig = sign(&SECRET.into(), &ts, body);
    let (status, text) = call(
        app(verifier()),
        delivery(body, &ts, Some(&sig), "application/json"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(text.starts_with("unknown SETTLEMENT_WEBHOOK"), "{text}");
}

#[tokio::test]
async fn an_unconfigured_secret_is_a_500_that_explains_nothing_to_the_caller() {
    let body = br#"{"data":{},"type":"PAYMENT_FAILED_WEBHOOK"}"#;
    let ts = now_ms();
    let sig = sign(&"".into(), &ts, body);
    let (status, text) = call(
        app(Verifier::new("")),
        delivery(body, &ts, Some(&sig), "application/json"),
    )
    .await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(text, "webhook receiver is not configured");
}

#[tokio::test]
async fn the_unsigned_extractor_parses_payin_payout_deliveries() {
    let body = std::fs::read("src/webhooks/samples/pp.payin_succeeded.json").unwrap();
    let req = Request::post("/payin-payout")
        .header("content-type", "application/json")
        .body(Body::from(body))
        .unwrap();
    let (status, text) = call(app(verifier()), req).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert_eq!(text, "payin-payout payin.succeeded");
    let req = Request::post("/payin-payout")
        .body(Body::from("{oops"))
        .unwrap();
    let (status, text) = call(app(verifier()), req).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(text.contains("not JSON"), "{text}");
}
