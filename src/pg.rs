//! Cashfree Payment Gateway, API version 2025-01-01 (`specs/cashfree-pg.yaml`).
//!
//! Orders, payments, payment links, offers, eligibility, customers, disputes, settlements,
//! reconciliation, the token vault and refunds. Build a [`Client`] with
//! [`Client::from_config`]; every operation is a method that returns a builder, and
//! `send().await?` gives the typed answer or a [`crate::Error`].
//!
//! ```no_run
//! use paygen::{pg, Amount, Config, Credentials, Environment};
//! # async fn run() -> Result<(), paygen::Error> {
//! let client = pg::Client::from_config(Config::new(
//!     Environment::Sandbox,
//!     Credentials::merchant("TEST_APP_ID", "TEST_SECRET"),
//! ))?;
//! let order = client
//!     .create_order()
//!     .x_idempotency_key("order-42")
//!     .body(
//!         pg::types::CreateOrderRequest::builder()
//!             .order_amount("100.50".parse::<Amount>().unwrap())
//!             .order_currency("INR")
//!             .customer_details(
//!                 pg::types::CustomerDetails::builder()
//!                     .customer_id("c-1")
//!                     .customer_phone("9999999999"),
//!             ),
//!     )
//!     .send()
//!     .await?;
//! println!("pay with session {:?}", order.payment_session_id);
//! # Ok(()) }
//! ```

use std::sync::Arc;

use crate::runtime::{HeaderAuth, Runtime};
use crate::Config;

crate::family!("pg.rs");

mod errors;
pub mod evidence;

pub use errors::{ErrorCode, ErrorKind, ErrorType};

impl Client {
    /// A client for the configured environment and credentials (merchant or partner).
    pub fn from_config(config: Config) -> Result<Client, crate::Error> {
        let c = Runtime::connect(&FAMILY, config, Arc::new(HeaderAuth))?;
        Ok(Client::from_connection(c))
    }
}
