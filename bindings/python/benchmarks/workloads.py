"""The reference workloads of tests/support/workloads.h in Python: the counter and the 1,000-row
keyed table of the js-framework-benchmark, with the same statics and the same rows, so that the
Python host's diffs can be compared with the C++ benchmark's byte for byte."""

import livediff

ADJECTIVES = ["pretty", "large", "big", "small", "tall", "short", "long", "handsome", "plain",
              "quaint", "clean", "elegant", "easy", "angry", "crazy", "helpful", "mushy", "odd",
              "unsightly", "adorable", "important", "inexpensive", "cheap", "expensive", "fancy"]
COLOURS = ["red", "yellow", "blue", "green", "pink", "brown", "purple", "brown", "white",
           "black", "orange"]
NOUNS = ["table", "chair", "house", "bbq", "desk", "car", "pony", "cookie", "sandwich", "burger",
         "pizza", "mouse", "keyboard"]

COUNTER = livediff.Statics([
    '<div class="counter">\n  <h1>Counter</h1>\n  <p>The current count is: <span class="value">',
    '</span></p>\n  <button phx-click="inc">+</button>\n  <button phx-click="dec">-</button>\n</div>'])
TABLE = livediff.Statics([
    '<table class="table table-hover table-striped test-data"><tbody id="tbody">', "</tbody></table>"])
ROW = livediff.Statics([
    '<tr><td class="col-md-1">', '</td><td class="col-md-4"><a phx-click="select"', ">",
    "</a></td><td>", "</td><td>", "</td><td>", '</td><td class="col-md-1"><a phx-click="remove"',
    '><span class="remove glyphicon glyphicon-remove" aria-hidden="true"></span></a></td>'
    '<td class="col-md-6"></td></tr>'])
# Dynamics in the order LiveView numbers them: id, phx-value-id, label, f1, f2, f3, phx-value-id.
ROW_FIELDS = livediff.Fields([
    livediff.Field.text(0), livediff.Field.attr(1, "phx-value-id"), livediff.Field.text(2),
    livediff.Field.text(3), livediff.Field.text(4), livediff.Field.text(5),
    livediff.Field.attr(6, "phx-value-id")])


class Row:
    __slots__ = ("id", "label", "f1", "f2", "f3", "_packed")

    def __init__(self, id_, label=None):
        self.id = id_
        self.label = label if label is not None else (
            f"{ADJECTIVES[(id_ * 7) % 25]} {COLOURS[(id_ * 13) % 11]} {NOUNS[(id_ * 17) % 13]}")
        self.f1 = (id_ * 7919) % 100000
        self.f2 = f"f2-{(id_ * 31) % 997}"
        self.f3 = ((id_ * 104729) % 1000) / 10.0
        self._packed = None

    @property
    def packed(self):
        """The row's values joined by NUL, made once: rows are immutable here, so an app can
        keep each row's rendering with it (as with a memoised row component)."""
        if self._packed is None:
            self._packed = "\0".join(row_values(self))
        return self._packed


def make_rows(first, count):
    return [Row(i) for i in range(first, first + count)]


def render_counter(rendered, count):
    rendered.root(COUNTER).text(0, count)


def row_values(r):
    s = str(r.id)
    return (s, s, r.label, str(r.f1), r.f2, repr(r.f3), s)


def render_table(rendered, rows):
    """The table with one array call for all its rows."""
    rows_list = rendered.root(TABLE).comprehension(0, ROW)
    rows_list.entries(ROW_FIELDS, [row_values(r) for r in rows], keys=[r.id for r in rows])


def render_table_cached(rendered, rows):
    """The table with one array call, each row's values formatted once and kept with it."""
    rows_list = rendered.root(TABLE).comprehension(0, ROW)
    rows_list.entries(ROW_FIELDS, [r.packed for r in rows], keys=[r.id for r in rows])


def render_table_tracked(rendered, rows, changed, unchanged):
    """The same when the app knows which rows changed (`changed`, in order; `unchanged` has a
    flag per row): the others are unchanged entries, neither formatted nor sent."""
    rows_list = rendered.root(TABLE).comprehension(0, ROW)
    rows_list.entries(ROW_FIELDS, [row_values(r) for r in changed], keys=[r.id for r in rows],
                      unchanged=unchanged)


def render_table_by_row(rendered, rows):
    """The table with one call per row (Node.set), for comparison."""
    rows_list = rendered.root(TABLE).comprehension(0, ROW)
    for r in rows:
        rows_list.entry(r.id).set(ROW_FIELDS, row_values(r))


def render_table_by_value(rendered, rows):
    """The table with one call per value, as a binding without array calls would."""
    rows_list = rendered.root(TABLE).comprehension(0, ROW)
    for r in rows:
        e = rows_list.entry(r.id)
        e.text(0, r.id).attr(1, "phx-value-id", r.id).text(2, r.label).text(3, r.f1)
        e.text(4, r.f2).text(5, r.f3).attr(6, "phx-value-id", r.id)


def swap(rows, a, b):
    rows[a], rows[b] = rows[b], rows[a]
    return rows


# The table operations of the reference workloads, each from a fresh 1,000-row state.
TABLE_OPERATIONS = {
    "update_every_10th": lambda rows: [Row(r.id, r.label + " !!!") if i % 10 == 0 else r
                                       for i, r in enumerate(rows)],
    "swap_1_998": lambda rows: swap(list(rows), 1, 998),
    "remove_one": lambda rows: rows[:499] + rows[500:],
    "append_1000": lambda rows: rows + make_rows(1001, 1000),
    "replace_all": lambda rows: make_rows(1001, 1000),
    "clear": lambda rows: [],
}
