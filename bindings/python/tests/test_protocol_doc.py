"""The frame examples of docs/protocol.md, each a conversation with the Python host: `>` frames
are sent, `<` frames must come back ("$ANY" matches any value), `! page PATH` loads a page first
(giving $ID, $SESSION, $CSRF and $URL), `! broadcast feed post` makes a new post."""

import json
import os
import re

import pytest

from test_host import run

DOC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "docs", "protocol.md")


def blocks():
    with open(DOC, encoding="utf-8") as f:
        text = f.read()
    found = re.findall(r"```text frames\n(.*?)\n```", text, re.S)
    assert found, "docs/protocol.md has no frame examples"
    return found


def matches(got, want):
    if want == "$ANY":
        return True
    if isinstance(want, dict):
        return isinstance(got, dict) and got.keys() == want.keys() and all(
            matches(got[k], want[k]) for k in want)
    if isinstance(want, list):
        return isinstance(got, list) and len(got) == len(want) and all(
            matches(g, w) for g, w in zip(got, want))
    return type(got) is type(want) and got == want


@pytest.mark.parametrize("block", blocks(), ids=lambda b: b.splitlines()[0][:40])
def test_frames(block):
    async def t(c):
        values = {}
        socket = None
        for line in block.splitlines():
            def fill(text):
                for k, v in values.items():
                    text = text.replace(f"${k}", v)
                return text
            if line.startswith("! page "):
                page = await c.page(line[len("! page "):])
                values.update(ID=page["id"], SESSION=page["session"], CSRF=page["csrf"],
                              URL=f"http://127.0.0.1{page['path']}")
                socket = await c.socket(page["csrf"])
            elif line == "! broadcast feed post":
                c.host.new_posts.post(c.host)
            elif line.startswith("> "):
                if socket is None:
                    socket = await c.socket((await c.page("/counter"))["csrf"])
                await socket.ws.send_str(fill(line[2:]))
            elif line.startswith("< "):
                want = json.loads(fill(line[2:]))
                got = await socket.recv()
                assert matches(got, want), f"\n  sent back {got}\n  the document says {want}"
            else:
                raise AssertionError(f"a line of a frames block is not understood: {line}")
    run(t)
