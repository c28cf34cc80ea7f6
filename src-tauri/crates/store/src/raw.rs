//! SQLite's own API, for the paths where sqlx's per-row cost dominates: loading the
//! members (100,000 rows at start), writing them in bulk (a role change of 10,000) and
//! reading the whole journal to verify its chain (a million rows).
//! sqlx hands us its connection's handle, locked, so these statements run on the same
//! connection and inside the same transaction as the sqlx statements around them.
//! Everything else goes through sqlx.

use libsqlite3_sys as ffi;
use sqlx::sqlite::LockedSqliteHandle;
use std::ffi::{c_int, CStr};
use std::marker::PhantomData;

pub type Result<T> = std::result::Result<T, String>;

/// A connection's handle, borrowed while sqlx keeps it locked.
pub struct Raw<'h> {
    db: *mut ffi::sqlite3,
    _lock: PhantomData<&'h mut ()>,
}

impl<'h> Raw<'h> {
    pub fn new(handle: &'h mut LockedSqliteHandle<'_>) -> Self {
        Raw { db: handle.as_raw_handle().as_ptr(), _lock: PhantomData }
    }

    fn error(&self, rc: c_int, what: &str) -> String {
        // SAFETY: `db` is live for 'h; sqlite3_errmsg returns a NUL-terminated string
        // owned by SQLite, copied here before any other call on the handle.
        let msg = unsafe { CStr::from_ptr(ffi::sqlite3_errmsg(self.db)) };
        format!("{what}: {} (code {rc})", msg.to_string_lossy())
    }

    /// Prepares one statement, kept for reuse (bind, step, reset) until dropped.
    pub fn prepare(&self, sql: &str) -> Result<Stmt<'_>> {
        let mut stmt = std::ptr::null_mut();
        // SAFETY: `db` is live; SQLite reads `sql.len()` bytes (no NUL needed) and writes
        // the new statement into `stmt`, which Stmt finalizes on drop.
        let rc = unsafe {
            ffi::sqlite3_prepare_v3(
                self.db,
                sql.as_ptr().cast(),
                sql.len() as c_int,
                ffi::SQLITE_PREPARE_PERSISTENT,
                &mut stmt,
                std::ptr::null_mut(),
            )
        };
        if rc != ffi::SQLITE_OK || stmt.is_null() {
            return Err(self.error(rc, "prepare"));
        }
        Ok(Stmt { raw: self, stmt })
    }
}

/// A prepared statement. Parameters are numbered from 1, columns from 0 (as in SQLite).
pub struct Stmt<'r> {
    raw: &'r Raw<'r>,
    stmt: *mut ffi::sqlite3_stmt,
}

impl Stmt<'_> {
    fn check(&self, rc: c_int, what: &str) -> Result<()> {
        if rc == ffi::SQLITE_OK {
            Ok(())
        } else {
            Err(self.raw.error(rc, what))
        }
    }

    pub fn text(&mut self, i: c_int, value: &str) -> Result<()> {
        // SAFETY: live statement; SQLITE_TRANSIENT makes SQLite copy the bytes now, so
        // `value` may go away before the step.
        let rc = unsafe {
            ffi::sqlite3_bind_text(self.stmt, i, value.as_ptr().cast(), value.len() as c_int, ffi::SQLITE_TRANSIENT())
        };
        self.check(rc, "bind")
    }

    pub fn opt_text(&mut self, i: c_int, value: Option<&str>) -> Result<()> {
        match value {
            Some(v) => self.text(i, v),
            // SAFETY: live statement.
            None => self.check(unsafe { ffi::sqlite3_bind_null(self.stmt, i) }, "bind"),
        }
    }

    pub fn int(&mut self, i: c_int, value: i64) -> Result<()> {
        // SAFETY: live statement.
        self.check(unsafe { ffi::sqlite3_bind_int64(self.stmt, i, value) }, "bind")
    }

    pub fn opt_int(&mut self, i: c_int, value: Option<i64>) -> Result<()> {
        match value {
            Some(v) => self.int(i, v),
            // SAFETY: live statement.
            None => self.check(unsafe { ffi::sqlite3_bind_null(self.stmt, i) }, "bind"),
        }
    }

    /// Runs a statement that returns no rows, then readies it for the next bindings.
    pub fn run(&mut self) -> Result<()> {
        // SAFETY: live statement; reset is always allowed after a step.
        let (rc, reset) = unsafe { (ffi::sqlite3_step(self.stmt), ffi::sqlite3_reset(self.stmt)) };
        if rc == ffi::SQLITE_DONE {
            Ok(())
        } else {
            Err(self.raw.error(if rc == ffi::SQLITE_ROW { reset } else { rc }, "step"))
        }
    }

    /// Steps to the next row: false when there are no more (the statement is then reset).
    pub fn next(&mut self) -> Result<bool> {
        // SAFETY: live statement.
        match unsafe { ffi::sqlite3_step(self.stmt) } {
            ffi::SQLITE_ROW => Ok(true),
            ffi::SQLITE_DONE => {
                // SAFETY: as above.
                unsafe { ffi::sqlite3_reset(self.stmt) };
                Ok(false)
            }
            rc => {
                // SAFETY: as above.
                unsafe { ffi::sqlite3_reset(self.stmt) };
                Err(self.raw.error(rc, "step"))
            }
        }
    }

    /// Column `i` of the current row as text, or None for NULL. Borrowed until the next step.
    pub fn col_text(&self, i: c_int) -> Result<Option<&str>> {
        // SAFETY: called on a current row (after `next` returned true); the pointer and
        // length stay valid until the next step or reset, which need `&mut self`.
        unsafe {
            let ptr = ffi::sqlite3_column_text(self.stmt, i);
            if ptr.is_null() {
                return Ok(None);
            }
            let len = ffi::sqlite3_column_bytes(self.stmt, i) as usize;
            let bytes = std::slice::from_raw_parts(ptr, len);
            std::str::from_utf8(bytes).map(Some).map_err(|e| format!("column {i} is not UTF-8: {e}"))
        }
    }

    /// Column `i` as text; NULL is corrupt data here.
    pub fn col_str(&self, i: c_int) -> Result<&str> {
        self.col_text(i)?.ok_or_else(|| format!("column {i} is NULL"))
    }

    /// Column `i` as bytes (a BLOB), or None for NULL. Borrowed until the next step.
    pub fn col_blob(&self, i: c_int) -> Option<&[u8]> {
        // SAFETY: called on a current row; as `col_text`, the bytes stay valid until the
        // next step or reset, which need `&mut self`.
        unsafe {
            let ptr = ffi::sqlite3_column_blob(self.stmt, i);
            if ptr.is_null() {
                return None;
            }
            let len = ffi::sqlite3_column_bytes(self.stmt, i) as usize;
            Some(std::slice::from_raw_parts(ptr.cast::<u8>(), len))
        }
    }

    pub fn col_int(&self, i: c_int) -> i64 {
        // SAFETY: called on a current row.
        unsafe { ffi::sqlite3_column_int64(self.stmt, i) }
    }

    pub fn col_opt_int(&self, i: c_int) -> Option<i64> {
        // SAFETY: called on a current row.
        let null = unsafe { ffi::sqlite3_column_type(self.stmt, i) } == ffi::SQLITE_NULL;
        (!null).then(|| self.col_int(i))
    }
}

impl Drop for Stmt<'_> {
    fn drop(&mut self) {
        // SAFETY: finalized once, after its last use.
        unsafe { ffi::sqlite3_finalize(self.stmt) };
    }
}
