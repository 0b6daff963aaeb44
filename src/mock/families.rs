//! Where each family is mounted on the mock's one port, and what it is: its generated operation
//! table, its spec text (for [`shape`](super::shape)) and its error [`Dialect`].
//!
//! A family's paths are its spec's paths under its documented server path: PG under `/pg`,
//! Payouts v2 and OneEscrow under `/payout`, Payouts v1 (whose spec paths start with
//! `/payout/v1`), Collect from India, Global Collections and BBPS at the host root. Flowwise
//! (whose paths collide with PG's) and the Payin & Payout API (which has no public host) are
//! mounted under prefixes of the mock's own, printed by `paygen mock`.

use crate::runtime::FamilyInfo;

use super::answer::Dialect;

/// Which family a request belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Family {
    /// Cashfree Payment Gateway (`cashfree-pg`).
    Pg,
    /// Payouts v2 (`cashfree-payouts-v2`).
    PayoutsV2,
    /// Payouts v1 and Cashgram (`cashfree-payouts-v1`).
    PayoutsV1,
    /// OneEscrow (`cashfree-oneescrow`).
    OneEscrow,
    /// Collect from India (`cashfree-collect-from-india`).
    CollectFromIndia,
    /// Global Collections (`cashfree-global-collections`).
    GlobalCollections,
    /// BBPS (`cashfree-bbps`).
    Bbps,
    /// Flowwise (`cashfree-flowwise`).
    Flowwise,
    /// The HMAC-signed Payin & Payout API (`payin-payout`).
    PayinPayout,
}

/// One family as the mock serves it.
#[derive(Debug)]
pub struct Mount {
    /// The family.
    pub family: Family,
    /// Its generated operation table.
    pub info: &'static FamilyInfo,
    /// The path its spec paths are served under (`/pg`; empty for the host root).
    pub prefix: &'static str,
    /// How it writes errors.
    pub dialect: Dialect,
    /// Its spec (YAML), read by [`shape`](super::shape) for answers without state rules.
    pub spec_yaml: &'static str,
}

/// Every family the mock serves, in routing order: when two families document the same method
/// and path (Payouts v1's and OneEscrow's `POST /payout/v1/authorize`), the first one answers.
pub static MOUNTS: &[Mount] = &[
    Mount {
        family: Family::Pg,
        info: &crate::pg::FAMILY,
        prefix: "/pg",
        dialect: Dialect::Common,
        spec_yaml: include_str!("../../specs/cashfree-pg.yaml"),
    },
    Mount {
        family: Family::PayoutsV2,
        info: &crate::payouts_v2::FAMILY,
        prefix: "/payout",
        dialect: Dialect::Common,
        spec_yaml: include_str!("../../specs/cashfree-payouts-v2.yaml"),
    },
    Mount {
        family: Family::PayoutsV1,
        info: &crate::payouts_v1::FAMILY,
        prefix: "",
        dialect: Dialect::V1Envelope,
        spec_yaml: include_str!("../../specs/cashfree-payouts-v1.yaml"),
    },
    Mount {
        family: Family::OneEscrow,
        info: &crate::oneescrow::FAMILY,
        prefix: "/payout",
        dialect: Dialect::V1Envelope,
        spec_yaml: include_str!("../../specs/cashfree-oneescrow.yaml"),
    },
    Mount {
        family: Family::CollectFromIndia,
        info: &crate::collect_from_india::FAMILY,
        prefix: "",
        dialect: Dialect::Common,
        spec_yaml: include_str!("../../specs/cashfree-collect-from-india.yaml"),
    },
    Mount {
        family: Family::GlobalCollections,
        info: &crate::global_collections::FAMILY,
        prefix: "",
        dialect: Dialect::V1Envelope,
        spec_yaml: include_str!("../../specs/cashfree-global-collections.yaml"),
    },
    Mount {
        family: Family::Bbps,
        info: &crate::bbps::FAMILY,
        prefix: "",
        dialect: Dialect::Common,
        spec_yaml: include_str!("../../specs/cashfree-bbps.yaml"),
    },
    Mount {
        family: Family::Flowwise,
        info: &crate::flowwise::FAMILY,
        prefix: "/flowwise/router",
        dialect: Dialect::Common,
        spec_yaml: include_str!("../../specs/cashfree-flowwise.yaml"),
    },
    Mount {
        family: Family::PayinPayout,
        info: &crate::payin_payout::FAMILY,
        prefix: "/payin-payout",
        dialect: Dialect::SuccessFlag,
        spec_yaml: include_str!("../../specs/payin-payout.yaml"),
    },
];

impl Mount {
    /// The mount of `family`.
    pub fn of(family: Family) -> &'static Mount {
        MOUNTS
            .iter()
            .find(|m| m.family == family)
            .unwrap_or(&MOUNTS[0])
    }

    /// The family's base URL on a mock at `origin` (`http://127.0.0.1:PORT`): what
    /// `Environment::custom` takes. For host-root families it is the origin itself.
    pub fn base_url(&self, origin: &str) -> String {
        format!("{origin}{}", self.prefix)
    }
}
