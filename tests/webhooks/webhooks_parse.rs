//! Every webhook payload in the documents parses into its typed event (snapshots of the typed
//! values in tests/snapshots/webhooks_parse__*.snap), and the details the documents state hold.

use std::path::Path;

use paygen::webhooks::{
    identify_body, parse, BodyFormat, DisputeActionOn, DisputeStatus, DisputeType, DisputeUpdate,
    Event, GcEventKind, GcEventType, GcReversalStatus, GcSettlementStatus, GcTransactionStatus,
    GcVirtualAccountStatus, LinkStatus, PaymentEventType, PaymentGroup, PaymentStatus, Provider,
    WebhookError,
};

const FIXTURES: &str = "src/webhooks/samples";

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(FIXTURES).join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn parse_fixture(name: &str) -> paygen::webhooks::Webhook<'static> {
    parse(&fixture(name), Some("application/json"))
        .map(paygen::webhooks::Webhook::into_owned)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Every fixture, with the provider and event the document gives it.
const EXPECTED: &[(&str, Provider, &str)] = &[
    (
        "pg.payment_success.2025-01-01.json",
        Provider::CashfreePayments,
        "PAYMENT_SUCCESS_WEBHOOK",
    ),
    (
        "pg.payment_success.2023-08-01.json",
        Provider::CashfreePayments,
        "PAYMENT_SUCCESS_WEBHOOK",
    ),
    (
        "pg.payment_failed.2025-01-01.json",
        Provider::CashfreePayments,
        "PAYMENT_FAILED_WEBHOOK",
    ),
    (
        "pg.payment_failed.2023-08-01.json",
        Provider::CashfreePayments,
        "PAYMENT_FAILED_WEBHOOK",
    ),
    (
        "pg.payment_user_dropped.2025-01-01.json",
        Provider::CashfreePayments,
        "PAYMENT_USER_DROPPED_WEBHOOK",
    ),
    (
        "pg.payment_user_dropped.2023-08-01.json",
        Provider::CashfreePayments,
        "PAYMENT_USER_DROPPED_WEBHOOK",
    ),
    (
        "pg.payment_method.card.json",
        Provider::CashfreePayments,
        "PAYMENT_SUCCESS_WEBHOOK",
    ),
    (
        "pg.payment_method.netbanking.json",
        Provider::CashfreePayments,
        "PAYMENT_SUCCESS_WEBHOOK",
    ),
    (
        "pg.payment_method.upi.json",
        Provider::CashfreePayments,
        "PAYMENT_SUCCESS_WEBHOOK",
    ),
    (
        "pg.payment_method.app.json",
        Provider::CashfreePayments,
        "PAYMENT_SUCCESS_WEBHOOK",
    ),
    (
        "pg.payment_method.credit_card_emi.json",
        Provider::CashfreePayments,
        "PAYMENT_SUCCESS_WEBHOOK",
    ),
    (
        "pg.payment_method.debit_card_emi.json",
        Provider::CashfreePayments,
        "PAYMENT_SUCCESS_WEBHOOK",
    ),
    (
        "pg.payment_method.cardless_emi.json",
        Provider::CashfreePayments,
        "PAYMENT_SUCCESS_WEBHOOK",
    ),
    (
        "pg.payment_method.pay_later.json",
        Provider::CashfreePayments,
        "PAYMENT_SUCCESS_WEBHOOK",
    ),
    (
        "pg.payment_method.vba_transfer.json",
        Provider::CashfreePayments,
        "PAYMENT_SUCCESS_WEBHOOK",
    ),
    (
        "pg.payment_method.bank_transfer.json",
        Provider::CashfreePayments,
        "PAYMENT_SUCCESS_WEBHOOK",
    ),
    (
        "dispute.created.2025-01-01.json",
        Provider::CashfreeDisputes,
        "DISPUTE_CREATED",
    ),
    (
        "dispute.created.2023-08-01.json",
        Provider::CashfreeDisputes,
        "DISPUTE_CREATED",
    ),
    (
        "dispute.updated.2025-01-01.json",
        Provider::CashfreeDisputes,
        "DISPUTE_UPDATED",
    ),
    (
        "dispute.updated.2023-08-01.json",
        Provider::CashfreeDisputes,
        "DISPUTE_UPDATED",
    ),
    (
        "dispute.closed.2025-01-01.json",
        Provider::CashfreeDisputes,
        "DISPUTE_CLOSED",
    ),
    (
        "dispute.closed.2023-08-01.json",
        Provider::CashfreeDisputes,
        "DISPUTE_CLOSED",
    ),
    (
        "link.payment_link_event.json",
        Provider::CashfreePaymentLinks,
        "PAYMENT_LINK_EVENT",
    ),
    (
        "cfi.payment_verification_update.json",
        Provider::CashfreeCollectFromIndia,
        "PAYMENT_VERIFICATION_UPDATE",
    ),
    (
        "cfi.ica_settlement_update.json",
        Provider::CashfreeCollectFromIndia,
        "ICA_SETTLEMENT_UPDATE",
    ),
    (
        "gc.transaction.json",
        Provider::CashfreeGlobalCollections,
        "INTERNATIONAL_PAYMENT_COLLECTED",
    ),
    (
        "gc.reversal.json",
        Provider::CashfreeGlobalCollections,
        "INTERNATIONAL_PAYMENT_REVERSAL_INITIATED",
    ),
    (
        "gc.settlement.json",
        Provider::CashfreeGlobalCollections,
        "INR_SETTLEMENT_INITIATED",
    ),
    (
        "gc.virtual_account.json",
        Provider::CashfreeGlobalCollections,
        "VIRTUAL_ACCOUNT_DETAILS",
    ),
    (
        "pp.payin_initiated.json",
        Provider::PayinPayout,
        "payin.initiated",
    ),
    (
        "pp.payin_succeeded.json",
        Provider::PayinPayout,
        "payin.succeeded",
    ),
    (
        "pp.payout_succeeded.json",
        Provider::PayinPayout,
        "payout.succeeded",
    ),
];

#[test]
fn every_documented_payload_parses_into_its_typed_event() {
    let on_disk = std::fs::read_dir(FIXTURES)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".json"))
        .count();
    assert_eq!(on_disk, EXPECTED.len(), "every JSON fixture is listed here");
    for (name, provider, event) in EXPECTED {
        let w = parse_fixture(name);
        assert_eq!(w.provider(), *provider, "{name}");
        assert_eq!(w.event_name(), *event, "{name}");
        assert!(w.is_known(), "{name}");
        assert_eq!(w.format(), BodyFormat::Json);
        assert_eq!(
            w.raw_body(),
            fixture(name).as_slice(),
            "{name}: the raw body is kept byte for byte"
        );
        let snapshot = name.trim_end_matches(".json").replace('.', "_");
        insta::assert_debug_snapshot!(snapshot, w.event());
    }
}

fn payment(name: &str) -> Box<paygen::webhooks::PaymentWebhook<'static>> {
    match parse_fixture(name).into_event() {
        Event::Payment(p) => p,
        other => panic!("{name}: {other:?}"),
    }
}

#[test]
fn payment_webhooks_keep_both_versions_fields() {
    let new = payment("pg.payment_success.2025-01-01.json");
    assert_eq!(new.event_type, PaymentEventType::Success);
    let pay = new.data.payment.as_ref().unwrap();
    assert_eq!(pay.cf_payment_id.as_deref(), Some("1453002795"));
    assert_eq!(pay.payment_status, Some(PaymentStatus::Success));
    assert_eq!(pay.payment_group, Some(PaymentGroup::Upi));
    let surcharge = pay.payment_surcharge.as_ref().unwrap();
    assert_eq!(
        surcharge
            .payment_surcharge_service_charge
            .unwrap()
            .to_string(),
        "0.36"
    );
    assert_eq!(
        surcharge.payment_surcharge_service_tax.unwrap().to_string(),
        "0.06"
    );
    assert_eq!(
        pay.international_payment.as_ref().unwrap().international,
        Some(false)
    );
    let upi = pay.payment_method.as_ref().unwrap().upi.as_ref().unwrap();
    assert_eq!(upi.upi_instrument.as_deref(), Some("UPI_CREDIT_CARD"));
    assert_eq!(upi.upi_payer_account_number.as_deref(), Some("XXXXX0231"));
    let terminal = new.data.terminal_details.as_ref().unwrap();
    assert_eq!(
        terminal.cf_terminal_id.as_deref(),
        Some("17269"),
        "a number on the wire"
    );
    let offer = &new.data.payment_offers.as_ref().unwrap()[0];
    assert_eq!(
        offer.offer_meta.as_ref().unwrap().offer_code.as_deref(),
        Some("UPI50")
    );
    assert_eq!(
        offer
            .offer_redemption
            .as_ref()
            .unwrap()
            .discount_amount
            .unwrap()
            .to_string(),
        "1"
    );
    assert_eq!(
        new.data
            .payment_gateway_details
            .as_ref()
            .unwrap()
            .gateway_order_reference_id
            .as_deref(),
        Some("abc_124")
    );

    // 2023-08-01 has none of the 2025-01-01 additions.
    let old = payment("pg.payment_success.2023-08-01.json");
    let pay = old.data.payment.as_ref().unwrap();
    assert!(pay.payment_surcharge.is_none() && pay.international_payment.is_none());
    assert!(old.data.terminal_details.is_none());
    assert_eq!(
        pay.payment_method
            .as_ref()
            .unwrap()
            .upi
            .as_ref()
            .unwrap()
            .upi_id
            .as_deref(),
        Some("suhasg6@ybl")
    );

    let failed = payment("pg.payment_failed.2025-01-01.json");
    assert_eq!(failed.event_type, PaymentEventType::Failed);
    let err = failed.data.error_details.as_ref().unwrap();
    assert_eq!(err.error_code.as_deref(), Some("GATEWAY_ERROR"));
    assert_eq!(err.error_subcode_raw.as_deref(), Some("U09"));
    assert_eq!(
        failed
            .data
            .order
            .as_ref()
            .unwrap()
            .order_amount
            .unwrap()
            .to_string(),
        "1.8"
    );
    let tags = failed
        .data
        .order
        .as_ref()
        .unwrap()
        .order_tags
        .as_ref()
        .unwrap();
    assert_eq!(tags["cf_link_id"], "13746255");
    assert!(failed.data.payment_offers.is_none(), "payment_offers: null");
    let nb = failed
        .data
        .payment
        .as_ref()
        .unwrap()
        .payment_method
        .as_ref()
        .unwrap()
        .netbanking
        .as_ref()
        .unwrap();
    assert_eq!(nb.netbanking_bank_code.as_deref(), Some("3054"));

    let dropped = payment("pg.payment_user_dropped.2023-08-01.json");
    assert_eq!(dropped.event_type, PaymentEventType::UserDropped);
    assert_eq!(
        dropped.data.payment.as_ref().unwrap().payment_status,
        Some(PaymentStatus::UserDropped)
    );
    assert_eq!(
        dropped.data.payment.as_ref().unwrap().auth_id.as_deref(),
        Some("2980")
    );
}

#[test]
fn every_payment_method_variant_of_the_document() {
    for (file, kind, group) in [
        ("card", "card", "credit_card"),
        ("netbanking", "netbanking", "net_banking"),
        ("upi", "upi", "upi"),
        ("app", "app", "wallet"),
        ("credit_card_emi", "card", "credit_card_emi"),
        ("debit_card_emi", "card", "debit_card_emi"),
        ("cardless_emi", "cardless_emi", "cardless_emi"),
        ("pay_later", "pay_later", "pay_later"),
        ("vba_transfer", "vba_transfer", "vba_transfer"),
        ("bank_transfer", "bank_transfer", "bank_transfer"),
    ] {
        let p = payment(&format!("pg.payment_method.{file}.json"));
        let pay = p.data.payment.unwrap();
        assert_eq!(
            pay.payment_method.as_ref().unwrap().kind(),
            Some(kind),
            "{file}"
        );
        let g = pay.payment_group.unwrap();
        assert_eq!(g.as_str(), group, "{file}");
        assert!(
            g.is_known(),
            "{file}: payment_group {group} is a known value"
        );
    }
    let emi = payment("pg.payment_method.credit_card_emi.json")
        .data
        .payment
        .unwrap();
    let emi = emi
        .payment_method
        .unwrap()
        .card
        .unwrap()
        .emi_details
        .unwrap();
    assert_eq!(emi.emi_amount.unwrap().to_string(), "1167");
    assert_eq!(emi.emi_tenure, Some(3));
    assert_eq!(
        emi.emi_interest.unwrap().to_string(),
        "16.00",
        "scale kept as sent"
    );
    let card = payment("pg.payment_method.card.json")
        .data
        .payment
        .unwrap()
        .payment_method
        .unwrap()
        .card
        .unwrap();
    assert_eq!(
        card.card_network_reference_id.as_deref(),
        Some("100212023061200000001014824849")
    );
    assert_eq!(card.par.as_deref(), Some("V0010014623022637739353641436"));
    let vba = payment("pg.payment_method.vba_transfer.json")
        .data
        .payment
        .unwrap()
        .payment_method
        .unwrap();
    assert_eq!(
        vba.vba_transfer.unwrap().vaccount_number.as_deref(),
        Some("94260000123400")
    );
    let bt = payment("pg.payment_method.bank_transfer.json")
        .data
        .payment
        .unwrap()
        .payment_method
        .unwrap();
    assert_eq!(
        bt.bank_transfer.unwrap().transfer_type.as_deref(),
        Some("NEFT")
    );
}

#[test]
fn dispute_webhooks_and_their_enums() {
    let Event::Dispute(created) = parse_fixture("dispute.created.2025-01-01.json").into_event()
    else {
        panic!()
    };
    let d = created.data.dispute.as_ref().unwrap();
    assert_eq!(d.dispute_type, Some(DisputeType::Dispute));
    assert_eq!(d.dispute_status, Some(DisputeStatus::DisputeCreated));
    assert_eq!(d.dispute_action_on, Some(DisputeActionOn::Merchant));
    assert_eq!(d.dispute_amount_currency.as_deref(), Some("INR"));
    assert_eq!(
        created
            .data
            .order_details
            .as_ref()
            .unwrap()
            .cf_payment_id
            .as_deref(),
        Some("885473311")
    );

    let Event::Dispute(updated) = parse_fixture("dispute.updated.2023-08-01.json").into_event()
    else {
        panic!()
    };
    let d = updated.data.dispute.as_ref().unwrap();
    assert_eq!(d.dispute_update, Some(DisputeUpdate::TypeUpdate));
    assert_eq!(d.dispute_status, Some(DisputeStatus::PreArbitrationCreated));
    assert_eq!(d.reason_code.as_deref(), Some("13.1"));
    assert!(
        d.dispute_amount_currency.is_none(),
        "2023-08-01 has no dispute_amount_currency"
    );

    let Event::Dispute(closed) = parse_fixture("dispute.closed.2025-01-01.json").into_event()
    else {
        panic!()
    };
    let d = closed.data.dispute.as_ref().unwrap();
    assert_eq!(d.dispute_status, Some(DisputeStatus::ChargebackMerchantWon));
    assert_eq!(
        d.resolved_at.as_deref(),
        Some("2023-06-15T21:16:51.682836678+05:30")
    );

    // The document's table: 5 dispute types, 3 updates, 2 parties, and 35 statuses (7 states
    // for each of the 5 stages).
    assert_eq!(DisputeType::KNOWN.len(), 5);
    assert_eq!(DisputeUpdate::KNOWN.len(), 3);
    assert_eq!(DisputeActionOn::KNOWN, ["MERCHANT", "CASHFREE"]);
    assert_eq!(DisputeStatus::KNOWN.len(), 35);
    for stage in DisputeType::KNOWN {
        for state in [
            "CREATED",
            "DOCS_RECEIVED",
            "UNDER_REVIEW",
            "MERCHANT_WON",
            "MERCHANT_LOST",
            "MERCHANT_ACCEPTED",
            "INSUFFICIENT_EVIDENCE",
        ] {
            let s = DisputeStatus::from(format!("{stage}_{state}"));
            assert!(s.is_known(), "{stage}_{state}");
        }
    }
    assert_eq!(
        DisputeStatus::from("CHARGEBACK_REVERSED"),
        DisputeStatus::Unknown("CHARGEBACK_REVERSED".into()),
        "statuses outside the table stay open"
    );
}

#[test]
fn payment_link_webhook_as_json_and_as_form_data() {
    let Event::PaymentLink(json) = parse_fixture("link.payment_link_event.json").into_event()
    else {
        panic!()
    };
    let link = &json.data;
    assert_eq!(link.link_status, Some(LinkStatus::PartiallyPaid));
    assert_eq!(link.cf_link_id.as_deref(), Some("1576977"));
    assert_eq!(
        link.link_amount.unwrap().to_string(),
        "200.12",
        "a string on the wire"
    );
    assert_eq!(link.link_amount_paid.unwrap().to_string(), "55.00");
    assert_eq!(link.link_partial_payments, Some(true));
    assert_eq!(
        link.order.as_ref().unwrap().transaction_id.as_deref(),
        Some("1021206")
    );
    assert_eq!(json.version.as_deref(), Some("1"));
    // The webhook document's four states, all known to the PG API's own `LinkStatus`.
    for state in ["PAID", "PARTIALLY_PAID", "EXPIRED", "CANCELLED"] {
        assert!(LinkStatus::KNOWN.contains(&state), "{state}");
    }

    // The same webhook delivered as form data (the document says it is sent that way).
    let form_body = fixture("link.payment_link_event.form.txt");
    let w = parse(&form_body, Some("application/x-www-form-urlencoded")).unwrap();
    assert_eq!(w.format(), BodyFormat::FormUrlEncoded);
    assert_eq!(w.raw_body(), form_body.as_slice());
    let Event::PaymentLink(form) = w.event().clone() else {
        panic!("{:?}", w.event())
    };
    assert_eq!(form, json, "form data and JSON give the same typed event");
    // Without a content type, a form that names its event is still read.
    assert_eq!(parse(&form_body, None).unwrap().event(), w.event());
    // …but a body sent as JSON must be JSON.
    assert!(matches!(
        parse(&form_body, Some("application/json")),
        Err(WebhookError::BodyNotJson(_))
    ));

    // The whole JSON posted under one form field, and as multipart.
    let json_text = String::from_utf8(fixture("link.payment_link_event.json")).unwrap();
    let one_field: String =
        percent_encoding::utf8_percent_encode(&json_text, percent_encoding::NON_ALPHANUMERIC)
            .to_string();
    let one_field_body = format!("payload={one_field}");
    let w = parse(
        one_field_body.as_bytes(),
        Some("application/x-www-form-urlencoded"),
    )
    .unwrap();
    assert!(matches!(w.event(), Event::PaymentLink(l) if *l == json));
    let multipart = format!(
        "--b0und\r\nContent-Disposition: form-data; name=\"type\"\r\n\r\nPAYMENT_LINK_EVENT\r\n\
         --b0und\r\nContent-Disposition: form-data; name=\"data\"\r\n\r\n{}\r\n--b0und--\r\n",
        serde_json::to_string(
            &serde_json::from_str::<serde_json::Value>(&json_text).unwrap()["data"]
        )
        .unwrap()
    );
    let w = parse(
        multipart.as_bytes(),
        Some("multipart/form-data; boundary=b0und"),
    )
    .unwrap();
    assert_eq!(w.format(), BodyFormat::Multipart);
    let Event::PaymentLink(mp) = w.into_event() else {
        panic!()
    };
    assert_eq!(mp.data, json.data);
}

#[test]
fn collect_from_india_webhooks() {
    let Event::PaymentVerification(v) =
        parse_fixture("cfi.payment_verification_update.json").into_event()
    else {
        panic!()
    };
    assert_eq!(v.data.cf_payment_id.as_deref(), Some("5114910634577"));
    let docs = v.data.required_details.as_ref().unwrap();
    assert_eq!(docs.len(), 11);
    assert!(docs
        .iter()
        .all(|d| d.doc_status.as_ref().is_some_and(|s| s.is_known())));
    let Event::IcaSettlement(s) = parse_fixture("cfi.ica_settlement_update.json").into_event()
    else {
        panic!()
    };
    let s = &s.data;
    assert_eq!(s.adjustment_amount_inr.unwrap().to_string(), "-347641.22");
    assert_eq!(
        s.collection_amount_inr.unwrap().to_string(),
        "604854.0",
        "scale kept as sent"
    );
    assert_eq!(s.settlement_charges_inr.unwrap().to_string(), "0.0");
    assert!(s.service_charge_inr.is_none());
    assert_eq!(s.cf_ica_settlement_id.as_deref(), Some("12"));
    let fcy = s.settlement_foreign_currency_details.as_ref().unwrap();
    assert_eq!(fcy.settlement_currency.as_deref(), Some("USD"));
    assert!(fcy.settlement_amount_fcy.is_none());
}

#[test]
fn global_collections_events_follow_the_document_tables() {
    // Transaction: COLLECTED -> COMPLETED; BLOCKED -> BLOCKED; AWAITING_DETAILS -> COMPLETED.
    let t = |e: GcEventType| e.documented_status().unwrap();
    assert_eq!(
        t(GcEventType::PaymentCollected).transaction,
        Some(GcTransactionStatus::Completed)
    );
    assert_eq!(
        t(GcEventType::PaymentBlocked).transaction,
        Some(GcTransactionStatus::Blocked)
    );
    assert_eq!(
        t(GcEventType::PaymentAwaitingDetails).transaction,
        Some(GcTransactionStatus::Completed)
    );
    // Reversal: INITIATED / REVERSAL_INITIATED; DONE / REVERSAL_DONE.
    let r = t(GcEventType::ReversalInitiated);
    assert_eq!(
        (r.reversal, r.transaction),
        (
            Some(GcReversalStatus::Initiated),
            Some(GcTransactionStatus::ReversalInitiated)
        )
    );
    let r = t(GcEventType::ReversalDone);
    assert_eq!(
        (r.reversal, r.transaction),
        (
            Some(GcReversalStatus::Done),
            Some(GcTransactionStatus::ReversalDone)
        )
    );
    // Settlement: INITIATED, SETTLED, REJECTED, and FIRA_FILE_RECEIVED -> SETTLED.
    assert_eq!(
        t(GcEventType::SettlementInitiated).settlement,
        Some(GcSettlementStatus::Initiated)
    );
    assert_eq!(
        t(GcEventType::SettlementApproved).settlement,
        Some(GcSettlementStatus::Settled)
    );
    assert_eq!(
        t(GcEventType::SettlementRejected).settlement,
        Some(GcSettlementStatus::Rejected)
    );
    assert_eq!(
        t(GcEventType::FiraFileReceived).settlement,
        Some(GcSettlementStatus::Settled)
    );
    // Virtual accounts: ACTIVATED -> ACTIVE; CREATED -> INACTIVE / ACTIVE; DETAILS -> ACTIVE.
    assert_eq!(
        t(GcEventType::VirtualAccountsActivated).virtual_account,
        [GcVirtualAccountStatus::Active]
    );
    assert_eq!(
        t(GcEventType::VirtualAccountsCreated).virtual_account,
        [
            GcVirtualAccountStatus::Inactive,
            GcVirtualAccountStatus::Active
        ]
    );
    assert_eq!(
        t(GcEventType::VirtualAccountDetails).kind,
        GcEventKind::VirtualAccount
    );
    assert_eq!(GcEventType::KNOWN.len(), 12);
    assert!(GcEventType::from("INTERNATIONAL_AMOUNT_COLLECTED")
        .documented_status()
        .is_none());

    for name in [
        "gc.transaction.json",
        "gc.reversal.json",
        "gc.settlement.json",
    ] {
        let Event::GcPayment(p) = parse_fixture(name).into_event() else {
            panic!("{name}")
        };
        assert_eq!(
            p.matches_documented_status(),
            Some(true),
            "{name}: the sample agrees with the table"
        );
    }
    let Event::GcPayment(tx) = parse_fixture("gc.transaction.json").into_event() else {
        panic!()
    };
    assert_eq!(
        tx.amount.unwrap().to_string(),
        "4.50",
        "a string on the wire"
    );
    assert_eq!(tx.reference_id.as_deref(), Some("63"));
    assert_eq!(tx.v_account_id.as_deref(), Some("97836"));
    assert_eq!(
        tx.merchant.as_ref().unwrap().merchant_id.as_deref(),
        Some("CF_7644f46b-ad82-472c-8d97-609d1a429eac")
    );
    let Event::GcPayment(rev) = parse_fixture("gc.reversal.json").into_event() else {
        panic!()
    };
    assert_eq!(
        rev.signature.as_deref(),
        Some("F8raBNGcGjMUvbh2t/7t/9C4zU0Snqa/iXf9XzvOq0Y="),
        "kept, not checked"
    );
    let Event::GcPayment(st) = parse_fixture("gc.settlement.json").into_event() else {
        panic!()
    };
    let s = st.settlement.as_ref().unwrap();
    assert_eq!(s.fx_rate.unwrap().to_string(), "85.12");
    assert_eq!(s.inr_amount.unwrap().to_string(), "16219.65");
    assert_eq!(st.payment_rail.as_deref(), Some("ACH"));
    let Event::GcVirtualAccounts(va) = parse_fixture("gc.virtual_account.json").into_event() else {
        panic!()
    };
    let accounts = va.v_accounts.as_ref().unwrap();
    assert_eq!(accounts.len(), 2);
    assert_eq!(accounts[1].currency.as_deref(), Some("BHD"));
    assert_eq!(accounts[0].vaccount_id.as_deref(), Some("GB11T"));

    // A status that contradicts the table is reported, not hidden.
    let body = br#"{"event":"INTERNATIONAL_PAYMENT_BLOCKED","status":"COMPLETED","amount":"1.00"}"#;
    let Event::GcPayment(p) = parse(body, None).unwrap().into_event() else {
        panic!()
    };
    assert_eq!(p.matches_documented_status(), Some(false));
    // The field table's FIRA spelling is read too.
    let body = br#"{"event":"FIRA_FILE_RECEIVED","settlement":{"firafileDownloadUrl":"https://f","status":"SETTLED"}}"#;
    let Event::GcPayment(p) = parse(body, None).unwrap().into_event() else {
        panic!()
    };
    assert_eq!(
        p.settlement.unwrap().fira_file_download_url.as_deref(),
        Some("https://f")
    );
}

#[test]
fn payin_payout_webhooks() {
    let Event::Payin(init) = parse_fixture("pp.payin_initiated.json").into_event() else {
        panic!()
    };
    assert_eq!(init.event.as_str(), "payin.initiated");
    assert!(init.data.transaction_id.is_none());
    assert_eq!(
        init.data.status.as_ref().map(|s| s.as_str()),
        Some("Initiated")
    );
    let Event::Payin(ok) = parse_fixture("pp.payin_succeeded.json").into_event() else {
        panic!()
    };
    assert_eq!(ok.data.amount.unwrap().to_string(), "100");
    assert_eq!(
        ok.data.bank_name.as_deref(),
        Some("SHRI NEELKANTH ENTERPRISE BHARATPE")
    );
    let Event::Payout(out) = parse_fixture("pp.payout_succeeded.json").into_event() else {
        panic!()
    };
    assert_eq!(out.data.charge.unwrap().to_string(), "5.9");
    assert_eq!(out.data.transaction_id.as_deref(), Some("2517319122"));
    // payin.failed and payout.failed are documented only as alternatives in comments.
    for (event, expect_payin) in [("payin.failed", true), ("payout.failed", false)] {
        let body = format!(
            r#"{{"event":"{event}","data":{{"order_id":"o","status":"Rejected","amount":100}}}}"#
        );
        let w = parse(body.as_bytes(), None).unwrap();
        assert!(w.is_known(), "{event}");
        assert_eq!(
            matches!(w.event(), Event::Payin(_)),
            expect_payin,
            "{event}"
        );
        assert_eq!(w.provider(), Provider::PayinPayout);
        assert_eq!(
            w.provider().signing_key(),
            None,
            "no signature is documented"
        );
    }
}

#[test]
fn unknown_events_keep_their_json_and_are_not_errors() {
    let body = br#"{"type":"REFUND_STATUS_WEBHOOK","data":{"refund":{"refund_amount":170.00}},"event_time":"x"}"#;
    let w = parse(body, None).unwrap();
    assert!(!w.is_known());
    assert_eq!(w.provider(), Provider::Cashfree);
    let Event::Unknown(u) = w.event() else {
        panic!()
    };
    assert_eq!(u.name, "REFUND_STATUS_WEBHOOK");
    assert_eq!(
        u.json.as_bytes(),
        body,
        "the JSON is kept exactly (170.00 stays 170.00)"
    );
    assert_eq!(u.value()["data"]["refund"]["refund_amount"], 170.0);

    // Unknown types are still attributed by the shape of `data`.
    for (body, provider) in [
        (
            r#"{"type":"DISPUTE_REOPENED","data":{"dispute":{}}}"#,
            Provider::CashfreeDisputes,
        ),
        (
            r#"{"type":"LINK_X","data":{"link_id":"l"}}"#,
            Provider::CashfreePaymentLinks,
        ),
        (
            r#"{"type":"CFI_X","data":{"cf_ica_settlement_id":1}}"#,
            Provider::CashfreeCollectFromIndia,
        ),
        (
            r#"{"type":"PAYMENT_CHARGES_WEBHOOK","data":{"payment":{}}}"#,
            Provider::CashfreePayments,
        ),
        (
            r#"{"event":"INTERNATIONAL_AMOUNT_COLLECTED","cmsProfileId":1}"#,
            Provider::CashfreeGlobalCollections,
        ),
        (
            r#"{"event":"payout.reversed","data":{}}"#,
            Provider::PayinPayout,
        ),
        (
            r#"{"event":"something","data":{"order_id":"o","user_id":"u"}}"#,
            Provider::PayinPayout,
        ),
        (r#"{"event":"something"}"#, Provider::Unknown),
        (r#"{"hello":"world"}"#, Provider::Unknown),
        (
            r#"{"type":7,"event":"payin.failed","data":{}}"#,
            Provider::PayinPayout,
        ),
    ] {
        let w = parse(body.as_bytes(), None).unwrap_or_else(|e| panic!("{body}: {e}"));
        assert_eq!(w.provider(), provider, "{body}");
        let id = identify_body(body.as_bytes(), None).unwrap();
        assert_eq!(id.provider, provider, "{body}");
    }
    assert_eq!(parse(br#"{"a":1}"#, None).unwrap().event_name(), "");
}

#[test]
fn unknown_fields_are_ignored_and_ids_and_amounts_take_both_types() {
    let body = br#"{"data":{"order":{"order_id":"o","order_amount":"250.50","brand_new":{"x":[1,2]}},
        "payment":{"cf_payment_id":5114910253311,"payment_amount":250.50,"payment_status":"PARTIALLY_CAPTURED"},
        "new_block":true},"type":"PAYMENT_SUCCESS_WEBHOOK","added_later":1}"#;
    let p = match parse(body, None).unwrap().into_event() {
        Event::Payment(p) => p,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        p.data
            .order
            .as_ref()
            .unwrap()
            .order_amount
            .unwrap()
            .to_string(),
        "250.50"
    );
    let pay = p.data.payment.as_ref().unwrap();
    assert_eq!(pay.cf_payment_id.as_deref(), Some("5114910253311"));
    assert_eq!(pay.payment_amount.unwrap().to_string(), "250.50");
    assert_eq!(
        pay.payment_status,
        Some(PaymentStatus::Unknown("PARTIALLY_CAPTURED".into()))
    );
}

#[test]
fn errors_say_what_failed() {
    assert!(matches!(
        parse(b"not json", None),
        Err(WebhookError::BodyNotJson(_))
    ));
    assert!(matches!(
        parse(b"{\"type\":", None),
        Err(WebhookError::BodyNotJson(_))
    ));
    assert!(matches!(
        parse(b"\xff\xfe", None),
        Err(WebhookError::BodyNotJson(_))
    ));
    assert!(matches!(
        parse(b"", None),
        Err(WebhookError::BodyNotJson(_))
    ));
    assert_eq!(parse(b"[1,2]", None), Err(WebhookError::NotAnObject));
    assert_eq!(
        parse(b"\"PAYMENT_SUCCESS_WEBHOOK\"", None),
        Err(WebhookError::NotAnObject)
    );
    // A known event whose fields are not its shape.
    let e = parse(br#"{"type":"PAYMENT_SUCCESS_WEBHOOK","data":"oops"}"#, None).unwrap_err();
    assert!(
        matches!(&e, WebhookError::UnexpectedShape { event, .. } if event == "PAYMENT_SUCCESS_WEBHOOK"),
        "{e}"
    );
    let e = parse(
        br#"{"type":"PAYMENT_SUCCESS_WEBHOOK","data":{"payment":{"payment_amount":"ten"}}}"#,
        None,
    )
    .unwrap_err();
    assert!(e.to_string().contains("PAYMENT_SUCCESS_WEBHOOK"), "{e}");
    let e = parse(br#"{"type":"DISPUTE_CLOSED"}"#, None).unwrap_err();
    assert!(
        matches!(e, WebhookError::UnexpectedShape { .. }),
        "data is required"
    );
    // Form errors.
    assert!(matches!(
        parse(b"a=1&a[b]=2", Some("application/x-www-form-urlencoded")),
        Err(WebhookError::BodyNotJson(_))
    ));
    assert!(matches!(
        parse(b"x", Some("multipart/form-data")),
        Err(WebhookError::BodyNotJson(_))
    ));
}
