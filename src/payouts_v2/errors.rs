//! [`ErrorKind`]: what a Payouts v2 error means, from its `code`, `type` and HTTP status.

use super::auth::refuses_ip;
use crate::error_kind::{error_kind, Common, Reading};

error_kind! {
    /// What a Payouts v2 error means. Every non-2XX v2 answer is `{type, code, message}`: `type`
    /// is `invalid_request_error`, `authentication_error` or `api_error`; `code` names the case
    /// (`transfer_id_missing`, `beneficiary_not_found`, `transfer_id_already_exists`,
    /// `apis_not_enabled`, `internal_server_error`, and batch codes prefixed with the transfer's
    /// position, `transfers[0].transfer_id_invalid`). The same shape as every family's
    /// `ErrorKind`: [`ErrorKind::of`], [`ErrorKind::of_api`], [`ErrorKind::what_to_do`],
    /// [`ErrorKind::retry_after`].
    ///
    /// ```no_run
    /// use paygen::payouts_v2::{Client, ErrorKind};
    /// # async fn run(client: Client) {
    /// match client.get_transfer_status().transfer_id("JUNOB2018").send().await {
    ///     Ok(t) => println!("{:?}", t.status),
    ///     Err(e) if ErrorKind::of(&e) == Some(ErrorKind::NotFound) => eprintln!("no such transfer"),
    ///     Err(e) => eprintln!("{e}"),
    /// }
    /// # }
    /// ```
    pub enum ErrorKind {
        /// HTTP 401, or `authentication_error` below 500: the client id and secret were refused.
        AuthenticationFailed => "check the Payouts client id and secret (Payouts dashboard > Developers > API Keys) and that they belong to this environment";
        /// HTTP 403 naming the whitelist: the caller's IP is not whitelisted. Never retried.
        IpNotWhitelisted => "whitelist this server's IPv4 address on the Payouts dashboard, or configure the account's Payouts public key (Config::with_payout_public_key_pem) so every call carries x-cf-signature";
        /// `apis_not_enabled` (HTTP 403): the account may not call the Payouts APIs.
        ApisNotEnabled => "ask Cashfree to enable the Payouts APIs for this account (the support form the message links to); retrying will not help";
        /// A code ending in `_not_found`, or HTTP 404 (`beneficiary_not_found`,
        /// `transfer_id_not_found`, `cf_batch_transfer_id`).
        NotFound => "check the id (or create the beneficiary first): nothing with it exists in this environment";
        /// A code ending in `_already_exists`, or HTTP 409: the transfer or batch id is taken.
        AlreadyExists => "the id is taken: look the existing transfer up (get_transfer_status / get_batch_transfer_status) instead of creating it again";
        /// `invalid_request_error` (HTTP 400, 422): a field is missing or invalid
        /// (`transfer_id_missing`, `transfer_mode_invalid`, `transfers[0].transfer_id_invalid`).
        InvalidRequest => "fix the request as the message says (a batch code names the transfer's position)";
        /// HTTP 429.
        RateLimited => "slow down and try again later";
        /// `api_error`, or HTTP 5xx whatever the type (`internal_server_error`, "Unable to
        /// authenticate the request"): an error at Cashfree.
        ServerError => "an error at Cashfree: do not initiate another transfer; look it up by your transfer_id first (Cashfree: \"When you get a 5XX response, do not initiate another transaction. Check the status.\")";
        /// A type or code this version does not know.
        Other => "see the message and the raw body";
    }
    classify = classify;
}

fn classify(r: &Reading<'_>) -> Option<ErrorKind> {
    let common = Common::of(r)?;
    if refuses_ip(r.status, r.body) {
        return Some(ErrorKind::IpNotWhitelisted);
    }
    if r.code == "apis_not_enabled" {
        return Some(ErrorKind::ApisNotEnabled);
    }
    Some(match common {
        Common::Authentication => ErrorKind::AuthenticationFailed,
        Common::FeatureNotEnabled => ErrorKind::ApisNotEnabled,
        Common::NotFound => ErrorKind::NotFound,
        Common::AlreadyExists => ErrorKind::AlreadyExists,
        Common::RateLimited => ErrorKind::RateLimited,
        Common::Server => ErrorKind::ServerError,
        Common::InvalidRequest | Common::Idempotency => ErrorKind::InvalidRequest,
        Common::Other => ErrorKind::Other,
    })
}
