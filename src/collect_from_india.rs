//! Cashfree Collect from India (`specs/cashfree-collect-from-india.yaml`): import settlements and payment verification.

use std::sync::Arc;

use crate::runtime::{HeaderAuth, Runtime};
use crate::Config;

crate::family!("collect_from_india.rs");

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
