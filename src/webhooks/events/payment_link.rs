//! The payment-link webhook: `PAYMENT_LINK_EVENT` (link paid, partly paid, expired, cancelled).
//!
//! The document shows a JSON body and also says the webhook is sent "in a form data format";
//! both are read (see [`crate::webhooks::parse`]). Form deliveries carry every value as text,
//! so booleans and numbers here accept text too.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::event_types::PaymentLinkEventType;
use crate::webhooks::de;
use crate::{Amount, FlexString};

/// `link_status` is the PG API's own link state (open).
pub use crate::pg::enums::LinkStatus;

/// A payment-link webhook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PaymentLinkWebhook {
    /// The link and, for payments, its order.
    pub data: PaymentLink,
    /// Always `PAYMENT_LINK_EVENT`.
    #[serde(rename = "type")]
    pub event_type: PaymentLinkEventType,
    /// Payload version (`1`); build parsing on it.
    #[serde(default)]
    pub version: Option<FlexString>,
    /// When the webhook was created (as sent).
    #[serde(default)]
    pub event_time: Option<String>,
}

/// The link in a payment-link webhook.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PaymentLink {
    /// Cashfree's link id (a number in the sample).
    #[serde(default)]
    pub cf_link_id: Option<FlexString>,
    /// The merchant's link id.
    #[serde(default)]
    pub link_id: Option<String>,
    /// State of the link.
    #[serde(default)]
    pub link_status: Option<LinkStatus>,
    /// Currency.
    #[serde(default)]
    pub link_currency: Option<String>,
    /// Amount to collect, exact (a string in the sample).
    #[serde(default)]
    pub link_amount: Option<Amount>,
    /// Amount paid so far, exact.
    #[serde(default)]
    pub link_amount_paid: Option<Amount>,
    /// Whether partial payments are allowed.
    #[serde(default, deserialize_with = "de::opt_bool")]
    pub link_partial_payments: Option<bool>,
    /// Minimum first partial payment, exact.
    #[serde(default)]
    pub link_minimum_partial_amount: Option<Amount>,
    /// What the payment is for (shown to the customer).
    #[serde(default)]
    pub link_purpose: Option<String>,
    /// When the link was created.
    #[serde(default)]
    pub link_created_at: Option<String>,
    /// The customer.
    #[serde(default)]
    pub customer_details: Option<LinkCustomer>,
    /// Link settings (`notify_url`, …).
    #[serde(default)]
    pub link_meta: Option<BTreeMap<String, serde_json::Value>>,
    /// The link's URL.
    #[serde(default)]
    pub link_url: Option<String>,
    /// When the link expires.
    #[serde(default)]
    pub link_expiry_time: Option<String>,
    /// The merchant's notes.
    #[serde(default)]
    pub link_notes: Option<BTreeMap<String, serde_json::Value>>,
    /// Whether reminders are sent.
    #[serde(default, deserialize_with = "de::opt_bool")]
    pub link_auto_reminders: Option<bool>,
    /// How the customer is notified.
    #[serde(default)]
    pub link_notify: Option<LinkNotify>,
    /// The order of this payment; `null` for cancelled and expired links.
    #[serde(default)]
    pub order: Option<LinkOrder>,
}

/// The customer of a payment link.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LinkCustomer {
    /// Phone.
    #[serde(default)]
    pub customer_phone: Option<FlexString>,
    /// Email.
    #[serde(default)]
    pub customer_email: Option<String>,
    /// Name.
    #[serde(default)]
    pub customer_name: Option<String>,
}

/// `link_notify`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LinkNotify {
    /// Link sent by SMS.
    #[serde(default, deserialize_with = "de::opt_bool")]
    pub send_sms: Option<bool>,
    /// Link sent by email.
    #[serde(default, deserialize_with = "de::opt_bool")]
    pub send_email: Option<bool>,
}

/// The order created for a link payment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LinkOrder {
    /// Order amount, exact.
    #[serde(default)]
    pub order_amount: Option<Amount>,
    /// The order id Cashfree generated.
    #[serde(default)]
    pub order_id: Option<String>,
    /// When the order expires.
    #[serde(default)]
    pub order_expiry_time: Option<String>,
    /// Order hash.
    #[serde(default)]
    pub order_hash: Option<String>,
    /// Transaction id (a number in the sample).
    #[serde(default)]
    pub transaction_id: Option<FlexString>,
    /// Transaction state (`SUCCESS`).
    #[serde(default)]
    pub transaction_status: Option<String>,
}
