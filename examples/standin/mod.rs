//! A local stand-in for the Cashfree PG API, run in-process on 127.0.0.1 (no network, no
//! credentials). It answers the calls the quickstart makes — create order, get order, order pay
//! (UPI), get payments for an order — the way the documents describe them, and checks the
//! headers a real server checks, so the quickstart exercises the real client end to end.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use paygen::Amount;
use serde::Deserialize;
use serde_json::json;

#[derive(Clone, Debug)]
struct Order {
    cf_order_id: u64,
    order_id: String,
    amount: Amount,
    currency: String,
    customer_id: String,
    customer_phone: String,
    status: &'static str,
    session: String,
    payments: Vec<Payment>,
}

#[derive(Clone, Debug)]
struct Payment {
    cf_payment_id: u64,
    amount: Amount,
    upi_id: String,
}

#[derive(Default)]
struct Books {
    orders: HashMap<String, Order>,
    by_session: HashMap<String, String>,
    next_id: u64,
}

type Shared = Arc<Mutex<Books>>;

#[derive(Deserialize)]
struct CreateOrder {
    order_id: Option<String>,
    order_amount: Amount,
    order_currency: String,
    customer_details: Customer,
}

#[derive(Deserialize)]
struct Customer {
    customer_id: String,
    customer_phone: String,
}

#[derive(Deserialize)]
struct PayOrder {
    payment_session_id: String,
    payment_method: serde_json::Value,
}

/// A raw JSON answer: amounts are written from `Amount`'s text, so `100.50` stays `100.50`.
fn answer(status: StatusCode, body: String) -> Response {
    (
        status,
        [
            ("content-type", "application/json"),
            ("x-ratelimit-limit", "200"),
            ("x-ratelimit-remaining", "199"),
        ],
        body,
    )
        .into_response()
}

fn error(status: StatusCode, message: &str, code: &str, kind: &str) -> Response {
    answer(
        status,
        json!({"message": message, "code": code, "type": kind}).to_string(),
    )
}

fn authenticated(headers: &HeaderMap) -> Result<(), Box<Response>> {
    let has = |h: &str| headers.get(h).is_some_and(|v| !v.is_empty());
    if !(has("x-client-id") && has("x-client-secret")) {
        return Err(Box::new(error(
            StatusCode::UNAUTHORIZED,
            "authentication Failed",
            "authentication_error",
            "authentication_error",
        )));
    }
    if headers.get("x-api-version").and_then(|v| v.to_str().ok()) != Some("2025-01-01") {
        return Err(Box::new(error(
            StatusCode::BAD_REQUEST,
            "x-api-version is missing or not supported",
            "version_invalid",
            "invalid_request_error",
        )));
    }
    Ok(())
}

fn order_json(o: &Order) -> String {
    format!(
        r#"{{"cf_order_id":"{}","order_id":"{}","entity":"order","order_currency":"{}","order_amount":{},"order_status":"{}","payment_session_id":"{}","order_expiry_time":"2030-01-01T00:00:00+05:30","customer_details":{{"customer_id":"{}","customer_phone":"{}"}}}}"#,
        o.cf_order_id,
        o.order_id,
        o.currency,
        o.amount,
        o.status,
        o.session,
        o.customer_id,
        o.customer_phone
    )
}

async fn create_order(State(books): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    if let Err(r) = authenticated(&headers) {
        return *r;
    }
    let req: CreateOrder = match serde_json::from_slice(&body) {
        Ok(r) => r,
        Err(e) => {
            return error(
                StatusCode::BAD_REQUEST,
                &format!("bad request body: {e}"),
                "request_invalid",
                "invalid_request_error",
            )
        }
    };
    let mut b = books.lock().unwrap();
    b.next_id += 1;
    let order_id = req
        .order_id
        .unwrap_or_else(|| format!("order_{}", b.next_id));
    if b.orders.contains_key(&order_id) {
        return error(
            StatusCode::CONFLICT,
            "order with same id is already present",
            "order_already_exists",
            "invalid_request_error",
        );
    }
    let order = Order {
        cf_order_id: 2149460000 + b.next_id,
        order_id: order_id.clone(),
        amount: req.order_amount,
        currency: req.order_currency,
        customer_id: req.customer_details.customer_id,
        customer_phone: req.customer_details.customer_phone,
        status: "ACTIVE",
        session: format!("session_standin_{}", b.next_id),
        payments: Vec::new(),
    };
    b.by_session.insert(order.session.clone(), order_id.clone());
    let text = order_json(&order);
    b.orders.insert(order_id, order);
    answer(StatusCode::OK, text)
}

async fn get_order(
    State(books): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    if let Err(r) = authenticated(&headers) {
        return *r;
    }
    match books.lock().unwrap().orders.get(&id) {
        Some(o) => answer(StatusCode::OK, order_json(o)),
        None => error(
            StatusCode::NOT_FOUND,
            "order not found",
            "order_not_found",
            "invalid_request_error",
        ),
    }
}

async fn pay_order(State(books): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    if headers.contains_key("x-client-secret") {
        return error(
            StatusCode::BAD_REQUEST,
            "order pay must not carry credentials",
            "request_invalid",
            "invalid_request_error",
        );
    }
    let req: PayOrder = match serde_json::from_slice(&body) {
        Ok(r) => r,
        Err(e) => {
            return error(
                StatusCode::BAD_REQUEST,
                &format!("bad request body: {e}"),
                "request_invalid",
                "invalid_request_error",
            )
        }
    };
    let mut b = books.lock().unwrap();
    let Some(order_id) = b.by_session.get(&req.payment_session_id).cloned() else {
        return error(
            StatusCode::BAD_REQUEST,
            "payment_session_id is not valid",
            "payment_session_id_invalid",
            "invalid_request_error",
        );
    };
    let upi_id = req.payment_method["upi"]["upi_id"]
        .as_str()
        .unwrap_or("")
        .to_string();
    b.next_id += 1;
    let cf_payment_id = 5114910000 + b.next_id;
    let order = b
        .orders
        .get_mut(&order_id)
        .expect("sessions point at orders");
    if order.status != "ACTIVE" {
        return error(
            StatusCode::BAD_REQUEST,
            "order is not active",
            "order_inactive",
            "invalid_request_error",
        );
    }
    // The stand-in's UPI collect succeeds at once; the real one waits for the customer.
    order.status = "PAID";
    order.payments.push(Payment {
        cf_payment_id,
        amount: order.amount,
        upi_id,
    });
    answer(
        StatusCode::OK,
        format!(
            r#"{{"payment_amount":{},"cf_payment_id":"{}","payment_method":"upi","channel":"collect","action":"custom","data":{{"url":null,"payload":null,"content_type":null,"method":null}}}}"#,
            order.amount, cf_payment_id
        ),
    )
}

async fn get_payments(
    State(books): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    if let Err(r) = authenticated(&headers) {
        return *r;
    }
    let b = books.lock().unwrap();
    let Some(order) = b.orders.get(&id) else {
        return error(
            StatusCode::NOT_FOUND,
            "order not found",
            "order_not_found",
            "invalid_request_error",
        );
    };
    let items: Vec<String> = order
        .payments
        .iter()
        .map(|p| {
            format!(
                r#"{{"cf_payment_id":"{}","order_id":"{}","entity":"payment","is_captured":true,"order_amount":{},"payment_group":"upi","payment_currency":"INR","payment_amount":{},"payment_status":"SUCCESS","payment_message":"Transaction successful","bank_reference":"306118259130","payment_method":{{"upi":{{"channel":"collect","upi_id":"{}"}}}}}}"#,
                p.cf_payment_id, order.order_id, order.amount, p.amount, p.upi_id
            )
        })
        .collect();
    answer(StatusCode::OK, format!("[{}]", items.join(",")))
}

/// Starts the stand-in on a free loopback port; returns its base URL (`http://127.0.0.1:N/pg`).
pub async fn start() -> String {
    let books: Shared = Arc::default();
    let pg = Router::new()
        .route("/orders", post(create_order))
        .route("/orders/sessions", post(pay_order))
        .route("/orders/{order_id}", get(get_order))
        .route("/orders/{order_id}/payments", get(get_payments))
        .with_state(books);
    let app = Router::new().nest("/pg", pg);
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .expect("a loopback port is free");
    let addr = listener.local_addr().expect("bound");
    tokio::spawn(async move {
        axum::serve(listener, app)
            .await
            .expect("the stand-in serves");
    });
    format!("http://{addr}/pg")
}
