//! paygen's quickstart: create an order, fetch it, pay it, and read its payments — against a
//! local stand-in for the Cashfree PG API that starts in-process (no credentials, no network).
//!
//! ```text
//! cargo run --example quickstart
//! ```
//!
//! Point it at the real sandbox instead by setting `CASHFREE_CLIENT_ID` and
//! `CASHFREE_CLIENT_SECRET` (and `PAYGEN_ENVIRONMENT=sandbox`); order pay against the real
//! sandbox starts a UPI collect that a test UPI id completes.

mod standin;

use paygen::pg::{self, enums::OrderStatus, types};
use paygen::{Amount, Config, Credentials, Environment};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let config = match Config::from_env() {
        Ok(config) if std::env::var_os("CASHFREE_CLIENT_ID").is_some() => {
            println!("Using {:?} with your credentials.", config.environment());
            config
        }
        _ => {
            let base_url = standin::start().await;
            println!("Started a local stand-in for the Cashfree PG API at {base_url}");
            Config::new(
                Environment::custom(base_url),
                Credentials::merchant("standin_app_id", "standin_secret"),
            )
        }
    };
    let client = pg::Client::from_config(config)?;

    let amount: Amount = "100.50".parse()?;
    let order_id = format!("paygen_quickstart_{}", std::process::id());
    let created = client
        .create_order()
        .x_idempotency_key(order_id.clone())
        .body(
            types::CreateOrderRequest::builder()
                .order_id(Some(order_id.clone()))
                .order_amount(amount)
                .order_currency("INR")
                .customer_details(
                    types::CustomerDetails::builder()
                        .customer_id("quickstart_customer")
                        .customer_phone("9999999999"),
                ),
        )
        .send()
        .await?;
    println!(
        "1. Created order {} for INR {} (status {}, cf_order_id {})",
        order_id,
        created
            .order_amount
            .map(|a| a.to_string())
            .unwrap_or_default(),
        created
            .order_status
            .as_ref()
            .map(OrderStatus::as_str)
            .unwrap_or("?"),
        created.cf_order_id.as_deref().unwrap_or("?"),
    );

    let fetched = client.get_order().order_id(&order_id).send().await?;
    println!(
        "2. Fetched it: status {}",
        fetched
            .order_status
            .as_ref()
            .map(OrderStatus::as_str)
            .unwrap_or("?")
    );

    let session = fetched
        .payment_session_id
        .clone()
        .ok_or("the order has no payment session")?;
    let paid = client
        .pay_order()
        .body(types::PayOrderRequest {
            payment_session_id: session,
            payment_method: serde_json::from_value(serde_json::json!({
                "upi": {"channel": "collect", "upi_id": "testsuccess@gocash"}
            }))?,
            save_instrument: None,
            offer_id: None,
        })
        .send()
        .await?;
    println!(
        "3. Paid with UPI collect: payment {} for INR {}",
        paid.cf_payment_id.as_deref().unwrap_or("?"),
        paid.payment_amount
            .map(|a| a.to_string())
            .unwrap_or_default()
    );

    let payments = client
        .get_payments_for_order()
        .order_id(&order_id)
        .send()
        .await?;
    for p in payments.iter() {
        println!(
            "4. Payment {}: {} INR {} via {}",
            p.cf_payment_id.as_deref().unwrap_or("?"),
            p.payment_status.as_ref().map(|s| s.as_str()).unwrap_or("?"),
            p.payment_amount.map(|a| a.to_string()).unwrap_or_default(),
            p.payment_group.as_ref().map(|g| g.as_str()).unwrap_or("?"),
        );
    }
    let after = client.get_order().order_id(&order_id).send().await?;
    println!(
        "5. Order {} is now {}",
        order_id,
        after
            .order_status
            .as_ref()
            .map(OrderStatus::as_str)
            .unwrap_or("?")
    );

    match client.get_order().order_id("no_such_order").send().await {
        Err(e) => println!("6. Fetching an unknown order fails as documented: {e}"),
        Ok(_) => println!("6. Unexpectedly found an order that does not exist"),
    }
    Ok(())
}
