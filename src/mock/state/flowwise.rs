//! The Flowwise state rules (docs 035–048).
//!
//! - **Customers**: `flowwise_create_customer` stores a customer under the merchant's
//!   `customer_id` (a repeated one gets `409 customer_already_exists`); update replaces its
//!   details; delete forgets it (`204`), after which update and delete get `404`.
//! - **Orders**: `flowwise_create_order` makes an `ACTIVE` order with an `order_hash` and a
//!   `checkout_url` (a repeated `order_id` gets `409 order_already_exists`). It can be paid
//!   until `order_expiry_time` (`expiry_time_in_minutes`, [`DEFAULT_EXPIRY_MINUTES`] unless
//!   given) by the mock's clock; later payments get `400 order_expired`.
//! - **Payments** (`flowwise_create_payment`, by `order_hash`): a `card` payment is
//!   pre-authorised — `status` `SUCCESS`, `capture_status` [`AUTHORISED`], nothing captured —
//!   and waits for `flowwise_authorize_payment`; a UPI payment to [`UPI_FAILURE`] fails; every
//!   other payment succeeds and is captured in full at once.
//! - **Capture and void** (`flowwise_authorize_payment`): only an authorised payment of that
//!   order. `CAPTURE` takes `capture_amount` (more than 0, at most the payment amount) and makes
//!   `capture_status` `SUCCESS`; `VOID` releases it (`capture_status` [`VOIDED`], nothing
//!   captured). A captured payment cannot be voided or captured again, a voided one cannot be
//!   captured (`400 payment_not_authorised`).
//! - **Bulk**: `flowwise_count_authorized_payments` counts authorised, not yet captured
//!   payments authorised within the window; `flowwise_capture_preauth_payments` captures each
//!   of them in full and says how many.
//! - **Refunds**: by payment, never above what that payment had captured less what was
//!   refunded from it; by order, never above what the order's payments captured less what
//!   was refunded (`400 refund_amount_invalid`). `SUCCESS` at once (the only status
//!   documented); a repeated `refund_id` gets `409 refund_already_exists`.
//!
//! The Flowwise documents describe no webhooks, so these rules publish no events.
//!
//! Errors carry Flowwise's documented `type` `validation_error` (doc 038's example) for
//! refused requests, `invalid_request_error` for unknown ids.

use chrono::{DateTime, SecondsFormat, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::preauth::{self, Hold, Outcome, Refused};
use super::{Call, Ctx, FamilyState, Handled};
use crate::mock::answer::{Answer, Refusal};
use crate::mock::bounded::Bounded;
use crate::mock::families::Family;
use crate::Amount;

/// How long an order can be paid when `expiry_time_in_minutes` is not given (the reference's
/// example expires two hours after it was added).
pub const DEFAULT_EXPIRY_MINUTES: i64 = 120;

/// `capture_status` of a pre-authorised payment that is neither captured nor voided (the
/// reference documents only `SUCCESS` and `FAILED`; see `specs/DISCREPANCIES.md` FW-13).
pub const AUTHORISED: &str = "PENDING";

/// `capture_status` of a voided authorisation (FW-13).
pub const VOIDED: &str = "VOID";

/// The UPI id whose payments fail (Cashfree's sandbox failure VPA).
pub const UPI_FAILURE: &str = "testfailure@gocash";

/// The `type` Flowwise's documented error example carries.
const VALIDATION: &str = "validation_error";

fn ts(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn refused(code: &str, message: String) -> Refusal {
    Refusal::new(400, code, VALIDATION, message)
}

fn parse_time(op: &str, field: &str, text: &str) -> Result<DateTime<Utc>, Refusal> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| {
            refused(
                &format!("{field}_invalid"),
                format!("{op}: {field} `{text}` is not an RFC 3339 instant such as 2024-12-01T00:00:00Z: {e}"),
            )
        })
}

#[derive(Clone, Debug, Serialize)]
struct Customer {
    id: String,
    added_on: String,
    updated_on: String,
    customer_id: String,
    project_id: &'static str,
    scope: String,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    phone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    address: Option<String>,
    #[serde(skip)]
    deleted: bool,
}

#[derive(Deserialize)]
struct CustomerRequest {
    customer_id: String,
    scope: String,
    name: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    address: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
struct Order {
    order_id: String,
    project_id: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    customer_email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    customer_id: Option<String>,
    order_status: &'static str,
    order_currency: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    payment_methods: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    order_note: Option<String>,
    checkout_url: String,
    order_hash: String,
    order_expiry_time: String,
    added_on: String,
    #[serde(skip)]
    order_amount: Amount,
    #[serde(skip)]
    expires: DateTime<Utc>,
    #[serde(skip)]
    return_url: Option<String>,
}

#[derive(Deserialize)]
struct CreateOrder {
    order_id: String,
    order_amount: Amount,
    order_currency: Option<String>,
    customer_details: Option<OrderCustomer>,
    payment_methods: Option<String>,
    expiry_time_in_minutes: Option<i64>,
    order_note: Option<String>,
    return_base_url: Option<String>,
}

#[derive(Deserialize)]
struct OrderCustomer {
    customer_id: Option<String>,
    customer_email: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
struct GatewayDetails {
    auth_id: Option<String>,
    processor_ref: Option<String>,
    utr: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
struct Payment {
    status: &'static str,
    order_id: String,
    payment_id: String,
    capture_status: &'static str,
    capture_amount: Amount,
    payment_amount: Amount,
    payment_currency: String,
    payment_method: String,
    payment_message: String,
    redirect_url: Option<String>,
    gateway_details: GatewayDetails,
    #[serde(skip)]
    payment_time: DateTime<Utc>,
}

impl Payment {
    fn is_authorised(&self) -> bool {
        self.status == "SUCCESS" && self.capture_status == AUTHORISED
    }
}

#[derive(Serialize)]
struct PaymentAttempt<'a> {
    payment_id: &'a str,
    order_id: &'a str,
    payment_method: &'a str,
    payment_amount: Amount,
    payment_status: &'a str,
    capture_status: &'a str,
    capture_amount: Amount,
    processor_ref: Option<&'a str>,
    redirect_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    return_url: Option<&'a str>,
    payment_time: String,
    order_expiry_time: &'a str,
}

#[derive(Deserialize)]
struct CreatePayment {
    payment_method: String,
    payment_method_details: Value,
    return_base_url: Option<String>,
}

#[derive(Deserialize)]
struct AuthorizeRequest {
    action: String,
    capture_amount: Amount,
}

#[derive(Deserialize)]
struct BulkCapture {
    start_date_time: String,
    end_date_time: String,
}

#[derive(Clone, Debug, Serialize)]
struct RefundGateway {
    refund_reference_id: String,
    refund_utr: String,
}

#[derive(Clone, Debug, Serialize)]
struct Refund {
    payment_id: String,
    order_id: String,
    refund_id: String,
    refund_amount: Amount,
    refund_status: &'static str,
    refund_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    refund_note: Option<String>,
    refund_message: &'static str,
    gateway_details: RefundGateway,
}

#[derive(Deserialize)]
struct RefundRequest {
    refund_id: String,
    refund_amount: Amount,
    refund_type: String,
    refund_note: Option<String>,
}

/// Flowwise customers, orders, payments and refunds.
#[derive(Debug, Default)]
pub struct FlowwiseState {
    customers: Bounded<String, Customer>,
    orders: Bounded<String, Order>,
    /// order_hash → order_id.
    hashes: Bounded<String, String>,
    payments: Bounded<String, Payment>,
    refunds: Bounded<String, Refund>,
    next: u64,
}

fn order_not_found(op: &str, id: &str) -> Refusal {
    Refusal::not_found(
        "order_not_found",
        format!("{op}: no order `{id}` on this mock; create it with flowwise_create_order first"),
    )
}

fn payment_not_found(op: &str, id: &str) -> Refusal {
    Refusal::not_found(
        "payment_not_found",
        format!("{op}: no payment `{id}`; start one with flowwise_create_payment"),
    )
}

impl FlowwiseState {
    fn id(&mut self) -> u64 {
        self.next += 1;
        self.next
    }

    fn create_customer(&mut self, call: &Call<'_>, ctx: &Ctx<'_>) -> Result<Answer, Refusal> {
        let req: CustomerRequest = call.body()?;
        if self
            .customers
            .get(&req.customer_id)
            .is_some_and(|c| !c.deleted)
        {
            return Err(Refusal::exists(
                "customer_already_exists",
                format!(
                    "flowwise_create_customer: customer `{}` already exists; update it with flowwise_update_customer",
                    req.customer_id
                ),
            ));
        }
        let n = self.id();
        let now = ts(ctx.clock.now());
        let customer = Customer {
            id: format!("fw_cust_{n}"),
            added_on: now.clone(),
            updated_on: now,
            customer_id: req.customer_id.clone(),
            project_id: "proj_mock",
            scope: req.scope,
            status: "ACTIVE",
            name: req.name,
            email: req.email,
            phone: req.phone,
            address: req.address,
            deleted: false,
        };
        let answer = Answer::ok(&customer);
        self.customers.insert(req.customer_id, customer);
        Ok(answer)
    }

    fn update_customer(&mut self, call: &Call<'_>, ctx: &Ctx<'_>) -> Result<Answer, Refusal> {
        let id = call.param("customer_id").to_string();
        let req: CustomerRequest = call.body()?;
        if req.customer_id != id {
            return Err(refused(
                "customer_id_invalid",
                format!("flowwise_update_customer: the body's customer_id `{}` is not the path's `{id}`", req.customer_id),
            ));
        }
        let customer = self
            .customers
            .get_mut(&id)
            .filter(|c| !c.deleted)
            .ok_or_else(|| customer_not_found("flowwise_update_customer", &id))?;
        customer.scope = req.scope;
        customer.name = req.name;
        customer.email = req.email;
        customer.phone = req.phone;
        customer.address = req.address;
        customer.updated_on = ts(ctx.clock.now());
        Ok(Answer::ok(&*customer))
    }

    fn delete_customer(&mut self, call: &Call<'_>) -> Result<Answer, Refusal> {
        let id = call.param("customer_id").to_string();
        match self.customers.get_mut(&id).filter(|c| !c.deleted) {
            Some(c) => c.deleted = true,
            None => return Err(customer_not_found("flowwise_delete_customer", &id)),
        }
        Ok(Answer {
            status: 204,
            body: Vec::new(),
            headers: Vec::new(),
        })
    }

    fn create_order(&mut self, call: &Call<'_>, ctx: &Ctx<'_>) -> Result<Answer, Refusal> {
        let req: CreateOrder = call.body()?;
        if self.orders.contains(&req.order_id) {
            return Err(Refusal::exists(
                "order_already_exists",
                format!("flowwise_create_order: order `{}` already exists; read it with flowwise_get_order", req.order_id),
            ));
        }
        if !req.order_amount.is_positive() {
            return Err(refused(
                "order_amount_invalid",
                format!(
                    "flowwise_create_order: order_amount {} must be more than 0",
                    req.order_amount
                ),
            ));
        }
        let minutes = req.expiry_time_in_minutes.unwrap_or(DEFAULT_EXPIRY_MINUTES);
        if !(1..=60 * 24 * 365).contains(&minutes) {
            return Err(refused(
                "expiry_time_in_minutes_invalid",
                format!("flowwise_create_order: expiry_time_in_minutes {minutes} must be between 1 and 525600"),
            ));
        }
        let now = ctx.clock.now();
        let expires = now + chrono::Duration::minutes(minutes);
        let hash = format!("{:032x}", uuid::Uuid::new_v4().as_u128());
        let (customer_id, customer_email) = match req.customer_details {
            Some(c) => (c.customer_id, c.customer_email),
            None => (None, None),
        };
        let order = Order {
            order_id: req.order_id.clone(),
            project_id: "proj_mock",
            customer_email,
            customer_id,
            order_status: "ACTIVE",
            order_currency: req.order_currency.unwrap_or_else(|| "INR".into()),
            payment_methods: req.payment_methods,
            order_note: req.order_note,
            checkout_url: format!("https://payments.flowwise.mock/checkout/{}", req.order_id),
            order_hash: hash.clone(),
            order_expiry_time: ts(expires),
            added_on: ts(now),
            order_amount: req.order_amount,
            expires,
            return_url: req.return_base_url,
        };
        let answer = Answer::ok(&order);
        self.hashes.insert(hash, req.order_id.clone());
        self.orders.insert(req.order_id, order);
        Ok(answer)
    }

    fn create_payment(&mut self, call: &Call<'_>, ctx: &Ctx<'_>) -> Result<Answer, Refusal> {
        let op = "flowwise_create_payment";
        let hash = call.param("order_hash").to_string();
        let req: CreatePayment = call.body()?;
        let order = self
            .hashes
            .get(&hash)
            .and_then(|id| self.orders.get(id))
            .cloned()
            .ok_or_else(|| {
                Refusal::not_found(
                    "order_not_found",
                    format!("{op}: no order has order_hash `{hash}`; use the order_hash flowwise_create_order returned"),
                )
            })?;
        let now = ctx.clock.now();
        if now >= order.expires {
            return Err(refused(
                "order_expired",
                format!(
                    "{op}: order `{}` expired at {}; create a new order",
                    order.order_id, order.order_expiry_time
                ),
            ));
        }
        let n = self.id();
        let payment_id = format!("fw_pay_{n}");
        let zero = Amount::from_minor(0, order.order_amount.decimal_places());
        let upi = req
            .payment_method_details
            .get("upi_id")
            .and_then(Value::as_str);
        let (status, capture_status, captured, message) = match (req.payment_method.as_str(), upi) {
            ("card", _) => (
                "SUCCESS",
                AUTHORISED,
                zero,
                "Payment authorised; capture or void it",
            ),
            ("upi", Some(UPI_FAILURE)) => ("FAILED", "FAILED", zero, "Payment failed"),
            _ => (
                "SUCCESS",
                "SUCCESS",
                order.order_amount,
                "Payment successful",
            ),
        };
        let processor_ref = format!("MOCKREF{n:012}");
        let payment = Payment {
            status,
            order_id: order.order_id.clone(),
            payment_id: payment_id.clone(),
            capture_status,
            capture_amount: captured,
            payment_amount: order.order_amount,
            payment_currency: order.order_currency.clone(),
            payment_method: req.payment_method.clone(),
            payment_message: message.into(),
            redirect_url: None,
            gateway_details: GatewayDetails {
                auth_id: (status == "SUCCESS").then(|| format!("AUTH_{n:010}")),
                processor_ref: Some(processor_ref.clone()),
                utr: (capture_status == "SUCCESS").then(|| format!("{n:012}")),
            },
            payment_time: now,
        };
        let return_url = req.return_base_url.or(order.return_url.clone());
        let attempt = PaymentAttempt {
            payment_id: &payment_id,
            order_id: &order.order_id,
            payment_method: &req.payment_method,
            payment_amount: order.order_amount,
            payment_status: status,
            capture_status,
            capture_amount: captured,
            processor_ref: Some(&processor_ref),
            redirect_url: None,
            return_url: return_url.as_deref(),
            payment_time: ts(now),
            order_expiry_time: &order.order_expiry_time,
        };
        let answer = Answer::ok(&attempt);
        self.payments.insert(payment_id, payment);
        Ok(answer)
    }

    fn authorize(&mut self, call: &Call<'_>) -> Result<Answer, Refusal> {
        let op = "flowwise_authorize_payment";
        let order_id = call.param("order_id").to_string();
        let payment_id = call.param("payment_id").to_string();
        let req: AuthorizeRequest = call.body()?;
        if !self.orders.contains(&order_id) {
            return Err(order_not_found(op, &order_id));
        }
        let payment = self
            .payments
            .get_mut(&payment_id)
            .filter(|p| p.order_id == order_id)
            .ok_or_else(|| payment_not_found(op, &payment_id))?;
        let hold = if payment.is_authorised() {
            Hold::Authorised
        } else {
            match payment.capture_status {
                "SUCCESS" => Hold::Captured,
                VOIDED => Hold::Voided,
                _ => Hold::NotAuthorised,
            }
        };
        match preauth::decide(
            hold,
            &req.action,
            Some(req.capture_amount),
            payment.payment_amount,
        ) {
            Ok(Outcome::Captured(amount)) => {
                payment.capture_status = "SUCCESS";
                payment.capture_amount = amount;
                payment.payment_message = "Payment captured successfully".into();
                payment.gateway_details.utr = Some(format!("{:012}", self.next + 1));
            }
            Ok(Outcome::Voided) => {
                payment.capture_status = VOIDED;
                payment.capture_amount =
                    Amount::from_minor(0, payment.payment_amount.decimal_places());
                payment.payment_message = "Payment voided successfully".into();
            }
            Err(Refused::UnknownAction) => {
                return Err(refused(
                    "action_invalid",
                    format!("{op}: action `{}` is neither CAPTURE nor VOID", req.action),
                ))
            }
            Err(Refused::AmountInvalid) => {
                return Err(refused(
                    "capture_amount_invalid",
                    format!(
                        "{op}: capture_amount {} must be more than 0 and at most the authorised {}",
                        req.capture_amount, payment.payment_amount
                    ),
                ))
            }
            Err(why) => {
                return Err(refused(
                    "payment_not_authorised",
                    format!(
                        "{op}: payment `{payment_id}` cannot be {}: {}",
                        req.action.to_ascii_lowercase(),
                        why.why()
                    ),
                ))
            }
        }
        let answer = Answer::ok(&*payment);
        self.next += 1;
        Ok(answer)
    }

    fn window(op: &str, start: &str, end: &str) -> Result<(DateTime<Utc>, DateTime<Utc>), Refusal> {
        let from = parse_time(op, "start_date_time", start)?;
        let to = parse_time(op, "end_date_time", end)?;
        if to < from {
            return Err(refused(
                "end_date_time_invalid",
                format!("{op}: end_date_time {end} is before start_date_time {start}"),
            ));
        }
        Ok((from, to))
    }

    fn authorised_in(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<String> {
        self.payments
            .values()
            .filter(|p| p.is_authorised() && p.payment_time >= from && p.payment_time <= to)
            .map(|p| p.payment_id.clone())
            .collect()
    }

    fn count(&mut self, call: &Call<'_>) -> Result<Answer, Refusal> {
        let (start, end) = (call.param("start_date_time"), call.param("end_date_time"));
        let (from, to) = Self::window("flowwise_count_authorized_payments", start, end)?;
        let count = self.authorised_in(from, to).len();
        Ok(Answer::ok(&json!({
            "total_authorized_payments": count,
            "start_date_time": start,
            "end_date_time": end,
        })))
    }

    fn bulk_capture(&mut self, call: &Call<'_>) -> Result<Answer, Refusal> {
        let req: BulkCapture = call.body()?;
        let (from, to) = Self::window(
            "flowwise_capture_preauth_payments",
            &req.start_date_time,
            &req.end_date_time,
        )?;
        let ids = self.authorised_in(from, to);
        for id in &ids {
            self.next += 1;
            let utr = format!("{:012}", self.next);
            if let Some(p) = self.payments.get_mut(id) {
                p.capture_status = "SUCCESS";
                p.capture_amount = p.payment_amount;
                p.payment_message = "Payment captured successfully".into();
                p.gateway_details.utr = Some(utr);
            }
        }
        Ok(Answer::ok(&json!({
            "total_payment_to_be_captured": ids.len(),
            "start_date_time": req.start_date_time,
            "end_date_time": req.end_date_time,
        })))
    }

    fn refunded_from(&self, payment_id: &str) -> Decimal {
        self.refunds
            .values()
            .filter(|r| r.payment_id == payment_id)
            .map(|r| r.refund_amount.decimal())
            .sum()
    }

    /// Creates a refund of `req` from one of `candidates` (payment ids, in order), within
    /// `room` (what is left to refund).
    fn refund(
        &mut self,
        op: &str,
        req: RefundRequest,
        order_id: &str,
        candidates: Vec<String>,
        whose: String,
    ) -> Result<Answer, Refusal> {
        if self.refunds.contains(&req.refund_id) {
            return Err(Refusal::exists(
                "refund_already_exists",
                format!(
                    "{op}: refund `{}` already exists; read it with flowwise_get_refund",
                    req.refund_id
                ),
            ));
        }
        if !req.refund_amount.is_positive() {
            return Err(refused(
                "refund_amount_invalid",
                format!(
                    "{op}: refund_amount {} must be more than 0",
                    req.refund_amount
                ),
            ));
        }
        let captured: Decimal = candidates
            .iter()
            .filter_map(|id| self.payments.get(id))
            .map(|p| p.capture_amount.decimal())
            .sum();
        let refunded: Decimal = candidates.iter().map(|id| self.refunded_from(id)).sum();
        let left = captured - refunded;
        if req.refund_amount.decimal() > left {
            return Err(refused(
                "refund_amount_invalid",
                format!(
                    "{op}: refund_amount {} is more than the {left} left to refund on {whose} (captured {captured}, refunded {refunded})",
                    req.refund_amount
                ),
            ));
        }
        // The refund is booked on the first payment with room left for it, else the last one
        // with any room (a refund by order may span payments; the reference shows one id).
        let payment_id = candidates
            .iter()
            .find(|id| {
                self.payments.get(*id).is_some_and(|p| {
                    p.capture_amount.decimal() - self.refunded_from(id)
                        >= req.refund_amount.decimal()
                })
            })
            .or_else(|| candidates.last())
            .cloned()
            .unwrap_or_default();
        let n = self.id();
        let refund = Refund {
            payment_id,
            order_id: order_id.to_string(),
            refund_id: req.refund_id.clone(),
            refund_amount: req.refund_amount,
            refund_status: "SUCCESS",
            refund_type: req.refund_type,
            refund_note: req.refund_note,
            refund_message: "Refund processed successfully",
            gateway_details: RefundGateway {
                refund_reference_id: format!("MOCKRFND{n:010}"),
                refund_utr: format!("{n:012}"),
            },
        };
        let answer = Answer::ok(&refund);
        self.refunds.insert(req.refund_id, refund);
        Ok(answer)
    }

    fn refund_payment(&mut self, call: &Call<'_>) -> Result<Answer, Refusal> {
        let op = "flowwise_create_refund_for_payment";
        let payment_id = call.param("payment_id").to_string();
        let req: RefundRequest = call.body()?;
        let payment = self
            .payments
            .get(&payment_id)
            .ok_or_else(|| payment_not_found(op, &payment_id))?;
        let order_id = payment.order_id.clone();
        self.refund(
            op,
            req,
            &order_id,
            vec![payment_id.clone()],
            format!("payment `{payment_id}`"),
        )
    }

    fn refund_order(&mut self, call: &Call<'_>) -> Result<Answer, Refusal> {
        let op = "flowwise_create_refund_for_order";
        let order_id = call.param("order_id").to_string();
        let req: RefundRequest = call.body()?;
        if !self.orders.contains(&order_id) {
            return Err(order_not_found(op, &order_id));
        }
        let candidates = self
            .payments_of(&order_id)
            .into_iter()
            .map(|p| p.payment_id.clone())
            .collect();
        self.refund(
            op,
            req,
            &order_id,
            candidates,
            format!("order `{order_id}`"),
        )
    }

    fn payments_of(&self, order_id: &str) -> Vec<&Payment> {
        self.payments
            .values()
            .filter(|p| p.order_id == order_id)
            .collect()
    }
}

fn customer_not_found(op: &str, id: &str) -> Refusal {
    Refusal::not_found(
        "customer_not_found",
        format!("{op}: no customer `{id}`; create it with flowwise_create_customer"),
    )
}

impl FamilyState for FlowwiseState {
    fn families(&self) -> &'static [Family] {
        &[Family::Flowwise]
    }

    fn handle(&mut self, call: &Call<'_>, ctx: &Ctx<'_>) -> Handled {
        Some(match call.operation_id {
            "flowwise_create_customer" => self.create_customer(call, ctx),
            "flowwise_update_customer" => self.update_customer(call, ctx),
            "flowwise_delete_customer" => self.delete_customer(call),
            "flowwise_create_order" => self.create_order(call, ctx),
            "flowwise_get_order" => {
                let id = call.param("order_id").to_string();
                self.orders
                    .get(&id)
                    .map(Answer::ok)
                    .ok_or_else(|| order_not_found("flowwise_get_order", &id))
            }
            "flowwise_create_payment" => self.create_payment(call, ctx),
            "flowwise_authorize_payment" => self.authorize(call),
            "flowwise_get_payment" => {
                let id = call.param("payment_id").to_string();
                self.payments
                    .get(&id)
                    .map(Answer::ok)
                    .ok_or_else(|| payment_not_found("flowwise_get_payment", &id))
            }
            "flowwise_get_payments_for_order" => {
                let id = call.param("orderId").to_string();
                if self.orders.contains(&id) {
                    Ok(Answer::ok(&self.payments_of(&id)))
                } else {
                    Err(order_not_found("flowwise_get_payments_for_order", &id))
                }
            }
            "flowwise_count_authorized_payments" => self.count(call),
            "flowwise_capture_preauth_payments" => self.bulk_capture(call),
            "flowwise_create_refund_for_payment" => self.refund_payment(call),
            "flowwise_create_refund_for_order" => self.refund_order(call),
            "flowwise_get_refund" => {
                let id = call.param("refund_id").to_string();
                self.refunds.get(&id).map(Answer::ok).ok_or_else(|| {
                    Refusal::not_found(
                        "refund_not_found",
                        format!("flowwise_get_refund: no refund `{id}`; create one first"),
                    )
                })
            }
            _ => return None,
        })
    }

    fn reset(&mut self) {
        *self = FlowwiseState::default();
    }
}
