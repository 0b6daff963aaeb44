//! `paygen::mock`: a stateful local Cashfree for tests, the quickstart and `paygen mock`.
//!
//! One port serves every operation of every spec, at each family's documented path (see
//! [`families`]). Requests are authenticated as each family documents ([`auth`]), validated
//! against their spec ([`validation`]), deduplicated by `x-idempotency-key`
//! ([`idempotency`]), and answered by the family's state rules ([`state`]) or, for operations
//! without rules yet, from the spec's response schema ([`shape`]). A controllable [`clock`]
//! expires orders and tokens without sleeping; a [`log`] records every request; state changes
//! are published as [`events`] and delivered, signed, by [`webhooks`]; [`faults`] make chosen
//! operations fail on demand; the [`control`] API exposes it all over HTTP.
//!
//! ```no_run
//! use paygen::mock::MockServer;
//! use paygen::pg;
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let mock = MockServer::start().await?;          // ephemeral loopback port
//! let client = pg::Client::from_config(mock.config())?;
//! // … drive the client; advance time to expire an order:
//! mock.clock().advance(std::time::Duration::from_secs(3600));
//! # Ok(()) }
//! ```

pub mod answer;
pub mod auth;
pub mod bounded;
pub mod clock;
pub mod connection;
pub mod control;
pub mod cursor;
pub mod events;
pub mod families;
pub mod faults;
pub mod idempotency;
pub mod ids;
pub mod log;
pub mod router;
pub mod server;
pub mod shape;
pub mod state;
pub mod trigger;
pub mod validation;
pub mod webhooks;

pub use auth::{MockCredentials, TEST_PAYOUT_PUBLIC_KEY_PEM};
pub use clock::MockClock;
pub use events::MockEvent;
pub use families::Family;
pub use faults::{Fault, FaultKind};
pub use log::RequestRecord;
pub use server::{MockOptions, MockServer, StartError};
pub use trigger::{TriggerError, Triggered};
pub use webhooks::{DeliveryRecord, Endpoint, PayloadVersion, RetryPolicy};
