//! Payin & Payout API webhooks (document 004): `payin.initiated`, `payin.succeeded`,
//! `payin.failed`, `payout.succeeded`, `payout.failed`.
//!
//! The document describes no signature or other authentication for these deliveries: treat
//! one as a hint and confirm the state with `get_payin_status` / `get_payout_status` before
//! acting on it.

use serde::{Deserialize, Serialize};

use super::event_types::PayinPayoutEventType;
use crate::{Amount, FlexString};

/// `status` of a payin or payout: the API's own `TransactionStatus`
/// (`paygen::payin_payout::enums`; Initiated, Pending, Approved, Rejected), the same type a
/// status call returns.
pub use crate::payin_payout::enums::TransactionStatus as PayinPayoutStatus;

/// A `payin.*` webhook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PayinWebhook {
    /// The event.
    pub event: PayinPayoutEventType,
    /// The payin.
    pub data: Payin,
}

/// A payin as its webhooks send it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Payin {
    /// The merchant's user id.
    #[serde(default)]
    pub user_id: Option<String>,
    /// The merchant's order id.
    #[serde(default)]
    pub order_id: Option<String>,
    /// Payment reference (UTR); `null` until paid.
    #[serde(default)]
    pub transaction_id: Option<FlexString>,
    /// Amount received, exact.
    #[serde(default)]
    pub amount: Option<Amount>,
    /// Amount requested, exact.
    #[serde(default)]
    pub request_amount: Option<Amount>,
    /// Method (`UPI`).
    #[serde(default)]
    pub method: Option<String>,
    /// The provider's note.
    #[serde(default)]
    pub comments: Option<String>,
    /// State.
    #[serde(default)]
    pub status: Option<PayinPayoutStatus>,
    /// When processed (`YYYY-MM-DD HH:MM:SS`).
    #[serde(default)]
    pub time_of_processing: Option<String>,
    /// Created (UTC).
    #[serde(default)]
    pub created_at: Option<String>,
    /// Updated (UTC).
    #[serde(default)]
    pub updated_at: Option<String>,
    /// Receiving VPA; may be `null`.
    #[serde(default)]
    pub bank_upi: Option<String>,
    /// Receiving bank or account name; may be `null`.
    #[serde(default)]
    pub bank_name: Option<String>,
}

/// A `payout.*` webhook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PayoutWebhook {
    /// The event.
    pub event: PayinPayoutEventType,
    /// The payout.
    pub data: Payout,
}

/// A payout as its webhooks send it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Payout {
    /// Bank reference (UTR).
    #[serde(default)]
    pub transaction_id: Option<FlexString>,
    /// Amount transferred, exact.
    #[serde(default)]
    pub amount: Option<Amount>,
    /// Fee, exact.
    #[serde(default)]
    pub charge: Option<Amount>,
    /// Beneficiary name.
    #[serde(default)]
    pub beneficiary_name: Option<String>,
    /// Beneficiary address.
    #[serde(default)]
    pub beneficiary_address: Option<String>,
    /// Beneficiary email.
    #[serde(default)]
    pub beneficiary_email: Option<String>,
    /// Beneficiary mobile (text or number on the wire).
    #[serde(default)]
    pub beneficiary_mobile_no: Option<FlexString>,
    /// `IMPS`, …
    #[serde(default)]
    pub payment_method: Option<String>,
    /// Beneficiary account number.
    #[serde(default)]
    pub beneficiary_acc_no: Option<FlexString>,
    /// Beneficiary IFSC.
    #[serde(default)]
    pub ifsc: Option<String>,
    /// Beneficiary bank.
    #[serde(default)]
    pub bank_name: Option<String>,
    /// Beneficiary VPA, when any.
    #[serde(default)]
    pub vpa: Option<String>,
    /// Remarks given with the payout.
    #[serde(default)]
    pub remarks: Option<String>,
    /// The merchant's order id.
    #[serde(default)]
    pub order_id: Option<String>,
    /// The merchant's user id.
    #[serde(default)]
    pub user_id: Option<String>,
    /// State.
    #[serde(default)]
    pub status: Option<PayinPayoutStatus>,
    /// Created (UTC).
    #[serde(default)]
    pub created_at: Option<String>,
    /// Updated (UTC).
    #[serde(default)]
    pub updated_at: Option<String>,
    /// The provider's note.
    #[serde(default)]
    pub message: Option<String>,
}
