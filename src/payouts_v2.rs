//! Cashfree Payouts v2 (`specs/cashfree-payouts-v2.yaml`): standard and batch transfers and
//! their status lookups.
//!
//! Every call carries `x-client-id`, `x-client-secret` (from
//! `Credentials::merchant(payouts_client_id, secret)`) and `x-api-version: 2024-01-01`; with a
//! Payouts public key configured ([`crate::Config::with_payout_public_key_pem`]) it also carries
//! `x-cf-signature`, for servers whose IP is not whitelisted.
//!
//! Transfers move money: the client never re-sends `create_transfer` or
//! `create_batch_transfer`. Use [`Client::create_transfer_exactly_once`] and
//! [`Client::create_batch_transfer_exactly_once`], which resolve a lost answer by looking the
//! merchant's own id up — Cashfree's rule: "When you get a 5XX response, do not initiate another
//! transaction. Check the status." A transfer's first answer is usually RECEIVED; its final
//! state comes from `get_transfer_status` (or webhooks), and even SUCCESS may later turn
//! REVERSED.
//!
//! ```no_run
//! use paygen::payouts_v2::{enums::TransferStatus, Client};
//! use paygen::{Config, Credentials, Environment};
//! # async fn run() -> Result<(), paygen::Error> {
//! let client = Client::from_config(Config::new(
//!     Environment::Sandbox,
//!     Credentials::merchant("PAYOUTS_CLIENT_ID", "PAYOUTS_CLIENT_SECRET"),
//! ))?;
//! let transfer = client.get_transfer_status().transfer_id("JUNOB2018").send().await?;
//! if transfer.status == Some(TransferStatus::Success) {
//!     println!("sent; UTR {:?}", transfer.transfer_utr);
//! }
//! # Ok(()) }
//! ```

mod auth;
mod errors;
mod transfers;

use std::sync::Arc;

pub use errors::ErrorKind;
pub use transfers::{BatchTransferOutcome, TransferOutcome};

use crate::payouts::{unix_now, PayoutPublicKey};
use crate::runtime::Runtime;
use crate::Config;

crate::family!("payouts_v2.rs");

impl Client {
    /// A client for the configured environment and Payouts credentials. A Payouts public key
    /// in the configuration is read now (a bad key is an [`crate::Error::Config`] here), and
    /// every call then carries `x-cf-signature`.
    pub fn from_config(config: Config) -> Result<Client, crate::Error> {
        let key = config.payout_public_key.clone();
        Client::build(config, key)
    }

    /// A client whose calls are signed with `key` (it takes the place of a key in the
    /// configuration).
    pub fn from_config_with_public_key(
        config: Config,
        key: PayoutPublicKey,
    ) -> Result<Client, crate::Error> {
        Client::build(config, Some(key))
    }

    fn build(config: Config, key: Option<PayoutPublicKey>) -> Result<Client, crate::Error> {
        if let Some(key) = &key {
            match &config.credentials {
                crate::Credentials::Merchant { client_id, .. } => {
                    key.sign(client_id, unix_now())?;
                }
                _ => {
                    return Err(crate::error::ConfigError::new(
                        "x-cf-signature needs the Payouts client id: use Credentials::merchant(client_id, client_secret)",
                    )
                    .into())
                }
            }
        }
        let c = Runtime::connect(&FAMILY, config, Arc::new(auth::V2Auth::new(key)))?;
        Ok(Client::from_connection(c))
    }
}

/// True when a Payouts v2 call was refused because the caller's IP is not whitelisted (HTTP 403
/// naming the whitelist): the same as `ErrorKind::of(error) == Some(ErrorKind::IpNotWhitelisted)`.
/// Such calls are never retried; the error's note says what to do.
///
/// ```
/// assert!(!paygen::payouts_v2::is_ip_not_whitelisted(&paygen::Error::Config(
///     paygen::error::ConfigError::new("x")
/// )));
/// ```
pub fn is_ip_not_whitelisted(error: &crate::Error) -> bool {
    ErrorKind::of(error) == Some(ErrorKind::IpNotWhitelisted)
}
