"""Stream: a collection the server does not keep, sent as operations on DOM ids.

The same semantics as livediff::Stream<T>: within one render the client applies a reset first,
then every delete, then the inserts in the order they were made; an id inserted twice goes out
once, with its last content and options; a delete drops a pending insert of the same id.
"""


class _Op:
    __slots__ = ("dom_id", "item", "at", "limit", "update_only", "is_insert", "live")

    def __init__(self, dom_id, item, at, limit, update_only, is_insert):
        self.dom_id, self.item = dom_id, item
        self.at, self.limit, self.update_only = at, limit, update_only
        self.is_insert, self.live = is_insert, True


def _default_dom_id(prefix):
    def dom_id(item):
        ident = item["id"] if isinstance(item, dict) else item.id
        return f"{prefix}{ident}"
    return dom_id


class Stream:
    """A stream of items, as LiveView's stream/4: queue inserts, deletes and resets; a render
    sends them once and forgets them, so memory is O(pending operations)."""

    def __init__(self, name, dom_id=None, ref=None):
        self.name = name
        self.ref = ref or name
        self.dom_id = dom_id or _default_dom_id(name + "-")
        self._ops = []
        self._inserts = {}  # DOM id -> index of its live pending insert
        self._reset = False

    @property
    def pending(self):
        return sum(1 for op in self._ops if op.live)

    def insert(self, item, at=-1, limit=None, update_only=False):
        """`at`: -1 appends, 0 prepends; `limit`: the client keeps the first (>= 0) or last
        (< 0) N items; `update_only`: never adds an item the client does not show."""
        dom_id = self.dom_id(item)
        old = self._inserts.get(dom_id)
        if old is not None:
            self._ops[old].live = False
        self._inserts[dom_id] = len(self._ops)
        self._ops.append(_Op(dom_id, item, at, limit, update_only, True))
        return self

    def insert_all(self, items, at=-1, limit=None, update_only=False):
        for item in items:
            self.insert(item, at, limit, update_only)
        return self

    def remove(self, item):
        return self.remove_by_dom_id(self.dom_id(item))

    def remove_by_dom_id(self, dom_id):
        old = self._inserts.pop(dom_id, None)
        if old is not None:
            self._ops[old].live = False
        # Still sent: the client may show the item from an earlier render.
        self._ops.append(_Op(dom_id, None, -1, None, False, False))
        return self

    def reset(self, items=None, at=-1, limit=None):
        """Clears the client's items at the next render; `items` are inserted after."""
        self._ops.clear()
        self._inserts.clear()
        self._reset = True
        if items is not None:
            self.insert_all(items, at, limit)
        return self

    def render(self, node, slot, statics, render_item):
        """Writes the pending operations into `slot` of `node` as a stream of `statics`
        entries, each drawn by render_item(entry_node, item, dom_id), then forgets them."""
        stream = node.comprehension(slot, statics).stream(self.ref)
        if self._reset:
            stream.reset()
        for op in self._ops:
            if op.live and not op.is_insert:
                stream.delete(op.dom_id)
        for op in self._ops:
            if op.live and op.is_insert:
                render_item(stream.insert(op.dom_id, op.at, op.limit, op.update_only), op.item,
                            op.dom_id)
        self._ops = []
        self._inserts = {}
        self._reset = False
        return stream

    def render_rows(self, node, slot, statics, fields, row_of):
        """As render, for items drawn as one row of values per `fields` (row_of(item, dom_id)
        returns them): consecutive inserts with the same options go in one call."""
        stream = node.comprehension(slot, statics).stream(self.ref)
        if self._reset:
            stream.reset()
        for op in self._ops:
            if op.live and not op.is_insert:
                stream.delete(op.dom_id)
        run, key = [], None
        for op in self._ops:
            if not (op.live and op.is_insert):
                continue
            k = (op.at, op.limit, op.update_only)
            if run and k != key:
                stream.insert_many(fields, [o.dom_id for o in run],
                                   [row_of(o.item, o.dom_id) for o in run], *key)
                run = []
            run.append(op)
            key = k
        if run:
            stream.insert_many(fields, [o.dom_id for o in run],
                               [row_of(o.item, o.dom_id) for o in run], *key)
        self._ops = []
        self._inserts = {}
        self._reset = False
        return stream
