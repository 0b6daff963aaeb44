//! PG settlements and reconciliation, derived from the mock's payments, refunds and disputes.
//!
//! - **Settlements**: every payment that brought money in (a successful payment, or the captured
//!   part of a pre-authorised one) has one settlement from the moment it did: the amount less a
//!   [`SERVICE_CHARGE_PERCENT`]% service charge and [`SERVICE_TAX_PERCENT`]% tax on that charge,
//!   with its own id (`cf_settlement_id`, equal to `settlement_id` and `transfer_id`) and UTR.
//!   `get_settlement_for_order` answers an order's; `get_settlements` searches them.
//! - **Settlement recon** (`get_settlement_recon`): the events that make up the chosen
//!   settlements: the `PAYMENT` (`CREDIT`), then each `REFUND` and `DISPUTE` / `CHARGEBACK`
//!   (`DEBIT`) of that payment, each with its own amounts. Refunds and disputes are not netted off
//!   the settlement amount (DISCREPANCIES MK-8).
//! - **PG recon** (`get_recon`): the ledger of a date range: `PAYMENT`, `SETTLEMENT`, `REFUND`,
//!   `DISPUTE` / `CHARGEBACK` events, by the time each happened on the mock's clock.
//!
//! Searches take `filters` (settlement ids, settlement UTRs, or a `start_date`/`end_date` window
//! on the settlement time) and `pagination` (`limit` 1…[`MAX_LIMIT`], `cursor` from the previous
//! answer). Pages follow the order in which records came about (a payment's settlement when it
//! brought money in, a refund or dispute when it was made), so a record that comes about while
//! paging shows on a later page and none shows twice. A cursor ([`crate::mock::cursor`]) names
//! the record its page starts at and the query it belongs to: a made-up one, or one sent with
//! other filters or another limit, gets `400 cursor_invalid` (MK-11). The answers are pages
//! `{cursor, limit, data}`, `cursor` null on the last page, as the spec types them (PG-25, MK-7).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{parse_time, ts, Dispute, Order, Payment, PgState, Refund};
use crate::mock::answer::{Answer, Refusal};
use crate::mock::cursor::{Position, Query};
use crate::mock::state::{Call, Ctx};
use crate::Amount;

/// The service charge the mock takes from what a payment brought in, in percent.
pub const SERVICE_CHARGE_PERCENT: u32 = 2;
/// The tax on the service charge, in percent.
pub const SERVICE_TAX_PERCENT: u32 = 18;
/// The most items one page holds (the spec's `pagination.limit` maximum).
pub const MAX_LIMIT: i64 = 1000;

/// Settlement ids start here (`cf_settlement_id` = this + the payment's record number).
const SETTLEMENT_BASE: u64 = 6_120_000;

/// One settlement, as `SettlementEntity` writes it.
#[derive(Clone, Debug, Serialize)]
pub(super) struct Settlement {
    cf_payment_id: String,
    cf_settlement_id: String,
    settlement_currency: String,
    order_id: String,
    entity: &'static str,
    order_amount: Amount,
    payment_time: String,
    service_charge: Amount,
    service_tax: Amount,
    settlement_amount: Amount,
    settlement_id: u64,
    transfer_id: u64,
    transfer_time: String,
    transfer_utr: String,
    #[serde(skip)]
    at: DateTime<Utc>,
    #[serde(skip)]
    seq: u64,
    /// What the payment brought in.
    #[serde(skip)]
    amount: Amount,
}

/// The charge and its tax on `amount`, and what is left: each rounded to paise.
fn charges(amount: Amount) -> (Amount, Amount, Amount) {
    let value = amount.decimal();
    let charge = (value * Decimal::new(i64::from(SERVICE_CHARGE_PERCENT), 2)).round_dp(2);
    let tax = (charge * Decimal::new(i64::from(SERVICE_TAX_PERCENT), 2)).round_dp(2);
    let net = (value - charge - tax).round_dp(2);
    (Amount::from(charge), Amount::from(tax), Amount::from(net))
}

/// The settlement of `payment`, once it brought money in.
fn settlement_of(order: &Order, payment: &Payment) -> Option<Settlement> {
    let amount = payment.captured()?;
    let at = payment
        .authorization
        .as_ref()
        .and_then(|a| a.captured_at)
        .or(payment.completed)?;
    let (service_charge, service_tax, settlement_amount) = charges(amount);
    let id = SETTLEMENT_BASE + payment.settled_seq;
    Some(Settlement {
        cf_payment_id: payment.cf_payment_id.clone(),
        cf_settlement_id: id.to_string(),
        settlement_currency: payment.payment_currency.clone(),
        order_id: order.order_id.clone(),
        entity: "settlement",
        order_amount: order.order_amount,
        payment_time: payment.payment_time.clone(),
        service_charge,
        service_tax,
        settlement_amount,
        settlement_id: id,
        transfer_id: id,
        transfer_time: ts(at),
        transfer_utr: format!("MOCKUTR{id:010}"),
        at,
        seq: payment.settled_seq,
        amount,
    })
}

#[derive(Deserialize)]
struct Pagination {
    limit: i64,
    cursor: Option<String>,
}

#[derive(Debug, Default, Deserialize, Serialize)]
struct Filters {
    cf_settlement_ids: Option<Vec<String>>,
    settlement_utrs: Option<Vec<String>>,
    start_date: Option<String>,
    end_date: Option<String>,
}

#[derive(Deserialize)]
struct Search {
    pagination: Pagination,
    filters: Filters,
}

/// A time window, both ends included.
type Window = (DateTime<Utc>, DateTime<Utc>);

fn window(op: &str, start: Option<&str>, end: Option<&str>) -> Result<Option<Window>, Refusal> {
    let read = |field: &str, text: &str| {
        parse_time(text).ok_or_else(|| {
            Refusal::invalid(
                format!("{field}_invalid"),
                format!("{op}: filters.{field} `{text}` is not an ISO 8601 time with an offset, such as 2025-01-20T00:00:00Z"),
            )
        })
    };
    match (start, end) {
        (None, None) => Ok(None),
        (Some(_), None) => Err(Refusal::invalid(
            "end_date_missing",
            format!("{op}: filters.start_date needs filters.end_date too"),
        )),
        (None, Some(_)) => Err(Refusal::invalid(
            "start_date_missing",
            format!("{op}: filters.end_date needs filters.start_date too"),
        )),
        (Some(s), Some(e)) => {
            let (from, to) = (read("start_date", s)?, read("end_date", e)?);
            if to < from {
                return Err(Refusal::invalid(
                    "end_date_invalid",
                    format!("{op}: filters.end_date {e} is before filters.start_date {s}"),
                ));
            }
            Ok(Some((from, to)))
        }
    }
}

/// What a settlement search selects.
struct Selection {
    ids: Option<Vec<String>>,
    utrs: Option<Vec<String>>,
    window: Option<Window>,
}

impl Selection {
    fn read(op: &str, filters: &Filters) -> Result<Selection, Refusal> {
        let given = |list: &Option<Vec<String>>| list.clone().filter(|l| !l.is_empty());
        let selection = Selection {
            ids: given(&filters.cf_settlement_ids),
            utrs: given(&filters.settlement_utrs),
            window: window(
                op,
                filters.start_date.as_deref(),
                filters.end_date.as_deref(),
            )?,
        };
        if selection.ids.is_none() && selection.utrs.is_none() && selection.window.is_none() {
            return Err(Refusal::invalid(
                "filters_invalid",
                format!("{op}: give filters.cf_settlement_ids, filters.settlement_utrs, or filters.start_date with filters.end_date"),
            ));
        }
        Ok(selection)
    }

    fn takes(&self, s: &Settlement) -> bool {
        self.ids
            .as_ref()
            .is_none_or(|ids| ids.contains(&s.cf_settlement_id))
            && self
                .utrs
                .as_ref()
                .is_none_or(|utrs| utrs.contains(&s.transfer_utr))
            && self
                .window
                .is_none_or(|(from, to)| s.at >= from && s.at <= to)
    }
}

/// A page request read: how many, from where, for which query.
struct Paging {
    limit: usize,
    from: Option<Position>,
    query: Query,
}

impl Paging {
    /// The paging of `op` over what `filters` select; its cursors belong to the filters and
    /// the limit together.
    fn read(op: &str, pagination: &Pagination, filters: &Filters) -> Result<Paging, Refusal> {
        if !(1..=MAX_LIMIT).contains(&pagination.limit) {
            return Err(Refusal::invalid(
                "limit_invalid",
                format!(
                    "{op}: pagination.limit {} must be between 1 and {MAX_LIMIT}",
                    pagination.limit
                ),
            ));
        }
        let query = Query::of(op, &(pagination.limit, filters));
        let from = match pagination.cursor.as_deref().filter(|c| !c.is_empty()) {
            None => None,
            Some(cursor) => Some(query.read(cursor).map_err(|why| {
                Refusal::invalid(
                    "cursor_invalid",
                    format!("{op}: pagination.cursor {why}; send the previous answer's cursor back unchanged with the same filters and limit"),
                )
            })?),
        };
        Ok(Paging {
            limit: usize::try_from(pagination.limit).unwrap_or(1),
            from,
            query,
        })
    }

    /// The page of `items` (in any order; each at its position: a record's sequence number,
    /// then which of its events) this request asks for, and the cursor of the next.
    fn cut<T>(&self, mut items: Vec<(Position, T)>) -> (Vec<T>, Option<String>) {
        items.sort_by_key(|(key, _)| *key);
        let mut rest = items
            .into_iter()
            .filter(|(key, _)| self.from.is_none_or(|from| *key >= from));
        let page: Vec<T> = rest.by_ref().take(self.limit).map(|(_, t)| t).collect();
        let next = rest.next().map(|(key, _)| self.query.cursor(key));
        (page, next)
    }
}

#[derive(Serialize)]
struct Page<T> {
    cursor: Option<String>,
    limit: usize,
    data: Vec<T>,
}

/// One ledger event, before it is written in either recon shape.
struct Entry<'a> {
    kind: &'static str,
    id: String,
    sale: &'static str,
    status: String,
    amount: Amount,
    settled: Amount,
    at: DateTime<Utc>,
    order: &'a Order,
    payment: &'a Payment,
    settlement: &'a Settlement,
    refund: Option<&'a Refund>,
    dispute: Option<&'a Dispute>,
}

fn customer<'a>(order: &'a Order, field: &str) -> Option<&'a str> {
    order.customer_details.get(field).and_then(Value::as_str)
}

/// `SettlementReconEvent`: the event grouped by subject.
#[derive(Serialize)]
struct GroupedEvent<'a> {
    event_details: EventDetails<'a>,
    order_details: OrderDetails<'a>,
    customer_details: CustomerDetails<'a>,
    payment_details: PaymentDetails<'a>,
    settlement_details: SettlementDetails<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    refund_details: Option<RefundDetails<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    dispute_details: Option<DisputeDetails<'a>>,
}

#[derive(Serialize)]
struct EventDetails<'a> {
    event_id: &'a str,
    event_type: &'static str,
    event_settlement_amount: Amount,
    event_amount: Amount,
    sale_type: &'static str,
    event_status: &'a str,
    entity: &'static str,
    event_time: String,
    event_currency: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    event_service_charge: Option<Amount>,
    #[serde(skip_serializing_if = "Option::is_none")]
    event_service_tax: Option<Amount>,
}

#[derive(Serialize)]
struct OrderDetails<'a> {
    order_id: &'a str,
    order_amount: Amount,
    order_currency: &'a str,
    order_tags: &'a Value,
}

#[derive(Serialize)]
struct CustomerDetails<'a> {
    customer_phone: Option<&'a str>,
    customer_email: Option<&'a str>,
    customer_name: Option<&'a str>,
    customer_id: Option<&'a str>,
}

#[derive(Serialize)]
struct PaymentDetails<'a> {
    payment_amount: Amount,
    payment_currency: &'a str,
    bank_reference: &'a Option<String>,
    payment_time: &'a str,
    payment_mode: &'a str,
    payment_service_charge: Amount,
    payment_service_tax: Amount,
    cf_payment_id: &'a str,
    status: &'a str,
}

#[derive(Serialize)]
struct SettlementDetails<'a> {
    cf_settlement_id: &'a str,
    settlement_date: &'a str,
    utr: &'a str,
    payment_from: &'a str,
    payment_till: &'a str,
    service_charge: Amount,
    service_tax: Amount,
    settlement_initiated_on: &'a str,
    settlement_type: &'static str,
    amount_settled: Amount,
}

#[derive(Serialize)]
struct RefundDetails<'a> {
    refund_processed_at: &'a Option<String>,
    refund_arn: Option<String>,
    refund_note: &'a Option<String>,
    refund_id: &'a str,
}

#[derive(Serialize)]
struct DisputeDetails<'a> {
    dispute_category: String,
    dispute_note: &'a str,
}

/// `ReconEvent`: one flat ledger row.
#[derive(Serialize)]
struct LedgerEvent<'a> {
    event_id: &'a str,
    event_type: &'static str,
    event_settlement_amount: Amount,
    event_amount: Amount,
    sale_type: &'static str,
    event_status: &'a str,
    entity: &'static str,
    event_time: String,
    event_currency: &'a str,
    order_id: &'a str,
    order_amount: Amount,
    customer_phone: Option<&'a str>,
    customer_email: Option<&'a str>,
    customer_name: Option<&'a str>,
    payment_amount: Amount,
    payment_utr: &'a Option<String>,
    payment_time: &'a str,
    payment_service_charge: Amount,
    payment_service_tax: Amount,
    cf_payment_id: &'a str,
    cf_settlement_id: &'a str,
    settlement_date: &'a str,
    settlement_utr: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    refund_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    refund_note: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    refund_processed_at: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    dispute_category: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    dispute_note: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    service_charge: Option<Amount>,
    #[serde(skip_serializing_if = "Option::is_none")]
    service_tax: Option<Amount>,
    #[serde(skip_serializing_if = "Option::is_none")]
    amount_settled: Option<Amount>,
}

impl Entry<'_> {
    fn grouped<'s>(&'s self, settlement_time: &'s str) -> GroupedEvent<'s> {
        let s = self.settlement;
        let (p, o) = (self.payment, self.order);
        let is_payment = self.kind == "PAYMENT";
        GroupedEvent {
            event_details: EventDetails {
                event_id: &self.id,
                event_type: self.kind,
                event_settlement_amount: self.settled,
                event_amount: self.amount,
                sale_type: self.sale,
                event_status: &self.status,
                entity: "recon",
                event_time: ts(self.at),
                event_currency: &p.payment_currency,
                event_service_charge: is_payment.then_some(s.service_charge),
                event_service_tax: is_payment.then_some(s.service_tax),
            },
            order_details: OrderDetails {
                order_id: &o.order_id,
                order_amount: o.order_amount,
                order_currency: &o.order_currency,
                order_tags: &o.order_tags,
            },
            customer_details: CustomerDetails {
                customer_phone: customer(o, "customer_phone"),
                customer_email: customer(o, "customer_email"),
                customer_name: customer(o, "customer_name"),
                customer_id: customer(o, "customer_id"),
            },
            payment_details: PaymentDetails {
                payment_amount: s.amount,
                payment_currency: &p.payment_currency,
                bank_reference: &p.bank_reference,
                payment_time: &p.payment_time,
                payment_mode: p.payment_group,
                payment_service_charge: s.service_charge,
                payment_service_tax: s.service_tax,
                cf_payment_id: &p.cf_payment_id,
                status: &p.payment_status,
            },
            settlement_details: SettlementDetails {
                cf_settlement_id: &s.cf_settlement_id,
                settlement_date: settlement_time,
                utr: &s.transfer_utr,
                payment_from: settlement_time,
                payment_till: settlement_time,
                service_charge: s.service_charge,
                service_tax: s.service_tax,
                settlement_initiated_on: settlement_time,
                settlement_type: "NORMAL_SETTLEMENT",
                amount_settled: s.settlement_amount,
            },
            refund_details: self.refund.map(|r| RefundDetails {
                refund_processed_at: &r.processed_at,
                refund_arn: r.processed_at.as_ref().map(|_| format!("ARN{:012}", r.seq)),
                refund_note: &r.refund_note,
                refund_id: &r.refund_id,
            }),
            dispute_details: self.dispute.map(|d| DisputeDetails {
                dispute_category: format!("{} {}", d.reason_code, d.reason_description),
                dispute_note: &d.cf_dispute_remarks,
            }),
        }
    }

    fn flat<'s>(&'s self, settlement_time: &'s str) -> LedgerEvent<'s> {
        let s = self.settlement;
        let (p, o) = (self.payment, self.order);
        let is_settlement = self.kind == "SETTLEMENT";
        LedgerEvent {
            event_id: &self.id,
            event_type: self.kind,
            event_settlement_amount: self.settled,
            event_amount: self.amount,
            sale_type: self.sale,
            event_status: &self.status,
            entity: "recon",
            event_time: ts(self.at),
            event_currency: &p.payment_currency,
            order_id: &o.order_id,
            order_amount: o.order_amount,
            customer_phone: customer(o, "customer_phone"),
            customer_email: customer(o, "customer_email"),
            customer_name: customer(o, "customer_name"),
            payment_amount: s.amount,
            payment_utr: &p.bank_reference,
            payment_time: &p.payment_time,
            payment_service_charge: s.service_charge,
            payment_service_tax: s.service_tax,
            cf_payment_id: &p.cf_payment_id,
            cf_settlement_id: &s.cf_settlement_id,
            settlement_date: settlement_time,
            settlement_utr: &s.transfer_utr,
            refund_id: self.refund.map(|r| r.refund_id.as_str()),
            refund_note: self.refund.and_then(|r| r.refund_note.as_deref()),
            refund_processed_at: self.refund.and_then(|r| r.processed_at.as_deref()),
            dispute_category: self
                .dispute
                .map(|d| format!("{} {}", d.reason_code, d.reason_description)),
            dispute_note: self.dispute.map(|d| d.cf_dispute_remarks.as_str()),
            service_charge: is_settlement.then_some(s.service_charge),
            service_tax: is_settlement.then_some(s.service_tax),
            amount_settled: is_settlement.then_some(s.settlement_amount),
        }
    }
}

impl PgState {
    /// Every settlement, with the order and payment it comes from, in the order payments were
    /// made.
    fn settlements(&self) -> Vec<(&Order, &Payment, Settlement)> {
        self.payments
            .values()
            .filter_map(|p| {
                let order = self.orders.get(&p.order_id)?;
                Some((order, p, settlement_of(order, p)?))
            })
            .collect()
    }

    /// Applies time to every refund (a processed one is `SUCCESS`) before a listing reads them.
    fn refresh_refunds(&mut self, ctx: &Ctx<'_>) {
        let keys: Vec<String> = self
            .refunds
            .values()
            .filter(|r| r.refund_status == "PENDING")
            .map(|r| format!("{}/{}", r.order_id, r.refund_id))
            .collect();
        for key in keys {
            self.refund_now(&key, ctx);
        }
    }

    /// The events of one settled payment: its `PAYMENT` (keyed by when it settled), then its
    /// refunds and disputes (keyed by when they were made).
    fn events_of<'a>(
        &'a self,
        order: &'a Order,
        payment: &'a Payment,
        settlement: &'a Settlement,
        refunds: &HashMap<&str, Vec<&'a Refund>>,
        disputes: &HashMap<&str, Vec<&'a Dispute>>,
    ) -> Vec<(u64, Entry<'a>)> {
        let mut events = vec![(
            settlement.seq,
            Entry {
                kind: "PAYMENT",
                id: payment.cf_payment_id.clone(),
                sale: "CREDIT",
                status: "SUCCESS".into(),
                amount: settlement.amount,
                settled: settlement.settlement_amount,
                at: settlement.at,
                order,
                payment,
                settlement,
                refund: None,
                dispute: None,
            },
        )];
        let id = payment.cf_payment_id.as_str();
        for r in refunds.get(id).into_iter().flatten() {
            let at = if r.refund_status == "SUCCESS" {
                r.due
            } else {
                r.created
            };
            events.push((
                r.seq,
                Entry {
                    kind: "REFUND",
                    id: r.cf_refund_id.clone(),
                    sale: "DEBIT",
                    status: r.refund_status.into(),
                    amount: r.refund_amount,
                    settled: r.refund_amount,
                    at,
                    order,
                    payment,
                    settlement,
                    refund: Some(r),
                    dispute: None,
                },
            ));
        }
        for d in disputes.get(id).into_iter().flatten() {
            events.push((
                d.seq,
                Entry {
                    kind: if d.dispute_type == "CHARGEBACK" {
                        "CHARGEBACK"
                    } else {
                        "DISPUTE"
                    },
                    id: d.dispute_id.clone(),
                    sale: "DEBIT",
                    status: d.dispute_status.into(),
                    amount: d.dispute_amount,
                    settled: d.dispute_amount,
                    at: d.created,
                    order,
                    payment,
                    settlement,
                    refund: None,
                    dispute: Some(d),
                },
            ));
        }
        events
    }

    fn refunds_by_payment(&self) -> HashMap<&str, Vec<&Refund>> {
        let mut map: HashMap<&str, Vec<&Refund>> = HashMap::new();
        for r in self.refunds.values() {
            map.entry(r.cf_payment_id.as_str()).or_default().push(r);
        }
        map
    }

    fn disputes_by_payment(&self) -> HashMap<&str, Vec<&Dispute>> {
        let mut map: HashMap<&str, Vec<&Dispute>> = HashMap::new();
        for d in self.disputes.values() {
            map.entry(d.cf_payment_id.as_str()).or_default().push(d);
        }
        map
    }

    /// `get_settlement_for_order`: the settlement of the order's payment.
    pub(super) fn settlement_for_order(
        &mut self,
        call: &Call<'_>,
        ctx: &Ctx<'_>,
    ) -> Result<Answer, Refusal> {
        let id = call.param("order_id").to_string();
        let status = self.order(&id, ctx)?.order_status;
        let order = self
            .orders
            .get(&id)
            .ok_or_else(|| super::order_not_found(&id))?;
        self.payments_of(&id)
            .into_iter()
            .find_map(|p| settlement_of(order, p))
            .map(|s| Answer::ok(&s))
            .ok_or_else(|| {
                Refusal::not_found(
                    "settlement_get_not_found",
                    format!("get_settlement_for_order: order `{id}` has no settlement: it is {status} and no payment of it brought money in"),
                )
            })
    }

    /// `get_settlements`: the settlements the filters select, a page at a time.
    pub(super) fn search_settlements(
        &mut self,
        call: &Call<'_>,
        _ctx: &Ctx<'_>,
    ) -> Result<Answer, Refusal> {
        let op = "get_settlements";
        let req: Search = call.body()?;
        let selection = Selection::read(op, &req.filters)?;
        let paging = Paging::read(op, &req.pagination, &req.filters)?;
        let items = self
            .settlements()
            .into_iter()
            .filter(|(_, _, s)| selection.takes(s))
            .map(|(_, _, s)| (Position(s.seq, 0), s))
            .collect();
        let (data, cursor) = paging.cut(items);
        Ok(Answer::ok(&Page {
            cursor,
            limit: paging.limit,
            data,
        }))
    }

    /// `get_settlement_recon`: the events of the settlements the filters select.
    pub(super) fn settlement_recon(
        &mut self,
        call: &Call<'_>,
        ctx: &Ctx<'_>,
    ) -> Result<Answer, Refusal> {
        let op = "get_settlement_recon";
        let req: Search = call.body()?;
        let selection = Selection::read(op, &req.filters)?;
        let paging = Paging::read(op, &req.pagination, &req.filters)?;
        self.refresh_refunds(ctx);
        let (refunds, disputes) = (self.refunds_by_payment(), self.disputes_by_payment());
        let settlements: Vec<_> = self
            .settlements()
            .into_iter()
            .filter(|(_, _, s)| selection.takes(s))
            .collect();
        let times: Vec<String> = settlements.iter().map(|(_, _, s)| ts(s.at)).collect();
        let mut items = Vec::new();
        for ((order, payment, s), time) in settlements.iter().zip(&times) {
            for (seq, entry) in self.events_of(order, payment, s, &refunds, &disputes) {
                items.push((Position(seq, 0), (entry, time)));
            }
        }
        let (page, cursor) = paging.cut(items);
        let data: Vec<GroupedEvent<'_>> = page
            .iter()
            .map(|(entry, time)| entry.grouped(time))
            .collect();
        Ok(Answer::ok(&Page {
            cursor,
            limit: paging.limit,
            data,
        }))
    }

    /// `get_recon`: the ledger of the date range: payments, settlements, refunds, disputes.
    pub(super) fn recon(&mut self, call: &Call<'_>, ctx: &Ctx<'_>) -> Result<Answer, Refusal> {
        #[derive(Deserialize)]
        struct Ledger {
            pagination: Pagination,
            filters: Filters,
        }
        let op = "get_recon";
        let req: Ledger = call.body()?;
        let range = window(
            op,
            req.filters.start_date.as_deref(),
            req.filters.end_date.as_deref(),
        )?
        .ok_or_else(|| {
            Refusal::invalid(
                "start_date_missing",
                format!("{op}: filters.start_date and filters.end_date are required"),
            )
        })?;
        let paging = Paging::read(op, &req.pagination, &req.filters)?;
        self.refresh_refunds(ctx);
        let (refunds, disputes) = (self.refunds_by_payment(), self.disputes_by_payment());
        let settlements = self.settlements();
        let times: Vec<String> = settlements.iter().map(|(_, _, s)| ts(s.at)).collect();
        let mut items = Vec::new();
        for ((order, payment, s), time) in settlements.iter().zip(&times) {
            for (seq, entry) in self.events_of(order, payment, s, &refunds, &disputes) {
                items.push((Position(seq, 0), (entry, time)));
            }
            items.push((
                Position(s.seq, 1),
                (
                    Entry {
                        kind: "SETTLEMENT",
                        id: s.cf_settlement_id.clone(),
                        sale: "CREDIT",
                        status: "SUCCESS".into(),
                        amount: s.settlement_amount,
                        settled: s.settlement_amount,
                        at: s.at,
                        order,
                        payment,
                        settlement: s,
                        refund: None,
                        dispute: None,
                    },
                    time,
                ),
            ));
        }
        items.retain(|(_, (entry, _))| entry.at >= range.0 && entry.at <= range.1);
        let (page, cursor) = paging.cut(items);
        let data: Vec<LedgerEvent<'_>> =
            page.iter().map(|(entry, time)| entry.flat(time)).collect();
        Ok(Answer::ok(&Page {
            cursor,
            limit: paging.limit,
            data,
        }))
    }
}
