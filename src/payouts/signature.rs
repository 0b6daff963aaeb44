//! [`PayoutPublicKey`]: the `X-Cf-Signature` of Cashfree Payouts.

use std::fmt;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine;
use rsa::pkcs1::DecodeRsaPublicKey;
use rsa::pkcs8::DecodePublicKey;
use rsa::traits::PublicKeyParts;
use rsa::{Oaep, RsaPublicKey};

use crate::error::ConfigError;

/// The RSA public key Cashfree issues for a Payouts account (dashboard: Developers >
/// Two-Factor Authentication > Public Key), used to sign calls from an IP that is not
/// whitelisted.
///
/// The signature is `base64(RSA-OAEP(SHA-1, MGF1-SHA-1)(clientId + "." + unix seconds))`
/// (document 000, "Generate Signature"; the Java sample's cipher is
/// `RSA/ECB/OAEPWithSHA-1AndMGF1Padding`). OAEP is randomised: two signatures of the same text
/// differ, and both are valid. Cashfree's guide says a signature expires after 10 minutes, so the
/// clients make a fresh one for every call.
///
/// ```
/// use paygen::payouts::PayoutPublicKey;
/// // A key that is not PEM is refused when it is read, with a message saying what is wrong.
/// let err = PayoutPublicKey::from_pem("not a key").unwrap_err();
/// assert!(err.message().contains("BEGIN PUBLIC KEY"));
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct PayoutPublicKey {
    key: RsaPublicKey,
}

impl fmt::Debug for PayoutPublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PayoutPublicKey")
            .field("bits", &self.bits())
            .finish()
    }
}

impl PayoutPublicKey {
    /// Reads a PEM public key: `-----BEGIN PUBLIC KEY-----` (X.509 SubjectPublicKeyInfo, what
    /// the dashboard downloads) or `-----BEGIN RSA PUBLIC KEY-----` (PKCS#1). Windows line
    /// endings and surrounding whitespace are accepted.
    pub fn from_pem(pem: &str) -> Result<PayoutPublicKey, ConfigError> {
        let pem = pem.replace("\r\n", "\n");
        let pem = pem.trim();
        if pem.is_empty() {
            return Err(ConfigError::new("the Payouts public key is empty"));
        }
        if pem.contains("PRIVATE KEY") {
            return Err(ConfigError::new(
                "the Payouts public key is a private key: give the public key Cashfree issued \
                 (-----BEGIN PUBLIC KEY-----), and keep private keys out of the configuration",
            ));
        }
        let key = RsaPublicKey::from_public_key_pem(pem)
            .or_else(|_| RsaPublicKey::from_pkcs1_pem(pem))
            .map_err(|_| {
                ConfigError::new(
                    "the Payouts public key is not an RSA public key in PEM form (expected \
                 -----BEGIN PUBLIC KEY----- or -----BEGIN RSA PUBLIC KEY-----)",
                )
            })?;
        Ok(PayoutPublicKey { key })
    }

    /// Reads a PEM public key from a file (see [`PayoutPublicKey::from_pem`]).
    pub fn from_pem_file(path: impl AsRef<Path>) -> Result<PayoutPublicKey, ConfigError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|e| {
            ConfigError::new(format!(
                "cannot read the Payouts public key file {}: {e}",
                path.display()
            ))
        })?;
        PayoutPublicKey::from_pem(&text)
            .map_err(|e| ConfigError::new(format!("{}: {}", path.display(), e.message())))
    }

    /// The key's size in bits.
    pub fn bits(&self) -> usize {
        self.key.size() * 8
    }

    /// The longest client id this key can sign (OAEP with SHA-1 takes at most the key's size
    /// in bytes minus 42; the text is the client id, a period and up to 20 digits).
    pub fn max_client_id_len(&self) -> usize {
        self.key.size().saturating_sub(42 + 1 + 20)
    }

    /// The `X-Cf-Signature` value for `client_id` at `unix_seconds`.
    ///
    /// The error says what is wrong (an empty client id, or one too long for this key) — a
    /// configuration problem, never a transient one.
    pub fn sign(&self, client_id: &str, unix_seconds: u64) -> Result<String, ConfigError> {
        if client_id.is_empty() {
            return Err(ConfigError::new(
                "X-Cf-Signature needs the Payouts client id, and it is empty",
            ));
        }
        if client_id.len() > self.max_client_id_len() {
            return Err(ConfigError::new(format!(
                "the client id is {} bytes long; a {}-bit key can sign at most {}",
                client_id.len(),
                self.bits(),
                self.max_client_id_len()
            )));
        }
        let plain = format!("{client_id}.{unix_seconds}");
        let encrypted = self
            .key
            .encrypt(
                &mut rsa::rand_core::OsRng,
                Oaep::new::<sha1::Sha1>(),
                plain.as_bytes(),
            )
            .map_err(|e| ConfigError::new(format!("the Payouts public key cannot sign: {e}")))?;
        Ok(base64::engine::general_purpose::STANDARD.encode(encrypted))
    }

    /// The `X-Cf-Signature` value for `client_id` now (this machine's clock).
    pub fn sign_now(&self, client_id: &str) -> Result<String, ConfigError> {
        self.sign(client_id, unix_now())
    }
}

/// Puts `X-Cf-Signature` (marked sensitive) on a request when a key is configured: the one
/// place every Payouts-family protocol signs (v1 and OneEscrow on their authorize call, v2 on
/// every call). Needs merchant credentials, whose client id is what is signed.
pub(crate) fn put_signature(
    key: Option<&PayoutPublicKey>,
    runtime: &crate::runtime::Runtime,
    request: &mut reqwest::Request,
) -> Result<(), crate::error::AuthError> {
    let Some(key) = key else { return Ok(()) };
    let crate::Credentials::Merchant { client_id, .. } = &runtime.config().credentials else {
        return Err(
            "X-Cf-Signature needs the Payouts client id: use Credentials::merchant(client_id, client_secret)"
                .into(),
        );
    };
    let signature = key
        .sign(client_id, unix_now())
        .map_err(|e| crate::error::AuthError::new(e.message()))?;
    let mut value = http::HeaderValue::from_str(&signature).map_err(|_| {
        crate::error::AuthError::new("the X-Cf-Signature value cannot travel as a header")
    })?;
    value.set_sensitive(true);
    request.headers_mut().insert("x-cf-signature", value);
    Ok(())
}

/// Whole seconds since the Unix epoch by this machine's clock.
pub(crate) fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use rsa::pkcs1::EncodeRsaPublicKey;
    use rsa::pkcs8::{EncodePublicKey, LineEnding};
    use rsa::RsaPrivateKey;

    use super::*;

    fn private() -> RsaPrivateKey {
        RsaPrivateKey::new(&mut rsa::rand_core::OsRng, 1024).unwrap()
    }

    #[test]
    fn pkcs1_and_crlf_pem_are_read_too() {
        let key = private();
        let pkcs1 = key.to_public_key().to_pkcs1_pem(LineEnding::CRLF).unwrap();
        let read = PayoutPublicKey::from_pem(&pkcs1).unwrap();
        assert_eq!(read.bits(), 1024);
        let spki = key
            .to_public_key()
            .to_public_key_pem(LineEnding::CRLF)
            .unwrap();
        assert_eq!(PayoutPublicKey::from_pem(&spki).unwrap(), read);
        assert_eq!(format!("{read:?}"), "PayoutPublicKey { bits: 1024 }");
    }

    #[test]
    fn a_client_id_too_long_for_the_key_is_refused_with_the_limit() {
        let key = PayoutPublicKey::from_pem(
            &private()
                .to_public_key()
                .to_public_key_pem(LineEnding::LF)
                .unwrap(),
        )
        .unwrap();
        assert_eq!(key.max_client_id_len(), 128 - 63);
        let long = "x".repeat(key.max_client_id_len() + 1);
        let e = key.sign(&long, 1).unwrap_err();
        assert!(e.message().contains("at most 65"), "{e}");
        assert!(key
            .sign(&"x".repeat(key.max_client_id_len()), u64::MAX)
            .is_ok());
        assert!(key.sign("", 1).unwrap_err().message().contains("empty"));
    }

    #[test]
    fn a_private_key_is_refused_without_echoing_it() {
        let e = PayoutPublicKey::from_pem(
            "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----",
        )
        .unwrap_err();
        assert!(e.message().contains("private key"), "{e}");
        assert!(!e.message().contains("MIIB"));
    }
}
