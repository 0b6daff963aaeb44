//! Each request checked against its spec, with the runtime's own validator
//! ([`crate::runtime::validate`]): the same rules the clients check before sending, so a call
//! that gets past a client also gets past the mock, and a hand-made request that breaks a rule
//! gets the family's documented error.

use crate::runtime::validate::{validate_body, validate_query, Violation};
use crate::runtime::OperationSpec;

use super::answer::{Dialect, Refusal};

/// Checks the body and the query string of a request for `op`.
pub fn check(
    op: &'static OperationSpec,
    dialect: Dialect,
    body: &[u8],
    query: Option<&str>,
) -> Result<(), Refusal> {
    if let (Some(schema), Some(query)) = (op.query_schema, query) {
        if let Ok(url) = reqwest::Url::parse(&format!("http://mock/?{query}")) {
            validate_query(schema, &url).map_err(|v| refusal(op, dialect, &v))?;
        }
    }
    if let Some(schema) = op.request_schema {
        let body: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
            b"{}"
        } else {
            body
        };
        validate_body(schema, body).map_err(|v| refusal(op, dialect, &v))?;
    }
    Ok(())
}

fn refusal(op: &OperationSpec, dialect: Dialect, v: &Violation) -> Refusal {
    let field = v
        .path
        .rsplit(['.', '['])
        .next()
        .unwrap_or("")
        .trim_end_matches(']');
    let code = match (field.is_empty(), v.message == "is required") {
        (true, _) => "request_invalid".to_string(),
        (false, true) => format!("{field}_missing"),
        (false, false) => format!("{field}_invalid"),
    };
    let what = if v.path.is_empty() {
        format!("{}: the body {}", op.operation_id, v.message)
    } else {
        format!("{}: {} {}", op.operation_id, v.path, v.message)
    };
    // Payouts v1 answers an invalid field with sub-code 422; the others with 400.
    let status = if dialect == Dialect::V1Envelope {
        422
    } else {
        400
    };
    Refusal::new(status, code, "invalid_request_error", what)
}
