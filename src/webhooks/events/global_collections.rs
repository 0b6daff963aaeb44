//! Global Collections (partner) webhooks: transaction, reversal, settlement and
//! virtual-account events, with the event → status tables of the document.
//!
//! These bodies use camelCase and carry the event in `event` (not `type`). Partner webhooks
//! are signed with the partner API key in the same `x-webhook-signature` scheme as PG
//! webhooks; the `signature` field some bodies carry has no documented algorithm and is not
//! checked (see the crate's webhook docs).

use serde::{Deserialize, Serialize};

use super::event_types::GcEventType;
use crate::{Amount, FlexString};

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
pub struct GcPaymentWebhook {
    /// The event.
    pub event: GcEventType,
    /// Foreign-currency amount received, exact (a string on the wire, e.g. `"4.50"`).
    #[serde(default)]
    pub amount: Option<Amount>,
    /// ISO code of `amount`.
    #[serde(default)]
    pub currency: Option<String>,
    /// Cashfree's merchant identifier.
    #[serde(default)]
    pub cms_profile_id: Option<FlexString>,
    /// The merchant, as the partner created it.
    #[serde(default)]
    pub merchant: Option<GcMerchant>,
    /// Network the payment came over (`ACH`, `EFT`, `FPS`, `SEPA`, `SWIFT`, `FEDWIRE`).
    #[serde(default)]
    pub payment_rail: Option<String>,
    /// When the payment was initiated (`YYYY-MM-DD HH:MM:SS`).
    #[serde(default)]
    pub payment_time: Option<String>,
    /// Cashfree's transaction id (a number on the wire).
    #[serde(default)]
    pub reference_id: Option<FlexString>,
    /// Sender's remarks.
    #[serde(default)]
    pub remarks: Option<String>,
    /// Why the transaction was blocked (blocked events).
    #[serde(default)]
    pub reason: Option<String>,
    /// Sender's account.
    #[serde(default)]
    pub remitter_account: Option<FlexString>,
    /// Sender's address.
    #[serde(default)]
    pub remitter_address: Option<String>,
    /// Sender's bank BIC.
    #[serde(default)]
    pub remitter_bic: Option<String>,
    /// Sender's country.
    #[serde(default)]
    pub remitter_country: Option<String>,
    /// Sender's name.
    #[serde(default)]
    pub remitter_name: Option<String>,
    /// Sender's bank routing code.
    #[serde(default)]
    pub remitter_routing_code: Option<String>,
    /// The reversal, on reversal events.
    #[serde(default)]
    pub reversal: Option<GcReversal>,
    /// The settlement, on settlement events.
    #[serde(default)]
    pub settlement: Option<GcSettlement>,
    /// A signature carried in the body (reversal sample). Its algorithm is not documented, so
    /// it is kept but not checked.
    #[serde(default)]
    pub signature: Option<String>,
    /// State of the foreign-currency leg.
    #[serde(default)]
    pub status: Option<GcTransactionStatus>,
    /// Reference of the incoming transfer.
    #[serde(default)]
    pub utr: Option<String>,
    /// Time of the last status change.
    #[serde(default)]
    pub updated_status_time: Option<String>,
    /// Virtual account id.
    #[serde(default)]
    pub v_account_id: Option<FlexString>,
    /// Virtual account number credited.
    #[serde(default)]
    pub v_account_number: Option<String>,
}

impl GcPaymentWebhook {
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
pub struct GcMerchant {
    /// The merchant id the partner gave at creation.
    #[serde(default)]
    pub merchant_id: Option<String>,
}

/// `reversal`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct GcReversal {
    /// Why the money is returned.
    #[serde(default)]
    pub reason: Option<String>,
    /// State of the reversal.
    #[serde(default)]
    pub status: Option<GcReversalStatus>,
}

/// `settlement`: one of possibly several settlements of a payment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct GcSettlement {
    /// Settlement id.
    #[serde(default)]
    pub id: Option<String>,
    /// Expected date (`YYYY-MM-DD`).
    #[serde(default)]
    pub expected_settlement_date: Option<String>,
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
    #[serde(default, alias = "firafileDownloadUrl")]
    pub fira_file_download_url: Option<String>,
    /// State of the settlement.
    #[serde(default)]
    pub status: Option<GcSettlementStatus>,
}

/// A virtual-account webhook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct GcVirtualAccountWebhook {
    /// The event.
    pub event: GcEventType,
    /// Cashfree's merchant identifier.
    #[serde(default)]
    pub cms_profile_id: Option<FlexString>,
    /// The merchant.
    #[serde(default)]
    pub merchant: Option<GcMerchant>,
    /// A signature carried in the body; not documented, not checked.
    #[serde(default)]
    pub signature: Option<String>,
    /// The accounts.
    #[serde(default)]
    pub v_accounts: Option<Vec<GcVirtualAccount>>,
}

/// One collection (virtual) account.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct GcVirtualAccount {
    /// Account name.
    #[serde(default)]
    pub account_name: Option<String>,
    /// Account number (IBAN, …).
    #[serde(default)]
    pub account_number: Option<String>,
    /// Kind of number (`iban`, …).
    #[serde(default)]
    pub account_type: Option<String>,
    /// Transfer type it takes (`priority`, …).
    #[serde(default)]
    pub payment_type: Option<String>,
    /// Bank.
    #[serde(default)]
    pub bank_name: Option<String>,
    /// Bank address.
    #[serde(default)]
    pub bank_address: Option<String>,
    /// Bank country.
    #[serde(default)]
    pub bank_country: Option<String>,
    /// Currency.
    #[serde(default)]
    pub currency: Option<String>,
    /// Routing code.
    #[serde(default)]
    pub routing_code: Option<String>,
    /// Kind of routing code (`bic_swift`, …).
    #[serde(default)]
    pub routing_code_type: Option<String>,
    /// When it was added.
    #[serde(default)]
    pub added_on: Option<String>,
    /// Virtual account id.
    #[serde(default, rename = "vaccountId")]
    pub vaccount_id: Option<FlexString>,
}
