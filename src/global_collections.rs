//! Cashfree Global Collections (`specs/cashfree-global-collections.yaml`): foreign-currency
//! collection accounts, the international payments they receive, invoices behind them, and a
//! sandbox simulator.
//!
//! ## Authentication
//! As the documents' table says (pages 059–067), a merchant's calls carry `x-client-id` and
//! `x-client-secret`, and a partner's carry `x-partner-api-key` and `x-partner-merchantid` in
//! their place (this family spells the partner key with a hyphen). [`Client::gc_authorize`]
//! exchanges those credentials for a bearer token; the one call that takes the token,
//! [`Client::gc_verify_token`], gets it from the client's token cache: fetched on first use,
//! shared by concurrent calls (one fetch), renewed a minute before it expires, and fetched again
//! once when the API rejects it. [`Client::from_config_with_bearer_on_every_call`] also puts the
//! token on the four data calls, for accounts whose API asks for it there too.
//!
//! ```no_run
//! use paygen::{global_collections as gc, Config, Credentials, Environment};
//! # async fn run() -> Result<(), paygen::Error> {
//! let client = gc::Client::from_config(Config::new(
//!     Environment::Sandbox,
//!     Credentials::partner("partner-api-key", "merchant-id-under-partner"),
//! ))?;
//! let page = client
//!     .gc_get_transactions()
//!     .start_date("20250101")
//!     .end_date("20250131")
//!     .max_return(100)
//!     .send()
//!     .await?;
//! println!("{:?}", page.data);
//! # Ok(()) }
//! ```

mod auth;

use std::sync::Arc;

use crate::runtime::Runtime;
use crate::Config;

crate::family!("global_collections.rs");

/// What an error of this family means, and what to do next ([`ErrorKind::of`]).
pub use crate::error_kind::token_api::ErrorKind;

impl Client {
    /// A client for the configured environment and credentials (merchant or partner), sending
    /// the bearer token only where the documents put it ([`Client::gc_verify_token`]).
    pub fn from_config(config: Config) -> Result<Client, crate::Error> {
        Client::build(config, false)
    }

    /// Like [`Client::from_config`], but every call except [`Client::gc_authorize`] also
    /// carries `Authorization: Bearer <token>` next to the credential headers (the token is
    /// fetched once and cached). The documents do not ask for it on the data calls; use this
    /// when an account's API answers them with "token is not valid".
    pub fn from_config_with_bearer_on_every_call(config: Config) -> Result<Client, crate::Error> {
        Client::build(config, true)
    }

    fn build(config: Config, bearer_on_every_call: bool) -> Result<Client, crate::Error> {
        let (auth, authorize) = auth::GcAuth::new(bearer_on_every_call);
        let c = Runtime::connect(&FAMILY, config, Arc::new(auth))?;
        authorize.connect(&c.base_url, &c.http);
        Ok(Client::from_connection(c))
    }
}
