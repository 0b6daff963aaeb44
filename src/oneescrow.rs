//! Cashfree OneEscrow (`specs/cashfree-oneescrow.yaml`): virtual accounts on a connected escrow
//! fund source, allocations to them, transfers between them, balances and statements.
//!
//! OneEscrow is part of Cashfree Payouts: every call carries a Payouts v1 bearer token. The
//! client gets it itself from the Payouts authorize call on the same host
//! ([`Client::escrow_authorize`], with `Credentials::merchant(payouts_client_id, secret)`),
//! caches it, shares one fetch between concurrent calls, renews it a minute before it expires
//! and fetches a new one once when the API rejects it. For an IP that is not whitelisted,
//! configure the Payouts public key ([`crate::Config::with_payout_public_key_pem`]) and the
//! authorize call carries `X-Cf-Signature`. To take tokens from elsewhere (a token service of
//! your own), use [`Client::from_config_with_token_source`].
//!
//! Allocations ([`Client::escrow_allocate_funds`]) and transfers
//! ([`Client::escrow_transfer_funds`]) move money: they are sent once and never re-sent by the
//! client. Neither has a look-up by id, so when one fails without a clear answer, read the
//! account statement ([`Client::account_statement`]) before sending it again.
//!
//! ```no_run
//! use futures::TryStreamExt;
//! use paygen::{oneescrow, Config, Credentials, Environment};
//! # async fn run() -> Result<(), paygen::Error> {
//! let client = oneescrow::Client::from_config(Config::new(
//!     Environment::Sandbox,
//!     Credentials::merchant("PAYOUTS_CLIENT_ID", "PAYOUTS_CLIENT_SECRET"),
//! ))?;
//! // Every entry of the statement, page after page.
//! let mut entries = client.account_statement(1_696_000_000, 1_697_000_000).limit(100).entries();
//! while let Some(entry) = entries.try_next().await? {
//!     println!("{entry:?}");
//! }
//! # Ok(()) }
//! ```

mod auth;
mod statement;

use std::sync::Arc;

pub use crate::runtime::token::{BearerToken, TokenSource};
use crate::runtime::Runtime;
use crate::Config;
pub use statement::{AccountStatement, StatementEntry};

crate::family!("oneescrow.rs");

/// What an error of this family means, and what to do next ([`ErrorKind::of`]).
pub use crate::error_kind::token_api::ErrorKind;

impl Client {
    /// A client that gets its bearer token from [`Client::escrow_authorize`] with the
    /// configured Payouts credentials (and `X-Cf-Signature` when a public key is configured).
    pub fn from_config(config: Config) -> Result<Client, crate::Error> {
        let signer = config.payout_public_key.clone();
        let source = Arc::new(auth::authorize_call());
        let auth = Arc::new(auth::EscrowAuth::new(source.clone(), signer));
        let c = Runtime::connect(&FAMILY, config, auth)?;
        source.connect(&c.base_url, &c.http);
        Ok(Client::from_connection(c))
    }

    /// A client that takes its bearer tokens from `source` (cached and renewed the same way).
    ///
    /// ```
    /// use futures::future::BoxFuture;
    /// use paygen::oneescrow::{BearerToken, Client, TokenSource};
    /// use paygen::error::AuthError;
    /// use paygen::runtime::Runtime;
    /// use paygen::{Config, Credentials, Environment};
    /// use std::sync::Arc;
    ///
    /// struct FromMyVault;
    /// impl TokenSource for FromMyVault {
    ///     fn fetch<'a>(&'a self, _: &'a Runtime) -> BoxFuture<'a, Result<BearerToken, AuthError>> {
    ///         Box::pin(async { Ok(BearerToken::from_unix_expiry("token-from-vault", 4_102_444_800)) })
    ///     }
    /// }
    /// let client = Client::from_config_with_token_source(
    ///     Config::new(Environment::Sandbox, Credentials::None),
    ///     Arc::new(FromMyVault),
    /// )
    /// .unwrap();
    /// # let _ = client;
    /// ```
    pub fn from_config_with_token_source(
        config: Config,
        source: Arc<dyn TokenSource>,
    ) -> Result<Client, crate::Error> {
        let signer = config.payout_public_key.clone();
        let auth = Arc::new(auth::EscrowAuth::new(source, signer));
        let c = Runtime::connect(&FAMILY, config, auth)?;
        Ok(Client::from_connection(c))
    }

    /// The account statement between two instants (Unix seconds), page after page: see
    /// [`AccountStatement`].
    pub fn account_statement(&self, start_time: i64, end_time: i64) -> AccountStatement<'_> {
        AccountStatement::new(self, start_time, end_time)
    }
}
