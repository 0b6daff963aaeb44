//! The Payouts v1 Cashgram webhooks: `CASHGRAM_REDEEMED`, `CASHGRAM_TRANSFER_REVERSAL`,
//! `CASHGRAM_EXPIRED` (Cashfree's Cashgram webhooks reference).
//!
//! They arrive as `application/x-www-form-urlencoded` fields, every value text, signed in the
//! `signature` field ([`crate::webhooks::Verifier::verify_form`]). The documented fields carry
//! no amount: confirm the amount with `get_cashgram_status` before acting.

use serde::{Deserialize, Serialize};

use super::event_types::CashgramEventType;
use crate::FlexString;

/// A Cashgram webhook. Which fields are sent depends on the event: `CASHGRAM_REDEEMED` has
/// `referenceId`, `eventTime` and `utr`; `CASHGRAM_TRANSFER_REVERSAL` has `referenceId` and
/// `eventTime`; `CASHGRAM_EXPIRED` has `reason`.
///
/// ```
/// use paygen::webhooks::{parse, CashgramEventType, Event};
/// let body = b"event=CASHGRAM_EXPIRED&cashgramid=JOHaN10&reason=EXCEEDED_EXPIRY_DATE&signature=x";
/// let w = parse(body, Some("application/x-www-form-urlencoded")).unwrap();
/// let Event::Cashgram(c) = w.event() else { panic!() };
/// assert_eq!((c.event.clone(), c.cashgram_id.as_str()), (CashgramEventType::Expired, "JOHaN10"));
/// assert_eq!(c.reason.as_deref(), Some("EXCEEDED_EXPIRY_DATE"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CashgramWebhook {
    /// The event (`event`).
    pub event: CashgramEventType,
    /// The merchant's Cashgram id (`cashgramid`).
    #[serde(rename = "cashgramid")]
    pub cashgram_id: String,
    /// Cashfree's id of the transfer (`referenceId`; redeemed and reversal events).
    #[serde(rename = "referenceId", default)]
    pub reference_id: Option<FlexString>,
    /// The transfer's initiation time, as sent (`eventTime`; redeemed and reversal events).
    #[serde(rename = "eventTime", default)]
    pub event_time: Option<String>,
    /// The bank's transaction reference (`utr`; redeemed events).
    #[serde(default)]
    pub utr: Option<String>,
    /// Why the Cashgram became inactive (`reason`; expired events).
    #[serde(default)]
    pub reason: Option<String>,
}
