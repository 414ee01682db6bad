#include <sqlite3.h>
#include "csqliteconfig.h"

int kb_sqlite_configure(void) {
    /* Memory statistics make every allocation take a global mutex; kb never reads them. */
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
