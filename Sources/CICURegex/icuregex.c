#include "icuregex.h"
#include <stddef.h>

/* The declarations of Foundation's ICU (unicode/uregex.h, with its swift_ prefix), in plain C types:
   UChar is a 16-bit unit, UBool an int8_t, UErrorCode an int-sized enum. */
typedef struct URegularExpression URegularExpression;
extern URegularExpression *swift_uregex_open(const uint16_t *pattern, int32_t patternLength, uint32_t flags, void *parseError, int32_t *status);
extern URegularExpression *swift_uregex_clone(const URegularExpression *regexp, int32_t *status);
extern void swift_uregex_close(URegularExpression *regexp);
extern int32_t swift_uregex_groupCount(URegularExpression *regexp, int32_t *status);
extern void swift_uregex_setText(URegularExpression *regexp, const uint16_t *text, int32_t textLength, int32_t *status);
extern void swift_uregex_setRegion64(URegularExpression *regexp, int64_t regionStart, int64_t regionLimit, int32_t *status);
extern void swift_uregex_useTransparentBounds(URegularExpression *regexp, int8_t b, int32_t *status);
extern void swift_uregex_useAnchoringBounds(URegularExpression *regexp, int8_t b, int32_t *status);
extern int8_t swift_uregex_findNext(URegularExpression *regexp, int32_t *status);
extern int8_t swift_uregex_lookingAt64(URegularExpression *regexp, int64_t startIndex, int32_t *status);
extern int64_t swift_uregex_start64(URegularExpression *regexp, int32_t groupNum, int32_t *status);
extern int64_t swift_uregex_end64(URegularExpression *regexp, int32_t groupNum, int32_t *status);

static const uint16_t empty[1] = {0};

KBRegex *kb_regex_open(const uint16_t *pattern, int32_t length, uint32_t flags, int32_t *status) {
    return (KBRegex *)swift_uregex_open(pattern, length, flags, NULL, status);
}

KBRegex *kb_regex_clone(const KBRegex *regex, int32_t *status) {
    return (KBRegex *)swift_uregex_clone((const URegularExpression *)regex, status);
}

void kb_regex_close(KBRegex *regex) {
    if (regex) swift_uregex_close((URegularExpression *)regex);
}

int32_t kb_regex_group_count(const KBRegex *regex) {
    int32_t status = 0;
    int32_t n = swift_uregex_groupCount((URegularExpression *)regex, &status);
    return status > 0 ? 0 : n;
}

int32_t kb_regex_reset(KBRegex *regex, const uint16_t *text, int32_t length, int64_t start, int64_t limit, int32_t transparent) {
    URegularExpression *re = (URegularExpression *)regex;
    int32_t status = 0;
    swift_uregex_setText(re, text && length > 0 ? text : empty, length > 0 ? length : 0, &status);
    swift_uregex_useTransparentBounds(re, transparent ? 1 : 0, &status);
    swift_uregex_useAnchoringBounds(re, 1, &status);
    swift_uregex_setRegion64(re, start, limit, &status);
    return status > 0 ? 0 : 1;
}

int32_t kb_regex_find_next(KBRegex *regex) {
    int32_t status = 0;
    int8_t found = swift_uregex_findNext((URegularExpression *)regex, &status);
    return found && status <= 0;
}

int32_t kb_regex_looking_at(KBRegex *regex) {
    int32_t status = 0;
    int8_t found = swift_uregex_lookingAt64((URegularExpression *)regex, -1, &status);
    return found && status <= 0;
}

void kb_regex_group(KBRegex *regex, int32_t group, int64_t *start, int64_t *end) {
    int32_t status = 0;
    *start = swift_uregex_start64((URegularExpression *)regex, group, &status);
    *end = swift_uregex_end64((URegularExpression *)regex, group, &status);
    if (status > 0) { *start = -1; *end = -1; }
}
