//! The BBPS state rules (docs 008–012).
//!
//! BBPS bill payments reach a biller through NPCI and Cashfree, which call the biller's own Bill
//! Fetch and Payment Posting APIs; no Cashfree API creates one. So the mock records them from
//! its control API: `POST /__paygen/bbps/transactions`
//! `{"bbps_transaction_id": "…", "amount": 100.00, "bill_payment_status": "SUCCESS"}`
//! (status `SUCCESS` unless given; `PENDING` and `FAILED` too). Sending the same id again
//! changes its status (a `PENDING` payment that completes or fails); a settled one is final.
//!
//! `get_bbps_transaction_status` answers what it holds: an unknown id gets `404
//! transaction_not_found`. A `SUCCESS` payment is settled to the biller once
//! [`SETTLEMENT_AFTER_SECS`] have passed on the mock's clock (`settlement_status` `SETTLED`,
//! with UTR, amount and time `YYYY-MM-DD HH:MM:SS` IST); until then the settlement fields are
//! null.

use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Serialize};

use super::{Call, Ctx, FamilyState, Handled};
use crate::mock::answer::{Answer, Refusal};
use crate::mock::bounded::Bounded;
use crate::mock::families::Family;
use crate::Amount;

/// How long after a successful bill payment it is settled to the biller (T+1).
pub const SETTLEMENT_AFTER_SECS: i64 = 86_400;

/// The statuses a recorded bill payment may have.
pub const STATUSES: &[&str] = &["SUCCESS", "PENDING", "FAILED"];

#[derive(Clone, Debug, Serialize)]
struct Transaction {
    bbps_transaction_id: String,
    bill_payment_status: String,
    settlement_status: Option<&'static str>,
    settlement_utr: Option<String>,
    settlement_amount: Option<Amount>,
    settlement_time: Option<String>,
    #[serde(skip)]
    amount: Amount,
    #[serde(skip)]
    succeeded: Option<DateTime<Utc>>,
}

#[derive(Deserialize)]
struct Record {
    bbps_transaction_id: String,
    amount: Amount,
    bill_payment_status: Option<String>,
}

/// BBPS bill payments as the biller sees them.
#[derive(Debug, Default)]
pub struct BbpsState {
    transactions: Bounded<String, Transaction>,
}

fn ts(at: DateTime<Utc>) -> String {
    let ist = FixedOffset::east_opt(19_800).map(|o| at.with_timezone(&o).naive_local());
    ist.unwrap_or(at.naive_utc())
        .format("%Y-%m-%d %H:%M:%S")
        .to_string()
}

impl BbpsState {
    fn record(&mut self, body: &[u8], ctx: &Ctx<'_>) -> Result<Answer, Refusal> {
        let req: Record = serde_json::from_slice(body).map_err(|e| {
            Refusal::invalid(
                "request_invalid",
                format!(
                    "POST /__paygen/bbps/transactions takes {{\"bbps_transaction_id\": \"…\", \"amount\": 100.00, \
                     \"bill_payment_status\": \"SUCCESS\"}}: {e}"
                ),
            )
        })?;
        let status = req.bill_payment_status.unwrap_or_else(|| "SUCCESS".into());
        if !STATUSES.contains(&status.as_str()) {
            return Err(Refusal::invalid(
                "bill_payment_status_invalid",
                format!("bill_payment_status `{status}` is not one of SUCCESS, PENDING, FAILED"),
            ));
        }
        if req.bbps_transaction_id.is_empty() || req.bbps_transaction_id.len() > 100 {
            return Err(Refusal::invalid(
                "bbps_transaction_id_invalid",
                "bbps_transaction_id must be 1 to 100 characters",
            ));
        }
        if !req.amount.is_positive() {
            return Err(Refusal::invalid(
                "amount_invalid",
                format!("amount {} must be more than 0", req.amount),
            ));
        }
        let now = ctx.clock.now();
        if let Some(t) = self.transactions.get_mut(&req.bbps_transaction_id) {
            self_settle(t, now);
            if t.settlement_status.is_some() || t.bill_payment_status != "PENDING" {
                return Err(Refusal::invalid(
                    "transaction_final",
                    format!(
                        "bbps transaction `{}` is {} already; only a PENDING one can change",
                        t.bbps_transaction_id, t.bill_payment_status
                    ),
                ));
            }
            t.bill_payment_status = status.clone();
            t.succeeded = (status == "SUCCESS").then_some(now);
            return Ok(Answer::ok(&*t));
        }
        let t = Transaction {
            bbps_transaction_id: req.bbps_transaction_id.clone(),
            bill_payment_status: status.clone(),
            settlement_status: None,
            settlement_utr: None,
            settlement_amount: None,
            settlement_time: None,
            amount: req.amount,
            succeeded: (status == "SUCCESS").then_some(now),
        };
        let answer = Answer::ok(&t);
        self.transactions.insert(req.bbps_transaction_id, t);
        Ok(answer)
    }
}

/// Applies time: a successful payment is settled [`SETTLEMENT_AFTER_SECS`] after it succeeded.
fn self_settle(t: &mut Transaction, now: DateTime<Utc>) {
    if let (None, Some(at)) = (t.settlement_status, t.succeeded) {
        let due = at + chrono::Duration::seconds(SETTLEMENT_AFTER_SECS);
        if now >= due {
            t.settlement_status = Some("SETTLED");
            t.settlement_utr = Some(format!("MOCKBBPSUTR{}", due.timestamp()));
            t.settlement_amount = Some(t.amount);
            t.settlement_time = Some(ts(due));
        }
    }
}

impl FamilyState for BbpsState {
    fn families(&self) -> &'static [Family] {
        &[Family::Bbps]
    }

    fn handle(&mut self, call: &Call<'_>, ctx: &Ctx<'_>) -> Handled {
        if call.operation_id != "get_bbps_transaction_status" {
            return None;
        }
        let id = call.param("bbps_transaction_id").to_string();
        let now = ctx.clock.now();
        Some(match self.transactions.get_mut(&id) {
            Some(t) => {
                self_settle(t, now);
                Ok(Answer::ok(&*t))
            }
            None => Err(Refusal::not_found(
                "transaction_not_found",
                format!(
                    "get_bbps_transaction_status: no BBPS transaction `{id}`; check the id the Payment \
                     Posting call gave you (on the mock, record one with POST /__paygen/bbps/transactions)"
                ),
            )),
        })
    }

    fn control(&mut self, method: &str, path: &str, body: &[u8], ctx: &Ctx<'_>) -> Handled {
        match (method, path) {
            ("POST", "/bbps/transactions") => Some(self.record(body, ctx)),
            _ => None,
        }
    }

    fn reset(&mut self) {
        *self = BbpsState::default();
    }
}
