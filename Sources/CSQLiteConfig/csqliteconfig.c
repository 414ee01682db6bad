#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include "csqliteconfig.h"

/* The page cache's region: a search reads a few hundred pages of the index, and SQLite took a fresh heap
   block for each, which the kernel then faulted in 4 KiB at a time (a tenth of a search's time). From one
   region the kernel may back with 2 MiB pages, the same pages cost a fault or two. */
#define KB_PAGECACHE_BYTES ((size_t)4 << 20)
#define KB_HUGE_PAGE ((size_t)2 << 20)

/* Whether the kernel gives 2 MiB pages to a region that asks for them ("always" or "madvise"). Without
   them, handing SQLite the region would fault in every one of its 4 KiB pages at start-up. */
static int kb_huge_pages_on_request(void) {
    FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
    if (!f) return 0;
    char line[128] = {0};
    size_t n = fread(line, 1, sizeof line - 1, f);
    fclose(f);
    line[n] = 0;
    return strstr(line, "[always]") != NULL || strstr(line, "[madvise]") != NULL;
}

static void kb_configure_page_cache(void) {
    int header = 0;
    if (!kb_huge_pages_on_request()) return;
    if (sqlite3_config(SQLITE_CONFIG_PCACHE_HDRSZ, &header) != SQLITE_OK || header <= 0) return;
    size_t line = ((size_t)4096 + (size_t)header + 7) & ~(size_t)7;
    size_t bytes = KB_PAGECACHE_BYTES + KB_HUGE_PAGE;
    void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) return;
    uintptr_t aligned = ((uintptr_t)p + KB_HUGE_PAGE - 1) & ~(uintptr_t)(KB_HUGE_PAGE - 1);
    (void)madvise((void *)aligned, KB_PAGECACHE_BYTES, MADV_HUGEPAGE);
    /* Pages of another size, and pages beyond the region, come from the heap as before. */
    if (sqlite3_config(SQLITE_CONFIG_PAGECACHE, (void *)aligned, (int)line, (int)(KB_PAGECACHE_BYTES / line)) != SQLITE_OK) {
        munmap(p, bytes);
    }
}

int kb_sqlite_configure(void) {
    /* Memory statistics make every allocation take a global mutex; kb never reads them. */
    int rc = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    if (rc != SQLITE_OK) return rc;
    kb_configure_page_cache();
    return SQLITE_OK;
}
