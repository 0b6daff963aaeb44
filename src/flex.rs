//! [`FlexString`]: an id the server sends sometimes as a string, sometimes as a number.

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

struct FlexVisitor;

/// The error for a text longer than [`FlexString::MAX_LEN`].
fn too_long<E: de::Error>(len: usize) -> E {
    E::custom(format_args!(
        "a {len}-byte id is longer than the {} bytes an id may have",
        FlexString::MAX_LEN
    ))
}

/// The text, or an error when it is longer than [`FlexString::MAX_LEN`].
fn bounded<E: de::Error>(text: String) -> Result<FlexString, E> {
    if text.len() > FlexString::MAX_LEN {
        return Err(too_long(text.len()));
    }
    Ok(FlexString(text))
}

impl<'de> Visitor<'de> for FlexVisitor {
    type Value = FlexString;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string or a number")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<FlexString, E> {
        if v.len() > FlexString::MAX_LEN {
            return Err(too_long(v.len()));
        }
        Ok(FlexString(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<FlexString, E> {
        bounded(v)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<FlexString, E> {
        Ok(FlexString(v.to_string()))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<FlexString, E> {
        Ok(FlexString(v.to_string()))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<FlexString, E> {
        Ok(FlexString(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<FlexString, E> {
        Ok(FlexString(v.to_string()))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<FlexString, E> {
        Ok(FlexString(v.to_string()))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FlexString, A::Error> {
        // serde_json's raw value: the number's digits exactly as sent (no trip through f64).
        if !raw_json::is_raw_entry(&mut map)? {
            return Err(de::Error::custom(
                "expected a string or a number, found an object",
            ));
        }
        let raw = raw_json::raw_text(&mut map)?;
        if let Some(plain) = raw_json::plain_string(&raw) {
            bounded(plain.to_string())
        } else if raw.starts_with('"') {
            serde_json::from_str::<String>(&raw)
                .map_err(de::Error::custom)
                .and_then(bounded)
        } else if raw.as_ref() == "null" || raw.starts_with(['{', '[']) {
            Err(de::Error::custom("expected a string or a number"))
        } else {
            bounded(raw.into_owned())
        }
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<FlexString, D::Error> {
        d.deserialize_any(FlexVisitor)
    }
}

impl<'de> Deserialize<'de> for FlexString {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // serde_json answers this name with the value's exact text; other deserialisers hand
        // the value itself to `visit_newtype_struct`.
        deserializer.deserialize_newtype_struct(raw_json::RAW_TOKEN, FlexVisitor)
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
}
