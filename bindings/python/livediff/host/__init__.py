"""A LiveView host in Python over livediff: dead renders, Phoenix Channels V2, signed sessions,
for the unmodified phoenix_live_view client (needs aiohttp)."""

from .app import Host, Route, main, serve
from .tokens import Signer, TokenError
from .view import LiveSession, Socket, View

__all__ = ["Host", "LiveSession", "Route", "Signer", "Socket", "TokenError", "View", "main", "serve"]
