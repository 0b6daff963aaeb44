//! [`FlexString`]: an id the server sends sometimes as a string, sometimes as a number.

use std::borrow::Cow;
use std::fmt;
use std::ops::Deref;
use std::str::FromStr;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::raw_json;

/// A string field that the documents show both as `"2149460581"` and as `2149460581`
/// (`cf_order_id`, `cf_payment_id`, …). It reads either and always holds the digits as text,
/// so a 20-digit id never loses precision through a float.
///
/// ```
/// use paygen::FlexString;
/// let a: FlexString = serde_json::from_str("5114910253311").unwrap();
/// let b: FlexString = serde_json::from_str("\"5114910253311\"").unwrap();
/// assert_eq!(a, b);
/// assert_eq!(a.as_str(), "5114910253311");
/// ```
#[derive(Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FlexString(String);

impl FlexString {
    /// The longest text read from the wire: 4096 bytes. Ids, references and phone numbers are
    /// far shorter; a longer value is refused when deserialised (with an error naming the
    /// limit), so one field cannot hold an arbitrary share of a large body.
    pub const MAX_LEN: usize = 4096;

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The text, owned.
    pub fn into_string(self) -> String {
        self.0
    }

    /// Reads a string or a number as its text (digits exactly as sent), refuses text longer
    /// than [`FlexString::MAX_LEN`], and hands the text to `keep`, borrowed from the input
    /// whenever serde_json can lend it: what `FlexString` and the open enums (which keep only
    /// an unknown value, so reading a known one allocates nothing) deserialise with.
    ///
    /// Used by [`crate::open_enum!`]; not part of the API.
    #[doc(hidden)]
    pub fn deserialize_text<'de, D, T, F>(deserializer: D, keep: F) -> Result<T, D::Error>
    where
        D: Deserializer<'de>,
        F: FnOnce(Cow<'_, str>) -> T,
    {
        // serde_json answers this name with the value's exact text; other deserialisers hand
        // the value itself to `visit_newtype_struct`.
        deserializer.deserialize_newtype_struct(raw_json::RAW_TOKEN, TextVisitor(Lend(keep)))
    }

    /// Reads what a [`FlexString`] reads (a string or a number, at most
    /// [`FlexString::MAX_LEN`] bytes) as text borrowed from the input when it needs no
    /// unescaping: what the webhook events' id fields deserialise with.
    pub(crate) fn deserialize_borrowed<'de, D>(deserializer: D) -> Result<Cow<'de, str>, D::Error>
    where
        D: Deserializer<'de>,
    {
        deserializer.deserialize_newtype_struct(raw_json::RAW_TOKEN, TextVisitor(Borrow))
    }
}

impl Deref for FlexString {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for FlexString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for FlexString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl FromStr for FlexString {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(FlexString(s.to_string()))
    }
}

impl From<&str> for FlexString {
    fn from(s: &str) -> Self {
        FlexString(s.to_string())
    }
}

impl From<String> for FlexString {
    fn from(s: String) -> Self {
        FlexString(s)
    }
}

impl From<u64> for FlexString {
    fn from(n: u64) -> Self {
        FlexString(n.to_string())
    }
}

impl PartialEq<str> for FlexString {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for FlexString {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl Serialize for FlexString {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

/// The error for a text longer than [`FlexString::MAX_LEN`].
fn too_long<E: de::Error>(len: usize) -> E {
    E::custom(format_args!(
        "a {len}-byte id is longer than the {} bytes an id may have",
        FlexString::MAX_LEN
    ))
}

/// What a [`TextVisitor`] does with the text it read: `borrowed` gets text that lives as long
/// as the input (no copy needed to keep it), `text` gets text that may not.
trait Keep<'de> {
    type Value;
    fn borrowed(self, text: &'de str) -> Self::Value;
    fn text(self, text: Cow<'_, str>) -> Self::Value;
}

/// Hands every text to a closure that copies what it keeps (FlexString, open enums).
struct Lend<F>(F);

impl<'de, T, F: FnOnce(Cow<'_, str>) -> T> Keep<'de> for Lend<F> {
    type Value = T;
    fn borrowed(self, text: &'de str) -> T {
        (self.0)(Cow::Borrowed(text))
    }
    fn text(self, text: Cow<'_, str>) -> T {
        (self.0)(text)
    }
}

/// Keeps the text as a `Cow` that borrows from the input whenever it can.
struct Borrow;

impl<'de> Keep<'de> for Borrow {
    type Value = Cow<'de, str>;
    fn borrowed(self, text: &'de str) -> Cow<'de, str> {
        Cow::Borrowed(text)
    }
    fn text(self, text: Cow<'_, str>) -> Cow<'de, str> {
        Cow::Owned(text.into_owned())
    }
}

struct TextVisitor<K>(K);

impl<'de, K: Keep<'de>> TextVisitor<K> {
    fn check<E: de::Error>(len: usize) -> Result<(), E> {
        if len > FlexString::MAX_LEN {
            return Err(too_long(len));
        }
        Ok(())
    }

    fn bounded<E: de::Error>(self, text: Cow<'_, str>) -> Result<K::Value, E> {
        Self::check(text.len())?;
        Ok(self.0.text(text))
    }

    fn bounded_borrowed<E: de::Error>(self, text: &'de str) -> Result<K::Value, E> {
        Self::check(text.len())?;
        Ok(self.0.borrowed(text))
    }
}

impl<'de, K: Keep<'de>> Visitor<'de> for TextVisitor<K> {
    type Value = K::Value;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string or a number")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<K::Value, E> {
        self.bounded_borrowed(v)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<K::Value, E> {
        self.bounded(v.into())
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<K::Value, E> {
        self.bounded(v.into())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<K::Value, E> {
        self.bounded(v.to_string().into())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<K::Value, E> {
        self.bounded(v.to_string().into())
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<K::Value, E> {
        self.bounded(v.to_string().into())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<K::Value, E> {
        self.bounded(v.to_string().into())
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<K::Value, E> {
        self.bounded(v.to_string().into())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<K::Value, A::Error> {
        // serde_json's raw value: the number's digits exactly as sent (no trip through f64).
        if !raw_json::is_raw_entry(&mut map)? {
            return Err(de::Error::custom(
                "expected a string or a number, found an object",
            ));
        }
        match raw_json::raw_text(&mut map)? {
            Cow::Borrowed(raw) => match raw_json::plain_string(raw) {
                Some(plain) => self.bounded_borrowed(plain),
                // A number's digits, kept as sent.
                None if is_number(raw) => self.bounded_borrowed(raw),
                None => self.raw(raw),
            },
            Cow::Owned(raw) => match raw_json::plain_string(&raw) {
                Some(plain) => self.bounded(plain.into()),
                None => self.raw(&raw),
            },
        }
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<K::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, K: Keep<'de>> TextVisitor<K> {
    /// The raw text of a value that is not a plain string: an escaped string (decoded), or a
    /// number's digits.
    fn raw<E: de::Error>(self, raw: &str) -> Result<K::Value, E> {
        if raw.starts_with('"') {
            let text = serde_json::from_str::<String>(raw).map_err(de::Error::custom)?;
            self.bounded(text.into())
        } else if is_number(raw) {
            self.bounded(raw.into())
        } else {
            Err(de::Error::custom("expected a string or a number"))
        }
    }
}

/// True for raw JSON text that is neither a string, `null`, an object nor an array: a number
/// (or `true`/`false`, kept as their text like a number's digits).
fn is_number(raw: &str) -> bool {
    !(raw.starts_with(['"', '{', '[']) || raw == "null")
}

impl<'de> Deserialize<'de> for FlexString {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        FlexString::deserialize_text(deserializer, |text| FlexString(text.into_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::FlexString;

    #[test]
    fn big_numbers_keep_every_digit() {
        let id: FlexString = serde_json::from_str("98765432109876543210").unwrap();
        assert_eq!(id.as_str(), "98765432109876543210");
        let id: FlexString = serde_json::from_str("\"a\\\"b\"").unwrap();
        assert_eq!(id.as_str(), "a\"b");
        assert!(serde_json::from_str::<FlexString>("null").is_err());
        assert!(serde_json::from_str::<FlexString>("{}").is_err());
    }

    #[test]
    fn ids_longer_than_the_limit_are_refused() {
        let most = "7".repeat(FlexString::MAX_LEN);
        let id: FlexString = serde_json::from_str(&format!("\"{most}\"")).unwrap();
        assert_eq!(id.len(), FlexString::MAX_LEN);
        let id: FlexString = serde_json::from_str(&most).unwrap();
        assert_eq!(id.len(), FlexString::MAX_LEN);
        for text in [format!("\"{most}7\""), format!("{most}7")] {
            let err = serde_json::from_str::<FlexString>(&text).unwrap_err();
            assert!(err.to_string().contains("4096 bytes"), "{err}");
        }
        let v = serde_json::json!({ "id": "7".repeat(FlexString::MAX_LEN + 1) });
        assert!(
            serde_json::from_value::<std::collections::HashMap<String, FlexString>>(v).is_err()
        );
    }

    #[test]
    fn borrowed_reads_lend_what_needs_no_unescaping() {
        use std::borrow::Cow;
        fn read(json: &str) -> Result<Cow<'_, str>, serde_json::Error> {
            let mut de = serde_json::Deserializer::from_str(json);
            FlexString::deserialize_borrowed(&mut de)
        }
        for (json, text) in [
            ("\"1453002795\"", "1453002795"),
            ("98765432109876543210", "98765432109876543210"),
            ("-5", "-5"),
            ("1.50", "1.50"),
        ] {
            let got = read(json).unwrap();
            assert!(matches!(got, Cow::Borrowed(_)), "{json} was copied");
            assert_eq!(got, text);
        }
        let escaped = read("\"a\\\"b\"").unwrap();
        assert!(matches!(escaped, Cow::Owned(_)));
        assert_eq!(escaped, "a\"b");
        assert!(read("null").is_err());
        assert!(read("{}").is_err());
        assert!(read("[1]").is_err());
        let long = format!("\"{}\"", "7".repeat(FlexString::MAX_LEN + 1));
        assert!(read(&long).unwrap_err().to_string().contains("4096 bytes"));
        // Another deserialiser hands the value itself; the text is the same.
        let from_value = FlexString::deserialize_borrowed(serde_json::json!(42)).unwrap();
        assert_eq!(from_value, "42");
    }

    use crate::webhooks::PaymentLinkEventType as Kind;

    #[test]
    fn open_enums_read_text_as_flex_strings_do() {
        let read = |json: &str| serde_json::from_str::<Kind>(json);
        assert_eq!(
            read("\"PAYMENT_LINK_EVENT\"").unwrap(),
            Kind::PaymentLinkEvent
        );
        let escaped = read("\"PAYMENT_LINK_\\u0045VENT\"").unwrap();
        assert_eq!(escaped, Kind::PaymentLinkEvent);
        assert_eq!(read("\"WARP\"").unwrap(), Kind::Unknown("WARP".into()));
        assert_eq!(read("7").unwrap(), Kind::Unknown("7".into()));
        assert!(read("null").is_err());
        assert!(read("{}").is_err());
        let long = format!("\"{}\"", "W".repeat(FlexString::MAX_LEN + 1));
        assert!(read(&long).unwrap_err().to_string().contains("4096 bytes"));
        let from_value = serde_json::from_value::<Kind>(serde_json::json!("PAYMENT_LINK_EVENT"));
        assert_eq!(from_value.unwrap(), Kind::PaymentLinkEvent);
    }
}
