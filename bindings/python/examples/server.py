#!/usr/bin/env python3
"""livediff's Python host, serving two live views to the unmodified phoenix_live_view client:

  /counter  +, - and reset
  /feed     a stream of a million posts, paged by phx-viewport-bottom and -top, the DOM bounded
            by a stream limit, a new post at the top every two seconds

    python3 bindings/python/examples/server.py --port 4100

Every diff is computed by livediff's core through liblivediff_c (found in build/release, or
where $LIVEDIFF_C_LIBRARY points, or installed)."""

import argparse
import asyncio
import os
import sys


def _with_debian_python():
    """Runs this file again with Debian's python3, which has python3-cffi and python3-aiohttp,
    when the python3 that started it lacks them (a python3 of its own earlier on PATH)."""
    try:
        import aiohttp  # noqa: F401
        import cffi  # noqa: F401
    except ImportError:
        debian = "/usr/bin/python3"
        if os.path.exists(debian) and os.path.realpath(sys.executable) != os.path.realpath(debian):
            os.execv(debian, [debian, *sys.argv])
        raise


if __name__ == "__main__":
    _with_debian_python()

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import livediff  # noqa: E402
from livediff import Field, Fields, FeedWindow, Statics, Stream  # noqa: E402
from livediff.host import Host, Route, View, main  # noqa: E402

# ---- /counter -----------------------------------------------------------------------------------

COUNTER = Statics([
    '<section class="counter">\n  <h1>Counter</h1>\n  <p>The current count is: '
    '<span class="value" id="count">',
    '</span></p>\n  <button phx-click="dec" id="dec">-</button>\n'
    '  <button phx-click="inc" id="inc">+</button>\n'
    '  <button phx-click="reset" id="reset">reset</button>\n</section>'])


class Counter(View):
    title = "Counter"

    def mount(self, params, session, socket):
        self.count = 0

    def handle_event(self, event, value, socket):
        if event == "inc":
            self.count += 1
        elif event == "dec":
            self.count -= 1
        elif event == "reset":
            if self.count:
                socket.push_event("counter:reset", {"from": self.count})
            self.count = 0
        elif event == "count":  # a hook's pushEvent: the count comes back in the reply
            socket.reply({"count": self.count})
            return
        else:
            return
        socket.set_title(f"Count: {self.count}")

    def render(self, rendered):
        rendered.root(COUNTER).text(0, self.count)


# ---- /feed --------------------------------------------------------------------------------------

NOUNS = ["table", "chair", "house", "bbq", "desk", "car", "pony", "cookie", "sandwich", "burger",
         "pizza", "mouse", "keyboard"]
FEED = Statics([
    '<section><h1>Feed</h1><p class="hint">A million posts; new ones arrive at the top.</p>'
    '<div id="feed" phx-update="stream" class="feed"', "", ">", "</div>", "</section>"])
POST = Statics(["<article", ' class="item"><header><span class="author">', "</span> <b>#",
                "</b></header><p>", "</p></article>"])
POST_FIELDS = Fields([Field.attr(0, "id"), Field.text(1), Field.text(2), Field.text(3)])
PAGE, WINDOW = 20, 60


class Post:
    __slots__ = ("id", "author", "body")

    def __init__(self, id_):
        self.id = id_
        self.author = f"user{(id_ * 37) % 1000}"
        self.body = f"Post number {id_} about {NOUNS[(id_ * 17) % 13]}"


class Posts:
    """Posts 1..newest, newest at the top; the cursor is the id."""

    def __init__(self, count):
        self.newest = count

    def after(self, cursor, n):
        top = self.newest if cursor is None else cursor - 1
        return [Post(i) for i in range(top, max(0, top - n), -1)]

    def before(self, cursor, n):
        return [Post(i) for i in range(min(self.newest, cursor + n), cursor, -1)]


class Feed(View):
    title = "Feed"

    def __init__(self, posts):
        self.posts = posts
        self.window = FeedWindow(Stream("posts"), posts.after, posts.before, lambda p: p.id,
                                 PAGE, WINDOW)

    def mount(self, params, session, socket):
        self.window.load_first()
        if socket.connected:
            socket.subscribe("feed")

    def handle_event(self, event, value, socket):
        if event == "next-page":
            self.window.load_next()
        elif event == "prev-page":
            # The client flags a top it scrolled past before the previous page arrived: start
            # over from the top, as LiveView's infinite scroll example does.
            if isinstance(value, dict) and value.get("_overran") is True:
                self.window.load_first()
            else:
                self.window.load_previous()

    def handle_info(self, message, socket):
        kind, post_id = message
        if kind == "post":
            self.window.push_top(Post(post_id))

    def render(self, rendered):
        w = self.window
        root = rendered.root(FEED)
        # The viewport bindings exist only where there is more to load (LiveView's pattern).
        root.html(0, "" if w.at_top else ' phx-viewport-top="prev-page"')
        root.html(1, "" if w.at_bottom else ' phx-viewport-bottom="next-page"')
        w.stream.render_rows(root, 2, POST, POST_FIELDS,
                             lambda p, dom_id: (dom_id, p.author, str(p.id), p.body))
        root.html(3, '<p id="feed-end">You reached the first post.</p>' if w.at_bottom else "")


class NewPosts:
    """A new post at the top of the feed, for every open feed."""

    def __init__(self, posts, every):
        self.posts, self.every = posts, every

    def post(self, host):
        self.posts.newest += 1
        host.pubsub.broadcast("feed", ("post", self.posts.newest))

    async def run(self, host):
        while True:
            await asyncio.sleep(self.every)
            self.post(host)


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--port", type=int, default=4100, help="TCP port (0: any free port)")
    p.add_argument("--bind", default="127.0.0.1", help="address to listen on")
    p.add_argument("--posts", type=int, default=1_000_000, help="posts in the feed at start")
    p.add_argument("--post-interval", type=float, default=2.0,
                   help="seconds between new posts at the top of the feed (0: none)")
    p.add_argument("--debug-routes", action="store_true",
                   help="serve /__livediff/views/<id>, the server's HTML of a joined view")
    return p.parse_args(argv)


def build(args):
    """The host and its source of new posts."""
    posts = Posts(args.posts)
    host = Host([Route("/counter", "counter", Counter, "+, - and reset"),
                 Route("/feed", "feed", lambda: Feed(posts), "a million posts, paged as you scroll")],
                debug_routes=args.debug_routes, title="livediff from Python")
    return host, NewPosts(posts, args.post_interval)


if __name__ == "__main__":
    arguments = parse_args(sys.argv[1:])
    server, new_posts = build(arguments)
    main(server, arguments.port, arguments.bind,
         [new_posts.run] if arguments.post_interval > 0 else [])
