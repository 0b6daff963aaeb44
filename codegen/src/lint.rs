//! The rules of `specs/CONVENTIONS.md` that a machine can check.

use serde_json::Value;

use crate::normalise::operations;

/// Every way the spec breaks the conventions (empty when it follows them).
pub fn lint(spec: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    match spec.get("openapi").and_then(Value::as_str) {
        Some(v) if v.starts_with("3.0.") => {}
        other => problems.push(format!("`openapi` must be 3.0.x, found {other:?}")),
    }
    if let Err(e) = serde_json::from_value::<openapiv3::OpenAPI>(spec.clone()) {
        problems.push(format!("not a valid OpenAPI 3.0 document: {e}"));
    }
    if spec
        .pointer("/info/version")
        .and_then(Value::as_str)
        .is_none()
    {
        problems.push("info.version is missing".into());
    }
    for (path, method, op) in operations(spec) {
        let at = format!("{} {path}", method.to_uppercase());
        match op.get("operationId").and_then(Value::as_str) {
            None => problems.push(format!("{at}: no operationId")),
            Some(id) => {
                let snake = !id.is_empty()
                    && id
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                    && id.starts_with(|c: char| c.is_ascii_lowercase());
                if !snake {
                    problems.push(format!("{at}: operationId `{id}` is not snake_case"));
                }
            }
        }
        if op
            .get("x-doc-source")
            .and_then(Value::as_str)
            .is_none_or(str::is_empty)
        {
            problems.push(format!("{at}: no x-doc-source"));
        }
        match op.get("x-auth").and_then(Value::as_str) {
            Some(a) if crate::AuthScheme::from_spec(a).is_some() => {}
            other => problems.push(format!(
                "{at}: x-auth must be one of {:?}, found {other:?}",
                crate::AuthScheme::ALL
                    .iter()
                    .map(|(n, _)| *n)
                    .collect::<Vec<_>>()
            )),
        }
    }
    check_refs(spec, spec, "", &mut problems);
    check_schemas(spec, "", false, &mut problems);
    problems
}

/// Every `$ref` must point at something in the same document.
fn check_refs(spec: &Value, value: &Value, at: &str, problems: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(r) = map.get("$ref").and_then(Value::as_str) {
                let found = r.strip_prefix('#').and_then(|p| spec.pointer(p)).is_some();
                if !found {
                    problems.push(format!("{at}: $ref {r} points at nothing"));
                }
            }
            for (k, v) in map {
                check_refs(spec, v, &format!("{at}/{k}"), problems);
            }
        }
        Value::Array(list) => {
            for (i, v) in list.iter().enumerate() {
                check_refs(spec, v, &format!("{at}/{i}"), problems);
            }
        }
        _ => {}
    }
}

/// Inline enums, misplaced `format: decimal`, closed objects. `top` is true for a schema that
/// is itself a component (where an enum belongs).
fn check_schemas(value: &Value, at: &str, top: bool, problems: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            let is_schema = map.contains_key("type") || map.contains_key("enum");
            if is_schema {
                if map.contains_key("enum") && !top {
                    problems.push(format!(
                        "{at}: inline enum; make it a named component under components.schemas"
                    ));
                }
                if map.get("format").and_then(Value::as_str) == Some("decimal")
                    && map.get("type").and_then(Value::as_str) != Some("number")
                {
                    problems.push(format!("{at}: format decimal needs type number"));
                }
                if map.get("additionalProperties") == Some(&Value::Bool(false)) {
                    problems.push(format!(
                        "{at}: additionalProperties: false would reject fields the server adds"
                    ));
                }
            }
            for (k, v) in map {
                let child_top = at == "/components/schemas";
                // Example values are data, not schemas.
                if matches!(k.as_str(), "example" | "examples") {
                    continue;
                }
                check_schemas(v, &format!("{at}/{k}"), child_top, problems);
            }
        }
        Value::Array(list) => {
            for (i, v) in list.iter().enumerate() {
                check_schemas(v, &format!("{at}/{i}"), false, problems);
            }
        }
        _ => {}
    }
}
