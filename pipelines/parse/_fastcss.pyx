# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""Simple CSS selector lists matched over a selectolax (Lexbor) tree in C.

Lexbor's selector engine tests every selector of a list on every element, and an attribute
test looks its name up and compares through a case table: a list of substring tests on class
names (`[class*="date"], [id*="time"], ...`) costs it 0.3-0.4 CPU-s over the 830 benchmark
pages, 5-10 % of extraction. This module matches the same lists in one walk of Lexbor's own
structures (`_lexbor_layout.h`): what it returns is what `node.css(selector)` returns, node for
node and in the same order (a node once per selector of the list it matches).

Taken: compounds (a tag or `*`, then `.class`, `#id`, `[attr]`, `[attr=v]`, `[attr~=v]`,
`[attr|=v]`, `[attr^=v]`, `[attr$=v]`, `[attr*=v]`, `:is(...)`, `:not(...)`) joined by the
descendant combinator (`_selector_syntax.py`); `compile_selector` returns None for anything
else (other combinators and pseudo-classes), which the caller hands to Lexbor. The tests
follow Lexbor 3.1.0's (selectors.c): the class and id tests are case-blind in a quirks-mode
document, the values of the attributes HTML lists as case-blind are compared so on HTML
elements, an attribute is the element's first of its name.

Nothing here is trusted until pipelines/parse/select.py has compared it with Lexbor at import
on pages of its own; any difference turns it off.
"""

from cpython.object cimport PyObject, PyTypeObject
from cpython.ref cimport Py_DECREF, Py_INCREF
from libc.stdint cimport uintptr_t
from libc.stdlib cimport free, malloc
from libc.string cimport memchr, memcmp

from selectolax.lexbor import LexborHTMLParser, LexborNode


cdef extern from "_lexbor_layout.h" nogil:
    ctypedef struct nw_str:
        unsigned char *data
        size_t length

    ctypedef struct nw_document:
        int compat_mode
        int type

    ctypedef struct nw_node:
        uintptr_t local_name
        uintptr_t ns
        nw_document *owner_document
        nw_node *next
        nw_node *parent
        nw_node *first_child
        int type

    ctypedef struct nw_attr:
        nw_node node
        nw_str *value
        nw_attr *next

    ctypedef struct nw_element:
        nw_node node
        nw_attr *first_attr
        nw_attr *attr_id
        nw_attr *attr_class

    ctypedef struct nw_hash_entry:
        size_t length

    const unsigned char *nw_hash_name(const nw_hash_entry *entry)
    int NW_NODE_ELEMENT
    int NW_NS_HTML
    int NW_CMODE_QUIRKS
    int NW_DTYPE_HTML
    uintptr_t NW_ATTR_LAST_ENTRY
    uintptr_t NW_TAG_LAST_ENTRY


# The attributes whose values HTML compares case-blind in selectors, as Lexbor lists them
# (lxb_selectors_match_attribute_html_case_insensitive).
_CASE_BLIND_ATTRS = frozenset(
    "accept accept-charset align alink axis bgcolor charset checked clear codetype color "
    "compact declare defer dir direction disabled enctype face frame hreflang http-equiv lang "
    "language link media method multiple nohref noresize noshade nowrap readonly rel rev rules "
    "scope scrolling selected shape target text type valign valuetype vlink".split()
)

cdef enum Kind:
    K_ATTR = 0
    K_CLASS = 1
    K_ID = 2
    K_IS = 3
    K_NOT = 4

cdef enum Op:
    OP_EXISTS = 0
    OP_EQUAL = 1
    OP_INCLUDE = 2
    OP_DASH = 3
    OP_PREFIX = 4
    OP_SUFFIX = 5
    OP_SUBSTRING = 6

cdef struct Cond:
    int kind
    int op
    bint case_blind       # a case-blind attribute of HTML (on HTML elements only)
    uintptr_t attr_id     # a static attribute's id, else 0 (matched by name)
    const unsigned char *name
    size_t name_len
    const unsigned char *value
    size_t value_len
    int first             # K_IS, K_NOT: its selectors, [first, first + count) of `complexes`
    int count

cdef struct Compound:
    uintptr_t tag         # 0: any element
    int first_cond
    int n_conds
    bint needs_attrs      # one of its own conditions reads an attribute: none, no match

cdef struct Complex:      # compounds joined by descendant combinators, left to right
    int first
    int count


cdef unsigned char _lower(unsigned char c) noexcept nogil:
    return c + 32 if 65 <= c <= 90 else c


cdef bint _ncmp(const unsigned char *a, const unsigned char *b, size_t n, bint blind) noexcept nogil:
    cdef size_t i
    if not blind:
        return memcmp(a, b, n) == 0
    for i in range(n):
        if _lower(a[i]) != _lower(b[i]):
            return False
    return True


cdef bint _contains(const unsigned char *where, size_t size, const unsigned char *what,
                    size_t n, bint blind) noexcept nogil:
    cdef size_t i
    if n > size:
        return False
    cdef const unsigned char *at = where
    cdef const unsigned char *end = where + size - n + 1
    if not blind:  # each place of the first byte, then the rest
        while at < end:
            at = <const unsigned char *> memchr(at, what[0], end - at)
            if at == NULL:
                return False
            if memcmp(at, what, n) == 0:
                return True
            at += 1
        return False
    for i in range(size - n + 1):
        if (where[i] == what[0] or (blind and _lower(where[i]) == _lower(what[0]))) and _ncmp(
            where + i, what, n, blind
        ):
            return True
    return False


cdef inline bint _space(unsigned char c) noexcept nogil:
    return c == 32 or c == 9 or c == 10 or c == 12 or c == 13


cdef bint _has_token(const nw_str *target, const unsigned char *src, size_t n, bint blind) noexcept nogil:
    """lxb_selectors_match_class: `src` is one of the whitespace-separated tokens of target.
    Case-sensitive (most documents), each place of its first byte is tried; case-blind (a
    quirks-mode class), each token in turn."""
    cdef const unsigned char *data
    cdef const unsigned char *pos
    cdef const unsigned char *end
    cdef const unsigned char *last
    if n == 0 or target.length < n:
        return False
    data = target.data
    end = data + target.length
    if not blind:
        last = end - n  # the last place a token of n bytes may start
        while data <= last:
            data = <const unsigned char *> memchr(data, src[0], last - data + 1)
            if data == NULL:
                return False
            if (
                (data == target.data or _space((data - 1)[0]))
                and (data == last or _space(data[n]))
                and memcmp(data, src, n) == 0
            ):
                return True
            data += 1
        return False
    pos = data
    while data < end:
        if _space(data[0]):
            if <size_t>(data - pos) == n and _ncmp(pos, src, n, blind):
                return True
            if <size_t>(end - data) < n:
                return False
            pos = data + 1
        data += 1
    return <size_t>(end - pos) == n and _ncmp(pos, src, n, blind)


cdef bint _same_name(uintptr_t attr_name, const Cond *cond) noexcept nogil:
    cdef const nw_hash_entry *entry
    if attr_name < NW_ATTR_LAST_ENTRY:
        return attr_name == cond.attr_id and cond.attr_id != 0
    if cond.attr_id != 0:
        return False
    entry = <const nw_hash_entry *> attr_name
    return entry.length == cond.name_len and memcmp(nw_hash_name(entry), cond.name, cond.name_len) == 0


cdef bint _attr_matches(const nw_node *node, const Cond *cond) noexcept nogil:
    cdef const nw_element *element = <const nw_element *> node
    cdef const nw_attr *attr = element.first_attr
    cdef const nw_str *trg
    cdef size_t n = cond.value_len
    cdef bint blind
    while attr != NULL and not _same_name(attr.node.local_name, cond):
        attr = attr.next
    if attr == NULL:
        return False
    if cond.op == OP_EXISTS:
        return True
    trg = attr.value
    blind = (
        cond.case_blind
        and node.ns == NW_NS_HTML
        and node.owner_document.type == NW_DTYPE_HTML
    )
    if trg == NULL or trg.length == 0:
        # a value-less attribute reads as '': only '=' (and '~=', '|=' of '') may match it
        if cond.op == OP_EQUAL or cond.op == OP_DASH:
            return n == 0
        return False
    if cond.op == OP_EQUAL:
        return trg.length == n and _ncmp(trg.data, cond.value, n, blind)
    if cond.op == OP_INCLUDE:
        return _has_token(trg, cond.value, n, blind)
    if cond.op == OP_DASH:
        if trg.length == n:
            return _ncmp(trg.data, cond.value, n, blind)
        return trg.length > n and _ncmp(trg.data, cond.value, n, blind) and trg.data[n] == 45
    if cond.op == OP_PREFIX:
        return n != 0 and trg.length >= n and _ncmp(trg.data, cond.value, n, blind)
    if cond.op == OP_SUFFIX:
        return n != 0 and trg.length >= n and _ncmp(trg.data + trg.length - n, cond.value, n, blind)
    if cond.op == OP_SUBSTRING:
        return n != 0 and _contains(trg.data, trg.length, cond.value, n, blind)
    return False


cdef class Matcher:
    """A compiled selector list: `select(node)` is `node.css(selector)`."""

    cdef Compound *compounds
    cdef Complex *complexes
    cdef Cond *conds
    # The top-level selectors that are a bare static tag, counted by tag id (tag lists, the
    # most common walk): an element's count is one read; the other selectors are tried in turn.
    cdef int tag_times[256]
    cdef int *others
    cdef uintptr_t *other_tags  # each other selector's own tag (its last compound's), or 0
    cdef int n_others
    cdef readonly str selector
    cdef list _keep  # the bytes the conditions point into

    def __dealloc__(self):
        free(self.compounds)
        free(self.complexes)
        free(self.conds)
        free(self.others)
        free(self.other_tags)

    cdef bint _compound(self, const nw_node *node, int index) noexcept nogil:
        cdef const Compound *compound = &self.compounds[index]
        cdef const Cond *cond
        cdef const nw_element *element = <const nw_element *> node
        cdef const nw_attr *attr
        cdef bint quirks, found
        cdef int i, j
        if node.type != NW_NODE_ELEMENT:
            return False
        if compound.tag != 0 and node.local_name != compound.tag:
            return False
        if compound.needs_attrs and element.first_attr == NULL:
            return False
        for i in range(compound.first_cond, compound.first_cond + compound.n_conds):
            cond = &self.conds[i]
            if cond.kind == K_ATTR:
                if not _attr_matches(node, cond):
                    return False
            elif cond.kind == K_IS or cond.kind == K_NOT:
                found = False
                for j in range(cond.first, cond.first + cond.count):
                    if self._complex(node, j):
                        found = True
                        break
                if found == (cond.kind == K_NOT):
                    return False
            else:
                attr = element.attr_class if cond.kind == K_CLASS else element.attr_id
                if attr == NULL or attr.value == NULL:
                    return False
                quirks = node.owner_document.compat_mode == NW_CMODE_QUIRKS
                if cond.kind == K_CLASS:
                    if not _has_token(attr.value, cond.value, cond.value_len, quirks):
                        return False
                elif attr.value.length != cond.value_len or not _ncmp(
                    attr.value.data, cond.value, cond.value_len, quirks
                ):
                    return False
        return True

    cdef bint _complex(self, const nw_node *node, int index) noexcept nogil:
        """The element matches the selector's last compound, and each compound before it
        matches an ancestor above the one the next matched. The nearest such ancestor is as
        good as any: one farther up has fewer ancestors left. Ancestors are the whole
        document's, above the root of the walk too, as in Lexbor."""
        cdef const Complex *chain = &self.complexes[index]
        cdef int k = chain.first + chain.count - 1
        if not self._compound(node, k):
            return False
        while k > chain.first:
            k -= 1
            node = node.parent
            while node != NULL and not self._compound(node, k):
                node = node.parent
            if node == NULL:
                return False
        return True

    def select(self, root, int limit=0):
        """The elements of `root`'s subtree (itself included) that match, in page order, each
        once per selector of the list it matches; the first `limit` of them when limit > 0."""
        cdef const nw_node *top
        cdef const nw_node *node
        cdef int i, times
        cdef list found = []
        if root is None:
            return found
        parser = root.parser
        top = <const nw_node *> <uintptr_t> root.mem_id
        node = top
        while node != NULL:
            if node.type == NW_NODE_ELEMENT:
                times = self.tag_times[node.local_name] if node.local_name < 256 else 0
                for i in range(self.n_others):
                    if (
                        self.other_tags[i] == 0 or self.other_tags[i] == node.local_name
                    ) and self._complex(node, self.others[i]):
                        times += 1
                while times:
                    found.append(_node_of(node, parser))
                    times -= 1
                    if limit and len(found) >= limit:
                        return found
            # the next node in page order, without leaving root's subtree
            if node.first_child != NULL:
                node = node.first_child
                continue
            while node != top and node.next == NULL:
                node = node.parent
            if node == top:
                break
            node = node.next
        return found


# --- LexborNode objects for Lexbor nodes ----------------------------------------------------
# selectolax makes a LexborNode from a Lexbor pointer in C only (LexborNode.new). The object
# holds the pointer (what `.mem_id` returns) at an offset found at import, and its `parser`,
# which keeps the tree alive.
cdef Py_ssize_t _NODE_OFFSET = -1
cdef Py_ssize_t _PARSER_OFFSET = -1
ctypedef PyObject *(*_new_f)(PyTypeObject *, PyObject *, PyObject *)
cdef PyTypeObject *_NODE_TYPE = <PyTypeObject *> LexborNode
cdef _new_f _NEW = <_new_f> _NODE_TYPE.tp_new
cdef tuple _NO_ARGS = ()


cdef inline uintptr_t *_slot(object obj, Py_ssize_t offset) noexcept:
    return <uintptr_t *> ((<char *> <PyObject *> obj) + offset)


cdef object _node_of(const nw_node *node, object parser):
    """LexborNode.new(node, parser), as selectolax writes it: a new object (its type's tp_new,
    which sets `parser` to None) given the pointer and the parser."""
    cdef PyObject *old
    cdef PyObject *made = _NEW(_NODE_TYPE, <PyObject *> _NO_ARGS, NULL)
    if made == NULL:
        raise MemoryError()
    obj = <object> made  # the cast takes a reference of its own: give back tp_new's
    Py_DECREF(obj)
    _slot(obj, _NODE_OFFSET)[0] = <uintptr_t> node
    old = <PyObject *> _slot(obj, _PARSER_OFFSET)[0]
    Py_INCREF(parser)
    _slot(obj, _PARSER_OFFSET)[0] = <uintptr_t> <PyObject *> parser
    Py_DECREF(<object> old)
    return obj


def _find_offsets():
    """Where a LexborNode keeps its node pointer (the word that holds its mem_id, the same in
    two nodes, empty in an object made without one) and its parser (the word that holds the
    parser's address, None's in an object made without one)."""
    global _NODE_OFFSET, _PARSER_OFFSET
    tree = LexborHTMLParser("<p>a</p><p>b</p>")
    nodes = tree.css("p")
    blank = LexborNode.__new__(LexborNode)
    size = type(nodes[0]).__basicsize__
    pointer, parser = [], []
    for offset in range(sizeof(PyObject), size - sizeof(uintptr_t) + 1, sizeof(uintptr_t)):
        words = [_slot(n, offset)[0] for n in (*nodes, blank)]
        if words == [nodes[0].mem_id, nodes[1].mem_id, 0]:
            pointer.append(offset)
        if words == [id(tree), id(tree), id(None)]:
            parser.append(offset)
    if len(pointer) != 1 or len(parser) != 1 or blank.parser is not None:
        raise RuntimeError(f"LexborNode layout not recognised: {pointer} {parser}")
    _NODE_OFFSET, _PARSER_OFFSET = pointer[0], parser[0]


# --- compiling a selector list ----------------------------------------------------------------

cdef dict _OPS = {
    "": OP_EXISTS, "=": OP_EQUAL, "~=": OP_INCLUDE, "|=": OP_DASH,
    "^=": OP_PREFIX, "$=": OP_SUFFIX, "*=": OP_SUBSTRING,
}
cdef dict _TAG_IDS = {}
cdef dict _ATTR_IDS = {}


def _tag_id(str name):
    """Lexbor's id of a tag name when it is one of its static tags (the same in every
    document), else None."""
    if name not in _TAG_IDS:
        tree = LexborHTMLParser(f"<{name}></{name}>")
        node = tree.create_node(name)
        tag = (<const nw_node *> <uintptr_t> node.mem_id).local_name
        _TAG_IDS[name] = tag if tag < NW_TAG_LAST_ENTRY and node.tag == name else None
    return _TAG_IDS[name]


def _attr_id(str name):
    """Lexbor's id of an attribute name when it is a static one, else 0 (named in each
    document: matched by its name)."""
    cdef const nw_element *element
    if name not in _ATTR_IDS:
        tree = LexborHTMLParser(f"<div {name}></div>")
        div = tree.css_first("div")
        element = <const nw_element *> <uintptr_t> div.mem_id
        if element.first_attr == NULL or list(div.attributes) != [name]:
            raise ValueError(name)
        local = element.first_attr.node.local_name
        _ATTR_IDS[name] = local if local < NW_ATTR_LAST_ENTRY else 0
    return _ATTR_IDS[name]


def compile_selector(str selector):
    """A Matcher for a selector list, or None when the list holds more than it matches."""
    from pipelines.parse._selector_syntax import flatten, parse_list

    parsed = parse_list(selector)
    if parsed is None:
        return None
    compounds, complexes, conds, n_top = flatten(parsed)
    tags = [0 if name is None else _tag_id(name) for name, _, _ in compounds]
    if None in tags:
        return None  # a tag Lexbor names per document
    cdef Matcher matcher = Matcher.__new__(Matcher)
    cdef Cond *c
    matcher.selector = selector
    matcher._keep = []
    matcher.compounds = <Compound *> malloc(max(len(compounds), 1) * sizeof(Compound))
    matcher.complexes = <Complex *> malloc(max(len(complexes), 1) * sizeof(Complex))
    matcher.conds = <Cond *> malloc(max(len(conds), 1) * sizeof(Cond))
    matcher.others = <int *> malloc(max(n_top, 1) * sizeof(int))
    matcher.other_tags = <uintptr_t *> malloc(max(n_top, 1) * sizeof(uintptr_t))
    if not (
        matcher.compounds and matcher.complexes and matcher.conds and matcher.others
        and matcher.other_tags
    ):
        raise MemoryError()
    for i, (_, first_cond, n_conds) in enumerate(compounds):
        matcher.compounds[i].tag = tags[i]
        matcher.compounds[i].first_cond = first_cond
        matcher.compounds[i].n_conds = n_conds
        matcher.compounds[i].needs_attrs = any(
            cond[0] in ("attr", "class", "id") for cond in conds[first_cond : first_cond + n_conds]
        )
    for i, (first, count) in enumerate(complexes):
        matcher.complexes[i].first = first
        matcher.complexes[i].count = count
    for i in range(256):
        matcher.tag_times[i] = 0
    matcher.n_others = 0
    for i in range(n_top):
        first, count = complexes[i]
        if count == 1 and compounds[first][2] == 0 and 0 < tags[first] < 256:
            matcher.tag_times[tags[first]] += 1  # a bare tag
        else:
            matcher.others[matcher.n_others] = i
            matcher.other_tags[matcher.n_others] = tags[first + count - 1]
            matcher.n_others += 1
    for i, cond in enumerate(conds):
        c = &matcher.conds[i]
        c.kind, c.op, c.case_blind, c.attr_id = K_ATTR, OP_EXISTS, False, 0
        c.name, c.name_len, c.value, c.value_len, c.first, c.count = NULL, 0, NULL, 0, 0, 0
        if cond[0] in ("is", "not"):
            c.kind = K_IS if cond[0] == "is" else K_NOT
            c.first, c.count = cond[1], cond[2]
            continue
        kind, name, op, value = cond
        value_bytes = value.encode() if value is not None else b""
        matcher._keep.append(value_bytes)
        c.value, c.value_len = value_bytes, len(value_bytes)
        if kind == "class":
            c.kind = K_CLASS
        elif kind == "id":
            c.kind = K_ID
        else:
            name_bytes = name.encode()
            matcher._keep.append(name_bytes)
            c.kind, c.op = K_ATTR, _OPS[op]
            c.name, c.name_len = name_bytes, len(name_bytes)
            c.attr_id = _attr_id(name)
            c.case_blind = name in _CASE_BLIND_ATTRS
    return matcher


_find_offsets()
