//! Answers for operations without state rules, built from the spec: the documented success
//! response's `example` when it has one, otherwise a value made from its schema (each
//! property's `example`, `default` or first `enum` value, else a placeholder of its type).
//! Path parameters and top-level request fields with the same name as a response field are
//! copied in, so `GET /things/{thing_id}` answers with that `thing_id`.
//!
//! Each spec is parsed once per process, the first time one of its operations needs a shape.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde_json::{Map, Value};

use crate::runtime::OperationSpec;

use super::answer::{Answer, Dialect};
use super::families::{Mount, MOUNTS};

/// How deep a made-up value goes (specs with recursive schemas stop here).
const MAX_DEPTH: usize = 8;

fn specs() -> &'static HashMap<&'static str, OnceLock<Value>> {
    static SPECS: OnceLock<HashMap<&'static str, OnceLock<Value>>> = OnceLock::new();
    SPECS.get_or_init(|| {
        MOUNTS
            .iter()
            .map(|m| (m.info.spec, OnceLock::new()))
            .collect()
    })
}

/// The parsed spec of a family (as JSON).
pub fn spec(mount: &Mount) -> &'static Value {
    static NULL: Value = Value::Null;
    match specs().get(mount.info.spec) {
        Some(cell) => cell
            .get_or_init(|| serde_yaml::from_str::<Value>(mount.spec_yaml).unwrap_or(Value::Null)),
        None => &NULL,
    }
}

fn resolve<'a>(doc: &'a Value, node: &'a Value) -> &'a Value {
    let mut node = node;
    for _ in 0..MAX_DEPTH {
        match node.get("$ref").and_then(Value::as_str) {
            Some(r) => match r.strip_prefix('#') {
                Some(pointer) => node = doc.pointer(pointer).unwrap_or(&Value::Null),
                None => return &Value::Null,
            },
            None => return node,
        }
    }
    node
}

/// The success answer of `op`, made from its spec, with `params` (path parameters) and the
/// request body's top-level fields copied into same-named response fields.
pub fn answer(
    mount: &'static Mount,
    op: &'static OperationSpec,
    params: &[(String, String)],
    body: Option<&Value>,
) -> Answer {
    let doc = spec(mount);
    let status = op.success_status;
    let operation = doc
        .get("paths")
        .and_then(|p| p.get(op.path))
        .and_then(|p| p.get(op.method.to_ascii_lowercase()));
    let response = operation.and_then(|o| o.get("responses")).and_then(|r| {
        [
            status.to_string(),
            "200".into(),
            "201".into(),
            "2XX".into(),
            "default".into(),
        ]
        .iter()
        .find_map(|k| r.get(k.as_str()))
    });
    let Some(response) = response.map(|r| resolve(doc, r)) else {
        return Answer::json(status, &Value::Object(Map::new()));
    };
    let Some(media) = response
        .get("content")
        .and_then(Value::as_object)
        .and_then(|c| c.get("application/json").or_else(|| c.values().next()))
    else {
        return Answer {
            status,
            body: Vec::new(),
            headers: Vec::new(),
        };
    };
    let mut value = media
        .get("example")
        .cloned()
        .or_else(|| {
            media
                .get("examples")
                .and_then(Value::as_object)
                .and_then(|e| e.values().next())
                .map(|e| resolve(doc, e))
                .and_then(|e| e.get("value").cloned())
        })
        .unwrap_or_else(|| make(doc, media.get("schema").unwrap_or(&Value::Null), "", 0));
    overlay(&mut value, params, body);
    if mount.dialect == Dialect::SuccessFlag {
        // The envelope's own words: `success` true and `error` "Empty string on success".
        if let Value::Object(map) = &mut value {
            map.insert("success".into(), Value::Bool(true));
            map.insert("error".into(), Value::String(String::new()));
        }
    }
    Answer::json(status, &value)
}

fn overlay(value: &mut Value, params: &[(String, String)], body: Option<&Value>) {
    let target = match value {
        Value::Object(map) => map,
        Value::Array(items) => match items.first_mut() {
            Some(Value::Object(map)) => map,
            _ => return,
        },
        _ => return,
    };
    if let Some(Value::Object(fields)) = body {
        for (k, v) in fields {
            if target.contains_key(k) && !v.is_object() && !v.is_array() {
                target.insert(k.clone(), v.clone());
            }
        }
    }
    for (k, v) in params {
        if target.contains_key(k) {
            target.insert(k.clone(), Value::String(v.clone()));
        }
    }
}

/// A value for `schema`.
pub fn make(doc: &Value, schema: &Value, name: &str, depth: usize) -> Value {
    let schema = resolve(doc, schema);
    if depth > MAX_DEPTH {
        return Value::Null;
    }
    for key in ["example", "default"] {
        if let Some(v) = schema.get(key) {
            return v.clone();
        }
    }
    if let Some(first) = schema
        .get("enum")
        .and_then(Value::as_array)
        .and_then(|e| e.first())
    {
        return first.clone();
    }
    if let Some(Value::Array(all)) = schema.get("allOf") {
        let mut merged = Map::new();
        for s in all {
            if let Value::Object(m) = make(doc, s, name, depth + 1) {
                merged.extend(m);
            }
        }
        return Value::Object(merged);
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(first) = schema
            .get(key)
            .and_then(Value::as_array)
            .and_then(|a| a.first())
        {
            return make(doc, first, name, depth + 1);
        }
    }
    let ty = schema
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or_else(|| {
            if schema.get("properties").is_some() {
                "object"
            } else {
                ""
            }
        });
    match ty {
        "object" => {
            let mut map = Map::new();
            if let Some(Value::Object(props)) = schema.get("properties") {
                for (k, s) in props {
                    map.insert(k.clone(), make(doc, s, k, depth + 1));
                }
            }
            Value::Object(map)
        }
        "array" => match schema.get("items") {
            Some(items) => Value::Array(vec![make(doc, items, name, depth + 1)]),
            None => Value::Array(Vec::new()),
        },
        "integer" => Value::from(1),
        "number" => Value::from(1),
        "boolean" => Value::Bool(true),
        "string" => Value::String(match schema.get("format").and_then(Value::as_str) {
            Some("date-time") => "2025-01-01T10:00:00+05:30".to_string(),
            Some("date") => "2025-01-01".to_string(),
            _ if name.is_empty() => "mock".to_string(),
            _ => format!("mock_{name}"),
        }),
        _ => Value::Null,
    }
}
