#ifndef KB_CTEXTSEARCH_H
#define KB_CTEXTSEARCH_H
#include <stddef.h>
/* glibc's memmem, which Swift's Glibc module does not expose (it needs _GNU_SOURCE). */
int kb_contains(const void *haystack, size_t haystack_length, const void *needle, size_t needle_length);
/* The byte offset of the first occurrence of the needle, or -1. */
long kb_find(const void *haystack, size_t haystack_length, const void *needle, size_t needle_length);
/* Asks the processor to bring the line at `p` into its caches ahead of a read. */
static inline void kb_prefetch(const void *p) { __builtin_prefetch(p); }
#endif
