//! Cashfree BBPS, biller side (`specs/cashfree-bbps.yaml`): the status of a bill payment made
//! through the Bharat Bill Payment System.
//!
//! The documents also describe two APIs a biller builds and hosts for Cashfree to call (Bill
//! Fetch and Payment Posting); they are the biller's endpoints, with no contract in the
//! documents, so they are not part of this client (see `specs/DISCREPANCIES.md`).
//!
//! ```no_run
//! use paygen::{bbps, Config, Credentials, Environment};
//! # async fn run() -> Result<(), paygen::Error> {
//! let client = bbps::Client::from_config(Config::new(
//!     Environment::Sandbox,
//!     Credentials::merchant("TEST_APP_ID", "TEST_SECRET"),
//! ))?;
//! let status = client.get_bbps_transaction_status().bbps_transaction_id("test40624").send().await?;
//! println!("{:?} settled {:?}", status.bill_payment_status, status.settlement_amount);
//! # Ok(()) }
//! ```

use std::sync::Arc;

use futures::future::BoxFuture;
use http::HeaderValue;

use crate::runtime::{HeaderAuth, OperationSpec, Protocol, Runtime};
use crate::Config;

crate::family!("bbps.rs");

/// What an error of this family means, and what to do next ([`ErrorKind::of`]).
pub use crate::error_kind::common::ErrorKind;

impl Client {
    /// A client for the configured environment and merchant credentials.
    pub fn from_config(config: Config) -> Result<Client, crate::Error> {
        let c = Runtime::connect(&FAMILY, config, Arc::new(BbpsAuth))?;
        Ok(Client::from_connection(c))
    }
}

/// Merchant headers, plus the `Content-Type: application/json` the reference marks required
/// even on this bodiless GET.
struct BbpsAuth;

impl Protocol for BbpsAuth {
    fn authenticate<'a>(
        &'a self,
        runtime: &'a Runtime,
        op: &'static OperationSpec,
        request: &'a mut reqwest::Request,
    ) -> BoxFuture<'a, Result<(), crate::error::AuthError>> {
        let result = HeaderAuth::apply(runtime, op, request)
            .map_err(Into::into)
            .map(|()| {
                request
                    .headers_mut()
                    .entry(http::header::CONTENT_TYPE)
                    .or_insert(HeaderValue::from_static("application/json"));
            });
        Box::pin(async move { result })
    }

    /// Fixed merchant headers and a fixed `Content-Type`: the same on every attempt.
    fn authenticates_once(&self) -> bool {
        true
    }
}
