//! Faults: what every family's client does when the network or the server misbehaves.
//!
//! One raw TCP stand-in ([`server`]) answers every call with a scripted fault — 429 with and
//! without rate-limit headers, 503, HTML, an empty body, a truncated body, the wrong shape, a
//! reset in the middle of the body, a stall past the timeout, and (for the families whose API
//! answers errors inside an HTTP 200) an error envelope — while answering the token families'
//! authorize calls with a token. Each case asserts how many requests were sent, the error's
//! kind, `is_ambiguous()` and `is_retryable()`; a panic anywhere fails the case. A redaction
//! suite and a TLS-verification suite run against the same kind of stand-in.
#![cfg(all(
    feature = "pg",
    feature = "payouts",
    feature = "flowwise",
    feature = "international",
    feature = "oneescrow",
    feature = "bbps",
    feature = "payin-payout"
))]

mod matrix;
mod redaction;
mod server;
mod tls;
