//! Every call is a `paygen.call` span with its operation, request id, attempts and status —
//! and no secret ever reaches the log.
#![cfg(feature = "pg")]

use crate::common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use common::{pg, CLIENT_SECRET};
use serde_json::json;
use tracing_subscriber::fmt::MakeWriter;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Buffer {
    type Writer = Buffer;
    fn make_writer(&'a self) -> Buffer {
        self.clone()
    }
}

#[tokio::test]
async fn calls_are_traced_without_secrets() {
    let buffer = Buffer::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(buffer.clone())
        .with_max_level(tracing::Level::DEBUG)
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({
            "message": "authentication Failed", "code": "authentication_error", "type": "authentication_error"
        })))
        .mount(&server)
        .await;
    let err = pg(&server)
        .get_order()
        .order_id("order_42")
        .x_request_id("trace-req-1")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(401));

    let log = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
    assert!(log.contains("paygen.call"), "{log}");
    assert!(log.contains("operation=\"get_order\""), "{log}");
    assert!(log.contains("request_id=\"trace-req-1\""), "{log}");
    assert!(log.contains("retrying"), "the 503 retry is logged: {log}");
    assert!(log.contains("status=401"), "{log}");
    // The 503, then the 401: both attempts are recorded on the call's span.
    assert!(log.contains("attempts=2"), "{log}");
    assert!(
        !log.contains(CLIENT_SECRET),
        "the secret reached the log: {log}"
    );
}
