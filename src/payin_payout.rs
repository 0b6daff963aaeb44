//! The Payin & Payout API (`specs/payin-payout.yaml`): a provider separate from Cashfree, with
//! HMAC-signed calls for the wallet balance, UPI payin links and their status, and bank payouts
//! and their status.
//!
//! - **Base URL**: the provider gives each merchant its own ("You will get the API URI from
//!   us"), so there is no default: configure it with [`Environment::custom`](crate::Environment::custom).
//! - **Signing**: every attempt of every call carries `Access-Key`, `Timestamp` (milliseconds,
//!   from a [`Clock`]) and `Signature` (see [`signing`]), computed by [`HmacAuth`] after the body
//!   is serialised, over exactly the bytes sent. Credentials: [`Credentials::hmac`](crate::Credentials::hmac).
//! - **Answers**: every answer is the envelope `{error, data, message, success}`; `success: false`
//!   or a non-empty `error` is an [`Error::Api`](crate::Error::Api) whatever the HTTP status, with
//!   `message`, `error` (as [`ApiError::code`](crate::ApiError::code)) and the raw body kept.
//! - **Payouts** move money: the body is validated before sending, Payout Initiate is never
//!   re-sent, and [`Client::initiate_payout_exactly_once`] resolves a lost answer through Payout
//!   Status by `order_id`.
//! - **IP whitelisting**: the document asks for the calling IP to be whitelisted (stated for
//!   Payout Status; expect it for every call).
//! - **Webhooks** for this API (`payin.*`, `payout.*`) are typed in [`crate::webhooks`] on the
//!   spec's [`types::PayinWebhookEvent`] and [`types::PayoutWebhookEvent`]. The document
//!   describes no webhook signature: confirm with a status call before acting on one.
//!
//! ```no_run
//! use paygen::payin_payout::{types, Client};
//! use paygen::{Amount, Config, Credentials, Environment};
//!
//! # async fn run() -> Result<(), paygen::Error> {
//! let client = Client::from_config(Config::new(
//!     Environment::custom("https://payments.example.com"),
//!     Credentials::hmac("ACCESS_KEY", "SECRET_KEY"),
//! ))?;
//! let balance = client.get_balance().send().await?;
//! println!("wallet: {:?}", balance.data.as_ref().and_then(|d| d.balance));
//!
//! let link = client
//!     .create_payin_link()
//!     .body(
//!         types::PayinLinkRequest::builder()
//!             .user_id("customer-17")
//!             .order_id("order-2024-0042")
//!             .amount("100.00".parse::<Amount>().unwrap())
//!             .method(paygen::payin_payout::enums::PayinMethod::Upi)
//!             .redirect_url("https://shop.example.com/paid"),
//!     )
//!     .send()
//!     .await?;
//! println!("pay here: {:?}", link.data.as_ref().and_then(|d| d.pay_url.as_deref()));
//! # Ok(()) }
//! ```

use std::sync::Arc;

use crate::error::ConfigError;
use crate::runtime::Runtime;
use crate::{Config, Credentials, Environment};

crate::family!("payin_payout.rs");

mod auth;
mod errors;
mod payout;
mod rejection;
pub mod signing;

/// The one outcome type of every `*_exactly_once` helper ([`crate::CreateOutcome`]), here for
/// `use paygen::payin_payout::CreateOutcome`.
pub use crate::CreateOutcome;
pub use auth::{Clock, GetBodyLine, HmacAuth, SignedRequest, SystemClock};
pub use errors::ErrorKind;
pub use payout::PayoutOutcome;

impl Client {
    /// A client for the merchant's base URL (`Environment::custom`) and HMAC credentials
    /// (`Credentials::hmac`), signing with the system clock.
    ///
    /// Fails with a [`crate::Error::Config`] that says what to fix when the base URL is missing
    /// or not an `http(s)` URL, or the credentials are not HMAC credentials.
    ///
    /// ```
    /// use paygen::payin_payout::Client;
    /// use paygen::{Config, Credentials, Environment};
    ///
    /// let err = Client::from_config(Config::new(
    ///     Environment::Production,
    ///     Credentials::hmac("ACCESS_KEY", "SECRET_KEY"),
    /// ))
    /// .unwrap_err();
    /// assert!(err.to_string().contains("own base URL"));
    /// ```
    pub fn from_config(config: Config) -> Result<Client, crate::Error> {
        Client::from_config_with_auth(config, HmacAuth::default())
    }

    /// Like [`Client::from_config`], signing with `auth` (another [`Clock`], or another
    /// [`GetBodyLine`]).
    pub fn from_config_with_auth(config: Config, auth: HmacAuth) -> Result<Client, crate::Error> {
        check_config(&config)?;
        let c = Runtime::connect(&FAMILY, config, Arc::new(auth))?;
        Ok(Client::from_connection(c))
    }
}

/// What a Payin & Payout configuration must have before any call can work.
fn check_config(config: &Config) -> Result<(), ConfigError> {
    if let Environment::Custom(url) = config.environment() {
        let parsed = reqwest::Url::parse(url).map_err(|e| {
            ConfigError::new(format!(
                "the Payin & Payout base URL `{url}` is not a URL ({e}); use the API URL the provider \
                 gave you, e.g. https://payments.example.com"
            ))
        })?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
            return Err(ConfigError::new(format!(
                "the Payin & Payout base URL `{url}` must be an https:// URL with a host"
            )));
        }
        if parsed.query().is_some() || parsed.fragment().is_some() {
            return Err(ConfigError::new(format!(
                "the Payin & Payout base URL `{url}` must not have a query or fragment"
            )));
        }
    }
    // A missing base URL is reported by the runtime (the spec says it is required).
    match config.credentials() {
        Credentials::Hmac { access_key, secret } => {
            if access_key.trim().is_empty() {
                return Err(ConfigError::new("the Payin & Payout access key is empty"));
            }
            if secret.expose().is_empty() {
                return Err(ConfigError::new("the Payin & Payout secret key is empty"));
            }
            Ok(())
        }
        _ => Err(ConfigError::new(
            "the Payin & Payout API signs every call with an access key and a secret key: configure \
             them with Credentials::hmac(access_key, secret_key) (from the provider's CRM: Profile → \
             API Keys)",
        )),
    }
}
