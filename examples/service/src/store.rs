//! The storage interface the service writes through, and what goes through it.

use chrono::{DateTime, Utc};

/// One migration as the service writes it: one row per partner.
///
/// The record is kept as the exact JSON text the crate wrote (not a JSON column type that
/// would reorder keys or respace it); the head, the stage and the next deadline are columns
/// of their own, so a store can compare-and-set on the head and a scheduler can query what
/// is due without parsing a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The partner: the key of the row, and the key to shard by.
    pub partner: String,
    /// The record's JSON.
    pub record: String,
    /// The record's head digest: the concurrency token.
    pub head: String,
    /// The record's seal under the platform's key: the anchor it resumes under.
    pub seal: String,
    /// The stage, as its snake_case name.
    pub stage: String,
    /// When the next deadline falls, if any (as of the step that wrote the row).
    pub next_deadline: Option<DateTime<Utc>>,
    /// What the next deadline is for (its snake_case name), if any.
    pub next_deadline_kind: Option<String>,
}

/// A row as read back: what a request needs to resume the migration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRow {
    /// The record's JSON, as stored.
    pub record: String,
    /// The head column.
    pub head: String,
    /// The seal column.
    pub seal: String,
}

/// What a request stored, kept under the request's id in the same atomic write as the row:
/// a request sent again (by a client that lost the answer, or after the instance that
/// served it died) is answered from its receipt, never applied twice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    /// The request's id, chosen by the client.
    pub request: String,
    /// The partner.
    pub partner: String,
    /// The head the request stored.
    pub head: String,
    /// The stage the request left the migration in.
    pub stage: String,
    /// The events the request appended.
    pub appended: u32,
}

/// Why the store failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The connection to the database was lost (cut by the server, the network or a fault
    /// hook). Whether the last write landed is unknown: the service retries the whole
    /// request, which starts by looking for its receipt. The store connects anew on its
    /// next operation.
    #[error("the connection to the database was lost: {0}")]
    Disconnected(String),
    /// SQLite.
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// PostgreSQL.
    #[error("postgres: {0}")]
    Postgres(#[from] postgres::Error),
    /// A stored value the service cannot read (a deadline kind, a count out of range).
    #[error("stored value: {0}")]
    Value(String),
}

/// What a service needs from a database: a row per partner, read, inserted only if absent,
/// and replaced only if its head is still the one the request loaded.
///
/// Every write is a compare-and-set, and each is atomic in the database itself, so any
/// number of service instances may share the store: there is no read-modify-write race to
/// lose, because nothing is written on the strength of a read alone. Two backends:
/// [`SqliteStore`](crate::SqliteStore) (one file, nothing to install) and
/// [`PgStore`](crate::PgStore) (a PostgreSQL server); [`connect`](crate::connect) picks one
/// from a database URL.
pub trait Store: Send + std::fmt::Debug {
    /// The backend's name: `sqlite` or `postgres`.
    fn backend(&self) -> &'static str;

    /// Inserts `row` if no row for its partner exists (`INSERT … ON CONFLICT DO NOTHING`):
    /// `true` if it was inserted, `false` if the partner already had one, which is left as
    /// it was. Of two racing inserts exactly one returns `true`.
    ///
    /// # Errors
    ///
    /// [`StoreError`].
    fn insert(&mut self, row: &Row) -> Result<bool, StoreError>;

    /// The row stored for `partner`, if any.
    ///
    /// # Errors
    ///
    /// [`StoreError`].
    fn fetch(&mut self, partner: &str) -> Result<Option<StoredRow>, StoreError>;

    /// Replaces the row of `row.partner` with `row` if its head is still `expected_head`
    /// (`UPDATE … WHERE partner = $1 AND head = $2`, checking the row count), and keeps
    /// `receipt` in the same atomic write. `true` if the row was replaced; `false` if the
    /// head had moved (or the receipt's request was already stored): nothing was written.
    ///
    /// # Errors
    ///
    /// [`StoreError`]; [`StoreError::Disconnected`] when the outcome is unknown.
    fn compare_and_set(
        &mut self,
        expected_head: &str,
        row: &Row,
        receipt: Option<&Receipt>,
    ) -> Result<bool, StoreError>;

    /// The receipt of request `request`, if that request stored a step.
    ///
    /// # Errors
    ///
    /// [`StoreError`].
    fn receipt(&mut self, request: &str) -> Result<Option<Receipt>, StoreError>;

    /// Every partner with a stored row, in order.
    ///
    /// # Errors
    ///
    /// [`StoreError`].
    fn partners(&mut self) -> Result<Vec<String>, StoreError>;

    /// Fault injection, for the tests and the load run: the connection is lost as a network
    /// cut would lose it. The next operation fails with [`StoreError::Disconnected`] (for
    /// PostgreSQL the server itself terminates the session); the one after connects anew.
    ///
    /// # Errors
    ///
    /// [`StoreError`] if the cut itself could not be made.
    fn cut(&mut self) -> Result<(), StoreError>;
}

/// The tables, with the type of the deadline column (`TIMESTAMPTZ` for PostgreSQL, `TEXT`
/// holding RFC 3339 for SQLite).
pub(crate) fn schema(time_type: &str) -> String {
    format!(
        "CREATE TABLE IF NOT EXISTS migrations (
            partner            TEXT PRIMARY KEY,
            record             TEXT NOT NULL,
            head               TEXT NOT NULL,
            seal               TEXT NOT NULL,
            stage              TEXT NOT NULL,
            next_deadline      {time_type},
            next_deadline_kind TEXT
        );
        CREATE INDEX IF NOT EXISTS migrations_next_deadline ON migrations (next_deadline);
        CREATE TABLE IF NOT EXISTS requests (
            request  TEXT PRIMARY KEY,
            partner  TEXT NOT NULL,
            head     TEXT NOT NULL,
            stage    TEXT NOT NULL,
            appended INTEGER NOT NULL
        );"
    )
}
