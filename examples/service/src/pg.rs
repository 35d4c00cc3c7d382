//! The PostgreSQL backend: a server shared by every instance of the service.

use postgres::error::SqlState;
use postgres::{Client, Config, NoTls};

use crate::store::{schema, Receipt, Row, Store, StoreError, StoredRow};

/// The store on a PostgreSQL server, through the `postgres` crate: the synchronous client of
/// the rust-postgres project (the same protocol code as `tokio-postgres`, which it drives on
/// a small runtime of its own), so the service stays plain blocking code like its SQLite
/// twin, with no async runtime of its own to run.
///
/// Each write is one statement, atomic on the server: the compare-and-set and the receipt
/// of the request are a data-modifying `WITH`, so they land together or not at all, and a
/// lost connection can never leave half a step behind.
pub struct PgStore {
    config: Config,
    client: Option<Client>,
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgStore")
            .field("config", &self.config)
            .field("connected", &self.client.is_some())
            .finish()
    }
}

impl PgStore {
    /// Connects to the database at `url` (`postgres://user@host:port/db`) and creates the
    /// tables if they are missing.
    ///
    /// # Errors
    ///
    /// [`StoreError::Postgres`] when the URL does not parse or the server cannot be reached.
    pub fn connect(url: &str) -> Result<PgStore, StoreError> {
        PgStore::with_config(url.parse()?)
    }

    /// As [`PgStore::connect`], with the tables in schema `schema` (created if missing): a
    /// database of its own for each test or load run, on one server.
    ///
    /// # Errors
    ///
    /// As [`PgStore::connect`]; [`StoreError::Value`] for a schema name that is not
    /// lowercase ASCII letters, digits and `_`.
    pub fn connect_in_schema(url: &str, schema: &str) -> Result<PgStore, StoreError> {
        if schema.is_empty()
            || !schema
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        {
            return Err(StoreError::Value(format!("schema name {schema:?}")));
        }
        let mut config: Config = url.parse()?;
        let mut client = config.connect(NoTls)?;
        // CREATE SCHEMA IF NOT EXISTS is not atomic either (two connections creating it at
        // once: one fails on pg_namespace's unique index): under the same advisory lock
        let mut tx = client.transaction()?;
        tx.batch_execute("SELECT pg_advisory_xact_lock(7235389)")?;
        tx.batch_execute(&format!("CREATE SCHEMA IF NOT EXISTS {schema}"))?;
        tx.commit()?;
        drop(client);
        config.options(&format!("-c search_path={schema}"));
        PgStore::with_config(config)
    }

    fn with_config(config: Config) -> Result<PgStore, StoreError> {
        let mut client = config.connect(NoTls)?;
        // instances starting together would race on CREATE TABLE IF NOT EXISTS (it is not
        // atomic in PostgreSQL): one at a time, under a transaction-scoped advisory lock
        let mut tx = client.transaction()?;
        tx.batch_execute("SELECT pg_advisory_xact_lock(7235389)")?;
        tx.batch_execute(&schema("TIMESTAMPTZ"))?;
        tx.commit()?;
        Ok(PgStore {
            config,
            client: Some(client),
        })
    }

    /// The process id of this connection's backend on the server (`pg_backend_pid()`):
    /// what `pg_terminate_backend` takes to cut it.
    ///
    /// # Errors
    ///
    /// [`StoreError`].
    pub fn backend_pid(&mut self) -> Result<i32, StoreError> {
        self.run(|c| Ok(c.query_one("SELECT pg_backend_pid()", &[])?.get(0)))
    }

    /// Runs `op` on the connection (connecting first if it was lost), and turns an error
    /// that lost the connection into [`StoreError::Disconnected`], dropping the client so
    /// that the next operation connects anew.
    fn run<T>(
        &mut self,
        op: impl FnOnce(&mut Client) -> Result<T, postgres::Error>,
    ) -> Result<T, StoreError> {
        if self.client.as_ref().is_none_or(Client::is_closed) {
            self.client = None;
            self.client = Some(self.config.connect(NoTls).map_err(lost)?);
        }
        let client = self
            .client
            .as_mut()
            .ok_or_else(|| StoreError::Disconnected("no connection".into()))?;
        match op(client) {
            Ok(t) => Ok(t),
            Err(e) if is_lost(&e) || client.is_closed() => {
                self.client = None;
                Err(lost(e))
            }
            Err(e) => Err(e.into()),
        }
    }
}

/// Whether `e` lost the connection: closed, an I/O error, or the server ending the session
/// (SQLSTATE class 08, connection exception, or 57P, operator intervention).
fn is_lost(e: &postgres::Error) -> bool {
    if e.is_closed() {
        return true;
    }
    match e.code() {
        Some(code) => {
            let code = code.code();
            code.starts_with("08") || code.starts_with("57P")
        }
        // not an error the server sent: the socket failed
        None => e.as_db_error().is_none(),
    }
}

fn lost(e: postgres::Error) -> StoreError {
    StoreError::Disconnected(e.to_string())
}

impl Store for PgStore {
    fn backend(&self) -> &'static str {
        "postgres"
    }

    fn insert(&mut self, row: &Row) -> Result<bool, StoreError> {
        let n = self.run(|c| {
            c.execute(
                "INSERT INTO migrations (partner, record, head, seal, stage, next_deadline, next_deadline_kind)
                 VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (partner) DO NOTHING",
                &[
                    &row.partner,
                    &row.record,
                    &row.head,
                    &row.seal,
                    &row.stage,
                    &row.next_deadline,
                    &row.next_deadline_kind,
                ],
            )
        })?;
        Ok(n == 1)
    }

    fn fetch(&mut self, partner: &str) -> Result<Option<StoredRow>, StoreError> {
        let row = self.run(|c| {
            c.query_opt(
                "SELECT record, head, seal FROM migrations WHERE partner = $1",
                &[&partner],
            )
        })?;
        Ok(row.map(|r| StoredRow {
            record: r.get(0),
            head: r.get(1),
            seal: r.get(2),
        }))
    }

    fn compare_and_set(
        &mut self,
        expected_head: &str,
        row: &Row,
        receipt: Option<&Receipt>,
    ) -> Result<bool, StoreError> {
        let set = "UPDATE migrations SET record = $3, head = $4, seal = $5, stage = $6,
                   next_deadline = $7, next_deadline_kind = $8
                   WHERE partner = $1 AND head = $2";
        let params: [&(dyn postgres::types::ToSql + Sync); 8] = [
            &row.partner,
            &expected_head,
            &row.record,
            &row.head,
            &row.seal,
            &row.stage,
            &row.next_deadline,
            &row.next_deadline_kind,
        ];
        let Some(r) = receipt else {
            return Ok(self.run(|c| c.execute(set, &params))? == 1);
        };
        // one statement: the row and the receipt commit together. The insert takes its rows
        // from the update's, so it inserts one row exactly when the head matched
        let with_receipt = format!(
            "WITH updated AS ({set} RETURNING partner)
             INSERT INTO requests (request, partner, head, stage, appended)
             SELECT $9, partner, $4, $6, $10 FROM updated"
        );
        let appended = i32::try_from(r.appended).map_err(|e| StoreError::Value(e.to_string()))?;
        let mut all = params.to_vec();
        all.push(&r.request);
        all.push(&appended);
        match self.run(|c| c.execute(&with_receipt, &all)) {
            Ok(n) => Ok(n == 1),
            // the request's receipt exists: another attempt of it stored its step, and this
            // statement (update included) was rolled back whole
            Err(StoreError::Postgres(e)) if e.code() == Some(&SqlState::UNIQUE_VIOLATION) => {
                Ok(false)
            }
            Err(e) => Err(e),
        }
    }

    fn receipt(&mut self, request: &str) -> Result<Option<Receipt>, StoreError> {
        let row = self.run(|c| {
            c.query_opt(
                "SELECT request, partner, head, stage, appended FROM requests WHERE request = $1",
                &[&request],
            )
        })?;
        row.map(|r| {
            Ok(Receipt {
                request: r.get(0),
                partner: r.get(1),
                head: r.get(2),
                stage: r.get(3),
                appended: u32::try_from(r.get::<_, i32>(4))
                    .map_err(|e| StoreError::Value(e.to_string()))?,
            })
        })
        .transpose()
    }

    fn partners(&mut self) -> Result<Vec<String>, StoreError> {
        let rows = self.run(|c| {
            c.query(
                "SELECT partner FROM migrations ORDER BY partner COLLATE \"C\"",
                &[],
            )
        })?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    fn cut(&mut self) -> Result<(), StoreError> {
        // the server ends this session from another one, as an operator or a failover
        // would; this client finds out on its next statement
        let pid = self.backend_pid()?;
        let mut other = self.config.connect(NoTls)?;
        other.execute("SELECT pg_terminate_backend($1)", &[&pid])?;
        Ok(())
    }
}

/// A store for `target`: PostgreSQL for a `postgres://` or `postgresql://` URL, otherwise a
/// SQLite file at that path (a `sqlite://` prefix is allowed and removed).
///
/// # Errors
///
/// [`StoreError`] when the database cannot be opened.
pub fn connect(target: &str) -> Result<Box<dyn Store>, StoreError> {
    if target.starts_with("postgres://") || target.starts_with("postgresql://") {
        Ok(Box::new(PgStore::connect(target)?))
    } else {
        let path = target.strip_prefix("sqlite://").unwrap_or(target);
        Ok(Box::new(crate::SqliteStore::open(std::path::Path::new(
            path,
        ))?))
    }
}
