"""livediff for Python: the livediff diff core through its C ABI (liblivediff_c).

    page = Statics(["<p>Count: <b>", "</b></p>"])
    r, differ, client = Rendered(), Differ(), DiffState()
    r.root(page).text(0, 0)
    differ.diff(r, client)   # the join: '{"0":"0","s":0,"p":{...}}'
    r.root(page).text(0, 1)
    differ.diff(r, client)   # '{"0":"1"}'
"""

from ._native import library_path
from .core import (ClientModel, Comprehension, Differ, DiffState, Error, Field, Fields, Node,
                   Rendered, Statics)
from .feed import FeedWindow
from .stream import Stream

__all__ = [
    "ClientModel", "Comprehension", "Differ", "DiffState", "Error", "FeedWindow", "Field", "Fields",
    "Node", "Rendered", "Statics", "Stream", "library_path",
]
