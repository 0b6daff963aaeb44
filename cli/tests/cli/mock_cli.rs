//! `paygen mock`: the exact banner, the family base URLs, and credentials from the environment.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// A running `paygen mock`, killed when dropped.
struct Running {
    child: Child,
    lines: Vec<String>,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(args: &[&str], env: &[(&str, &str)]) -> Running {
    let mut command = Command::new(env!("CARGO_BIN_EXE_paygen"));
    command
        .arg("mock")
        .args(args)
        .env_remove("CASHFREE_CLIENT_ID")
        .env_remove("CASHFREE_CLIENT_SECRET")
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    for (k, v) in env {
        command.env(k, v);
    }
    let mut child = command.spawn().expect("paygen runs");
    let stdout = child.stdout.take().expect("piped");
    let mut reader = BufReader::new(stdout);
    let mut lines = Vec::new();
    for _ in 0..10 {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            break;
        }
        lines.push(line.trim_end().to_string());
    }
    // The reader goes away here while the mock may still be printing its banner (the public
    // key's lines come after the tenth): the mock keeps serving all the same.
    Running { child, lines }
}

fn status_of(url: &str, headers: &[(&str, &str)]) -> u16 {
    // A bare HTTP/1.1 request over a socket: the CLI tests keep no HTTP client.
    use std::io::{Read, Write};
    let rest = url.trim_start_matches("http://");
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let mut socket = std::net::TcpStream::connect(host).expect("the mock accepts connections");
    let mut request = format!("GET /{path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
    for (k, v) in headers {
        request.push_str(&format!("{k}: {v}\r\n"));
    }
    request.push_str("\r\n");
    socket.write_all(request.as_bytes()).unwrap();
    // Read up to the end of the status line, not to the end of the stream: how the server
    // closes a `Connection: close` socket (FIN or, with a byte unread, RST) is not the subject.
    let mut answer = Vec::new();
    let mut chunk = [0u8; 512];
    while !answer.windows(2).any(|w| w == b"\r\n") {
        let n = socket.read(&mut chunk).expect("the mock answers");
        assert!(n > 0, "the mock closed before a status line: {answer:?}");
        answer.extend_from_slice(&chunk[..n]);
    }
    String::from_utf8_lossy(&answer)
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("an HTTP status line")
}

#[test]
fn the_first_line_is_the_listening_address_then_one_line_per_family() {
    let mock = start(&["--host", "127.0.0.1", "--port", "0"], &[]);
    let first = &mock.lines[0];
    let origin = first
        .strip_prefix("paygen mock listening on ")
        .unwrap_or_else(|| panic!("first line: {first}"));
    assert!(origin.starts_with("http://127.0.0.1:"), "{origin}");
    let pg = format!("{origin}/pg");
    assert!(
        mock.lines.iter().any(|l| l.ends_with(&pg)),
        "{:?}",
        mock.lines
    );
    assert!(mock
        .lines
        .iter()
        .any(|l| l.ends_with(&format!("{origin}/payout"))));
    assert!(mock
        .lines
        .iter()
        .any(|l| l.ends_with(&format!("{origin}/flowwise/router"))));
    assert!(mock
        .lines
        .iter()
        .any(|l| l.ends_with(&format!("{origin}/payin-payout"))));
    // The default test pair is accepted; no credentials get the documented 401.
    let ok = [
        ("x-client-id", "TEST_MOCK_APP_ID"),
        ("x-client-secret", "TEST_MOCK_SECRET_KEY"),
        ("x-api-version", "2025-01-01"),
    ];
    assert_eq!(status_of(&format!("{pg}/offers/o1"), &ok), 200);
    assert_eq!(
        status_of(
            &format!("{pg}/offers/o1"),
            &[("x-api-version", "2025-01-01")]
        ),
        401
    );
}

#[test]
fn credentials_come_from_the_environment_and_are_never_printed() {
    let mock = start(
        &[],
        &[
            ("CASHFREE_CLIENT_ID", "env_app"),
            ("CASHFREE_CLIENT_SECRET", "env_secret_value"),
        ],
    );
    let origin = mock.lines[0]
        .trim_start_matches("paygen mock listening on ")
        .to_string();
    assert!(mock.lines.iter().all(|l| !l.contains("env_secret_value")));
    let url = format!("{origin}/pg/offers/o1");
    let with = |id: &'static str, secret: &'static str| {
        status_of(
            &url,
            &[
                ("x-client-id", id),
                ("x-client-secret", secret),
                ("x-api-version", "2025-01-01"),
            ],
        )
    };
    assert_eq!(with("env_app", "env_secret_value"), 200);
    assert_eq!(with("TEST_MOCK_APP_ID", "TEST_MOCK_SECRET_KEY"), 401);
}
