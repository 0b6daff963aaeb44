//! What the Cashfree Payouts products (Payouts v1 and v2, and OneEscrow, which runs on the
//! Payouts credentials) share: the `X-Cf-Signature` for accounts without a whitelisted IP
//! ([`PayoutPublicKey`], in `payouts/signature.rs`), and, for v1 and v2, the authoritative
//! outcome of a call that moves money (`CreateOutcome`, the crate's one
//! [`crate::CreateOutcome`], re-exported here).
//!
//! ## Identity: a whitelisted IP or a signature
//! Cashfree's production Payouts server refuses calls from an IP that is not whitelisted on the
//! dashboard (document 000, "Identity Verification"). A server without a fixed IP proves itself
//! with a signature instead: the client id, a period and the current Unix time in seconds,
//! encrypted with the account's Payouts public key (RSA with OAEP padding, SHA-1 and MGF1-SHA-1)
//! and base64-encoded, sent as `X-Cf-Signature`. Configure the key once with
//! [`crate::Config::with_payout_public_key_pem`] (or read it from a file with
//! [`PayoutPublicKey::from_pem_file`]) and the clients sign for you: v1 on its authorize call,
//! v2 on every call.
//!
//! ## Money moves exactly once
//! Cashfree documents: after a 5XX answer, do not initiate another transaction; check its status.
//! The `*_exactly_once` helpers ([`crate::payouts_v2::Client::create_transfer_exactly_once`],
//! [`crate::payouts_v2::Client::create_batch_transfer_exactly_once`],
//! [`crate::payouts_v1::Client::create_cashgram_exactly_once`]) send the create once, and when
//! its answer is lost (timeout, broken connection, 5XX, Payouts v1's sub-code 520, an unreadable
//! success) look the merchant's own id up and return what the lookup says — or
//! [`crate::Error::OutcomeUnknown`] carrying that id.

mod signature;

pub(crate) use signature::put_signature;
#[cfg(feature = "payouts")]
pub(crate) use signature::unix_now;
pub use signature::PayoutPublicKey;

/// The one outcome type of every `*_exactly_once` helper ([`crate::CreateOutcome`]), here for
/// `use paygen::payouts::CreateOutcome`.
#[cfg(feature = "payouts")]
pub use crate::CreateOutcome;
