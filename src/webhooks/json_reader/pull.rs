//! The pull reader: the payment webhook (the most frequent event), the dispute and the
//! payment-link webhooks, read straight off the [`Reader`] field by field, without serde's
//! visitor layers (no field-identifier visitor, no raw-value map for amounts, ids and enum
//! values, no `Result` of a whole struct passed up through `Option`, `Box` and `visit_some`).
//!
//! It is an accelerator, never a second meaning: every value it gives is the one the derived
//! `Deserialize` gives through the [`Reader`] (and so the one serde_json gives), and on
//! anything it does not handle the simple way — an escaped key, a struct written as an array,
//! a `true` where an id goes, a duplicate key, a missing required field, any malformed JSON —
//! it fails and the caller reads the body with the derived types instead. The differential
//! tests and the `json_reader` fuzz target hold it to that ([`super::reader_disagreement`]).
//!
//! A struct gets its [`Pull`] from [`pull_struct!`], which names each field once with how its
//! value is read (the same rule as the field's `deserialize_with`). The struct literal it
//! builds fails to compile when a field is left out; one test compares each struct's keys
//! with the ones serde's derive reads, and another sends every key every kind of value and
//! requires serde_json's value, or a decline only of a shape left to the derived types.

use std::borrow::Cow;

use serde::de::Deserialize;

use super::{fail, Error, Reader, Text};
use crate::Amount;
use crate::FlexString;

/// A type read straight off the reader (see the module documentation).
pub(crate) trait Pull<'de>: Sized {
    /// The JSON keys of a struct's fields, in declaration order (empty for other types).
    #[cfg_attr(not(test), allow(dead_code))]
    const KEYS: &'static [&'static str] = &[];

    /// Reads one value at the reader's position, or fails (the caller then reads the body
    /// the derived way).
    fn pull(r: &mut Reader<'de>) -> Result<Self, Error>;
}

/// Reads the whole of `text` as a `T` (whitespace around it allowed, nothing else).
pub(crate) fn from_str<'de, T: Pull<'de>>(text: &'de str) -> Result<T, Error> {
    super::whole(text, T::pull)
}

impl<'de, T: Pull<'de>> Pull<'de> for Option<T> {
    /// `null` is `None`, as serde's `Option` reads it.
    fn pull(r: &mut Reader<'de>) -> Result<Self, Error> {
        if r.null()? {
            Ok(None)
        } else {
            T::pull(r).map(Some)
        }
    }
}

impl<'de, T: Pull<'de>> Pull<'de> for Box<T> {
    fn pull(r: &mut Reader<'de>) -> Result<Self, Error> {
        T::pull(r).map(Box::new)
    }
}

impl<'de, T: Pull<'de>> Pull<'de> for Vec<T> {
    /// An array, within the depth budget, as serde's `Vec` reads it.
    fn pull(r: &mut Reader<'de>) -> Result<Self, Error> {
        if r.peek_ws() != Some(b'[') {
            return fail("invalid type: expected an array");
        }
        r.pos += 1;
        r.nested(b']', |r| {
            let mut items = Vec::new();
            while r.next_element(items.is_empty())? {
                items.push(T::pull(r)?);
            }
            Ok(items)
        })
    }
}

impl<'de> Reader<'de> {
    /// Consumes a `null` and says so; anything else is left for the value's reader.
    #[inline]
    fn null(&mut self) -> Result<bool, Error> {
        if self.peek_ws() == Some(b'n') {
            self.null_rest().map(|()| true)
        } else {
            Ok(false)
        }
    }

    /// Reads an object, within the depth budget, handing each entry's key (unescaped keys
    /// only) to `entry` with the reader at its value; `entry` must read or skip that value.
    #[inline]
    pub(crate) fn entries(
        &mut self,
        mut entry: impl FnMut(&mut Self, &'de str) -> Result<(), Error>,
    ) -> Result<(), Error> {
        if self.peek_ws() != Some(b'{') {
            // serde's derive also reads a struct from an array of its fields: left to it.
            return fail("invalid type: expected an object");
        }
        self.pos += 1;
        self.nested(b'}', |r| {
            let mut first = true;
            while r.next_key(first)? {
                first = false;
                let key = match r.string()? {
                    Text::Borrowed(key) => key,
                    Text::Copied(_) => return fail("an escaped key is read by the derived types"),
                };
                r.expect(b':', "expected `:`")?;
                entry(r, key)?;
            }
            Ok(())
        })
    }
}

/// Stores the value of a field, read by `how`; a second value for it fails, as serde's derive
/// refuses a duplicate field.
#[inline]
pub(crate) fn put<'de, T>(
    slot: &mut Option<T>,
    r: &mut Reader<'de>,
    how: fn(&mut Reader<'de>) -> Result<T, Error>,
) -> Result<(), Error> {
    if slot.is_some() {
        return fail("duplicate field");
    }
    *slot = Some(how(r)?);
    Ok(())
}

/// A required field's value, or a failure when the object had none.
#[inline]
pub(crate) fn required<T>(slot: Option<T>) -> Result<T, Error> {
    slot.map_or_else(|| fail("missing field"), Ok)
}

/// `T`'s own [`Pull`].
#[inline]
pub(crate) fn pull<'de, T: Pull<'de>>(r: &mut Reader<'de>) -> Result<T, Error> {
    T::pull(r)
}

/// Through `T`'s derived `Deserialize`, on the same reader: for fields too rare to be worth a
/// reader of their own (order tags, EMI details, surcharges).
#[inline]
pub(crate) fn serde<'de, T: Deserialize<'de>>(r: &mut Reader<'de>) -> Result<T, Error> {
    T::deserialize(r)
}

/// What `webhooks::de::opt_text` reads: `null`, or a string (lent when it has no escapes).
#[inline(always)]
pub(crate) fn text<'de>(r: &mut Reader<'de>) -> Result<Option<Cow<'de, str>>, Error> {
    match r.peek_ws() {
        Some(b'"') => {
            r.pos += 1;
            Ok(Some(r.string()?.into_cow()))
        }
        Some(b'n') => r.null_rest().map(|()| None),
        _ => fail("invalid type: expected a string"),
    }
}

/// What `webhooks::de::opt_flex` reads (and [`FlexString`]'s rule): `null`, a string, or a
/// number's digits as sent, at most [`FlexString::MAX_LEN`] bytes. `true`/`false`, which the
/// derived types keep as text, are left to them.
#[inline(always)]
pub(crate) fn flex<'de>(r: &mut Reader<'de>) -> Result<Option<Cow<'de, str>>, Error> {
    let text = match r.peek_ws() {
        Some(b'"') => {
            r.pos += 1;
            r.string()?.into_cow()
        }
        Some(b'-' | b'0'..=b'9') => Cow::Borrowed(r.number_text()?.0),
        Some(b'n') => return r.null_rest().map(|()| None),
        _ => return fail("expected a string or a number"),
    };
    if text.len() > FlexString::MAX_LEN {
        return fail("an id longer than FlexString::MAX_LEN");
    }
    Ok(Some(text))
}

impl<'de> Text<'de, '_> {
    /// The text, lent when it was lent, copied when it was decoded.
    #[inline]
    fn into_cow(self) -> Cow<'de, str> {
        match self {
            Text::Borrowed(s) => Cow::Borrowed(s),
            Text::Copied(s) => Cow::Owned(s.to_owned()),
        }
    }
}

/// What `webhooks::de::opt_bool` reads (`null`, `true`/`false`, or the same as text or a
/// number, as form deliveries send them): through that very function, on this reader.
#[inline]
pub(crate) fn opt_bool(r: &mut Reader<'_>) -> Result<Option<bool>, Error> {
    crate::webhooks::de::opt_bool(r)
}

/// An open enum's value (`null` is `None`): the text [`flex`] reads, named by the enum.
#[inline]
pub(crate) fn open<'de, E: for<'t> From<&'t str>>(r: &mut Reader<'de>) -> Result<Option<E>, Error> {
    Ok(flex(r)?.map(|text| E::from(text.as_ref())))
}

/// A required open enum's value (`null` refused, as the derived types refuse it).
#[inline]
pub(crate) fn open_required<'de, E: for<'t> From<&'t str>>(
    r: &mut Reader<'de>,
) -> Result<E, Error> {
    match open(r)? {
        Some(value) => Ok(value),
        None => fail("expected a string or a number, found null"),
    }
}

/// An amount (`null` is `None`): a number's text or a string without escapes, parsed by
/// [`Amount`]'s own rule, exactly.
#[inline]
pub(crate) fn amount(r: &mut Reader<'_>) -> Result<Option<Amount>, Error> {
    let text = match r.peek_ws() {
        Some(b'n') => return r.null_rest().map(|()| None),
        Some(b'"') => {
            r.pos += 1;
            match r.string()? {
                Text::Borrowed(s) => s,
                Text::Copied(_) => return fail("an escaped amount is refused"),
            }
        }
        Some(b'-' | b'0'..=b'9') => r.number_text()?.0,
        _ => return fail("expected a decimal amount"),
    };
    match text.parse() {
        Ok(amount) => Ok(Some(amount)),
        Err(_) => fail("not an amount"),
    }
}

/// Implements [`Pull`] for a struct whose every field is listed with the reader of its value
/// (a function of this module: `text`, `flex`, `open`, `open_required`, `amount`, `opt_bool`,
/// `pull`, `serde`), its JSON key (`field as "key"` when it differs from the field's name), and
/// `required` when serde's derive has no default for it.
macro_rules! pull_struct {
    ($name:ident<$lt:lifetime> {
        $($field:ident $(as $key:literal)?: $how:ident $($required:ident)?),* $(,)?
    }) => {
        impl<$lt> $crate::webhooks::json_reader::pull::Pull<$lt> for $name<$lt> {
            const KEYS: &'static [&'static str] =
                &[$($crate::webhooks::json_reader::pull::pull_struct!(@key $field $($key)?)),*];

            fn pull(
                r: &mut $crate::webhooks::json_reader::Reader<$lt>,
            ) -> ::std::result::Result<Self, $crate::webhooks::json_reader::Error> {
                use $crate::webhooks::json_reader::pull as p;
                $(let mut $field = None;)*
                r.entries(|r, key| match key {
                    $($crate::webhooks::json_reader::pull::pull_struct!(@key $field $($key)?) =>
                        p::put(&mut $field, r, p::$how),)*
                    _ => r.skip_value(),
                })?;
                Ok($name {
                    $($field: $crate::webhooks::json_reader::pull::pull_struct!(
                        @finish $field $($required)?
                    ),)*
                })
            }
        }
    };
    (@key $field:ident) => { stringify!($field) };
    (@key $field:ident $key:literal) => { $key };
    (@finish $field:ident) => { $field.unwrap_or_default() };
    (@finish $field:ident required) => { p::required($field)? };
}
pub(crate) use pull_struct;

#[cfg(test)]
mod tests {
    use std::borrow::Cow;
    use std::fmt;

    use serde::de::{self, Deserialize, Deserializer, Visitor};

    use super::Pull;

    /// The keys serde's derive reads for `T` (the `fields` it passes to
    /// `deserialize_struct`).
    fn serde_keys<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
        struct Fields;
        #[derive(Debug)]
        struct Found(&'static [&'static str]);
        impl fmt::Display for Found {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{:?}", self.0)
            }
        }
        impl std::error::Error for Found {}
        impl de::Error for Found {
            fn custom<M: fmt::Display>(_: M) -> Self {
                Found(&[])
            }
        }
        impl<'de> Deserializer<'de> for Fields {
            type Error = Found;
            fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Found> {
                Err(Found(&[]))
            }
            fn deserialize_struct<V: Visitor<'de>>(
                self,
                _: &'static str,
                fields: &'static [&'static str],
                _: V,
            ) -> Result<V::Value, Found> {
                Err(Found(fields))
            }
            serde::forward_to_deserialize_any! {
                bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
                byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map
                identifier ignored_any enum
            }
        }
        match T::deserialize(Fields) {
            Ok(_) => &[],
            Err(Found(fields)) => fields,
        }
    }

    fn same_keys<'de, T: Deserialize<'de> + Pull<'de>>(name: &str) {
        let mut ours = T::KEYS.to_vec();
        let mut theirs = serde_keys::<T>().to_vec();
        assert!(!theirs.is_empty(), "{name}: serde reads no struct");
        ours.sort_unstable();
        theirs.sort_unstable();
        assert_eq!(ours, theirs, "{name}: the pull keys are not serde's");
    }

    /// The documented samples whose `type` is of one kind, as sent and without whitespace
    /// (at least `at_least` of them).
    #[cfg(feature = "pg")]
    fn documented_samples(is_kind: impl Fn(&str) -> bool, at_least: usize) -> Vec<String> {
        let mut out = Vec::new();
        for sample in crate::webhooks::samples::all() {
            let Ok(body) = String::from_utf8(sample.body()) else {
                continue;
            };
            let Ok(value) = serde_json::from_str::<serde_json::Value>(&body) else {
                continue;
            };
            if is_kind(value["type"].as_str().unwrap_or_default()) {
                out.push(value.to_string());
                out.push(body);
            }
        }
        assert!(out.len() >= at_least, "samples not found: {}", out.len());
        out
    }

    /// Each documented body is pulled (not declined) and equals serde_json's value.
    #[cfg(feature = "pg")]
    fn pulled_as_serde_json_reads_them<'a, T>(bodies: &'a [String]) -> Vec<T>
    where
        T: Pull<'a> + Deserialize<'a> + PartialEq + fmt::Debug,
    {
        bodies
            .iter()
            .map(|body| {
                let pulled = super::from_str::<T>(body)
                    .unwrap_or_else(|e| panic!("declined ({e}) a documented body: {body}"));
                let theirs: T = serde_json::from_str(body).unwrap();
                assert_eq!(pulled, theirs, "on {body}");
                pulled
            })
            .collect()
    }

    #[cfg(feature = "pg")]
    #[test]
    fn every_documented_payment_webhook_is_pulled_as_serde_json_reads_it() {
        use crate::webhooks::{PaymentEventType, PaymentWebhook};
        let bodies = documented_samples(|name| PaymentEventType::from(name).is_known(), 12);
        for pulled in pulled_as_serde_json_reads_them::<PaymentWebhook>(&bodies) {
            // Text without escapes is lent from the body, as the derived types lend it.
            if let Some(order_id) = pulled.data.order.as_ref().and_then(|o| o.order_id.as_ref()) {
                assert!(matches!(order_id, Cow::Borrowed(_)));
            }
        }
    }

    #[cfg(feature = "pg")]
    #[test]
    fn every_documented_dispute_and_payment_link_webhook_is_pulled_as_serde_json_reads_it() {
        use crate::webhooks::events::{DisputeEventType, PaymentLinkEventType};
        use crate::webhooks::{DisputeWebhook, PaymentLinkWebhook};
        let bodies = documented_samples(|name| DisputeEventType::from(name).is_known(), 12);
        for pulled in pulled_as_serde_json_reads_them::<DisputeWebhook>(&bodies) {
            let dispute = pulled.data.dispute.expect("every sample has its dispute");
            assert!(matches!(dispute.dispute_id, Some(Cow::Borrowed(_))));
        }
        let bodies = documented_samples(|name| PaymentLinkEventType::from(name).is_known(), 2);
        for pulled in pulled_as_serde_json_reads_them::<PaymentLinkWebhook>(&bodies) {
            assert!(matches!(pulled.data.link_id, Some(Cow::Borrowed(_))));
        }
    }

    /// What the pull reader leaves to the derived types (it declines), and what it reads the
    /// way they do.
    #[cfg(feature = "pg")]
    #[test]
    fn unusual_shapes_are_declined_or_read_as_serde_json_reads_them() {
        use crate::webhooks::PaymentWebhook;
        fn pulled(text: &str) -> Result<PaymentWebhook<'_>, super::Error> {
            super::from_str(text)
        }
        fn theirs(text: &str) -> serde_json::Result<PaymentWebhook<'_>> {
            serde_json::from_str(text)
        }
        let t = r#","type":"PAYMENT_SUCCESS_WEBHOOK"}"#;
        // Declined, though serde_json reads them: an escaped key, a struct as an array, an id
        // sent as `true`.
        for text in [
            format!(r#"{{"data":{{"order":{{"order\u005fid":"o1"}}}}{t}"#),
            format!(r#"{{"data":{{"order":["o1"]}}{t}"#),
            format!(r#"{{"data":{{"payment":{{"cf_payment_id":true}}}}{t}"#),
        ] {
            assert!(pulled(&text).is_err(), "{text}");
            assert!(theirs(&text).is_ok(), "{text}");
        }
        // Declined, and refused by serde_json too: a duplicate key, no `type`, a `null` type,
        // a trailing comma, an escaped amount, an id past FlexString::MAX_LEN, a wrong type.
        let long = "7".repeat(crate::FlexString::MAX_LEN + 1);
        for text in [
            format!(r#"{{"data":{{}},"data":{{}}{t}"#),
            format!(r#"{{"data":{{"order":{{"order_id":"a","order_id":"b"}}}}{t}"#),
            r#"{"data":{}}"#.to_string(),
            r#"{"data":{},"type":null}"#.to_string(),
            format!(r#"{{"data":{{"order":{{"order_id":"a",}}}}{t}"#),
            format!(r#"{{"data":{{"order":{{"order_amount":"1\u0030"}}}}{t}"#),
            format!(r#"{{"data":{{"payment":{{"bank_reference":{long}}}}}{t}"#),
            format!(r#"{{"data":{{"order":{{"order_id":7}}}}{t}"#),
            format!(r#"{{"data":{{"order":{{"order_amount":"1.2.3"}}}}{t}"#),
        ] {
            assert!(pulled(&text).is_err(), "{text}");
            assert!(theirs(&text).is_err(), "{text}");
        }
        // Read as serde_json reads them: escaped text (copied), ids as numbers (their digits),
        // amounts as strings, unknown keys skipped, open enums' unknown values, order tags.
        for text in [
            format!(r#"{{"data":{{"order":{{"order_id":"a\"b","x":[{{}}]}}}}{t}"#),
            format!(r#"{{"data":{{"payment":{{"cf_payment_id":12345678901234567890123}}}}{t}"#),
            format!(
                r#"{{"data":{{"payment":{{"payment_amount":"170.00","payment_status":"NEW"}}}}{t}"#
            ),
            format!(r#"{{"data":{{"order":{{"order_tags":{{"cf_link_id":"9"}}}}}}{t}"#),
            format!(
                r#"{{"data":{{"payment":{{"payment_method":{{"card":{{"emi_details":{{"emi_tenure":"3"}}}}}}}}}}{t}"#
            ),
            format!(r#"{{"data":{{"payment_offers":[{{"offer_type":"CASHBACK"}},{{}}]}}{t}"#),
            r#" {"type":"PAYMENT_FAILED_WEBHOOK","data":{"payment":null},"event_time":null} "#
                .to_string(),
        ] {
            let ours = pulled(&text).unwrap_or_else(|e| panic!("declined ({e}): {text}"));
            assert_eq!(ours, theirs(&text).unwrap(), "{text}");
        }
    }

    /// Every kind of value a field may be sent as.
    const VALUES: &[&str] = &[
        "null",
        r#""x""#,
        r#""a\"b""#,
        r#""""#,
        "7",
        "-7",
        "0",
        "1.50",
        r#""1.50""#,
        "1e3",
        "12345678901234567890123",
        "true",
        "{}",
        "[]",
        "[{}]",
        "[null]",
        r#"{"x":1}"#,
        r#""SUCCESS""#,
        r#""upi""#,
    ];

    /// The values of [`VALUES`] the pull reader may decline where serde_json reads them:
    /// `true` as an id or enum, and arrays where a struct goes (serde reads a struct from an
    /// array of its fields).
    const DECLINED: &[&str] = &["true", "[]", "[{}]", "[null]"];

    /// Every key of a struct with every kind of value, alone in an object: the pull reader
    /// declines, or reads what serde_json reads (so each field's reader follows the rule of
    /// its `deserialize_with`).
    macro_rules! each_key_reads_as_serde_json_reads_it {
        ($($ty:ident),*) => {$(
            for key in <$ty as Pull>::KEYS {
                for value in VALUES {
                    let text = format!(r#"{{"{key}":{value}}}"#);
                    read_as_serde_json_reads_it::<$ty>(
                        stringify!($ty),
                        &text,
                        DECLINED.contains(value),
                    );
                }
            }
        )*};
    }

    /// An event's keys with every kind of value, beside a valid `data` and `type` (a second
    /// `data` or `type` is a duplicate, which both refuse), and beside `data` alone (no
    /// `type`, unless it is the key): declined, or read as serde_json reads it.
    macro_rules! each_event_key_reads_as_serde_json_reads_it {
        ($($ty:ident: $event:literal),*) => {$(
            for key in <$ty as Pull>::KEYS {
                for value in VALUES {
                    let text = format!(r#"{{"data":{{}},"type":"{}","{key}":{value}}}"#, $event);
                    let duplicate = matches!(*key, "data" | "type");
                    read_as_serde_json_reads_it::<$ty>(
                        stringify!($ty),
                        &text,
                        DECLINED.contains(value) && !duplicate,
                    );
                    let text = format!(r#"{{"data":{{}},"{key}":{value}}}"#);
                    read_as_serde_json_reads_it::<$ty>(
                        stringify!($ty),
                        &text,
                        DECLINED.contains(value),
                    );
                }
            }
        )*};
    }

    /// `text` pulled as a `T` gives serde_json's value; a decline is allowed where
    /// serde_json refuses the text too, or where `may_decline` (a shape left to the derived
    /// types), never for a value a field is documented with.
    fn read_as_serde_json_reads_it<'a, T>(what: &str, text: &'a str, may_decline: bool)
    where
        T: Pull<'a> + Deserialize<'a> + PartialEq + fmt::Debug,
    {
        match (super::from_str::<T>(text), serde_json::from_str::<T>(text)) {
            (Ok(ours), Ok(theirs)) => assert_eq!(ours, theirs, "{what}: {text}"),
            (Ok(ours), Err(e)) => panic!("{what}: pulled {ours:?} from {text}, serde_json: {e}"),
            (Err(_), theirs) => assert!(may_decline || theirs.is_err(), "{what}: declined {text}"),
        }
    }

    #[cfg(feature = "pg")]
    #[test]
    fn every_pulled_field_reads_each_kind_of_value_as_serde_json_does() {
        use crate::webhooks::events::*;
        each_key_reads_as_serde_json_reads_it!(
            PaymentWebhookData,
            WebhookOrder,
            WebhookPayment,
            PaymentMethod,
            CardMethod,
            NetbankingMethod,
            UpiMethod,
            AppMethod,
            LenderMethod,
            VbaTransferMethod,
            BankTransferMethod,
            ErrorDetails,
            GatewayDetails,
            PaymentOffer,
            OfferMeta,
            OfferRedemption,
            TerminalDetails,
            CustomerDetails
        );
        each_key_reads_as_serde_json_reads_it!(
            DisputeWebhookData,
            Dispute,
            DisputeOrderDetails,
            PaymentLink,
            LinkCustomer,
            LinkOrder
        );
        each_event_key_reads_as_serde_json_reads_it!(
            PaymentWebhook: "PAYMENT_SUCCESS_WEBHOOK",
            DisputeWebhook: "DISPUTE_CREATED",
            PaymentLinkWebhook: "PAYMENT_LINK_EVENT"
        );
    }

    #[cfg(feature = "pg")]
    #[test]
    fn every_pulled_struct_reads_the_keys_serde_reads() {
        use crate::webhooks::events::*;
        same_keys::<PaymentWebhook>("PaymentWebhook");
        same_keys::<PaymentWebhookData>("PaymentWebhookData");
        same_keys::<WebhookOrder>("WebhookOrder");
        same_keys::<WebhookPayment>("WebhookPayment");
        same_keys::<PaymentMethod>("PaymentMethod");
        same_keys::<CardMethod>("CardMethod");
        same_keys::<NetbankingMethod>("NetbankingMethod");
        same_keys::<UpiMethod>("UpiMethod");
        same_keys::<AppMethod>("AppMethod");
        same_keys::<LenderMethod>("LenderMethod");
        same_keys::<VbaTransferMethod>("VbaTransferMethod");
        same_keys::<BankTransferMethod>("BankTransferMethod");
        same_keys::<ErrorDetails>("ErrorDetails");
        same_keys::<GatewayDetails>("GatewayDetails");
        same_keys::<PaymentOffer>("PaymentOffer");
        same_keys::<OfferMeta>("OfferMeta");
        same_keys::<OfferRedemption>("OfferRedemption");
        same_keys::<TerminalDetails>("TerminalDetails");
        same_keys::<CustomerDetails>("CustomerDetails");
        same_keys::<DisputeWebhook>("DisputeWebhook");
        same_keys::<DisputeWebhookData>("DisputeWebhookData");
        same_keys::<Dispute>("Dispute");
        same_keys::<DisputeOrderDetails>("DisputeOrderDetails");
        same_keys::<PaymentLinkWebhook>("PaymentLinkWebhook");
        same_keys::<PaymentLink>("PaymentLink");
        same_keys::<LinkCustomer>("LinkCustomer");
        same_keys::<LinkOrder>("LinkOrder");
    }
}
