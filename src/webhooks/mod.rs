//! Webhooks: typed events for every documented webhook and signature verification.
