//! Pieces shared by several Cashfree webhooks.

use serde::{Deserialize, Serialize};

use crate::FlexString;

/// The customer of an order or dispute, as webhooks send it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CustomerDetails {
    /// Name, when known.
    #[serde(default)]
    pub customer_name: Option<String>,
    /// The merchant's customer id, when given.
    #[serde(default)]
    pub customer_id: Option<FlexString>,
    /// Email address.
    #[serde(default)]
    pub customer_email: Option<String>,
    /// Phone number (text; the documents show it quoted).
    #[serde(default)]
    pub customer_phone: Option<FlexString>,
}
