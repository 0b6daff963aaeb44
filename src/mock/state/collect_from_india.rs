//! The Collect from India state rules (docs 049–057).
//!
//! - **Import payments**: Cashfree opens a verification for each successful PG payment of a
//!   merchant abroad. The mock's PG rules are a separate state, so a test records a collected
//!   payment with `POST /__paygen/collect-from-india/payments`
//!   `{"order_id": "…", "order_amount": 1000.00, "settlement_currency": "USD"}` (answer: the
//!   verification, with its `cf_payment_id`). Its verification is `ACTION_REQUIRED`, every
//!   document of [`REQUIRED_DOCUMENTS`] `ACTION_REQUIRED`, due [`VERIFICATION_WINDOW_SECS`]
//!   after the payment by the mock's clock.
//! - **Uploads** (`upload_import_payment_verification`, multipart, one part per `doc_name`):
//!   as the sandbox-simulation page says, the test values ([`TEST_VALUES`]) are approved at once
//!   (`VERIFIED`) and an `invoice_file` is approved when it is a PDF; any other value is
//!   `IN_REVIEW` (the sandbox approves only the test values), any other file
//!   `ACTION_REQUIRED` with a remark and an `errors` entry. A verified document stays
//!   verified. The payment's `payment_verification_status` follows its documents: `VERIFIED`
//!   when all are, `ACTION_REQUIRED` while any needs action, else `IN_REVIEW`; past the
//!   deadline unverified it is `EXPIRED` and uploads are refused (`400 verification_expired`).
//!   Each change publishes `PAYMENT_VERIFICATION_UPDATE`.
//! - **Settlements**: `trigger_import_sandbox_settlement` settles every `VERIFIED` payment not
//!   yet settled, one `NOT_INITIATED` settlement per settlement currency, with a
//!   [`SERVICE_CHARGE_PERCENT`] service charge and 18% tax on it; a run whose net amount is
//!   under 1 INR is skipped (its payments wait for the next run), as doc 055 says.
//!   `mark_import_sandbox_settlement_processed` makes a `NOT_INITIATED` settlement `SETTLED`
//!   with a notional forex rate ([`FOREX`]), a UTR and dates (a settled one gets
//!   `400 settlement_already_processed`); both publish `ICA_SETTLEMENT_UPDATE`.
//!   `get_import_settlement` gives an order's payment and its settlement (null until one);
//!   `get_import_settlement_recon` lists one `PAYMENT` event per payment of the settlements
//!   chosen by id, UTR or time window, `pagination.limit` (1–100, 10 unless given) at a time
//!   with a cursor ([`crate::mock::cursor`]) that names the event its page starts at and the
//!   filter and limit it belongs to: a walk sees each event once while settlements are added,
//!   and a made-up cursor, or one sent with another filter or limit, gets `400 cursor_invalid`
//!   (DISCREPANCIES MK-11).

use chrono::{DateTime, FixedOffset, SecondsFormat, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{Call, Ctx, FamilyState, Handled};
use crate::mock::answer::{Answer, Refusal};
use crate::mock::bounded::Bounded;
use crate::mock::cursor::{Position, Query};
use crate::mock::events::MockEvent;
use crate::mock::families::Family;
use crate::Amount;

/// How long after the payment its documents may be supplied (the documents give no window).
pub const VERIFICATION_WINDOW_SECS: i64 = 7 * 86_400;

/// The service charge on each payment, in percent (the reference's sandbox example charges 19
/// on 1000); tax is 18% of it.
pub const SERVICE_CHARGE_PERCENT: u32 = 190;

/// The documents a payment needs: those the sandbox-simulation page gives test values for, and
/// the invoice file.
pub const REQUIRED_DOCUMENTS: &[&str] = &[
    "importer_name",
    "importer_address",
    "importer_address_postal_code",
    "goods_description",
    "country_of_origin",
    "invoice_number",
    "invoice_file",
    "ecommerce_order_serial_number",
    "hs_code",
    "shipment_date",
    "port_of_loading",
];

/// The sandbox's test values, approved at once (doc 055).
pub const TEST_VALUES: &[(&str, &str)] = &[
    ("importer_name", "John"),
    (
        "importer_address",
        "321 Elm Street, Suite 3, Los Angeles, CA 90401, USA",
    ),
    (
        "goods_description",
        "This is a test product for test purpose",
    ),
    ("country_of_origin", "USA"),
    ("ecommerce_order_serial_number", "123123"),
    ("invoice_number", "234234"),
    ("hs_code", "3456"),
    ("shipment_date", "01/01/2027"),
    ("port_of_loading", "Houston"),
    ("importer_address_postal_code", "560034"),
];

/// Notional INR per unit of each settlement currency (the sandbox's rate "is notional").
pub const FOREX: &[(&str, &str)] = &[
    ("USD", "83.8788"),
    ("EUR", "90.5012"),
    ("GBP", "106.2044"),
    ("AED", "23.4066"),
];

/// How many parts an upload may have (there are 14 document names).
const MAX_PARTS: usize = 32;

fn ist(at: DateTime<Utc>) -> String {
    match FixedOffset::east_opt(19_800) {
        Some(o) => at
            .with_timezone(&o)
            .to_rfc3339_opts(SecondsFormat::Secs, false),
        None => at.to_rfc3339_opts(SecondsFormat::Secs, true),
    }
}

/// `2024-07-10T15:39:49`: IST without a zone, as the verification and order details write it.
fn local(at: DateTime<Utc>) -> String {
    let at = FixedOffset::east_opt(19_800)
        .map_or(at.naive_utc(), |o| at.with_timezone(&o).naive_local());
    at.format("%Y-%m-%dT%H:%M:%S").to_string()
}

#[derive(Clone, Debug, Serialize)]
struct Document {
    doc_name: String,
    doc_type: &'static str,
    doc_status: &'static str,
    remarks: Option<String>,
    added_on: Option<String>,
    last_updated_on: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
struct Verification {
    cf_payment_id: u64,
    payment_status: &'static str,
    payment_verification_status: &'static str,
    payment_expiry: String,
    remarks: Option<String>,
    details: Vec<Document>,
}

#[derive(Clone, Debug)]
struct ImportPayment {
    order_id: String,
    order_amount: Amount,
    order_currency: String,
    settlement_currency: String,
    paid_at: DateTime<Utc>,
    deadline: DateTime<Utc>,
    verification: Verification,
    settlement: Option<u64>,
}

#[derive(Clone, Debug, Serialize)]
struct ForeignCurrency {
    settlement_currency: String,
    settlement_forex_rate: Option<Amount>,
    settlement_amount: Option<Amount>,
}

#[derive(Clone, Debug, Serialize)]
struct Settlement {
    cf_ica_settlement_id: u64,
    status: &'static str,
    collection_amount_inr: Amount,
    service_charge_inr: Amount,
    service_tax_inr: Amount,
    adjustment_amount_inr: Amount,
    settlement_charges_inr: Amount,
    settlement_tax_inr: Amount,
    settlement_amount_inr: Amount,
    settlement_foreign_currency_details: ForeignCurrency,
    payment_from: String,
    payment_till: String,
    settlement_utr: Option<String>,
    initiated_on: Option<String>,
    settled_on: Option<String>,
    #[serde(skip)]
    payments: Vec<u64>,
    #[serde(skip)]
    created: DateTime<Utc>,
}

#[derive(Serialize)]
struct OrderDetails<'a> {
    cf_payment_id: u64,
    order_amount: Amount,
    order_currency: &'a str,
    order_id: &'a str,
    payment_time: String,
}

#[derive(Serialize)]
struct SettlementDetails<'a> {
    cf_order_details: OrderDetails<'a>,
    cf_ica_settlement_details: Option<&'a Settlement>,
}

#[derive(Serialize)]
struct ReconEvent<'a> {
    event_id: String,
    entity: &'static str,
    event_type: &'static str,
    sale_type: &'static str,
    event_time: String,
    event_settlement_amount: Amount,
    event_amount: Amount,
    event_status: &'static str,
    event_currency: &'a str,
    order_id: &'a str,
    cf_payment_id: u64,
    payment_amount: Amount,
    order_amount: Amount,
    payment_time: String,
    payment_service_charge: Amount,
    payment_service_tax: Amount,
    cf_ica_settlement_id: u64,
    settlement_utr: Option<&'a str>,
    payment_group: &'static str,
}

#[derive(Serialize)]
struct ReconPage<'a> {
    cursor: Option<String>,
    limit: usize,
    data: Vec<ReconEvent<'a>>,
}

#[derive(Serialize)]
struct UploadResult {
    uploaded_documents: Vec<Document>,
    missing_documents: Vec<Document>,
    errors: Vec<UploadError>,
}

#[derive(Serialize)]
struct UploadError {
    doc_name: String,
    code: &'static str,
    message: String,
}

#[derive(Deserialize)]
struct RecordPayment {
    order_id: String,
    order_amount: Amount,
    order_currency: Option<String>,
    settlement_currency: Option<String>,
}

#[derive(Deserialize)]
struct MarkProcessed {
    cf_ica_settlement_id: String,
    status: String,
}

#[derive(Deserialize, Serialize, Default)]
struct ReconFilter {
    start_date: Option<String>,
    end_date: Option<String>,
    cf_ica_settlement_ids: Option<Vec<u64>>,
    settlement_utrs: Option<Vec<String>>,
}

#[derive(Deserialize, Default)]
struct ReconPagination {
    limit: Option<i64>,
    cursor: Option<String>,
}

#[derive(Deserialize)]
struct ReconRequest {
    #[serde(default)]
    filter: ReconFilter,
    #[serde(default)]
    pagination: ReconPagination,
}

/// One part of a multipart form.
struct Part<'a> {
    name: String,
    file_name: Option<String>,
    content_type: Option<String>,
    body: &'a [u8],
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || haystack.len() < needle.len() {
        return None;
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn disposition_value(line: &str, key: &str) -> Option<String> {
    line.split(';').skip(1).find_map(|param| {
        let (k, v) = param.trim().split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case(key)
            .then(|| v.trim().trim_matches('"').to_string())
    })
}

/// The parts of a `multipart/form-data` body (at most [`MAX_PARTS`]); `Err` says why it is not
/// one.
fn parts<'a>(content_type: &str, body: &'a [u8]) -> Result<Vec<Part<'a>>, String> {
    let boundary = content_type
        .split(';')
        .map(str::trim)
        .find_map(|p| p.strip_prefix("boundary="))
        .map(|b| b.trim_matches('"'))
        .filter(|b| !b.is_empty())
        .ok_or("the body is not multipart/form-data with a boundary")?;
    let delimiter = format!("--{boundary}");
    let mut out = Vec::new();
    let mut rest = body;
    let Some(first) = find(rest, delimiter.as_bytes()) else {
        return Err("the body has no part".into());
    };
    rest = &rest[first + delimiter.len()..];
    while !rest.starts_with(b"--") {
        if out.len() >= MAX_PARTS {
            return Err(format!("the form has more than {MAX_PARTS} parts"));
        }
        let rest_part = rest.strip_prefix(b"\r\n").unwrap_or(rest);
        let end = find(rest_part, format!("\r\n{delimiter}").as_bytes())
            .ok_or("a part is not closed by the boundary")?;
        let part = &rest_part[..end];
        let split = find(part, b"\r\n\r\n").ok_or("a part has no blank line after its headers")?;
        let head = String::from_utf8_lossy(&part[..split]);
        let mut name = None;
        let mut file_name = None;
        let mut content_type = None;
        for line in head.lines() {
            let lower = line.to_ascii_lowercase();
            if lower.starts_with("content-disposition:") {
                name = disposition_value(line, "name");
                file_name = disposition_value(line, "filename");
            } else if let Some(v) = lower.strip_prefix("content-type:") {
                content_type = Some(v.trim().to_string());
            }
        }
        out.push(Part {
            name: name.ok_or("a part has no name")?,
            file_name,
            content_type,
            body: &part[split + 4..],
        });
        rest = &rest_part[end + 2 + delimiter.len()..];
    }
    Ok(out)
}

/// Collect from India import payments and ICA settlements.
#[derive(Debug, Default)]
pub struct CollectFromIndiaState {
    payments: Bounded<u64, ImportPayment>,
    settlements: Bounded<u64, Settlement>,
    next_payment: u64,
    next_settlement: u64,
}

fn payment_not_found(op: &str, id: &str) -> Refusal {
    Refusal::not_found(
        "payment_not_found",
        format!(
            "{op}: no import payment `{id}`; use the cf_payment_id of a successful payment \
             (on the mock, record one with POST /__paygen/collect-from-india/payments)"
        ),
    )
}

fn overall(docs: &[Document]) -> &'static str {
    if docs.iter().all(|d| d.doc_status == "VERIFIED") {
        "VERIFIED"
    } else if docs.iter().any(|d| d.doc_status == "ACTION_REQUIRED") {
        "ACTION_REQUIRED"
    } else {
        "IN_REVIEW"
    }
}

fn percent(amount: Decimal, hundredths: u32) -> Decimal {
    (amount * Decimal::from(hundredths) / Decimal::from(10_000u32)).round_dp(2)
}

impl CollectFromIndiaState {
    fn publish(ctx: &Ctx<'_>, event_type: &str, resource_id: String, data: String) {
        ctx.events.publish(MockEvent {
            family: "cashfree-collect-from-india",
            event_type: event_type.to_string(),
            resource_id,
            data,
            event_time: ist(ctx.clock.now()),
        });
    }

    fn publish_verification(ctx: &Ctx<'_>, p: &ImportPayment) {
        #[derive(Serialize)]
        struct Data<'a> {
            order_id: &'a str,
            cf_payment_id: u64,
            payment_status: &'a str,
            payment_verification_status: &'a str,
            payment_verification_expiry: String,
            remarks: Option<&'a str>,
            required_details: &'a [Document],
        }
        let v = &p.verification;
        let data = Data {
            order_id: &p.order_id,
            cf_payment_id: v.cf_payment_id,
            payment_status: v.payment_status,
            payment_verification_status: v.payment_verification_status,
            payment_verification_expiry: ist(p.deadline),
            remarks: v.remarks.as_deref(),
            required_details: &v.details,
        };
        let text = serde_json::to_string(&data).unwrap_or_else(|_| "{}".into());
        Self::publish(
            ctx,
            "PAYMENT_VERIFICATION_UPDATE",
            v.cf_payment_id.to_string(),
            text,
        );
    }

    /// Applies time: an unverified payment past its deadline is `EXPIRED`.
    fn payment(
        &mut self,
        op: &str,
        raw: &str,
        ctx: &Ctx<'_>,
    ) -> Result<&mut ImportPayment, Refusal> {
        let id: u64 = raw.trim().parse().map_err(|_| payment_not_found(op, raw))?;
        let now = ctx.clock.now();
        let p = self
            .payments
            .get_mut(&id)
            .ok_or_else(|| payment_not_found(op, raw))?;
        let v = &mut p.verification;
        if now >= p.deadline && !matches!(v.payment_verification_status, "VERIFIED" | "EXPIRED") {
            v.payment_verification_status = "EXPIRED";
            v.remarks = Some(
                "The documents were not supplied before the payment's verification deadline".into(),
            );
            let snapshot = p.clone();
            Self::publish_verification(ctx, &snapshot);
        }
        Ok(p)
    }

    fn record_payment(&mut self, body: &[u8], ctx: &Ctx<'_>) -> Result<Answer, Refusal> {
        let req: RecordPayment = serde_json::from_slice(body).map_err(|e| {
            Refusal::invalid(
                "request_invalid",
                format!(
                    "POST /__paygen/collect-from-india/payments takes {{\"order_id\": \"…\", \"order_amount\": 1000.00, \
                     \"order_currency\": \"INR\", \"settlement_currency\": \"USD\"}}: {e}"
                ),
            )
        })?;
        if !req.order_amount.is_positive() {
            return Err(Refusal::invalid(
                "order_amount_invalid",
                format!("order_amount {} must be more than 0", req.order_amount),
            ));
        }
        if self.payments.values().any(|p| p.order_id == req.order_id) {
            return Err(Refusal::exists(
                "order_already_exists",
                format!("order `{}` already has an import payment", req.order_id),
            ));
        }
        self.next_payment += 1;
        let id = 5_114_910_000_000 + self.next_payment;
        let now = ctx.clock.now();
        let deadline = now + chrono::Duration::seconds(VERIFICATION_WINDOW_SECS);
        let details = REQUIRED_DOCUMENTS
            .iter()
            .map(|name| Document {
                doc_name: name.to_string(),
                doc_type: if *name == "invoice_file" {
                    "DOCUMENT"
                } else {
                    "VALUE"
                },
                doc_status: "ACTION_REQUIRED",
                remarks: None,
                added_on: None,
                last_updated_on: None,
            })
            .collect();
        let payment = ImportPayment {
            order_id: req.order_id,
            order_amount: req.order_amount,
            order_currency: req.order_currency.unwrap_or_else(|| "INR".into()),
            settlement_currency: req.settlement_currency.unwrap_or_else(|| "USD".into()),
            paid_at: now,
            deadline,
            verification: Verification {
                cf_payment_id: id,
                payment_status: "SUCCESS",
                payment_verification_status: "ACTION_REQUIRED",
                payment_expiry: local(deadline),
                remarks: None,
                details,
            },
            settlement: None,
        };
        let answer = Answer::ok(&payment.verification);
        Self::publish_verification(ctx, &payment);
        self.payments.insert(id, payment);
        Ok(answer)
    }

    fn upload(&mut self, call: &Call<'_>, ctx: &Ctx<'_>) -> Result<Answer, Refusal> {
        let op = "upload_import_payment_verification";
        let content_type = call.header("content-type").unwrap_or("").to_string();
        let parts = parts(&content_type, call.body)
            .map_err(|why| Refusal::invalid("request_invalid", format!("{op}: {why}")))?;
        let now = ist(ctx.clock.now());
        let p = self.payment(op, call.param("cf_payment_id"), ctx)?;
        if p.verification.payment_verification_status == "EXPIRED" {
            return Err(Refusal::invalid(
                "verification_expired",
                format!(
                    "{op}: the verification of payment {} expired at {}; contact Cashfree support",
                    p.verification.cf_payment_id, p.verification.payment_expiry
                ),
            ));
        }
        let before = p.verification.payment_verification_status;
        let mut uploaded = Vec::new();
        let mut errors = Vec::new();
        for part in parts {
            let Some(doc) = p
                .verification
                .details
                .iter_mut()
                .find(|d| d.doc_name == part.name)
            else {
                errors.push(UploadError {
                    message: format!("`{}` is not a document this payment needs", part.name),
                    doc_name: part.name,
                    code: "doc_name_invalid",
                });
                continue;
            };
            if doc.doc_status == "VERIFIED" {
                errors.push(UploadError {
                    doc_name: part.name,
                    code: "document_already_verified",
                    message: "the document is verified already; it was left as it is".into(),
                });
                continue;
            }
            let (status, remarks) = if doc.doc_type == "DOCUMENT" {
                let pdf = part.content_type.as_deref() == Some("application/pdf")
                    || part
                        .file_name
                        .as_deref()
                        .is_some_and(|f| f.to_ascii_lowercase().ends_with(".pdf"));
                if part.file_name.is_some() && pdf {
                    ("VERIFIED", None)
                } else {
                    let why =
                        "only PDF files are approved; upload the invoice as a PDF".to_string();
                    errors.push(UploadError {
                        doc_name: part.name.clone(),
                        code: "invoice_file_invalid",
                        message: why.clone(),
                    });
                    ("ACTION_REQUIRED", Some(why))
                }
            } else {
                let text = String::from_utf8_lossy(part.body);
                let approved = TEST_VALUES
                    .iter()
                    .any(|(n, v)| *n == part.name && *v == text.trim());
                if approved {
                    ("VERIFIED", None)
                } else {
                    ("IN_REVIEW", None)
                }
            };
            doc.doc_status = status;
            doc.remarks = remarks;
            if doc.added_on.is_none() {
                doc.added_on = Some(now.clone());
            }
            doc.last_updated_on = Some(now.clone());
            uploaded.push(doc.clone());
        }
        let after = overall(&p.verification.details);
        p.verification.payment_verification_status = after;
        let missing = p
            .verification
            .details
            .iter()
            .filter(|d| d.doc_status == "ACTION_REQUIRED")
            .cloned()
            .collect();
        if !uploaded.is_empty() || before != after {
            let snapshot = p.clone();
            Self::publish_verification(ctx, &snapshot);
        }
        Ok(Answer::ok(&UploadResult {
            uploaded_documents: uploaded,
            missing_documents: missing,
            errors,
        }))
    }

    fn publish_settlement(ctx: &Ctx<'_>, s: &Settlement) {
        let data = serde_json::to_string(s).unwrap_or_else(|_| "{}".into());
        Self::publish(
            ctx,
            "ICA_SETTLEMENT_UPDATE",
            s.cf_ica_settlement_id.to_string(),
            data,
        );
    }

    fn trigger(&mut self, ctx: &Ctx<'_>) -> Answer {
        let now = ctx.clock.now();
        let mut currencies: Vec<String> = Vec::new();
        for p in self.payments.values() {
            if p.settlement.is_none()
                && p.verification.payment_verification_status == "VERIFIED"
                && !currencies.contains(&p.settlement_currency)
            {
                currencies.push(p.settlement_currency.clone());
            }
        }
        for currency in currencies {
            let chosen: Vec<(u64, Decimal, DateTime<Utc>)> = self
                .payments
                .values()
                .filter(|p| {
                    p.settlement.is_none()
                        && p.verification.payment_verification_status == "VERIFIED"
                        && p.settlement_currency == currency
                })
                .map(|p| {
                    (
                        p.verification.cf_payment_id,
                        p.order_amount.decimal(),
                        p.paid_at,
                    )
                })
                .collect();
            let collected: Decimal = chosen.iter().map(|c| c.1).sum();
            let charge: Decimal = chosen
                .iter()
                .map(|c| percent(c.1, SERVICE_CHARGE_PERCENT))
                .sum();
            let tax: Decimal = chosen
                .iter()
                .map(|c| percent(percent(c.1, SERVICE_CHARGE_PERCENT), 1_800))
                .sum();
            let net = collected - charge - tax;
            if net < Decimal::ONE {
                // Doc 055: a settlement of less than 1 INR is skipped; the payments wait.
                continue;
            }
            self.next_settlement += 1;
            let id = 10_000 + self.next_settlement;
            let (from, till) = (
                chosen.iter().map(|c| c.2).min().unwrap_or(now),
                chosen.iter().map(|c| c.2).max().unwrap_or(now),
            );
            let zero = Amount::from_minor(0, 2);
            let two = |d: Decimal| Amount::from(d.round_dp(2));
            let settlement = Settlement {
                cf_ica_settlement_id: id,
                status: "NOT_INITIATED",
                collection_amount_inr: two(collected),
                service_charge_inr: two(charge),
                service_tax_inr: two(tax),
                adjustment_amount_inr: zero,
                settlement_charges_inr: zero,
                settlement_tax_inr: zero,
                settlement_amount_inr: two(net),
                settlement_foreign_currency_details: ForeignCurrency {
                    settlement_currency: currency.clone(),
                    settlement_forex_rate: None,
                    settlement_amount: None,
                },
                payment_from: ist(from),
                payment_till: ist(till),
                settlement_utr: None,
                initiated_on: None,
                settled_on: None,
                payments: chosen.iter().map(|c| c.0).collect(),
                created: now,
            };
            for (pid, _, _) in &chosen {
                if let Some(p) = self.payments.get_mut(pid) {
                    p.settlement = Some(id);
                }
            }
            Self::publish_settlement(ctx, &settlement);
            self.settlements.insert(id, settlement);
        }
        Answer {
            status: 200,
            body: Vec::new(),
            headers: Vec::new(),
        }
    }

    fn mark_processed(&mut self, call: &Call<'_>, ctx: &Ctx<'_>) -> Result<Answer, Refusal> {
        let op = "mark_import_sandbox_settlement_processed";
        let req: MarkProcessed = call.body()?;
        if req.status != "PROCESSED" {
            return Err(Refusal::invalid(
                "status_invalid",
                format!("{op}: status `{}` is not PROCESSED, the only state a sandbox settlement moves to", req.status),
            ));
        }
        let raw = req.cf_ica_settlement_id;
        let s = raw
            .trim()
            .parse::<u64>()
            .ok()
            .and_then(|id| self.settlements.get_mut(&id))
            .ok_or_else(|| {
                Refusal::not_found(
                    "settlement_not_found",
                    format!("{op}: no settlement `{raw}`; trigger one with trigger_import_sandbox_settlement"),
                )
            })?;
        if s.status != "NOT_INITIATED" {
            return Err(Refusal::invalid(
                "settlement_already_processed",
                format!("{op}: settlement {raw} is {} already", s.status),
            ));
        }
        let currency = s
            .settlement_foreign_currency_details
            .settlement_currency
            .clone();
        let rate: Decimal = FOREX
            .iter()
            .find(|(c, _)| *c == currency)
            .and_then(|(_, r)| r.parse().ok())
            .unwrap_or(Decimal::ONE);
        let now = ist(ctx.clock.now());
        s.status = "SETTLED";
        s.settlement_foreign_currency_details.settlement_forex_rate = Some(Amount::from(rate));
        s.settlement_foreign_currency_details.settlement_amount = Some(Amount::from(
            (s.settlement_amount_inr.decimal() / rate).round_dp(4),
        ));
        s.settlement_utr = Some(uuid::Uuid::new_v4().to_string());
        s.initiated_on = Some(now.clone());
        s.settled_on = Some(now);
        let s = s.clone();
        Self::publish_settlement(ctx, &s);
        Ok(Answer::ok(&s))
    }

    fn settlement_of_order(&self, call: &Call<'_>) -> Result<Answer, Refusal> {
        let op = "get_import_settlement";
        let order_id = call.param("order_id");
        let p = self
            .payments
            .values()
            .find(|p| p.order_id == order_id)
            .ok_or_else(|| {
                Refusal::not_found(
                    "order_not_found",
                    format!("{op}: no import payment for order `{order_id}`"),
                )
            })?;
        let settlement = p.settlement.and_then(|id| self.settlements.get(&id));
        Ok(Answer::ok(&SettlementDetails {
            cf_order_details: OrderDetails {
                cf_payment_id: p.verification.cf_payment_id,
                order_amount: p.order_amount,
                order_currency: &p.order_currency,
                order_id: &p.order_id,
                payment_time: local(p.paid_at),
            },
            cf_ica_settlement_details: settlement,
        }))
    }

    fn recon(&self, call: &Call<'_>) -> Result<Answer, Refusal> {
        let op = "get_import_settlement_recon";
        let req: ReconRequest = call.body()?;
        let limit = req.pagination.limit.unwrap_or(10);
        if !(1..=100).contains(&limit) {
            return Err(Refusal::invalid(
                "limit_invalid",
                format!("{op}: pagination.limit {limit} must be 1 to 100"),
            ));
        }
        let limit = limit as usize;
        let parse =
            |field: &str, text: &Option<String>| -> Result<Option<DateTime<Utc>>, Refusal> {
                match text {
                    None => Ok(None),
                    Some(t) => DateTime::parse_from_rfc3339(t)
                        .map(|d| Some(d.with_timezone(&Utc)))
                        .map_err(|e| {
                            Refusal::invalid(
                                format!("{field}_invalid"),
                                format!("{op}: filter.{field} `{t}`: {e}"),
                            )
                        }),
                }
            };
        let from = parse("start_date", &req.filter.start_date)?;
        let to = parse("end_date", &req.filter.end_date)?;
        let f = &req.filter;
        if f.cf_ica_settlement_ids.is_none()
            && f.settlement_utrs.is_none()
            && from.is_none()
            && to.is_none()
        {
            return Err(Refusal::invalid(
                "filter_invalid",
                format!("{op}: give filter.cf_ica_settlement_ids, filter.settlement_utrs or a start_date/end_date window"),
            ));
        }
        let query = Query::of(op, &(limit, f));
        let start = match req.pagination.cursor.as_deref().filter(|c| !c.is_empty()) {
            None => None,
            Some(c) => Some(query.read(c).map_err(|why| {
                Refusal::invalid(
                    "cursor_invalid",
                    format!("{op}: pagination.cursor {why}; send the previous answer's cursor back unchanged with the same filter and limit"),
                )
            })?),
        };
        // Each event's place: its settlement, then the payment's place in it (both fixed when
        // the settlement is made), so a walk sees each event once while settlements are added.
        let mut events: Vec<(Position, ReconEvent<'_>)> = Vec::new();
        for s in self.settlements.values() {
            let by_id = f
                .cf_ica_settlement_ids
                .as_ref()
                .is_none_or(|ids| ids.contains(&s.cf_ica_settlement_id));
            let by_utr = f
                .settlement_utrs
                .as_ref()
                .is_none_or(|utrs| s.settlement_utr.as_ref().is_some_and(|u| utrs.contains(u)));
            let by_time = from.is_none_or(|t| s.created >= t) && to.is_none_or(|t| s.created <= t);
            if !(by_id && by_utr && by_time) {
                continue;
            }
            for (place, pid) in (0u64..).zip(&s.payments) {
                let Some(p) = self.payments.get(pid) else {
                    continue;
                };
                let amount = p.order_amount.decimal();
                let charge = percent(amount, SERVICE_CHARGE_PERCENT);
                let tax = percent(charge, 1_800);
                let position = Position(s.cf_ica_settlement_id, place);
                events.push((
                    position,
                    ReconEvent {
                        event_id: pid.to_string(),
                        entity: "recon",
                        event_type: "PAYMENT",
                        sale_type: "CREDIT",
                        event_time: ist(p.paid_at),
                        event_settlement_amount: Amount::from(amount - charge - tax),
                        event_amount: p.order_amount,
                        event_status: "SUCCESS",
                        event_currency: &p.order_currency,
                        order_id: &p.order_id,
                        cf_payment_id: *pid,
                        payment_amount: p.order_amount,
                        order_amount: p.order_amount,
                        payment_time: ist(p.paid_at),
                        payment_service_charge: Amount::from(charge),
                        payment_service_tax: Amount::from(tax),
                        cf_ica_settlement_id: s.cf_ica_settlement_id,
                        settlement_utr: s.settlement_utr.as_deref(),
                        payment_group: "UPI",
                    },
                ));
            }
        }
        events.sort_by_key(|(position, _)| *position);
        let mut rest = events
            .into_iter()
            .filter(|(position, _)| start.is_none_or(|start| *position >= start));
        let data: Vec<ReconEvent<'_>> = rest.by_ref().take(limit).map(|(_, e)| e).collect();
        let cursor = rest.next().map(|(position, _)| query.cursor(position));
        Ok(Answer::ok(&ReconPage {
            cursor,
            limit,
            data,
        }))
    }
}

impl FamilyState for CollectFromIndiaState {
    fn families(&self) -> &'static [Family] {
        &[Family::CollectFromIndia]
    }

    fn handle(&mut self, call: &Call<'_>, ctx: &Ctx<'_>) -> Handled {
        Some(match call.operation_id {
            "get_import_payment_verification" => self
                .payment(
                    "get_import_payment_verification",
                    call.param("cf_payment_id"),
                    ctx,
                )
                .map(|p| Answer::ok(&p.verification)),
            "upload_import_payment_verification" => self.upload(call, ctx),
            "trigger_import_sandbox_settlement" => Ok(self.trigger(ctx)),
            "mark_import_sandbox_settlement_processed" => self.mark_processed(call, ctx),
            "get_import_settlement" => self.settlement_of_order(call),
            "get_import_settlement_recon" => self.recon(call),
            _ => return None,
        })
    }

    fn control(&mut self, method: &str, path: &str, body: &[u8], ctx: &Ctx<'_>) -> Handled {
        match (method, path) {
            ("POST", "/collect-from-india/payments") => Some(self.record_payment(body, ctx)),
            _ => None,
        }
    }

    fn reset(&mut self) {
        *self = CollectFromIndiaState::default();
    }
}

#[cfg(test)]
mod tests {
    use super::parts;

    const TYPE: &str = "multipart/form-data; boundary=XyZ";

    #[test]
    fn a_form_is_split_into_named_parts_with_their_files() {
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"importer_name\"\r\n\r\nJohn\r\n\
--XyZ\r\nContent-Disposition: form-data; filename=\"i.pdf\"; name=\"invoice_file\"\r\nContent-Type: application/pdf\r\n\r\n%PDF\r\n--XyZ--\r\n";
        let parts = parts(TYPE, body).unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!(
            (parts[0].name.as_str(), parts[0].body),
            ("importer_name", &b"John"[..])
        );
        assert_eq!(parts[1].name, "invoice_file");
        assert_eq!(parts[1].file_name.as_deref(), Some("i.pdf"));
        assert_eq!(parts[1].content_type.as_deref(), Some("application/pdf"));
        assert_eq!(parts[1].body, b"%PDF");
    }

    #[test]
    fn a_malformed_form_is_an_error_not_a_panic() {
        for body in [
            &b""[..],
            b"--XyZ",
            b"--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end",
            b"--XyZ\r\nno blank line\r\n--XyZ--",
            b"--XyZ\r\nContent-Type: text/plain\r\n\r\nunnamed\r\n--XyZ--",
        ] {
            assert!(
                parts(TYPE, body).is_err(),
                "{:?}",
                String::from_utf8_lossy(body)
            );
        }
        assert!(parts("application/json", b"{}").is_err());
        let many = "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n".repeat(40)
            + "--XyZ--";
        assert!(parts(TYPE, many.as_bytes()).is_err(), "more than MAX_PARTS");
    }
}
