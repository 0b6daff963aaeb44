//! axum extractors for webhook endpoints (feature `axum`).
//!
//! [`CashfreeWebhook`] takes the request's headers and raw body, verifies the signature with
//! the [`Verifier`] in the router's state, parses the event, and otherwise answers
//! `401 Unauthorized` (signature, timestamp or header problems) or `400 Bad Request` (body
//! problems) with the reason as text.
//!
//! ```no_run
//! use axum::{routing::post, Router};
//! use paygen::webhooks::{axum::CashfreeWebhook, Event, Verifier};
//!
//! async fn receive(CashfreeWebhook(delivery): CashfreeWebhook) -> &'static str {
//!     if let Event::Payment(p) = delivery.webhook.event() {
//!         // record p.data.payment …, keyed by delivery.dedup_key()
//!         let _ = p;
//!     }
//!     "OK"
//! }
//!
//! let app: Router = Router::new()
//!     .route("/webhooks/cashfree", post(receive))
//!     .with_state(Verifier::new("client-secret").with_tolerance(std::time::Duration::from_secs(300)));
//! ```
//!
//! A state of your own works too, as long as `Verifier: FromRef<YourState>`.

use ::axum::body::Bytes;
use ::axum::extract::{FromRef, FromRequest, Request};
use ::axum::http::StatusCode;
use ::axum::response::{IntoResponse, Response};

use super::{parse, DeliveryHeaders, VerifiedWebhook, Verifier, Webhook, WebhookError};

/// A verified, parsed Cashfree webhook delivery, owning its body and text (an extractor
/// outlives the request body it read).
#[derive(Debug, Clone)]
pub struct CashfreeWebhook(pub VerifiedWebhook<'static>);

/// A parsed delivery that carries no signature to check (the Payin & Payout API documents
/// none). Confirm its state with the API before acting on it.
#[derive(Debug, Clone)]
pub struct UnsignedWebhook(pub Webhook<'static>);

/// Why an extractor refused a request; answers with its status and reason.
#[derive(Debug)]
#[non_exhaustive]
pub enum WebhookRejection {
    /// Verification or parsing failed.
    Invalid(WebhookError),
    /// The body could not be read (too large, connection error).
    Body {
        /// The status to answer.
        status: StatusCode,
        /// Why.
        message: String,
    },
}

impl WebhookRejection {
    /// The HTTP status this rejection answers with: 401 for authentication failures, 500 for a
    /// verifier without a secret, 413 for a body past the size limit, 400 for other body
    /// problems.
    pub fn status(&self) -> StatusCode {
        match self {
            WebhookRejection::Invalid(WebhookError::EmptySecret) => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
            WebhookRejection::Invalid(WebhookError::LimitExceeded {
                limit: super::Limit::BodyBytes,
                ..
            }) => StatusCode::PAYLOAD_TOO_LARGE,
            WebhookRejection::Invalid(e) if e.is_authentication_failure() => {
                StatusCode::UNAUTHORIZED
            }
            WebhookRejection::Invalid(_) => StatusCode::BAD_REQUEST,
            WebhookRejection::Body { status, .. } => *status,
        }
    }
}

impl std::fmt::Display for WebhookRejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WebhookRejection::Invalid(e) => write!(f, "webhook rejected: {e}"),
            WebhookRejection::Body { message, .. } => write!(f, "webhook rejected: {message}"),
        }
    }
}

impl IntoResponse for WebhookRejection {
    fn into_response(self) -> Response {
        if let WebhookRejection::Invalid(WebhookError::EmptySecret) = self {
            // The caller did nothing wrong; do not explain the server's configuration to it.
            tracing::error!("webhook verifier has an empty secret; refusing every delivery");
            return (
                StatusCode::INTERNAL_SERVER_ERROR,
                "webhook receiver is not configured",
            )
                .into_response();
        }
        (self.status(), self.to_string()).into_response()
    }
}

impl From<WebhookError> for WebhookRejection {
    fn from(e: WebhookError) -> Self {
        WebhookRejection::Invalid(e)
    }
}

/// Verifies and parses a delivery from its headers and raw body: the handler-side helper for
/// endpoints that read the body themselves.
pub fn verify_request<'a>(
    verifier: &Verifier,
    headers: &'a ::axum::http::HeaderMap,
    body: &'a [u8],
) -> Result<VerifiedWebhook<'a>, WebhookRejection> {
    Ok(verifier.verify_and_parse(headers, body)?)
}

async fn read_body<S: Send + Sync>(
    req: Request,
    state: &S,
) -> Result<(::axum::http::HeaderMap, Bytes), WebhookRejection> {
    let headers = req.headers().clone();
    let body = Bytes::from_request(req, state)
        .await
        .map_err(|e| WebhookRejection::Body {
            status: e.status(),
            message: e.body_text(),
        })?;
    Ok((headers, body))
}

impl<S> FromRequest<S> for CashfreeWebhook
where
    S: Send + Sync,
    Verifier: FromRef<S>,
{
    type Rejection = WebhookRejection;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let verifier = Verifier::from_ref(state);
        let (headers, body) = read_body(req, state).await?;
        verify_request(&verifier, &headers, &body).map(|d| CashfreeWebhook(d.into_owned()))
    }
}

impl<S> FromRequest<S> for UnsignedWebhook
where
    S: Send + Sync,
{
    type Rejection = WebhookRejection;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let (headers, body) = read_body(req, state).await?;
        let content_type = DeliveryHeaders::from_headers(&headers)?.content_type;
        Ok(UnsignedWebhook(
            parse(&body, content_type.as_deref())?.into_owned(),
        ))
    }
}
