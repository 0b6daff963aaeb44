//! Dispute webhooks: `DISPUTE_CREATED`, `DISPUTE_UPDATED`, `DISPUTE_CLOSED`.

use std::borrow::Cow;

use crate::webhooks::de;
use crate::webhooks::json_reader::pull::pull_struct;
use serde::{Deserialize, Serialize};

use super::owned;

use super::common::CustomerDetails;
use super::event_types::DisputeEventType;
use crate::Amount;

/// Dispute stages and statuses are the PG API's own enums (every value of the documents'
/// "List of Dispute Status" table; open).
pub use crate::pg::enums::{DisputeStatus, DisputeType};

crate::open_enum! {
    /// `dispute_update`: what changed (DISPUTE_UPDATED).
    pub enum DisputeUpdate {
        /// `STATUS_UPDATE`
        StatusUpdate = "STATUS_UPDATE",
        /// `TYPE_UPDATE`: moved to another stage.
        TypeUpdate = "TYPE_UPDATE",
        /// `COMMENT_UPDATE`
        CommentUpdate = "COMMENT_UPDATE",
    }
}

crate::open_enum! {
    /// `dispute_action_on`: who has to act next.
    pub enum DisputeActionOn {
        /// `MERCHANT`: respond by `respond_by`.
        Merchant = "MERCHANT",
        /// `CASHFREE`
        Cashfree = "CASHFREE",
    }
}

/// A dispute webhook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DisputeWebhook<'a> {
    /// The dispute, its order and customer.
    #[serde(borrow)]
    pub data: DisputeWebhookData<'a>,
    /// When Cashfree raised the event (as sent).
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub event_time: Option<Cow<'a, str>>,
    /// Which dispute event this is.
    #[serde(rename = "type")]
    pub event_type: DisputeEventType,
}

pull_struct!(DisputeWebhook<'a> {
    data: pull required,
    event_time: text,
    event_type as "type": open_required required,
});

impl DisputeWebhook<'_> {
    /// The same value owning all its text, so it no longer borrows the webhook body.
    pub fn into_owned(self) -> DisputeWebhook<'static> {
        DisputeWebhook {
            data: self.data.into_owned(),
            event_time: self.event_time.map(owned),
            event_type: self.event_type,
        }
    }
}

/// The `data` of a dispute webhook.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DisputeWebhookData<'a> {
    /// The dispute.
    #[serde(default, borrow)]
    pub dispute: Option<Dispute<'a>>,
    /// The disputed order and payment.
    #[serde(default, borrow)]
    pub order_details: Option<DisputeOrderDetails<'a>>,
    /// The customer.
    #[serde(default, borrow)]
    pub customer_details: Option<CustomerDetails<'a>>,
}

pull_struct!(DisputeWebhookData<'a> {
    dispute: pull,
    order_details: pull,
    customer_details: pull,
});

impl DisputeWebhookData<'_> {
    /// The same value owning all its text, so it no longer borrows the webhook body.
    pub fn into_owned(self) -> DisputeWebhookData<'static> {
        DisputeWebhookData {
            dispute: self.dispute.map(Dispute::into_owned),
            order_details: self.order_details.map(DisputeOrderDetails::into_owned),
            customer_details: self.customer_details.map(CustomerDetails::into_owned),
        }
    }
}

/// A dispute as webhooks describe it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Dispute<'a> {
    /// Cashfree's dispute id (the table calls it a Long; the samples quote it).
    #[serde(default, borrow, deserialize_with = "de::opt_flex")]
    pub dispute_id: Option<Cow<'a, str>>,
    /// Stage of the dispute.
    #[serde(default)]
    pub dispute_type: Option<DisputeType>,
    /// Network or NPCI reason code (e.g. `13.1`, `4855`).
    #[serde(default, borrow, deserialize_with = "de::opt_flex")]
    pub reason_code: Option<Cow<'a, str>>,
    /// What the reason code means.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub reason_description: Option<Cow<'a, str>>,
    /// Disputed amount, exact.
    #[serde(default)]
    pub dispute_amount: Option<Amount>,
    /// Currency of the disputed amount (2025-01-01).
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub dispute_amount_currency: Option<Cow<'a, str>>,
    /// When the dispute was registered.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub created_at: Option<Cow<'a, str>>,
    /// When it last changed.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub updated_at: Option<Cow<'a, str>>,
    /// When the merchant has to respond by.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub respond_by: Option<Cow<'a, str>>,
    /// When it was resolved (closed disputes).
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub resolved_at: Option<Cow<'a, str>>,
    /// State of the dispute.
    #[serde(default)]
    pub dispute_status: Option<DisputeStatus>,
    /// Cashfree's remarks.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub cf_dispute_remarks: Option<Cow<'a, str>>,
    /// What changed (updates).
    #[serde(default)]
    pub dispute_update: Option<DisputeUpdate>,
    /// Who acts next.
    #[serde(default)]
    pub dispute_action_on: Option<DisputeActionOn>,
}

pull_struct!(Dispute<'a> {
    dispute_id: flex,
    dispute_type: open,
    reason_code: flex,
    reason_description: text,
    dispute_amount: amount,
    dispute_amount_currency: text,
    created_at: text,
    updated_at: text,
    respond_by: text,
    resolved_at: text,
    dispute_status: open,
    cf_dispute_remarks: text,
    dispute_update: open,
    dispute_action_on: open,
});

impl Dispute<'_> {
    /// The same value owning all its text, so it no longer borrows the webhook body.
    pub fn into_owned(self) -> Dispute<'static> {
        Dispute {
            dispute_id: self.dispute_id.map(owned),
            dispute_type: self.dispute_type,
            reason_code: self.reason_code.map(owned),
            reason_description: self.reason_description.map(owned),
            dispute_amount: self.dispute_amount,
            dispute_amount_currency: self.dispute_amount_currency.map(owned),
            created_at: self.created_at.map(owned),
            updated_at: self.updated_at.map(owned),
            respond_by: self.respond_by.map(owned),
            resolved_at: self.resolved_at.map(owned),
            dispute_status: self.dispute_status,
            cf_dispute_remarks: self.cf_dispute_remarks.map(owned),
            dispute_update: self.dispute_update,
            dispute_action_on: self.dispute_action_on,
        }
    }
}

/// `order_details` of a dispute webhook.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DisputeOrderDetails<'a> {
    /// The merchant's order id.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub order_id: Option<Cow<'a, str>>,
    /// Order amount, exact.
    #[serde(default)]
    pub order_amount: Option<Amount>,
    /// Order currency.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub order_currency: Option<Cow<'a, str>>,
    /// Cashfree's id of the disputed payment (a number in the samples).
    #[serde(default, borrow, deserialize_with = "de::opt_flex")]
    pub cf_payment_id: Option<Cow<'a, str>>,
    /// Payment amount, exact.
    #[serde(default)]
    pub payment_amount: Option<Amount>,
    /// Payment currency.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub payment_currency: Option<Cow<'a, str>>,
}

pull_struct!(DisputeOrderDetails<'a> {
    order_id: text,
    order_amount: amount,
    order_currency: text,
    cf_payment_id: flex,
    payment_amount: amount,
    payment_currency: text,
});

impl DisputeOrderDetails<'_> {
    /// The same value owning all its text, so it no longer borrows the webhook body.
    pub fn into_owned(self) -> DisputeOrderDetails<'static> {
        DisputeOrderDetails {
            order_id: self.order_id.map(owned),
            order_amount: self.order_amount,
            order_currency: self.order_currency.map(owned),
            cf_payment_id: self.cf_payment_id.map(owned),
            payment_amount: self.payment_amount,
            payment_currency: self.payment_currency.map(owned),
        }
    }
}
