//! Cashfree Collect from India (`specs/cashfree-collect-from-india.yaml`): for merchants
//! outside India collecting from customers in India through the Payment Gateway — the import
//! documents each payment needs, the ICA settlements that remit the collections, and sandbox
//! helpers that simulate settlements.
//!
//! These calls live on the bare Cashfree hosts (`https://sandbox.cashfree.com/import/...`), not
//! under PG's `/pg`. Authentication is the PG client id and secret. The sandbox helpers
//! ([`Client::trigger_import_sandbox_settlement`],
//! [`Client::mark_import_sandbox_settlement_processed`]) are refused against production before
//! anything is sent. Uploading verification documents is a multipart call written by hand
//! ([`Client::upload_import_payment_verification`]); it runs through the same runtime as the
//! generated calls (credentials, `x-api-version`, errors).
//!
//! ```no_run
//! use paygen::{collect_from_india as cfi, Config, Credentials, Environment};
//! # async fn run() -> Result<(), paygen::Error> {
//! let client = cfi::Client::from_config(Config::new(
//!     Environment::Sandbox,
//!     Credentials::merchant("TEST_APP_ID", "TEST_SECRET"),
//! ))?;
//! let result = client
//!     .upload_import_payment_verification()
//!     .cf_payment_id(5114910634577u64)
//!     .importer_name("John")
//!     .invoice_number("234234")
//!     .invoice_file("invoice-234234.pdf", std::fs::read("invoice-234234.pdf").unwrap_or_default())
//!     .send()
//!     .await?;
//! println!("still missing: {:?}", result.missing_documents);
//! # Ok(()) }
//! ```

mod upload;

use std::sync::Arc;

use crate::runtime::{HeaderAuth, Runtime};
use crate::Config;
pub use upload::{UploadField, UploadImportPaymentVerification};

crate::family!("collect_from_india.rs");

/// What an error of this family means, and what to do next ([`ErrorKind::of`]).
pub use crate::error_kind::common::ErrorKind;

impl Client {
    /// A client for the configured environment and merchant credentials.
    pub fn from_config(config: Config) -> Result<Client, crate::Error> {
        let c = Runtime::connect(&FAMILY, config, Arc::new(HeaderAuth))?;
        Ok(Client::from_connection(c))
    }

    /// Uploads a payment's verification details (`POST /import/transactions/{cf_payment_id}`,
    /// multipart): one part per document, text for the value documents and a file for the
    /// invoice. Several documents can go in one call; a partly accepted upload still succeeds
    /// and its answer lists what is missing. See [`UploadImportPaymentVerification`].
    pub fn upload_import_payment_verification(&self) -> UploadImportPaymentVerification<'_> {
        UploadImportPaymentVerification::new(self)
    }
}
