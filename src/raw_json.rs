//! Reading a JSON value's exact text through serde_json's raw-value protocol, without
//! allocating: what [`crate::Amount`] and [`crate::FlexString`] use to keep every digit as sent.
//!
//! A type that deserialises itself with `deserialize_newtype_struct(RAW_TOKEN, visitor)` gets,
//! from serde_json, a one-entry map whose key is [`RAW_TOKEN`] and whose value is the value's
//! text; other deserialisers hand the value itself to `visit_newtype_struct`. [`is_raw_entry`]
//! and [`raw_text`] read that map borrowing from the input when it is a slice or a `&str`.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};

/// The name serde_json answers with a value's raw text.
pub(crate) const RAW_TOKEN: &str = "$serde_json::private::RawValue";

/// Reads the map's next key and says whether it is [`RAW_TOKEN`] (no allocation).
pub(crate) fn is_raw_entry<'de, A: MapAccess<'de>>(map: &mut A) -> Result<bool, A::Error> {
    Ok(map.next_key_seed(IsRawToken)?.unwrap_or(false))
}

/// Reads the raw entry's value: the JSON text, borrowed from the input when it can be.
pub(crate) fn raw_text<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Cow<'de, str>, A::Error> {
    map.next_value::<BorrowedStr<'de>>().map(|text| text.0)
}

/// The contents of a JSON string's text (`"abc"` → `abc`) when it has no escapes, borrowed;
/// `None` when it is not a plain string literal.
pub(crate) fn plain_string(raw: &str) -> Option<&str> {
    let inner = raw.strip_prefix('"')?.strip_suffix('"')?;
    // A byte scan: both are ASCII, and it is several times faster than a `char` search.
    (!inner.bytes().any(|b| b == b'\\' || b == b'"')).then_some(inner)
}

struct IsRawToken;

impl<'de> DeserializeSeed<'de> for IsRawToken {
    type Value = bool;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for IsRawToken {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
        Ok(v == RAW_TOKEN)
    }
}

/// A JSON string, borrowed from the input when it has no escapes and copied when it has:
/// object keys and text fields read on hot paths without allocating (serde's own `Cow<str>`
/// always copies). The one reader of borrowed text: webhook fields, validation keys, error
/// bodies and the raw-value protocol all use it.
pub(crate) struct BorrowedStr<'de>(pub(crate) Cow<'de, str>);

impl<'de> de::Deserialize<'de> for BorrowedStr<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(BorrowedStrVisitor).map(BorrowedStr)
    }
}

struct BorrowedStrVisitor;

impl<'de> Visitor<'de> for BorrowedStrVisitor {
    type Value = Cow<'de, str>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

#[cfg(test)]
mod tests {
    use super::plain_string;

    #[test]
    fn plain_strings_only() {
        assert_eq!(plain_string("\"170.00\""), Some("170.00"));
        assert_eq!(plain_string("\"\""), Some(""));
        assert_eq!(plain_string("\"a\\\"b\""), None);
        assert_eq!(plain_string("170.00"), None);
        assert_eq!(plain_string("\""), None);
    }
}
