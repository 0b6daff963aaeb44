//! [`ErrorKind`]: what a Payouts v1 error means, from its `subCode` (and, where one sub-code
//! carries several documented meanings, its message).

use crate::error_kind::{error_kind, Envelope, Reading};

error_kind! {
    /// What a Payouts v1 error means.
    ///
    /// Payouts v1 answers a request it processed with HTTP 200 and `{status, subCode, message}`
    /// (document 002: "scan error sub-code and not error messages"); the public reference shows the
    /// same bodies with HTTP error statuses too. Either way the client returns an
    /// [`crate::Error::Api`] whose [`crate::ApiError::code`] is the `subCode`, whose `message` and `raw_body` are
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
    ///
    /// [`ErrorKind::of`] also reads the configuration error a call returns when the client's
    /// own authorize call was refused (an IP that is not whitelisted is usually refused there):
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
    pub enum ErrorKind {
        /// 401, or 403 naming the client id — "Invalid clientId and clientSecret combination".
        InvalidCredentials => "check the Payouts client id and secret (Payouts dashboard > Developers > API Keys) and that they belong to this environment";
        /// 403 — "Token is not valid": expired, malformed, or issued to another IP. The client
        /// fetches a new token and sends the call once more; this is what remains when that failed.
        TokenInvalid => "the bearer token was refused even after a fresh one was fetched; a token works only from the IP that fetched it, so check that calls leave from one IP";
        /// 403 — "IP not whitelisted". Never retried: whitelist the IP or sign with the public key.
        IpNotWhitelisted => "this server's IP is not whitelisted for Payouts: whitelist its IPv4 address (Payouts dashboard > Developers > Two-Factor Authentication > IP Whitelist), or configure the account's Payouts public key (Config::with_payout_public_key_pem) so the authorize call carries X-Cf-Signature; not retried";
        /// 404 — no Cashgram with that id.
        NotFound => "check the id; nothing with it exists in this environment";
        /// 409 — the id is taken ("Cashgram with id … already exists").
        AlreadyExists => "the id is taken: look the existing one up instead of creating it again";
        /// 412 — "Token missing in the request".
        TokenMissing => "the call carried no bearer token; check that no proxy strips the Authorization header";
        /// 412 (or 422) — "Available balance is less than requested cashgram amount."
        InsufficientBalance => "add funds to the Payouts balance, then create it again";
        /// 412 — only ACTIVE Cashgrams can be deactivated ("… has already been Expired").
        CashgramNotActive => "only an ACTIVE Cashgram can be deactivated; read its status";
        /// 412 with a message none of the above.
        PreconditionFailed => "a precondition failed; see the message";
        /// 400, 405, 413 or 422 — the request is malformed or a field is invalid (remarks with
        /// punctuation, a bad phone, a linkExpiry beyond 30 days, …).
        InvalidRequest => "fix the request as the message says";
        /// 429 — too many requests.
        RateLimited => "slow down and try again later";
        /// 500, 502, 503 or 504 — an error at Cashfree or a gateway before it (internal error, no
        /// active fund source, rates not configured, unavailable).
        ServerError => "an error at Cashfree; if the call moves money, look it up by your id before sending it again";
        /// 520 — "Unknown error occurred": intermittent downtime at Cashfree; the troubleshooting
        /// guide says to retry after 10 to 15 minutes (`retry_after` says 10 minutes).
        UnknownError => "intermittent downtime at Cashfree: retry after 10 to 15 minutes; if the call moves money, look it up by your id first", retry after 600 s;
        /// Any other sub-code.
        Other => "see the message and the raw body";
    }
    classify = |r: &Reading<'_>| ErrorKind::classify(r.sub_code()?.as_ref(), &r.words);
}

impl ErrorKind {
    /// The kind for a v1 `subCode` and `message`; `None` for success (`200`).
    pub fn classify(sub_code: &str, message: &str) -> Option<ErrorKind> {
        Some(
            match Envelope::of(sub_code, &message.to_ascii_lowercase())? {
                Envelope::InvalidCredentials => ErrorKind::InvalidCredentials,
                Envelope::IpNotWhitelisted => ErrorKind::IpNotWhitelisted,
                // Payouts v1 documents two meanings of 403: the IP and the token.
                Envelope::TokenInvalid | Envelope::NotEnabled | Envelope::Forbidden => {
                    ErrorKind::TokenInvalid
                }
                Envelope::NotFound => ErrorKind::NotFound,
                Envelope::AlreadyExists => ErrorKind::AlreadyExists,
                Envelope::TokenMissing => ErrorKind::TokenMissing,
                Envelope::InsufficientBalance => ErrorKind::InsufficientBalance,
                Envelope::NotActive => ErrorKind::CashgramNotActive,
                Envelope::PreconditionFailed => ErrorKind::PreconditionFailed,
                Envelope::InvalidRequest => ErrorKind::InvalidRequest,
                Envelope::RateLimited => ErrorKind::RateLimited,
                Envelope::Server => ErrorKind::ServerError,
                Envelope::UnknownError => ErrorKind::UnknownError,
                Envelope::Other => ErrorKind::Other,
            },
        )
    }
}
