//! Collect from India webhooks: `PAYMENT_VERIFICATION_UPDATE` (version 2025-01-01) and
//! `ICA_SETTLEMENT_UPDATE` (version 1, 2022-09-01). Signed like the PG webhooks.

use std::borrow::Cow;

use crate::webhooks::de;
use serde::{Deserialize, Serialize};

use super::owned;

use super::event_types::CollectFromIndiaEventType;
use crate::Amount;

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
pub struct PaymentVerificationWebhook<'a> {
    /// The payment and the documents it needs.
    #[serde(borrow)]
    pub data: PaymentVerification<'a>,
    /// When Cashfree raised the event (as sent).
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub event_time: Option<Cow<'a, str>>,
    /// `PAYMENT_VERIFICATION_UPDATE`.
    #[serde(rename = "type")]
    pub event_type: CollectFromIndiaEventType,
}

impl PaymentVerificationWebhook<'_> {
    /// The same value owning all its text, so it no longer borrows the webhook body.
    pub fn into_owned(self) -> PaymentVerificationWebhook<'static> {
        PaymentVerificationWebhook {
            data: self.data.into_owned(),
            event_time: self.event_time.map(owned),
            event_type: self.event_type,
        }
    }
}

/// The `data` of `PAYMENT_VERIFICATION_UPDATE`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PaymentVerification<'a> {
    /// The merchant's order id.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub order_id: Option<Cow<'a, str>>,
    /// Cashfree's payment id (a 13-digit number in the sample).
    #[serde(default, borrow, deserialize_with = "de::opt_flex")]
    pub cf_payment_id: Option<Cow<'a, str>>,
    /// State of the payment.
    #[serde(default)]
    pub payment_status: Option<ImportPaymentStatus>,
    /// State of the verification.
    #[serde(default)]
    pub payment_verification_status: Option<VerificationStatus>,
    /// Deadline for the documents.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub payment_verification_expiry: Option<Cow<'a, str>>,
    /// Remarks.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub remarks: Option<Cow<'a, str>>,
    /// Every document the verification needs, with its state.
    #[serde(default, borrow)]
    pub required_details: Option<Vec<RequiredDocument<'a>>>,
}

impl PaymentVerification<'_> {
    /// The same value owning all its text, so it no longer borrows the webhook body.
    pub fn into_owned(self) -> PaymentVerification<'static> {
        PaymentVerification {
            order_id: self.order_id.map(owned),
            cf_payment_id: self.cf_payment_id.map(owned),
            payment_status: self.payment_status,
            payment_verification_status: self.payment_verification_status,
            payment_verification_expiry: self.payment_verification_expiry.map(owned),
            remarks: self.remarks.map(owned),
            required_details: self
                .required_details
                .map(|v| v.into_iter().map(RequiredDocument::into_owned).collect()),
        }
    }
}

/// One document a verification needs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RequiredDocument<'a> {
    /// The document (`invoice_number`, `hs_code`, `awb_number`, …).
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub doc_name: Option<Cow<'a, str>>,
    /// Text value or file.
    #[serde(default)]
    pub doc_type: Option<DocumentType>,
    /// Its state.
    #[serde(default)]
    pub doc_status: Option<DocumentStatus>,
    /// Remarks.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub remarks: Option<Cow<'a, str>>,
}

impl RequiredDocument<'_> {
    /// The same value owning all its text, so it no longer borrows the webhook body.
    pub fn into_owned(self) -> RequiredDocument<'static> {
        RequiredDocument {
            doc_name: self.doc_name.map(owned),
            doc_type: self.doc_type,
            doc_status: self.doc_status,
            remarks: self.remarks.map(owned),
        }
    }
}

/// `ICA_SETTLEMENT_UPDATE`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct IcaSettlementWebhook<'a> {
    /// The settlement.
    #[serde(borrow)]
    pub data: IcaSettlement<'a>,
    /// When Cashfree raised the event (as sent).
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub event_time: Option<Cow<'a, str>>,
    /// `ICA_SETTLEMENT_UPDATE`.
    #[serde(rename = "type")]
    pub event_type: CollectFromIndiaEventType,
}

impl IcaSettlementWebhook<'_> {
    /// The same value owning all its text, so it no longer borrows the webhook body.
    pub fn into_owned(self) -> IcaSettlementWebhook<'static> {
        IcaSettlementWebhook {
            data: self.data.into_owned(),
            event_time: self.event_time.map(owned),
            event_type: self.event_type,
        }
    }
}

/// An ICA settlement. Amounts are exact and may be negative (adjustments).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct IcaSettlement<'a> {
    /// Cashfree's settlement id.
    #[serde(default, borrow, deserialize_with = "de::opt_flex")]
    pub cf_ica_settlement_id: Option<Cow<'a, str>>,
    /// Adjustment carried into this settlement, INR.
    #[serde(default)]
    pub adjustment_amount_inr: Option<Amount>,
    /// Collected, INR.
    #[serde(default)]
    pub collection_amount_inr: Option<Amount>,
    /// When the settlement was initiated.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub initiated_on: Option<Cow<'a, str>>,
    /// Start of the payments window.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub payment_from: Option<Cow<'a, str>>,
    /// End of the payments window.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub payment_till: Option<Cow<'a, str>>,
    /// Service charge, INR.
    #[serde(default)]
    pub service_charge_inr: Option<Amount>,
    /// Service tax, INR.
    #[serde(default)]
    pub service_tax_inr: Option<Amount>,
    /// When it was settled.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub settled_on: Option<Cow<'a, str>>,
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
    #[serde(default, borrow)]
    pub settlement_foreign_currency_details: Option<ForeignCurrencyDetails<'a>>,
    /// Settlement UTR.
    #[serde(default, borrow, deserialize_with = "de::opt_flex")]
    pub settlement_utr: Option<Cow<'a, str>>,
    /// State of the settlement.
    #[serde(default)]
    pub status: Option<IcaSettlementStatus>,
}

impl IcaSettlement<'_> {
    /// The same value owning all its text, so it no longer borrows the webhook body.
    pub fn into_owned(self) -> IcaSettlement<'static> {
        IcaSettlement {
            cf_ica_settlement_id: self.cf_ica_settlement_id.map(owned),
            adjustment_amount_inr: self.adjustment_amount_inr,
            collection_amount_inr: self.collection_amount_inr,
            initiated_on: self.initiated_on.map(owned),
            payment_from: self.payment_from.map(owned),
            payment_till: self.payment_till.map(owned),
            service_charge_inr: self.service_charge_inr,
            service_tax_inr: self.service_tax_inr,
            settled_on: self.settled_on.map(owned),
            settlement_amount_inr: self.settlement_amount_inr,
            settlement_charges_inr: self.settlement_charges_inr,
            settlement_tax_inr: self.settlement_tax_inr,
            settlement_foreign_currency_details: self
                .settlement_foreign_currency_details
                .map(ForeignCurrencyDetails::into_owned),
            settlement_utr: self.settlement_utr.map(owned),
            status: self.status,
        }
    }
}

/// `settlement_foreign_currency_details`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ForeignCurrencyDetails<'a> {
    /// Amount remitted in the settlement currency, exact.
    #[serde(default)]
    pub settlement_amount_fcy: Option<Amount>,
    /// Settlement currency (ISO code).
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub settlement_currency: Option<Cow<'a, str>>,
    /// Exchange rate, exact decimal.
    #[serde(default)]
    pub settlement_forex_rate: Option<Amount>,
}

impl ForeignCurrencyDetails<'_> {
    /// The same value owning all its text, so it no longer borrows the webhook body.
    pub fn into_owned(self) -> ForeignCurrencyDetails<'static> {
        ForeignCurrencyDetails {
            settlement_amount_fcy: self.settlement_amount_fcy,
            settlement_currency: self.settlement_currency.map(owned),
            settlement_forex_rate: self.settlement_forex_rate,
        }
    }
}
