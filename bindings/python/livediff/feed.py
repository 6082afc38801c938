"""FeedWindow: infinite scroll over a cursor-paged source with the DOM bounded both ways, as
livediff::FeedWindow: phx-viewport-bottom appends the next page (the client keeps the last
`max_items`), phx-viewport-top prepends the previous one (it keeps the first `max_items`). The
server remembers only the cursors of the items the client shows."""

from collections import deque


class FeedWindow:
    def __init__(self, stream, after, before, cursor_of, page_size, max_items):
        """`after(cursor, n)`: up to n items below `cursor` (from the top when None), top to
        bottom; `before(cursor, n)`: up to n items above it, top to bottom."""
        if page_size <= 0 or max_items < page_size:
            raise ValueError("a page must be smaller than the window")
        self.stream = stream
        self.after, self.before, self.cursor_of = after, before, cursor_of
        self.page_size, self.max_items = page_size, max_items
        self.shown = deque()
        self.at_top = True
        self.at_bottom = False

    def load_first(self):
        items = self.after(None, self.page_size)
        self.shown.clear()
        self.stream.reset()
        for item in items:
            self.shown.append(self.cursor_of(item))
            self.stream.insert(item, at=-1)
        self.at_top = True
        self.at_bottom = len(items) < self.page_size

    def load_next(self):
        if self.at_bottom or not self.shown:
            return False
        items = self.after(self.shown[-1], self.page_size)
        self.at_bottom = len(items) < self.page_size
        for item in items:
            self.shown.append(self.cursor_of(item))
            self.stream.insert(item, at=-1, limit=-self.max_items)
        while len(self.shown) > self.max_items:
            self.shown.popleft()
            self.at_top = False
        return bool(items)

    def load_previous(self):
        if self.at_top or not self.shown:
            return False
        items = self.before(self.shown[0], self.page_size)
        self.at_top = len(items) < self.page_size
        # Each goes in at 0, so the bottom-most goes first to keep the page's order.
        for item in reversed(items):
            self.shown.appendleft(self.cursor_of(item))
            self.stream.insert(item, at=0, limit=self.max_items)
        while len(self.shown) > self.max_items:
            self.shown.pop()
            self.at_bottom = False
        return bool(items)

    def push_top(self, item):
        """A new item at the top of a live feed: shown at once when the reader is at the top."""
        if not self.at_top:
            return
        self.shown.appendleft(self.cursor_of(item))
        self.stream.insert(item, at=0, limit=self.max_items)
        if len(self.shown) > self.max_items:
            self.shown.pop()
            self.at_bottom = False
