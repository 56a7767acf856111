// SQLite's C API, for the run store's metadata (WAL mode, one file per store).
#include <sqlite3.h>

// sqlite3_db_config is variadic, which Swift cannot call: a fixed-argument wrapper.
// Leaving the write-ahead log in place when a connection closes spares every
// short-lived mlx process a checkpoint and two fsyncs; SQLite checkpoints as
// the log grows instead.
static inline int mlx_sqlite3_keep_wal_on_close(sqlite3 *db) {
    return sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, (int *)0);
}
