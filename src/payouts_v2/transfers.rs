//! [`Client::create_transfer_exactly_once`] and [`Client::create_batch_transfer_exactly_once`].

use std::fmt;

use super::types::{
    BatchTransfer, BatchTransferStatus, CreateBatchTransferRequest, CreateTransferRequest, Transfer,
};
use super::Client;
use crate::error::{ApiError, Error, ValidationError};
use crate::runtime::exactly_once::{create_once, Lookup, Rules};
use crate::CreateOutcome;
use crate::{CallOptions, Response};

/// The outcome of [`Client::create_transfer_exactly_once`]: the create's answer or the looked-up
/// transfer (the same shape).
pub type TransferOutcome = CreateOutcome<Response<Transfer>, Response<Transfer>>;

/// The outcome of [`Client::create_batch_transfer_exactly_once`]: the batch's acknowledgement,
/// or the looked-up batch with its transfers.
pub type BatchTransferOutcome =
    CreateOutcome<Response<BatchTransfer>, Response<BatchTransferStatus>>;

fn is_conflict(e: &ApiError) -> bool {
    e.status == 409
        || e.code
            .as_deref()
            .is_some_and(|c| c.ends_with("already_exists"))
}

const RULES: Rules = Rules { is_conflict };

fn invalid(operation: &str, e: impl fmt::Display) -> Error {
    Error::Validation(ValidationError::new(operation, None, e.to_string()))
}

/// A lookup's answer of "no such id" (HTTP 404), as a missing record; other failures stay errors.
fn not_found<S>(e: Error) -> Result<Lookup<S>, Error> {
    match &e {
        Error::Api(api) if api.status == 404 => Ok(Lookup::Missing(format!(
            "found nothing ({})",
            api.code.as_deref().unwrap_or("HTTP 404")
        ))),
        _ => Err(e),
    }
}

impl Client {
    /// Starts a transfer and returns its authoritative outcome — never sending it twice.
    ///
    /// The body is checked against the spec before anything is sent (a broken rule is an
    /// [`Error::Validation`]). Then `create_transfer` is sent once: its answer is
    /// [`CreateOutcome::Created`] (usually status RECEIVED; follow it with
    /// `get_transfer_status`); a refusal (400, 403, 404) is an [`Error::Api`] and no transfer
    /// exists. A 409 is looked up and returned as [`CreateOutcome::AlreadyExists`]. When the
    /// answer is lost — a timeout, a broken connection, a 5XX, an unreadable success — the
    /// transfer is looked up by its `transfer_id` (Cashfree: "When you get a 5XX response, do
    /// not initiate another transaction. Check the status."): found, it is
    /// [`CreateOutcome::LookedUp`]; otherwise [`Error::OutcomeUnknown`] carrying the
    /// `transfer_id`.
    ///
    /// ```no_run
    /// use paygen::payouts::CreateOutcome;
    /// use paygen::payouts_v2::{types, Client};
    /// use paygen::{Config, Credentials, Environment, Error};
    /// # async fn run() -> Result<(), Error> {
    /// let client = Client::from_config(Config::new(
    ///     Environment::Sandbox,
    ///     Credentials::merchant("PAYOUTS_CLIENT_ID", "PAYOUTS_CLIENT_SECRET"),
    /// ))?;
    /// let transfer = types::CreateTransferRequest::builder()
    ///     .transfer_id("JUNOB2018")
    ///     .transfer_amount("1.00".parse::<paygen::Amount>().unwrap())
    ///     .beneficiary_details(types::TransferBeneficiaryDetails::builder().beneficiary_id(Some("JOHN18011".to_string())));
    /// match client.create_transfer_exactly_once(transfer).await {
    ///     Ok(outcome) => println!("{:?}", outcome),
    ///     Err(Error::OutcomeUnknown(u)) => eprintln!("look {} up before sending it again", u.reference),
    ///     Err(e) => return Err(e),
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn create_transfer_exactly_once<B>(&self, body: B) -> Result<TransferOutcome, Error>
    where
        B: TryInto<CreateTransferRequest>,
        B::Error: fmt::Display,
    {
        self.create_transfer_exactly_once_with(body, CallOptions::new())
            .await
    }

    /// [`Client::create_transfer_exactly_once`] with per-call options: the request id of
    /// `create_transfer` (and, suffixed `-lookup`, of the status lookup after it).
    ///
    /// ```no_run
    /// use paygen::payouts_v2::{types, Client};
    /// # async fn run(client: Client, transfer: types::builder::CreateTransferRequest) -> Result<(), paygen::Error> {
    /// let options = paygen::CallOptions::new().request_id("transfer-JUNOB2018");
    /// let outcome = client.create_transfer_exactly_once_with(transfer, options).await?;
    /// # let _ = outcome; Ok(()) }
    /// ```
    pub async fn create_transfer_exactly_once_with<B>(
        &self,
        body: B,
        options: CallOptions,
    ) -> Result<TransferOutcome, Error>
    where
        B: TryInto<CreateTransferRequest>,
        B::Error: fmt::Display,
    {
        let body: CreateTransferRequest =
            body.try_into().map_err(|e| invalid("create_transfer", e))?;
        let id = body.transfer_id.clone();
        let create = async {
            let mut call = self.create_transfer().body(body);
            if let Some(rid) = options.request_id_of() {
                call = call.x_request_id(rid);
            }
            call.send().await
        };
        let lookup = || async {
            let mut call = self.get_transfer_status().transfer_id(id.as_str());
            if let Some(rid) = options.lookup_request_id() {
                call = call.x_request_id(rid);
            }
            match call.send().await {
                Ok(answer) => {
                    let found = answer.transfer_id.clone();
                    Ok(Lookup::of(answer, found.as_deref(), &id, "transfer"))
                }
                Err(e) => not_found(e),
            }
        };
        create_once("create_transfer", &id, &RULES, create, lookup).await
    }

    /// Starts a batch of transfers and returns its authoritative outcome — never sending it
    /// twice. As [`Client::create_transfer_exactly_once`], keyed on `batch_transfer_id` and
    /// looked up with `get_batch_transfer_status`; a reused `batch_transfer_id` (409
    /// `batch_transfer_id_already_exists`) is [`CreateOutcome::AlreadyExists`] with the existing
    /// batch.
    ///
    /// ```no_run
    /// use paygen::payouts_v2::{types, Client};
    /// # async fn run(client: Client) -> Result<(), paygen::Error> {
    /// let batch = types::CreateBatchTransferRequest::builder()
    ///     .batch_transfer_id("payroll_2024_07")
    ///     .transfers(vec![types::BatchTransferItem {
    ///         transfer_id: "payroll_2024_07_emp1".into(),
    ///         transfer_amount: "1500.00".parse().unwrap(),
    ///         beneficiary_details: Some(types::BatchTransferBeneficiaryDetails {
    ///             beneficiary_id: Some("EMP1".into()),
    ///             ..Default::default()
    ///         }),
    ///         transfer_currency: None,
    ///         transfer_mode: None,
    ///         transfer_remarks: None,
    ///         fundsource_id: None,
    ///     }]);
    /// let outcome = client.create_batch_transfer_exactly_once(batch).await?;
    /// println!("{outcome:?}");
    /// # Ok(()) }
    /// ```
    pub async fn create_batch_transfer_exactly_once<B>(
        &self,
        body: B,
    ) -> Result<BatchTransferOutcome, Error>
    where
        B: TryInto<CreateBatchTransferRequest>,
        B::Error: fmt::Display,
    {
        self.create_batch_transfer_exactly_once_with(body, CallOptions::new())
            .await
    }

    /// [`Client::create_batch_transfer_exactly_once`] with per-call options: the request id of
    /// `create_batch_transfer` (and, suffixed `-lookup`, of the status lookup after it).
    pub async fn create_batch_transfer_exactly_once_with<B>(
        &self,
        body: B,
        options: CallOptions,
    ) -> Result<BatchTransferOutcome, Error>
    where
        B: TryInto<CreateBatchTransferRequest>,
        B::Error: fmt::Display,
    {
        let body: CreateBatchTransferRequest = body
            .try_into()
            .map_err(|e| invalid("create_batch_transfer", e))?;
        let id = body.batch_transfer_id.clone();
        let create = async {
            let mut call = self.create_batch_transfer().body(body);
            if let Some(rid) = options.request_id_of() {
                call = call.x_request_id(rid);
            }
            call.send().await
        };
        let lookup = || async {
            let mut call = self
                .get_batch_transfer_status()
                .batch_transfer_id(id.as_str());
            if let Some(rid) = options.lookup_request_id() {
                call = call.x_request_id(rid);
            }
            match call.send().await {
                Ok(answer) => {
                    let found = answer.batch_transfer_id.clone();
                    Ok(Lookup::of(answer, found.as_deref(), &id, "batch"))
                }
                Err(e) => not_found(e),
            }
        };
        create_once("create_batch_transfer", &id, &RULES, create, lookup).await
    }
}
