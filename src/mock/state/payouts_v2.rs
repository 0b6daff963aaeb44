//! The Payouts v2 state rules: transfers and batches.
//!
//! A transfer is `RECEIVED` (status code `RECEIVED`) when created; by the mock's clock it is
//! `PENDING` (`SENT_TO_BANK`) after [`PENDING_AFTER_SECS`] and final after
//! [`FINAL_AFTER_SECS`]: `SUCCESS` (`COMPLETED`), or `FAILED` for the mock's failing test
//! beneficiaries — a bank account ending in `0000` (`INVALID_ACCOUNT_FAIL`), a VPA starting
//! with `fail` (`INVALID_BENE_VPA`). A VPA starting with `reverse` succeeds and is `REVERSED`
//! (`BENE_BANK_DECLINED`) [`REVERSED_AFTER_SECS`] later. A repeated `transfer_id` gets
//! `409 transfer_id_already_exists`; status lookups take `transfer_id` or `cf_transfer_id`.
//!
//! A batch creates each of its transfers (the same rules, each checked for a repeated id as
//! `transfers[i].transfer_id_already_exists`); it is `RECEIVED`, `PENDING` while any transfer
//! is not final, then `PROCESSED`. A repeated `batch_transfer_id` gets
//! `409 batch_transfer_id_already_exists`.
//!
//! Time-driven changes happen when a transfer is next read, and publish their events
//! (`TRANSFER_SUCCESS`, `TRANSFER_FAILED`, `TRANSFER_REVERSED`) then.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::{Call, Ctx, FamilyState, Handled};
use crate::mock::answer::{Answer, Refusal};
use crate::mock::bounded::Bounded;
use crate::mock::events::MockEvent;
use crate::mock::families::Family;
use crate::Amount;

/// Seconds after creation a transfer is `PENDING`.
pub const PENDING_AFTER_SECS: i64 = 1;
/// Seconds after creation a transfer is final.
pub const FINAL_AFTER_SECS: i64 = 3;
/// Seconds after success a reversing transfer is `REVERSED`.
pub const REVERSED_AFTER_SECS: i64 = 60;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fate {
    Success,
    Fail(&'static str, &'static str),
    Reverse,
}

#[derive(Clone, Debug, Serialize)]
struct Transfer {
    transfer_id: String,
    cf_transfer_id: String,
    status: &'static str,
    status_code: &'static str,
    status_description: String,
    beneficiary_details: Value,
    transfer_amount: Amount,
    transfer_service_charge: Amount,
    transfer_service_tax: Amount,
    transfer_mode: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    transfer_utr: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fundsource_id: Option<String>,
    added_on: String,
    updated_on: String,
    #[serde(skip)]
    created: DateTime<Utc>,
    #[serde(skip)]
    fate: Fate,
}

#[derive(Clone, Debug)]
struct Batch {
    batch_transfer_id: String,
    cf_batch_transfer_id: String,
    transfer_ids: Vec<String>,
}

/// Everything Payouts v2 holds for one server.
#[derive(Debug, Default)]
pub struct PayoutsV2State {
    next: u64,
    transfers: Bounded<String, Transfer>,
    by_cf_id: Bounded<String, String>,
    batches: Bounded<String, Batch>,
}

#[derive(Deserialize)]
struct CreateTransfer {
    transfer_id: String,
    transfer_amount: Amount,
    transfer_mode: Option<String>,
    beneficiary_details: Option<Value>,
    fundsource_id: Option<String>,
}

#[derive(Deserialize)]
struct CreateBatch {
    batch_transfer_id: String,
    #[serde(default)]
    transfers: Vec<CreateTransfer>,
}

fn ts(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn fate_of(beneficiary: &Value) -> Fate {
    let instrument = beneficiary.get("beneficiary_instrument_details");
    let field = |name: &str| {
        instrument
            .and_then(|i| i.get(name))
            .and_then(Value::as_str)
            .unwrap_or("")
    };
    if field("bank_account_number").ends_with("0000") {
        Fate::Fail("INVALID_ACCOUNT_FAIL", "the beneficiary account is not valid")
    } else if field("vpa").starts_with("fail") {
        Fate::Fail("INVALID_BENE_VPA", "the beneficiary VPA is not valid")
    } else if field("vpa").starts_with("reverse") {
        Fate::Reverse
    } else {
        Fate::Success
    }
}

impl PayoutsV2State {
    fn id(&mut self) -> u64 {
        self.next += 1;
        self.next
    }

    fn new_transfer(&mut self, req: CreateTransfer, ctx: &Ctx<'_>) -> Transfer {
        let n = self.id();
        let now = ctx.clock.now();
        let beneficiary = req.beneficiary_details.unwrap_or(Value::Null);
        let fate = fate_of(&beneficiary);
        let zero = Amount::from_minor(0, 2);
        let shown = json!({
            "beneficiary_id": beneficiary.get("beneficiary_id"),
            "beneficiary_instrument_details": beneficiary.get("beneficiary_instrument_details"),
        });
        Transfer {
            transfer_id: req.transfer_id,
            cf_transfer_id: (1_800_000 + n).to_string(),
            status: "RECEIVED",
            status_code: "RECEIVED",
            status_description: "The transfer was received.".into(),
            beneficiary_details: shown,
            transfer_amount: req.transfer_amount,
            transfer_service_charge: zero,
            transfer_service_tax: zero,
            transfer_mode: req.transfer_mode.unwrap_or_else(|| "banktransfer".into()),
            transfer_utr: None,
            fundsource_id: req.fundsource_id,
            added_on: ts(now),
            updated_on: ts(now),
            created: now,
            fate,
        }
    }

    fn insert(&mut self, transfer: Transfer) {
        self.by_cf_id
            .insert(transfer.cf_transfer_id.clone(), transfer.transfer_id.clone());
        self.transfers.insert(transfer.transfer_id.clone(), transfer);
    }

    /// Applies time to a transfer and publishes what changed.
    fn advance(&mut self, transfer_id: &str, ctx: &Ctx<'_>) -> Option<Transfer> {
        let now = ctx.clock.now();
        let t = self.transfers.get_mut(&transfer_id.to_string())?;
        let age = (now - t.created).num_seconds();
        let mut events = Vec::new();
        if t.status == "RECEIVED" && age >= PENDING_AFTER_SECS {
            t.status = "PENDING";
            t.status_code = "SENT_TO_BANK";
            t.status_description = "The transfer was sent to the bank.".into();
            t.updated_on = ts(now);
        }
        if t.status == "PENDING" && age >= FINAL_AFTER_SECS {
            match t.fate {
                Fate::Fail(code, why) => {
                    t.status = "FAILED";
                    t.status_code = code;
                    t.status_description = why.into();
                    events.push("TRANSFER_FAILED");
                }
                Fate::Success | Fate::Reverse => {
                    t.status = "SUCCESS";
                    t.status_code = "COMPLETED";
                    t.status_description = "The transfer was completed.".into();
                    t.transfer_utr = Some(format!("MOCKUTR{}", t.cf_transfer_id));
                    t.transfer_service_charge = Amount::from_minor(100, 2);
                    t.transfer_service_tax = Amount::from_minor(18, 2);
                    events.push("TRANSFER_SUCCESS");
                }
            }
            t.updated_on = ts(now);
        }
        if t.status == "SUCCESS"
            && t.fate == Fate::Reverse
            && age >= FINAL_AFTER_SECS + REVERSED_AFTER_SECS
        {
            t.status = "REVERSED";
            t.status_code = "BENE_BANK_DECLINED";
            t.status_description = "The beneficiary bank returned the transfer.".into();
            t.updated_on = ts(now);
            events.push("TRANSFER_REVERSED");
        }
        let t = t.clone();
        for event_type in events {
            ctx.events.publish(MockEvent {
                family: "cashfree-payouts-v2",
                event_type: event_type.to_string(),
                resource_id: t.transfer_id.clone(),
                data: serde_json::to_string(&t).unwrap_or_else(|_| "{}".into()),
                event_time: ts(now),
            });
        }
        Some(t)
    }

    fn create_transfer(&mut self, call: &Call<'_>, ctx: &Ctx<'_>) -> Result<Answer, Refusal> {
        let req: CreateTransfer = call.body()?;
        if self.transfers.contains(&req.transfer_id) {
            return Err(Refusal::exists(
                "transfer_id_already_exists",
                format!(
                    "create_transfer: transfer_id `{}` already exists; get_transfer_status tells its outcome, a new transfer needs a new id",
                    req.transfer_id
                ),
            ));
        }
        let transfer = self.new_transfer(req, ctx);
        let answer = Answer::ok(&transfer);
        self.insert(transfer);
        Ok(answer)
    }

    fn find(&mut self, call: &Call<'_>, ctx: &Ctx<'_>) -> Result<Answer, Refusal> {
        let id = match (call.query("transfer_id"), call.query("cf_transfer_id")) {
            (Some(id), _) => id.to_string(),
            (None, Some(cf)) => self.by_cf_id.get(&cf.to_string()).cloned().unwrap_or_default(),
            (None, None) => {
                return Err(Refusal::invalid(
                    "transfer_id_missing",
                    "get_transfer_status: pass transfer_id or cf_transfer_id",
                ))
            }
        };
        self.advance(&id, ctx).map(|t| Answer::ok(&t)).ok_or_else(|| {
            Refusal::not_found(
                "transfer_not_found",
                "get_transfer_status: no transfer with that id on this mock",
            )
        })
    }

    fn create_batch(&mut self, call: &Call<'_>, ctx: &Ctx<'_>) -> Result<Answer, Refusal> {
        let req: CreateBatch = call.body()?;
        if self.batches.contains(&req.batch_transfer_id) {
            return Err(Refusal::exists(
                "batch_transfer_id_already_exists",
                format!(
                    "create_batch_transfer: batch_transfer_id `{}` already exists; get_batch_transfer_status reads it",
                    req.batch_transfer_id
                ),
            ));
        }
        for (i, t) in req.transfers.iter().enumerate() {
            let repeated = req.transfers[..i].iter().any(|o| o.transfer_id == t.transfer_id);
            if repeated || self.transfers.contains(&t.transfer_id) {
                return Err(Refusal::exists(
                    format!("transfers[{i}].transfer_id_already_exists"),
                    format!("create_batch_transfer: transfers[{i}].transfer_id `{}` already exists", t.transfer_id),
                ));
            }
        }
        let n = self.id();
        let mut ids = Vec::new();
        for t in req.transfers {
            let transfer = self.new_transfer(t, ctx);
            ids.push(transfer.transfer_id.clone());
            self.insert(transfer);
        }
        let batch = Batch {
            batch_transfer_id: req.batch_transfer_id.clone(),
            cf_batch_transfer_id: (600_000 + n).to_string(),
            transfer_ids: ids,
        };
        let answer = Answer::ok(&json!({
            "batch_transfer_id": batch.batch_transfer_id,
            "cf_batch_transfer_id": batch.cf_batch_transfer_id,
            "status": "RECEIVED",
        }));
        self.batches.insert(req.batch_transfer_id, batch);
        Ok(answer)
    }

    fn batch_status(&mut self, call: &Call<'_>, ctx: &Ctx<'_>) -> Result<Answer, Refusal> {
        let batch = match (call.query("batch_transfer_id"), call.query("cf_batch_transfer_id")) {
            (Some(id), _) => self.batches.get(&id.to_string()).cloned(),
            (None, Some(cf)) => self
                .batches
                .values()
                .find(|b| b.cf_batch_transfer_id == cf)
                .cloned(),
            (None, None) => {
                return Err(Refusal::invalid(
                    "batch_transfer_id_missing",
                    "get_batch_transfer_status: pass batch_transfer_id or cf_batch_transfer_id",
                ))
            }
        };
        let batch = batch.ok_or_else(|| {
            Refusal::not_found(
                "batch_transfer_not_found",
                "get_batch_transfer_status: no batch with that id on this mock",
            )
        })?;
        let transfers: Vec<Transfer> = batch
            .transfer_ids
            .iter()
            .filter_map(|id| self.advance(id, ctx))
            .collect();
        let all_final = transfers
            .iter()
            .all(|t| !matches!(t.status, "RECEIVED" | "PENDING"));
        let any_moved = transfers.iter().any(|t| t.status != "RECEIVED");
        let status = match (all_final, any_moved) {
            (true, _) if !transfers.is_empty() => "PROCESSED",
            (_, true) => "PENDING",
            _ => "RECEIVED",
        };
        #[derive(Serialize)]
        struct Status<'a> {
            batch_transfer_id: &'a str,
            cf_batch_transfer_id: &'a str,
            status: &'a str,
            transfers: &'a [Transfer],
        }
        Ok(Answer::ok(&Status {
            batch_transfer_id: &batch.batch_transfer_id,
            cf_batch_transfer_id: &batch.cf_batch_transfer_id,
            status,
            transfers: &transfers,
        }))
    }
}

impl FamilyState for PayoutsV2State {
    fn families(&self) -> &'static [Family] {
        &[Family::PayoutsV2]
    }

    fn handle(&mut self, call: &Call<'_>, ctx: &Ctx<'_>) -> Handled {
        Some(match call.operation_id {
            "create_transfer" => self.create_transfer(call, ctx),
            "get_transfer_status" => self.find(call, ctx),
            "create_batch_transfer" => self.create_batch(call, ctx),
            "get_batch_transfer_status" => self.batch_status(call, ctx),
            _ => return None,
        })
    }

    fn reset(&mut self) {
        *self = PayoutsV2State::default();
    }
}
