//! Form-data deliveries (the payment-link document says its webhook is sent as form data).
//!
//! A form body becomes one JSON object:
//! - a form with a single field whose value is a JSON object is that object (the whole
//!   payload posted under one name);
//! - otherwise each field is placed by its name, with bracket names nested
//!   (`data[customer_details][customer_phone]`), and a value that is itself JSON text
//!   (`data={"link_id":…}`) is read as JSON; every other value stays text, which the typed
//!   events accept for amounts, ids and booleans.
//!
//! Every reader is bounded (see [`super::limits`]): at most [`MAX_FORM_FIELDS`] fields, names
//! of at most [`MAX_FORM_NAME_DEPTH`] levels, boundaries of at most [`MAX_BOUNDARY_BYTES`]
//! bytes. Nothing recurses more than [`MAX_FORM_NAME_DEPTH`] levels.

use percent_encoding::percent_decode;
use serde_json::{Map, Value};

use super::error::WebhookError;
use super::limits::{Limit, MAX_BOUNDARY_BYTES, MAX_FORM_FIELDS, MAX_FORM_NAME_DEPTH};

/// `application/x-www-form-urlencoded` pairs, decoded.
pub(crate) fn urlencoded_pairs(body: &[u8]) -> Result<Vec<(String, String)>, WebhookError> {
    let mut pairs = Vec::new();
    for part in body.split(|b| *b == b'&') {
        if part.is_empty() {
            continue;
        }
        if pairs.len() == MAX_FORM_FIELDS {
            return Err(Limit::FormFields.exceeded());
        }
        let (k, v) = match part.iter().position(|b| *b == b'=') {
            Some(i) => (&part[..i], &part[i + 1..]),
            None => (part, &b""[..]),
        };
        pairs.push((decode_component(k)?, decode_component(v)?));
    }
    Ok(pairs)
}

fn decode_component(raw: &[u8]) -> Result<String, WebhookError> {
    let spaced: Vec<u8> = raw
        .iter()
        .map(|b| if *b == b'+' { b' ' } else { *b })
        .collect();
    percent_decode(&spaced)
        .decode_utf8()
        .map(|s| s.into_owned())
        .map_err(|_| WebhookError::BodyNotJson("form field is not UTF-8 after decoding".into()))
}

/// `multipart/form-data` text fields.
pub(crate) fn multipart_pairs(
    body: &[u8],
    content_type: &str,
) -> Result<Vec<(String, String)>, WebhookError> {
    let boundary = content_type
        .split(';')
        .map(str::trim)
        .find_map(|p| {
            p.strip_prefix("boundary=")
                .or_else(|| p.strip_prefix("BOUNDARY="))
        })
        .map(|b| b.trim_matches('"'))
        .filter(|b| !b.is_empty())
        .ok_or_else(|| WebhookError::BodyNotJson("multipart body without a boundary".into()))?;
    if boundary.len() > MAX_BOUNDARY_BYTES {
        return Err(Limit::BoundaryBytes.exceeded());
    }
    let delimiter = format!("--{boundary}").into_bytes();
    let mut pairs = Vec::new();
    let mut sections = split_on(body, &delimiter).skip(1);
    for section in sections.by_ref() {
        if section.starts_with(b"--") {
            return Ok(pairs);
        }
        if pairs.len() == MAX_FORM_FIELDS {
            return Err(Limit::FormFields.exceeded());
        }
        let section = section
            .strip_prefix(b"\r\n")
            .or_else(|| section.strip_prefix(b"\n"))
            .unwrap_or(section);
        let (head, value) = match find(section, b"\r\n\r\n") {
            Some(i) => (&section[..i], &section[i + 4..]),
            None => match find(section, b"\n\n") {
                Some(i) => (&section[..i], &section[i + 2..]),
                None => {
                    return Err(WebhookError::BodyNotJson(
                        "multipart part without headers".into(),
                    ))
                }
            },
        };
        let value = value
            .strip_suffix(b"\r\n")
            .or_else(|| value.strip_suffix(b"\n"))
            .unwrap_or(value);
        let head = std::str::from_utf8(head)
            .map_err(|_| WebhookError::BodyNotJson("multipart part headers are not text".into()))?;
        let name = part_name(head)
            .ok_or_else(|| WebhookError::BodyNotJson("multipart part without a name".into()))?;
        let value = String::from_utf8(value.to_vec()).map_err(|_| {
            WebhookError::BodyNotJson(format!("multipart field `{name}` is not UTF-8 text"))
        })?;
        pairs.push((name, value));
    }
    Err(WebhookError::BodyNotJson(
        "multipart body without its closing boundary".into(),
    ))
}

fn part_name(head: &str) -> Option<String> {
    head.lines()
        .find(|l| l.to_ascii_lowercase().starts_with("content-disposition:"))?
        .split(';')
        .map(str::trim)
        .find_map(|p| p.strip_prefix("name="))
        .map(|n| n.trim_matches('"').to_string())
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The pieces of `hay` between occurrences of `delimiter`, lazily (a body with many
/// delimiters is stopped by the field limit, not collected whole).
fn split_on<'a>(hay: &'a [u8], delimiter: &'a [u8]) -> impl Iterator<Item = &'a [u8]> + 'a {
    let mut rest = Some(hay);
    std::iter::from_fn(move || {
        let current = rest?;
        match find(current, delimiter) {
            Some(i) => {
                rest = Some(&current[i + delimiter.len()..]);
                Some(&current[..i])
            }
            None => {
                rest = None;
                Some(current)
            }
        }
    })
}

/// One JSON object from form fields (rules in the module docs).
pub(crate) fn pairs_to_json(pairs: Vec<(String, String)>) -> Result<Value, WebhookError> {
    if let [(_, only)] = pairs.as_slice() {
        if let Ok(Value::Object(whole)) = serde_json::from_str::<Value>(only.trim()) {
            return Ok(Value::Object(whole));
        }
    }
    let mut root = Map::new();
    for (key, value) in pairs {
        let path = key_path(&key)?;
        let value = match value.trim_start().chars().next() {
            Some('{') | Some('[') => {
                serde_json::from_str(value.trim()).unwrap_or(Value::String(value))
            }
            _ => Value::String(value),
        };
        insert(&mut root, &path, value, &key)?;
    }
    Ok(Value::Object(root))
}

fn key_path(key: &str) -> Result<Vec<String>, WebhookError> {
    let bad = || {
        WebhookError::BodyNotJson(format!(
            "form field name `{key}` is not name or name[sub][…]"
        ))
    };
    let (head, mut rest) = match key.find('[') {
        Some(i) => (&key[..i], &key[i..]),
        None => (key, ""),
    };
    if head.is_empty() {
        return Err(bad());
    }
    let mut path = vec![head.to_string()];
    while !rest.is_empty() {
        if path.len() == MAX_FORM_NAME_DEPTH {
            return Err(Limit::FormNameDepth.exceeded());
        }
        let inner = rest.strip_prefix('[').ok_or_else(bad)?;
        let close = inner.find(']').ok_or_else(bad)?;
        if close == 0 {
            return Err(bad());
        }
        path.push(inner[..close].to_string());
        rest = &inner[close + 1..];
    }
    Ok(path)
}

/// Places `value` at `path` under `map`, creating the objects on the way; a path through a
/// value that is not an object, or onto a field already set, is a conflict. Iterative: the
/// depth is bounded by [`MAX_FORM_NAME_DEPTH`] anyway, but nothing here recurses.
fn insert(
    map: &mut Map<String, Value>,
    path: &[String],
    value: Value,
    key: &str,
) -> Result<(), WebhookError> {
    let conflict =
        || WebhookError::BodyNotJson(format!("form field `{key}` conflicts with another field"));
    let Some((last, parents)) = path.split_last() else {
        return Err(conflict());
    };
    let mut current = map;
    for name in parents {
        let entry = current
            .entry(name.clone())
            .or_insert_with(|| Value::Object(Map::new()));
        current = match entry {
            Value::Object(inner) => inner,
            _ => return Err(conflict()),
        };
    }
    if current.contains_key(last) {
        return Err(conflict());
    }
    current.insert(last.clone(), value);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_brackets_and_plus_and_percent() {
        let pairs = urlencoded_pairs(b"type=PAYMENT_LINK_EVENT&data[link_id]=a+b%2Fc&data[customer_details][customer_phone]=900").unwrap();
        let v = pairs_to_json(pairs).unwrap();
        assert_eq!(v["data"]["link_id"], "a b/c");
        assert_eq!(v["data"]["customer_details"]["customer_phone"], "900");
    }

    #[test]
    fn conflicts_and_bad_names_are_errors() {
        for body in [
            &b"a=1&a[b]=2"[..],
            b"a[b]=1&a=2",
            b"[x]=1",
            b"a[=1",
            b"a[]=1",
        ] {
            let pairs = urlencoded_pairs(body).unwrap();
            assert!(
                pairs_to_json(pairs).is_err(),
                "{}",
                String::from_utf8_lossy(body)
            );
        }
    }

    #[test]
    fn limits_end_in_typed_errors() {
        use crate::webhooks::limits::Limit;
        let deep = format!("data{}=1", "[a]".repeat(100_000));
        let pairs = urlencoded_pairs(deep.as_bytes()).unwrap();
        assert_eq!(
            pairs_to_json(pairs).unwrap_err(),
            Limit::FormNameDepth.exceeded()
        );
        let at_limit = format!("data{}=1", "[a]".repeat(MAX_FORM_NAME_DEPTH - 1));
        assert!(pairs_to_json(urlencoded_pairs(at_limit.as_bytes()).unwrap()).is_ok());
        let many = "a=1&".repeat(MAX_FORM_FIELDS + 1);
        assert_eq!(
            urlencoded_pairs(many.as_bytes()).unwrap_err(),
            Limit::FormFields.exceeded()
        );
        assert!(urlencoded_pairs("a=1&".repeat(MAX_FORM_FIELDS).as_bytes()).is_ok());
        let long = format!("multipart/form-data; boundary={}", "x".repeat(71));
        assert_eq!(
            multipart_pairs(b"", &long).unwrap_err(),
            Limit::BoundaryBytes.exceeded()
        );
        let parts = "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n"
            .repeat(MAX_FORM_FIELDS + 1);
        assert_eq!(
            multipart_pairs(parts.as_bytes(), "multipart/form-data; boundary=b").unwrap_err(),
            Limit::FormFields.exceeded()
        );
    }

    #[test]
    fn multipart_fields() {
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"type\"\r\n\r\nPAYMENT_LINK_EVENT\r\n--XyZ\r\nContent-Disposition: form-data; name=\"data\"\r\n\r\n{\"link_id\":\"l1\"}\r\n--XyZ--\r\n";
        let pairs = multipart_pairs(body, "multipart/form-data; boundary=XyZ").unwrap();
        let v = pairs_to_json(pairs).unwrap();
        assert_eq!(v["type"], "PAYMENT_LINK_EVENT");
        assert_eq!(v["data"]["link_id"], "l1");
        assert!(multipart_pairs(
            b"--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1",
            "multipart/form-data; boundary=XyZ"
        )
        .is_err());
        assert!(multipart_pairs(body, "multipart/form-data").is_err());
    }
}
