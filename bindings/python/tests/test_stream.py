"""livediff.Stream: LiveView's stream semantics, rendered through the C library, checked against
a list model and the client model (which keeps stream items as the DOM does)."""

import json
import random

import livediff
from livediff import Field, Fields, Rendered, Statics, Stream

FEED = Statics(['<ul id="notes" phx-update="stream">', "</ul>"])
NOTE = Statics(["<li", ">", "</li>"])
NOTE_FIELDS = Fields([Field.attr(0, "id"), Field.text(1)])


class Note:
    def __init__(self, id_, text):
        self.id, self.text = id_, text


def render(r, notes, rows=False):
    root = r.root(FEED)
    if rows:
        notes.render_rows(root, 0, NOTE, NOTE_FIELDS, lambda n, dom_id: (dom_id, n.text))
    else:
        notes.render(root, 0, NOTE, lambda e, n, dom_id: e.attr(0, "id", dom_id).text(1, n.text))


def stream_of(diff):
    return json.loads(diff)["0"]["stream"]


def test_an_id_inserted_twice_goes_once_with_its_last_content():
    notes = Stream("notes")
    notes.insert(Note(1, "first")).insert(Note(1, "second"), at=0)
    r = Rendered()
    render(r, notes)
    d = livediff.Differ().diff(r, livediff.DiffState())
    assert stream_of(d) == ["notes", [["notes-1", 0, None, False]], []]
    assert "second" in d and "first" not in d
    assert notes.pending == 0


def test_a_delete_drops_the_pending_insert_and_still_goes_out():
    notes = Stream("notes")
    notes.insert(Note(1, "a")).insert(Note(2, "b")).remove_by_dom_id("notes-1")
    r = Rendered()
    render(r, notes)
    ref, inserts, deletes = stream_of(livediff.Differ().diff(r, livediff.DiffState()))
    assert [i[0] for i in inserts] == ["notes-2"]
    assert deletes == ["notes-1"]


def test_reset_goes_first_and_forgets_what_was_pending():
    notes = Stream("notes")
    notes.insert(Note(1, "a"))
    notes.reset([Note(2, "b")], limit=5)
    r = Rendered()
    render(r, notes)
    s = stream_of(livediff.Differ().diff(r, livediff.DiffState()))
    assert s == ["notes", [["notes-2", -1, 5, False]], [], True]


def test_rows_in_one_call_send_what_items_one_by_one_send():
    def run(rows):
        notes = Stream("notes", dom_id=lambda n: f"n{n.id}")
        differ, state, r = livediff.Differ(), livediff.DiffState(), Rendered()
        out = []
        for step in range(5):
            for k in range(3):
                notes.insert(Note(step * 3 + k, f"note {step}.{k}"), at=0 if k else -1,
                             limit=None if k < 2 else -6)
            if step:
                notes.remove_by_dom_id(f"n{step}")
            render(r, notes, rows)
            out.append(differ.diff(r, state))
        return out

    assert run(True) == run(False)


def test_random_operations_show_what_the_model_shows():
    for seed in range(8):
        rng = random.Random(seed)
        notes = Stream("notes")
        differ, state, r = livediff.Differ(), livediff.DiffState(), Rendered()
        client = livediff.ClientModel()
        shown = []  # (dom id, text) as the page shows them
        nxt = 1
        for step in range(60):
            touched = set()
            ops = []
            for k in range(rng.randint(1, 4)):
                if shown and rng.randrange(4) == 0:
                    dom_id = rng.choice(shown)[0]
                    if dom_id in touched:
                        continue
                    touched.add(dom_id)
                    notes.remove_by_dom_id(dom_id)
                    ops.append(("delete", dom_id))
                    continue
                at = rng.choice([-1, 0, 1])
                ident = int(rng.choice(shown)[0][6:]) if shown and rng.randrange(3) == 0 else nxt
                if ident == nxt:
                    nxt += 1
                dom_id = f"notes-{ident}"
                if dom_id in touched:
                    continue
                touched.add(dom_id)
                text = f"note {step}.{k}"
                notes.insert(Note(ident, text), at=at)
                ops.append(("insert", dom_id, text, at))
            # The client applies deletes first, then inserts in order.
            for op in [o for o in ops if o[0] == "delete"]:
                shown = [s for s in shown if s[0] != op[1]]
            for op in [o for o in ops if o[0] == "insert"]:
                _, dom_id, text, at = op
                existing = [i for i, s in enumerate(shown) if s[0] == dom_id]
                if existing:
                    shown[existing[0]] = (dom_id, text)
                elif at < 0 or at >= len(shown):
                    shown.append((dom_id, text))
                else:
                    shown.insert(at, (dom_id, text))
            render(r, notes, rows=step % 2 == 0)
            d = differ.diff(r, state)
            client.join(d) if step == 0 else client.merge(d)
            want = "".join(f'<li id="{i}">{t}</li>' for i, t in shown)
            assert client.html == f'<ul id="notes" phx-update="stream">{want}</ul>', (seed, step)
