//! Global Collections (partner) webhooks: transaction, reversal, settlement and
//! virtual-account events, with the event → status tables of the document.
//!
//! These bodies use camelCase and carry the event in `event` (not `type`). Partner webhooks
//! are signed with the partner API key in the same `x-webhook-signature` scheme as PG
//! webhooks; the `signature` field some bodies carry has no documented algorithm and is not
//! checked (see the crate's webhook docs).

use std::borrow::Cow;

use crate::webhooks::de;
use serde::{Deserialize, Serialize};

use super::owned;

use super::event_types::GcEventType;
use crate::Amount;

/// The statuses in Global Collections bodies are the API's own enums
/// (`paygen::global_collections::enums`, the same values as the spec's): one type whether it came
/// from a webhook or from Get Transactions. The event names ([`GcEventType`]) stay the webhook
/// module's own: telling who sent a body needs them without the `international` feature, and the
/// spec's `GcWebhookEvent` lists one more (`INTERNATIONAL_AMOUNT_COLLECTED`, only an example
/// value in the document).
pub use crate::global_collections::enums::{
    GcReversalStatus, GcSettlementStatus, GcTransactionStatus, GcVirtualAccountStatus,
};

/// Which table an event belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum GcEventKind {
    /// "Global Collect Transaction": received, blocked, awaiting details.
    Transaction,
    /// Reversals of a transaction.
    Reversal,
    /// "Global Collect Settlement".
    Settlement,
    /// "Global Collect Virtual Account".
    VirtualAccount,
}

/// What the document's tables say an event means for the statuses in its body.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct GcDocumentedStatus {
    /// The table the event is in.
    pub kind: GcEventKind,
    /// `status` of the transaction, where the table gives one.
    pub transaction: Option<GcTransactionStatus>,
    /// `reversal.status`, for reversal events.
    pub reversal: Option<GcReversalStatus>,
    /// `settlement.status`, for settlement events.
    pub settlement: Option<GcSettlementStatus>,
    /// The virtual accounts' state(s), for virtual-account events (`VIRTUAL_ACCOUNTS_CREATED`
    /// can be either).
    pub virtual_account: Vec<GcVirtualAccountStatus>,
}

impl GcEventType {
    /// The event's row in the document's event → status tables; `None` for unknown events.
    ///
    /// ```
    /// use paygen::webhooks::{GcEventType, GcSettlementStatus};
    /// let d = GcEventType::SettlementApproved.documented_status().unwrap();
    /// assert_eq!(d.settlement, Some(GcSettlementStatus::Settled));
    /// ```
    pub fn documented_status(&self) -> Option<GcDocumentedStatus> {
        use GcEventKind as K;
        use GcTransactionStatus as T;
        let row = |kind, transaction, reversal, settlement, virtual_account| GcDocumentedStatus {
            kind,
            transaction,
            reversal,
            settlement,
            virtual_account,
        };
        Some(match self {
            GcEventType::PaymentCollected => {
                row(K::Transaction, Some(T::Completed), None, None, vec![])
            }
            GcEventType::PaymentBlocked => {
                row(K::Transaction, Some(T::Blocked), None, None, vec![])
            }
            GcEventType::PaymentAwaitingDetails => {
                row(K::Transaction, Some(T::Completed), None, None, vec![])
            }
            GcEventType::ReversalInitiated => row(
                K::Reversal,
                Some(T::ReversalInitiated),
                Some(GcReversalStatus::Initiated),
                None,
                vec![],
            ),
            GcEventType::ReversalDone => row(
                K::Reversal,
                Some(T::ReversalDone),
                Some(GcReversalStatus::Done),
                None,
                vec![],
            ),
            GcEventType::SettlementInitiated => row(
                K::Settlement,
                None,
                None,
                Some(GcSettlementStatus::Initiated),
                vec![],
            ),
            GcEventType::SettlementApproved | GcEventType::FiraFileReceived => row(
                K::Settlement,
                None,
                None,
                Some(GcSettlementStatus::Settled),
                vec![],
            ),
            GcEventType::SettlementRejected => row(
                K::Settlement,
                None,
                None,
                Some(GcSettlementStatus::Rejected),
                vec![],
            ),
            GcEventType::VirtualAccountsActivated | GcEventType::VirtualAccountDetails => row(
                K::VirtualAccount,
                None,
                None,
                None,
                vec![GcVirtualAccountStatus::Active],
            ),
            GcEventType::VirtualAccountsCreated => row(
                K::VirtualAccount,
                None,
                None,
                None,
                vec![
                    GcVirtualAccountStatus::Inactive,
                    GcVirtualAccountStatus::Active,
                ],
            ),
            GcEventType::Unknown(_) => return None,
        })
    }

    /// The table the event is in; `None` for unknown events.
    pub fn kind(&self) -> Option<GcEventKind> {
        self.documented_status().map(|d| d.kind)
    }
}

/// A transaction, reversal or settlement webhook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct GcPaymentWebhook<'a> {
    /// The event.
    pub event: GcEventType,
    /// Foreign-currency amount received, exact (a string on the wire, e.g. `"4.50"`).
    #[serde(default)]
    pub amount: Option<Amount>,
    /// ISO code of `amount`.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub currency: Option<Cow<'a, str>>,
    /// Cashfree's merchant identifier.
    #[serde(default, borrow, deserialize_with = "de::opt_flex")]
    pub cms_profile_id: Option<Cow<'a, str>>,
    /// The merchant, as the partner created it.
    #[serde(default, borrow)]
    pub merchant: Option<GcMerchant<'a>>,
    /// Network the payment came over (`ACH`, `EFT`, `FPS`, `SEPA`, `SWIFT`, `FEDWIRE`).
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub payment_rail: Option<Cow<'a, str>>,
    /// When the payment was initiated (`YYYY-MM-DD HH:MM:SS`).
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub payment_time: Option<Cow<'a, str>>,
    /// Cashfree's transaction id (a number on the wire).
    #[serde(default, borrow, deserialize_with = "de::opt_flex")]
    pub reference_id: Option<Cow<'a, str>>,
    /// Sender's remarks.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub remarks: Option<Cow<'a, str>>,
    /// Why the transaction was blocked (blocked events).
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub reason: Option<Cow<'a, str>>,
    /// Sender's account.
    #[serde(default, borrow, deserialize_with = "de::opt_flex")]
    pub remitter_account: Option<Cow<'a, str>>,
    /// Sender's address.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub remitter_address: Option<Cow<'a, str>>,
    /// Sender's bank BIC.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub remitter_bic: Option<Cow<'a, str>>,
    /// Sender's country.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub remitter_country: Option<Cow<'a, str>>,
    /// Sender's name.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub remitter_name: Option<Cow<'a, str>>,
    /// Sender's bank routing code.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub remitter_routing_code: Option<Cow<'a, str>>,
    /// The reversal, on reversal events.
    #[serde(default, borrow)]
    pub reversal: Option<GcReversal<'a>>,
    /// The settlement, on settlement events.
    #[serde(default, borrow)]
    pub settlement: Option<GcSettlement<'a>>,
    /// A signature carried in the body (reversal sample). Its algorithm is not documented, so
    /// it is kept but not checked.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub signature: Option<Cow<'a, str>>,
    /// State of the foreign-currency leg.
    #[serde(default)]
    pub status: Option<GcTransactionStatus>,
    /// Reference of the incoming transfer.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub utr: Option<Cow<'a, str>>,
    /// Time of the last status change.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub updated_status_time: Option<Cow<'a, str>>,
    /// Virtual account id.
    #[serde(default, borrow, deserialize_with = "de::opt_flex")]
    pub v_account_id: Option<Cow<'a, str>>,
    /// Virtual account number credited.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub v_account_number: Option<Cow<'a, str>>,
}

impl GcPaymentWebhook<'_> {
    /// The same value owning all its text, so it no longer borrows the webhook body.
    pub fn into_owned(self) -> GcPaymentWebhook<'static> {
        GcPaymentWebhook {
            event: self.event,
            amount: self.amount,
            currency: self.currency.map(owned),
            cms_profile_id: self.cms_profile_id.map(owned),
            merchant: self.merchant.map(GcMerchant::into_owned),
            payment_rail: self.payment_rail.map(owned),
            payment_time: self.payment_time.map(owned),
            reference_id: self.reference_id.map(owned),
            remarks: self.remarks.map(owned),
            reason: self.reason.map(owned),
            remitter_account: self.remitter_account.map(owned),
            remitter_address: self.remitter_address.map(owned),
            remitter_bic: self.remitter_bic.map(owned),
            remitter_country: self.remitter_country.map(owned),
            remitter_name: self.remitter_name.map(owned),
            remitter_routing_code: self.remitter_routing_code.map(owned),
            reversal: self.reversal.map(GcReversal::into_owned),
            settlement: self.settlement.map(GcSettlement::into_owned),
            signature: self.signature.map(owned),
            status: self.status,
            utr: self.utr.map(owned),
            updated_status_time: self.updated_status_time.map(owned),
            v_account_id: self.v_account_id.map(owned),
            v_account_number: self.v_account_number.map(owned),
        }
    }
}

impl GcPaymentWebhook<'_> {
    /// True when the statuses in the body are the ones the document's table gives for the event
    /// (checks only the statuses the table names). `None` for unknown events.
    pub fn matches_documented_status(&self) -> Option<bool> {
        let d = self.event.documented_status()?;
        let transaction_ok = d.transaction.is_none() || d.transaction == self.status;
        let reversal_ok = d.reversal.is_none()
            || d.reversal == self.reversal.as_ref().and_then(|r| r.status.clone());
        let settlement_ok = d.settlement.is_none()
            || d.settlement == self.settlement.as_ref().and_then(|s| s.status.clone());
        Some(transaction_ok && reversal_ok && settlement_ok)
    }
}

/// `merchant`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct GcMerchant<'a> {
    /// The merchant id the partner gave at creation.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub merchant_id: Option<Cow<'a, str>>,
}

impl GcMerchant<'_> {
    /// The same value owning all its text, so it no longer borrows the webhook body.
    pub fn into_owned(self) -> GcMerchant<'static> {
        GcMerchant {
            merchant_id: self.merchant_id.map(owned),
        }
    }
}

/// `reversal`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct GcReversal<'a> {
    /// Why the money is returned.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub reason: Option<Cow<'a, str>>,
    /// State of the reversal.
    #[serde(default)]
    pub status: Option<GcReversalStatus>,
}

impl GcReversal<'_> {
    /// The same value owning all its text, so it no longer borrows the webhook body.
    pub fn into_owned(self) -> GcReversal<'static> {
        GcReversal {
            reason: self.reason.map(owned),
            status: self.status,
        }
    }
}

/// `settlement`: one of possibly several settlements of a payment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct GcSettlement<'a> {
    /// Settlement id.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub id: Option<Cow<'a, str>>,
    /// Expected date (`YYYY-MM-DD`).
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub expected_settlement_date: Option<Cow<'a, str>>,
    /// Exchange rate to INR, exact decimal.
    #[serde(default)]
    pub fx_rate: Option<Amount>,
    /// Amount settled, INR, exact.
    #[serde(default)]
    pub inr_amount: Option<Amount>,
    /// Partner's commission after fees, exact.
    #[serde(default)]
    pub net_partner_commission: Option<Amount>,
    /// Settlement fee, exact.
    #[serde(default)]
    pub settlement_charge: Option<Amount>,
    /// Tax on the fee, exact.
    #[serde(default)]
    pub settlement_charge_tax: Option<Amount>,
    /// FIRA download link once available (`firaFileDownloadUrl` in the text,
    /// `firafileDownloadUrl` in the table; both read).
    #[serde(
        default,
        alias = "firafileDownloadUrl",
        borrow,
        deserialize_with = "de::opt_text"
    )]
    pub fira_file_download_url: Option<Cow<'a, str>>,
    /// State of the settlement.
    #[serde(default)]
    pub status: Option<GcSettlementStatus>,
}

impl GcSettlement<'_> {
    /// The same value owning all its text, so it no longer borrows the webhook body.
    pub fn into_owned(self) -> GcSettlement<'static> {
        GcSettlement {
            id: self.id.map(owned),
            expected_settlement_date: self.expected_settlement_date.map(owned),
            fx_rate: self.fx_rate,
            inr_amount: self.inr_amount,
            net_partner_commission: self.net_partner_commission,
            settlement_charge: self.settlement_charge,
            settlement_charge_tax: self.settlement_charge_tax,
            fira_file_download_url: self.fira_file_download_url.map(owned),
            status: self.status,
        }
    }
}

/// A virtual-account webhook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct GcVirtualAccountWebhook<'a> {
    /// The event.
    pub event: GcEventType,
    /// Cashfree's merchant identifier.
    #[serde(default, borrow, deserialize_with = "de::opt_flex")]
    pub cms_profile_id: Option<Cow<'a, str>>,
    /// The merchant.
    #[serde(default, borrow)]
    pub merchant: Option<GcMerchant<'a>>,
    /// A signature carried in the body; not documented, not checked.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub signature: Option<Cow<'a, str>>,
    /// The accounts.
    #[serde(default, borrow)]
    pub v_accounts: Option<Vec<GcVirtualAccount<'a>>>,
}

impl GcVirtualAccountWebhook<'_> {
    /// The same value owning all its text, so it no longer borrows the webhook body.
    pub fn into_owned(self) -> GcVirtualAccountWebhook<'static> {
        GcVirtualAccountWebhook {
            event: self.event,
            cms_profile_id: self.cms_profile_id.map(owned),
            merchant: self.merchant.map(GcMerchant::into_owned),
            signature: self.signature.map(owned),
            v_accounts: self
                .v_accounts
                .map(|v| v.into_iter().map(GcVirtualAccount::into_owned).collect()),
        }
    }
}

/// One collection (virtual) account.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct GcVirtualAccount<'a> {
    /// Account name.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub account_name: Option<Cow<'a, str>>,
    /// Account number (IBAN, …).
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub account_number: Option<Cow<'a, str>>,
    /// Kind of number (`iban`, …).
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub account_type: Option<Cow<'a, str>>,
    /// Transfer type it takes (`priority`, …).
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub payment_type: Option<Cow<'a, str>>,
    /// Bank.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub bank_name: Option<Cow<'a, str>>,
    /// Bank address.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub bank_address: Option<Cow<'a, str>>,
    /// Bank country.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub bank_country: Option<Cow<'a, str>>,
    /// Currency.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub currency: Option<Cow<'a, str>>,
    /// Routing code.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub routing_code: Option<Cow<'a, str>>,
    /// Kind of routing code (`bic_swift`, …).
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub routing_code_type: Option<Cow<'a, str>>,
    /// When it was added.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub added_on: Option<Cow<'a, str>>,
    /// Virtual account id.
    #[serde(
        default,
        rename = "vaccountId",
        borrow,
        deserialize_with = "de::opt_flex"
    )]
    pub vaccount_id: Option<Cow<'a, str>>,
}

impl GcVirtualAccount<'_> {
    /// The same value owning all its text, so it no longer borrows the webhook body.
    pub fn into_owned(self) -> GcVirtualAccount<'static> {
        GcVirtualAccount {
            account_name: self.account_name.map(owned),
            account_number: self.account_number.map(owned),
            account_type: self.account_type.map(owned),
            payment_type: self.payment_type.map(owned),
            bank_name: self.bank_name.map(owned),
            bank_address: self.bank_address.map(owned),
            bank_country: self.bank_country.map(owned),
            currency: self.currency.map(owned),
            routing_code: self.routing_code.map(owned),
            routing_code_type: self.routing_code_type.map(owned),
            added_on: self.added_on.map(owned),
            vaccount_id: self.vaccount_id.map(owned),
        }
    }
}
