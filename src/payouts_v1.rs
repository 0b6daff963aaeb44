//! Cashfree Payouts v1 (`specs/cashfree-payouts-v1.yaml`): bearer-token auth, `X-Cf-Signature`, Cashgram.

use std::sync::Arc;

use crate::runtime::{HeaderAuth, Runtime};
use crate::Config;

crate::family!("payouts_v1.rs");

impl Client {
    /// A client for the configured environment and credentials.
    pub fn from_config(config: Config) -> Result<Client, crate::Error> {
        let c = Runtime::connect(&FAMILY, config, Arc::new(HeaderAuth))?;
        Ok(Client::new_with_client(&c.base_url, c.http, c.runtime))
    }

    /// The runtime (configuration and operation table) this client runs on.
    pub fn runtime(&self) -> &Runtime {
        &self.inner
    }
}
