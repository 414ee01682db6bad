#ifndef KB_CSQLITECONFIG_H
#define KB_CSQLITECONFIG_H
/* Process-wide SQLite settings made before the first connection opens. sqlite3_config is variadic, which
   Swift cannot call. Returns SQLite's result code. */
int kb_sqlite_configure(void);
#endif
