//! The OneEscrow state rules (pages 013–018 of the reference): virtual accounts on the
//! merchant's connected escrow fund source, allocations to them, transfers between them, and
//! the account statement, paginated by real cursors over what happened.
//!
//! - The connected escrow fund source exists from the start as [`ESCROW_FUND_SOURCE_ID`]
//!   (balance 0). `escrow_create_virtual_account` adds a virtual account with a fresh
//!   `paymentInstrumentId` (`va_<n>`) and an account number made of the bank's
//!   `accountPrefix` and a serial; the first one needs `accountPrefix` (422
//!   `accountPrefix_missing` without it), later ones reuse it.
//! - `escrow_allocate_funds` credits a fund source or virtual account (a notional credit). A
//!   repeated `rechargeId` gets sub-code 409; an unknown `paymentInstrumentId` 422.
//! - `escrow_transfer_funds` moves `amount` from `paymentInstrumentId` (or from
//!   `rechargeAccount`, Cashfree's internal recharge account, whose balance the mock does not
//!   keep) to `toPaymentInstrumentId`: both must exist, the source must hold the amount (422
//!   `insufficient_balance` otherwise), and a repeated `transferId` gets 409. A transfer
//!   without `transferId` gets a generated one.
//! - `escrow_get_fund_source` shows the balance those calls left (amounts as decimal text, as
//!   the reference shows them); an unknown id gets 404.
//! - The statement lists every credit and debit (a transfer is a debit of its source and a
//!   credit of its destination) whose time is within `[startTime, endTime]`, oldest first,
//!   for one virtual account (`paymentInstrumentId`) or all of them. Pages hold `limit`
//!   entries ([`DEFAULT_PAGE_LIMIT`] unless given, at most [`MAX_PAGE_LIMIT`]). `nextCursor`
//!   and `prevCursor` are opaque cursors ([`crate::mock::cursor`]) naming the entry a page
//!   starts at and the query they belong to: a page walk sees every entry once even while new
//!   entries are added, and a made-up cursor, or one sent with another window, limit or account,
//!   gets 422 `cursor_invalid`.
//!
//! Each entry is an object: `entryId`, `type` (`CREDIT` / `DEBIT`), `amount` and
//! `balanceAfter` (decimal text, so no digit is lost in a JSON map), `paymentInstrumentId`,
//! `counterparty` (the other side of a transfer), `transferId` or `rechargeId`, `utr`,
//! `remarks`, `timestamp` (Unix seconds) and `addedOn` (RFC 3339). The reference does not
//! publish the entry fields; these are the mock's.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{Call, Ctx, FamilyState, Handled};
use crate::mock::answer::{Answer, Refusal};
use crate::mock::bounded::Bounded;
use crate::mock::cursor::{self, Position};
use crate::mock::families::Family;
use crate::Amount;

/// The `paymentInstrumentId` of the merchant's connected escrow fund source.
pub const ESCROW_FUND_SOURCE_ID: &str = "escrow_fs_mock";

/// Entries per statement page when `limit` is not given.
pub const DEFAULT_PAGE_LIMIT: usize = 10;

/// The most entries one statement page holds (a larger `limit` is read as this).
pub const MAX_PAGE_LIMIT: usize = 500;

#[derive(Clone, Debug)]
struct FundSource {
    payment_instrument_id: String,
    virtual_account_number: String,
    numeric_id: u64,
    display_name: String,
    balance: Decimal,
    added_on: String,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Entry {
    entry_id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    amount: String,
    balance_after: String,
    payment_instrument_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    counterparty: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    transfer_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    recharge_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    utr: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    remarks: Option<String>,
    timestamp: i64,
    added_on: String,
    #[serde(skip)]
    seq: u64,
}

/// Everything OneEscrow holds for one server.
#[derive(Debug)]
pub struct OneEscrowState {
    next: u64,
    account_prefix: Option<String>,
    sources: Bounded<String, FundSource>,
    entries: Bounded<u64, Entry>,
    recharge_ids: Bounded<String, ()>,
    transfer_ids: Bounded<String, ()>,
}

impl Default for OneEscrowState {
    fn default() -> Self {
        let mut sources = Bounded::default();
        sources.insert(
            ESCROW_FUND_SOURCE_ID.to_string(),
            FundSource {
                payment_instrument_id: ESCROW_FUND_SOURCE_ID.to_string(),
                virtual_account_number: "000000000000".into(),
                numeric_id: 1,
                display_name: "Connected escrow account".into(),
                balance: Decimal::ZERO,
                added_on: "2024-01-01T00:00:00Z".into(),
            },
        );
        OneEscrowState {
            next: 1,
            account_prefix: None,
            sources,
            entries: Bounded::default(),
            recharge_ids: Bounded::default(),
            transfer_ids: Bounded::default(),
        }
    }
}

#[derive(Serialize)]
struct Envelope<T: Serialize> {
    status: &'static str,
    #[serde(rename = "subCode")]
    sub_code: &'static str,
    message: &'static str,
    data: T,
}

fn success<T: Serialize>(message: &'static str, data: T) -> Answer {
    Answer::ok(&Envelope {
        status: "SUCCESS",
        sub_code: "200",
        message,
        data,
    })
}

fn unprocessable(code: &str, message: String) -> Refusal {
    Refusal::new(422, code, "invalid_request_error", message)
}

/// Decimal text with at least two places (`1000.00`), as the reference writes balances.
fn money(d: Decimal) -> String {
    let mut d = d;
    if d.scale() < 2 {
        d.rescale(2);
    }
    d.to_string()
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CreateVa {
    display_name: String,
    account_prefix: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Recharge {
    amount: Amount,
    payment_instrument_id: String,
    recharge_id: Option<String>,
    utr: Option<String>,
    remarks: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Transfer {
    amount: Amount,
    recharge_account: Option<String>,
    payment_instrument_id: Option<String>,
    to_payment_instrument_id: Option<String>,
    remarks: Option<String>,
    transfer_id: Option<String>,
}

/// What selects and cuts the statement's pages: the query its cursors belong to.
#[derive(Serialize)]
struct StatementQuery<'a> {
    start: i64,
    end: i64,
    limit: usize,
    account: Option<&'a str>,
}

impl OneEscrowState {
    fn id(&mut self) -> u64 {
        self.next += 1;
        self.next
    }

    fn source(&self, id: &str) -> Option<&FundSource> {
        self.sources.get(&id.to_string())
    }

    #[allow(clippy::too_many_arguments)]
    fn record(
        &mut self,
        ctx: &Ctx<'_>,
        kind: &'static str,
        account: &str,
        amount: Decimal,
        counterparty: Option<String>,
        ids: (Option<String>, Option<String>),
        utr: Option<String>,
        remarks: Option<String>,
    ) {
        let delta = if kind == "CREDIT" { amount } else { -amount };
        let balance_after = match self.sources.get_mut(&account.to_string()) {
            Some(s) => {
                s.balance += delta;
                s.balance
            }
            None => return,
        };
        let seq = self.id();
        let now = ctx.clock.now();
        let entry = Entry {
            entry_id: format!("ent_{seq}"),
            kind,
            amount: money(amount),
            balance_after: money(balance_after),
            payment_instrument_id: account.to_string(),
            counterparty,
            transfer_id: ids.0,
            recharge_id: ids.1,
            utr,
            remarks,
            timestamp: now.timestamp(),
            added_on: now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            seq,
        };
        self.entries.insert(seq, entry);
    }

    fn create_va(&mut self, call: &Call<'_>, ctx: &Ctx<'_>) -> Result<Answer, Refusal> {
        let req: CreateVa = call.body()?;
        let prefix = match (req.account_prefix.filter(|p| !p.is_empty()), &self.account_prefix) {
            (Some(p), _) => p,
            (None, Some(p)) => p.clone(),
            (None, None) => {
                return Err(unprocessable(
                    "accountPrefix_missing",
                    "escrow_create_virtual_account: accountPrefix is required for the first virtual account; send the prefix the bank allocated".into(),
                ))
            }
        };
        if !prefix.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(unprocessable(
                "accountPrefix_invalid",
                format!("escrow_create_virtual_account: accountPrefix `{prefix}` may hold only letters and digits"),
            ));
        }
        self.account_prefix = Some(prefix.clone());
        let n = self.id();
        let va = FundSource {
            payment_instrument_id: format!("va_{n}"),
            virtual_account_number: format!("{prefix}{n:08}"),
            numeric_id: n,
            display_name: req.display_name,
            balance: Decimal::ZERO,
            added_on: ctx
                .clock
                .now()
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        };
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Created<'a> {
            payment_instrument_id: &'a str,
            virtual_account_number: &'a str,
        }
        let answer = success(
            "Virtual account created",
            Created {
                payment_instrument_id: &va.payment_instrument_id,
                virtual_account_number: &va.virtual_account_number,
            },
        );
        self.sources.insert(va.payment_instrument_id.clone(), va);
        Ok(answer)
    }

    fn allocate(&mut self, call: &Call<'_>, ctx: &Ctx<'_>) -> Result<Answer, Refusal> {
        let req: Recharge = call.body()?;
        if !req.amount.is_positive() {
            return Err(unprocessable(
                "amount_invalid",
                format!(
                    "escrow_allocate_funds: amount must be above 0 (it is {})",
                    req.amount
                ),
            ));
        }
        if self.source(&req.payment_instrument_id).is_none() {
            return Err(unprocessable(
                "paymentInstrumentId_invalid",
                format!(
                    "escrow_allocate_funds: no fund source or virtual account `{}`; create it first",
                    req.payment_instrument_id
                ),
            ));
        }
        if let Some(id) = &req.recharge_id {
            if self.recharge_ids.contains(id) {
                return Err(Refusal::exists(
                    "rechargeId_already_exists",
                    format!("escrow_allocate_funds: rechargeId `{id}` already exists; the account statement shows it"),
                ));
            }
            self.recharge_ids.insert(id.clone(), ());
        }
        self.record(
            ctx,
            "CREDIT",
            &req.payment_instrument_id,
            req.amount.decimal(),
            None,
            (None, req.recharge_id),
            req.utr,
            req.remarks,
        );
        let reference_id = self.next;
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Allocated {
            reference_id: u64,
            message: &'static str,
        }
        Ok(success(
            "Funds allocated",
            Allocated {
                reference_id,
                message: "Recharge successful",
            },
        ))
    }

    fn transfer(&mut self, call: &Call<'_>, ctx: &Ctx<'_>) -> Result<Answer, Refusal> {
        let req: Transfer = call.body()?;
        let to = req.to_payment_instrument_id.clone().unwrap_or_default();
        if self.source(&to).is_none() {
            return Err(unprocessable(
                "toPaymentInstrumentId_invalid",
                format!("escrow_transfer_funds: no virtual account `{to}` to move funds to"),
            ));
        }
        let from = match (&req.payment_instrument_id, &req.recharge_account) {
            (Some(from), _) => {
                let source = self.source(from).ok_or_else(|| {
                    unprocessable(
                        "paymentInstrumentId_invalid",
                        format!("escrow_transfer_funds: no fund source or virtual account `{from}` to move funds from"),
                    )
                })?;
                if source.balance < req.amount.decimal() {
                    return Err(unprocessable(
                        "insufficient_balance",
                        format!(
                            "escrow_transfer_funds: `{from}` holds {}, less than the {} asked for; allocate funds first",
                            money(source.balance),
                            req.amount
                        ),
                    ));
                }
                Some(from.clone())
            }
            (None, Some(_)) => None,
            (None, None) => {
                return Err(unprocessable(
                    "paymentInstrumentId_missing",
                    "escrow_transfer_funds: say where the funds come from: paymentInstrumentId or rechargeAccount".into(),
                ))
            }
        };
        if from.as_deref() == Some(to.as_str()) {
            return Err(unprocessable(
                "toPaymentInstrumentId_invalid",
                "escrow_transfer_funds: the source and the destination are the same account".into(),
            ));
        }
        let transfer_id = match req.transfer_id.clone() {
            Some(id) if self.transfer_ids.contains(&id) => {
                return Err(Refusal::exists(
                    "transferId_already_exists",
                    format!("escrow_transfer_funds: transferId `{id}` already exists; the account statement shows it"),
                ))
            }
            Some(id) => id,
            None => format!("mock_transfer_{}", self.id()),
        };
        self.transfer_ids.insert(transfer_id.clone(), ());
        let amount = req.amount.decimal();
        if let Some(from) = &from {
            self.record(
                ctx,
                "DEBIT",
                from,
                amount,
                Some(to.clone()),
                (Some(transfer_id.clone()), None),
                None,
                req.remarks.clone(),
            );
        }
        let counterparty = from.or(req.recharge_account);
        self.record(
            ctx,
            "CREDIT",
            &to,
            amount,
            counterparty,
            (Some(transfer_id.clone()), None),
            None,
            req.remarks,
        );
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Moved {
            transfer_id: String,
        }
        Ok(success("Transfer successful", Moved { transfer_id }))
    }

    fn fund_source(&self, call: &Call<'_>) -> Result<Answer, Refusal> {
        let id = call.param("paymentInstrumentId");
        let s = self.source(id).ok_or_else(|| {
            Refusal::not_found(
                "fund_source_not_found",
                format!("escrow_get_fund_source: no fund source or virtual account `{id}`"),
            )
        })?;
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Shown<'a> {
            payment_instrument_id: &'a str,
            virtual_account_number: &'a str,
            id: u64,
            fs_display_type: &'static str,
            fs_description: &'static str,
            account_holder_name: &'a str,
            bank_name: &'static str,
            balance: String,
            available_balance: String,
            funds_on_hold: &'static str,
            overdraft: &'static str,
            bank_account: &'a str,
            ifsc: &'static str,
            added_on: &'a str,
            updated_on: &'a str,
            fs_name: &'a str,
            display_name: &'a str,
            virtual_account: &'a str,
            status: &'static str,
        }
        Ok(success(
            "Fund source details",
            Shown {
                payment_instrument_id: &s.payment_instrument_id,
                virtual_account_number: &s.virtual_account_number,
                id: s.numeric_id,
                fs_display_type: "Bank Account",
                fs_description: "OneEscrow virtual account (paygen mock)",
                account_holder_name: &s.display_name,
                bank_name: "Mock Bank",
                balance: money(s.balance),
                available_balance: money(s.balance),
                funds_on_hold: "0.00",
                overdraft: "0.00",
                bank_account: &s.virtual_account_number,
                ifsc: "MOCK0000001",
                added_on: &s.added_on,
                updated_on: &s.added_on,
                fs_name: &s.payment_instrument_id,
                display_name: &s.display_name,
                virtual_account: &s.virtual_account_number,
                status: "ACTIVE",
            },
        ))
    }

    fn statement(&self, call: &Call<'_>) -> Result<Answer, Refusal> {
        let int = |name: &str| call.query(name).and_then(|v| v.parse::<i64>().ok());
        let (Some(start), Some(end)) = (int("startTime"), int("endTime")) else {
            return Err(unprocessable(
                "startTime_invalid",
                "escrow_get_account_statement: startTime and endTime are required, as Unix seconds"
                    .into(),
            ));
        };
        if start > end {
            return Err(unprocessable(
                "startTime_invalid",
                format!("escrow_get_account_statement: startTime {start} is after endTime {end}"),
            ));
        }
        let limit = match call.query("limit") {
            None => DEFAULT_PAGE_LIMIT,
            Some(l) => match l.parse::<usize>() {
                Ok(l) if l >= 1 => l.min(MAX_PAGE_LIMIT),
                _ => {
                    return Err(unprocessable(
                        "limit_invalid",
                        format!("escrow_get_account_statement: limit must be a whole number of at least 1 (it is `{l}`)"),
                    ))
                }
            },
        };
        let account = call.query("paymentInstrumentId").filter(|a| !a.is_empty());
        if let Some(a) = account {
            if self.source(a).is_none() {
                return Err(unprocessable(
                    "paymentInstrumentId_invalid",
                    format!("escrow_get_account_statement: no virtual account `{a}`"),
                ));
            }
        }
        let query = cursor::Query::of(
            "escrow_get_account_statement",
            &StatementQuery {
                start,
                end,
                limit,
                account,
            },
        );
        let from = match call.query("cursor").filter(|c| !c.is_empty()) {
            None => 0,
            Some(c) => query.read(c).map(|Position(seq, _)| seq).map_err(|why| {
                unprocessable(
                    "cursor_invalid",
                    format!("escrow_get_account_statement: the cursor {why}; send back data.nextCursor or data.prevCursor unchanged with the same startTime, endTime, limit and paymentInstrumentId"),
                )
            })?,
        };
        let matching: Vec<&Entry> = self
            .entries
            .values()
            .filter(|e| e.timestamp >= start && e.timestamp <= end)
            .filter(|e| account.is_none_or(|a| e.payment_instrument_id == a))
            .collect();
        let at = matching.partition_point(|e| e.seq < from);
        let page: Vec<&Entry> = matching.iter().skip(at).take(limit).copied().collect();
        let after = at + page.len();
        let next = matching
            .get(after)
            .map(|e| query.cursor(Position(e.seq, 0)));
        let prev =
            (at > 0).then(|| query.cursor(Position(matching[at.saturating_sub(limit)].seq, 0)));
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Page<'a> {
            prev_cursor: String,
            next_cursor: String,
            has_next: bool,
            batches: Vec<&'a Entry>,
        }
        Ok(success(
            "Account statement",
            Page {
                prev_cursor: prev.unwrap_or_default(),
                has_next: next.is_some(),
                next_cursor: next.unwrap_or_default(),
                batches: page,
            },
        ))
    }
}

impl FamilyState for OneEscrowState {
    fn families(&self) -> &'static [Family] {
        &[Family::OneEscrow]
    }

    fn handle(&mut self, call: &Call<'_>, ctx: &Ctx<'_>) -> Handled {
        Some(match call.operation_id {
            "escrow_create_virtual_account" => self.create_va(call, ctx),
            "escrow_allocate_funds" => self.allocate(call, ctx),
            "escrow_transfer_funds" => self.transfer(call, ctx),
            "escrow_get_fund_source" => self.fund_source(call),
            "escrow_get_account_statement" => self.statement(call),
            _ => return None,
        })
    }

    fn reset(&mut self) {
        *self = OneEscrowState::default();
    }
}
