//! [`ErrorKind`]: what a Payin & Payout error means.

use super::rejection::mentions_timestamp;
use crate::error_kind::{error_kind, Reading};

error_kind! {
    /// What a Payin & Payout error means. The provider's document shows no error statuses or
    /// error bodies: a failure is the answer envelope with `success: false` or a non-empty
    /// `error`, at any HTTP status (`specs/payin-payout.yaml`, `ApiError`), and the one
    /// rejection it describes is of a timestamp "too old or invalid". So this reads the HTTP
    /// status first and the envelope's words second. The same shape as every family's
    /// `ErrorKind`: [`ErrorKind::of`], [`ErrorKind::of_api`], [`ErrorKind::what_to_do`],
    /// [`ErrorKind::retry_after`].
    ///
    /// ```no_run
    /// use paygen::payin_payout::{Client, ErrorKind};
    /// # async fn run(client: Client) {
    /// if let Err(e) = client.get_balance().send().await {
    ///     if ErrorKind::of(&e) == Some(ErrorKind::TimestampRejected) {
    ///         eprintln!("{}", ErrorKind::TimestampRejected.what_to_do());
    ///     }
    /// }
    /// # }
    /// ```
    pub enum ErrorKind {
        /// The rejection speaks of the request's `Timestamp` ("if the timestamp is too old or
        /// invalid, the request will be rejected").
        TimestampRejected => "sync this server's clock (NTP): the Timestamp header is the current time in milliseconds, and the error's note shows the one used";
        /// The rejection speaks of the signature, or is HTTP 401 / 403: the access key, the
        /// secret key, or the calling IP (the document asks for it to be whitelisted) was refused.
        Unauthorized => "check the access key and secret key (CRM: Profile > API Keys) and that this server's IP is whitelisted with the provider";
        /// The rejection speaks of the balance: the wallet cannot pay this payout.
        InsufficientBalance => "add funds to the wallet (get_balance shows it), then initiate a new payout";
        /// HTTP 404: nothing with that order id.
        NotFound => "check the order id: nothing with it exists";
        /// HTTP 409: the order id is taken.
        AlreadyExists => "the order id is taken: look it up (get_payout_status / get_payin_status) instead of sending it again";
        /// HTTP 400 or 422, or any other rejection: the provider refused the request as sent.
        InvalidRequest => "fix the request as the message and the error say";
        /// HTTP 429.
        RateLimited => "slow down and try again later";
        /// HTTP 5xx: an error at the provider.
        ServerError => "an error at the provider: try again later; for a payout, look it up by its order_id first";
        /// An answer this version cannot place.
        Other => "see the message and the raw body";
    }
    classify = classify;
}

fn classify(r: &Reading<'_>) -> Option<ErrorKind> {
    if r.status < 400 && !super::rejection::is_failure(r.body) {
        return None;
    }
    let words = |w: &str| r.says(w) || r.code.to_ascii_lowercase().contains(w);
    Some(match r.status {
        500..=599 => ErrorKind::ServerError,
        429 => ErrorKind::RateLimited,
        _ if mentions_timestamp(r.body) => ErrorKind::TimestampRejected,
        _ if words("signature") => ErrorKind::Unauthorized,
        _ if words("balance") => ErrorKind::InsufficientBalance,
        401 | 403 => ErrorKind::Unauthorized,
        404 => ErrorKind::NotFound,
        409 => ErrorKind::AlreadyExists,
        _ => ErrorKind::InvalidRequest,
    })
}
