//! TLS: certificates are always verified. A local HTTPS stand-in with a self-signed
//! certificate (made at test time with rcgen, served with tokio-rustls, both on `ring`) must
//! be refused, and the request never sent.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use paygen::{Config, Credentials, Environment, Error, RetryConfig};
use tokio::io::AsyncReadExt;
use tokio::net::TcpListener;
use tokio_rustls::rustls;

#[tokio::test]
async fn a_self_signed_server_fails_verification() {
    let cert = rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).unwrap();
    let der = cert.cert.der().clone();
    let key = rustls::pki_types::PrivateKeyDer::Pkcs8(cert.key_pair.serialize_der().into());
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let server_config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![der], key)
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(server_config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let handshakes = Arc::new(AtomicUsize::new(0));
    let requests = Arc::new(AtomicUsize::new(0));
    {
        let (handshakes, requests) = (handshakes.clone(), requests.clone());
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                handshakes.fetch_add(1, Ordering::SeqCst);
                if let Ok(mut tls) = acceptor.accept(stream).await {
                    let mut buf = [0u8; 1024];
                    if matches!(tls.read(&mut buf).await, Ok(n) if n > 0) {
                        requests.fetch_add(1, Ordering::SeqCst);
                    }
                }
            }
        });
    }

    let config = Config::new(
        Environment::custom(format!("https://localhost:{port}/pg")),
        Credentials::merchant("TEST_APP_ID", "cfsk_ma_test_SECRET"),
    )
    .with_retry(RetryConfig::disabled());
    let client = paygen::pg::Client::from_config(config).unwrap();
    let e = client.get_order().order_id("o-1").send().await.unwrap_err();
    match &e {
        Error::Transport(t) => {
            assert!(
                t.connect,
                "a refused certificate means the request never left: {t}"
            );
            assert!(
                t.message.to_ascii_lowercase().contains("certificate"),
                "the error says the certificate was refused: {t}"
            );
        }
        other => panic!("expected a transport error, got {other:?}"),
    }
    assert!(!e.is_ambiguous());
    assert!(
        handshakes.load(Ordering::SeqCst) >= 1,
        "the client did reach the server"
    );
    assert_eq!(
        requests.load(Ordering::SeqCst),
        0,
        "no request was sent over the unverified connection"
    );
}
