//! The Cashgram state rules of Payouts v1 (documents 002 and 003; Cashfree's Cashgram
//! lifecycle). Bearer tokens (authorize, verify, expiry by the mock's clock, sub-codes 403 and
//! 412) are the framework's: [`tokens`](super::tokens) and [`auth`](crate::mock::auth).
//!
//! - `create_cashgram` makes an `ACTIVE` Cashgram with a `referenceId` and a `cashgramLink`.
//!   A repeated `cashgramId` gets sub-code 409 "Cashgram with id … already exists"; a
//!   `linkExpiry` before today or more than [`MAX_LINK_DAYS`] days ahead (India time, as
//!   Cashfree counts days) gets 422 `expiry_date_invalid`.
//! - The link is redeemable through its `linkExpiry` day (India time). The first read after
//!   that day ends finds it `EXPIRED` with `reason: EXCEEDED_EXPIRY_DATE` (event
//!   `CASHGRAM_EXPIRED`).
//! - Redemption is the recipient's act, so it comes from the control API:
//!   `POST /__paygen/payouts-v1/cashgrams/{cashgramId}/redeem` (or
//!   [`MockServer::control`](crate::mock::MockServer::control)). The Cashgram is then `PENDING`
//!   with a `redeemRefId`, and `REDEEMED` [`REDEMPTION_SETTLES_AFTER_SECS`] later by the clock
//!   (event `CASHGRAM_REDEEMED`).
//! - Each event carries the fields Cashfree's Cashgram webhooks page documents for it (see
//!   `Cashgram::webhook_data`); delivery form-encodes and signs them
//!   ([`crate::webhooks::sign_form_fields`]). No state here produces
//!   `CASHGRAM_TRANSFER_REVERSAL` (the mock's redemptions are never reversed).
//! - `deactivate_cashgram` ends an `ACTIVE` Cashgram. Cashfree's lifecycle has no
//!   deactivated state and calls every Cashgram that can no longer be redeemed "Expired"
//!   (its `CASHGRAM_EXPIRED` webhook: "Cashgram is inactive"), so a deactivated Cashgram reads
//!   `EXPIRED`, without a `reason` (neither documented reason applies); see
//!   `specs/DISCREPANCIES.md`. Deactivating one that is not `ACTIVE` gets 412: "… has already
//!   been Expired" for an expired or deactivated one, "Active cashgrams can only be
//!   deactivated" otherwise.
//! - An unknown id gets 404 "Cashgram with id … does not exists" (the documents' words); an
//!   id that cannot be one gets 422 "Please provide a valid cashgram Id".
//! - Sub-code 520 after the Cashgram was created (the documents say Cashfree sometimes answers
//!   so; `create_cashgram_exactly_once` resolves it by a status look-up) is the fault
//!   injector's `CommitThenStatus { status: 520 }` on `create_cashgram` (`super::super::faults`).

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{Call, Ctx, FamilyState, Handled};
use crate::mock::answer::{Answer, Refusal};
use crate::mock::bounded::Bounded;
use crate::mock::events::MockEvent;
use crate::mock::families::Family;

/// How many days ahead a `linkExpiry` may be (Cashfree: "within 30 days from the creation
/// date").
pub const MAX_LINK_DAYS: i64 = 30;

/// Seconds after redemption a `PENDING` Cashgram is `REDEEMED`.
pub const REDEMPTION_SETTLES_AFTER_SECS: i64 = 30;

const SPEC: &str = "cashfree-payouts-v1";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    Active,
    Pending,
    Redeemed,
    Expired,
    Deactivated,
}

#[derive(Clone, Debug)]
struct Cashgram {
    id: String,
    reference_id: u64,
    link_expiry: NaiveDate,
    state: State,
    redeem_ref_id: Option<u64>,
    redeemed_at: Option<DateTime<Utc>>,
}

/// What `get_cashgram_status` says of a Cashgram (and a webhook event's data).
#[derive(Serialize)]
struct StatusData<'a> {
    #[serde(rename = "cashgramStatus")]
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'static str>,
    #[serde(rename = "referenceId")]
    reference_id: u64,
    #[serde(rename = "cashgramId")]
    cashgram_id: &'a str,
    #[serde(rename = "cashgramLink")]
    cashgram_link: String,
    #[serde(rename = "redeemRefId", skip_serializing_if = "Option::is_none")]
    redeem_ref_id: Option<u64>,
}

#[derive(Serialize)]
struct Envelope<T: Serialize> {
    status: &'static str,
    #[serde(rename = "subCode")]
    sub_code: &'static str,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    data: Option<T>,
}

fn success<T: Serialize>(message: impl Into<String>, data: Option<T>) -> Answer {
    Answer::ok(&Envelope {
        status: "SUCCESS",
        sub_code: "200",
        message: message.into(),
        data,
    })
}

/// The `reason` of a `CASHGRAM_EXPIRED` webhook for a Cashgram its merchant deactivated (the
/// documents name no reason for it; `specs/DISCREPANCIES.md` MK-W4).
pub const DEACTIVATED_REASON: &str = "DEACTIVATED";

impl Cashgram {
    /// The documented fields of this Cashgram's `event` webhook (Cashfree's Cashgram webhooks
    /// page): `CASHGRAM_REDEEMED` has `cashgramid`, `referenceId`, `eventTime` (the transfer's
    /// initiation, India time) and `utr`; `CASHGRAM_EXPIRED` has `cashgramid` and `reason`.
    /// Webhook delivery adds the `signature` field and form-encodes them.
    fn webhook_data(&self, event: &str) -> String {
        let mut fields = serde_json::Map::new();
        fields.insert("event".into(), event.into());
        fields.insert("cashgramid".into(), self.id.clone().into());
        match self.state {
            State::Redeemed => {
                let ist = chrono::FixedOffset::east_opt(19_800);
                let at = self
                    .redeemed_at
                    .zip(ist)
                    .map(|(at, ist)| {
                        at.with_timezone(&ist)
                            .format("%Y-%m-%d %H:%M:%S")
                            .to_string()
                    })
                    .unwrap_or_default();
                fields.insert("referenceId".into(), self.reference_id.to_string().into());
                fields.insert("eventTime".into(), at.into());
                fields.insert(
                    "utr".into(),
                    format!("MOCKUTR{}", self.redeem_ref_id.unwrap_or(self.reference_id)).into(),
                );
            }
            State::Expired => {
                fields.insert("reason".into(), "EXCEEDED_EXPIRY_DATE".into());
            }
            State::Deactivated => {
                fields.insert("reason".into(), DEACTIVATED_REASON.into());
            }
            State::Active | State::Pending => {}
        }
        serde_json::Value::Object(fields).to_string()
    }

    fn link(&self) -> String {
        format!("https://cashgram.mock.invalid/{}", self.reference_id)
    }

    fn data(&self) -> StatusData<'_> {
        let (status, reason) = match self.state {
            State::Active => ("ACTIVE", None),
            State::Pending => ("PENDING", None),
            State::Redeemed => ("REDEEMED", None),
            State::Expired => ("EXPIRED", Some("EXCEEDED_EXPIRY_DATE")),
            State::Deactivated => ("EXPIRED", None),
        };
        StatusData {
            status,
            reason,
            reference_id: self.reference_id,
            cashgram_id: &self.id,
            cashgram_link: self.link(),
            redeem_ref_id: self.redeem_ref_id,
        }
    }
}

#[derive(Deserialize)]
struct CreateCashgram {
    #[serde(rename = "cashgramId")]
    cashgram_id: String,
    #[serde(rename = "linkExpiry")]
    link_expiry: String,
}

#[derive(Deserialize)]
struct DeactivateCashgram {
    #[serde(rename = "cashgramId")]
    cashgram_id: String,
}

/// Everything Payouts v1 holds for one server: its Cashgrams.
#[derive(Debug, Default)]
pub struct PayoutsV1State {
    next: u64,
    cashgrams: Bounded<String, Cashgram>,
}

fn not_found(id: &str) -> Refusal {
    Refusal::not_found(
        "cashgram_not_found",
        format!("Cashgram with id {id} does not exists"),
    )
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 36
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

fn invalid_id() -> Refusal {
    Refusal::new(
        422,
        "cashgram_id_invalid",
        "invalid_request_error",
        "Please provide a valid cashgram Id",
    )
}

impl PayoutsV1State {
    fn id(&mut self) -> u64 {
        self.next += 1;
        self.next
    }

    /// Applies the clock to a Cashgram and publishes what changed.
    fn advance(&mut self, id: &str, ctx: &Ctx<'_>) -> Option<Cashgram> {
        let now = ctx.clock.now();
        let today = ctx.clock.now_ist().date_naive();
        let c = self.cashgrams.get_mut(&id.to_string())?;
        let mut event = None;
        if c.state == State::Active && today > c.link_expiry {
            c.state = State::Expired;
            event = Some("CASHGRAM_EXPIRED");
        }
        if c.state == State::Pending
            && c.redeemed_at
                .is_some_and(|at| (now - at).num_seconds() >= REDEMPTION_SETTLES_AFTER_SECS)
        {
            c.state = State::Redeemed;
            event = Some("CASHGRAM_REDEEMED");
        }
        let c = c.clone();
        if let Some(event_type) = event {
            ctx.events.publish(MockEvent {
                family: SPEC,
                event_type: event_type.to_string(),
                resource_id: c.id.clone(),
                data: c.webhook_data(event_type),
                event_time: now.to_rfc3339(),
            });
        }
        Some(c)
    }

    fn create(&mut self, call: &Call<'_>, ctx: &Ctx<'_>) -> Result<Answer, Refusal> {
        let req: CreateCashgram = call.body()?;
        if self.cashgrams.contains(&req.cashgram_id) {
            return Err(Refusal::exists(
                "cashgram_id_already_exists",
                format!("Cashgram with id {} already exists", req.cashgram_id),
            ));
        }
        let today = ctx.clock.now_ist().date_naive();
        let expiry = NaiveDate::parse_from_str(&req.link_expiry, "%Y/%m/%d")
            .ok()
            .filter(|d| *d >= today && *d <= today + Duration::days(MAX_LINK_DAYS))
            .ok_or_else(|| {
                Refusal::new(
                    422,
                    "expiry_date_invalid",
                    "invalid_request_error",
                    format!(
                        "create_cashgram: linkExpiry `{}` must be a date YYYY/MM/DD from today ({}) to {MAX_LINK_DAYS} days ahead, India time",
                        req.link_expiry,
                        today.format("%Y/%m/%d")
                    ),
                )
            })?;
        let n = self.id();
        let cashgram = Cashgram {
            id: req.cashgram_id.clone(),
            reference_id: 1_000_000 + n,
            link_expiry: expiry,
            state: State::Active,
            redeem_ref_id: None,
            redeemed_at: None,
        };
        #[derive(Serialize)]
        struct Created {
            #[serde(rename = "referenceId")]
            reference_id: u64,
            #[serde(rename = "cashgramLink")]
            cashgram_link: String,
        }
        let answer = success(
            "Cashgram Created",
            Some(Created {
                reference_id: cashgram.reference_id,
                cashgram_link: cashgram.link(),
            }),
        );
        self.cashgrams.insert(req.cashgram_id, cashgram);
        Ok(answer)
    }

    fn status(&mut self, call: &Call<'_>, ctx: &Ctx<'_>) -> Result<Answer, Refusal> {
        let id = call.query("cashgramId").unwrap_or("");
        if !valid_id(id) {
            return Err(invalid_id());
        }
        let c = self.advance(id, ctx).ok_or_else(|| not_found(id))?;
        Ok(success("Cashgram details retrieved", Some(c.data())))
    }

    fn deactivate(&mut self, call: &Call<'_>, ctx: &Ctx<'_>) -> Result<Answer, Refusal> {
        let req: DeactivateCashgram = call.body()?;
        let id = req.cashgram_id;
        if !valid_id(&id) {
            return Err(invalid_id());
        }
        let c = self.advance(&id, ctx).ok_or_else(|| not_found(&id))?;
        let refuse = |message: String| {
            Refusal::new(412, "cashgram_not_active", "invalid_request_error", message)
        };
        match c.state {
            State::Active => {}
            State::Expired | State::Deactivated => {
                return Err(refuse(format!(
                    "Cashgram with id - {id} has already been Expired"
                )))
            }
            State::Pending | State::Redeemed => {
                return Err(refuse("Active cashgrams can only be deactivated".into()))
            }
        }
        if let Some(c) = self.cashgrams.get_mut(&id) {
            c.state = State::Deactivated;
            let data = c.webhook_data("CASHGRAM_EXPIRED");
            ctx.events.publish(MockEvent {
                family: SPEC,
                event_type: "CASHGRAM_EXPIRED".into(),
                resource_id: id.clone(),
                data,
                event_time: ctx.clock.now().to_rfc3339(),
            });
        }
        Ok(success::<()>(
            format!("Cashgram with id - {id} successfully deactivated!"),
            None,
        ))
    }

    /// The recipient redeems a Cashgram (control API).
    fn redeem(&mut self, id: &str, ctx: &Ctx<'_>) -> Result<Answer, Refusal> {
        let c = self.advance(id, ctx).ok_or_else(|| not_found(id))?;
        if c.state != State::Active {
            return Err(Refusal::new(
                412,
                "cashgram_not_active",
                "invalid_request_error",
                format!(
                    "redeem: Cashgram with id {id} is {} and can no longer be redeemed; only an ACTIVE Cashgram can",
                    c.data().status
                ),
            ));
        }
        let n = self.id();
        let now = ctx.clock.now();
        let c = self
            .cashgrams
            .get_mut(&id.to_string())
            .ok_or_else(|| not_found(id))?;
        c.state = State::Pending;
        c.redeem_ref_id = Some(90_000_000 + n);
        c.redeemed_at = Some(now);
        Ok(success("Cashgram redeemed", Some(c.data())))
    }
}

impl FamilyState for PayoutsV1State {
    fn families(&self) -> &'static [Family] {
        &[Family::PayoutsV1]
    }

    fn handle(&mut self, call: &Call<'_>, ctx: &Ctx<'_>) -> Handled {
        Some(match call.operation_id {
            "create_cashgram" => self.create(call, ctx),
            "get_cashgram_status" => self.status(call, ctx),
            "deactivate_cashgram" => self.deactivate(call, ctx),
            _ => return None,
        })
    }

    fn control(&mut self, method: &str, path: &str, _body: &[u8], ctx: &Ctx<'_>) -> Handled {
        let rest = path.strip_prefix("/payouts-v1/")?;
        match (method, rest) {
            ("POST", rest) => {
                let id = rest.strip_prefix("cashgrams/")?.strip_suffix("/redeem")?;
                let id = percent_encoding::percent_decode_str(id)
                    .decode_utf8_lossy()
                    .into_owned();
                Some(self.redeem(&id, ctx))
            }
            _ => None,
        }
    }

    fn reset(&mut self) {
        *self = PayoutsV1State::default();
    }
}
