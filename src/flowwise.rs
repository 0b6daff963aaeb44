//! Cashfree Flowwise (`specs/cashfree-flowwise.yaml`): payment orchestration across the
//! merchant's gateways — orders, payments, captures and voids, refunds, customers, and bulk
//! capture of pre-authorised payments.
//!
//! Flowwise's paths overlap PG's (`/orders`, `/payments/{id}`), so it is a separate client
//! with its own types, and its operations carry a `flowwise_` prefix. Its hosts are Flowwise's
//! own (`https://sandbox.flowwise.com/router`, `https://app.flowwise.com/router`); the
//! credentials are the Flowwise client id and secret. Captures, voids, payments and refunds
//! move money and are never re-sent by the client: after an unclear failure, look the payment
//! or refund up ([`Client::flowwise_get_payment`], [`Client::flowwise_get_refund`]) first.
//!
//! ```no_run
//! use paygen::{flowwise, Amount, Config, Credentials, Environment};
//! # async fn run() -> Result<(), paygen::Error> {
//! let client = flowwise::Client::from_config(Config::new(
//!     Environment::Sandbox,
//!     Credentials::merchant("FLOWWISE_CLIENT_ID", "FLOWWISE_SECRET"),
//! ))?;
//! let order = client
//!     .flowwise_create_order()
//!     .body(
//!         flowwise::types::FlowwiseCreateOrderRequest::builder()
//!             .order_id("order_1001")
//!             .order_amount("2299.50".parse::<Amount>().unwrap())
//!             .order_currency(Some("INR".to_string())),
//!     )
//!     .send()
//!     .await?;
//! println!("send the customer to {:?}", order.checkout_url);
//! # Ok(()) }
//! ```

use std::sync::Arc;

use crate::runtime::{HeaderAuth, Runtime};
use crate::Config;

crate::family!("flowwise.rs");

/// What an error of this family means, and what to do next ([`ErrorKind::of`]).
pub use crate::error_kind::common::ErrorKind;

impl Client {
    /// A client for the configured environment and Flowwise merchant credentials.
    pub fn from_config(config: Config) -> Result<Client, crate::Error> {
        let c = Runtime::connect(&FAMILY, config, Arc::new(HeaderAuth))?;
        Ok(Client::from_connection(c))
    }
}
