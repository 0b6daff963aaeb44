//! A JSON reader for verified webhook bodies: a serde [`Deserializer`] over text already known
//! to be UTF-8, built for the one-pass parse of a documented event (a few dozen short strings,
//! a handful of numbers, nested objects) and faster than serde_json there.
//!
//! It reads exactly the JSON serde_json reads, and hands visitors exactly what serde_json
//! hands them, so the derived event types read the same values through either:
//! - strings without escapes are lent from the input (`visit_borrowed_str`); escaped ones are
//!   decoded into a scratch buffer (`visit_str`), `\uXXXX` surrogate pairs joined and lone
//!   surrogates refused; control characters are refused;
//! - numbers are `u64` (no sign, fraction or exponent, fits), `i64` (negative, fits) or `f64`
//!   otherwise — any number that is not a plain integer is converted by serde_json itself, so
//!   the `f64` is the one serde_json gives;
//! - serde_json's raw-value protocol ([`crate::raw_json::RAW_TOKEN`]): a value's exact text,
//!   which [`crate::Amount`] and [`crate::FlexString`] read their digits from;
//! - depth as serde_json counts it: the 128th nested object or array read into a type is
//!   refused; ignored values and raw values are skipped without recursion and without a depth
//!   limit, as serde_json skips them (a bit per level, the body is at most 1 MiB);
//! - trailing characters after the value are refused.
//!
//! Errors carry a message only: the one-pass path gives up on any error and the general path
//! reads the body again with serde_json, which gives the error a caller sees. Enums are not
//! read (no event type derives one; open enums read text through the raw-value protocol), nor
//! 128-bit integers: both are refused, which also sends the body to the general path.

use std::fmt;

use serde::de::value::BorrowedStrDeserializer;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::raw_json::RAW_TOKEN;

pub(crate) mod pull;

/// Why the reader stopped. The message is for tests and debugging; callers fall back to
/// serde_json for the error they report.
#[derive(Debug)]
pub(crate) struct Error(Box<str>);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string().into())
    }
}

fn fail<T>(reason: &'static str) -> Result<T, Error> {
    Err(Error(reason.into()))
}

/// Reads a `T` from the whole of `text` (whitespace around it allowed, nothing else).
pub(crate) fn from_str<'de, T: de::Deserialize<'de>>(text: &'de str) -> Result<T, Error> {
    whole(text, |reader| T::deserialize(reader))
}

/// Reads one value from the whole of `text` with `read` (whitespace around it allowed,
/// nothing else).
fn whole<'de, T>(
    text: &'de str,
    read: impl FnOnce(&mut Reader<'de>) -> Result<T, Error>,
) -> Result<T, Error> {
    let mut reader = Reader::new(text);
    let value = read(&mut reader)?;
    match reader.peek_ws() {
        None => Ok(value),
        Some(_) => fail("trailing characters"),
    }
}

/// serde_json's recursion budget: `remaining_depth` starts at 128 and reading fails when it
/// reaches 0, so 127 levels read.
const DEPTH_BUDGET: u8 = 128;

/// The reader: the text, a position in it, the depth budget left, and a buffer for strings
/// with escapes.
pub(crate) struct Reader<'de> {
    text: &'de str,
    pos: usize,
    remaining_depth: u8,
    scratch: String,
}

/// A string read: lent from the input, or decoded into the scratch buffer.
enum Text<'de, 's> {
    Borrowed(&'de str),
    Copied(&'s str),
}

/// The `{`/`[` levels an ignored value is inside: one bit per level (1 = object), the first
/// 128 in a word, deeper ones (only in bodies built to be deep) in a `Vec`.
struct Levels {
    depth: usize,
    inline: u128,
    deeper: Vec<bool>,
}

impl Levels {
    fn new() -> Levels {
        Levels {
            depth: 0,
            inline: 0,
            deeper: Vec::new(),
        }
    }

    fn push(&mut self, object: bool) {
        if self.depth < 128 {
            let bit = 1u128 << self.depth;
            if object {
                self.inline |= bit;
            } else {
                self.inline &= !bit;
            }
        } else {
            self.deeper.push(object);
        }
        self.depth += 1;
    }

    /// Whether the innermost level is an object; `None` outside any.
    fn top(&self) -> Option<bool> {
        match self.depth {
            0 => None,
            d if d <= 128 => Some(self.inline & (1u128 << (d - 1)) != 0),
            _ => self.deeper.last().copied(),
        }
    }

    fn pop(&mut self) {
        if self.depth > 128 {
            self.deeper.pop();
        }
        self.depth = self.depth.saturating_sub(1);
    }
}

/// True for a byte that ends the plain run of a string: `"`, `\` or a control character.
#[inline]
fn ends_run(b: u8) -> bool {
    b == b'"' || b == b'\\' || b < 0x20
}

/// The offset of the first byte in `bytes[from..]` that [`ends_run`], eight bytes at a time
/// (SWAR on a `u64`, no `unsafe`), or `bytes.len()` when none does.
#[inline]
fn find_run_end(bytes: &[u8], mut from: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    while let Some(chunk) = bytes.get(from..from + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        // A byte of `v` is zero ⇔ its high bit is set in `(v - ONES) & !v & HIGH`; borrows
        // only run upwards, so the lowest flagged byte is always a true one.
        let zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
        let quote = zero(x ^ (ONES * u64::from(b'"')));
        let backslash = zero(x ^ (ONES * u64::from(b'\\')));
        // A byte below 0x20: `b - 0x20` borrows into its high bit (bytes ≥ 0x80 masked out).
        let control = x.wrapping_sub(ONES * 0x20) & !x & HIGH;
        let hits = quote | backslash | control;
        if hits != 0 {
            return from + (hits.trailing_zeros() / 8) as usize;
        }
        from += 8;
    }
    while from < bytes.len() && !ends_run(bytes[from]) {
        from += 1;
    }
    from
}

/// How serde_json reads a number that is not a plain integer: its own conversion, so the
/// `f64` (or the out-of-range error) is exactly serde_json's.
enum Number {
    U64(u64),
    I64(i64),
    F64(f64),
}

impl<'de> de::Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Number, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Number;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Number, E> {
                Ok(Number::U64(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Number, E> {
                Ok(Number::I64(v))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Number, E> {
                Ok(Number::F64(v))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Reader<'de> {
    fn new(text: &'de str) -> Reader<'de> {
        Reader {
            text,
            pos: 0,
            remaining_depth: DEPTH_BUDGET,
            scratch: String::new(),
        }
    }

    fn bytes(&self) -> &'de [u8] {
        self.text.as_bytes()
    }

    /// The next byte after whitespace (space, tab, newline, carriage return), not consumed.
    #[inline]
    fn peek_ws(&mut self) -> Option<u8> {
        let bytes = self.bytes();
        while let Some(&b) = bytes.get(self.pos) {
            if !matches!(b, b' ' | b'\n' | b'\t' | b'\r') {
                return Some(b);
            }
            self.pos += 1;
        }
        None
    }

    /// Consumes `byte` after whitespace, or fails with `reason`.
    #[inline]
    fn expect(&mut self, byte: u8, reason: &'static str) -> Result<(), Error> {
        if self.peek_ws() == Some(byte) {
            self.pos += 1;
            Ok(())
        } else {
            fail(reason)
        }
    }

    /// Consumes the rest of `null`, `true` or `false` after its first byte.
    fn ident(&mut self, rest: &[u8]) -> Result<(), Error> {
        let end = self.pos + rest.len();
        if self.bytes().get(self.pos..end) == Some(rest) {
            self.pos = end;
            Ok(())
        } else {
            fail("expected ident")
        }
    }

    /// Enters a nested object or array, within serde_json's depth budget.
    fn enter(&mut self) -> Result<(), Error> {
        // serde_json fails when its budget, decremented, reaches 0.
        if self.remaining_depth <= 1 {
            return fail("recursion limit exceeded");
        }
        self.remaining_depth -= 1;
        Ok(())
    }

    fn leave(&mut self) {
        self.remaining_depth += 1;
    }

    /// The four hex digits of a `\u` escape (the `\u` consumed).
    fn hex4(&mut self) -> Result<u16, Error> {
        let digits = self.bytes().get(self.pos..self.pos + 4);
        let Some(digits) = digits else {
            return fail("EOF while parsing a string");
        };
        let mut n = 0u16;
        for &d in digits {
            let v = match d {
                b'0'..=b'9' => d - b'0',
                b'a'..=b'f' => d - b'a' + 10,
                b'A'..=b'F' => d - b'A' + 10,
                _ => return fail("invalid escape"),
            };
            n = (n << 4) | u16::from(v);
        }
        self.pos += 4;
        Ok(n)
    }

    /// A string's contents (the opening `"` consumed): lent when it has no escapes. The
    /// common case (no escape) is inlined into each caller; the rest is out of line.
    #[inline(always)]
    fn string(&mut self) -> Result<Text<'de, '_>, Error> {
        let bytes = self.bytes();
        let start = self.pos;
        let end = find_run_end(bytes, start);
        if bytes.get(end) == Some(&b'"') {
            // `start` and `end` sit just after and at ASCII quotes: char boundaries.
            if let Some(text) = self.text.get(start..end) {
                self.pos = end + 1;
                return Ok(Text::Borrowed(text));
            }
        }
        self.string_slow(start, end)
    }

    /// [`Reader::string`] past its plain run: an escape, a control character or the end.
    #[cold]
    #[inline(never)]
    fn string_slow(&mut self, start: usize, end: usize) -> Result<Text<'de, '_>, Error> {
        match self.bytes().get(end) {
            Some(b'\\') => {
                self.pos = end;
                self.scratch.clear();
                self.scratch
                    .push_str(self.text.get(start..end).unwrap_or_default());
                self.escaped_rest()?;
                Ok(Text::Copied(&self.scratch))
            }
            Some(b'"') => fail("not a char boundary"),
            Some(_) => fail("control character while parsing a string"),
            None => fail("EOF while parsing a string"),
        }
    }

    /// The rest of a string from its first `\`, decoded into the scratch buffer.
    fn escaped_rest(&mut self) -> Result<(), Error> {
        let bytes = self.bytes();
        loop {
            match bytes.get(self.pos) {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(());
                }
                Some(b'\\') => {
                    self.pos += 1;
                    self.escape()?;
                }
                Some(_) => return fail("control character while parsing a string"),
                None => return fail("EOF while parsing a string"),
            }
            let start = self.pos;
            let end = find_run_end(bytes, start);
            self.scratch
                .push_str(self.text.get(start..end).unwrap_or_default());
            self.pos = end;
        }
    }

    /// One escape after its `\`, decoded into the scratch buffer (as serde_json decodes a
    /// string read as text: surrogates must pair).
    fn escape(&mut self) -> Result<(), Error> {
        let Some(&b) = self.bytes().get(self.pos) else {
            return fail("EOF while parsing a string");
        };
        self.pos += 1;
        let c = match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\x08',
            b'f' => '\x0c',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let n = self.hex4()?;
                let code = match n {
                    0xDC00..=0xDFFF => return fail("lone trailing surrogate in hex escape"),
                    0xD800..=0xDBFF => {
                        if self.bytes().get(self.pos..self.pos + 2) != Some(b"\\u") {
                            return fail("unexpected end of hex escape");
                        }
                        self.pos += 2;
                        let low = self.hex4()?;
                        if !(0xDC00..=0xDFFF).contains(&low) {
                            return fail("lone leading surrogate in hex escape");
                        }
                        0x1_0000 + ((u32::from(n - 0xD800) << 10) | u32::from(low - 0xDC00))
                    }
                    _ => u32::from(n),
                };
                match char::from_u32(code) {
                    Some(c) => c,
                    None => return fail("invalid code point"),
                }
            }
            _ => return fail("invalid escape"),
        };
        self.scratch.push(c);
        Ok(())
    }

    /// Skips a string (the opening `"` consumed), checking its escapes as serde_json does for
    /// a value it ignores (any `\u` with four hex digits).
    fn skip_string(&mut self) -> Result<(), Error> {
        let bytes = self.bytes();
        loop {
            let end = find_run_end(bytes, self.pos);
            self.pos = end + 1;
            match bytes.get(end) {
                Some(b'"') => return Ok(()),
                Some(b'\\') => match bytes.get(self.pos) {
                    Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => self.pos += 1,
                    Some(b'u') => {
                        self.pos += 1;
                        self.hex4()?;
                    }
                    Some(_) => return fail("invalid escape"),
                    None => return fail("EOF while parsing a string"),
                },
                Some(_) => return fail("control character while parsing a string"),
                None => return fail("EOF while parsing a string"),
            }
        }
    }

    /// A number's text (from its first byte, not consumed), checked against JSON's grammar;
    /// also whether it is a plain integer (no fraction, no exponent).
    fn number_text(&mut self) -> Result<(&'de str, bool), Error> {
        let bytes = self.bytes();
        let start = self.pos;
        let mut i = start;
        if bytes.get(i) == Some(&b'-') {
            i += 1;
        }
        let digits = |i: &mut usize| {
            let from = *i;
            while bytes.get(*i).is_some_and(u8::is_ascii_digit) {
                *i += 1;
            }
            *i - from
        };
        match bytes.get(i) {
            Some(b'0') => {
                i += 1;
                if bytes.get(i).is_some_and(u8::is_ascii_digit) {
                    return fail("invalid number");
                }
            }
            Some(b'1'..=b'9') => {
                digits(&mut i);
            }
            _ => return fail("invalid number"),
        }
        let mut integer = true;
        if bytes.get(i) == Some(&b'.') {
            i += 1;
            integer = false;
            if digits(&mut i) == 0 {
                return fail("invalid number");
            }
        }
        if matches!(bytes.get(i), Some(b'e' | b'E')) {
            i += 1;
            integer = false;
            if matches!(bytes.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            if digits(&mut i) == 0 {
                return fail("invalid number");
            }
        }
        self.pos = i;
        match self.text.get(start..i) {
            Some(text) => Ok((text, integer)),
            None => fail("not a char boundary"),
        }
    }

    /// Reads a number and hands it to the visitor as serde_json would.
    fn number<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value, Error> {
        let (text, integer) = self.number_text()?;
        let (negative, digits) = match text.strip_prefix('-') {
            Some(digits) => (true, digits),
            None => (false, text),
        };
        // At most 18 digits always fit a u64 and, negated, an i64.
        if integer && digits.len() <= 18 {
            let n = digits
                .bytes()
                .fold(0u64, |n, d| n * 10 + u64::from(d - b'0'));
            return match (negative, n) {
                (false, n) => visitor.visit_u64(n),
                // serde_json reads `-0` as the float -0.0.
                (true, 0) => visitor.visit_f64(-0.0),
                (true, n) => visitor.visit_i64(-(n as i64)),
            };
        }
        match serde_json::from_str::<Number>(text) {
            Ok(Number::U64(n)) => visitor.visit_u64(n),
            Ok(Number::I64(n)) => visitor.visit_i64(n),
            Ok(Number::F64(n)) => visitor.visit_f64(n),
            Err(e) => Err(de::Error::custom(e)),
        }
    }

    /// Skips one value of any kind, without recursion and without a depth limit (as
    /// serde_json's `ignore_value`, and as serde's derive ignores a key a struct does not
    /// have; the pull reader's structs skip those with it too).
    pub(crate) fn skip_value(&mut self) -> Result<(), Error> {
        let mut levels = Levels::new();
        loop {
            // A value.
            match self.peek_ws() {
                Some(b'{') => {
                    self.pos += 1;
                    if self.peek_ws() == Some(b'}') {
                        self.pos += 1;
                    } else {
                        levels.push(true);
                        self.skip_key()?;
                        continue;
                    }
                }
                Some(b'[') => {
                    self.pos += 1;
                    if self.peek_ws() == Some(b']') {
                        self.pos += 1;
                    } else {
                        levels.push(false);
                        continue;
                    }
                }
                Some(b'"') => {
                    self.pos += 1;
                    self.skip_string()?;
                }
                Some(b'n') => self.null_rest()?,
                Some(b't') => {
                    self.pos += 1;
                    self.ident(b"rue")?;
                }
                Some(b'f') => {
                    self.pos += 1;
                    self.ident(b"alse")?;
                }
                Some(b'-' | b'0'..=b'9') => {
                    self.number_text()?;
                }
                Some(_) => return fail("expected value"),
                None => return fail("EOF while parsing a value"),
            }
            // After a value: close what ends here, up to the next comma.
            loop {
                let Some(object) = levels.top() else {
                    return Ok(());
                };
                match self.peek_ws() {
                    Some(b',') => {
                        self.pos += 1;
                        if object {
                            self.skip_key()?;
                        }
                        break;
                    }
                    Some(b'}') if object => {
                        self.pos += 1;
                        levels.pop();
                    }
                    Some(b']') if !object => {
                        self.pos += 1;
                        levels.pop();
                    }
                    Some(_) => return fail("expected `,` or the end of the object or array"),
                    None => return fail("EOF while parsing an object or array"),
                }
            }
        }
    }

    /// Skips `"key":` inside an ignored object.
    fn skip_key(&mut self) -> Result<(), Error> {
        self.expect(b'"', "key must be a string")?;
        self.skip_string()?;
        self.expect(b':', "expected `:`")
    }

    /// A string value, handed to the visitor (lent when it can be).
    fn string_value<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value, Error> {
        match self.string()? {
            Text::Borrowed(s) => visitor.visit_borrowed_str(s),
            Text::Copied(s) => visitor.visit_str(s),
        }
    }

    /// An object (its `{` consumed), within the depth budget, to its closing `}`.
    fn object<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value, Error> {
        self.nested(b'}', |reader| {
            visitor.visit_map(Entries {
                reader,
                first: true,
            })
        })
    }

    /// An array (its `[` consumed), within the depth budget, to its closing `]`.
    fn array<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value, Error> {
        self.nested(b']', |reader| {
            visitor.visit_seq(Elements {
                reader,
                first: true,
            })
        })
    }

    /// One nested level (its opening byte consumed), read by `read` within the depth budget,
    /// then its closing byte `close`.
    #[inline(always)]
    fn nested<T>(
        &mut self,
        close: u8,
        read: impl FnOnce(&mut Self) -> Result<T, Error>,
    ) -> Result<T, Error> {
        self.enter()?;
        let value = read(self);
        self.leave();
        let value = value?;
        let reason = if close == b'}' {
            "expected `}`"
        } else {
            "expected `]`"
        };
        self.expect(close, reason)?;
        Ok(value)
    }

    /// Whether another entry of an object follows (`first`: none read yet), with its key's
    /// opening `"` consumed; `false` at the closing `}` (not consumed).
    #[inline(always)]
    fn next_key(&mut self, first: bool) -> Result<bool, Error> {
        match self.peek_ws() {
            Some(b'}') => return Ok(false),
            Some(b',') if !first => {
                self.pos += 1;
                if self.peek_ws() != Some(b'"') {
                    return fail("key must be a string (or a trailing comma)");
                }
            }
            Some(b'"') if first => {}
            Some(_) => return fail("expected `,` or `}`"),
            None => return fail("EOF while parsing an object"),
        }
        self.pos += 1;
        Ok(true)
    }

    /// Whether another element of an array follows (`first`: none read yet), at its first
    /// byte; `false` at the closing `]` (not consumed).
    #[inline(always)]
    fn next_element(&mut self, first: bool) -> Result<bool, Error> {
        match self.peek_ws() {
            Some(b']') => return Ok(false),
            Some(b',') if !first => {
                self.pos += 1;
                if self.peek_ws() == Some(b']') {
                    return fail("trailing comma");
                }
            }
            Some(_) if first => {}
            Some(_) => return fail("expected `,` or `]`"),
            None => return fail("EOF while parsing an array"),
        }
        Ok(true)
    }

    /// Consumes a `null` whose `n` is the next byte.
    #[inline]
    fn null_rest(&mut self) -> Result<(), Error> {
        self.pos += 1;
        self.ident(b"ull")
    }
}

/// Number methods of the reader's `Deserializer` that read as `deserialize_f64` does (the
/// number serde_json reads, handed over the same way, whatever type was asked for).
macro_rules! numbers_as_f64 {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            self.deserialize_f64(visitor)
        }
    )*};
}

impl<'de> Deserializer<'de> for &mut Reader<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.peek_ws() {
            Some(b'"') => {
                self.pos += 1;
                self.string_value(visitor)
            }
            Some(b'{') => {
                self.pos += 1;
                self.object(visitor)
            }
            Some(b'[') => {
                self.pos += 1;
                self.array(visitor)
            }
            Some(b'-' | b'0'..=b'9') => self.number(visitor),
            Some(b'n') => {
                self.null_rest()?;
                visitor.visit_unit()
            }
            Some(b't') => {
                self.pos += 1;
                self.ident(b"rue")?;
                visitor.visit_bool(true)
            }
            Some(b'f') => {
                self.pos += 1;
                self.ident(b"alse")?;
                visitor.visit_bool(false)
            }
            Some(_) => fail("expected value"),
            None => fail("EOF while parsing a value"),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.peek_ws() {
            Some(b't' | b'f') => self.deserialize_any(visitor),
            _ => fail("invalid type: expected a boolean"),
        }
    }

    numbers_as_f64! {
        deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_u8
        deserialize_u16 deserialize_u32 deserialize_u64 deserialize_f32
    }
    /// Every number type reads the number serde_json reads and hands it over the same way.
    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.peek_ws() {
            Some(b'-' | b'0'..=b'9') => self.number(visitor),
            _ => fail("invalid type: expected a number"),
        }
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.peek_ws() {
            Some(b'"') => {
                self.pos += 1;
                self.string_value(visitor)
            }
            _ => fail("invalid type: expected a string"),
        }
    }
    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }
    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    /// Bytes are read from strings only (serde_json also reads arrays of numbers, and admits
    /// lone surrogates there): anything else is refused, for serde_json to read.
    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.peek_ws() {
            Some(b'"') => {
                self.pos += 1;
                match self.string()? {
                    Text::Borrowed(s) => visitor.visit_borrowed_bytes(s.as_bytes()),
                    Text::Copied(s) => visitor.visit_bytes(s.as_bytes()),
                }
            }
            _ => fail("bytes are read from strings only"),
        }
    }
    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_bytes(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.peek_ws() == Some(b'n') {
            self.null_rest()?;
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.peek_ws() {
            Some(b'n') => {
                self.null_rest()?;
                visitor.visit_unit()
            }
            _ => fail("invalid type: expected null"),
        }
    }
    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_unit(visitor)
    }

    /// serde_json's raw-value protocol for [`RAW_TOKEN`]: a one-entry map whose key is the
    /// token and whose value is the value's exact text (no surrounding whitespace).
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        if name != RAW_TOKEN {
            return visitor.visit_newtype_struct(self);
        }
        let first = self.peek_ws();
        let start = self.pos;
        // Strings and numbers (every amount and id) skipped directly; anything else by
        // `skip_value`.
        match first {
            Some(b'"') => {
                self.pos += 1;
                self.skip_string()?;
            }
            Some(b'-' | b'0'..=b'9') => {
                self.number_text()?;
            }
            _ => self.skip_value()?,
        }
        let Some(raw) = self.text.get(start..self.pos) else {
            return fail("not a char boundary");
        };
        visitor.visit_map(RawEntry { raw: Some(raw) })
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.peek_ws() {
            Some(b'[') => {
                self.pos += 1;
                self.array(visitor)
            }
            _ => fail("invalid type: expected an array"),
        }
    }
    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }
    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.peek_ws() {
            Some(b'{') => {
                self.pos += 1;
                self.object(visitor)
            }
            _ => fail("invalid type: expected an object"),
        }
    }

    /// A struct reads from an object, or (as serde_json allows) from an array of its fields
    /// in order.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.peek_ws() {
            Some(b'{') => {
                self.pos += 1;
                self.object(visitor)
            }
            Some(b'[') => {
                self.pos += 1;
                self.array(visitor)
            }
            _ => fail("invalid type: expected a struct"),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Error> {
        fail("enums are read by serde_json")
    }

    fn deserialize_i128<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Error> {
        fail("128-bit integers are read by serde_json")
    }
    fn deserialize_u128<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Error> {
        fail("128-bit integers are read by serde_json")
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.skip_value()?;
        visitor.visit_unit()
    }
}

/// The entries of an object being read.
struct Entries<'r, 'de> {
    reader: &'r mut Reader<'de>,
    first: bool,
}

impl<'de> MapAccess<'de> for Entries<'_, 'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let r = &mut *self.reader;
        if !r.next_key(self.first)? {
            return Ok(None);
        }
        self.first = false;
        let key = seed.deserialize(Key { reader: r })?;
        r.expect(b':', "expected `:`")?;
        Ok(Some(key))
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, Error> {
        seed.deserialize(&mut *self.reader)
    }
}

/// The elements of an array being read.
struct Elements<'r, 'de> {
    reader: &'r mut Reader<'de>,
    first: bool,
}

impl<'de> SeqAccess<'de> for Elements<'_, 'de> {
    type Error = Error;

    fn next_element_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, Error> {
        let r = &mut *self.reader;
        if !r.next_element(self.first)? {
            return Ok(None);
        }
        self.first = false;
        seed.deserialize(&mut *r).map(Some)
    }
}

/// An object key (its opening `"` consumed): a string, lent when it has no escapes. Keys are
/// read as text only (field names, `String` map keys): a key type that wants anything else is
/// refused, for serde_json to read.
struct Key<'r, 'de> {
    reader: &'r mut Reader<'de>,
}

impl<'de> Deserializer<'de> for Key<'_, 'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.reader.string_value(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.reader.skip_string()?;
        visitor.visit_unit()
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        if name == RAW_TOKEN {
            return fail("a raw key is read by serde_json");
        }
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_option<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Error> {
        fail("an optional key is read by serde_json")
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Error> {
        fail("enums are read by serde_json")
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map struct identifier
    }
}

/// serde_json's raw value as a one-entry map: the token, then the text.
struct RawEntry<'de> {
    raw: Option<&'de str>,
}

impl<'de> MapAccess<'de> for RawEntry<'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        if self.raw.is_none() {
            return Ok(None);
        }
        seed.deserialize(BorrowedStrDeserializer::<Error>::new(RAW_TOKEN))
            .map(Some)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, Error> {
        match self.raw.take() {
            Some(raw) => seed.deserialize(BorrowedStrDeserializer::new(raw)),
            None => fail("the raw value was read already"),
        }
    }
}

/// Reads `text` with this reader and with serde_json into every type the one-pass path reads
/// (the payment, dispute, payment-link and Collect from India events), a `serde_json::Value`,
/// an [`crate::Amount`] and a [`crate::FlexString`], and describes the first disagreement:
/// one accepting what the other refuses, or different values. `None` when they agree. The
/// payment event's `pull` reader is held to the same values wherever it reads a text (it may
/// decline any, which sends the body to the derived types).
///
/// For the differential tests and the `json_reader` fuzz target; not part of the API.
#[doc(hidden)]
pub fn reader_disagreement(text: &str) -> Option<String> {
    fn compare<'a, T>(what: &str, text: &'a str) -> Option<String>
    where
        T: de::Deserialize<'a> + PartialEq + fmt::Debug,
    {
        match (from_str::<T>(text), serde_json::from_str::<T>(text)) {
            (Ok(ours), Ok(theirs)) if ours == theirs => None,
            (Err(_), Err(_)) => None,
            (Ok(ours), Ok(theirs)) => Some(format!("{what}: read {ours:?}, serde_json {theirs:?}")),
            (Ok(ours), Err(e)) => Some(format!("{what}: read {ours:?}, serde_json refused: {e}")),
            (Err(e), Ok(theirs)) => Some(format!("{what}: refused ({e}), serde_json {theirs:?}")),
        }
    }
    let checks: &[fn(&str) -> Option<String>] = &[
        |t| compare::<serde_json::Value>("Value", t),
        |t| compare::<crate::Amount>("Amount", t),
        |t| compare::<Option<crate::FlexString>>("FlexString", t),
        |t| compare::<Vec<Option<crate::Amount>>>("Vec<Option<Amount>>", t),
        #[cfg(feature = "pg")]
        |t| compare::<crate::webhooks::PaymentWebhook<'_>>("PaymentWebhook", t),
        #[cfg(feature = "pg")]
        |t| compare::<crate::webhooks::DisputeWebhook<'_>>("DisputeWebhook", t),
        #[cfg(feature = "pg")]
        |t| compare::<crate::webhooks::PaymentLinkWebhook<'_>>("PaymentLinkWebhook", t),
        #[cfg(feature = "international")]
        |t| {
            compare::<crate::webhooks::PaymentVerificationWebhook<'_>>(
                "PaymentVerificationWebhook",
                t,
            )
        },
        #[cfg(feature = "international")]
        |t| compare::<crate::webhooks::IcaSettlementWebhook<'_>>("IcaSettlementWebhook", t),
    ];
    #[cfg(feature = "pg")]
    fn compare_pull<'a, T>(what: &str, text: &'a str) -> Option<String>
    where
        T: de::Deserialize<'a> + pull::Pull<'a> + PartialEq + fmt::Debug,
    {
        // Declining is always allowed (the derived types then read the body); a value must be
        // serde_json's.
        let ours = pull::from_str::<T>(text).ok()?;
        match serde_json::from_str::<T>(text) {
            Ok(theirs) if ours == theirs => None,
            Ok(theirs) => Some(format!("{what} pulled: {ours:?}, serde_json {theirs:?}")),
            Err(e) => Some(format!("{what} pulled: {ours:?}, serde_json refused: {e}")),
        }
    }
    #[cfg(feature = "pg")]
    {
        let pulled = compare_pull::<crate::webhooks::PaymentWebhook<'_>>("PaymentWebhook", text)
            .or_else(|| compare_pull::<crate::webhooks::DisputeWebhook<'_>>("DisputeWebhook", text))
            .or_else(|| {
                compare_pull::<crate::webhooks::PaymentLinkWebhook<'_>>("PaymentLinkWebhook", text)
            });
        if pulled.is_some() {
            return pulled;
        }
    }
    checks.iter().find_map(|check| check(text))
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use proptest::prelude::*;
    use serde_json::Value;

    use super::{find_run_end, from_str, reader_disagreement};

    fn agree(text: &str) {
        if let Some(why) = reader_disagreement(text) {
            panic!("{why}\n  on {text:?}");
        }
    }

    /// Every JSON body among the documented samples (`src/webhooks/samples`).
    fn samples() -> Vec<String> {
        let out: Vec<String> = crate::webhooks::samples::all()
            .iter()
            .filter_map(|s| String::from_utf8(s.body()).ok())
            .filter(|body| serde_json::from_str::<Value>(body).is_ok())
            .collect();
        assert!(out.len() >= 20, "samples not found");
        out
    }

    #[test]
    fn every_sample_reads_as_serde_json_reads_it() {
        for sample in samples() {
            agree(&sample);
            // And with insignificant whitespace removed.
            let minified = serde_json::to_string(&serde_json::from_str::<Value>(&sample).unwrap());
            agree(&minified.unwrap());
        }
    }

    #[test]
    fn strings_are_lent_unless_escaped() {
        let text: Cow<'_, str> = from_str::<crate::raw_json::BorrowedStr<'_>>(r#""abc""#)
            .unwrap()
            .0;
        assert!(matches!(text, Cow::Borrowed("abc")));
        let text = from_str::<crate::raw_json::BorrowedStr<'_>>(r#""a\"b\u00e9\ud83d\ude00""#)
            .unwrap()
            .0;
        assert_eq!(text, "a\"bé😀");
        assert!(matches!(text, Cow::Owned(_)));
    }

    #[test]
    fn what_serde_json_refuses_is_refused() {
        for bad in [
            "",
            " ",
            "{",
            "}",
            "[1,]",
            "{\"a\":1,}",
            "{\"a\" 1}",
            "{1:1}",
            "01",
            "1.",
            ".5",
            "1e",
            "-",
            "+1",
            "1 2",
            "nul",
            "tru",
            "\"\\ud800\"",
            "\"\\udc00\"",
            "\"\\ud800\\u0041\"",
            "\"\\x\"",
            "\"a\u{1}\"",
            "\"abc",
            "1e400",
            "[1}",
            "{\"a\":1]",
            "{}x",
        ] {
            assert!(from_str::<Value>(bad).is_err(), "{bad:?} read");
            assert!(serde_json::from_str::<Value>(bad).is_err(), "{bad:?}");
            agree(bad);
        }
    }

    #[test]
    fn depth_is_serde_jsons() {
        for n in [126, 127, 128, 129, 300] {
            let arrays = format!("{}{}", "[".repeat(n), "]".repeat(n));
            assert_eq!(from_str::<Value>(&arrays).is_ok(), n <= 127, "{n}");
            agree(&arrays);
            // Ignored and raw values are skipped at any depth, as serde_json skips them.
            let ignored =
                format!(r#"{{"data":{{"x":{arrays}}},"type":"PAYMENT_SUCCESS_WEBHOOK"}}"#);
            agree(&ignored);
            let raw = format!(r#"{{"data":{{"payment":{{"payment_amount":{arrays}}}}}}}"#);
            agree(&raw);
        }
    }

    #[test]
    fn numbers_are_handed_over_as_serde_json_hands_them() {
        for n in [
            "0",
            "-0",
            "1",
            "-1",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775808",
            "-9223372036854775809",
            "123456789012345678",
            "1234567890123456789",
            "-123456789012345678",
            "1.5",
            "-0.0",
            "1e3",
            "1E-3",
            "2.5e+2",
            "0.1000000000000000055511151231257827",
            "1e308",
            "1e-400",
            "99999999999999999999",
        ] {
            agree(n);
            agree(&format!("[{n}]"));
            agree(&format!(
                r#"{{"data":{{"payment":{{"payment_amount":{n},"cf_payment_id":{n}}}}}}}"#
            ));
        }
    }

    #[test]
    fn the_scan_finds_the_first_stop_byte() {
        let text = b"abcdefgh\x01ijklmnop\"q\\";
        assert_eq!(find_run_end(text, 0), 8);
        assert_eq!(find_run_end(text, 9), 17);
        assert_eq!(find_run_end(text, 18), 19);
        assert_eq!(
            find_run_end(b"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\"", 0),
            10
        );
        assert_eq!(find_run_end(b"aaaaaaaaaaaaaaaaaaaaa", 0), 21);
        for stop in 0u8..=255 {
            for at in 0..17 {
                let mut bytes = vec![b'a'; 17];
                bytes[at] = stop;
                let expected = if stop == b'"' || stop == b'\\' || stop < 0x20 {
                    at
                } else {
                    17
                };
                assert_eq!(find_run_end(&bytes, 0), expected, "byte {stop:#x} at {at}");
            }
        }
    }

    /// JSON strings: plain text, every escape, `\u` escapes (paired, lone, in any case),
    /// non-ASCII and control characters.
    fn json_string() -> impl Strategy<Value = String> {
        // Mostly valid pieces, so most strings read and their values are compared; now and
        // then one serde_json refuses.
        let piece = prop_oneof![
            12 => "[a-zA-Z0-9 _.:/-]{0,12}",
            1 => Just("\\\"".to_string()),
            1 => Just("\\\\".to_string()),
            1 => Just("\\/".to_string()),
            1 => Just("\\b\\f\\n\\r\\t".to_string()),
            2 => "\\\\u00[0-7][0-9a-fA-F]",
            2 => "\\\\u[0-9a-cA-C][0-9a-fA-F]{3}",
            2 => "\\\\u[dD][89abAB][0-9a-f]{2}\\\\u[dD][c-fC-F][0-9a-f]{2}",
            2 => "[é😀\u{7f}\u{80}\u{ffff}]",
            1 => "\\\\u[dD][89abAB][0-9a-f]{2}",
            1 => "\\\\u[dD][c-fC-F][0-9a-f]{2}",
            1 => "\\\\u[dD][89abAB][0-9a-f]{2}\\\\u00[0-7][0-9a-f]",
            1 => Just("\\x".to_string()),
            1 => Just("\\u12".to_string()),
            1 => "[\u{0}-\u{1f}]",
        ];
        prop::collection::vec(piece, 0..6).prop_map(|p| format!("\"{}\"", p.concat()))
    }

    /// Numbers of every form, valid and not.
    fn json_number() -> impl Strategy<Value = String> {
        prop_oneof![
            3 => any::<u64>().prop_map(|n| n.to_string()),
            3 => any::<i64>().prop_map(|n| n.to_string()),
            3 => any::<f64>().prop_map(|n| n.to_string()),
            6 => "-?(0|[1-9][0-9]{0,25})(\\.[0-9]{1,20})?([eE][+-]?[0-9]{1,3})?",
            1 => "-?[0-9]{0,3}\\.?[0-9]{0,3}[eE]?[+-]?[0-9]{0,2}",
        ]
    }

    /// JSON text: values of every kind nested a few levels, with random whitespace, and now
    /// and then a token out of place.
    fn json_text() -> impl Strategy<Value = String> {
        let ws = prop::sample::select(vec!["", "", "", " ", "\n", "\t ", "\r\n"]);
        let leaf = prop_oneof![
            json_string(),
            json_number(),
            Just("null".to_string()),
            Just("true".to_string()),
            Just("false".to_string()),
        ];
        leaf.prop_recursive(4, 48, 6, move |inner| {
            let ws = ws.clone();
            prop_oneof![
                (prop::collection::vec((inner.clone(), ws.clone()), 0..6)).prop_map(|items| {
                    let items: Vec<String> = items
                        .into_iter()
                        .map(|(v, w)| format!("{w}{v}{w}"))
                        .collect();
                    format!("[{}]", items.join(","))
                }),
                (prop::collection::vec(
                    (
                        prop_oneof![
                            json_string(),
                            prop::sample::select(vec![
                                "\"type\"",
                                "\"data\"",
                                "\"payment\"",
                                "\"order\"",
                                "\"payment_amount\"",
                                "\"cf_payment_id\"",
                                "\"order_id\"",
                                "\"payment_status\"",
                                "\"payment_method\"",
                                "\"customer_details\"",
                                "\"payment_offers\"",
                                "\"t\\u0079pe\"",
                                "\"$serde_json::private::RawValue\"",
                            ])
                            .prop_map(str::to_string),
                        ],
                        inner,
                        ws
                    ),
                    0..6
                ))
                .prop_map(|entries| {
                    let entries: Vec<String> = entries
                        .into_iter()
                        .map(|(k, v, w)| format!("{w}{k}{w}:{w}{v}"))
                        .collect();
                    format!("{{{}}}", entries.join(","))
                }),
            ]
        })
    }

    /// A documented body with one value (found by its position among the body's values)
    /// replaced by generated JSON, or one token inserted or removed.
    fn mutated_sample() -> impl Strategy<Value = String> {
        let samples = samples();
        let count = samples.len();
        (
            0..count,
            any::<prop::sample::Index>(),
            json_text(),
            0..4u8,
            any::<prop::sample::Index>(),
        )
            .prop_map(move |(which, at, replacement, how, pos)| {
                let sample = &samples[which];
                let mut value: Value = serde_json::from_str(sample).expect("a JSON sample");
                const MARK: &str = "\u{0}MARK";
                let mut leaves = Vec::new();
                collect_paths(&value, &mut Vec::new(), &mut leaves);
                if let Some(path) = leaves.get(at.index(leaves.len().max(1))) {
                    if let Some(slot) = path_mut(&mut value, path) {
                        *slot = Value::String(MARK.into());
                    }
                }
                let text = serde_json::to_string(&value).expect("serialises");
                let text = text.replacen("\"\\u0000MARK\"", &replacement, 1);
                let chars: Vec<(usize, char)> = text.char_indices().collect();
                let (cut, _) = chars[pos.index(chars.len())];
                match how {
                    0 => format!("{}{{{}", &text[..cut], &text[cut..]),
                    1 => format!("{}\"{}", &text[..cut], &text[cut..]),
                    2 => format!(
                        "{}{}",
                        &text[..cut],
                        text[cut..].chars().skip(1).collect::<String>()
                    ),
                    _ => text,
                }
            })
    }

    fn collect_paths(v: &Value, here: &mut Vec<PathStep>, out: &mut Vec<Vec<PathStep>>) {
        out.push(here.clone());
        match v {
            Value::Object(map) => {
                for (k, child) in map {
                    here.push(PathStep::Key(k.clone()));
                    collect_paths(child, here, out);
                    here.pop();
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    here.push(PathStep::Index(i));
                    collect_paths(child, here, out);
                    here.pop();
                }
            }
            _ => {}
        }
    }

    #[derive(Clone)]
    enum PathStep {
        Key(String),
        Index(usize),
    }

    fn path_mut<'v>(v: &'v mut Value, path: &[PathStep]) -> Option<&'v mut Value> {
        let mut v = v;
        for step in path {
            v = match step {
                PathStep::Key(k) => v.get_mut(k.as_str())?,
                PathStep::Index(i) => v.get_mut(*i)?,
            };
        }
        Some(v)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        #[test]
        fn arbitrary_json_reads_as_serde_json_reads_it(text in json_text()) {
            agree(&text);
        }

        #[test]
        fn arbitrary_strings_read_as_serde_json_reads_them(text in json_string()) {
            agree(&text);
            agree(&format!(r#"{{"data":{{"order":{{"order_id":{text},"order_tags":{{"k":{text}}}}}}},"type":{text}}}"#));
        }

        #[test]
        fn numbers_of_every_form_read_as_serde_json_reads_them(n in json_number()) {
            agree(&n);
            agree(&format!(r#"{{"data":{{"payment":{{"payment_amount":{n},"cf_payment_id":{n},"bank_reference":{n}}}}}}}"#));
        }

        #[test]
        fn mutated_samples_read_as_serde_json_reads_them(text in mutated_sample()) {
            agree(&text);
        }
    }
}
