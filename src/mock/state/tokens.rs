//! The bearer-token calls of Payouts v1 (and Cashgram), OneEscrow and Global Collections:
//! authorize issues a token that expires after the server's token lifetime (300 s unless
//! configured); verify says whether a token is still good. Credentials were checked by
//! [`auth`](crate::mock::auth) before these run.

use serde_json::json;

use super::{Call, Ctx, FamilyState, Handled};
use crate::mock::answer::{Answer, Refusal};
use crate::mock::families::Family;

/// Token issue and verification.
#[derive(Debug, Default)]
pub struct TokenState;

impl FamilyState for TokenState {
    fn families(&self) -> &'static [Family] {
        &[
            Family::PayoutsV1,
            Family::OneEscrow,
            Family::GlobalCollections,
        ]
    }

    fn handle(&mut self, call: &Call<'_>, ctx: &Ctx<'_>) -> Handled {
        match call.operation_id {
            "payouts_authorize" | "escrow_authorize" | "gc_authorize" => {
                let (token, expiry) = ctx.tokens.issue(ctx.clock, ctx.token_ttl_secs);
                Some(Ok(Answer::ok(&json!({
                    "status": "SUCCESS",
                    "subCode": "200",
                    "message": "Token generated",
                    "data": {"token": token, "expiry": expiry}
                }))))
            }
            "payouts_verify_token" | "gc_verify_token" => {
                // The bearer check already refused a bad token.
                let token = call
                    .header("authorization")
                    .unwrap_or("")
                    .trim_start_matches("Bearer ")
                    .trim();
                if ctx.tokens.is_valid(ctx.clock, token) {
                    Some(Ok(Answer::ok(&json!({
                        "status": "SUCCESS",
                        "subCode": "200",
                        "message": "Token is valid"
                    }))))
                } else {
                    Some(Err(Refusal::new(
                        403,
                        "token_invalid",
                        "authentication_error",
                        "Token is not valid",
                    )))
                }
            }
            _ => None,
        }
    }

    fn reset(&mut self) {}
}
