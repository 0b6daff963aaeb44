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
        while let Some(key) = map.next_key::<crate::raw_json::BorrowedStr<'de>>()? {
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
    match crate::stack_text::StackText::<64>::display(&n) {
        Some(text) => Decimal::from_str(text.as_str()).ok(),
        None => Decimal::from_str(&n.to_string()).ok(),
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

/// How a call's JSON body is checked against its schema, decided when the request is built.
#[doc(hidden)]
#[derive(Debug)]
pub enum BodyCheck {
    /// The runtime checks the request's bytes (hand-written operations, requests built at run
    /// time, and typed bodies [`validate_typed`] cannot follow).
    Bytes,
    /// The typed value the body was serialised from was checked: this is the outcome, the same
    /// one checking the bytes gives.
    Done(Result<(), Violation>),
}

/// Checks a typed body against the spec's schema for it without parsing its serialised bytes:
/// the rules are applied to the value as serde hands it over, with the same outcome (first
/// broken rule and its path) as [`validate_body`] on `serde_json::to_vec(body)`. Numbers
/// that do not arrive as integers (`Amount`, floats) and values under `allOf`/`anyOf`/`oneOf`
/// are checked from their own JSON text, exactly as the bytes would be. `None` when the value
/// does not serialise to JSON (then the bytes are checked, and refused as such).
pub fn validate_typed<T: serde::Serialize + ?Sized>(
    schema: &'static str,
    body: &T,
) -> Option<Result<(), Violation>> {
    let seen = check_typed(compiled_schema(schema), &Path::Root, body).ok()?;
    Some(seen.violation.map_or(Ok(()), Err))
}

/// One value of a typed body, checked where it sits (see [`validate_typed`]).
fn check_typed<T: serde::Serialize + ?Sized>(
    rules: &Rules,
    path: &Path<'_>,
    value: &T,
) -> Result<Seen, Unfollowed> {
    let shapes = rules.object
        && (!rules.all_of.is_empty() || rules.any_of.is_some() || rules.one_of.is_some());
    if !shapes {
        if let Ok(seen) = value.serialize(Checker { rules, path }) {
            return Ok(seen);
        }
    }
    check_text(rules, path, value)
}

/// A value checked from its JSON text, as [`validate_body`] checks it.
fn check_text<T: serde::Serialize + ?Sized>(
    rules: &Rules,
    path: &Path<'_>,
    value: &T,
) -> Result<Seen, Unfollowed> {
    let mut text = Vec::new();
    serde_json::to_writer(&mut text, value).map_err(|_| Unfollowed)?;
    check_bytes(rules, path, &text)
}

/// JSON text (a whole value) checked by the one-pass check of the bytes.
fn check_bytes(rules: &Rules, path: &Path<'_>, text: &[u8]) -> Result<Seen, Unfollowed> {
    use serde::de::DeserializeSeed;
    let mut de = serde_json::Deserializer::from_slice(text);
    let seen = Stream { rules, path }
        .deserialize(&mut de)
        .map_err(|_| Unfollowed)?;
    de.end().map_err(|_| Unfollowed)?;
    Ok(seen)
}

/// The JSON text of a `RawValue` (an `Amount`), checked as the bytes would be. A plain number
/// (no exponent, at most 15 digits) is read here: its exact decimal is the decimal
/// serde_json's float for it writes back as (15 digits always survive a float), and it is
/// an integer or a float exactly when serde_json reads it as one.
fn check_raw(rules: &Rules, path: &Path<'_>, text: &str) -> Result<Seen, Unfollowed> {
    let stream = Stream { rules, path };
    match plain_number(text) {
        Some((n, Type::Integer)) => Ok(stream.number(Some(n), Type::Integer)),
        Some((n, _)) => {
            // As `Stream::visit_f64`.
            if !rules.object {
                return Ok(Seen::ok());
            }
            if !stream.accepts(Type::Number) || rules.ty == Some(Type::Integer) {
                return Ok(stream.wrong_type());
            }
            Ok(stream.numeric(Some(n)))
        }
        None => check_bytes(rules, path, text.as_bytes()),
    }
}

/// `-?digits(.digits)?` of at most 15 digits as an exact decimal, and whether serde_json reads
/// it as an integer ([`Type::Integer`]) or a float ([`Type::Number`]); `None` for any other
/// text, and for `-0` (which serde_json reads as a float).
fn plain_number(text: &str) -> Option<(Decimal, Type)> {
    let (negative, digits) = match text.as_bytes() {
        [b'-', rest @ ..] => (true, rest),
        all => (false, all),
    };
    let mut mantissa: i64 = 0;
    let mut count = 0u32;
    let mut scale = 0u32;
    let mut dot = false;
    for (i, &b) in digits.iter().enumerate() {
        match b {
            b'0'..=b'9' => {
                count += 1;
                if count > 15 {
                    return None;
                }
                mantissa = mantissa * 10 + i64::from(b - b'0');
                if dot {
                    scale += 1;
                }
            }
            b'.' if !dot && i > 0 && i + 1 < digits.len() => dot = true,
            _ => return None,
        }
    }
    if count == 0 || (negative && mantissa == 0 && !dot) {
        return None;
    }
    let n = Decimal::new(if negative { -mantissa } else { mantissa }, scale);
    Some((n, if dot { Type::Number } else { Type::Integer }))
}

/// A value the typed check does not follow (it is then checked from its JSON text).
#[derive(Debug)]
struct Unfollowed;

impl std::fmt::Display for Unfollowed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a value the typed check does not follow")
    }
}

impl std::error::Error for Unfollowed {}

impl serde::ser::Error for Unfollowed {
    fn custom<M: std::fmt::Display>(_: M) -> Self {
        Unfollowed
    }
}

// The visitor the bytes are checked with is reused for the typed values (it never fails).
impl serde::de::Error for Unfollowed {
    fn custom<M: std::fmt::Display>(_: M) -> Self {
        Unfollowed
    }
}

/// The name serde_json's `RawValue` serialises under (a struct of one field of this name
/// holding the JSON text; `Amount` travels this way).
use crate::raw_json::RAW_TOKEN as RAW_VALUE;

/// The serde serialiser behind [`validate_typed`]: each value is handed to the same checks
/// the one-pass check of the bytes applies to it ([`Stream`]'s visitor).
struct Checker<'r, 'p> {
    rules: &'r Rules,
    path: &'p Path<'p>,
}

impl<'r, 'p> Checker<'r, 'p> {
    fn stream(&self) -> Stream<'r, 'p> {
        Stream {
            rules: self.rules,
            path: self.path,
        }
    }

    fn integer(self, n: Decimal) -> Result<Seen, Unfollowed> {
        Ok(self.stream().number(Some(n), Type::Integer))
    }

    /// A number serde_json writes as a float: checked from that text.
    fn float<F: serde::Serialize>(self, n: F, finite: bool) -> Result<Seen, Unfollowed> {
        if !finite {
            // serde_json writes `null` for NaN and the infinities.
            return serde::de::Visitor::visit_unit(self.stream());
        }
        if !self.rules.object {
            return Ok(Seen::ok());
        }
        check_text(self.rules, self.path, &n)
    }
}

impl<'r, 'p> serde::Serializer for Checker<'r, 'p> {
    type Ok = Seen;
    type Error = Unfollowed;
    type SerializeSeq = SeqChecker<'r, 'p>;
    type SerializeTuple = SeqChecker<'r, 'p>;
    type SerializeTupleStruct = SeqChecker<'r, 'p>;
    type SerializeTupleVariant = serde::ser::Impossible<Seen, Unfollowed>;
    type SerializeMap = MapChecker<'r, 'p>;
    type SerializeStruct = MapChecker<'r, 'p>;
    type SerializeStructVariant = serde::ser::Impossible<Seen, Unfollowed>;

    fn serialize_bool(self, v: bool) -> Result<Seen, Unfollowed> {
        serde::de::Visitor::visit_bool(self.stream(), v)
    }
    fn serialize_i8(self, v: i8) -> Result<Seen, Unfollowed> {
        self.integer(Decimal::from(v))
    }
    fn serialize_i16(self, v: i16) -> Result<Seen, Unfollowed> {
        self.integer(Decimal::from(v))
    }
    fn serialize_i32(self, v: i32) -> Result<Seen, Unfollowed> {
        self.integer(Decimal::from(v))
    }
    fn serialize_i64(self, v: i64) -> Result<Seen, Unfollowed> {
        self.integer(Decimal::from(v))
    }
    fn serialize_i128(self, v: i128) -> Result<Seen, Unfollowed> {
        // Beyond 64 bits serde_json reads the digits back as a float.
        match i64::try_from(v) {
            Ok(v) => self.integer(Decimal::from(v)),
            Err(_) => Err(Unfollowed),
        }
    }
    fn serialize_u8(self, v: u8) -> Result<Seen, Unfollowed> {
        self.integer(Decimal::from(v))
    }
    fn serialize_u16(self, v: u16) -> Result<Seen, Unfollowed> {
        self.integer(Decimal::from(v))
    }
    fn serialize_u32(self, v: u32) -> Result<Seen, Unfollowed> {
        self.integer(Decimal::from(v))
    }
    fn serialize_u64(self, v: u64) -> Result<Seen, Unfollowed> {
        self.integer(Decimal::from(v))
    }
    fn serialize_u128(self, v: u128) -> Result<Seen, Unfollowed> {
        match u64::try_from(v) {
            Ok(v) => self.integer(Decimal::from(v)),
            Err(_) => Err(Unfollowed),
        }
    }
    fn serialize_f32(self, v: f32) -> Result<Seen, Unfollowed> {
        self.float(v, v.is_finite())
    }
    fn serialize_f64(self, v: f64) -> Result<Seen, Unfollowed> {
        self.float(v, v.is_finite())
    }
    fn serialize_char(self, v: char) -> Result<Seen, Unfollowed> {
        let mut text = [0u8; 4];
        serde::de::Visitor::visit_str(self.stream(), v.encode_utf8(&mut text))
    }
    fn serialize_str(self, v: &str) -> Result<Seen, Unfollowed> {
        serde::de::Visitor::visit_str(self.stream(), v)
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<Seen, Unfollowed> {
        Err(Unfollowed)
    }
    fn serialize_none(self) -> Result<Seen, Unfollowed> {
        serde::de::Visitor::visit_unit(self.stream())
    }
    fn serialize_some<T: serde::Serialize + ?Sized>(self, value: &T) -> Result<Seen, Unfollowed> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Seen, Unfollowed> {
        serde::de::Visitor::visit_unit(self.stream())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<Seen, Unfollowed> {
        serde::de::Visitor::visit_unit(self.stream())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<Seen, Unfollowed> {
        serde::de::Visitor::visit_str(self.stream(), variant)
    }
    fn serialize_newtype_struct<T: serde::Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<Seen, Unfollowed> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: serde::Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Seen, Unfollowed> {
        // `{"variant": value}`.
        let mut map = MapChecker::new(self.rules, self.path);
        map.entry(variant, value)?;
        Ok(map.finish())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<SeqChecker<'r, 'p>, Unfollowed> {
        Ok(SeqChecker {
            rules: self.rules,
            path: self.path,
            len: 0,
            first: None,
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<SeqChecker<'r, 'p>, Unfollowed> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        len: usize,
    ) -> Result<SeqChecker<'r, 'p>, Unfollowed> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Unfollowed> {
        Err(Unfollowed)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<MapChecker<'r, 'p>, Unfollowed> {
        Ok(MapChecker::new(self.rules, self.path))
    }
    fn serialize_struct(
        self,
        name: &'static str,
        _: usize,
    ) -> Result<MapChecker<'r, 'p>, Unfollowed> {
        let mut map = MapChecker::new(self.rules, self.path);
        map.raw = name == RAW_VALUE;
        Ok(map)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Unfollowed> {
        Err(Unfollowed)
    }
}

/// An array of a typed body, checked as [`Stream`]'s `visit_seq` checks it.
struct SeqChecker<'r, 'p> {
    rules: &'r Rules,
    path: &'p Path<'p>,
    len: u64,
    first: Option<Violation>,
}

impl SeqChecker<'_, '_> {
    fn element<T: serde::Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unfollowed> {
        let r = self.rules;
        // Elements after the first broken one (or of an array the schema does not check)
        // cannot change the outcome: they are counted, not checked.
        let stream = Stream {
            rules: r,
            path: self.path,
        };
        if r.object && self.first.is_none() && stream.accepts(Type::Array) {
            let items = r.items.as_deref().unwrap_or(&ANYTHING);
            let path = Path::Index(self.path, self.len as usize);
            self.first = check_typed(items, &path, value)?.violation;
        }
        self.len += 1;
        Ok(())
    }

    fn finish(self) -> Seen {
        let stream = Stream {
            rules: self.rules,
            path: self.path,
        };
        let r = self.rules;
        if !r.object {
            return Seen::ok();
        }
        if !stream.accepts(Type::Array) {
            return stream.wrong_type();
        }
        if let Some(min) = r.min_items {
            if self.len < min {
                return stream.fail(format!("needs at least {min} item(s)"));
            }
        }
        if let Some(max) = r.max_items {
            if self.len > max {
                return stream.fail(format!("takes at most {max} item(s)"));
            }
        }
        Seen {
            violation: self.first,
            null: false,
        }
    }
}

impl serde::ser::SerializeSeq for SeqChecker<'_, '_> {
    type Ok = Seen;
    type Error = Unfollowed;
    fn serialize_element<T: serde::Serialize + ?Sized>(
        &mut self,
        value: &T,
    ) -> Result<(), Unfollowed> {
        self.element(value)
    }
    fn end(self) -> Result<Seen, Unfollowed> {
        Ok(self.finish())
    }
}

impl serde::ser::SerializeTuple for SeqChecker<'_, '_> {
    type Ok = Seen;
    type Error = Unfollowed;
    fn serialize_element<T: serde::Serialize + ?Sized>(
        &mut self,
        value: &T,
    ) -> Result<(), Unfollowed> {
        self.element(value)
    }
    fn end(self) -> Result<Seen, Unfollowed> {
        Ok(self.finish())
    }
}

impl serde::ser::SerializeTupleStruct for SeqChecker<'_, '_> {
    type Ok = Seen;
    type Error = Unfollowed;
    fn serialize_field<T: serde::Serialize + ?Sized>(
        &mut self,
        value: &T,
    ) -> Result<(), Unfollowed> {
        self.element(value)
    }
    fn end(self) -> Result<Seen, Unfollowed> {
        Ok(self.finish())
    }
}

/// An object of a typed body (a struct or a map), checked as [`Stream`]'s `visit_map` checks
/// it; or, for serde_json's `RawValue`, the JSON text it carries.
struct MapChecker<'r, 'p> {
    rules: &'r Rules,
    path: &'p Path<'p>,
    /// The schema checks this object's properties.
    checked: bool,
    present: Present,
    broken: Vec<(usize, Violation)>,
    /// A map's key, between `serialize_key` and `serialize_value`.
    key: Option<String>,
    /// This is serde_json's `RawValue`; `seen` is the outcome of its text.
    raw: bool,
    seen: Option<Seen>,
}

impl<'r, 'p> MapChecker<'r, 'p> {
    fn new(rules: &'r Rules, path: &'p Path<'p>) -> MapChecker<'r, 'p> {
        let checked = rules.object && Stream { rules, path }.accepts(Type::Object);
        MapChecker {
            rules,
            path,
            checked,
            present: Present::new(if checked { rules.required.len() } else { 0 }),
            broken: Vec::new(),
            key: None,
            raw: false,
            seen: None,
        }
    }

    fn entry<T: serde::Serialize + ?Sized>(
        &mut self,
        key: &str,
        value: &T,
    ) -> Result<(), Unfollowed> {
        let r = self.rules;
        if self.raw {
            if key != RAW_VALUE {
                return Err(Unfollowed);
            }
            let path = self.path;
            self.seen = Some(value.serialize(TextTo(|text: &str| check_raw(r, path, text)))?);
            return Ok(());
        }
        if !self.checked {
            // Nothing here is checked (the outcome is the object's type alone).
            return Ok(());
        }
        let property = r.properties.iter().position(|(name, _)| name == key);
        let seen = match property {
            Some(i) => {
                let (name, rules) = &r.properties[i];
                check_typed(rules, &Path::Field(self.path, name), value)?
            }
            None => check_typed(&ANYTHING, self.path, value)?,
        };
        for (i, name) in r.required.iter().enumerate() {
            if name == key {
                self.present.set(i, !seen.null);
            }
        }
        if let Some(i) = property {
            self.broken.retain(|(j, _)| *j != i);
            if let Some(v) = seen.violation {
                self.broken.push((i, v));
            }
        }
        Ok(())
    }

    fn finish(self) -> Seen {
        if self.raw {
            return self.seen.unwrap_or_else(Seen::ok);
        }
        let r = self.rules;
        let stream = Stream {
            rules: r,
            path: self.path,
        };
        if !r.object {
            return Seen::ok();
        }
        if !self.checked {
            return stream.wrong_type();
        }
        if let Some(name) = r
            .required
            .iter()
            .enumerate()
            .find_map(|(i, name)| (!self.present.get(i)).then_some(name))
        {
            return Seen {
                violation: Some(Violation {
                    path: Path::Field(self.path, name).render(),
                    message: "is required".into(),
                }),
                null: false,
            };
        }
        Seen {
            violation: self
                .broken
                .into_iter()
                .min_by_key(|(i, _)| *i)
                .map(|(_, v)| v),
            null: false,
        }
    }
}

impl serde::ser::SerializeMap for MapChecker<'_, '_> {
    type Ok = Seen;
    type Error = Unfollowed;
    fn serialize_key<T: serde::Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Unfollowed> {
        self.key = Some(key.serialize(TextTo(|key: &str| Ok(key.to_string())))?);
        Ok(())
    }
    fn serialize_value<T: serde::Serialize + ?Sized>(
        &mut self,
        value: &T,
    ) -> Result<(), Unfollowed> {
        let key = self.key.take().ok_or(Unfollowed)?;
        self.entry(&key, value)
    }
    fn end(self) -> Result<Seen, Unfollowed> {
        Ok(self.finish())
    }
}

impl serde::ser::SerializeStruct for MapChecker<'_, '_> {
    type Ok = Seen;
    type Error = Unfollowed;
    fn serialize_field<T: serde::Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Unfollowed> {
        self.entry(key, value)
    }
    fn end(self) -> Result<Seen, Unfollowed> {
        Ok(self.finish())
    }
}

/// A string (a map key, a `RawValue`'s text) as serde hands it over, given to the function;
/// anything else is not followed (serde_json's own rules for other keys are then applied to
/// the text).
struct TextTo<F>(F);

impl<R, F: FnOnce(&str) -> Result<R, Unfollowed>> serde::Serializer for TextTo<F> {
    type Ok = R;
    type Error = Unfollowed;
    type SerializeSeq = serde::ser::Impossible<R, Unfollowed>;
    type SerializeTuple = serde::ser::Impossible<R, Unfollowed>;
    type SerializeTupleStruct = serde::ser::Impossible<R, Unfollowed>;
    type SerializeTupleVariant = serde::ser::Impossible<R, Unfollowed>;
    type SerializeMap = serde::ser::Impossible<R, Unfollowed>;
    type SerializeStruct = serde::ser::Impossible<R, Unfollowed>;
    type SerializeStructVariant = serde::ser::Impossible<R, Unfollowed>;

    fn serialize_str(self, v: &str) -> Result<R, Unfollowed> {
        (self.0)(v)
    }
    fn serialize_char(self, v: char) -> Result<R, Unfollowed> {
        (self.0)(v.encode_utf8(&mut [0u8; 4]))
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<R, Unfollowed> {
        (self.0)(variant)
    }
    fn serialize_newtype_struct<T: serde::Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<R, Unfollowed> {
        value.serialize(self)
    }
    fn serialize_bool(self, _: bool) -> Result<R, Unfollowed> {
        Err(Unfollowed)
    }
    fn serialize_i8(self, _: i8) -> Result<R, Unfollowed> {
        Err(Unfollowed)
    }
    fn serialize_i16(self, _: i16) -> Result<R, Unfollowed> {
        Err(Unfollowed)
    }
    fn serialize_i32(self, _: i32) -> Result<R, Unfollowed> {
        Err(Unfollowed)
    }
    fn serialize_i64(self, _: i64) -> Result<R, Unfollowed> {
        Err(Unfollowed)
    }
    fn serialize_u8(self, _: u8) -> Result<R, Unfollowed> {
        Err(Unfollowed)
    }
    fn serialize_u16(self, _: u16) -> Result<R, Unfollowed> {
        Err(Unfollowed)
    }
    fn serialize_u32(self, _: u32) -> Result<R, Unfollowed> {
        Err(Unfollowed)
    }
    fn serialize_u64(self, _: u64) -> Result<R, Unfollowed> {
        Err(Unfollowed)
    }
    fn serialize_f32(self, _: f32) -> Result<R, Unfollowed> {
        Err(Unfollowed)
    }
    fn serialize_f64(self, _: f64) -> Result<R, Unfollowed> {
        Err(Unfollowed)
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<R, Unfollowed> {
        Err(Unfollowed)
    }
    fn serialize_none(self) -> Result<R, Unfollowed> {
        Err(Unfollowed)
    }
    fn serialize_some<T: serde::Serialize + ?Sized>(self, _: &T) -> Result<R, Unfollowed> {
        Err(Unfollowed)
    }
    fn serialize_unit(self) -> Result<R, Unfollowed> {
        Err(Unfollowed)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<R, Unfollowed> {
        Err(Unfollowed)
    }
    fn serialize_newtype_variant<T: serde::Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<R, Unfollowed> {
        Err(Unfollowed)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Unfollowed> {
        Err(Unfollowed)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Unfollowed> {
        Err(Unfollowed)
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Unfollowed> {
        Err(Unfollowed)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Unfollowed> {
        Err(Unfollowed)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Unfollowed> {
        Err(Unfollowed)
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, Unfollowed> {
        Err(Unfollowed)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Unfollowed> {
        Err(Unfollowed)
    }
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

    /// The typed check of a value gives exactly what checking its serialised bytes gives.
    fn same_as_bytes<T: serde::Serialize>(schema: &Value, value: &T) {
        let text: &'static str = Box::leak(schema.to_string().into_boxed_str());
        let bytes = serde_json::to_vec(value).unwrap();
        let typed = validate_typed(text, value);
        assert_eq!(
            typed,
            Some(validate_body(text, &bytes)),
            "schema {schema}, body {}",
            String::from_utf8_lossy(&bytes)
        );
    }

    #[test]
    fn typed_check_matches_the_check_of_the_bytes() {
        let items = json!({"type":"object","required":["items"],"properties":{
            "items":{"type":"array","minItems":1,"maxItems":2,"items":{"type":"object",
                "required":["id"],"properties":{"id":{"type":"string","minLength":2},
                "qty":{"type":"integer","minimum":1}}}},
            "amount":{"type":"number","exclusiveMinimum":0,"maximum":100,"multipleOf":0.01},
            "flag":{"type":"boolean"},
            "any":{"anyOf":[{"type":"string"},{"type":"integer"}]},
            "both":{"allOf":[{"type":"string"},{"maxLength":3}]},
            "tags":{"type":"object","required":["k"]},
            "kind":{"type":"string","pattern":"^[a-z]+$"},
            "text_number":{"type":"string","minimum":5}}});
        // Every body of the one-pass test that is JSON, as a `Value`.
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
            r#"{"items":[{"id":"ab"}],"amount":10.155}"#,
            r#"{"items":[{"id":"ab"}],"amount":"ten"}"#,
            r#"{"items":[{"id":"ab"}],"amount":-1,"flag":"yes"}"#,
            r#"{"items":[{"id":"ab"}],"any":true}"#,
            r#"{"items":[{"id":"ab"}],"any":7,"both":"abcd"}"#,
            r#"{"items":[{"id":"ab"}],"text_number":"4"}"#,
            r#"{"items":[{"id":"ab"}],"tags":{"j":1}}"#,
            r#"{"items":[{"id":"ab"}],"kind":"A1"}"#,
            r#"{"amount":5,"items":[{"id":"a"}],"unknown":{"deep":[1,2,{"x":null}]}}"#,
            r#"[1,2]"#,
            r#""text""#,
            "null",
            "12.5",
        ];
        for body in bodies {
            let value: Value = serde_json::from_str(body).unwrap();
            same_as_bytes(&items, &value);
            same_as_bytes(&order_schema(), &value);
        }

        // Typed values: amounts (serde_json's raw value), floats, options, maps, enums.
        #[derive(serde::Serialize)]
        enum Kind {
            #[serde(rename = "abc")]
            Abc,
            #[serde(rename = "A1")]
            Other,
            Wrapped(u8),
            Pair(u8, u8),
            Shape {
                side: u8,
            },
        }
        #[derive(serde::Serialize)]
        struct Item {
            #[serde(skip_serializing_if = "Option::is_none")]
            id: Option<String>,
            qty: Option<i64>,
        }
        #[derive(serde::Serialize)]
        struct Body {
            items: Option<Vec<Item>>,
            #[serde(skip_serializing_if = "Option::is_none")]
            amount: Option<crate::Amount>,
            #[serde(skip_serializing_if = "Option::is_none")]
            float: Option<f64>,
            #[serde(skip_serializing_if = "Option::is_none")]
            tags: Option<std::collections::BTreeMap<String, String>>,
            #[serde(skip_serializing_if = "Option::is_none")]
            numbered: Option<std::collections::BTreeMap<u32, bool>>,
            #[serde(skip_serializing_if = "Option::is_none")]
            kind: Option<Kind>,
            #[serde(skip_serializing_if = "Option::is_none")]
            big: Option<u128>,
            #[serde(skip_serializing_if = "Option::is_none")]
            text_number: Option<char>,
        }
        let item = |id: Option<&str>, qty: Option<i64>| Item {
            id: id.map(str::to_string),
            qty,
        };
        let body = |items: Option<Vec<Item>>| Body {
            items,
            amount: None,
            float: None,
            tags: None,
            numbered: None,
            kind: None,
            big: None,
            text_number: None,
        };
        let amount = |text: &str| Some(text.parse::<crate::Amount>().unwrap());
        let mut cases = vec![
            body(Some(vec![item(Some("ab"), Some(1))])),
            body(Some(vec![item(Some("a"), None), item(None, Some(0))])),
            body(Some(vec![item(None, Some(0)), item(Some("a"), None)])),
            body(Some(vec![])),
            body(Some(vec![
                item(Some("ab"), None),
                item(Some("ab"), None),
                item(Some("ab"), None),
            ])),
            body(None),
        ];
        for text in [
            "100.50",
            "0",
            "100.00",
            "100.01",
            "10.155",
            "-1",
            "12345678901234567.891",
        ] {
            let mut b = body(Some(vec![item(Some("ab"), None)]));
            b.amount = amount(text);
            cases.push(b);
        }
        for f in [0.5, 100.0, 1e300, f64::NAN, f64::INFINITY, 0.1 + 0.2] {
            let mut b = body(Some(vec![item(Some("ab"), None)]));
            b.float = Some(f);
            cases.push(b);
        }
        let mut b = body(Some(vec![item(Some("ab"), None)]));
        b.tags = Some([("j".to_string(), "1".to_string())].into());
        cases.push(b);
        let mut b = body(Some(vec![item(Some("ab"), None)]));
        b.tags = Some([("k".to_string(), "1".to_string())].into());
        cases.push(b);
        let mut b = body(Some(vec![item(Some("ab"), None)]));
        b.numbered = Some([(1, true), (2, false)].into());
        cases.push(b);
        for kind in [
            Kind::Abc,
            Kind::Other,
            Kind::Wrapped(1),
            Kind::Pair(1, 2),
            Kind::Shape { side: 3 },
        ] {
            let mut b = body(Some(vec![item(Some("ab"), None)]));
            b.kind = Some(kind);
            cases.push(b);
        }
        for big in [7, u128::MAX] {
            let mut b = body(Some(vec![item(Some("ab"), None)]));
            b.big = Some(big);
            cases.push(b);
        }
        for c in ['4', '9'] {
            let mut b = body(Some(vec![item(Some("ab"), None)]));
            b.text_number = Some(c);
            cases.push(b);
        }
        let schema_with = |extra: Value| {
            let mut s = items.clone();
            s["properties"]["float"] = json!({"type":"number","maximum":1});
            s["properties"]["numbered"] =
                json!({"type":"object","properties":{"1":{"type":"string"}}});
            s["properties"]["big"] = json!({"type":"integer","maximum":10});
            s["properties"]["kind"] = extra;
            s
        };
        for case in &cases {
            same_as_bytes(&items, case);
            same_as_bytes(
                &schema_with(json!({"type":"string","pattern":"^[a-z]+$"})),
                case,
            );
            same_as_bytes(
                &schema_with(json!({"type":"object","required":["Shape"]})),
                case,
            );
            same_as_bytes(
                &schema_with(json!({"oneOf":[{"type":"string"},{"type":"object"}]})),
                case,
            );
        }
    }

    #[test]
    fn raw_numbers_are_checked_as_their_bytes() {
        let schemas = [
            json!({"type":"integer","minimum":1}),
            json!({"type":"number","minimum":1,"multipleOf":0.01}),
            json!({"type":"number","exclusiveMaximum":100,"multipleOf":0.5}),
            json!({"type":"number","maximum":-1}),
            json!({"type":"string","maxLength":2}),
            json!({}),
        ];
        let texts = [
            "0",
            "-0",
            "-0.0",
            "0.0",
            "1",
            "-1",
            "100.50",
            "100.505",
            "0.5",
            "99.5",
            "100.0",
            "123456789012345",
            "1234567890123456",
            "12345678901234.5",
            "0.000000000000001",
            "0.0000000000000001",
            "99999999999999.9",
            "-99999999999999.99",
            "1e2",
            "1.5E1",
            " 7",
            "\"7\"",
            "null",
            "[1]",
            "-123.456",
        ];
        for schema in &schemas {
            for text in texts {
                let raw = serde_json::value::RawValue::from_string(text.to_string()).unwrap();
                same_as_bytes(schema, &raw);
                same_as_bytes(
                    &json!({"type":"object","properties":{"n":schema}}),
                    &json!({"n": raw}),
                );
            }
        }
    }

    #[cfg(feature = "pg")]
    #[test]
    fn typed_check_of_a_generated_body_matches_the_bytes() {
        use crate::pg::types;
        let family = &crate::pg::FAMILY;
        let schema = family
            .operation("create_order")
            .and_then(|o| o.request_schema)
            .unwrap();
        let schema: Value = serde_json::from_str(schema).unwrap();
        let order = |amount: &str, phone: &str, id: &str| -> types::CreateOrderRequest {
            types::CreateOrderRequest::builder()
                .order_id(Some(id.to_string()))
                .order_amount(amount.parse::<crate::Amount>().unwrap())
                .order_currency("INR")
                .customer_details(
                    types::CustomerDetails::builder()
                        .customer_id("7112AAA812234")
                        .customer_phone(phone),
                )
                .try_into()
                .unwrap()
        };
        for (amount, phone, id) in [
            ("100.50", "9898989898", "order_42"),
            ("0.50", "9898989898", "order_42"),
            ("10.155", "9898989898", "order_42"),
            ("100.50", "98989", "order_42"),
            ("100.50", "9898989898", "o"),
        ] {
            same_as_bytes(&schema, &order(amount, phone, id));
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
