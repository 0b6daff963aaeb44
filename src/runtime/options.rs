//! [`CallOptions`]: the per-call options a helper that wraps operations passes on to them.

/// Per-call options of a helper that sends several operations (the `*_exactly_once` helpers),
/// passed on to each operation it sends, as the operations' own builders take them.
///
/// ```
/// let options = paygen::CallOptions::new().request_id("transfer-42-attempt-1");
/// assert_eq!(options.request_id_of(), Some("transfer-42-attempt-1"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CallOptions {
    request_id: Option<String>,
}

impl CallOptions {
    /// No options: each call gets a fresh request id.
    pub fn new() -> CallOptions {
        CallOptions::default()
    }

    /// The `x-request-id` of the create call; a status lookup after it is sent with this id
    /// and the suffix `-lookup` (`transfer-42` and `transfer-42-lookup`), so both are found
    /// under one id in the provider's logs. Every `*_exactly_once_with` helper takes it.
    pub fn request_id(mut self, id: impl Into<String>) -> CallOptions {
        self.request_id = Some(id.into());
        self
    }

    /// The request id set, if any.
    pub fn request_id_of(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The request id of the lookup that follows the create, if one was set.
    #[cfg_attr(
        not(any(feature = "payouts", feature = "payin-payout")),
        allow(dead_code)
    )]
    pub(crate) fn lookup_request_id(&self) -> Option<String> {
        self.request_id.as_ref().map(|id| format!("{id}-lookup"))
    }
}
