"""Live views for the Python host: the LiveView programming model (mount, handle_event,
handle_info, render) over livediff's diff core, and the session that turns each callback into
the diff one client needs."""

import json

import livediff


class Socket:
    """What a view's callbacks may ask for: whether the client is connected, a page title, events
    pushed to the client, the reply to a hook's event, and PubSub topics."""

    def __init__(self, host, connected):
        self.host = host
        self.connected = connected
        self.title = None
        self.events = []
        self.reply_value = None
        self.topics = set()
        self.session = None  # set by the host once joined, for subscriptions

    def set_title(self, title):
        self.title = str(title)

    def push_event(self, name, payload):
        self.events.append([str(name), payload])

    def reply(self, value):
        """The reply to the event being handled (a hook's pushEvent callback receives it)."""
        self.reply_value = value

    def subscribe(self, topic):
        self.topics.add(topic)
        if self.session is not None:
            self.host.pubsub.subscribe(topic, self.session)


class View:
    """A live view: state, callbacks, and a render into a livediff.Rendered."""

    title = "livediff"

    def mount(self, params, session, socket):
        """Runs twice: for the dead render (not connected), then on join (connected)."""

    def handle_event(self, event, value, socket):
        """A client event: `value` is the event's JSON value (phx-value-* for a click)."""

    def handle_info(self, message, socket):
        """A PubSub message."""

    def render(self, rendered):
        raise NotImplementedError


class ViewError(Exception):
    """A view's callback failed: the view ends alone, and its client rejoins."""


class LiveSession:
    """One joined view: its render tree and what its client holds."""

    def __init__(self, host, view_id, view, socket):
        self.host = host
        self.view_id = view_id
        self.view = view
        self.socket = socket
        self.rendered = livediff.Rendered()
        self.state = livediff.DiffState()
        socket.session = self
        for topic in socket.topics:
            host.pubsub.subscribe(topic, self)

    def _extras(self):
        s = self.socket
        parts = []
        if s.title is not None:
            parts.append('"t":' + json.dumps(s.title))
        if s.events:
            parts.append('"e":' + json.dumps(s.events, separators=(",", ":")))
        if s.reply_value is not None:
            parts.append('"r":' + json.dumps(s.reply_value, separators=(",", ":")))
        s.title, s.events, s.reply_value = None, [], None
        return ",".join(parts)

    def render_diff(self):
        """The diff of a fresh render against what the client holds."""
        try:
            self.view.render(self.rendered)
            return self.host.differ.diff(self.rendered, self.state, self._extras())
        except Exception as e:  # the view's own code, or a render the differ refused
            raise ViewError(f"render failed: {e!r}") from e

    def call(self, fn, *args):
        try:
            fn(*args, self.socket)
        except Exception as e:
            raise ViewError(f"{getattr(fn, '__name__', 'callback')} failed: {e!r}") from e

    def html(self):
        return self.rendered.html(self.view_id)

    def close(self):
        self.host.pubsub.unsubscribe_all(self)
