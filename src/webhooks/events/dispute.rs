//! Dispute webhooks: `DISPUTE_CREATED`, `DISPUTE_UPDATED`, `DISPUTE_CLOSED`.

use serde::{Deserialize, Serialize};

use super::common::CustomerDetails;
use super::event_types::DisputeEventType;
use crate::{Amount, FlexString};

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
pub struct DisputeWebhook {
    /// The dispute, its order and customer.
    pub data: DisputeWebhookData,
    /// When Cashfree raised the event (as sent).
    #[serde(default)]
    pub event_time: Option<String>,
    /// Which dispute event this is.
    #[serde(rename = "type")]
    pub event_type: DisputeEventType,
}

/// The `data` of a dispute webhook.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DisputeWebhookData {
    /// The dispute.
    #[serde(default)]
    pub dispute: Option<Dispute>,
    /// The disputed order and payment.
    #[serde(default)]
    pub order_details: Option<DisputeOrderDetails>,
    /// The customer.
    #[serde(default)]
    pub customer_details: Option<CustomerDetails>,
}

/// A dispute as webhooks describe it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Dispute {
    /// Cashfree's dispute id (the table calls it a Long; the samples quote it).
    #[serde(default)]
    pub dispute_id: Option<FlexString>,
    /// Stage of the dispute.
    #[serde(default)]
    pub dispute_type: Option<DisputeType>,
    /// Network or NPCI reason code (e.g. `13.1`, `4855`).
    #[serde(default)]
    pub reason_code: Option<FlexString>,
    /// What the reason code means.
    #[serde(default)]
    pub reason_description: Option<String>,
    /// Disputed amount, exact.
    #[serde(default)]
    pub dispute_amount: Option<Amount>,
    /// Currency of the disputed amount (2025-01-01).
    #[serde(default)]
    pub dispute_amount_currency: Option<String>,
    /// When the dispute was registered.
    #[serde(default)]
    pub created_at: Option<String>,
    /// When it last changed.
    #[serde(default)]
    pub updated_at: Option<String>,
    /// When the merchant has to respond by.
    #[serde(default)]
    pub respond_by: Option<String>,
    /// When it was resolved (closed disputes).
    #[serde(default)]
    pub resolved_at: Option<String>,
    /// State of the dispute.
    #[serde(default)]
    pub dispute_status: Option<DisputeStatus>,
    /// Cashfree's remarks.
    #[serde(default)]
    pub cf_dispute_remarks: Option<String>,
    /// What changed (updates).
    #[serde(default)]
    pub dispute_update: Option<DisputeUpdate>,
    /// Who acts next.
    #[serde(default)]
    pub dispute_action_on: Option<DisputeActionOn>,
}

/// `order_details` of a dispute webhook.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DisputeOrderDetails {
    /// The merchant's order id.
    #[serde(default)]
    pub order_id: Option<String>,
    /// Order amount, exact.
    #[serde(default)]
    pub order_amount: Option<Amount>,
    /// Order currency.
    #[serde(default)]
    pub order_currency: Option<String>,
    /// Cashfree's id of the disputed payment (a number in the samples).
    #[serde(default)]
    pub cf_payment_id: Option<FlexString>,
    /// Payment amount, exact.
    #[serde(default)]
    pub payment_amount: Option<Amount>,
    /// Payment currency.
    #[serde(default)]
    pub payment_currency: Option<String>,
}
