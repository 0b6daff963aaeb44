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

use std::borrow::Cow;

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
pub enum Event<'a> {
    /// `PAYMENT_SUCCESS_WEBHOOK`, `PAYMENT_FAILED_WEBHOOK`, `PAYMENT_USER_DROPPED_WEBHOOK`
    /// (feature `pg`).
    #[cfg(feature = "pg")]
    Payment(Box<PaymentWebhook<'a>>),
    /// `DISPUTE_CREATED`, `DISPUTE_UPDATED`, `DISPUTE_CLOSED` (feature `pg`).
    #[cfg(feature = "pg")]
    Dispute(Box<DisputeWebhook<'a>>),
    /// `PAYMENT_LINK_EVENT` (feature `pg`).
    #[cfg(feature = "pg")]
    PaymentLink(Box<PaymentLinkWebhook<'a>>),
    /// Collect from India `PAYMENT_VERIFICATION_UPDATE` (feature `international`).
    #[cfg(feature = "international")]
    PaymentVerification(Box<PaymentVerificationWebhook<'a>>),
    /// Collect from India `ICA_SETTLEMENT_UPDATE` (feature `international`).
    #[cfg(feature = "international")]
    IcaSettlement(Box<IcaSettlementWebhook<'a>>),
    /// Global Collections transaction, reversal and settlement events (feature
    /// `international`).
    #[cfg(feature = "international")]
    GcPayment(Box<GcPaymentWebhook<'a>>),
    /// Global Collections virtual-account events (feature `international`).
    #[cfg(feature = "international")]
    GcVirtualAccounts(Box<GcVirtualAccountWebhook<'a>>),
    /// Payin & Payout API `payin.*` events (feature `payin-payout`).
    #[cfg(feature = "payin-payout")]
    Payin(Box<PayinWebhook<'a>>),
    /// Payin & Payout API `payout.*` events (feature `payin-payout`).
    #[cfg(feature = "payin-payout")]
    Payout(Box<PayoutWebhook<'a>>),
    /// Payouts v1 Cashgram events: `CASHGRAM_REDEEMED`, `CASHGRAM_TRANSFER_REVERSAL`,
    /// `CASHGRAM_EXPIRED` (feature `payouts`).
    #[cfg(feature = "payouts")]
    Cashgram(Box<CashgramWebhook>),
    /// An event this version does not know.
    Unknown(UnknownEvent<'a>),
}

impl Event<'_> {
    /// True unless this is [`Event::Unknown`].
    pub fn is_known(&self) -> bool {
        !matches!(self, Event::Unknown(_))
    }

    /// The same event owning all its text, so it no longer borrows the webhook body: to keep
    /// it past the body (a queue, another task), or to hand it out of a request handler.
    ///
    /// ```
    /// use paygen::webhooks::{parse, Event};
    /// let kept: Event<'static> = {
    ///     let body = br#"{"data":{"order":{"order_id":"o1"}},"type":"PAYMENT_FAILED_WEBHOOK"}"#.to_vec();
    ///     parse(&body, None).unwrap().into_event().into_owned()
    /// };
    /// let Event::Payment(p) = kept else { panic!() };
    /// assert_eq!(p.data.order.unwrap().order_id.as_deref(), Some("o1"));
    /// ```
    pub fn into_owned(self) -> Event<'static> {
        match self {
            #[cfg(feature = "pg")]
            Event::Payment(e) => Event::Payment(Box::new(e.into_owned())),
            #[cfg(feature = "pg")]
            Event::Dispute(e) => Event::Dispute(Box::new(e.into_owned())),
            #[cfg(feature = "pg")]
            Event::PaymentLink(e) => Event::PaymentLink(Box::new(e.into_owned())),
            #[cfg(feature = "international")]
            Event::PaymentVerification(e) => Event::PaymentVerification(Box::new(e.into_owned())),
            #[cfg(feature = "international")]
            Event::IcaSettlement(e) => Event::IcaSettlement(Box::new(e.into_owned())),
            #[cfg(feature = "international")]
            Event::GcPayment(e) => Event::GcPayment(Box::new(e.into_owned())),
            #[cfg(feature = "international")]
            Event::GcVirtualAccounts(e) => Event::GcVirtualAccounts(Box::new(e.into_owned())),
            #[cfg(feature = "payin-payout")]
            Event::Payin(e) => Event::Payin(Box::new(e.into_owned())),
            #[cfg(feature = "payin-payout")]
            Event::Payout(e) => Event::Payout(Box::new(e.into_owned())),
            #[cfg(feature = "payouts")]
            Event::Cashgram(e) => Event::Cashgram(e),
            Event::Unknown(e) => Event::Unknown(e.into_owned()),
        }
    }
}

/// Text read from a webhook body, owned (what every `into_owned` does to a field).
#[cfg_attr(
    not(any(feature = "pg", feature = "international", feature = "payin-payout")),
    allow(dead_code)
)]
pub(crate) fn owned(text: Cow<'_, str>) -> Cow<'static, str> {
    Cow::Owned(text.into_owned())
}

/// An event this version does not know: who seems to have sent it, its name, and its JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct UnknownEvent<'a> {
    /// The provider the payload's shape points to.
    pub provider: Provider,
    /// The `type` or `event` string (empty when the body has neither).
    pub name: Cow<'a, str>,
    /// The body as JSON text (exactly as received for JSON bodies, borrowed from it).
    pub json: Cow<'a, str>,
}

impl UnknownEvent<'_> {
    /// The same event owning its text.
    pub fn into_owned(self) -> UnknownEvent<'static> {
        UnknownEvent {
            provider: self.provider,
            name: owned(self.name),
            json: owned(self.json),
        }
    }

    /// The JSON as a value (numbers go through `f64`; use [`UnknownEvent::json`] for the exact
    /// text).
    pub fn value(&self) -> serde_json::Value {
        serde_json::from_str(&self.json).unwrap_or(serde_json::Value::Null)
    }
}
