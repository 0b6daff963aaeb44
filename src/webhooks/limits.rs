//! The limits every webhook body is read within.
//!
//! Webhook bodies arrive before anything has authenticated them (and Payin & Payout webhooks
//! carry no signature at all), so every reader here is bounded. A body past a limit is refused
//! with [`WebhookError::LimitExceeded`] naming the [`Limit`], before it is parsed further:
//!
//! | limit | value | applies to |
//! | --- | --- | --- |
//! | [`Limit::BodyBytes`] | 1 MiB ([`MAX_BODY_BYTES`]) | every body, before anything else (documented webhooks are 1–3 KB) |
//! | [`Limit::JsonDepth`] | 127 levels ([`MAX_JSON_DEPTH`]) | nested JSON objects and arrays, in a JSON body or in the JSON built from a form |
//! | [`Limit::FormFields`] | 1,000 fields ([`MAX_FORM_FIELDS`]) | fields of a form-encoded or multipart body |
//! | [`Limit::FormNameDepth`] | 32 levels ([`MAX_FORM_NAME_DEPTH`]) | brackets in one form field name (`data[a][b]…`) |
//! | [`Limit::BoundaryBytes`] | 70 bytes ([`MAX_BOUNDARY_BYTES`], RFC 2046) | a multipart boundary |
//!
//! Ids and amounts inside a body have limits of their own: [`crate::FlexString::MAX_LEN`]
//! bytes and [`crate::Amount::MAX_DIGITS`] digits.

use super::error::WebhookError;

/// The largest body read: 1 MiB.
pub const MAX_BODY_BYTES: usize = 1 << 20;
/// The deepest nesting of JSON objects and arrays read: serde_json's own recursion limit (it
/// refuses the 128th level), so nothing deeper is ever built and the stack stays bounded.
pub const MAX_JSON_DEPTH: usize = 127;
/// The most fields a form body may have.
pub const MAX_FORM_FIELDS: usize = 1_000;
/// The most levels one form field name may nest (`data[a]` is 2).
pub const MAX_FORM_NAME_DEPTH: usize = 32;
/// The longest multipart boundary (RFC 2046 allows 1 to 70 characters).
pub const MAX_BOUNDARY_BYTES: usize = 70;

/// A limit a webhook body can exceed (values in the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Limit {
    /// The body's size in bytes.
    BodyBytes,
    /// How deeply JSON objects and arrays nest.
    JsonDepth,
    /// How many fields a form has.
    FormFields,
    /// How many bracketed levels one form field name has.
    FormNameDepth,
    /// How long a multipart boundary is.
    BoundaryBytes,
}

impl Limit {
    /// The limit's value.
    ///
    /// ```
    /// use paygen::webhooks::Limit;
    /// assert_eq!(Limit::BodyBytes.max(), 1 << 20);
    /// ```
    pub fn max(&self) -> usize {
        match self {
            Limit::BodyBytes => MAX_BODY_BYTES,
            Limit::JsonDepth => MAX_JSON_DEPTH,
            Limit::FormFields => MAX_FORM_FIELDS,
            Limit::FormNameDepth => MAX_FORM_NAME_DEPTH,
            Limit::BoundaryBytes => MAX_BOUNDARY_BYTES,
        }
    }

    /// What the limit counts, for messages (`"body bytes"`, `"levels of JSON nesting"`, …).
    pub fn what(&self) -> &'static str {
        match self {
            Limit::BodyBytes => "body bytes",
            Limit::JsonDepth => "levels of JSON nesting",
            Limit::FormFields => "form fields",
            Limit::FormNameDepth => "levels in a form field name",
            Limit::BoundaryBytes => "bytes in a multipart boundary",
        }
    }

    /// The error for a body past this limit.
    pub(crate) fn exceeded(self) -> WebhookError {
        WebhookError::LimitExceeded {
            limit: self,
            max: self.max(),
        }
    }
}

impl std::fmt::Display for Limit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.what())
    }
}

/// Refuses a body larger than [`MAX_BODY_BYTES`].
pub(crate) fn check_size(body: &[u8]) -> Result<(), WebhookError> {
    if body.len() > MAX_BODY_BYTES {
        return Err(Limit::BodyBytes.exceeded());
    }
    Ok(())
}

/// True when JSON text nests objects and arrays deeper than [`MAX_JSON_DEPTH`]. One pass, no
/// recursion, no allocation; brackets inside strings do not count. Used to explain a parse
/// failure (serde_json stops at the same depth), so the hot path never pays for it.
pub(crate) fn json_too_deep(text: &[u8]) -> bool {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for &b in text {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                if depth > MAX_JSON_DEPTH {
                    return true;
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_counts_containers_outside_strings() {
        let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        assert!(!json_too_deep(deep(MAX_JSON_DEPTH).as_bytes()));
        assert!(json_too_deep(deep(MAX_JSON_DEPTH + 1).as_bytes()));
        let quoted = format!("{{\"a\":\"{}\\\"{}\"}}", "[".repeat(500), "{".repeat(500));
        assert!(!json_too_deep(quoted.as_bytes()));
    }
}
