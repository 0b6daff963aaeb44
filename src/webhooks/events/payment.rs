//! PG payment webhooks: `PAYMENT_SUCCESS_WEBHOOK`, `PAYMENT_FAILED_WEBHOOK`,
//! `PAYMENT_USER_DROPPED_WEBHOOK`, in both payload versions (2025-01-01 and 2023-08-01).
//!
//! Version 2025-01-01 adds `international_payment`, `payment_surcharge`, `terminal_details`
//! and the UPI instrument fields; every field is optional here, so one type reads both.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::common::CustomerDetails;
use super::event_types::PaymentEventType;
use crate::webhooks::de;
use crate::{Amount, FlexString};

/// Payment states, payment groups and offer kinds are the PG API's own enums (open: a value
/// this version does not know is kept as `Unknown`).
pub use crate::pg::enums::{OfferType, PaymentGroup, PaymentStatus};

/// A payment webhook: what happened (`type`), when, and the order, payment and customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PaymentWebhook {
    /// The order, the payment and everything around them.
    pub data: PaymentWebhookData,
    /// When Cashfree raised the event (ISO 8601 with offset, as sent).
    #[serde(default)]
    pub event_time: Option<String>,
    /// Which payment event this is.
    #[serde(rename = "type")]
    pub event_type: PaymentEventType,
}

/// The `data` of a payment webhook.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PaymentWebhookData {
    /// The order paid for.
    #[serde(default)]
    pub order: Option<WebhookOrder>,
    /// The payment attempt.
    #[serde(default)]
    pub payment: Option<WebhookPayment>,
    /// The customer.
    #[serde(default)]
    pub customer_details: Option<CustomerDetails>,
    /// Why the payment failed (failed webhooks).
    #[serde(default)]
    pub error_details: Option<ErrorDetails>,
    /// The gateway that processed the payment.
    #[serde(default)]
    pub payment_gateway_details: Option<GatewayDetails>,
    /// Offers applied (`null` when none).
    #[serde(default)]
    pub payment_offers: Option<Vec<PaymentOffer>>,
    /// The terminal, for terminal payments (2025-01-01).
    #[serde(default)]
    pub terminal_details: Option<TerminalDetails>,
}

/// The order a payment webhook is about.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct WebhookOrder {
    /// The merchant's order id.
    #[serde(default)]
    pub order_id: Option<String>,
    /// Order amount, exact.
    #[serde(default)]
    pub order_amount: Option<Amount>,
    /// Order currency (ISO code).
    #[serde(default)]
    pub order_currency: Option<String>,
    /// Order tags (`null` or an object; payment-link orders carry `cf_link_id`).
    #[serde(default)]
    pub order_tags: Option<BTreeMap<String, serde_json::Value>>,
}

/// The payment attempt a payment webhook is about.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct WebhookPayment {
    /// Cashfree's payment id (a string in both documented versions; numbers accepted).
    #[serde(default)]
    pub cf_payment_id: Option<FlexString>,
    /// State of the payment.
    #[serde(default)]
    pub payment_status: Option<PaymentStatus>,
    /// Amount paid, exact.
    #[serde(default)]
    pub payment_amount: Option<Amount>,
    /// Currency of the payment.
    #[serde(default)]
    pub payment_currency: Option<String>,
    /// The bank's or Cashfree's message.
    #[serde(default)]
    pub payment_message: Option<String>,
    /// When the payment happened (as sent).
    #[serde(default)]
    pub payment_time: Option<String>,
    /// Bank reference (UTR, RRN); `NA` when none.
    #[serde(default)]
    pub bank_reference: Option<FlexString>,
    /// Authorisation id (`null`, or text such as `"2980"`; one sample sends the text `"null"`).
    #[serde(default)]
    pub auth_id: Option<FlexString>,
    /// The method and instrument used.
    #[serde(default)]
    pub payment_method: Option<PaymentMethod>,
    /// The family of the method.
    #[serde(default)]
    pub payment_group: Option<PaymentGroup>,
    /// Whether the instrument is international (2025-01-01).
    #[serde(default)]
    pub international_payment: Option<InternationalPayment>,
    /// Surcharge added to the payment (2025-01-01; `null` when none).
    #[serde(default)]
    pub payment_surcharge: Option<PaymentSurcharge>,
}

/// `payment_method`: exactly one of these keys is present, named for the method.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PaymentMethod {
    /// Card, including card EMI (`card_type` `credit_card_emi` / `debit_card_emi`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card: Option<CardMethod>,
    /// Net banking.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub netbanking: Option<NetbankingMethod>,
    /// UPI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upi: Option<UpiMethod>,
    /// Wallet apps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app: Option<AppMethod>,
    /// Cardless EMI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cardless_emi: Option<LenderMethod>,
    /// Pay later.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pay_later: Option<LenderMethod>,
    /// Transfer to a virtual bank account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vba_transfer: Option<VbaTransferMethod>,
    /// Bank transfer (NEFT, RTGS, IMPS).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bank_transfer: Option<BankTransferMethod>,
}

impl PaymentMethod {
    /// The key the method was sent under (`card`, `upi`, …), or `None` when none is known.
    pub fn kind(&self) -> Option<&'static str> {
        [
            ("card", self.card.is_some()),
            ("netbanking", self.netbanking.is_some()),
            ("upi", self.upi.is_some()),
            ("app", self.app.is_some()),
            ("cardless_emi", self.cardless_emi.is_some()),
            ("pay_later", self.pay_later.is_some()),
            ("vba_transfer", self.vba_transfer.is_some()),
            ("bank_transfer", self.bank_transfer.is_some()),
        ]
        .into_iter()
        .find(|(_, present)| *present)
        .map(|(name, _)| name)
    }
}

/// A card payment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CardMethod {
    /// Channel (`link`, or `null`).
    #[serde(default)]
    pub channel: Option<String>,
    /// Masked card number.
    #[serde(default)]
    pub card_number: Option<String>,
    /// Network (`visa`, …).
    #[serde(default)]
    pub card_network: Option<String>,
    /// `credit_card`, `debit_card`, `credit_card_emi`, `debit_card_emi`, …
    #[serde(default)]
    pub card_type: Option<String>,
    /// Card sub-type (e.g. `R`).
    #[serde(default)]
    pub card_sub_type: Option<String>,
    /// Issuing country.
    #[serde(default)]
    pub card_country: Option<String>,
    /// Issuing bank.
    #[serde(default)]
    pub card_bank_name: Option<String>,
    /// Network reference id.
    #[serde(default)]
    pub card_network_reference_id: Option<FlexString>,
    /// Saved-instrument id.
    #[serde(default)]
    pub instrument_id: Option<String>,
    /// Payment account reference.
    #[serde(default)]
    pub par: Option<String>,
    /// EMI plan, for card EMI.
    #[serde(default)]
    pub emi_details: Option<EmiDetails>,
}

/// An EMI plan.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct EmiDetails {
    /// Instalment amount, exact.
    #[serde(default)]
    pub emi_amount: Option<Amount>,
    /// Number of instalments.
    #[serde(default, deserialize_with = "de::opt_u32")]
    pub emi_tenure: Option<u32>,
    /// Interest, exact as sent (`16.00`).
    #[serde(default)]
    pub emi_interest: Option<Amount>,
}

/// A net-banking payment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NetbankingMethod {
    /// Channel, usually `null`.
    #[serde(default)]
    pub channel: Option<String>,
    /// Four-digit bank code (text in webhooks; numbers accepted).
    #[serde(default)]
    pub netbanking_bank_code: Option<FlexString>,
    /// Bank name.
    #[serde(default)]
    pub netbanking_bank_name: Option<String>,
}

/// A UPI payment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UpiMethod {
    /// `collect`, `intent`, …
    #[serde(default)]
    pub channel: Option<String>,
    /// Payer's VPA.
    #[serde(default)]
    pub upi_id: Option<String>,
    /// Instrument behind the UPI payment (e.g. `UPI_CREDIT_CARD`; 2025-01-01).
    #[serde(default)]
    pub upi_instrument: Option<String>,
    /// Masked instrument number (2025-01-01).
    #[serde(default)]
    pub upi_instrument_number: Option<String>,
    /// Payer's bank IFSC (2025-01-01).
    #[serde(default)]
    pub upi_payer_ifsc: Option<String>,
    /// Payer's masked account number (2025-01-01).
    #[serde(default)]
    pub upi_payer_account_number: Option<String>,
}

/// A wallet-app payment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AppMethod {
    /// The app (e.g. `AmazonPay`).
    #[serde(default)]
    pub channel: Option<String>,
    /// VPA, when the app paid over UPI.
    #[serde(default)]
    pub upi_id: Option<String>,
}

/// A cardless-EMI or pay-later payment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LenderMethod {
    /// Channel, usually `null`.
    #[serde(default)]
    pub channel: Option<String>,
    /// Lender (e.g. `flexmoney`, `olapostpaid`).
    #[serde(default)]
    pub provider: Option<String>,
    /// Customer phone registered with the lender.
    #[serde(default)]
    pub phone: Option<FlexString>,
    /// EMI plan (cardless EMI; `null` in the sample).
    #[serde(default)]
    pub emi_details: Option<EmiDetails>,
}

/// A transfer into a virtual bank account.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct VbaTransferMethod {
    /// Transfer UTR.
    #[serde(default)]
    pub utr: Option<FlexString>,
    /// Credit reference number.
    #[serde(default)]
    pub credit_ref_no: Option<FlexString>,
    /// Remitter's account.
    #[serde(default)]
    pub remitter_account: Option<FlexString>,
    /// Remitter's name.
    #[serde(default)]
    pub remitter_name: Option<String>,
    /// Remitter's IFSC.
    #[serde(default)]
    pub remitter_ifsc: Option<String>,
    /// Email on the virtual account.
    #[serde(default)]
    pub email: Option<String>,
    /// Phone on the virtual account.
    #[serde(default)]
    pub phone: Option<FlexString>,
    /// Virtual account id.
    #[serde(default)]
    pub vaccount_id: Option<FlexString>,
    /// Virtual account number.
    #[serde(default)]
    pub vaccount_number: Option<FlexString>,
}

/// A bank transfer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BankTransferMethod {
    /// `NEFT`, `RTGS`, `IMPS`, …
    #[serde(default)]
    pub transfer_type: Option<String>,
    /// Remitting bank.
    #[serde(default)]
    pub bank: Option<String>,
}

/// `international_payment` (2025-01-01).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct InternationalPayment {
    /// True for an international instrument.
    #[serde(default, deserialize_with = "de::opt_bool")]
    pub international: Option<bool>,
}

/// `payment_surcharge` (2025-01-01).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PaymentSurcharge {
    /// Service charge, exact.
    #[serde(default)]
    pub payment_surcharge_service_charge: Option<Amount>,
    /// Tax on the service charge, exact.
    #[serde(default)]
    pub payment_surcharge_service_tax: Option<Amount>,
}

/// `error_details` of a failed payment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ErrorDetails {
    /// Error code (e.g. `GATEWAY_ERROR`).
    #[serde(default)]
    pub error_code: Option<String>,
    /// Description.
    #[serde(default)]
    pub error_description: Option<String>,
    /// Reason (e.g. `invalid_amount`).
    #[serde(default)]
    pub error_reason: Option<String>,
    /// Who failed it (e.g. `cashfree`, `customer`, `bank`).
    #[serde(default)]
    pub error_source: Option<String>,
    /// The bank's or network's raw code (e.g. `U09`).
    #[serde(default)]
    pub error_subcode_raw: Option<String>,
}

/// `payment_gateway_details`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct GatewayDetails {
    /// Gateway (e.g. `CASHFREE`).
    #[serde(default)]
    pub gateway_name: Option<String>,
    /// The gateway's order id.
    #[serde(default)]
    pub gateway_order_id: Option<FlexString>,
    /// The gateway's payment id.
    #[serde(default)]
    pub gateway_payment_id: Option<FlexString>,
    /// The gateway's order reference.
    #[serde(default)]
    pub gateway_order_reference_id: Option<FlexString>,
    /// Who settles (e.g. `CASHFREE`).
    #[serde(default)]
    pub gateway_settlement: Option<String>,
    /// The gateway's status code.
    #[serde(default)]
    pub gateway_status_code: Option<FlexString>,
}

/// One offer applied to the payment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PaymentOffer {
    /// Offer id.
    #[serde(default)]
    pub offer_id: Option<String>,
    /// Kind of offer.
    #[serde(default)]
    pub offer_type: Option<OfferType>,
    /// Title, code and validity.
    #[serde(default)]
    pub offer_meta: Option<OfferMeta>,
    /// What the offer gave on this payment.
    #[serde(default)]
    pub offer_redemption: Option<OfferRedemption>,
}

/// `offer_meta`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OfferMeta {
    /// Title.
    #[serde(default)]
    pub offer_title: Option<String>,
    /// Description.
    #[serde(default)]
    pub offer_description: Option<String>,
    /// Code.
    #[serde(default)]
    pub offer_code: Option<String>,
    /// Start of validity (as sent).
    #[serde(default)]
    pub offer_start_time: Option<String>,
    /// End of validity (as sent).
    #[serde(default)]
    pub offer_end_time: Option<String>,
}

/// `offer_redemption`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OfferRedemption {
    /// Redemption state (e.g. `SUCCESS`).
    #[serde(default)]
    pub redemption_status: Option<String>,
    /// Discount given, exact.
    #[serde(default)]
    pub discount_amount: Option<Amount>,
    /// Cashback given, exact.
    #[serde(default)]
    pub cashback_amount: Option<Amount>,
}

/// `terminal_details` (2025-01-01).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TerminalDetails {
    /// Cashfree's terminal id (a number in the sample).
    #[serde(default)]
    pub cf_terminal_id: Option<FlexString>,
    /// Terminal phone.
    #[serde(default)]
    pub terminal_phone: Option<FlexString>,
}
