//! The rules of `specs/CONVENTIONS.md` that a machine can check.

use serde_json::Value;

use crate::normalise::{operations, resolve};

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
    check_request_amounts(spec, &mut problems);
    problems
}

/// Every amount a request carries (`format: decimal`, in a JSON body or a query parameter) must
/// state its scale with `multipleOf` (`0.01` for paise), so the runtime's validator refuses
/// `10.155` before it is sent. One problem per field, naming the operation and the field path.
fn check_request_amounts(spec: &Value, problems: &mut Vec<String>) {
    for (path, method, op) in operations(spec) {
        let id = op.get("operationId").and_then(Value::as_str).unwrap_or("?");
        let at = format!("{} {path} ({id})", method.to_uppercase());
        let mut missing = Vec::new();
        if let Some(content) = op
            .get("requestBody")
            .map(|b| resolve(spec, b))
            .and_then(|b| b.get("content"))
            .and_then(Value::as_object)
        {
            for media in content.values() {
                if let Some(schema) = media.get("schema") {
                    decimal_without_scale(spec, schema, "", 0, &mut missing);
                }
            }
        }
        for p in op
            .get("parameters")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let p = resolve(spec, p);
            if let (Some(name), Some(schema)) =
                (p.get("name").and_then(Value::as_str), p.get("schema"))
            {
                decimal_without_scale(spec, schema, name, 0, &mut missing);
            }
        }
        missing.sort();
        missing.dedup();
        for field in missing {
            problems.push(format!(
                "{at}: request field `{field}` has format decimal but no scale rule; add \
                 `multipleOf` (0.01 for an amount in rupees and paise) and its `minimum`"
            ));
        }
    }
}

/// Field paths under `schema` with `format: decimal` and no `multipleOf`. Depth-bounded, so a
/// recursive schema ends.
fn decimal_without_scale(
    spec: &Value,
    schema: &Value,
    at: &str,
    depth: usize,
    out: &mut Vec<String>,
) {
    if depth > 16 {
        return;
    }
    let schema = resolve(spec, schema);
    let Some(map) = schema.as_object() else {
        return;
    };
    if map.get("format").and_then(Value::as_str) == Some("decimal")
        && !map.contains_key("multipleOf")
    {
        out.push(if at.is_empty() {
            "(body)".into()
        } else {
            at.into()
        });
    }
    if let Some(props) = map.get("properties").and_then(Value::as_object) {
        for (name, sub) in props {
            let child = if at.is_empty() {
                name.clone()
            } else {
                format!("{at}.{name}")
            };
            decimal_without_scale(spec, sub, &child, depth + 1, out);
        }
    }
    if let Some(items) = map.get("items") {
        decimal_without_scale(spec, items, &format!("{at}[]"), depth + 1, out);
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        for sub in map.get(key).and_then(Value::as_array).into_iter().flatten() {
            decimal_without_scale(spec, sub, at, depth + 1, out);
        }
    }
    if let Some(extra) = map.get("additionalProperties").filter(|v| v.is_object()) {
        decimal_without_scale(spec, extra, &format!("{at}.*"), depth + 1, out);
    }
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

#[cfg(test)]
mod tests {
    use super::lint;
    use serde_json::json;

    fn spec(amount: serde_json::Value) -> serde_json::Value {
        json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/refunds": {"post": {
                "operationId": "create_refund",
                "x-doc-source": "doc 1",
                "x-auth": "merchant-headers",
                "requestBody": {"content": {"application/json": {"schema": {
                    "$ref": "#/components/schemas/Refund"
                }}}},
                "responses": {"200": {"description": "ok"}}
            }}},
            "components": {"schemas": {
                "Refund": {"type": "object", "properties": {
                    "refund_amount": amount,
                    "splits": {"type": "array", "items": {"$ref": "#/components/schemas/Split"}}
                }},
                "Split": {"type": "object", "properties": {
                    "amount": {"type": "number", "format": "decimal", "multipleOf": 0.01}
                }}
            }}
        })
    }

    #[test]
    fn a_request_decimal_without_a_scale_rule_is_named_with_its_operation() {
        let problems = lint(&spec(json!({"type": "number", "format": "decimal"})));
        let amount: Vec<_> = problems
            .iter()
            .filter(|p| p.contains("scale rule"))
            .collect();
        assert_eq!(amount.len(), 1, "{problems:?}");
        assert!(
            amount[0].contains("POST /refunds (create_refund)")
                && amount[0].contains("`refund_amount`"),
            "{}",
            amount[0]
        );
        let fixed = lint(&spec(
            json!({"type": "number", "format": "decimal", "multipleOf": 0.01, "minimum": 1}),
        ));
        assert!(fixed.iter().all(|p| !p.contains("scale rule")), "{fixed:?}");
    }
}
