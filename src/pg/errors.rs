//! What a Payment Gateway error says: its `type` ([`ErrorType`]) and `code` ([`ErrorCode`]) as
//! the Errors page lists them (`../shared/docs/pages/022_payments_errors.txt`, plus the codes the
//! reference's samples add), as open enums, and what it means for the caller ([`ErrorKind`]).
//! The PG spec's `ErrorType` and `ErrorCode` components are replaced by these
//! (`x-paygen-replace`); `tests/project/spec_enums.rs` checks that the lists agree.

use crate::error::ApiError;
use crate::error_kind::{error_kind, Common, Reading};

crate::open_enum! {
    /// The category of an API error (`type` in the error body).
    pub enum ErrorType {
        /// Network communication issue with API server.
        ApiConnectionError = "api_connection_error",
        /// General server error during request processing.
        ApiError = "api_error",
        /// Authentication failed due to invalid or missing credentials.
        AuthenticationError = "authentication_error",
        /// Request is malformed or has invalid parameters.
        InvalidRequestError = "invalid_request_error",
        /// Requested feature is not enabled for the account.
        FeatureNotEnabled = "feature_not_enabled",
        /// Too many requests sent in a short time.
        RateLimitError = "rate_limit_error",
        /// Request failed validation checks.
        ValidationError = "validation_error",
        /// Repeated request with same idempotency key caused conflict.
        IdempotencyError = "idempotency_error",
        /// Received invalid response from upstream server.
        BadGatewayError = "bad_gateway_error",
    }
}

crate::open_enum! {
    /// The specific reason for an API error (`code` in the error body).
    pub enum ErrorCode {
        /// Card type not supported by payment system.
        CardUnsupported = "card_unsupported",
        /// Payment method not accepted for this transaction.
        PaymentMethodUnsupported = "payment_method_unsupported",
        /// Surcharge amount is missing, incorrect, or not allowed.
        SurchargeInvalid = "surcharge_invalid",
        /// Selected payment gateway is not supported.
        PaymentGatewayUnsupported = "payment_gateway_unsupported",
        /// Card submission is currently disabled or blocked.
        CardSubmissionDisabled = "card_submission_disabled",
        /// Order amount is missing, negative, or exceeds limits.
        OrderAmountInvalid = "order_amount_invalid",
        /// Order is no longer active or has expired.
        OrderInactive = "order_inactive",
        /// Customer email is missing or incorrectly formatted.
        CustomerEmailInvalid = "customer_email_invalid",
        /// Provided API version is not supported or malformed.
        VersionInvalid = "version_invalid",
        /// Order token is missing, expired, or incorrect.
        OrderTokenInvalid = "order_token_invalid",
        /// Sub-session ID is missing or invalid.
        SubSessionIdInvalid = "sub_session_id_invalid",
        /// Payment session ID is missing or does not exist.
        PaymentSessionIdInvalid = "payment_session_id_invalid",
        /// Native OTP session ID is invalid or expired.
        NativeOtpSessionIdInvalid = "native_otp_session_id_invalid",
        /// Flash UPI auth token is invalid or expired.
        FlashUpiAuthTokenInvalid = "flash_upi_auth_token_invalid",
        /// Session cookie is missing, expired, or malformed.
        CookieInvalid = "cookie_invalid",
        /// Order ID is incorrect, missing, or unrecognised.
        OrderIdInvalid = "order_id_invalid",
        /// Order expiry time is missing, invalid, or in past.
        OrderExpiryTimeInvalid = "order_expiry_time_invalid",
        /// Order ID exists, but payment was not completed.
        OrderIdNotPaid = "order_id_not_paid",
        /// Order was voided and cannot be processed further.
        OrderIdVoided = "order_id_voided",
        /// Refund amount is missing, invalid, or exceeds original payment.
        RefundAmountInvalid = "refund_amount_invalid",
        /// Refund ID is missing, incorrect, or unrecognised.
        RefundIdInvalid = "refund_id_invalid",
        /// Invalid or unsupported netbanking bank code provided.
        NetbankingBankCodeInvalid = "netbanking_bank_code_invalid",
        /// Specified payment method is invalid or not recognised.
        PaymentMethodInvalid = "payment_method_invalid",
        /// Refund cannot be processed due to invalid conditions.
        RefundInvalid = "refund_invalid",
        /// Vendor ID is missing, malformed, or not recognised.
        VendorIdInvalid = "vendor_id_invalid",
        /// Payment gateway is inactive or unavailable.
        PaymentGatewayInactive = "payment_gateway_inactive",
        /// Customer phone number is missing or incorrectly formatted.
        CustomerPhoneInvalid = "customer_phone_invalid",
        /// Partner API key is missing, invalid, or unauthorised.
        PartnerApikeyInvalid = "partner_apikey_invalid",
        /// Payment amount is missing, negative, or incorrectly formatted.
        PaymentAmountInvalid = "payment_amount_invalid",
        /// Refund operation is unsupported for this payment type.
        RefundUnsupported = "refund_unsupported",
        /// Order has already been paid successfully.
        OrderAlreadyPaid = "order_already_paid",
        /// Bank failed to process the payment request.
        BankProcessingFailure = "bank_processing_failure",
        /// API request timed out before completion.
        ApiRequestTimeout = "api_request_timeout",
        /// SDK token is invalid or malformed.
        SdkTokenInvalid = "sdk_token_invalid",
        /// Unknown SDK token provided in the request.
        SdkTokenUnknown = "sdk_token_unknown",
        /// Simulation ID is invalid or does not exist.
        SimulationIdInvalid = "simulation_id_invalid",
        /// Entity ID is incorrect, missing, or unrecognised.
        EntityIdInvalid = "entity_id_invalid",
        /// Entity type is not supported for this operation.
        EntityUnsupported = "entity_unsupported",
        /// Simulation ID is required but missing in request.
        SimulationIdMissing = "simulation_id_missing",
        /// Subscription ID is required but missing.
        SubscriptionIdMissing = "subscription_id_missing",
        /// Payment ID is missing or not found.
        PaymentIdMissing = "payment_id_missing",
        /// Plan ID is missing, invalid, or not found.
        PlanIdMissing = "plan_id_missing",
        /// Refund ID is required but missing.
        RefundIdMissing = "refund_id_missing",
        /// Failed to create payment form due to internal error.
        PaymentformFormCreationFailed = "PaymentForm_form_creation_failed",
        /// Failed to create payment link due to system issue.
        PaymentformLinkCreationFailed = "PaymentForm_link_creation_failed",
        /// Order already exists with the given ID or details.
        OrderAlreadyExists = "order_already_exists",
        /// OrderPay object already exists for this order.
        OrderpayAlreadyExists = "orderpay_already_exists",
        /// Order ID already exists and cannot be duplicated.
        OrderIdAlreadyExists = "order_id_already_exists",
        /// Invalid or unapproved domain name in referer header.
        DomainNameRefererstring = "domain_name_refererString",
        /// Seen in the reference's samples; not on the Errors page.
        AndroidPackageXRequestedWith = "android_package_{xRequestedWith}",
        /// Referenced entity is not approved for this operation.
        ReftypeNotApproved = "refType_not_approved",
        /// Referenced entity is not eligible for this operation.
        ReftypeIneligible = "refType_ineligible",
        /// Payment gateway inactive; request could not be completed.
        PaymentGatewayInactiveRequestFailed = "payment_gateway_inactive_request_failed",
        /// Subscription ID missing; request failed.
        SubscriptionIdMissingRequestFailedFailed = "subscription_id_missing_request_failed_failed",
        /// Simulation ID missing; request failed.
        SimulationIdMissingRequestFailedFailed = "simulation_id_missing_request_failed_failed",
        /// COD eligibility check failed for this order.
        CodEligibilityFailed = "cod_eligibility_failed",
        /// Failed to create payment link due to internal issue.
        PaymentlinkCreateFailed = "Paymentlink_create_failed",
        /// OTP submission failed during headless authentication flow.
        HeadlessOtpSubmitRequestFailed = "headless_otp_submit_request_failed",
        /// Order creation failed due to validation or server error.
        OrderCreationFaied = "order_creation_faied",
        /// PAN submission failed due to invalid data or server error.
        PanSubmitFailed = "pan_submit_failed",
        /// GSTIN submission failed due to incorrect or missing data.
        GstinSubmitFailed = "gstin_submit_failed",
        /// CIN submission failed due to invalid or missing data.
        CinSubmitFailed = "cin_submit_failed",
        /// IP address risk check failed during request processing.
        RiskDataIpAddressRequestFailed = "risk_data_ip_address_request_failed",
        /// Cart creation failed due to invalid input or server issue.
        CartCreateFailed = "cart_create_failed",
        /// Order creation failed; please retry or check input data.
        OrderCreateFailed = "order_create_failed",
        /// Order payment attempt failed due to processing error.
        OrderPayFailed = "order_pay_failed",
        /// Refund request failed to post due to system error.
        RefundPostFailed = "refund_post_failed",
        /// Failed to post link request to server.
        LinkPostFailed = "link_post_failed",
        /// API request failed due to timeout or internal error.
        ApiRequestFailed = "api_request_failed",
        /// Form submission failed due to validation or processing error.
        FormPostFailed = "form_post_failed",
        /// Aadhaar OTP generation failed during identity verification.
        AadharOtpGenerationFailed = "aadhar_otp_generation_failed",
        /// Aadhaar OTP verification failed or expired.
        AadharOtpVerificationFailed = "aadhar_otp_verification_failed",
        /// PAN verification failed due to a mismatch or system error.
        PanVerificationFailed = "pan_verification_failed",
        /// Bank account verification failed due to invalid input.
        BankAccountVerificationFailed = "bank_account_verification_failed",
        /// OTP generation failed due to rate limits or server error.
        OtpGenerationFailed = "otp_generation_failed",
        /// OTP has expired; please request a new one.
        OtpExpiredFailed = "otp_expired_failed",
        /// OTP is invalid or does not match.
        OtpInvalidFailed = "otp_invalid_failed",
        /// Reference ID is invalid or not found.
        RefIdInvalidFailed = "ref_id_invalid_failed",
        /// Shipping info fetch failed due to network or service error.
        ShippingFetchFailed = "shipping_fetch_failed",
        /// Entity simulation failed during payment processing.
        EntitySimulationPaymentErrorCodeFailed = "entity_simulation_payment_error_code_failed",
        /// GST verification failed due to incorrect or unverified GSTIN.
        GstVerificationFailed = "gst_verification_failed",
        /// Offer not found or does not exist.
        OfferNotFound = "offer_not_found",
        /// Customer not found with given details.
        CustomerGetNotFound = "customer_get_not_found",
        /// Payment record not found for provided ID.
        PaymentNotFound = "payment_not_found",
        /// Payment request failed; resource not found.
        PaymentPostNotFound = "payment_post_not_found",
        /// Entity ID not found or unrecognised.
        EntityidNotFound = "entityId_not_found",
        /// Order not found for given ID.
        OrderGetNotFound = "order_get_not_found",
        /// Cart not found for current session or ID.
        CartGetNotFound = "cart_get_not_found",
        /// OrderPay request not found or already processed.
        OrderpayPostNotFound = "orderpay_post_not_found",
        /// Card alias not found or invalid.
        CardAliasNotFound = "card_alias_not_found",
        /// Card BIN details not available or missing.
        CardbinDetailsNotFound = "cardbin_details_not_found",
        /// Card not found or does not exist.
        CardNotFound = "card_not_found",
        /// Order ID not found in post request.
        OrderIdPostNotFound = "order_id_post_not_found",
        /// Mode rate information not available or missing.
        ModeratesGetNotFound = "modeRates_get_not_found",
        /// Refund information not found for provided ID.
        RefundGetNotFound = "refund_get_not_found",
        /// Transaction details not found or unavailable.
        TransactionGetNotFound = "transaction_get_not_found",
        /// Settlement not found for provided identifier.
        SettlementGetNotFound = "settlement_get_not_found",
        /// Payment link not found or deleted.
        LinkGetNotFound = "link_get_not_found",
        /// Merchant account not found or unregistered.
        MerchantGetNotFound = "merchant_get_not_found",
        /// Terminal ID not found in post request.
        TerminalIdPostNotFound = "terminal_id_post_not_found",
        /// Resource not found during post request.
        ResourcePostNotFound = "resource_post_not_found",
        /// Terminal not found or inactive.
        TerminalPostNotFound = "terminal_post_not_found",
        /// Order request not found or expired.
        OrderRequestNotFound = "order_request_not_found",
        /// Payment request not found or invalid.
        PaymentRequestNotFound = "payment_request_not_found",
        /// Dispute request not found or missing.
        DisputeRequestNotFound = "dispute_request_not_found",
        /// Document request not found or expired.
        DocumentRequestNotFound = "document_request_not_found",
        /// Requested resource not found or unavailable.
        ResourceGetNotFound = "resource_get_not_found",
        /// Form not found or has been removed.
        FormGetNotFound = "form_get_not_found",
        /// Authentication failed due to invalid or missing credentials.
        AuthenticationError = "authentication_error",
        /// Customer instruments request failed authentication.
        CustomerInstrumentsAuthenticationError = "customer_instruments_authentication_error",
        /// Integrity token not found or expired.
        IntegrityTokenNotFound = "integrity_token_not_found",
        /// Checkout configuration not found or misconfigured.
        CheckoutConfigNotFound = "checkout_config_not_found",
        /// API error: requested resource not found.
        ApiErrorNotFound = "api_error_not_found",
        /// Payment instrument not found or unsupported.
        PaymentInstrumentNotFound = "payment_instrument_not_found",
        /// Order does not exist or was deleted.
        OrderNotFound = "order_not_found",
        /// Instrument not found for current customer or request.
        InstrumentNotFound = "instrument_not_found",
        /// Request failed due to server or network error.
        RequestFailed = "request_failed",
        /// Cryptogram generation failed or request is invalid.
        CryptogramRequestFailed = "cryptogram_request_failed",
        /// Authorise-only is not allowed for this transaction.
        AuthorizeOnlyInvalid = "authorize_only_invalid",
        /// Card number is invalid or incorrectly formatted.
        CardNumberInvalid = "card_number_invalid",
        /// EMI tenure is invalid or unsupported for selection.
        EmiTenureInvalid = "emi_tenure_invalid",
        /// Seen in the reference's samples; not on the Errors page.
        RequestInvalid = "request_invalid",
        /// Seen in the reference's samples; not on the Errors page.
        InternalError = "internal_error",
    }
}

impl ErrorType {
    /// The `type` of a PG API error, when its body had one (unknown types are kept).
    ///
    /// ```
    /// use paygen::pg::ErrorType;
    /// assert_eq!(ErrorType::from("idempotency_error"), ErrorType::IdempotencyError);
    /// ```
    pub fn of(error: &ApiError) -> Option<ErrorType> {
        error.error_type.as_deref().map(ErrorType::from)
    }

    /// True for the types the documents describe as passing conditions (network trouble,
    /// server errors, rate limits, bad gateways) rather than problems with the request.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            ErrorType::ApiConnectionError
                | ErrorType::ApiError
                | ErrorType::RateLimitError
                | ErrorType::BadGatewayError
        )
    }
}

impl ErrorCode {
    /// The `code` of a PG API error, when its body had one (unknown codes are kept as
    /// `Unknown`).
    pub fn of(error: &ApiError) -> Option<ErrorCode> {
        error.code.as_deref().map(ErrorCode::from)
    }
}

error_kind! {
    /// What a Payment Gateway error means for the caller, from its `type`, its `code` and the
    /// HTTP status (the Errors page: nine types, 121 codes; the samples add two). The same shape
    /// as every family's `ErrorKind`: [`ErrorKind::of`], [`ErrorKind::of_api`],
    /// [`ErrorKind::what_to_do`], [`ErrorKind::retry_after`].
    ///
    /// ```no_run
    /// use paygen::pg::{Client, ErrorKind};
    /// # async fn run(client: Client) {
    /// match client.get_order().order_id("order_42").send().await {
    ///     Ok(order) => println!("{:?}", order.order_status),
    ///     Err(e) => match ErrorKind::of(&e) {
    ///         Some(ErrorKind::NotFound) => eprintln!("no such order"),
    ///         Some(kind) => eprintln!("{e}: {}", kind.what_to_do()),
    ///         None => eprintln!("{e}"),
    ///     },
    /// }
    /// # }
    /// ```
    pub enum ErrorKind {
        /// `authentication_error` (HTTP 401): the client id and secret, or the partner key,
        /// were refused.
        AuthenticationFailed => "check the client id and secret (or the partner API key and merchant id) and that they belong to this environment; nothing was done";
        /// `idempotency_error` (HTTP 422 in the samples): the `x-idempotency-key` was used
        /// before with another request.
        IdempotencyConflict => "the idempotency key was used before for another request: send the first request again unchanged to get its answer, or use a new key for a new request";
        /// `feature_not_enabled`: the account does not have the product or the payment method.
        FeatureNotEnabled => "ask Cashfree (Merchant Dashboard > support) to enable the feature for this account; retrying will not help";
        /// `rate_limit_error` (HTTP 429).
        RateLimited => "slow down: wait as the x-ratelimit-retry / x-ratelimit-reset headers say (at least a minute without them), then try again";
        /// A code ending in `_not_found` (`payment_not_found`, `order_not_found`, …) or HTTP
        /// 404: nothing with that id.
        NotFound => "check the id: nothing with it exists in this environment";
        /// `order_already_exists`, `order_id_already_exists`, `orderpay_already_exists`, or HTTP
        /// 409: the id is taken.
        AlreadyExists => "the id is taken: fetch the existing one instead of creating it again";
        /// `order_inactive`, `order_already_paid`, `order_id_voided`: the order can take no
        /// more payments.
        OrderNotPayable => "the order can take no more payments: read its status (get_order), and create a new order if the customer still has to pay";
        /// `bank_processing_failure` (HTTP 502): the bank failed or has not answered yet; the
        /// payment may still change.
        BankProcessingFailure => "the bank failed or has not answered yet: look the payment up (get_payment_by_id) before asking the customer to pay again";
        /// `api_error`, `api_connection_error`, `bad_gateway_error`, or HTTP 5xx: an error at
        /// Cashfree or between it and the bank.
        ServerError => "an error at Cashfree: try again later; if the call moves money, look it up by your own id first";
        /// `invalid_request_error` or `validation_error` (HTTP 400, 422) with a code none of the
        /// above: the request is malformed or a field is invalid.
        InvalidRequest => "fix the request as the message says";
        /// A type or code this version does not know.
        Other => "see the message and the raw body";
    }
    classify = classify;
}

/// The kind of a PG error: the codes that name a case first, then the common classes.
fn classify(r: &Reading<'_>) -> Option<ErrorKind> {
    let common = Common::of(r)?;
    let kind = match ErrorCode::from(r.code) {
        ErrorCode::BankProcessingFailure => ErrorKind::BankProcessingFailure,
        ErrorCode::OrderAlreadyExists
        | ErrorCode::OrderIdAlreadyExists
        | ErrorCode::OrderpayAlreadyExists => ErrorKind::AlreadyExists,
        ErrorCode::OrderInactive | ErrorCode::OrderAlreadyPaid | ErrorCode::OrderIdVoided => {
            ErrorKind::OrderNotPayable
        }
        _ => match common {
            Common::Authentication => ErrorKind::AuthenticationFailed,
            Common::Idempotency => ErrorKind::IdempotencyConflict,
            Common::FeatureNotEnabled => ErrorKind::FeatureNotEnabled,
            Common::RateLimited => ErrorKind::RateLimited,
            Common::NotFound => ErrorKind::NotFound,
            Common::AlreadyExists => ErrorKind::AlreadyExists,
            Common::Server => ErrorKind::ServerError,
            Common::InvalidRequest => ErrorKind::InvalidRequest,
            Common::Other => ErrorKind::Other,
        },
    };
    Some(kind)
}
