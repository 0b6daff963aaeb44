//! The delivery hook: every state change Cashfree documents a webhook for is published here as
//! a [`MockEvent`]. Webhook delivery (signing, `--forward-to`, retries) subscribes to this
//! channel; tests can subscribe too ([`MockServer::events`](super::MockServer::events)).

use tokio::sync::broadcast;

/// How many events a slow subscriber may fall behind before it misses the oldest (the channel
/// is bounded; a lagging receiver gets `RecvError::Lagged` rather than unbounded memory).
pub const CHANNEL_CAPACITY: usize = 1024;

/// A state change a webhook is documented for.
#[derive(Clone, Debug, PartialEq)]
pub struct MockEvent {
    /// The family's spec (`cashfree-pg`, `cashfree-payouts-v2`).
    pub family: &'static str,
    /// The documented event type (`PAYMENT_SUCCESS_WEBHOOK`, `TRANSFER_SUCCESS`, …).
    pub event_type: String,
    /// The id of the resource that changed (order id, transfer id, …): deliveries for one
    /// resource must keep this order.
    pub resource_id: String,
    /// The webhook's `data` object as exact JSON text (amounts keep their scale: a
    /// `serde_json::Value` would turn `100.50` into `100.5`).
    pub data: String,
    /// When it happened, by the mock's clock (RFC 3339).
    pub event_time: String,
}

/// The sending side, held by the server and handed to state rules.
#[derive(Clone, Debug)]
pub struct EventSink {
    sender: broadcast::Sender<MockEvent>,
}

impl Default for EventSink {
    fn default() -> Self {
        EventSink {
            sender: broadcast::channel(CHANNEL_CAPACITY).0,
        }
    }
}

impl EventSink {
    /// Publishes an event; with no subscriber it is dropped.
    pub fn publish(&self, event: MockEvent) {
        let _ = self.sender.send(event);
    }

    /// A new receiver that sees every event published from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<MockEvent> {
        self.sender.subscribe()
    }
}
