//! The PG state rules.
//!
//! - **Orders**: `create_order` makes an `ACTIVE` order with a payment session (a repeated
//!   `order_id` gets `409 order_already_exists`); an `ACTIVE` order past its
//!   `order_expiry_time` (30 days unless given) is `EXPIRED` by the mock's clock;
//!   `terminate_order` makes an `ACTIVE` order `TERMINATED`; a successful payment makes it
//!   `PAID`.
//! - **Payments**: `pay_order` (no credentials, the payment session) starts a payment.
//!   Cashfree's sandbox test instruments decide it: UPI `testsuccess@gocash` succeeds at once,
//!   `testfailure@gocash` fails; any other UPI id, the sandbox test cards and net banking
//!   start `PENDING` and end as `simulate_payment` says (`SUCCESS`, `FAILED` with the given
//!   error code, `USER_DROPPED`, or `PENDING`). A card that is not one of the test cards fails.
//! - **Refunds**: only on a `PAID` order, never above what was paid less what was refunded;
//!   `PENDING` when created, `SUCCESS` once [`REFUND_PROCESSING_SECS`] have passed on the
//!   clock. A repeated `refund_id` gets `409`.
//! - **Payment links**: `ACTIVE` until cancelled (`CANCELLED`) or past `link_expiry_time`
//!   (`EXPIRED`); a repeated `link_id` gets `409`. The customer pays one with
//!   `POST /__paygen/pg/links/{link_id}/pay` (`PAID`, or `PARTIALLY_PAID`; event
//!   `PAYMENT_LINK_EVENT`; cancelling a link, or the first read after its expiry, publishes
//!   `PAYMENT_LINK_EVENT` too, with `order` null, as document 083 says).
//! - **Customers and saved instruments**: `create_customer` stores a customer; a card payment
//!   with `save_instrument: true` saves the card for the order's customer; instruments can be
//!   listed, fetched, deleted (`INACTIVE`, and gone from the list) and have a cryptogram.
//! - **Disputes**: opened on a successful payment by `POST /__paygen/pg/disputes
//!   {"cf_payment_id": …}` (Cashfree opens them; no API does); `accept_dispute` →
//!   `DISPUTE_MERCHANT_ACCEPTED`, evidence → `DISPUTE_DOCS_RECEIVED` (each publishes
//!   `DISPUTE_UPDATED`).
//! - **Pre-authorisation** (`authorize_order_payment`): a UPI collect with `authorize_only:
//!   true` (a one-time mandate, held until its `authorization.end_time`, else
//!   [`PREAUTH_DAYS`]), or a Visa / Mastercard test card while card pre-auth is on for the
//!   account (`POST /__paygen/pg/preauth {"cards": true}`; [`PREAUTH_DAYS`]), holds the money:
//!   the payment is `SUCCESS` with `is_captured: false`, `payment_message` `PRE_AUTH|…` and an
//!   `authorization`, and the order `PAID`. `CAPTURE` takes `amount` (more than 0, at most what
//!   is held; all of it when absent), `VOID` releases it (payment `VOID`, order `ACTIVE` again,
//!   MK-9); a hold past its end lapses as a void. Each can happen once: a captured payment gets
//!   `400 order_already_paid`, a voided one `400 order_id_voided`, one still pending or failed
//!   `400 order_id_not_paid`, an amount above the hold `400 payment_amount_invalid`, an order
//!   without a pre-authorised payment `404 payment_not_found` (the rule is
//!   [`preauth`](super::preauth), shared with Flowwise). Only what was captured can be refunded
//!   or settles.
//! - **Settlements and recon** ([`ledger`]): every payment that brought money in settles (amount
//!   less 2% service charge and 18% tax on it) from that moment; `get_settlements`,
//!   `get_settlement_recon` and `get_recon` search them and their payment, refund and dispute
//!   events, filtered and paged by real cursors.
//!
//! Time-driven changes (expiry, refund processing) happen when a record is next read, and
//! publish their events then. Every other PG operation (offers, eligibility, order-extended,
//! Apple Pay, OTP submission) is answered from the spec's shape.

use chrono::{DateTime, SecondsFormat, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

pub mod ledger;

use super::preauth::{self, Hold, Outcome, Refused};
use super::{Call, Ctx, FamilyState, Handled};
use crate::mock::answer::{Answer, Refusal};
use crate::mock::bounded::Bounded;
use crate::mock::events::MockEvent;
use crate::mock::families::Family;
use crate::Amount;

/// How long a refund stays `PENDING` on the mock's clock.
pub const REFUND_PROCESSING_SECS: i64 = 60;

/// The sandbox test cards (Cashfree's "Sandbox Environment" page): number and whether it is a
/// credit card.
pub const TEST_CARDS: &[(&str, bool)] = &[
    ("4706131211212123", false),
    ("4062288312345026", false),
    ("4576238912771450", true),
    ("4444333322221111", true),
    ("4466050254381183", true),
    ("4136880012657791", true),
    ("4074970084343075", true),
    ("4770355457382883", true),
    ("5409162669381034", false),
    ("5445856839524391", false),
    ("5105105105105100", true),
    ("5176539438527826", true),
    ("5242535837492075", true),
    ("5203860658394375", true),
    ("5552190758372734", true),
    ("5506908329471983", true),
    ("6074825972083818", false),
    ("6074828163369590", false),
];

/// How long a card pre-authorisation (or a UPI one without an `end_time`) holds the money
/// before it goes back to the customer (Cashfree's pre-authorisation guide: seven days).
pub const PREAUTH_DAYS: i64 = 7;

/// The UPI id that pays at once in the sandbox.
pub const UPI_SUCCESS: &str = "testsuccess@gocash";
/// The UPI id that fails at once in the sandbox.
pub const UPI_FAILURE: &str = "testfailure@gocash";

fn ts(at: DateTime<Utc>) -> String {
    let ist = chrono::FixedOffset::east_opt(19_800).map(|ist| at.with_timezone(&ist));
    match ist {
        Some(t) => t.to_rfc3339_opts(SecondsFormat::Secs, false),
        None => at.to_rfc3339_opts(SecondsFormat::Secs, false),
    }
}

#[derive(Clone, Debug, Serialize)]
struct Order {
    cf_order_id: String,
    order_id: String,
    entity: &'static str,
    order_currency: String,
    order_amount: Amount,
    order_status: &'static str,
    payment_session_id: String,
    order_expiry_time: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    order_note: Option<String>,
    created_at: String,
    customer_details: Value,
    order_meta: Value,
    order_tags: Value,
    #[serde(skip)]
    expires: DateTime<Utc>,
    #[serde(skip)]
    link_id: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
struct Payment {
    cf_payment_id: String,
    order_id: String,
    entity: &'static str,
    is_captured: bool,
    order_amount: Amount,
    order_currency: String,
    payment_group: &'static str,
    payment_currency: String,
    payment_amount: Amount,
    payment_time: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    payment_completion_time: Option<String>,
    payment_status: String,
    payment_message: String,
    bank_reference: Option<String>,
    payment_method: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    error_details: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    auth_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    authorization: Option<Authorization>,
    /// The order in which records were made.
    #[serde(skip)]
    seq: u64,
    /// The record number of the moment it brought money in (paid, or captured): pages of
    /// settlements and recon follow it, so what settles later comes later. 0 until then.
    #[serde(skip)]
    settled_seq: u64,
    #[serde(skip)]
    completed: Option<DateTime<Utc>>,
}

/// The pre-authorisation state of a payment (`AuthorizationInPayments`).
#[derive(Clone, Debug, Serialize)]
struct Authorization {
    action: Option<&'static str>,
    status: Option<&'static str>,
    captured_amount: Amount,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    approve_by: Option<String>,
    action_reference: Option<String>,
    action_time: Option<String>,
    /// When the hold lapses and the money goes back to the customer.
    #[serde(skip)]
    until: DateTime<Utc>,
    #[serde(skip)]
    captured_at: Option<DateTime<Utc>>,
}

impl Payment {
    /// Where this payment's pre-authorisation stands (a payment without one never held money).
    fn hold(&self) -> Hold {
        match (&self.authorization, self.payment_status.as_str()) {
            (Some(_), "VOID") => Hold::Voided,
            (Some(a), "SUCCESS") if a.action == Some("CAPTURE") => Hold::Captured,
            (Some(_), "SUCCESS") => Hold::Authorised,
            _ => Hold::NotAuthorised,
        }
    }

    /// What this payment brought in: the whole amount of a successful payment, what was
    /// captured of a pre-authorised one (`None` while nothing is).
    fn captured(&self) -> Option<Amount> {
        if self.payment_status != "SUCCESS" {
            return None;
        }
        match &self.authorization {
            None => Some(self.payment_amount),
            Some(a) if a.action == Some("CAPTURE") => Some(a.captured_amount),
            Some(_) => None,
        }
    }
}

#[derive(Clone, Debug, Serialize)]
struct Refund {
    cf_payment_id: String,
    cf_refund_id: String,
    order_id: String,
    refund_id: String,
    entity: &'static str,
    refund_amount: Amount,
    refund_currency: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    refund_note: Option<String>,
    refund_status: &'static str,
    refund_type: &'static str,
    refund_mode: &'static str,
    status_description: String,
    created_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    processed_at: Option<String>,
    #[serde(skip)]
    due: DateTime<Utc>,
    #[serde(skip)]
    seq: u64,
    #[serde(skip)]
    created: DateTime<Utc>,
}

#[derive(Clone, Debug, Serialize)]
struct Link {
    cf_link_id: String,
    link_id: String,
    link_status: &'static str,
    link_currency: String,
    link_amount: Amount,
    link_amount_paid: Amount,
    link_partial_payments: bool,
    link_purpose: String,
    link_created_at: String,
    customer_details: Value,
    link_url: String,
    link_expiry_time: String,
    link_notes: Value,
    link_meta: Value,
    #[serde(skip)]
    expires: DateTime<Utc>,
}

#[derive(Clone, Debug, Serialize)]
struct Customer {
    customer_uid: String,
    customer_phone: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    customer_email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    customer_name: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
struct Instrument {
    customer_id: String,
    afa_reference: String,
    instrument_id: String,
    instrument_type: &'static str,
    instrument_uid: String,
    instrument_display: String,
    instrument_status: &'static str,
    created_at: String,
    instrument_meta: Value,
    #[serde(skip)]
    card_number: String,
}

#[derive(Clone, Debug, Serialize)]
struct Dispute {
    dispute_id: String,
    dispute_type: &'static str,
    reason_code: String,
    reason_description: String,
    dispute_amount: Amount,
    dispute_amount_currency: String,
    created_at: String,
    respond_by: String,
    updated_at: String,
    dispute_status: &'static str,
    cf_dispute_remarks: String,
    order_details: Value,
    customer_details: Value,
    #[serde(skip)]
    order_id: String,
    #[serde(skip)]
    cf_payment_id: String,
    #[serde(skip)]
    seq: u64,
    #[serde(skip)]
    created: DateTime<Utc>,
}

#[derive(Clone, Debug, Serialize)]
struct Simulation {
    simulation_id: String,
    entity: String,
    entity_id: String,
    entity_simulation: Value,
}

/// Everything PG holds for one server.
#[derive(Debug, Default)]
pub struct PgState {
    next: u64,
    orders: Bounded<String, Order>,
    sessions: Bounded<String, String>,
    payments: Bounded<String, Payment>,
    refunds: Bounded<String, Refund>,
    links: Bounded<String, Link>,
    customers: Bounded<String, Customer>,
    instruments: Bounded<String, Instrument>,
    disputes: Bounded<String, Dispute>,
    simulations: Bounded<String, Simulation>,
    /// Card pre-authorisation for the account (Cashfree turns it on on request; the mock with
    /// `POST /__paygen/pg/preauth {"cards": true}`).
    card_preauth: bool,
}

#[derive(Deserialize)]
struct CreateOrder {
    order_id: Option<String>,
    order_amount: Amount,
    order_currency: String,
    customer_details: Value,
    order_meta: Option<Value>,
    order_expiry_time: Option<String>,
    order_note: Option<String>,
    order_tags: Option<Value>,
}

#[derive(Deserialize)]
struct PayOrder {
    payment_session_id: String,
    payment_method: Value,
    save_instrument: Option<bool>,
}

#[derive(Deserialize)]
struct CreateRefund {
    refund_amount: Amount,
    refund_id: String,
    refund_note: Option<String>,
    refund_speed: Option<String>,
}

#[derive(Deserialize)]
struct CreateLink {
    link_id: String,
    link_amount: Amount,
    link_currency: String,
    link_purpose: String,
    customer_details: Value,
    link_partial_payments: Option<bool>,
    link_expiry_time: Option<String>,
    link_notes: Option<Value>,
    link_meta: Option<Value>,
}

#[derive(Deserialize)]
struct CreateCustomer {
    customer_phone: String,
    customer_email: Option<String>,
    customer_name: Option<String>,
}

#[derive(Deserialize)]
struct Simulate {
    entity: String,
    entity_id: String,
    entity_simulation: SimulationOutcome,
}

#[derive(Deserialize)]
struct SimulationOutcome {
    payment_status: String,
    payment_error_code: Option<String>,
}

fn order_not_found(id: &str) -> Refusal {
    Refusal::not_found(
        "order_not_found",
        format!("order not found: no order `{id}` on this mock; create it first"),
    )
}

fn payment_gone(op: &str, id: &str) -> Refusal {
    Refusal::not_found(
        "payment_not_found",
        format!("{op}: payment `{id}` is no longer held by this mock (the oldest records are forgotten first)"),
    )
}

fn json_text(value: &impl Serialize) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "{}".into())
}

/// The documented `data` of a payment webhook (2025-01-01 form; webhook delivery derives
/// 2023-08-01 from it): order, payment, customer, gateway, offers, terminal, and the error
/// for a failed payment. Amounts keep their scale.
fn payment_webhook_data(order: &Order, payment: &Payment) -> String {
    #[derive(Serialize)]
    struct WebhookOrder<'a> {
        order_id: &'a str,
        order_amount: Amount,
        order_currency: &'a str,
        order_tags: &'a Value,
    }
    #[derive(Serialize)]
    struct WebhookPayment<'a> {
        cf_payment_id: &'a str,
        payment_status: &'a str,
        payment_amount: Amount,
        payment_currency: &'a str,
        payment_message: &'a str,
        payment_time: &'a str,
        bank_reference: &'a Option<String>,
        auth_id: Option<String>,
        payment_method: &'a Value,
        payment_group: &'a str,
        international_payment: Value,
        payment_surcharge: Option<Value>,
    }
    #[derive(Serialize)]
    struct Data<'a> {
        order: WebhookOrder<'a>,
        payment: WebhookPayment<'a>,
        customer_details: &'a Value,
        #[serde(skip_serializing_if = "Option::is_none")]
        error_details: &'a Option<Value>,
        payment_gateway_details: Value,
        payment_offers: Option<Value>,
        terminal_details: Option<Value>,
    }
    json_text(&Data {
        order: WebhookOrder {
            order_id: &order.order_id,
            order_amount: order.order_amount,
            order_currency: &order.order_currency,
            order_tags: &order.order_tags,
        },
        payment: WebhookPayment {
            cf_payment_id: &payment.cf_payment_id,
            payment_status: &payment.payment_status,
            payment_amount: payment.payment_amount,
            payment_currency: &payment.payment_currency,
            payment_message: &payment.payment_message,
            payment_time: &payment.payment_time,
            bank_reference: &payment.bank_reference,
            auth_id: None,
            payment_method: &payment.payment_method,
            payment_group: payment.payment_group,
            international_payment: json!({"international": false}),
            payment_surcharge: None,
        },
        customer_details: &order.customer_details,
        error_details: &payment.error_details,
        payment_gateway_details: json!({
            "gateway_name": "CASHFREE",
            "gateway_order_id": order.cf_order_id,
            "gateway_payment_id": payment.cf_payment_id,
            "gateway_order_reference_id": null,
            "gateway_settlement": "CASHFREE",
            "gateway_status_code": null
        }),
        payment_offers: None,
        terminal_details: None,
    })
}

/// The documented `data` of a dispute webhook: the dispute, with its order and customer
/// beside it (not inside, as `get_dispute` answers them). Amounts keep their scale.
fn dispute_webhook_data(d: &Dispute) -> String {
    #[derive(Serialize)]
    struct WebhookDispute<'a> {
        dispute_id: &'a str,
        dispute_type: &'a str,
        reason_code: &'a str,
        reason_description: &'a str,
        dispute_amount: Amount,
        created_at: &'a str,
        updated_at: &'a str,
        respond_by: &'a str,
        dispute_status: &'a str,
        cf_dispute_remarks: &'a str,
        dispute_action_on: &'a str,
        dispute_amount_currency: &'a str,
    }
    #[derive(Serialize)]
    struct Data<'a> {
        dispute: WebhookDispute<'a>,
        order_details: &'a Value,
        customer_details: &'a Value,
    }
    json_text(&Data {
        dispute: WebhookDispute {
            dispute_id: &d.dispute_id,
            dispute_type: d.dispute_type,
            reason_code: &d.reason_code,
            reason_description: &d.reason_description,
            dispute_amount: d.dispute_amount,
            created_at: &d.created_at,
            updated_at: &d.updated_at,
            respond_by: &d.respond_by,
            dispute_status: d.dispute_status,
            cf_dispute_remarks: &d.cf_dispute_remarks,
            dispute_action_on: "MERCHANT",
            dispute_amount_currency: &d.dispute_amount_currency,
        },
        order_details: &d.order_details,
        customer_details: &d.customer_details,
    })
}

fn parse_time(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

impl PgState {
    fn id(&mut self) -> u64 {
        self.next += 1;
        self.next
    }

    /// Applies time: a lapsed hold on one of its payments is released first (which makes a
    /// `PAID` order `ACTIVE` again), then an `ACTIVE` order past its expiry is `EXPIRED`.
    fn order(&mut self, id: &str, ctx: &Ctx<'_>) -> Result<&mut Order, Refusal> {
        self.lapse_holds(id, ctx);
        let order = self
            .orders
            .get_mut(&id.to_string())
            .ok_or_else(|| order_not_found(id))?;
        if order.order_status == "ACTIVE" && ctx.clock.now() >= order.expires {
            order.order_status = "EXPIRED";
        }
        Ok(order)
    }

    fn publish(ctx: &Ctx<'_>, event_type: &str, resource_id: &str, data: String) {
        ctx.events.publish(MockEvent {
            family: "cashfree-pg",
            event_type: event_type.to_string(),
            resource_id: resource_id.to_string(),
            data,
            event_time: ts(ctx.clock.now()),
        });
    }

    fn create_order(&mut self, call: &Call<'_>, ctx: &Ctx<'_>) -> Result<Answer, Refusal> {
        let req: CreateOrder = call.body()?;
        let n = self.id();
        let order_id = req.order_id.unwrap_or_else(|| format!("order_{n}"));
        if self.orders.contains(&order_id) {
            return Err(Refusal::exists(
                "order_already_exists",
                format!("order with same id is already present: `{order_id}`; use a new order_id, or get_order to read it"),
            ));
        }
        let now = ctx.clock.now();
        let expires = match req.order_expiry_time.as_deref() {
            Some(text) => parse_time(text).ok_or_else(|| {
                Refusal::invalid(
                    "order_expiry_time_invalid",
                    "create_order: order_expiry_time must be an ISO 8601 time with an offset",
                )
            })?,
            None => now + chrono::Duration::days(30),
        };
        if expires <= now {
            return Err(Refusal::invalid(
                "order_expiry_time_invalid",
                "create_order: order_expiry_time is in the past",
            ));
        }
        let session = format!("session_mock_{}", crate::mock::ids::uuid().simple());
        let order = Order {
            cf_order_id: (2_149_460_000 + n).to_string(),
            order_id: order_id.clone(),
            entity: "order",
            order_currency: req.order_currency,
            order_amount: req.order_amount,
            order_status: "ACTIVE",
            payment_session_id: session.clone(),
            order_expiry_time: ts(expires),
            order_note: req.order_note,
            created_at: ts(now),
            customer_details: req.customer_details,
            order_meta: req.order_meta.unwrap_or(Value::Null),
            order_tags: req.order_tags.unwrap_or(Value::Null),
            expires,
            link_id: None,
        };
        let answer = Answer::ok(&order);
        self.sessions.insert(session, order_id.clone());
        self.orders.insert(order_id, order);
        Ok(answer)
    }

    fn terminate_order(&mut self, call: &Call<'_>, ctx: &Ctx<'_>) -> Result<Answer, Refusal> {
        let order = self.order(call.param("order_id"), ctx)?;
        match order.order_status {
            "ACTIVE" => {
                order.order_status = "TERMINATED";
                Ok(Answer::ok(order))
            }
            "PAID" => Err(Refusal::invalid(
                "order_already_paid",
                format!(
                    "terminate_order: order `{}` is already paid; refund it instead",
                    order.order_id
                ),
            )),
            status => Err(Refusal::invalid(
                "order_inactive",
                format!(
                    "terminate_order: order `{}` is {status}, not ACTIVE",
                    order.order_id
                ),
            )),
        }
    }

    fn pay_order(&mut self, call: &Call<'_>, ctx: &Ctx<'_>) -> Result<Answer, Refusal> {
        let req: PayOrder = call.body()?;
        let Some(order_id) = self.sessions.get(&req.payment_session_id).cloned() else {
            return Err(Refusal::invalid(
                "payment_session_id_invalid",
                "pay_order: payment_session_id is not valid: use the one create_order or get_order returned",
            ));
        };
        let n = self.id();
        let order = self.order(&order_id, ctx)?.clone();
        if order.order_status != "ACTIVE" {
            return Err(Refusal::invalid(
                "order_inactive",
                format!(
                    "pay_order: order `{order_id}` is {}, not ACTIVE",
                    order.order_status
                ),
            ));
        }
        let method = &req.payment_method;
        let now = ctx.clock.now();
        let (group, channel, action, status, message, shown, method_name): (
            &'static str,
            &'static str,
            &'static str,
            &'static str,
            String,
            Value,
            &'static str,
        ) = if let Some(upi) = method.get("upi") {
            let upi_id = upi.get("upi_id").and_then(Value::as_str).unwrap_or("");
            let channel = match upi.get("channel").and_then(Value::as_str) {
                Some("link") | Some("intent") => "link",
                Some("qrcode") => "qrcode",
                _ => "collect",
            };
            let (status, message) = match upi_id {
                UPI_SUCCESS => ("SUCCESS", "00::Transaction success"),
                UPI_FAILURE => ("FAILED", "01::REJECTED"),
                _ => (
                    "PENDING",
                    "collect request sent; simulate_payment decides the outcome",
                ),
            };
            (
                "upi",
                channel,
                "custom",
                status,
                message.to_string(),
                json!({"upi": {"channel": channel, "upi_id": upi_id}}),
                "upi",
            )
        } else if let Some(card) = method.get("card") {
            let number: String = card
                .get("card_number")
                .and_then(Value::as_str)
                .unwrap_or("")
                .chars()
                .filter(char::is_ascii_digit)
                .collect();
            let test = TEST_CARDS.iter().find(|(n, _)| *n == number);
            let masked = format!("XXXXXXXXXXXX{}", &number[number.len().saturating_sub(4)..]);
            let group = match test {
                Some((_, true)) => "credit_card",
                _ => "debit_card",
            };
            let (status, message) = if test.is_some() {
                (
                    "PENDING",
                    "awaiting authentication; simulate_payment decides the outcome".to_string(),
                )
            } else {
                (
                    "FAILED",
                    "card_number_invalid: not one of the sandbox test cards".to_string(),
                )
            };
            if test.is_some() && req.save_instrument == Some(true) {
                self.save_card(&order, &number, &masked, ctx);
            }
            (
                group,
                "link",
                "link",
                status,
                message,
                json!({"card": {"channel": "link", "card_number": masked}}),
                "card",
            )
        } else if let Some(nb) = method.get("netbanking") {
            (
                "net_banking",
                "link",
                "link",
                "PENDING",
                "redirected to the bank; simulate_payment decides the outcome".to_string(),
                json!({"netbanking": {"channel": "link", "netbanking_bank_code": nb.get("netbanking_bank_code")}}),
                "netbanking",
            )
        } else {
            let name = method
                .as_object()
                .and_then(|m| m.keys().next())
                .map(String::as_str)
                .unwrap_or("");
            let (group, method_name) = match name {
                "app" => ("wallet", "app"),
                "cardless_emi" => ("cardless_emi", "cardless_emi"),
                "paylater" => ("pay_later", "paylater"),
                "emi" => ("credit_card_emi", "card"),
                "banktransfer" => ("bank_transfer", "banktransfer"),
                _ => {
                    return Err(Refusal::invalid(
                        "payment_method_invalid",
                        "pay_order: payment_method needs one of upi, card, netbanking, app, emi, cardless_emi, paylater, banktransfer",
                    ))
                }
            };
            (
                group,
                "link",
                "link",
                "PENDING",
                "redirected; simulate_payment decides the outcome".to_string(),
                method.clone(),
                method_name,
            )
        };
        let authorization = self.hold_for(method, channel, &order, now)?;
        let cf_payment_id = (5_114_910_000 + n).to_string();
        let payment = Payment {
            cf_payment_id: cf_payment_id.clone(),
            order_id: order_id.clone(),
            entity: "payment",
            is_captured: status == "SUCCESS",
            order_amount: order.order_amount,
            order_currency: order.order_currency.clone(),
            payment_group: group,
            payment_currency: order.order_currency.clone(),
            payment_amount: order.order_amount,
            payment_time: ts(now),
            payment_completion_time: None,
            payment_status: "PENDING".into(),
            payment_message: message,
            bank_reference: None,
            payment_method: shown,
            error_details: None,
            auth_id: None,
            authorization,
            seq: n,
            settled_seq: 0,
            completed: None,
        };
        self.payments.insert(cf_payment_id.clone(), payment);
        if status != "PENDING" {
            let code = (status == "FAILED").then(|| "TRANSACTION_DECLINED".to_string());
            self.settle_payment(&cf_payment_id, status, code, ctx)?;
        }
        let data = if action == "link" {
            json!({"url": format!("https://sandbox.cashfree.com/pg/view/mock/{cf_payment_id}"), "payload": null, "content_type": null, "method": "get"})
        } else {
            json!({"url": null, "payload": null, "content_type": null, "method": null})
        };
        #[derive(Serialize)]
        struct Paid<'a> {
            payment_amount: Amount,
            cf_payment_id: &'a str,
            payment_method: &'a str,
            channel: &'a str,
            action: &'a str,
            data: Value,
        }
        Ok(Answer::ok(&Paid {
            payment_amount: order.order_amount,
            cf_payment_id: &cf_payment_id,
            payment_method: method_name,
            channel,
            action,
            data,
        }))
    }

    fn save_card(&mut self, order: &Order, number: &str, masked: &str, ctx: &Ctx<'_>) {
        let Some(customer_id) = order
            .customer_details
            .get("customer_id")
            .and_then(Value::as_str)
        else {
            return;
        };
        let n = self.id();
        let instrument_id = format!("instr_{}", crate::mock::ids::uuid().simple());
        self.instruments.insert(
            instrument_id.clone(),
            Instrument {
                customer_id: customer_id.to_string(),
                afa_reference: n.to_string(),
                instrument_id,
                instrument_type: "card",
                instrument_uid: format!("uid_{n}"),
                instrument_display: masked.to_string(),
                instrument_status: "ACTIVE",
                created_at: ts(ctx.clock.now()),
                instrument_meta: json!({"card_network": if number.starts_with('5') { "mastercard" } else if number.starts_with('6') { "rupay" } else { "visa" }}),
                card_number: number.to_string(),
            },
        );
    }

    /// Ends a payment: `SUCCESS` pays its order, anything else leaves the order as it is.
    fn settle_payment(
        &mut self,
        cf_payment_id: &str,
        status: &str,
        error_code: Option<String>,
        ctx: &Ctx<'_>,
    ) -> Result<(), Refusal> {
        let now = ctx.clock.now();
        let n = self.id();
        let payment = self
            .payments
            .get_mut(&cf_payment_id.to_string())
            .ok_or_else(|| {
                Refusal::not_found(
                    "payment_not_found",
                    format!("no payment `{cf_payment_id}` on this mock"),
                )
            })?;
        payment.payment_status = status.to_string();
        if status != "PENDING" {
            payment.payment_completion_time = Some(ts(now));
            payment.completed = Some(now);
        }
        match status {
            "SUCCESS" => {
                payment.bank_reference = Some(format!(
                    "{:012}",
                    cf_payment_id.len() as u64 * 7 + 306_118_259_130
                ));
                if payment.authorization.is_some() {
                    // The money is held, not taken: authorize_order_payment captures or voids it.
                    payment.is_captured = false;
                    payment.auth_id = Some(format!("{:06}", 100_000 + payment.seq % 900_000));
                    payment.payment_message = "PRE_AUTH|Transaction Success".into();
                } else {
                    payment.is_captured = true;
                    payment.settled_seq = n;
                    payment.payment_message = "00::Transaction success".into();
                }
            }
            "FAILED" => {
                let code = error_code.unwrap_or_else(|| "TRANSACTION_DECLINED".into());
                payment.error_details = Some(json!({
                    "error_code": code,
                    "error_description": "the payment failed in the sandbox",
                    "error_reason": "bank_rejected",
                    "error_source": "bank"
                }));
                payment.payment_message = format!("{code}::payment failed");
            }
            "USER_DROPPED" => payment.payment_message = "the customer left the payment page".into(),
            _ => {}
        }
        let payment = payment.clone();
        let order_id = payment.order_id.clone();
        if status == "SUCCESS" {
            if let Some(order) = self.orders.get_mut(&order_id) {
                order.order_status = "PAID";
            }
        }
        let event = match status {
            "SUCCESS" => Some("PAYMENT_SUCCESS_WEBHOOK"),
            "FAILED" => Some("PAYMENT_FAILED_WEBHOOK"),
            "USER_DROPPED" => Some("PAYMENT_USER_DROPPED_WEBHOOK"),
            _ => None,
        };
        if let (Some(event), Some(order)) = (event, self.orders.get(&order_id)) {
            Self::publish(ctx, event, &order_id, payment_webhook_data(order, &payment));
        }
        Ok(())
    }

    fn simulate(&mut self, call: &Call<'_>, ctx: &Ctx<'_>) -> Result<Answer, Refusal> {
        let req: Simulate = call.body()?;
        if req.entity != "PAYMENTS" {
            return Err(Refusal::invalid(
                "entity_unsupported",
                format!(
                    "simulate_payment: the mock simulates entity PAYMENTS, not {}",
                    req.entity
                ),
            ));
        }
        let Some(payment) = self.payments.get(&req.entity_id) else {
            return Err(Refusal::invalid(
                "entity_id_invalid",
                format!(
                    "simulate_payment: no payment `{}`: start one with pay_order and pass its cf_payment_id",
                    req.entity_id
                ),
            ));
        };
        if payment.payment_status != "PENDING" {
            return Err(Refusal::invalid(
                "entity_simulation_payment_error_code_failed",
                format!(
                    "simulate_payment: payment `{}` is already {}; only a PENDING payment can be simulated",
                    req.entity_id, payment.payment_status
                ),
            ));
        }
        let status = req.entity_simulation.payment_status.clone();
        if !["SUCCESS", "FAILED", "PENDING", "USER_DROPPED"].contains(&status.as_str()) {
            return Err(Refusal::invalid(
                "payment_status_invalid",
                "simulate_payment: entity_simulation.payment_status must be SUCCESS, FAILED, PENDING or USER_DROPPED",
            ));
        }
        self.settle_payment(
            &req.entity_id,
            &status,
            req.entity_simulation.payment_error_code.clone(),
            ctx,
        )?;
        let n = self.id();
        let simulation = Simulation {
            simulation_id: format!("sim_mock_{n}"),
            entity: req.entity,
            entity_id: req.entity_id,
            entity_simulation: json!({
                "payment_status": status,
                "payment_error_code": req.entity_simulation.payment_error_code,
            }),
        };
        let answer = Answer::ok(&simulation);
        self.simulations
            .insert(simulation.simulation_id.clone(), simulation);
        Ok(answer)
    }

    /// The hold a new payment starts with: a UPI collect with `authorize_only: true` (a one-time
    /// mandate, until its `authorization.end_time`), or a Visa or Mastercard test card while
    /// card pre-authorisation is on (seven days, as the pre-authorisation guide says).
    fn hold_for(
        &self,
        method: &Value,
        channel: &str,
        order: &Order,
        now: DateTime<Utc>,
    ) -> Result<Option<Authorization>, Refusal> {
        let nothing = Amount::from_minor(0, order.order_amount.decimal_places());
        let hold = |until, start, end, approve_by| Authorization {
            action: None,
            status: None,
            captured_amount: nothing,
            start_time: start,
            end_time: end,
            approve_by,
            action_reference: None,
            action_time: None,
            until,
            captured_at: None,
        };
        if let Some(upi) = method.get("upi") {
            if upi.get("authorize_only").and_then(Value::as_bool) != Some(true) {
                return Ok(None);
            }
            if channel != "collect" {
                return Err(Refusal::invalid(
                    "authorize_only_invalid",
                    format!("pay_order: authorize_only works with the UPI collect channel only, not {channel}"),
                ));
            }
            let window = upi.get("authorization");
            let field = |name: &str| {
                window
                    .and_then(|w| w.get(name))
                    .and_then(Value::as_str)
                    .map(str::to_string)
            };
            let end = field("end_time");
            let until = match end.as_deref() {
                None => now + chrono::Duration::days(PREAUTH_DAYS),
                Some(text) => parse_time(text).filter(|t| *t > now).ok_or_else(|| {
                    Refusal::invalid(
                        "authorize_only_invalid",
                        format!("pay_order: upi.authorization.end_time `{text}` must be a future ISO 8601 time with an offset"),
                    )
                })?,
            };
            return Ok(Some(hold(
                until,
                field("start_time"),
                end,
                field("approve_by"),
            )));
        }
        let visa_or_mastercard = method
            .get("card")
            .and_then(|c| c.get("card_number"))
            .and_then(Value::as_str)
            .is_some_and(|n| n.starts_with('4') || n.starts_with('5'));
        if self.card_preauth && visa_or_mastercard {
            let until = now + chrono::Duration::days(PREAUTH_DAYS);
            return Ok(Some(hold(until, None, None, None)));
        }
        Ok(None)
    }

    /// Applies time to an order's held payments: a hold past its end is released (`VOID`).
    fn lapse_holds(&mut self, order_id: &str, ctx: &Ctx<'_>) {
        let now = ctx.clock.now();
        let lapsed: Vec<String> = self
            .payments_of(order_id)
            .into_iter()
            .filter(|p| {
                p.hold() == Hold::Authorised
                    && p.authorization.as_ref().is_some_and(|a| now >= a.until)
            })
            .map(|p| p.cf_payment_id.clone())
            .collect();
        for id in lapsed {
            self.release(
                &id,
                None,
                "PRE_AUTH|authorisation lapsed; the money went back to the customer",
                ctx,
            );
        }
    }

    /// Releases a held payment: `VOID`, and its order can be paid again (DISCREPANCIES MK-9).
    fn release(
        &mut self,
        cf_payment_id: &str,
        action: Option<&'static str>,
        message: &str,
        ctx: &Ctx<'_>,
    ) {
        let now = ctx.clock.now();
        let Some(payment) = self.payments.get_mut(&cf_payment_id.to_string()) else {
            return;
        };
        payment.payment_status = "VOID".into();
        payment.payment_message = message.into();
        if let Some(a) = payment.authorization.as_mut() {
            a.until = a.until.min(now);
            if action.is_some() {
                a.action = action;
                a.status = Some("SUCCESS");
                a.action_reference = Some(format!("{:022}", payment.seq));
                a.action_time = Some(ts(now));
            }
        }
        let order_id = payment.order_id.clone();
        if let Some(order) = self.orders.get_mut(&order_id) {
            if order.order_status == "PAID" {
                order.order_status = "ACTIVE";
            }
        }
    }

    /// `authorize_order_payment`: captures or voids the order's held payment.
    fn authorize(&mut self, call: &Call<'_>, ctx: &Ctx<'_>) -> Result<Answer, Refusal> {
        #[derive(Deserialize)]
        struct Authorize {
            action: Option<String>,
            amount: Option<Amount>,
        }
        let op = "authorize_order_payment";
        let order_id = call.param("order_id").to_string();
        let req: Authorize = call.body()?;
        self.order(&order_id, ctx)?;
        let Some(action) = req.action else {
            return Err(Refusal::invalid(
                "action_missing",
                format!("{op}: action is required: CAPTURE or VOID"),
            ));
        };
        // The order's pre-authorised payment: the one holding money, else the latest one made
        // with a hold (captured, voided, failed or still pending).
        let payment = {
            let payments = self.payments_of(&order_id);
            payments
                .iter()
                .find(|p| p.hold() == Hold::Authorised)
                .or_else(|| payments.iter().rev().find(|p| p.authorization.is_some()))
                .map(|p| (*p).clone())
        };
        let Some(payment) = payment else {
            return Err(Refusal::not_found(
                "payment_not_found",
                format!("{op}: order `{order_id}` has no pre-authorised payment; pay it with a UPI collect and authorize_only: true first"),
            ));
        };
        let now = ctx.clock.now();
        match preauth::decide(payment.hold(), &action, req.amount, payment.payment_amount) {
            Ok(Outcome::Captured(amount)) => {
                let n = self.id();
                if let Some(p) = self.payments.get_mut(&payment.cf_payment_id) {
                    p.is_captured = true;
                    p.settled_seq = n;
                    p.payment_message = "PRE_AUTH|Transaction Success".into();
                    if let Some(a) = p.authorization.as_mut() {
                        a.action = Some("CAPTURE");
                        a.status = Some("SUCCESS");
                        a.captured_amount = amount;
                        a.action_reference = Some(format!("{:022}", p.seq));
                        a.action_time = Some(ts(now));
                        a.captured_at = Some(now);
                    }
                }
            }
            Ok(Outcome::Voided) => {
                self.release(&payment.cf_payment_id, Some("VOID"), "PRE_AUTH|authorisation voided; the money went back to the customer", ctx);
            }
            Err(Refused::AmountInvalid) => {
                return Err(Refusal::invalid(
                    "payment_amount_invalid",
                    format!(
                        "{op}: amount {} must be more than 0 and at most the {} authorised on payment `{}`",
                        req.amount.map(|a| a.to_string()).unwrap_or_default(),
                        payment.payment_amount,
                        payment.cf_payment_id
                    ),
                ))
            }
            Err(why) => {
                let code = match why {
                    Refused::AlreadyCaptured => "order_already_paid",
                    Refused::Voided => "order_id_voided",
                    Refused::UnknownAction => "action_invalid",
                    _ => "order_id_not_paid",
                };
                return Err(Refusal::invalid(
                    code,
                    format!(
                        "{op}: payment `{}` of order `{order_id}` cannot take {action}: {}",
                        payment.cf_payment_id,
                        why.why()
                    ),
                ));
            }
        }
        self.payments
            .get(&payment.cf_payment_id)
            .map(Answer::ok)
            .ok_or_else(|| payment_gone(op, &payment.cf_payment_id))
    }

    fn payments_of(&self, order_id: &str) -> Vec<&Payment> {
        self.payments
            .values()
            .filter(|p| p.order_id == order_id)
            .collect()
    }

    fn paid_amount(&self, order_id: &str) -> Decimal {
        self.payments_of(order_id)
            .iter()
            .filter_map(|p| p.captured())
            .map(|a| a.decimal())
            .sum()
    }

    /// Applies time to a refund: `PENDING` past its processing time is `SUCCESS`.
    fn refund_now(&mut self, key: &str, ctx: &Ctx<'_>) -> Option<Refund> {
        let refund = self.refunds.get_mut(&key.to_string())?;
        if refund.refund_status == "PENDING" && ctx.clock.now() >= refund.due {
            refund.refund_status = "SUCCESS";
            refund.status_description = "Refund processed successfully".into();
            refund.processed_at = Some(ts(refund.due));
            let data = format!(r#"{{"refund":{}}}"#, json_text(&*refund));
            let id = refund.refund_id.clone();
            let refund = refund.clone();
            Self::publish(ctx, "REFUND_STATUS_WEBHOOK", &id, data);
            return Some(refund);
        }
        Some(refund.clone())
    }

    fn create_refund(&mut self, call: &Call<'_>, ctx: &Ctx<'_>) -> Result<Answer, Refusal> {
        let order_id = call.param("order_id").to_string();
        let req: CreateRefund = call.body()?;
        let order = self.order(&order_id, ctx)?.clone();
        if order.order_status != "PAID" {
            return Err(Refusal::invalid(
                "order_id_not_paid",
                format!(
                    "create_refund: order `{order_id}` is {}; only a PAID order can be refunded",
                    order.order_status
                ),
            ));
        }
        let key = format!("{order_id}/{}", req.refund_id);
        if self.refunds.contains(&key) {
            return Err(Refusal::exists(
                "refund_already_exists",
                format!("create_refund: refund `{}` already exists for order `{order_id}`; get_refund reads it", req.refund_id),
            ));
        }
        let paid = self.paid_amount(&order_id);
        let refunded: Decimal = self
            .refunds
            .values()
            .filter(|r| {
                r.order_id == order_id
                    && r.refund_status != "FAILED"
                    && r.refund_status != "CANCELLED"
            })
            .map(|r| r.refund_amount.decimal())
            .sum();
        let left = paid - refunded;
        if req.refund_amount.decimal() > left {
            return Err(Refusal::invalid(
                "refund_amount_invalid",
                format!(
                    "create_refund: refund_amount {} is more than the {} left to refund on order `{order_id}` (paid {paid}, refunded {refunded})",
                    req.refund_amount, left
                ),
            ));
        }
        let Some(payment) = self
            .payments_of(&order_id)
            .into_iter()
            .find(|p| p.captured().is_some())
            .map(|p| p.cf_payment_id.clone())
        else {
            return Err(Refusal::invalid(
                "order_id_not_paid",
                "create_refund: the order has no successful payment",
            ));
        };
        let n = self.id();
        let now = ctx.clock.now();
        let refund = Refund {
            cf_payment_id: payment,
            cf_refund_id: (7_000_000 + n).to_string(),
            order_id: order_id.clone(),
            refund_id: req.refund_id,
            entity: "refund",
            refund_amount: req.refund_amount,
            refund_currency: order.order_currency.clone(),
            refund_note: req.refund_note,
            refund_status: "PENDING",
            refund_type: "MERCHANT_INITIATED",
            refund_mode: if req.refund_speed.as_deref() == Some("INSTANT") {
                "INSTANT"
            } else {
                "STANDARD"
            },
            status_description: "In Progress".into(),
            created_at: ts(now),
            processed_at: None,
            due: now + chrono::Duration::seconds(REFUND_PROCESSING_SECS),
            seq: n,
            created: now,
        };
        let answer = Answer::ok(&refund);
        self.refunds.insert(key, refund);
        Ok(answer)
    }

    fn refund_keys(&self, order_id: &str) -> Vec<String> {
        self.refunds
            .values()
            .filter(|r| r.order_id == order_id)
            .map(|r| format!("{}/{}", r.order_id, r.refund_id))
            .collect()
    }

    fn link(&mut self, id: &str, ctx: &Ctx<'_>) -> Result<&mut Link, Refusal> {
        let link = self.links.get_mut(&id.to_string()).ok_or_else(|| {
            Refusal::not_found(
                "link_get_not_found",
                format!("no payment link `{id}` on this mock"),
            )
        })?;
        if link.link_status == "ACTIVE" && ctx.clock.now() >= link.expires {
            link.link_status = "EXPIRED";
            // Document 083: the link webhook also notifies a link's expiry (`order` null).
            let data = link_event_data(link, Value::Null);
            Self::publish(ctx, "PAYMENT_LINK_EVENT", id, data.to_string());
        }
        Ok(link)
    }

    fn create_link(&mut self, call: &Call<'_>, ctx: &Ctx<'_>) -> Result<Answer, Refusal> {
        let req: CreateLink = call.body()?;
        if self.links.contains(&req.link_id) {
            return Err(Refusal::exists(
                "link_already_exists",
                format!(
                    "create_link: link `{}` already exists; use a new link_id",
                    req.link_id
                ),
            ));
        }
        let now = ctx.clock.now();
        let expires = match req.link_expiry_time.as_deref() {
            Some(text) => parse_time(text).ok_or_else(|| {
                Refusal::invalid(
                    "link_expiry_time_invalid",
                    "create_link: link_expiry_time must be an ISO 8601 time",
                )
            })?,
            None => now + chrono::Duration::days(30),
        };
        let n = self.id();
        let currency = req.link_currency.clone();
        let link = Link {
            cf_link_id: (4_000_000 + n).to_string(),
            link_id: req.link_id.clone(),
            link_status: "ACTIVE",
            link_currency: req.link_currency,
            link_amount: req.link_amount,
            link_amount_paid: Amount::from_minor(0, req.link_amount.decimal_places()),
            link_partial_payments: req.link_partial_payments.unwrap_or(false),
            link_purpose: req.link_purpose,
            link_created_at: ts(now),
            customer_details: req.customer_details,
            link_url: format!("https://payments-test.cashfree.com/links/mock{n}"),
            link_expiry_time: ts(expires),
            link_notes: req.link_notes.unwrap_or(Value::Null),
            link_meta: req.link_meta.unwrap_or(Value::Null),
            expires,
        };
        let _ = currency;
        let answer = Answer::ok(&link);
        self.links.insert(req.link_id, link);
        Ok(answer)
    }

    fn dispute(&mut self, id: &str) -> Result<&mut Dispute, Refusal> {
        self.disputes.get_mut(&id.to_string()).ok_or_else(|| {
            Refusal::not_found(
                "dispute_request_not_found",
                format!("no dispute `{id}` on this mock"),
            )
        })
    }

    fn instrument(&self, customer: &str, id: &str) -> Result<&Instrument, Refusal> {
        self.instruments
            .get(&id.to_string())
            .filter(|i| i.customer_id == customer && i.instrument_status == "ACTIVE")
            .ok_or_else(|| {
                Refusal::not_found(
                    "instrument_not_found",
                    format!("no saved instrument `{id}` for customer `{customer}`"),
                )
            })
    }

    /// `POST /__paygen/pg/preauth {"cards": true|false}`: turns card pre-authorisation on or
    /// off for the mock's account.
    fn set_card_preauth(&mut self, body: &[u8]) -> Result<Answer, Refusal> {
        #[derive(Deserialize)]
        struct Preauth {
            cards: bool,
        }
        let req: Preauth = serde_json::from_slice(body).map_err(|e| {
            Refusal::invalid(
                "request_invalid",
                format!("pg/preauth takes {{\"cards\": true}} or {{\"cards\": false}}: {e}"),
            )
        })?;
        self.card_preauth = req.cards;
        Ok(Answer::ok(&json!({"cards": req.cards})))
    }

    fn open_dispute(&mut self, body: &[u8], ctx: &Ctx<'_>) -> Result<Answer, Refusal> {
        #[derive(Deserialize)]
        struct Open {
            cf_payment_id: String,
            dispute_type: Option<String>,
        }
        let req: Open = serde_json::from_slice(body).map_err(|e| {
            Refusal::invalid(
                "request_invalid",
                format!("pg/disputes takes {{\"cf_payment_id\": …}}: {e}"),
            )
        })?;
        let payment = self
            .payments
            .get(&req.cf_payment_id)
            .filter(|p| p.captured().is_some())
            .cloned()
            .ok_or_else(|| {
                Refusal::invalid(
                    "payment_not_found",
                    format!("no successful payment `{}` to dispute", req.cf_payment_id),
                )
            })?;
        let customer = self
            .orders
            .get(&payment.order_id)
            .map(|o| o.customer_details.clone())
            .unwrap_or(Value::Null);
        let n = self.id();
        let now = ctx.clock.now();
        let kind = match req.dispute_type.as_deref() {
            Some("CHARGEBACK") => "CHARGEBACK",
            Some("RETRIEVAL") => "RETRIEVAL",
            _ => "DISPUTE",
        };
        let dispute = Dispute {
            dispute_id: (9_000_000 + n).to_string(),
            dispute_type: kind,
            reason_code: "4855".into(),
            reason_description: "Goods or services not provided".into(),
            dispute_amount: payment.payment_amount,
            dispute_amount_currency: payment.payment_currency.clone(),
            created_at: ts(now),
            respond_by: ts(now + chrono::Duration::days(7)),
            updated_at: ts(now),
            dispute_status: match kind {
                "CHARGEBACK" => "CHARGEBACK_CREATED",
                "RETRIEVAL" => "RETRIEVAL_CREATED",
                _ => "DISPUTE_CREATED",
            },
            cf_dispute_remarks: "opened on the mock".into(),
            order_details: json!({"order_id": payment.order_id, "cf_payment_id": payment.cf_payment_id}),
            customer_details: customer,
            order_id: payment.order_id.clone(),
            cf_payment_id: payment.cf_payment_id.clone(),
            seq: n,
            created: now,
        };
        let answer = Answer::ok(&dispute);
        Self::publish(
            ctx,
            "DISPUTE_CREATED",
            &dispute.dispute_id,
            dispute_webhook_data(&dispute),
        );
        self.disputes.insert(dispute.dispute_id.clone(), dispute);
        Ok(answer)
    }
}

/// Paying a payment link: the customer's act, so a control request
/// (`POST /__paygen/pg/links/{link_id}/pay`, body `{"amount": "55.00"}` or empty for what is
/// left). It makes a `PAID` order of the link (listed by `get_link_orders`; its payment
/// publishes `PAYMENT_SUCCESS_WEBHOOK`), moves the link to `PAID` or `PARTIALLY_PAID`, and
/// publishes `PAYMENT_LINK_EVENT` with the fields document 083 lists (amounts as text, as
/// there).
impl PgState {
    fn pay_link(&mut self, id: &str, body: &[u8], ctx: &Ctx<'_>) -> Result<Answer, Refusal> {
        #[derive(Deserialize, Default)]
        struct Pay {
            amount: Option<Amount>,
        }
        let req: Pay = if body.iter().all(u8::is_ascii_whitespace) {
            Pay::default()
        } else {
            serde_json::from_slice(body).map_err(|e| {
                Refusal::invalid(
                    "request_invalid",
                    format!("pg/links/{id}/pay takes {{\"amount\": \"55.00\"}} or no body: {e}"),
                )
            })?
        };
        let link = self.link(id, ctx)?.clone();
        if !["ACTIVE", "PARTIALLY_PAID"].contains(&link.link_status) {
            return Err(Refusal::invalid(
                "link_inactive",
                format!(
                    "pay: link `{id}` is {}; only an ACTIVE or PARTIALLY_PAID link can be paid",
                    link.link_status
                ),
            ));
        }
        let left = link.link_amount.decimal() - link.link_amount_paid.decimal();
        let amount = req.amount.unwrap_or_else(|| Amount::from(left));
        let pay = amount.decimal();
        if pay <= Decimal::ZERO || pay > left || (!link.link_partial_payments && pay != left) {
            return Err(Refusal::invalid(
                "link_amount_invalid",
                format!(
                    "pay: amount {amount} for link `{id}` must be more than 0 and at most the {left} left{}",
                    if link.link_partial_payments { "" } else { " (the link takes no partial payments: pay all of it)" }
                ),
            ));
        }
        let n = self.id();
        let now = ctx.clock.now();
        let order_id = format!("CFPay_{}_{n}", link.cf_link_id);
        let session = format!("session_mock_{}", crate::mock::ids::uuid().simple());
        self.orders.insert(
            order_id.clone(),
            Order {
                cf_order_id: (2_149_460_000 + n).to_string(),
                order_id: order_id.clone(),
                entity: "order",
                order_currency: link.link_currency.clone(),
                order_amount: amount,
                order_status: "ACTIVE",
                payment_session_id: session.clone(),
                order_expiry_time: link.link_expiry_time.clone(),
                order_note: None,
                created_at: ts(now),
                customer_details: link.customer_details.clone(),
                order_meta: Value::Null,
                order_tags: Value::Null,
                expires: link.expires,
                link_id: Some(id.to_string()),
            },
        );
        self.sessions.insert(session, order_id.clone());
        let cf_payment_id = (5_114_910_000 + n).to_string();
        self.payments.insert(
            cf_payment_id.clone(),
            Payment {
                cf_payment_id: cf_payment_id.clone(),
                order_id: order_id.clone(),
                entity: "payment",
                is_captured: false,
                order_amount: amount,
                order_currency: link.link_currency.clone(),
                payment_group: "upi",
                payment_currency: link.link_currency.clone(),
                payment_amount: amount,
                payment_time: ts(now),
                payment_completion_time: None,
                payment_status: "PENDING".into(),
                payment_message: "paid through the payment link".into(),
                bank_reference: None,
                payment_method: json!({"upi": {"channel": "collect", "upi_id": UPI_SUCCESS}}),
                error_details: None,
                auth_id: None,
                authorization: None,
                seq: n,
                settled_seq: 0,
                completed: None,
            },
        );
        self.settle_payment(&cf_payment_id, "SUCCESS", None, ctx)?;
        let paid = Amount::from(link.link_amount_paid.decimal() + pay);
        let status = if paid.decimal() == link.link_amount.decimal() {
            "PAID"
        } else {
            "PARTIALLY_PAID"
        };
        let updated = self.link(id, ctx)?;
        updated.link_amount_paid = paid;
        updated.link_status = status;
        let updated = updated.clone();
        let order = json!({
            "order_amount": amount.to_string(),
            "order_id": order_id,
            "order_expiry_time": updated.link_expiry_time,
            "order_hash": format!("mockhash{n}"),
            "transaction_id": cf_payment_id,
            "transaction_status": "SUCCESS",
        });
        let data = link_event_data(&updated, order);
        Self::publish(ctx, "PAYMENT_LINK_EVENT", id, data.to_string());
        Ok(Answer::ok(&updated))
    }
}

/// The `data` of a `PAYMENT_LINK_EVENT`: the fields document 083 lists (amounts as text, as
/// there), with `order` the paying order, or null for a cancelled or expired link ("Will be
/// null for cancelled and expired link statuses").
fn link_event_data(link: &Link, order: Value) -> Value {
    json!({
        "cf_link_id": link.cf_link_id,
        "link_id": link.link_id,
        "link_status": link.link_status,
        "link_currency": link.link_currency,
        "link_amount": link.link_amount.to_string(),
        "link_amount_paid": link.link_amount_paid.to_string(),
        "link_partial_payments": link.link_partial_payments,
        "link_minimum_partial_amount": null,
        "link_purpose": link.link_purpose,
        "link_created_at": link.link_created_at,
        "customer_details": link.customer_details,
        "link_meta": link.link_meta,
        "link_url": link.link_url,
        "link_expiry_time": link.link_expiry_time,
        "link_notes": link.link_notes,
        "link_auto_reminders": false,
        "link_notify": {"send_sms": false, "send_email": false},
        "order": order,
    })
}

fn list<T: Serialize>(items: Vec<T>) -> Answer {
    Answer::ok(&items)
}

impl FamilyState for PgState {
    fn families(&self) -> &'static [Family] {
        &[Family::Pg]
    }

    fn handle(&mut self, call: &Call<'_>, ctx: &Ctx<'_>) -> Handled {
        let result = match call.operation_id {
            "create_order" => self.create_order(call, ctx),
            "get_order" => self
                .order(call.param("order_id"), ctx)
                .map(|o| Answer::ok(o)),
            "terminate_order" => self.terminate_order(call, ctx),
            "pay_order" => self.pay_order(call, ctx),
            "simulate_payment" => self.simulate(call, ctx),
            "get_simulation" => self
                .simulations
                .get(&call.param("simulation_id").to_string())
                .map(Answer::ok)
                .ok_or_else(|| {
                    Refusal::not_found(
                        "simulation_id_invalid",
                        format!(
                            "no simulation `{}` on this mock",
                            call.param("simulation_id")
                        ),
                    )
                }),
            "authorize_order_payment" => self.authorize(call, ctx),
            "get_payments_for_order" => {
                let id = call.param("order_id");
                self.order(id, ctx)
                    .map(|_| ())
                    .map(|()| list(self.payments_of(id)))
            }
            "get_payment" => {
                let id = call.param("order_id");
                self.order(id, ctx).map(|_| ()).and_then(|()| {
                    self.payments
                        .get(&call.param("cf_payment_id").to_string())
                        .filter(|p| p.order_id == id)
                        .map(Answer::ok)
                        .ok_or_else(|| {
                            Refusal::not_found(
                                "payment_not_found",
                                format!(
                                    "no payment `{}` on order `{id}`",
                                    call.param("cf_payment_id")
                                ),
                            )
                        })
                })
            }
            "create_refund" => self.create_refund(call, ctx),
            "get_refunds_for_order" => {
                let id = call.param("order_id").to_string();
                self.order(&id, ctx).map(|_| ()).map(|()| {
                    let keys = self.refund_keys(&id);
                    let refunds: Vec<Refund> = keys
                        .iter()
                        .filter_map(|k| self.refund_now(k, ctx))
                        .collect();
                    list(refunds)
                })
            }
            "get_refund" => {
                let key = format!("{}/{}", call.param("order_id"), call.param("refund_id"));
                self.refund_now(&key, ctx)
                    .map(|r| Answer::ok(&r))
                    .ok_or_else(|| {
                        Refusal::not_found(
                            "refund_get_not_found",
                            format!(
                                "no refund `{}` on order `{}`",
                                call.param("refund_id"),
                                call.param("order_id")
                            ),
                        )
                    })
            }
            "create_link" => self.create_link(call, ctx),
            "get_link" => self.link(call.param("link_id"), ctx).map(|l| Answer::ok(l)),
            "cancel_link" => self.link(call.param("link_id"), ctx).and_then(|link| {
                if link.link_status == "ACTIVE" {
                    link.link_status = "CANCELLED";
                    // Document 083: the link webhook also notifies a cancellation.
                    let data = link_event_data(link, Value::Null);
                    Self::publish(ctx, "PAYMENT_LINK_EVENT", &link.link_id, data.to_string());
                    Ok(Answer::ok(link))
                } else {
                    Err(Refusal::invalid(
                        "link_inactive",
                        format!(
                            "cancel_link: link `{}` is {}, not ACTIVE",
                            link.link_id, link.link_status
                        ),
                    ))
                }
            }),
            "get_link_orders" => {
                let id = call.param("link_id").to_string();
                self.link(&id, ctx).map(|_| ()).map(|()| {
                    list(
                        self.orders
                            .values()
                            .filter(|o| o.link_id.as_deref() == Some(id.as_str()))
                            .collect::<Vec<_>>(),
                    )
                })
            }
            "create_customer" => call.body::<CreateCustomer>().map(|req| {
                let n = self.id();
                let customer = Customer {
                    customer_uid: format!("cust_mock_{n}"),
                    customer_phone: req.customer_phone,
                    customer_email: req.customer_email,
                    customer_name: req.customer_name,
                };
                let answer = Answer::ok(&customer);
                self.customers
                    .insert(customer.customer_uid.clone(), customer);
                answer
            }),
            "get_customer_instruments" => {
                let customer = call.param("customer_id");
                Ok(list(
                    self.instruments
                        .values()
                        .filter(|i| i.customer_id == customer && i.instrument_status == "ACTIVE")
                        .collect::<Vec<_>>(),
                ))
            }
            "get_customer_instrument" => self
                .instrument(call.param("customer_id"), call.param("instrument_id"))
                .map(Answer::ok),
            "delete_customer_instrument" => {
                let (customer, id) = (call.param("customer_id"), call.param("instrument_id"));
                self.instrument(customer, id).map(|_| ()).map(|()| {
                    let mut gone = None;
                    if let Some(i) = self.instruments.get_mut(&id.to_string()) {
                        i.instrument_status = "INACTIVE";
                        gone = Some(Answer::ok(&*i));
                    }
                    gone.unwrap_or_else(|| Answer::ok(&json!({})))
                })
            }
            "get_instrument_cryptogram" => self
                .instrument(call.param("customer_id"), call.param("instrument_id"))
                .map(|i| {
                    let n = &i.card_number;
                    Answer::ok(&json!({
                        "instrument_id": i.instrument_id,
                        "token_requestor_id": "mock_trid",
                        "card_number": format!("4{:0>15}", &n[n.len().saturating_sub(15)..]),
                        "card_expiry_mm": "12",
                        "card_expiry_yy": "30",
                        "cryptogram": "AQBBBBBBBBBBBBBBBBBBBBBBBBB=",
                        "card_display": i.instrument_display,
                    }))
                }),
            "get_dispute" => self
                .dispute(call.param("dispute_id"))
                .map(|d| Answer::ok(d)),
            "accept_dispute" => {
                let now = ts(ctx.clock.now());
                self.dispute(call.param("dispute_id")).map(|d| {
                    d.dispute_status = match d.dispute_type {
                        "CHARGEBACK" => "CHARGEBACK_MERCHANT_ACCEPTED",
                        "RETRIEVAL" => "RETRIEVAL_MERCHANT_ACCEPTED",
                        _ => "DISPUTE_MERCHANT_ACCEPTED",
                    };
                    d.updated_at = now;
                    Self::publish(
                        ctx,
                        "DISPUTE_UPDATED",
                        &d.dispute_id,
                        dispute_webhook_data(d),
                    );
                    Answer::ok(d)
                })
            }
            "submit_dispute_evidence" => {
                let now = ts(ctx.clock.now());
                self.dispute(call.param("dispute_id")).map(|d| {
                    d.dispute_status = match d.dispute_type {
                        "CHARGEBACK" => "CHARGEBACK_DOCS_RECEIVED",
                        "RETRIEVAL" => "RETRIEVAL_DOCS_RECEIVED",
                        _ => "DISPUTE_DOCS_RECEIVED",
                    };
                    d.updated_at = now;
                    Self::publish(
                        ctx,
                        "DISPUTE_UPDATED",
                        &d.dispute_id,
                        dispute_webhook_data(d),
                    );
                    Answer::ok(&[&*d])
                })
            }
            "get_disputes_for_order" => {
                let id = call.param("order_id");
                Ok(list(
                    self.disputes
                        .values()
                        .filter(|d| d.order_id == id)
                        .collect::<Vec<_>>(),
                ))
            }
            "get_disputes_for_payment" => {
                let id = call.param("cf_payment_id");
                Ok(list(
                    self.disputes
                        .values()
                        .filter(|d| d.cf_payment_id == id)
                        .collect::<Vec<_>>(),
                ))
            }
            "get_settlement_for_order" => self.settlement_for_order(call, ctx),
            "get_settlements" => self.search_settlements(call, ctx),
            "get_settlement_recon" => self.settlement_recon(call, ctx),
            "get_recon" => self.recon(call, ctx),
            _ => return None,
        };
        Some(result)
    }

    fn control(&mut self, method: &str, path: &str, body: &[u8], ctx: &Ctx<'_>) -> Handled {
        match (method, path) {
            ("POST", "/pg/disputes") => Some(self.open_dispute(body, ctx)),
            ("POST", "/pg/preauth") => Some(self.set_card_preauth(body)),
            ("POST", path) => {
                let id = path.strip_prefix("/pg/links/")?.strip_suffix("/pay")?;
                let id = percent_encoding::percent_decode_str(id)
                    .decode_utf8_lossy()
                    .into_owned();
                Some(self.pay_link(&id, body, ctx))
            }
            _ => None,
        }
    }

    fn reset(&mut self) {
        *self = PgState::default();
    }
}
