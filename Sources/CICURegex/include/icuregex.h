#ifndef KB_ICUREGEX_H
#define KB_ICUREGEX_H
#include <stdint.h>

/* ICU's regular expressions, from the copy Foundation carries (its C functions are named swift_uregex_*), run
   straight on UTF-16 units the caller holds. NSRegularExpression runs the same engine but first copies the text
   out of a Swift string unit by unit on every call; kb matches many patterns against each passage's units.
   Only plain C types cross this header, so Swift never sees ICU's own declarations (which clash with
   Foundation's module). Status codes are ICU's UErrorCode: 0 is success, above 0 failure. */

typedef struct KBRegex KBRegex;

KBRegex *kb_regex_open(const uint16_t *pattern, int32_t length, uint32_t flags, int32_t *status);
KBRegex *kb_regex_clone(const KBRegex *regex, int32_t *status);
void kb_regex_close(KBRegex *regex);
int32_t kb_regex_group_count(const KBRegex *regex);

/* Points the expression at `length` units of `text` (kept by the caller until the next call) and searches from
   `start` to `limit`; transparent bounds let look-arounds see the text around that range. */
int32_t kb_regex_reset(KBRegex *regex, const uint16_t *text, int32_t length, int64_t start, int64_t limit, int32_t transparent);
/* The next match in the range (1) or none (0). */
int32_t kb_regex_find_next(KBRegex *regex);
/* A match that begins at the start of the range (1) or none (0). */
int32_t kb_regex_looking_at(KBRegex *regex);
/* Where group `group` of the last match starts and ends; -1 when it took no part. */
void kb_regex_group(KBRegex *regex, int32_t group, int64_t *start, int64_t *end);

#endif
