//! OneEscrow entries of `specs/DISCREPANCIES.md` (OE-*) that no contract test pinned.
#![cfg(feature = "oneescrow")]

fn documented(spec: &str) -> Vec<(String, String, String, String)> {
    let path = format!("{}/specs/documented/{spec}.tsv", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            (c[0].into(), c[1].into(), c[2].into(), c[3].into())
        })
        .collect()
}

/// OE-9: doc 017 (filed under OneEscrow) lists the Payouts V2 transfer calls: they are in the
/// Payouts v2 family, not repeated in OneEscrow.
#[test]
fn doc_017s_transfers_belong_to_payouts_v2_not_oneescrow() {
    let escrow = &paygen::oneescrow::FAMILY;
    for op in escrow.operations {
        assert!(
            !op.doc_source.contains("017_"),
            "{} cites doc 017",
            op.operation_id
        );
        assert!(
            !op.path.starts_with("/transfers"),
            "{} is a Payouts v2 path",
            op.operation_id
        );
    }
    assert!(documented("cashfree-oneescrow")
        .iter()
        .all(|(_, _, _, page)| !page.contains("017_")));
    let from_017: Vec<String> = documented("cashfree-payouts-v2")
        .into_iter()
        .filter(|(_, _, _, page)| page.contains("017_"))
        .map(|(_, _, id, _)| id)
        .collect();
    assert_eq!(
        from_017,
        [
            "create_transfer",
            "get_transfer_status",
            "create_batch_transfer",
            "get_batch_transfer_status"
        ]
    );
    #[cfg(feature = "payouts")]
    for id in &from_017 {
        let op = paygen::payouts_v2::FAMILY
            .operation(id)
            .unwrap_or_else(|| panic!("{id} is a Payouts v2 operation"));
        assert!(op.doc_source.contains("017_"), "{id}");
        assert!(escrow.operation(id).is_none(), "{id}");
    }
}

/// OE-13: the reference types a statement's `batches` only as `object[]` (its one sample is
/// empty), so an entry is free-form JSON: whatever fields it has are kept, none is invented.
#[test]
fn statement_batches_are_kept_as_free_form_json() {
    let body = r#"{"status":"SUCCESS","subCode":"200","message":"Account Statement Retrieved",
        "data":{"prevCursor":"","nextCursor":"","hasNext":false,
                "batches":[{"amount":"10.50","utr":"U1","nested":{"k":[1,2]}}]}}"#;
    let page: paygen::oneescrow::types::EscrowStatementResponse =
        serde_json::from_str(body).unwrap();
    let batches = page.data.unwrap().batches.unwrap();
    assert_eq!(batches.len(), 1);
    assert_eq!(batches[0]["amount"], "10.50", "kept as sent, not parsed");
    assert_eq!(batches[0]["nested"]["k"][1], 2);
}
