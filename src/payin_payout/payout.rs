//! [`Client::initiate_payout_exactly_once`]: a payout that is sent once and whose outcome is
//! always learned — from its own answer, or, when that answer is lost, from Payout Status.

use std::fmt;

use super::enums::TransactionStatus;
use super::types::{Payout, PayoutInitiateRequest, PayoutInitiateResponse, PayoutStatusResponse};
use super::Client;
use crate::error::{Error, ValidationError};
use crate::runtime::exactly_once::{create_once, Lookup, Rules};
use crate::CreateOutcome;
use crate::{CallOptions, Response};

/// The authoritative outcome of [`Client::initiate_payout_exactly_once`], the same
/// [`CreateOutcome`] every `*_exactly_once` helper returns, with each answer kept whole (status,
/// headers, raw body):
/// - [`CreateOutcome::Created`]: Payout Initiate answered with success — the provider took the
///   payout (usually `Pending`; the final state arrives by webhook or `get_payout_status`);
/// - [`CreateOutcome::LookedUp`]: Payout Initiate got no clear answer (timeout, 5xx, unreadable
///   success), and Payout Status found the payout under its `order_id`: its state at lookup
///   time. (Payout Initiate has no "already exists" answer, so never `AlreadyExists`.)
pub type PayoutOutcome =
    CreateOutcome<Response<PayoutInitiateResponse>, Response<PayoutStatusResponse>>;

impl PayoutOutcome {
    /// The payout as the provider described it.
    pub fn payout(&self) -> Option<&Payout> {
        match self {
            CreateOutcome::Created(r) => r.data.as_ref(),
            CreateOutcome::LookedUp(r) | CreateOutcome::AlreadyExists(r) => r.data.as_ref(),
        }
    }

    /// The payout's state (`Pending`, `Approved`, `Rejected`, …).
    pub fn payout_status(&self) -> Option<&TransactionStatus> {
        self.payout().and_then(|p| p.status.as_ref())
    }
}

/// Payout Initiate has no "already exists" answer.
const RULES: Rules = Rules {
    is_conflict: |_| false,
};

impl Client {
    /// Initiates a payout and returns its authoritative outcome — never sending it twice.
    ///
    /// The body is checked against the spec before anything is sent (IFSC format, a 10-digit
    /// mobile number, a positive amount with at most 2 decimals, every required field): a
    /// broken rule is an [`Error::Validation`]. Then Payout Initiate is sent once (the runtime
    /// never re-sends a call that moves money). If it answers, that is the outcome; a refusal
    /// (`success: false`, a 4xx) is an [`Error::Api`] and no payout exists. If the answer is
    /// lost — a timeout, a broken connection, a 5xx, an unreadable success — the payout is
    /// looked up with `get_payout_status` by the request's `order_id`:
    /// - found: [`CreateOutcome::LookedUp`] with its state;
    /// - not found, or the lookup fails too: [`Error::OutcomeUnknown`] carrying the `order_id`.
    ///   The payout may still exist: look it up again later before sending another one.
    ///
    /// ```no_run
    /// use paygen::payin_payout::{types, Client, PayoutOutcome};
    /// use paygen::{Amount, Config, Credentials, Environment, Error};
    ///
    /// # async fn run() -> Result<(), Error> {
    /// let client = Client::from_config(Config::new(
    ///     Environment::custom("https://payments.example.com"),
    ///     Credentials::hmac("ACCESS_KEY", "SECRET_KEY"),
    /// ))?;
    /// let request = types::PayoutInitiateRequest::builder()
    ///     .beneficiary_name("Test Name")
    ///     .beneficiary_email("test.test@gmail.com")
    ///     .beneficiary_mobile_no("7878787878")
    ///     .beneficiary_address("NOIDA")
    ///     .payment_method(paygen::payin_payout::enums::PayoutPaymentMethod::Imps)
    ///     .beneficiary_acc_no("99999999999")
    ///     .bank_name("SBI")
    ///     .ifsc("SBIN0060589")
    ///     .amount("100.00".parse::<Amount>().unwrap())
    ///     .order_id("payout-2024-0001")
    ///     .user_id("merchant-user-7");
    /// match client.initiate_payout_exactly_once(request).await {
    ///     Ok(outcome) => println!("payout state: {:?}", outcome.payout_status()),
    ///     Err(Error::OutcomeUnknown(u)) => eprintln!("look up {} later", u.reference),
    ///     Err(e) => return Err(e),
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn initiate_payout_exactly_once<B>(&self, body: B) -> Result<PayoutOutcome, Error>
    where
        B: TryInto<PayoutInitiateRequest>,
        B::Error: fmt::Display,
    {
        self.initiate_payout_exactly_once_with(body, CallOptions::new())
            .await
    }

    /// [`Client::initiate_payout_exactly_once`] with per-call options: the `x-request-id` of
    /// `initiate_payout`, and, suffixed `-lookup`, of the `get_payout_status` lookup after it
    /// (without one, each call gets a fresh id). The header travels outside the signature
    /// (which covers method, path, body and timestamp), so it changes nothing the provider
    /// verifies.
    ///
    /// ```no_run
    /// use paygen::payin_payout::{types, Client};
    /// # async fn run(client: Client, request: types::builder::PayoutInitiateRequest) -> Result<(), paygen::Error> {
    /// let options = paygen::CallOptions::new().request_id("payout-2024-0001");
    /// let outcome = client.initiate_payout_exactly_once_with(request, options).await?;
    /// println!("{:?}", outcome.payout_status());
    /// # Ok(()) }
    /// ```
    pub async fn initiate_payout_exactly_once_with<B>(
        &self,
        body: B,
        options: CallOptions,
    ) -> Result<PayoutOutcome, Error>
    where
        B: TryInto<PayoutInitiateRequest>,
        B::Error: fmt::Display,
    {
        let body: PayoutInitiateRequest = body.try_into().map_err(|e| {
            Error::Validation(ValidationError::new("initiate_payout", None, e.to_string()))
        })?;
        let order_id = body.order_id.clone();
        let lookup = || async {
            let mut call = self.get_payout_status().order_id(order_id.as_str());
            if let Some(rid) = options.lookup_request_id() {
                call = call.x_request_id(rid);
            }
            let answer = call.send().await?;
            Ok(match answer.data.as_ref().map(|p| p.order_id.clone()) {
                Some(found) => Lookup::of(answer, found.as_deref(), &order_id, "order_id"),
                None => Lookup::Missing("returned no payout".into()),
            })
        };
        let create = async {
            let mut call = self.initiate_payout().body(body);
            if let Some(rid) = options.request_id_of() {
                call = call.x_request_id(rid);
            }
            call.send().await
        };
        create_once("initiate_payout", &order_id, &RULES, create, lookup).await
    }
}
