#include <sqlite3.h>
/* Swift cannot pass SQLITE_TRANSIENT (a cast of -1) nor call variadic sqlite3_db_config. */
static inline sqlite3_destructor_type kb_sqlite_transient(void) { return SQLITE_TRANSIENT; }
