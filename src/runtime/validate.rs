//! Checks a request body against the constraints its spec states, before it is sent.
//!
//! The code generator keeps each operation's request schema (with `$ref`s inlined and only the
//! validating keywords) in the family's operation table; this module reads it. It knows the
//! keywords specs use for requests: `type`, `required`, `properties`, `items`, `nullable`,
//! `minimum`/`maximum` (with 3.0's boolean `exclusiveMinimum`/`exclusiveMaximum`),
//! `minLength`/`maxLength`, `pattern`, `multipleOf`, `minItems`/`maxItems`, and
//! `allOf`/`anyOf`/`oneOf`. Numbers are compared as exact decimals.
//!
//! A schema is compiled once per process into [`Rules`] (bounds as decimals, patterns as
//! compiled regexes, properties in order), so a call pays only for walking its own body; a
//! field's path is written out only when it broke a rule.

use std::collections::HashMap;
use std::str::FromStr;
use std::sync::{OnceLock, RwLock};

use regex_lite::Regex;
use rust_decimal::Decimal;
use serde_json::Value;

/// A rule a body broke: where, and what the rule is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Dotted path of the field (`customer_details.customer_phone`, `cart_items[0].item_id`);
    /// empty for the body itself.
    pub path: String,
    /// What the API accepts there.
    pub message: String,
}

/// The JSON type a schema asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Type {
    Object,
    Array,
    String,
    Integer,
    Number,
    Boolean,
    /// A type this module does not check (any value passes).
    Other,
}

/// One schema, compiled: what [`validate`] checks, read out of the JSON once.
#[derive(Debug, Default)]
pub struct Rules {
    /// False when the schema is not a JSON object (it then accepts anything).
    object: bool,
    all_of: Vec<Rules>,
    any_of: Option<Vec<Rules>>,
    one_of: Option<Vec<Rules>>,
    ty: Option<Type>,
    required: Vec<String>,
    properties: Vec<(String, Rules)>,
    min_items: Option<u64>,
    max_items: Option<u64>,
    items: Option<Box<Rules>>,
    min_length: Option<u64>,
    max_length: Option<u64>,
    /// The pattern as written, and compiled (`None` when it does not compile: not checked).
    pattern: Option<(String, Option<Regex>)>,
    minimum: Option<Decimal>,
    /// 3.0's `exclusiveMinimum: true`.
    minimum_exclusive: bool,
    /// 3.1's `exclusiveMinimum: <number>`.
    exclusive_minimum: Option<Decimal>,
    maximum: Option<Decimal>,
    maximum_exclusive: bool,
    exclusive_maximum: Option<Decimal>,
    multiple_of: Option<Decimal>,
    /// `k` when `multipleOf` is `10^-k` (`0.01`: at most two decimal places), checked from the
    /// number's digits instead of a decimal division.
    multiple_of_places: Option<u32>,
}

impl Rules {
    /// Compiles a (validation) schema.
    pub fn compile(schema: &Value) -> Rules {
        let Some(rules) = schema.as_object() else {
            return Rules::default();
        };
        let list = |key: &str| match rules.get(key) {
            Some(Value::Array(all)) => Some(all.iter().map(Rules::compile).collect::<Vec<_>>()),
            _ => None,
        };
        let ty = rules.get("type").and_then(Value::as_str).map(|t| match t {
            "object" => Type::Object,
            "array" => Type::Array,
            "string" => Type::String,
            "integer" => Type::Integer,
            "number" => Type::Number,
            "boolean" => Type::Boolean,
            _ => Type::Other,
        });
        let exclusive_min = rules.get("exclusiveMinimum");
        let exclusive_max = rules.get("exclusiveMaximum");
        Rules {
            object: true,
            all_of: list("allOf").unwrap_or_default(),
            any_of: list("anyOf"),
            one_of: list("oneOf"),
            ty,
            required: match rules.get("required") {
                Some(Value::Array(required)) => required
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect(),
                _ => Vec::new(),
            },
            properties: match rules.get("properties") {
                Some(Value::Object(props)) => props
                    .iter()
                    .map(|(name, sub)| (name.clone(), Rules::compile(sub)))
                    .collect(),
                _ => Vec::new(),
            },
            min_items: rules.get("minItems").and_then(Value::as_u64),
            max_items: rules.get("maxItems").and_then(Value::as_u64),
            items: rules.get("items").map(|s| Box::new(Rules::compile(s))),
            min_length: rules.get("minLength").and_then(Value::as_u64),
            max_length: rules.get("maxLength").and_then(Value::as_u64),
            pattern: rules
                .get("pattern")
                .and_then(Value::as_str)
                .map(|p| (p.to_string(), Regex::new(p).ok())),
            minimum: rules.get("minimum").and_then(number),
            minimum_exclusive: exclusive_min == Some(&Value::Bool(true)),
            exclusive_minimum: exclusive_min.and_then(number),
            maximum: rules.get("maximum").and_then(number),
            maximum_exclusive: exclusive_max == Some(&Value::Bool(true)),
            exclusive_maximum: exclusive_max.and_then(number),
            multiple_of: rules.get("multipleOf").and_then(number),
            multiple_of_places: rules
                .get("multipleOf")
                .and_then(number)
                .and_then(decimal_places_step),
        }
    }

    /// The rules of property `name`, if the schema lists it.
    fn property(&self, name: &str) -> Option<&Rules> {
        self.properties
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, r)| r)
    }

    /// Checks a value: the first broken rule, with the field's path under `path`.
    pub fn check(&self, value: &Value, path: &str) -> Result<(), Violation> {
        let root = if path.is_empty() {
            Path::Root
        } else {
            Path::Prefix(path)
        };
        self.check_at(value, &root)
    }

    fn check_at(&self, value: &Value, path: &Path<'_>) -> Result<(), Violation> {
        if !self.object {
            return Ok(());
        }
        let fail = |message: String| {
            Err(Violation {
                path: path.render(),
                message,
            })
        };
        if value.is_null() {
            // Absent-as-null is the caller's choice; the API treats it as not sent.
            return Ok(());
        }
        for s in &self.all_of {
            s.check_at(value, path)?;
        }
        for options in [&self.any_of, &self.one_of].into_iter().flatten() {
            if !options.is_empty() && !options.iter().any(|s| s.check_at(value, path).is_ok()) {
                return fail("matches none of the shapes the API accepts".into());
            }
        }
        let type_ok = match &self.ty {
            Some(Type::Object) => value.is_object(),
            Some(Type::Array) => value.is_array(),
            Some(Type::String) => value.is_string(),
            Some(Type::Integer) => value.is_i64() || value.is_u64(),
            Some(Type::Number) => {
                value.is_number() || (value.is_string() && is_decimal_text(value))
            }
            Some(Type::Boolean) => value.is_boolean(),
            Some(Type::Other) | None => true,
        };
        if !type_ok {
            let name = match &self.ty {
                Some(Type::Object) => "object",
                Some(Type::Array) => "array",
                Some(Type::String) => "string",
                Some(Type::Integer) => "integer",
                Some(Type::Number) => "number",
                Some(Type::Boolean) => "boolean",
                Some(Type::Other) | None => "value",
            };
            return fail(format!("must be {}", article(name)));
        }
        if let Some(obj) = value.as_object() {
            for name in &self.required {
                if obj.get(name).is_none_or(Value::is_null) {
                    return Err(Violation {
                        path: Path::Field(path, name).render(),
                        message: "is required".into(),
                    });
                }
            }
            for (name, sub) in &self.properties {
                if let Some(v) = obj.get(name) {
                    sub.check_at(v, &Path::Field(path, name))?;
                }
            }
        }
        if let Some(items) = value.as_array() {
            let len = items.len() as u64;
            if let Some(min) = self.min_items {
                if len < min {
                    return fail(format!("needs at least {min} item(s)"));
                }
            }
            if let Some(max) = self.max_items {
                if len > max {
                    return fail(format!("takes at most {max} item(s)"));
                }
            }
            if let Some(sub) = &self.items {
                for (i, v) in items.iter().enumerate() {
                    sub.check_at(v, &Path::Index(path, i))?;
                }
            }
        }
        if let Some(text) = value.as_str() {
            if self.ty != Some(Type::Number) {
                self.string_rules(text).or_else(fail)?;
            }
        }
        if self.has_numeric_rules() {
            if let Some(n) = number(value) {
                self.numeric_rules(n).or_else(fail)?;
            }
        }
        Ok(())
    }

    /// `minLength`, `maxLength` and `pattern` on a string (not one a `number` travels as).
    fn string_rules(&self, text: &str) -> Result<(), String> {
        if self.min_length.is_some() || self.max_length.is_some() {
            let chars = text.chars().count() as u64;
            if let Some(min) = self.min_length {
                if chars < min {
                    return Err(format!("must be at least {min} characters long"));
                }
            }
            if let Some(max) = self.max_length {
                if chars > max {
                    return Err(format!("must be at most {max} characters long"));
                }
            }
        }
        if let Some((pattern, Some(re))) = &self.pattern {
            if !re.is_match(text) {
                return Err(format!("must match the pattern `{pattern}`"));
            }
        }
        Ok(())
    }

    /// The bounds and `multipleOf` on a number (or decimal text).
    fn numeric_rules(&self, n: Decimal) -> Result<(), String> {
        if let Some(min) = self.minimum {
            let exclusive = self.minimum_exclusive;
            if n < min || (exclusive && n == min) {
                let word = if exclusive { "more than" } else { "at least" };
                return Err(format!("must be {word} {min}"));
            }
        }
        if let Some(min) = self.exclusive_minimum {
            if n <= min {
                return Err(format!("must be more than {min}"));
            }
        }
        if let Some(max) = self.maximum {
            let exclusive = self.maximum_exclusive;
            if n > max || (exclusive && n == max) {
                let word = if exclusive { "less than" } else { "at most" };
                return Err(format!("must be {word} {max}"));
            }
        }
        if let Some(max) = self.exclusive_maximum {
            if n >= max {
                return Err(format!("must be less than {max}"));
            }
        }
        if let Some(step) = self.multiple_of {
            let multiple = match self.multiple_of_places {
                // A multiple of 10^-k has no non-zero digit after the k-th decimal place.
                Some(k) => {
                    n.scale() <= k
                        || n.round_dp_with_strategy(k, rust_decimal::RoundingStrategy::ToZero) == n
                }
                None => step.is_zero() || (n % step).is_zero(),
            };
            if !multiple {
                let places = step.normalize().scale();
                return Err(
                    if step.normalize() == Decimal::new(1, places) && places > 0 {
                        format!("must have at most {places} decimal places")
                    } else {
                        format!("must be a multiple of {step}")
                    },
                );
            }
        }
        Ok(())
    }

    fn has_numeric_rules(&self) -> bool {
        self.minimum.is_some()
            || self.exclusive_minimum.is_some()
            || self.maximum.is_some()
            || self.exclusive_maximum.is_some()
            || self.multiple_of.is_some()
    }
}

/// Where a value sits in the body, written out only for a violation.
enum Path<'a> {
    Root,
    /// A path given as text by the caller of [`validate`].
    Prefix(&'a str),
    Field(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

impl Path<'_> {
    fn render(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match self {
            Path::Root => {}
            Path::Prefix(p) => out.push_str(p),
            Path::Field(parent, name) => {
                parent.write(out);
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(name);
            }
            Path::Index(parent, i) => {
                use std::fmt::Write;
                parent.write(out);
                let _ = write!(out, "[{i}]");
            }
        }
    }
}

/// One value's outcome in the one-pass check of a body's bytes.
struct Seen {
    /// The first rule the value broke.
    violation: Option<Violation>,
    /// The value is JSON `null` (which a required field does not accept).
    null: bool,
}

impl Seen {
    fn ok() -> Seen {
        Seen {
            violation: None,
            null: false,
        }
    }
}

/// The rules nothing breaks (a value the schema says nothing about).
static ANYTHING: Rules = Rules {
    object: false,
    all_of: Vec::new(),
    any_of: None,
    one_of: None,
    ty: None,
    required: Vec::new(),
    properties: Vec::new(),
    min_items: None,
    max_items: None,
    items: None,
    min_length: None,
    max_length: None,
    pattern: None,
    minimum: None,
    minimum_exclusive: false,
    exclusive_minimum: None,
    maximum: None,
    maximum_exclusive: false,
    exclusive_maximum: None,
    multiple_of: None,
    multiple_of_places: None,
};

/// Checks one value as it is parsed: the same rules, in the same order, with the same results
/// as [`Rules::check`] on the parsed [`Value`], without building it. A value under `allOf`,
/// `anyOf` or `oneOf` (checked against several shapes) is parsed into a `Value` and checked
/// there.
struct Stream<'r, 'p> {
    rules: &'r Rules,
    path: &'p Path<'p>,
}

impl Stream<'_, '_> {
    fn fail(&self, message: String) -> Seen {
        Seen {
            violation: Some(Violation {
                path: self.path.render(),
                message,
            }),
            null: false,
        }
    }

    fn type_name(&self) -> &'static str {
        match &self.rules.ty {
            Some(Type::Object) => "object",
            Some(Type::Array) => "array",
            Some(Type::String) => "string",
            Some(Type::Integer) => "integer",
            Some(Type::Number) => "number",
            Some(Type::Boolean) => "boolean",
            Some(Type::Other) | None => "value",
        }
    }

    /// Whether the schema's `type` accepts a value of this kind.
    fn accepts(&self, kind: Type) -> bool {
        match &self.rules.ty {
            Some(Type::Other) | None => true,
            Some(Type::Number) => kind == Type::Number || kind == Type::Integer,
            Some(ty) => *ty == kind,
        }
    }

    fn wrong_type(&self) -> Seen {
        self.fail(format!("must be {}", article(self.type_name())))
    }

    fn number(&self, n: Option<Decimal>, kind: Type) -> Seen {
        if !self.rules.object {
            return Seen::ok();
        }
        if !self.accepts(kind) {
            return self.wrong_type();
        }
        self.numeric(n)
    }

    fn numeric(&self, n: Option<Decimal>) -> Seen {
        if !self.rules.has_numeric_rules() {
            return Seen::ok();
        }
        let Some(n) = n else {
            return Seen::ok();
        };
        match self.rules.numeric_rules(n) {
            Ok(()) => Seen::ok(),
            Err(message) => self.fail(message),
        }
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for Stream<'_, '_> {
    type Value = Seen;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Seen, D::Error> {
        let r = self.rules;
        if r.object && (!r.all_of.is_empty() || r.any_of.is_some() || r.one_of.is_some()) {
            let value = <Value as serde::Deserialize>::deserialize(d)?;
            return Ok(Seen {
                null: value.is_null(),
                violation: r.check_at(&value, self.path).err(),
            });
        }
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Stream<'_, '_> {
    type Value = Seen;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Seen, E> {
        Ok(Seen {
            violation: None,
            null: true,
        })
    }

    fn visit_bool<E>(self, _: bool) -> Result<Seen, E> {
        if !self.rules.object || self.accepts(Type::Boolean) {
            return Ok(Seen::ok());
        }
        Ok(self.wrong_type())
    }

    fn visit_i64<E>(self, n: i64) -> Result<Seen, E> {
        Ok(self.number(Some(Decimal::from(n)), Type::Integer))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Seen, E> {
        Ok(self.number(Some(Decimal::from(n)), Type::Integer))
    }

    fn visit_f64<E>(self, n: f64) -> Result<Seen, E> {
        if !self.rules.object {
            return Ok(Seen::ok());
        }
        // The shortest text that reads back as this f64 is the decimal that was written.
        let exact = || shortest_decimal(n);
        if !self.accepts(Type::Number) || self.rules.ty == Some(Type::Integer) {
            return Ok(self.wrong_type());
        }
        Ok(self.numeric(exact()))
    }

    fn visit_str<E>(self, text: &str) -> Result<Seen, E> {
        let r = self.rules;
        if !r.object {
            return Ok(Seen::ok());
        }
        let decimal = || Decimal::from_str(text.trim()).ok();
        let type_ok = match &r.ty {
            Some(Type::String) | Some(Type::Other) | None => true,
            Some(Type::Number) => decimal().is_some(),
            Some(_) => false,
        };
        if !type_ok {
            return Ok(self.wrong_type());
        }
        if r.ty != Some(Type::Number) {
            if let Err(message) = r.string_rules(text) {
                return Ok(self.fail(message));
            }
        }
        if !r.has_numeric_rules() {
            return Ok(Seen::ok());
        }
        Ok(self.numeric(decimal()))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Seen, A::Error> {
        let r = self.rules;
        if !r.object || !self.accepts(Type::Array) {
            while seq
                .next_element_seed(Stream {
                    rules: &ANYTHING,
                    path: self.path,
                })?
                .is_some()
            {}
            return Ok(if r.object {
                self.wrong_type()
            } else {
                Seen::ok()
            });
        }
        let items = r.items.as_deref().unwrap_or(&ANYTHING);
        let mut len = 0u64;
        let mut first: Option<Violation> = None;
        loop {
            let path = Path::Index(self.path, len as usize);
            let rules = if first.is_some() { &ANYTHING } else { items };
            match seq.next_element_seed(Stream { rules, path: &path })? {
                Some(seen) => {
                    if first.is_none() {
                        first = seen.violation;
                    }
                    len += 1;
                }
                None => break,
            }
        }
        if let Some(min) = r.min_items {
            if len < min {
                return Ok(self.fail(format!("needs at least {min} item(s)")));
            }
        }
        if let Some(max) = r.max_items {
            if len > max {
                return Ok(self.fail(format!("takes at most {max} item(s)")));
            }
        }
        Ok(Seen {
            violation: first,
            null: false,
        })
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Seen, A::Error> {
        let r = self.rules;
        let checked = r.object && self.accepts(Type::Object);
        // Which required fields have a value other than `null` (the last one given counts, as
        // when the body is parsed into a map).
        let mut present = Present::new(if checked { r.required.len() } else { 0 });
        // The first violation of each property, by its index in `r.properties`.
        let mut broken: Vec<(usize, Violation)> = Vec::new();
        while let Some(key) = map.next_key::<Key<'de>>()? {
            let key = key.0.as_ref();
            let property = if checked {
                r.properties.iter().position(|(name, _)| name == key)
            } else {
                None
            };
            let seen = match property {
                Some(i) => {
                    let (name, rules) = &r.properties[i];
                    let path = Path::Field(self.path, name);
                    map.next_value_seed(Stream { rules, path: &path })?
                }
                None => map.next_value_seed(Stream {
                    rules: &ANYTHING,
                    path: self.path,
                })?,
            };
            if checked {
                for (i, name) in r.required.iter().enumerate() {
                    if name == key {
                        present.set(i, !seen.null);
                    }
                }
            }
            if let Some(i) = property {
                broken.retain(|(j, _)| *j != i);
                if let Some(v) = seen.violation {
                    broken.push((i, v));
                }
            }
        }
        if !r.object {
            return Ok(Seen::ok());
        }
        if !checked {
            return Ok(self.wrong_type());
        }
        if let Some(name) = r
            .required
            .iter()
            .enumerate()
            .find_map(|(i, name)| (!present.get(i)).then_some(name))
        {
            return Ok(Seen {
                violation: Some(Violation {
                    path: Path::Field(self.path, name).render(),
                    message: "is required".into(),
                }),
                null: false,
            });
        }
        Ok(Seen {
            violation: broken.into_iter().min_by_key(|(i, _)| *i).map(|(_, v)| v),
            null: false,
        })
    }
}

/// Which of an object's required fields have a value other than `null`: bits for the first 64
/// (no allocation), a list beyond.
struct Present {
    bits: u64,
    more: Vec<bool>,
}

impl Present {
    fn new(required: usize) -> Present {
        Present {
            bits: 0,
            more: vec![false; required.saturating_sub(64)],
        }
    }

    fn set(&mut self, i: usize, there: bool) {
        if i < 64 {
            if there {
                self.bits |= 1 << i;
            } else {
                self.bits &= !(1 << i);
            }
        } else if let Some(flag) = self.more.get_mut(i - 64) {
            *flag = there;
        }
    }

    fn get(&self, i: usize) -> bool {
        if i < 64 {
            self.bits & (1 << i) != 0
        } else {
            self.more.get(i - 64).copied().unwrap_or(false)
        }
    }
}

/// The decimal an `f64` read from JSON was written as: its shortest text that reads back as
/// it, written on the stack (a `String` only for the rare number longer than 64 characters).
fn shortest_decimal(n: f64) -> Option<Decimal> {
    use std::fmt::Write;
    struct Stack {
        bytes: [u8; 64],
        len: usize,
    }
    impl Write for Stack {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            let end = self.len + s.len();
            let room = self.bytes.get_mut(self.len..end).ok_or(std::fmt::Error)?;
            room.copy_from_slice(s.as_bytes());
            self.len = end;
            Ok(())
        }
    }
    let mut text = Stack {
        bytes: [0; 64],
        len: 0,
    };
    if write!(text, "{n}").is_ok() {
        let written = std::str::from_utf8(&text.bytes[..text.len]).ok()?;
        return Decimal::from_str(written).ok();
    }
    Decimal::from_str(&n.to_string()).ok()
}

/// An object's key, borrowed from the body when it has no escapes.
struct Key<'de>(std::borrow::Cow<'de, str>);

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Borrowed(s)))
            }
            fn visit_str<E>(self, s: &str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(s.to_string())))
            }
            fn visit_string<E>(self, s: String) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(s)))
            }
        }
        d.deserialize_str(V)
    }
}

/// The compiled rules of a table entry (compiled once per process; the table's schemas are
/// static text, so the cache holds at most one entry per operation).
pub fn compiled_schema(schema: &'static str) -> &'static Rules {
    type Last = std::cell::Cell<Option<((usize, usize), &'static Rules)>>;
    thread_local! {
        // The schema this thread checked last: a loop of one operation's calls finds it
        // without a lock or a hash.
        static LAST: Last = const { std::cell::Cell::new(None) };
    }
    let key = (schema.as_ptr() as usize, schema.len());
    if let Ok(Some((k, rules))) = LAST.try_with(Last::get) {
        if k == key {
            return rules;
        }
    }
    let rules = compiled_schema_shared(schema, key);
    let _ = LAST.try_with(|last| last.set(Some((key, rules))));
    rules
}

/// The process-wide cache behind [`compiled_schema`].
fn compiled_schema_shared(schema: &'static str, key: (usize, usize)) -> &'static Rules {
    static CACHE: OnceLock<RwLock<HashMap<(usize, usize), &'static Rules>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(rules) = cache.read().unwrap_or_else(|p| p.into_inner()).get(&key) {
        return rules;
    }
    let mut write = cache.write().unwrap_or_else(|p| p.into_inner());
    write.entry(key).or_insert_with(|| {
        let value = serde_json::from_str(schema).unwrap_or(Value::Null);
        Box::leak(Box::new(Rules::compile(&value)))
    })
}

/// Validates a JSON request body against the spec's schema for it. The first broken rule is
/// returned (one clear message beats a wall of them).
pub fn validate_body(schema: &'static str, body: &[u8]) -> Result<(), Violation> {
    use serde::de::DeserializeSeed;
    let rules = compiled_schema(schema);
    // One pass over the bytes: the rules are checked as the body is parsed, and a body that is
    // not JSON is refused as such wherever its fault is (as when it is parsed first).
    let mut de = serde_json::Deserializer::from_slice(body);
    let seen = Stream {
        rules,
        path: &Path::Root,
    }
    .deserialize(&mut de)
    .and_then(|seen| de.end().map(|()| seen))
    .map_err(|e| Violation {
        path: String::new(),
        message: format!("the body is not JSON: {e}"),
    })?;
    seen.violation.map_or(Ok(()), Err)
}

/// Validates a request's query string against the spec's query parameters: numbers and
/// booleans are read from their text, then the same rules apply as for bodies.
pub fn validate_query(schema: &'static str, url: &reqwest::Url) -> Result<(), Violation> {
    let rules = compiled_schema(schema);
    let mut object = serde_json::Map::new();
    for (name, text) in url.query_pairs() {
        let ty = rules.property(name.as_ref()).and_then(|s| s.ty.as_ref());
        let value = match ty {
            Some(Type::Integer) | Some(Type::Number) => {
                match serde_json::from_str::<Value>(&text) {
                    Ok(v @ Value::Number(_)) => v,
                    _ => {
                        return Err(Violation {
                            path: name.into_owned(),
                            message: format!("must be a number, not `{text}`"),
                        })
                    }
                }
            }
            Some(Type::Boolean) => match text.as_ref() {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                _ => Value::String(text.into_owned()),
            },
            _ => Value::String(text.into_owned()),
        };
        object.insert(name.into_owned(), value);
    }
    rules.check(&Value::Object(object), "")
}

/// Validates a value against a (validation) schema given as JSON (compiled for this one
/// check; the runtime uses [`compiled_schema`]).
pub fn validate(schema: &Value, value: &Value, path: &str) -> Result<(), Violation> {
    Rules::compile(schema).check(value, path)
}

/// `k` when `step` is `10^-k` (`0.01` → 2; `1` → 0).
fn decimal_places_step(step: Decimal) -> Option<u32> {
    let normal = step.normalize();
    (normal.mantissa() == 1).then(|| normal.scale())
}

fn is_decimal_text(v: &Value) -> bool {
    v.as_str()
        .is_some_and(|s| Decimal::from_str(s.trim()).is_ok())
}

/// A JSON number (or decimal text) as an exact decimal.
fn number(v: &Value) -> Option<Decimal> {
    match v {
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Some(Decimal::from(i))
            } else if let Some(u) = n.as_u64() {
                Some(Decimal::from(u))
            } else {
                // The shortest text that reads back as this f64 is the decimal that was written.
                Decimal::from_str(&n.as_f64()?.to_string()).ok()
            }
        }
        Value::String(s) => Decimal::from_str(s.trim()).ok(),
        _ => None,
    }
}

fn article(ty: &str) -> String {
    match ty {
        "object" | "array" | "integer" => format!("an {ty}"),
        other => format!("a {other}"),
    }
}

/// The first `{parameter}` of a path template that is empty in `url` (`/orders/` for
/// `/orders/{order_id}`), if any: an empty id would address another resource, so the call is
/// refused before it is sent. The URL's path ends with the template's segments (after the base
/// URL's own path), one for one: a parameter's value is percent-encoded, so it never adds a `/`.
///
/// ```
/// let url = reqwest::Url::parse("https://x.test/pg/orders/").unwrap();
/// assert_eq!(paygen::runtime::validate::empty_path_parameter("/orders/{order_id}", &url), Some("order_id"));
/// let url = reqwest::Url::parse("https://x.test/pg/orders/o-1").unwrap();
/// assert_eq!(paygen::runtime::validate::empty_path_parameter("/orders/{order_id}", &url), None);
/// ```
pub fn empty_path_parameter<'t>(template: &'t str, url: &reqwest::Url) -> Option<&'t str> {
    if !template.contains('{') {
        return None;
    }
    let path = url.path();
    // The template is the end of the path (the base URL's own path comes first): compare
    // them segment by segment from the end, in one pass; the first empty parameter in the
    // template's order is the last one seen.
    let mut actual = path.rsplit('/');
    let mut found = None;
    for t in template.rsplit('/') {
        // The path has fewer segments than the template: not a URL this template built.
        let segment = actual.next()?;
        if segment.is_empty() {
            if let Some(name) = t.strip_prefix('{').and_then(|t| t.strip_suffix('}')) {
                found = Some(name);
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn order_schema() -> Value {
        json!({"type":"object","required":["order_amount","customer_details"],"properties":{
            "order_amount":{"type":"number","minimum":1,"multipleOf":0.01},
            "order_id":{"type":"string","maxLength":5,"pattern":"^[a-z]+$"},
            "customer_details":{"type":"object","required":["customer_phone"],"properties":{
                "customer_phone":{"type":"string","minLength":10}}}}})
    }

    #[test]
    fn accepts_a_good_body() {
        let body =
            json!({"order_amount": 10.15, "customer_details": {"customer_phone": "9999999999"}});
        assert_eq!(validate(&order_schema(), &body, ""), Ok(()));
    }

    #[test]
    fn names_the_field_and_the_rule() {
        let cases = [
            (
                json!({"order_amount": 0.5, "customer_details": {"customer_phone": "9999999999"}}),
                "order_amount",
                "at least 1",
            ),
            (
                json!({"order_amount": 10.155, "customer_details": {"customer_phone": "9999999999"}}),
                "order_amount",
                "at most 2 decimal places",
            ),
            (json!({"order_amount": 10}), "customer_details", "required"),
            (
                json!({"order_amount": 10, "customer_details": {"customer_phone": "99"}}),
                "customer_details.customer_phone",
                "at least 10",
            ),
            (
                json!({"order_amount": 10, "order_id": "abcdef", "customer_details": {"customer_phone": "9999999999"}}),
                "order_id",
                "at most 5",
            ),
            (
                json!({"order_amount": 10, "order_id": "AB", "customer_details": {"customer_phone": "9999999999"}}),
                "order_id",
                "pattern",
            ),
        ];
        for (body, path, words) in cases {
            let v = validate(&order_schema(), &body, "").unwrap_err();
            assert_eq!(v.path, path, "{body}");
            assert!(
                v.message.contains(words),
                "{} does not say {words}",
                v.message
            );
        }
    }

    /// The spec patterns run on regex-lite, whose classes are ASCII: `\s` is a space, tab or
    /// line break, never a Unicode space such as U+00A0 (which `regex` took).
    #[test]
    fn pattern_classes_are_ascii() {
        let schema = json!({"type":"object","properties":{
            "name":{"type":"string","pattern":"^[A-Za-z0-9\\s]*$"}}});
        assert_eq!(
            validate(&schema, &json!({"name": "Ram Kumar\t2"}), ""),
            Ok(())
        );
        let v = validate(&schema, &json!({"name": "Ram\u{a0}Kumar"}), "").unwrap_err();
        assert_eq!(v.path, "name");
        assert!(v.message.contains("pattern"), "{}", v.message);
    }

    #[test]
    fn query_strings_are_read_by_type() {
        let schema: &'static str = r#"{"type":"object","required":["cursor"],"properties":{
            "maxReturn":{"type":"integer","minimum":1,"maximum":200},"cursor":{"type":"string"}}}"#;
        let url = |q: &str| reqwest::Url::parse(&format!("https://x.test/a?{q}")).unwrap();
        assert_eq!(
            validate_query(schema, &url("cursor=c&maxReturn=200")),
            Ok(())
        );
        let v = validate_query(schema, &url("cursor=c&maxReturn=201")).unwrap_err();
        assert_eq!(
            (v.path.as_str(), v.message.as_str()),
            ("maxReturn", "must be at most 200")
        );
        let v = validate_query(schema, &url("cursor=c&maxReturn=ten")).unwrap_err();
        assert!(v.message.contains("must be a number"));
        let v = validate_query(schema, &url("maxReturn=2")).unwrap_err();
        assert_eq!(v.path, "cursor");
    }

    /// The body checked as it is parsed gives exactly what checking the parsed `Value` gives.
    fn same_as_parsed(schema: &Value, body: &str) {
        let text: &'static str = Box::leak(schema.to_string().into_boxed_str());
        let streamed = validate_body(text, body.as_bytes());
        let parsed = match serde_json::from_str::<Value>(body) {
            Ok(value) => validate(schema, &value, ""),
            Err(e) => Err(Violation {
                path: String::new(),
                message: format!("the body is not JSON: {e}"),
            }),
        };
        assert_eq!(streamed, parsed, "schema {schema}, body {body}");
    }

    #[test]
    fn one_pass_check_matches_the_parsed_check() {
        let items = json!({"type":"object","required":["items"],"properties":{
            "items":{"type":"array","minItems":1,"maxItems":2,"items":{"type":"object",
                "required":["id"],"properties":{"id":{"type":"string","minLength":2},
                "qty":{"type":"integer","minimum":1}}}},
            "amount":{"type":"number","exclusiveMinimum":0,"maximum":100},
            "flag":{"type":"boolean"},
            "any":{"anyOf":[{"type":"string"},{"type":"integer"}]},
            "both":{"allOf":[{"type":"string"},{"maxLength":3}]},
            "text_number":{"type":"string","minimum":5}}});
        let bodies = [
            r#"{"items":[{"id":"ab"}]}"#,
            r#"{"items":[]}"#,
            r#"{"items":[{"id":"a"},{"id":"b"},{"id":"c"}]}"#,
            r#"{"items":[{"id":"ab","qty":0},{"id":"a"}]}"#,
            r#"{"items":[{"qty":2}]}"#,
            r#"{"items":[{"id":null}]}"#,
            r#"{"items":null}"#,
            r#"{"items":{}}"#,
            r#"{"items":[{"id":"ab","qty":1.5}]}"#,
            r#"{"items":[{"id":"ab","qty":"2"}]}"#,
            r#"{"items":[{"id":"ab"}],"amount":0}"#,
            r#"{"items":[{"id":"ab"}],"amount":"100.01"}"#,
            r#"{"items":[{"id":"ab"}],"amount":"ten"}"#,
            r#"{"items":[{"id":"ab"}],"amount":1e400}"#,
            r#"{"items":[{"id":"ab"}],"amount":-1,"flag":"yes"}"#,
            r#"{"items":[{"id":"ab"}],"any":true}"#,
            r#"{"items":[{"id":"ab"}],"any":7,"both":"abcd"}"#,
            r#"{"items":[{"id":"ab"}],"text_number":"4"}"#,
            r#"{"items":[{"id":"a"}],"items":[{"id":"ab"}]}"#,
            r#"{"items":[{"id":"ab"}],"items":null}"#,
            r#"{"amount":5,"items":[{"id":"a"}],"unknown":{"deep":[1,2,{"x":null}]}}"#,
            r#"{"items":[{"id":"ab"}]} trailing"#,
            r#"{"items":[{"id":"ab"}],"amount":}"#,
            r#"[1,2]"#,
            r#""text""#,
            "null",
            "",
        ];
        for body in bodies {
            same_as_parsed(&items, body);
            same_as_parsed(&order_schema(), body);
        }
        let order_bodies = [
            r#"{"order_amount": 10.15, "customer_details": {"customer_phone": "9999999999"}}"#,
            r#"{"order_amount": 10.155, "customer_details": {"customer_phone": "99"}}"#,
            r#"{"order_amount": 0.5, "order_id": "AB", "customer_details": {}}"#,
            r#"{"order_id": "abcdef", "customer_details": {"customer_phone": "9999999999"}}"#,
            r#"{"order_amount": "12.5", "customer_details": {"customer_phone": 9999999999}}"#,
        ];
        for body in order_bodies {
            same_as_parsed(&order_schema(), body);
        }
    }

    #[test]
    fn exclusive_minimum_in_both_forms() {
        let v30 = json!({"type":"number","minimum":0,"exclusiveMinimum":true});
        assert!(validate(&v30, &json!(0), "").is_err());
        assert!(validate(&v30, &json!(0.01), "").is_ok());
        let v31 = json!({"type":"number","exclusiveMinimum":0});
        assert!(validate(&v31, &json!(0), "").is_err());
    }
}
