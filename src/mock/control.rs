//! The control API, under the reserved prefix `/__paygen` (no Cashfree path starts with it):
//!
//! | request | does |
//! |---|---|
//! | `GET /__paygen/clock` | `{"now": RFC 3339, "offset_seconds": N}` |
//! | `POST /__paygen/clock/advance` `{"seconds": N}` | moves the clock forward, answers as above |
//! | `POST /__paygen/reset` | empties all state, tokens, idempotency keys and the log; real time again |
//! | `GET /__paygen/requests` | the request log, oldest first |
//! | `GET /__paygen/families` | each family's spec, title and base path |
//! | `POST /__paygen/trigger` `{"event": …, "forward_to": …}` | makes the state change that produces one documented webhook event ([`trigger`](super::trigger)); answers what it created and published |
//! | `POST /__paygen/pg/disputes` `{"cf_payment_id": …}` | opens a dispute on a successful PG payment |
//! | `POST /__paygen/pg/links/{link_id}/pay` `{"amount": …}` (optional) | the customer pays an ACTIVE or PARTIALLY_PAID payment link (`PAYMENT_LINK_EVENT`) |
//! | `GET /__paygen/webhooks` | endpoints, queued count and the delivery log ([`webhooks`](super::webhooks)) |
//! | `GET /__paygen/webhooks/deliveries` | the delivery log, one record per attempt |
//! | `GET`, `POST`, `DELETE /__paygen/webhooks/endpoints` | list, add `{"url": …, "version": …}`, remove all |
//! | `GET`, `POST`, `DELETE /__paygen/faults` | list armed faults, arm one ([`Fault`](super::Fault) as JSON), disarm all |
//! | `POST /__paygen/payouts-v1/cashgrams/{cashgramId}/redeem` | the recipient redeems an ACTIVE Cashgram |
//! | `POST /__paygen/payin-payout/payins/{order_id}/pay` `{"status": "Approved"\|"Rejected"}` | the customer pays a Pending payin |
//!
//! The same is available from Rust on [`MockServer`](super::MockServer).

use http::Method;
use serde::Deserialize;
use serde_json::json;

use super::answer::{Answer, Dialect, Refusal};
use super::families::MOUNTS;
use super::server::Inner;

/// The reserved path prefix.
pub const PREFIX: &str = "/__paygen";

#[derive(Deserialize)]
struct Trigger {
    event: String,
    forward_to: Option<String>,
}

#[derive(Deserialize)]
struct Advance {
    seconds: u64,
}

fn clock(inner: &Inner) -> Answer {
    Answer::ok(&json!({
        "now": inner.clock.now().to_rfc3339(),
        "offset_seconds": inner.clock.offset().as_secs(),
    }))
}

/// Answers a control request (`rest` is the path after [`PREFIX`]).
pub fn handle(inner: &Inner, method: &Method, rest: &str, body: &[u8]) -> Answer {
    match (method.as_str(), rest.trim_end_matches('/')) {
        ("GET", "/clock") => clock(inner),
        ("POST", "/clock/advance") => match serde_json::from_slice::<Advance>(body) {
            Ok(a) => {
                inner
                    .clock
                    .advance(std::time::Duration::from_secs(a.seconds));
                clock(inner)
            }
            Err(e) => Dialect::Common.answer(&Refusal::invalid(
                "request_invalid",
                format!("clock/advance takes {{\"seconds\": N}} (a whole number of seconds): {e}"),
            )),
        },
        ("POST", "/reset") => {
            inner.reset();
            Answer::ok(&json!({"reset": true}))
        }
        ("GET", "/requests") => Answer::ok(&inner.log.snapshot()),
        ("POST", "/trigger") => match serde_json::from_slice::<Trigger>(body) {
            Ok(t) => match super::trigger::trigger(inner, &t.event, t.forward_to.as_deref()) {
                Ok(done) => Answer::ok(&done),
                Err(e) => {
                    let status = e.status();
                    Dialect::Common.answer(&Refusal::new(
                        status,
                        "trigger_failed",
                        "invalid_request_error",
                        e.to_string(),
                    ))
                }
            },
            Err(e) => Dialect::Common.answer(&Refusal::invalid(
                "request_invalid",
                format!("trigger takes {{\"event\": \"PAYMENT_SUCCESS_WEBHOOK\", \"forward_to\": \"http://…\" (optional)}}: {e}"),
            )),
        },
        ("GET", "/families") => Answer::ok(
            &MOUNTS
                .iter()
                .map(|m| json!({"spec": m.info.spec, "title": m.info.title, "base_path": m.prefix}))
                .collect::<Vec<_>>(),
        ),
        (m, path) => {
            if let Some(answer) = inner
                .webhooks
                .control(m, path, body)
                .or_else(|| super::faults::control(&inner.faults, m, path, body))
            {
                return answer;
            }
            if let Some(answer) = inner.family_control(m, path, body) {
                return answer;
            }
            Dialect::Common.answer(&Refusal::not_found(
                "request_failed",
                format!(
                "no control endpoint {method} {PREFIX}{rest}: use GET /clock, POST /clock/advance, \
                 POST /reset, GET /requests, GET /families, POST /trigger, GET /webhooks, GET /webhooks/deliveries, \
                 GET|POST|DELETE /webhooks/endpoints, GET|POST|DELETE /faults, or a family's own (POST /pg/disputes)"
            ),
            ))
        }
    }
}
