//! Fresh ids for request ids and sessions: random v4 UUIDs from a fast thread-local generator
//! (no system call per request). They need to be unique, not secret: this is a test server.

/// A random (v4) UUID.
pub fn uuid() -> uuid::Uuid {
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&fastrand::u64(..).to_le_bytes());
    bytes[8..].copy_from_slice(&fastrand::u64(..).to_le_bytes());
    uuid::Builder::from_random_bytes(bytes).into_uuid()
}
