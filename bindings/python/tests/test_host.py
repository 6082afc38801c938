"""The Python host as a client (or an attacker) speaks to it: Phoenix Channels V2 frames over its
WebSocket, signed sessions, and every kind of bad input refused without harm to anyone else."""

import asyncio
import json
import os
import re
import sys
import time

import aiohttp
from aiohttp import WSMsgType
from aiohttp.test_utils import TestServer

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples"))

import server as example  # noqa: E402
from livediff import Statics  # noqa: E402
from livediff.host import Host, Route, View  # noqa: E402

BOOM = Statics(["<p>", "</p>"])


class Boom(View):
    def mount(self, params, session, socket):
        self.n = 0

    def handle_event(self, event, value, socket):
        if event == "boom":
            raise RuntimeError("the view's own bug")
        self.n += 1

    def render(self, rendered):
        rendered.root(BOOM).text(0, self.n)


def make_host():
    """The example's host with 1,000 posts and no timer, and a view that crashes on demand."""
    args = example.parse_args(["--debug-routes", "--post-interval", "0", "--posts", "1000"])
    host, new_posts = example.build(args)
    host.routes.append(Route("/boom", "boom", Boom))
    host.new_posts = new_posts
    return host


def run(test):
    """Runs `test(client)` against a fresh host on a free port."""
    async def main():
        host = make_host()
        server = TestServer(host.app())
        await server.start_server()
        try:
            async with aiohttp.ClientSession() as http:
                await test(Client(server, http, host))
        finally:
            await server.close()
    asyncio.run(main())


class Client:
    def __init__(self, server, http, host):
        self.server, self.http, self.host = server, http, host
        self.base = str(server.make_url("/"))

    async def page(self, path):
        async with self.http.get(self.base.rstrip("/") + path) as res:
            assert res.status == 200
            text = await res.text()
        csrf = re.search(r'name="csrf-token" content="([^"]+)"', text).group(1)
        view_id, session = re.search(r'<div id="([^"]+)" data-phx-main data-phx-session="([^"]+)"',
                                     text).groups()
        return {"csrf": csrf, "id": view_id, "session": session, "html": text, "path": path}

    async def socket(self, csrf, headers=None):
        url = self.base.replace("http", "ws") + f"live/websocket?_csrf_token={csrf}&vsn=2.0.0"
        return Socket(await self.http.ws_connect(url, headers=headers))


class Socket:
    def __init__(self, ws):
        self.ws = ws
        self.ref = 0

    async def push(self, topic, event, payload, join_ref="1"):
        self.ref += 1
        await self.ws.send_str(json.dumps([join_ref, str(self.ref), topic, event, payload]))
        return str(self.ref)

    async def recv(self, timeout=5):
        msg = await self.ws.receive(timeout=timeout)
        if msg.type != WSMsgType.TEXT:
            return msg
        return json.loads(msg.data)

    async def reply_to(self, ref, timeout=5):
        while True:
            frame = await self.recv(timeout)
            if not isinstance(frame, list):
                raise AssertionError(f"the socket ended: {frame}")
            if frame[1] == ref and frame[3] == "phx_reply":
                return frame[4]

    async def join(self, page, session=..., url=None):
        ref = await self.push(f"lv:{page['id']}", "phx_join", {
            "url": url or f"http://127.0.0.1{page['path']}", "params": {"_csrf_token": page["csrf"]},
            "session": page["session"] if session is ... else session, "static": ""})
        return await self.reply_to(ref)

    async def alive(self):
        ref = await self.push("phoenix", "heartbeat", {}, join_ref=None)
        frame = await self.recv()
        return frame == [None, ref, "phoenix", "phx_reply", {"status": "ok", "response": {}}]


def test_a_join_and_events_diff_the_counter():
    async def t(c):
        page = await c.page("/counter")
        assert '<span class="value" id="count">0</span>' in page["html"]
        s = await c.socket(page["csrf"])
        joined = await s.join(page)
        assert joined["status"] == "ok"
        assert joined["response"]["rendered"]["0"] == "0"
        assert joined["response"]["liveview_version"] == c.host.liveview_version
        topic = f"lv:{page['id']}"
        ref = await s.push(topic, "event", {"type": "click", "event": "inc", "value": {}})
        assert await s.reply_to(ref) == {"status": "ok",
                                         "response": {"diff": {"0": "1", "t": "Count: 1"}}}
        ref = await s.push(topic, "event", {"type": "click", "event": "nothing", "value": {}})
        assert await s.reply_to(ref) == {"status": "ok", "response": {}}
        ref = await s.push(topic, "event", {"type": "hook", "event": "count", "value": {}})
        assert await s.reply_to(ref) == {"status": "ok", "response": {"diff": {"r": {"count": 1}}}}
        async with c.http.get(f"{c.base}__livediff/views/{page['id']}") as res:
            assert '<span class="value" id="count">1</span>' in await res.text()
        ref = await s.push(topic, "phx_leave", {})
        assert (await s.reply_to(ref))["status"] == "ok"
        ref = await s.push(topic, "event", {"type": "click", "event": "inc", "value": {}})
        assert await s.reply_to(ref) == {"status": "error", "response": {"reason": "unmatched topic"}}
    run(t)


def test_malformed_frames_are_dropped_and_the_socket_goes_on():
    async def t(c):
        page = await c.page("/counter")
        s = await c.socket(page["csrf"])
        for bad in ["not json", "{}", "[1,2,3]", '[null,"1","phoenix"]', '[1,"1","phoenix","heartbeat",{}]',
                    '[null,1,"phoenix","heartbeat",{}]', '[null,"1",5,"heartbeat",{}]',
                    "[" * 30000 + "]" * 30000, '{"a":' * 8000 + "1" + "}" * 8000, "1e999999", "\u0000"]:
            await s.ws.send_str(bad)
        assert await s.alive()
        joined = await s.join(page)
        topic = f"lv:{page['id']}"
        ref = await s.push(topic, "event", "not an object")
        assert await s.reply_to(ref) == {"status": "error", "response": {"reason": "malformed payload"}}
        ref = await s.push(topic, "event", {"event": ["not", "a", "name"]})
        assert await s.reply_to(ref) == {"status": "error", "response": {"reason": "malformed event"}}
        ref = await s.push(topic, "cids_destroyed", {"cids": ["x"]})
        assert (await s.reply_to(ref))["status"] == "error"
        ref = await s.push("elsewhere", "phx_join", {})
        assert await s.reply_to(ref) == {"status": "error", "response": {"reason": "unmatched topic"}}
        assert joined["status"] == "ok" and await s.alive()
    run(t)


def test_tampered_foreign_and_expired_sessions_are_refused():
    async def t(c):
        page = await c.page("/counter")
        other = await c.page("/counter")
        s = await c.socket(page["csrf"])
        body, mac = page["session"].rsplit(".", 1)
        flipped = mac[:-1] + ("A" if mac[-1] != "A" else "B")
        for token in [body + "." + flipped, body[:-2] + "xx." + mac, "garbage", "", 42, None,
                      other["session"]]:  # a valid token of another view
            assert await s.join(page, session=token) == {
                "status": "error", "response": {"reason": "unauthorized"}}, repr(token)
        # A valid session for another route than the page's URL.
        assert (await s.join(page, url="http://127.0.0.1/feed"))["response"] == {"reason": "unauthorized"}
        old = c.host.signer.sign(json.dumps({"v": "counter", "id": page["id"], "s": {}}),
                                 now=time.time() - 30 * 24 * 3600)
        assert await s.join(page, session=old) == {"status": "error", "response": {"reason": "stale"}}
        assert (await s.join(page))["status"] == "ok"  # the real one still works
        # A socket whose CSRF token is forged: its joins are stale, so the page reloads.
        forged = await c.socket("nope")
        assert await forged.join(page) == {"status": "error", "response": {"reason": "stale"}}
    run(t)


def test_invalid_utf8_and_huge_frames_close_that_socket_only():
    async def t(c):
        page = await c.page("/counter")
        good = await c.socket(page["csrf"])
        assert (await good.join(page))["status"] == "ok"
        bad = await c.socket(page["csrf"])
        await bad.ws._writer._send_frame(b"[null,\"1\",\"phoenix\",\"heartbeat\",{\"x\":\"\xff\"}]",
                                         WSMsgType.TEXT)
        msg = await bad.ws.receive(timeout=5)
        assert msg.type in (WSMsgType.CLOSE, WSMsgType.CLOSED, WSMsgType.ERROR)
        assert bad.ws.close_code == 1007
        huge = await c.socket(page["csrf"])
        await huge.ws.send_str(json.dumps([None, "1", "phoenix", "heartbeat", {"x": "y" * 200000}]))
        msg = await huge.ws.receive(timeout=5)
        assert msg.type in (WSMsgType.CLOSE, WSMsgType.CLOSED, WSMsgType.ERROR)
        assert huge.ws.close_code == 1009
        assert await good.alive()
        topic = f"lv:{page['id']}"
        ref = await good.push(topic, "event", {"type": "click", "event": "inc", "value": {}})
        assert (await good.reply_to(ref))["response"]["diff"]["0"] == "1"
    run(t)


def test_cross_origin_sockets_are_refused():
    async def t(c):
        page = await c.page("/counter")
        try:
            await c.socket(page["csrf"], headers={"Origin": "http://evil.example"})
        except aiohttp.WSServerHandshakeError as e:
            assert e.status == 403
        else:
            raise AssertionError("a cross-origin socket was accepted")
        s = await c.socket(page["csrf"], headers={"Origin": c.base.rstrip("/")})
        assert await s.alive()
    run(t)


def test_a_crashing_view_ends_alone():
    async def t(c):
        boom = await c.page("/boom")
        counter = await c.page("/counter")
        s = await c.socket(boom["csrf"])
        assert (await s.join(boom))["status"] == "ok"
        assert (await s.join(counter))["status"] == "ok"
        await s.push(f"lv:{boom['id']}", "event", {"type": "click", "event": "boom", "value": {}})
        frame = await s.recv()
        assert frame[2:4] == [f"lv:{boom['id']}", "phx_error"]
        ref = await s.push(f"lv:{counter['id']}", "event", {"type": "click", "event": "inc", "value": {}})
        assert (await s.reply_to(ref))["response"]["diff"]["0"] == "1"
        # The client rejoins the crashed view and gets a fresh one.
        assert (await s.join(boom))["response"]["rendered"]["0"] == "0"
    run(t)


def test_a_flood_is_refused_then_closed():
    async def t(c):
        page = await c.page("/counter")
        s = await c.socket(page["csrf"])
        # A burst of 100 answered, then refusals, then the socket is closed: 800 messages are
        # more than enough however fast the host refills its bucket meanwhile.
        for _ in range(800):
            await s.ws.send_str('[null,"1","phoenix","heartbeat",{}]')
        replies = []
        while True:
            msg = await s.ws.receive(timeout=5)
            if msg.type != WSMsgType.TEXT:
                break
            replies.append(json.loads(msg.data)[4]["status"])
        assert "error" in replies and replies.count("ok") >= 100
        assert s.ws.close_code == 1008
    run(t)


def test_the_feed_pages_and_shrugs_off_odd_values():
    async def t(c):
        page = await c.page("/feed")
        assert page["html"].count("<article") == 20
        s = await c.socket(page["csrf"])
        joined = await s.join(page)
        stream = joined["response"]["rendered"]["2"]["stream"]
        assert [i[0] for i in stream[1][:2]] == ["posts-1000", "posts-999"]
        topic = f"lv:{page['id']}"
        ref = await s.push(topic, "event", {"type": "hook", "event": "next-page", "value": {}})
        diff = (await s.reply_to(ref))["response"]["diff"]
        assert "0" not in diff  # 40 posts shown: still at the top
        assert diff["2"]["stream"][1][0] == ["posts-980", -1, -60, False]
        for value in [None, [], "x", {"_overran": "yes"}, {"_overran": True}]:
            ref = await s.push(topic, "event", {"type": "hook", "event": "prev-page", "value": value})
            assert (await s.reply_to(ref))["status"] == "ok"
        assert await s.alive()
    run(t)
