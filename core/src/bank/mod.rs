//! The bank, as the phone reaches it: the HTTP client every feature uses
//! (`client.rs`, made once per [`Companion`](crate::Companion) and kept in
//! it) and the TLS policy it connects with (`tls.rs`: https only, the
//! deployment's pins, fail closed), and the wire contract both sides share
//! (`wire.rs`: every body as a serde type, with its limits).

pub mod client;
pub mod tls;
pub mod wire;
