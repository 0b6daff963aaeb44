//! The `paygen` tool, run as a user runs it: one test binary, each file a module.

mod mock_cli;
mod payin_payout_cli;
mod payouts_signature_cli;
mod webhooks_cli;
