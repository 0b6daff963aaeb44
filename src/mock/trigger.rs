//! Producing one documented webhook event from the mock's own state: what
//! `paygen trigger EVENT --mock URL` asks a running mock for (`POST /__paygen/trigger`), and
//! [`MockServer::trigger`](super::MockServer::trigger) from Rust.
//!
//! Each event is made by the state change Cashfree sends it for, performed by the families'
//! own state rules (the same code a client's request reaches, without its auth): a fresh order
//! paid with the sandbox's UPI test ids for the payment events, a dispute opened on a paid
//! order (and accepted, for `DISPUTE_UPDATED`), a payment link created and paid, an import
//! payment recorded (and verified with the sandbox's test values, then settled, for
//! `ICA_SETTLEMENT_UPDATE`), a Global Collections payment simulated, a payin link created and
//! paid, a payout initiated and settled by the clock. The mock's webhook machinery then
//! delivers the event as it delivers every other: signed with the mock's secret, to its
//! endpoints, in its delivery log; with `forward_to`, also to that URL.
//!
//! A trigger changes the mock's state as a client would (`ICA_SETTLEMENT_UPDATE` settles every
//! verified import payment not yet settled; `payout.*` moves the clock 30 s). Every id it
//! creates starts with `trg_` and is unique, so the delivery log can be read for
//! exactly these events. Events whose state change no operation or control of the mock
//! performs are refused with the reason ([`NOT_FROM_STATE`]): use standalone
//! `paygen trigger EVENT` (the documented sample) for those.

use std::time::Duration;

use http::{HeaderMap, HeaderValue};
use serde::Serialize;
use serde_json::Value;

use super::answer::Answer;
use super::events::MockEvent;
use super::families::{Family, Mount};
use super::server::Inner;
use super::state::{self, collect_from_india, global_collections, payin_payout, payouts_v1, pg};
use super::webhooks::{Endpoint, WebhookConfigError};

/// The events `paygen::webhooks::samples` knows that the mock cannot produce from its state,
/// each with the reason.
pub const NOT_FROM_STATE: &[(&str, &str)] = &[
    (
        "DISPUTE_CLOSED",
        "Cashfree closes a dispute after its own review; no operation or mock control closes one",
    ),
    (
        "payin.initiated",
        "the mock publishes no event when a payin link is created (it sends payin.succeeded or payin.failed when the customer pays)",
    ),
    (
        "INTERNATIONAL_PAYMENT_AWAITING_DETAILS",
        "the mock's Global Collections payments are approved or rejected when simulated, never left awaiting details",
    ),
    (
        "INTERNATIONAL_PAYMENT_REVERSAL_INITIATED",
        "the mock's Global Collections reversals are static: no operation drives them",
    ),
    (
        "INTERNATIONAL_PAYMENT_REVERSAL_DONE",
        "the mock's Global Collections reversals are static: no operation drives them",
    ),
    (
        "INR_SETTLEMENT_INITIATED",
        "the mock's Global Collections settlements are static: no operation drives them",
    ),
    (
        "INR_SETTLEMENT_APPROVED",
        "the mock's Global Collections settlements are static: no operation drives them",
    ),
    (
        "INR_SETTLEMENT_REJECTED",
        "the mock's Global Collections settlements are static: no operation drives them",
    ),
    (
        "FIRA_FILE_RECEIVED",
        "the mock issues no FIRA files",
    ),
    (
        "VIRTUAL_ACCOUNTS_CREATED",
        "the mock's collection accounts are fixed from the start; none is created",
    ),
    (
        "VIRTUAL_ACCOUNTS_ACTIVATED",
        "the mock's collection accounts are fixed from the start; none is activated",
    ),
    (
        "CASHGRAM_TRANSFER_REVERSAL",
        "the mock's Cashgram redemptions always succeed: nothing reverses one",
    ),
    (
        "VIRTUAL_ACCOUNT_DETAILS",
        "the mock's collection accounts are fixed from the start; no details change",
    ),
];

/// The events the mock produces from its state, in `paygen trigger --list` order.
pub const FROM_STATE: &[&str] = &[
    "PAYMENT_SUCCESS_WEBHOOK",
    "PAYMENT_FAILED_WEBHOOK",
    "PAYMENT_USER_DROPPED_WEBHOOK",
    "DISPUTE_CREATED",
    "DISPUTE_UPDATED",
    "PAYMENT_LINK_EVENT",
    "PAYMENT_VERIFICATION_UPDATE",
    "ICA_SETTLEMENT_UPDATE",
    "INTERNATIONAL_PAYMENT_COLLECTED",
    "INTERNATIONAL_PAYMENT_BLOCKED",
    "payin.succeeded",
    "payin.failed",
    "payout.succeeded",
    "payout.failed",
    "CASHGRAM_REDEEMED",
    "CASHGRAM_EXPIRED",
];

/// One record a trigger created on the mock.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Created {
    /// What it is (`order`, `payment`, `dispute`, `link`, `import_payment`, `settlement`,
    /// `transaction`, `payin`, `payout`, `cashgram`).
    pub kind: &'static str,
    /// Its id on the mock.
    pub id: String,
}

/// One event the trigger's state changes published.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Published {
    /// The family's spec name.
    pub family: &'static str,
    /// The documented event type.
    pub event_type: String,
    /// The resource it is about (the delivery log's `resource_id`).
    pub resource_id: String,
}

/// What a trigger did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Triggered {
    /// The event asked for, as documented (`PAYMENT_SUCCESS_WEBHOOK`).
    pub event: &'static str,
    /// What it created, in order.
    pub created: Vec<Created>,
    /// Every event its state changes published, in order (the one asked for among them;
    /// others are the documented side effects, e.g. the payment event of a paid link).
    pub published: Vec<Published>,
    /// How far it moved the mock's clock (time-driven changes: a payout's settlement).
    pub clock_advanced_secs: u64,
    /// The extra URL the asked-for event was also delivered to.
    pub forwarded_to: Option<String>,
}

/// Why a trigger did not produce its event.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TriggerError {
    /// No documented event has this name.
    #[error("trigger: unknown event `{0}`; `paygen trigger --list` prints every event")]
    UnknownEvent(String),
    /// The mock has no state change that produces it.
    #[error("trigger: the mock cannot produce {event} from its state: {why}; run `paygen trigger {event}` without --mock to send the documented sample")]
    NotFromState {
        /// The event.
        event: &'static str,
        /// Why.
        why: &'static str,
    },
    /// A step was refused by the mock's own rules (e.g. after a fault was armed on it).
    #[error("trigger {event}: {step} was answered {status}: {message}")]
    StepFailed {
        /// The event.
        event: &'static str,
        /// The operation or control request.
        step: String,
        /// Its status.
        status: u16,
        /// Its answer, shortened.
        message: String,
    },
    /// `forward_to` is not an http(s) URL.
    #[error("trigger: --forward-to: {0}")]
    Forward(#[from] WebhookConfigError),
}

impl TriggerError {
    /// The HTTP status the control API answers it with.
    pub fn status(&self) -> u16 {
        match self {
            TriggerError::UnknownEvent(_) => 404,
            TriggerError::NotFromState { .. } => 422,
            TriggerError::StepFailed { .. } => 409,
            TriggerError::Forward(_) => 400,
        }
    }
}

/// The event's documented name (matched without regard to case), or why it cannot be made.
fn documented(event: &str) -> Result<&'static str, TriggerError> {
    if let Some(e) = FROM_STATE.iter().find(|e| e.eq_ignore_ascii_case(event)) {
        return Ok(e);
    }
    if let Some((e, why)) = NOT_FROM_STATE
        .iter()
        .find(|(e, _)| e.eq_ignore_ascii_case(event))
    {
        return Err(TriggerError::NotFromState { event: e, why });
    }
    Err(TriggerError::UnknownEvent(
        event.chars().take(100).collect::<String>(),
    ))
}

/// Makes the state change that produces `event`, and delivers that event to `forward_to`
/// too when given (besides the mock's endpoints).
pub(crate) fn trigger(
    inner: &Inner,
    event: &str,
    forward_to: Option<&str>,
) -> Result<Triggered, TriggerError> {
    let event = documented(event)?;
    let extra = forward_to
        .map(|url| {
            let endpoint = Endpoint::new(url);
            // Refused before any state changes.
            super::webhooks::check_endpoint(&endpoint).map(|()| endpoint)
        })
        .transpose()?;
    let mut events = inner.events.subscribe();
    let mut run = Run {
        inner,
        event,
        tag: format!("trg_{}", &super::ids::uuid().simple().to_string()[..12]),
        created: Vec::new(),
        advanced: 0,
        created_by_event: None,
    };
    run.produce()?;
    let mut published = Vec::new();
    let mut wanted: Vec<MockEvent> = Vec::new();
    while let Ok(e) = events.try_recv() {
        if e.event_type == event {
            if let Some(kind) = run.created_by_event {
                run.created.push(Created {
                    kind,
                    id: e.resource_id.clone(),
                });
            }
            wanted.push(e.clone());
        }
        published.push(Published {
            family: e.family,
            event_type: e.event_type,
            resource_id: e.resource_id,
        });
    }
    if let Some(endpoint) = &extra {
        for e in wanted {
            inner.webhooks.deliver_to(endpoint.clone(), e)?;
        }
    }
    Ok(Triggered {
        event,
        created: run.created,
        published,
        clock_advanced_secs: run.advanced,
        forwarded_to: extra.map(|e| e.url),
    })
}

struct Run<'a> {
    inner: &'a Inner,
    event: &'static str,
    tag: String,
    created: Vec<Created>,
    advanced: u64,
    /// A record whose id only its event tells (a Global Collections transaction's
    /// `referenceId`): its kind.
    created_by_event: Option<&'static str>,
}

const CUSTOMER: &str = r#"{"customer_id":"trg_customer","customer_phone":"9999999999","customer_name":"Trigger Customer","customer_email":"trigger@example.com"}"#;

impl Run<'_> {
    fn id(&self, what: &str) -> String {
        format!("{}_{what}", self.tag)
    }

    fn refused(&self, step: &str, answer: &Answer) -> TriggerError {
        TriggerError::StepFailed {
            event: self.event,
            step: step.to_string(),
            status: answer.status,
            message: String::from_utf8_lossy(&answer.body)
                .chars()
                .take(300)
                .collect(),
        }
    }

    fn json(&self, step: &str, answer: Answer) -> Result<Value, TriggerError> {
        if answer.status >= 300 {
            return Err(self.refused(step, &answer));
        }
        Ok(serde_json::from_slice(&answer.body).unwrap_or(Value::Null))
    }

    /// Runs `operation_id` of `family` through the family's state rules, as the router does
    /// once a request is authenticated and validated.
    fn op(
        &mut self,
        family: Family,
        operation_id: &'static str,
        params: &[(&str, &str)],
        headers: HeaderMap,
        body: &[u8],
    ) -> Result<Value, TriggerError> {
        let params: Vec<(String, String)> = params
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let call = state::Call {
            mount: Mount::of(family),
            operation_id,
            params: &params,
            query: &params,
            headers: &headers,
            body,
        };
        let ctx = self.inner.ctx();
        let mut handled = None;
        for (families, state) in &self.inner.states {
            if !families.contains(&family) {
                continue;
            }
            let mut state = state.lock().unwrap_or_else(|p| p.into_inner());
            handled = state.handle(&call, &ctx);
            if handled.is_some() {
                break;
            }
        }
        let dialect = Mount::of(family).dialect;
        let answer = match handled {
            Some(Ok(answer)) => answer,
            Some(Err(refusal)) => dialect.answer(&refusal),
            None => {
                return Err(TriggerError::StepFailed {
                    event: self.event,
                    step: operation_id.to_string(),
                    status: 501,
                    message: "no state rule answers it".into(),
                })
            }
        };
        self.json(operation_id, answer)
    }

    /// A control request of a family's own (`/__paygen<path>`).
    fn control(&mut self, path: &str, body: &str) -> Result<Value, TriggerError> {
        let answer = self
            .inner
            .family_control("POST", path, body.as_bytes())
            .ok_or_else(|| TriggerError::StepFailed {
                event: self.event,
                step: format!("POST /__paygen{path}"),
                status: 404,
                message: "no such control endpoint".into(),
            })?;
        self.json(&format!("POST /__paygen{path}"), answer)
    }

    fn made(&mut self, kind: &'static str, id: impl Into<String>) -> String {
        let id = id.into();
        self.created.push(Created {
            kind,
            id: id.clone(),
        });
        id
    }

    fn advance(&mut self, secs: u64) {
        self.inner.clock.advance(Duration::from_secs(secs));
        self.advanced += secs;
    }

    fn produce(&mut self) -> Result<(), TriggerError> {
        match self.event {
            "PAYMENT_SUCCESS_WEBHOOK" => self.paid_order(pg::UPI_SUCCESS).map(drop),
            "PAYMENT_FAILED_WEBHOOK" => self.paid_order(pg::UPI_FAILURE).map(drop),
            "PAYMENT_USER_DROPPED_WEBHOOK" => {
                let payment = self.paid_order("trigger@upi")?;
                let body = format!(
                    r#"{{"entity":"PAYMENTS","entity_id":"{payment}","entity_simulation":{{"payment_status":"USER_DROPPED"}}}}"#
                );
                self.op(
                    Family::Pg,
                    "simulate_payment",
                    &[],
                    HeaderMap::new(),
                    body.as_bytes(),
                )
                .map(drop)
            }
            "DISPUTE_CREATED" => self.dispute().map(drop),
            "DISPUTE_UPDATED" => {
                let dispute = self.dispute()?;
                self.op(
                    Family::Pg,
                    "accept_dispute",
                    &[("dispute_id", &dispute)],
                    HeaderMap::new(),
                    b"",
                )
                .map(drop)
            }
            "PAYMENT_LINK_EVENT" => {
                let link = self.id("link");
                let body = format!(
                    r#"{{"link_id":"{link}","link_amount":100.50,"link_currency":"INR","link_purpose":"paygen trigger","customer_details":{CUSTOMER}}}"#
                );
                self.op(
                    Family::Pg,
                    "create_link",
                    &[],
                    HeaderMap::new(),
                    body.as_bytes(),
                )?;
                self.made("link", link.clone());
                self.control(&format!("/pg/links/{link}/pay"), "")?;
                let orders = self.op(
                    Family::Pg,
                    "get_link_orders",
                    &[("link_id", &link)],
                    HeaderMap::new(),
                    b"",
                )?;
                for order in orders.as_array().into_iter().flatten() {
                    if let Some(id) = order["order_id"].as_str() {
                        self.made("order", id);
                    }
                }
                Ok(())
            }
            "PAYMENT_VERIFICATION_UPDATE" => self.import_payment().map(drop),
            "ICA_SETTLEMENT_UPDATE" => {
                let payment = self.import_payment()?;
                let boundary = "paygentrigger";
                let mut body = String::new();
                for (name, value) in collect_from_india::TEST_VALUES {
                    body.push_str(&format!(
                        "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
                    ));
                }
                body.push_str(&format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"invoice_file\"; filename=\"invoice.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 paygen trigger\r\n--{boundary}--\r\n"
                ));
                let mut headers = HeaderMap::new();
                if let Ok(v) =
                    HeaderValue::from_str(&format!("multipart/form-data; boundary={boundary}"))
                {
                    headers.insert(http::header::CONTENT_TYPE, v);
                }
                self.op(
                    Family::CollectFromIndia,
                    "upload_import_payment_verification",
                    &[("cf_payment_id", &payment)],
                    headers,
                    body.as_bytes(),
                )?;
                // Settles every verified payment not yet settled (this one among them).
                self.op(
                    Family::CollectFromIndia,
                    "trigger_import_sandbox_settlement",
                    &[],
                    HeaderMap::new(),
                    b"{}",
                )?;
                Ok(())
            }
            "INTERNATIONAL_PAYMENT_COLLECTED" => self.gc_payment("approve"),
            "INTERNATIONAL_PAYMENT_BLOCKED" => self.gc_payment("reject"),
            "payin.succeeded" => self.payin("Approved"),
            "payin.failed" => self.payin("Rejected"),
            "payout.succeeded" => self.payout("026291800001191"),
            "payout.failed" => self.payout("026291800000000"),
            "CASHGRAM_REDEEMED" => {
                let id = self.cashgram()?;
                self.control(&format!("/payouts-v1/cashgrams/{id}/redeem"), "")?;
                self.advance(payouts_v1::REDEMPTION_SETTLES_AFTER_SECS.unsigned_abs());
                // The redemption settles on the first read after that time.
                self.v1("get_cashgram_status", &[("cashgramId", &id)], b"")
            }
            "CASHGRAM_EXPIRED" => {
                // Deactivating sends CASHGRAM_EXPIRED ("Cashgram is inactive", MK-W4).
                let id = self.cashgram()?;
                let body = format!(r#"{{"cashgramId":"{id}"}}"#);
                self.v1("deactivate_cashgram", &[], body.as_bytes())
            }
            _ => Err(TriggerError::UnknownEvent(self.event.to_string())),
        }
    }

    /// A fresh order paid by UPI `upi_id`; its `cf_payment_id`.
    fn paid_order(&mut self, upi_id: &str) -> Result<String, TriggerError> {
        let order_id = self.id("order");
        let body = format!(
            r#"{{"order_id":"{order_id}","order_amount":100.50,"order_currency":"INR","customer_details":{CUSTOMER}}}"#
        );
        let order = self.op(
            Family::Pg,
            "create_order",
            &[],
            HeaderMap::new(),
            body.as_bytes(),
        )?;
        self.made("order", order_id);
        let session = order["payment_session_id"].as_str().unwrap_or_default();
        let body = format!(
            r#"{{"payment_session_id":"{session}","payment_method":{{"upi":{{"channel":"collect","upi_id":"{upi_id}"}}}}}}"#
        );
        let paid = self.op(
            Family::Pg,
            "pay_order",
            &[],
            HeaderMap::new(),
            body.as_bytes(),
        )?;
        let payment = match &paid["cf_payment_id"] {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        Ok(self.made("payment", payment))
    }

    fn dispute(&mut self) -> Result<String, TriggerError> {
        let payment = self.paid_order(pg::UPI_SUCCESS)?;
        let dispute = self.control(
            "/pg/disputes",
            &format!(r#"{{"cf_payment_id":"{payment}"}}"#),
        )?;
        let id = dispute["dispute_id"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        Ok(self.made("dispute", id))
    }

    fn import_payment(&mut self) -> Result<String, TriggerError> {
        let order_id = self.id("import_order");
        let recorded = self.control(
            "/collect-from-india/payments",
            &format!(
                r#"{{"order_id":"{order_id}","order_amount":1000.00,"order_currency":"INR","settlement_currency":"USD"}}"#
            ),
        )?;
        let found = recorded.get("data").unwrap_or(&recorded);
        let payment = match &found["cf_payment_id"] {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        self.made("order", order_id);
        Ok(self.made("import_payment", payment))
    }

    fn gc_payment(&mut self, action: &str) -> Result<(), TriggerError> {
        let account = global_collections::ACCOUNTS
            .first()
            .map(|a| (a.account_number, a.currency))
            .unwrap_or(("", "USD"));
        let body = format!(
            r#"{{"vAccountNumber":"{}","amount":4.50,"currency":"{}","fundingActions":"{action}"}}"#,
            account.0, account.1
        );
        self.created_by_event = Some("transaction");
        self.op(
            Family::GlobalCollections,
            "gc_simulate_transaction",
            &[],
            HeaderMap::new(),
            body.as_bytes(),
        )
        .map(drop)
    }

    fn payin(&mut self, status: &str) -> Result<(), TriggerError> {
        let order_id = self.id("payin");
        let body = format!(
            r#"{{"user_id":"trg_user","order_id":"{order_id}","amount":100.50,"method":"upi","redirect_url":"https://example.com/return"}}"#
        );
        self.op(
            Family::PayinPayout,
            "create_payin_link",
            &[],
            HeaderMap::new(),
            body.as_bytes(),
        )?;
        self.made("payin", order_id.clone());
        self.control(
            &format!("/payin-payout/payins/{order_id}/pay"),
            &format!(r#"{{"status":"{status}"}}"#),
        )
        .map(drop)
    }

    /// A fresh `ACTIVE` Cashgram of 100.50, redeemable for a week; its `cashgramId`.
    fn cashgram(&mut self) -> Result<String, TriggerError> {
        let id = self.id("cashgram");
        let expiry = (self.inner.clock.now_ist() + chrono::Duration::days(7)).format("%Y/%m/%d");
        let body = format!(
            r#"{{"cashgramId":"{id}","amount":100.50,"name":"Trigger Recipient","phone":"9999999999","linkExpiry":"{expiry}","remarks":"paygen trigger","notifyCustomer":0}}"#
        );
        self.v1("create_cashgram", &[], body.as_bytes())?;
        Ok(self.made("cashgram", id))
    }

    /// A Payouts v1 call: its envelope answers a refusal with `status: ERROR` and HTTP 200.
    fn v1(
        &mut self,
        operation_id: &'static str,
        params: &[(&str, &str)],
        body: &[u8],
    ) -> Result<(), TriggerError> {
        let answer = self.op(
            Family::PayoutsV1,
            operation_id,
            params,
            HeaderMap::new(),
            body,
        )?;
        if answer["status"] == "ERROR" {
            return Err(TriggerError::StepFailed {
                event: self.event,
                step: operation_id.to_string(),
                status: answer["subCode"]
                    .as_str()
                    .and_then(|c| c.parse().ok())
                    .unwrap_or(422),
                message: answer["message"]
                    .as_str()
                    .unwrap_or("")
                    .chars()
                    .take(300)
                    .collect(),
            });
        }
        Ok(())
    }

    fn payout(&mut self, account: &str) -> Result<(), TriggerError> {
        let order_id = self.id("payout");
        let body = format!(
            r#"{{"beneficiary_name":"Trigger Beneficiary","beneficiary_email":"b@example.com","beneficiary_mobile_no":"9999999999","beneficiary_address":"Bengaluru","payment_method":"IMPS","beneficiary_acc_no":"{account}","bank_name":"MOCK BANK","ifsc":"HDFC0000001","amount":10.00,"order_id":"{order_id}","user_id":"trg_user"}}"#
        );
        self.op(
            Family::PayinPayout,
            "initiate_payout",
            &[],
            HeaderMap::new(),
            body.as_bytes(),
        )?;
        self.made("payout", order_id.clone());
        self.advance(payin_payout::PAYOUT_FINAL_AFTER_SECS.unsigned_abs());
        self.op(
            Family::PayinPayout,
            "get_payout_status",
            &[("order_id", &order_id)],
            HeaderMap::new(),
            b"",
        )
        .map(drop)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sample_event_is_either_produced_from_state_or_refused_with_a_reason() {
        for event in crate::webhooks::samples::events() {
            let produced = FROM_STATE.contains(&event);
            let refused = NOT_FROM_STATE.iter().any(|(e, _)| *e == event);
            assert!(
                produced != refused,
                "{event}: produced {produced}, refused {refused}"
            );
        }
        assert!(matches!(
            documented("dispute_closed"),
            Err(TriggerError::NotFromState {
                event: "DISPUTE_CLOSED",
                ..
            })
        ));
        assert!(matches!(
            documented("NOPE"),
            Err(TriggerError::UnknownEvent(_))
        ));
        assert_eq!(
            documented("payment_success_webhook"),
            Ok("PAYMENT_SUCCESS_WEBHOOK")
        );
    }
}
