//! Who sent a webhook, told from the payload's shape.
//!
//! The rule, in order:
//! 1. A string `type` field: Cashfree's merchant webhooks. A known `type` names the product
//!    (payments, disputes, payment links, Collect from India). An unknown `type` is classified
//!    by `data`: `data.dispute` → disputes; `data.link_id` / `data.cf_link_id` → payment links;
//!    `data.payment_verification_status` / `data.required_details` /
//!    `data.cf_ica_settlement_id` → Collect from India; `data.payment` / `data.order` → payments;
//!    anything else → [`Provider::Cashfree`].
//! 2. Otherwise a string `event` field: `payin.*` / `payout.*` → the Payin & Payout API; a
//!    known Global Collections event, or a body with `cmsProfileId`, `vAccountId`,
//!    `vAccountNumber` or `vAccounts` → Global Collections; a `data` object with both
//!    `order_id` and `user_id` → the Payin & Payout API; a known Cashgram event, or a body with
//!    a `signature` field and `cashgramid`, `transferId` or `referenceId` (the flat fields of a
//!    Payouts v1 form) → Payouts v1.
//! 3. Otherwise [`Provider::Unknown`] with an empty event name.
//!
//! An event is *known* when its name is one this version types for that provider.

use serde_json::{Map, Value};

use super::events::{
    CashgramEventType, CollectFromIndiaEventType, DisputeEventType, GcEventType,
    PayinPayoutEventType, PaymentEventType, PaymentLinkEventType,
};

/// Who sent a webhook.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Provider {
    /// Cashfree PG payment webhooks (`cashfree-pg`).
    CashfreePayments,
    /// Cashfree PG dispute webhooks (`cashfree-disputes`).
    CashfreeDisputes,
    /// Cashfree payment-link webhooks (`cashfree-payment-links`).
    CashfreePaymentLinks,
    /// Cashfree Collect from India webhooks (`cashfree-collect-from-india`).
    CashfreeCollectFromIndia,
    /// Cashfree Global Collections partner webhooks (`cashfree-global-collections`).
    CashfreeGlobalCollections,
    /// The Payin & Payout API (`payin-payout`).
    PayinPayout,
    /// Cashfree Payouts v1 webhooks, the Cashgram events (`cashfree-payouts-v1`):
    /// form-encoded, signed in the body's `signature` field with the Payouts client secret.
    CashfreePayoutsV1,
    /// A Cashfree-shaped webhook (`type` + `data`) of a product this version does not know
    /// (`cashfree`).
    Cashfree,
    /// Not recognisable (`unknown`).
    Unknown,
}

/// The secret a provider's webhooks are signed with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SigningKey {
    /// The PG client secret (`x-client-secret`).
    ClientSecret,
    /// The partner API key.
    PartnerApiKey,
}

impl Provider {
    /// The name used by `paygen webhook parse` (`cashfree-pg`, `payin-payout`, …).
    pub fn as_str(&self) -> &'static str {
        match self {
            Provider::CashfreePayments => "cashfree-pg",
            Provider::CashfreeDisputes => "cashfree-disputes",
            Provider::CashfreePaymentLinks => "cashfree-payment-links",
            Provider::CashfreeCollectFromIndia => "cashfree-collect-from-india",
            Provider::CashfreeGlobalCollections => "cashfree-global-collections",
            Provider::PayinPayout => "payin-payout",
            Provider::CashfreePayoutsV1 => "cashfree-payouts-v1",
            Provider::Cashfree => "cashfree",
            Provider::Unknown => "unknown",
        }
    }

    /// The secret that signs this provider's webhooks, or `None` when the documents describe
    /// no signature (Payin & Payout) or the sender is unknown. Payouts v1 signs in the body
    /// (see [`Provider::signs_in_body`]), every other provider in `x-webhook-signature`.
    pub fn signing_key(&self) -> Option<SigningKey> {
        match self {
            Provider::CashfreePayments
            | Provider::CashfreeDisputes
            | Provider::CashfreePaymentLinks
            | Provider::CashfreeCollectFromIndia
            | Provider::CashfreePayoutsV1
            | Provider::Cashfree => Some(SigningKey::ClientSecret),
            Provider::CashfreeGlobalCollections => Some(SigningKey::PartnerApiKey),
            Provider::PayinPayout | Provider::Unknown => None,
        }
    }

    /// True for Payouts v1, whose webhooks carry their signature in a `signature` form field
    /// ([`super::Verifier::verify_form`]) rather than in headers.
    pub fn signs_in_body(&self) -> bool {
        matches!(self, Provider::CashfreePayoutsV1)
    }

    /// The event names this version types for the provider.
    pub fn known_events(&self) -> &'static [&'static str] {
        match self {
            Provider::CashfreePayments => PaymentEventType::KNOWN,
            Provider::CashfreeDisputes => DisputeEventType::KNOWN,
            Provider::CashfreePaymentLinks => PaymentLinkEventType::KNOWN,
            Provider::CashfreeCollectFromIndia => CollectFromIndiaEventType::KNOWN,
            Provider::CashfreeGlobalCollections => GcEventType::KNOWN,
            Provider::PayinPayout => PayinPayoutEventType::KNOWN,
            Provider::CashfreePayoutsV1 => CashgramEventType::KNOWN,
            Provider::Cashfree | Provider::Unknown => &[],
        }
    }
}

impl std::fmt::Display for Provider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who sent a payload, its event name, and whether this version knows that event.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Identity {
    /// The sender, from the payload's shape.
    pub provider: Provider,
    /// The `type` or `event` string; empty when there is neither.
    pub event: String,
    /// True when the event is one this version types.
    pub known: bool,
}

/// Tells the provider and event of a JSON object (the rule is in the module docs).
///
/// ```
/// use paygen::webhooks::{identify, Provider};
/// let v: serde_json::Value = serde_json::from_str(r#"{"event":"payin.succeeded","data":{}}"#).unwrap();
/// let id = identify(v.as_object().unwrap());
/// assert_eq!((id.provider, id.event.as_str(), id.known), (Provider::PayinPayout, "payin.succeeded", true));
/// ```
pub fn identify(body: &Map<String, Value>) -> Identity {
    if let Some(Value::String(name)) = body.get("type") {
        let provider = [
            Provider::CashfreePayments,
            Provider::CashfreeDisputes,
            Provider::CashfreePaymentLinks,
            Provider::CashfreeCollectFromIndia,
        ]
        .into_iter()
        .find(|p| p.known_events().contains(&name.as_str()))
        .unwrap_or_else(|| cashfree_product(body.get("data")));
        return identity(provider, name);
    }
    if let Some(Value::String(name)) = body.get("event") {
        let has = |key: &str| body.contains_key(key);
        let data_has =
            |key: &str| matches!(body.get("data"), Some(Value::Object(d)) if d.contains_key(key));
        let provider = if name.starts_with("payin.") || name.starts_with("payout.") {
            Provider::PayinPayout
        } else if GcEventType::KNOWN.contains(&name.as_str())
            || ["cmsProfileId", "vAccountId", "vAccountNumber", "vAccounts"]
                .into_iter()
                .any(has)
        {
            Provider::CashfreeGlobalCollections
        } else if data_has("order_id") && data_has("user_id") {
            Provider::PayinPayout
        } else if CashgramEventType::KNOWN.contains(&name.as_str())
            || (matches!(body.get("signature"), Some(Value::String(_)))
                && ["cashgramid", "transferId", "referenceId"]
                    .into_iter()
                    .any(has))
        {
            Provider::CashfreePayoutsV1
        } else {
            Provider::Unknown
        };
        return identity(provider, name);
    }
    Identity {
        provider: Provider::Unknown,
        event: String::new(),
        known: false,
    }
}

fn identity(provider: Provider, name: &str) -> Identity {
    Identity {
        provider,
        event: name.to_string(),
        known: provider.known_events().contains(&name),
    }
}

fn cashfree_product(data: Option<&Value>) -> Provider {
    let Some(Value::Object(data)) = data else {
        return Provider::Cashfree;
    };
    let has = |key: &str| data.contains_key(key);
    if has("dispute") {
        Provider::CashfreeDisputes
    } else if has("link_id") || has("cf_link_id") {
        Provider::CashfreePaymentLinks
    } else if has("payment_verification_status")
        || has("required_details")
        || has("cf_ica_settlement_id")
    {
        Provider::CashfreeCollectFromIndia
    } else if has("payment") || has("order") {
        Provider::CashfreePayments
    } else {
        Provider::Cashfree
    }
}
