"""Statics, render trees, diffs and the client model over liblivediff_c.

Values given to the builder may be str (escaped text), int, float, None (nothing) or anything
str() turns into text; bool is refused, as LiveView renders neither True nor False as text.
"""

from array import array
from itertools import compress

from ._native import ffi, lib

_NULL = ffi.NULL


class Error(Exception):
    """A call the C library refused: `status` is its livediff_status name."""

    def __init__(self, status, message):
        super().__init__(f"{status}: {message}")
        self.status = status
        self.message = message


def _raise(status):
    name = ffi.string(lib.livediff_status_name(status)).decode()
    message = ffi.string(lib.livediff_last_error()).decode("utf-8", "replace")
    raise Error(name, message)


def _text(value):
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        raise TypeError("a bool is not text; render a string instead")
    return str(value)


def _bytes(value, what):
    if isinstance(value, bytes):
        return value
    if not isinstance(value, str):
        raise TypeError(f"{what} must be str, not {type(value).__name__}")
    return value.encode()


class Statics:
    """The N+1 HTML fragments around the N dynamics of a template, fingerprinted once."""

    __slots__ = ("_ptr", "parts", "dynamic_count", "fingerprint")

    def __init__(self, parts):
        self.parts = tuple(parts)
        encoded = [_bytes(p, "a statics part") for p in self.parts]
        views = ffi.new("livediff_str[]", max(len(encoded), 1))
        keep = []
        for i, b in enumerate(encoded):
            buf = ffi.from_buffer(b)
            keep.append(buf)
            views[i].data = buf
            views[i].size = len(b)
        out = ffi.new("livediff_statics**")
        st = lib.livediff_statics_new(views, len(encoded), out)
        if st:
            _raise(st)
        self._ptr = ffi.gc(out[0], lib.livediff_statics_free)
        self.dynamic_count = lib.livediff_statics_dynamic_count(self._ptr)
        self.fingerprint = lib.livediff_statics_fingerprint(self._ptr)

    def __repr__(self):
        return f"Statics({list(self.parts)!r})"


class Field:
    """Where one value of an array call goes: Field.text(slot), Field.html(slot) or
    Field.attr(slot, name)."""

    __slots__ = ("slot", "kind", "name")

    def __init__(self, slot, kind, name=""):
        self.slot, self.kind, self.name = slot, kind, name

    @classmethod
    def text(cls, slot):
        return cls(slot, lib.LIVEDIFF_FIELD_TEXT)

    @classmethod
    def html(cls, slot):
        return cls(slot, lib.LIVEDIFF_FIELD_HTML)

    @classmethod
    def attr(cls, slot, name):
        return cls(slot, lib.LIVEDIFF_FIELD_ATTR, name)


class Fields:
    """A row's layout for the array calls: one Field per value, made once."""

    __slots__ = ("_ptr", "fields", "count")

    def __init__(self, fields):
        self.fields = tuple(fields)
        self.count = len(self.fields)
        arr = ffi.new("livediff_field[]", max(self.count, 1))
        keep = []
        for i, f in enumerate(self.fields):
            arr[i].slot = f.slot
            arr[i].kind = f.kind
            name = _bytes(f.name, "an attribute name")
            buf = ffi.from_buffer(name)
            keep.append(buf)
            arr[i].name.data = buf
            arr[i].name.size = len(name)
        out = ffi.new("livediff_fields**")
        st = lib.livediff_fields_new(arr, self.count, out)
        if st:
            _raise(st)
        self._ptr = ffi.gc(out[0], lib.livediff_fields_free)


def _pack(values, count):
    """`count` values joined by NUL, or None when a value holds a NUL itself."""
    try:
        joined = "\0".join(values)
    except TypeError:
        joined = "\0".join(map(_text, values))
    if joined.count("\0") != (count - 1 if count else 0):
        return None
    return joined.encode()


class Node:
    """A node of the current render: set its dynamics by slot."""

    __slots__ = ("_tree", "_t", "_h")

    def __init__(self, tree, handle):
        self._tree, self._t, self._h = tree, tree._ptr, handle

    def text(self, slot, value):
        if isinstance(value, str):
            b = value.encode()
            st = lib.livediff_node_set_text(self._t, self._h, slot, b, len(b))
        elif isinstance(value, int) and not isinstance(value, bool):
            st = lib.livediff_node_set_int(self._t, self._h, slot, value) \
                if -(1 << 63) <= value < (1 << 63) else self._text_str(slot, str(value))
        elif isinstance(value, float):
            st = lib.livediff_node_set_double(self._t, self._h, slot, value)
        else:
            st = self._text_str(slot, _text(value))
        if st:
            _raise(st)
        return self

    def _text_str(self, slot, s):
        b = s.encode()
        return lib.livediff_node_set_text(self._t, self._h, slot, b, len(b))

    def html(self, slot, markup):
        b = _bytes(markup, "markup")
        st = lib.livediff_node_set_html(self._t, self._h, slot, b, len(b))
        if st:
            _raise(st)
        return self

    def attr(self, slot, name, value):
        n = _bytes(name, "an attribute name")
        v = _text(value).encode()
        st = lib.livediff_node_set_attr(self._t, self._h, slot, n, len(n), v, len(v))
        if st:
            _raise(st)
        return self

    def unchanged(self, slot):
        st = lib.livediff_node_set_unchanged(self._t, self._h, slot)
        if st:
            _raise(st)
        return self

    def component(self, slot, cid):
        st = lib.livediff_node_set_component(self._t, self._h, slot, cid)
        if st:
            _raise(st)
        return self

    def node(self, slot, statics):
        out = self._tree._node
        st = lib.livediff_node_add_node(self._t, self._h, slot, statics._ptr, out)
        if st:
            _raise(st)
        return Node(self._tree, out[0])

    def comprehension(self, slot, statics):
        out = self._tree._list
        st = lib.livediff_node_add_list(self._t, self._h, slot, statics._ptr, out)
        if st:
            _raise(st)
        return Comprehension(self._tree, out[0])

    def set(self, fields, values):
        """One value per field of `fields`, in one call (or one str of them joined by NUL)."""
        if type(values) is str:
            values = values.split("\0")
        packed = _pack(values, fields.count)
        if packed is None:
            return self._set_each(fields, values)
        st = lib.livediff_node_set_packed(self._t, self._h, fields._ptr, packed, len(packed))
        if st:
            _raise(st)
        return self

    def _set_each(self, fields, values):
        encoded = [_text(v).encode() for v in values]
        arr = ffi.new("livediff_str[]", max(len(encoded), 1))
        keep = [ffi.from_buffer(b) for b in encoded]
        for i, b in enumerate(encoded):
            arr[i].data, arr[i].size = keep[i], len(b)
        st = lib.livediff_node_set_values(self._t, self._h, fields._ptr, arr, len(encoded))
        if st:
            _raise(st)
        return self


_INVERT = bytes.maketrans(b"\x00\x01", b"\x01\x00")


def _pack_rows(rows, per_row):
    """The values of `rows` joined by NUL, or None when that would not be exactly
    len(rows) * per_row values (a row of the wrong length, or a value holding a NUL)."""
    if not rows:
        return b""
    if type(rows[0]) is str:
        joined = "\0".join(rows)
    else:
        try:
            joined = "\0".join(map("\0".join, rows))
        except TypeError:
            joined = "\0".join("\0".join(map(_text, row)) for row in rows)
    expected = len(rows) * per_row
    if expected == 0 or joined.count("\0") != expected - 1:
        return None
    return joined.encode()


def _int_keys(keys):
    try:
        return array("q", keys)
    except (TypeError, OverflowError):
        return None


class Comprehension:
    """A list of entries sharing one statics: keyed, by position, or a stream."""

    __slots__ = ("_tree", "_t", "_h")

    def __init__(self, tree, handle):
        self._tree, self._t, self._h = tree, tree._ptr, handle

    def entry(self, key=None):
        out = self._tree._node
        if key is None:
            st = lib.livediff_list_add_entry(self._t, self._h, out)
        elif isinstance(key, int) and not isinstance(key, bool):
            st = lib.livediff_list_add_entry_int(self._t, self._h, key, out)
        else:
            k = _bytes(key, "a key")
            st = lib.livediff_list_add_entry_str(self._t, self._h, k, len(k), out)
        if st:
            _raise(st)
        return Node(self._tree, out[0])

    def unchanged_entry(self, key):
        """An entry the client already holds under `key`: not rendered, at most moved."""
        if isinstance(key, int) and not isinstance(key, bool):
            st = lib.livediff_list_add_unchanged_int(self._t, self._h, key)
        else:
            k = _bytes(key, "a key")
            st = lib.livediff_list_add_unchanged_str(self._t, self._h, k, len(k))
        if st:
            _raise(st)
        return self

    def entries(self, fields, rows, keys=None, unchanged=None, nodes=False):
        """Adds entries in one call. A row is a sequence of one value per field, or one str of
        its values already joined by NUL. `keys` are int or str keys (None: by position).
        With `unchanged`, one flag per entry, entry i is unchanged when unchanged[i] is true:
        `rows` then holds a row per entry (those of unchanged entries are not read) or only the
        rows of the others. Returns the entry nodes when `nodes` is true."""
        n = len(rows)
        mask = _NULL
        live = rows
        if unchanged is not None:
            mask = unchanged if type(unchanged) is bytes else bytes(map(bool, unchanged))
            n = len(mask)
            if len(rows) == n:
                live = list(compress(rows, mask.translate(_INVERT)))
            elif len(rows) != n - sum(mask):
                raise ValueError("a row per entry, or a row per entry not unchanged")
            else:
                rows = None  # for the slow path: only the live rows are known
        if keys is not None and len(keys) != n:
            raise ValueError("one key per entry")
        packed = _pack_rows(live, fields.count)
        if packed is None:
            return self._entries_each(fields, rows, keys, unchanged, nodes, live)
        out = ffi.new("livediff_node[]", n) if nodes else _NULL
        if keys is None or n == 0:
            st = lib.livediff_list_add_entries(self._t, self._h, fields._ptr, n, _NULL, mask,
                                               packed, len(packed), out)
        elif isinstance(keys[0], int) and not isinstance(keys[0], bool):
            ints = _int_keys(keys)
            if ints is None:
                return self._entries_each(fields, rows, keys, unchanged, nodes, live)
            st = lib.livediff_list_add_entries(self._t, self._h, fields._ptr, n,
                                               ffi.from_buffer("int64_t[]", ints), mask,
                                               packed, len(packed), out)
        else:
            kp = _pack(keys, n) if all(isinstance(k, str) for k in keys) else None
            if kp is None:
                return self._entries_each(fields, rows, keys, unchanged, nodes, live)
            st = lib.livediff_list_add_entries_str(self._t, self._h, fields._ptr, n, kp,
                                                   len(kp), mask, packed, len(packed), out)
        if st:
            _raise(st)
        if nodes:
            return [Node(self._tree, out[i]) if out[i] else None for i in range(n)]
        return None

    def _entries_each(self, fields, rows, keys, unchanged, nodes, live=None):
        if rows is None:  # only the rows of entries not unchanged were given
            it = iter(live)
            rows = [None if u else next(it) for u in unchanged]
        made = []
        for i, row in enumerate(rows):
            key = None if keys is None else keys[i]
            if unchanged is not None and unchanged[i]:
                self.unchanged_entry(i if key is None else key)
                made.append(None)
                continue
            made.append(self.entry(key).set(fields, row.split("\0") if type(row) is str else row))
        return made if nodes else None

    # ---- streams ---------------------------------------------------------------------------

    def stream(self, ref):
        """Makes this (empty) list a stream named `ref` (phx-update="stream")."""
        r = _bytes(ref, "a stream ref")
        st = lib.livediff_list_set_stream(self._t, self._h, r, len(r))
        if st:
            _raise(st)
        return self

    @staticmethod
    def _flags(limit, update_only):
        flags = 0
        if limit is not None:
            flags |= lib.LIVEDIFF_INSERT_LIMIT
        if update_only:
            flags |= lib.LIVEDIFF_INSERT_UPDATE_ONLY
        return flags

    def insert(self, dom_id, at=-1, limit=None, update_only=False):
        """Inserts (or replaces) the item `dom_id`; returns its node to render."""
        d = _bytes(dom_id, "a DOM id")
        out = self._tree._node
        st = lib.livediff_list_stream_insert(self._t, self._h, d, len(d), at,
                                             0 if limit is None else limit,
                                             self._flags(limit, update_only), out)
        if st:
            _raise(st)
        return Node(self._tree, out[0])

    def insert_many(self, fields, dom_ids, rows, at=-1, limit=None, update_only=False):
        """Inserts one item per row with the same options, in one call."""
        n = len(rows)
        if len(dom_ids) != n:
            raise ValueError("one DOM id per row")
        values = [v for row in rows for v in row]
        packed = _pack(values, len(values))
        ids = _pack([_bytes(d, "a DOM id").decode() for d in dom_ids], n)
        if packed is None or ids is None:
            for d, row in zip(dom_ids, rows):
                self.insert(d, at, limit, update_only).set(fields, row)
            return self
        st = lib.livediff_list_stream_insert_many(
            self._t, self._h, fields._ptr, n, ids, len(ids), at, 0 if limit is None else limit,
            self._flags(limit, update_only), packed, len(packed), _NULL)
        if st:
            _raise(st)
        return self

    def delete(self, dom_id):
        d = _bytes(dom_id, "a DOM id")
        st = lib.livediff_list_stream_delete(self._t, self._h, d, len(d))
        if st:
            _raise(st)
        return self

    def reset(self):
        st = lib.livediff_list_stream_reset(self._t, self._h)
        if st:
            _raise(st)
        return self


class Rendered:
    """One render of a page; reusable, keeping its buffers between renders.
    Thread safety: one thread at a time, as for the C object."""

    __slots__ = ("_ptr", "_node", "_list", "__weakref__")

    def __init__(self):
        out = ffi.new("livediff_rendered**")
        st = lib.livediff_rendered_new(out)
        if st:
            _raise(st)
        self._ptr = ffi.gc(out[0], lib.livediff_rendered_free)
        # Out parameters of the builder calls, made once: a render makes many nodes.
        self._node = ffi.new("livediff_node*")
        self._list = ffi.new("livediff_list*")

    def root(self, statics):
        """Starts a new render rooted at `statics`; nodes of the previous render go stale."""
        out = self._node
        st = lib.livediff_rendered_root(self._ptr, statics._ptr, out)
        if st:
            _raise(st)
        return Node(self, out[0])

    def component(self, cid, statics):
        """Renders live component `cid` (a single root element) in this render."""
        out = self._node
        st = lib.livediff_rendered_component(self._ptr, cid, statics._ptr, out)
        if st:
            _raise(st)
        return Node(self, out[0])

    def clear(self):
        lib.livediff_rendered_clear(self._ptr)

    def html(self, view_id=""):
        """The dead render's HTML; with a view id, components carry data-phx-component."""
        v = _bytes(view_id, "a view id")
        out = ffi.new("const char**")
        size = ffi.new("size_t*")
        st = lib.livediff_rendered_html(self._ptr, v, len(v), out, size)
        if st:
            _raise(st)
        return ffi.unpack(out[0], size[0]).decode()


class DiffState:
    """What one client holds, as the differ needs it (never the HTML)."""

    __slots__ = ("_ptr",)

    def __init__(self):
        out = ffi.new("livediff_state**")
        st = lib.livediff_state_new(out)
        if st:
            _raise(st)
        self._ptr = ffi.gc(out[0], lib.livediff_state_free)

    def clear(self):
        lib.livediff_state_clear(self._ptr)

    def copy_from(self, other):
        """Makes this state hold what `other` holds."""
        st = lib.livediff_state_copy(other._ptr, self._ptr)
        if st:
            _raise(st)

    def forget_component(self, cid):
        held = ffi.new("int*")
        st = lib.livediff_state_forget_component(self._ptr, cid, held)
        if st:
            _raise(st)
        return bool(held[0])

    @property
    def memory_bytes(self):
        return lib.livediff_state_memory(self._ptr)


class Differ:
    """Encodes diffs; one per thread, serving any number of states."""

    __slots__ = ("_ptr", "_out", "_size")

    def __init__(self):
        out = ffi.new("livediff_differ**")
        st = lib.livediff_differ_new(out)
        if st:
            _raise(st)
        self._ptr = ffi.gc(out[0], lib.livediff_differ_free)
        self._out = ffi.new("const char**")
        self._size = ffi.new("size_t*")

    def diff_bytes(self, rendered, state, extra=b""):
        """The diff as UTF-8 bytes; `extra` is raw JSON members such as b'"t":"Title"'."""
        e = extra if isinstance(extra, bytes) else extra.encode()
        st = lib.livediff_differ_diff(self._ptr, rendered._ptr, state._ptr, e, len(e),
                                      self._out, self._size)
        if st:
            _raise(st)
        return ffi.unpack(self._out[0], self._size[0])

    def diff(self, rendered, state, extra=b""):
        """The diff of `rendered` against `state` as JSON text; updates `state`."""
        return self.diff_bytes(rendered, state, extra).decode()

    def full(self, rendered):
        """The JSON of a full render, leaving no state behind."""
        st = lib.livediff_differ_full(self._ptr, rendered._ptr, self._out, self._size)
        if st:
            _raise(st)
        return ffi.unpack(self._out[0], self._size[0]).decode()


class ClientModel:
    """The browser client's view of a page: merges diffs as rendered.js does."""

    __slots__ = ("_ptr",)

    def __init__(self, view_id="phx-view"):
        v = _bytes(view_id, "a view id")
        out = ffi.new("livediff_client**")
        st = lib.livediff_client_new(v, len(v), out)
        if st:
            _raise(st)
        self._ptr = ffi.gc(out[0], lib.livediff_client_free)

    def join(self, rendered_json):
        b = _bytes(rendered_json, "JSON")
        st = lib.livediff_client_join(self._ptr, b, len(b))
        if st:
            _raise(st)

    def merge(self, diff_json):
        b = _bytes(diff_json, "JSON")
        st = lib.livediff_client_merge(self._ptr, b, len(b))
        if st:
            _raise(st)

    def _read(self, fn):
        out = ffi.new("const char**")
        size = ffi.new("size_t*")
        st = fn(self._ptr, out, size)
        if st:
            _raise(st)
        return ffi.unpack(out[0], size[0]).decode()

    @property
    def html(self):
        return self._read(lib.livediff_client_html)

    @property
    def title(self):
        return self._read(lib.livediff_client_title)

    def prune(self, cids):
        arr = ffi.new("int32_t[]", list(cids))
        st = lib.livediff_client_prune(self._ptr, arr, len(cids))
        if st:
            _raise(st)
