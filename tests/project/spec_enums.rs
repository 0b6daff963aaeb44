//! Hand-written enums that replace spec enums must list exactly the spec's values.

fn spec_enum(spec: &str, name: &str) -> Vec<String> {
    let path = format!("{}/specs/{spec}.yaml", env!("CARGO_MANIFEST_DIR"));
    let doc: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    doc["components"]["schemas"][name]["enum"]
        .as_sequence()
        .unwrap_or_else(|| panic!("{spec}: {name} has no enum"))
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn error_types_and_codes_match_the_pg_spec() {
    assert_eq!(
        paygen::pg::ErrorType::KNOWN,
        spec_enum("cashfree-pg", "ErrorType").as_slice()
    );
    assert_eq!(
        paygen::pg::ErrorCode::KNOWN,
        spec_enum("cashfree-pg", "ErrorCode").as_slice()
    );
    assert_eq!(
        paygen::pg::ErrorType::KNOWN.len(),
        9,
        "the Errors page documents 9 types"
    );
}

#[test]
fn every_documented_error_type_round_trips() {
    for value in paygen::pg::ErrorType::KNOWN {
        let parsed: paygen::pg::ErrorType = serde_json::from_str(&format!("\"{value}\"")).unwrap();
        assert!(parsed.is_known());
        assert_eq!(
            serde_json::to_string(&parsed).unwrap(),
            format!("\"{value}\"")
        );
    }
}
