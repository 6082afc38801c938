"""Signed tokens: HMAC-SHA256 over a payload and its issue time, as livediff's C++ server signs
the session of a dead render, so a client can neither forge nor alter one."""

import base64
import hashlib
import hmac
import os
import time


class TokenError(Exception):
    """A token that is malformed, forged or altered (`expired` False), or too old (True)."""

    def __init__(self, message, expired=False):
        super().__init__(message)
        self.expired = expired


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64url(text):
    if not isinstance(text, str) or not text.isascii() or len(text) % 4 == 1:
        raise TokenError("malformed token")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (ValueError, TypeError) as e:
        raise TokenError("malformed token") from e


class Signer:
    """Signs and verifies `base64url(issued|payload) "." base64url(hmac)`."""

    def __init__(self, secret=None):
        # At least 32 random bytes: the host's key, new on every start unless given.
        self.secret = secret if secret is not None else os.urandom(32)

    def _mac(self, body):
        return b64url(hmac.new(self.secret, body.encode("ascii"), hashlib.sha256).digest())

    def sign(self, payload, now=None):
        issued = int(time.time() if now is None else now)
        body = b64url(f"{issued}|{payload}".encode("utf-8"))
        return f"{body}.{self._mac(body)}"

    def verify(self, token, max_age, now=None):
        """The payload of a token signed here at most `max_age` seconds ago."""
        if not isinstance(token, str) or len(token) > 16384 or "." not in token:
            raise TokenError("malformed token")
        body, _, mac = token.rpartition(".")
        if not body.isascii() or not hmac.compare_digest(self._mac(body), mac):
            raise TokenError("bad token signature")
        try:
            issued, _, payload = unb64url(body).decode("utf-8").partition("|")
            issued = int(issued)
        except (UnicodeDecodeError, ValueError) as e:
            raise TokenError("malformed token") from e
        current = time.time() if now is None else now
        if current - issued > max_age or issued - current > 60:
            raise TokenError("expired token", expired=True)
        return payload
