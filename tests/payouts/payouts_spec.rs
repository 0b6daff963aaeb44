//! What the Payouts specs tell the runtime (the generated operation tables): the documented
//! hosts (P14), which calls move money and how their outcome is looked up, and how each call
//! authenticates.
#![cfg(feature = "payouts")]

use paygen::runtime::FamilyInfo;
use paygen::{payouts_v1, payouts_v2, Environment};

fn op(family: &'static FamilyInfo, id: &str) -> &'static paygen::runtime::OperationSpec {
    family
        .operation(id)
        .unwrap_or_else(|| panic!("{id} is in the table"))
}

#[test]
fn hosts_are_the_documented_https_ones() {
    let v1 = &payouts_v1::FAMILY;
    assert_eq!(
        v1.base_url(&Environment::Production).unwrap(),
        "https://payout-api.cashfree.com"
    );
    assert_eq!(
        v1.base_url(&Environment::Sandbox).unwrap(),
        "https://payout-gamma.cashfree.com"
    );
    let v2 = &payouts_v2::FAMILY;
    assert_eq!(
        v2.base_url(&Environment::Production).unwrap(),
        "https://api.cashfree.com/payout"
    );
    assert_eq!(
        v2.base_url(&Environment::Sandbox).unwrap(),
        "https://sandbox.cashfree.com/payout"
    );
    assert_eq!(v2.api_version_header, Some("x-api-version"));
    assert_eq!(v2.api_version, "2024-01-01");
    assert_eq!(v1.api_version_header, None, "v1 sends no version header");
}

#[test]
fn creates_move_money_and_name_their_status_lookup() {
    let cases = [
        (
            &payouts_v1::FAMILY,
            "create_cashgram",
            "get_cashgram_status",
        ),
        (
            &payouts_v2::FAMILY,
            "create_transfer",
            "get_transfer_status",
        ),
        (
            &payouts_v2::FAMILY,
            "create_batch_transfer",
            "get_batch_transfer_status",
        ),
    ];
    for (family, create, lookup) in cases {
        let c = op(family, create);
        assert!(c.moves_money, "{create}");
        assert_eq!(c.status_lookup, Some(lookup), "{create}");
        let l = op(family, lookup);
        assert!(!l.moves_money && l.method == "GET", "{lookup}");
    }
    for id in [
        "payouts_authorize",
        "payouts_verify_token",
        "deactivate_cashgram",
    ] {
        assert!(!op(&payouts_v1::FAMILY, id).moves_money, "{id}");
    }
}

#[test]
fn v1_calls_carry_the_token_and_authorize_the_credentials() {
    let v1 = &payouts_v1::FAMILY;
    assert_eq!(
        op(v1, "payouts_authorize").auth.as_str(),
        "merchant-headers"
    );
    for id in [
        "payouts_verify_token",
        "create_cashgram",
        "get_cashgram_status",
        "deactivate_cashgram",
    ] {
        assert_eq!(op(v1, id).auth.as_str(), "bearer-token", "{id}");
    }
    for o in payouts_v2::FAMILY.operations {
        assert_eq!(o.auth.as_str(), "merchant-headers", "{}", o.operation_id);
    }
}

/// P1–P3: the paths and methods the spec chose.
#[test]
fn v1_paths_and_methods() {
    let v1 = &payouts_v1::FAMILY;
    let table: Vec<_> = v1.operations.iter().map(|o| (o.method, o.path)).collect();
    assert_eq!(
        table,
        [
            ("POST", "/payout/v1/authorize"),
            ("POST", "/payout/v1/verifyToken"),
            ("POST", "/payout/v1/createCashgram"),
            ("GET", "/payout/v1/getCashgramStatus"),
            ("POST", "/payout/v1/deactivateCashgram"),
        ]
    );
}
