//! `MockServer::trigger` and `POST /__paygen/trigger`: every event the mock can make from its
//! state is produced by that state change, delivered by the mock's own webhook machinery,
//! signed as Cashfree signs it, and verifies with `paygen::webhooks`; the others are refused
//! with the reason.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use paygen::mock::trigger::{FROM_STATE, NOT_FROM_STATE};
use paygen::mock::webhooks::Outcome;
use paygen::mock::MockServer;
use paygen::webhooks::Verifier;
use serde_json::Value;

use crate::framework::http;

type Inbox = Arc<Mutex<Vec<(HeaderMap, Bytes)>>>;

/// A receiver on an ephemeral port that records every delivery and answers 200.
async fn receiver() -> (String, Inbox) {
    let inbox: Inbox = Arc::default();
    let app = Router::new()
        .route(
            "/hook",
            post(
                |State(inbox): State<Inbox>, headers: HeaderMap, body: Bytes| async move {
                    inbox.lock().unwrap().push((headers, body));
                    StatusCode::OK
                },
            ),
        )
        .with_state(inbox.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (url, inbox)
}

fn verifier(mock: &MockServer, event: &str) -> Verifier {
    let c = &mock.options().credentials;
    let key = if event.starts_with("INTERNATIONAL_") {
        c.partner_api_key.expose().to_string()
    } else {
        c.client_secret.expose().to_string()
    };
    Verifier::new(key).with_tolerance(Duration::from_secs(300))
}

#[tokio::test]
async fn every_event_the_mock_makes_from_state_is_delivered_signed_and_verifies() {
    let mock = MockServer::start().await.unwrap();
    let (url, inbox) = receiver().await;
    mock.forward_webhooks_to(url).unwrap();
    for event in FROM_STATE {
        let done = mock.trigger(event, None).unwrap();
        assert_eq!(done.event, *event);
        assert!(!done.created.is_empty(), "{event}: {done:?}");
        assert!(done.created.iter().all(|c| !c.id.is_empty()), "{done:?}");
        let ours = done
            .published
            .iter()
            .find(|p| p.event_type == *event)
            .unwrap_or_else(|| panic!("{event} was not published: {done:?}"));
        let log = mock
            .webhooks()
            .wait_until(Duration::from_secs(10), |log| {
                log.iter().any(|d| {
                    d.event_type == *event
                        && d.resource_id == ours.resource_id
                        && d.outcome == Outcome::Delivered
                })
            })
            .await;
        assert!(
            log.iter()
                .any(|d| d.event_type == *event && d.outcome == Outcome::Delivered),
            "{event}: {log:?}"
        );
        if event.starts_with("payin.") || event.starts_with("payout.") {
            continue; // unsigned, as the Payin & Payout document describes them
        }
        let deliveries = inbox.lock().unwrap().clone();
        let verified: Vec<String> = deliveries
            .iter()
            .filter_map(|(headers, body)| {
                verifier(&mock, event)
                    .verify_and_parse(headers, body)
                    .ok()
                    .map(|w| w.webhook.event_name().to_string())
            })
            .collect();
        assert!(
            verified.iter().any(|name| name == event),
            "{event} verifies with paygen::webhooks: {verified:?}"
        );
    }
    // The payin & payout events arrived with their documented names.
    let deliveries = inbox.lock().unwrap().clone();
    for event in [
        "payin.succeeded",
        "payin.failed",
        "payout.succeeded",
        "payout.failed",
    ] {
        assert!(
            deliveries.iter().any(|(_, body)| {
                serde_json::from_slice::<Value>(body).unwrap()["event"] == event
            }),
            "{event}"
        );
    }
}

#[tokio::test]
async fn the_control_api_triggers_delivers_to_forward_to_and_refuses_what_state_cannot_make() {
    let mock = MockServer::start().await.unwrap();
    let (registered, registered_inbox) = receiver().await;
    mock.forward_webhooks_to(registered).unwrap();
    let (extra, extra_inbox) = receiver().await;
    let answer = http()
        .post(format!("{}/__paygen/trigger", mock.url()))
        .body(format!(
            r#"{{"event":"dispute_created","forward_to":"{extra}"}}"#
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
    let done: Value = answer.json().await.unwrap();
    assert_eq!(done["event"], "DISPUTE_CREATED");
    assert_eq!(done["forwarded_to"], extra.as_str());
    let kinds: Vec<&str> = done["created"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["order", "payment", "dispute"]);
    let published: Vec<&str> = done["published"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["event_type"].as_str().unwrap())
        .collect();
    assert_eq!(published, ["PAYMENT_SUCCESS_WEBHOOK", "DISPUTE_CREATED"]);
    mock.webhooks()
        .wait_until(Duration::from_secs(10), |log| {
            log.iter()
                .filter(|d| d.outcome == Outcome::Delivered)
                .count()
                == 3
        })
        .await;
    // The registered endpoint gets both events; the trigger's own URL only the one asked for.
    assert_eq!(registered_inbox.lock().unwrap().len(), 2);
    let extra_seen = extra_inbox.lock().unwrap().clone();
    assert_eq!(extra_seen.len(), 1);
    let (headers, body) = &extra_seen[0];
    let verified = verifier(&mock, "DISPUTE_CREATED")
        .verify_and_parse(headers, body)
        .unwrap();
    assert_eq!(verified.webhook.event_name(), "DISPUTE_CREATED");
    let dispute_id = done["created"][2]["id"].as_str().unwrap();
    assert!(String::from_utf8_lossy(body).contains(dispute_id));

    // What no state change of the mock makes: refused, with the reason, and nothing created.
    let before = mock.webhooks().deliveries().len();
    for (event, why) in NOT_FROM_STATE {
        let answer = http()
            .post(format!("{}/__paygen/trigger", mock.url()))
            .body(format!(r#"{{"event":"{event}"}}"#))
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 422, "{event}");
        let body: Value = answer.json().await.unwrap();
        let message = body["message"].as_str().unwrap();
        assert!(
            message.contains(event) && message.contains(why),
            "{message}"
        );
    }
    let unknown = mock.trigger("NO_SUCH_EVENT", None).unwrap_err();
    assert!(
        unknown.to_string().contains("paygen trigger --list"),
        "{unknown}"
    );
    let bad_url = mock
        .trigger("PAYMENT_SUCCESS_WEBHOOK", Some("ftp://nope"))
        .unwrap_err();
    assert_eq!(bad_url.status(), 400);
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(mock.webhooks().deliveries().len(), before);
}
