"""The Python binding: its diffs, merged by the real client's rendered.js, show the page a full
render shows; its errors are livediff.Error with the C library's status."""

import json
import random

import pytest

import livediff
from livediff import Field, Fields, Rendered, Statics

P = Statics(["<p>", "</p>"])
UL = Statics(["<ul>", "</ul>"])
LI = Statics(['<li id="', '">', "</li>"])
TWO = Fields([Field.text(0), Field.text(1)])


def diff_all(renders, view="phx-view"):
    """Diffs each render in turn against one client; returns the diffs."""
    differ, state = livediff.Differ(), livediff.DiffState()
    return [differ.diff(r, state) for r in renders]


def test_counter_join_then_increments():
    r, differ, state = Rendered(), livediff.Differ(), livediff.DiffState()
    r.root(P).text(0, 0)
    assert differ.diff(r, state) == '{"0":"0","s":0,"p":{"0":["<p>","</p>"]}}'
    r.root(P).text(0, 1)
    assert differ.diff(r, state) == '{"0":"1"}'
    r.root(P).text(0, 1)
    assert differ.diff(r, state) == "{}"
    r.root(P).text(0, 2)
    assert differ.diff(r, state, '"t":"Two"') == '{"0":"2","t":"Two"}'


def test_values_become_text():
    r = Rendered()
    s = Statics(["<p>"] + ["|"] * 6 + ["</p>"])
    r.root(s).text(0, "a<b").text(1, 42).text(2, 2.5).text(3, 41.0).text(4, None).text(5, 1 << 70)
    assert r.html() == f"<p>a&lt;b|42|2.5|41.0||{1 << 70}|</p>"
    with pytest.raises(TypeError):
        r.root(s).text(0, True)


def test_attributes_and_markup():
    r = Rendered()
    s = Statics(["<a", ">", "</a>"])
    r.root(s).attr(0, "href", '/x?a=1&b="2"').html(1, "<b>bold</b>")
    assert r.html() == '<a href="/x?a=1&amp;b=&quot;2&quot;"><b>bold</b></a>'
    with pytest.raises(livediff.Error) as e:
        r.root(s).attr(0, "on click", "x")
    assert e.value.status == "LIVEDIFF_INVALID_ARGUMENT"


def test_errors_carry_the_status():
    r = Rendered()
    root = r.root(P)
    with pytest.raises(livediff.Error) as e:
        root.text(3, "x")
    assert e.value.status == "LIVEDIFF_OUT_OF_RANGE"
    assert "slot 3" in e.value.message
    r.root(P)
    with pytest.raises(livediff.Error) as e:
        root.text(0, "stale")
    assert e.value.status == "LIVEDIFF_FAILED_PRECONDITION"
    differ, state = livediff.Differ(), livediff.DiffState()
    r.root(P).unchanged(0)
    with pytest.raises(livediff.Error) as e:
        differ.diff(r, state)
    assert e.value.status == "LIVEDIFF_FAILED_PRECONDITION"
    r.root(P).text(0, "fine")
    assert '"s":0' in differ.diff(r, state)  # the refused render changed nothing
    with pytest.raises(livediff.Error):
        differ.diff(r, state, '"0":"not beside the tree"')
    with pytest.raises(livediff.Error):
        Statics([])


def test_the_array_calls_send_what_one_call_per_value_sends():
    rows = [(k, f"item <{k}>") for k in (3, 1, 4, 5, 9, 2, 6)]
    orders = [rows, rows[::-1], rows[2:] + rows[:1]]

    def by_value(r, order):
        lst = r.root(UL).comprehension(0, LI)
        for k, label in order:
            lst.entry(k).text(0, k).text(1, label)

    def by_row(r, order):
        lst = r.root(UL).comprehension(0, LI)
        for k, label in order:
            lst.entry(k).set(TWO, (str(k), label))

    def by_list(r, order):
        r.root(UL).comprehension(0, LI).entries(TWO, [(str(k), l) for k, l in order],
                                               keys=[k for k, _ in order])

    expected = None
    for build in (by_value, by_row, by_list):
        renders = []
        for order in orders:
            r = Rendered()
            build(r, order)
            renders.append(r)
        diffs = diff_all(renders)
        if expected is None:
            expected = diffs
        assert diffs == expected, build.__name__


def test_values_holding_nul_still_go_one_by_one():
    r = Rendered()
    r.root(UL).comprehension(0, LI).entries(TWO, [("1", "a\0b"), ("2", "c")], keys=[1, 2])
    assert r.html() == '<ul><li id="1">a\0b</li><li id="2">c</li></ul>'
    r.root(UL).comprehension(0, LI).entries(TWO, [("x", "y")], keys=["k\0"])
    assert r.html() == '<ul><li id="x">y</li></ul>'


def test_string_keys_positions_and_unchanged_rows(js):
    differ, state = livediff.Differ(), livediff.DiffState()
    r = Rendered()
    r.root(UL).comprehension(0, LI).entries(TWO, [("a", "A"), ("b", "B")], keys=["a", "b"])
    assert js.join(differ.diff(r, state)) == '<ul><li id="a">A</li><li id="b">B</li></ul>'
    r.root(UL).comprehension(0, LI).entries(TWO, [None, ("a", "A!")], keys=["b", "a"],
                                            unchanged=[True, False])
    d = differ.diff(r, state)
    assert json.loads(d)["0"]["k"]["km"] is True
    assert js.diff(d) == '<ul><li id="b">B</li><li id="a">A!</li></ul>'
    r.root(UL).comprehension(0, LI).entries(TWO, [("p", "0"), ("q", "1")])
    assert js.diff(differ.diff(r, state)) == '<ul><li id="p">0</li><li id="q">1</li></ul>'


class RandomPage:
    """A page of nested nodes, keyed lists and components, edited at random."""

    CARD = Statics(['<div class="card">', "</div>"])
    PAGE = Statics(["<main><h1>", "</h1>", "<section>", "</section>", "</main>"])
    BOX = Statics(["<b>", "</b>"])

    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.items = []
        self.next = 1
        self.title = "start"

    def edit(self):
        rng = self.rng
        for _ in range(rng.randint(1, 4)):
            op = rng.randrange(5)
            if op == 0:
                self.items.insert(rng.randint(0, len(self.items)), [self.next, rng.choice("ab<&\"'é")])
                self.next += 1
            elif op == 1 and self.items:
                self.items.pop(rng.randrange(len(self.items)))
            elif op == 2 and len(self.items) > 1:
                a, b = rng.randrange(len(self.items)), rng.randrange(len(self.items))
                self.items[a], self.items[b] = self.items[b], self.items[a]
            elif op == 3 and self.items:
                self.items[rng.randrange(len(self.items))][1] += "!"
            else:
                self.title = rng.choice(["one", "two", "<three>"])

    def render(self, r):
        root = r.root(self.PAGE)
        root.text(0, self.title)
        lst = root.comprehension(1, LI)
        for key, label in self.items:
            lst.entry(key).text(0, key).text(1, label)
        if self.rng.randrange(3):
            root.node(2, self.BOX).text(0, len(self.items))
        root.component(3, 1)
        r.component(1, self.CARD).text(0, f"{len(self.items)} items")


@pytest.mark.parametrize("seed", range(12))
def test_random_pages_merge_into_the_full_render(js, seed):
    page = RandomPage(seed)
    differ, state = livediff.Differ(), livediff.DiffState()
    model = livediff.ClientModel()
    r = Rendered()
    for step in range(60):
        page.edit()
        page.render(r)
        d = differ.diff(r, state)
        html = js.join(d) if step == 0 else js.diff(d)
        if step == 0:
            model.join(d)
        else:
            model.merge(d)
        expected = r.html("phx-view")
        assert html == expected, (seed, step, d)
        assert model.html == expected


def test_components_and_forgetting_them(js):
    card = Statics(["<div>", "</div>"])
    page = Statics(["<main>", "", "</main>"])
    differ, state = livediff.Differ(), livediff.DiffState()
    r = Rendered()
    root = r.root(page)
    root.component(0, 1).component(1, 2)
    r.component(1, card).text(0, "one")
    r.component(2, card).text(0, "two")
    js.join(differ.diff(r, state))
    r.root(page).component(0, 1).text(1, "gone")
    assert js.diff(differ.diff(r, state)).endswith(">one</div>gone</main>")
    assert state.forget_component(2) is True
    assert state.forget_component(2) is False
    r.root(page).component(0, 1).component(1, 2)
    with pytest.raises(livediff.Error):
        differ.diff(r, state)  # 2 is neither rendered nor held any more
    r.component(2, card).text(0, "two again")
    d = differ.diff(r, state)
    assert '"2":{"0":"two again","s":' in d  # sent whole: the client had forgotten it
    r.component(1, card).text(0, "one")  # for the dead render, which needs every component
    assert js.diff(d) == r.html("phx-view")


def test_full_render_and_dead_render():
    r = Rendered()
    lst = r.root(UL).comprehension(0, LI)
    lst.entry(1).text(0, 1).text(1, "x")
    differ = livediff.Differ()
    assert differ.full(r) == differ.diff(r, livediff.DiffState())
    assert r.html() == '<ul><li id="1">x</li></ul>'
    r.clear()
    with pytest.raises(livediff.Error):
        r.html()
