//! What the normaliser hands progenitor, and what it keeps for the runtime.

use paygen_codegen::{generate, lint, normalise, parse_yaml, FAMILIES};
use serde_json::json;

fn mini() -> serde_json::Value {
    parse_yaml(include_str!("mini.yaml")).unwrap()
}

#[test]
fn the_mini_spec_follows_the_conventions() {
    assert_eq!(lint(&mini()), Vec::<String>::new());
}

#[test]
fn runtime_headers_leave_and_errors_fold_into_one_type() {
    let n = normalise(&FAMILIES[0], &mini()).unwrap();
    let op = &n.openapi["paths"]["/orders"]["post"];
    let params = op["parameters"].as_array().unwrap();
    assert_eq!(
        params.len(),
        2,
        "x-api-version is the runtime's: {params:?}"
    );
    let responses = op["responses"].as_object().unwrap();
    assert_eq!(responses.keys().collect::<Vec<_>>(), ["2XX", "4XX", "5XX"]);
    assert_eq!(n.api_version_header.as_deref(), Some("x-api-version"));
    assert!(n.request_id_header);
}

#[test]
fn money_ids_and_constraints() {
    let n = normalise(&FAMILIES[0], &mini()).unwrap();
    let schemas = &n.openapi["components"]["schemas"];
    assert_eq!(
        schemas["CreateOrderRequest"]["properties"]["order_amount"],
        json!({"$ref": "#/components/schemas/PaygenAmount"})
    );
    assert_eq!(
        schemas["OrderEntity"]["properties"]["cf_order_id"],
        json!({"$ref": "#/components/schemas/PaygenFlexString"})
    );
    assert!(schemas["CreateOrderRequest"]["properties"]["order_id"]
        .get("maxLength")
        .is_none());
    // Only requests reach CreateOrderRequest: it keeps `required`; responses reach the others.
    assert!(schemas["CreateOrderRequest"].get("required").is_some());
    assert!(schemas["OrderEntity"].get("required").is_none());
    assert!(
        schemas["CustomerDetails"].get("required").is_none(),
        "a response reaches it too"
    );
    // The runtime keeps the original rules.
    let create = n
        .operations
        .iter()
        .find(|o| o.operation_id == "create_order")
        .unwrap();
    let rules = create.request_schema.as_ref().unwrap();
    assert_eq!(rules["properties"]["order_amount"]["minimum"], json!(1));
    assert_eq!(
        rules["properties"]["customer_details"]["required"],
        json!(["customer_id", "customer_phone"])
    );
}

#[test]
fn multipart_operations_are_left_to_hand_written_code() {
    let n = normalise(&FAMILIES[0], &mini()).unwrap();
    assert!(n.openapi["paths"]
        .get("/disputes/{dispute_id}/documents")
        .is_none());
    let op = n
        .operations
        .iter()
        .find(|o| o.operation_id == "submit_evidence")
        .unwrap();
    assert!(op.multipart);
}

#[test]
fn enums_are_open_and_send_returns_the_crate_error() {
    let code = generate(&FAMILIES[0], include_str!("mini.yaml")).unwrap();
    assert!(code.contains("crate::open_enum! {"));
    assert!(code.contains("Active = \"ACTIVE\","));
    assert!(
        code.contains("::std::result::Result<crate::Response<types::OrderEntity>, crate::Error>")
    );
    // send() hands the request progenitor built to the runtime; progenitor's own answer
    // handling is gone, and builder errors name their field.
    assert!(code.contains("fn into_request("));
    assert!(code.contains(".send_json(&client.client, request, \"get_order\")"));
    assert!(code.contains("crate::runtime::BuildError::field(\n"));
    assert!(code.contains("\"order_id\","));
    assert!(!code.contains("send_raw"));
    assert!(!code.contains("client.exec("));
    assert!(
        !code.contains("```ignore"),
        "no progenitor placeholder example"
    );
    assert!(code.contains("auth: crate::runtime::AuthScheme::"));
    assert!(
        !code.contains("fn submit_evidence"),
        "multipart is hand-written"
    );
}

#[test]
fn inline_enums_are_rejected() {
    let mut spec = mini();
    spec["components"]["schemas"]["OrderEntity"]["properties"]["kind"] =
        json!({"type": "string", "enum": ["A"]});
    let problems = lint(&spec);
    assert!(
        problems.iter().any(|p| p.contains("inline enum")),
        "{problems:?}"
    );
}

#[test]
fn missing_marks_are_reported() {
    let mut spec = mini();
    spec["paths"]["/orders"]["post"]
        .as_object_mut()
        .unwrap()
        .remove("x-doc-source");
    spec["paths"]["/orders"]["post"]["operationId"] = json!("CreateOrder");
    let problems = lint(&spec);
    assert!(
        problems.iter().any(|p| p.contains("no x-doc-source")),
        "{problems:?}"
    );
    assert!(
        problems.iter().any(|p| p.contains("not snake_case")),
        "{problems:?}"
    );
}
