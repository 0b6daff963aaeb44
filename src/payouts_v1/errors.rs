//! [`ErrorKind`]: what a Payouts v1 error means, from its `subCode` (and, where one sub-code
//! carries several documented meanings, its message).

use std::time::Duration;

use crate::error::{ApiError, Error};

/// What a Payouts v1 error means.
///
/// Payouts v1 answers a request it processed with HTTP 200 and `{status, subCode, message}`
/// (document 002: "scan error sub-code and not error messages"); the public reference shows the
/// same bodies with HTTP error statuses too. Either way the client returns an
/// [`Error::Api`] whose [`ApiError::code`] is the `subCode`, whose `message` and `raw_body` are
/// kept as sent, and whose `note` says what to do. [`ErrorKind::of`] names the case. Sub-codes
/// 403 and 412 carry several documented meanings, told apart by the message's words.
///
/// ```
/// use paygen::payouts_v1::ErrorKind;
/// assert_eq!(ErrorKind::classify("403", "IP not whitelisted"), Some(ErrorKind::IpNotWhitelisted));
/// assert_eq!(ErrorKind::classify("403", "Token is not valid"), Some(ErrorKind::TokenInvalid));
/// assert_eq!(
///     ErrorKind::classify("412", "Available balance is less than requested cashgram amount."),
///     Some(ErrorKind::InsufficientBalance)
/// );
/// assert_eq!(ErrorKind::classify("200", "Cashgram Created"), None);
/// assert!(ErrorKind::IpNotWhitelisted.what_to_do().contains("X-Cf-Signature"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// 401 — "Invalid clientId and clientSecret combination".
    InvalidCredentials,
    /// 403 — "Token is not valid": expired, malformed, or issued to another IP. The client
    /// fetches a new token and sends the call once more; this is what remains when that failed.
    TokenInvalid,
    /// 403 — "IP not whitelisted". Never retried: whitelist the IP or sign with the public key.
    IpNotWhitelisted,
    /// 404 — no Cashgram with that id.
    NotFound,
    /// 409 — the id is taken ("Cashgram with id … already exists").
    AlreadyExists,
    /// 412 — "Token missing in the request".
    TokenMissing,
    /// 412 — "Available balance is less than requested cashgram amount."
    InsufficientBalance,
    /// 412 — only ACTIVE Cashgrams can be deactivated ("… has already been Expired").
    CashgramNotActive,
    /// 412 with a message none of the above.
    PreconditionFailed,
    /// 400, 405, 413 or 422 — the request is malformed or a field is invalid (remarks with
    /// punctuation, a bad phone, a linkExpiry beyond 30 days, …).
    InvalidRequest,
    /// 429 — too many requests.
    RateLimited,
    /// 500, 502, 503 or 504 — an error at Cashfree or a gateway before it (internal error, no
    /// active fund source, rates not configured, unavailable).
    ServerError,
    /// 520 — "Unknown error occurred": intermittent downtime at Cashfree; the troubleshooting
    /// guide says to retry after 10 to 15 minutes.
    UnknownError,
    /// Any other sub-code.
    Other,
}

impl ErrorKind {
    /// The kind for a v1 `subCode` and `message`; `None` for success (`200`).
    pub fn classify(sub_code: &str, message: &str) -> Option<ErrorKind> {
        let words = message.to_ascii_lowercase();
        let kind = match sub_code.trim() {
            "200" => return None,
            "401" => ErrorKind::InvalidCredentials,
            "403" if words.contains("whitelist") => ErrorKind::IpNotWhitelisted,
            "403" => ErrorKind::TokenInvalid,
            "404" => ErrorKind::NotFound,
            "409" => ErrorKind::AlreadyExists,
            "412" if words.contains("token") => ErrorKind::TokenMissing,
            "412" if words.contains("balance") => ErrorKind::InsufficientBalance,
            "412"
                if words.contains("active")
                    || words.contains("expired")
                    || words.contains("redeemed") =>
            {
                ErrorKind::CashgramNotActive
            }
            "412" => ErrorKind::PreconditionFailed,
            "400" | "405" | "413" | "422" => ErrorKind::InvalidRequest,
            "429" => ErrorKind::RateLimited,
            "500" | "502" | "503" | "504" => ErrorKind::ServerError,
            "520" => ErrorKind::UnknownError,
            _ => ErrorKind::Other,
        };
        Some(kind)
    }

    /// The kind of a Payouts v1 API error: its `subCode` (the HTTP status when the body has
    /// none) and message.
    pub fn of_api(error: &ApiError) -> Option<ErrorKind> {
        let sub_code = error.body_json().and_then(|j| match j.get("subCode") {
            Some(serde_json::Value::String(s)) if !s.is_empty() => Some(s.clone()),
            Some(serde_json::Value::Number(n)) => Some(n.to_string()),
            _ => None,
        });
        let sub_code = match sub_code {
            Some(code) => code,
            None if error.status != 200 && error.status != 0 => error.status.to_string(),
            None => return None,
        };
        ErrorKind::classify(&sub_code, &error.message)
    }

    /// The kind of any error a Payouts v1 call returned: an API error, or the configuration
    /// error a call returns when the client's own authorize call was refused (an IP that is not
    /// whitelisted is usually refused there). `None` for everything else.
    ///
    /// ```no_run
    /// use paygen::payouts_v1::{Client, ErrorKind};
    /// # async fn run(client: Client) {
    /// match client.get_cashgram_status().cashgram_id("JOHaN10").send().await {
    ///     Ok(answer) => println!("{:?}", answer.data),
    ///     Err(e) if ErrorKind::of(&e) == Some(ErrorKind::IpNotWhitelisted) => {
    ///         eprintln!("{}", ErrorKind::IpNotWhitelisted.what_to_do());
    ///     }
    ///     Err(e) => eprintln!("{e}"),
    /// }
    /// # }
    /// ```
    pub fn of(error: &Error) -> Option<ErrorKind> {
        match error {
            Error::Api(api) => ErrorKind::of_api(api),
            // The authorize call's own error, kept as the cause.
            Error::Config(c) => c.cause().and_then(ErrorKind::of),
            _ => None,
        }
    }

    /// What to do about it, in a sentence (also the error's `note`).
    pub fn what_to_do(&self) -> &'static str {
        match self {
            ErrorKind::InvalidCredentials => {
                "check the Payouts client id and secret (Payouts dashboard > Developers > API Keys) and that they \
                 belong to this environment"
            }
            ErrorKind::TokenInvalid => {
                "the bearer token was refused even after a fresh one was fetched; a token works only from the IP \
                 that fetched it, so check that calls leave from one IP"
            }
            ErrorKind::IpNotWhitelisted => {
                "this server's IP is not whitelisted for Payouts: whitelist its IPv4 address (Payouts dashboard > \
                 Developers > Two-Factor Authentication > IP Whitelist), or configure the account's Payouts public \
                 key (Config::with_payout_public_key_pem) so the authorize call carries X-Cf-Signature; not retried"
            }
            ErrorKind::NotFound => "check the id; nothing with it exists in this environment",
            ErrorKind::AlreadyExists => "the id is taken: look the existing one up instead of creating it again",
            ErrorKind::TokenMissing => "the call carried no bearer token; check that no proxy strips the Authorization header",
            ErrorKind::InsufficientBalance => "add funds to the Payouts balance, then create it again",
            ErrorKind::CashgramNotActive => "only an ACTIVE Cashgram can be deactivated; read its status",
            ErrorKind::PreconditionFailed => "a precondition failed; see the message",
            ErrorKind::InvalidRequest => "fix the request as the message says",
            ErrorKind::RateLimited => "slow down and try again later",
            ErrorKind::ServerError => {
                "an error at Cashfree; if the call moves money, look it up by your id before sending it again"
            }
            ErrorKind::UnknownError => {
                "intermittent downtime at Cashfree: retry after 10 to 15 minutes; if the call moves money, look \
                 it up by your id first"
            }
            ErrorKind::Other => "see the message and the raw body",
        }
    }

    /// How long to wait before trying again, when the documents say: 10 minutes for
    /// [`ErrorKind::UnknownError`] (the guide says 10 to 15).
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            ErrorKind::UnknownError => Some(Duration::from_secs(600)),
            _ => None,
        }
    }
}
