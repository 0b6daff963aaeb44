//! Pieces shared by several Cashfree webhooks.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use super::owned;
use crate::webhooks::de;
use crate::webhooks::json_reader::pull::pull_struct;

/// The customer of an order or dispute, as webhooks send it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CustomerDetails<'a> {
    /// Name, when known.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub customer_name: Option<Cow<'a, str>>,
    /// The merchant's customer id, when given.
    #[serde(default, borrow, deserialize_with = "de::opt_flex")]
    pub customer_id: Option<Cow<'a, str>>,
    /// Email address.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub customer_email: Option<Cow<'a, str>>,
    /// Phone number (text; the documents show it quoted).
    #[serde(default, borrow, deserialize_with = "de::opt_flex")]
    pub customer_phone: Option<Cow<'a, str>>,
}

pull_struct!(CustomerDetails<'a> {
    customer_name: text,
    customer_id: flex,
    customer_email: text,
    customer_phone: flex,
});

impl CustomerDetails<'_> {
    /// The same value owning all its text, so it no longer borrows the webhook body.
    pub fn into_owned(self) -> CustomerDetails<'static> {
        CustomerDetails {
            customer_name: self.customer_name.map(owned),
            customer_id: self.customer_id.map(owned),
            customer_email: self.customer_email.map(owned),
            customer_phone: self.customer_phone.map(owned),
        }
    }
}
