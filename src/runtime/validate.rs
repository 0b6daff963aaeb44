//! Checks a request body against the constraints its spec states, before it is sent.
//!
//! The code generator keeps each operation's request schema (with `$ref`s inlined and only the
//! validating keywords) in the family's operation table; this module reads it. It knows the
//! keywords specs use for requests: `type`, `required`, `properties`, `items`, `nullable`,
//! `minimum`/`maximum` (with 3.0's boolean `exclusiveMinimum`/`exclusiveMaximum`),
//! `minLength`/`maxLength`, `pattern`, `multipleOf`, `minItems`/`maxItems`, and
//! `allOf`/`anyOf`/`oneOf`. Numbers are compared as exact decimals.

use std::collections::HashMap;
use std::str::FromStr;
use std::sync::{Arc, Mutex, OnceLock};

use regex::Regex;
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

fn schema_cache() -> &'static Mutex<HashMap<usize, Arc<Value>>> {
    static CACHE: OnceLock<Mutex<HashMap<usize, Arc<Value>>>> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

fn regex_cache() -> &'static Mutex<HashMap<String, Option<Regex>>> {
    static CACHE: OnceLock<Mutex<HashMap<String, Option<Regex>>>> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

/// The parsed schema of a table entry (parsed once per process).
fn parsed(schema: &'static str) -> Arc<Value> {
    let key = schema.as_ptr() as usize;
    let mut cache = schema_cache().lock().unwrap_or_else(|p| p.into_inner());
    cache
        .entry(key)
        .or_insert_with(|| Arc::new(serde_json::from_str(schema).unwrap_or(Value::Null)))
        .clone()
}

/// Validates a JSON request body against the spec's schema for it. The first broken rule is
/// returned (one clear message beats a wall of them).
pub fn validate_body(schema: &'static str, body: &[u8]) -> Result<(), Violation> {
    let schema = parsed(schema);
    let value: Value = serde_json::from_slice(body).map_err(|e| Violation {
        path: String::new(),
        message: format!("the body is not JSON: {e}"),
    })?;
    validate(&schema, &value, "")
}

/// Validates a request's query string against the spec's query parameters: numbers and
/// booleans are read from their text, then the same rules apply as for bodies.
pub fn validate_query(schema: &'static str, url: &reqwest::Url) -> Result<(), Violation> {
    let schema = parsed(schema);
    let props = schema.get("properties").and_then(Value::as_object);
    let mut object = serde_json::Map::new();
    for (name, text) in url.query_pairs() {
        let ty = props
            .and_then(|p| p.get(name.as_ref()))
            .and_then(|s| s.get("type"))
            .and_then(Value::as_str);
        let value = match ty {
            Some("integer") | Some("number") => match serde_json::from_str::<Value>(&text) {
                Ok(v @ Value::Number(_)) => v,
                _ => {
                    return Err(Violation {
                        path: name.into_owned(),
                        message: format!("must be a number, not `{text}`"),
                    })
                }
            },
            Some("boolean") => match text.as_ref() {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                _ => Value::String(text.into_owned()),
            },
            _ => Value::String(text.into_owned()),
        };
        object.insert(name.into_owned(), value);
    }
    validate(&schema, &Value::Object(object), "")
}

/// Validates a value against a (validation) schema.
pub fn validate(schema: &Value, value: &Value, path: &str) -> Result<(), Violation> {
    let Some(rules) = schema.as_object() else {
        return Ok(());
    };
    let fail = |message: String| {
        Err(Violation {
            path: path.to_string(),
            message,
        })
    };
    if value.is_null() {
        // Absent-as-null is the caller's choice; the API treats it as not sent.
        return Ok(());
    }
    if let Some(Value::Array(all)) = rules.get("allOf") {
        for s in all {
            validate(s, value, path)?;
        }
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(Value::Array(options)) = rules.get(key) {
            if !options.is_empty() && !options.iter().any(|s| validate(s, value, path).is_ok()) {
                return fail("matches none of the shapes the API accepts".into());
            }
        }
    }
    let ty = rules.get("type").and_then(Value::as_str);
    let type_ok = match ty {
        Some("object") => value.is_object(),
        Some("array") => value.is_array(),
        Some("string") => value.is_string(),
        Some("integer") => value.is_i64() || value.is_u64(),
        Some("number") => value.is_number() || (value.is_string() && is_decimal_text(value)),
        Some("boolean") => value.is_boolean(),
        _ => true,
    };
    if !type_ok {
        return fail(format!("must be {}", article(ty.unwrap_or("value"))));
    }
    if let Some(obj) = value.as_object() {
        if let Some(Value::Array(required)) = rules.get("required") {
            for name in required.iter().filter_map(Value::as_str) {
                if obj.get(name).is_none_or(Value::is_null) {
                    return Err(Violation {
                        path: join(path, name),
                        message: "is required".into(),
                    });
                }
            }
        }
        if let Some(Value::Object(props)) = rules.get("properties") {
            for (name, sub) in props {
                if let Some(v) = obj.get(name) {
                    validate(sub, v, &join(path, name))?;
                }
            }
        }
    }
    if let Some(items) = value.as_array() {
        let len = items.len() as u64;
        if let Some(min) = rules.get("minItems").and_then(Value::as_u64) {
            if len < min {
                return fail(format!("needs at least {min} item(s)"));
            }
        }
        if let Some(max) = rules.get("maxItems").and_then(Value::as_u64) {
            if len > max {
                return fail(format!("takes at most {max} item(s)"));
            }
        }
        if let Some(sub) = rules.get("items") {
            for (i, v) in items.iter().enumerate() {
                validate(sub, v, &format!("{path}[{i}]"))?;
            }
        }
    }
    if let Some(text) = value.as_str() {
        if ty != Some("number") {
            let chars = text.chars().count() as u64;
            if let Some(min) = rules.get("minLength").and_then(Value::as_u64) {
                if chars < min {
                    return fail(format!("must be at least {min} characters long"));
                }
            }
            if let Some(max) = rules.get("maxLength").and_then(Value::as_u64) {
                if chars > max {
                    return fail(format!("must be at most {max} characters long"));
                }
            }
            if let Some(pattern) = rules.get("pattern").and_then(Value::as_str) {
                if let Some(re) = compiled(pattern) {
                    if !re.is_match(text) {
                        return fail(format!("must match the pattern `{pattern}`"));
                    }
                }
            }
        }
    }
    if let Some(n) = number(value) {
        let exclusive_min = rules.get("exclusiveMinimum");
        let exclusive_max = rules.get("exclusiveMaximum");
        if let Some(min) = rules.get("minimum").and_then(number) {
            let exclusive = exclusive_min == Some(&Value::Bool(true));
            if n < min || (exclusive && n == min) {
                let word = if exclusive { "more than" } else { "at least" };
                return fail(format!("must be {word} {min}"));
            }
        }
        if let Some(min) = exclusive_min.and_then(number) {
            if n <= min {
                return fail(format!("must be more than {min}"));
            }
        }
        if let Some(max) = rules.get("maximum").and_then(number) {
            let exclusive = exclusive_max == Some(&Value::Bool(true));
            if n > max || (exclusive && n == max) {
                let word = if exclusive { "less than" } else { "at most" };
                return fail(format!("must be {word} {max}"));
            }
        }
        if let Some(max) = exclusive_max.and_then(number) {
            if n >= max {
                return fail(format!("must be less than {max}"));
            }
        }
        if let Some(step) = rules.get("multipleOf").and_then(number) {
            if !step.is_zero() && !(n % step).is_zero() {
                let places = step.normalize().scale();
                let msg = if step.normalize() == Decimal::new(1, places) && places > 0 {
                    format!("must have at most {places} decimal places")
                } else {
                    format!("must be a multiple of {step}")
                };
                return fail(msg);
            }
        }
    }
    Ok(())
}

fn compiled(pattern: &str) -> Option<Regex> {
    let mut cache = regex_cache().lock().unwrap_or_else(|p| p.into_inner());
    cache
        .entry(pattern.to_string())
        .or_insert_with(|| Regex::new(pattern).ok())
        .clone()
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

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_string()
    } else {
        format!("{path}.{name}")
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
    let template: Vec<&str> = template.split('/').collect();
    let path: Vec<&str> = url.path().split('/').collect();
    let skip = path.len().checked_sub(template.len())?;
    template.iter().zip(&path[skip..]).find_map(|(t, actual)| {
        let name = t.strip_prefix('{')?.strip_suffix('}')?;
        actual.is_empty().then_some(name)
    })
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

    #[test]
    fn exclusive_minimum_in_both_forms() {
        let v30 = json!({"type":"number","minimum":0,"exclusiveMinimum":true});
        assert!(validate(&v30, &json!(0), "").is_err());
        assert!(validate(&v30, &json!(0.01), "").is_ok());
        let v31 = json!({"type":"number","exclusiveMinimum":0});
        assert!(validate(&v31, &json!(0), "").is_err());
    }
}
