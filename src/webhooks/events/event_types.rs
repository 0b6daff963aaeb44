//! The `type` names of the Cashfree webhooks keyed by `type` (payments, disputes, payment
//! links, Collect from India). Always compiled: telling who sent a body needs them, while the
//! typed events need their family's feature (`pg`, `international`), whose enums they share.

crate::open_enum! {
    /// The `type` of a payment webhook.
    pub enum PaymentEventType {
        /// `PAYMENT_SUCCESS_WEBHOOK`: a payment completed.
        Success = "PAYMENT_SUCCESS_WEBHOOK",
        /// `PAYMENT_FAILED_WEBHOOK`: the bank declined a payment attempt.
        Failed = "PAYMENT_FAILED_WEBHOOK",
        /// `PAYMENT_USER_DROPPED_WEBHOOK`: the customer left the payment flow.
        UserDropped = "PAYMENT_USER_DROPPED_WEBHOOK",
    }
}

crate::open_enum! {
    /// The `type` of a dispute webhook.
    pub enum DisputeEventType {
        /// `DISPUTE_CREATED`: a new dispute.
        Created = "DISPUTE_CREATED",
        /// `DISPUTE_UPDATED`: a comment, a new stage (pre-arbitration, arbitration) or a new status.
        Updated = "DISPUTE_UPDATED",
        /// `DISPUTE_CLOSED`: the dispute is closed.
        Closed = "DISPUTE_CLOSED",
    }
}

crate::open_enum! {
    /// The `type` of a payment-link webhook.
    pub enum PaymentLinkEventType {
        /// `PAYMENT_LINK_EVENT`
        PaymentLinkEvent = "PAYMENT_LINK_EVENT",
    }
}

crate::open_enum! {
    /// The `type` of a Collect from India webhook.
    pub enum CollectFromIndiaEventType {
        /// `PAYMENT_VERIFICATION_UPDATE`: the payment's verification changed.
        PaymentVerificationUpdate = "PAYMENT_VERIFICATION_UPDATE",
        /// `ICA_SETTLEMENT_UPDATE`: an ICA settlement changed.
        IcaSettlementUpdate = "ICA_SETTLEMENT_UPDATE",
    }
}
