//! Cashfree Payouts v1 (`specs/cashfree-payouts-v1.yaml`): bearer-token authorization,
//! `X-Cf-Signature`, and Cashgram payout links.
//!
//! ## Authentication
//! Every call but [`Client::payouts_authorize`] carries `Authorization: Bearer <token>`. The
//! client gets the token itself from `payouts_authorize` (with `X-Client-Id` and
//! `X-Client-Secret` from `Credentials::merchant(client_id, client_secret)`), caches it, shares
//! one fetch between any number of concurrent calls, and renews it a minute before the
//! `data.expiry` the server states (the documents say 300 seconds and 6 minutes; the answer is
//! the authority). A call answered "Token is not valid" (sub-code 403) gets a new token and is
//! sent once more, never in a loop. "IP not whitelisted" (also 403) is not retried:
//! [`ErrorKind::IpNotWhitelisted`] says what to do. For a server without a whitelisted IP,
//! configure the account's public key ([`crate::Config::with_payout_public_key_pem`] or
//! [`Client::from_config_with_public_key`]) and the authorize call carries `X-Cf-Signature`.
//!
//! ## Answers
//! Payouts v1 answers every request it processed with HTTP 200 and an envelope `{status,
//! subCode, message, data}`; `status: ERROR` is an error, returned as [`crate::Error::Api`] with
//! the `subCode` as its code, the message and the raw body as sent, and a note saying what to
//! do. [`ErrorKind::of`] names it. Error statuses other than 200 are errors too.
//!
//! ## Cashgram
//! [`NewCashgram`] types a Cashgram (exact amount, a date for `linkExpiry`, a `bool` for
//! `notifyCustomer`) and [`Client::create_cashgram_exactly_once`] creates it without ever
//! sending it twice, resolving lost answers with `get_cashgram_status`.
//!
//! ```no_run
//! use paygen::payouts_v1::{enums::CashgramStatus, Client};
//! use paygen::{Config, Credentials, Environment};
//! # async fn run() -> Result<(), paygen::Error> {
//! let client = Client::from_config(Config::new(
//!     Environment::Sandbox,
//!     Credentials::merchant("PAYOUTS_CLIENT_ID", "PAYOUTS_CLIENT_SECRET"),
//! ))?;
//! let answer = client.get_cashgram_status().cashgram_id("JOHaN10").send().await?;
//! if let Some(CashgramStatus::Redeemed) = answer.data.as_ref().and_then(|d| d.cashgram_status.clone()) {
//!     println!("paid out");
//! }
//! # Ok(()) }
//! ```

mod auth;
mod cashgram;
mod errors;

use std::sync::Arc;

pub use cashgram::{validate_cashgram, CashgramOutcome, NewCashgram};
/// The date type of [`NewCashgram::link_expiry`].
pub use chrono::NaiveDate;
pub use errors::ErrorKind;

use crate::payouts::{unix_now, PayoutPublicKey};
use crate::runtime::Runtime;
use crate::Config;

crate::family!("payouts_v1.rs");

impl Client {
    /// A client for the configured environment and Payouts credentials. When the configuration
    /// carries a Payouts public key ([`Config::with_payout_public_key_pem`]), it is read now —
    /// a key that is not a usable RSA public key is an [`crate::Error::Config`] here, not at the
    /// first call — and the authorize call carries `X-Cf-Signature`.
    pub fn from_config(config: Config) -> Result<Client, crate::Error> {
        let key = config.payout_public_key.clone();
        Client::build(config, key)
    }

    /// A client whose authorize call is signed with `key` (e.g. read with
    /// [`PayoutPublicKey::from_pem_file`]); it takes the place of a key in the configuration.
    ///
    /// ```no_run
    /// use paygen::payouts::PayoutPublicKey;
    /// use paygen::payouts_v1::Client;
    /// use paygen::{Config, Credentials, Environment};
    /// # fn run() -> Result<(), paygen::Error> {
    /// let key = PayoutPublicKey::from_pem_file("/etc/payouts/public_key.pem")?;
    /// let client = Client::from_config_with_public_key(
    ///     Config::new(Environment::Production, Credentials::merchant("CLIENT_ID", "CLIENT_SECRET")),
    ///     key,
    /// )?;
    /// # let _ = client; Ok(()) }
    /// ```
    pub fn from_config_with_public_key(
        config: Config,
        key: PayoutPublicKey,
    ) -> Result<Client, crate::Error> {
        Client::build(config, Some(key))
    }

    fn build(config: Config, key: Option<PayoutPublicKey>) -> Result<Client, crate::Error> {
        if let Some(key) = &key {
            // Sign once now, so a key that cannot sign this client id fails at configuration.
            match &config.credentials {
                crate::Credentials::Merchant { client_id, .. } => {
                    key.sign(client_id, unix_now())?;
                }
                _ => {
                    return Err(crate::error::ConfigError::new(
                        "X-Cf-Signature needs the Payouts client id: use Credentials::merchant(client_id, client_secret)",
                    )
                    .into())
                }
            }
        }
        let (protocol, authorize) = auth::V1Auth::new(key);
        let c = Runtime::connect(&FAMILY, config, Arc::new(protocol))?;
        authorize.connect(&c.base_url, &c.http);
        Ok(Client::from_connection(c))
    }
}
