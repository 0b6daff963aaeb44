//! `x-idempotency-key`, as Cashfree documents it: the same key with the same body replays the
//! first answer (status and body); the same key with another body is refused with
//! `422 idempotency_error`. Keys are per operation. Bounded: past [`MAX_KEYS`] the oldest is
//! forgotten.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

use sha2::{Digest, Sha256};

use super::answer::{Answer, Refusal};

/// The most keys remembered.
pub const MAX_KEYS: usize = 10_000;

type Key = (&'static str, String);

/// What the store says about a request.
#[derive(Debug)]
pub enum Seen {
    /// A new key: do the work, then [`Idempotency::record`] the answer.
    New,
    /// The same key and body as before: send this answer again.
    Replay(Answer),
    /// The same key with another body.
    Conflict(Refusal),
}

/// The remembered answers of one server.
#[derive(Debug, Default)]
pub struct Idempotency {
    inner: Mutex<Store>,
}

#[derive(Debug, Default)]
struct Store {
    answers: HashMap<Key, ([u8; 32], Answer)>,
    order: VecDeque<Key>,
}

fn digest(body: &[u8]) -> [u8; 32] {
    Sha256::digest(body).into()
}

impl Idempotency {
    /// Looks a key up for `operation_id` with this body.
    pub fn seen(&self, operation_id: &'static str, key: &str, body: &[u8]) -> Seen {
        let store = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        match store.answers.get(&(operation_id, key.to_string())) {
            None => Seen::New,
            Some((hash, answer)) if *hash == digest(body) => Seen::Replay(answer.clone()),
            // 422 with type idempotency_error: the PG spec's `IdempotencyFailed` (DISCREPANCIES MK-1).
            Some(_) => Seen::Conflict(Refusal::new(
                422,
                "idempotency_error",
                "idempotency_error",
                format!(
                    "{operation_id}: x-idempotency-key `{key}` was used before with a different body; \
                     use a new key for a new request, or send the same body to get the first answer"
                ),
            )),
        }
    }

    /// Remembers the answer given for a key (the router records successes only, so a refused
    /// request can be corrected and sent again with the same key).
    pub fn record(&self, operation_id: &'static str, key: &str, body: &[u8], answer: &Answer) {
        let mut store = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        let k = (operation_id, key.to_string());
        if store.answers.contains_key(&k) {
            return;
        }
        if store.order.len() >= MAX_KEYS {
            if let Some(old) = store.order.pop_front() {
                store.answers.remove(&old);
            }
        }
        store.order.push_back(k.clone());
        store.answers.insert(k, (digest(body), answer.clone()));
    }

    /// Forgets every key.
    pub fn clear(&self) {
        let mut store = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        store.answers.clear();
        store.order.clear();
    }
}
