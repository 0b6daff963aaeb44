//! Typed webhook events, one module per provider, and [`Event`], which holds any of them.
//!
//! Events share the enums of their API family where the values are the same (payment status,
//! payment group, offer type, dispute type and status, link status from `paygen::pg::enums`;
//! Collect from India's verification, document and settlement states from
//! `paygen::collect_from_india::enums`; Global Collections' transaction, reversal, settlement
//! and virtual-account states from `paygen::global_collections::enums`; the Payin & Payout
//! `TransactionStatus`), so the typed events of a family need its feature: `pg` for payments,
//! disputes and payment links, `international` for Collect from India and Global Collections,
//! `payin-payout` for the Payin & Payout API, `payouts` for the Cashgram (Payouts v1) events. Without it such a body is still verified and
//! identified, and parses as [`Event::Unknown`].

#[cfg(feature = "payouts")]
mod cashgram;
#[cfg(feature = "international")]
mod collect_from_india;
mod common;
#[cfg(feature = "pg")]
mod dispute;
mod event_types;
#[cfg(feature = "international")]
mod global_collections;
#[cfg(feature = "payin-payout")]
mod payin_payout;
#[cfg(feature = "pg")]
mod payment;
#[cfg(feature = "pg")]
mod payment_link;

#[cfg(feature = "payouts")]
pub use cashgram::*;
#[cfg(feature = "international")]
pub use collect_from_india::*;
pub use common::*;
#[cfg(feature = "pg")]
pub use dispute::*;
pub use event_types::*;
#[cfg(feature = "international")]
pub use global_collections::*;
#[cfg(feature = "payin-payout")]
pub use payin_payout::*;
#[cfg(feature = "pg")]
pub use payment::*;
#[cfg(feature = "pg")]
pub use payment_link::*;

use super::provider::Provider;

/// One parsed webhook. Each known event type has its own variant; everything else is
/// [`Event::Unknown`], which keeps the JSON (an unknown event is not an error).
///
/// ```
/// use paygen::webhooks::{parse, Event};
/// let w = parse(br#"{"type":"REFUND_STATUS_WEBHOOK","data":{"refund":{}}}"#, None).unwrap();
/// match w.event() {
///     Event::Unknown(u) => assert_eq!(u.name, "REFUND_STATUS_WEBHOOK"),
///     other => panic!("{other:?}"),
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Event {
    /// `PAYMENT_SUCCESS_WEBHOOK`, `PAYMENT_FAILED_WEBHOOK`, `PAYMENT_USER_DROPPED_WEBHOOK`
    /// (feature `pg`).
    #[cfg(feature = "pg")]
    Payment(Box<PaymentWebhook>),
    /// `DISPUTE_CREATED`, `DISPUTE_UPDATED`, `DISPUTE_CLOSED` (feature `pg`).
    #[cfg(feature = "pg")]
    Dispute(Box<DisputeWebhook>),
    /// `PAYMENT_LINK_EVENT` (feature `pg`).
    #[cfg(feature = "pg")]
    PaymentLink(Box<PaymentLinkWebhook>),
    /// Collect from India `PAYMENT_VERIFICATION_UPDATE` (feature `international`).
    #[cfg(feature = "international")]
    PaymentVerification(Box<PaymentVerificationWebhook>),
    /// Collect from India `ICA_SETTLEMENT_UPDATE` (feature `international`).
    #[cfg(feature = "international")]
    IcaSettlement(Box<IcaSettlementWebhook>),
    /// Global Collections transaction, reversal and settlement events (feature
    /// `international`).
    #[cfg(feature = "international")]
    GcPayment(Box<GcPaymentWebhook>),
    /// Global Collections virtual-account events (feature `international`).
    #[cfg(feature = "international")]
    GcVirtualAccounts(Box<GcVirtualAccountWebhook>),
    /// Payin & Payout API `payin.*` events (feature `payin-payout`).
    #[cfg(feature = "payin-payout")]
    Payin(Box<PayinWebhook>),
    /// Payin & Payout API `payout.*` events (feature `payin-payout`).
    #[cfg(feature = "payin-payout")]
    Payout(Box<PayoutWebhook>),
    /// Payouts v1 Cashgram events: `CASHGRAM_REDEEMED`, `CASHGRAM_TRANSFER_REVERSAL`,
    /// `CASHGRAM_EXPIRED` (feature `payouts`).
    #[cfg(feature = "payouts")]
    Cashgram(Box<CashgramWebhook>),
    /// An event this version does not know.
    Unknown(UnknownEvent),
}

impl Event {
    /// True unless this is [`Event::Unknown`].
    pub fn is_known(&self) -> bool {
        !matches!(self, Event::Unknown(_))
    }
}

/// An event this version does not know: who seems to have sent it, its name, and its JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct UnknownEvent {
    /// The provider the payload's shape points to.
    pub provider: Provider,
    /// The `type` or `event` string (empty when the body has neither).
    pub name: String,
    /// The body as JSON text (exactly as received for JSON bodies).
    pub json: String,
}

impl UnknownEvent {
    /// The JSON as a value (numbers go through `f64`; use [`UnknownEvent::json`] for the exact
    /// text).
    pub fn value(&self) -> serde_json::Value {
        serde_json::from_str(&self.json).unwrap_or(serde_json::Value::Null)
    }
}
