#include <libxml/xmlversion.h>
/* Debian builds libxml2 with ICU; its headers clash with Foundation's bundled ICU. Only the
   layout of xmlCharEncodingHandler changes, which kb never touches. */
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>

/* libxml2 is opened the first time a document needs it, not linked: linked, it and the ICU it brings
   were loaded by every kb process, `kb search` and `kb --version` included (about a millisecond of
   each start). The few functions kb calls go through this table. */
typedef struct {
    htmlDocPtr (*htmlReadMemory)(const char *, int, const char *, const char *, int);
    xmlDocPtr (*xmlReadMemory)(const char *, int, const char *, const char *, int);
    xmlNodePtr (*xmlDocGetRootElement)(const xmlDoc *);
    void (*xmlFreeDoc)(xmlDocPtr);
    long (*xmlGetLineNo)(const xmlNode *);
    xmlChar *(*xmlGetProp)(const xmlNode *, const xmlChar *);
    xmlChar *(*xmlNodeGetContent)(const xmlNode *);
    xmlChar *(*xmlNodeListGetString)(xmlDocPtr, const xmlNode *, int);
    xmlFreeFunc *xmlFree;   /* a global variable of libxml2's, not a function */
    const char *error;      /* why the library could not be opened, or NULL */
} kb_xml_api;

/* Function-local statics: Swift emits a header's inline functions, not its static variables. It may
   emit them in more than one object file, each with its own table: every wrapper below therefore makes
   sure its own copy is loaded (after the first call, one atomic load), and dlopen hands each the same
   library. */
static inline kb_xml_api *kb_xml_tablep(void) { static kb_xml_api table; return &table; }
#define kb_xml_table (*kb_xml_tablep())

static inline void kb_xml_open(void) {
    void *lib = dlopen("libxml2.so.2", RTLD_NOW | RTLD_LOCAL);
    if (!lib) lib = dlopen("libxml2.so", RTLD_NOW | RTLD_LOCAL);
    if (!lib) { kb_xml_table.error = dlerror(); if (!kb_xml_table.error) kb_xml_table.error = "libxml2.so.2 not found"; return; }
#define KB_XML_SYM(name) *(void **)(&kb_xml_table.name) = dlsym(lib, #name); \
    if (!kb_xml_table.name) { kb_xml_table.error = "libxml2.so.2 lacks " #name; return; }
    KB_XML_SYM(htmlReadMemory)
    KB_XML_SYM(xmlReadMemory)
    KB_XML_SYM(xmlDocGetRootElement)
    KB_XML_SYM(xmlFreeDoc)
    KB_XML_SYM(xmlGetLineNo)
    KB_XML_SYM(xmlGetProp)
    KB_XML_SYM(xmlNodeGetContent)
    KB_XML_SYM(xmlNodeListGetString)
    KB_XML_SYM(xmlFree)
#undef KB_XML_SYM
}

/* NULL when libxml2 is ready; else why not (the readers turn it into the file's error). */
static inline const char *kb_xml_load(void) {
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, kb_xml_open);
    return kb_xml_table.error;
}

/* Each opens its copy of the table if need be; call them only once kb_xml_load() returned NULL. */
#define KB_XML (kb_xml_load(), kb_xml_table)
static inline htmlDocPtr kb_htmlReadMemory(const char *b, int n, const char *url, const char *enc, int opts) { return KB_XML.htmlReadMemory(b, n, url, enc, opts); }
static inline xmlDocPtr kb_xmlReadMemory(const char *b, int n, const char *url, const char *enc, int opts) { return KB_XML.xmlReadMemory(b, n, url, enc, opts); }
static inline xmlNodePtr kb_xmlDocGetRootElement(const xmlDoc *d) { return KB_XML.xmlDocGetRootElement(d); }
static inline void kb_xmlFreeDoc(xmlDocPtr d) { KB_XML.xmlFreeDoc(d); }
static inline long kb_xmlGetLineNo(const xmlNode *n) { return KB_XML.xmlGetLineNo(n); }
static inline xmlChar *kb_xmlGetProp(const xmlNode *n, const xmlChar *name) { return KB_XML.xmlGetProp(n, name); }
static inline xmlChar *kb_xmlNodeGetContent(const xmlNode *n) { return KB_XML.xmlNodeGetContent(n); }
static inline xmlChar *kb_xmlNodeListGetString(xmlDocPtr d, const xmlNode *l, int inLine) { return KB_XML.xmlNodeListGetString(d, l, inLine); }
static inline void kb_xmlFree(void *p) { (*KB_XML.xmlFree)(p); }
