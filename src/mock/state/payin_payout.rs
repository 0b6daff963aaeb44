//! The Payin & Payout state rules (document 004). Requests reach these rules only after the
//! framework checked `Access-Key`, the `Timestamp` window and the HMAC `Signature` over the
//! exact bytes received ([`auth`](crate::mock::auth)).
//!
//! - The merchant wallet starts at 10000.00 ([`INITIAL_BALANCE_PAISE`]); `get_balance` reads it as it stands.
//! - `create_payin_link` makes a `Pending` payin under the merchant's `order_id` with a
//!   `pay_url`; a repeated `order_id` gets `409 order_id_already_exists`. Paying is the
//!   customer's act, so it comes from the control API:
//!   `POST /__paygen/payin-payout/payins/{order_id}/pay` with `{"status": "Approved"}` (the
//!   default) or `{"status": "Rejected"}`. Approved credits the wallet with the amount and
//!   gives a UTR (`payin.succeeded`); Rejected does not (`payin.failed`). Only a `Pending`
//!   payin can be paid.
//! - `get_payin_status` reads a payin by `order_id` (404 `payin_not_found` for another).
//! - `initiate_payout` takes the amount plus 2.00 ([`PAYOUT_CHARGE_PAISE`]) from the wallet at once (422
//!   `insufficient_balance` when it holds less, and nothing is taken) and makes a `Pending`
//!   payout. Exactly once on the merchant's id: a repeated `order_id` is refused with
//!   `409 order_id_already_exists` and moves no money, whatever its body. By the mock's clock
//!   the payout is final [`PAYOUT_FINAL_AFTER_SECS`] later: `Approved` with a UTR
//!   (`payout.succeeded`), or `Rejected` for a beneficiary account ending in `0000`, which
//!   gives the amount and charge back (`payout.failed`).
//! - `get_payout_status` reads a payout by `order_id` (404 `payout_not_found` for another).
//! - A lost answer (what `initiate_payout_exactly_once` resolves through `get_payout_status`) is
//!   the fault injector's `CommitThenStatus` on `initiate_payout` (`super::super::faults`).
//!
//! Time-driven changes happen when a payout is next read, and publish their events then.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{Call, Ctx, FamilyState, Handled};
use crate::mock::answer::{Answer, Refusal};
use crate::mock::bounded::Bounded;
use crate::mock::events::MockEvent;
use crate::mock::families::Family;
use crate::Amount;

/// The wallet balance a fresh mock starts with, in paise: 10000.00.
pub const INITIAL_BALANCE_PAISE: i64 = 1_000_000;

/// What each payout costs on top of its amount, in paise: 2.00 (the document's example
/// charge).
pub const PAYOUT_CHARGE_PAISE: i64 = 200;

fn charge() -> Amount {
    Amount::from_minor(PAYOUT_CHARGE_PAISE, 2)
}

/// Seconds after initiation a payout is final.
pub const PAYOUT_FINAL_AFTER_SECS: i64 = 30;

const SPEC: &str = "payin-payout";

/// What a path segment of `pay_url` escapes: all but letters, digits and `-_.~`.
const PATH_SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

fn stamp(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

#[derive(Clone, Debug, Serialize)]
struct Payin {
    user_id: String,
    order_id: String,
    transaction_id: Option<String>,
    amount: Amount,
    request_amount: Amount,
    method: String,
    comments: String,
    status: &'static str,
    time_of_processing: String,
    created_at: String,
    updated_at: String,
    bank_upi: Option<String>,
    bank_name: Option<String>,
    #[serde(skip)]
    redirect_url: String,
}

#[derive(Clone, Debug, Serialize)]
struct Payout {
    order_id: String,
    user_id: String,
    transaction_id: Option<String>,
    amount: Amount,
    charge: Amount,
    beneficiary_name: String,
    beneficiary_address: String,
    beneficiary_email: String,
    beneficiary_mobile_no: String,
    payment_method: String,
    beneficiary_acc_no: String,
    ifsc: String,
    bank_name: String,
    vpa: Option<String>,
    remarks: Option<String>,
    status: &'static str,
    message: &'static str,
    created_at: String,
    updated_at: String,
    #[serde(skip)]
    created: DateTime<Utc>,
}

#[derive(Serialize)]
struct Envelope<T: Serialize> {
    error: &'static str,
    data: T,
    message: &'static str,
    success: bool,
}

fn success<T: Serialize>(message: &'static str, data: T) -> Answer {
    Answer::ok(&Envelope {
        error: "",
        data,
        message,
        success: true,
    })
}

#[derive(Deserialize)]
struct NewPayin {
    user_id: String,
    order_id: String,
    amount: Amount,
    method: String,
    redirect_url: String,
}

#[derive(Deserialize)]
struct PayinLookup {
    order_id: String,
}

#[derive(Deserialize)]
struct NewPayout {
    beneficiary_name: String,
    beneficiary_email: String,
    beneficiary_mobile_no: String,
    beneficiary_address: String,
    payment_method: String,
    beneficiary_acc_no: String,
    bank_name: String,
    ifsc: String,
    amount: Amount,
    order_id: String,
    user_id: String,
    remarks: Option<String>,
}

#[derive(Deserialize, Default)]
struct Pay {
    status: Option<String>,
}

/// Everything Payin & Payout holds for one server.
#[derive(Debug)]
pub struct PayinPayoutState {
    next: u64,
    balance: Decimal,
    payins: Bounded<String, Payin>,
    payouts: Bounded<String, Payout>,
}

impl Default for PayinPayoutState {
    fn default() -> Self {
        PayinPayoutState {
            next: 0,
            balance: Amount::from_minor(INITIAL_BALANCE_PAISE, 2).decimal(),
            payins: Bounded::default(),
            payouts: Bounded::default(),
        }
    }
}

fn exists(what: &str, order_id: &str, lookup: &str) -> Refusal {
    Refusal::exists(
        "order_id_already_exists",
        format!("{what}: order_id `{order_id}` already exists; {lookup} reads it, a new one needs a new order_id"),
    )
}

impl PayinPayoutState {
    fn id(&mut self) -> u64 {
        self.next += 1;
        self.next
    }

    fn balance(&self) -> Answer {
        #[derive(Serialize)]
        struct Balance {
            balance: Amount,
        }
        let mut balance = self.balance;
        if balance.scale() < 2 {
            balance.rescale(2);
        }
        success(
            "Merchant wallet balance fetched.",
            Balance {
                balance: Amount::from(balance),
            },
        )
    }

    fn create_payin(&mut self, call: &Call<'_>, ctx: &Ctx<'_>) -> Result<Answer, Refusal> {
        let req: NewPayin = call.body()?;
        if self.payins.contains(&req.order_id) {
            return Err(exists(
                "create_payin_link",
                &req.order_id,
                "get_payin_status",
            ));
        }
        let now = ctx.clock.now();
        let payin = Payin {
            user_id: req.user_id,
            order_id: req.order_id.clone(),
            transaction_id: None,
            amount: req.amount,
            request_amount: req.amount,
            method: req.method,
            comments: "Payin Pending".into(),
            status: "Pending",
            time_of_processing: ctx.clock.now_ist().format("%Y-%m-%d %H:%M:%S").to_string(),
            created_at: stamp(now),
            updated_at: stamp(now),
            bank_upi: None,
            bank_name: None,
            redirect_url: req.redirect_url,
        };
        #[derive(Serialize)]
        struct Link<'a> {
            user_id: &'a str,
            order_id: &'a str,
            amount: Amount,
            method: &'a str,
            redirect_url: &'a str,
            updated_at: &'a str,
            created_at: &'a str,
            pay_url: String,
        }
        let answer = success(
            "Payin link generated successfully.",
            Link {
                user_id: &payin.user_id,
                order_id: &payin.order_id,
                amount: payin.amount,
                method: &payin.method,
                redirect_url: &payin.redirect_url,
                updated_at: &payin.updated_at,
                created_at: &payin.created_at,
                pay_url: format!(
                    "https://pay.mock.invalid/payin/{}",
                    percent_encoding::utf8_percent_encode(&payin.order_id, PATH_SEGMENT)
                ),
            },
        );
        self.payins.insert(req.order_id, payin);
        Ok(answer)
    }

    fn payin_status(&self, call: &Call<'_>) -> Result<Answer, Refusal> {
        let req: PayinLookup = call.body()?;
        let payin = self.payins.get(&req.order_id).ok_or_else(|| {
            Refusal::not_found(
                "payin_not_found",
                format!(
                    "get_payin_status: no payin with order_id `{}` on this mock",
                    req.order_id
                ),
            )
        })?;
        Ok(success("Payin transaction fetched successfully.", payin))
    }

    /// The customer pays (or fails to pay) a payin (control API).
    fn pay(&mut self, order_id: &str, body: &[u8], ctx: &Ctx<'_>) -> Result<Answer, Refusal> {
        let pay: Pay = if body.iter().all(u8::is_ascii_whitespace) {
            Pay::default()
        } else {
            serde_json::from_slice(body).map_err(|e| {
                Refusal::invalid(
                    "request_invalid",
                    format!("payins/{{order_id}}/pay takes {{\"status\": \"Approved\" | \"Rejected\"}}: {e}"),
                )
            })?
        };
        let approved = match pay.status.as_deref() {
            None | Some("Approved") => true,
            Some("Rejected") => false,
            Some(other) => {
                return Err(Refusal::invalid(
                    "status_invalid",
                    format!(
                        "payins/{{order_id}}/pay: status is Approved or Rejected, not `{other}`"
                    ),
                ))
            }
        };
        let n = self.id();
        let now = ctx.clock.now();
        let payin = self.payins.get_mut(&order_id.to_string()).ok_or_else(|| {
            Refusal::not_found(
                "payin_not_found",
                format!("pay: no payin with order_id `{order_id}` on this mock"),
            )
        })?;
        if payin.status != "Pending" {
            return Err(Refusal::new(
                409,
                "payin_not_pending",
                "invalid_request_error",
                format!(
                    "pay: the payin `{order_id}` is {} already; only a Pending payin can be paid",
                    payin.status
                ),
            ));
        }
        payin.updated_at = stamp(now);
        payin.time_of_processing = ctx.clock.now_ist().format("%Y-%m-%d %H:%M:%S").to_string();
        let event = if approved {
            payin.status = "Approved";
            payin.comments = "Auto Approved".into();
            payin.transaction_id = Some(format!("{}", 98_000_000_000u64 + n));
            payin.bank_upi = Some("mockpayer@upi".into());
            payin.bank_name = Some("MOCK BANK".into());
            "payin.succeeded"
        } else {
            payin.status = "Rejected";
            payin.comments = "Payment failed".into();
            "payin.failed"
        };
        let payin = payin.clone();
        if approved {
            self.balance += payin.amount.decimal();
        }
        ctx.events.publish(MockEvent {
            family: SPEC,
            event_type: event.into(),
            resource_id: payin.order_id.clone(),
            data: serde_json::to_string(&payin).unwrap_or_else(|_| "{}".into()),
            event_time: now.to_rfc3339(),
        });
        Ok(success("Payin updated.", payin))
    }

    fn initiate(&mut self, call: &Call<'_>, ctx: &Ctx<'_>) -> Result<Answer, Refusal> {
        let req: NewPayout = call.body()?;
        if self.payouts.contains(&req.order_id) {
            return Err(exists(
                "initiate_payout",
                &req.order_id,
                "get_payout_status",
            ));
        }
        let cost = req.amount.decimal() + charge().decimal();
        if cost > self.balance {
            return Err(Refusal::new(
                422,
                "insufficient_balance",
                "invalid_request_error",
                format!(
                    "initiate_payout: the wallet holds {}, less than the amount {} plus the charge {}; add funds first",
                    Amount::from(self.balance),
                    req.amount,
                    charge()
                ),
            ));
        }
        self.balance -= cost;
        let now = ctx.clock.now();
        let payout = Payout {
            order_id: req.order_id.clone(),
            user_id: req.user_id,
            transaction_id: None,
            amount: req.amount,
            charge: charge(),
            beneficiary_name: req.beneficiary_name,
            beneficiary_address: req.beneficiary_address,
            beneficiary_email: req.beneficiary_email,
            beneficiary_mobile_no: req.beneficiary_mobile_no,
            payment_method: req.payment_method,
            beneficiary_acc_no: req.beneficiary_acc_no,
            ifsc: req.ifsc,
            bank_name: req.bank_name,
            vpa: None,
            remarks: req.remarks,
            status: "Pending",
            message: "Payout has been processing.",
            created_at: stamp(now),
            updated_at: stamp(now),
            created: now,
        };
        let answer = success("Payout initiated.", &payout);
        self.payouts.insert(req.order_id, payout);
        Ok(answer)
    }

    /// Applies the clock to a payout and publishes what changed.
    fn advance(&mut self, order_id: &str, ctx: &Ctx<'_>) -> Option<Payout> {
        let now = ctx.clock.now();
        let n = self.next + 1;
        let p = self.payouts.get_mut(&order_id.to_string())?;
        let mut event = None;
        if p.status == "Pending" && (now - p.created).num_seconds() >= PAYOUT_FINAL_AFTER_SECS {
            p.updated_at = stamp(now);
            if p.beneficiary_acc_no.ends_with("0000") {
                p.status = "Rejected";
                p.message = "Payout has been rejected.";
                event = Some("payout.failed");
            } else {
                p.status = "Approved";
                p.message = "Payout has been completed.";
                p.transaction_id = Some(format!("{}", 2_500_000_000u64 + n));
                event = Some("payout.succeeded");
            }
        }
        let p = p.clone();
        if let Some(event_type) = event {
            self.next = n;
            if p.status == "Rejected" {
                self.balance += p.amount.decimal() + p.charge.decimal();
            }
            ctx.events.publish(MockEvent {
                family: SPEC,
                event_type: event_type.into(),
                resource_id: p.order_id.clone(),
                data: serde_json::to_string(&p).unwrap_or_else(|_| "{}".into()),
                event_time: now.to_rfc3339(),
            });
        }
        Some(p)
    }

    fn payout_status(&mut self, call: &Call<'_>, ctx: &Ctx<'_>) -> Result<Answer, Refusal> {
        let order_id = call.param("order_id").to_string();
        let payout = self.advance(&order_id, ctx).ok_or_else(|| {
            Refusal::not_found(
                "payout_not_found",
                format!("get_payout_status: no payout with order_id `{order_id}` on this mock"),
            )
        })?;
        Ok(success("Payout status fetched.", payout))
    }

    /// Settles every payout the clock has made final (so the balance is current).
    fn settle_all(&mut self, ctx: &Ctx<'_>) {
        let pending: Vec<String> = self
            .payouts
            .values()
            .filter(|p| p.status == "Pending")
            .map(|p| p.order_id.clone())
            .collect();
        for id in pending {
            self.advance(&id, ctx);
        }
    }
}

impl FamilyState for PayinPayoutState {
    fn families(&self) -> &'static [Family] {
        &[Family::PayinPayout]
    }

    fn handle(&mut self, call: &Call<'_>, ctx: &Ctx<'_>) -> Handled {
        Some(match call.operation_id {
            "get_balance" => {
                self.settle_all(ctx);
                Ok(self.balance())
            }
            "create_payin_link" => self.create_payin(call, ctx),
            "get_payin_status" => self.payin_status(call),
            "initiate_payout" => self.initiate(call, ctx),
            "get_payout_status" => self.payout_status(call, ctx),
            _ => return None,
        })
    }

    fn control(&mut self, method: &str, path: &str, body: &[u8], ctx: &Ctx<'_>) -> Handled {
        let rest = path.strip_prefix("/payin-payout/")?;
        match (method, rest) {
            ("POST", rest) => {
                let id = rest.strip_prefix("payins/")?.strip_suffix("/pay")?;
                let id = percent_encoding::percent_decode_str(id)
                    .decode_utf8_lossy()
                    .into_owned();
                Some(self.pay(&id, body, ctx))
            }
            _ => None,
        }
    }

    fn reset(&mut self) {
        *self = PayinPayoutState::default();
    }
}
