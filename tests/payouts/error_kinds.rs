//! `payouts_v2::ErrorKind::of` and `payin_payout::ErrorKind::of`: the documented error bodies
//! name the documented case (Payouts v1's are in `payouts_v1_errors`).

use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[cfg(feature = "payouts")]
#[tokio::test]
async fn payouts_v2_error_bodies_are_classified() {
    use crate::payouts_support::{answer, v2, v2_fixture};
    use paygen::payouts_v2::{is_ip_not_whitelisted, ErrorKind};
    for (file, status, want) in [
        (
            "create_transfer.error-400.json",
            400,
            ErrorKind::InvalidRequest,
        ),
        (
            "create_transfer.error-400-transfer-mode-invalid.json",
            400,
            ErrorKind::InvalidRequest,
        ),
        (
            "create_batch_transfer.error-400-transfer-id-invalid.json",
            400,
            ErrorKind::InvalidRequest,
        ),
        (
            "create_transfer.error-403.json",
            403,
            ErrorKind::ApisNotEnabled,
        ),
        ("create_transfer.error-404.json", 404, ErrorKind::NotFound),
        (
            "get_transfer_status.error-404.json",
            404,
            ErrorKind::NotFound,
        ),
        (
            "get_batch_transfer_status.error-404-cf-batch-transfer-id.json",
            404,
            ErrorKind::NotFound,
        ),
        (
            "create_batch_transfer.error-409.json",
            409,
            ErrorKind::AlreadyExists,
        ),
        (
            "create_transfer.error-500.json",
            500,
            ErrorKind::ServerError,
        ),
        (
            "create_transfer.error-500-authentication.json",
            500,
            ErrorKind::ServerError,
        ),
    ] {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(answer(status, v2_fixture(file)))
            .mount(&server)
            .await;
        let err = v2(&server)
            .get_transfer_status()
            .transfer_id("JUNOB2018")
            .send()
            .await
            .unwrap_err();
        assert_eq!(ErrorKind::of(&err), Some(want), "{file}");
        assert!(!is_ip_not_whitelisted(&err), "{file}");
    }
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(answer(
            403,
            r#"{"type":"invalid_request_error","code":"ip_not_whitelisted","message":"IP not whitelisted"}"#,
        ))
        .mount(&server)
        .await;
    let err = v2(&server)
        .get_transfer_status()
        .transfer_id("JUNOB2018")
        .send()
        .await
        .unwrap_err();
    assert_eq!(ErrorKind::of(&err), Some(ErrorKind::IpNotWhitelisted));
    assert!(is_ip_not_whitelisted(&err));
    assert!(ErrorKind::ServerError
        .what_to_do()
        .contains("do not initiate another transfer"));
}

#[cfg(feature = "payin-payout")]
#[tokio::test]
async fn payin_payout_rejections_are_classified() {
    use crate::payin_payout_support::client;
    use paygen::payin_payout::ErrorKind;
    for (status, body, want) in [
        (
            200,
            r#"{"error":"Request timestamp expired","data":[],"message":"Unauthorized request.","success":false}"#,
            ErrorKind::TimestampRejected,
        ),
        (
            401,
            r#"{"error":"Invalid signature","data":[],"message":"Unauthorized.","success":false}"#,
            ErrorKind::Unauthorized,
        ),
        (
            200,
            r#"{"error":"Insufficient wallet balance","data":{},"message":"Payout failed.","success":true}"#,
            ErrorKind::InsufficientBalance,
        ),
        (
            200,
            r#"{"error":"","data":[],"message":"Merchant wallet not found.","success":false}"#,
            ErrorKind::InvalidRequest,
        ),
        (
            422,
            r#"{"error":{"amount":["The amount must be at least 1."]},"data":[],"message":"Validation failed.","success":false}"#,
            ErrorKind::InvalidRequest,
        ),
        (
            500,
            r#"{"error":"Server Error","data":[],"message":"Something went wrong.","success":false}"#,
            ErrorKind::ServerError,
        ),
    ] {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(status).set_body_raw(body, "application/json"))
            .mount(&server)
            .await;
        let err = client(&server).get_balance().send().await.unwrap_err();
        assert_eq!(ErrorKind::of(&err), Some(want), "{status} {body}");
    }
}
