//! PG disputes on the wire: get, accept, the disputes of an order or a payment, and the
//! hand-written multipart evidence upload.
#![cfg(feature = "pg")]

use crate::common;

use common::{answer, assert_pg_headers, assert_pg_request, fixture, header, pg, Auth, Expected};
use paygen::pg::enums::{self, DisputeDocumentType};
use paygen::pg::evidence::{EvidenceDocument, MAX_FILE_BYTES};
use paygen::pg::ErrorCode;
use paygen::Error;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// An open chargeback as `GET /disputes/{dispute_id}` returns it (reference shape; the times
/// carry no offset and an open dispute's `resolved_at` is 9999-09-09, PG-17).
const CHARGEBACK: &str = r#"{
  "dispute_id": "433475258",
  "dispute_type": "CHARGEBACK",
  "reason_code": "4855",
  "reason_description": "Goods or Services Not Provided",
  "dispute_amount": 1499.50,
  "dispute_amount_currency": "INR",
  "created_at": "2025-01-20T10:12:03",
  "respond_by": "2025-01-27T23:59:59",
  "updated_at": "2025-01-20T10:12:03",
  "resolved_at": "9999-09-09T00:00:00",
  "dispute_status": "CHARGEBACK_CREATED",
  "cf_dispute_remarks": "Customer says the parcel never arrived",
  "preferred_evidence": [
    {"document_type": "Delivery/Service Proof", "document_description": "Proof that the cardholder/customer received the goods or services."},
    {"document_type": "Shipping Proof", "document_description": "Proof that the goods were shipped to the address the customer gave."}
  ],
  "dispute_evidence": [],
  "order_details": {"order_id": "order_42", "order_currency": "INR", "order_amount": 1499.50, "cf_payment_id": "5114910253399", "payment_currency": "INR", "payment_amount": 1499.50},
  "customer_details": {"customer_name": "Asha Rao", "customer_phone": "9898989898", "customer_email": "asha@example.com"}
}"#;

#[tokio::test]
async fn get_dispute_reads_an_open_chargeback() {
    let server = MockServer::start().await;
    answer(&server, 200, CHARGEBACK).await;
    let dispute = pg(&server)
        .get_dispute()
        .dispute_id("433475258")
        .send()
        .await
        .expect("found");
    assert_pg_request(&server, Expected::get("/disputes/433475258")).await;
    assert_eq!(dispute.dispute_id.as_deref(), Some("433475258"));
    assert_eq!(dispute.dispute_type, Some(enums::DisputeType::Chargeback));
    assert_eq!(
        dispute.dispute_status,
        Some(enums::DisputeStatus::ChargebackCreated)
    );
    assert_eq!(dispute.dispute_amount.unwrap().to_string(), "1499.50");
    assert_eq!(dispute.dispute_amount_currency.as_deref(), Some("INR"));
    assert_eq!(dispute.reason_code.as_deref(), Some("4855"));
    assert_eq!(dispute.respond_by.as_deref(), Some("2025-01-27T23:59:59"));
    assert_eq!(dispute.resolved_at.as_deref(), Some("9999-09-09T00:00:00"));
    let wanted = dispute.preferred_evidence.as_ref().unwrap();
    assert_eq!(wanted.len(), 2);
    assert_eq!(
        DisputeDocumentType::from(wanted[0].document_type.as_deref().unwrap()),
        DisputeDocumentType::DeliveryServiceProof,
        "the preferred evidence names a documented document type"
    );
    assert_eq!(dispute.dispute_evidence.as_deref(), Some(&[][..]));
    let order = dispute.order_details.as_ref().unwrap();
    assert_eq!(order.payment_amount.unwrap().to_string(), "1499.50");
    assert_eq!(order.cf_payment_id.as_deref(), Some("5114910253399"));
    assert_eq!(
        dispute
            .customer_details
            .as_ref()
            .unwrap()
            .customer_phone
            .as_deref(),
        Some("9898989898")
    );
}

#[tokio::test]
async fn accept_dispute_puts_no_body_and_reads_an_answer_without_currency() {
    // PG-19: the accept answer has no `dispute_amount_currency`.
    let server = MockServer::start().await;
    answer(
        &server,
        200,
        &CHARGEBACK
            .replace(
                r#""dispute_status": "CHARGEBACK_CREATED""#,
                r#""dispute_status": "CHARGEBACK_MERCHANT_ACCEPTED""#,
            )
            .replace(r#""dispute_amount_currency": "INR","#, ""),
    )
    .await;
    let dispute = pg(&server)
        .accept_dispute()
        .dispute_id("433475258")
        .send()
        .await
        .expect("accepted");
    assert_pg_request(&server, Expected::new("PUT", "/disputes/433475258/accept")).await;
    assert_eq!(
        dispute.dispute_status,
        Some(enums::DisputeStatus::ChargebackMerchantAccepted)
    );
    assert!(dispute.dispute_amount_currency.is_none());
}

#[tokio::test]
async fn get_disputes_for_order_lists_every_stage() {
    let server = MockServer::start().await;
    let later_stage = CHARGEBACK
        .replace(
            r#""dispute_type": "CHARGEBACK""#,
            r#""dispute_type": "PRE_ARBITRATION""#,
        )
        .replace(
            r#""dispute_status": "CHARGEBACK_CREATED""#,
            r#""dispute_status": "PRE_ARBITRATION_MERCHANT_WON""#,
        )
        .replace(r#""dispute_id": "433475258""#, r#""dispute_id": 433475301"#);
    answer(&server, 200, &format!("[{CHARGEBACK}, {later_stage}]")).await;
    let disputes = pg(&server)
        .get_disputes_for_order()
        .order_id("order_42")
        .send()
        .await
        .expect("listed");
    assert_pg_request(&server, Expected::get("/orders/order_42/disputes")).await;
    assert_eq!(disputes.len(), 2);
    assert_eq!(disputes[1].dispute_id.as_deref(), Some("433475301"));
    assert_eq!(
        disputes[1].dispute_type,
        Some(enums::DisputeType::PreArbitration)
    );
    assert_eq!(
        disputes[1].dispute_status,
        Some(enums::DisputeStatus::PreArbitrationMerchantWon)
    );
}

#[tokio::test]
async fn get_disputes_for_payment_reads_the_documented_sample() {
    // PG-16/17: ids, reason code and phone are numbers in this sample; times have no offset.
    let server = MockServer::start().await;
    answer(
        &server,
        200,
        &fixture("cashfree-pg/get_disputes_for_payment.response.json"),
    )
    .await;
    let disputes = pg(&server)
        .get_disputes_for_payment()
        .cf_payment_id("1489901523")
        .send()
        .await
        .expect("listed");
    assert_pg_request(&server, Expected::get("/payments/1489901523/disputes")).await;
    let d = &disputes[0];
    assert_eq!(d.dispute_id.as_deref(), Some("433447817"));
    assert_eq!(d.reason_code.as_deref(), Some("1401"));
    assert_eq!(d.dispute_type, Some(enums::DisputeType::Dispute));
    assert_eq!(
        d.dispute_status,
        Some(enums::DisputeStatus::DisputeDocsReceived)
    );
    assert_eq!(d.dispute_amount.unwrap().to_string(), "10");
    let evidence = &d.dispute_evidence.as_ref().unwrap()[0];
    assert_eq!(evidence.document_id.as_deref(), Some("18150"));
    assert_eq!(evidence.document_type.as_deref(), Some("DeliveryProof"));
    assert_eq!(
        d.order_details.as_ref().unwrap().cf_payment_id.as_deref(),
        Some("1489901523")
    );
    assert_eq!(
        d.customer_details
            .as_ref()
            .unwrap()
            .customer_phone
            .as_deref(),
        Some("9876543210")
    );
}

// ---- submit_dispute_evidence (multipart, written by hand) ----

/// A small PDF-looking file with bytes that are not UTF-8, so the test proves they pass unchanged.
fn receipt() -> Vec<u8> {
    let mut bytes =
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n".to_vec();
    bytes.extend_from_slice(&[0x00, 0xff, 0xfe, b'\r', b'\n']);
    bytes
}

fn boundary_of(req: &wiremock::Request) -> String {
    let content_type = header(req, "content-type").expect("a content type");
    content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("not multipart: {content_type}"))
        .to_string()
}

fn submitted_disputes() -> String {
    CHARGEBACK
        .replace(r#""dispute_status": "CHARGEBACK_CREATED""#, r#""dispute_status": "CHARGEBACK_DOCS_RECEIVED""#)
        .replace(
            r#""dispute_evidence": []"#,
            r#""dispute_evidence": [{"document_id": 18150, "document_name": "delivery-receipt.pdf", "document_type": "Delivery/Service Proof"}]"#,
        )
}

#[tokio::test]
async fn submit_dispute_evidence_sends_a_multipart_body_through_the_runtime() {
    let server = MockServer::start().await;
    answer(&server, 200, &format!("[{}]", submitted_disputes())).await;
    let document = EvidenceDocument::new(
        "delivery-receipt.pdf",
        receipt(),
        DisputeDocumentType::DeliveryServiceProof,
    )
    .note("Signed by the customer on delivery");

    let disputes = pg(&server)
        .submit_dispute_evidence()
        .dispute_id("433475258")
        .document(document)
        .send()
        .await
        .expect("submitted");

    let req = common::only_request(&server).await;
    assert_eq!(req.method.as_str(), "POST");
    assert_eq!(req.url.path(), "/disputes/433475258/documents");
    assert_eq!(req.url.query(), None);
    assert_pg_headers(&req, Auth::Merchant);
    let b = boundary_of(&req);
    let mut expected = Vec::new();
    expected.extend_from_slice(
        format!(
            "--{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"delivery-receipt.pdf\"\r\nContent-Type: application/pdf\r\n\r\n"
        )
        .as_bytes(),
    );
    expected.extend_from_slice(&receipt());
    expected.extend_from_slice(
        format!(
            "\r\n--{b}\r\nContent-Disposition: form-data; name=\"doc_type\"\r\n\r\nDelivery/Service Proof\r\n--{b}\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nSigned by the customer on delivery\r\n--{b}--\r\n"
        )
        .as_bytes(),
    );
    assert_eq!(
        req.body,
        expected,
        "multipart body:\n{}",
        String::from_utf8_lossy(&req.body)
    );
    assert_eq!(
        header(&req, "content-length"),
        Some(expected.len().to_string().as_str())
    );

    assert_eq!(disputes.status(), 200);
    assert_eq!(disputes.len(), 1);
    assert_eq!(
        disputes[0].dispute_status,
        Some(enums::DisputeStatus::ChargebackDocsReceived)
    );
    let evidence = &disputes[0].dispute_evidence.as_ref().unwrap()[0];
    assert_eq!(evidence.document_id.as_deref(), Some("18150"));
    assert_eq!(
        evidence.document_name.as_deref(),
        Some("delivery-receipt.pdf")
    );
}

#[tokio::test]
async fn submit_dispute_evidence_without_a_note_sends_two_parts() {
    let server = MockServer::start().await;
    answer(&server, 200, &format!("[{}]", submitted_disputes())).await;
    let document = EvidenceDocument::new(
        "Refund.PNG",
        b"\x89PNG\r\n\x1a\n".to_vec(),
        DisputeDocumentType::RefundProof,
    );
    pg(&server)
        .submit_dispute_evidence()
        .dispute_id("433475258")
        .x_request_id("req-evidence-1")
        .document(document)
        .send()
        .await
        .expect("submitted");
    let req = common::only_request(&server).await;
    assert_eq!(header(&req, "x-request-id"), Some("req-evidence-1"));
    let b = boundary_of(&req);
    let mut expected = format!(
        "--{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"Refund.PNG\"\r\nContent-Type: image/png\r\n\r\n"
    )
    .into_bytes();
    expected.extend_from_slice(b"\x89PNG\r\n\x1a\n");
    expected.extend_from_slice(
        format!("\r\n--{b}\r\nContent-Disposition: form-data; name=\"doc_type\"\r\n\r\nRefund Proof\r\n--{b}--\r\n").as_bytes(),
    );
    assert_eq!(req.body, expected, "{}", String::from_utf8_lossy(&req.body));
}

#[tokio::test]
async fn submit_dispute_evidence_refuses_bad_files_before_sending() {
    let server = MockServer::start().await;
    let client = pg(&server);
    let cases = [
        (
            EvidenceDocument::new("empty.pdf", Vec::new(), DisputeDocumentType::ShippingProof),
            "empty",
        ),
        (
            EvidenceDocument::new(
                "letter.docx",
                b"PK\x03\x04".to_vec(),
                DisputeDocumentType::ShippingProof,
            ),
            "jpeg, jpg, png or pdf",
        ),
        (
            EvidenceDocument::new(
                "noextension",
                b"%PDF".to_vec(),
                DisputeDocumentType::ShippingProof,
            ),
            "jpeg, jpg, png or pdf",
        ),
        (
            EvidenceDocument::new(
                "huge.jpg",
                vec![0u8; MAX_FILE_BYTES + 1],
                DisputeDocumentType::ShippingProof,
            ),
            "at most 20 MB",
        ),
    ];
    for (document, words) in cases {
        let name = document.file_name().to_string();
        let err = client
            .submit_dispute_evidence()
            .dispute_id("433475258")
            .document(document)
            .send()
            .await
            .unwrap_err();
        let Error::Validation(v) = &err else {
            panic!("{name}: expected a validation error, got {err:?}")
        };
        assert_eq!(v.operation, "submit_dispute_evidence", "{name}");
        assert_eq!(v.field.as_deref(), Some("file"), "{name}");
        assert!(v.message.contains(words), "{name}: {}", v.message);
        assert!(err.to_string().contains("not sent"), "{name}: {err}");
    }
    let err = client
        .submit_dispute_evidence()
        .dispute_id("433475258")
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Validation(v) if v.field.as_deref() == Some("file")),
        "{err:?}"
    );
    let doc = EvidenceDocument::new(
        "ok.pdf",
        b"%PDF".to_vec(),
        DisputeDocumentType::ShippingProof,
    );
    let err = client
        .submit_dispute_evidence()
        .document(doc)
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Validation(v) if v.field.as_deref() == Some("dispute_id")),
        "{err:?}"
    );
    assert!(
        server.received_requests().await.unwrap().is_empty(),
        "nothing was sent"
    );
}

#[tokio::test]
async fn submit_dispute_evidence_accepts_a_file_of_exactly_20_mb() {
    let server = MockServer::start().await;
    answer(&server, 200, &format!("[{}]", submitted_disputes())).await;
    let document = EvidenceDocument::new(
        "scan.jpeg",
        vec![0xab; MAX_FILE_BYTES],
        DisputeDocumentType::ShippingProof,
    );
    pg(&server)
        .submit_dispute_evidence()
        .dispute_id("433475258")
        .document(document)
        .send()
        .await
        .expect("sent");
    let req = common::only_request(&server).await;
    assert!(req.body.len() > MAX_FILE_BYTES);
    let text = String::from_utf8_lossy(&req.body[..300]).to_string();
    assert!(
        text.contains("filename=\"scan.jpeg\"\r\nContent-Type: image/jpeg"),
        "{text}"
    );
}

#[tokio::test]
async fn submit_dispute_evidence_errors_map_like_generated_operations() {
    let server = MockServer::start().await;
    answer(
        &server,
        404,
        &common::pg_error_body(
            "dispute not found",
            "dispute_request_not_found",
            "invalid_request_error",
        ),
    )
    .await;
    let document = EvidenceDocument::new(
        "proof.pdf",
        b"%PDF-1.4".to_vec(),
        DisputeDocumentType::ShippingProof,
    );
    let err = pg(&server)
        .submit_dispute_evidence()
        .dispute_id("1")
        .document(document)
        .send()
        .await
        .unwrap_err();
    let api = err
        .as_api()
        .unwrap_or_else(|| panic!("an API error: {err:?}"));
    assert_eq!(api.operation, "submit_dispute_evidence");
    assert_eq!(api.status, 404);
    assert_eq!(ErrorCode::of(api), Some(ErrorCode::DisputeRequestNotFound));
    assert_eq!(api.message, "dispute not found");
    assert_eq!(api.attempts, 1);
    let sent = common::only_request(&server).await;
    assert_eq!(api.request_id.as_deref(), header(&sent, "x-request-id"));
}

#[tokio::test]
async fn submit_dispute_evidence_reports_a_success_it_cannot_read() {
    let server = MockServer::start().await;
    answer(&server, 200, r#"{"message": "uploaded"}"#).await;
    let document = EvidenceDocument::new(
        "proof.pdf",
        b"%PDF-1.4".to_vec(),
        DisputeDocumentType::ShippingProof,
    );
    let err = pg(&server)
        .submit_dispute_evidence()
        .dispute_id("1")
        .document(document)
        .send()
        .await
        .unwrap_err();
    let Error::Decode(d) = &err else {
        panic!("expected a decode error, got {err:?}")
    };
    assert_eq!(d.status, Some(200));
    assert_eq!(d.body, br#"{"message": "uploaded"}"#.to_vec());
}

#[tokio::test]
async fn submit_dispute_evidence_is_sent_once_without_an_idempotency_key() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let document = EvidenceDocument::new(
        "proof.pdf",
        b"%PDF-1.4".to_vec(),
        DisputeDocumentType::ShippingProof,
    );
    let err = pg(&server)
        .submit_dispute_evidence()
        .dispute_id("1")
        .document(document)
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn submit_dispute_evidence_with_a_key_is_retried_with_the_same_bytes() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(502))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    answer(&server, 200, &format!("[{}]", submitted_disputes())).await;
    let document =
        EvidenceDocument::new("proof.pdf", receipt(), DisputeDocumentType::ShippingProof);
    pg(&server)
        .submit_dispute_evidence()
        .dispute_id("433475258")
        .x_idempotency_key("evidence-433475258-1")
        .document(document)
        .send()
        .await
        .expect("sent on the second attempt");
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 2);
    assert_eq!(
        received[0].body, received[1].body,
        "the same bytes both times"
    );
    assert_eq!(
        header(&received[0], "content-type"),
        header(&received[1], "content-type")
    );
    assert_eq!(
        header(&received[0], "x-request-id"),
        header(&received[1], "x-request-id")
    );
    assert!(received
        .iter()
        .all(|r| header(r, "x-idempotency-key") == Some("evidence-433475258-1")));
}

#[test]
fn evidence_documents_never_print_their_contents() {
    let document = EvidenceDocument::new(
        "id-card.png",
        b"SECRET-PIXELS".to_vec(),
        DisputeDocumentType::ProofOfServiceUsed,
    );
    let shown = format!("{document:?}");
    assert!(!shown.contains("SECRET-PIXELS"), "{shown}");
    assert!(shown.contains("len: 13"), "{shown}");
    assert!(shown.contains("image/png"), "{shown}");
}
