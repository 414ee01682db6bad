#include <libxml/xmlversion.h>
/* Debian builds libxml2 with ICU; its headers clash with Foundation's bundled ICU. Only the
   layout of xmlCharEncodingHandler changes, which kb never touches. */
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
/* xmlFree is a global function pointer, which Swift 6 rejects as shared mutable state. */
static inline void kb_xmlFree(void *p) { xmlFree(p); }
