//! The step between a truthful spec and what progenitor 0.15 can generate.

use std::collections::{BTreeSet, VecDeque};

use serde_json::{json, Map, Value};

use crate::Family;

/// Headers the runtime owns (auth, signatures, version, content type): never parameters of a
/// generated method. Compared case-insensitively.
pub const RUNTIME_HEADERS: &[&str] = &[
    "x-api-version",
    "x-client-id",
    "x-client-secret",
    "x-partner-apikey",
    "x-partner-api-key",
    "x-partner-merchantid",
    "authorization",
    "x-cf-signature",
    "access-key",
    "timestamp",
    "signature",
    "content-type",
];

/// Keys that constrain a value. The runtime checks them on request bodies; progenitor never
/// sees them (typify turns them into newtypes that would reject server data).
const CONSTRAINTS: &[&str] = &[
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "pattern",
    "multipleOf",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
    "default",
];

/// Component names the normaliser adds and the runtime types that replace them.
pub const AMOUNT_SCHEMA: &str = "PaygenAmount";
pub const FLEX_STRING_SCHEMA: &str = "PaygenFlexString";
pub const ERROR_SCHEMA: &str = "PaygenErrorEnvelope";

/// What the runtime needs to know about one operation, read from its spec.
#[derive(Debug, Clone)]
pub struct OperationMeta {
    pub operation_id: String,
    pub method: String,
    pub path: String,
    pub auth: crate::AuthScheme,
    pub moves_money: bool,
    pub sandbox_only: bool,
    pub status_lookup: Option<String>,
    /// Multipart operations are left out of the generated client and written by hand.
    pub multipart: bool,
    /// The request body's schema with every `$ref` inlined and only the validating keywords
    /// kept (what the runtime checks before sending).
    pub request_schema: Option<Value>,
    /// The query parameters as one object schema (their constraints and which are required),
    /// when the operation has any: the runtime checks the query string against it.
    pub query_schema: Option<Value>,
    pub doc_source: String,
    pub success_status: u16,
}

/// A named string enum of the spec, generated as an open enum.
#[derive(Debug, Clone)]
pub struct EnumDef {
    pub name: String,
    pub values: Vec<String>,
    pub description: Option<String>,
    /// `x-paygen-replace`: a hand-written type used instead of a generated one.
    pub replace: Option<String>,
}

/// The spec as progenitor is given it, and what was taken out of it.
#[derive(Debug, Clone)]
pub struct Normalised {
    pub openapi: Value,
    pub operations: Vec<OperationMeta>,
    pub enums: Vec<EnumDef>,
    pub title: String,
    pub api_version: String,
    /// The header the API version travels in (`x-api-version`), when the family sends one.
    pub api_version_header: Option<String>,
    /// `(environment, url)` for each documented host.
    pub servers: Vec<(String, String)>,
    pub base_url_required: bool,
    /// True when the family documents an `x-request-id` header (the runtime then sends one on
    /// every call).
    pub request_id_header: bool,
}

/// Resolves a local `$ref` (`#/components/...`) against the spec.
pub fn resolve<'a>(spec: &'a Value, value: &'a Value) -> &'a Value {
    let mut current = value;
    for _ in 0..16 {
        match current.get("$ref").and_then(Value::as_str) {
            Some(r) => match r.strip_prefix('#').and_then(|p| spec.pointer(p)) {
                Some(target) => current = target,
                None => return current,
            },
            None => return current,
        }
    }
    current
}

fn ref_name(value: &Value) -> Option<&str> {
    value
        .get("$ref")?
        .as_str()?
        .strip_prefix("#/components/schemas/")
}

/// Calls `f` on every schema nested in `schema` (itself included), depth first.
fn walk_schema_mut(schema: &mut Value, f: &mut dyn FnMut(&mut Value)) {
    f(schema);
    let Some(obj) = schema.as_object_mut() else {
        return;
    };
    if let Some(Value::Object(props)) = obj.get_mut("properties") {
        for (_, p) in props.iter_mut() {
            walk_schema_mut(p, f);
        }
    }
    for key in ["items", "not", "additionalProperties"] {
        if let Some(v) = obj.get_mut(key) {
            if v.is_object() {
                walk_schema_mut(v, f);
            }
        }
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        if let Some(Value::Array(list)) = obj.get_mut(key) {
            for v in list {
                walk_schema_mut(v, f);
            }
        }
    }
}

fn walk_schema(schema: &Value, f: &mut dyn FnMut(&Value)) {
    f(schema);
    let Some(obj) = schema.as_object() else {
        return;
    };
    if let Some(Value::Object(props)) = obj.get("properties") {
        for p in props.values() {
            walk_schema(p, f);
        }
    }
    for key in ["items", "not", "additionalProperties"] {
        if let Some(v) = obj.get(key) {
            if v.is_object() {
                walk_schema(v, f);
            }
        }
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        if let Some(Value::Array(list)) = obj.get(key) {
            for v in list {
                walk_schema(v, f);
            }
        }
    }
}

/// Every operation of the spec as `(path, method, operation)`.
pub fn operations(spec: &Value) -> Vec<(String, String, &Value)> {
    let mut out = Vec::new();
    if let Some(paths) = spec.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            let Some(item) = item.as_object() else {
                continue;
            };
            for (method, op) in item {
                if matches!(
                    method.as_str(),
                    "get" | "put" | "post" | "delete" | "patch" | "head" | "options" | "trace"
                ) {
                    out.push((path.clone(), method.clone(), op));
                }
            }
        }
    }
    out
}

/// Component schema names reachable from the given roots through `$ref`s.
fn reachable(spec: &Value, roots: &[&Value]) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut queue: VecDeque<Value> = roots.iter().map(|v| (*v).clone()).collect();
    while let Some(schema) = queue.pop_front() {
        walk_schema(&schema, &mut |s| {
            if let Some(name) = ref_name(s) {
                if seen.insert(name.to_string()) {
                    if let Some(target) = spec.pointer(&format!("/components/schemas/{name}")) {
                        queue.push_back(target.clone());
                    }
                }
            }
        });
    }
    seen
}

fn media_schemas(content: Option<&Value>) -> Vec<&Value> {
    content
        .and_then(Value::as_object)
        .map(|m| m.values().filter_map(|media| media.get("schema")).collect())
        .unwrap_or_default()
}

/// The request schema with `$ref`s inlined and only what validation needs kept.
fn validation_schema(spec: &Value, schema: &Value, depth: usize) -> Value {
    if depth > 12 {
        return json!({});
    }
    let schema = resolve(spec, schema);
    let Some(obj) = schema.as_object() else {
        return json!({});
    };
    let mut out = Map::new();
    for (key, value) in obj {
        match key.as_str() {
            "type" | "required" | "nullable" | "format" | "minimum" | "maximum"
            | "exclusiveMinimum" | "exclusiveMaximum" | "minLength" | "maxLength" | "pattern"
            | "multipleOf" | "minItems" | "maxItems" => {
                out.insert(key.clone(), value.clone());
            }
            "properties" => {
                let props = value
                    .as_object()
                    .map(|m| {
                        m.iter()
                            .map(|(k, v)| (k.clone(), validation_schema(spec, v, depth + 1)))
                            .collect::<Map<_, _>>()
                    })
                    .unwrap_or_default();
                out.insert(key.clone(), Value::Object(props));
            }
            "items" => {
                out.insert(key.clone(), validation_schema(spec, value, depth + 1));
            }
            "allOf" | "anyOf" | "oneOf" => {
                let list = value
                    .as_array()
                    .map(|l| {
                        l.iter()
                            .map(|v| validation_schema(spec, v, depth + 1))
                            .collect()
                    })
                    .unwrap_or_default();
                out.insert(key.clone(), Value::Array(list));
            }
            _ => {}
        }
    }
    Value::Object(out)
}

/// The operation's query parameters as an object schema for validation.
fn query_schema(spec: &Value, op: &Value) -> Option<Value> {
    let mut props = Map::new();
    let mut required = Vec::new();
    for p in op
        .get("parameters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let p = resolve(spec, p);
        if p.get("in").and_then(Value::as_str) != Some("query") {
            continue;
        }
        let Some(name) = p.get("name").and_then(Value::as_str) else {
            continue;
        };
        let schema = p
            .get("schema")
            .map(|s| validation_schema(spec, s, 0))
            .unwrap_or(json!({}));
        props.insert(name.to_string(), schema);
        if p.get("required").and_then(Value::as_bool) == Some(true) {
            required.push(Value::String(name.to_string()));
        }
    }
    (!props.is_empty())
        .then(|| json!({"type": "object", "required": required, "properties": props}))
}

/// Makes one schema acceptable to progenitor/typify (see the module docs).
fn lenient_schema(schema: &mut Value, relax_required: bool) {
    walk_schema_mut(schema, &mut |s| {
        let Some(obj) = s.as_object_mut() else { return };
        if obj.get("format").and_then(Value::as_str) == Some("decimal") {
            *s = json!({ "$ref": format!("#/components/schemas/{AMOUNT_SCHEMA}") });
            return;
        }
        if obj.get("x-accept-number").and_then(Value::as_bool) == Some(true) {
            *s = json!({ "$ref": format!("#/components/schemas/{FLEX_STRING_SCHEMA}") });
            return;
        }
        for key in CONSTRAINTS {
            obj.remove(*key);
        }
        if obj.get("type").and_then(Value::as_str) == Some("string") {
            obj.remove("format");
        }
        if obj.get("additionalProperties") == Some(&Value::Bool(false)) {
            obj.remove("additionalProperties");
        }
        if relax_required {
            obj.remove("required");
            // typify gives optional arrays and maps a default instead of an `Option`, so a
            // `null` from the server would fail the whole answer: make them nullable.
            if let Some(Value::Object(props)) = obj.get_mut("properties") {
                for p in props.values_mut() {
                    let collection = p.get("type").and_then(Value::as_str) == Some("array")
                        || (p.get("type").and_then(Value::as_str) == Some("object")
                            && p.get("properties").is_none());
                    if collection {
                        if let Some(p) = p.as_object_mut() {
                            p.insert("nullable".into(), Value::Bool(true));
                        }
                    }
                }
            }
        }
    });
}

/// Turns a truthful spec into what progenitor is given, plus the tables the runtime reads.
pub fn normalise(family: &Family, spec: &Value) -> Result<Normalised, String> {
    let mut out = spec.clone();
    let info = spec.get("info").cloned().unwrap_or(json!({}));
    let title = info
        .get("title")
        .and_then(Value::as_str)
        .unwrap_or(family.spec)
        .to_string();
    let api_version = info
        .get("version")
        .and_then(Value::as_str)
        .ok_or("info.version is missing")?
        .to_string();
    let base_url_required = info
        .get("x-base-url-required")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let servers = spec
        .get("servers")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(|s| {
                    let url = s.get("url")?.as_str()?.to_string();
                    let env = s
                        .get("x-environment")
                        .and_then(Value::as_str)
                        .unwrap_or("other")
                        .to_string();
                    Some((env, url))
                })
                .collect()
        })
        .unwrap_or_default();

    // Which component schemas a response (or nothing at all: webhook payloads) can reach, and
    // which only requests reach: only the latter keep their `required` lists for typify.
    let mut request_roots = Vec::new();
    let mut response_roots = Vec::new();
    for (_, _, op) in operations(spec) {
        if let Some(body) = op.get("requestBody") {
            request_roots.extend(media_schemas(resolve(spec, body).get("content")));
        }
        if let Some(responses) = op.get("responses").and_then(Value::as_object) {
            for r in responses.values() {
                response_roots.extend(media_schemas(resolve(spec, r).get("content")));
            }
        }
    }
    let from_requests = reachable(spec, &request_roots);
    let from_responses = reachable(spec, &response_roots);
    let request_only: BTreeSet<String> =
        from_requests.difference(&from_responses).cloned().collect();

    // Enums: every named string enum becomes an open enum.
    let mut enums = Vec::new();
    if let Some(schemas) = spec
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    {
        for (name, schema) in schemas {
            if let Some(values) = schema.get("enum").and_then(Value::as_array) {
                let values = values
                    .iter()
                    .map(|v| match v {
                        Value::String(s) => Ok(s.clone()),
                        other => Err(format!(
                            "enum {name} has a value that is not a string: {other}"
                        )),
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                enums.push(EnumDef {
                    name: name.clone(),
                    values,
                    description: schema
                        .get("description")
                        .and_then(Value::as_str)
                        .map(str::to_string),
                    replace: schema
                        .get("x-paygen-replace")
                        .and_then(Value::as_str)
                        .map(str::to_string),
                });
            }
        }
    }

    // Operations: read their marks, then reshape them for the generator.
    let mut metas = Vec::new();
    let mut api_version_header = None;
    let mut request_id_header = false;
    let mut drop = Vec::new();
    for (path, method, op) in operations(spec) {
        let operation_id = op
            .get("operationId")
            .and_then(Value::as_str)
            .ok_or_else(|| format!("{} {path} has no operationId", method.to_uppercase()))?
            .to_string();
        let body = op.get("requestBody").map(|b| resolve(spec, b));
        let content = body
            .and_then(|b| b.get("content"))
            .and_then(Value::as_object);
        let multipart = content.is_some_and(|c| c.keys().any(|k| k.starts_with("multipart/")));
        let request_schema = content
            .and_then(|c| c.get("application/json"))
            .and_then(|m| m.get("schema"))
            .map(|s| validation_schema(spec, s, 0));
        let query_schema = query_schema(spec, op);
        let success_status = op
            .get("responses")
            .and_then(Value::as_object)
            .and_then(|r| {
                r.keys()
                    .filter_map(|k| k.parse::<u16>().ok())
                    .filter(|s| (200..300).contains(s))
                    .min()
            })
            .unwrap_or(200);
        for p in op
            .get("parameters")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let p = resolve(spec, p);
            let name = p
                .get("name")
                .and_then(Value::as_str)
                .map(str::to_ascii_lowercase);
            if p.get("in").and_then(Value::as_str) == Some("header")
                && name.as_deref() == Some("x-request-id")
            {
                request_id_header = true;
            }
            if p.get("in").and_then(Value::as_str) == Some("header")
                && p.get("name")
                    .and_then(Value::as_str)
                    .map(str::to_ascii_lowercase)
                    .as_deref()
                    == Some("x-api-version")
            {
                api_version_header = Some("x-api-version".to_string());
            }
        }
        let flag = |key: &str| op.get(key).and_then(Value::as_bool).unwrap_or(false);
        metas.push(OperationMeta {
            operation_id,
            method: method.to_uppercase(),
            path: path.clone(),
            auth: op
                .get("x-auth")
                .and_then(Value::as_str)
                .and_then(crate::AuthScheme::from_spec)
                .unwrap_or(crate::AuthScheme::None),
            moves_money: flag("x-moves-money"),
            sandbox_only: flag("x-sandbox-only"),
            status_lookup: op
                .get("x-status-lookup")
                .and_then(Value::as_str)
                .map(str::to_string),
            multipart,
            request_schema,
            query_schema,
            doc_source: op
                .get("x-doc-source")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
            success_status,
        });
        if multipart {
            drop.push((path.clone(), method.clone()));
        }
    }

    // Reshape the operations progenitor sees.
    let spec_ref = spec;
    if let Some(paths) = out.get_mut("paths").and_then(Value::as_object_mut) {
        for (path, method) in &drop {
            if let Some(item) = paths.get_mut(path).and_then(Value::as_object_mut) {
                item.remove(method);
            }
        }
        paths.retain(|_, item| {
            item.as_object().is_some_and(|m| {
                m.keys().any(|k| {
                    matches!(
                        k.as_str(),
                        "get" | "put" | "post" | "delete" | "patch" | "head"
                    )
                })
            })
        });
        for (_, item) in paths.iter_mut() {
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            if let Some(Value::Array(params)) = item.get_mut("parameters") {
                params.retain(|p| !is_runtime_header(spec_ref, p));
            }
            for (key, op) in item.iter_mut() {
                if key == "parameters" {
                    continue;
                }
                let Some(op) = op.as_object_mut() else {
                    continue;
                };
                if let Some(Value::Array(params)) = op.get_mut("parameters") {
                    params.retain(|p| !is_runtime_header(spec_ref, p));
                    for p in params.iter_mut() {
                        if let Some(s) = p.get_mut("schema") {
                            lenient_schema(s, false);
                        }
                    }
                }
                op.remove("security");
                if let Some(body) = op.get_mut("requestBody") {
                    if let Some(Value::Object(content)) = body.get_mut("content") {
                        for media in content.values_mut() {
                            if let Some(s) = media.get_mut("schema") {
                                lenient_schema(s, false);
                            }
                        }
                    }
                }
                let mut responses = Map::new();
                if let Some(Value::Object(old)) = op.get("responses") {
                    let success = old
                        .iter()
                        .filter_map(|(k, v)| Some((k.parse::<u16>().ok()?, v)))
                        .filter(|(s, _)| (200..300).contains(s))
                        .min_by_key(|(s, _)| *s);
                    if let Some((_, response)) = success {
                        let mut response = resolve(spec_ref, response).clone();
                        if let Some(Value::Object(content)) = response.get_mut("content") {
                            content.retain(|k, _| k.contains("json"));
                            for media in content.values_mut() {
                                if let Some(s) = media.get_mut("schema") {
                                    lenient_schema(s, true);
                                }
                            }
                        }
                        if let Some(obj) = response.as_object_mut() {
                            obj.remove("headers");
                        }
                        // Any 2xx parses as the documented success body: servers answer 200
                        // where a document says 201 and the other way round.
                        responses.insert("2XX".to_string(), response);
                    }
                }
                // One error schema for every error status (progenitor asserts a single type).
                for range in ["4XX", "5XX"] {
                    responses.insert(
                        range.to_string(),
                        json!({
                            "description": "Any error: the paygen runtime turns it into paygen::Error.",
                            "content": {"application/json": {"schema": {
                                "$ref": format!("#/components/schemas/{ERROR_SCHEMA}")
                            }}}
                        }),
                    );
                }
                op.insert("responses".to_string(), Value::Object(responses));
            }
        }
    }

    // Components: lenient schemas, runtime-owned headers gone, the runtime's own types added.
    let components = out
        .as_object_mut()
        .ok_or("the spec is not a mapping")?
        .entry("components")
        .or_insert_with(|| json!({}));
    let components = components
        .as_object_mut()
        .ok_or("components is not a mapping")?;
    components.remove("responses");
    components.remove("securitySchemes");
    if let Some(Value::Object(params)) = components.get_mut("parameters") {
        params.retain(|_, p| {
            let name = p.get("name").and_then(Value::as_str).unwrap_or("");
            !RUNTIME_HEADERS.contains(&name.to_ascii_lowercase().as_str())
        });
        for p in params.values_mut() {
            if let Some(s) = p.get_mut("schema") {
                lenient_schema(s, false);
            }
        }
    }
    let schemas = components
        .entry("schemas")
        .or_insert_with(|| json!({}))
        .as_object_mut()
        .ok_or("components.schemas is not a mapping")?;
    for (name, schema) in schemas.iter_mut() {
        lenient_schema(schema, !request_only.contains(name));
    }
    schemas.insert(AMOUNT_SCHEMA.into(), json!({"type": "number"}));
    schemas.insert(FLEX_STRING_SCHEMA.into(), json!({"type": "string"}));
    schemas.insert(ERROR_SCHEMA.into(), json!({"type": "object"}));
    out.as_object_mut()
        .expect("checked above")
        .remove("security");

    Ok(Normalised {
        openapi: out,
        operations: metas,
        enums,
        title,
        api_version,
        api_version_header,
        servers,
        base_url_required,
        request_id_header,
    })
}

fn is_runtime_header(spec: &Value, param: &Value) -> bool {
    let p = resolve(spec, param);
    p.get("in").and_then(Value::as_str) == Some("header")
        && p.get("name")
            .and_then(Value::as_str)
            .is_some_and(|n| RUNTIME_HEADERS.contains(&n.to_ascii_lowercase().as_str()))
}
