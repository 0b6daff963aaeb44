//! TLS for every client: rustls on the `ring` provider, with server certificates always verified
//! by the platform verifier (the system's trust store on Linux, the OS verifier elsewhere).
//!
//! The configuration holds no merchant data, so it is built once per process and shared: the
//! trust store is read once, not once per client.

use std::sync::{Arc, OnceLock};

use crate::error::ConfigError;

/// The shared client configuration (ALPN `h2`, then `http/1.1`; `http/1.1` alone without the
/// `http2` feature, so a server never picks a protocol the client cannot speak).
pub(crate) fn client_config() -> Result<rustls::ClientConfig, ConfigError> {
    static CONFIG: OnceLock<Result<rustls::ClientConfig, String>> = OnceLock::new();
    CONFIG
        .get_or_init(|| {
            let provider = Arc::new(rustls::crypto::ring::default_provider());
            let verifier = rustls_platform_verifier::Verifier::new(provider.clone())
                .map_err(|e| format!("cannot set up certificate verification: {e}"))?;
            let mut config = rustls::ClientConfig::builder_with_provider(provider)
                .with_safe_default_protocol_versions()
                .map_err(|e| format!("cannot set up TLS: {e}"))?
                .dangerous() // only to install the platform verifier, which verifies fully
                .with_custom_certificate_verifier(Arc::new(verifier))
                .with_no_client_auth();
            config.alpn_protocols = if cfg!(feature = "http2") {
                vec![b"h2".to_vec(), b"http/1.1".to_vec()]
            } else {
                vec![b"http/1.1".to_vec()]
            };
            Ok(config)
        })
        .clone()
        .map_err(ConfigError::new)
}

/// A plain HTTP client on the same TLS configuration every API client uses (certificates always
/// verified), for sending things that are not API calls: webhook deliveries to a receiver
/// (`paygen trigger`). `timeout` bounds each request.
///
/// ```
/// let http = paygen::tls::http_client(std::time::Duration::from_secs(10)).unwrap();
/// # let _ = http;
/// ```
pub fn http_client(timeout: std::time::Duration) -> Result<reqwest::Client, ConfigError> {
    reqwest::Client::builder()
        .timeout(timeout)
        .connect_timeout(timeout)
        .user_agent(format!("paygen/{}", env!("CARGO_PKG_VERSION")))
        .tls_backend_preconfigured(client_config()?)
        .build()
        .map_err(|e| ConfigError::new(format!("cannot build the HTTP client: {e}")))
}

#[cfg(test)]
mod tests {
    /// `http/1.1` is always offered; `h2` only when the `http2` feature compiles HTTP/2 in, so a
    /// server never picks a protocol the client cannot speak.
    #[test]
    fn alpn_offers_h2_only_with_the_http2_feature() {
        let config = super::client_config().unwrap();
        let mut expected: Vec<&[u8]> = Vec::new();
        if cfg!(feature = "http2") {
            expected.push(b"h2");
        }
        expected.push(b"http/1.1");
        assert_eq!(config.alpn_protocols, expected);
    }
}
