//! The SQLite backend: one database file, shared by every instance on the machine.

use std::path::{Path, PathBuf};

use chrono::SecondsFormat;
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

use crate::store::{schema, Receipt, Row, Store, StoreError, StoredRow};

/// The store on a SQLite file (rusqlite, bundled SQLite: nothing to install). Instances
/// share the file; SQLite serializes the writers and the compare-and-set on the head
/// decides between them. Write-ahead logging keeps readers from blocking the writer.
#[derive(Debug)]
pub struct SqliteStore {
    path: PathBuf,
    conn: Option<Connection>,
    /// Set by [`Store::cut`]: the next operation reports the connection lost.
    cut: bool,
}

impl SqliteStore {
    /// Opens (creating if need be) the database at `path` and its tables, with a busy
    /// timeout so concurrent writers wait for each other instead of failing.
    ///
    /// # Errors
    ///
    /// [`StoreError::Sqlite`].
    pub fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        let conn = connect(path)?;
        conn.execute_batch(&schema("TEXT"))?;
        Ok(SqliteStore {
            path: path.to_owned(),
            conn: Some(conn),
            cut: false,
        })
    }

    /// The connection, opened anew after a cut.
    fn conn(&mut self) -> Result<&mut Connection, StoreError> {
        if std::mem::take(&mut self.cut) {
            self.conn = None;
            return Err(StoreError::Disconnected(
                "the connection was cut (fault hook)".into(),
            ));
        }
        if self.conn.is_none() {
            self.conn = Some(connect(&self.path)?);
        }
        self.conn
            .as_mut()
            .ok_or_else(|| StoreError::Disconnected("no connection".into()))
    }
}

fn connect(path: &Path) -> Result<Connection, StoreError> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(std::time::Duration::from_secs(30))?;
    // readers never block the writer; commits need no fsync of their own
    conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get::<_, String>(0))?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    Ok(conn)
}

fn text_time(row: &Row) -> Option<String> {
    row.next_deadline
        .map(|t| t.to_rfc3339_opts(SecondsFormat::AutoSi, true))
}

impl Store for SqliteStore {
    fn backend(&self) -> &'static str {
        "sqlite"
    }

    fn insert(&mut self, row: &Row) -> Result<bool, StoreError> {
        let inserted = self.conn()?.prepare_cached(
            "INSERT INTO migrations (partner, record, head, seal, stage, next_deadline, next_deadline_kind)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (partner) DO NOTHING",
        )?
        .execute(params![
            row.partner,
            row.record,
            row.head,
            row.seal,
            row.stage,
            text_time(row),
            row.next_deadline_kind
        ])?;
        Ok(inserted == 1)
    }

    fn fetch(&mut self, partner: &str) -> Result<Option<StoredRow>, StoreError> {
        Ok(self
            .conn()?
            .prepare_cached("SELECT record, head, seal FROM migrations WHERE partner = ?1")?
            .query_row([partner], |r| {
                Ok(StoredRow {
                    record: r.get(0)?,
                    head: r.get(1)?,
                    seal: r.get(2)?,
                })
            })
            .optional()?)
    }

    fn compare_and_set(
        &mut self,
        expected_head: &str,
        row: &Row,
        receipt: Option<&Receipt>,
    ) -> Result<bool, StoreError> {
        let deadline = text_time(row);
        // IMMEDIATE: the write lock is taken at BEGIN, so the update and the receipt commit
        // together or not at all
        let tx = self
            .conn()?
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let changed = tx
            .prepare_cached(
                "UPDATE migrations SET record = ?1, head = ?2, seal = ?3, stage = ?4,
                 next_deadline = ?5, next_deadline_kind = ?6
                 WHERE partner = ?7 AND head = ?8",
            )?
            .execute(params![
                row.record,
                row.head,
                row.seal,
                row.stage,
                deadline,
                row.next_deadline_kind,
                row.partner,
                expected_head
            ])?;
        if changed != 1 {
            return Ok(false); // dropping the transaction rolls it back: nothing written
        }
        if let Some(r) = receipt {
            let kept = tx
                .prepare_cached(
                    "INSERT INTO requests (request, partner, head, stage, appended)
                     VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (request) DO NOTHING",
                )?
                .execute(params![r.request, r.partner, r.head, r.stage, r.appended])?;
            if kept != 1 {
                return Ok(false); // the request was stored by another attempt: roll back
            }
        }
        tx.commit()?;
        Ok(true)
    }

    fn receipt(&mut self, request: &str) -> Result<Option<Receipt>, StoreError> {
        Ok(self
            .conn()?
            .prepare_cached(
                "SELECT request, partner, head, stage, appended FROM requests WHERE request = ?1",
            )?
            .query_row([request], |r| {
                Ok(Receipt {
                    request: r.get(0)?,
                    partner: r.get(1)?,
                    head: r.get(2)?,
                    stage: r.get(3)?,
                    appended: r.get(4)?,
                })
            })
            .optional()?)
    }

    fn partners(&mut self) -> Result<Vec<String>, StoreError> {
        let conn = self.conn()?;
        let mut stmt = conn.prepare("SELECT partner FROM migrations ORDER BY partner")?;
        let partners = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(partners)
    }

    fn cut(&mut self) -> Result<(), StoreError> {
        self.cut = true;
        Ok(())
    }
}
