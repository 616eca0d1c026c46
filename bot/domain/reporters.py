"""Keyed hashes of a reporter for the daily flag limit, under keys that move forward one way and forget.

A flag row never holds who sent it. One question still needs "the same person?": has this account sent too
many flags today? It is answered with HMAC-SHA-256 of the account under the day's key. The keys form a hash
ratchet: each day's key is derived from the day before's by a one-way function, and the older key is deleted
as soon as the new one exists. So:

* a copy of the database and today's key re-links nothing from an earlier day (yesterday's key cannot be
  worked out from today's, and yesterday's hashes are purged with it);
* no hash is ever made for anything a lead sees (summaries count flags, not people: see
  :mod:`bot.domain.summary`), so there is no table that follows one person from flag to flag;
* "delete my data" deletes the person's hash for today, the only one there is.

The day's key lives in the database (so every process shares it) wrapped with the deployment's secret
(``KINSHIP_FLAG_KEY``): a copy of the database alone cannot use it. A single process with no secret makes up
its own for its lifetime (then the limit resets when it restarts).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import date

from bot.domain.types import Address

KEY_BYTES = 32


def _mac(key: bytes, *parts: str) -> bytes:
    return hmac.new(key, "\x1f".join(parts).encode(), hashlib.sha256).digest()


def next_key(key: bytes, day: date) -> bytes:
    """The key for ``day`` from the key of the day before: one way (HMAC), so it cannot be turned back."""
    return _mac(key, "ratchet", day.isoformat())


def advance(key: bytes, from_day: date, to_day: date) -> bytes:
    """The key for ``to_day`` from the key of ``from_day`` (earlier), one day at a time."""
    day = from_day
    while day < to_day:
        day = date.fromordinal(day.toordinal() + 1)
        key = next_key(key, day)
    return key


class ReporterHasher:
    def __init__(self, secret: str | bytes | None = None) -> None:
        """``secret`` (``KINSHIP_FLAG_KEY``) wraps the day's key in the database; without one a random secret
        lives as long as this process (a single process only: configuration refuses several without one)."""
        if not secret:
            self._secret = secrets.token_bytes(KEY_BYTES)
            self.ephemeral = True
        else:
            self._secret = secret.encode() if isinstance(secret, str) else secret
            self.ephemeral = False

    @staticmethod
    def new_key() -> bytes:
        return secrets.token_bytes(KEY_BYTES)

    def wrap(self, key: bytes, day: date) -> str:
        """The day's key as the database keeps it: XOR-ed with a pad only the secret makes, and a check value."""
        pad = _mac(self._secret, "wrap", day.isoformat())
        check = _mac(self._secret, "check", day.isoformat(), key.hex())[:8]
        return bytes(a ^ b for a, b in zip(key, pad, strict=True)).hex() + ":" + check.hex()

    def unwrap(self, wrapped: str, day: date) -> bytes | None:
        """The key a ``wrap`` holds, or None when it was wrapped under another secret (or is damaged)."""
        body, _, check = wrapped.partition(":")
        pad = _mac(self._secret, "wrap", day.isoformat())
        try:
            key = bytes(a ^ b for a, b in zip(bytes.fromhex(body), pad, strict=True))
        except ValueError:
            return None
        expected = _mac(self._secret, "check", day.isoformat(), key.hex())[:8].hex()
        return key if hmac.compare_digest(expected, check) else None

    @staticmethod
    def quota_token(key: bytes, address: Address) -> str:
        """Names one account's allowance under one day's key (the day is in the key)."""
        return _mac(key, "quota", address.platform, address.tenant, address.user).hex()
