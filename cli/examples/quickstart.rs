//! paygen's quickstart, on the embedded mock (`paygen::mock`: no credentials, no network):
//! PG — create an order, pay it, let the simulation settle the payment, refund part of it —
//! and Payouts v2 — a transfer created exactly once, then settled.
//!
//! ```text
//! cargo run --example quickstart
//! ```

use std::time::Duration;

use paygen::mock::MockServer;
use paygen::payouts::CreateOutcome;
use paygen::{payouts_v2, pg, Amount};

fn text<T: AsRef<str>>(value: Option<T>) -> String {
    value
        .map(|v| v.as_ref().to_string())
        .unwrap_or_else(|| "?".into())
}

fn money(value: Option<Amount>) -> String {
    value.map(|a| a.to_string()).unwrap_or_else(|| "?".into())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mock = MockServer::start().await?;
    println!(
        "Started the paygen mock (every Cashfree family) at {}",
        mock.url()
    );

    // PG: order → pay → simulate → PAID → refund.
    let client = pg::Client::from_config(mock.config())?;
    let amount: Amount = "100.50".parse()?;
    let order = client
        .create_order()
        .x_idempotency_key("quickstart_order_1")
        .body(
            pg::types::CreateOrderRequest::builder()
                .order_id(Some("quickstart_order_1".to_string()))
                .order_amount(amount)
                .order_currency("INR")
                .customer_details(
                    pg::types::CustomerDetails::builder()
                        .customer_id("quickstart_customer")
                        .customer_phone("9999999999"),
                ),
        )
        .send()
        .await?;
    println!(
        "1. Created order quickstart_order_1 for INR {} (status {})",
        money(order.order_amount),
        text(order.order_status.as_ref().map(|s| s.as_str())),
    );

    let paid = client
        .pay_order()
        .body(pg::types::PayOrderRequest {
            payment_session_id: order
                .payment_session_id
                .clone()
                .ok_or("the order has no payment session")?,
            // Any UPI id but the sandbox's test ones starts a collect that waits for the customer.
            payment_method: serde_json::from_value(serde_json::json!({
                "upi": {"channel": "collect", "upi_id": "customer@okbank"}
            }))?,
            save_instrument: None,
            offer_id: None,
        })
        .send()
        .await?;
    let payment_id = paid.cf_payment_id.clone().ok_or("no payment id")?;
    let pending = client
        .get_payment()
        .order_id("quickstart_order_1")
        .cf_payment_id(payment_id.as_str())
        .send()
        .await?;
    println!(
        "2. Paid with UPI collect: payment {payment_id} is {}",
        text(pending.payment_status.as_ref().map(|s| s.as_str()))
    );

    let simulation = client
        .simulate_payment()
        .body(serde_json::from_value::<pg::types::SimulateRequest>(
            serde_json::json!({
                "entity": "PAYMENTS",
                "entity_id": payment_id,
                "entity_simulation": {"payment_status": "SUCCESS"}
            }),
        )?)
        .send()
        .await?;
    let after = client
        .get_order()
        .order_id("quickstart_order_1")
        .send()
        .await?;
    println!(
        "3. Simulated the customer approving it ({}): order is now {}",
        text(simulation.simulation_id.as_deref()),
        text(after.order_status.as_ref().map(|s| s.as_str())),
    );

    let refund = client
        .create_refund()
        .order_id("quickstart_order_1")
        .body(pg::types::OrderCreateRefundRequest {
            refund_amount: "40.25".parse()?,
            refund_id: "quickstart_refund_1".into(),
            refund_note: None,
            refund_speed: None,
            refund_splits: Vec::new(),
        })
        .send()
        .await?;
    mock.clock().advance(Duration::from_secs(60));
    let refunded = client
        .get_refund()
        .order_id("quickstart_order_1")
        .refund_id("quickstart_refund_1")
        .send()
        .await?;
    println!(
        "4. Refunded INR {}: {} at once, {} a minute later (mock clock)",
        money(refund.refund_amount),
        text(refund.refund_status.as_ref().map(|s| s.as_str())),
        text(refunded.refund_status.as_ref().map(|s| s.as_str())),
    );
    match client
        .create_refund()
        .order_id("quickstart_order_1")
        .body(pg::types::OrderCreateRefundRequest {
            refund_amount: "100.00".parse()?,
            refund_id: "quickstart_refund_2".into(),
            refund_note: None,
            refund_speed: None,
            refund_splits: Vec::new(),
        })
        .send()
        .await
    {
        Err(e) => println!("5. Refunding more than was paid fails as documented: {e}"),
        Ok(_) => println!("5. Unexpectedly refunded more than was paid"),
    }

    // Payouts v2: a transfer created exactly once, then settled.
    let payouts = payouts_v2::Client::from_config(mock.payouts_config())?;
    let transfer = || {
        payouts_v2::types::CreateTransferRequest::builder()
            .transfer_id("quickstart_transfer_1")
            .transfer_amount(Amount::from_minor(125_000, 2))
            .beneficiary_details(
                payouts_v2::types::TransferBeneficiaryDetails::builder()
                    .beneficiary_id(Some("quickstart_bene".to_string())),
            )
    };
    let first = payouts.create_transfer_exactly_once(transfer()).await?;
    let second = payouts.create_transfer_exactly_once(transfer()).await?;
    let creates = mock
        .requests()
        .iter()
        .filter(|r| r.operation_id == Some("create_transfer") && r.status == 200)
        .count();
    if let CreateOutcome::Created(t) = &first {
        println!(
            "6. Transfer quickstart_transfer_1 for INR {}: {}; sent again it is {} ({} create reached the server)",
            money(t.transfer_amount),
            text(t.status.as_ref().map(|s| s.as_str())),
            if second.is_duplicate() { "found, not re-created" } else { "?" },
            creates,
        );
    }
    mock.clock().advance(Duration::from_secs(5));
    let settled = payouts
        .get_transfer_status()
        .transfer_id("quickstart_transfer_1")
        .send()
        .await?;
    println!(
        "7. Five seconds later (mock clock) it is {} ({}), UTR {}",
        text(settled.status.as_ref().map(|s| s.as_str())),
        text(settled.status_code.as_ref().map(|s| s.as_str())),
        text(settled.transfer_utr.as_deref()),
    );
    Ok(())
}
