#define _GNU_SOURCE
#include <string.h>
#include "ctextsearch.h"

int kb_contains(const void *haystack, size_t haystack_length, const void *needle, size_t needle_length) {
    return memmem(haystack, haystack_length, needle, needle_length) != NULL;
}

long kb_find(const void *haystack, size_t haystack_length, const void *needle, size_t needle_length) {
    const char *at = memmem(haystack, haystack_length, needle, needle_length);
    return at ? (long)(at - (const char *)haystack) : -1;
}
