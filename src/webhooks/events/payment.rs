//! PG payment webhooks: `PAYMENT_SUCCESS_WEBHOOK`, `PAYMENT_FAILED_WEBHOOK`,
//! `PAYMENT_USER_DROPPED_WEBHOOK`, in both payload versions (2025-01-01 and 2023-08-01).
//!
//! Version 2025-01-01 adds `international_payment`, `payment_surcharge`, `terminal_details`
//! and the UPI instrument fields; every field is optional here, so one type reads both.

use std::collections::BTreeMap;

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use super::owned;

use super::common::CustomerDetails;
use super::event_types::PaymentEventType;
use crate::webhooks::de;
use crate::webhooks::json_reader::pull::pull_struct;
use crate::Amount;

/// Payment states, payment groups and offer kinds are the PG API's own enums (open: a value
/// this version does not know is kept as `Unknown`).
pub use crate::pg::enums::{OfferType, PaymentGroup, PaymentStatus};

/// A payment webhook: what happened (`type`), when, and the order, payment and customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PaymentWebhook<'a> {
    /// The order, the payment and everything around them.
    #[serde(borrow)]
    pub data: PaymentWebhookData<'a>,
    /// When Cashfree raised the event (ISO 8601 with offset, as sent).
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub event_time: Option<Cow<'a, str>>,
    /// Which payment event this is.
    #[serde(rename = "type")]
    pub event_type: PaymentEventType,
}

pull_struct!(PaymentWebhook<'a> {
    data: pull required,
    event_time: text,
    event_type as "type": open_required required,
});

impl PaymentWebhook<'_> {
    /// The same value owning all its text, so it no longer borrows the webhook body.
    pub fn into_owned(self) -> PaymentWebhook<'static> {
        PaymentWebhook {
            data: self.data.into_owned(),
            event_time: self.event_time.map(owned),
            event_type: self.event_type,
        }
    }
}

/// The `data` of a payment webhook.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PaymentWebhookData<'a> {
    /// The order paid for.
    #[serde(default, borrow)]
    pub order: Option<Box<WebhookOrder<'a>>>,
    /// The payment attempt.
    #[serde(default, borrow)]
    pub payment: Option<Box<WebhookPayment<'a>>>,
    /// The customer.
    #[serde(default, borrow)]
    pub customer_details: Option<Box<CustomerDetails<'a>>>,
    /// Why the payment failed (failed webhooks).
    #[serde(default, borrow)]
    pub error_details: Option<Box<ErrorDetails<'a>>>,
    /// The gateway that processed the payment.
    #[serde(default, borrow)]
    pub payment_gateway_details: Option<Box<GatewayDetails<'a>>>,
    /// Offers applied (`null` when none).
    #[serde(default, borrow)]
    pub payment_offers: Option<Vec<PaymentOffer<'a>>>,
    /// The terminal, for terminal payments (2025-01-01).
    #[serde(default, borrow)]
    pub terminal_details: Option<Box<TerminalDetails<'a>>>,
}

pull_struct!(PaymentWebhookData<'a> {
    order: pull,
    payment: pull,
    customer_details: pull,
    error_details: pull,
    payment_gateway_details: pull,
    payment_offers: pull,
    terminal_details: pull,
});

impl PaymentWebhookData<'_> {
    /// The same value owning all its text, so it no longer borrows the webhook body.
    pub fn into_owned(self) -> PaymentWebhookData<'static> {
        PaymentWebhookData {
            order: self.order.map(|m| Box::new(m.into_owned())),
            payment: self.payment.map(|m| Box::new(m.into_owned())),
            customer_details: self.customer_details.map(|m| Box::new(m.into_owned())),
            error_details: self.error_details.map(|m| Box::new(m.into_owned())),
            payment_gateway_details: self
                .payment_gateway_details
                .map(|m| Box::new(m.into_owned())),
            payment_offers: self
                .payment_offers
                .map(|v| v.into_iter().map(PaymentOffer::into_owned).collect()),
            terminal_details: self.terminal_details.map(|m| Box::new(m.into_owned())),
        }
    }
}

/// The order a payment webhook is about.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct WebhookOrder<'a> {
    /// The merchant's order id.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub order_id: Option<Cow<'a, str>>,
    /// Order amount, exact.
    #[serde(default)]
    pub order_amount: Option<Amount>,
    /// Order currency (ISO code).
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub order_currency: Option<Cow<'a, str>>,
    /// Order tags (`null` or an object; payment-link orders carry `cf_link_id`).
    #[serde(default)]
    pub order_tags: Option<BTreeMap<String, serde_json::Value>>,
}

pull_struct!(WebhookOrder<'a> {
    order_id: text,
    order_amount: amount,
    order_currency: text,
    order_tags: serde,
});

impl WebhookOrder<'_> {
    /// The same value owning all its text, so it no longer borrows the webhook body.
    pub fn into_owned(self) -> WebhookOrder<'static> {
        WebhookOrder {
            order_id: self.order_id.map(owned),
            order_amount: self.order_amount,
            order_currency: self.order_currency.map(owned),
            order_tags: self.order_tags,
        }
    }
}

/// The payment attempt a payment webhook is about.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct WebhookPayment<'a> {
    /// Cashfree's payment id (a string in both documented versions; numbers accepted).
    #[serde(default, borrow, deserialize_with = "de::opt_flex")]
    pub cf_payment_id: Option<Cow<'a, str>>,
    /// State of the payment.
    #[serde(default)]
    pub payment_status: Option<PaymentStatus>,
    /// Amount paid, exact.
    #[serde(default)]
    pub payment_amount: Option<Amount>,
    /// Currency of the payment.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub payment_currency: Option<Cow<'a, str>>,
    /// The bank's or Cashfree's message.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub payment_message: Option<Cow<'a, str>>,
    /// When the payment happened (as sent).
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub payment_time: Option<Cow<'a, str>>,
    /// Bank reference (UTR, RRN); `NA` when none.
    #[serde(default, borrow, deserialize_with = "de::opt_flex")]
    pub bank_reference: Option<Cow<'a, str>>,
    /// Authorisation id (`null`, or text such as `"2980"`; one sample sends the text `"null"`).
    #[serde(default, borrow, deserialize_with = "de::opt_flex")]
    pub auth_id: Option<Cow<'a, str>>,
    /// The method and instrument used.
    #[serde(default, borrow)]
    pub payment_method: Option<PaymentMethod<'a>>,
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

pull_struct!(WebhookPayment<'a> {
    cf_payment_id: flex,
    payment_status: open,
    payment_amount: amount,
    payment_currency: text,
    payment_message: text,
    payment_time: text,
    bank_reference: flex,
    auth_id: flex,
    payment_method: pull,
    payment_group: open,
    international_payment: serde,
    payment_surcharge: serde,
});

impl WebhookPayment<'_> {
    /// The same value owning all its text, so it no longer borrows the webhook body.
    pub fn into_owned(self) -> WebhookPayment<'static> {
        WebhookPayment {
            cf_payment_id: self.cf_payment_id.map(owned),
            payment_status: self.payment_status,
            payment_amount: self.payment_amount,
            payment_currency: self.payment_currency.map(owned),
            payment_message: self.payment_message.map(owned),
            payment_time: self.payment_time.map(owned),
            bank_reference: self.bank_reference.map(owned),
            auth_id: self.auth_id.map(owned),
            payment_method: self.payment_method.map(PaymentMethod::into_owned),
            payment_group: self.payment_group,
            international_payment: self.international_payment,
            payment_surcharge: self.payment_surcharge,
        }
    }
}

/// `payment_method`: exactly one of these keys is present, named for the method. Each method
/// is boxed, so the one sent costs one allocation and the seven absent ones no space (this
/// keeps the event small to move while it is read).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PaymentMethod<'a> {
    /// Card, including card EMI (`card_type` `credit_card_emi` / `debit_card_emi`).
    #[serde(default, skip_serializing_if = "Option::is_none", borrow)]
    pub card: Option<Box<CardMethod<'a>>>,
    /// Net banking.
    #[serde(default, skip_serializing_if = "Option::is_none", borrow)]
    pub netbanking: Option<Box<NetbankingMethod<'a>>>,
    /// UPI.
    #[serde(default, skip_serializing_if = "Option::is_none", borrow)]
    pub upi: Option<Box<UpiMethod<'a>>>,
    /// Wallet apps.
    #[serde(default, skip_serializing_if = "Option::is_none", borrow)]
    pub app: Option<Box<AppMethod<'a>>>,
    /// Cardless EMI.
    #[serde(default, skip_serializing_if = "Option::is_none", borrow)]
    pub cardless_emi: Option<Box<LenderMethod<'a>>>,
    /// Pay later.
    #[serde(default, skip_serializing_if = "Option::is_none", borrow)]
    pub pay_later: Option<Box<LenderMethod<'a>>>,
    /// Transfer to a virtual bank account.
    #[serde(default, skip_serializing_if = "Option::is_none", borrow)]
    pub vba_transfer: Option<Box<VbaTransferMethod<'a>>>,
    /// Bank transfer (NEFT, RTGS, IMPS).
    #[serde(default, skip_serializing_if = "Option::is_none", borrow)]
    pub bank_transfer: Option<Box<BankTransferMethod<'a>>>,
}

pull_struct!(PaymentMethod<'a> {
    card: pull,
    netbanking: pull,
    upi: pull,
    app: pull,
    cardless_emi: pull,
    pay_later: pull,
    vba_transfer: pull,
    bank_transfer: pull,
});

impl PaymentMethod<'_> {
    /// The same value owning all its text, so it no longer borrows the webhook body.
    pub fn into_owned(self) -> PaymentMethod<'static> {
        PaymentMethod {
            card: self.card.map(|m| Box::new(m.into_owned())),
            netbanking: self.netbanking.map(|m| Box::new(m.into_owned())),
            upi: self.upi.map(|m| Box::new(m.into_owned())),
            app: self.app.map(|m| Box::new(m.into_owned())),
            cardless_emi: self.cardless_emi.map(|m| Box::new(m.into_owned())),
            pay_later: self.pay_later.map(|m| Box::new(m.into_owned())),
            vba_transfer: self.vba_transfer.map(|m| Box::new(m.into_owned())),
            bank_transfer: self.bank_transfer.map(|m| Box::new(m.into_owned())),
        }
    }
}

impl PaymentMethod<'_> {
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
pub struct CardMethod<'a> {
    /// Channel (`link`, or `null`).
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub channel: Option<Cow<'a, str>>,
    /// Masked card number.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub card_number: Option<Cow<'a, str>>,
    /// Network (`visa`, …).
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub card_network: Option<Cow<'a, str>>,
    /// `credit_card`, `debit_card`, `credit_card_emi`, `debit_card_emi`, …
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub card_type: Option<Cow<'a, str>>,
    /// Card sub-type (e.g. `R`).
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub card_sub_type: Option<Cow<'a, str>>,
    /// Issuing country.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub card_country: Option<Cow<'a, str>>,
    /// Issuing bank.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub card_bank_name: Option<Cow<'a, str>>,
    /// Network reference id.
    #[serde(default, borrow, deserialize_with = "de::opt_flex")]
    pub card_network_reference_id: Option<Cow<'a, str>>,
    /// Saved-instrument id.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub instrument_id: Option<Cow<'a, str>>,
    /// Payment account reference.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub par: Option<Cow<'a, str>>,
    /// EMI plan, for card EMI.
    #[serde(default)]
    pub emi_details: Option<EmiDetails>,
}

pull_struct!(CardMethod<'a> {
    channel: text,
    card_number: text,
    card_network: text,
    card_type: text,
    card_sub_type: text,
    card_country: text,
    card_bank_name: text,
    card_network_reference_id: flex,
    instrument_id: text,
    par: text,
    emi_details: serde,
});

impl CardMethod<'_> {
    /// The same value owning all its text, so it no longer borrows the webhook body.
    pub fn into_owned(self) -> CardMethod<'static> {
        CardMethod {
            channel: self.channel.map(owned),
            card_number: self.card_number.map(owned),
            card_network: self.card_network.map(owned),
            card_type: self.card_type.map(owned),
            card_sub_type: self.card_sub_type.map(owned),
            card_country: self.card_country.map(owned),
            card_bank_name: self.card_bank_name.map(owned),
            card_network_reference_id: self.card_network_reference_id.map(owned),
            instrument_id: self.instrument_id.map(owned),
            par: self.par.map(owned),
            emi_details: self.emi_details,
        }
    }
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
pub struct NetbankingMethod<'a> {
    /// Channel, usually `null`.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub channel: Option<Cow<'a, str>>,
    /// Four-digit bank code (text in webhooks; numbers accepted).
    #[serde(default, borrow, deserialize_with = "de::opt_flex")]
    pub netbanking_bank_code: Option<Cow<'a, str>>,
    /// Bank name.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub netbanking_bank_name: Option<Cow<'a, str>>,
}

pull_struct!(NetbankingMethod<'a> {
    channel: text,
    netbanking_bank_code: flex,
    netbanking_bank_name: text,
});

impl NetbankingMethod<'_> {
    /// The same value owning all its text, so it no longer borrows the webhook body.
    pub fn into_owned(self) -> NetbankingMethod<'static> {
        NetbankingMethod {
            channel: self.channel.map(owned),
            netbanking_bank_code: self.netbanking_bank_code.map(owned),
            netbanking_bank_name: self.netbanking_bank_name.map(owned),
        }
    }
}

/// A UPI payment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UpiMethod<'a> {
    /// `collect`, `intent`, …
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub channel: Option<Cow<'a, str>>,
    /// Payer's VPA.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub upi_id: Option<Cow<'a, str>>,
    /// Instrument behind the UPI payment (e.g. `UPI_CREDIT_CARD`; 2025-01-01).
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub upi_instrument: Option<Cow<'a, str>>,
    /// Masked instrument number (2025-01-01).
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub upi_instrument_number: Option<Cow<'a, str>>,
    /// Payer's bank IFSC (2025-01-01).
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub upi_payer_ifsc: Option<Cow<'a, str>>,
    /// Payer's masked account number (2025-01-01).
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub upi_payer_account_number: Option<Cow<'a, str>>,
}

pull_struct!(UpiMethod<'a> {
    channel: text,
    upi_id: text,
    upi_instrument: text,
    upi_instrument_number: text,
    upi_payer_ifsc: text,
    upi_payer_account_number: text,
});

impl UpiMethod<'_> {
    /// The same value owning all its text, so it no longer borrows the webhook body.
    pub fn into_owned(self) -> UpiMethod<'static> {
        UpiMethod {
            channel: self.channel.map(owned),
            upi_id: self.upi_id.map(owned),
            upi_instrument: self.upi_instrument.map(owned),
            upi_instrument_number: self.upi_instrument_number.map(owned),
            upi_payer_ifsc: self.upi_payer_ifsc.map(owned),
            upi_payer_account_number: self.upi_payer_account_number.map(owned),
        }
    }
}

/// A wallet-app payment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AppMethod<'a> {
    /// The app (e.g. `AmazonPay`).
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub channel: Option<Cow<'a, str>>,
    /// VPA, when the app paid over UPI.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub upi_id: Option<Cow<'a, str>>,
}

pull_struct!(AppMethod<'a> {
    channel: text,
    upi_id: text,
});

impl AppMethod<'_> {
    /// The same value owning all its text, so it no longer borrows the webhook body.
    pub fn into_owned(self) -> AppMethod<'static> {
        AppMethod {
            channel: self.channel.map(owned),
            upi_id: self.upi_id.map(owned),
        }
    }
}

/// A cardless-EMI or pay-later payment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LenderMethod<'a> {
    /// Channel, usually `null`.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub channel: Option<Cow<'a, str>>,
    /// Lender (e.g. `flexmoney`, `olapostpaid`).
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub provider: Option<Cow<'a, str>>,
    /// Customer phone registered with the lender.
    #[serde(default, borrow, deserialize_with = "de::opt_flex")]
    pub phone: Option<Cow<'a, str>>,
    /// EMI plan (cardless EMI; `null` in the sample).
    #[serde(default)]
    pub emi_details: Option<EmiDetails>,
}

pull_struct!(LenderMethod<'a> {
    channel: text,
    provider: text,
    phone: flex,
    emi_details: serde,
});

impl LenderMethod<'_> {
    /// The same value owning all its text, so it no longer borrows the webhook body.
    pub fn into_owned(self) -> LenderMethod<'static> {
        LenderMethod {
            channel: self.channel.map(owned),
            provider: self.provider.map(owned),
            phone: self.phone.map(owned),
            emi_details: self.emi_details,
        }
    }
}

/// A transfer into a virtual bank account.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct VbaTransferMethod<'a> {
    /// Transfer UTR.
    #[serde(default, borrow, deserialize_with = "de::opt_flex")]
    pub utr: Option<Cow<'a, str>>,
    /// Credit reference number.
    #[serde(default, borrow, deserialize_with = "de::opt_flex")]
    pub credit_ref_no: Option<Cow<'a, str>>,
    /// Remitter's account.
    #[serde(default, borrow, deserialize_with = "de::opt_flex")]
    pub remitter_account: Option<Cow<'a, str>>,
    /// Remitter's name.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub remitter_name: Option<Cow<'a, str>>,
    /// Remitter's IFSC.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub remitter_ifsc: Option<Cow<'a, str>>,
    /// Email on the virtual account.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub email: Option<Cow<'a, str>>,
    /// Phone on the virtual account.
    #[serde(default, borrow, deserialize_with = "de::opt_flex")]
    pub phone: Option<Cow<'a, str>>,
    /// Virtual account id.
    #[serde(default, borrow, deserialize_with = "de::opt_flex")]
    pub vaccount_id: Option<Cow<'a, str>>,
    /// Virtual account number.
    #[serde(default, borrow, deserialize_with = "de::opt_flex")]
    pub vaccount_number: Option<Cow<'a, str>>,
}

pull_struct!(VbaTransferMethod<'a> {
    utr: flex,
    credit_ref_no: flex,
    remitter_account: flex,
    remitter_name: text,
    remitter_ifsc: text,
    email: text,
    phone: flex,
    vaccount_id: flex,
    vaccount_number: flex,
});

impl VbaTransferMethod<'_> {
    /// The same value owning all its text, so it no longer borrows the webhook body.
    pub fn into_owned(self) -> VbaTransferMethod<'static> {
        VbaTransferMethod {
            utr: self.utr.map(owned),
            credit_ref_no: self.credit_ref_no.map(owned),
            remitter_account: self.remitter_account.map(owned),
            remitter_name: self.remitter_name.map(owned),
            remitter_ifsc: self.remitter_ifsc.map(owned),
            email: self.email.map(owned),
            phone: self.phone.map(owned),
            vaccount_id: self.vaccount_id.map(owned),
            vaccount_number: self.vaccount_number.map(owned),
        }
    }
}

/// A bank transfer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BankTransferMethod<'a> {
    /// `NEFT`, `RTGS`, `IMPS`, …
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub transfer_type: Option<Cow<'a, str>>,
    /// Remitting bank.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub bank: Option<Cow<'a, str>>,
}

pull_struct!(BankTransferMethod<'a> {
    transfer_type: text,
    bank: text,
});

impl BankTransferMethod<'_> {
    /// The same value owning all its text, so it no longer borrows the webhook body.
    pub fn into_owned(self) -> BankTransferMethod<'static> {
        BankTransferMethod {
            transfer_type: self.transfer_type.map(owned),
            bank: self.bank.map(owned),
        }
    }
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
pub struct ErrorDetails<'a> {
    /// Error code (e.g. `GATEWAY_ERROR`).
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub error_code: Option<Cow<'a, str>>,
    /// Description.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub error_description: Option<Cow<'a, str>>,
    /// Reason (e.g. `invalid_amount`).
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub error_reason: Option<Cow<'a, str>>,
    /// Who failed it (e.g. `cashfree`, `customer`, `bank`).
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub error_source: Option<Cow<'a, str>>,
    /// The bank's or network's raw code (e.g. `U09`).
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub error_subcode_raw: Option<Cow<'a, str>>,
}

pull_struct!(ErrorDetails<'a> {
    error_code: text,
    error_description: text,
    error_reason: text,
    error_source: text,
    error_subcode_raw: text,
});

impl ErrorDetails<'_> {
    /// The same value owning all its text, so it no longer borrows the webhook body.
    pub fn into_owned(self) -> ErrorDetails<'static> {
        ErrorDetails {
            error_code: self.error_code.map(owned),
            error_description: self.error_description.map(owned),
            error_reason: self.error_reason.map(owned),
            error_source: self.error_source.map(owned),
            error_subcode_raw: self.error_subcode_raw.map(owned),
        }
    }
}

/// `payment_gateway_details`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct GatewayDetails<'a> {
    /// Gateway (e.g. `CASHFREE`).
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub gateway_name: Option<Cow<'a, str>>,
    /// The gateway's order id.
    #[serde(default, borrow, deserialize_with = "de::opt_flex")]
    pub gateway_order_id: Option<Cow<'a, str>>,
    /// The gateway's payment id.
    #[serde(default, borrow, deserialize_with = "de::opt_flex")]
    pub gateway_payment_id: Option<Cow<'a, str>>,
    /// The gateway's order reference.
    #[serde(default, borrow, deserialize_with = "de::opt_flex")]
    pub gateway_order_reference_id: Option<Cow<'a, str>>,
    /// Who settles (e.g. `CASHFREE`).
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub gateway_settlement: Option<Cow<'a, str>>,
    /// The gateway's status code.
    #[serde(default, borrow, deserialize_with = "de::opt_flex")]
    pub gateway_status_code: Option<Cow<'a, str>>,
}

pull_struct!(GatewayDetails<'a> {
    gateway_name: text,
    gateway_order_id: flex,
    gateway_payment_id: flex,
    gateway_order_reference_id: flex,
    gateway_settlement: text,
    gateway_status_code: flex,
});

impl GatewayDetails<'_> {
    /// The same value owning all its text, so it no longer borrows the webhook body.
    pub fn into_owned(self) -> GatewayDetails<'static> {
        GatewayDetails {
            gateway_name: self.gateway_name.map(owned),
            gateway_order_id: self.gateway_order_id.map(owned),
            gateway_payment_id: self.gateway_payment_id.map(owned),
            gateway_order_reference_id: self.gateway_order_reference_id.map(owned),
            gateway_settlement: self.gateway_settlement.map(owned),
            gateway_status_code: self.gateway_status_code.map(owned),
        }
    }
}

/// One offer applied to the payment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PaymentOffer<'a> {
    /// Offer id.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub offer_id: Option<Cow<'a, str>>,
    /// Kind of offer.
    #[serde(default)]
    pub offer_type: Option<OfferType>,
    /// Title, code and validity.
    #[serde(default, borrow)]
    pub offer_meta: Option<OfferMeta<'a>>,
    /// What the offer gave on this payment.
    #[serde(default, borrow)]
    pub offer_redemption: Option<OfferRedemption<'a>>,
}

pull_struct!(PaymentOffer<'a> {
    offer_id: text,
    offer_type: open,
    offer_meta: pull,
    offer_redemption: pull,
});

impl PaymentOffer<'_> {
    /// The same value owning all its text, so it no longer borrows the webhook body.
    pub fn into_owned(self) -> PaymentOffer<'static> {
        PaymentOffer {
            offer_id: self.offer_id.map(owned),
            offer_type: self.offer_type,
            offer_meta: self.offer_meta.map(OfferMeta::into_owned),
            offer_redemption: self.offer_redemption.map(OfferRedemption::into_owned),
        }
    }
}

/// `offer_meta`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OfferMeta<'a> {
    /// Title.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub offer_title: Option<Cow<'a, str>>,
    /// Description.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub offer_description: Option<Cow<'a, str>>,
    /// Code.
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub offer_code: Option<Cow<'a, str>>,
    /// Start of validity (as sent).
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub offer_start_time: Option<Cow<'a, str>>,
    /// End of validity (as sent).
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub offer_end_time: Option<Cow<'a, str>>,
}

pull_struct!(OfferMeta<'a> {
    offer_title: text,
    offer_description: text,
    offer_code: text,
    offer_start_time: text,
    offer_end_time: text,
});

impl OfferMeta<'_> {
    /// The same value owning all its text, so it no longer borrows the webhook body.
    pub fn into_owned(self) -> OfferMeta<'static> {
        OfferMeta {
            offer_title: self.offer_title.map(owned),
            offer_description: self.offer_description.map(owned),
            offer_code: self.offer_code.map(owned),
            offer_start_time: self.offer_start_time.map(owned),
            offer_end_time: self.offer_end_time.map(owned),
        }
    }
}

/// `offer_redemption`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OfferRedemption<'a> {
    /// Redemption state (e.g. `SUCCESS`).
    #[serde(default, borrow, deserialize_with = "de::opt_text")]
    pub redemption_status: Option<Cow<'a, str>>,
    /// Discount given, exact.
    #[serde(default)]
    pub discount_amount: Option<Amount>,
    /// Cashback given, exact.
    #[serde(default)]
    pub cashback_amount: Option<Amount>,
}

pull_struct!(OfferRedemption<'a> {
    redemption_status: text,
    discount_amount: amount,
    cashback_amount: amount,
});

impl OfferRedemption<'_> {
    /// The same value owning all its text, so it no longer borrows the webhook body.
    pub fn into_owned(self) -> OfferRedemption<'static> {
        OfferRedemption {
            redemption_status: self.redemption_status.map(owned),
            discount_amount: self.discount_amount,
            cashback_amount: self.cashback_amount,
        }
    }
}

/// `terminal_details` (2025-01-01).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TerminalDetails<'a> {
    /// Cashfree's terminal id (a number in the sample).
    #[serde(default, borrow, deserialize_with = "de::opt_flex")]
    pub cf_terminal_id: Option<Cow<'a, str>>,
    /// Terminal phone.
    #[serde(default, borrow, deserialize_with = "de::opt_flex")]
    pub terminal_phone: Option<Cow<'a, str>>,
}

pull_struct!(TerminalDetails<'a> {
    cf_terminal_id: flex,
    terminal_phone: flex,
});

impl TerminalDetails<'_> {
    /// The same value owning all its text, so it no longer borrows the webhook body.
    pub fn into_owned(self) -> TerminalDetails<'static> {
        TerminalDetails {
            cf_terminal_id: self.cf_terminal_id.map(owned),
            terminal_phone: self.terminal_phone.map(owned),
        }
    }
}
