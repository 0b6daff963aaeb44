//! Collect from India webhooks: `PAYMENT_VERIFICATION_UPDATE` (version 2025-01-01) and
//! `ICA_SETTLEMENT_UPDATE` (version 1, 2022-09-01). Signed like the PG webhooks.

use serde::{Deserialize, Serialize};

use super::event_types::CollectFromIndiaEventType;
use crate::{Amount, FlexString};

use crate::collect_from_india::enums::ImportPaymentStatus;
/// Verification, document and settlement states are the Collect from India API's own enums
/// (open), under the names these events give them.
pub use crate::collect_from_india::enums::{
    IcaSettlementStatus, ImportDocumentStatus as DocumentStatus,
    ImportDocumentType as DocumentType, ImportVerificationStatus as VerificationStatus,
};

/// `PAYMENT_VERIFICATION_UPDATE`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PaymentVerificationWebhook {
    /// The payment and the documents it needs.
    pub data: PaymentVerification,
    /// When Cashfree raised the event (as sent).
    #[serde(default)]
    pub event_time: Option<String>,
    /// `PAYMENT_VERIFICATION_UPDATE`.
    #[serde(rename = "type")]
    pub event_type: CollectFromIndiaEventType,
}

/// The `data` of `PAYMENT_VERIFICATION_UPDATE`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PaymentVerification {
    /// The merchant's order id.
    #[serde(default)]
    pub order_id: Option<String>,
    /// Cashfree's payment id (a 13-digit number in the sample).
    #[serde(default)]
    pub cf_payment_id: Option<FlexString>,
    /// State of the payment.
    #[serde(default)]
    pub payment_status: Option<ImportPaymentStatus>,
    /// State of the verification.
    #[serde(default)]
    pub payment_verification_status: Option<VerificationStatus>,
    /// Deadline for the documents.
    #[serde(default)]
    pub payment_verification_expiry: Option<String>,
    /// Remarks.
    #[serde(default)]
    pub remarks: Option<String>,
    /// Every document the verification needs, with its state.
    #[serde(default)]
    pub required_details: Option<Vec<RequiredDocument>>,
}

/// One document a verification needs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RequiredDocument {
    /// The document (`invoice_number`, `hs_code`, `awb_number`, …).
    #[serde(default)]
    pub doc_name: Option<String>,
    /// Text value or file.
    #[serde(default)]
    pub doc_type: Option<DocumentType>,
    /// Its state.
    #[serde(default)]
    pub doc_status: Option<DocumentStatus>,
    /// Remarks.
    #[serde(default)]
    pub remarks: Option<String>,
}

/// `ICA_SETTLEMENT_UPDATE`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct IcaSettlementWebhook {
    /// The settlement.
    pub data: IcaSettlement,
    /// When Cashfree raised the event (as sent).
    #[serde(default)]
    pub event_time: Option<String>,
    /// `ICA_SETTLEMENT_UPDATE`.
    #[serde(rename = "type")]
    pub event_type: CollectFromIndiaEventType,
}

/// An ICA settlement. Amounts are exact and may be negative (adjustments).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct IcaSettlement {
    /// Cashfree's settlement id.
    #[serde(default)]
    pub cf_ica_settlement_id: Option<FlexString>,
    /// Adjustment carried into this settlement, INR.
    #[serde(default)]
    pub adjustment_amount_inr: Option<Amount>,
    /// Collected, INR.
    #[serde(default)]
    pub collection_amount_inr: Option<Amount>,
    /// When the settlement was initiated.
    #[serde(default)]
    pub initiated_on: Option<String>,
    /// Start of the payments window.
    #[serde(default)]
    pub payment_from: Option<String>,
    /// End of the payments window.
    #[serde(default)]
    pub payment_till: Option<String>,
    /// Service charge, INR.
    #[serde(default)]
    pub service_charge_inr: Option<Amount>,
    /// Service tax, INR.
    #[serde(default)]
    pub service_tax_inr: Option<Amount>,
    /// When it was settled.
    #[serde(default)]
    pub settled_on: Option<String>,
    /// Settled, INR.
    #[serde(default)]
    pub settlement_amount_inr: Option<Amount>,
    /// Settlement charges, INR.
    #[serde(default)]
    pub settlement_charges_inr: Option<Amount>,
    /// Tax on settlement charges, INR.
    #[serde(default)]
    pub settlement_tax_inr: Option<Amount>,
    /// The foreign-currency side.
    #[serde(default)]
    pub settlement_foreign_currency_details: Option<ForeignCurrencyDetails>,
    /// Settlement UTR.
    #[serde(default)]
    pub settlement_utr: Option<FlexString>,
    /// State of the settlement.
    #[serde(default)]
    pub status: Option<IcaSettlementStatus>,
}

/// `settlement_foreign_currency_details`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ForeignCurrencyDetails {
    /// Amount remitted in the settlement currency, exact.
    #[serde(default)]
    pub settlement_amount_fcy: Option<Amount>,
    /// Settlement currency (ISO code).
    #[serde(default)]
    pub settlement_currency: Option<String>,
    /// Exchange rate, exact decimal.
    #[serde(default)]
    pub settlement_forex_rate: Option<Amount>,
}
