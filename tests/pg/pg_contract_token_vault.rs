//! PG token vault on the wire: list, get and delete a customer's saved cards, and fetch a
//! cryptogram for one.
#![cfg(feature = "pg")]

use crate::common;

use common::{answer, assert_pg_request, fixture, pg, Expected};
use paygen::pg::enums;
use wiremock::MockServer;

/// A saved card as the token vault returns it (reference shape: `created_at` is not RFC 3339,
/// PG-31, and `afa_reference` may come as a number, PG-16).
const SAVED_CARD: &str = r#"{
  "customer_id": "7112AAA812234",
  "afa_reference": 5114910253399,
  "instrument_id": "0dca46b1-01f7-4a60-9e4a-ae5474603563",
  "instrument_type": "card",
  "instrument_uid": "c5c8a1e1b9c7e2f1a7e4d3c2b1a09f8e",
  "instrument_display": "XXXXXXXXXXXX1111",
  "instrument_status": "ACTIVE",
  "created_at": "2025-01-14 16:57:57",
  "instrument_meta": {
    "card_network": "visa",
    "card_bank_name": "HDFC Bank",
    "card_country": "IN",
    "card_type": "credit_card",
    "card_token_details": {"par": "V0010014623022637739353641436", "expiry_month": "09", "expiry_year": "2029", "token_status": "ACTIVE"}
  }
}"#;

#[tokio::test]
async fn get_customer_instruments_asks_for_cards() {
    let server = MockServer::start().await;
    let second = SAVED_CARD
        .replace(
            "0dca46b1-01f7-4a60-9e4a-ae5474603563",
            "7a1e2b3c-4d5e-4f60-8a9b-0c1d2e3f4a5b",
        )
        .replace(
            r#""card_type": "credit_card""#,
            r#""card_type": "debit_card""#,
        );
    answer(&server, 200, &format!("[{SAVED_CARD}, {second}]")).await;
    let cards = pg(&server)
        .get_customer_instruments()
        .customer_id("7112AAA812234")
        .instrument_type(enums::InstrumentType::Card)
        .send()
        .await
        .expect("listed");
    assert_pg_request(
        &server,
        Expected::get("/customers/7112AAA812234/instruments").query("instrument_type=card"),
    )
    .await;
    assert_eq!(cards.len(), 2);
    let card = &cards[0];
    assert_eq!(card.afa_reference.as_deref(), Some("5114910253399"));
    assert_eq!(card.instrument_type, Some(enums::InstrumentType::Card));
    assert_eq!(
        card.instrument_status,
        Some(enums::InstrumentStatus::Active)
    );
    assert_eq!(card.created_at.as_deref(), Some("2025-01-14 16:57:57"));
    let meta = card.instrument_meta.as_ref().unwrap();
    assert_eq!(meta.card_network.as_deref(), Some("visa"));
    assert_eq!(
        meta.card_token_details
            .as_ref()
            .unwrap()
            .expiry_year
            .as_deref(),
        Some("2029")
    );
    assert_eq!(
        cards[1]
            .instrument_meta
            .as_ref()
            .unwrap()
            .card_type
            .as_deref(),
        Some("debit_card")
    );
}

#[tokio::test]
async fn get_customer_instrument_reads_one_card() {
    let server = MockServer::start().await;
    answer(&server, 200, SAVED_CARD).await;
    let card = pg(&server)
        .get_customer_instrument()
        .customer_id("7112AAA812234")
        .instrument_id("0dca46b1-01f7-4a60-9e4a-ae5474603563")
        .send()
        .await
        .expect("found");
    assert_pg_request(
        &server,
        Expected::get("/customers/7112AAA812234/instruments/0dca46b1-01f7-4a60-9e4a-ae5474603563"),
    )
    .await;
    assert_eq!(card.instrument_display.as_deref(), Some("XXXXXXXXXXXX1111"));
    assert_eq!(card.customer_id.as_deref(), Some("7112AAA812234"));
}

#[tokio::test]
async fn delete_customer_instrument_sends_a_delete_without_body() {
    let server = MockServer::start().await;
    answer(
        &server,
        200,
        &SAVED_CARD.replace(
            r#""instrument_status": "ACTIVE""#,
            r#""instrument_status": "INACTIVE""#,
        ),
    )
    .await;
    let card = pg(&server)
        .delete_customer_instrument()
        .customer_id("7112AAA812234")
        .instrument_id("0dca46b1-01f7-4a60-9e4a-ae5474603563")
        .send()
        .await
        .expect("deleted");
    assert_pg_request(
        &server,
        Expected::new(
            "DELETE",
            "/customers/7112AAA812234/instruments/0dca46b1-01f7-4a60-9e4a-ae5474603563",
        ),
    )
    .await;
    assert_eq!(
        card.instrument_status,
        Some(enums::InstrumentStatus::Inactive)
    );
}

#[tokio::test]
async fn delete_customer_instrument_keeps_an_unknown_status() {
    let server = MockServer::start().await;
    answer(
        &server,
        200,
        &SAVED_CARD.replace(
            r#""instrument_status": "ACTIVE""#,
            r#""instrument_status": "DELETED""#,
        ),
    )
    .await;
    let card = pg(&server)
        .delete_customer_instrument()
        .customer_id("7112AAA812234")
        .instrument_id("0dca46b1-01f7-4a60-9e4a-ae5474603563")
        .send()
        .await
        .expect("parsed");
    assert_eq!(
        card.instrument_status,
        Some(enums::InstrumentStatus::Unknown("DELETED".into()))
    );
}

#[tokio::test]
async fn get_instrument_cryptogram_reads_the_token_and_cryptogram() {
    let server = MockServer::start().await;
    answer(
        &server,
        200,
        r#"{"instrument_id": "0dca46b1-01f7-4a60-9e4a-ae5474603563", "token_requestor_id": "40010000001",
            "card_number": "4895370012003478", "card_expiry_mm": "09", "card_expiry_yy": "29",
            "cryptogram": "AM5Bf9EPAdnAAAD2CNsGAAADFA==", "card_display": "1111"}"#,
    )
    .await;
    let c = pg(&server)
        .get_instrument_cryptogram()
        .customer_id("7112AAA812234")
        .instrument_id("0dca46b1-01f7-4a60-9e4a-ae5474603563")
        .send()
        .await
        .expect("generated");
    assert_pg_request(
        &server,
        Expected::get(
            "/customers/7112AAA812234/instruments/0dca46b1-01f7-4a60-9e4a-ae5474603563/cryptogram",
        ),
    )
    .await;
    assert_eq!(c.token_requestor_id.as_deref(), Some("40010000001"));
    assert_eq!(c.card_number.as_deref(), Some("4895370012003478"));
    assert_eq!(c.card_expiry_mm.as_deref(), Some("09"));
    assert_eq!(c.card_expiry_yy.as_deref(), Some("29"));
    assert_eq!(
        c.cryptogram.as_deref(),
        Some("AM5Bf9EPAdnAAAD2CNsGAAADFA==")
    );
    assert_eq!(c.card_display.as_deref(), Some("1111"));
}

/// The reference's Get All Saved Card Instrument sample reads into the typed card: the network
/// token details (`par`, `expiry_month`, `expiry_year`) and the card sub-type, field by field.
#[tokio::test]
async fn the_references_saved_cards_read_with_their_token_details() {
    let server = MockServer::start().await;
    answer(
        &server,
        200,
        &fixture("cashfree-pg/get_customer_instruments.response.json"),
    )
    .await;
    let cards = pg(&server)
        .get_customer_instruments()
        .customer_id("akshita2106")
        .instrument_type(enums::InstrumentType::Card)
        .send()
        .await
        .expect("listed");
    assert_eq!(cards.len(), 2);
    let meta = cards[0].instrument_meta.as_ref().unwrap();
    assert_eq!(meta.card_sub_type.as_deref(), Some("P"));
    let token = meta.card_token_details.as_ref().unwrap();
    assert_eq!(token.par.as_deref(), Some("V0010013823048595023916090696"));
    assert_eq!(token.expiry_month.as_deref(), Some("05"));
    assert_eq!(token.expiry_year.as_deref(), Some("2028"));
    let second = cards[1].instrument_meta.as_ref().unwrap();
    assert_eq!(second.card_sub_type.as_deref(), Some("R"));
    assert_eq!(
        second.card_token_details.as_ref().unwrap().par.as_deref(),
        Some("5001D6TQMCHMY7SHM2SFANC3AWFSD")
    );
    assert_eq!(cards[1].afa_reference.as_deref(), Some("2372080606"));
}
