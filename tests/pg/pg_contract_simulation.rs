//! PG sandbox simulation on the wire: simulate a payment's outcome and fetch the simulation
//! (Cashfree's v2025-01-01 reference, "Simulate Payment" and "Fetch Simulation").
#![cfg(feature = "pg")]

use crate::common;

use common::{answer, assert_pg_request, pg, Expected};
use paygen::pg::{enums, types};
use wiremock::MockServer;

/// The reference's example answer.
const SIMULATION: &str = r#"{"entity":"PAYMENTS","entity_id":"14934289844","simulation_id":"sim_testmerchantid12340",
"entity_simulation":{"payment_status":"FAILED","payment_error_code":"ISSUER_NOT_AVAILABLE"}}"#;

#[tokio::test]
async fn simulate_payment_sends_the_entity_and_its_outcome() {
    let server = MockServer::start().await;
    answer(&server, 200, SIMULATION).await;
    let simulation = pg(&server)
        .simulate_payment()
        .body(types::SimulateRequest {
            entity: enums::SimulationEntityType::Payments,
            entity_id: "14934289844".into(),
            entity_simulation: types::PaymentSimulation {
                payment_status: Some(enums::SimulatedPaymentStatus::Failed),
                payment_error_code: Some("ISSUER_NOT_AVAILABLE".into()),
            },
        })
        .send()
        .await
        .expect("simulated");
    assert_pg_request(
        &server,
        Expected::post(
            "/simulate",
            r#"{"entity":"PAYMENTS","entity_id":"14934289844","entity_simulation":{"payment_error_code":"ISSUER_NOT_AVAILABLE","payment_status":"FAILED"}}"#,
        ),
    )
    .await;
    assert_eq!(
        simulation.simulation_id.as_deref(),
        Some("sim_testmerchantid12340")
    );
    let outcome = simulation.entity_simulation.as_ref().unwrap();
    assert_eq!(
        outcome.payment_status,
        Some(enums::SimulatedPaymentStatus::Failed)
    );
}

#[tokio::test]
async fn get_simulation_reads_it_by_id() {
    let server = MockServer::start().await;
    answer(&server, 200, SIMULATION).await;
    let simulation = pg(&server)
        .get_simulation()
        .simulation_id("sim_testmerchantid12340")
        .send()
        .await
        .expect("fetched");
    assert_pg_request(&server, Expected::get("/simulate/sim_testmerchantid12340")).await;
    assert_eq!(
        simulation.entity,
        Some(enums::SimulationEntityType::Payments)
    );
}

#[tokio::test]
async fn simulation_is_refused_against_production() {
    let client = paygen::pg::Client::from_config(paygen::Config::new(
        paygen::Environment::Production,
        paygen::Credentials::merchant("id", "secret"),
    ))
    .unwrap();
    let err = client
        .get_simulation()
        .simulation_id("sim_1")
        .send()
        .await
        .unwrap_err();
    assert!(err.to_string().contains("sandbox"), "{err}");
}
