//! Pieces shared by several Cashfree webhooks.

use serde::{Deserialize, Serialize};

use crate::FlexString;

crate::open_enum! {
    /// State of a PG payment (the documents' "Payment states" table).
    pub enum PaymentStatus {
        /// `SUCCESS`: the bank confirmed; the order is marked PAID.
        Success = "SUCCESS",
        /// `FAILED`: the bank declined.
        Failed = "FAILED",
        /// `NOT_ATTEMPTED`: created, no answer from the bank yet.
        NotAttempted = "NOT_ATTEMPTED",
        /// `PENDING`: sent to the bank, waiting for its answer.
        Pending = "PENDING",
        /// `FLAGGED`: held for risk review.
        Flagged = "FLAGGED",
        /// `CANCELLED`: succeeded after its time to live; reversed to the customer.
        Cancelled = "CANCELLED",
        /// `VOID`: an authorisation that will not be captured; reversed.
        Void = "VOID",
        /// `USER_DROPPED`: the customer left the payment flow.
        UserDropped = "USER_DROPPED",
    }
}

/// The customer of an order or dispute, as webhooks send it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CustomerDetails {
    /// Name, when known.
    #[serde(default)]
    pub customer_name: Option<String>,
    /// The merchant's customer id, when given.
    #[serde(default)]
    pub customer_id: Option<FlexString>,
    /// Email address.
    #[serde(default)]
    pub customer_email: Option<String>,
    /// Phone number (text; the documents show it quoted).
    #[serde(default)]
    pub customer_phone: Option<FlexString>,
}
