//! A stateless platform service over `kwanus-migration`, on SQLite or PostgreSQL: the
//! library of the `platform_service` example (`examples/`), of its race tests (`tests/`)
//! and of the fleet load run (`src/bin/fleet_load.rs`). Not published.
//!
//! # The pattern
//!
//! Every migration is one row keyed by partner, holding the record's JSON, its head digest,
//! its seal under the platform's key, its stage and its next deadline. Each request loads
//! the row, resumes the record under its seal ([`Service::load`]), advances the migration
//! by the one step its stage calls for ([`step`]), and stores the new record with
//! **compare-and-set on the head digest**:
//!
//! ```sql
//! UPDATE migrations SET record = $3, head = $4, … WHERE partner = $1 AND head = $2
//! ```
//!
//! The update changes one row only if the stored head is still the one the request loaded.
//! Of two requests racing on one migration exactly one wins; the other gets
//! [`ServiceError::Conflict`], reloads the new record and retries, so no step is lost or
//! doubled. A request with an id ([`Service::request`]) also keeps a receipt in the same
//! atomic write, so that a request sent again after a crash or a cut connection is answered
//! from it instead of being applied twice. The crate itself does no I/O: the database, the
//! clock and the partners' inputs are the service's.
//!
//! # Two stores
//!
//! The service writes through one small interface, [`Store`], with two backends:
//!
//! - [`SqliteStore`]: a SQLite file through `rusqlite` with SQLite bundled. The default:
//!   nothing to install, several processes on one machine share the file.
//! - [`PgStore`]: a PostgreSQL server, chosen by a database URL
//!   (`KWANUS_DATABASE_URL=postgres://…`; [`connect`] picks the backend). The driver is the
//!   `postgres` crate, the synchronous client of the rust-postgres project: widely used and
//!   maintained with `tokio-postgres`, whose protocol code it shares, and blocking like
//!   `rusqlite`, so the service is the same plain code on both backends and needs no async
//!   runtime of its own.
//!
//! What the head-digest compare-and-set asks of a store, how it maps to PostgreSQL and to
//! any store with compare-and-set, what to shard by and what a service must never do are on
//! the scaling page, [`SCALING.md`](https://github.com/kwanus/kwanus-migration/blob/main/examples/service/SCALING.md),
//! with the figures of the load run.
//!
//! # Running it
//!
//! - `cargo run --example platform_service`: 300 partners on SQLite, a fleet summary.
//! - `cargo test -p kwanus-service-example`: the race tests on SQLite; the PostgreSQL ones
//!   run when `KWANUS_DATABASE_URL` names a server, and say they are skipped otherwise.
//! - `examples/service/scripts/with-postgres.sh cargo test -p kwanus-service-example`:
//!   the same with a throwaway PostgreSQL cluster started (and removed) by the script.
//! - `examples/service/scripts/with-postgres.sh cargo run --release -p
//!   kwanus-service-example --bin fleet_load -- --migrations 10000`: the load run, four
//!   instances per backend, with an instance killed and a connection cut.

mod fixtures;
mod pg;
mod service;
mod sqlite;
mod store;

pub use crate::fixtures::{contract, inputs, notice, XorShift};
pub use crate::pg::{connect, PgStore};
pub use crate::service::{step, Inputs, Loaded, Rules, Service, ServiceError, Stored};
pub use crate::sqlite::SqliteStore;
pub use crate::store::{Receipt, Row, Store, StoreError, StoredRow};

/// The platform's key in the example and its tests (a real service reads it from its
/// secrets, never from its source).
#[must_use]
pub fn example_key() -> kwanus_migration::SealKey {
    kwanus_migration::SealKey::from_bytes(*b"example-only-platform-seal-key!!")
}
