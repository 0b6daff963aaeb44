//! A `multipart/form-data` body (RFC 7578) built into bytes, so the runtime can validate, sign,
//! log and (for calls that may be re-sent) clone it like any other body — a streamed reqwest
//! form could not be re-read. Used by the hand-written multipart operations (PG dispute
//! evidence, Collect from India verification uploads).

/// One form part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Part {
    /// The form field's name (`importer_name`, `invoice_file`, ...).
    pub(crate) name: &'static str,
    /// Its content.
    pub(crate) value: PartValue,
}

/// What a part holds.
#[derive(Clone, PartialEq, Eq)]
pub(crate) enum PartValue {
    /// A text value.
    Text(String),
    /// A file.
    File {
        file_name: String,
        content_type: String,
        bytes: Vec<u8>,
    },
}

impl std::fmt::Debug for PartValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PartValue::Text(t) => f.debug_tuple("Text").field(t).finish(),
            PartValue::File {
                file_name,
                content_type,
                bytes,
            } => f
                .debug_struct("File")
                .field("file_name", file_name)
                .field("content_type", content_type)
                .field("len", &bytes.len())
                .finish(),
        }
    }
}

impl PartValue {
    fn bytes(&self) -> &[u8] {
        match self {
            PartValue::Text(t) => t.as_bytes(),
            PartValue::File { bytes, .. } => bytes,
        }
    }
}

/// A boundary that occurs in no part's content.
pub(crate) fn boundary_for(parts: &[Part]) -> String {
    loop {
        let candidate = format!("paygen-{}", uuid::Uuid::new_v4().simple());
        let needle = candidate.as_bytes();
        let clash = parts
            .iter()
            .any(|p| p.value.bytes().windows(needle.len()).any(|w| w == needle));
        if !clash {
            return candidate;
        }
    }
}

/// The `Content-Type` header value for `boundary`.
pub(crate) fn content_type(boundary: &str) -> String {
    format!("multipart/form-data; boundary={boundary}")
}

/// A file name as it may stand inside a quoted header parameter: `"`, CR and LF percent-encoded
/// (as browsers do), so a name can never end the parameter or start a header of its own.
fn quoted_file_name(name: &str) -> String {
    name.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// The body: each part as `--boundary`, its headers, a blank line and its content, then the
/// closing `--boundary--`. Lines end with CRLF.
pub(crate) fn encode(parts: &[Part], boundary: &str) -> Vec<u8> {
    let mut out = Vec::new();
    for part in parts {
        out.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        match &part.value {
            PartValue::Text(text) => {
                out.extend_from_slice(
                    format!(
                        "Content-Disposition: form-data; name=\"{}\"\r\n\r\n",
                        part.name
                    )
                    .as_bytes(),
                );
                out.extend_from_slice(text.as_bytes());
            }
            PartValue::File {
                file_name,
                content_type,
                bytes,
            } => {
                out.extend_from_slice(
                    format!(
                        "Content-Disposition: form-data; name=\"{}\"; filename=\"{}\"\r\nContent-Type: {content_type}\r\n\r\n",
                        part.name,
                        quoted_file_name(file_name)
                    )
                    .as_bytes(),
                );
                out.extend_from_slice(bytes);
            }
        }
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_text_and_file_parts_exactly() {
        let parts = vec![
            Part {
                name: "importer_name",
                value: PartValue::Text("John".into()),
            },
            Part {
                name: "invoice_file",
                value: PartValue::File {
                    file_name: "inv.pdf".into(),
                    content_type: "application/pdf".into(),
                    bytes: b"%PDF-1.4\n".to_vec(),
                },
            },
        ];
        let body = encode(&parts, "B");
        assert_eq!(
            String::from_utf8(body).unwrap(),
            "--B\r\nContent-Disposition: form-data; name=\"importer_name\"\r\n\r\nJohn\r\n\
             --B\r\nContent-Disposition: form-data; name=\"invoice_file\"; filename=\"inv.pdf\"\r\n\
             Content-Type: application/pdf\r\n\r\n%PDF-1.4\n\r\n--B--\r\n"
        );
    }

    #[test]
    fn a_file_name_cannot_break_out_of_its_header() {
        let parts = [Part {
            name: "file",
            value: PartValue::File {
                file_name: "a\"b\r\nX-Injected: 1.pdf".into(),
                content_type: "application/pdf".into(),
                bytes: b"%PDF".to_vec(),
            },
        }];
        let body = String::from_utf8(encode(&parts, "B")).unwrap();
        assert!(
            body.contains("filename=\"a%22b%0D%0AX-Injected: 1.pdf\""),
            "{body}"
        );
        assert!(!body.contains("\r\nX-Injected"), "{body}");
    }

    #[test]
    fn the_boundary_never_occurs_in_the_content() {
        let parts = vec![Part {
            name: "hs_code",
            value: PartValue::Text("3456".into()),
        }];
        let b = boundary_for(&parts);
        assert!(b.starts_with("paygen-") && b.len() == 39, "{b}");
        assert_eq!(
            content_type(&b),
            format!("multipart/form-data; boundary={b}")
        );
    }

    #[test]
    fn file_contents_are_not_printed() {
        let v = PartValue::File {
            file_name: "a.pdf".into(),
            content_type: "application/pdf".into(),
            bytes: vec![7; 3],
        };
        assert_eq!(
            format!("{v:?}"),
            r#"File { file_name: "a.pdf", content_type: "application/pdf", len: 3 }"#
        );
    }
}
