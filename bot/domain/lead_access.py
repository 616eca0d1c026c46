"""The secrets behind the lead dashboard's way in: a sign-in link's token and a browser session's id.

Each is 256 random bits, given to the lead once (in chat, or as a cookie) and stored only as its SHA-256, so
a copy of the database opens nothing. A link lasts :data:`LINK_LIFETIME` and is spent on first use; a session
ends after :data:`IDLE_LIMIT` without a request, and after :data:`SESSION_LIFETIME` in any case.

Why not a signed token (an HMAC over the lead and an expiry)? Single use needs a row in the database anyway,
and a random token with its hash stored gives everything a signature would, with no key to share between
processes or to rotate.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

LINK_LIFETIME = timedelta(minutes=5)
IDLE_LIMIT = timedelta(minutes=20)
SESSION_LIFETIME = timedelta(hours=8)
TOKEN_BYTES = 32


def new_secret() -> str:
    """A fresh token or session id (URL- and cookie-safe)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def secret_hash(secret: str) -> str:
    """What the database keeps of a secret: enough to recognise it, never to rebuild it."""
    return hashlib.sha256(secret.encode("utf-8", "replace")).hexdigest()


def looks_like_secret(text: str) -> bool:
    """A quick refusal of anything that is not shaped like :func:`new_secret`'s output (before any query)."""
    return 40 <= len(text) <= 64 and all(c.isalnum() or c in "-_" for c in text)


def same_secret(given: str, expected: str) -> bool:
    """Compare form tokens in constant time."""
    return hmac.compare_digest(given.encode("utf-8", "replace"), expected.encode("utf-8", "replace"))
