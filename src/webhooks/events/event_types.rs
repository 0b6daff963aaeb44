//! The event names of every webhook paygen types: the `type` of Cashfree's merchant webhooks
//! (payments, disputes, payment links, Collect from India) and the `event` of Global Collections
//! and Payin & Payout deliveries. Always compiled: telling who sent a body needs them, while the
//! typed events need their family's feature (`pg`, `international`, `payin-payout`), whose enums
//! they share. They are written here rather than taken from the specs because of that: the
//! specs' `ImportWebhookType` (Collect from India) and `WebhookEventType` (Payin & Payout) have
//! the same values but exist only with their family's feature, and the spec's `GcWebhookEvent`
//! has one more value than the document's event tables.

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

crate::open_enum! {
    /// The `event` of a Global Collections webhook (the document's event tables).
    pub enum GcEventType {
        /// `INTERNATIONAL_PAYMENT_COLLECTED`: payment received (status COMPLETED).
        PaymentCollected = "INTERNATIONAL_PAYMENT_COLLECTED",
        /// `INTERNATIONAL_PAYMENT_BLOCKED`: blocked, see `reason` (status BLOCKED).
        PaymentBlocked = "INTERNATIONAL_PAYMENT_BLOCKED",
        /// `INTERNATIONAL_PAYMENT_AWAITING_DETAILS`: waiting for details (status COMPLETED per the table).
        PaymentAwaitingDetails = "INTERNATIONAL_PAYMENT_AWAITING_DETAILS",
        /// `INTERNATIONAL_PAYMENT_REVERSAL_INITIATED`: reversal started.
        ReversalInitiated = "INTERNATIONAL_PAYMENT_REVERSAL_INITIATED",
        /// `INTERNATIONAL_PAYMENT_REVERSAL_DONE`: funds returned to the sender.
        ReversalDone = "INTERNATIONAL_PAYMENT_REVERSAL_DONE",
        /// `INR_SETTLEMENT_INITIATED`
        SettlementInitiated = "INR_SETTLEMENT_INITIATED",
        /// `INR_SETTLEMENT_APPROVED`: settled.
        SettlementApproved = "INR_SETTLEMENT_APPROVED",
        /// `INR_SETTLEMENT_REJECTED`
        SettlementRejected = "INR_SETTLEMENT_REJECTED",
        /// `FIRA_FILE_RECEIVED`: the FIRA of a settled payment is available.
        FiraFileReceived = "FIRA_FILE_RECEIVED",
        /// `VIRTUAL_ACCOUNTS_ACTIVATED`
        VirtualAccountsActivated = "VIRTUAL_ACCOUNTS_ACTIVATED",
        /// `VIRTUAL_ACCOUNTS_CREATED`
        VirtualAccountsCreated = "VIRTUAL_ACCOUNTS_CREATED",
        /// `VIRTUAL_ACCOUNT_DETAILS`: every account of the merchant, including earlier ones.
        VirtualAccountDetails = "VIRTUAL_ACCOUNT_DETAILS",
    }
}

crate::open_enum! {
    /// The `event` of a Payin & Payout webhook.
    pub enum PayinPayoutEventType {
        /// `payin.initiated`: the user confirmed the payment.
        PayinInitiated = "payin.initiated",
        /// `payin.succeeded`: approved.
        PayinSucceeded = "payin.succeeded",
        /// `payin.failed`: rejected.
        PayinFailed = "payin.failed",
        /// `payout.succeeded`: approved.
        PayoutSucceeded = "payout.succeeded",
        /// `payout.failed`: rejected.
        PayoutFailed = "payout.failed",
    }
}

crate::open_enum! {
    /// The `event` of a Payouts v1 Cashgram webhook (form-encoded, signed in its `signature`
    /// field).
    pub enum CashgramEventType {
        /// `CASHGRAM_REDEEMED`: the beneficiary redeemed the Cashgram.
        Redeemed = "CASHGRAM_REDEEMED",
        /// `CASHGRAM_TRANSFER_REVERSAL`: the bank reversed the Cashgram's transfer.
        TransferReversal = "CASHGRAM_TRANSFER_REVERSAL",
        /// `CASHGRAM_EXPIRED`: the Cashgram is inactive (expired, deactivated, too many attempts).
        Expired = "CASHGRAM_EXPIRED",
    }
}
