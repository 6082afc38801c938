"""The Python host: an aiohttp server that gives the unmodified phoenix_live_view client what a
LiveView server gives it. GET a live route: the dead render in a layout with a signed session;
/live/websocket: Phoenix Channels V2 (channel.py); /assets: the client's browser builds from the
npm packages."""

import asyncio
import html
import json
import logging
import os
import signal
import sys
from collections import defaultdict

from aiohttp import WSMsgType, web

import livediff

from .channel import MAX_FRAME, Channel, TOKEN_MAX_AGE
from .tokens import Signer, TokenError, b64url
from .view import Socket

log = logging.getLogger("livediff.host")

_HERE = os.path.dirname(os.path.abspath(__file__))
_REPO = os.path.normpath(os.path.join(_HERE, "..", "..", "..", ".."))

IDLE_TIMEOUT = 60.0           # a client heartbeats every 30 s
MAX_OUTBOUND = 8 * 1024 * 1024  # bytes queued for a client that does not read


class Route:
    def __init__(self, path, name, factory, label=""):
        self.path, self.name, self.factory, self.label = path, name, factory, label


class PubSub:
    """Topics to the sessions subscribed to them; a broadcast reaches each through its channel."""

    def __init__(self):
        self.topics = defaultdict(set)

    def subscribe(self, topic, session):
        self.topics[topic].add(session)

    def unsubscribe_all(self, session):
        for subscribers in self.topics.values():
            subscribers.discard(session)

    def broadcast(self, topic, message):
        for session in list(self.topics.get(topic, ())):
            channel = getattr(session, "channel", None)
            if channel is not None:
                asyncio.ensure_future(channel.info(session, message))


def _node_modules():
    return os.environ.get("LIVEDIFF_NODE_MODULES") or os.path.join(_REPO, "node_modules")


def _read(path):
    with open(path, "rb") as f:
        return f.read()


class Host:
    """Serves `routes` (Route objects) to the phoenix_live_view client."""

    def __init__(self, routes, secret=None, debug_routes=False, title="livediff"):
        self.routes = list(routes)
        self.signer = Signer(secret)
        self.debug_routes = debug_routes
        self.title = title
        # One per thread: the host runs on one asyncio loop.
        self.differ = livediff.Differ()
        self.pubsub = PubSub()
        self.sessions = {}  # view id -> joined LiveSession, for the debug route
        self.websockets = set()
        modules = _node_modules()
        package = json.loads(_read(os.path.join(modules, "phoenix_live_view", "package.json")))
        self.liveview_version = package["version"]
        # A list made at start-up: nothing else is ever served from disk.
        self.assets = {
            "phoenix.js": (_read(os.path.join(modules, "phoenix", "priv", "static", "phoenix.min.js")),
                           "text/javascript"),
            "phoenix_live_view.js": (_read(os.path.join(
                modules, "phoenix_live_view", "priv", "static", "phoenix_live_view.min.js")),
                "text/javascript"),
            "app.js": (_read(os.path.join(_HERE, "assets", "app.js")), "text/javascript"),
            "app.css": (_read(os.path.join(_HERE, "assets", "app.css")), "text/css"),
        }

    # ---- sessions ------------------------------------------------------------------------

    def route_for(self, path):
        for r in self.routes:
            if r.path == path:
                return r
        return None

    def remember_session(self, session):
        self.sessions[session.view_id] = session

    def forget_session(self, session):
        session.close()
        if self.sessions.get(session.view_id) is session:
            del self.sessions[session.view_id]

    # ---- HTTP ----------------------------------------------------------------------------

    def layout(self, title, csrf, body):
        return (
            '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="csrf-token" content="{html.escape(csrf)}">\n'
            f"<title>{html.escape(title)}</title>\n"
            '<link rel="stylesheet" href="/assets/app.css">\n'
            '<script defer src="/assets/phoenix.js"></script>\n'
            '<script defer src="/assets/phoenix_live_view.js"></script>\n'
            '<script defer src="/assets/app.js"></script>\n'
            f"</head>\n<body>\n<nav>{self.nav()}</nav>\n{body}\n"
            "<footer>served by livediff's Python host</footer>\n</body>\n</html>\n")

    def nav(self):
        return '<a href="/">home</a>' + "".join(
            f'<a href="{html.escape(r.path)}">{html.escape(r.path[1:])}</a>' for r in self.routes)

    async def index(self, request):
        items = "".join(f'<li><a href="{html.escape(r.path)}">{html.escape(r.path)}</a> '
                        f"{html.escape(r.label)}</li>" for r in self.routes)
        page = self.layout(self.title, self.signer.sign("csrf"),
                           f"<h1>{html.escape(self.title)}</h1><ul>{items}</ul>")
        return web.Response(text=page, content_type="text/html")

    async def live_page(self, request):
        route = self.route_for(request.path)
        view = route.factory()
        socket = Socket(self, connected=False)
        view_id = "phx-" + b64url(os.urandom(9))
        try:
            view.mount(dict(request.query), {}, socket)
            rendered = livediff.Rendered()
            view.render(rendered)
            inner = rendered.html(view_id)
        except Exception as e:  # the view's own code failed: this request only
            log.error("dead render of %s failed: %r", request.path, e)
            raise web.HTTPInternalServerError(text="the view failed to render") from e
        token = self.signer.sign(json.dumps({"v": route.name, "id": view_id, "s": {}}))
        container = (f'<div id="{view_id}" data-phx-main data-phx-session="{html.escape(token)}" '
                     f'data-phx-static="">{inner}</div>')
        page = self.layout(socket.title or view.title, self.signer.sign("csrf"), container)
        return web.Response(text=page, content_type="text/html",
                            headers={"Cache-Control": "no-store"})

    async def asset(self, request):
        found = self.assets.get(request.match_info["name"])
        if found is None:
            raise web.HTTPNotFound()
        body, content_type = found
        return web.Response(body=body, content_type=content_type,
                            headers={"Cache-Control": "public, max-age=3600"})

    async def debug_view(self, request):
        """The server's HTML of a joined view, for tests comparing it with the browser's DOM."""
        session = self.sessions.get(request.match_info["id"])
        if session is None:
            raise web.HTTPNotFound(text="no such view")
        return web.Response(text=session.html(), content_type="text/html")

    # ---- WebSocket -----------------------------------------------------------------------

    def origin_ok(self, request):
        origin = request.headers.get("Origin")
        if origin is None:
            return True  # not a browser: nothing to forge
        try:
            from urllib.parse import urlsplit
            return urlsplit(origin).netloc == request.host
        except ValueError:
            return False

    async def websocket(self, request):
        if not self.origin_ok(request):
            raise web.HTTPForbidden(text="cross-origin WebSocket refused")
        ws = web.WebSocketResponse(max_msg_size=MAX_FRAME, autoping=True)
        await ws.prepare(request)
        csrf_ok = False
        try:
            csrf_ok = self.signer.verify(request.query.get("_csrf_token"), TOKEN_MAX_AGE) == "csrf"
        except TokenError:
            pass  # the socket stays: its joins are refused as stale, so the page reloads
        transport = request.transport

        async def send(text):
            if transport is None or transport.get_write_buffer_size() > MAX_OUTBOUND:
                await ws.close(code=1008, message=b"too slow")
                return
            if not ws.closed:
                await ws.send_str(text)

        async def close(code, reason):
            await ws.close(code=code, message=reason.encode())

        channel = Channel(self, send, close, csrf_ok)
        self.websockets.add(ws)
        try:
            while not ws.closed:
                try:
                    msg = await asyncio.wait_for(ws.receive(), timeout=IDLE_TIMEOUT)
                except asyncio.TimeoutError:
                    await ws.close(code=1001, message=b"no heartbeat")
                    break
                if msg.type == WSMsgType.TEXT:
                    await channel.on_text(msg.data)
                elif msg.type == WSMsgType.BINARY:
                    channel.log_once("binary", "malformed frame: binary frames are not served")
                else:  # CLOSE, CLOSING, CLOSED, ERROR (bad UTF-8, too large): the end
                    break
        finally:
            channel.close()
            self.websockets.discard(ws)
        return ws

    def app(self):
        app = web.Application(client_max_size=64 * 1024)
        app.router.add_get("/", self.index)
        for r in self.routes:
            app.router.add_get(r.path, self.live_page)
        app.router.add_get("/live/websocket", self.websocket)
        app.router.add_get("/assets/{name}", self.asset)
        if self.debug_routes:
            app.router.add_get("/__livediff/views/{id}", self.debug_view)

        async def on_shutdown(_):
            for ws in list(self.websockets):
                await ws.close(code=1001, message=b"server shutting down")

        app.on_shutdown.append(on_shutdown)
        return app


async def serve(host, bind="127.0.0.1", port=4000, background=()):
    """Serves `host` until SIGTERM or SIGINT; `background` are coroutine functions run meanwhile."""
    runner = web.AppRunner(host.app(), handle_signals=False, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, bind, port)
    await site.start()
    actual = runner.addresses[0][1]
    print(f"livediff python host: serving the examples on http://{bind}:{actual}/ "
          f"(liblivediff_c: {livediff.library_path})", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    tasks = [asyncio.ensure_future(b(host)) for b in background]
    await stop.wait()
    for t in tasks:
        t.cancel()
    await runner.cleanup()


def main(host, port, bind="127.0.0.1", background=()):
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr,
                        format="%(asctime)s %(name)s: %(message)s")
    asyncio.run(serve(host, bind, port, background))
