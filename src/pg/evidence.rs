//! Submitting evidence to contest a dispute (`POST /disputes/{dispute_id}/documents`).
//!
//! The API takes this one call as `multipart/form-data` (a `file` part, a `doc_type` and an
//! optional `note`), which progenitor cannot generate, so it is written here by hand. It runs
//! through the same [`Runtime`](crate::runtime::Runtime) as every generated operation: the
//! same credentials, `x-api-version`, `x-request-id`, retry rules and error mapping.
//!
//! ```no_run
//! use paygen::pg::{self, enums::DisputeDocumentType, evidence::EvidenceDocument};
//! use paygen::{Config, Credentials, Environment};
//!
//! # async fn run() -> Result<(), paygen::Error> {
//! let client = pg::Client::from_config(Config::new(
//!     Environment::Sandbox,
//!     Credentials::merchant("TEST_APP_ID", "TEST_SECRET"),
//! ))?;
//! let pdf = std::fs::read("delivery-receipt.pdf").expect("the file exists");
//! let disputes = client
//!     .submit_dispute_evidence()
//!     .dispute_id("433447817")
//!     .document(
//!         EvidenceDocument::new("delivery-receipt.pdf", pdf, DisputeDocumentType::DeliveryServiceProof)
//!             .note("Signed by the customer on delivery"),
//!     )
//!     .send()
//!     .await?;
//! for dispute in disputes.iter() {
//!     println!("{:?} is now {:?}", dispute.dispute_id, dispute.dispute_status);
//! }
//! # Ok(()) }
//! ```

use std::fmt;

use progenitor_client::encode_path;
use reqwest::header::{HeaderValue, ACCEPT, CONTENT_TYPE};

use super::enums::DisputeDocumentType;
use super::types::DisputesEntity;
use super::Client;
use crate::error::ValidationError;
use crate::runtime::multipart::{self, Part, PartValue};
use crate::Error;

const OPERATION: &str = "submit_dispute_evidence";

/// The largest file the API accepts: "maximum file size allowed is 20 MB". Read as 20 MiB, the
/// larger reading, so that a file the API takes is never refused here.
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;

/// The file types the API accepts, by extension, with the content type each is sent as.
pub const ACCEPTED_TYPES: &[(&str, &str)] = &[
    ("jpeg", "image/jpeg"),
    ("jpg", "image/jpeg"),
    ("png", "image/png"),
    ("pdf", "application/pdf"),
];

/// One evidence document: the file, what kind of proof it is, and an optional note.
///
/// The content type is taken from the file name's extension (`.jpeg`, `.jpg`, `.png`, `.pdf`,
/// the types the API accepts) unless set with [`EvidenceDocument::content_type`].
///
/// ```
/// use paygen::pg::{enums::DisputeDocumentType, evidence::EvidenceDocument};
/// let doc = EvidenceDocument::new("refund.png", vec![0x89, b'P', b'N', b'G'], DisputeDocumentType::RefundProof)
///     .note("Refunded by bank transfer on 3 March");
/// assert_eq!(doc.content_type(), Some("image/png"));
/// assert_eq!(doc.len(), 4);
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct EvidenceDocument {
    file_name: String,
    content_type: Option<String>,
    bytes: bytes::Bytes,
    doc_type: DisputeDocumentType,
    note: Option<String>,
}

impl EvidenceDocument {
    /// A document named `file_name` (sent as the file part's file name) with its contents.
    pub fn new(
        file_name: impl Into<String>,
        bytes: impl Into<bytes::Bytes>,
        doc_type: DisputeDocumentType,
    ) -> Self {
        EvidenceDocument {
            file_name: file_name.into(),
            content_type: None,
            bytes: bytes.into(),
            doc_type,
            note: None,
        }
    }

    /// A note about the document, sent as the `note` part.
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }

    /// Sends the file part with this content type instead of the one its extension implies.
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The file name.
    pub fn file_name(&self) -> &str {
        &self.file_name
    }

    /// The content type the file part is sent with: the one set, else the one its extension
    /// implies; `None` when neither is known.
    pub fn content_type(&self) -> Option<&str> {
        if let Some(set) = &self.content_type {
            return Some(set);
        }
        let ext = extension(&self.file_name)?;
        ACCEPTED_TYPES
            .iter()
            .find(|(e, _)| ext.eq_ignore_ascii_case(e))
            .map(|(_, ct)| *ct)
    }

    /// The file's contents.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The file's size in bytes.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// True when the file is empty (the API needs a file, so this is refused before sending).
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// What kind of proof the document is (`doc_type`).
    pub fn doc_type(&self) -> &DisputeDocumentType {
        &self.doc_type
    }

    /// The note, when one was given.
    pub fn note_text(&self) -> Option<&str> {
        self.note.as_deref()
    }

    /// Checks the documented rules (a file of type jpeg, jpg, png or pdf, at most 20 MB).
    fn check(&self) -> Result<&str, ValidationError> {
        let refuse =
            |message: String| ValidationError::new(OPERATION, Some("file".to_string()), message);
        if self.bytes.is_empty() {
            return Err(refuse(
                "the file is empty; the API needs the document's contents".into(),
            ));
        }
        if self.bytes.len() > MAX_FILE_BYTES {
            return Err(refuse(format!(
                "the file has {} bytes; the API accepts at most 20 MB ({MAX_FILE_BYTES} bytes)",
                self.bytes.len()
            )));
        }
        let accepted = extension(&self.file_name).is_some_and(|ext| {
            ACCEPTED_TYPES
                .iter()
                .any(|(e, _)| ext.eq_ignore_ascii_case(e))
        });
        if !accepted {
            return Err(refuse(format!(
                "`{}` is not a jpeg, jpg, png or pdf file (the types the API accepts); name the file with one of those extensions",
                self.file_name
            )));
        }
        self.content_type()
            .ok_or_else(|| refuse("the file has no content type".into()))
    }
}

impl fmt::Debug for EvidenceDocument {
    /// The file's size, not its contents (evidence is often personal data).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EvidenceDocument")
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type())
            .field("len", &self.bytes.len())
            .field("doc_type", &self.doc_type)
            .field("note", &self.note)
            .finish()
    }
}

fn extension(file_name: &str) -> Option<&str> {
    let (stem, ext) = file_name.rsplit_once('.')?;
    (!stem.is_empty() && !ext.is_empty()).then_some(ext)
}

impl Client {
    /// Submit evidence for a dispute: uploads one document (jpeg, jpg, png or pdf, up to 20 MB)
    /// with its document type and an optional note, to contest the dispute. Returns the
    /// dispute(s) with the evidence now attached.
    ///
    /// Sends a multipart `POST` to `/disputes/{dispute_id}/documents`. The file is checked
    /// (not empty, an accepted type, not too large) before anything is sent. Like any POST
    /// without an `x-idempotency-key`, it is sent once; with a key, it may be re-sent on a
    /// transient failure with the same bytes.
    pub fn submit_dispute_evidence(&self) -> SubmitDisputeEvidence<'_> {
        SubmitDisputeEvidence {
            client: self,
            dispute_id: None,
            document: None,
            x_request_id: None,
            x_idempotency_key: None,
        }
    }
}

/// Builder for [`Client::submit_dispute_evidence`].
#[derive(Clone, Debug)]
#[must_use = "nothing is sent until `send` is awaited"]
pub struct SubmitDisputeEvidence<'a> {
    client: &'a Client,
    dispute_id: Option<String>,
    document: Option<EvidenceDocument>,
    x_request_id: Option<String>,
    x_idempotency_key: Option<String>,
}

impl SubmitDisputeEvidence<'_> {
    /// Cashfree's dispute id (digits), as received.
    pub fn dispute_id(mut self, dispute_id: impl Into<String>) -> Self {
        self.dispute_id = Some(dispute_id.into());
        self
    }

    /// The document to upload.
    pub fn document(mut self, document: EvidenceDocument) -> Self {
        self.document = Some(document);
        self
    }

    /// Caller-chosen id for this request (a UUID is generated when none is given).
    pub fn x_request_id(mut self, value: impl Into<String>) -> Self {
        self.x_request_id = Some(value.into());
        self
    }

    /// Caller-chosen idempotency key: the API answers a repeat with the first result.
    pub fn x_idempotency_key(mut self, value: impl Into<String>) -> Self {
        self.x_idempotency_key = Some(value.into());
        self
    }

    /// Sends the request and returns the disputes the API answers with.
    pub async fn send(self) -> Result<crate::Response<Vec<DisputesEntity>>, Error> {
        let Self {
            client,
            dispute_id,
            document,
            x_request_id,
            x_idempotency_key,
        } = self;
        let invalid = |field: &str, message: &str| {
            Error::Validation(ValidationError::new(
                OPERATION,
                Some(field.to_string()),
                message,
            ))
        };
        let dispute_id = dispute_id
            .filter(|id| !id.is_empty())
            .ok_or_else(|| invalid("dispute_id", "the dispute id is required"))?;
        let document = document.ok_or_else(|| invalid("file", "a document is required"))?;
        let content_type = document.check()?.to_string();

        let mut parts = vec![
            Part {
                name: "file",
                value: PartValue::File {
                    file_name: document.file_name.clone(),
                    content_type,
                    bytes: document.bytes.to_vec(),
                },
            },
            Part {
                name: "doc_type",
                value: PartValue::Text(document.doc_type.as_str().to_string()),
            },
        ];
        if let Some(note) = &document.note {
            parts.push(Part {
                name: "note",
                value: PartValue::Text(note.clone()),
            });
        }
        // Built into bytes, so the runtime can re-read the exact body for every attempt.
        let boundary = multipart::boundary_for(&parts);
        let body = multipart::encode(&parts, &boundary);

        let url = format!(
            "{}/disputes/{}/documents",
            client.baseurl,
            encode_path(&dispute_id)
        );
        let mut builder = client
            .client
            .post(url)
            .header(ACCEPT, HeaderValue::from_static("application/json"))
            .header(CONTENT_TYPE, multipart::content_type(&boundary))
            .body(body);
        if let Some(id) = x_request_id {
            builder = builder.header("x-request-id", id);
        }
        if let Some(key) = x_idempotency_key {
            builder = builder.header("x-idempotency-key", key);
        }
        let request = builder.build().map_err(|e| {
            invalid(
                "x-request-id",
                &format!("a header cannot be sent as given: {e}"),
            )
        })?;

        client
            .inner
            .send_json(&client.client, request, OPERATION)
            .await
    }
}
