//! The `paygen` tool, run as a user runs it: one test binary, each file a module.

mod call_cli;
mod mock_cli;
mod mock_flow_cli;
mod ops_cli;
mod payin_payout_cli;
mod payouts_signature_cli;
mod secrets_cli;
mod support;
mod trigger_listen_cli;
mod webhooks_cli;
