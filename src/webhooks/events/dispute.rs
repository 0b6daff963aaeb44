//! Dispute webhooks: `DISPUTE_CREATED`, `DISPUTE_UPDATED`, `DISPUTE_CLOSED`.

use serde::{Deserialize, Serialize};

use super::common::CustomerDetails;
use crate::{Amount, FlexString};

crate::open_enum! {
    /// The `type` of a dispute webhook.
    pub enum DisputeEventType {
        /// `DISPUTE_CREATED`: a new dispute.
        Created = "DISPUTE_CREATED",
        /// `DISPUTE_UPDATED`: a comment, a new stage (pre-arbitration, arbitration) or a new status.
        Updated = "DISPUTE_UPDATED",
        /// `DISPUTE_CLOSED`: the dispute is closed.
        Closed = "DISPUTE_CLOSED",
    }
}

crate::open_enum! {
    /// `dispute_type`: the stage of the dispute.
    pub enum DisputeType {
        /// `DISPUTE`
        Dispute = "DISPUTE",
        /// `RETRIEVAL`
        Retrieval = "RETRIEVAL",
        /// `CHARGEBACK`
        Chargeback = "CHARGEBACK",
        /// `PRE_ARBITRATION`
        PreArbitration = "PRE_ARBITRATION",
        /// `ARBITRATION`
        Arbitration = "ARBITRATION",
    }
}

crate::open_enum! {
    /// `dispute_status`: `<stage>_<state>`, every value of the documents' "List of Dispute
    /// Status" table (35 values: 7 states for each of the 5 stages).
    pub enum DisputeStatus {
        /// `DISPUTE_CREATED`
        DisputeCreated = "DISPUTE_CREATED",
        /// `DISPUTE_DOCS_RECEIVED`
        DisputeDocsReceived = "DISPUTE_DOCS_RECEIVED",
        /// `DISPUTE_UNDER_REVIEW`
        DisputeUnderReview = "DISPUTE_UNDER_REVIEW",
        /// `DISPUTE_MERCHANT_WON`
        DisputeMerchantWon = "DISPUTE_MERCHANT_WON",
        /// `DISPUTE_MERCHANT_LOST`
        DisputeMerchantLost = "DISPUTE_MERCHANT_LOST",
        /// `DISPUTE_MERCHANT_ACCEPTED`
        DisputeMerchantAccepted = "DISPUTE_MERCHANT_ACCEPTED",
        /// `DISPUTE_INSUFFICIENT_EVIDENCE`
        DisputeInsufficientEvidence = "DISPUTE_INSUFFICIENT_EVIDENCE",
        /// `RETRIEVAL_CREATED`
        RetrievalCreated = "RETRIEVAL_CREATED",
        /// `RETRIEVAL_DOCS_RECEIVED`
        RetrievalDocsReceived = "RETRIEVAL_DOCS_RECEIVED",
        /// `RETRIEVAL_UNDER_REVIEW`
        RetrievalUnderReview = "RETRIEVAL_UNDER_REVIEW",
        /// `RETRIEVAL_MERCHANT_WON`
        RetrievalMerchantWon = "RETRIEVAL_MERCHANT_WON",
        /// `RETRIEVAL_MERCHANT_LOST`
        RetrievalMerchantLost = "RETRIEVAL_MERCHANT_LOST",
        /// `RETRIEVAL_MERCHANT_ACCEPTED`
        RetrievalMerchantAccepted = "RETRIEVAL_MERCHANT_ACCEPTED",
        /// `RETRIEVAL_INSUFFICIENT_EVIDENCE`
        RetrievalInsufficientEvidence = "RETRIEVAL_INSUFFICIENT_EVIDENCE",
        /// `CHARGEBACK_CREATED`
        ChargebackCreated = "CHARGEBACK_CREATED",
        /// `CHARGEBACK_DOCS_RECEIVED`
        ChargebackDocsReceived = "CHARGEBACK_DOCS_RECEIVED",
        /// `CHARGEBACK_UNDER_REVIEW`
        ChargebackUnderReview = "CHARGEBACK_UNDER_REVIEW",
        /// `CHARGEBACK_MERCHANT_WON`
        ChargebackMerchantWon = "CHARGEBACK_MERCHANT_WON",
        /// `CHARGEBACK_MERCHANT_LOST`
        ChargebackMerchantLost = "CHARGEBACK_MERCHANT_LOST",
        /// `CHARGEBACK_MERCHANT_ACCEPTED`
        ChargebackMerchantAccepted = "CHARGEBACK_MERCHANT_ACCEPTED",
        /// `CHARGEBACK_INSUFFICIENT_EVIDENCE`
        ChargebackInsufficientEvidence = "CHARGEBACK_INSUFFICIENT_EVIDENCE",
        /// `PRE_ARBITRATION_CREATED`
        PreArbitrationCreated = "PRE_ARBITRATION_CREATED",
        /// `PRE_ARBITRATION_DOCS_RECEIVED`
        PreArbitrationDocsReceived = "PRE_ARBITRATION_DOCS_RECEIVED",
        /// `PRE_ARBITRATION_UNDER_REVIEW`
        PreArbitrationUnderReview = "PRE_ARBITRATION_UNDER_REVIEW",
        /// `PRE_ARBITRATION_MERCHANT_WON`
        PreArbitrationMerchantWon = "PRE_ARBITRATION_MERCHANT_WON",
        /// `PRE_ARBITRATION_MERCHANT_LOST`
        PreArbitrationMerchantLost = "PRE_ARBITRATION_MERCHANT_LOST",
        /// `PRE_ARBITRATION_MERCHANT_ACCEPTED`
        PreArbitrationMerchantAccepted = "PRE_ARBITRATION_MERCHANT_ACCEPTED",
        /// `PRE_ARBITRATION_INSUFFICIENT_EVIDENCE`
        PreArbitrationInsufficientEvidence = "PRE_ARBITRATION_INSUFFICIENT_EVIDENCE",
        /// `ARBITRATION_CREATED`
        ArbitrationCreated = "ARBITRATION_CREATED",
        /// `ARBITRATION_DOCS_RECEIVED`
        ArbitrationDocsReceived = "ARBITRATION_DOCS_RECEIVED",
        /// `ARBITRATION_UNDER_REVIEW`
        ArbitrationUnderReview = "ARBITRATION_UNDER_REVIEW",
        /// `ARBITRATION_MERCHANT_WON`
        ArbitrationMerchantWon = "ARBITRATION_MERCHANT_WON",
        /// `ARBITRATION_MERCHANT_LOST`
        ArbitrationMerchantLost = "ARBITRATION_MERCHANT_LOST",
        /// `ARBITRATION_MERCHANT_ACCEPTED`
        ArbitrationMerchantAccepted = "ARBITRATION_MERCHANT_ACCEPTED",
        /// `ARBITRATION_INSUFFICIENT_EVIDENCE`
        ArbitrationInsufficientEvidence = "ARBITRATION_INSUFFICIENT_EVIDENCE",
    }
}

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
