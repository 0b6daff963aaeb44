//! Flowwise entries of `specs/DISCREPANCIES.md` (FW-*) that no contract test pinned.
#![cfg(feature = "flowwise")]

use crate::common;

use common::{fixture, only_request};
use paygen::flowwise::{types, Client, FAMILY};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn spec() -> serde_yaml::Value {
    let path = format!(
        "{}/specs/cashfree-flowwise.yaml",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_yaml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

fn property_names(spec: &serde_yaml::Value, schema: &str) -> Vec<String> {
    spec["components"]["schemas"][schema]["properties"]
        .as_mapping()
        .unwrap_or_else(|| panic!("{schema} has properties"))
        .keys()
        .map(|k| k.as_str().unwrap().to_string())
        .collect()
}

/// FW-3: the reference's Get Order answer has no amount, and neither has `FlowwiseOrder`; an
/// amount the server does send is not an error.
#[test]
fn get_order_has_no_amount_and_an_unexpected_one_is_not_an_error() {
    let spec = spec();
    let fields = property_names(&spec, "FlowwiseOrder");
    assert!(
        !fields.iter().any(|f| f.contains("amount")),
        "no invented amount field: {fields:?}"
    );
    let op = &spec["paths"]["/orders/{order_id}"]["get"];
    assert_eq!(op["operationId"].as_str(), Some("flowwise_get_order"));
    assert_eq!(
        op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].as_str(),
        Some("#/components/schemas/FlowwiseOrder")
    );
    let documented: types::FlowwiseOrder = serde_json::from_str(&fixture(
        "cashfree-flowwise/flowwise_get_order.response.json",
    ))
    .unwrap();
    let mut with_amount: serde_json::Value = serde_json::from_str(&fixture(
        "cashfree-flowwise/flowwise_get_order.response.json",
    ))
    .unwrap();
    with_amount["order_amount"] = serde_json::json!(2299.5);
    let read: types::FlowwiseOrder = serde_json::from_value(with_amount).expect("not an error");
    assert_eq!(read, documented);
}

/// FW-4: every path is spelled exactly as documented, so `GET /orders/{orderId}/payments`
/// keeps its own placeholder name while every other order path says `{order_id}`.
#[test]
fn paths_match_the_documents_byte_for_byte() {
    let tsv = std::fs::read_to_string(format!(
        "{}/specs/documented/cashfree-flowwise.tsv",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let mut lines = 0;
    for line in tsv.lines().filter(|l| !l.trim().is_empty()) {
        let cols: Vec<&str> = line.split('\t').collect();
        let op = FAMILY
            .operation(cols[2])
            .unwrap_or_else(|| panic!("{} is in the spec", cols[2]));
        assert_eq!((op.method, op.path), (cols[0], cols[1]), "{}", cols[2]);
        lines += 1;
    }
    assert_eq!(lines, FAMILY.operations.len());
    let camel: Vec<_> = FAMILY
        .operations
        .iter()
        .filter(|o| o.path.contains("{orderId}"))
        .map(|o| o.operation_id)
        .collect();
    assert_eq!(camel, ["flowwise_get_payments_for_order"]);
    assert!(FAMILY
        .operations
        .iter()
        .filter(|o| o.path.starts_with("/orders/{") && o.operation_id != camel[0])
        .all(|o| o.path.starts_with("/orders/{order_id}")));
}

/// FW-10: request instants are `date-time` in the spec, response times plain strings; the body
/// check does not test `format`, so a request instant that is not RFC 3339 is still sent.
#[tokio::test]
async fn request_instants_are_date_time_response_times_plain_and_format_is_not_checked() {
    let spec = spec();
    let request = &spec["components"]["schemas"]["FlowwiseBulkCaptureRequest"]["properties"];
    for field in ["start_date_time", "end_date_time"] {
        assert_eq!(
            request[field]["format"].as_str(),
            Some("date-time"),
            "{field}"
        );
    }
    let response = &spec["components"]["schemas"]["FlowwiseBulkCaptureResponse"]["properties"];
    for field in ["start_date_time", "end_date_time"] {
        assert!(response[field]["format"].is_null(), "response {field}");
    }
    for field in ["order_expiry_time", "added_on"] {
        let f = &spec["components"]["schemas"]["FlowwiseOrder"]["properties"][field];
        assert!(f["format"].is_null(), "FlowwiseOrder.{field}");
    }
    let order: types::FlowwiseOrder = serde_json::from_str(
        r#"{"order_expiry_time": "2024-12-03 16:30:00", "added_on": "03/12/2024"}"#,
    )
    .expect("response times are text");
    assert_eq!(order.added_on.as_deref(), Some("03/12/2024"));

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/payment/preauth/capture"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(r#"{"total_payment_to_be_captured": 0}"#, "application/json"),
        )
        .mount(&server)
        .await;
    let client = Client::from_config(common::config(&server)).unwrap();
    client
        .flowwise_capture_preauth_payments()
        .body(
            types::FlowwiseBulkCaptureRequest::builder()
                .start_date_time("2024-12-01 00:00:00")
                .end_date_time("2024-12-01 23:59:59"),
        )
        .send()
        .await
        .expect("`format` is not checked before sending");
    let req = only_request(&server).await;
    assert_eq!(
        std::str::from_utf8(&req.body).unwrap(),
        r#"{"end_date_time":"2024-12-01 23:59:59","start_date_time":"2024-12-01 00:00:00"}"#
    );
}
