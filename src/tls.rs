//! TLS for every client: rustls on the `ring` provider, with server certificates always verified
//! by the platform verifier (the system's trust store on Linux, the OS verifier elsewhere).
//!
//! The configuration holds no merchant data, so it is built once per process and shared: the
//! trust store is read once, not once per client.

use std::sync::{Arc, OnceLock};

use crate::error::ConfigError;

/// The shared client configuration (ALPN `h2`, then `http/1.1`).
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
            config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
            Ok(config)
        })
        .clone()
        .map_err(ConfigError::new)
}
