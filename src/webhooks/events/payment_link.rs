//! The payment-link webhook: `PAYMENT_LINK_EVENT` (link paid, partly paid, expired, cancelled).
//!
//! The document shows a JSON body and also says the webhook is sent "in a form data format";
//! both are read (see [`crate::webhooks::parse`]). Form deliveries carry every value as text,
//! so booleans and numbers here accept text too.

use std::collections::BTreeMap;

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use super::owned;

use super::event_types::PaymentLinkEventType;
use crate::webhooks::de;
use crate::webhooks::json_reader::pull::pull_struct;
use crate::Amount;

/// `link_status` is the PG API's own link state (open).
pub use crate::pg::enums::LinkStatus;

/// A payment-link webhook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PaymentLinkWebhook<'a> {
    /// The link and, for payments, its order.
    #[serde(borrow)]
    pub data: PaymentLink<'a>,
    /// Always `PAYMENT_LINK_EVENT`.
    #[serde(rename = "type")]
    pub event_type: PaymentLinkEventType,
    /// Payload version (`1`); build parsing on it.
    #[serde(default, borrow, deserialize_with = "de::opt_flex")]
    pub version: Option<Cow<'a, str>>,
    /// When the webhook was created (as sent).
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub event_time: Option<Cow<'a, str>>,
}

pull_struct!(PaymentLinkWebhook<'a> {
    data: pull required,
    event_type as "type": open_required required,
    version: flex,
    event_time: text,
});

impl PaymentLinkWebhook<'_> {
    /// The same value owning all its text, so it no longer borrows the webhook body.
    pub fn into_owned(self) -> PaymentLinkWebhook<'static> {
        PaymentLinkWebhook {
            data: self.data.into_owned(),
            event_type: self.event_type,
            version: self.version.map(owned),
            event_time: self.event_time.map(owned),
        }
    }
}

/// The link in a payment-link webhook.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PaymentLink<'a> {
    /// Cashfree's link id (a number in the sample).
    #[serde(default, borrow, deserialize_with = "de::opt_flex")]
    pub cf_link_id: Option<Cow<'a, str>>,
    /// The merchant's link id.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub link_id: Option<Cow<'a, str>>,
    /// State of the link.
    #[serde(default)]
    pub link_status: Option<LinkStatus>,
    /// Currency.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub link_currency: Option<Cow<'a, str>>,
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
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub link_purpose: Option<Cow<'a, str>>,
    /// When the link was created.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub link_created_at: Option<Cow<'a, str>>,
    /// The customer.
    #[serde(default, borrow)]
    pub customer_details: Option<LinkCustomer<'a>>,
    /// Link settings (`notify_url`, …).
    #[serde(default)]
    pub link_meta: Option<BTreeMap<String, serde_json::Value>>,
    /// The link's URL.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub link_url: Option<Cow<'a, str>>,
    /// When the link expires.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub link_expiry_time: Option<Cow<'a, str>>,
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
    #[serde(default, borrow)]
    pub order: Option<LinkOrder<'a>>,
}

pull_struct!(PaymentLink<'a> {
    cf_link_id: flex,
    link_id: text,
    link_status: open,
    link_currency: text,
    link_amount: amount,
    link_amount_paid: amount,
    link_partial_payments: opt_bool,
    link_minimum_partial_amount: amount,
    link_purpose: text,
    link_created_at: text,
    customer_details: pull,
    link_meta: serde,
    link_url: text,
    link_expiry_time: text,
    link_notes: serde,
    link_auto_reminders: opt_bool,
    link_notify: serde,
    order: pull,
});

impl PaymentLink<'_> {
    /// The same value owning all its text, so it no longer borrows the webhook body.
    pub fn into_owned(self) -> PaymentLink<'static> {
        PaymentLink {
            cf_link_id: self.cf_link_id.map(owned),
            link_id: self.link_id.map(owned),
            link_status: self.link_status,
            link_currency: self.link_currency.map(owned),
            link_amount: self.link_amount,
            link_amount_paid: self.link_amount_paid,
            link_partial_payments: self.link_partial_payments,
            link_minimum_partial_amount: self.link_minimum_partial_amount,
            link_purpose: self.link_purpose.map(owned),
            link_created_at: self.link_created_at.map(owned),
            customer_details: self.customer_details.map(LinkCustomer::into_owned),
            link_meta: self.link_meta,
            link_url: self.link_url.map(owned),
            link_expiry_time: self.link_expiry_time.map(owned),
            link_notes: self.link_notes,
            link_auto_reminders: self.link_auto_reminders,
            link_notify: self.link_notify,
            order: self.order.map(LinkOrder::into_owned),
        }
    }
}

/// The customer of a payment link.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LinkCustomer<'a> {
    /// Phone.
    #[serde(default, borrow, deserialize_with = "de::opt_flex")]
    pub customer_phone: Option<Cow<'a, str>>,
    /// Email.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub customer_email: Option<Cow<'a, str>>,
    /// Name.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub customer_name: Option<Cow<'a, str>>,
}

pull_struct!(LinkCustomer<'a> {
    customer_phone: flex,
    customer_email: text,
    customer_name: text,
});

impl LinkCustomer<'_> {
    /// The same value owning all its text, so it no longer borrows the webhook body.
    pub fn into_owned(self) -> LinkCustomer<'static> {
        LinkCustomer {
            customer_phone: self.customer_phone.map(owned),
            customer_email: self.customer_email.map(owned),
            customer_name: self.customer_name.map(owned),
        }
    }
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
pub struct LinkOrder<'a> {
    /// Order amount, exact.
    #[serde(default)]
    pub order_amount: Option<Amount>,
    /// The order id Cashfree generated.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub order_id: Option<Cow<'a, str>>,
    /// When the order expires.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub order_expiry_time: Option<Cow<'a, str>>,
    /// Order hash.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub order_hash: Option<Cow<'a, str>>,
    /// Transaction id (a number in the sample).
    #[serde(default, borrow, deserialize_with = "de::opt_flex")]
    pub transaction_id: Option<Cow<'a, str>>,
    /// Transaction state (`SUCCESS`).
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub transaction_status: Option<Cow<'a, str>>,
}

pull_struct!(LinkOrder<'a> {
    order_amount: amount,
    order_id: text,
    order_expiry_time: text,
    order_hash: text,
    transaction_id: flex,
    transaction_status: text,
});

impl LinkOrder<'_> {
    /// The same value owning all its text, so it no longer borrows the webhook body.
    pub fn into_owned(self) -> LinkOrder<'static> {
        LinkOrder {
            order_amount: self.order_amount,
            order_id: self.order_id.map(owned),
            order_expiry_time: self.order_expiry_time.map(owned),
            order_hash: self.order_hash.map(owned),
            transaction_id: self.transaction_id.map(owned),
            transaction_status: self.transaction_status.map(owned),
        }
    }
}
