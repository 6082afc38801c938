"""Phoenix Channels V2 over one WebSocket, as the phoenix_live_view client speaks it: frames
[join_ref, ref, topic, event, payload], heartbeats, joins of signed sessions, events answered
with diffs, PubSub diffs pushed. Every frame from the client is checked before it is used; a bad
one is dropped or refused and changes nothing else."""

import json
import logging
import time
from urllib.parse import parse_qs, urlsplit

from .tokens import TokenError
from .view import LiveSession, Socket, ViewError

log = logging.getLogger("livediff.host")

# Limits, each with its reason.
MAX_FRAME = 64 * 1024        # a click or a page request is a few hundred bytes
MAX_TOPICS = 16              # views joined on one socket (a page and its nested views)
BURST = 100                  # messages a client may send at once...
RATE = 50.0                  # ...and per second after that
FLOOD = 200                  # refused messages, in a sustained flood, before the socket is closed
TOKEN_MAX_AGE = 14 * 24 * 3600  # a dead render's session token, as LiveView's default


def _dumps(value):
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _string_or_null(value):
    return "null" if value is None else json.dumps(value)


class Channel:
    """The channels of one WebSocket connection."""

    def __init__(self, host, send, close, csrf_ok):
        self.host = host
        self._send = send      # async (text) -> None
        self._close = close    # async (code, reason) -> None
        self.csrf_ok = csrf_ok
        self.topics = {}       # topic -> LiveSession
        self.tokens = float(BURST)
        self.refill = time.monotonic()
        self.refused = 0
        self.logged = set()

    def log_once(self, kind, what):
        if kind not in self.logged:
            self.logged.add(kind)
            log.warning("%s", what)

    async def send(self, join_ref, ref, topic, event, payload_json):
        await self._send(f"[{_string_or_null(join_ref)},{_string_or_null(ref)},"
                         f"{json.dumps(topic)},{json.dumps(event)},{payload_json}]")

    async def reply(self, join_ref, ref, topic, ok, response_json):
        status = '"ok"' if ok else '"error"'
        await self.send(join_ref, ref, topic, "phx_reply",
                        f'{{"status":{status},"response":{response_json}}}')

    async def refuse(self, join_ref, ref, topic, reason):
        await self.reply(join_ref, ref, topic, False, _dumps({"reason": reason}))

    def take_token(self):
        now = time.monotonic()
        self.tokens = min(BURST, self.tokens + (now - self.refill) * RATE)
        self.refill = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True

    async def on_text(self, text):
        if len(text) > MAX_FRAME:
            self.log_once("size", "malformed frame: too large")
            return
        try:
            frame = json.loads(text)
        except (ValueError, RecursionError):
            self.log_once("json", "malformed frame: not JSON")
            return
        if not isinstance(frame, list) or len(frame) != 5:
            self.log_once("shape", "malformed frame: not [join_ref, ref, topic, event, payload]")
            return
        join_ref, ref, topic, event, payload = frame
        if not (join_ref is None or isinstance(join_ref, str)) \
                or not (ref is None or isinstance(ref, str)) \
                or not isinstance(topic, str) or not isinstance(event, str):
            self.log_once("types", "malformed frame: refs, topic and event must be strings")
            return
        if not self.take_token():
            self.refused += 1
            self.log_once("rate", "rate limit exceeded")
            if self.refused > FLOOD:
                await self._close(1008, "flood")
            elif ref is not None:
                await self.refuse(join_ref, ref, topic, "rate limited")
            return
        # A flood that a slow server lets refill a token now and then is still a flood: the
        # count starts over only once the client gave the bucket time to fill half again.
        if self.tokens >= BURST / 2:
            self.refused = 0

        if topic == "phoenix":
            if event == "heartbeat":
                await self.reply(None, ref, topic, True, "{}")
            else:
                await self.refuse(None, ref, topic, "unknown phoenix event")
            return
        if not topic.startswith("lv:"):
            self.log_once("topic", "topic not served")
            await self.refuse(join_ref, ref, topic, "unmatched topic")
            return
        if not isinstance(payload, dict):
            self.log_once("payload", "malformed payload: not an object")
            await self.refuse(join_ref, ref, topic, "malformed payload")
            return
        if event == "phx_join":
            await self.join(join_ref, ref, topic, payload)
            return
        session = self.topics.get(topic)
        if session is None:
            self.log_once("joined", "topic not joined")
            await self.refuse(join_ref, ref, topic, "unmatched topic")
            return
        if event == "phx_leave":
            self.drop(topic)
            await self.reply(join_ref, ref, topic, True, "{}")
        elif event == "event":
            await self.event(join_ref, ref, topic, session, payload)
        elif event in ("cids_will_destroy", "cids_destroyed"):
            cids = payload.get("cids")
            if not isinstance(cids, list) or not all(type(c) is int for c in cids):
                await self.refuse(join_ref, ref, topic, "malformed cids")
                return
            if event == "cids_destroyed":
                for cid in cids:
                    session.state.forget_component(cid)
                await self.reply(join_ref, ref, topic, True, _dumps({"cids": cids}))
            else:
                await self.reply(join_ref, ref, topic, True, "{}")
        else:
            await self.refuse(join_ref, ref, topic, f"unknown event {event[:40]}")

    async def join(self, join_ref, ref, topic, payload):
        if not self.csrf_ok:
            self.log_once("csrf", "token refused: missing or wrong CSRF token")
            await self.refuse(join_ref, ref, topic, "stale")  # the client reloads the page
            return
        try:
            claims = json.loads(self.host.signer.verify(payload.get("session"), TOKEN_MAX_AGE))
        except TokenError as e:
            self.log_once("token", f"token refused: {e}")
            await self.refuse(join_ref, ref, topic, "stale" if e.expired else "unauthorized")
            return
        url = payload.get("url", payload.get("redirect"))
        route = None
        if isinstance(url, str) and len(url) <= 4096:
            try:
                parts = urlsplit(url)
                route = self.host.route_for(parts.path)
            except ValueError:
                route = None
        if not isinstance(claims, dict) or claims.get("id") != topic[3:] or route is None \
                or claims.get("v") != route.name:
            self.log_once("claims", "token does not match the topic or the route")
            await self.refuse(join_ref, ref, topic, "unauthorized")
            return
        if topic not in self.topics and len(self.topics) >= MAX_TOPICS:
            await self.refuse(join_ref, ref, topic, "too many topics")
            return
        params = {k: v[-1] for k, v in parse_qs(parts.query, max_num_fields=100).items()}
        socket = Socket(self.host, connected=True)
        view = route.factory()
        try:
            session_data = claims.get("s")
            view.mount(params, session_data if isinstance(session_data, dict) else {}, socket)
            session = LiveSession(self.host, topic[3:], view, socket)
            rendered = session.render_diff()
        except Exception as e:  # the view's own code failed: this join only
            log.error("join of %s failed: %r", topic, e)
            await self.refuse(join_ref, ref, topic, "join crashed")
            return
        session.channel, session.topic, session.join_ref = self, topic, join_ref
        old = self.topics.get(topic)
        if old is not None:
            self.host.forget_session(old)  # a rejoin replaces the old channel
        self.topics[topic] = session
        self.host.remember_session(session)
        await self.reply(join_ref, ref, topic, True,
                         f'{{"rendered":{rendered},"liveview_version":'
                         f'{json.dumps(self.host.liveview_version)}}}')

    async def event(self, join_ref, ref, topic, session, payload):
        name = payload.get("event")
        if not isinstance(name, str) or len(name) > 256:
            await self.refuse(join_ref, ref, topic, "malformed event")
            return
        value = payload.get("value")
        if payload.get("type") == "form" and isinstance(value, str):
            value = {k: v[-1] for k, v in parse_qs(value, max_num_fields=1000).items()}
        try:
            session.call(session.view.handle_event, name, value)
            diff = session.render_diff()
        except ViewError as e:
            log.error("view %s crashed: %s", topic, e)
            await self.crash(topic)
            return
        await self.reply(join_ref, ref, topic, True, "{}" if diff == "{}" else f'{{"diff":{diff}}}')

    async def info(self, session, message):
        """A PubSub message for `session`, pushed as a diff if it changed anything."""
        if self.topics.get(session.topic) is not session:
            return
        try:
            session.call(session.view.handle_info, message)
            diff = session.render_diff()
        except ViewError as e:
            log.error("view %s crashed: %s", session.topic, e)
            await self.crash(session.topic)
            return
        if diff != "{}":
            await self.send(session.join_ref, None, session.topic, "diff", diff)

    async def crash(self, topic):
        session = self.topics.get(topic)
        self.drop(topic)
        if session is not None:
            # The client shows the error state and rejoins, as after a crashed LiveView.
            await self.send(session.join_ref, session.join_ref, topic, "phx_error", "{}")

    def drop(self, topic):
        session = self.topics.pop(topic, None)
        if session is not None:
            self.host.forget_session(session)

    def close(self):
        for topic in list(self.topics):
            self.drop(topic)
