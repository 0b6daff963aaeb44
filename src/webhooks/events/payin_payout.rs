//! Payin & Payout API webhooks (document 004): `payin.initiated`, `payin.succeeded`,
//! `payin.failed`, `payout.succeeded`, `payout.failed`.
//!
//! The document describes no signature or other authentication for these deliveries: treat
//! one as a hint and confirm the state with `get_payin_status` / `get_payout_status` before
//! acting on it.

use std::borrow::Cow;

use crate::webhooks::de;
use serde::{Deserialize, Serialize};

use super::owned;

use super::event_types::PayinPayoutEventType;
use crate::Amount;

/// `status` of a payin or payout: the API's own `TransactionStatus`
/// (`paygen::payin_payout::enums`; Initiated, Pending, Approved, Rejected), the same type a
/// status call returns.
pub use crate::payin_payout::enums::TransactionStatus as PayinPayoutStatus;

/// A `payin.*` webhook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PayinWebhook<'a> {
    /// The event.
    pub event: PayinPayoutEventType,
    /// The payin.
    #[serde(borrow)]
    pub data: Payin<'a>,
}

impl PayinWebhook<'_> {
    /// The same value owning all its text, so it no longer borrows the webhook body.
    pub fn into_owned(self) -> PayinWebhook<'static> {
        PayinWebhook {
            event: self.event,
            data: self.data.into_owned(),
        }
    }
}

/// A payin as its webhooks send it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Payin<'a> {
    /// The merchant's user id.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub user_id: Option<Cow<'a, str>>,
    /// The merchant's order id.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub order_id: Option<Cow<'a, str>>,
    /// Payment reference (UTR); `null` until paid.
    #[serde(default, borrow, deserialize_with = "de::opt_flex")]
    pub transaction_id: Option<Cow<'a, str>>,
    /// Amount received, exact.
    #[serde(default)]
    pub amount: Option<Amount>,
    /// Amount requested, exact.
    #[serde(default)]
    pub request_amount: Option<Amount>,
    /// Method (`UPI`).
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub method: Option<Cow<'a, str>>,
    /// The provider's note.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub comments: Option<Cow<'a, str>>,
    /// State.
    #[serde(default)]
    pub status: Option<PayinPayoutStatus>,
    /// When processed (`YYYY-MM-DD HH:MM:SS`).
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub time_of_processing: Option<Cow<'a, str>>,
    /// Created (UTC).
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub created_at: Option<Cow<'a, str>>,
    /// Updated (UTC).
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub updated_at: Option<Cow<'a, str>>,
    /// Receiving VPA; may be `null`.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub bank_upi: Option<Cow<'a, str>>,
    /// Receiving bank or account name; may be `null`.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub bank_name: Option<Cow<'a, str>>,
}

impl Payin<'_> {
    /// The same value owning all its text, so it no longer borrows the webhook body.
    pub fn into_owned(self) -> Payin<'static> {
        Payin {
            user_id: self.user_id.map(owned),
            order_id: self.order_id.map(owned),
            transaction_id: self.transaction_id.map(owned),
            amount: self.amount,
            request_amount: self.request_amount,
            method: self.method.map(owned),
            comments: self.comments.map(owned),
            status: self.status,
            time_of_processing: self.time_of_processing.map(owned),
            created_at: self.created_at.map(owned),
            updated_at: self.updated_at.map(owned),
            bank_upi: self.bank_upi.map(owned),
            bank_name: self.bank_name.map(owned),
        }
    }
}

/// A `payout.*` webhook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PayoutWebhook<'a> {
    /// The event.
    pub event: PayinPayoutEventType,
    /// The payout.
    #[serde(borrow)]
    pub data: Payout<'a>,
}

impl PayoutWebhook<'_> {
    /// The same value owning all its text, so it no longer borrows the webhook body.
    pub fn into_owned(self) -> PayoutWebhook<'static> {
        PayoutWebhook {
            event: self.event,
            data: self.data.into_owned(),
        }
    }
}

/// A payout as its webhooks send it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Payout<'a> {
    /// Bank reference (UTR).
    #[serde(default, borrow, deserialize_with = "de::opt_flex")]
    pub transaction_id: Option<Cow<'a, str>>,
    /// Amount transferred, exact.
    #[serde(default)]
    pub amount: Option<Amount>,
    /// Fee, exact.
    #[serde(default)]
    pub charge: Option<Amount>,
    /// Beneficiary name.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub beneficiary_name: Option<Cow<'a, str>>,
    /// Beneficiary address.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub beneficiary_address: Option<Cow<'a, str>>,
    /// Beneficiary email.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub beneficiary_email: Option<Cow<'a, str>>,
    /// Beneficiary mobile (text or number on the wire).
    #[serde(default, borrow, deserialize_with = "de::opt_flex")]
    pub beneficiary_mobile_no: Option<Cow<'a, str>>,
    /// `IMPS`, …
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub payment_method: Option<Cow<'a, str>>,
    /// Beneficiary account number.
    #[serde(default, borrow, deserialize_with = "de::opt_flex")]
    pub beneficiary_acc_no: Option<Cow<'a, str>>,
    /// Beneficiary IFSC.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub ifsc: Option<Cow<'a, str>>,
    /// Beneficiary bank.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub bank_name: Option<Cow<'a, str>>,
    /// Beneficiary VPA, when any.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub vpa: Option<Cow<'a, str>>,
    /// Remarks given with the payout.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub remarks: Option<Cow<'a, str>>,
    /// The merchant's order id.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub order_id: Option<Cow<'a, str>>,
    /// The merchant's user id.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub user_id: Option<Cow<'a, str>>,
    /// State.
    #[serde(default)]
    pub status: Option<PayinPayoutStatus>,
    /// Created (UTC).
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub created_at: Option<Cow<'a, str>>,
    /// Updated (UTC).
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub updated_at: Option<Cow<'a, str>>,
    /// The provider's note.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub message: Option<Cow<'a, str>>,
}

impl Payout<'_> {
    /// The same value owning all its text, so it no longer borrows the webhook body.
    pub fn into_owned(self) -> Payout<'static> {
        Payout {
            transaction_id: self.transaction_id.map(owned),
            amount: self.amount,
            charge: self.charge,
            beneficiary_name: self.beneficiary_name.map(owned),
            beneficiary_address: self.beneficiary_address.map(owned),
            beneficiary_email: self.beneficiary_email.map(owned),
            beneficiary_mobile_no: self.beneficiary_mobile_no.map(owned),
            payment_method: self.payment_method.map(owned),
            beneficiary_acc_no: self.beneficiary_acc_no.map(owned),
            ifsc: self.ifsc.map(owned),
            bank_name: self.bank_name.map(owned),
            vpa: self.vpa.map(owned),
            remarks: self.remarks.map(owned),
            order_id: self.order_id.map(owned),
            user_id: self.user_id.map(owned),
            status: self.status,
            created_at: self.created_at.map(owned),
            updated_at: self.updated_at.map(owned),
            message: self.message.map(owned),
        }
    }
}
