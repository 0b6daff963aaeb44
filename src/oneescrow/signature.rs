//! `X-Cf-Signature` for the Payouts authorize call from an IP that is not whitelisted
//! (document 000, "Generate Signature"): the client id, a period and the current Unix time in
//! seconds, encrypted with the account's Payouts public key (RSA, OAEP padding with SHA-1),
//! base64-encoded.

use base64::Engine;
use rsa::pkcs1::DecodeRsaPublicKey;
use rsa::pkcs8::DecodePublicKey;
use rsa::{Oaep, RsaPublicKey};

use crate::error::ConfigError;

/// Signs authorize calls with the configured public key.
pub(crate) struct Signer {
    key: RsaPublicKey,
}

impl Signer {
    /// Reads the public key Cashfree issued (`BEGIN PUBLIC KEY`, or `BEGIN RSA PUBLIC KEY`).
    pub(crate) fn from_pem(pem: &str) -> Result<Signer, ConfigError> {
        let pem = pem.trim();
        RsaPublicKey::from_public_key_pem(pem)
            .or_else(|_| RsaPublicKey::from_pkcs1_pem(pem))
            .map(|key| Signer { key })
            .map_err(|_| {
                ConfigError::new(
                    "the Payouts public key is not an RSA public key in PEM form (-----BEGIN PUBLIC KEY-----)",
                )
            })
    }

    /// The header value for `client_id` at `unix_seconds`.
    pub(crate) fn sign(&self, client_id: &str, unix_seconds: u64) -> Result<String, String> {
        let plain = format!("{client_id}.{unix_seconds}");
        let encrypted = self
            .key
            .encrypt(
                &mut rsa::rand_core::OsRng,
                Oaep::new::<sha1::Sha1>(),
                plain.as_bytes(),
            )
            .map_err(|_| {
                "could not sign the authorize call with the Payouts public key".to_string()
            })?;
        Ok(base64::engine::general_purpose::STANDARD.encode(encrypted))
    }
}

#[cfg(test)]
mod tests {
    use rsa::pkcs8::{EncodePublicKey, LineEnding};
    use rsa::RsaPrivateKey;

    use super::*;

    #[test]
    fn the_signature_decrypts_to_client_id_dot_seconds() {
        let private = RsaPrivateKey::new(&mut rsa::rand_core::OsRng, 1024).unwrap();
        let pem = private
            .to_public_key()
            .to_public_key_pem(LineEnding::LF)
            .unwrap();
        let signer = Signer::from_pem(&pem).unwrap();
        let sig = signer.sign("CF_CLIENT", 1_700_000_000).unwrap();
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(sig)
            .unwrap();
        let plain = private.decrypt(Oaep::new::<sha1::Sha1>(), &bytes).unwrap();
        assert_eq!(plain, b"CF_CLIENT.1700000000");
    }

    #[test]
    fn a_bad_key_is_a_configuration_error() {
        let e = Signer::from_pem("not a key").err().unwrap();
        assert!(e.message().contains("PEM"), "{e}");
    }
}
