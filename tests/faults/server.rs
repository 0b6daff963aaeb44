//! A raw HTTP/1.1 stand-in that answers every call but the authorize calls with one fault.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// The bearer token the stand-in's authorize calls issue (recognisable, so the redaction
/// suite can look for it).
pub const TOKEN: &str = "tok-faults-SECRET-bearer-4711";

/// What the stand-in answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// 429 with `x-ratelimit-retry: 0` (retry now).
    RateLimitedWithHeaders,
    /// 429 without rate-limit headers (the documented wait is a minute: longer than the test
    /// client accepts, so not retried).
    RateLimitedWithoutHeaders,
    /// 503 with a JSON body.
    Unavailable,
    /// 200 with an HTML page.
    Html,
    /// 200 with no body.
    Empty,
    /// 200 announcing 200 bytes, sending 20, then closing.
    Truncated,
    /// 200 with JSON of another shape (an array).
    WrongShape,
    /// 200 announcing 200 bytes, sending 20, then resetting the connection.
    ResetMidBody,
    /// Reads the request and never answers.
    Stall,
    /// 200 whose body is the family's error envelope.
    ErrorEnvelope(Envelope),
}

/// How a family says "error" inside an HTTP 200.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Envelope {
    /// `{"status":"ERROR","subCode":"422",…}` (Payouts v1, Global Collections, OneEscrow).
    StatusError,
    /// `{"success":false,"error":"…"}` (the Payin & Payout API).
    SuccessFalse,
}

/// A running stand-in: its base URL, and how many non-authorize requests it received.
pub struct Server {
    pub url: String,
    calls: Arc<AtomicUsize>,
}

impl Server {
    /// Requests received, authorize calls not counted.
    pub fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }
}

/// Starts a stand-in answering `fault`.
pub async fn start(fault: Fault) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a local port");
    let url = format!("http://{}", listener.local_addr().expect("bound"));
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = calls.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let counter = counter.clone();
            tokio::spawn(async move {
                let _ = connection(stream, fault, counter).await;
            });
        }
    });
    Server { url, calls }
}

/// Reads one request (head and `content-length` body): its path.
async fn read_request(stream: &mut TcpStream) -> std::io::Result<String> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
    let length: usize = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("content-length")
                .then(|| v.trim().parse().ok())
                .flatten()
        })
        .unwrap_or(0);
    while buf.len() < head_end + length {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let path = head
        .lines()
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .unwrap_or("/")
        .to_string();
    Ok(path)
}

fn response(status: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {status}\r\nconnection: close\r\ncontent-length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str("\r\n");
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

const JSON: (&str, &str) = ("content-type", "application/json");

async fn connection(
    mut stream: TcpStream,
    fault: Fault,
    calls: Arc<AtomicUsize>,
) -> std::io::Result<()> {
    let path = read_request(&mut stream).await?;
    if path.contains("authorize") {
        let expiry = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0)
            + 3600;
        let body = format!(
            r#"{{"status":"SUCCESS","subCode":"200","message":"Token generated","data":{{"token":"{TOKEN}","expiry":{expiry}}}}}"#
        );
        stream
            .write_all(&response("200 OK", &[JSON], body.as_bytes()))
            .await?;
        return stream.shutdown().await;
    }
    calls.fetch_add(1, Ordering::SeqCst);
    let partial = |mut stream: TcpStream| async move {
        let head =
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 200\r\n\r\n";
        stream.write_all(head.as_bytes()).await?;
        stream.write_all(br#"{"order_id":"o-1","#).await?;
        stream.flush().await?;
        Ok::<TcpStream, std::io::Error>(stream)
    };
    match fault {
        Fault::RateLimitedWithHeaders => {
            let body = br#"{"message":"Too many requests","code":"request_limit_exceeded","type":"rate_limit_error"}"#;
            let headers = [
                JSON,
                ("x-ratelimit-retry", "0"),
                ("x-ratelimit-limit", "10"),
                ("x-ratelimit-remaining", "0"),
            ];
            stream
                .write_all(&response("429 Too Many Requests", &headers, body))
                .await?;
        }
        Fault::RateLimitedWithoutHeaders => {
            let body = br#"{"message":"Too many requests","code":"request_limit_exceeded","type":"rate_limit_error"}"#;
            stream
                .write_all(&response("429 Too Many Requests", &[JSON], body))
                .await?;
        }
        Fault::Unavailable => {
            let body =
                br#"{"message":"service unavailable","code":"internal_error","type":"api_error"}"#;
            stream
                .write_all(&response("503 Service Unavailable", &[JSON], body))
                .await?;
        }
        Fault::Html => {
            let body = b"<html><body><h1>502 Bad Gateway</h1></body></html>";
            stream
                .write_all(&response("200 OK", &[("content-type", "text/html")], body))
                .await?;
        }
        Fault::Empty => stream.write_all(&response("200 OK", &[JSON], b"")).await?,
        Fault::WrongShape => {
            stream
                .write_all(&response("200 OK", &[JSON], b"[1,2,3]"))
                .await?
        }
        Fault::Truncated => {
            let mut stream = partial(stream).await?;
            return stream.shutdown().await;
        }
        Fault::ResetMidBody => {
            let stream = partial(stream).await?;
            tokio::time::sleep(Duration::from_millis(20)).await;
            // A zero linger turns the close into a reset (RST).
            let std = stream.into_std()?;
            socket2::SockRef::from(&std).set_linger(Some(Duration::ZERO))?;
            drop(std);
            return Ok(());
        }
        Fault::Stall => {
            tokio::time::sleep(Duration::from_secs(30)).await;
            return Ok(());
        }
        Fault::ErrorEnvelope(Envelope::StatusError) => {
            let body = br#"{"status":"ERROR","subCode":"422","message":"Invalid beneficiary"}"#;
            stream.write_all(&response("200 OK", &[JSON], body)).await?;
        }
        Fault::ErrorEnvelope(Envelope::SuccessFalse) => {
            let body =
                br#"{"success":false,"error":"invalid_request","message":"Invalid beneficiary"}"#;
            stream.write_all(&response("200 OK", &[JSON], body)).await?;
        }
    }
    stream.shutdown().await
}
