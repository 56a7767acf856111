// SQLite's C API, for the run store's metadata (WAL mode, one file per store).
#include <sqlite3.h>
