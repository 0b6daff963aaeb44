//! Exact money: [`Amount`], a decimal that keeps its scale on the wire.
//!
//! Every amount in every spec (`type: number, format: decimal`) is generated as `Amount`.
//! `Amount::from_str("170.00")` serialises as the JSON number `170.00` — not `170`, and never
//! through `f64` — and a JSON number read from the wire keeps the digits it was sent with.
//! Amounts the server sends as strings (`"170.00"`) are accepted too.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::raw_json;

/// An exact decimal amount of money (rupees and paise for INR), as sent to and read from the API.
///
/// ```
/// use paygen::Amount;
/// let a: Amount = "100.50".parse().unwrap();
/// assert_eq!(serde_json::to_string(&a).unwrap(), "100.50");
/// let b: Amount = serde_json::from_str("170.00").unwrap();
/// assert_eq!(b.to_string(), "170.00");
/// assert_eq!(a.decimal_places(), 2);
/// ```
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Amount(Decimal);

/// Why a text is not an amount.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{input}` is not a decimal amount (write it like 100 or 100.50): {reason}")]
pub struct AmountParseError {
    input: String,
    reason: String,
}

impl Amount {
    /// Zero, with no decimal places.
    pub const ZERO: Amount = Amount(Decimal::ZERO);

    /// The most digits (before and after the point together) an amount may be written with:
    /// 28, what an exact 96-bit decimal holds. Longer text is refused when parsed, from a
    /// caller or from the network.
    pub const MAX_DIGITS: usize = 28;

    /// An amount from a whole number of minor units and a scale: `Amount::from_minor(10050, 2)`
    /// is `100.50`.
    ///
    /// ```
    /// assert_eq!(paygen::Amount::from_minor(10050, 2).to_string(), "100.50");
    /// ```
    pub fn from_minor(units: i64, scale: u32) -> Amount {
        Amount(Decimal::new(units, scale.min(28)))
    }

    /// The exact decimal value.
    pub fn decimal(&self) -> Decimal {
        self.0
    }

    /// How many digits follow the decimal point, as written (`100.50` has 2).
    pub fn decimal_places(&self) -> u32 {
        self.0.scale()
    }

    /// True when the amount is above zero.
    pub fn is_positive(&self) -> bool {
        self.0 > Decimal::ZERO
    }

    /// The same value with trailing zeros dropped past `places` (`100.50` → `100.5` at 1), or an
    /// error when the value needs more places than that (`10.155` at 2).
    pub fn with_max_places(&self, places: u32) -> Result<Amount, AmountParseError> {
        let normal = self.0.normalize();
        if normal.scale() > places {
            return Err(AmountParseError {
                input: self.to_string(),
                reason: format!("it has more than {places} decimal places"),
            });
        }
        Ok(*self)
    }
}

impl From<Decimal> for Amount {
    fn from(value: Decimal) -> Self {
        Amount(value)
    }
}

impl From<Amount> for Decimal {
    fn from(value: Amount) -> Self {
        value.0
    }
}

impl From<i64> for Amount {
    fn from(value: i64) -> Self {
        Amount(Decimal::from(value))
    }
}

impl From<i32> for Amount {
    fn from(value: i32) -> Self {
        Amount(Decimal::from(value))
    }
}

impl From<u32> for Amount {
    fn from(value: u32) -> Self {
        Amount(Decimal::from(value))
    }
}

impl FromStr for Amount {
    type Err = AmountParseError;

    /// Reads `100`, `100.50`, `-5.25`: ASCII digits, an optional leading `-`, and an optional
    /// `.` with at least one digit on each side. Everything else is refused: surrounding
    /// spaces, a leading `+`, exponents (`1e3`), `.5`, `5.`, and more than
    /// [`Amount::MAX_DIGITS`] digits in all. The scale is kept as written.
    ///
    /// ```
    /// use paygen::Amount;
    /// assert_eq!("100.50".parse::<Amount>().unwrap().to_string(), "100.50");
    /// for bad in [" 1", "1 ", "+1", "1e3", ".5", "5.", "1,000", ""] {
    ///     assert!(bad.parse::<Amount>().is_err(), "{bad:?}");
    /// }
    /// ```
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let refuse = |reason: String| AmountParseError {
            input: s.chars().take(MAX_ECHO).collect(),
            reason,
        };
        let unsigned = s.strip_prefix('-').unwrap_or(s);
        // A byte search: `.` is ASCII, so both sides are whole text.
        let (whole, fraction) = match unsigned.bytes().position(|b| b == b'.') {
            Some(dot) => (&unsigned[..dot], Some(&unsigned[dot + 1..])),
            None => (unsigned, None),
        };
        let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
        if !digits(whole) || !fraction.is_none_or(digits) {
            return Err(refuse(
                "write ASCII digits with an optional leading `-` and an optional `.` between \
                 digits (no spaces, `+`, exponent or thousands separator)"
                    .into(),
            ));
        }
        let count = whole.len() + fraction.map_or(0, str::len);
        if count > Amount::MAX_DIGITS {
            return Err(refuse(format!(
                "it has {count} digits; an amount has at most {}",
                Amount::MAX_DIGITS
            )));
        }
        if unsigned.len() == s.len() {
            if let Some(exact) = small_non_negative(whole, fraction) {
                return Ok(exact);
            }
        }
        Decimal::from_str_exact(s)
            .map(Amount)
            .map_err(|e| refuse(e.to_string()))
    }
}

/// The amount of checked, unsigned digits `whole`.`fraction` when they are at most 18
/// digits (every amount the APIs send): the digits as one integer and the fraction's length
/// as the scale, without a second parse. `None` for anything else, which
/// `Decimal::from_str_exact` reads.
fn small_non_negative(whole: &str, fraction: Option<&str>) -> Option<Amount> {
    let fraction = fraction.unwrap_or("");
    if whole.len() + fraction.len() > 18 {
        return None;
    }
    let units = whole
        .bytes()
        .chain(fraction.bytes())
        .fold(0i64, |n, digit| n * 10 + i64::from(digit - b'0'));
    // At most 18 digits: below 10^18, so no overflow; the scale is at most 18 < 28.
    Some(Amount(Decimal::new(units, fraction.len() as u32)))
}

/// How much of a refused input an [`AmountParseError`] repeats (the input may come from the
/// network and be of any length).
const MAX_ECHO: usize = 40;

impl TryFrom<&str> for Amount {
    type Error = AmountParseError;
    fn try_from(value: &str) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Width, precision and sign flags are the decimal's own formatting; plain `{}` is the
        // exact text, written without the decimal's general formatter.
        if f.width().is_some() || f.precision().is_some() || f.sign_plus() || f.alternate() {
            return fmt::Display::fmt(&self.0, f);
        }
        f.write_str(ExactText::of(&self.0).as_str())
    }
}

/// An amount's exact text on the stack: its digits, with a `.` before the last `scale` of
/// them and a `-` when negative — what the decimal's `Display` writes, produced straight from
/// the mantissa and scale (the request path writes every amount of every body).
struct ExactText {
    /// A 96-bit mantissa has at most 29 digits, the scale at most 28: `-`, 29 digits, `.` and
    /// the zeros of `0.000…` fit in 48 bytes.
    bytes: [u8; 48],
    start: usize,
}

impl ExactText {
    fn of(d: &Decimal) -> ExactText {
        let mut out = ExactText {
            bytes: [0; 48],
            start: 48,
        };
        let scale = d.scale() as usize;
        let mut wide = d.mantissa().unsigned_abs();
        let mut written = 0usize;
        let push = |out: &mut ExactText, byte: u8| {
            out.start -= 1;
            out.bytes[out.start] = byte;
        };
        loop {
            if written == scale && scale > 0 {
                push(&mut out, b'.');
            }
            // Most amounts fit in 64 bits, whose division by 10 is a multiplication; wider
            // mantissas are divided as 128-bit numbers until they fit.
            let digit = match u64::try_from(wide) {
                Ok(narrow) => {
                    wide = u128::from(narrow / 10);
                    (narrow % 10) as u8
                }
                Err(_) => {
                    let digit = (wide % 10) as u8;
                    wide /= 10;
                    digit
                }
            };
            push(&mut out, b'0' + digit);
            written += 1;
            if wide == 0 && written > scale {
                break;
            }
        }
        if d.is_sign_negative() {
            push(&mut out, b'-');
        }
        out
    }

    fn as_str(&self) -> &str {
        // Only ASCII digits, `.` and `-` are written.
        std::str::from_utf8(&self.bytes[self.start..]).unwrap_or_default()
    }
}

impl fmt::Debug for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Amount({})", self.0)
    }
}

impl Serialize for Amount {
    /// A JSON number with exactly the digits of the value (`100.50`), through serde_json's raw
    /// value; other serialisers get the decimal text.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // The text is written on the stack: no allocation on the request path.
        let text = ExactText::of(&self.0);
        if serializer.is_human_readable() {
            // serde_json's raw-value protocol (what its `RawValue` serialises as): the text
            // goes out as the JSON number it is, digit for digit. It is a JSON number by
            // construction, so it is not parsed again to check.
            use serde::ser::SerializeStruct;
            let mut raw = serializer.serialize_struct(raw_json::RAW_TOKEN, 1)?;
            raw.serialize_field(raw_json::RAW_TOKEN, text.as_str())?;
            return raw.end();
        }
        serializer.serialize_str(text.as_str())
    }
}

struct AmountVisitor;

impl<'de> Visitor<'de> for AmountVisitor {
    type Value = Amount;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a decimal amount as a JSON number or string")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Amount, E> {
        v.parse().map_err(E::custom)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Amount, E> {
        Ok(Amount(Decimal::from(v)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Amount, E> {
        Ok(Amount(Decimal::from(v)))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Amount, E> {
        // Reached only when the raw text is not available (inside untagged enums): the
        // shortest text that reads back as the same f64 recovers the decimal that was sent.
        if !v.is_finite() {
            return Err(E::custom("an amount must be a finite number"));
        }
        let text = format!("{v}");
        text.parse().map_err(E::custom)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Amount, A::Error> {
        if !raw_json::is_raw_entry(&mut map)? {
            return Err(de::Error::custom(
                "expected a decimal amount, found an object",
            ));
        }
        let raw = raw_json::raw_text(&mut map)?;
        // A number's text, or a string's: `170.00` or `"170.00"` (no escapes in an amount).
        let text = raw_json::plain_string(&raw).unwrap_or(&raw);
        text.parse().map_err(de::Error::custom)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Amount, D::Error> {
        d.deserialize_any(AmountVisitor)
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // serde_json answers this name with the value's exact text; other deserialisers hand
        // the value itself to `visit_newtype_struct`.
        deserializer.deserialize_newtype_struct(raw_json::RAW_TOKEN, AmountVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The exact text is what the decimal's own `Display` writes, for every mantissa a
        /// decimal holds (96 bits, either sign) and every scale (0 to 28); and it is the
        /// JSON number serde_json writes for the amount.
        #[test]
        fn exact_text_is_the_decimals_display(
            lo in proptest::prelude::any::<u64>(),
            hi in proptest::prelude::any::<u32>(),
            width in 0u32..4,
            negative in proptest::prelude::any::<bool>(),
            scale in 0u32..=28,
        ) {
            // Mantissas of every size, not only the huge ones a uniform draw gives.
            let mantissa = (i128::from(hi) << 64 | i128::from(lo)) >> (32 * width);
            let d = Decimal::from_i128_with_scale(if negative { -mantissa } else { mantissa }, scale);
            let expected = d.to_string();
            let text = ExactText::of(&d);
            proptest::prop_assert_eq!(text.as_str(), expected.as_str());
            proptest::prop_assert_eq!(Amount(d).to_string(), expected.clone());
            proptest::prop_assert_eq!(serde_json::to_string(&Amount(d)).unwrap(), expected);
        }
    }

    #[test]
    fn exact_text_of_edge_values() {
        for text in [
            "0",
            "0.00",
            "-0.01",
            "100.50",
            "0.0000000000000000000000000001",
            "79228162514264337593543950335",
            "-79228162514264337593543950335",
            "7.9228162514264337593543950335",
        ] {
            let d: Decimal = text.parse().unwrap();
            assert_eq!(ExactText::of(&d).as_str(), text);
            assert_eq!(d.to_string(), text);
        }
        // Negative zero is what the decimal writes for it.
        let negative_zero = Decimal::from_i128_with_scale(0, 2) * Decimal::NEGATIVE_ONE;
        assert_eq!(
            ExactText::of(&negative_zero).as_str(),
            negative_zero.to_string()
        );
        // Flags still format as the decimal does.
        let a: Amount = "100.5".parse().unwrap();
        assert_eq!(format!("{a:.2}"), "100.50");
        assert_eq!(format!("{a:>8}"), "   100.5");
        assert_eq!(format!("{a:+}"), "+100.5");
    }

    #[test]
    fn short_amounts_read_as_the_full_parser_reads_them() {
        for text in [
            "0",
            "0.00",
            "1",
            "170.00",
            "007.50",
            "0.000000000000000001",
            "999999999999999999",
            "99999999999999999.9",
            "1234567890123456789",
            "-170.00",
            "-0.00",
        ] {
            let fast: Amount = text.parse().unwrap();
            let full = Decimal::from_str_exact(text).unwrap();
            assert_eq!(fast.decimal(), full, "{text}");
            assert_eq!(fast.decimal().scale(), full.scale(), "{text}");
            assert_eq!(fast.to_string(), full.to_string(), "{text}");
        }
    }

    #[test]
    fn keeps_scale_both_ways() {
        for text in ["170.00", "10.15", "1", "0.01", "99999999.99", "100.5"] {
            let a: Amount = serde_json::from_str(text).unwrap();
            assert_eq!(serde_json::to_string(&a).unwrap(), text);
        }
    }

    #[test]
    fn accepts_strings_and_rejects_garbage() {
        let a: Amount = serde_json::from_str("\"170.00\"").unwrap();
        assert_eq!(a.to_string(), "170.00");
        assert!(serde_json::from_str::<Amount>("\"ten\"").is_err());
        assert!(serde_json::from_str::<Amount>("{}").is_err());
        assert!("1e400".parse::<Amount>().is_err());
    }

    #[test]
    fn parsing_is_strict_and_bounded() {
        for bad in [
            " 1", "1 ", "+1", "1e3", "1E3", "1.5e2", ".5", "5.", "-", "--1", "1.2.3", "١", "",
            "NaN", "inf", "0x10",
        ] {
            assert!(bad.parse::<Amount>().is_err(), "{bad:?}");
            assert!(
                serde_json::from_str::<Amount>(&format!("{bad:?}")).is_err(),
                "string {bad:?}"
            );
        }
        assert!(
            serde_json::from_str::<Amount>("1e3").is_err(),
            "JSON exponent"
        );
        let most = "9".repeat(Amount::MAX_DIGITS);
        assert_eq!(most.parse::<Amount>().unwrap().to_string(), most);
        let err = format!("{most}9").parse::<Amount>().unwrap_err();
        assert!(err.to_string().contains("at most 28"), "{err}");
        let long = "1".repeat(10_000);
        assert!(long.parse::<Amount>().unwrap_err().to_string().len() < 300);
        assert_eq!("-5.25".parse::<Amount>().unwrap().to_string(), "-5.25");
        assert_eq!("0.000".parse::<Amount>().unwrap().decimal_places(), 3);
    }

    #[test]
    fn inside_untagged_enums_the_value_stays_exact() {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum E {
            A { amount: Amount },
        }
        let E::A { amount } = serde_json::from_str(r#"{"amount": 0.1}"#).unwrap();
        assert_eq!(amount.to_string(), "0.1");
        let v: serde_json::Value = serde_json::from_str(r#"{"amount": 12.34}"#).unwrap();
        let E::A { amount } = serde_json::from_value(v).unwrap();
        assert_eq!(amount.decimal(), Decimal::new(1234, 2));
    }

    #[test]
    fn max_places() {
        let a: Amount = "10.155".parse().unwrap();
        assert!(a.with_max_places(2).is_err());
        let b: Amount = "10.150".parse().unwrap();
        assert!(b.with_max_places(2).is_ok());
    }
}
