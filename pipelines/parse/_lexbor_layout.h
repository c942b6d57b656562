/* The few Lexbor structures `_fastcss.pyx` reads, laid out as in Lexbor 3.1.0, the version
 * selectolax 1.0.2 (pinned in pyproject.toml) compiles in. Only the leading fields that are
 * read are declared: every field before one that is read is here, in order, so the offsets
 * match (source/lexbor/dom/interfaces/{node,element,attr,document}.h, core/hash.h, core/str.h).
 * No Lexbor function is called and nothing is linked. `_fastcss` checks these layouts at import
 * against selectolax's own answers and stays off if any differs. */
#ifndef NEWSWH_LEXBOR_LAYOUT_H
#define NEWSWH_LEXBOR_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

typedef struct nw_str {
    unsigned char *data;
    size_t length;
} nw_str;

typedef struct nw_document nw_document;
typedef struct nw_node nw_node;

struct nw_node {
    void *events;             /* lxb_dom_event_target_t */
    uintptr_t local_name;     /* tag or attribute id */
    uintptr_t prefix;
    uintptr_t ns;
    nw_document *owner_document;
    nw_node *next;
    nw_node *prev;
    nw_node *parent;
    nw_node *first_child;
    nw_node *last_child;
    void *user;
    int type;                 /* lxb_dom_node_type_t */
};

typedef struct nw_attr nw_attr;

typedef struct nw_element {
    nw_node node;
    uintptr_t upper_name;
    uintptr_t qualified_name;
    nw_str *is_value;
    nw_attr *first_attr;
    nw_attr *last_attr;
    nw_attr *attr_id;
    nw_attr *attr_class;
} nw_element;

struct nw_attr {
    nw_node node;
    uintptr_t upper_name;
    uintptr_t qualified_name;
    nw_str *value;
    nw_element *owner;
    nw_attr *next;
    nw_attr *prev;
};

struct nw_document {
    nw_node node;
    int compat_mode;          /* lxb_dom_document_cmode_t: 1 is quirks */
    int type;                 /* lxb_dom_document_dtype_t: 1 is HTML */
};

/* lexbor_hash_entry_t: a name longer than 16 bytes is kept behind a pointer. The id of an
 * attribute name that is not one of Lexbor's static ones points at such an entry (the first
 * field of lxb_dom_attr_data_t). */
typedef struct nw_hash_entry {
    union {
        unsigned char *long_str;
        unsigned char short_str[16 + 1];
    } u;
    size_t length;
    void *next;
} nw_hash_entry;

#define NW_HASH_SHORT_SIZE 16
#define NW_NODE_ELEMENT 1
#define NW_NS_HTML 2
#define NW_CMODE_QUIRKS 1
#define NW_DTYPE_HTML 1
#define NW_ATTR_LAST_ENTRY 0x49   /* LXB_DOM_ATTR__LAST_ENTRY: ids below are static */
#define NW_TAG_LAST_ENTRY 0xc7    /* LXB_TAG__LAST_ENTRY */

static inline const unsigned char *nw_hash_name(const nw_hash_entry *entry) {
    return entry->length <= NW_HASH_SHORT_SIZE ? entry->u.short_str : entry->u.long_str;
}

#endif
