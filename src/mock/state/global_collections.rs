//! The Global Collections state rules (docs 058–069). The bearer token calls (`gc_authorize`,
//! `gc_verify_token`, expiring by the mock's clock) are [`tokens`](super::tokens)'.
//!
//! - **Collection accounts**: every mock holds the same [`ACCOUNTS`] (one per currency), listed
//!   by `gc_get_collection_accounts` [`PAGE_SIZE`] to a page from page 0, with the fields of the
//!   `VIRTUAL_ACCOUNT_DETAILS` webhook's `vAccounts`.
//! - **Simulated payments**: `gc_simulate_transaction` credits one of those accounts (an
//!   unknown `vAccountNumber` gets `404`, a currency other than the account's `422`, an amount
//!   not above 0 `422`): `approve` makes a `COMPLETED` transaction
//!   (`INTERNATIONAL_PAYMENT_COLLECTED`), `reject` a `BLOCKED` one
//!   (`INTERNATIONAL_PAYMENT_BLOCKED`, with a `reason`). Each gets the next `referenceId`.
//! - **Transactions**: `gc_get_transactions` lists those whose `paymentTime` falls between
//!   `startDate` and `endDate` (`YYYYMMDD`, or `YYYY-MM-DD HH:MM:SS` in IST), oldest first,
//!   after `lastReturnId`, at most `maxReturn`; `lastReturnId` in the answer is the last one
//!   returned. Fields are the transaction webhook's (`GcPaymentWebhook`), amount as exact text.
//! - **Invoices**: `gc_add_transaction_details` records an invoice on a `COMPLETED`
//!   transaction (`201`); invoices may not add up to more than the transaction amount, and an
//!   `invoiceNumber` is recorded once per transaction (`422`). The transaction lists them.
//!
//! Answers use the family's envelope (`status`, `subCode`, `message`, `data`).

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{Call, Ctx, FamilyState, Handled};
use crate::mock::answer::{Answer, Refusal};
use crate::mock::bounded::Bounded;
use crate::mock::events::MockEvent;
use crate::mock::families::Family;
use crate::Amount;

/// How many collection accounts one page lists.
pub const PAGE_SIZE: usize = 10;

/// One collection (virtual) account the mock holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CollectionAccount {
    /// The currency it takes.
    pub currency: &'static str,
    /// Its number (`accountNumber`).
    pub account_number: &'static str,
    /// The kind of number (`accountType`: `iban`, `account_number`).
    pub account_type: &'static str,
    /// The bank holding it.
    pub bank_name: &'static str,
    /// The bank's country.
    pub bank_country: &'static str,
    /// Its routing code.
    pub routing_code: &'static str,
    /// The kind of routing code (`bic_swift`, `aba`, …).
    pub routing_code_type: &'static str,
    /// The virtual account id (`vaccountId`, `vAccountId` in transactions).
    pub vaccount_id: &'static str,
}

const fn account(
    currency: &'static str,
    account_number: &'static str,
    account_type: &'static str,
    bank_name: &'static str,
    bank_country: &'static str,
    routing: (&'static str, &'static str),
    vaccount_id: &'static str,
) -> CollectionAccount {
    CollectionAccount {
        currency,
        account_number,
        account_type,
        bank_name,
        bank_country,
        routing_code: routing.0,
        routing_code_type: routing.1,
        vaccount_id,
    }
}

/// The collection accounts every mock holds, one per currency.
pub const ACCOUNTS: &[CollectionAccount] = &[
    account(
        "USD",
        "8310012345001",
        "account_number",
        "Mock Bank N.A.",
        "US",
        ("026073150", "aba"),
        "97831",
    ),
    account(
        "EUR",
        "DE89370400440532013000",
        "iban",
        "Mock Bank AG",
        "DE",
        ("MOCKDEFFXXX", "bic_swift"),
        "97832",
    ),
    account(
        "GBP",
        "GB38TCCL12345687997836",
        "iban",
        "Mock Bank Ltd",
        "GB",
        ("TCCLGB3L", "bic_swift"),
        "97836",
    ),
    account(
        "AUD",
        "123456789",
        "account_number",
        "Mock Bank Australia",
        "AU",
        ("802985", "bsb_code"),
        "97837",
    ),
    account(
        "CAD",
        "100012345",
        "account_number",
        "Mock Bank Canada",
        "CA",
        ("000100012", "routing_code"),
        "97838",
    ),
];

/// The merchant id the mock's webhooks and transactions name.
pub const MERCHANT_ID: &str = "CF_MOCK_MERCHANT";

/// The mock's `cmsProfileId`.
pub const CMS_PROFILE_ID: i64 = 23_802_472;

fn ist() -> FixedOffset {
    FixedOffset::east_opt(19_800).unwrap_or_else(|| Utc.fix())
}

/// `2022-12-29 13:42:54`, IST, as the Global Collections payloads write times.
fn ts(at: DateTime<Utc>) -> String {
    at.with_timezone(&ist())
        .format("%Y-%m-%d %H:%M:%S")
        .to_string()
}

/// The family's success envelope around `data` (typed, so amounts keep their scale).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Envelope<T> {
    status: &'static str,
    sub_code: &'static str,
    message: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    data: Option<T>,
}

fn envelope<T: Serialize>(message: &'static str, data: Option<T>) -> Answer {
    Answer::ok(&Envelope {
        status: "SUCCESS",
        sub_code: "200",
        message,
        data,
    })
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TransactionPage<'a> {
    /// `payments`, as the spec's `GcTransactionsPage` names the list.
    payments: Vec<&'a Transaction>,
    last_return_id: Option<u64>,
}

fn unprocessable(message: String) -> Refusal {
    Refusal::new(422, "request_invalid", "invalid_request_error", message)
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Invoice {
    invoice_number: String,
    invoice_amount: Amount,
    remitter_name: Option<String>,
    purpose_code: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Transaction {
    /// Exact text, as the webhook writes it ("4.50").
    amount: String,
    currency: String,
    cms_profile_id: i64,
    event: &'static str,
    merchant: serde_json::Value,
    payment_rail: &'static str,
    payment_time: String,
    reference_id: u64,
    remarks: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
    remitter_account: &'static str,
    remitter_address: &'static str,
    remitter_bic: &'static str,
    remitter_country: &'static str,
    remitter_name: &'static str,
    remitter_routing_code: &'static str,
    status: &'static str,
    utr: String,
    updated_status_time: String,
    v_account_id: &'static str,
    v_account_number: String,
    invoices: Vec<Invoice>,
    #[serde(skip)]
    exact: Amount,
    #[serde(skip)]
    at: DateTime<Utc>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Simulate {
    v_account_number: String,
    amount: Amount,
    currency: String,
    funding_actions: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct InvoiceRequest {
    invoice_number: Option<String>,
    invoice_amount: Option<Amount>,
    remitter_name: Option<String>,
    purpose_code: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct InvoiceAnswer<'a> {
    cms_profile_id: i64,
    cms_payment_id: u64,
    invoice_number: &'a str,
    invoice_amount: Amount,
    remitter_name: Option<&'a str>,
    status: &'static str,
}

/// Global Collections transactions (the accounts are fixed).
#[derive(Debug, Default)]
pub struct GlobalCollectionsState {
    transactions: Bounded<u64, Transaction>,
    next: u64,
}

/// `YYYYMMDD` (the whole day) or `YYYY-MM-DD HH:MM:SS`, in IST.
fn parse_date(field: &str, text: &str, end: bool) -> Result<DateTime<Utc>, Refusal> {
    let local = if let Ok(d) = NaiveDate::parse_from_str(text, "%Y%m%d") {
        if end {
            d.and_hms_opt(23, 59, 59)
        } else {
            d.and_hms_opt(0, 0, 0)
        }
    } else {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").ok()
    };
    local
        .and_then(|t| ist().from_local_datetime(&t).single())
        .map(|t| t.with_timezone(&Utc))
        .ok_or_else(|| {
            unprocessable(format!(
                "gc_get_transactions: {field} `{text}` is neither YYYYMMDD nor \"YYYY-MM-DD HH:MM:SS\""
            ))
        })
}

impl GlobalCollectionsState {
    fn accounts(page: usize) -> Vec<serde_json::Value> {
        ACCOUNTS
            .iter()
            .skip(page.saturating_mul(PAGE_SIZE))
            .take(PAGE_SIZE)
            .map(|a| {
                json!({
                    "accountName": "Mock Merchant Pvt Ltd",
                    "accountNumber": a.account_number,
                    "accountType": a.account_type,
                    "paymentType": "priority",
                    "bankName": a.bank_name,
                    "bankAddress": "1 Mock Street",
                    "bankCountry": a.bank_country,
                    "currency": a.currency,
                    "routingCode": a.routing_code,
                    "routingCodeType": a.routing_code_type,
                    "addedOn": "2023-03-28 14:43:30",
                    "vaccountId": a.vaccount_id,
                })
            })
            .collect()
    }

    fn simulate(&mut self, call: &Call<'_>, ctx: &Ctx<'_>) -> Result<Answer, Refusal> {
        let op = "gc_simulate_transaction";
        let req: Simulate = call.body()?;
        let Some(account) = ACCOUNTS
            .iter()
            .find(|a| a.account_number == req.v_account_number)
        else {
            return Err(Refusal::not_found(
                "vAccountNumber_invalid",
                format!(
                    "{op}: no collection account `{}`; gc_get_collection_accounts lists this merchant's accounts",
                    req.v_account_number
                ),
            ));
        };
        if !req.currency.eq_ignore_ascii_case(account.currency) {
            return Err(unprocessable(format!(
                "{op}: account `{}` takes {}, not {}",
                account.account_number, account.currency, req.currency
            )));
        }
        if !req.amount.is_positive() {
            return Err(unprocessable(format!(
                "{op}: amount {} must be more than 0",
                req.amount
            )));
        }
        let (status, event, reason) = match req.funding_actions.as_str() {
            "approve" => ("COMPLETED", "INTERNATIONAL_PAYMENT_COLLECTED", None),
            "reject" => (
                "BLOCKED",
                "INTERNATIONAL_PAYMENT_BLOCKED",
                Some("The payment was rejected by the simulation".to_string()),
            ),
            other => {
                return Err(unprocessable(format!(
                    "{op}: fundingActions `{other}` is neither approve nor reject"
                )))
            }
        };
        self.next += 1;
        let reference_id = self.next;
        let now = ctx.clock.now();
        let txn = Transaction {
            amount: req.amount.to_string(),
            currency: account.currency.to_string(),
            cms_profile_id: CMS_PROFILE_ID,
            event,
            merchant: json!({"merchant_id": MERCHANT_ID}),
            payment_rail: if account.account_type == "iban" {
                "SWIFT"
            } else {
                "ACH"
            },
            payment_time: ts(now),
            reference_id,
            remarks: String::new(),
            reason,
            remitter_account: "1223456789",
            remitter_address: "Dummy Address",
            remitter_bic: "TRWIBEB1XXX",
            remitter_country: "GB",
            remitter_name: "Dummy Sender",
            remitter_routing_code: "TLG0123",
            status,
            utr: uuid::Uuid::new_v4().to_string(),
            updated_status_time: ts(now),
            v_account_id: account.vaccount_id,
            v_account_number: account.account_number.to_string(),
            invoices: Vec::new(),
            exact: req.amount,
            at: now,
        };
        ctx.events.publish(MockEvent {
            family: "cashfree-global-collections",
            event_type: event.to_string(),
            resource_id: reference_id.to_string(),
            data: serde_json::to_string(&txn).unwrap_or_else(|_| "{}".into()),
            event_time: now.to_rfc3339(),
        });
        self.transactions.insert(reference_id, txn);
        Ok(envelope::<()>("Transaction simulated successfully", None))
    }

    fn list(&self, call: &Call<'_>) -> Result<Answer, Refusal> {
        let from = parse_date("startDate", call.query("startDate").unwrap_or(""), false)?;
        let to = parse_date("endDate", call.query("endDate").unwrap_or(""), true)?;
        if to < from {
            return Err(unprocessable(
                "gc_get_transactions: endDate is before startDate".into(),
            ));
        }
        let max: usize = call
            .query("maxReturn")
            .and_then(|m| m.parse().ok())
            .filter(|m| (1..=200).contains(m))
            .ok_or_else(|| {
                unprocessable("gc_get_transactions: maxReturn must be 1 to 200".into())
            })?;
        let after: u64 = match call.query("lastReturnId") {
            None => 0,
            Some(t) => t.parse().map_err(|_| {
                unprocessable(format!(
                    "gc_get_transactions: lastReturnId `{t}` is not a whole number"
                ))
            })?,
        };
        let page: Vec<&Transaction> = self
            .transactions
            .values()
            .filter(|t| t.reference_id > after && t.at >= from && t.at <= to)
            .take(max)
            .collect();
        let last_return_id = page.last().map(|t| t.reference_id);
        Ok(envelope(
            "Transactions fetched successfully",
            Some(TransactionPage {
                payments: page,
                last_return_id,
            }),
        ))
    }

    fn add_invoice(&mut self, call: &Call<'_>) -> Result<Answer, Refusal> {
        let op = "gc_add_transaction_details";
        let raw = call.param("referenceId");
        let req: InvoiceRequest = call.body()?;
        let txn = raw
            .parse::<u64>()
            .ok()
            .and_then(|id| self.transactions.get_mut(&id))
            .ok_or_else(|| {
                Refusal::not_found(
                    "referenceId_invalid",
                    format!("{op}: no transaction `{raw}`; gc_get_transactions lists them"),
                )
            })?;
        if txn.status != "COMPLETED" {
            return Err(unprocessable(format!(
                "{op}: transaction {raw} is {}; invoices are added to COMPLETED transactions only",
                txn.status
            )));
        }
        let (Some(number), Some(amount)) = (req.invoice_number, req.invoice_amount) else {
            return Err(unprocessable(format!(
                "{op}: invoiceNumber and invoiceAmount are both needed"
            )));
        };
        if !amount.is_positive() {
            return Err(unprocessable(format!(
                "{op}: invoiceAmount {amount} must be more than 0"
            )));
        }
        if txn.invoices.iter().any(|i| i.invoice_number == number) {
            return Err(unprocessable(format!(
                "{op}: invoice `{number}` is already recorded on transaction {raw}"
            )));
        }
        let so_far: Decimal = txn
            .invoices
            .iter()
            .map(|i| i.invoice_amount.decimal())
            .sum();
        if so_far + amount.decimal() > txn.exact.decimal() {
            return Err(unprocessable(format!(
                "{op}: invoiceAmount {amount} would bring the invoices to {} of transaction {raw}'s {} {}; \
                 invoices cannot add up to more than the transaction",
                so_far + amount.decimal(),
                txn.exact,
                txn.currency
            )));
        }
        txn.invoices.push(Invoice {
            invoice_number: number.clone(),
            invoice_amount: amount,
            remitter_name: req.remitter_name.clone(),
            purpose_code: req.purpose_code,
        });
        Ok(Answer::json(
            201,
            &InvoiceAnswer {
                cms_profile_id: CMS_PROFILE_ID,
                cms_payment_id: txn.reference_id,
                invoice_number: &number,
                invoice_amount: amount,
                remitter_name: req.remitter_name.as_deref(),
                status: "SUCCESS",
            },
        ))
    }
}

impl FamilyState for GlobalCollectionsState {
    fn families(&self) -> &'static [Family] {
        &[Family::GlobalCollections]
    }

    fn handle(&mut self, call: &Call<'_>, ctx: &Ctx<'_>) -> Handled {
        Some(match call.operation_id {
            "gc_get_collection_accounts" => {
                let page = call
                    .query("page")
                    .and_then(|p| p.parse().ok())
                    .unwrap_or(0usize);
                let total = ACCOUNTS.len();
                let pages = total.div_ceil(PAGE_SIZE);
                // The spec's GcCollectionAccountsPage.
                Ok(envelope(
                    "Virtual accounts fetched successfully",
                    Some(json!({
                        "totalPages": pages,
                        "totalElements": total,
                        "first": page == 0,
                        "last": page + 1 >= pages,
                        "vAccounts": Self::accounts(page),
                    })),
                ))
            }
            "gc_simulate_transaction" => self.simulate(call, ctx),
            "gc_get_transactions" => self.list(call),
            "gc_add_transaction_details" => self.add_invoice(call),
            _ => return None,
        })
    }

    fn reset(&mut self) {
        *self = GlobalCollectionsState::default();
    }
}
