//! Cashgram creation: [`NewCashgram`] (typed fields, checked before sending) and
//! [`Client::create_cashgram_exactly_once`].

use std::fmt;

use chrono::NaiveDate;

use super::errors::ErrorKind;
use super::types::{CashgramStatusData, CreateCashgramRequest, CreateCashgramResponse};
use super::Client;
use crate::error::{Error, ValidationError};
use crate::runtime::exactly_once::{create_once, Lookup, Rules};
use crate::CreateOutcome;
use crate::{Amount, CallOptions};

const OPERATION: &str = "create_cashgram";

/// The outcome of [`Client::create_cashgram_exactly_once`]: the create's answer, or the
/// Cashgram's state from `get_cashgram_status`.
pub type CashgramOutcome =
    CreateOutcome<crate::Response<CreateCashgramResponse>, crate::Response<CashgramStatusData>>;

/// A Cashgram to create, with Rust types for what the wire carries as text and integers.
///
/// - `amount` is an exact [`Amount`] (at least 1.00);
/// - `link_expiry` is a date, sent as `YYYY/MM/DD` (documents 002 and 003; at most 30 days
///   ahead, which Cashfree checks);
/// - `notify_customer` is a `bool`, sent as the `1` / `0` the API takes;
/// - `remarks` may hold only letters, digits and whitespace (document 002's error: "Remarks can
///   have only numbers,alphabets and whitespaces"), checked before anything is sent.
///
/// ```
/// use paygen::payouts_v1::{types, NaiveDate, NewCashgram};
/// let cashgram = NewCashgram::new(
///     "JOHaN10",
///     "1.00".parse().unwrap(),
///     "John Doe",
///     "9876543210",
///     NaiveDate::from_ymd_opt(2020, 4, 1).unwrap(),
/// )
/// .email("johndoe@cashfree.com")
/// .remarks("sample cashgram")
/// .notify_customer(true);
/// let wire = types::CreateCashgramRequest::from(cashgram);
/// assert_eq!(wire.link_expiry, "2020/04/01");
/// assert_eq!(wire.notify_customer, Some(1));
/// assert!(serde_json::to_string(&wire).unwrap().contains(r#""amount":1.00"#));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct NewCashgram {
    /// The merchant's id for the Cashgram: 1 to 36 letters, digits, `_` or `-`. Used to look
    /// it up and to deactivate it.
    pub cashgram_id: String,
    /// The amount to pay out, in INR (at least 1.00).
    pub amount: Amount,
    /// The recipient's name.
    pub name: String,
    /// The recipient's phone number, digits only (the OTP for redemption goes there).
    pub phone: String,
    /// The last day the link can be redeemed.
    pub link_expiry: NaiveDate,
    /// The recipient's email.
    pub email: Option<String>,
    /// Remarks: letters, digits and whitespace only.
    pub remarks: Option<String>,
    /// True to have Cashfree send the link to the recipient's phone and email; `None` leaves
    /// the field out (Cashfree's default).
    pub notify_customer: Option<bool>,
}

impl NewCashgram {
    /// A Cashgram with the required fields.
    pub fn new(
        cashgram_id: impl Into<String>,
        amount: Amount,
        name: impl Into<String>,
        phone: impl Into<String>,
        link_expiry: NaiveDate,
    ) -> NewCashgram {
        NewCashgram {
            cashgram_id: cashgram_id.into(),
            amount,
            name: name.into(),
            phone: phone.into(),
            link_expiry,
            email: None,
            remarks: None,
            notify_customer: None,
        }
    }

    /// Sets the recipient's email.
    pub fn email(mut self, email: impl Into<String>) -> NewCashgram {
        self.email = Some(email.into());
        self
    }

    /// Sets the remarks (letters, digits and whitespace only).
    pub fn remarks(mut self, remarks: impl Into<String>) -> NewCashgram {
        self.remarks = Some(remarks.into());
        self
    }

    /// Whether Cashfree sends the link to the recipient.
    pub fn notify_customer(mut self, notify: bool) -> NewCashgram {
        self.notify_customer = Some(notify);
        self
    }

    /// Checks the documented rules (see [`validate_cashgram`]) without sending anything.
    pub fn validate(&self) -> Result<(), ValidationError> {
        validate_cashgram(&CreateCashgramRequest::from(self.clone()))
    }
}

impl From<NewCashgram> for CreateCashgramRequest {
    fn from(c: NewCashgram) -> Self {
        CreateCashgramRequest {
            amount: c.amount,
            cashgram_id: c.cashgram_id,
            email: c.email,
            link_expiry: c.link_expiry.format("%Y/%m/%d").to_string(),
            name: c.name,
            notify_customer: c.notify_customer.map(i64::from),
            phone: c.phone,
            remarks: c.remarks,
        }
    }
}

fn refuse(field: &str, message: String) -> ValidationError {
    ValidationError::new(OPERATION, Some(field.to_string()), message)
}

/// Checks a Cashgram request against the documented rules, in words: the id (1 to 36 letters,
/// digits, `_`, `-`), an amount of at least 1, a name, a phone of digits, a `YYYY/MM/DD`
/// expiry, remarks of letters, digits and whitespace only, `notifyCustomer` 0 or 1.
///
/// ```
/// use paygen::payouts_v1::{validate_cashgram, NaiveDate, NewCashgram};
/// let c = NewCashgram::new("cf6", "1".parse().unwrap(), "sameera", "9000000001",
///     NaiveDate::from_ymd_opt(2019, 11, 9).unwrap()).remarks("sample, cashgram");
/// let e = validate_cashgram(&c.clone().into()).unwrap_err();
/// assert_eq!(e.field.as_deref(), Some("remarks"));
/// assert!(e.message.contains("letters, digits and whitespace"));
/// assert_eq!(c.validate().unwrap_err(), e);
/// ```
pub fn validate_cashgram(request: &CreateCashgramRequest) -> Result<(), ValidationError> {
    let id = &request.cashgram_id;
    if id.is_empty() || id.chars().count() > 36 {
        return Err(refuse(
            "cashgramId",
            format!(
                "must be 1 to 36 characters long (it has {})",
                id.chars().count()
            ),
        ));
    }
    if let Some(bad) = id
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '_' || *c == '-'))
    {
        return Err(refuse(
            "cashgramId",
            format!("may hold only letters, digits, `_` and `-` (found `{bad}`)"),
        ));
    }
    if request.amount.decimal() < rust_decimal::Decimal::ONE {
        return Err(refuse(
            "amount",
            format!("must be at least 1.00 (it is {})", request.amount),
        ));
    }
    if request.name.trim().is_empty() {
        return Err(refuse("name", "must not be empty".into()));
    }
    if request.phone.is_empty() || !request.phone.chars().all(|c| c.is_ascii_digit()) {
        return Err(refuse(
            "phone",
            "must be digits only, without + or spaces".into(),
        ));
    }
    let well_formed = NaiveDate::parse_from_str(&request.link_expiry, "%Y/%m/%d").is_ok()
        && request
            .link_expiry
            .split('/')
            .next()
            .is_some_and(|y| y.len() == 4);
    if !well_formed {
        return Err(refuse(
            "linkExpiry",
            format!(
                "must be a date written YYYY/MM/DD (it is `{}`)",
                request.link_expiry
            ),
        ));
    }
    if let Some(bad) = request.remarks.as_deref().and_then(|r| {
        r.chars()
            .find(|c| !(c.is_ascii_alphanumeric() || c.is_whitespace()))
    }) {
        return Err(refuse(
            "remarks",
            format!("may hold only letters, digits and whitespace (found `{bad}`)"),
        ));
    }
    if let Some(n) = request.notify_customer.filter(|n| !matches!(n, 0 | 1)) {
        return Err(refuse(
            "notifyCustomer",
            format!("must be 0 or 1 (it is {n})"),
        ));
    }
    Ok(())
}

const RULES: Rules = Rules {
    is_conflict: |e| ErrorKind::of_api(e) == Some(ErrorKind::AlreadyExists),
};

impl Client {
    /// Creates a Cashgram and returns its authoritative outcome — never sending it twice.
    ///
    /// The request is checked first ([`validate_cashgram`]; a broken rule is an [`Error::Validation`] and
    /// nothing is sent). Then `create_cashgram` is sent once. Its success is
    /// [`CreateOutcome::Created`]; a refusal (low balance, invalid field, …) is an
    /// [`Error::Api`] ([`ErrorKind::of`] names it) and no Cashgram exists. A duplicate
    /// `cashgramId` (sub-code 409) is looked up and returned as [`CreateOutcome::AlreadyExists`]
    /// with the existing Cashgram's state. When the answer is lost — a timeout, a broken
    /// connection, a 5XX, sub-code 500 or 520, an unreadable success — the Cashgram is looked
    /// up with `get_cashgram_status` by its `cashgramId`: found, it is
    /// [`CreateOutcome::LookedUp`]; otherwise [`Error::OutcomeUnknown`] carrying the id (look it
    /// up again later before creating it again).
    ///
    /// ```no_run
    /// use paygen::payouts::CreateOutcome;
    /// use paygen::payouts_v1::{Client, NaiveDate, NewCashgram};
    /// use paygen::{Config, Credentials, Environment, Error};
    /// # async fn run() -> Result<(), Error> {
    /// let client = Client::from_config(Config::new(
    ///     Environment::Sandbox,
    ///     Credentials::merchant("PAYOUTS_CLIENT_ID", "PAYOUTS_CLIENT_SECRET"),
    /// ))?;
    /// let cashgram = NewCashgram::new("JOHaN10", "1.00".parse().unwrap(), "John Doe", "9876543210",
    ///     NaiveDate::from_ymd_opt(2020, 4, 1).unwrap());
    /// match client.create_cashgram_exactly_once(cashgram).await {
    ///     Ok(CreateOutcome::Created(c)) => println!("link: {:?}", c.into_inner().data.and_then(|d| d.cashgram_link)),
    ///     Ok(CreateOutcome::LookedUp(s)) => println!("created; now {:?}", s.cashgram_status),
    ///     Ok(CreateOutcome::AlreadyExists(s)) => println!("id taken; that one is {:?}", s.cashgram_status),
    ///     Err(Error::OutcomeUnknown(u)) => eprintln!("look {} up later", u.reference),
    ///     Err(e) => return Err(e),
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn create_cashgram_exactly_once<B>(
        &self,
        cashgram: B,
    ) -> Result<CashgramOutcome, Error>
    where
        B: TryInto<CreateCashgramRequest>,
        B::Error: fmt::Display,
    {
        self.create_cashgram_exactly_once_with(cashgram, CallOptions::new())
            .await
    }

    /// [`Client::create_cashgram_exactly_once`] with per-call options: the `x-request-id` of
    /// `create_cashgram`, and, suffixed `-lookup`, of the `get_cashgram_status` lookup after it
    /// (without a request id each call gets a fresh one). The client's own authorize call, when
    /// it needs a token first, is not the caller's request and keeps its own id.
    ///
    /// ```no_run
    /// use paygen::payouts_v1::{Client, NaiveDate, NewCashgram};
    /// # async fn run(client: Client) -> Result<(), paygen::Error> {
    /// let cashgram = NewCashgram::new("JOHaN10", "1.00".parse().unwrap(), "John Doe", "9876543210",
    ///     NaiveDate::from_ymd_opt(2020, 4, 1).unwrap());
    /// let options = paygen::CallOptions::new().request_id("cashgram-JOHaN10");
    /// let outcome = client.create_cashgram_exactly_once_with(cashgram, options).await?;
    /// # let _ = outcome; Ok(()) }
    /// ```
    pub async fn create_cashgram_exactly_once_with<B>(
        &self,
        cashgram: B,
        options: CallOptions,
    ) -> Result<CashgramOutcome, Error>
    where
        B: TryInto<CreateCashgramRequest>,
        B::Error: fmt::Display,
    {
        let request: CreateCashgramRequest = cashgram
            .try_into()
            .map_err(|e| Error::Validation(ValidationError::new(OPERATION, None, e.to_string())))?;
        validate_cashgram(&request)?;
        let id = request.cashgram_id.clone();
        let create = async {
            let mut call = self.create_cashgram().body(request);
            if let Some(rid) = options.request_id_of() {
                call = call.x_request_id(rid);
            }
            call.send().await
        };
        let lookup = || async {
            let mut call = self.get_cashgram_status().cashgram_id(id.as_str());
            if let Some(rid) = options.lookup_request_id() {
                call = call.x_request_id(rid);
            }
            match call.send().await {
                Ok(answer) => Ok(match answer.filter_map(|a| a.data) {
                    Some(data) => {
                        let found = data.cashgram_id.clone();
                        Lookup::of(data, found.as_deref(), &id, "Cashgram")
                    }
                    None => Lookup::Missing("answered without the Cashgram's details".into()),
                }),
                Err(e) if ErrorKind::of(&e) == Some(ErrorKind::NotFound) => {
                    Ok(Lookup::Missing(format!(
                        "found nothing ({})",
                        e.as_api().map_or("", |a| a.message.as_str())
                    )))
                }
                Err(e) => Err(e),
            }
        };
        create_once(OPERATION, &id, &RULES, create, lookup).await
    }
}
